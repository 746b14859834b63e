//! The timetable foundation, black-box: the seeded demo school has bells and a whole weekly
//! timetable, and plain SQL over `timetable_entries` finds no conflict. Both backends.

mod common;

use common::{server, Backend};

/// Rows of a query that must find nothing, shown when it does.
async fn none(db: &app::db::Db, what: &str, sql: &'static str) {
    let rows: Vec<(i64, i64, i64)> = db.query_as(sql).fetch_all(db.pool()).await.unwrap();
    assert!(rows.is_empty(), "{what}: {rows:?}");
}

async fn count(db: &app::db::Db, sql: &'static str) -> i64 {
    db.query_scalar(sql).fetch_one(db.pool()).await.unwrap()
}

async fn the_demo_week_is_placed_whole(backend: Backend) {
    let db = server(backend).db().await;
    // One row per lesson of an assignment: a split lesson is one row per group, so the rows
    // number exactly the hours of all assignments, groups included.
    let hours = count(&db, "SELECT CAST(COALESCE(SUM(hours_per_week), 0) AS BIGINT) FROM teaching_assignments").await;
    let entries = count(&db, "SELECT COUNT(*) FROM timetable_entries").await;
    assert!(hours > 700, "the demo load: {hours}");
    assert_eq!(entries, hours);
    // And assignment by assignment.
    none(
        &db,
        "an assignment with other than its hours",
        "SELECT a.id, a.hours_per_week, COUNT(e.id) FROM teaching_assignments a \
         LEFT JOIN timetable_entries e ON e.teaching_assignment_id = a.id \
         GROUP BY a.id, a.hours_per_week HAVING COUNT(e.id) <> a.hours_per_week",
    )
    .await;
    // The entry repeats its assignment's class, group, subject and teacher.
    let mismatched = count(
        &db,
        "SELECT COUNT(*) FROM timetable_entries e JOIN teaching_assignments a ON a.id = e.teaching_assignment_id \
         WHERE a.class_id <> e.class_id OR a.subject_id <> e.subject_id OR a.teacher_id <> e.teacher_id \
            OR COALESCE(a.subgroup_id, 0) <> COALESCE(e.subgroup_id, 0) OR a.academic_year_id <> e.academic_year_id",
    )
    .await;
    assert_eq!(mismatched, 0);
    // Split lessons exist and are the weekly kind.
    assert!(count(&db, "SELECT COUNT(*) FROM timetable_entries WHERE subgroup_id IS NOT NULL").await > 100);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM timetable_entries WHERE week_parity <> 'all'").await, 0);
}

async fn nobody_is_in_two_places(backend: Backend) {
    let db = server(backend).db().await;
    none(
        &db,
        "a teacher in two lessons at once",
        "SELECT teacher_id, weekday, lesson_number FROM timetable_entries \
         GROUP BY teacher_id, weekday, lesson_number HAVING COUNT(*) > 1",
    )
    .await;
    none(
        &db,
        "a room with two lessons at once",
        "SELECT room_id, weekday, lesson_number FROM timetable_entries WHERE room_id IS NOT NULL \
         GROUP BY room_id, weekday, lesson_number HAVING COUNT(*) > 1",
    )
    .await;
    // A class: a whole-class lesson alone in its slot; groups only beside groups of the same
    // subject; each group once.
    none(
        &db,
        "a whole-class lesson sharing its slot",
        "SELECT class_id, weekday, lesson_number FROM timetable_entries GROUP BY class_id, weekday, lesson_number \
         HAVING COUNT(*) > 1 AND SUM(CASE WHEN subgroup_id IS NULL THEN 1 ELSE 0 END) > 0",
    )
    .await;
    none(
        &db,
        "groups of different subjects side by side",
        "SELECT class_id, weekday, lesson_number FROM timetable_entries GROUP BY class_id, weekday, lesson_number \
         HAVING COUNT(DISTINCT subject_id) > 1",
    )
    .await;
    none(
        &db,
        "a group in two lessons at once",
        "SELECT subgroup_id, weekday, lesson_number FROM timetable_entries WHERE subgroup_id IS NOT NULL \
         GROUP BY subgroup_id, weekday, lesson_number HAVING COUNT(*) > 1",
    )
    .await;
    // Here every split lesson has both groups side by side: no group waits through an «окно».
    none(
        &db,
        "a group lesson without its sibling group",
        "SELECT x.class_id, x.weekday, x.lesson_number FROM ( \
             SELECT e.class_id, e.weekday, e.lesson_number, g.subject_id, COUNT(*) AS groups \
             FROM timetable_entries e JOIN subgroups g ON g.id = e.subgroup_id \
             GROUP BY e.class_id, e.weekday, e.lesson_number, g.subject_id) x \
         JOIN (SELECT class_id, subject_id, COUNT(*) AS groups FROM subgroups GROUP BY class_id, subject_id) y \
           ON y.class_id = x.class_id AND y.subject_id = x.subject_id \
         WHERE x.groups <> y.groups",
    )
    .await;
}

