//! Bulk import, black-box, on both backends: a file with mistakes in three rows reports exactly
//! those rows and imports nothing; the corrected file (Windows-1251 CSV, as Excel saves it)
//! imports everything with the parents' invitations; a 2,000-row XLSX imports with progress;
//! whole-file refusals and the policy.

mod common;

use app::db::Db;
use app::error::AppError;
use app::i18n::Msg;
use app::people::import::{ImportStatus, ImportView};
use common::{invalid, post, refused, server, Backend, Server};
use std::time::Duration;

const HEADER: &str = "Фамилия;Имя;Отчество;Пол;Дата рождения;СНИЛС;Электронная почта;Телефон;Роль;Класс;Ребёнок";

/// Uploads through the import form; returns where the server sent the browser.
async fn upload(s: &Server, c: &reqwest::Client, file_name: &str, bytes: Vec<u8>) -> String {
    let part = reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_string());
    let form = reqwest::multipart::Form::new().part("file", part);
    let res = c.post(s.url("/admin/import/upload")).multipart(form).send().await.unwrap();
    assert!(res.status().is_redirection(), "upload answered {}", res.status());
    res.headers()["location"].to_str().unwrap().to_string()
}

fn import_id(location: &str) -> i64 {
    location.trim_start_matches("/admin/import/").parse().unwrap_or_else(|_| panic!("not an import page: {location}"))
}

