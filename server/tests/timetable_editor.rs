//! The drag-and-drop editor's server functions, black-box on both backends: placing, moving
//! and removing lessons through the same calls the page makes; every clash refused with the
//! names a person needs; concurrent editors never double-book a teacher; only the school admin
//! may edit. Each scenario works on its own class or teacher of the demo school, so they can
//! run side by side on the shared server.

#[macro_use]
mod common;

use app::error::AppError;
use app::i18n::{Lang, Msg};
use app::timetable::editor::types::{Clash, EditOutcome, SlotFit, ViewKind, WeekGrid};
use common::{invalid, refused, server, Backend, Server};
use serde::de::DeserializeOwned;

/// Calls a server function as the hydrated page does and decodes its answer.
async fn call<T: DeserializeOwned>(client: &reqwest::Client, s: &Server, endpoint: &str, form: &[(&str, String)]) -> T {
    let res = client
        .post(s.url(&format!("/api/{endpoint}")))
        .header("Accept", "application/json")
        .form(form)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let body = res.text().await.unwrap();
    assert!(status.is_success(), "{endpoint}: {status} {body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{endpoint}: {e}: {body}"))
}

async fn week(c: &reqwest::Client, s: &Server, view: ViewKind, id: i64) -> WeekGrid {
    call(c, s, "timetable_editor_week", &[("view", view.code().into()), ("id", id.to_string())]).await
}

async fn place(c: &reqwest::Client, s: &Server, assignment: i64, slot: (i64, i64), weeks: &str) -> EditOutcome {
    call(
        c,
        s,
        "timetable_editor_place",
        &[
            ("assignment_id", assignment.to_string()),
            ("weekday", slot.0.to_string()),
            ("lesson_number", slot.1.to_string()),
            ("weeks", weeks.into()),
            ("room_id", "0".into()),
        ],
    )
    .await
}

async fn move_to(c: &reqwest::Client, s: &Server, entry: i64, slot: (i64, i64)) -> EditOutcome {
    call(c, s, "timetable_editor_move", &[("entry_id", entry.to_string()), ("weekday", slot.0.to_string()), ("lesson_number", slot.1.to_string())]).await
}

async fn remove(c: &reqwest::Client, s: &Server, entry: i64) -> EditOutcome {
    call(c, s, "timetable_editor_remove", &[("entry_id", entry.to_string())]).await
}

async fn fits(c: &reqwest::Client, s: &Server, assignment: i64, entry: i64) -> Vec<SlotFit> {
    call(c, s, "timetable_editor_fits", &[("assignment_id", assignment.to_string()), ("entry_id", entry.to_string()), ("weeks", "all".into())]).await
}

async fn revision(c: &reqwest::Client, s: &Server) -> i64 {
    call(c, s, "timetable_editor_revision", &[]).await
}

fn free_slots(f: &[SlotFit], days: i64) -> Vec<(i64, i64)> {
    f.iter().filter(|s| s.clashes.is_empty() && s.weekday <= days).map(|s| (s.weekday, s.lesson_number)).collect()
}

/// A whole-class lesson of the n-th class (by grade, letter), with its teacher.
async fn a_lesson_of_class(db: &app::db::Db, nth: i64) -> (i64, i64, i64, i64, (i64, i64)) {
    let row: (i64, i64, i64, i64, i64, i64) = db
        .query_as(
            "SELECT e.id, e.teaching_assignment_id, e.class_id, e.teacher_id, e.weekday, e.lesson_number FROM timetable_entries e \
             WHERE e.subgroup_id IS NULL AND e.class_id = (SELECT id FROM classes ORDER BY grade, letter LIMIT 1 OFFSET $1) \
             ORDER BY e.weekday, e.lesson_number LIMIT 1",
        )
        .bind(nth)
        .fetch_one(db.pool())
        .await
        .unwrap();
    (row.0, row.1, row.2, row.3, (row.4, row.5))
}