async fn days_keep_the_sanitary_rules(backend: Backend) {
    let db = server(backend).db().await;
    // Lessons 1..n without gaps (no «окна»), and n within the SanPiN limit of the grade
    // (1st grade 4, once a week 5; 2–4: 5; 5–6: 6; 7–11: 7).
    none(
        &db,
        "a class day with a window or over the limit",
        "SELECT d.class_id, d.weekday, d.last FROM ( \
             SELECT e.class_id, e.weekday, MAX(e.lesson_number) AS last, COUNT(DISTINCT e.lesson_number) AS lessons \
             FROM timetable_entries e GROUP BY e.class_id, e.weekday) d \
         JOIN classes c ON c.id = d.class_id \
         WHERE d.last <> d.lessons OR d.last > CASE WHEN c.grade = 1 THEN 5 WHEN c.grade <= 4 THEN 5 WHEN c.grade <= 6 THEN 6 ELSE 7 END",
    )
    .await;
    none(
        &db,
        "a first grade with five lessons more than once a week",
        "SELECT d.class_id, COUNT(*), COUNT(*) FROM ( \
             SELECT e.class_id, e.weekday FROM timetable_entries e JOIN classes c ON c.id = e.class_id \
             WHERE c.grade = 1 GROUP BY e.class_id, e.weekday HAVING COUNT(DISTINCT e.lesson_number) > 4) d \
         GROUP BY d.class_id HAVING COUNT(*) > 1",
    )
    .await;
    none(
        &db,
        "a subject more than twice a day",
        "SELECT class_id, weekday, subject_id FROM timetable_entries GROUP BY class_id, weekday, subject_id \
         HAVING COUNT(DISTINCT lesson_number) > 2",
    )
    .await;
    // Physical education is in the gym or waits for a room; nothing else is in the gym.
    none(
        &db,
        "another subject in the gym",
        "SELECT e.id, e.subject_id, e.room_id FROM timetable_entries e JOIN rooms r ON r.id = e.room_id \
         JOIN subjects s ON s.id = e.subject_id WHERE r.name = 'Спортзал' AND s.name <> 'Физическая культура'",
    )
    .await;
}

async fn the_default_bells_are_the_usual_ones(backend: Backend) {
    let db = server(backend).db().await;
    let bells: Vec<(i64, String, String)> = db
        .query_as(
            "SELECT b.lesson_number, b.starts_at, b.ends_at FROM bells b JOIN bell_schedules s ON s.id = b.schedule_id \
             WHERE s.is_default = 1 AND s.name = 'Основное' ORDER BY b.lesson_number",
        )
        .fetch_all(db.pool())
        .await
        .unwrap();
    assert_eq!(bells.len(), 7);
    assert_eq!(bells[0], (1, "08:30".to_string(), "09:15".to_string()));
    assert_eq!(bells[6], (7, "14:20".to_string(), "15:05".to_string()));
    // Every lesson of the template has a bell.
    let unrung = count(
        &db,
        "SELECT COUNT(*) FROM timetable_entries e WHERE NOT EXISTS ( \
             SELECT 1 FROM bells b JOIN bell_schedules s ON s.id = b.schedule_id \
             WHERE s.school_id = e.school_id AND s.is_default = 1 AND b.lesson_number = e.lesson_number)",
    )
    .await;
    assert_eq!(unrung, 0);
}

async fn the_database_refuses_a_second_lesson_for_a_class(backend: Backend) {
    let db = server(backend).db().await;
    let dup = db
        .query(
            "INSERT INTO timetable_entries (school_id, academic_year_id, class_id, subgroup_id, subject_id, teacher_id, room_id, \
             weekday, lesson_number, week_parity, teaching_assignment_id) \
             SELECT school_id, academic_year_id, class_id, subgroup_id, subject_id, teacher_id, room_id, weekday, lesson_number, \
             week_parity, teaching_assignment_id FROM timetable_entries WHERE id = (SELECT MIN(id) FROM timetable_entries WHERE subgroup_id IS NULL)",
        )
        .execute(db.pool())
        .await;
    assert!(dup.is_err(), "a duplicate class slot was accepted");
    let bad_parity = db
        .query("UPDATE timetable_entries SET week_parity = 'weekly' WHERE id = (SELECT MIN(id) FROM timetable_entries)")
        .execute(db.pool())
        .await;
    assert!(bad_parity.is_err(), "week_parity outside all/odd/even was accepted");
}

on_both_backends!(
    the_demo_week_is_placed_whole,
    nobody_is_in_two_places,
    days_keep_the_sanitary_rules,
    the_default_bells_are_the_usual_ones,
    the_database_refuses_a_second_lesson_for_a_class,
);
