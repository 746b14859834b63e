//! Dated lessons, personal timetables with iCal, substitutions — black-box on both backends:
//! the demo school's year laid out from its template, template edits reaching future lessons
//! only, who sees which timetable, a pupil's iCal with their own group's lessons only, the
//! private subscription and its revocation, and a substitution for the next school day shown in
//! the class's and both teachers' timetables, with every clash refused by name.

mod common;

use app::error::AppError;
use app::i18n::{Lang, Msg};
use app::timetable::lessons::calendar::{format_date, parse_date};
use app::timetable::lessons::server::{regenerate_year, sync_entries, sync_entries_counted};
use chrono::Datelike;
use common::{get, invalid, person, post, refused, server, Backend};
use std::collections::HashSet;

async fn scalar(db: &app::db::Db, sql: &'static str) -> i64 {
    db.query_scalar(sql).fetch_one(db.pool()).await.unwrap()
}

/// Today in Moscow, as the server counts it.
fn today() -> String {
    format_date(chrono::DateTime::from_timestamp(app::db::now() + 3 * 3600, 0).unwrap().date_naive())
}

async fn the_year_is_laid_out_from_the_template(backend: Backend) {
    let db = server(backend).db().await;
    assert!(scalar(&db, "SELECT COUNT(*) FROM lessons").await > 10_000);
    // No lesson on a holiday or outside the terms.
    let on_holiday = scalar(
        &db,
        "SELECT COUNT(*) FROM lessons l JOIN holidays h ON h.school_id = l.school_id \
         WHERE l.lesson_date BETWEEN h.starts_on AND h.ends_on",
    )
    .await;
    assert_eq!(on_holiday, 0);
    let outside = scalar(
        &db,
        "SELECT COUNT(*) FROM lessons l JOIN reporting_periods p ON p.id = l.reporting_period_id \
         WHERE l.lesson_date < p.starts_on OR l.lesson_date > p.ends_on OR p.kind = 'year'",
    )
    .await;
    assert_eq!(outside, 0);
    // The usual holidays are there, 23 February and 8 March among them.
    let names: Vec<String> = db.query_scalar("SELECT name FROM holidays").fetch_all(db.pool()).await.unwrap();
    for name in ["Осенние каникулы", "Зимние каникулы", "Весенние каникулы", "День защитника Отечества", "Международный женский день", "День Победы"] {
        assert!(names.iter().any(|n| n == name), "{name}");
    }
    // Every lesson repeats its row and falls on the row's weekday (the last class is left out:
    // `template_edits_change_future_lessons_only` edits its rows meanwhile, and its past lessons
    // rightly keep the row as it was).
    let mismatched = scalar(
        &db,
        "SELECT COUNT(*) FROM lessons l JOIN timetable_entries e ON e.id = l.entry_id \
         WHERE (e.class_id <> l.class_id OR e.subject_id <> l.subject_id OR e.teacher_id <> l.teacher_id \
            OR e.lesson_number <> l.lesson_number OR COALESCE(e.subgroup_id, 0) <> COALESCE(l.subgroup_id, 0) \
            OR COALESCE(e.room_id, 0) <> COALESCE(l.room_id, 0)) AND l.class_id <> (SELECT MAX(id) FROM classes)",
    )
    .await;
    assert_eq!(mismatched, 0);
    let days: Vec<(i64, String)> = db
        .query_as(
            "SELECT e.weekday, l.lesson_date FROM lessons l JOIN timetable_entries e ON e.id = l.entry_id \
             WHERE l.class_id <> (SELECT MAX(id) FROM classes)",
        )
        .fetch_all(db.pool())
        .await
        .unwrap();
    for (weekday, date) in days {
        assert_eq!(parse_date(&date).unwrap().weekday().number_from_monday() as i64, weekday, "{date}");
    }
    // Every row has a lesson in each school week: as many lessons as weeks with that weekday.
    let per_entry: Vec<(i64, i64)> = db
        .query_as(
            "SELECT entry_id, COUNT(*) FROM lessons WHERE entry_id IS NOT NULL AND class_id <> (SELECT MAX(id) FROM classes) \
             GROUP BY entry_id",
        )
        .fetch_all(db.pool())
        .await
        .unwrap();
    let counts: HashSet<i64> = per_entry.iter().map(|(_, n)| *n).collect();
    assert!(counts.iter().all(|n| (28..=36).contains(n)), "lessons per row: {counts:?}");
}