async fn a_remove_then_place_back_round_trip(backend: Backend) {
    let s = server(backend);
    let db = s.db().await;
    let admin = s.signed_in("admin").await;
    let (entry, assignment, class_id, _, slot) = a_lesson_of_class(&db, 3).await;

    let before = week(&admin, s, ViewKind::Class, class_id).await;
    assert!(before.placed.iter().any(|p| p.entry_id == entry));
    assert!(!before.unplaced.iter().any(|c| c.assignment_id == assignment), "the demo load is placed whole");
    let rev0 = revision(&admin, s).await;

    assert!(matches!(remove(&admin, s, entry).await, EditOutcome::Done { entry_id: None, .. }));
    let gone: i64 = db.query_scalar("SELECT COUNT(*) FROM timetable_entries WHERE id = $1").bind(entry).fetch_one(db.pool()).await.unwrap();
    assert_eq!(gone, 0);
    let after = week(&admin, s, ViewKind::Class, class_id).await;
    let card = after.unplaced.iter().find(|c| c.assignment_id == assignment).expect("the lesson is back in the load");
    assert_eq!(card.left_halves, 2, "one weekly lesson to place");
    assert!(revision(&admin, s).await > rev0);

    // The slot it came from fits it again; the class's other lessons' slots do not.
    let f = fits(&admin, s, assignment, 0).await;
    assert!(f.iter().any(|x| (x.weekday, x.lesson_number) == slot && x.clashes.is_empty()));
    for p in after.placed.iter().filter(|p| p.group.is_none()) {
        let at = f.iter().find(|x| (x.weekday, x.lesson_number) == (p.weekday, p.lesson_number)).unwrap();
        assert!(at.clashes.iter().any(|c| matches!(c, Clash::Class { .. })), "{:?} should clash with {}", at, p.subject);
    }

    let EditOutcome::Done { entry_id: Some(new_entry), .. } = place(&admin, s, assignment, slot, "all").await else { panic!("placing back") };
    let (weekday, lesson, parity): (i64, i64, String) = db
        .query_as("SELECT weekday, lesson_number, week_parity FROM timetable_entries WHERE id = $1")
        .bind(new_entry)
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(((weekday, lesson), parity.as_str()), (slot, "all"));
    // Placed whole again: a further lesson of that load is refused.
    let e = refused(&admin, s.url("/api/timetable_editor_place"), &[("assignment_id", &assignment.to_string()), ("weekday", "1"), ("lesson_number", "8"), ("weeks", "all"), ("room_id", "0")]).await;
    assert!(invalid("assignment", Msg::EditorLoadPlaced)(&e), "{e:?}");
    // Each change is in the audit log.
    let audited: i64 = db
        .query_scalar("SELECT COUNT(*) FROM audit_log WHERE action IN ('timetable.remove', 'timetable.place') AND entity_id IN ($1, $2)")
        .bind(entry)
        .bind(new_entry)
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(audited, 2);
}

