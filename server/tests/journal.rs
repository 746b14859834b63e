//! The live journal grid, black-box on both backends: a teacher's save found again with its
//! history and in "changes since"; every refusal at the cell (attendance, lateness, marks on
//! each scale, work types, comment, pupil, future lesson); who may read and write (another
//! teacher, the class teacher, a substitute on their lesson only, pupil, parent, admin); two
//! saves of one cell, and of one final mark, where the later is told; a closed period locking
//! marks until the admin reopens it (audited); the weighted average of a hand-computed table
//! through the real grid; the lesson page's forms posted without JavaScript.

mod common;

use app::error::AppError;
use app::i18n::Msg;
use app::journal::grid::render::data_in;
use app::journal::grid::types::{FinalOutcome, GridChanges, GridData, GridPage, HistoryRow, SaveOutcome};
use app::journal::marks::{Cell, Mark};
use common::{get, invalid, person, post, refused, server, uchitel_journal, Backend};
use serde_json::json;

/// A whole-class journal (class, subject, year, school) of a class that uchitel neither teaches
/// nor leads, so no other test here writes in it; `nth` 0, 1… are different classes, one per
/// test that changes its data.
async fn quiet_journal(db: &app::db::Db, nth: i64) -> (i64, i64, i64, i64) {
    let uchitel = person(db, "uchitel").await;
    let class: i64 = db
        .query_scalar(
            "SELECT DISTINCT t.class_id FROM teaching_assignments t JOIN classes c ON c.id = t.class_id \
             WHERE t.subgroup_id IS NULL AND COALESCE(c.class_teacher_id, 0) <> $1 \
               AND NOT EXISTS (SELECT 1 FROM teaching_assignments u WHERE u.class_id = t.class_id AND u.teacher_id = $1) \
             ORDER BY t.class_id DESC LIMIT 1 OFFSET $2",
        )
        .bind(uchitel)
        .bind(nth)
        .fetch_one(db.pool())
        .await
        .unwrap();
    sqlx::query_as(db.sql(
        "SELECT class_id, subject_id, academic_year_id, school_id FROM teaching_assignments \
         WHERE class_id = $1 AND subgroup_id IS NULL ORDER BY subject_id LIMIT 1",
    ))
    .bind(class)
    .fetch_one(db.pool())
    .await
    .unwrap()
}

async fn grid(client: &reqwest::Client, backend: Backend, class: i64, subject: i64, period: i64) -> Result<GridData, AppError> {
    let res = client
        .post(server(backend).url("/api/journal_grid"))
        .header("Accept", "application/json")
        .form(&[("class_id", class.to_string()), ("subject_id", subject.to_string()), ("period_id", period.to_string())])
        .send()
        .await
        .unwrap();
    let ok = res.status().is_success();
    let text = res.text().await.unwrap();
    if ok {
        Ok(serde_json::from_str(&text).unwrap())
    } else {
        Err(serde_json::from_str(&text).unwrap_or_else(|_| panic!("{text}")))
    }
}

/// The grid page's server function: the viewer's shell and the table with its data.
async fn page(client: &reqwest::Client, backend: Backend, class: i64, subject: i64, period: i64) -> GridPage {
    let res = client
        .post(server(backend).url("/api/journal_grid_page"))
        .header("Accept", "application/json")
        .form(&[("class_id", class.to_string()), ("subject_id", subject.to_string()), ("period_id", period.to_string())])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.status());
    res.json().await.unwrap()
}

async fn save(client: &reqwest::Client, backend: Backend, lesson: i64, pupil: i64, version: i64, cell: &Cell) -> Result<SaveOutcome, AppError> {
    let res = client
        .post(server(backend).url("/api/journal_save_cell"))
        .header("Accept", "application/json")
        .json(&json!({ "lesson_id": lesson, "pupil_id": pupil, "version": version, "cell": cell, "screen": "grid" }))
        .send()
        .await
        .unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    if status.is_success() {
        Ok(serde_json::from_str(&text).unwrap())
    } else {
        let err: AppError = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{status}: {text}"));
        assert_eq!(status.as_u16(), err.http_status());
        Err(err)
    }
}

async fn history(client: &reqwest::Client, backend: Backend, lesson: i64, pupil: i64) -> Vec<HistoryRow> {
    let res = client
        .post(server(backend).url("/api/journal_cell_history"))
        .header("Accept", "application/json")
        .form(&[("lesson_id", lesson.to_string()), ("pupil_id", pupil.to_string())])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.status());
    res.json().await.unwrap()
}

fn mark(v: &str, w: i64) -> Mark {
    Mark { v: v.into(), w, c: String::new() }
}

fn work_type(g: &GridData, name: &str) -> i64 {
    g.work_types.iter().find(|w| w.name == name).unwrap_or_else(|| panic!("{name}")).id
}

fn version_of(g: &GridData, lesson: i64, pupil: i64) -> i64 {
    g.cells.iter().find(|c| c.lesson_id == lesson && c.pupil_id == pupil).map(|c| c.version).unwrap_or(0)
}

/// The past lessons of the grid and the pupil in row `row`.
fn past(g: &GridData) -> Vec<i64> {
    g.lessons.iter().filter(|l| !l.future).map(|l| l.id).collect()
}

