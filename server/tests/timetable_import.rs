//! «Импорт расписания», black-box, on both backends: a real school's FET file from Debian's
//! `fet-data` imports with a report whose expected lines are worked out from the file itself,
//! and a teacher it names differently is matched by hand;
//! the generator's refusal midway leaves nothing written; the CSV template places lessons; a
//! clash in a CSV is refused naming the teacher and both classes; only a school admin may
//! import.

mod common;

use app::db::Db;
use app::i18n::Msg;
use app::timetable::import::source::{Origin, Source};
use app::timetable::import::{Note, TtImportStatus, TtImportView};
use common::{post, server, Backend, Server};
use std::collections::{BTreeMap, BTreeSet};

/// A primary school in Namibia (FET's examples, classes 4a–7d with language groups, fixed
/// assembly lessons without a teacher, a «Break» among the hours).
const FET_SCHOOL: &str = "/usr/share/doc/fet-data/examples/FET-5-official/Namibia/by-Bobby/set-7-2016/NamutuniPSY16T2a.fet";
const HEADER: &str = "День;Урок;Класс;Группа;Предмет;Учитель;Кабинет;Недели";

/// The scenarios of a backend share one server and compare the whole school before and after,
/// so they take turns.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn turn() -> tokio::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().await
}

fn fet_file() -> Vec<u8> {
    std::fs::read(FET_SCHOOL).unwrap_or_else(|e| panic!("{FET_SCHOOL}: {e}. Debian's fet-data package is missing: run scripts/setup.sh"))
}

async fn upload(s: &Server, c: &reqwest::Client, file_name: &str, bytes: Vec<u8>) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_string());
    let form = reqwest::multipart::Form::new().part("file", part);
    c.post(s.url("/admin/timetable/import/upload")).multipart(form).send().await.unwrap()
}

/// Uploads and returns the check's id (the page the browser is sent to).
async fn checked(s: &Server, c: &reqwest::Client, file_name: &str, bytes: Vec<u8>) -> i64 {
    let res = upload(s, c, file_name, bytes).await;
    assert!(res.status().is_redirection(), "upload answered {}", res.status());
    let location = res.headers()["location"].to_str().unwrap().to_string();
    location.strip_prefix("/admin/timetable/import/").and_then(|id| id.parse().ok()).unwrap_or_else(|| panic!("not a check's page: {location}"))
}