async fn a_teacher_clash_names_the_teacher_and_the_other_class(backend: Backend) {
    let s = server(backend);
    let db = s.db().await;
    let admin = s.signed_in("admin").await;
    // A lesson of grades 5–8 (other scenarios use other classes) whose teacher teaches another
    // class at a time this class is free.
    let found: (i64, i64, i64, i64, i64, i64, i64, String) = db
        .query_as(
            "SELECT e.id, e.teacher_id, e.weekday, e.lesson_number, o.weekday, o.lesson_number, c.grade, c.letter \
             FROM timetable_entries e JOIN classes ec ON ec.id = e.class_id \
             JOIN timetable_entries o ON o.teacher_id = e.teacher_id AND o.class_id <> e.class_id \
             JOIN classes c ON c.id = o.class_id \
             WHERE e.subgroup_id IS NULL AND ec.grade BETWEEN 5 AND 8 AND NOT EXISTS (SELECT 1 FROM timetable_entries m \
                   WHERE m.class_id = e.class_id AND m.weekday = o.weekday AND m.lesson_number = o.lesson_number) \
             ORDER BY e.id, o.weekday, o.lesson_number LIMIT 1",
        )
        .fetch_one(db.pool())
        .await
        .expect("a teacher of grades 5–8 teaches another class while this one is free");
    let (entry, teacher_id, slot, (weekday, lesson), grade, letter) = (found.0, found.1, (found.2, found.3), (found.4, found.5), found.6, found.7);
    let teacher: (String, String, String) =
        db.query_as("SELECT surname, name, patronymic FROM people WHERE id = $1").bind(teacher_id).fetch_one(db.pool()).await.unwrap();
    let EditOutcome::Refused { clashes } = move_to(&admin, s, entry, (weekday, lesson)).await else { panic!("a clash was accepted") };
    let named = app::school::types::short_name(&teacher.0, &teacher.1, &teacher.2);
    let other_class = format!("{grade}{letter}");
    let sentence = clashes
        .iter()
        .find(|c| matches!(c, Clash::Teacher { .. }))
        .map(|c| c.sentence(Lang::Ru))
        .expect("a teacher clash");
    assert!(sentence.contains(&named) && sentence.contains(&other_class), "{sentence}");
    // Nothing moved.
    let still: (i64, i64) = db.query_as("SELECT weekday, lesson_number FROM timetable_entries WHERE id = $1").bind(entry).fetch_one(db.pool()).await.unwrap();
    assert_eq!(still, slot);
}

async fn a_move_keeps_the_lesson_and_undo_moves_it_back(backend: Backend) {
    let s = server(backend);
    let db = s.db().await;
    let admin = s.signed_in("admin").await;
    let (entry, assignment, class_id, _, slot) = a_lesson_of_class(&db, 7).await;
    let grid = week(&admin, s, ViewKind::Class, class_id).await;
    let to = *free_slots(&fits(&admin, s, assignment, entry).await, grid.days).iter().find(|x| **x != slot).expect("somewhere to move");
    let rev = revision(&admin, s).await;
    assert!(matches!(move_to(&admin, s, entry, to).await, EditOutcome::Done { entry_id: Some(e), revision } if e == entry && revision > rev));
    let moved = week(&admin, s, ViewKind::Class, class_id).await;
    assert!(moved.placed.iter().any(|p| p.entry_id == entry && (p.weekday, p.lesson_number) == to));
    // The dated lessons followed: every future lesson of the row is on the new day and number,
    // and the past ones stayed where they were.
    let today = app::timetable::lessons::server::today();
    let future: Vec<(String, i64)> = db
        .query_as("SELECT lesson_date, lesson_number FROM lessons WHERE entry_id = $1 AND lesson_date > $2")
        .bind(entry)
        .bind(today.clone())
        .fetch_all(db.pool())
        .await
        .unwrap();
    assert!(!future.is_empty(), "the demo year has future lessons of this row");
    for (date, number) in &future {
        let weekday = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap().format("%u").to_string().parse::<i64>().unwrap();
        assert_eq!((weekday, *number), to, "{date}");
    }
    let past: Vec<(String, i64)> = db
        .query_as("SELECT lesson_date, lesson_number FROM lessons WHERE entry_id = $1 AND lesson_date <= $2")
        .bind(entry)
        .bind(today)
        .fetch_all(db.pool())
        .await
        .unwrap();
    for (date, number) in &past {
        let weekday = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap().format("%u").to_string().parse::<i64>().unwrap();
        assert_eq!((weekday, *number), slot, "a past lesson ({date}) stays where it was");
    }
    // The page's undo is the inverse move through the same function.
    assert!(matches!(move_to(&admin, s, entry, slot).await, EditOutcome::Done { .. }));
    let back: (i64, i64) = db.query_as("SELECT weekday, lesson_number FROM timetable_entries WHERE id = $1").bind(entry).fetch_one(db.pool()).await.unwrap();
    assert_eq!(back, slot);
    // Outside the grid: refused at the field, nothing written.
    for (d, l) in [(0, 1), (7, 1), (1, 0), (1, 9)] {
        let e = refused(&admin, s.url("/api/timetable_editor_move"), &[("entry_id", &entry.to_string()), ("weekday", &d.to_string()), ("lesson_number", &l.to_string())]).await;
        assert!(invalid("slot", Msg::EditorSlotOutside)(&e), "{d}/{l}: {e:?}");
    }
    let e = refused(&admin, s.url("/api/timetable_editor_place"), &[("assignment_id", &assignment.to_string()), ("weekday", "1"), ("lesson_number", "1"), ("weeks", "monthly"), ("room_id", "0")]).await;
    assert!(invalid("weeks", Msg::EditorWeeksUnknown)(&e), "{e:?}");
    assert_eq!(move_to_missing(&admin, s).await, AppError::NotFound);
}