/// The editor's part: a row changed, moved, made alternating, deleted; each time the lessons
/// after `cut` follow and the lessons up to `cut` stay exactly as they were. One test, so no
/// other edit runs in between.
async fn template_edits_change_future_lessons_only(backend: Backend) {
    let db = server(backend).db().await;
    // A whole-class row of the last class (the other tests look at 7А).
    let (entry, school, year): (i64, i64, i64) = db
        .query_as(
            "SELECT e.id, e.school_id, e.academic_year_id FROM timetable_entries e \
             WHERE e.subgroup_id IS NULL AND e.class_id = (SELECT MAX(id) FROM classes) ORDER BY e.id LIMIT 1",
        )
        .fetch_one(db.pool())
        .await
        .unwrap();
    let lessons = |db: app::db::Db| async move {
        let rows: Vec<(i64, String, i64, Option<i64>, i64)> = db
            .query_as("SELECT id, lesson_date, lesson_number, room_id, teacher_id FROM lessons WHERE entry_id = $1 ORDER BY lesson_date")
            .bind(entry)
            .fetch_all(db.pool())
            .await
            .unwrap();
        rows
    };
    let before = lessons(db.clone()).await;
    let cut = before[6].1.clone();
    // This test plays "today" at `cut`; the demo journal has marks up to the real today. The
    // journal takes no marks for lessons after today, so clear what lies after the played cut
    // (a timetable change after today never meets marks; see `keeps_lessons_with_marks`).
    db.query("DELETE FROM journal_cells WHERE lesson_id IN (SELECT id FROM lessons WHERE entry_id = $1 AND lesson_date > $2)")
        .bind(entry)
        .bind(cut.clone())
        .execute(db.pool())
        .await
        .unwrap();
    let past: Vec<_> = before.iter().filter(|l| l.1 <= cut).cloned().collect();
    let future_ids: HashSet<i64> = before.iter().filter(|l| l.1 > cut).map(|l| l.0).collect();
    let past_now = |rows: &[(i64, String, i64, Option<i64>, i64)]| rows.iter().filter(|l| l.1 <= cut).cloned().collect::<Vec<_>>();

    // Another room: future lessons change in place, same ids.
    let room: i64 = db
        .query_scalar("SELECT MAX(id) FROM rooms WHERE school_id = $1")
        .bind(school)
        .fetch_one(db.pool())
        .await
        .unwrap();
    let mut tx = db.begin().await.unwrap();
    db.query("UPDATE timetable_entries SET room_id = $1 WHERE id = $2").bind(room).bind(entry).execute(&mut *tx).await.unwrap();
    let report = sync_entries_counted(&mut tx, &db, school, &[entry], &cut).await.unwrap();
    tx.commit().await.unwrap();
    // (Counts of deletions are not compared: a sync also sweeps the school's lessons that no row
    // wants, and other tests here leave some of those after the "today" this test plays.)
    assert_eq!(report.inserted, 0);
    assert_eq!(report.updated, future_ids.len());
    let after = lessons(db.clone()).await;
    assert_eq!(after.len(), before.len(), "no lesson of the row came or went");
    assert_eq!(past_now(&after), past, "past lessons changed");
    assert!(after.iter().filter(|l| l.1 > cut).all(|l| l.3 == Some(room) && future_ids.contains(&l.0)));

    // Moved to Tuesday, lesson 8 (always free): the future goes to Tuesdays, keeping ids.
    let mut tx = db.begin().await.unwrap();
    db.query("UPDATE timetable_entries SET weekday = 2, lesson_number = 8 WHERE id = $1").bind(entry).execute(&mut *tx).await.unwrap();
    sync_entries(&mut tx, &db, school, &[entry], &cut).await.unwrap();
    tx.commit().await.unwrap();
    let after = lessons(db.clone()).await;
    assert_eq!(past_now(&after), past, "past lessons changed");
    let moved: Vec<_> = after.iter().filter(|l| l.1 > cut).collect();
    assert!(!moved.is_empty());
    assert!(moved.iter().all(|l| parse_date(&l.1).unwrap().weekday() == chrono::Weekday::Tue && l.2 == 8));
    let kept = moved.iter().filter(|l| future_ids.contains(&l.0)).count();
    assert!(kept + 2 >= moved.len().min(future_ids.len()), "ids kept: {kept} of {}", moved.len());

    // Alternating weeks: only odd weeks, counted from the week of the year's first day.
    let mut tx = db.begin().await.unwrap();
    db.query("UPDATE timetable_entries SET week_parity = 'odd' WHERE id = $1").bind(entry).execute(&mut *tx).await.unwrap();
    sync_entries(&mut tx, &db, school, &[entry], &cut).await.unwrap();
    tx.commit().await.unwrap();
    let starts: String = db.query_scalar("SELECT starts_on FROM academic_years WHERE id = $1").bind(year).fetch_one(db.pool()).await.unwrap();
    let first_monday = {
        let d = parse_date(&starts).unwrap();
        d - chrono::Duration::days(d.weekday().num_days_from_monday() as i64)
    };
    let after = lessons(db.clone()).await;
    let odd: Vec<_> = after.iter().filter(|l| l.1 > cut).collect();
    assert!(odd.len() * 2 <= moved.len() + 2 && !odd.is_empty(), "{} of {}", odd.len(), moved.len());
    for l in &odd {
        let week = (parse_date(&l.1).unwrap() - first_monday).num_days() / 7 + 1;
        assert_eq!(week % 2, 1, "{} is in week {week}", l.1);
    }
    assert_eq!(past_now(&after), past);

    // Regenerating the year (as after an import) changes nothing that is already right.
    let mut tx = db.begin().await.unwrap();
    let report = regenerate_year(&mut tx, &db, school, year, &cut).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!((report.inserted, report.updated), (0, 0));
    assert_eq!(lessons(db.clone()).await, after, "the row's lessons are as they were");

    // Deleted: the future goes, the past stays without its row.
    let mut tx = db.begin().await.unwrap();
    db.query("DELETE FROM timetable_entries WHERE id = $1").bind(entry).execute(&mut *tx).await.unwrap();
    sync_entries(&mut tx, &db, school, &[entry], &cut).await.unwrap();
    tx.commit().await.unwrap();
    let ids: Vec<i64> = past.iter().map(|l| l.0).collect();
    let left: Vec<(i64, String, Option<i64>)> = db
        .query_as("SELECT id, lesson_date, entry_id FROM lessons WHERE class_id = (SELECT MAX(id) FROM classes) AND lesson_date > $1 AND entry_id IS NULL")
        .bind(cut.clone())
        .fetch_all(db.pool())
        .await
        .unwrap();
    assert!(left.is_empty(), "future lessons of a deleted row: {left:?}");
    for id in ids {
        let entry_id: Option<i64> = db.query_scalar("SELECT entry_id FROM lessons WHERE id = $1").bind(id).fetch_one(db.pool()).await.unwrap();
        assert_eq!(entry_id, None);
    }
}

