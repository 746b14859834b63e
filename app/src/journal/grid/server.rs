//! Server-only: reading a grid, saving a cell (optimistic version check, history, revision in
//! one transaction), changes since a revision, a cell's history, final marks, period locks.

use super::types::*;
use crate::accounts::types::{Me, RoleKind};
use crate::audit;
use crate::context::ServerContext;
use crate::db::{now, Db, Row};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::journal::marks::{valid_final, valid_value, Attendance, Cell, Scale, WorkType, MAX_COMMENT, MAX_LATE_MINUTES, MAX_MARKS};
use crate::policy::{authorize, Action, Scope};
use crate::school::types::{class_name, short_name};
use sqlx::AnyConnection;

/// Today in Moscow, 'YYYY-MM-DD'.
pub fn today() -> String {
    crate::timetable::personal::server::moscow_now().0.format("%Y-%m-%d").to_string()
}

/// «22.11.2026 14:05», Moscow time.
pub fn moscow_time(at: i64) -> String {
    chrono::DateTime::from_timestamp(at + 3 * 3600, 0).unwrap_or_default().format("%d.%m.%Y %H:%M").to_string()
}

pub fn school_of(me: &Me) -> Result<i64, AppError> {
    me.active.school_id.ok_or(AppError::Forbidden)
}

/// A dated lesson as the journal needs it.
#[derive(Clone, Debug)]
pub struct LessonInfo {
    pub id: i64,
    pub school_id: i64,
    pub class_id: i64,
    pub group_id: i64,
    pub subject_id: i64,
    pub period_id: i64,
    pub date: String,
    pub number: i64,
    pub cancelled: bool,
    pub closed: bool,
    pub substitute_id: Option<i64>,
}

pub async fn lesson_info(db: &Db, conn: &mut AnyConnection, lesson_id: i64) -> Result<Option<LessonInfo>, AppError> {
    let row = db
        .query(
            "SELECT l.id, l.school_id, l.class_id, COALESCE(l.subgroup_id, 0) AS group_id, l.subject_id, l.reporting_period_id, \
                    l.lesson_date, l.lesson_number, l.cancelled, l.substitute_id, p.closed \
             FROM lessons l JOIN reporting_periods p ON p.id = l.reporting_period_id WHERE l.id = $1",
        )
        .bind(lesson_id)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(r) = row else { return Ok(None) };
    Ok(Some(LessonInfo {
        id: r.try_get("id")?,
        school_id: r.try_get("school_id")?,
        class_id: r.try_get("class_id")?,
        group_id: r.try_get("group_id")?,
        subject_id: r.try_get("subject_id")?,
        period_id: r.try_get("reporting_period_id")?,
        date: r.try_get("lesson_date")?,
        number: r.try_get("lesson_number")?,
        cancelled: r.try_get::<i64, _>("cancelled")? != 0,
        closed: r.try_get::<i64, _>("closed")? != 0,
        substitute_id: r.try_get("substitute_id")?,
    }))
}

