//! Server-only: the year's periods and holidays, checked and written in one transaction each,
//! followed by the year's future lessons laid out again and an audit entry.

use super::types::{HolidayRow, PeriodRow, YearCalendar};
use super::validate::{date_in_year, grades, number, overlap};
use crate::audit;
use crate::context::ServerContext;
use crate::db::Db;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::school::types::PeriodKind;
use crate::timetable::editor::server::bump;
use crate::timetable::lessons::server::{regenerate_year, today};
use chrono::NaiveDate;
use sqlx::{AnyConnection, Row};

/// What the period form sent.
pub struct PeriodTyped {
    pub kind: String,
    pub number: String,
    pub grade_min: String,
    pub grade_max: String,
    pub starts_on: String,
    pub ends_on: String,
}

struct Year {
    id: i64,
    name: String,
    span: (NaiveDate, NaiveDate),
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

async fn year(conn: &mut AnyConnection, db: &Db, school_id: i64) -> Result<Year, AppError> {
    let r = db
        .query("SELECT id, name, starts_on, ends_on FROM academic_years WHERE school_id = $1 ORDER BY starts_on DESC LIMIT 1")
        .bind(school_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Year {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        span: (date(&r.try_get::<String, _>("starts_on")?), date(&r.try_get::<String, _>("ends_on")?)),
    })
}

async fn periods(conn: &mut AnyConnection, db: &Db, year_id: i64) -> Result<Vec<PeriodRow>, AppError> {
    db.query(
        "SELECT id, kind, number, starts_on, ends_on, grade_min, grade_max FROM reporting_periods \
         WHERE academic_year_id = $1 ORDER BY CASE kind WHEN 'year' THEN 1 ELSE 0 END, starts_on, grade_min, id",
    )
    .bind(year_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(PeriodRow {
            id: r.try_get("id")?,
            kind: PeriodKind::from_code(&r.try_get::<String, _>("kind")?).unwrap_or(PeriodKind::Quarter),
            number: r.try_get("number")?,
            starts_on: r.try_get("starts_on")?,
            ends_on: r.try_get("ends_on")?,
            grade_min: r.try_get("grade_min")?,
            grade_max: r.try_get("grade_max")?,
        })
    })
    .collect::<Result<_, sqlx::Error>>()
    .map_err(AppError::from)
}

pub async fn page(ctx: &ServerContext, school_id: i64) -> Result<YearCalendar, AppError> {
    let db = &ctx.db;
    let mut conn = db.acquire().await?;
    let y = year(&mut conn, db, school_id).await?;
    let holidays = db
        .query("SELECT id, name, starts_on, ends_on FROM holidays WHERE academic_year_id = $1 ORDER BY starts_on, id")
        .bind(y.id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| Ok(HolidayRow { id: r.try_get("id")?, name: r.try_get("name")?, starts_on: r.try_get("starts_on")?, ends_on: r.try_get("ends_on")? }))
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(YearCalendar {
        name: y.name.clone(),
        starts_on: y.span.0.format("%Y-%m-%d").to_string(),
        ends_on: y.span.1.format("%Y-%m-%d").to_string(),
        periods: periods(&mut conn, db, y.id).await?,
        holidays,
    })
}

