//! Server-only: the year set-up's pure validators (names, seats, bell times), reads, and checked
//! writes. Each write is one transaction that bumps the year's timetable revision first when
//! the editor shows what changes (the editor's lock and live updates), and writes the audit log.

use super::types::{
    BellTime, BellsSetup, GroupPupil, GroupRow, GroupsSetup, RoomRow, ScheduleRow, SubjectRow, MAX_BELLS, MAX_CAPACITY, MAX_NAME, MAX_SHORT_NAME,
};
use crate::audit;
use crate::context::ServerContext;
use crate::db::Db;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::school::types::{class_name, full_name};
use crate::timetable::editor::server::bump;
use crate::timetable::editor::types::Target;
use sqlx::{AnyConnection, Row};

// The pure checks.

/// Wrong fields of a form: (field, message).
pub type FieldProblems = Vec<(String, Msg)>;

/// A name as typed: spaces around and doubled inside dropped; required, at most `MAX_NAME`.
pub fn clean_name(typed: &str) -> Result<String, Msg> {
    let name = typed.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(Msg::SetupNameRequired);
    }
    if name.chars().count() > MAX_NAME {
        return Err(Msg::SetupNameTooLong);
    }
    Ok(name)
}

/// An optional name (a room's building): like `clean_name`, but may be empty.
pub fn clean_optional(typed: &str) -> Result<String, Msg> {
    if typed.trim().is_empty() {
        return Ok(String::new());
    }
    clean_name(typed)
}

/// A subject's short name: at most `MAX_SHORT_NAME`; empty means the name itself (cut short).
pub fn short_name_or(typed: &str, name: &str) -> Result<String, Msg> {
    let short = typed.split_whitespace().collect::<Vec<_>>().join(" ");
    if short.is_empty() {
        return Ok(name.chars().take(MAX_SHORT_NAME).collect::<String>().trim_end().to_string());
    }
    if short.chars().count() > MAX_SHORT_NAME {
        return Err(Msg::SubjectShortTooLong);
    }
    Ok(short)
}

/// Seats in a room: a whole number from 1 to `MAX_CAPACITY`.
pub fn parse_capacity(typed: &str) -> Result<i64, Msg> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(Msg::RoomCapacityRequired);
    }
    match typed.parse::<i64>() {
        Ok(n) if (1..=MAX_CAPACITY).contains(&n) => Ok(n),
        _ => Err(Msg::RoomCapacityFormat),
    }
}

/// «ЧЧ:ММ» (also «8:30» and «08.30») to minutes after midnight.
pub fn parse_time(typed: &str) -> Result<i64, Msg> {
    let typed = typed.trim();
    let (h, m) = typed.split_once(':').or_else(|| typed.split_once('.')).ok_or(Msg::BellsTimeFormat)?;
    let digits = |s: &str, len: std::ops::RangeInclusive<usize>| len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(h, 1..=2) || !digits(m, 2..=2) {
        return Err(Msg::BellsTimeFormat);
    }
    let (h, m) = (h.parse::<i64>().map_err(|_| Msg::BellsTimeFormat)?, m.parse::<i64>().map_err(|_| Msg::BellsTimeFormat)?);
    if h > 23 || m > 59 {
        return Err(Msg::BellsTimeFormat);
    }
    Ok(h * 60 + m)
}

