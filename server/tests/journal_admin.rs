//! The journal's missing parts (issue 6), black-box on both backends: homework files on the
//! lesson page (upload, list, download with its headers, delete; who may read them — the
//! lesson's staff, the class's pupils and their parents, nobody else; every refusal at the
//! field: empty, too big, too many, a bad name, a program; nothing half-written), the school's
//! work types and weights and the «5-»/«4+» switch on `/journal/admin` (every validation, the
//! delete refused while marks use a type, audited, the revision bumped, refused to others), and
//! the school admin's «Отсутствие на весь день» for any pupil.
//!
//! A binary of its own: it changes the school's work types and settings, which the grid tests
//! in `journal.rs` must not see change under them.

mod common;

use app::error::AppError;
use app::i18n::Msg;
use app::journal::homework::types::HomeworkFiles;
use app::journal::work_types::WorkTypesPage;
use common::{get, grid_data, invalid, post, refused, server, uchitel_journal, Backend};

fn today() -> String {
    app::journal::grid::server::today()
}

/// The `nth` latest past lesson of a class's subject in an open period (tests take different
/// ones, so they never share a lesson).
async fn past_lesson(db: &app::db::Db, class: i64, subject: i64, nth: i64) -> i64 {
    db.query_scalar(
        "SELECT l.id FROM lessons l JOIN reporting_periods p ON p.id = l.reporting_period_id \
         WHERE l.class_id = $1 AND l.subject_id = $2 AND l.subgroup_id IS NULL AND l.cancelled = 0 AND p.closed = 0 AND l.lesson_date <= $3 \
         ORDER BY l.lesson_date DESC, l.lesson_number LIMIT 1 OFFSET $4",
    )
    .bind(class)
    .bind(subject)
    .bind(today())
    .bind(nth)
    .fetch_one(db.pool())
    .await
    .unwrap()
}

/// An active account of a pupil in (or, with `inside` false, outside) the class.
async fn pupil_login(db: &app::db::Db, class: i64, inside: bool) -> String {
    db.query_scalar(
        "SELECT a.login FROM accounts a JOIN class_enrolments e ON e.pupil_id = a.person_id \
         WHERE a.state = 'active' AND (e.class_id = $1) = ($2 = 1) ORDER BY a.login LIMIT 1",
    )
    .bind(class)
    .bind(i64::from(inside))
    .fetch_one(db.pool())
    .await
    .unwrap()
}

/// An active parent account with a confirmed link to a pupil of the class.
async fn parent_login(db: &app::db::Db, class: i64) -> String {
    db.query_scalar(
        "SELECT a.login FROM accounts a JOIN parent_links pl ON pl.parent_id = a.person_id AND pl.status = 'confirmed' \
         JOIN class_enrolments e ON e.pupil_id = pl.child_id WHERE a.state = 'active' AND e.class_id = $1 ORDER BY a.login LIMIT 1",
    )
    .bind(class)
    .fetch_one(db.pool())
    .await
    .unwrap()
}

/// An active teacher who neither teaches nor leads the class.
async fn stranger_teacher(db: &app::db::Db, class: i64) -> String {
    db.query_scalar(
        "SELECT a.login FROM accounts a JOIN role_grants r ON r.person_id = a.person_id AND r.role = 'teacher' \
         WHERE a.state = 'active' AND NOT EXISTS (SELECT 1 FROM classes c WHERE c.id = $1 AND c.class_teacher_id = a.person_id) \
           AND NOT EXISTS (SELECT 1 FROM teaching_assignments t WHERE t.class_id = $1 AND t.teacher_id = a.person_id) \
           AND NOT EXISTS (SELECT 1 FROM lessons l WHERE l.class_id = $1 AND (l.teacher_id = a.person_id OR l.substitute_id = a.person_id)) \
         ORDER BY a.login LIMIT 1",
    )
    .bind(class)
    .fetch_one(db.pool())
    .await
    .unwrap()
}