async fn state(s: &Server, c: &reqwest::Client, id: i64) -> TtImportView {
    let res = c.post(s.url("/api/timetable_import_state")).header("Accept", "application/json").form(&[("id", id.to_string())]).send().await.unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

/// «Импортировать» as a browser without JavaScript posts it.
async fn import(s: &Server, c: &reqwest::Client, id: i64, generate: bool) -> TtImportView {
    let id_text = id.to_string();
    let mut form = vec![("id", id_text.as_str())];
    if generate {
        form.push(("generate", "on"));
    }
    let (status, location) = post(c, s.url("/api/start_timetable_import"), &form).await;
    assert!((300..400).contains(&status), "«Импортировать» answered {status}");
    assert_eq!(location, format!("/admin/timetable/import/{id}"));
    state(s, c, id).await
}

async fn count(db: &Db, sql: &'static str, school_id: i64) -> i64 {
    db.query_scalar(sql).bind(school_id).fetch_one(db.pool()).await.unwrap()
}

/// Everything an import writes, counted: nothing may change when it fails.
async fn footprint(db: &Db, school_id: i64) -> Vec<i64> {
    vec![
        count(db, "SELECT COUNT(*) FROM classes WHERE school_id = $1", school_id).await,
        count(db, "SELECT COUNT(*) FROM subgroups WHERE school_id = $1", school_id).await,
        count(db, "SELECT COUNT(*) FROM subjects WHERE school_id = $1", school_id).await,
        count(db, "SELECT COUNT(*) FROM rooms WHERE school_id = $1", school_id).await,
        count(db, "SELECT COUNT(*) FROM teaching_assignments WHERE school_id = $1", school_id).await,
        count(db, "SELECT CAST(COALESCE(SUM(hours_per_week), 0) AS BIGINT) FROM teaching_assignments WHERE school_id = $1", school_id).await,
        count(db, "SELECT COUNT(*) FROM timetable_entries WHERE school_id = $1", school_id).await,
        count(db, "SELECT COUNT(*) FROM audit_log WHERE school_id = $1 AND action = 'timetable.import'", school_id).await,
    ]
}

async fn admin_school(db: &Db) -> (i64, i64) {
    db.query_as("SELECT g.school_id, g.region_id FROM role_grants g JOIN accounts a ON a.person_id = g.person_id WHERE a.login = 'admin' AND g.role = 'school_admin'")
        .fetch_one(db.pool())
        .await
        .unwrap()
}

/// A teacher of the school as FET names them: the first word the surname, the rest the name.
async fn add_teacher(db: &Db, school_id: i64, region_id: i64, fet_name: &str) {
    let mut words = fet_name.split_whitespace();
    let surname = words.next().unwrap().to_string();
    let name = words.collect::<Vec<_>>().join(" ");
    let person: i64 = db
        .query_scalar(
            "INSERT INTO people (school_id, surname, name, patronymic, sex, birth_date, created_at, updated_at) \
             VALUES ($1, $2, $3, '', 'f', '1980-01-01', 0, 0) RETURNING id",
        )
        .bind(school_id)
        .bind(surname)
        .bind(name)
        .fetch_one(db.pool())
        .await
        .unwrap();
    db.query("INSERT INTO role_grants (person_id, role, region_id, school_id, created_at) VALUES ($1, 'teacher', $2, $3, 0)")
        .bind(person)
        .bind(region_id)
        .bind(school_id)
        .execute(db.pool())
        .await
        .unwrap();
}

/// The test's own reading of a class name: a grade 1–11 and one letter.
fn is_class(name: &str) -> bool {
    let name = name.trim();
    let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
    let rest: Vec<char> = name[digits.len()..].chars().filter(|c| *c != ' ').collect();
    digits.parse::<i64>().is_ok_and(|g| (1..=11).contains(&g)) && rest.len() == 1 && rest[0].is_alphabetic()
}

fn notes(v: &TtImportView, msg: Msg) -> Vec<&Note> {
    v.report.iter().filter(|n| n.msg == msg).collect()
}

async fn a_fet_school_imports_with_a_report(backend: Backend) {
    let _turn = turn().await;
    let s = server(backend);
    let db = s.db().await;
    let admin = s.signed_in("admin").await;
    let (school_id, region_id) = admin_school(&db).await;
    let bytes = fet_file();
    let file: Source = app::timetable::import::fet::parse(&bytes).expect("the example parses");

    // The school has every teacher of the file but the two with the fewest activities.
    let mut per_teacher: BTreeMap<&str, usize> = BTreeMap::new();
    for l in &file.lessons {
        for t in &l.teachers {
            *per_teacher.entry(t.as_str()).or_default() += 1;
        }
    }
    let mut by_use: Vec<(&str, usize)> = per_teacher.iter().map(|(t, n)| (*t, *n)).collect();
    by_use.sort_by_key(|(t, n)| (*n, *t));
    let missing: BTreeSet<&str> = by_use.iter().take(2).map(|(t, _)| *t).collect();
    for (t, _) in &by_use[2..] {
        add_teacher(&db, school_id, region_id, t).await;
    }

    // What the report must say, worked out from the file.
    let known = |t: &String| !missing.contains(t.as_str());
    let mut expect_unknown: BTreeMap<String, usize> = BTreeMap::new();
    for l in file.lessons.iter().filter(|l| !l.teachers.is_empty() && !l.teachers.iter().any(known)) {
        for t in &l.teachers {
            *expect_unknown.entry(t.clone()).or_default() += 1;
        }
    }
    let without_teacher = file.lessons.iter().filter(|l| l.teachers.is_empty()).count();
    let several = file.lessons.iter().filter(|l| l.teachers.len() > 1 && l.teachers.iter().any(known)).count();
    let parent = |name: &str| file.sets.iter().find(|s| s.name == name).and_then(|s| s.parent.clone());
    let not_classes: BTreeSet<&str> = file
        .lessons
        .iter()
        .flat_map(|l| l.students.iter())
        .filter(|set| !is_class(set) && !parent(set).is_some_and(|p| is_class(&p)) && !file.sets.iter().any(|c| c.parent.as_deref() == Some(set.as_str()) && is_class(&c.name)))
        .map(String::as_str)
        .collect();
    let classes: BTreeSet<String> = file.sets.iter().filter(|s| is_class(&s.name)).map(|s| s.name.to_lowercase()).collect();
    let importable = |known: &dyn Fn(&String) -> bool| -> i64 {
        file.lessons
            .iter()
            .filter(|l| l.teachers.iter().any(known))
            .map(|l| l.duration * l.students.iter().filter(|set| !not_classes.contains(set.as_str())).count() as i64)
            .sum()
    };
    assert_eq!(file.breaks, ["Break"], "the example was chosen for its break among the hours");
    assert!(!expect_unknown.is_empty() && without_teacher > 0 && several > 0, "the example has every kind of line to check");

    let before = footprint(&db, school_id).await;
    let id = checked(s, &admin, "NamutuniPSY16T2a.fet", bytes.clone()).await;
    let v = state(s, &admin, id).await;
    assert_eq!(v.status, TtImportStatus::Preview, "{:?}", v.problems);
    assert_eq!(notes(&v, Msg::TtNoteBreaks)[0].args, file.breaks);
    assert_eq!(notes(&v, Msg::TtNoteHours).len(), usize::from(file.hours.len() > 8), "eight lessons fit the grid once the break is out");
    let unknown: BTreeMap<String, usize> = notes(&v, Msg::TtNoteTeacherUnknown).iter().map(|n| (n.args[0].clone(), n.args[1].parse().unwrap())).collect();
    assert_eq!(unknown, expect_unknown);
    let count_of = |msg| notes(&v, msg).first().map(|n| n.args[0].parse::<usize>().unwrap()).unwrap_or(0);
    assert_eq!(count_of(Msg::TtNoteNoTeacher), without_teacher);
    assert_eq!(count_of(Msg::TtNoteSeveralTeachers), several);
    let unmapped: BTreeSet<&str> = notes(&v, Msg::TtNoteStudents).iter().map(|n| n.args[0].as_str()).collect();
    assert_eq!(unmapped, not_classes);
    assert_eq!(v.summary.classes as usize, classes.len());
    assert_eq!(v.summary.lessons, importable(&known));
    let (_, _, page) = common::get(&admin, s.url(&format!("/admin/timetable/import/{id}"))).await;
    assert!(page.contains("Что не удалось перенести") && page.contains(&expect_unknown.keys().next().unwrap().replace('&', "&amp;")), "the page shows the report");
    assert!(page.contains("Сопоставить учителей") && page.contains(r#"name="teacher_id""#), "the page offers to match the missing teachers");

    // Asked to place the load, the generator refuses (a primary class has more lessons than
    // SanPiN allows): the classes, subjects and load written before it are rolled back.
    let failed = import(s, &admin, id, true).await;
    assert_eq!(failed.status, TtImportStatus::Failed);
    let failure = failed.failure.unwrap_or_default();
    assert!(failure.starts_with("Класс ") && failure.contains("СанПиН"), "{failure}");
    assert_eq!(footprint(&db, school_id).await, before, "a failed import left something written");

    // The same file again; one of the missing teachers is matched by hand with a teacher of the
    // school, and their activities come in too.
    let id = checked(s, &admin, "NamutuniPSY16T2a.fet", bytes).await;
    let (by_hand, _) = by_use[0];
    let stand_in: i64 = db
        .query_scalar("SELECT p.id FROM people p WHERE p.school_id = $1 AND p.created_at = 0 AND p.surname = $2")
        .bind(school_id)
        .bind(by_use[2].0.split_whitespace().next().unwrap().to_string())
        .fetch_one(db.pool())
        .await
        .unwrap();
    let choose = s.url("/api/choose_timetable_teacher");
    let refused = common::refused(&admin, choose.clone(), &[("id", &id.to_string()), ("name", by_hand), ("teacher_id", "")]).await;
    assert!(common::invalid("teacher_id", Msg::TtImportPickTeacher)(&refused), "{refused:?}");
    let (status, _) = post(&admin, choose, &[("id", &id.to_string()), ("name", by_hand), ("teacher_id", &stand_in.to_string())]).await;
    assert!((300..400).contains(&status), "«Сопоставить» answered {status}");
    let v = state(s, &admin, id).await;
    let still: Vec<&str> = notes(&v, Msg::TtNoteTeacherUnknown).iter().map(|n| n.args[0].as_str()).collect();
    assert_eq!(still, missing.iter().copied().filter(|t| *t != by_hand).collect::<Vec<_>>());
    let known_now = |t: &String| !missing.contains(t.as_str()) || t == by_hand;
    assert_eq!(v.summary.lessons, importable(&known_now));

    // Imported as load, without the generator.
    let done = import(s, &admin, id, false).await;
    assert_eq!(done.status, TtImportStatus::Done, "{:?}", done.failure);
    let teachers_hours: i64 = db
        .query_scalar(
            "SELECT CAST(COALESCE(SUM(a.hours_per_week), 0) AS BIGINT) FROM teaching_assignments a JOIN people p ON p.id = a.teacher_id \
             WHERE a.school_id = $1 AND p.birth_date = '1980-01-01' AND p.created_at = 0",
        )
        .bind(school_id)
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(teachers_hours, importable(&known_now));
    assert_eq!(footprint(&db, school_id).await[7], before[7] + 1, "one audit entry");
    let refused = common::refused(&admin, s.url("/api/start_timetable_import"), &[("id", &id.to_string())]).await;
    assert!(common::invalid("import", Msg::ImportNotReady)(&refused), "imported twice: {refused:?}");
    let origins = file.lessons.iter().filter(|l| matches!(l.origin, Origin::Activity(_))).count();
    assert!(origins > 400, "the whole file was read");
}

/// A teacher of the demo school: ФИО.
async fn demo_teachers(db: &Db, school_id: i64) -> Vec<String> {
    let rows: Vec<(String, String, String)> = db
        .query_as(
            "SELECT DISTINCT p.surname, p.name, p.patronymic FROM role_grants g JOIN people p ON p.id = g.person_id \
             WHERE g.school_id = $1 AND g.role = 'teacher' AND p.created_at > 0 ORDER BY p.surname, p.name, p.patronymic",
        )
        .bind(school_id)
        .fetch_all(db.pool())
        .await
        .unwrap();
    rows.into_iter().map(|(s, n, p)| format!("{s} {n} {p}").trim().to_string()).collect()
}

async fn a_csv_places_lessons(backend: Backend) {
    let _turn = turn().await;
    let s = server(backend);
    let db = s.db().await;
    let admin = s.signed_in("admin").await;
    let (school_id, _) = admin_school(&db).await;
    let teachers = demo_teachers(&db, school_id).await;
    // Saturday: the demo week has five days, so the demo teachers are free then.
    let (t1, t2) = (&teachers[0], &teachers[1]);
    let rows = [
        format!("суббота;1;11Д;;Математика;{t1};Кабинет 1;все"),
        format!("сб;2;11 д;1 группа;Информатика;{t1};;нечётные"),
        format!("6;2;11Д;2 группа;Информатика;{t2};;чётные"),
    ];
    let csv = format!("{HEADER}\n{}\n", rows.join("\n"));
    let (encoded, _, _) = encoding_rs::WINDOWS_1251.encode(&csv);
    let id = checked(s, &admin, "11Д.csv", encoded.into_owned()).await;
    let v = state(s, &admin, id).await;
    assert_eq!(v.status, TtImportStatus::Preview, "{:?}", v.problems);
    assert_eq!((v.summary.classes, v.summary.lessons, v.summary.placed), (1, 3, 3));
    assert_eq!(import(s, &admin, id, false).await.status, TtImportStatus::Done);
    let placed: Vec<(i64, i64, String, Option<String>)> = db
        .query_as(
            "SELECT e.weekday, e.lesson_number, e.week_parity, g.name FROM timetable_entries e JOIN classes c ON c.id = e.class_id \
             LEFT JOIN subgroups g ON g.id = e.subgroup_id WHERE e.school_id = $1 AND c.grade = 11 AND c.letter = 'Д' \
             ORDER BY e.lesson_number, e.week_parity",
        )
        .bind(school_id)
        .fetch_all(db.pool())
        .await
        .unwrap();
    assert_eq!(
        placed,
        vec![(6, 1, "all".into(), None), (6, 2, "even".into(), Some("2 группа".into())), (6, 2, "odd".into(), Some("1 группа".into()))]
    );
}

async fn a_clash_in_a_csv_is_refused_naming_teacher_and_classes(backend: Backend) {
    let _turn = turn().await;
    let s = server(backend);
    let db = s.db().await;
    let admin = s.signed_in("admin").await;
    let (school_id, _) = admin_school(&db).await;
    let teacher = demo_teachers(&db, school_id).await.pop().unwrap();
    let csv = format!("{HEADER}\nсуббота;5;10Е;;Физика;{teacher};;все\nсуббота;5;10Ж;;Физика;{teacher};;\n");
    let before = footprint(&db, school_id).await;
    let id = checked(s, &admin, "накладка.csv", csv.into_bytes()).await;
    let v = state(s, &admin, id).await;
    assert_eq!(v.status, TtImportStatus::Invalid);
    let clash: Vec<(usize, &str, Msg, Vec<String>)> = v.problems.iter().map(|p| (p.line, p.column.as_str(), p.note.msg, p.note.args.clone())).collect();
    assert_eq!(clash, vec![(3, "Учитель", Msg::TtClashTeacher, vec![teacher.clone(), "суббота, урок 5".into(), "10Е".into(), "10Ж".into()])]);
    let refused = common::refused(&admin, s.url("/api/start_timetable_import"), &[("id", &id.to_string())]).await;
    assert!(common::invalid("import", Msg::ImportNotReady)(&refused), "{refused:?}");
    let (_, _, page) = common::get(&admin, s.url(&format!("/admin/timetable/import/{id}"))).await;
    assert!(page.contains(&format!("Накладка: учитель {teacher} — суббота, урок 5, уроки сразу в 10Е и 10Ж.")), "the page names the clash");
    assert_eq!(footprint(&db, school_id).await, before);

    // A file that cannot be used at all goes back to the form with its reason.
    let res = upload(s, &admin, "расписание.csv", "Фамилия;Имя\nИванова;Мария\n".as_bytes().to_vec()).await;
    assert_eq!(res.headers()["location"], "/admin/timetable/import?error=TtImportCsvColumns");
    let res = upload(s, &admin, "school.fet", b"this is not xml".to_vec()).await;
    assert_eq!(res.headers()["location"], "/admin/timetable/import?error=TtImportNotXml");
    let (_, _, page) = common::get(&admin, s.url("/admin/timetable/import?error=TtImportNotXml")).await;
    assert!(page.contains("Файл не читается как XML"), "the form shows the reason at the field");
}

async fn only_a_school_admin_imports(backend: Backend) {
    let _turn = turn().await;
    let s = server(backend);
    let teacher = s.signed_in("uchitel").await;
    let res = upload(s, &teacher, "a.fet", fet_file()).await;
    assert_eq!(res.status(), 403);
    let refused = common::refused(&teacher, s.url("/api/start_timetable_import"), &[("id", "1")]).await;
    assert_eq!(refused, app::error::AppError::Forbidden);
    let anonymous = s.client();
    let res = upload(s, &anonymous, "a.fet", fet_file()).await;
    assert_eq!(res.headers()["location"], "/login");
}

on_both_backends!(a_fet_school_imports_with_a_report, a_csv_places_lessons, a_clash_in_a_csv_is_refused_naming_teacher_and_classes, only_a_school_admin_imports);