async fn a_teacher_saves_a_cell_and_finds_it_again(backend: Backend) {
    let srv = server(backend);
    let db = srv.db().await;
    let (class, subject) = uchitel_journal(&db).await;
    let teacher = srv.signed_in("uchitel").await;
    let g = grid(&teacher, backend, class, subject, 0).await.unwrap();
    assert!(g.writable, "the demo teacher keeps 5А mathematics");
    assert!(g.pupils.len() >= 20 && past(&g).len() >= 3, "{} pupils, {} past lessons", g.pupils.len(), past(&g).len());
    assert!(!g.cells.is_empty(), "the demo has marks and attendance for the period under way");
    let names: Vec<&str> = g.pupils.iter().map(|p| p.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "pupils alphabetically");
    let (lesson, pupil) = (past(&g)[0], g.pupils[0].id);
    let v = version_of(&g, lesson, pupil);
    let control = work_type(&g, "Контрольная работа");
    let cell = Cell { a: "о".into(), min: Some(7), marks: vec![Mark { v: "5".into(), w: control, c: "Отлично".into() }, mark("4", g.default_work_type)] };
    let SaveOutcome::Saved { version, revision } = save(&teacher, backend, lesson, pupil, v, &cell).await.unwrap() else { panic!("saved") };
    assert_eq!(version, v + 1);
    assert!(revision > g.revision);
    // Found again on a new read, and in the changes since the first read.
    let again = grid(&teacher, backend, class, subject, g.key.period_id).await.unwrap();
    let found = again.cells.iter().find(|c| c.lesson_id == lesson && c.pupil_id == pupil).unwrap();
    assert_eq!(found.cell, cell);
    assert_eq!(found.version, v + 1);
    assert!(found.by.starts_with("Филатов"), "{}", found.by);
    let res = teacher
        .post(srv.url("/api/journal_changes"))
        .form(&[("class_id", class), ("subject_id", subject), ("group_id", 0), ("period_id", g.key.period_id), ("since", g.revision)])
        .send()
        .await
        .unwrap();
    let changes: GridChanges = res.json().await.unwrap();
    assert!(changes.revision >= revision);
    assert!(changes.cells.iter().any(|c| c.lesson_id == lesson && c.pupil_id == pupil && c.cell == cell));
    let none: GridChanges = teacher
        .post(srv.url("/api/journal_changes"))
        .form(&[("class_id", class), ("subject_id", subject), ("group_id", 0), ("period_id", g.key.period_id), ("since", changes.revision)])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(none.cells.iter().all(|c| !(c.lesson_id == lesson && c.pupil_id == pupil)));
    // The history: who, from which screen, old → new.
    let rows = history(&teacher, backend, lesson, pupil).await;
    assert_eq!(rows[0].screen, "grid");
    assert_eq!(rows[0].after, "о7' 5 4");
    assert!(rows[0].who.starts_with("Филатов"));
    // The same content again writes nothing new.
    let SaveOutcome::Saved { version: same, .. } = save(&teacher, backend, lesson, pupil, v + 1, &cell).await.unwrap() else { panic!() };
    assert_eq!(same, v + 1);
    assert_eq!(history(&teacher, backend, lesson, pupil).await.len(), rows.len());
    // The page renders the grid on the server.
    let (status, _, html) = get(&teacher, srv.url(&format!("/journal/{class}/{subject}"))).await;
    assert_eq!(status, 200);
    assert!(html.contains("id=\"jgrid\"") && html.contains(&g.pupils[0].name), "grid in the page");
}

async fn wrong_cells_are_refused_at_the_cell(backend: Backend) {
    let srv = server(backend);
    let db = srv.db().await;
    let (class, subject) = uchitel_journal(&db).await;
    let teacher = srv.signed_in("uchitel").await;
    let g = grid(&teacher, backend, class, subject, 0).await.unwrap();
    let (lesson, pupil) = (past(&g)[1], g.pupils[1].id);
    let v = version_of(&g, lesson, pupil);
    let w = g.default_work_type;
    let pass = work_type(&g, "Зачёт");
    let cases: Vec<(Cell, Msg)> = vec![
        (Cell { a: "x".into(), ..Cell::default() }, Msg::JournalBadAttendance),
        (Cell { a: "н".into(), min: Some(5), marks: vec![] }, Msg::JournalBadLateMinutes),
        (Cell { a: "о".into(), min: Some(90), marks: vec![] }, Msg::JournalBadLateMinutes),
        (Cell { marks: (0..6).map(|_| mark("5", w)).collect(), ..Cell::default() }, Msg::JournalTooManyMarks),
        (Cell { marks: vec![mark("6", w)], ..Cell::default() }, Msg::JournalBadMark),
        (Cell { marks: vec![mark("4+", w)], ..Cell::default() }, Msg::JournalBadMark),
        (Cell { marks: vec![mark("5", pass)], ..Cell::default() }, Msg::JournalBadPassMark),
        (Cell { marks: vec![mark("зач", w)], ..Cell::default() }, Msg::JournalBadMark),
        (Cell { marks: vec![mark("5", 999_999)], ..Cell::default() }, Msg::JournalBadWorkType),
        (Cell { marks: vec![Mark { v: "5".into(), w, c: "я".repeat(301) }], ..Cell::default() }, Msg::JournalCommentTooLong),
    ];
    for (cell, msg) in cases {
        let err = save(&teacher, backend, lesson, pupil, v, &cell).await.unwrap_err();
        assert!(invalid("cell", msg)(&err), "{cell:?}: {err:?}");
    }
    // A pupil of another class, a lesson still to come.
    let stranger: i64 = db
        .query_scalar("SELECT pupil_id FROM class_enrolments WHERE class_id <> $1 LIMIT 1")
        .bind(class)
        .fetch_one(db.pool())
        .await
        .unwrap();
    let err = save(&teacher, backend, lesson, stranger, 0, &Cell { marks: vec![mark("5", w)], ..Cell::default() }).await.unwrap_err();
    assert!(invalid("cell", Msg::JournalPupilNotHere)(&err), "{err:?}");
    if let Some(future) = g.lessons.iter().find(|l| l.future) {
        let err = save(&teacher, backend, future.id, pupil, 0, &Cell { marks: vec![mark("5", w)], ..Cell::default() }).await.unwrap_err();
        assert!(invalid("cell", Msg::JournalLessonFuture)(&err), "{err:?}");
    }
    let err = save(&teacher, backend, 999_999_999, pupil, 0, &Cell::default()).await.unwrap_err();
    assert_eq!(err, AppError::NotFound);
    // Nothing of it was written.
    assert_eq!(version_of(&grid(&teacher, backend, class, subject, g.key.period_id).await.unwrap(), lesson, pupil), v);
    // A wrong final mark.
    let err = refused(
        &teacher,
        srv.url("/api/journal_save_final"),
        &[("class_id", &class.to_string()), ("subject_id", &subject.to_string()), ("period_id", &g.key.period_id.to_string()), ("pupil_id", &pupil.to_string()), ("value", "6")],
    )
    .await;
    assert!(invalid("final", Msg::JournalBadFinal)(&err), "{err:?}");
}