/// A timetable change never takes the journal with it: when a template row goes, a lesson the
/// journal holds attendance or marks for stays, detached from the template; its other future
/// lessons go.
async fn keeps_lessons_with_marks(backend: Backend) {
    let db = server(backend).db().await;
    let (lesson, entry, school, date): (i64, i64, i64, String) = db
        .query_as(
            "SELECT l.id, l.entry_id, e.school_id, l.lesson_date FROM journal_cells c \
             JOIN lessons l ON l.id = c.lesson_id JOIN timetable_entries e ON e.id = l.entry_id \
             WHERE l.class_id = (SELECT MIN(id) FROM classes) ORDER BY l.lesson_date DESC, l.id LIMIT 1",
        )
        .fetch_one(db.pool())
        .await
        .unwrap();
    let cells = |db: app::db::Db| async move {
        let n: i64 = db.query_scalar("SELECT COUNT(*) FROM journal_cells WHERE lesson_id = $1").bind(lesson).fetch_one(db.pool()).await.unwrap();
        n
    };
    let cells_before = cells(db.clone()).await;
    assert!(cells_before > 0);
    let later: Vec<i64> = db
        .query_scalar("SELECT id FROM lessons WHERE entry_id = $1 AND lesson_date > $2 AND id NOT IN (SELECT lesson_id FROM journal_cells)")
        .bind(entry)
        .bind(date.clone())
        .fetch_all(db.pool())
        .await
        .unwrap();
    assert!(!later.is_empty(), "the entry has lessons after its last marked one");
    // The change is played on the day before the marked lesson, so that lesson lies after it.
    let cut = format_date(parse_date(&date).unwrap() - chrono::Duration::days(1));
    let mut tx = db.begin().await.unwrap();
    sync_entries_after_delete(&mut tx, &db, school, entry, &cut).await;
    tx.commit().await.unwrap();
    let kept: Option<Option<i64>> = db.query_scalar("SELECT entry_id FROM lessons WHERE id = $1").bind(lesson).fetch_optional(db.pool()).await.unwrap();
    assert_eq!(kept, Some(None), "the marked lesson stays, detached from the template");
    assert_eq!(cells(db.clone()).await, cells_before, "its marks stay");
    let mut left = 0;
    for id in &later {
        let n: i64 = db.query_scalar("SELECT COUNT(*) FROM lessons WHERE id = $1").bind(*id).fetch_one(db.pool()).await.unwrap();
        left += n;
    }
    assert_eq!(left, 0, "unmarked future lessons of the deleted row go");
}