/// Posts a file as the lesson page's form does; returns status and Location.
async fn upload(client: &reqwest::Client, backend: Backend, lesson: i64, name: &str, bytes: Vec<u8>) -> (u16, String) {
    let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()).mime_str("application/octet-stream").unwrap();
    let form = reqwest::multipart::Form::new().part("file", part);
    let res = client.post(server(backend).url(&format!("/journal/lesson/{lesson}/files"))).header("Accept", "text/html").multipart(form).send().await.unwrap();
    let location = res.headers().get("location").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    (res.status().as_u16(), location)
}

/// The refusal an upload was sent back with (`?file_error=<message name>`).
fn file_error(location: &str) -> Option<Msg> {
    let code = location.split("file_error=").nth(1)?.split(['&', '#']).next()?;
    serde_json::from_str(&format!("\"{code}\"")).ok()
}

async fn files(client: &reqwest::Client, backend: Backend, lesson: i64) -> Result<HomeworkFiles, AppError> {
    let res = client.post(server(backend).url("/api/journal_homework_files")).header("Accept", "application/json").form(&[("lesson_id", lesson)]).send().await.unwrap();
    let ok = res.status().is_success();
    let text = res.text().await.unwrap();
    if ok {
        Ok(serde_json::from_str(&text).unwrap())
    } else {
        Err(serde_json::from_str(&text).unwrap_or_else(|_| panic!("{text}")))
    }
}

async fn count_files(db: &app::db::Db, lesson: i64) -> i64 {
    db.query_scalar("SELECT COUNT(*) FROM homework_files WHERE lesson_id = $1").bind(lesson).fetch_one(db.pool()).await.unwrap()
}