async fn state(s: &Server, c: &reqwest::Client, id: i64) -> ImportView {
    let res = c.post(s.url("/api/import_state")).header("Accept", "application/json").form(&[("id", id.to_string())]).send().await.unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

async fn count_surnames_like(db: &Db, prefix: &str) -> i64 {
    db.query_scalar("SELECT COUNT(*) FROM people WHERE surname LIKE $1")
        .bind(format!("{prefix}%"))
        .fetch_one(db.pool())
        .await
        .unwrap()
}

/// Waits for the import to finish, returning every state seen on the way.
async fn until_finished(s: &Server, c: &reqwest::Client, id: i64) -> Vec<ImportView> {
    let mut seen = Vec::new();
    for _ in 0..600 {
        let v = state(s, c, id).await;
        let finished = matches!(v.status, ImportStatus::Done | ImportStatus::Failed);
        seen.push(v);
        if finished {
            return seen;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("import {id} did not finish in a minute: {:?}", seen.last());
}

/// Cyrillic letters for generated names (names must be letters only).
fn letters(mut n: usize) -> String {
    const ABC: [char; 20] = ['а', 'б', 'в', 'г', 'д', 'е', 'ж', 'з', 'и', 'к', 'л', 'м', 'н', 'о', 'п', 'р', 'с', 'т', 'у', 'ф'];
    let mut out = String::new();
    for _ in 0..3 {
        out.push(ABC[n % ABC.len()]);
        n /= ABC.len();
    }
    out
}

async fn three_bad_rows_are_named_and_nothing_is_imported(backend: Backend) {
    let s = server(backend);
    let db = s.db().await;
    let admin = s.signed_in("admin").await;
    let family = if backend == Backend::Sqlite { "Ромашкин" } else { "Васильков" };
    let rows = [
        format!("{family}а;Мария;Петровна;ж;14.03.2015;;;;ученик;5А;"),
        format!("{family};Пётр;;x;01.02.2015;;;;ученик;5А;"), // line 3: the sex
        format!("{family}а;Анна;Петровна;ж;03.03.2016;;;;ученик;5Б;"),
        format!("{family};;Петрович;м;01.02.2016;;;;ученик;5А;"), // line 5: no name
        format!("{family}а;Ольга;Ивановна;ж;02.07.1986;;olga@parta.example;;родитель;;2"),
        format!("{family};Игорь;;м;02.07.1984;;igor@;;родитель;;строка 90"), // line 7: e-mail and child
    ];
    let mut csv = vec![HEADER.to_string()];
    csv.extend(rows.iter().cloned());
    let location = upload(s, &admin, "класс.csv", csv.join("\n").into_bytes()).await;
    let id = import_id(&location);
    let v = state(s, &admin, id).await;
    assert_eq!(v.status, ImportStatus::Invalid);
    let mut lines: Vec<usize> = v.errors.iter().map(|e| e.line).collect();
    lines.dedup();
    assert_eq!(lines, vec![3, 5, 7], "{:?}", v.errors);
    assert_eq!(v.bad_rows, 3);
    let found: Vec<(usize, &str, Msg)> = v.errors.iter().map(|e| (e.line, e.column.as_str(), e.message)).collect();
    assert_eq!(
        found,
        vec![
            (3, "Пол", Msg::ImportSexWord),
            (5, "Имя", Msg::NameRequired),
            (7, "Электронная почта", Msg::EmailFormat),
            (7, "Ребёнок", Msg::ImportChildNotFound),
        ]
    );
    assert_eq!(count_surnames_like(&db, family).await, 0, "a file with errors imported somebody");
    let e = refused(&admin, s.url("/api/start_import"), &[("id", &id.to_string())]).await;
    assert!(invalid("import", Msg::ImportNotReady)(&e), "{e:?}");
    let (_, _, page) = common::get(&admin, s.url(&location)).await;
    assert!(page.contains("Ошибки в строках: 3"), "the page names the count");

    // The corrected file, saved by Excel in Windows-1251: everything goes in, parents invited.
    let fixed: Vec<String> = rows
        .iter()
        .map(|r| r.replace(";x;", ";м;").replace(&format!("{family};;Петрович"), &format!("{family};Илья;Петрович")).replace("igor@;", "igor@parta.example;").replace("строка 90", "3"))
        .collect();
    let mut csv = vec![HEADER.to_string()];
    csv.extend(fixed);
    let text = csv.join("\r\n");
    let (encoded, _, _) = encoding_rs::WINDOWS_1251.encode(&text);
    let id = import_id(&upload(s, &admin, "класс.csv", encoded.into_owned()).await);
    let v = state(s, &admin, id).await;
    assert_eq!((v.status, v.total), (ImportStatus::Preview, 6), "{:?}", v.errors);
    assert_eq!(v.preview[0].full_name, format!("{family}а Мария Петровна"));
    assert_eq!(post(&admin, s.url("/api/start_import"), &[("id", &id.to_string())]).await, (302, format!("/admin/import/{id}")));
    let last = until_finished(s, &admin, id).await.pop().unwrap();
    assert_eq!((last.status, last.done), (ImportStatus::Done, 6), "{:?}", last.failure);
    assert_eq!(count_surnames_like(&db, family).await, 6);
    let pending: i64 = db
        .query_scalar(
            "SELECT COUNT(*) FROM parent_links l JOIN people p ON p.id = l.parent_id WHERE p.surname LIKE $1 AND l.status = 'pending'",
        )
        .bind(format!("{family}%"))
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(pending, 2, "each parent row invites its child");
    let audited: i64 = db.query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'people.import' AND entity_id = $1").bind(id).fetch_one(db.pool()).await.unwrap();
    assert_eq!(audited, 1);
    // The same file again is all duplicates now, and imports nothing.
    let again = import_id(&upload(s, &admin, "класс.csv", csv.join("\n").into_bytes()).await);
    let v = state(s, &admin, again).await;
    assert_eq!(v.status, ImportStatus::Invalid);
    assert!(v.errors.iter().all(|e| e.message == Msg::DuplicatePerson), "{:?}", v.errors);
    assert_eq!(v.bad_rows, 6);
}

async fn two_thousand_rows_import_with_progress(backend: Backend) {
    let s = server(backend);
    let db = s.db().await;
    let admin = s.signed_in("admin").await;
    let family = if backend == Backend::Sqlite { "Пакетов" } else { "Партиев" };
    let classes = ["5А", "5Б", "5В", "6А", "6Б", "6В", "7А", "7Б"];
    let mut sheet: Vec<Vec<String>> = vec![HEADER.split(';').map(String::from).collect()];
    for i in 0..2000 {
        let birth = format!("{:02}.{:02}.{}", 1 + i % 28, 1 + i % 12, 2012 + i % 3);
        sheet.push(vec![
            format!("{family}{}", letters(i)),
            "Олег".into(),
            "Иванович".into(),
            "м".into(),
            birth,
            app::accounts::snils::with_checksum(900_000_000 + i as u32),
            String::new(),
            String::new(),
            "ученик".into(),
            classes[i % classes.len()].into(),
            String::new(),
        ]);
    }
    let bytes = app::people::import::template::xlsx(&sheet);
    let id = import_id(&upload(s, &admin, "школа.xlsx", bytes).await);
    let v = state(s, &admin, id).await;
    assert_eq!((v.status, v.total), (ImportStatus::Preview, 2000), "{:?}", v.errors.first());
    assert_eq!(v.preview.len(), 20);
    assert_eq!(post(&admin, s.url("/api/start_import"), &[("id", &id.to_string())]).await.0, 302);
    // Right after «Импортировать» the page shows the progress and reloads itself.
    let (_, _, page) = common::get(&admin, s.url(&format!("/admin/import/{id}"))).await;
    assert!(page.contains("<progress") || page.contains("Импортировано: 2000"), "no progress shown");
    let seen = until_finished(s, &admin, id).await;
    let last = seen.last().unwrap();
    assert_eq!((last.status, last.done), (ImportStatus::Done, 2000), "{:?}", last.failure);
    let running: Vec<i64> = seen.iter().filter(|v| v.status == ImportStatus::Running).map(|v| v.done).collect();
    assert!(running.windows(2).all(|w| w[0] <= w[1]), "progress never goes back: {running:?}");
    assert!(running.iter().all(|d| *d <= 2000));
    assert_eq!(count_surnames_like(&db, family).await, 2000);
    // Starting the same file twice does nothing.
    let e = refused(&admin, s.url("/api/start_import"), &[("id", &id.to_string())]).await;
    assert!(invalid("import", Msg::ImportNotReady)(&e));
}

async fn whole_file_refusals_and_the_policy(backend: Backend) {
    let s = server(backend);
    let admin = s.signed_in("admin").await;
    assert_eq!(upload(s, &admin, "a.pdf", b"%PDF-1.4".to_vec()).await, "/admin/import?error=ImportFileType");
    assert_eq!(upload(s, &admin, "a.csv", Vec::new()).await, "/admin/import?error=ImportNoFile");
    assert_eq!(upload(s, &admin, "a.csv", "Фамилия;Имя;Пол;Дата рождения\n".as_bytes().to_vec()).await, "/admin/import?error=ColRole");
    assert_eq!(upload(s, &admin, "a.csv", format!("{HEADER}\n").into_bytes()).await, "/admin/import?error=ImportNoRows");
    let (status, _, page) = common::get(&admin, s.url("/admin/import?error=ColRole")).await;
    assert_eq!(status, 200);
    assert!(page.contains("нет столбца «Роль»"), "the refusal is shown at the file field");
    // The template downloads and imports clean as it is.
    let template = admin.get(s.url("/admin/import/template.xlsx")).send().await.unwrap().bytes().await.unwrap();
    let table = app::people::import::read::table("t.xlsx", &template).unwrap();
    assert_eq!(table[0][0], "Фамилия");

    let teacher = s.signed_in("uchitel").await;
    let part = reqwest::multipart::Part::bytes(format!("{HEADER}\n").into_bytes()).file_name("a.csv");
    let res = teacher.post(s.url("/admin/import/upload")).multipart(reqwest::multipart::Form::new().part("file", part)).send().await.unwrap();
    assert_eq!(res.status(), 403);
    let e = refused(&teacher, s.url("/api/import_state"), &[("id", "1")]).await;
    assert_eq!(e, AppError::Forbidden);
}

on_both_backends!(
    three_bad_rows_are_named_and_nothing_is_imported,
    two_thousand_rows_import_with_progress,
    whole_file_refusals_and_the_policy,
);