async fn sync_entries_after_delete(tx: &mut app::db::Tx, db: &app::db::Db, school: i64, entry: i64, cut: &str) {
    db.query("DELETE FROM timetable_entries WHERE id = $1").bind(entry).execute(&mut **tx).await.unwrap();
    sync_entries(tx, db, school, &[entry], &cut.to_string()).await.unwrap();
}

/// The first school day after today with lessons of 7А, or `None` in the summer.
async fn next_school_day(db: &app::db::Db) -> Option<String> {
    db.query_scalar(
        "SELECT MIN(l.lesson_date) FROM lessons l JOIN classes c ON c.id = l.class_id \
         WHERE c.grade = 7 AND c.letter = 'А' AND l.lesson_date > $1",
    )
    .bind(today())
    .fetch_one(db.pool())
    .await
    .unwrap()
}

async fn who_sees_which_timetable(backend: Backend) {
    let s = server(backend);
    let db = s.db().await;
    let pupil = person(&db, "uchenik").await;
    let teacher = person(&db, "uchitel").await;
    let other_pupil: i64 = db
        .query_scalar("SELECT e.pupil_id FROM class_enrolments e WHERE e.pupil_id <> $1 ORDER BY e.id LIMIT 1")
        .bind(pupil)
        .fetch_one(db.pool())
        .await
        .unwrap();
    let class_7a: i64 = scalar(&db, "SELECT id FROM classes WHERE grade = 7 AND letter = 'А'").await;
    let room: i64 = scalar(&db, "SELECT MIN(id) FROM rooms").await;

    let as_pupil = s.signed_in("uchenik").await;
    let (status, _, html) = get(&as_pupil, s.url("/timetable")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Расписание") && html.contains("7А"), "the pupil's own timetable");
    for path in [
        format!("/timetable?kind=pupil&id={other_pupil}"),
        format!("/timetable?kind=teacher&id={teacher}"),
        format!("/timetable?kind=room&id={room}"),
        format!("/timetable.ics?kind=pupil&id={other_pupil}"),
    ] {
        assert_eq!(get(&as_pupil, s.url(&path)).await.0, 403, "{path}");
    }
    assert_eq!(get(&as_pupil, s.url(&format!("/timetable?kind=class&id={class_7a}"))).await.0, 200);
    assert_eq!(get(&as_pupil, s.url("/timetable?kind=class&id=999999")).await.0, 404);
    let (status, _, html) = get(&as_pupil, s.url("/timetable?kind=pupil&id=0&week=вчера")).await;
    assert_eq!(status, 422);
    assert!(html.contains(Msg::TimetableWhoRequired.text(Lang::Ru)));
    let (status, _, html) = get(&as_pupil, s.url(&format!("/timetable?kind=pupil&id={pupil}&week=вчера"))).await;
    assert_eq!(status, 422);
    assert!(html.contains(Msg::TimetableWeekFormat.text(Lang::Ru)));

    // Teachers see other teachers', classes' and rooms' timetables.
    let as_teacher = s.signed_in("uchitel").await;
    let another: i64 = db
        .query_scalar("SELECT person_id FROM role_grants WHERE role = 'teacher' AND person_id <> $1 ORDER BY id LIMIT 1")
        .bind(teacher)
        .fetch_one(db.pool())
        .await
        .unwrap();
    for path in [
        "/timetable".to_string(),
        format!("/timetable?kind=teacher&id={another}"),
        format!("/timetable?kind=class&id={class_7a}"),
        format!("/timetable?kind=room&id={room}"),
    ] {
        assert_eq!(get(&as_teacher, s.url(&path)).await.0, 200, "{path}");
    }
    // A parent: their children, nobody else.
    let as_parent = s.signed_in("roditel").await;
    let (status, _, html) = get(&as_parent, s.url("/timetable")).await;
    assert_eq!(status, 200);
    assert!(html.contains("data-testid=\"timetable-title\""));
    assert_eq!(get(&as_parent, s.url(&format!("/timetable?kind=pupil&id={pupil}"))).await.0, 403);
    assert_eq!(get(&as_parent, s.url(&format!("/timetable?kind=class&id={class_7a}"))).await.0, 403);
    // Without a session: the sign-in page.
    let (status, location, _) = get(&s.client(), s.url("/timetable.ics?kind=pupil&id=1")).await;
    assert!(status == 303 || status == 302 || status == 307, "{status}");
    assert!(location.starts_with("/login"));
}

async fn a_pupils_ical_has_their_group_lessons_only(backend: Backend) {
    let s = server(backend);
    let db = s.db().await;
    let pupil = person(&db, "uchenik").await;
    let client = s.signed_in("uchenik").await;
    let res = client.get(s.url(&format!("/timetable.ics?kind=pupil&id={pupil}"))).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));
    let body = res.text().await.unwrap();
    assert!(body.contains("\r\n") && !body.replace("\r\n", "").contains('\n'), "CRLF only");
    assert!(body.split("\r\n").all(|l| l.len() <= 75), "folded at 75 octets");
    let ids = parsed_lesson_ids(&body);
    let Some((first, last)) = date_span(&body) else {
        eprintln!("no lessons around today (summer?): nothing more to check");
        return;
    };
    // From the database: the pupil's class's whole-class lessons and their own groups' lessons.
    let own: Vec<i64> = db
        .query_scalar(
            "SELECT l.id FROM lessons l WHERE l.class_id IN (SELECT class_id FROM class_enrolments WHERE pupil_id = $1) \
             AND (l.subgroup_id IS NULL OR l.subgroup_id IN (SELECT subgroup_id FROM subgroup_members WHERE pupil_id = $1)) \
             AND l.lesson_date BETWEEN $2 AND $3",
        )
        .bind(pupil)
        .bind(first.clone())
        .bind(last.clone())
        .fetch_all(db.pool())
        .await
        .unwrap();
    let others: Vec<i64> = db
        .query_scalar(
            "SELECT l.id FROM lessons l WHERE l.class_id IN (SELECT class_id FROM class_enrolments WHERE pupil_id = $1) \
             AND l.subgroup_id IS NOT NULL AND l.subgroup_id NOT IN (SELECT subgroup_id FROM subgroup_members WHERE pupil_id = $1) \
             AND l.lesson_date BETWEEN $2 AND $3",
        )
        .bind(pupil)
        .bind(first)
        .bind(last)
        .fetch_all(db.pool())
        .await
        .unwrap();
    assert!(!others.is_empty(), "the other group has lessons in this span");
    let own: HashSet<i64> = own.into_iter().collect();
    assert_eq!(ids, own, "the calendar holds exactly the pupil's lessons");
    assert!(others.iter().all(|id| !ids.contains(id)), "another group's lesson is in the pupil's calendar");
    let group_lessons: i64 = db
        .query_scalar("SELECT COUNT(*) FROM lessons WHERE subgroup_id IS NOT NULL AND id IN (SELECT id FROM lessons WHERE class_id IN (SELECT class_id FROM class_enrolments WHERE pupil_id = $1))")
        .bind(pupil)
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert!(group_lessons > 0);

    // The private subscription: made on the page, polled without a session, revoked → 404.
    let kind_id = [("kind", "pupil"), ("id", &pupil.to_string())];
    let (status, location) = post(&client, s.url("/api/create_calendar_feed"), &kind_id).await;
    assert!(status == 302 || status == 303, "{status}");
    let token = location.split("feed=").nth(1).expect("the token in the redirect").to_string();
    let (_, _, page) = get(&client, s.url(&location)).await;
    assert!(page.contains(&format!("/calendar/{token}.ics")), "the address is shown once");
    let stored: i64 = db
        .query_scalar("SELECT COUNT(*) FROM calendar_feeds WHERE token_hash = $1")
        .bind(token.clone())
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(stored, 0, "the token is stored hashed");
    let poll = |token: String| {
        let url = s.url(&format!("/calendar/{token}.ics"));
        async move {
            let res = reqwest::get(url).await.unwrap();
            (res.status().as_u16(), res.text().await.unwrap())
        }
    };
    let (status, feed) = poll(token.clone()).await;
    assert_eq!(status, 200);
    assert!(parsed_lesson_ids(&feed).is_superset(&ids));
    // A new link replaces the old one.
    let (_, location) = post(&client, s.url("/api/create_calendar_feed"), &kind_id).await;
    let token2 = location.split("feed=").nth(1).unwrap().to_string();
    assert_eq!(poll(token.clone()).await.0, 404);
    assert_eq!(poll(token2.clone()).await.0, 200);
    let (status, _) = post(&client, s.url("/api/revoke_calendar_feed"), &kind_id).await;
    assert!(status == 302 || status == 303);
    assert_eq!(poll(token2).await.0, 404);
    assert_eq!(poll("nonsense".into()).await.0, 404);
    // Someone else's timetable cannot get a link.
    let other: i64 = db
        .query_scalar("SELECT pupil_id FROM class_enrolments WHERE pupil_id <> $1 ORDER BY id LIMIT 1")
        .bind(pupil)
        .fetch_one(db.pool())
        .await
        .unwrap();
    let err = refused(&client, s.url("/api/create_calendar_feed"), &[("kind", "pupil"), ("id", &other.to_string())]).await;
    assert_eq!(err, AppError::Forbidden);
    let err = refused(&client, s.url("/api/create_calendar_feed"), &[("kind", "everyone"), ("id", "1")]).await;
    assert!(invalid("kind", Msg::TimetableWhoRequired)(&err), "{err:?}");
}