async fn audited(db: &app::db::Db, action: &str, entity_id: i64) -> i64 {
    db.query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1 AND entity_id = $2").bind(action.to_string()).bind(entity_id).fetch_one(db.pool()).await.unwrap()
}

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// A teacher attaches a file; the class's pupils and their parents download it, a pupil of
/// another class and a teacher of other classes cannot; «Удалить» takes it away (audited).
async fn homework_files_go_to_the_lessons_class_and_parents(backend: Backend) {
    let srv = server(backend);
    let db = srv.db().await;
    let (class, subject) = uchitel_journal(&db).await;
    let lesson = past_lesson(&db, class, subject, 0).await;
    let teacher = srv.signed_in("uchitel").await;
    let (status, location) = upload(&teacher, backend, lesson, "Задание 1.pdf", PDF.to_vec()).await;
    assert_eq!(status, 303, "{location}");
    assert_eq!(location, format!("/journal/lesson/{lesson}?file=added#homework-files"));
    let list = files(&teacher, backend, lesson).await.unwrap();
    assert!(list.writable);
    assert_eq!(list.files.len(), 1);
    let file = &list.files[0];
    assert_eq!((file.name.as_str(), file.size), ("Задание 1.pdf", PDF.len() as i64));
    assert_eq!(audited(&db, "journal.homework_file_add", file.id).await, 1);
    // The lesson page lists it, with the upload form (a plain multipart post).
    let (status, _, html) = get(&teacher, srv.url(&format!("/journal/lesson/{lesson}"))).await;
    assert_eq!(status, 200);
    assert!(html.contains("Файлы к домашнему заданию") && html.contains("Задание 1.pdf") && html.contains("multipart/form-data"), "{html}");

    let download = |client: reqwest::Client, id: i64| async move { client.get(srv.url(&format!("/journal/files/{id}"))).send().await.unwrap() };
    let res = download(teacher.clone(), file.id).await;
    assert_eq!(res.status(), 200);
    let header = |name: &str| res.headers().get(name).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    assert_eq!(header("content-type"), "application/pdf");
    assert_eq!(header("x-content-type-options"), "nosniff");
    let disposition = header("content-disposition");
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(disposition.contains("filename*=UTF-8''%D0%97%D0%B0%D0%B4%D0%B0%D0%BD%D0%B8%D0%B5%201.pdf"), "{disposition}");
    assert_eq!(res.bytes().await.unwrap().as_ref(), PDF);

    // The class's pupil and a parent of a pupil of the class read it; nobody else does.
    let pupil = srv.signed_in(&pupil_login(&db, class, true).await).await;
    let seen = files(&pupil, backend, lesson).await.unwrap();
    assert_eq!(seen.files.len(), 1);
    assert!(!seen.writable, "a pupil only reads");
    assert_eq!(download(pupil.clone(), file.id).await.bytes().await.unwrap().as_ref(), PDF);
    let parent = srv.signed_in(&parent_login(&db, class).await).await;
    let res = download(parent.clone(), file.id).await;
    assert_eq!(res.status(), 200);
    assert_eq!(files(&parent, backend, lesson).await.unwrap().files.len(), 1);
    let outsider = srv.signed_in(&pupil_login(&db, class, false).await).await;
    assert_eq!(download(outsider.clone(), file.id).await.status(), 403, "a pupil of another class");
    assert_eq!(files(&outsider, backend, lesson).await.unwrap_err(), AppError::Forbidden);
    let stranger = srv.signed_in(&stranger_teacher(&db, class).await).await;
    assert_eq!(download(stranger.clone(), file.id).await.status(), 403, "a teacher of other classes");
    let anonymous = srv.client();
    let res = download(anonymous.clone(), file.id).await;
    assert!(res.status().is_redirection());
    assert_eq!(res.headers().get("location").unwrap(), "/login");
    assert_eq!(download(teacher.clone(), 987_654_321).await.status(), 404);

    // Only those who keep the lesson attach and delete.
    assert_eq!(upload(&pupil, backend, lesson, "моё.pdf", PDF.to_vec()).await.0, 403);
    assert_eq!(upload(&parent, backend, lesson, "моё.pdf", PDF.to_vec()).await.0, 403);
    assert_eq!(upload(&stranger, backend, lesson, "моё.pdf", PDF.to_vec()).await.0, 403);
    assert_eq!(upload(&anonymous, backend, lesson, "моё.pdf", PDF.to_vec()).await, (303, "/login".to_string()));
    let id = file.id.to_string();
    for client in [&pupil, &parent, &stranger] {
        assert_eq!(refused(client, srv.url("/api/journal_homework_file_delete"), &[("file_id", &id)]).await, AppError::Forbidden);
    }
    assert_eq!(count_files(&db, lesson).await, 1, "the refusals changed nothing");

    // «Удалить», as a browser without JavaScript posts it.
    let (status, location) = post(&teacher, srv.url("/api/journal_homework_file_delete"), &[("file_id", &id)]).await;
    assert!(status == 302 || status == 303, "{status}");
    assert_eq!(location, format!("/journal/lesson/{lesson}?file=deleted"));
    assert!(files(&teacher, backend, lesson).await.unwrap().files.is_empty());
    assert_eq!(download(teacher.clone(), file.id).await.status(), 404);
    assert_eq!(audited(&db, "journal.homework_file_remove", file.id).await, 1);
    assert_eq!(refused(&teacher, srv.url("/api/journal_homework_file_delete"), &[("file_id", &id)]).await, AppError::NotFound);
}