async fn move_to_missing(c: &reqwest::Client, s: &Server) -> AppError {
    refused(c, s.url("/api/timetable_editor_move"), &[("entry_id", "999999999"), ("weekday", "1"), ("lesson_number", "1")]).await
}

/// Two admins drop lessons of one teacher into the same free slot at the same moment: exactly
/// one is placed, the other is refused naming the teacher.
async fn concurrent_editors_never_double_book_a_teacher(backend: Backend) {
    let s = server(backend);
    let db = s.db().await;
    let (a, b) = (s.signed_in("admin").await, s.signed_in("admin").await);
    // A teacher with whole-class lessons in two classes of grade 9 or above (other scenarios use
    // the lower classes).
    let pair: Vec<(i64, i64, i64, i64)> = db
        .query_as(
            "SELECT e.id, e.teaching_assignment_id, e.class_id, e.teacher_id FROM timetable_entries e JOIN classes c ON c.id = e.class_id \
             WHERE e.subgroup_id IS NULL AND c.grade >= 9 AND e.teacher_id = ( \
                 SELECT e2.teacher_id FROM timetable_entries e2 JOIN classes c2 ON c2.id = e2.class_id \
                 WHERE e2.subgroup_id IS NULL AND c2.grade >= 9 GROUP BY e2.teacher_id HAVING COUNT(DISTINCT e2.class_id) >= 2 \
                 ORDER BY e2.teacher_id LIMIT 1) \
             ORDER BY e.class_id, e.id",
        )
        .fetch_all(db.pool())
        .await
        .unwrap();
    let first = pair[0];
    let second = *pair.iter().find(|p| p.2 != first.2).expect("a second class");
    assert!(matches!(remove(&a, s, first.0).await, EditOutcome::Done { .. }));
    assert!(matches!(remove(&a, s, second.0).await, EditOutcome::Done { .. }));
    let days = week(&a, s, ViewKind::Class, first.2).await.days;
    let (f1, f2) = (free_slots(&fits(&a, s, first.1, 0).await, days), free_slots(&fits(&a, s, second.1, 0).await, days));
    let slot = *f1.iter().find(|x| f2.contains(x)).expect("a slot free for both classes and the teacher");
    let (r1, r2) = tokio::join!(place(&a, s, first.1, slot, "all"), place(&b, s, second.1, slot, "all"));
    let done = [&r1, &r2].iter().filter(|r| matches!(r, EditOutcome::Done { .. })).count();
    assert_eq!(done, 1, "{r1:?} / {r2:?}");
    let refusal = if matches!(r1, EditOutcome::Refused { .. }) { r1 } else { r2 };
    assert!(matches!(&refusal, EditOutcome::Refused { clashes } if clashes.iter().any(|c| matches!(c, Clash::Teacher { .. }))), "{refusal:?}");
    let booked: i64 = db
        .query_scalar("SELECT COUNT(*) FROM timetable_entries WHERE teacher_id = $1 AND weekday = $2 AND lesson_number = $3")
        .bind(first.3)
        .bind(slot.0)
        .bind(slot.1)
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(booked, 1);
}

