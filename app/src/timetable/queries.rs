//! Server-only: reading the load the generator needs and writing bells and the weekly template.
//! Functions take a connection, so a caller's transaction (the demo's, later the editor's) can
//! run them together with its own writes.

use super::generator::{AssignmentInput, ClassInput, Load, RoomInput};
use super::types::{Placement, DEFAULT_BELLS, DEFAULT_BELL_SCHEDULE};
use crate::db::Db;
use sqlx::AnyConnection;

/// The subject held in the gym.
pub const PE_SUBJECT: &str = "Физическая культура";

/// id, class, subgroup, subject, teacher, hours a week, subject name, pupils who come.
type AssignmentRow = (i64, i64, Option<i64>, i64, i64, i64, String, i64);

/// A school year's classes (with their pupil counts), teaching load and the school's rooms.
pub async fn load(conn: &mut AnyConnection, db: &Db, school_id: i64, year_id: i64) -> Result<Load, sqlx::Error> {
    let classes: Vec<(i64, i64, String, i64)> = db
        .query_as(
            "SELECT c.id, c.grade, c.letter, (SELECT COUNT(*) FROM class_enrolments e WHERE e.class_id = c.id) AS pupils \
             FROM classes c WHERE c.school_id = $1 AND c.academic_year_id = $2 ORDER BY c.grade, c.letter, c.id",
        )
        .bind(school_id)
        .bind(year_id)
        .fetch_all(&mut *conn)
        .await?;
    let assignments: Vec<AssignmentRow> = db
        .query_as(
            "SELECT a.id, a.class_id, a.subgroup_id, a.subject_id, a.teacher_id, a.hours_per_week, s.name, \
                    CASE WHEN a.subgroup_id IS NULL \
                         THEN (SELECT COUNT(*) FROM class_enrolments e WHERE e.class_id = a.class_id) \
                         ELSE (SELECT COUNT(*) FROM subgroup_members m WHERE m.subgroup_id = a.subgroup_id) END AS pupils \
             FROM teaching_assignments a JOIN subjects s ON s.id = a.subject_id \
             WHERE a.school_id = $1 AND a.academic_year_id = $2 ORDER BY a.id",
        )
        .bind(school_id)
        .bind(year_id)
        .fetch_all(&mut *conn)
        .await?;
    let rooms: Vec<(i64, String, i64)> = db
        .query_as("SELECT id, name, capacity FROM rooms WHERE school_id = $1 ORDER BY id")
        .bind(school_id)
        .fetch_all(&mut *conn)
        .await?;
    Ok(Load {
        classes: classes
            .into_iter()
            .map(|(id, grade, letter, pupils)| ClassInput { id, name: format!("{grade}{letter}"), grade, pupils })
            .collect(),
        assignments: assignments
            .into_iter()
            .map(|(id, class_id, subgroup_id, subject_id, teacher_id, hours, subject, pupils)| AssignmentInput {
                id,
                class_id,
                subgroup_id,
                subject_id,
                teacher_id,
                hours,
                pupils,
                pe: subject == PE_SUBJECT,
            })
            .collect(),
        rooms: rooms.into_iter().map(|(id, name, capacity)| RoomInput { id, name, capacity }).collect(),
    })
}

/// The default «Основное» bell schedule of a school; returns its id.
pub async fn insert_default_bells(conn: &mut AnyConnection, db: &Db, school_id: i64) -> Result<i64, sqlx::Error> {
    let schedule_id: i64 = db
        .query_scalar("INSERT INTO bell_schedules (school_id, name, is_default) VALUES ($1, $2, 1) RETURNING id")
        .bind(school_id)
        .bind(DEFAULT_BELL_SCHEDULE)
        .fetch_one(&mut *conn)
        .await?;
    for (n, (starts, ends)) in DEFAULT_BELLS.iter().enumerate() {
        db.query("INSERT INTO bells (schedule_id, lesson_number, starts_at, ends_at) VALUES ($1, $2, $3, $4)")
            .bind(schedule_id)
            .bind(n as i64 + 1)
            .bind(*starts)
            .bind(*ends)
            .execute(&mut *conn)
            .await?;
    }
    Ok(schedule_id)
}

/// Replaces a school year's weekly template with these placements.
pub async fn replace_template(
    conn: &mut AnyConnection,
    db: &Db,
    school_id: i64,
    year_id: i64,
    placements: &[Placement],
) -> Result<(), sqlx::Error> {
    db.query("DELETE FROM timetable_entries WHERE school_id = $1 AND academic_year_id = $2")
        .bind(school_id)
        .bind(year_id)
        .execute(&mut *conn)
        .await?;
    insert_placements(conn, db, school_id, year_id, placements).await
}

/// Adds these placements to a school year's weekly template (the timetable import adds the
/// week of the classes it brings in beside the others').
pub async fn insert_placements(
    conn: &mut AnyConnection,
    db: &Db,
    school_id: i64,
    year_id: i64,
    placements: &[Placement],
) -> Result<(), sqlx::Error> {
    for p in placements {
        db.query(
            "INSERT INTO timetable_entries (school_id, academic_year_id, class_id, subgroup_id, subject_id, teacher_id, room_id, \
             weekday, lesson_number, week_parity, teaching_assignment_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(school_id)
        .bind(year_id)
        .bind(p.class_id)
        .bind(p.subgroup_id)
        .bind(p.subject_id)
        .bind(p.teacher_id)
        .bind(p.room_id)
        .bind(p.weekday)
        .bind(p.lesson_number)
        .bind(p.week_parity.as_str())
        .bind(p.assignment_id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