/// Every refusal of an upload comes back at the field, and writes nothing.
async fn uploads_are_checked_and_nothing_is_half_written(backend: Backend) {
    let srv = server(backend);
    let db = srv.db().await;
    let (class, subject) = uchitel_journal(&db).await;
    let lesson = past_lesson(&db, class, subject, 1).await;
    let teacher = srv.signed_in("uchitel").await;
    let refusal = |r: (u16, String)| {
        assert_eq!(r.0, 303, "{}", r.1);
        assert!(r.1.starts_with(&format!("/journal/lesson/{lesson}?file_error=")), "{}", r.1);
        file_error(&r.1).unwrap_or_else(|| panic!("{}", r.1))
    };
    assert_eq!(refusal(upload(&teacher, backend, lesson, "пусто.txt", vec![]).await), Msg::HwFileEmpty);
    assert_eq!(refusal(upload(&teacher, backend, lesson, "", vec![]).await), Msg::HwFileEmpty, "no file chosen");
    assert_eq!(refusal(upload(&teacher, backend, lesson, "setup.EXE", b"hello".to_vec()).await), Msg::HwFileExecutable);
    assert_eq!(refusal(upload(&teacher, backend, lesson, "решение.pdf.bat", b"echo".to_vec()).await), Msg::HwFileExecutable);
    assert_eq!(refusal(upload(&teacher, backend, lesson, "задание.pdf", b"MZ\x90\x00\x03".to_vec()).await), Msg::HwFileExecutable, "a renamed program");
    assert_eq!(refusal(upload(&teacher, backend, lesson, &format!("{}.txt", "я".repeat(200)), b"x".to_vec()).await), Msg::HwFileBadName);
    assert_eq!(refusal(upload(&teacher, backend, lesson, "../", b"x".to_vec()).await), Msg::HwFileBadName);
    let limit = app::journal::homework::types::MAX_FILE_BYTES;
    assert_eq!(refusal(upload(&teacher, backend, lesson, "большой.pdf", vec![b'a'; limit + 1]).await), Msg::HwFileTooBig);
    assert_eq!(refusal(upload(&teacher, backend, lesson, "огромный.pdf", vec![b'a'; limit + 512 * 1024]).await), Msg::HwFileTooBig, "over the body limit");
    assert_eq!(count_files(&db, lesson).await, 0, "no refusal wrote a row");

    // A path is stripped from the name; exactly 10 MB is fine.
    assert_eq!(upload(&teacher, backend, lesson, "C:\\fakepath\\Дз по алгебре.docx", b"PK\x03\x04".to_vec()).await.0, 303);
    assert_eq!(upload(&teacher, backend, lesson, "ровно.pdf", vec![b'a'; limit]).await.0, 303);
    let list = files(&teacher, backend, lesson).await.unwrap();
    let names: Vec<&str> = list.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["Дз по алгебре.docx", "ровно.pdf"]);
    assert_eq!(list.files[1].size, limit as i64);
    let res = teacher.get(srv.url(&format!("{}", list.files[0].href))).send().await.unwrap();
    assert_eq!(res.headers()["content-type"], "application/vnd.openxmlformats-officedocument.wordprocessingml.document");

    // At most ten per lesson.
    for i in 3..=app::journal::homework::types::MAX_FILES {
        assert_eq!(upload(&teacher, backend, lesson, &format!("лист {i}.txt"), format!("{i}").into_bytes()).await.0, 303);
    }
    assert_eq!(count_files(&db, lesson).await, app::journal::homework::types::MAX_FILES);
    assert_eq!(refusal(upload(&teacher, backend, lesson, "лишний.txt", b"x".to_vec()).await), Msg::HwFileTooMany);
    assert_eq!(count_files(&db, lesson).await, app::journal::homework::types::MAX_FILES);
    // The page shows the refusal at the field.
    let (_, _, html) = get(&teacher, srv.url(&format!("/journal/lesson/{lesson}?file_error=HwFileTooMany"))).await;
    assert!(html.contains("не больше 10 файлов"), "{html}");
}

async fn work_types(client: &reqwest::Client, backend: Backend) -> Result<WorkTypesPage, AppError> {
    let res = client.post(server(backend).url("/api/journal_work_types")).header("Accept", "application/json").send().await.unwrap();
    let ok = res.status().is_success();
    let text = res.text().await.unwrap();
    if ok {
        Ok(serde_json::from_str(&text).unwrap())
    } else {
        Err(serde_json::from_str(&text).unwrap_or_else(|_| panic!("{text}")))
    }
}