pub fn format_time(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// The form's field of a lesson's start or end (`starts[0]` is lesson 1).
pub fn time_field(kind: &str, row: usize) -> String {
    format!("{kind}[{row}]")
}

/// A schedule's lessons from the form's rows: (start, end) as typed, an empty row no lesson.
/// Lessons go in order from the first, each ends after it starts and starts after the
/// previous one ends. Every wrong field at once, by its form field.
pub fn check_bells(rows: &[(String, String)]) -> Result<Vec<(String, String)>, FieldProblems> {
    let mut problems = Vec::new();
    let mut bells = Vec::new();
    let mut previous_end: Option<i64> = None;
    let mut gap = false;
    for (i, (start, end)) in rows.iter().enumerate().take(MAX_BELLS) {
        let (start, end) = (start.trim(), end.trim());
        if start.is_empty() && end.is_empty() {
            gap = true;
            continue;
        }
        if gap {
            problems.push((time_field("starts", i), Msg::BellsGap));
            gap = false;
        }
        let parsed = |typed: &str, kind: &str, problems: &mut Vec<(String, Msg)>| {
            if typed.is_empty() {
                problems.push((time_field(kind, i), Msg::BellsTimeMissing));
                return None;
            }
            parse_time(typed).map_err(|m| problems.push((time_field(kind, i), m))).ok()
        };
        let (s, e) = (parsed(start, "starts", &mut problems), parsed(end, "ends", &mut problems));
        if let (Some(s), Some(e)) = (s, e) {
            if e <= s {
                problems.push((time_field("ends", i), Msg::BellsEndBeforeStart));
            } else if previous_end.is_some_and(|p| s <= p) {
                problems.push((time_field("starts", i), Msg::BellsOverlap));
            }
            bells.push((format_time(s), format_time(e)));
        }
        previous_end = e.or(previous_end);
    }
    if problems.is_empty() && bells.is_empty() {
        problems.push((time_field("starts", 0), Msg::BellsEmpty));
    }
    if problems.is_empty() {
        Ok(bells)
    } else {
        Err(problems)
    }
}

/// Is `name` (any letter case) among `others`?
fn clashes(name: &str, others: impl IntoIterator<Item = String>) -> bool {
    let name = name.to_lowercase();
    others.into_iter().any(|o| o.to_lowercase() == name)
}

fn refuse(problems: &[(String, Msg)], typed: &[(&str, &str)]) -> AppError {
    let problems: Vec<(&str, Msg)> = problems.iter().map(|(f, m)| (f.as_str(), *m)).collect();
    AppError::invalid_fields(&problems).unwrap_or(AppError::Internal).echo(typed)
}

/// The current year's id, if the school has one (its revision is what open editors watch).
async fn current_year(ctx: &ServerContext, school_id: i64) -> Result<Option<i64>, AppError> {
    crate::people::server::current_year(ctx, school_id).await
}

/// Bumps the year's revision: taken first in a transaction, it is also the editor's lock.
async fn touch(conn: &mut AnyConnection, db: &Db, school_id: i64, year: Option<i64>) -> Result<(), AppError> {
    if let Some(year_id) = year {
        bump(conn, db, school_id, year_id).await?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn record(
    tx: &mut AnyConnection,
    db: &Db,
    school_id: i64,
    actor: i64,
    action: &'static str,
    entity: &'static str,
    id: i64,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Result<(), AppError> {
    audit::record(tx, db, audit::Entry { school_id: Some(school_id), actor: Some(actor), action, entity, entity_id: Some(id), before, after }).await
}

async fn names(conn: &mut AnyConnection, db: &Db, sql: &'static str, scope: i64, except: i64) -> Result<Vec<String>, AppError> {
    Ok(db.query_scalar::<String>(sql).bind(scope).bind(except).fetch_all(&mut *conn).await?)
}

// «Звонки»

async fn schedule_rows(conn: &mut AnyConnection, db: &Db, school_id: i64) -> Result<Vec<ScheduleRow>, AppError> {
    let rows = db
        .query(
            "SELECT s.id, s.name, s.is_default, (SELECT COUNT(*) FROM bells b WHERE b.schedule_id = s.id) AS lessons \
             FROM bell_schedules s WHERE s.school_id = $1 ORDER BY s.is_default DESC, s.name, s.id",
        )
        .bind(school_id)
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows
        .iter()
        .map(|r| {
            Ok(ScheduleRow {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                is_default: r.try_get::<i64, _>("is_default")? == 1,
                lessons: r.try_get("lessons")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?)
}

pub async fn bells(ctx: &ServerContext, school_id: i64, schedule_id: i64) -> Result<BellsSetup, AppError> {
    let db = &ctx.db;
    let mut conn = db.acquire().await?;
    let schedules = schedule_rows(&mut conn, db, school_id).await?;
    let chosen = schedules
        .iter()
        .find(|s| s.id == schedule_id)
        .or_else(|| schedules.iter().find(|s| s.is_default))
        .or(schedules.first())
        .map(|s| s.id)
        .unwrap_or(0);
    let bells = db
        .query("SELECT lesson_number, starts_at, ends_at FROM bells WHERE schedule_id = $1 ORDER BY lesson_number")
        .bind(chosen)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| Ok(BellTime { number: r.try_get("lesson_number")?, starts_at: r.try_get("starts_at")?, ends_at: r.try_get("ends_at")? }))
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(BellsSetup { schedules, chosen, bells })
}

/// (name, is default) of a schedule of this school.
async fn schedule(conn: &mut AnyConnection, db: &Db, school_id: i64, id: i64) -> Result<(String, bool), AppError> {
    let r = db
        .query("SELECT name, is_default FROM bell_schedules WHERE id = $1 AND school_id = $2")
        .bind(id)
        .bind(school_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((r.try_get("name")?, r.try_get::<i64, _>("is_default")? == 1))
}

async fn schedule_bells(conn: &mut AnyConnection, db: &Db, id: i64) -> Result<Vec<(String, String)>, AppError> {
    Ok(db
        .query_as::<(String, String)>("SELECT starts_at, ends_at FROM bells WHERE schedule_id = $1 ORDER BY lesson_number")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?)
}

async fn write_bells(conn: &mut AnyConnection, db: &Db, id: i64, bells: &[(String, String)]) -> Result<(), AppError> {
    db.query("DELETE FROM bells WHERE schedule_id = $1").bind(id).execute(&mut *conn).await?;
    for (n, (starts, ends)) in bells.iter().enumerate() {
        db.query("INSERT INTO bells (schedule_id, lesson_number, starts_at, ends_at) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(n as i64 + 1)
            .bind(starts.clone())
            .bind(ends.clone())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

const SCHEDULE_NAMES: &str = "SELECT name FROM bell_schedules WHERE school_id = $1 AND id <> $2";

/// A new schedule, a copy of the default one's times (the first of a school becomes the default).
pub async fn add_schedule(ctx: &ServerContext, school_id: i64, actor: i64, typed: &str) -> Result<i64, AppError> {
    let db = &ctx.db;
    let name = clean_name(typed).map_err(|m| AppError::invalid("name", m).echo(&[("name", typed)]))?;
    let mut tx = db.begin().await?;
    if clashes(&name, names(&mut tx, db, SCHEDULE_NAMES, school_id, 0).await?) {
        return Err(AppError::invalid("name", Msg::BellsNameTaken).echo(&[("name", typed)]));
    }
    let default: Option<i64> =
        db.query_scalar("SELECT id FROM bell_schedules WHERE school_id = $1 AND is_default = 1").bind(school_id).fetch_optional(&mut *tx).await?;
    let id: i64 = db
        .query_scalar("INSERT INTO bell_schedules (school_id, name, is_default) VALUES ($1, $2, $3) RETURNING id")
        .bind(school_id)
        .bind(name.clone())
        .bind(i64::from(default.is_none()))
        .fetch_one(&mut *tx)
        .await?;
    let bells = match default {
        Some(d) => schedule_bells(&mut tx, db, d).await?,
        None => crate::timetable::types::DEFAULT_BELLS.iter().map(|(s, e)| (s.to_string(), e.to_string())).collect(),
    };
    write_bells(&mut tx, db, id, &bells).await?;
    record(&mut tx, db, school_id, actor, "bells.create", "bell_schedule", id, None, Some(serde_json::json!({ "name": name, "bells": bells }))).await?;
    tx.commit().await?;
    Ok(id)
}

#[allow(clippy::too_many_arguments)]
pub async fn save_schedule(
    ctx: &ServerContext,
    school_id: i64,
    actor: i64,
    id: i64,
    name_typed: &str,
    starts: &[String],
    ends: &[String],
) -> Result<(), AppError> {
    let db = &ctx.db;
    let year = current_year(ctx, school_id).await?;
    let rows: Vec<(String, String)> =
        (0..MAX_BELLS).map(|i| (starts.get(i).cloned().unwrap_or_default(), ends.get(i).cloned().unwrap_or_default())).collect();
    let fields: Vec<(String, String)> = std::iter::once(("name".to_string(), name_typed.to_string()))
        .chain(rows.iter().enumerate().flat_map(|(i, (s, e))| [(time_field("starts", i), s.clone()), (time_field("ends", i), e.clone())]))
        .collect();
    let typed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut problems = Vec::new();
    let name = clean_name(name_typed).map_err(|m| problems.push(("name".to_string(), m))).ok();
    let bells = check_bells(&rows).map_err(|p| problems.extend(p)).ok();
    let mut tx = db.begin().await?;
    let (before_name, is_default) = schedule(&mut tx, db, school_id, id).await?;
    if let Some(name) = &name {
        if clashes(name, names(&mut tx, db, SCHEDULE_NAMES, school_id, id).await?) {
            problems.insert(0, ("name".to_string(), Msg::BellsNameTaken));
        }
    }
    let (Some(name), Some(bells), true) = (name, bells, problems.is_empty()) else {
        return Err(refuse(&problems, &typed));
    };
    // The default schedule's times are the editor's rows.
    if is_default {
        touch(&mut tx, db, school_id, year).await?;
    }
    let before = schedule_bells(&mut tx, db, id).await?;
    db.query("UPDATE bell_schedules SET name = $1 WHERE id = $2").bind(name.clone()).bind(id).execute(&mut *tx).await?;
    write_bells(&mut tx, db, id, &bells).await?;
    let (before, after) = (serde_json::json!({ "name": before_name, "bells": before }), serde_json::json!({ "name": name, "bells": bells }));
    record(&mut tx, db, school_id, actor, "bells.update", "bell_schedule", id, Some(before), Some(after)).await?;
    tx.commit().await?;
    Ok(())
}

/// Exactly one default: this one becomes it, the one before stops being it.
pub async fn make_default(ctx: &ServerContext, school_id: i64, actor: i64, id: i64) -> Result<(), AppError> {
    let db = &ctx.db;
    let year = current_year(ctx, school_id).await?;
    let mut tx = db.begin().await?;
    touch(&mut tx, db, school_id, year).await?;
    let (name, _) = schedule(&mut tx, db, school_id, id).await?;
    let before: Option<i64> =
        db.query_scalar("SELECT id FROM bell_schedules WHERE school_id = $1 AND is_default = 1").bind(school_id).fetch_optional(&mut *tx).await?;
    db.query("UPDATE bell_schedules SET is_default = CASE WHEN id = $1 THEN 1 ELSE 0 END WHERE school_id = $2")
        .bind(id)
        .bind(school_id)
        .execute(&mut *tx)
        .await?;
    record(&mut tx, db, school_id, actor, "bells.default", "bell_schedule", id, Some(serde_json::json!({ "default": before })), Some(serde_json::json!({ "default": id, "name": name })))
        .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn delete_schedule(ctx: &ServerContext, school_id: i64, actor: i64, id: i64) -> Result<(), AppError> {
    let db = &ctx.db;
    let mut tx = db.begin().await?;
    let (name, is_default) = schedule(&mut tx, db, school_id, id).await?;
    if is_default {
        return Err(AppError::invalid("schedule", Msg::BellsDefaultUndeletable));
    }
    let bells = schedule_bells(&mut tx, db, id).await?;
    db.query("DELETE FROM bells WHERE schedule_id = $1").bind(id).execute(&mut *tx).await?;
    db.query("DELETE FROM bell_schedules WHERE id = $1").bind(id).execute(&mut *tx).await?;
    record(&mut tx, db, school_id, actor, "bells.remove", "bell_schedule", id, Some(serde_json::json!({ "name": name, "bells": bells })), None).await?;
    tx.commit().await?;
    Ok(())
}

// «Кабинеты»

macro_rules! room_in_use {
    () => {
        // Three lookups, each on its own index (an OR inside one EXISTS scans the lessons).
        "(EXISTS (SELECT 1 FROM timetable_entries e WHERE e.room_id = r.id) \
     OR EXISTS (SELECT 1 FROM lessons l WHERE l.room_id = r.id) \
     OR EXISTS (SELECT 1 FROM lessons l WHERE l.planned_room_id = r.id))"
    };
}

pub async fn rooms(ctx: &ServerContext, school_id: i64) -> Result<Vec<RoomRow>, AppError> {
    let db = &ctx.db;
    let sql = concat!("SELECT r.id, r.name, r.building, r.capacity, CASE WHEN ", room_in_use!(), " THEN 1 ELSE 0 END AS in_use FROM rooms r WHERE r.school_id = $1 ORDER BY r.building, r.name, r.id");
    let rows = db.query(sql).bind(school_id).fetch_all(db.pool()).await?;
    Ok(rows
        .iter()
        .map(|r| {
            Ok(RoomRow {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                building: r.try_get("building")?,
                capacity: r.try_get("capacity")?,
                in_use: r.try_get::<i64, _>("in_use")? == 1,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?)
}

/// Adds a room (`id` None) or changes one.
#[allow(clippy::too_many_arguments)]
pub async fn save_room(
    ctx: &ServerContext,
    school_id: i64,
    actor: i64,
    id: Option<i64>,
    name_typed: &str,
    building_typed: &str,
    capacity_typed: &str,
) -> Result<i64, AppError> {
    let db = &ctx.db;
    let year = current_year(ctx, school_id).await?;
    let typed = [("name", name_typed), ("building", building_typed), ("capacity", capacity_typed)];
    let mut problems = Vec::new();
    let name = clean_name(name_typed).map_err(|m| problems.push(("name".to_string(), m))).ok();
    let building = clean_optional(building_typed).map_err(|m| problems.push(("building".to_string(), m))).ok();
    let capacity = parse_capacity(capacity_typed).map_err(|m| problems.push(("capacity".to_string(), m))).ok();
    let mut tx = db.begin().await?;
    let before = match id {
        Some(id) => Some(
            db.query_as::<(String, String, i64)>("SELECT name, building, capacity FROM rooms WHERE id = $1 AND school_id = $2")
                .bind(id)
                .bind(school_id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(AppError::NotFound)?,
        ),
        None => None,
    };
    if let (Some(name), Some(building)) = (&name, &building) {
        let others = db
            .query_as::<(String, String)>("SELECT building, name FROM rooms WHERE school_id = $1 AND id <> $2")
            .bind(school_id)
            .bind(id.unwrap_or(0))
            .fetch_all(&mut *tx)
            .await?;
        if clashes(name, others.into_iter().filter(|(b, _)| b.to_lowercase() == building.to_lowercase()).map(|(_, n)| n)) {
            problems.insert(0, ("name".to_string(), Msg::RoomTaken));
        }
    }
    let (Some(name), Some(building), Some(capacity), true) = (name, building, capacity, problems.is_empty()) else {
        return Err(refuse(&problems, &typed));
    };
    touch(&mut tx, db, school_id, year).await?;
    let after = serde_json::json!({ "name": name, "building": building, "capacity": capacity });
    let id = match (id, before) {
        (Some(id), Some((n, b, c))) => {
            db.query("UPDATE rooms SET name = $1, building = $2, capacity = $3 WHERE id = $4")
                .bind(name.clone())
                .bind(building.clone())
                .bind(capacity)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let before = serde_json::json!({ "name": n, "building": b, "capacity": c });
            record(&mut tx, db, school_id, actor, "room.update", "room", id, Some(before), Some(after)).await?;
            id
        }
        _ => {
            let id: i64 = db
                .query_scalar("INSERT INTO rooms (school_id, name, building, capacity) VALUES ($1, $2, $3, $4) RETURNING id")
                .bind(school_id)
                .bind(name.clone())
                .bind(building.clone())
                .bind(capacity)
                .fetch_one(&mut *tx)
                .await?;
            record(&mut tx, db, school_id, actor, "room.create", "room", id, None, Some(after)).await?;
            id
        }
    };
    tx.commit().await?;
    Ok(id)
}

pub async fn delete_room(ctx: &ServerContext, school_id: i64, actor: i64, id: i64) -> Result<(), AppError> {
    let db = &ctx.db;
    let year = current_year(ctx, school_id).await?;
    let mut tx = db.begin().await?;
    touch(&mut tx, db, school_id, year).await?;
    let sql = concat!("SELECT r.name, r.building, r.capacity, CASE WHEN ", room_in_use!(), " THEN 1 ELSE 0 END FROM rooms r WHERE r.id = $1 AND r.school_id = $2");
    let (name, building, capacity, in_use) =
        db.query_as::<(String, String, i64, i64)>(sql).bind(id).bind(school_id).fetch_optional(&mut *tx).await?.ok_or(AppError::NotFound)?;
    if in_use == 1 {
        return Err(AppError::invalid("room", Msg::RoomInUse));
    }
    db.query("DELETE FROM rooms WHERE id = $1").bind(id).execute(&mut *tx).await?;
    let before = serde_json::json!({ "name": name, "building": building, "capacity": capacity });
    record(&mut tx, db, school_id, actor, "room.remove", "room", id, Some(before), None).await?;
    tx.commit().await?;
    Ok(())
}

// «Предметы»

macro_rules! subject_in_load {
    () => {
        "(EXISTS (SELECT 1 FROM teaching_assignments a WHERE a.subject_id = s.id) \
     OR EXISTS (SELECT 1 FROM timetable_entries e WHERE e.subject_id = s.id) OR EXISTS (SELECT 1 FROM lessons l WHERE l.subject_id = s.id))"
    };
}
macro_rules! subject_in_groups {
    () => {
        "EXISTS (SELECT 1 FROM subgroups g WHERE g.subject_id = s.id)"
    };
}

pub async fn subjects(ctx: &ServerContext, school_id: i64) -> Result<Vec<SubjectRow>, AppError> {
    let db = &ctx.db;
    let sql = concat!("SELECT s.id, s.name, s.short_name, CASE WHEN ", subject_in_load!(), " OR ", subject_in_groups!(), " THEN 1 ELSE 0 END AS in_use \
         FROM subjects s WHERE s.school_id = $1 ORDER BY s.name, s.id");
    let rows = db.query(sql).bind(school_id).fetch_all(db.pool()).await?;
    Ok(rows
        .iter()
        .map(|r| {
            Ok(SubjectRow {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                short_name: r.try_get("short_name")?,
                in_use: r.try_get::<i64, _>("in_use")? == 1,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?)
}

/// Adds a subject (`id` None) or renames one.
pub async fn save_subject(ctx: &ServerContext, school_id: i64, actor: i64, id: Option<i64>, name_typed: &str, short_typed: &str) -> Result<i64, AppError> {
    let db = &ctx.db;
    let year = current_year(ctx, school_id).await?;
    let typed = [("name", name_typed), ("short_name", short_typed)];
    let mut problems = Vec::new();
    let name = clean_name(name_typed).map_err(|m| problems.push(("name".to_string(), m))).ok();
    let short = name.as_deref().and_then(|n| short_name_or(short_typed, n).map_err(|m| problems.push(("short_name".to_string(), m))).ok());
    let mut tx = db.begin().await?;
    let before = match id {
        Some(id) => Some(
            db.query_as::<(String, String)>("SELECT name, short_name FROM subjects WHERE id = $1 AND school_id = $2")
                .bind(id)
                .bind(school_id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(AppError::NotFound)?,
        ),
        None => None,
    };
    if let Some(name) = &name {
        if clashes(name, names(&mut tx, db, "SELECT name FROM subjects WHERE school_id = $1 AND id <> $2", school_id, id.unwrap_or(0)).await?) {
            problems.insert(0, ("name".to_string(), Msg::SubjectTaken));
        }
    }
    let (Some(name), Some(short), true) = (name, short, problems.is_empty()) else {
        return Err(refuse(&problems, &typed));
    };
    touch(&mut tx, db, school_id, year).await?;
    let after = serde_json::json!({ "name": name, "short_name": short });
    let id = match (id, before) {
        (Some(id), Some((n, s))) => {
            db.query("UPDATE subjects SET name = $1, short_name = $2 WHERE id = $3").bind(name.clone()).bind(short.clone()).bind(id).execute(&mut *tx).await?;
            record(&mut tx, db, school_id, actor, "subject.update", "subject", id, Some(serde_json::json!({ "name": n, "short_name": s })), Some(after)).await?;
            id
        }
        _ => {
            let id: i64 = db
                .query_scalar("INSERT INTO subjects (school_id, name, short_name) VALUES ($1, $2, $3) RETURNING id")
                .bind(school_id)
                .bind(name.clone())
                .bind(short.clone())
                .fetch_one(&mut *tx)
                .await?;
            record(&mut tx, db, school_id, actor, "subject.create", "subject", id, None, Some(after)).await?;
            id
        }
    };
    tx.commit().await?;
    Ok(id)
}

pub async fn delete_subject(ctx: &ServerContext, school_id: i64, actor: i64, id: i64) -> Result<(), AppError> {
    let db = &ctx.db;
    let year = current_year(ctx, school_id).await?;
    let mut tx = db.begin().await?;
    touch(&mut tx, db, school_id, year).await?;
    let sql = concat!("SELECT s.name, s.short_name, CASE WHEN ", subject_in_load!(), " THEN 1 ELSE 0 END, CASE WHEN ", subject_in_groups!(), " THEN 1 ELSE 0 END \
         FROM subjects s WHERE s.id = $1 AND s.school_id = $2");
    let (name, short, in_load, in_groups) =
        db.query_as::<(String, String, i64, i64)>(sql).bind(id).bind(school_id).fetch_optional(&mut *tx).await?.ok_or(AppError::NotFound)?;
    if in_load == 1 {
        return Err(AppError::invalid("subject", Msg::SubjectInUse));
    }
    if in_groups == 1 {
        return Err(AppError::invalid("subject", Msg::SubjectInGroups));
    }
    db.query("DELETE FROM subjects WHERE id = $1").bind(id).execute(&mut *tx).await?;
    record(&mut tx, db, school_id, actor, "subject.remove", "subject", id, Some(serde_json::json!({ "name": name, "short_name": short })), None).await?;
    tx.commit().await?;
    Ok(())
}

// «Группы»

macro_rules! group_in_use {
    () => {
        "(EXISTS (SELECT 1 FROM teaching_assignments a WHERE a.subgroup_id = g.id) \
     OR EXISTS (SELECT 1 FROM timetable_entries e WHERE e.subgroup_id = g.id) OR EXISTS (SELECT 1 FROM lessons l WHERE l.subgroup_id = g.id))"
    };
}

pub async fn groups(ctx: &ServerContext, school_id: i64, class_id: i64, group_id: i64) -> Result<GroupsSetup, AppError> {
    let db = &ctx.db;
    let year_id = current_year(ctx, school_id).await?.ok_or(AppError::NotFound)?;
    let mut conn = db.acquire().await?;
    let classes = db
        .query("SELECT id, grade, letter FROM classes WHERE school_id = $1 AND academic_year_id = $2 ORDER BY grade, letter")
        .bind(school_id)
        .bind(year_id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| Ok(Target { id: r.try_get("id")?, name: class_name(r.try_get("grade")?, &r.try_get::<String, _>("letter")?) }))
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    // No class asked for: the first with groups (where there is something to see), else the first.
    let with_groups: Option<i64> = db
        .query_scalar(
            "SELECT g.class_id FROM subgroups g JOIN classes c ON c.id = g.class_id \
             WHERE c.school_id = $1 AND c.academic_year_id = $2 ORDER BY c.grade, c.letter LIMIT 1",
        )
        .bind(school_id)
        .bind(year_id)
        .fetch_optional(&mut *conn)
        .await?;
    let class = classes
        .iter()
        .find(|c| c.id == class_id)
        .or_else(|| classes.iter().find(|c| Some(c.id) == with_groups))
        .or(classes.first())
        .cloned()
        .ok_or(AppError::NotFound)?;
    let sql = concat!("SELECT g.id, g.name, g.subject_id, s.name AS subject, (SELECT COUNT(*) FROM subgroup_members m WHERE m.subgroup_id = g.id) AS pupils, \
                CASE WHEN ", group_in_use!(), " THEN 1 ELSE 0 END AS in_use \
         FROM subgroups g LEFT JOIN subjects s ON s.id = g.subject_id WHERE g.class_id = $1 ORDER BY g.name, g.id");
    let groups = db
        .query(sql)
        .bind(class.id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            Ok(GroupRow {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                subject_id: r.try_get("subject_id")?,
                subject: r.try_get("subject")?,
                pupils: r.try_get("pupils")?,
                in_use: r.try_get::<i64, _>("in_use")? == 1,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let subjects = db
        .query_as::<(i64, String)>("SELECT id, name FROM subjects WHERE school_id = $1 ORDER BY name")
        .bind(school_id)
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|(id, name)| Target { id, name })
        .collect();
    let chosen = groups.iter().find(|g| g.id == group_id).map(|g| g.id).unwrap_or(0);
    let pupils = db
        .query(
            "SELECT p.id, p.surname, p.name, p.patronymic, \
                    CASE WHEN EXISTS (SELECT 1 FROM subgroup_members m WHERE m.subgroup_id = $2 AND m.pupil_id = p.id) THEN 1 ELSE 0 END AS member \
             FROM class_enrolments e JOIN people p ON p.id = e.pupil_id WHERE e.class_id = $1 \
             ORDER BY p.surname, p.name, p.patronymic, p.id",
        )
        .bind(class.id)
        .bind(chosen)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            Ok(GroupPupil {
                id: r.try_get("id")?,
                name: full_name(&r.try_get::<String, _>("surname")?, &r.try_get::<String, _>("name")?, &r.try_get::<String, _>("patronymic")?),
                member: r.try_get::<i64, _>("member")? == 1,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(GroupsSetup { class_id: class.id, class_name: class.name, classes, subjects, groups, chosen, pupils })
}

/// A chosen subject: empty is «любой предмет» (None); otherwise one of this school's.
async fn group_subject(conn: &mut AnyConnection, db: &Db, school_id: i64, typed: &str) -> Result<Result<Option<i64>, Msg>, AppError> {
    let typed = typed.trim();
    if typed.is_empty() || typed == "0" {
        return Ok(Ok(None));
    }
    let Ok(id) = typed.parse::<i64>() else { return Ok(Err(Msg::GroupSubjectUnknown)) };
    let found: Option<i64> =
        db.query_scalar("SELECT id FROM subjects WHERE id = $1 AND school_id = $2").bind(id).bind(school_id).fetch_optional(&mut *conn).await?;
    Ok(found.map(Some).ok_or(Msg::GroupSubjectUnknown))
}

/// The first of `pupils` already in another group of this class with the same subject:
/// (pupil's name, that group's name).
async fn in_twin_group(
    conn: &mut AnyConnection,
    db: &Db,
    class_id: i64,
    group_id: i64,
    subject_id: Option<i64>,
    pupils: &[i64],
) -> Result<Option<(String, String)>, AppError> {
    let Some(subject_id) = subject_id else { return Ok(None) };
    let rows = db
        .query(
            "SELECT m.pupil_id, g.name AS group_name, p.surname, p.name, p.patronymic FROM subgroup_members m \
             JOIN subgroups g ON g.id = m.subgroup_id JOIN people p ON p.id = m.pupil_id \
             WHERE g.class_id = $1 AND g.id <> $2 AND g.subject_id = $3 ORDER BY p.surname, p.name, p.id",
        )
        .bind(class_id)
        .bind(group_id)
        .bind(subject_id)
        .fetch_all(&mut *conn)
        .await?;
    for r in &rows {
        if pupils.contains(&r.try_get::<i64, _>("pupil_id")?) {
            let name = full_name(&r.try_get::<String, _>("surname")?, &r.try_get::<String, _>("name")?, &r.try_get::<String, _>("patronymic")?);
            return Ok(Some((name, r.try_get("group_name")?)));
        }
    }
    Ok(None)
}

const GROUP_NAMES: &str = "SELECT name FROM subgroups WHERE class_id = $1 AND id <> $2";

pub async fn add_group(ctx: &ServerContext, school_id: i64, actor: i64, class_id: i64, name_typed: &str, subject_typed: &str) -> Result<i64, AppError> {
    let db = &ctx.db;
    let year = current_year(ctx, school_id).await?;
    let typed = [("name", name_typed), ("subject_id", subject_typed)];
    let mut tx = db.begin().await?;
    let class: Option<i64> =
        db.query_scalar("SELECT id FROM classes WHERE id = $1 AND school_id = $2").bind(class_id).bind(school_id).fetch_optional(&mut *tx).await?;
    class.ok_or(AppError::NotFound)?;
    let mut problems = Vec::new();
    let name = clean_name(name_typed).map_err(|m| problems.push(("name".to_string(), m))).ok();
    let subject = group_subject(&mut tx, db, school_id, subject_typed).await?.map_err(|m| problems.push(("subject_id".to_string(), m))).ok();
    if let Some(name) = &name {
        if clashes(name, names(&mut tx, db, GROUP_NAMES, class_id, 0).await?) {
            problems.insert(0, ("name".to_string(), Msg::GroupTaken));
        }
    }
    let (Some(name), Some(subject), true) = (name, subject, problems.is_empty()) else {
        return Err(refuse(&problems, &typed));
    };
    touch(&mut tx, db, school_id, year).await?;
    let id: i64 = db
        .query_scalar("INSERT INTO subgroups (school_id, class_id, subject_id, name) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(school_id)
        .bind(class_id)
        .bind(subject)
        .bind(name.clone())
        .fetch_one(&mut *tx)
        .await?;
    record(&mut tx, db, school_id, actor, "group.create", "subgroup", id, None, Some(serde_json::json!({ "class_id": class_id, "name": name, "subject_id": subject })))
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// (class, name, subject) of a group of this school.
async fn group(conn: &mut AnyConnection, db: &Db, school_id: i64, id: i64) -> Result<(i64, String, Option<i64>), AppError> {
    db.query_as::<(i64, String, Option<i64>)>("SELECT class_id, name, subject_id FROM subgroups WHERE id = $1 AND school_id = $2")
        .bind(id)
        .bind(school_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)
}

async fn members(conn: &mut AnyConnection, db: &Db, id: i64) -> Result<Vec<i64>, AppError> {
    Ok(db.query_scalar::<i64>("SELECT pupil_id FROM subgroup_members WHERE subgroup_id = $1 ORDER BY pupil_id").bind(id).fetch_all(&mut *conn).await?)
}

/// Renames a group or changes its subject; returns its class.
pub async fn edit_group(ctx: &ServerContext, school_id: i64, actor: i64, id: i64, name_typed: &str, subject_typed: &str) -> Result<i64, AppError> {
    let db = &ctx.db;
    let year = current_year(ctx, school_id).await?;
    let typed = [("name", name_typed), ("subject_id", subject_typed)];
    let mut tx = db.begin().await?;
    touch(&mut tx, db, school_id, year).await?;
    let (class_id, before_name, before_subject) = group(&mut tx, db, school_id, id).await?;
    let mut problems = Vec::new();
    let name = clean_name(name_typed).map_err(|m| problems.push(("name".to_string(), m))).ok();
    let subject = group_subject(&mut tx, db, school_id, subject_typed).await?.map_err(|m| problems.push(("subject_id".to_string(), m))).ok();
    if let Some(name) = &name {
        if clashes(name, names(&mut tx, db, GROUP_NAMES, class_id, id).await?) {
            problems.insert(0, ("name".to_string(), Msg::GroupTaken));
        }
    }
    let mut args = Vec::new();
    if let Some(subject) = subject {
        let pupils = members(&mut tx, db, id).await?;
        if let Some((pupil, other)) = in_twin_group(&mut tx, db, class_id, id, subject, &pupils).await? {
            problems.insert(0, ("subject_id".to_string(), Msg::GroupPupilTwice));
            args = vec![pupil, other];
        }
    }
    let (Some(name), Some(subject), true) = (name, subject, problems.is_empty()) else {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        return Err(refuse(&problems, &typed).with_args(&args));
    };
    db.query("UPDATE subgroups SET name = $1, subject_id = $2 WHERE id = $3").bind(name.clone()).bind(subject).bind(id).execute(&mut *tx).await?;
    let (before, after) =
        (serde_json::json!({ "name": before_name, "subject_id": before_subject }), serde_json::json!({ "name": name, "subject_id": subject }));
    record(&mut tx, db, school_id, actor, "group.update", "subgroup", id, Some(before), Some(after)).await?;
    tx.commit().await?;
    Ok(class_id)
}

/// Deletes a group no load uses (its pupil list goes with it); returns its class.
pub async fn delete_group(ctx: &ServerContext, school_id: i64, actor: i64, id: i64) -> Result<i64, AppError> {
    let db = &ctx.db;
    let year = current_year(ctx, school_id).await?;
    let mut tx = db.begin().await?;
    touch(&mut tx, db, school_id, year).await?;
    let (class_id, name, subject) = group(&mut tx, db, school_id, id).await?;
    let in_use: i64 = db
        .query_scalar(concat!("SELECT CASE WHEN ", group_in_use!(), " THEN 1 ELSE 0 END FROM subgroups g WHERE g.id = $1"))
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    if in_use == 1 {
        return Err(AppError::invalid("group", Msg::GroupInUse));
    }
    let pupils = members(&mut tx, db, id).await?;
    db.query("DELETE FROM subgroup_members WHERE subgroup_id = $1").bind(id).execute(&mut *tx).await?;
    db.query("DELETE FROM subgroups WHERE id = $1").bind(id).execute(&mut *tx).await?;
    let before = serde_json::json!({ "class_id": class_id, "name": name, "subject_id": subject, "pupils": pupils });
    record(&mut tx, db, school_id, actor, "group.remove", "subgroup", id, Some(before), None).await?;
    tx.commit().await?;
    Ok(class_id)
}

/// The group's pupils become exactly `pupils` (pupils of its class; none in another group of the
/// same subject); returns its class.
pub async fn set_members(ctx: &ServerContext, school_id: i64, actor: i64, id: i64, pupils: &[i64]) -> Result<i64, AppError> {
    let db = &ctx.db;
    let year = current_year(ctx, school_id).await?;
    let mut pupils = pupils.to_vec();
    pupils.sort_unstable();
    pupils.dedup();
    let mut tx = db.begin().await?;
    touch(&mut tx, db, school_id, year).await?;
    let (class_id, _, subject) = group(&mut tx, db, school_id, id).await?;
    let enrolled: Vec<i64> = db.query_scalar("SELECT pupil_id FROM class_enrolments WHERE class_id = $1").bind(class_id).fetch_all(&mut *tx).await?;
    if pupils.iter().any(|p| !enrolled.contains(p)) {
        return Err(AppError::invalid("pupils", Msg::GroupPupilNotInClass));
    }
    if let Some((pupil, other)) = in_twin_group(&mut tx, db, class_id, id, subject, &pupils).await? {
        return Err(AppError::invalid("pupils", Msg::GroupPupilTwice).with_args(&[&pupil, &other]));
    }
    let before = members(&mut tx, db, id).await?;
    db.query("DELETE FROM subgroup_members WHERE subgroup_id = $1").bind(id).execute(&mut *tx).await?;
    for p in &pupils {
        db.query("INSERT INTO subgroup_members (subgroup_id, school_id, pupil_id) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(school_id)
            .bind(*p)
            .execute(&mut *tx)
            .await?;
    }
    record(&mut tx, db, school_id, actor, "group.pupils", "subgroup", id, Some(serde_json::json!({ "pupils": before })), Some(serde_json::json!({ "pupils": pupils })))
        .await?;
    tx.commit().await?;
    Ok(class_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(times: &[(&str, &str)]) -> Vec<(String, String)> {
        times.iter().map(|(s, e)| (s.to_string(), e.to_string())).collect()
    }

    #[test]
    fn times_are_hours_and_minutes() {
        assert_eq!(parse_time("08:30"), Ok(510));
        assert_eq!(parse_time(" 8:30 "), Ok(510));
        assert_eq!(parse_time("8.30"), Ok(510));
        assert_eq!(parse_time("23:59"), Ok(23 * 60 + 59));
        for wrong in ["", "8", "830", "24:00", "08:60", "08:5", "8:30:00", "в 8", "-1:30", "08: 30"] {
            assert_eq!(parse_time(wrong), Err(Msg::BellsTimeFormat), "{wrong}");
        }
        assert_eq!(format_time(510), "08:30");
    }

    #[test]
    fn bells_go_in_order_without_overlaps() {
        let ok = check_bells(&rows(&[("8:30", "9:15"), ("09:25", "10:10"), ("", ""), ("", "")])).unwrap();
        assert_eq!(ok, rows(&[("08:30", "09:15"), ("09:25", "10:10")]));
        // The end before (or at) the start.
        let e = check_bells(&rows(&[("09:15", "08:30")])).unwrap_err();
        assert_eq!(e, vec![("ends[0]".to_string(), Msg::BellsEndBeforeStart)]);
        assert_eq!(check_bells(&rows(&[("09:15", "09:15")])).unwrap_err()[0].1, Msg::BellsEndBeforeStart);
        // Starting before (or as) the previous ends.
        let e = check_bells(&rows(&[("08:30", "09:15"), ("09:10", "09:55")])).unwrap_err();
        assert_eq!(e, vec![("starts[1]".to_string(), Msg::BellsOverlap)]);
        assert!(check_bells(&rows(&[("08:30", "09:15"), ("09:15", "10:00")])).is_err());
        // A gap, a half-filled row, a bad time, nothing at all.
        let e = check_bells(&rows(&[("08:30", "09:15"), ("", ""), ("10:20", "11:05")])).unwrap_err();
        assert_eq!(e, vec![("starts[2]".to_string(), Msg::BellsGap)]);
        let e = check_bells(&rows(&[("08:30", ""), ("9:25", "10.1")])).unwrap_err();
        assert_eq!(e, vec![("ends[0]".to_string(), Msg::BellsTimeMissing), ("ends[1]".to_string(), Msg::BellsTimeFormat)]);
        assert_eq!(check_bells(&rows(&[("", ""), ("", "")])).unwrap_err(), vec![("starts[0]".to_string(), Msg::BellsEmpty)]);
        // Rows beyond the eighth are not lessons.
        let nine: Vec<(String, String)> = (0..9).map(|i| (format_time(480 + i * 50), format_time(480 + i * 50 + 45))).collect();
        assert_eq!(check_bells(&nine).unwrap().len(), MAX_BELLS);
    }

    #[test]
    fn capacity_is_one_to_five_hundred_seats() {
        assert_eq!(parse_capacity(" 30 "), Ok(30));
        assert_eq!(parse_capacity("1"), Ok(1));
        assert_eq!(parse_capacity("500"), Ok(500));
        assert_eq!(parse_capacity(""), Err(Msg::RoomCapacityRequired));
        for wrong in ["0", "501", "-3", "2.5", "тридцать"] {
            assert_eq!(parse_capacity(wrong), Err(Msg::RoomCapacityFormat), "{wrong}");
        }
    }

    #[test]
    fn names_are_trimmed_required_and_bounded() {
        assert_eq!(clean_name("  Английский   язык "), Ok("Английский язык".into()));
        assert_eq!(clean_name("   "), Err(Msg::SetupNameRequired));
        assert_eq!(clean_name(&"я".repeat(MAX_NAME)).map(|n| n.chars().count()), Ok(MAX_NAME));
        assert_eq!(clean_name(&"я".repeat(MAX_NAME + 1)), Err(Msg::SetupNameTooLong));
        assert_eq!(clean_optional("  "), Ok(String::new()));
        assert_eq!(clean_optional(" Корпус  2 "), Ok("Корпус 2".into()));
        assert_eq!(short_name_or("", "Физика"), Ok("Физика".into()));
        assert_eq!(short_name_or(" Англ. яз. ", "Английский язык"), Ok("Англ. яз.".into()));
        assert_eq!(short_name_or("", "Основы безопасности жизнедеятельности").map(|s| s.chars().count() <= MAX_SHORT_NAME), Ok(true));
        assert_eq!(short_name_or(&"я".repeat(MAX_SHORT_NAME + 1), "x"), Err(Msg::SubjectShortTooLong));
        assert!(clashes("английский язык", ["Английский язык".to_string()]));
        assert!(!clashes("Немецкий язык", ["Английский язык".to_string()]));
    }
}
