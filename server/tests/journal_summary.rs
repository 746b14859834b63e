//! The class teacher's summary («Сводная ведомость», issue 6), black-box on both backends: every
//! subject's weighted average (checked against a hand computation) and final mark, the absences
//! counted, who may open it (the class teacher, the school admin — not a subject teacher, not a
//! pupil), which classes `/journal` offers, and the page without JavaScript.
//!
//! A binary of its own: it rewrites cells of the demo class, which the grid tests must not see.

mod common;

use app::error::AppError;
use app::journal::grid::types::{GridData, JournalList, SaveOutcome};
use app::journal::marks::{Cell, Mark};
use app::journal::summary::ClassSummary;
use common::{get, person, server, Backend};

async fn call<T: serde::de::DeserializeOwned>(client: &reqwest::Client, backend: Backend, endpoint: &str, form: &[(&str, String)]) -> Result<T, AppError> {
    let res = client.post(server(backend).url(&format!("/api/{endpoint}"))).header("Accept", "application/json").form(form).send().await.unwrap();
    let ok = res.status().is_success();
    let text = res.text().await.unwrap();
    if ok {
        Ok(serde_json::from_str(&text).unwrap_or_else(|e| panic!("{endpoint}: {e}: {text}")))
    } else {
        Err(serde_json::from_str(&text).unwrap_or_else(|e| panic!("{endpoint}: {e}: {text}")))
    }
}

async fn summary(client: &reqwest::Client, backend: Backend, class: i64, period: i64) -> Result<ClassSummary, AppError> {
    call(client, backend, "journal_class_summary", &[("class_id", class.to_string()), ("period_id", period.to_string())]).await
}

async fn grid(client: &reqwest::Client, backend: Backend, class: i64, subject: i64, period: i64) -> GridData {
    call(client, backend, "journal_grid", &[("class_id", class.to_string()), ("subject_id", subject.to_string()), ("period_id", period.to_string())]).await.unwrap()
}

async fn save(client: &reqwest::Client, backend: Backend, lesson: i64, pupil: i64, version: i64, cell: &Cell) {
    let res = client
        .post(server(backend).url("/api/journal_save_cell"))
        .header("Accept", "application/json")
        .json(&serde_json::json!({ "lesson_id": lesson, "pupil_id": pupil, "version": version, "cell": cell }))
        .send()
        .await
        .unwrap();
    let text = res.text().await.unwrap();
    let outcome: SaveOutcome = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    assert!(matches!(outcome, SaveOutcome::Saved { .. }), "{outcome:?}");
}

fn version_of(g: &GridData, lesson: i64, pupil: i64) -> i64 {
    g.cells.iter().find(|c| c.lesson_id == lesson && c.pupil_id == pupil).map(|c| c.version).unwrap_or(0)
}

fn cell_of(g: &GridData, lesson: i64, pupil: i64) -> Cell {
    g.cells.iter().find(|c| c.lesson_id == lesson && c.pupil_id == pupil).map(|c| c.cell.clone()).unwrap_or_default()
}

/// The class the demo teacher leads, and its name.
async fn led_class(db: &app::db::Db) -> i64 {
    let me = person(db, "uchitel").await;
    db.query_scalar("SELECT id FROM classes WHERE class_teacher_id = $1 ORDER BY id LIMIT 1").bind(me).fetch_one(db.pool()).await.unwrap()
}

