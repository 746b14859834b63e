//! Server-only: the editor's reads and its three changes (place, move, remove). Each change runs
//! in one transaction that first bumps the year's revision — on PostgreSQL that row lock lines
//! up concurrent editors of one school year, on SQLite `BEGIN IMMEDIATE` already does — then
//! checks the conflict rules against the template as it is now, writes, and audits.

use super::conflicts::{clashes, Candidate, Existing, RoomInfo};
use super::types::{EditOutcome, WeekGrid, LessonRow, LoadCard, PlacedLesson, SlotFit, Target, ViewKind};
use crate::audit;
use crate::context::ServerContext;
use crate::db::Db;
use crate::error::AppError;
use crate::school::types::{class_name, short_name};
use crate::timetable::types::WeekParity;
use sqlx::{AnyConnection, Row};

/// The grid has lesson numbers 1..=8 and days 1..=6 (the schema's limits).
pub const MAX_LESSONS: i64 = 8;
pub const MAX_DAYS: i64 = 6;

/// The school's current academic year.
pub async fn year(ctx: &ServerContext, school_id: i64) -> Result<i64, AppError> {
    crate::people::server::current_year(ctx, school_id).await?.ok_or(AppError::NotFound)
}

/// The lessons of the year's template, with names: all of them, or one class's, teacher's or
/// room's (each with its index from 0005).
macro_rules! entries_sql {
    ($filter:literal) => {
        concat!(
            "SELECT e.id, e.teaching_assignment_id, e.class_id, c.grade, c.letter, e.subgroup_id, g.name AS group_name, \
                    s.name AS subject, s.short_name AS subject_short, e.teacher_id, p.surname, p.name, p.patronymic, \
                    e.room_id, r.name AS room, e.weekday, e.lesson_number, e.week_parity \
             FROM timetable_entries e \
             JOIN classes c ON c.id = e.class_id \
             JOIN subjects s ON s.id = e.subject_id \
             JOIN people p ON p.id = e.teacher_id \
             LEFT JOIN subgroups g ON g.id = e.subgroup_id \
             LEFT JOIN rooms r ON r.id = e.room_id \
             WHERE e.school_id = $1 AND e.academic_year_id = $2",
            $filter,
            " ORDER BY e.weekday, e.lesson_number, c.grade, c.letter, e.subgroup_id"
        )
    };
}

async fn year_entries(conn: &mut AnyConnection, db: &Db, school_id: i64, year_id: i64) -> Result<Vec<(Existing, PlacedLesson)>, AppError> {
    entries(conn, db, school_id, year_id, None).await
}