/// Lesson ids from the UIDs of a calendar read by a standard parser.
fn parsed_lesson_ids(body: &str) -> HashSet<i64> {
    let mut calendars = ical::IcalParser::new(std::io::BufReader::new(body.as_bytes()));
    let calendar = calendars.next().expect("a calendar").expect("it parses");
    assert!(calendars.next().is_none());
    assert_eq!(calendar.timezones.len(), 1);
    let mut ids = HashSet::new();
    for event in &calendar.events {
        let prop = |name: &str| event.properties.iter().find(|p| p.name == name).and_then(|p| p.value.clone());
        let uid = prop("UID").expect("UID");
        assert!(prop("DTSTAMP").is_some() && prop("SUMMARY").is_some() && prop("DESCRIPTION").is_some());
        let start = event.properties.iter().find(|p| p.name == "DTSTART").expect("DTSTART");
        let tzid = start.params.as_ref().and_then(|ps| ps.iter().find(|(k, _)| k == "TZID")).map(|(_, v)| v[0].clone());
        assert_eq!(tzid.as_deref(), Some("Europe/Moscow"));
        let id = uid.strip_prefix("lesson-").and_then(|r| r.split('@').next()).and_then(|n| n.parse().ok()).expect("lesson-<id>@host");
        ids.insert(id);
    }
    ids
}