async fn revision(db: &app::db::Db) -> i64 {
    db.query_scalar("SELECT COALESCE(MAX(revision), 0) FROM journal_revisions").fetch_one(db.pool()).await.unwrap()
}

/// Work types and weights: add, edit, delete, each audited and bumping the journal revision;
/// every wrong field refused at the field; a type marks use is never deleted.
async fn the_school_admin_keeps_work_types_and_weights(backend: Backend) {
    let srv = server(backend);
    let db = srv.db().await;
    let admin = srv.signed_in("admin").await;
    let page = work_types(&admin, backend).await.unwrap();
    let names: Vec<&str> = page.types.iter().map(|t| t.name.as_str()).collect();
    assert!(names.contains(&"Ответ на уроке") && names.contains(&"Контрольная работа"), "{names:?}");
    let (status, _, html) = get(&admin, srv.url("/journal/admin")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Виды работ и веса") && html.contains("Оценки с плюсом и минусом (5-, 4+)"), "{html}");

    // «Добавить», as a browser without JavaScript posts it.
    let before = revision(&db).await;
    let (status, location) = post(&admin, srv.url("/api/journal_work_type_add"), &[("name", " Проект "), ("short_name", "пр"), ("weight", "4"), ("scale", "five")]).await;
    assert!(status == 302 || status == 303, "{status}");
    assert_eq!(location, "/journal/admin?saved=types#work-types");
    let added = work_types(&admin, backend).await.unwrap().types.into_iter().find(|t| t.name == "Проект").expect("added");
    assert_eq!((added.short_name.as_str(), added.weight), ("пр", 4));
    assert_eq!(audited(&db, "journal.work_type_create", added.id).await, 1);
    assert!(revision(&db).await > before, "the school's journal revision moved");

    // Every wrong field, at the field, with what was typed.
    let add = |form: Vec<(&'static str, &'static str)>| {
        let admin = admin.clone();
        async move { refused(&admin, srv.url("/api/journal_work_type_add"), &form).await }
    };
    let err = add(vec![("name", "  "), ("short_name", ""), ("weight", "1"), ("scale", "five")]).await;
    assert!(invalid("name", Msg::WtEmptyName)(&err), "{err:?}");
    let err = add(vec![("name", "проект"), ("short_name", ""), ("weight", "1"), ("scale", "five")]).await;
    assert!(invalid("name", Msg::WtDuplicateName)(&err), "{err:?}");
    assert_eq!(err.user_message(app::i18n::Lang::Ru), "Вид работы «проект» в школе уже есть.");
    let err = add(vec![("name", "Доклад"), ("short_name", ""), ("weight", "11"), ("scale", "five")]).await;
    assert!(invalid("weight", Msg::WtBadWeight)(&err), "{err:?}");
    assert_eq!(err.echoed("name").as_deref(), Some("Доклад"), "typed values come back");
    let err = add(vec![("name", "Доклад"), ("short_name", ""), ("weight", "два"), ("scale", "five")]).await;
    assert!(invalid("weight", Msg::WtBadWeight)(&err), "{err:?}");
    let err = add(vec![("name", "Доклад"), ("short_name", "очень длинное"), ("weight", "-1"), ("scale", "ten")]).await;
    assert!(invalid("short_name", Msg::WtShortTooLong)(&err), "{err:?}");
    assert_eq!(err.message_for("weight"), Some(Msg::WtBadWeight), "every wrong field at once");
    assert_eq!(err.message_for("scale"), Some(Msg::WtBadScale));
    let long: &'static str = Box::leak("я".repeat(101).into_boxed_str());
    let err = add(vec![("name", long), ("short_name", ""), ("weight", "1"), ("scale", "five")]).await;
    assert!(invalid("name", Msg::WtNameTooLong)(&err), "{err:?}");
    assert!(!work_types(&admin, backend).await.unwrap().types.iter().any(|t| t.name == "Доклад"), "nothing added");

    // «Сохранить» of a row: the weight moves; the grid's work types carry it.
    let id = added.id.to_string();
    let (status, _) = post(&admin, srv.url("/api/journal_work_type_edit"), &[("id", &id), ("name", "Проект"), ("short_name", "пр"), ("weight", "0"), ("scale", "five")]).await;
    assert!(status == 302 || status == 303, "{status}");
    let edited = work_types(&admin, backend).await.unwrap().types.into_iter().find(|t| t.id == added.id).unwrap();
    assert_eq!(edited.weight, 0, "weight 0: not counted in the average");
    assert_eq!(audited(&db, "journal.work_type_update", added.id).await, 1);
    let (class, subject) = uchitel_journal(&db).await;
    let teacher = srv.signed_in("uchitel").await;
    let grid = grid_data(&teacher, srv, class, subject, 0).await;
    assert_eq!(grid.work_types.iter().find(|t| t.id == added.id).map(|t| t.weight), Some(0));
    let edit = |form: Vec<(&'static str, String)>| {
        let admin = admin.clone();
        async move {
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            refused(&admin, srv.url("/api/journal_work_type_edit"), &pairs).await
        }
    };
    let row = |name: &str, weight: &str, scale: &str| vec![("id", id.clone()), ("name", name.to_string()), ("short_name", "пр".to_string()), ("weight", weight.to_string()), ("scale", scale.to_string())];
    let err = edit(row("Контрольная работа", "1", "five")).await;
    assert!(invalid("name", Msg::WtDuplicateName)(&err), "{err:?}");
    assert_eq!(err.echoed("id").as_deref(), Some(id.as_str()), "the row the refusal belongs to");
    let err = edit(row("Проект", "100", "five")).await;
    assert!(invalid("weight", Msg::WtBadWeight)(&err), "{err:?}");
    let err = edit(row("", "1", "five")).await;
    assert!(invalid("name", Msg::WtEmptyName)(&err), "{err:?}");
    let err = edit(vec![("id", "987654321".into()), ("name", "X".into()), ("short_name", "".into()), ("weight", "1".into()), ("scale", "five".into())]).await;
    assert_eq!(err, AppError::NotFound);

    // A type marks use: never deleted, its scale never changed.
    let used = page.types.iter().find(|t| t.name == "Ответ на уроке").unwrap();
    let used_id = used.id.to_string();
    let err = refused(&admin, srv.url("/api/journal_work_type_delete"), &[("id", &used_id)]).await;
    assert!(invalid("delete", Msg::WtInUse)(&err), "{err:?}");
    assert!(err.user_message(app::i18n::Lang::Ru).starts_with("Этим видом работы поставлены оценки ("), "{err:?}");
    assert_eq!(err.echoed("id").as_deref(), Some(used_id.as_str()));
    let err = edit(vec![("id", used_id.clone()), ("name", used.name.clone()), ("short_name", used.short_name.clone()), ("weight", "1".into()), ("scale", "pass".into())]).await;
    assert!(invalid("scale", Msg::WtScaleInUse)(&err), "{err:?}");
    assert!(work_types(&admin, backend).await.unwrap().types.iter().any(|t| t.id == used.id && t.scale == used.scale));

    // An unused type goes (audited), also when a lesson column defaulted to it.
    let lesson = past_lesson(&db, class, subject, 2).await;
    let (status, _) = post(&teacher, srv.url("/api/journal_save_lesson_notes"), &[("id", &lesson.to_string()), ("topic", ""), ("homework", ""), ("work_type_id", &id)]).await;
    assert!(status == 302 || status == 303, "{status}");
    let (status, location) = post(&admin, srv.url("/api/journal_work_type_delete"), &[("id", &id)]).await;
    assert!(status == 302 || status == 303, "{status} {location}");
    assert!(!work_types(&admin, backend).await.unwrap().types.iter().any(|t| t.id == added.id));
    assert_eq!(audited(&db, "journal.work_type_remove", added.id).await, 1);
    let column: Option<i64> = db.query_scalar("SELECT work_type_id FROM lesson_notes WHERE lesson_id = $1").bind(lesson).fetch_one(db.pool()).await.unwrap();
    assert_eq!(column, None, "the column is back on the default work type");
    assert_eq!(refused(&admin, srv.url("/api/journal_work_type_delete"), &[("id", &id)]).await, AppError::NotFound);

    // Nobody but the school admin.
    let pupil = srv.signed_in("uchenik").await;
    for client in [&teacher, &pupil] {
        assert_eq!(work_types(client, backend).await.unwrap_err(), AppError::Forbidden);
        assert_eq!(refused(client, srv.url("/api/journal_work_type_add"), &[("name", "Чужой"), ("weight", "1"), ("scale", "five")]).await, AppError::Forbidden);
        assert_eq!(refused(client, srv.url("/api/journal_work_type_edit"), &[("id", &used_id), ("name", "Чужой"), ("weight", "1"), ("scale", "five")]).await, AppError::Forbidden);
        assert_eq!(refused(client, srv.url("/api/journal_work_type_delete"), &[("id", &used_id)]).await, AppError::Forbidden);
        assert_eq!(refused(client, srv.url("/api/journal_plus_minus"), &[("plus_minus", "1")]).await, AppError::Forbidden);
    }
}

/// «Оценки с плюсом и минусом (5-, 4+)»: off, «4+» is refused at the cell; on, it is saved.
async fn the_plus_minus_switch_decides_whether_4_plus_is_a_mark(backend: Backend) {
    use app::journal::grid::types::SaveOutcome;
    use app::journal::marks::{Cell, Mark};
    let srv = server(backend);
    let db = srv.db().await;
    let admin = srv.signed_in("admin").await;
    let teacher = srv.signed_in("uchitel").await;
    let (class, subject) = uchitel_journal(&db).await;
    let lesson = past_lesson(&db, class, subject, 3).await;
    let g = grid_data(&teacher, srv, class, subject, 0).await;
    let pupil = g.pupils[3].id;
    let save = |version: i64| {
        let teacher = teacher.clone();
        let cell = Cell { a: String::new(), min: None, marks: vec![Mark { v: "4+".into(), w: g.default_work_type, c: String::new() }] };
        async move {
            let res = teacher
                .post(srv.url("/api/journal_save_cell"))
                .header("Accept", "application/json")
                .json(&serde_json::json!({ "lesson_id": lesson, "pupil_id": pupil, "version": version, "cell": cell, "screen": "grid" }))
                .send()
                .await
                .unwrap();
            let ok = res.status().is_success();
            let text = res.text().await.unwrap();
            if ok { Ok(serde_json::from_str::<SaveOutcome>(&text).unwrap()) } else { Err(serde_json::from_str::<AppError>(&text).unwrap()) }
        }
    };
    let version = g.cells.iter().find(|c| c.lesson_id == lesson && c.pupil_id == pupil).map(|c| c.version).unwrap_or(0);
    assert!(!work_types(&admin, backend).await.unwrap().plus_minus, "off by default");
    let err = save(version).await.unwrap_err();
    assert!(matches!(&err, AppError::Invalid { msg: Msg::JournalBadMark, .. }), "{err:?}");
    // Ticked, as a browser without JavaScript posts the checkbox.
    let (status, _) = post(&admin, srv.url("/api/journal_plus_minus"), &[("plus_minus", "1")]).await;
    assert!(status == 302 || status == 303, "{status}");
    assert!(work_types(&admin, backend).await.unwrap().plus_minus);
    let school: i64 = db.query_scalar("SELECT school_id FROM lessons WHERE id = $1").bind(lesson).fetch_one(db.pool()).await.unwrap();
    assert_eq!(audited(&db, "journal.plus_minus", school).await, 1);
    assert!(matches!(save(version).await.unwrap(), SaveOutcome::Saved { .. }));
    // Unticked: the checkbox sends nothing.
    let (status, _) = post(&admin, srv.url("/api/journal_plus_minus"), &[]).await;
    assert!(status == 302 || status == 303, "{status}");
    assert!(!work_types(&admin, backend).await.unwrap().plus_minus);
    assert_eq!(audited(&db, "journal.plus_minus", school).await, 2);
}

/// The school admin chooses a class, then any pupil of it, and marks a whole day.
async fn the_school_admin_marks_any_pupil_absent_for_a_day(backend: Backend) {
    use app::journal::absence::AbsenceChoices;
    let srv = server(backend);
    let db = srv.db().await;
    let admin = srv.signed_in("admin").await;
    let choices = |client: reqwest::Client, class: i64| async move {
        let res = client.post(srv.url("/api/journal_absence_choices")).header("Accept", "application/json").form(&[("class_id", class)]).send().await.unwrap();
        let ok = res.status().is_success();
        let text = res.text().await.unwrap();
        if ok { Ok(serde_json::from_str::<AbsenceChoices>(&text).unwrap()) } else { Err(serde_json::from_str::<AppError>(&text).unwrap()) }
    };
    let first = choices(admin.clone(), 0).await.unwrap();
    assert!(first.classes.len() > 5 && first.pupils.is_empty(), "the class comes first");
    // A class the demo admin does not lead (nobody's admin is a class teacher), its last pupil.
    let (class, class_name) = first.classes[first.classes.len() / 2].clone();
    let chosen = choices(admin.clone(), class).await.unwrap();
    assert_eq!(chosen.class_id, class);
    let (pupil, pupil_name) = chosen.pupils.last().unwrap().clone();
    // Without JavaScript: the GET form reloads `/journal?class=ID` with the class's pupils.
    let (status, _, html) = get(&admin, srv.url(&format!("/journal?class={class}"))).await;
    assert_eq!(status, 200);
    assert!(html.contains("Выбрать класс") && html.contains(&pupil_name) && html.contains(&class_name), "{html}");
    let date: String = db
        .query_scalar("SELECT MAX(lesson_date) FROM lessons WHERE class_id = $1 AND cancelled = 0 AND subgroup_id IS NULL AND lesson_date <= $2")
        .bind(class)
        .bind(today())
        .fetch_one(db.pool())
        .await
        .unwrap();
    let (status, location) = post(&admin, srv.url("/api/journal_absent_day"), &[("pupil_id", &pupil.to_string()), ("date", &date), ("attendance", "п")]).await;
    assert!(status == 302 || status == 303, "{status} {location}");
    let changed: i64 = location.trim_start_matches("/journal?absent=").parse().unwrap();
    assert!(changed >= 1, "{location}");
    let marked: i64 = db
        .query_scalar("SELECT COUNT(*) FROM journal_cells c JOIN lessons l ON l.id = c.lesson_id WHERE c.pupil_id = $1 AND l.lesson_date = $2 AND c.attendance = 'п'")
        .bind(pupil)
        .bind(date.clone())
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert!(marked >= changed, "{marked} cells marked «п», {changed} changed");
    // A class of another school is not offered; teachers and pupils get no choices.
    let unknown = choices(admin.clone(), 987_654_321).await.unwrap();
    assert_eq!((unknown.class_id, unknown.pupils.len()), (0, 0));
    for login in ["uchitel", "uchenik"] {
        let client = srv.signed_in(login).await;
        assert_eq!(choices(client, class).await.unwrap_err(), AppError::Forbidden, "{login}");
    }
}

on_both_backends!(
    homework_files_go_to_the_lessons_class_and_parents,
    uploads_are_checked_and_nothing_is_half_written,
    the_school_admin_keeps_work_types_and_weights,
    the_plus_minus_switch_decides_whether_4_plus_is_a_mark,
    the_school_admin_marks_any_pupil_absent_for_a_day,
);