pub async fn work_types(db: &Db, conn: &mut AnyConnection, school_id: i64) -> Result<Vec<WorkType>, AppError> {
    Ok(db
        .query("SELECT id, name, short_name, weight, scale FROM work_types WHERE school_id = $1 ORDER BY position, id")
        .bind(school_id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            Ok(WorkType {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                short_name: r.try_get("short_name")?,
                weight: r.try_get("weight")?,
                scale: Scale::parse(&r.try_get::<String, _>("scale")?),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?)
}

async fn plus_minus(db: &Db, conn: &mut AnyConnection, school_id: i64) -> Result<bool, AppError> {
    let v: Option<i64> = db
        .query_scalar("SELECT plus_minus FROM journal_settings WHERE school_id = $1")
        .bind(school_id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(v == Some(1))
}

/// The school's work types in use when it has none yet (the demo and a new school get these).
pub const DEFAULT_WORK_TYPES: [(&str, &str, i64, &str); 6] = [
    ("Ответ на уроке", "отв", 1, "five"),
    ("Домашняя работа", "д/з", 1, "five"),
    ("Самостоятельная работа", "с/р", 2, "five"),
    ("Контрольная работа", "к/р", 3, "five"),
    ("Работа над ошибками", "р/о", 0, "five"),
    ("Зачёт", "зач", 1, "pass"),
];

/// Gives a school the default work types when it has none.
pub async fn ensure_work_types(db: &Db, conn: &mut AnyConnection, school_id: i64) -> Result<(), AppError> {
    let n: i64 = db.query_scalar("SELECT COUNT(*) FROM work_types WHERE school_id = $1").bind(school_id).fetch_one(&mut *conn).await?;
    if n == 0 {
        for (i, (name, short, weight, scale)) in DEFAULT_WORK_TYPES.iter().enumerate() {
            db.query("INSERT INTO work_types (school_id, name, short_name, weight, scale, position) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(school_id)
                .bind(*name)
                .bind(*short)
                .bind(*weight)
                .bind(*scale)
                .bind(i as i64)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

/// Checks a cell's content; the message belongs to the field `cell`.
pub fn validate(cell: &Cell, work_types: &[WorkType], plus_minus: bool) -> Result<(), AppError> {
    let bad = |msg: Msg| Err(AppError::invalid("cell", msg));
    if !cell.a.is_empty() && Attendance::parse(&cell.a).is_none() {
        return bad(Msg::JournalBadAttendance);
    }
    match cell.min {
        Some(m) if cell.a != "о" || !(1..=MAX_LATE_MINUTES).contains(&m) => return bad(Msg::JournalBadLateMinutes),
        _ => {}
    }
    if cell.marks.len() > MAX_MARKS {
        return bad(Msg::JournalTooManyMarks);
    }
    for mark in &cell.marks {
        let Some(wt) = work_types.iter().find(|w| w.id == mark.w) else { return bad(Msg::JournalBadWorkType) };
        if !valid_value(&mark.v, wt.scale, plus_minus) {
            return Err(AppError::invalid("cell", if wt.scale == Scale::Pass { Msg::JournalBadPassMark } else { Msg::JournalBadMark })
                .with_args(&[&mark.v]));
        }
        if mark.c.chars().count() > MAX_COMMENT {
            return bad(Msg::JournalCommentTooLong);
        }
    }
    Ok(())
}

/// The pupils of a class, or of one of its groups, alphabetically.
pub(crate) async fn pupils(db: &Db, conn: &mut AnyConnection, class_id: i64, group_id: i64) -> Result<Vec<GridPupil>, AppError> {
    let rows = if group_id == 0 {
        db.query(
            "SELECT p.id, p.surname, p.name FROM class_enrolments e JOIN people p ON p.id = e.pupil_id \
             WHERE e.class_id = $1 ORDER BY p.surname, p.name, p.patronymic, p.id",
        )
        .bind(class_id)
        .fetch_all(&mut *conn)
        .await?
    } else {
        db.query(
            "SELECT p.id, p.surname, p.name FROM subgroup_members m JOIN people p ON p.id = m.pupil_id \
             WHERE m.subgroup_id = $1 ORDER BY p.surname, p.name, p.patronymic, p.id",
        )
        .bind(group_id)
        .fetch_all(&mut *conn)
        .await?
    };
    Ok(rows
        .iter()
        .map(|r| Ok(GridPupil { id: r.try_get("id")?, name: format!("{} {}", r.try_get::<String, _>("surname")?, r.try_get::<String, _>("name")?) }))
        .collect::<Result<Vec<_>, sqlx::Error>>()?)
}

async fn pupil_in_lesson(db: &Db, conn: &mut AnyConnection, lesson: &LessonInfo, pupil_id: i64) -> Result<bool, AppError> {
    let n: i64 = if lesson.group_id == 0 {
        db.query_scalar("SELECT COUNT(*) FROM class_enrolments WHERE class_id = $1 AND pupil_id = $2")
            .bind(lesson.class_id)
            .bind(pupil_id)
            .fetch_one(&mut *conn)
            .await?
    } else {
        db.query_scalar("SELECT COUNT(*) FROM subgroup_members WHERE subgroup_id = $1 AND pupil_id = $2")
            .bind(lesson.group_id)
            .bind(pupil_id)
            .fetch_one(&mut *conn)
            .await?
    };
    Ok(n > 0)
}

pub(super) fn cell_from_row(r: &sqlx::any::AnyRow) -> Result<GridCell, sqlx::Error> {
    Ok(GridCell {
        lesson_id: r.try_get("lesson_id")?,
        pupil_id: r.try_get("pupil_id")?,
        cell: Cell::from_parts(&r.try_get::<String, _>("attendance")?, r.try_get("late_minutes")?, &r.try_get::<String, _>("marks")?),
        version: r.try_get("version")?,
        by: changed_by(r)?,
    })
}

/// «Фамилия И. О.» of the person a row's `LEFT JOIN people p ON p.id = …changed_by` found
/// (its `surname`, `name`, `patronymic`); '' when nobody is named.
fn changed_by(r: &sqlx::any::AnyRow) -> Result<String, sqlx::Error> {
    Ok(match r.try_get::<Option<String>, _>("surname")? {
        Some(s) => short_name(&s, &r.try_get::<String, _>("name")?, &r.try_get::<String, _>("patronymic")?),
        None => String::new(),
    })
}

/// Bumps the school's journal revision inside the transaction and returns the new value. On
/// PostgreSQL the row lock orders concurrent saves of one school; SQLite's BEGIN IMMEDIATE does.
pub async fn bump_revision(db: &Db, conn: &mut AnyConnection, school_id: i64) -> Result<i64, AppError> {
    db.query("INSERT INTO journal_revisions (school_id, revision) VALUES ($1, 0) ON CONFLICT (school_id) DO NOTHING")
        .bind(school_id)
        .execute(&mut *conn)
        .await?;
    Ok(db
        .query_scalar("UPDATE journal_revisions SET revision = revision + 1 WHERE school_id = $1 RETURNING revision")
        .bind(school_id)
        .fetch_one(&mut *conn)
        .await?)
}

/// Saves one cell if nobody changed it since `expected_version` (0: the screen saw it empty
/// and never saved). `screen` names where the change came from (kept in the history).
pub async fn save_cell(
    ctx: &ServerContext,
    me: &Me,
    lesson_id: i64,
    pupil_id: i64,
    expected_version: i64,
    cell: Cell,
    screen: &str,
) -> Result<(SaveOutcome, String), AppError> {
    let db = &ctx.db;
    let school_id = school_of(me)?;
    // The policy asks the pool itself: no connection is held while it does.
    let lesson = lesson_info(db, &mut *db.acquire().await?, lesson_id).await?.filter(|l| l.school_id == school_id).ok_or(AppError::NotFound)?;
    authorize(ctx, me, Action::WriteMarks, Scope::Lesson { school_id, lesson_id }).await?;
    let mut conn = db.acquire().await?;
    if lesson.closed {
        return Err(AppError::invalid("cell", Msg::JournalPeriodClosed));
    }
    if lesson.cancelled {
        return Err(AppError::invalid("cell", Msg::JournalLessonCancelled));
    }
    if lesson.date > today() && !cell.is_empty() {
        return Err(AppError::invalid("cell", Msg::JournalLessonFuture));
    }
    let types = work_types(db, &mut conn, school_id).await?;
    validate(&cell, &types, plus_minus(db, &mut conn, school_id).await?)?;
    if !pupil_in_lesson(db, &mut conn, &lesson, pupil_id).await? {
        return Err(AppError::invalid("cell", Msg::JournalPupilNotHere));
    }
    drop(conn);
    let screen = match screen {
        "grid" | "lesson" => screen,
        _ => "api",
    };
    let mut tx = db.begin().await?;
    let revision = bump_revision(db, &mut tx, school_id).await?;
    let existing = db
        .query(
            "SELECT c.lesson_id, c.pupil_id, c.attendance, c.late_minutes, c.marks, c.version, p.surname, p.name, p.patronymic \
             FROM journal_cells c LEFT JOIN people p ON p.id = c.changed_by WHERE c.lesson_id = $1 AND c.pupil_id = $2",
        )
        .bind(lesson_id)
        .bind(pupil_id)
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| cell_from_row(&r))
        .transpose()?;
    let current_version = existing.as_ref().map(|c| c.version).unwrap_or(0);
    if current_version != expected_version {
        tx.rollback().await?;
        let current = existing.unwrap_or(GridCell { lesson_id, pupil_id, cell: Cell::default(), version: 0, by: String::new() });
        let by = current.by.clone();
        return Ok((SaveOutcome::Conflict { current, by }, String::new()));
    }
    let before = existing.as_ref().map(|c| c.cell.clone()).unwrap_or_default();
    if before == cell {
        tx.rollback().await?;
        return Ok((SaveOutcome::Saved { version: current_version, revision: revision - 1 }, String::new()));
    }
    let version = write_cell(db, &mut tx, me.person_id, &lesson, pupil_id, existing.as_ref(), &cell, revision, screen).await?;
    tx.commit().await?;
    Ok((SaveOutcome::Saved { version, revision }, topic(school_id, lesson.class_id, lesson.subject_id)))
}

/// Writes a cell that was read in this transaction (`existing`), its history row and, when the
/// pupil is newly marked missing the lesson, the parents' notice. Returns the new version.
#[allow(clippy::too_many_arguments)]
async fn write_cell(
    db: &Db,
    tx: &mut AnyConnection,
    actor: i64,
    lesson: &LessonInfo,
    pupil_id: i64,
    existing: Option<&GridCell>,
    cell: &Cell,
    revision: i64,
    screen: &str,
) -> Result<i64, AppError> {
    let before = existing.map(|c| c.cell.clone()).unwrap_or_default();
    let marks_json = serde_json::to_string(&cell.marks).unwrap_or_else(|_| "[]".into());
    let at = now();
    let version = existing.map(|c| c.version).unwrap_or(0) + 1;
    if existing.is_some() {
        db.query(
            "UPDATE journal_cells SET attendance = $1, late_minutes = $2, marks = $3, version = $4, revision = $5, changed_by = $6, changed_at = $7 \
             WHERE lesson_id = $8 AND pupil_id = $9",
        )
        .bind(cell.a.clone())
        .bind(cell.min)
        .bind(marks_json)
        .bind(version)
        .bind(revision)
        .bind(actor)
        .bind(at)
        .bind(lesson.id)
        .bind(pupil_id)
        .execute(&mut *tx)
        .await?;
    } else {
        db.query(
            "INSERT INTO journal_cells (school_id, lesson_id, pupil_id, class_id, subject_id, subgroup_id, period_id, attendance, late_minutes, marks, version, revision, changed_by, changed_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(lesson.school_id)
        .bind(lesson.id)
        .bind(pupil_id)
        .bind(lesson.class_id)
        .bind(lesson.subject_id)
        .bind(lesson.group_id)
        .bind(lesson.period_id)
        .bind(cell.a.clone())
        .bind(cell.min)
        .bind(marks_json)
        .bind(version)
        .bind(revision)
        .bind(actor)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    }
    db.query(
        "INSERT INTO journal_history (school_id, lesson_id, pupil_id, class_id, subject_id, actor_id, screen, before_json, after_json, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(lesson.school_id)
    .bind(lesson.id)
    .bind(pupil_id)
    .bind(lesson.class_id)
    .bind(lesson.subject_id)
    .bind(actor)
    .bind(screen.to_string())
    .bind(before.to_json())
    .bind(cell.to_json())
    .bind(at)
    .execute(&mut *tx)
    .await?;
    // The parents' notification hook: the message itself comes with messaging.
    if cell.attendance().is_some_and(|a| a.missed()) && before.a != cell.a {
        db.query("INSERT INTO absence_notices (school_id, pupil_id, lesson_id, attendance, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(lesson.school_id)
            .bind(pupil_id)
            .bind(lesson.id)
            .bind(cell.a.clone())
            .bind(at)
            .execute(&mut *tx)
            .await?;
    }
    Ok(version)
}

/// «Отсутствие на весь день»: the class teacher (or the school admin) marks a pupil absent,
/// ill or excused at every lesson of one date, marks kept; one transaction. Returns how many
/// lessons changed and the live topics to publish.
pub async fn absent_day(ctx: &ServerContext, me: &Me, pupil_id: i64, date: &str, attendance: &str) -> Result<(usize, Vec<String>), AppError> {
    let db = &ctx.db;
    let school_id = school_of(me)?;
    authorize(ctx, me, Action::RecordAbsence, Scope::Pupil { school_id, pupil_id }).await?;
    let echo = [("pupil_id", pupil_id.to_string()), ("date", date.to_string()), ("attendance", attendance.to_string())];
    let echo: Vec<(&str, &str)> = echo.iter().map(|(k, v)| (*k, v.as_str())).collect();
    if !matches!(attendance, "н" | "б" | "п") {
        return Err(AppError::invalid("attendance", Msg::JournalBadAttendance).echo(&echo));
    }
    let date = date.trim();
    if chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err() {
        return Err(AppError::invalid("date", Msg::JournalBadDate).echo(&echo));
    }
    if date > today().as_str() {
        return Err(AppError::invalid("date", Msg::JournalLessonFuture).echo(&echo));
    }
    let mut tx = db.begin().await?;
    let ids: Vec<i64> = db
        .query_scalar(
            "SELECT l.id FROM lessons l JOIN class_enrolments e ON e.class_id = l.class_id AND e.pupil_id = $1 \
             WHERE l.school_id = $2 AND l.lesson_date = $3 AND l.cancelled = 0 \
               AND (l.subgroup_id IS NULL OR l.subgroup_id IN (SELECT m.subgroup_id FROM subgroup_members m WHERE m.pupil_id = $1)) \
             ORDER BY l.lesson_number",
        )
        .bind(pupil_id)
        .bind(school_id)
        .bind(date.to_string())
        .fetch_all(&mut *tx)
        .await?;
    if ids.is_empty() {
        return Err(AppError::invalid("date", Msg::JournalNoLessonsThatDay).echo(&echo));
    }
    let revision = bump_revision(db, &mut tx, school_id).await?;
    let mut changed = 0;
    let mut topics = Vec::new();
    for id in ids {
        let lesson = lesson_info(db, &mut tx, id).await?.ok_or(AppError::NotFound)?;
        if lesson.closed {
            return Err(AppError::invalid("date", Msg::JournalPeriodClosed).echo(&echo));
        }
        let existing = db
            .query(
                "SELECT c.lesson_id, c.pupil_id, c.attendance, c.late_minutes, c.marks, c.version, p.surname, p.name, p.patronymic \
                 FROM journal_cells c LEFT JOIN people p ON p.id = c.changed_by WHERE c.lesson_id = $1 AND c.pupil_id = $2",
            )
            .bind(id)
            .bind(pupil_id)
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| cell_from_row(&r))
            .transpose()?;
        let mut cell = existing.as_ref().map(|c| c.cell.clone()).unwrap_or_default();
        if cell.a == attendance {
            continue;
        }
        cell.a = attendance.to_string();
        cell.min = None;
        write_cell(db, &mut tx, me.person_id, &lesson, pupil_id, existing.as_ref(), &cell, revision, "day").await?;
        changed += 1;
        let t = topic(school_id, lesson.class_id, lesson.subject_id);
        if !topics.contains(&t) {
            topics.push(t);
        }
    }
    tx.commit().await?;
    Ok((changed, topics))
}

/// Cells and final marks of the grid changed after `since`.
pub async fn changes(ctx: &ServerContext, me: &Me, key: GridKey, since: i64) -> Result<GridChanges, AppError> {
    let db = &ctx.db;
    let school_id = school_of(me)?;
    authorize(ctx, me, Action::ViewClass, Scope::Journal { school_id, class_id: key.class_id, subject_id: key.subject_id, group_id: key.group_id }).await?;
    let mut conn = db.acquire().await?;
    let revision: i64 = db
        .query_scalar("SELECT revision FROM journal_revisions WHERE school_id = $1")
        .bind(school_id)
        .fetch_optional(&mut *conn)
        .await?
        .unwrap_or(0);
    if revision <= since {
        return Ok(GridChanges { revision, cells: vec![], finals: vec![] });
    }
    let cells = db
        .query(
            "SELECT c.lesson_id, c.pupil_id, c.attendance, c.late_minutes, c.marks, c.version, p.surname, p.name, p.patronymic \
             FROM journal_cells c LEFT JOIN people p ON p.id = c.changed_by \
             WHERE c.class_id = $1 AND c.subject_id = $2 AND c.revision > $3 AND c.revision <= $4 \
               AND c.period_id = $5 AND c.subgroup_id = $6 AND c.school_id = $7",
        )
        .bind(key.class_id)
        .bind(key.subject_id)
        .bind(since)
        .bind(revision)
        .bind(key.period_id)
        .bind(key.group_id)
        .bind(school_id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(cell_from_row)
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let finals = db
        .query(
            "SELECT pupil_id, value FROM final_marks WHERE class_id = $1 AND subject_id = $2 AND period_id = $3 \
             AND revision > $4 AND revision <= $5 AND school_id = $6",
        )
        .bind(key.class_id)
        .bind(key.subject_id)
        .bind(key.period_id)
        .bind(since)
        .bind(revision)
        .bind(school_id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("pupil_id")?, r.try_get("value")?)))
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(GridChanges { revision, cells, finals })
}

fn history_row(r: &sqlx::any::AnyRow, place: String) -> Result<HistoryRow, sqlx::Error> {
    let show = |json: String| {
        let c: Cell = serde_json::from_str(&json).unwrap_or_default();
        c.text()
    };
    Ok(HistoryRow {
        id: r.try_get("id")?,
        at: moscow_time(r.try_get("at")?),
        who: changed_by(r)?,
        screen: r.try_get("screen")?,
        before: show(r.try_get("before_json")?),
        after: show(r.try_get("after_json")?),
        place,
    })
}

/// Every change of one cell, newest first.
pub async fn cell_history(ctx: &ServerContext, me: &Me, lesson_id: i64, pupil_id: i64) -> Result<Vec<HistoryRow>, AppError> {
    let db = &ctx.db;
    let school_id = school_of(me)?;
    // The policy asks the pool itself: no connection is held while it does.
    let lesson = lesson_info(db, &mut *db.acquire().await?, lesson_id).await?.filter(|l| l.school_id == school_id).ok_or(AppError::NotFound)?;
    authorize(ctx, me, Action::ViewClass, Scope::Lesson { school_id, lesson_id }).await?;
    let mut conn = db.acquire().await?;
    let _ = lesson;
    Ok(db
        .query(
            "SELECT h.id, h.at, h.screen, h.before_json, h.after_json, p.surname, p.name, p.patronymic \
             FROM journal_history h LEFT JOIN people p ON p.id = h.actor_id \
             WHERE h.lesson_id = $1 AND h.pupil_id = $2 ORDER BY h.id DESC",
        )
        .bind(lesson_id)
        .bind(pupil_id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| history_row(r, String::new()))
        .collect::<Result<Vec<_>, sqlx::Error>>()?)
}

/// The school admin's browsing: the school's newest cell changes (`before` id 0: the newest).
pub async fn school_history(ctx: &ServerContext, school_id: i64, before: i64) -> Result<Vec<HistoryRow>, AppError> {
    let db = &ctx.db;
    let before = if before <= 0 { i64::MAX } else { before };
    Ok(db
        .query(
            "SELECT h.id, h.at, h.screen, h.before_json, h.after_json, p.surname, p.name, p.patronymic, \
                    c.grade, c.letter, s.name AS subject, l.lesson_date, pp.surname AS pupil_surname, pp.name AS pupil_name \
             FROM journal_history h LEFT JOIN people p ON p.id = h.actor_id \
             JOIN classes c ON c.id = h.class_id JOIN subjects s ON s.id = h.subject_id \
             JOIN lessons l ON l.id = h.lesson_id JOIN people pp ON pp.id = h.pupil_id \
             WHERE h.school_id = $1 AND h.id < $2 ORDER BY h.id DESC LIMIT 50",
        )
        .bind(school_id)
        .bind(before)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(|r| {
            let place = format!(
                "{} · {} · {} · {} {}",
                class_name(r.try_get("grade")?, &r.try_get::<String, _>("letter")?),
                r.try_get::<String, _>("subject")?,
                super::render::day_month(&r.try_get::<String, _>("lesson_date")?),
                r.try_get::<String, _>("pupil_surname")?,
                r.try_get::<String, _>("pupil_name")?
            );
            history_row(r, place)
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?)
}

/// Gives (or, with an empty value, takes back) a pupil's final mark for the grid's period, if
/// it is still `shown` (the mark the screen showed, '' none; `None`: whatever it is). Returns
/// the outcome and the topic to publish ('' when nothing changed).
pub async fn save_final(ctx: &ServerContext, me: &Me, key: GridKey, pupil_id: i64, value: &str, shown: Option<&str>) -> Result<(FinalOutcome, String), AppError> {
    let db = &ctx.db;
    let school_id = school_of(me)?;
    authorize(ctx, me, Action::WriteMarks, Scope::Journal { school_id, class_id: key.class_id, subject_id: key.subject_id, group_id: key.group_id }).await?;
    let value = value.trim();
    if !value.is_empty() && !valid_final(value) {
        return Err(AppError::invalid("final", Msg::JournalBadFinal).with_args(&[value]));
    }
    let mut tx = db.begin().await?;
    let closed: Option<i64> = db
        .query_scalar(
            "SELECT p.closed FROM reporting_periods p JOIN classes c ON c.academic_year_id = p.academic_year_id \
             WHERE p.id = $1 AND c.id = $2 AND p.school_id = $3",
        )
        .bind(key.period_id)
        .bind(key.class_id)
        .bind(school_id)
        .fetch_optional(&mut *tx)
        .await?;
    match closed {
        None => return Err(AppError::NotFound),
        Some(1) => return Err(AppError::invalid("final", Msg::JournalPeriodClosed)),
        _ => {}
    }
    let lesson = LessonInfo {
        id: 0,
        school_id,
        class_id: key.class_id,
        group_id: key.group_id,
        subject_id: key.subject_id,
        period_id: key.period_id,
        date: String::new(),
        number: 0,
        cancelled: false,
        closed: false,
        substitute_id: None,
    };
    if !pupil_in_lesson(db, &mut tx, &lesson, pupil_id).await? {
        return Err(AppError::invalid("final", Msg::JournalPupilNotHere));
    }
    // The revision first: it takes the school's write lock, so the mark read next cannot change
    // before this transaction ends (two saves of one mark are told apart, never both written).
    let revision = bump_revision(db, &mut tx, school_id).await?;
    let existing = db
        .query(
            "SELECT f.value, p.surname, p.name, p.patronymic FROM final_marks f LEFT JOIN people p ON p.id = f.changed_by \
             WHERE f.subject_id = $1 AND f.pupil_id = $2 AND f.period_id = $3",
        )
        .bind(key.subject_id)
        .bind(pupil_id)
        .bind(key.period_id)
        .fetch_optional(&mut *tx)
        .await?;
    let before: Option<String> = existing.as_ref().map(|r| r.try_get("value")).transpose()?;
    if let Some(shown) = shown {
        let current = before.clone().unwrap_or_default();
        if current != shown.trim() {
            tx.rollback().await?;
            let by = existing.as_ref().map(changed_by).transpose()?.unwrap_or_default();
            return Ok((FinalOutcome::Conflict { current, by }, String::new()));
        }
    }
    if before.is_some() {
        db.query("UPDATE final_marks SET value = $1, revision = $2, changed_by = $3, changed_at = $4 WHERE subject_id = $5 AND pupil_id = $6 AND period_id = $7")
            .bind(value.to_string())
            .bind(revision)
            .bind(me.person_id)
            .bind(now())
            .bind(key.subject_id)
            .bind(pupil_id)
            .bind(key.period_id)
            .execute(&mut *tx)
            .await?;
    } else {
        db.query(
            "INSERT INTO final_marks (school_id, class_id, subject_id, pupil_id, period_id, value, revision, changed_by, changed_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(school_id)
        .bind(key.class_id)
        .bind(key.subject_id)
        .bind(pupil_id)
        .bind(key.period_id)
        .bind(value.to_string())
        .bind(revision)
        .bind(me.person_id)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    }
    audit::record(
        &mut tx,
        db,
        audit::Entry {
            school_id: Some(school_id),
            actor: Some(me.person_id),
            action: "journal.final",
            entity: "person",
            entity_id: Some(pupil_id),
            before: before.map(|v| serde_json::json!({ "subject_id": key.subject_id, "period_id": key.period_id, "value": v })),
            after: Some(serde_json::json!({ "subject_id": key.subject_id, "period_id": key.period_id, "value": value })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok((FinalOutcome::Saved { revision }, topic(school_id, key.class_id, key.subject_id)))
}

/// Closes or reopens a reporting period (the school admin; audited). A closed period's marks,
/// attendance and final marks cannot be changed.
pub async fn set_period_closed(ctx: &ServerContext, me: &Me, school_id: i64, period_id: i64, closed: bool) -> Result<(), AppError> {
    let db = &ctx.db;
    let mut tx = db.begin().await?;
    let was: i64 = db
        .query_scalar("SELECT closed FROM reporting_periods WHERE id = $1 AND school_id = $2")
        .bind(period_id)
        .bind(school_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    let now_closed = if closed { 1i64 } else { 0 };
    if was == now_closed {
        tx.rollback().await?;
        return Ok(());
    }
    db.query("UPDATE reporting_periods SET closed = $1 WHERE id = $2").bind(now_closed).bind(period_id).execute(&mut *tx).await?;
    audit::record(
        &mut tx,
        db,
        audit::Entry {
            school_id: Some(school_id),
            actor: Some(me.person_id),
            action: if closed { "journal.period_close" } else { "journal.period_reopen" },
            entity: "reporting_period",
            entity_id: Some(period_id),
            before: Some(serde_json::json!({ "closed": was == 1 })),
            after: Some(serde_json::json!({ "closed": closed })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The «Журнал» list: a teacher's classes and subjects (and, read only, the subjects of the
/// class they lead); a school admin's whole school.
pub async fn index(ctx: &ServerContext, me: &Me) -> Result<JournalList, AppError> {
    let db = &ctx.db;
    let school_id = school_of(me)?;
    let is_admin = me.active.role == RoleKind::SchoolAdmin;
    if !is_admin && me.active.role != RoleKind::Teacher {
        return Err(AppError::Forbidden);
    }
    authorize(ctx, me, Action::ViewSchool, Scope::School { school_id }).await?;
    let Some(year_id) = crate::people::server::current_year(ctx, school_id).await? else {
        return Ok(JournalList { links: vec![], is_admin, homeroom_pupils: vec![], today: today(), summaries: vec![] });
    };
    let rows = db
        .query(
            "SELECT DISTINCT t.class_id, c.grade, c.letter, COALESCE(t.subgroup_id, 0) AS group_id, g.name AS group_name, \
                    t.subject_id, s.name AS subject, t.teacher_id, p.surname, p.name, p.patronymic, c.class_teacher_id \
             FROM teaching_assignments t JOIN classes c ON c.id = t.class_id JOIN subjects s ON s.id = t.subject_id \
             JOIN people p ON p.id = t.teacher_id LEFT JOIN subgroups g ON g.id = t.subgroup_id \
             WHERE t.school_id = $1 AND t.academic_year_id = $2 AND ($3 = 1 OR t.teacher_id = $4 OR c.class_teacher_id = $4) \
             ORDER BY c.grade, c.letter, s.name, group_name",
        )
        .bind(school_id)
        .bind(year_id)
        .bind(if is_admin { 1i64 } else { 0 })
        .bind(me.person_id)
        .fetch_all(db.pool())
        .await?;
    let links = rows
        .iter()
        .map(|r| {
            let key = GridKey { class_id: r.try_get("class_id")?, subject_id: r.try_get("subject_id")?, group_id: r.try_get("group_id")?, period_id: 0 };
            let teacher_id: i64 = r.try_get("teacher_id")?;
            let href = {
                let mut s = format!("/journal/{}/{}", key.class_id, key.subject_id);
                if key.group_id != 0 {
                    s.push_str(&format!("?group={}", key.group_id));
                }
                s
            };
            Ok(JournalLink {
                href,
                class_name: class_name(r.try_get("grade")?, &r.try_get::<String, _>("letter")?),
                group: r.try_get("group_name")?,
                subject: r.try_get("subject")?,
                teacher: short_name(&r.try_get::<String, _>("surname")?, &r.try_get::<String, _>("name")?, &r.try_get::<String, _>("patronymic")?),
                writable: is_admin || teacher_id == me.person_id,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let homeroom_pupils = db
        .query(
            "SELECT p.id, p.surname, p.name, c.grade, c.letter FROM classes c JOIN class_enrolments e ON e.class_id = c.id \
             JOIN people p ON p.id = e.pupil_id WHERE c.school_id = $1 AND c.academic_year_id = $2 AND c.class_teacher_id = $3 \
             ORDER BY c.grade, c.letter, p.surname, p.name, p.id",
        )
        .bind(school_id)
        .bind(year_id)
        .bind(me.person_id)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get("id")?,
                format!("{} {}, {}", r.try_get::<String, _>("surname")?, r.try_get::<String, _>("name")?, class_name(r.try_get("grade")?, &r.try_get::<String, _>("letter")?)),
            ))
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let summaries = db
        .query(
            "SELECT c.id, c.grade, c.letter FROM classes c \
             WHERE c.school_id = $1 AND c.academic_year_id = $2 AND ($3 = 1 OR c.class_teacher_id = $4) ORDER BY c.grade, c.letter",
        )
        .bind(school_id)
        .bind(year_id)
        .bind(if is_admin { 1i64 } else { 0 })
        .bind(me.person_id)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(|r| Ok((format!("/journal/summary/{}", r.try_get::<i64, _>("id")?), class_name(r.try_get("grade")?, &r.try_get::<String, _>("letter")?))))
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(JournalList { links, is_admin, homeroom_pupils, today: today(), summaries })
}