async fn only_those_who_keep_the_journal_write_in_it(backend: Backend) {
    let srv = server(backend);
    let db = srv.db().await;
    let (class, subject) = uchitel_journal(&db).await;
    let teacher = srv.signed_in("uchitel").await;
    let g = grid(&teacher, backend, class, subject, 0).await.unwrap();
    let (lesson, pupil) = (past(&g)[2], g.pupils[5].id);
    let w = g.default_work_type;
    let five = Cell { marks: vec![mark("5", w)], ..Cell::default() };
    // Another teacher of the school who does not teach this class this subject (activated).
    let other: String = db
        .query_scalar(
            "SELECT a.login FROM accounts a JOIN role_grants r ON r.person_id = a.person_id AND r.role = 'teacher' \
             WHERE a.state = 'active' AND a.login <> 'uchitel' AND NOT EXISTS (SELECT 1 FROM teaching_assignments t \
               WHERE t.teacher_id = a.person_id AND t.class_id = $1 AND t.subject_id = $2) \
               AND NOT EXISTS (SELECT 1 FROM classes c WHERE c.id = $1 AND c.class_teacher_id = a.person_id) \
             ORDER BY a.login LIMIT 1",
        )
        .bind(class)
        .bind(subject)
        .fetch_one(db.pool())
        .await
        .unwrap();
    let other_client = srv.signed_in(&other).await;
    assert_eq!(save(&other_client, backend, lesson, pupil, 0, &five).await.unwrap_err(), AppError::Forbidden);
    assert_eq!(grid(&other_client, backend, class, subject, 0).await.unwrap_err(), AppError::Forbidden);
    for login in ["uchenik", "roditel"] {
        let c = srv.signed_in(login).await;
        assert_eq!(save(&c, backend, lesson, pupil, 0, &five).await.unwrap_err(), AppError::Forbidden, "{login}");
        assert_eq!(grid(&c, backend, class, subject, 0).await.unwrap_err(), AppError::Forbidden, "{login}");
        let (status, _, _) = get(&c, srv.url(&format!("/journal/{class}/{subject}"))).await;
        assert_eq!(status, 403, "{login}");
    }
    // The class teacher (the demo teacher leads 5А) reads another subject of the class, read only.
    let other_subject: i64 = db
        .query_scalar("SELECT subject_id FROM teaching_assignments WHERE class_id = $1 AND subject_id <> $2 AND subgroup_id IS NULL ORDER BY subject_id LIMIT 1")
        .bind(class)
        .bind(subject)
        .fetch_one(db.pool())
        .await
        .unwrap();
    let leads: i64 = db.query_scalar("SELECT COUNT(*) FROM classes WHERE id = $1 AND class_teacher_id = $2").bind(class).bind(person(&db, "uchitel").await).fetch_one(db.pool()).await.unwrap();
    if leads == 1 {
        let read = grid(&teacher, backend, class, other_subject, 0).await.unwrap();
        assert!(!read.writable);
        let their_lesson = read.lessons.iter().find(|l| !l.future).unwrap().id;
        assert_eq!(save(&teacher, backend, their_lesson, pupil, version_of(&read, their_lesson, pupil), &five).await.unwrap_err(), AppError::Forbidden);
    }
    // A substitute writes on the lesson they give, and nowhere else in the journal.
    let other_id = person(&db, &other).await;
    db.query("UPDATE lessons SET substitute_id = $1, changed_at = 1 WHERE id = $2").bind(other_id).bind(lesson).execute(db.pool()).await.unwrap();
    let v = version_of(&g, lesson, pupil);
    assert!(matches!(save(&other_client, backend, lesson, pupil, v, &five).await.unwrap(), SaveOutcome::Saved { .. }));
    let next = past(&g)[3];
    assert_eq!(save(&other_client, backend, next, pupil, version_of(&g, next, pupil), &five).await.unwrap_err(), AppError::Forbidden);
    db.query("UPDATE lessons SET substitute_id = NULL, changed_at = NULL WHERE id = $1").bind(lesson).execute(db.pool()).await.unwrap();
    // The school admin writes anywhere in the school.
    let admin = srv.signed_in("admin").await;
    let g2 = grid(&admin, backend, class, subject, g.key.period_id).await.unwrap();
    assert!(g2.writable);
    assert!(matches!(save(&admin, backend, next, pupil, version_of(&g2, next, pupil), &five).await.unwrap(), SaveOutcome::Saved { .. }));
}