async fn the_class_summary_sums_up_every_subject(backend: Backend) {
    let srv = server(backend);
    let db = srv.db().await;
    let class = led_class(&db).await;
    let leader = srv.signed_in("uchitel").await;
    let admin = srv.signed_in("admin").await;
    let before = summary(&leader, backend, class, 0).await.unwrap();
    assert!(before.subjects.len() >= 2 && before.rows.len() >= 3, "{} subjects, {} pupils", before.subjects.len(), before.rows.len());
    assert!(before.periods.iter().all(|p| p.label != "Год"), "the year has no cells of its own");
    let row = 2;
    let pupil = before.rows[row].pupil_id;
    // Two subjects taught to the whole class (a grouped one's grid is its group's) with at least
    // three lessons behind them this period.
    let mut whole = Vec::new();
    for (i, s) in before.subjects.iter().enumerate().filter(|(_, s)| !s.href.contains("group=")) {
        let g = grid(&admin, backend, class, s.id, before.period_id).await;
        if g.lessons.iter().filter(|l| !l.future).count() >= 3 {
            whole.push(i);
        }
    }
    assert!(whole.len() >= 2, "{:?}", before.subjects);
    let (i1, i2) = (whole[0], whole[1]);
    let (first, second) = (before.subjects[i1].id, before.subjects[i2].id);

    // The first subject: the pupil's marks cleared, then «5» (answer in class), «3» (test) and
    // «зач» (pass/fail, which never counts). The admin writes in every journal.
    let g = grid(&admin, backend, class, first, before.period_id).await;
    let weight = |name: &str| g.work_types.iter().find(|w| w.name == name).map(|w| (w.id, w.weight)).unwrap_or_else(|| panic!("{name}"));
    let (answer, test, pass) = (weight("Ответ на уроке"), weight("Контрольная работа"), weight("Зачёт"));
    for c in g.cells.iter().filter(|c| c.pupil_id == pupil && !c.cell.marks.is_empty()) {
        save(&admin, backend, c.lesson_id, pupil, c.version, &Cell { marks: vec![], ..c.cell.clone() }).await;
    }
    let g = grid(&admin, backend, class, first, before.period_id).await;
    let past: Vec<i64> = g.lessons.iter().filter(|l| !l.future).map(|l| l.id).collect();
    assert!(past.len() >= 3, "{} past lessons", past.len());
    for (lesson, (v, (w, _))) in past.iter().zip([("5", answer), ("3", test), ("зач", pass)]) {
        let cell = Cell { marks: vec![Mark { v: v.into(), w, c: String::new() }], ..cell_of(&g, *lesson, pupil) };
        save(&admin, backend, *lesson, pupil, version_of(&g, *lesson, pupil), &cell).await;
    }
    // By hand: (5·w₁ + 3·w₂) / (w₁ + w₂), two decimals with a comma.
    let hand = (5.0 * answer.1 as f64 + 3.0 * test.1 as f64) / (answer.1 + test.1) as f64;
    let hand = format!("{:.2}", (hand * 100.0).round() / 100.0).replace('.', ",");

    // The second subject: «н», «б» and «о» on three lessons where the pupil had no attendance.
    let g2 = grid(&admin, backend, class, second, before.period_id).await;
    // Any absence there was in those three lessons is taken back from the expected counts.
    let three: Vec<i64> = g2.lessons.iter().filter(|l| !l.future).map(|l| l.id).take(3).collect();
    let mut expected = (2, 1, 1);
    for (lesson, (a, min)) in three.iter().zip([("н", None), ("б", None), ("о", Some(5))]) {
        let had = cell_of(&g2, *lesson, pupil);
        match had.a.as_str() {
            "н" | "п" => expected.0 -= 1,
            "б" => (expected.0, expected.1) = (expected.0 - 1, expected.1 - 1),
            "о" => expected.2 -= 1,
            _ => {}
        }
        let cell = Cell { a: a.into(), min, ..had };
        save(&admin, backend, *lesson, pupil, version_of(&g2, *lesson, pupil), &cell).await;
    }
    // A final mark in the first subject.
    let res = admin
        .post(srv.url("/api/journal_save_final"))
        .header("Accept", "application/json")
        .form(&[("class_id", class.to_string()), ("subject_id", first.to_string()), ("period_id", before.period_id.to_string()), ("pupil_id", pupil.to_string()), ("value", "4".to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    let after = summary(&leader, backend, class, before.period_id).await.unwrap();
    let (was, now) = (&before.rows[row], &after.rows[row]);
    assert_eq!(now.pupil_id, pupil);
    assert_eq!(now.subjects[i1].average, hand, "«зач» does not count");
    assert!(now.subjects[i1].hint.starts_with("avg"), "{:?}", now.subjects[i1]);
    assert_eq!(now.subjects[i1].final_mark, "4");
    assert_eq!((now.missed - was.missed, now.ill - was.ill, now.late - was.late), expected);
    // Other pupils are untouched.
    assert_eq!(after.rows[row + 1], before.rows[row + 1]);

    // The admin sees the same; the page renders without JavaScript, as a proper table.
    assert_eq!(summary(&admin, backend, class, before.period_id).await.unwrap(), after);
    let (status, _, html) = get(&leader, srv.url(&format!("/journal/summary/{class}?period={}", before.period_id))).await;
    assert_eq!(status, 200);
    let title = format!("Сводная ведомость · {}", after.class_name);
    assert!(html.contains(&title) && html.contains("<thead>") && html.contains("<tbody>") && html.contains(&hand), "{html}");
    assert!(html.contains("Пропущено уроков") && html.contains(&after.subjects[i2].name));
}

async fn only_the_class_teacher_and_the_admin_open_it(backend: Backend) {
    let srv = server(backend);
    let db = srv.db().await;
    let class = led_class(&db).await;
    let leader_id = person(&db, "uchitel").await;
    // A teacher of the class who does not lead it; a pupil of the class.
    let subject_teacher: String = db
        .query_scalar(
            "SELECT a.login FROM teaching_assignments t JOIN accounts a ON a.person_id = t.teacher_id \
             WHERE t.class_id = $1 AND t.teacher_id <> $2 AND a.state = 'active' ORDER BY a.login LIMIT 1",
        )
        .bind(class)
        .bind(leader_id)
        .fetch_one(db.pool())
        .await
        .unwrap();
    let pupil: String = db
        .query_scalar("SELECT a.login FROM accounts a JOIN class_enrolments e ON e.pupil_id = a.person_id WHERE e.class_id = $1 AND a.state = 'active' ORDER BY a.login LIMIT 1")
        .bind(class)
        .fetch_one(db.pool())
        .await
        .unwrap();
    for login in [subject_teacher.as_str(), pupil.as_str()] {
        let client = srv.signed_in(login).await;
        assert_eq!(summary(&client, backend, class, 0).await.unwrap_err(), AppError::Forbidden, "{login}");
    }
    let leader = srv.signed_in("uchitel").await;
    let other: i64 = db.query_scalar("SELECT id FROM classes WHERE id <> $1 ORDER BY id LIMIT 1").bind(class).fetch_one(db.pool()).await.unwrap();
    assert_eq!(summary(&leader, backend, other, 0).await.unwrap_err(), AppError::Forbidden, "a class the teacher does not lead");
    assert_eq!(srv.client().post(srv.url("/api/journal_class_summary")).form(&[("class_id", class)]).send().await.unwrap().status(), 401);
    let admin = srv.signed_in("admin").await;
    assert_eq!(summary(&admin, backend, 987_654_321, 0).await.unwrap_err(), AppError::NotFound);
    let year: i64 = db
        .query_scalar("SELECT p.id FROM reporting_periods p JOIN classes c ON c.academic_year_id = p.academic_year_id WHERE c.id = $1 AND p.kind = 'year'")
        .bind(class)
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(summary(&admin, backend, class, year).await.unwrap_err(), AppError::NotFound, "the year's tab");
    assert!(summary(&admin, backend, class, 0).await.is_ok());

    // `/journal` offers the class teacher their class, the admin every class of the year.
    let index = |client: reqwest::Client| async move { call::<JournalList>(&client, backend, "journal_index", &[]).await.unwrap() };
    let led: Vec<String> = index(leader).await.summaries.into_iter().map(|(href, _)| href).collect();
    let leads: Vec<i64> = db
        .query_scalar("SELECT id FROM classes WHERE class_teacher_id = $1 ORDER BY grade, letter")
        .bind(leader_id)
        .fetch_all(db.pool())
        .await
        .unwrap();
    assert!(led.contains(&format!("/journal/summary/{class}")), "{led:?}");
    assert_eq!(led, leads.iter().map(|id| format!("/journal/summary/{id}")).collect::<Vec<_>>());
    let classes: i64 = db
        .query_scalar("SELECT COUNT(*) FROM classes c WHERE c.academic_year_id = (SELECT academic_year_id FROM classes WHERE id = $1)")
        .bind(class)
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(index(admin).await.summaries.len() as i64, classes);
    assert!(index(srv.signed_in(&subject_teacher).await).await.summaries.iter().all(|(href, _)| href != &format!("/journal/summary/{class}")));
}

on_both_backends!(the_class_summary_sums_up_every_subject, only_the_class_teacher_and_the_admin_open_it,);