async fn only_the_school_admin_edits(backend: Backend) {
    let s = server(backend);
    let db = s.db().await;
    let (entry, assignment, class_id, _, _) = a_lesson_of_class(&db, 1).await;
    for login in ["uchitel", "uchenik", "roditel"] {
        let c = s.signed_in(login).await;
        let e = refused(&c, s.url("/api/timetable_editor_remove"), &[("entry_id", &entry.to_string())]).await;
        assert_eq!(e, AppError::Forbidden, "{login}");
        let e = refused(&c, s.url("/api/timetable_editor_week"), &[("view", "class"), ("id", &class_id.to_string())]).await;
        assert_eq!(e, AppError::Forbidden, "{login}");
        let e = refused(&c, s.url("/api/timetable_editor_place"), &[("assignment_id", &assignment.to_string()), ("weekday", "1"), ("lesson_number", "8"), ("weeks", "all"), ("room_id", "0")]).await;
        assert_eq!(e, AppError::Forbidden, "{login}");
    }
    let anonymous = s.client();
    let e = refused(&anonymous, s.url("/api/timetable_editor_revision"), &[]).await;
    assert_eq!(e, AppError::Unauthorized);
    let still: i64 = db.query_scalar("SELECT COUNT(*) FROM timetable_entries WHERE id = $1").bind(entry).fetch_one(db.pool()).await.unwrap();
    assert_eq!(still, 1);
    // The page itself answers a signed-in admin with the grid.
    let admin = s.signed_in("admin").await;
    let (status, _, page) = common::get(&admin, s.url("/admin/timetable")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Редактор расписания") && page.contains("<tbody>"), "the editor page renders");
}

/// «Нагрузка»: a class's load added, changed and removed, each refusal at its field; the editor
/// sees the new card at once.
async fn the_load_page_adds_changes_and_removes(backend: Backend) {
    let s = server(backend);
    let db = s.db().await;
    let admin = s.signed_in("admin").await;
    // The last class, and a subject it has no lessons of.
    let (class_id, subject_id): (i64, i64) = db
        .query_as(
            "SELECT c.id, (SELECT MIN(s.id) FROM subjects s WHERE NOT EXISTS (SELECT 1 FROM teaching_assignments a \
                    WHERE a.class_id = c.id AND a.subject_id = s.id)) \
             FROM classes c ORDER BY c.grade DESC, c.letter DESC LIMIT 1",
        )
        .fetch_one(db.pool())
        .await
        .unwrap();
    let teacher_id: i64 = db.query_scalar("SELECT MIN(person_id) FROM role_grants WHERE role = 'teacher'").fetch_one(db.pool()).await.unwrap();
    let taken: i64 = db.query_scalar("SELECT MIN(subject_id) FROM teaching_assignments WHERE class_id = $1 AND subgroup_id IS NULL").bind(class_id).fetch_one(db.pool()).await.unwrap();
    let add = || s.url("/api/timetable_load_add");
    let class = class_id.to_string();

    // Every wrong field at once, with what was typed.
    let e = refused(&admin, add(), &[("class_id", &class), ("subject_id", ""), ("group_id", ""), ("teacher_id", ""), ("hours", "")]).await;
    for (field, msg) in [("subject_id", Msg::LoadSubjectRequired), ("teacher_id", Msg::LoadTeacherRequired), ("hours", Msg::LoadHoursRequired)] {
        assert_eq!(e.message_for(field), Some(msg), "{field}: {e:?}");
    }
    let e = refused(&admin, add(), &[("class_id", &class), ("subject_id", &subject_id.to_string()), ("group_id", "999999"), ("teacher_id", &teacher_id.to_string()), ("hours", "11")]).await;
    assert_eq!(e.message_for("hours"), Some(Msg::LoadHoursFormat));
    assert_eq!(e.message_for("group_id"), Some(Msg::LoadGroupUnknown));
    assert_eq!(e.echoed("hours").as_deref(), Some("11"));
    // A pupil is not a teacher.
    let pupil: i64 = db.query_scalar("SELECT MIN(person_id) FROM role_grants WHERE role = 'pupil'").fetch_one(db.pool()).await.unwrap();
    let e = refused(&admin, add(), &[("class_id", &class), ("subject_id", &subject_id.to_string()), ("group_id", ""), ("teacher_id", &pupil.to_string()), ("hours", "2")]).await;
    assert_eq!(e.message_for("teacher_id"), Some(Msg::LoadTeacherRequired));
    let e = refused(&admin, add(), &[("class_id", &class), ("subject_id", &taken.to_string()), ("group_id", ""), ("teacher_id", &teacher_id.to_string()), ("hours", "2")]).await;
    assert!(invalid("subject_id", Msg::LoadDuplicate)(&e), "{e:?}");

    // Added without JavaScript: back to the class's page.
    let (status, location) = common::post(&admin, add(), &[("class_id", &class), ("subject_id", &subject_id.to_string()), ("group_id", ""), ("teacher_id", &teacher_id.to_string()), ("hours", "2")]).await;
    assert_eq!((status, location.as_str()), (302, format!("/admin/timetable/load?class={class_id}").as_str()));
    let assignment: i64 = db
        .query_scalar("SELECT id FROM teaching_assignments WHERE class_id = $1 AND subject_id = $2 AND hours_per_week = 2")
        .bind(class_id)
        .bind(subject_id)
        .fetch_one(db.pool())
        .await
        .unwrap();
    let grid = week(&admin, s, ViewKind::Class, class_id).await;
    assert_eq!(grid.unplaced.iter().find(|c| c.assignment_id == assignment).map(|c| c.left_halves), Some(4));

    // One lesson placed: the hours cannot go below it, and the row cannot go while it stands.
    let free = free_slots(&fits(&admin, s, assignment, 0).await, grid.days);
    let EditOutcome::Done { entry_id: Some(entry), .. } = place(&admin, s, assignment, free[0], "all").await else { panic!("placing the new load") };
    let hours = |h: &str| vec![("assignment_id".to_string(), assignment.to_string()), ("hours".to_string(), h.to_string())];
    let send = |form: Vec<(String, String)>, endpoint: &'static str| {
        let c = admin.clone();
        let url = s.url(endpoint);
        async move { c.post(url).header("Accept", "application/json").form(&form).send().await.unwrap() }
    };
    assert!(send(hours("1"), "/api/timetable_load_hours").await.status().is_success());
    let e: AppError = send(hours("0"), "/api/timetable_load_hours").await.json().await.unwrap();
    assert!(invalid("hours", Msg::LoadHoursFormat)(&e), "{e:?}");
    let remove_form = vec![("assignment_id".to_string(), assignment.to_string())];
    let e: AppError = send(remove_form.clone(), "/api/timetable_load_remove").await.json().await.unwrap();
    assert!(invalid("assignment", Msg::LoadHasLessons)(&e), "{e:?}");
    assert!(matches!(remove(&admin, s, entry).await, EditOutcome::Done { .. }));
    assert!(send(remove_form, "/api/timetable_load_remove").await.status().is_success());
    let left: i64 = db.query_scalar("SELECT COUNT(*) FROM teaching_assignments WHERE id = $1").bind(assignment).fetch_one(db.pool()).await.unwrap();
    assert_eq!(left, 0);
    let audited: i64 = db
        .query_scalar("SELECT COUNT(*) FROM audit_log WHERE entity = 'teaching_assignment' AND entity_id = $1")
        .bind(assignment)
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(audited, 3, "created, changed, removed");

    // The page renders; a teacher may not use it.
    let (status, _, page) = common::get(&admin, s.url(&format!("/admin/timetable/load?class={class_id}"))).await;
    assert_eq!(status, 200);
    assert!(page.contains("Нагрузка") && page.contains("<tbody>"));
    let teacher = s.signed_in("uchitel").await;
    let e = refused(&teacher, s.url("/api/timetable_load_page"), &[("class_id", &class)]).await;
    assert_eq!(e, AppError::Forbidden);
}

