//! Server-only queries of the school domain.

use super::types::*;
use crate::context::ServerContext;
use crate::db::Row;
use crate::error::AppError;
use sqlx::any::AnyRow;

/// «Фамилия Имя Отчество» from a row's `surname`, `name`, `patronymic` columns; `None` when the
/// person is missing (a LEFT JOIN found nobody).
pub fn person_name(row: &AnyRow) -> Result<Option<String>, AppError> {
    let surname: Option<String> = row.try_get("surname")?;
    let Some(surname) = surname else { return Ok(None) };
    let name: Option<String> = row.try_get("name")?;
    let patronymic: Option<String> = row.try_get("patronymic")?;
    Ok(Some(full_name(&surname, name.as_deref().unwrap_or(""), patronymic.as_deref().unwrap_or(""))))
}

pub async fn school_card(ctx: &ServerContext, school_id: i64) -> Result<SchoolCard, AppError> {
    let row = ctx
        .db
        .query("SELECT id, name, short_name, inn, okpo FROM schools WHERE id = $1")
        .bind(school_id)
        .fetch_optional(ctx.db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(SchoolCard {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        short_name: row.try_get("short_name")?,
        inn: row.try_get("inn")?,
        okpo: row.try_get("okpo")?,
    })
}

pub async fn overview(ctx: &ServerContext, school_id: i64) -> Result<SchoolSummary, AppError> {
    let db = &ctx.db;
    let school = school_card(ctx, school_id).await?;
    let mut counts = std::collections::HashMap::new();
    for row in db
        .query("SELECT role, COUNT(*) AS n FROM role_grants WHERE school_id = $1 GROUP BY role")
        .bind(school_id)
        .fetch_all(db.pool())
        .await?
    {
        counts.insert(row.try_get::<String, _>("role")?, row.try_get::<i64, _>("n")?);
    }
    let subjects = db
        .query_scalar::<i64>("SELECT COUNT(*) FROM subjects WHERE school_id = $1")
        .bind(school_id)
        .fetch_one(db.pool())
        .await?;
    let year = db
        .query("SELECT id, name FROM academic_years WHERE school_id = $1 ORDER BY starts_on DESC LIMIT 1")
        .bind(school_id)
        .fetch_optional(db.pool())
        .await?;
    let (year_name, periods, classes) = match year {
        None => (None, vec![], vec![]),
        Some(year) => {
            let year_id: i64 = year.try_get("id")?;
            (Some(year.try_get("name")?), periods(ctx, year_id).await?, classes(ctx, school_id, year_id).await?)
        }
    };
    let count = |role: &str| counts.get(role).copied().unwrap_or(0);
    Ok(SchoolSummary {
        school,
        pupils: count("pupil"),
        teachers: count("teacher"),
        parents: count("parent"),
        subjects,
        year_name,
        periods,
        classes,
    })
}

async fn periods(ctx: &ServerContext, year_id: i64) -> Result<Vec<Period>, AppError> {
    let rows = ctx
        .db
        .query(
            "SELECT kind, number, starts_on, ends_on FROM reporting_periods \
             WHERE academic_year_id = $1 \
             ORDER BY CASE WHEN kind = 'year' THEN 1 ELSE 0 END, starts_on, number",
        )
        .bind(year_id)
        .fetch_all(ctx.db.pool())
        .await?;
    rows.into_iter()
        .map(|r| {
            let code: String = r.try_get("kind")?;
            Ok(Period {
                kind: PeriodKind::from_code(&code)
                    .ok_or_else(|| AppError::internal("reporting_periods", format!("unknown kind {code}")))?,
                number: r.try_get("number")?,
                starts_on: r.try_get("starts_on")?,
                ends_on: r.try_get("ends_on")?,
            })
        })
        .collect()
}

async fn classes(ctx: &ServerContext, school_id: i64, year_id: i64) -> Result<Vec<ClassRow>, AppError> {
    let rows = ctx
        .db
        .query(
            "SELECT c.id, c.grade, c.letter, p.surname, p.name, p.patronymic, \
                    (SELECT COUNT(*) FROM class_enrolments e WHERE e.class_id = c.id) AS pupils \
             FROM classes c \
             LEFT JOIN people p ON p.id = c.class_teacher_id \
             WHERE c.school_id = $1 AND c.academic_year_id = $2 \
             ORDER BY c.grade, c.letter",
        )
        .bind(school_id)
        .bind(year_id)
        .fetch_all(ctx.db.pool())
        .await?;
    rows.into_iter()
        .map(|r| {
            Ok(ClassRow {
                id: r.try_get("id")?,
                name: class_name(r.try_get("grade")?, &r.try_get::<String, _>("letter")?),
                class_teacher: person_name(&r)?,
                pupils: r.try_get("pupils")?,
            })
        })
        .collect()
}

pub async fn region_overview(ctx: &ServerContext, region_id: i64) -> Result<RegionSummary, AppError> {
    let db = &ctx.db;
    let region = db
        .query("SELECT name, esia_enabled FROM regions WHERE id = $1")
        .bind(region_id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    let schools = db
        .query(
            "SELECT s.id, s.short_name, \
                    (SELECT COUNT(*) FROM role_grants g WHERE g.school_id = s.id AND g.role = 'pupil') AS pupils \
             FROM schools s WHERE s.region_id = $1 ORDER BY s.short_name",
        )
        .bind(region_id)
        .fetch_all(db.pool())
        .await?
        .into_iter()
        .map(|r| {
            Ok(RegionSchoolRow { id: r.try_get("id")?, short_name: r.try_get("short_name")?, pupils: r.try_get("pupils")? })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(RegionSummary {
        name: region.try_get("name")?,
        esia_enabled: region.try_get::<i64, _>("esia_enabled")? != 0,
        schools,
    })
}