pub async fn save_period(ctx: &ServerContext, school_id: i64, actor: i64, id: i64, typed: &PeriodTyped) -> Result<(), AppError> {
    let db = &ctx.db;
    let echo = [
        ("kind", typed.kind.as_str()),
        ("number", typed.number.as_str()),
        ("grade_min", typed.grade_min.as_str()),
        ("grade_max", typed.grade_max.as_str()),
        ("starts_on", typed.starts_on.as_str()),
        ("ends_on", typed.ends_on.as_str()),
    ];
    let refuse = |problems: &[(&str, Msg)]| AppError::invalid_fields(problems).unwrap_or(AppError::Internal).echo(&echo);
    let mut tx = db.begin().await?;
    let y = year(&mut tx, db, school_id).await?;
    // First the year's lock row, so concurrent changes of the calendar (and the editor's) wait.
    bump(&mut tx, db, school_id, y.id).await?;
    let existing = periods(&mut tx, db, y.id).await?;
    // A changed period keeps its kind and number; a new one names them.
    let before = existing.iter().find(|p| p.id == id).cloned();
    if id != 0 && before.is_none() {
        return Err(AppError::NotFound);
    }
    let mut problems = Vec::new();
    let kind = match &before {
        Some(p) => Some(p.kind),
        None => PeriodKind::from_code(&typed.kind).or_else(|| {
            problems.push(("kind", Msg::YearPeriodKind));
            None
        }),
    };
    let num = match (&before, kind) {
        (Some(p), _) => Some(p.number),
        (None, Some(k)) => number(k, &typed.number).map_err(|m| problems.push(("number", m))).ok(),
        (None, None) => None,
    };
    let grade_range = grades(&typed.grade_min, &typed.grade_max).map_err(|m| problems.push(("grade_min", m))).ok();
    let from = date_in_year(&typed.starts_on, y.span).map_err(|m| problems.push(("starts_on", m))).ok();
    let to = date_in_year(&typed.ends_on, y.span).map_err(|m| problems.push(("ends_on", m))).ok();
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            problems.push(("ends_on", Msg::YearDatesOrder));
        }
    }
    if !problems.is_empty() {
        return Err(refuse(&problems));
    }
    let (kind, num, (gmin, gmax), from, to) = (kind.unwrap_or(PeriodKind::Quarter), num.unwrap_or(1), grade_range.unwrap_or((1, 11)), from.unwrap_or_default(), to.unwrap_or_default());
    // Periods of one kind that cover the same grades follow one another without sharing a day,
    // and one number is one period.
    let clash = existing.iter().filter(|p| p.id != id && p.kind == kind && p.grade_min <= gmax && gmin <= p.grade_max).find(|p| {
        p.number == num || overlap((date(&p.starts_on), date(&p.ends_on)), (from, to))
    });
    if clash.is_some() {
        return Err(refuse(&[("starts_on", Msg::YearPeriodOverlap)]));
    }
    let (f, t) = (from.format("%Y-%m-%d").to_string(), to.format("%Y-%m-%d").to_string());
    let period_id = if let Some(p) = &before {
        db.query("UPDATE reporting_periods SET starts_on = $1, ends_on = $2, grade_min = $3, grade_max = $4 WHERE id = $5")
            .bind(f.clone())
            .bind(t.clone())
            .bind(gmin)
            .bind(gmax)
            .bind(p.id)
            .execute(&mut *tx)
            .await?;
        p.id
    } else {
        db.query_scalar(
            "INSERT INTO reporting_periods (school_id, academic_year_id, kind, number, starts_on, ends_on, grade_min, grade_max) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(school_id)
        .bind(y.id)
        .bind(kind.code())
        .bind(num)
        .bind(f.clone())
        .bind(t.clone())
        .bind(gmin)
        .bind(gmax)
        .fetch_one(&mut *tx)
        .await?
    };
    let after = serde_json::json!({ "kind": kind.code(), "number": num, "from": f, "to": t, "grades": [gmin, gmax] });
    let before = before.map(|p| serde_json::json!({ "kind": p.kind.code(), "number": p.number, "from": p.starts_on, "to": p.ends_on, "grades": [p.grade_min, p.grade_max] }));
    finish(tx, db, school_id, y.id, actor, "year.period", "reporting_period", period_id, before, Some(after)).await
}

pub async fn delete_period(ctx: &ServerContext, school_id: i64, actor: i64, id: i64) -> Result<(), AppError> {
    let db = &ctx.db;
    let mut tx = db.begin().await?;
    let y = year(&mut tx, db, school_id).await?;
    // First the year's lock row, so concurrent changes of the calendar (and the editor's) wait.
    bump(&mut tx, db, school_id, y.id).await?;
    let p = periods(&mut tx, db, y.id).await?.into_iter().find(|p| p.id == id).ok_or(AppError::NotFound)?;
    // Lessons that happened (or were changed by hand) belong to this period for good.
    let kept: i64 = db
        .query_scalar("SELECT COUNT(*) FROM lessons WHERE reporting_period_id = $1 AND (lesson_date <= $2 OR changed_at IS NOT NULL)")
        .bind(id)
        .bind(today())
        .fetch_one(&mut *tx)
        .await?;
    if kept > 0 {
        return Err(AppError::invalid("period", Msg::YearPeriodHasLessons));
    }
    db.query("DELETE FROM lessons WHERE reporting_period_id = $1").bind(id).execute(&mut *tx).await?;
    db.query("DELETE FROM reporting_periods WHERE id = $1").bind(id).execute(&mut *tx).await?;
    let before = serde_json::json!({ "kind": p.kind.code(), "number": p.number, "from": p.starts_on, "to": p.ends_on });
    finish(tx, db, school_id, y.id, actor, "year.period_delete", "reporting_period", id, Some(before), None).await
}