async fn entries(
    conn: &mut AnyConnection,
    db: &Db,
    school_id: i64,
    year_id: i64,
    only: Option<(ViewKind, i64)>,
) -> Result<Vec<(Existing, PlacedLesson)>, AppError> {
    let (sql, id) = match only {
        None => (entries_sql!(""), 0),
        Some((ViewKind::Class, id)) => (entries_sql!(" AND e.class_id = $3"), id),
        Some((ViewKind::Teacher, id)) => (entries_sql!(" AND e.teacher_id = $3"), id),
        Some((ViewKind::Room, id)) => (entries_sql!(" AND e.room_id = $3"), id),
    };
    let mut query = db.query(sql).bind(school_id).bind(year_id);
    if only.is_some() {
        query = query.bind(id);
    }
    let rows = query.fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|r| {
            let class = class_name(r.try_get("grade")?, &r.try_get::<String, _>("letter")?);
            let teacher = short_name(&r.try_get::<String, _>("surname")?, &r.try_get::<String, _>("name")?, &r.try_get::<String, _>("patronymic")?);
            let parity = WeekParity::parse(&r.try_get::<String, _>("week_parity")?).unwrap_or(WeekParity::All);
            let existing = Existing {
                id: r.try_get("id")?,
                class_id: r.try_get("class_id")?,
                class_name: class.clone(),
                subgroup_id: r.try_get("subgroup_id")?,
                subject: r.try_get("subject")?,
                teacher_id: r.try_get("teacher_id")?,
                teacher: teacher.clone(),
                room_id: r.try_get("room_id")?,
                weekday: r.try_get("weekday")?,
                lesson_number: r.try_get("lesson_number")?,
                parity,
            };
            let placed = PlacedLesson {
                entry_id: existing.id,
                assignment_id: r.try_get("teaching_assignment_id")?,
                class_name: class,
                group: r.try_get("group_name")?,
                subject: existing.subject.clone(),
                subject_short: r.try_get("subject_short")?,
                teacher,
                room_id: existing.room_id,
                room: r.try_get("room")?,
                weekday: existing.weekday,
                lesson_number: existing.lesson_number,
                parity,
            };
            Ok((existing, placed))
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// The view switcher's lists: classes, teachers with a load this year, rooms.
async fn targets(conn: &mut AnyConnection, db: &Db, school_id: i64, year_id: i64) -> Result<(Vec<Target>, Vec<Target>, Vec<Target>), AppError> {
    let classes = db
        .query("SELECT id, grade, letter FROM classes WHERE school_id = $1 AND academic_year_id = $2 ORDER BY grade, letter")
        .bind(school_id)
        .bind(year_id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| Ok(Target { id: r.try_get("id")?, name: class_name(r.try_get("grade")?, &r.try_get::<String, _>("letter")?) }))
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let teachers = db
        .query(
            "SELECT DISTINCT p.id, p.surname, p.name, p.patronymic FROM teaching_assignments a JOIN people p ON p.id = a.teacher_id \
             WHERE a.school_id = $1 AND a.academic_year_id = $2 ORDER BY p.surname, p.name, p.patronymic, p.id",
        )
        .bind(school_id)
        .bind(year_id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            Ok(Target {
                id: r.try_get("id")?,
                name: short_name(&r.try_get::<String, _>("surname")?, &r.try_get::<String, _>("name")?, &r.try_get::<String, _>("patronymic")?),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let rooms = db
        .query("SELECT id, name, building FROM rooms WHERE school_id = $1 ORDER BY building, name")
        .bind(school_id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            let (name, building): (String, String) = (r.try_get("name")?, r.try_get("building")?);
            Ok(Target { id: r.try_get("id")?, name: if building.is_empty() { name } else { format!("{name} ({building})") } })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok((classes, teachers, rooms))
}

/// The rows of the grid: the default bell schedule, then plain numbers up to the last lesson used.
async fn rows(conn: &mut AnyConnection, db: &Db, school_id: i64, last_used: i64) -> Result<Vec<LessonRow>, AppError> {
    let bells = db
        .query(
            "SELECT b.lesson_number, b.starts_at, b.ends_at FROM bells b JOIN bell_schedules s ON s.id = b.schedule_id \
             WHERE s.school_id = $1 AND s.is_default = 1 ORDER BY b.lesson_number",
        )
        .bind(school_id)
        .fetch_all(&mut *conn)
        .await?;
    let mut rows = bells
        .iter()
        .map(|r| Ok(LessonRow { number: r.try_get("lesson_number")?, starts_at: r.try_get("starts_at")?, ends_at: r.try_get("ends_at")? }))
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let shown = rows.last().map(|r| r.number).unwrap_or(0).max(last_used).max(7);
    for number in (rows.len() as i64 + 1)..=shown.min(MAX_LESSONS) {
        rows.push(LessonRow { number, starts_at: String::new(), ends_at: String::new() });
    }
    Ok(rows)
}

pub async fn revision(conn: &mut AnyConnection, db: &Db, school_id: i64, year_id: i64) -> Result<i64, AppError> {
    Ok(db
        .query_scalar("SELECT revision FROM timetable_revisions WHERE school_id = $1 AND academic_year_id = $2")
        .bind(school_id)
        .bind(year_id)
        .fetch_optional(&mut *conn)
        .await?
        .unwrap_or(0))
}

/// One class's, teacher's or room's week, and the load still to place there.
pub async fn week(ctx: &ServerContext, school_id: i64, view: ViewKind, target_id: i64) -> Result<WeekGrid, AppError> {
    let db = &ctx.db;
    let year_id = year(ctx, school_id).await?;
    let mut conn = db.acquire().await?;
    let (classes, teachers, rooms) = targets(&mut conn, db, school_id, year_id).await?;
    let list = match view {
        ViewKind::Class => &classes,
        ViewKind::Teacher => &teachers,
        ViewKind::Room => &rooms,
    };
    // An unknown id (or 0) shows the first of the list; another school's id is simply not there.
    let target = list.iter().find(|t| t.id == target_id).or(list.first()).cloned().ok_or(AppError::NotFound)?;
    let placed: Vec<PlacedLesson> = entries(&mut conn, db, school_id, year_id, Some((view, target.id))).await?.into_iter().map(|(_, p)| p).collect();
    let unplaced = match view {
        ViewKind::Room => Vec::new(),
        _ => unplaced(&mut conn, db, school_id, year_id, view, target.id).await?,
    };
    let last_used = placed.iter().map(|p| p.lesson_number).max().unwrap_or(0);
    let saturday: Option<i64> = db
        .query_scalar("SELECT id FROM timetable_entries WHERE school_id = $1 AND academic_year_id = $2 AND weekday = 6 LIMIT 1")
        .bind(school_id)
        .bind(year_id)
        .fetch_optional(&mut *conn)
        .await?;
    let days = if saturday.is_some() { 6 } else { 5 };
    let away = if view == ViewKind::Teacher { away(&mut conn, db, school_id, target.id).await? } else { Vec::new() };
    Ok(WeekGrid {
        view,
        target_id: target.id,
        title: target.name.clone(),
        rows: rows(&mut conn, db, school_id, last_used).await?,
        revision: revision(&mut conn, db, school_id, year_id).await?,
        classes,
        teachers,
        rooms,
        days,
        placed,
        unplaced,
        away,
    })
}

/// Teaching assignments of a class or a teacher with lessons still to place.
async fn unplaced(conn: &mut AnyConnection, db: &Db, school_id: i64, year_id: i64, view: ViewKind, target_id: i64) -> Result<Vec<LoadCard>, AppError> {
    // Halves: a weekly lesson is two, an odd- or even-week lesson one.
    let sql = if view == ViewKind::Teacher {
        "SELECT a.id, c.grade, c.letter, g.name AS group_name, s.name AS subject, p.surname, p.name, p.patronymic, \
                2 * a.hours_per_week - COALESCE((SELECT SUM(CASE WHEN e.week_parity = 'all' THEN 2 ELSE 1 END) \
                    FROM timetable_entries e WHERE e.teaching_assignment_id = a.id), 0) AS left_halves \
         FROM teaching_assignments a JOIN classes c ON c.id = a.class_id JOIN subjects s ON s.id = a.subject_id \
         JOIN people p ON p.id = a.teacher_id LEFT JOIN subgroups g ON g.id = a.subgroup_id \
         WHERE a.school_id = $1 AND a.academic_year_id = $2 AND a.teacher_id = $3 ORDER BY c.grade, c.letter, s.name, a.id"
    } else {
        "SELECT a.id, c.grade, c.letter, g.name AS group_name, s.name AS subject, p.surname, p.name, p.patronymic, \
                2 * a.hours_per_week - COALESCE((SELECT SUM(CASE WHEN e.week_parity = 'all' THEN 2 ELSE 1 END) \
                    FROM timetable_entries e WHERE e.teaching_assignment_id = a.id), 0) AS left_halves \
         FROM teaching_assignments a JOIN classes c ON c.id = a.class_id JOIN subjects s ON s.id = a.subject_id \
         JOIN people p ON p.id = a.teacher_id LEFT JOIN subgroups g ON g.id = a.subgroup_id \
         WHERE a.school_id = $1 AND a.academic_year_id = $2 AND a.class_id = $3 ORDER BY s.name, g.name, a.id"
    };
    let rows = db.query(sql).bind(school_id).bind(year_id).bind(target_id).fetch_all(&mut *conn).await?;
    let mut cards = Vec::new();
    for r in &rows {
        let left_halves: i64 = r.try_get("left_halves")?;
        if left_halves <= 0 {
            continue;
        }
        cards.push(LoadCard {
            assignment_id: r.try_get("id")?,
            class_name: class_name(r.try_get("grade")?, &r.try_get::<String, _>("letter")?),
            group: r.try_get("group_name")?,
            subject: r.try_get("subject")?,
            teacher: short_name(&r.try_get::<String, _>("surname")?, &r.try_get::<String, _>("name")?, &r.try_get::<String, _>("patronymic")?),
            left_halves,
        });
    }
    Ok(cards)
}

/// What a lesson of one assignment is, for the conflict rules.
struct AssignmentFacts {
    class_id: i64,
    subgroup_id: Option<i64>,
    subject_id: i64,
    teacher_id: i64,
    candidate: Candidate,
    left_halves: i64,
}

async fn assignment(conn: &mut AnyConnection, db: &Db, school_id: i64, year_id: i64, assignment_id: i64) -> Result<AssignmentFacts, AppError> {
    let r = db
        .query(
            "SELECT a.class_id, a.subgroup_id, a.subject_id, a.teacher_id, c.grade, c.letter, p.surname, p.name, p.patronymic, \
                    CASE WHEN a.subgroup_id IS NULL \
                         THEN (SELECT COUNT(*) FROM class_enrolments ce WHERE ce.class_id = a.class_id) \
                         ELSE (SELECT COUNT(*) FROM subgroup_members m WHERE m.subgroup_id = a.subgroup_id) END AS pupils, \
                    2 * a.hours_per_week - COALESCE((SELECT SUM(CASE WHEN e.week_parity = 'all' THEN 2 ELSE 1 END) \
                        FROM timetable_entries e WHERE e.teaching_assignment_id = a.id), 0) AS left_halves \
             FROM teaching_assignments a JOIN classes c ON c.id = a.class_id JOIN people p ON p.id = a.teacher_id \
             WHERE a.id = $1 AND a.school_id = $2 AND a.academic_year_id = $3",
        )
        .bind(assignment_id)
        .bind(school_id)
        .bind(year_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let class_id: i64 = r.try_get("class_id")?;
    let teacher_id: i64 = r.try_get("teacher_id")?;
    let subgroup_id: Option<i64> = r.try_get("subgroup_id")?;
    Ok(AssignmentFacts {
        class_id,
        subgroup_id,
        subject_id: r.try_get("subject_id")?,
        teacher_id,
        left_halves: r.try_get("left_halves")?,
        candidate: Candidate {
            moving: None,
            class_id,
            class_name: class_name(r.try_get("grade")?, &r.try_get::<String, _>("letter")?),
            grade: r.try_get("grade")?,
            subgroup_id,
            teacher_id,
            teacher: short_name(&r.try_get::<String, _>("surname")?, &r.try_get::<String, _>("name")?, &r.try_get::<String, _>("patronymic")?),
            room: None,
            room_chosen: false,
            pupils: r.try_get("pupils")?,
            parity: WeekParity::All,
            teacher_away: away(conn, db, school_id, teacher_id).await?,
        },
    })
}

/// The slots a teacher cannot teach.
async fn away(conn: &mut AnyConnection, db: &Db, school_id: i64, teacher_id: i64) -> Result<Vec<(i64, i64)>, AppError> {
    Ok(db
        .query_as("SELECT weekday, lesson_number FROM teacher_unavailability WHERE school_id = $1 AND teacher_id = $2 ORDER BY weekday, lesson_number")
        .bind(school_id)
        .bind(teacher_id)
        .fetch_all(&mut *conn)
        .await?)
}

/// Marks a slot as one the teacher cannot teach, or clears the mark. Lessons already there stay
/// (the admin moves them); new ones are refused.
pub async fn toggle_away(ctx: &ServerContext, school_id: i64, actor: i64, teacher_id: i64, weekday: i64, lesson_number: i64) -> Result<EditOutcome, AppError> {
    check_slot(weekday, lesson_number)?;
    let db = &ctx.db;
    let year_id = year(ctx, school_id).await?;
    let mut tx = db.begin().await?;
    let revision = bump(&mut tx, db, school_id, year_id).await?;
    let teaches: Option<i64> = db
        .query_scalar("SELECT person_id FROM role_grants WHERE person_id = $1 AND school_id = $2 AND role = 'teacher'")
        .bind(teacher_id)
        .bind(school_id)
        .fetch_optional(&mut *tx)
        .await?;
    if teaches.is_none() {
        return Err(AppError::NotFound);
    }
    let cleared = db
        .query("DELETE FROM teacher_unavailability WHERE school_id = $1 AND teacher_id = $2 AND weekday = $3 AND lesson_number = $4")
        .bind(school_id)
        .bind(teacher_id)
        .bind(weekday)
        .bind(lesson_number)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if cleared == 0 {
        db.query("INSERT INTO teacher_unavailability (school_id, teacher_id, weekday, lesson_number) VALUES ($1, $2, $3, $4)")
            .bind(school_id)
            .bind(teacher_id)
            .bind(weekday)
            .bind(lesson_number)
            .execute(&mut *tx)
            .await?;
    }
    let slot = serde_json::json!({ "weekday": weekday, "lesson": lesson_number });
    let (before, after) = if cleared == 0 { (None, Some(slot)) } else { (Some(slot), None) };
    audit::record(
        &mut tx,
        db,
        audit::Entry { school_id: Some(school_id), actor: Some(actor), action: "timetable.away", entity: "person", entity_id: Some(teacher_id), before, after },
    )
    .await?;
    tx.commit().await?;
    Ok(EditOutcome::Done { entry_id: None, revision })
}

async fn room(conn: &mut AnyConnection, db: &Db, school_id: i64, room_id: i64) -> Result<RoomInfo, AppError> {
    let r = db
        .query("SELECT id, name, capacity FROM rooms WHERE id = $1 AND school_id = $2")
        .bind(room_id)
        .bind(school_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(RoomInfo { id: r.try_get("id")?, name: r.try_get("name")?, capacity: r.try_get("capacity")? })
}

/// The room a new lesson of an assignment gets: the one its other lessons use most.
async fn usual_room(conn: &mut AnyConnection, db: &Db, school_id: i64, assignment_id: i64) -> Result<Option<RoomInfo>, AppError> {
    let id: Option<i64> = db
        .query_scalar(
            "SELECT room_id FROM timetable_entries WHERE teaching_assignment_id = $1 AND room_id IS NOT NULL \
             GROUP BY room_id ORDER BY COUNT(*) DESC, room_id LIMIT 1",
        )
        .bind(assignment_id)
        .fetch_optional(&mut *conn)
        .await?;
    match id {
        Some(id) => Ok(Some(room(conn, db, school_id, id).await?)),
        None => Ok(None),
    }
}

/// A template row of the school year, as the editor moves it.
struct EntryFacts {
    assignment_id: i64,
    room_id: Option<i64>,
    weekday: i64,
    lesson_number: i64,
    parity: WeekParity,
}

async fn entry(conn: &mut AnyConnection, db: &Db, school_id: i64, year_id: i64, entry_id: i64) -> Result<EntryFacts, AppError> {
    let r = db
        .query(
            "SELECT teaching_assignment_id, room_id, weekday, lesson_number, week_parity FROM timetable_entries \
             WHERE id = $1 AND school_id = $2 AND academic_year_id = $3",
        )
        .bind(entry_id)
        .bind(school_id)
        .bind(year_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(EntryFacts {
        assignment_id: r.try_get("teaching_assignment_id")?,
        room_id: r.try_get("room_id")?,
        weekday: r.try_get("weekday")?,
        lesson_number: r.try_get("lesson_number")?,
        parity: WeekParity::parse(&r.try_get::<String, _>("week_parity")?).unwrap_or(WeekParity::All),
    })
}

/// For the drag highlighting: every slot of the week and what clashes there, for a new lesson
/// of an assignment (`entry_id` 0) or for moving a placed one.
pub async fn fits(ctx: &ServerContext, school_id: i64, assignment_id: i64, entry_id: i64, parity: WeekParity) -> Result<Vec<SlotFit>, AppError> {
    let db = &ctx.db;
    let year_id = year(ctx, school_id).await?;
    let mut conn = db.acquire().await?;
    let (candidate, _) = candidate_for(&mut conn, db, school_id, year_id, assignment_id, entry_id, parity, 0).await?;
    let all: Vec<Existing> = year_entries(&mut conn, db, school_id, year_id).await?.into_iter().map(|(e, _)| e).collect();
    let mut out = Vec::new();
    for weekday in 1..=MAX_DAYS {
        for lesson_number in 1..=MAX_LESSONS {
            out.push(SlotFit { weekday, lesson_number, clashes: clashes(&candidate, weekday, lesson_number, &all) });
        }
    }
    Ok(out)
}

/// The candidate for placing (`entry_id` 0) or moving a lesson, and the assignment it teaches.
#[allow(clippy::too_many_arguments)]
async fn candidate_for(
    conn: &mut AnyConnection,
    db: &Db,
    school_id: i64,
    year_id: i64,
    assignment_id: i64,
    entry_id: i64,
    parity: WeekParity,
    room_id: i64,
) -> Result<(Candidate, AssignmentFacts), AppError> {
    if entry_id != 0 {
        let e = entry(conn, db, school_id, year_id, entry_id).await?;
        let facts = assignment(conn, db, school_id, year_id, e.assignment_id).await?;
        let mut c = facts.candidate.clone();
        c.moving = Some(entry_id);
        c.parity = e.parity;
        c.room = match e.room_id {
            Some(id) => Some(room(conn, db, school_id, id).await?),
            None => None,
        };
        return Ok((c, facts));
    }
    let facts = assignment(conn, db, school_id, year_id, assignment_id).await?;
    let mut c = facts.candidate.clone();
    c.parity = parity;
    let usual = usual_room(conn, db, school_id, assignment_id).await?;
    // Putting a lesson back into the room its other lessons use (an undo does) is no new choice.
    c.room_chosen = room_id != 0 && usual.as_ref().map(|r| r.id) != Some(room_id);
    c.room = if room_id != 0 { Some(room(conn, db, school_id, room_id).await?) } else { usual };
    Ok((c, facts))
}

/// Bumps the year's revision; first in every change, so concurrent editors wait for each other.
pub(crate) async fn bump(conn: &mut AnyConnection, db: &Db, school_id: i64, year_id: i64) -> Result<i64, AppError> {
    Ok(db
        .query_scalar(
            "INSERT INTO timetable_revisions (school_id, academic_year_id, revision) VALUES ($1, $2, 1) \
             ON CONFLICT (school_id, academic_year_id) DO UPDATE SET revision = timetable_revisions.revision + 1 \
             RETURNING revision",
        )
        .bind(school_id)
        .bind(year_id)
        .fetch_one(&mut *conn)
        .await?)
}

fn check_slot(weekday: i64, lesson_number: i64) -> Result<(), AppError> {
    if !(1..=MAX_DAYS).contains(&weekday) || !(1..=MAX_LESSONS).contains(&lesson_number) {
        return Err(AppError::invalid("slot", crate::i18n::Msg::EditorSlotOutside));
    }
    Ok(())
}

fn slot_json(weekday: i64, lesson_number: i64, parity: WeekParity, room_id: Option<i64>) -> serde_json::Value {
    serde_json::json!({ "weekday": weekday, "lesson": lesson_number, "weeks": parity.as_str(), "room_id": room_id })
}

/// Puts a new lesson of an assignment into a slot. `room_id` 0: the room its other lessons use.
#[allow(clippy::too_many_arguments)]
pub async fn place(
    ctx: &ServerContext,
    school_id: i64,
    actor: i64,
    assignment_id: i64,
    weekday: i64,
    lesson_number: i64,
    parity: WeekParity,
    room_id: i64,
) -> Result<EditOutcome, AppError> {
    check_slot(weekday, lesson_number)?;
    let db = &ctx.db;
    let year_id = year(ctx, school_id).await?;
    let mut tx = db.begin().await?;
    let revision = bump(&mut tx, db, school_id, year_id).await?;
    let (candidate, facts) = candidate_for(&mut tx, db, school_id, year_id, assignment_id, 0, parity, room_id).await?;
    let need = if parity == WeekParity::All { 2 } else { 1 };
    if facts.left_halves < need {
        return Err(AppError::invalid("assignment", crate::i18n::Msg::EditorLoadPlaced));
    }
    let all: Vec<Existing> = year_entries(&mut tx, db, school_id, year_id).await?.into_iter().map(|(e, _)| e).collect();
    let found = clashes(&candidate, weekday, lesson_number, &all);
    if !found.is_empty() {
        return Ok(EditOutcome::Refused { clashes: found });
    }
    let room_id = candidate.room.as_ref().map(|r| r.id);
    let subject_id = facts.subject_id;
    let entry_id: i64 = db
        .query_scalar(
            "INSERT INTO timetable_entries (school_id, academic_year_id, class_id, subgroup_id, subject_id, teacher_id, room_id, \
             weekday, lesson_number, week_parity, teaching_assignment_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(school_id)
        .bind(year_id)
        .bind(facts.class_id)
        .bind(facts.subgroup_id)
        .bind(subject_id)
        .bind(facts.teacher_id)
        .bind(room_id)
        .bind(weekday)
        .bind(lesson_number)
        .bind(parity.as_str())
        .bind(assignment_id)
        .fetch_one(&mut *tx)
        .await?;
    finish(tx, db, school_id, actor, "timetable.place", entry_id, None, Some(slot_json(weekday, lesson_number, parity, room_id))).await?;
    Ok(EditOutcome::Done { entry_id: Some(entry_id), revision })
}

/// Moves a placed lesson to another slot, keeping its room, teacher and weeks.
pub async fn move_lesson(ctx: &ServerContext, school_id: i64, actor: i64, entry_id: i64, weekday: i64, lesson_number: i64) -> Result<EditOutcome, AppError> {
    check_slot(weekday, lesson_number)?;
    let db = &ctx.db;
    let year_id = year(ctx, school_id).await?;
    let mut tx = db.begin().await?;
    let revision = bump(&mut tx, db, school_id, year_id).await?;
    let before = entry(&mut tx, db, school_id, year_id, entry_id).await?;
    let (candidate, _) = candidate_for(&mut tx, db, school_id, year_id, 0, entry_id, before.parity, 0).await?;
    let all: Vec<Existing> = year_entries(&mut tx, db, school_id, year_id).await?.into_iter().map(|(e, _)| e).collect();
    let found = clashes(&candidate, weekday, lesson_number, &all);
    if !found.is_empty() {
        return Ok(EditOutcome::Refused { clashes: found });
    }
    db.query("UPDATE timetable_entries SET weekday = $1, lesson_number = $2 WHERE id = $3")
        .bind(weekday)
        .bind(lesson_number)
        .bind(entry_id)
        .execute(&mut *tx)
        .await?;
    finish(tx, db, school_id, actor, "timetable.move", entry_id, Some(slot_json(before.weekday, before.lesson_number, before.parity, before.room_id)), Some(slot_json(weekday, lesson_number, before.parity, before.room_id))).await?;
    Ok(EditOutcome::Done { entry_id: Some(entry_id), revision })
}

/// Takes a lesson off the grid: it goes back to the unplaced load.
pub async fn remove(ctx: &ServerContext, school_id: i64, actor: i64, entry_id: i64) -> Result<EditOutcome, AppError> {
    let db = &ctx.db;
    let year_id = year(ctx, school_id).await?;
    let mut tx = db.begin().await?;
    let revision = bump(&mut tx, db, school_id, year_id).await?;
    let before = entry(&mut tx, db, school_id, year_id, entry_id).await?;
    db.query("DELETE FROM timetable_entries WHERE id = $1").bind(entry_id).execute(&mut *tx).await?;
    finish(tx, db, school_id, actor, "timetable.remove", entry_id, Some(slot_json(before.weekday, before.lesson_number, before.parity, before.room_id)), None).await?;
    Ok(EditOutcome::Done { entry_id: None, revision })
}

/// The end of every change of the template: the dated lessons follow it, the audit log records
/// it, and it commits.
#[allow(clippy::too_many_arguments)]
async fn finish(
    mut tx: crate::db::Tx,
    db: &Db,
    school_id: i64,
    actor: i64,
    action: &'static str,
    entry_id: i64,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Result<(), AppError> {
    template_changed(&mut tx, db, school_id, &[entry_id]).await?;
    let entry = audit::Entry { school_id: Some(school_id), actor: Some(actor), action, entity: "timetable_entry", entity_id: Some(entry_id), before, after };
    audit::record(&mut tx, db, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// The dated lessons follow the template: future ones move, appear or go; past ones and those
/// with a substitution stay.
async fn template_changed(conn: &mut AnyConnection, db: &Db, school_id: i64, entry_ids: &[i64]) -> Result<(), AppError> {
    crate::timetable::lessons::server::sync_entries(conn, db, school_id, entry_ids, &crate::timetable::lessons::server::today()).await?;
    Ok(())
}