/// The first and last lesson dates of a calendar ('YYYY-MM-DD').
fn date_span(body: &str) -> Option<(String, String)> {
    let dates: Vec<String> = body
        .replace("\r\n ", "")
        .split("\r\n")
        .filter_map(|l| l.strip_prefix("DTSTART;TZID=Europe/Moscow:"))
        .map(|v| format!("{}-{}-{}", &v[0..4], &v[4..6], &v[6..8]))
        .collect();
    Some((dates.iter().min()?.clone(), dates.iter().max()?.clone()))
}

/// The done-when line: a substitution made for the next school day shows in the class's and
/// both teachers' timetables; every clash is refused with a sentence naming it.
async fn a_substitution_shows_in_the_class_and_both_teachers_timetables(backend: Backend) {
    let s = server(backend);
    let db = s.db().await;
    let Some(day) = next_school_day(&db).await else {
        eprintln!("no school day ahead in the demo year (summer): nothing to substitute");
        return;
    };
    let class_7a: i64 = scalar(&db, "SELECT id FROM classes WHERE grade = 7 AND letter = 'А'").await;
    let (lesson, number, planned_teacher, room): (i64, i64, i64, Option<i64>) = db
        .query_as(
            "SELECT id, lesson_number, teacher_id, room_id FROM lessons \
             WHERE class_id = $1 AND lesson_date = $2 AND subgroup_id IS NULL ORDER BY lesson_number LIMIT 1",
        )
        .bind(class_7a)
        .bind(day.clone())
        .fetch_one(db.pool())
        .await
        .unwrap();
    // A teacher free in that slot, and one busy in it (with another class).
    let free: (i64, String) = db
        .query_as(
            "SELECT p.id, p.surname FROM role_grants g JOIN people p ON p.id = g.person_id WHERE g.role = 'teacher' \
             AND p.id <> $1 AND NOT EXISTS (SELECT 1 FROM lessons l WHERE l.lesson_date = $2 AND l.lesson_number = $3 \
                 AND (l.teacher_id = p.id OR l.substitute_id = p.id)) ORDER BY p.id LIMIT 1",
        )
        .bind(planned_teacher)
        .bind(day.clone())
        .bind(number)
        .fetch_one(db.pool())
        .await
        .unwrap();
    let busy: (i64, i64, String) = db
        .query_as(
            "SELECT l.teacher_id, c.grade, c.letter FROM lessons l JOIN classes c ON c.id = l.class_id \
             WHERE l.lesson_date = $1 AND l.lesson_number = $2 AND l.class_id <> $3 AND l.teacher_id <> $4 ORDER BY l.id LIMIT 1",
        )
        .bind(day.clone())
        .bind(number)
        .bind(class_7a)
        .bind(planned_teacher)
        .fetch_one(db.pool())
        .await
        .unwrap();
    let admin = s.signed_in("admin").await;
    let form = |teacher: i64, n: i64, room: Option<i64>| {
        vec![
            ("id".to_string(), lesson.to_string()),
            ("lesson_number".to_string(), n.to_string()),
            ("teacher_id".to_string(), teacher.to_string()),
            ("room_id".to_string(), room.unwrap_or(0).to_string()),
        ]
    };
    let as_pairs = |f: &Vec<(String, String)>| f.iter().map(|(k, v)| (k.clone(), v.clone())).collect::<Vec<_>>();
    let send = |f: Vec<(String, String)>| {
        let admin = admin.clone();
        let url = s.url("/api/save_substitution");
        async move {
            let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            refused(&admin, url, &pairs).await
        }
    };

    // The clashes, each named.
    let err = send(form(busy.0, number, room)).await;
    assert!(invalid("teacher_id", Msg::SubstitutionTeacherBusy)(&err), "{err:?}");
    let text = err.user_message(Lang::Ru);
    assert!(text.ends_with(&format!("в это время ведёт урок в {}{}", busy.1, busy.2)), "{text}");
    let other_number: i64 = db
        .query_scalar("SELECT MAX(lesson_number) FROM lessons WHERE class_id = $1 AND lesson_date = $2")
        .bind(class_7a)
        .bind(day.clone())
        .fetch_one(db.pool())
        .await
        .unwrap();
    let err = send(form(planned_teacher, other_number, room)).await;
    assert!(
        invalid("lesson_number", Msg::SubstitutionClassBusy)(&err) || invalid("teacher_id", Msg::SubstitutionTeacherBusy)(&err),
        "{err:?}"
    );
    assert!(err.user_message(Lang::Ru).contains("7А") || err.user_message(Lang::Ru).contains("ведёт урок"));
    let taken_room: Option<i64> = db
        .query_scalar("SELECT MIN(room_id) FROM lessons WHERE lesson_date = $1 AND lesson_number = $2 AND class_id <> $3 AND room_id IS NOT NULL")
        .bind(day.clone())
        .bind(number)
        .bind(class_7a)
        .fetch_one(db.pool())
        .await
        .unwrap();
    if let Some(taken) = taken_room {
        let err = send(form(planned_teacher, number, Some(taken))).await;
        assert!(invalid("room_id", Msg::SubstitutionRoomBusy)(&err), "{err:?}");
        assert!(err.user_message(Lang::Ru).contains("в это время занят: урок в"));
    }
    let err = send(form(planned_teacher, number, room)).await;
    assert!(invalid("lesson_number", Msg::SubstitutionNothing)(&err), "{err:?}");
    let err = send(form(planned_teacher, 9, room)).await;
    assert!(invalid("lesson_number", Msg::SubstitutionWrongNumber)(&err), "{err:?}");
    let err = send(form(-5, number, room)).await;
    assert!(invalid("teacher_id", Msg::SubstitutionWrongTeacher)(&err), "{err:?}");
    let err = send(vec![("id".into(), lesson.to_string()), ("lesson_number".into(), "x".into())]).await;
    assert!(invalid("lesson_number", Msg::SubstitutionWrongNumber)(&err), "{err:?}");
    // Only the school admin substitutes.
    let teacher = s.signed_in("uchitel").await;
    let pairs = as_pairs(&form(free.0, number, room));
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(refused(&teacher, s.url("/api/save_substitution"), &pairs).await, AppError::Forbidden);
    // A past lesson does not change.
    let past: Option<i64> = db
        .query_scalar("SELECT MAX(id) FROM lessons WHERE class_id = $1 AND lesson_date < $2")
        .bind(class_7a)
        .bind(today())
        .fetch_one(db.pool())
        .await
        .unwrap();
    if let Some(past) = past {
        let err = refused(&admin, s.url("/api/cancel_lesson"), &[("id", &past.to_string())]).await;
        assert!(invalid("lesson_number", Msg::SubstitutionPast)(&err), "{err:?}");
    }

    // The substitution itself, posted as a form without JavaScript.
    let pairs: Vec<(&str, &str)> = pairs.clone();
    let (status, location) = post(&admin, s.url("/api/save_substitution"), &pairs).await;
    assert!(status == 302 || status == 303, "{status}");
    assert!(location.contains("done=saved") && location.contains(&day), "{location}");
    let (substitute, changed_by): (Option<i64>, Option<i64>) = db
        .query_as("SELECT substitute_id, changed_by FROM lessons WHERE id = $1")
        .bind(lesson)
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(substitute, Some(free.0), "the substitute is recorded on the lesson");
    assert_eq!(changed_by, Some(person(&db, "admin").await));

    let name = |id: i64| {
        let db = db.clone();
        async move {
            let (s, n, p): (String, String, String) =
                db.query_as("SELECT surname, name, patronymic FROM people WHERE id = $1").bind(id).fetch_one(db.pool()).await.unwrap();
            app::school::types::full_name(&s, &n, &p)
        }
    };
    let (planned_name, free_name) = (name(planned_teacher).await, name(free.0).await);
    let row_of = |html: &str| -> String {
        let at = html.find(&format!("data-lesson=\"{lesson}\"")).expect("the lesson's row");
        html[at..at + html[at..].find("</tr>").unwrap()].to_string()
    };
    for (kind, id, expected) in [
        ("class", class_7a, format!("Замена: ведёт {free_name}")),
        ("teacher", planned_teacher, format!("Замена: ведёт {free_name}")),
        ("teacher", free.0, format!("Замена за {planned_name}")),
    ] {
        let (status, _, html) = get(&admin, s.url(&format!("/timetable?kind={kind}&id={id}&week={day}"))).await;
        assert_eq!(status, 200);
        let row = row_of(&html);
        assert!(row.contains(&expected) && row.contains("lesson-changed"), "{kind} {id}: {row}");
    }
    // The substitute sees it in their own timetable too.
    let page = get(&admin, s.url(&format!("/admin/substitutions?date={day}&class={class_7a}"))).await;
    assert_eq!(page.0, 200);
    assert!(page.2.contains(&free_name));

    // Cancelled, then restored as planned.
    let (status, _) = post(&admin, s.url("/api/cancel_lesson"), &[("id", &lesson.to_string())]).await;
    assert!(status == 302 || status == 303);
    let (_, _, html) = get(&admin, s.url(&format!("/timetable?kind=class&id={class_7a}&week={day}"))).await;
    assert!(row_of(&html).contains("Урок отменён"));
    let (status, _) = post(&admin, s.url("/api/restore_lesson"), &[("id", &lesson.to_string())]).await;
    assert!(status == 302 || status == 303);
    let (substitute, changed_at, cancelled): (Option<i64>, Option<i64>, i64) = db
        .query_as("SELECT substitute_id, changed_at, cancelled FROM lessons WHERE id = $1")
        .bind(lesson)
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!((substitute, changed_at, cancelled), (None, None, 0));
    // Made again for the end-to-end reader of this database: the substitution stays.
    let (status, _) = post(&admin, s.url("/api/save_substitution"), &pairs).await;
    assert!(status == 302 || status == 303);
    let audit = scalar(&db, "SELECT COUNT(*) FROM audit_log WHERE entity = 'lesson'").await;
    assert!(audit >= 4);
}

on_both_backends!(
    the_year_is_laid_out_from_the_template,
    template_edits_change_future_lessons_only,
    who_sees_which_timetable,
    a_pupils_ical_has_their_group_lessons_only,
    a_substitution_shows_in_the_class_and_both_teachers_timetables,
    keeps_lessons_with_marks,
);