pub async fn add_holiday(ctx: &ServerContext, school_id: i64, actor: i64, name: &str, starts_on: &str, ends_on: &str) -> Result<(), AppError> {
    let db = &ctx.db;
    let echo = [("name", name), ("holiday_starts_on", starts_on), ("holiday_ends_on", ends_on)];
    let mut tx = db.begin().await?;
    let y = year(&mut tx, db, school_id).await?;
    // First the year's lock row, so concurrent changes of the calendar (and the editor's) wait.
    bump(&mut tx, db, school_id, y.id).await?;
    let mut problems = Vec::new();
    let name = name.trim();
    if name.is_empty() {
        problems.push(("name", Msg::YearHolidayName));
    } else if name.chars().count() > 100 {
        problems.push(("name", Msg::YearHolidayNameLong));
    }
    let from = date_in_year(starts_on, y.span).map_err(|m| problems.push(("holiday_starts_on", m))).ok();
    let to = date_in_year(ends_on, y.span).map_err(|m| problems.push(("holiday_ends_on", m))).ok();
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            problems.push(("holiday_ends_on", Msg::YearDatesOrder));
        }
    }
    if !problems.is_empty() {
        return Err(AppError::invalid_fields(&problems).unwrap_or(AppError::Internal).echo(&echo));
    }
    let (f, t) = (from.unwrap_or_default().format("%Y-%m-%d").to_string(), to.unwrap_or_default().format("%Y-%m-%d").to_string());
    let id: i64 = db
        .query_scalar("INSERT INTO holidays (school_id, academic_year_id, starts_on, ends_on, name) VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(school_id)
        .bind(y.id)
        .bind(f.clone())
        .bind(t.clone())
        .bind(name.to_string())
        .fetch_one(&mut *tx)
        .await?;
    let after = serde_json::json!({ "name": name, "from": f, "to": t });
    finish(tx, db, school_id, y.id, actor, "year.holiday", "holiday", id, None, Some(after)).await
}

pub async fn delete_holiday(ctx: &ServerContext, school_id: i64, actor: i64, id: i64) -> Result<(), AppError> {
    let db = &ctx.db;
    let mut tx = db.begin().await?;
    let y = year(&mut tx, db, school_id).await?;
    // First the year's lock row, so concurrent changes of the calendar (and the editor's) wait.
    bump(&mut tx, db, school_id, y.id).await?;
    let r = db
        .query("SELECT name, starts_on, ends_on FROM holidays WHERE id = $1 AND school_id = $2 AND academic_year_id = $3")
        .bind(id)
        .bind(school_id)
        .bind(y.id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    let before = serde_json::json!({ "name": r.try_get::<String, _>("name")?, "from": r.try_get::<String, _>("starts_on")?, "to": r.try_get::<String, _>("ends_on")? });
    db.query("DELETE FROM holidays WHERE id = $1").bind(id).execute(&mut *tx).await?;
    finish(tx, db, school_id, y.id, actor, "year.holiday_delete", "holiday", id, Some(before), None).await
}

/// The end of every change: the year's future lessons follow the new calendar, the audit log
/// records it, and it commits.
#[allow(clippy::too_many_arguments)]
async fn finish(
    mut tx: crate::db::Tx,
    db: &Db,
    school_id: i64,
    year_id: i64,
    actor: i64,
    action: &'static str,
    entity: &'static str,
    entity_id: i64,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Result<(), AppError> {
    regenerate_year(&mut tx, db, school_id, year_id, &today()).await?;
    audit::record(&mut tx, db, audit::Entry { school_id: Some(school_id), actor: Some(actor), action, entity, entity_id: Some(entity_id), before, after }).await?;
    tx.commit().await?;
    Ok(())
}