async fn away(c: &reqwest::Client, s: &Server, teacher: i64, slot: (i64, i64)) -> EditOutcome {
    call(c, s, "timetable_editor_away", &[("teacher_id", teacher.to_string()), ("weekday", slot.0.to_string()), ("lesson_number", slot.1.to_string())]).await
}

/// A slot marked «не может» for a teacher refuses their lessons, and only theirs; pressing again
/// clears it.
async fn a_teacher_marked_away_is_refused_there(backend: Backend) {
    let s = server(backend);
    let db = s.db().await;
    let admin = s.signed_in("admin").await;
    let (entry, assignment, class_id, teacher_id, slot) = a_lesson_of_class(&db, 9).await;
    let days = week(&admin, s, ViewKind::Class, class_id).await.days;
    let to = *free_slots(&fits(&admin, s, assignment, entry).await, days).iter().find(|x| **x != slot).expect("somewhere to move");
    assert!(matches!(away(&admin, s, teacher_id, to).await, EditOutcome::Done { .. }));
    let teacher_week = week(&admin, s, ViewKind::Teacher, teacher_id).await;
    assert!(teacher_week.away.contains(&to));
    let EditOutcome::Refused { clashes } = move_to(&admin, s, entry, to).await else { panic!("moved into a slot the teacher cannot teach") };
    assert!(clashes.iter().any(|c| matches!(c, Clash::TeacherAway { .. })), "{clashes:?}");
    let at = fits(&admin, s, assignment, entry).await.into_iter().find(|f| (f.weekday, f.lesson_number) == to).unwrap();
    assert!(at.clashes.iter().any(|c| c.sentence(Lang::Ru).contains("не может вести уроки")));
    // Pressing again clears the mark.
    assert!(matches!(away(&admin, s, teacher_id, to).await, EditOutcome::Done { .. }));
    assert!(week(&admin, s, ViewKind::Teacher, teacher_id).await.away.is_empty());
    assert!(matches!(move_to(&admin, s, entry, to).await, EditOutcome::Done { .. }));
    assert!(matches!(move_to(&admin, s, entry, slot).await, EditOutcome::Done { .. }));
    // Someone who is not a teacher of the school, and a slot outside the grid.
    let pupil: i64 = db.query_scalar("SELECT MIN(person_id) FROM role_grants WHERE role = 'pupil'").fetch_one(db.pool()).await.unwrap();
    let e = refused(&admin, s.url("/api/timetable_editor_away"), &[("teacher_id", &pupil.to_string()), ("weekday", "1"), ("lesson_number", "1")]).await;
    assert_eq!(e, AppError::NotFound);
    let e = refused(&admin, s.url("/api/timetable_editor_away"), &[("teacher_id", &teacher_id.to_string()), ("weekday", "7"), ("lesson_number", "1")]).await;
    assert!(invalid("slot", Msg::EditorSlotOutside)(&e), "{e:?}");
}

on_both_backends!(
    a_teacher_marked_away_is_refused_there,
    the_load_page_adds_changes_and_removes,
    a_remove_then_place_back_round_trip,
    a_teacher_clash_names_the_teacher_and_the_other_class,
    a_move_keeps_the_lesson_and_undo_moves_it_back,
    concurrent_editors_never_double_book_a_teacher,
    only_the_school_admin_edits,
);