async fn the_later_of_two_saves_is_told(backend: Backend) {
    let srv = server(backend);
    let db = srv.db().await;
    let (class, subject) = uchitel_journal(&db).await;
    let teacher = srv.signed_in("uchitel").await;
    let admin = srv.signed_in("admin").await;
    let g = grid(&teacher, backend, class, subject, 0).await.unwrap();
    let (lesson, pupil) = (past(&g)[0], g.pupils[2].id);
    let v = version_of(&g, lesson, pupil);
    let w = g.default_work_type;
    let first = Cell { marks: vec![mark("4", w)], ..Cell::default() };
    let later = Cell { marks: vec![mark("2", w)], ..Cell::default() };
    assert!(matches!(save(&teacher, backend, lesson, pupil, v, &first).await.unwrap(), SaveOutcome::Saved { .. }));
    match save(&admin, backend, lesson, pupil, v, &later).await.unwrap() {
        SaveOutcome::Conflict { current, by } => {
            assert_eq!(current.cell, first);
            assert_eq!(current.version, v + 1);
            assert!(by.starts_with("Филатов"), "{by}");
        }
        other => panic!("the later save must be told: {other:?}"),
    }
    let now = grid(&admin, backend, class, subject, g.key.period_id).await.unwrap();
    assert_eq!(now.cells.iter().find(|c| c.lesson_id == lesson && c.pupil_id == pupil).unwrap().cell, first, "nothing lost");
    // Saved again on top of what is there now, it goes through.
    assert!(matches!(save(&admin, backend, lesson, pupil, v + 1, &later).await.unwrap(), SaveOutcome::Saved { version, .. } if version == v + 2));
    let rows = history(&admin, backend, lesson, pupil).await;
    assert_eq!(rows.iter().filter(|r| r.after == "4" || r.after == "2").count(), 2);
}

/// Gives a final mark as the grid does: `shown` is the mark the screen showed.
async fn save_final(client: &reqwest::Client, backend: Backend, (class, subject, period): (i64, i64, i64), pupil: i64, value: &str, shown: Option<&str>) -> Result<FinalOutcome, AppError> {
    let mut form = vec![
        ("class_id", class.to_string()),
        ("subject_id", subject.to_string()),
        ("period_id", period.to_string()),
        ("pupil_id", pupil.to_string()),
        ("value", value.to_string()),
    ];
    if let Some(shown) = shown {
        form.push(("shown", shown.to_string()));
        form.push(("if_unchanged", "true".to_string()));
    }
    let res = client.post(server(backend).url("/api/journal_save_final")).header("Accept", "application/json").form(&form).send().await.unwrap();
    let ok = res.status().is_success();
    let text = res.text().await.unwrap();
    if ok {
        Ok(serde_json::from_str(&text).expect("a FinalOutcome"))
    } else {
        Err(serde_json::from_str(&text).expect("an AppError"))
    }
}

async fn the_later_of_two_final_marks_is_told(backend: Backend) {
    let srv = server(backend);
    let db = srv.db().await;
    let (class, subject, _, _) = quiet_journal(&db, 2).await;
    let (one, two) = (srv.signed_in("admin").await, srv.signed_in("admin").await);
    let g = grid(&one, backend, class, subject, 0).await.unwrap();
    let key = (class, subject, g.key.period_id);
    let pupil = g.pupils[0].id;
    assert!(!g.finals.iter().any(|(p, v)| *p == pupil && !v.is_empty()), "the quiet journal starts without this final mark");
    let final_of = |g: &GridData| g.finals.iter().find(|(p, _)| *p == pupil).map(|(_, v)| v.clone()).unwrap_or_default();
    // Both screens show no mark; the first gives 4, the second's 5 is refused and told the 4.
    assert!(matches!(save_final(&one, backend, key, pupil, "4", Some("")).await.unwrap(), FinalOutcome::Saved { .. }));
    let admin_surname: String = db.query_scalar("SELECT p.surname FROM people p JOIN accounts a ON a.person_id = p.id WHERE a.login = 'admin'").fetch_one(db.pool()).await.unwrap();
    match save_final(&two, backend, key, pupil, "5", Some("")).await.unwrap() {
        FinalOutcome::Conflict { current, by } => {
            assert_eq!(current, "4");
            assert!(by.starts_with(&admin_surname), "{by}");
        }
        other => panic!("the later final mark must be told: {other:?}"),
    }
    assert_eq!(final_of(&grid(&one, backend, class, subject, key.2).await.unwrap()), "4", "nothing lost");
    // Given again on top of the 4 it now shows, it goes through.
    assert!(matches!(save_final(&two, backend, key, pupil, "5", Some("4")).await.unwrap(), FinalOutcome::Saved { .. }));
    // The first screen still shows 4: taking it back is refused, and it learns of the 5.
    assert!(matches!(save_final(&one, backend, key, pupil, "", Some("4")).await.unwrap(), FinalOutcome::Conflict { current, .. } if current == "5"));
    assert_eq!(final_of(&grid(&one, backend, class, subject, key.2).await.unwrap()), "5");
    // A caller that names no shown mark overwrites (the API as it was before the check).
    assert!(matches!(save_final(&one, backend, key, pupil, "3", None).await.unwrap(), FinalOutcome::Saved { .. }));
    assert!(matches!(save_final(&one, backend, key, pupil, "", Some("3")).await.unwrap(), FinalOutcome::Saved { .. }));
    assert_eq!(final_of(&grid(&one, backend, class, subject, key.2).await.unwrap()), "");
    // The refused saves wrote nothing: four changes audited (4, 5, 3, taken back).
    let audited: i64 = db
        .query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'journal.final' AND entity_id = $1")
        .bind(pupil)
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(audited, 4);
}

async fn a_closed_period_locks_its_marks(backend: Backend) {
    let srv = server(backend);
    let db = srv.db().await;
    let (class, subject) = uchitel_journal(&db).await;
    let teacher = srv.signed_in("uchitel").await;
    let admin = srv.signed_in("admin").await;
    // The first quarter: past, unused by the other tests.
    let q1: i64 = db
        .query_scalar("SELECT p.id FROM reporting_periods p JOIN classes c ON c.academic_year_id = p.academic_year_id WHERE c.id = $1 AND p.kind = 'quarter' AND p.number = 1")
        .bind(class)
        .fetch_one(db.pool())
        .await
        .unwrap();
    let g = grid(&teacher, backend, class, subject, q1).await.unwrap();
    let (lesson, pupil) = (past(&g)[0], g.pupils[0].id);
    let five = Cell { marks: vec![mark("5", g.default_work_type)], ..Cell::default() };
    // Only the school admin closes a period.
    assert_eq!(refused(&teacher, srv.url("/api/journal_period_lock"), &[("period_id", &q1.to_string()), ("closed", "1")]).await, AppError::Forbidden);
    let (status, location) = post(&admin, srv.url("/api/journal_period_lock"), &[("period_id", &q1.to_string()), ("closed", "1")]).await;
    assert!(status == 303 || status == 302, "{status}");
    assert!(location.starts_with("/journal/admin"));
    let locked = grid(&teacher, backend, class, subject, q1).await.unwrap();
    assert!(locked.closed && !locked.writable);
    let err = save(&teacher, backend, lesson, pupil, 0, &five).await.unwrap_err();
    assert!(invalid("cell", Msg::JournalPeriodClosed)(&err), "{err:?}");
    let err = save(&admin, backend, lesson, pupil, 0, &five).await.unwrap_err();
    assert!(invalid("cell", Msg::JournalPeriodClosed)(&err), "the admin reopens first: {err:?}");
    let err = refused(
        &teacher,
        srv.url("/api/journal_save_final"),
        &[("class_id", &class.to_string()), ("subject_id", &subject.to_string()), ("period_id", &q1.to_string()), ("pupil_id", &pupil.to_string()), ("value", "5")],
    )
    .await;
    assert!(invalid("final", Msg::JournalPeriodClosed)(&err), "{err:?}");
    post(&admin, srv.url("/api/journal_period_lock"), &[("period_id", &q1.to_string()), ("closed", "0")]).await;
    assert!(matches!(save(&teacher, backend, lesson, pupil, 0, &five).await.unwrap(), SaveOutcome::Saved { version: 1, .. }));
    let audited: Vec<String> = db
        .query_scalar("SELECT action FROM audit_log WHERE entity = 'reporting_period' AND entity_id = $1 ORDER BY id")
        .bind(q1)
        .fetch_all(db.pool())
        .await
        .unwrap();
    assert_eq!(audited, vec!["journal.period_close".to_string(), "journal.period_reopen".to_string()]);
    // The admin's page lists the periods and the school's newest changes.
    let (status, _, html) = get(&admin, srv.url("/journal/admin")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Открыть период") || html.contains("Закрыть период"));
    let (status, _, _) = get(&teacher, srv.url("/journal/admin")).await;
    assert_eq!(status, 403);
}

/// The table of `app::journal::average`'s tests, through the real save and grid: 5·1, 4·3,
/// 3·2, 2·0, «зач», and an absence → Σ v·w = 23, Σ w = 6, 3,83; the final suggestion 4.
async fn the_average_matches_the_hand_computed_table(backend: Backend) {
    let srv = server(backend);
    let db = srv.db().await;
    let (class, subject) = uchitel_journal(&db).await;
    let teacher = srv.signed_in("uchitel").await;
    let g = grid(&teacher, backend, class, subject, 0).await.unwrap();
    let row = 3;
    let pupil = g.pupils[row].id;
    let lessons = past(&g);
    assert!(lessons.len() >= 6, "{} past lessons", lessons.len());
    // Clear the pupil's demo marks first.
    for c in g.cells.iter().filter(|c| c.pupil_id == pupil) {
        assert!(matches!(save(&teacher, backend, c.lesson_id, pupil, c.version, &Cell::default()).await.unwrap(), SaveOutcome::Saved { .. }));
    }
    let cleared = grid(&teacher, backend, class, subject, g.key.period_id).await.unwrap();
    assert_eq!(cleared.averages[row], "");
    let table = [
        ("5", work_type(&g, "Ответ на уроке")),
        ("4", work_type(&g, "Контрольная работа")),
        ("3", work_type(&g, "Самостоятельная работа")),
        ("2", work_type(&g, "Работа над ошибками")),
        ("зач", work_type(&g, "Зачёт")),
    ];
    for (i, (v, w)) in table.iter().enumerate() {
        let lesson = lessons[i];
        let cell = Cell { marks: vec![mark(v, *w)], ..Cell::default() };
        assert!(matches!(save(&teacher, backend, lesson, pupil, version_of(&cleared, lesson, pupil), &cell).await.unwrap(), SaveOutcome::Saved { .. }));
    }
    let absent = lessons[5];
    save(&teacher, backend, absent, pupil, version_of(&cleared, absent, pupil), &Cell { a: "н".into(), ..Cell::default() }).await.unwrap();
    let after = grid(&teacher, backend, class, subject, g.key.period_id).await.unwrap();
    assert_eq!(after.averages[row], "3,83");
    // The final mark: given, then found.
    let res = teacher
        .post(srv.url("/api/journal_save_final"))
        .header("Accept", "application/json")
        .form(&[("class_id", &class.to_string()), ("subject_id", &subject.to_string()), ("period_id", &g.key.period_id.to_string()), ("pupil_id", &pupil.to_string()), ("value", &"4".to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let fin = grid(&teacher, backend, class, subject, g.key.period_id).await.unwrap();
    assert!(fin.finals.contains(&(pupil, "4".to_string())));
    // The year: the periods' marks side by side, their average (4 and 5: 4,50) suggests the
    // year mark, which is given like a period's.
    let next = g.periods.iter().skip_while(|p| p.id != g.key.period_id).nth(1).expect("a later quarter").id;
    let year = g.periods.iter().find(|p| p.label == "Год").expect("the year among the periods").id;
    for (period, value) in [(next, "5")] {
        let res = teacher
            .post(srv.url("/api/journal_save_final"))
            .header("Accept", "application/json")
            .form(&[("class_id", class.to_string()), ("subject_id", subject.to_string()), ("period_id", period.to_string()), ("pupil_id", pupil.to_string()), ("value", value.to_string())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
    }
    let y = grid(&teacher, backend, class, subject, year).await.unwrap();
    assert!(y.year_view && y.lessons.is_empty());
    assert!(y.period_finals.iter().any(|(_, values)| values.contains(&(pupil, "4".to_string()))));
    assert!(y.period_finals.iter().any(|(_, values)| values.contains(&(pupil, "5".to_string()))));
    assert_eq!(y.averages[row], "4,50");
    assert_eq!(y.year_avg100[row], Some(450));
    let res = teacher
        .post(srv.url("/api/journal_save_final"))
        .header("Accept", "application/json")
        .form(&[("class_id", class.to_string()), ("subject_id", subject.to_string()), ("period_id", year.to_string()), ("pupil_id", pupil.to_string()), ("value", "5".to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(grid(&teacher, backend, class, subject, year).await.unwrap().finals.contains(&(pupil, "5".to_string())));
    let (status, _, html) = get(&teacher, srv.url(&format!("/journal/{class}/{subject}?period={year}"))).await;
    assert_eq!(status, 200);
    assert!(html.contains("class=\"pf\""), "the year's grid shows period marks");
}

/// The lesson page's two forms, posted as a browser without JavaScript does.
async fn the_lesson_page_works_without_javascript(backend: Backend) {
    let srv = server(backend);
    let db = srv.db().await;
    let (class, subject) = uchitel_journal(&db).await;
    let teacher = srv.signed_in("uchitel").await;
    let g = grid(&teacher, backend, class, subject, 0).await.unwrap();
    let lesson = past(&g)[4];
    let (p1, p2) = (g.pupils[6].id, g.pupils[7].id);
    let control = work_type(&g, "Контрольная работа");
    let (status, location) = post(
        &teacher,
        srv.url("/api/journal_save_lesson_notes"),
        &[("id", &lesson.to_string()), ("topic", "Сложение дробей"), ("homework", "№ 245, 247"), ("work_type_id", &control.to_string())],
    )
    .await;
    assert!(status == 302 || status == 303, "{status} {location}");
    assert_eq!(location, format!("/journal/lesson/{lesson}?saved=notes"));
    let rows = [
        ("rows[0][pupil]", p1.to_string()),
        ("rows[0][version]", version_of(&g, lesson, p1).to_string()),
        ("rows[0][attendance]", "о".to_string()),
        ("rows[0][minutes]", "10".to_string()),
        ("rows[0][marks]", "5 4".to_string()),
        ("rows[1][pupil]", p2.to_string()),
        ("rows[1][version]", version_of(&g, lesson, p2).to_string()),
        ("rows[1][attendance]", "н".to_string()),
        ("rows[1][minutes]", String::new()),
        ("rows[1][marks]", String::new()),
    ];
    let form: Vec<(&str, &str)> = rows.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, location) = post(&teacher, srv.url("/api/journal_save_lesson_marks"), &[&[("id", lesson.to_string().as_str())][..], &form[..]].concat()).await;
    assert!(status == 302 || status == 303, "{status} {location}");
    let after = grid(&teacher, backend, class, subject, g.key.period_id).await.unwrap();
    let c1 = &after.cells.iter().find(|c| c.lesson_id == lesson && c.pupil_id == p1).unwrap().cell;
    assert_eq!((c1.a.as_str(), c1.min, c1.text()), ("о", Some(10), "о10' 5 4".to_string()));
    assert!(c1.marks.iter().all(|m| m.w == control), "the column's work type");
    assert_eq!(after.cells.iter().find(|c| c.lesson_id == lesson && c.pupil_id == p2).unwrap().cell.a, "н");
    assert_eq!(history(&teacher, backend, lesson, p1).await[0].screen, "lesson");
    let (status, _, html) = get(&teacher, srv.url(&format!("/journal/lesson/{lesson}"))).await;
    assert_eq!(status, 200);
    assert!(html.contains("Сложение дробей") && html.contains("№ 245, 247"));
    // A wrong mark is refused with the pupil's row named.
    let bad = [("id", lesson.to_string()), ("rows[0][pupil]", p2.to_string()), ("rows[0][version]", "0".into()), ("rows[0][marks]", "7".into())];
    let bad: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let err = refused(&teacher, srv.url("/api/journal_save_lesson_marks"), &bad).await;
    assert!(matches!(&err, AppError::Invalid { msg: Msg::JournalRowRefused, .. }), "{err:?}");
}

/// «Отсутствие на весь день»: every lesson of the date, marks kept, the parents' notices queued;
/// only the class teacher (or the admin), only a past or present date with lessons.
async fn a_whole_day_of_absence_from_one_place(backend: Backend) {
    let srv = server(backend);
    let db = srv.db().await;
    let (class, subject) = uchitel_journal(&db).await;
    let teacher = srv.signed_in("uchitel").await;
    let g = grid(&teacher, backend, class, subject, 0).await.unwrap();
    let pupil = g.pupils[8].id;
    let lesson = g.lessons.iter().find(|l| !l.future).unwrap();
    let w = g.default_work_type;
    let v = version_of(&g, lesson.id, pupil);
    let five = Cell { marks: vec![mark("5", w)], ..Cell::default() };
    assert!(matches!(save(&teacher, backend, lesson.id, pupil, v, &five).await.unwrap(), SaveOutcome::Saved { .. }));
    let form = |date: &str, kind: &str| vec![("pupil_id".to_string(), pupil.to_string()), ("date".to_string(), date.to_string()), ("attendance".to_string(), kind.to_string())];
    let as_refs = |f: &Vec<(String, String)>| f.iter().map(|(k, v)| (k.clone(), v.clone())).collect::<Vec<_>>();
    let post_form = |client: &reqwest::Client, f: Vec<(String, String)>| {
        let req = client.post(srv.url("/api/journal_absent_day")).header("Accept", "application/json").form(&f);
        async move { req.send().await.unwrap() }
    };
    let lessons_that_day: i64 = db
        .query_scalar(
            "SELECT COUNT(*) FROM lessons l JOIN class_enrolments e ON e.class_id = l.class_id AND e.pupil_id = $1 \
             WHERE l.lesson_date = $2 AND l.cancelled = 0 \
               AND (l.subgroup_id IS NULL OR l.subgroup_id IN (SELECT subgroup_id FROM subgroup_members WHERE pupil_id = $1))",
        )
        .bind(pupil)
        .bind(lesson.date.clone())
        .fetch_one(db.pool())
        .await
        .unwrap();
    let notices_before: i64 = db.query_scalar("SELECT COUNT(*) FROM absence_notices WHERE pupil_id = $1").bind(pupil).fetch_one(db.pool()).await.unwrap();
    // As a browser without JavaScript posts it.
    let f = form(&lesson.date, "б");
    let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (status, location) = post(&teacher, srv.url("/api/journal_absent_day"), &pairs).await;
    assert!(status == 302 || status == 303, "{status}");
    assert!(location.starts_with("/journal?absent="), "{location}");
    let changed: i64 = location.trim_start_matches("/journal?absent=").parse().unwrap();
    assert!(changed >= 1 && changed <= lessons_that_day, "{changed} of {lessons_that_day}");
    let after = grid(&teacher, backend, class, subject, g.key.period_id).await.unwrap();
    let c = &after.cells.iter().find(|c| c.lesson_id == lesson.id && c.pupil_id == pupil).unwrap().cell;
    assert_eq!(c.a, "б");
    assert_eq!(c.marks, five.marks, "marks stay");
    let notices: i64 = db.query_scalar("SELECT COUNT(*) FROM absence_notices WHERE pupil_id = $1").bind(pupil).fetch_one(db.pool()).await.unwrap();
    assert_eq!(notices - notices_before, changed, "one notice for the parents per lesson newly missed");
    assert_eq!(history(&teacher, backend, lesson.id, pupil).await[0].screen, "day");
    // Refusals.
    let res = post_form(&teacher, as_refs(&form(&lesson.date, "о"))).await;
    let err: AppError = res.json().await.unwrap();
    assert!(invalid("attendance", Msg::JournalBadAttendance)(&err), "{err:?}");
    let res = post_form(&teacher, as_refs(&form("2099-01-10", "н"))).await;
    let err: AppError = res.json().await.unwrap();
    assert!(invalid("date", Msg::JournalLessonFuture)(&err), "{err:?}");
    let res = post_form(&teacher, as_refs(&form("10.01.2026", "н"))).await;
    let err: AppError = res.json().await.unwrap();
    assert!(invalid("date", Msg::JournalBadDate)(&err), "{err:?}");
    let sunday = {
        use chrono::Datelike;
        let mut d = chrono::NaiveDate::parse_from_str(&lesson.date, "%Y-%m-%d").unwrap();
        while d.weekday() != chrono::Weekday::Sun {
            d = d.pred_opt().unwrap();
        }
        d.format("%Y-%m-%d").to_string()
    };
    let res = post_form(&teacher, as_refs(&form(&sunday, "н"))).await;
    let err: AppError = res.json().await.unwrap();
    assert!(invalid("date", Msg::JournalNoLessonsThatDay)(&err), "{err:?}");
    // A teacher who does not lead the class.
    let other: String = db
        .query_scalar(
            "SELECT a.login FROM accounts a JOIN role_grants r ON r.person_id = a.person_id AND r.role = 'teacher' \
             WHERE a.state = 'active' AND NOT EXISTS (SELECT 1 FROM classes c WHERE c.id = $1 AND c.class_teacher_id = a.person_id) \
             ORDER BY a.login LIMIT 1",
        )
        .bind(class)
        .fetch_one(db.pool())
        .await
        .unwrap();
    let other = srv.signed_in(&other).await;
    let res = post_form(&other, as_refs(&form(&lesson.date, "н"))).await;
    assert_eq!(res.status(), 403);
    let pupil_client = srv.signed_in("uchenik").await;
    assert_eq!(post_form(&pupil_client, as_refs(&form(&lesson.date, "н"))).await.status(), 403);
}

/// The page's table is cached per process: every change it shows must still reach the next read
/// — a save (the revision), a lesson's topic and a pupil's name (the fingerprint), the latter
/// written straight into the database as another process would.
async fn the_grid_page_is_never_stale(backend: Backend) {
    let srv = server(backend);
    let db = srv.db().await;
    // A journal no other test writes in: what the page shows and what a fresh read finds must
    // be the same, with nobody changing it in between.
    let (class, subject, _, _) = quiet_journal(&db, 1).await;
    let teacher = srv.signed_in("admin").await;
    let first = page(&teacher, backend, class, subject, 0).await;
    assert!(first.writable && !first.empty);
    let g = data_in(&first.html).expect("the table carries its data");
    let full = grid(&teacher, backend, class, subject, first.key.period_id).await.unwrap();
    assert_eq!((&g.cells, &g.pupils, &g.lessons), (&full.cells, &full.pupils, &full.lessons));
    // A page kept in memory carries the school's revision of its reading: writes in the
    // school's other grids move the school on, never this grid's cells (the screen asks for the
    // changes since it, and this grid's are all there).
    assert!(g.revision <= full.revision, "{} > {}", g.revision, full.revision);
    assert!(!g.writable, "the cached table is the same for every viewer: the right to write is in the shell");
    assert_eq!(data_in(&page(&teacher, backend, class, subject, 0).await.html), Some(g.clone()), "a second read is the same");

    let (lesson, pupil) = (past(&g)[1], g.pupils[2].id);
    let cell = Cell { a: String::new(), min: None, marks: vec![Mark { v: "2".into(), w: g.default_work_type, c: "Пересдать до пятницы".into() }] };
    let SaveOutcome::Saved { version, .. } = save(&teacher, backend, lesson, pupil, version_of(&g, lesson, pupil), &cell).await.unwrap() else { panic!("saved") };
    let after_save = page(&teacher, backend, class, subject, 0).await;
    assert!(after_save.html.contains("Пересдать до пятницы"), "the saved mark is in the table");
    assert_eq!(version_of(&data_in(&after_save.html).unwrap(), lesson, pupil), version);

    // Another process's save, straight into the database as that process writes it: the
    // school's revision raised and the cell stored under it, in one transaction. This process
    // keeps the grid's versions while the school's numbers, read with every session, stay as
    // they were: the raised revision must send it back to the database for them.
    let mut tx = db.pool().begin().await.unwrap();
    let revision = app::journal::grid::server::bump_revision(&db, &mut tx, first.school_id).await.unwrap();
    db.query("UPDATE journal_cells SET marks = $1, version = version + 1, revision = $2 WHERE lesson_id = $3 AND pupil_id = $4")
        .bind(format!(r#"[{{"v":"3","w":{},"c":"Поставлено в другом процессе"}}]"#, g.default_work_type))
        .bind(revision)
        .bind(lesson)
        .bind(pupil)
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let after_other = page(&teacher, backend, class, subject, 0).await;
    assert!(after_other.html.contains("Поставлено в другом процессе"), "the other process's mark is in the table");
    assert_eq!(version_of(&data_in(&after_other.html).unwrap(), lesson, pupil), version + 1);

    let (status, _) = post(&teacher, srv.url("/api/journal_save_lesson_notes"), &[("id", &lesson.to_string()), ("topic", "Признаки делимости на 9"), ("homework", ""), ("work_type_id", "")]).await;
    assert!(status == 302 || status == 303, "{status}");
    assert!(page(&teacher, backend, class, subject, 0).await.html.contains("Признаки делимости на 9"), "the new topic is in the header");

    db.query("UPDATE people SET surname = $1 WHERE id = $2").bind("Ёлкина-Кэшева").bind(pupil).execute(db.pool()).await.unwrap();
    assert!(page(&teacher, backend, class, subject, 0).await.html.contains("Ёлкина-Кэшева"), "the new name is in the table");
}

/// The page and the policy's facts are kept in memory under the school's structure stamp: a
/// pupil enrolled, a lesson's topic and a teaching assignment given and taken back, each written
/// straight into the database (as a fix by hand or another program would), show at once. On a
/// class none of the other tests use, so their grids stay as they are.
async fn structure_changes_made_behind_the_apps_back_show_at_once(backend: Backend) {
    let srv = server(backend);
    let db = srv.db().await;
    let uchitel = person(&db, "uchitel").await;
    let (class, subject, year, school) = quiet_journal(&db, 0).await;
    let admin = srv.signed_in("admin").await;
    let first = page(&admin, backend, class, subject, 0).await;
    assert!(first.writable && !first.empty);

    let pupil: i64 = db
        .query_scalar(
            "INSERT INTO people (school_id, surname, name, patronymic, sex, birth_date, created_at, updated_at) \
             VALUES ($1, 'Штампова', 'Вера', 'Ивановна', 'f', '2014-05-06', 0, 0) RETURNING id",
        )
        .bind(school)
        .fetch_one(db.pool())
        .await
        .unwrap();
    db.query("INSERT INTO class_enrolments (school_id, class_id, pupil_id) VALUES ($1, $2, $3)").bind(school).bind(class).bind(pupil).execute(db.pool()).await.unwrap();
    let enrolled = page(&admin, backend, class, subject, 0).await;
    assert!(enrolled.html.contains("Штампова Вера"), "the pupil enrolled behind the app's back is in the grid");

    let g = data_in(&enrolled.html).unwrap();
    let lesson = past(&g)[0];
    db.query(
        "INSERT INTO lesson_notes (lesson_id, school_id, topic, homework, changed_at) VALUES ($1, $2, 'Тема, записанная в обход', '', 0) \
         ON CONFLICT (lesson_id) DO UPDATE SET topic = 'Тема, записанная в обход'",
    )
    .bind(lesson)
    .bind(school)
    .execute(db.pool())
    .await
    .unwrap();
    assert!(page(&admin, backend, class, subject, 0).await.html.contains("Тема, записанная в обход"), "the topic is in the header");

    let teacher = srv.signed_in("uchitel").await;
    assert_eq!(grid_page_status(&teacher, backend, class, subject).await, 403, "uchitel does not teach this class");
    db.query("INSERT INTO teaching_assignments (school_id, academic_year_id, teacher_id, class_id, subject_id, hours_per_week) VALUES ($1, $2, $3, $4, $5, 1)")
        .bind(school)
        .bind(year)
        .bind(uchitel)
        .bind(class)
        .bind(subject)
        .execute(db.pool())
        .await
        .unwrap();
    assert_eq!(grid_page_status(&teacher, backend, class, subject).await, 200, "the new assignment opens the journal at once");
    assert!(page(&teacher, backend, class, subject, 0).await.writable);
    db.query("DELETE FROM teaching_assignments WHERE teacher_id = $1 AND class_id = $2 AND subject_id = $3").bind(uchitel).bind(class).bind(subject).execute(db.pool()).await.unwrap();
    assert_eq!(grid_page_status(&teacher, backend, class, subject).await, 403, "taking the assignment back closes it at once");
}

async fn grid_page_status(client: &reqwest::Client, backend: Backend, class: i64, subject: i64) -> u16 {
    let res = client
        .post(server(backend).url("/api/journal_grid_page"))
        .header("Accept", "application/json")
        .form(&[("class_id", class.to_string()), ("subject_id", subject.to_string())])
        .send()
        .await
        .unwrap();
    res.status().as_u16()
}

on_both_backends!(
    the_grid_page_is_never_stale,
    structure_changes_made_behind_the_apps_back_show_at_once,
    a_teacher_saves_a_cell_and_finds_it_again,
    wrong_cells_are_refused_at_the_cell,
    only_those_who_keep_the_journal_write_in_it,
    the_later_of_two_saves_is_told,
    the_later_of_two_final_marks_is_told,
    a_closed_period_locks_its_marks,
    the_average_matches_the_hand_computed_table,
    the_lesson_page_works_without_javascript,
    a_whole_day_of_absence_from_one_place,
);
