//! Server-only: reading the class summary.

use super::*;
use crate::accounts::types::Me;
use crate::context::ServerContext;
use crate::db::Row;
use crate::journal::average::{css_class, format_average, weighted_average};
use crate::journal::grid::read::{class_periods, Periods};
use crate::journal::grid::server::{pupils, school_of, today, work_types};
use crate::journal::grid::types::GridKey;
use crate::journal::marks::{Attendance, Cell, Mark};
use crate::policy::{authorize, Action, Scope};
use crate::school::types::class_name;
use std::collections::HashMap;

pub async fn read(ctx: &ServerContext, me: &Me, class_id: i64, period_id: i64) -> Result<ClassSummary, AppError> {
    let db = &ctx.db;
    let school_id = school_of(me)?;
    authorize(ctx, me, Action::ViewClassSummary, Scope::Class { school_id, class_id }).await?;
    let mut conn = db.acquire().await?;
    let head = db
        .query("SELECT grade, letter, academic_year_id FROM classes WHERE id = $1 AND school_id = $2")
        .bind(class_id)
        .bind(school_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let grade: i64 = head.try_get("grade")?;
    let Periods { list, current, year } = class_periods(db, &mut conn, head.try_get("academic_year_id")?, grade, &today()).await?;
    let periods: Vec<PeriodChoice> = list.into_iter().filter(|p| Some(p.id) != year).collect();
    let period_id = match period_id {
        0 => current.or(periods.first().map(|p| p.id)).ok_or(AppError::NotFound)?,
        chosen => chosen,
    };
    if !periods.iter().any(|p| p.id == period_id) {
        return Err(AppError::NotFound);
    }
    // Every subject taught in the class, and any that still has cells this period; a subject
    // taught in groups links to its first group's grid.
    let subjects = db
        .query(
            "SELECT s.id, s.name, COALESCE(NULLIF(s.short_name, ''), s.name) AS short_name, \
                    COALESCE((SELECT MIN(COALESCE(t.subgroup_id, 0)) FROM teaching_assignments t WHERE t.class_id = $1 AND t.subject_id = s.id), 0) AS group_id \
             FROM subjects s \
             WHERE s.id IN (SELECT t.subject_id FROM teaching_assignments t WHERE t.class_id = $1) \
                OR s.id IN (SELECT c.subject_id FROM journal_cells c WHERE c.class_id = $1 AND c.period_id = $2) \
             ORDER BY s.name, s.id",
        )
        .bind(class_id)
        .bind(period_id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            let id: i64 = r.try_get("id")?;
            Ok(SummarySubject { id, name: r.try_get("name")?, short_name: r.try_get("short_name")?, href: GridKey { class_id, subject_id: id, group_id: r.try_get("group_id")?, period_id }.href() })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let pupils = pupils(db, &mut conn, class_id, 0).await?;
    let work_types = work_types(db, &mut conn, school_id).await?;
    let cells = db
        .query("SELECT pupil_id, subject_id, attendance, late_minutes, marks FROM journal_cells WHERE class_id = $1 AND period_id = $2")
        .bind(class_id)
        .bind(period_id)
        .fetch_all(&mut *conn)
        .await?;
    let finals = db
        .query("SELECT pupil_id, subject_id, value FROM final_marks WHERE class_id = $1 AND period_id = $2")
        .bind(class_id)
        .bind(period_id)
        .fetch_all(&mut *conn)
        .await?;
    drop(conn);

    let mut marks: HashMap<(i64, i64), Vec<Mark>> = HashMap::new();
    let mut attendance: HashMap<i64, (i64, i64, i64)> = HashMap::new();
    for r in &cells {
        let (pupil_id, subject_id): (i64, i64) = (r.try_get("pupil_id")?, r.try_get("subject_id")?);
        let cell = Cell::from_parts(&r.try_get::<String, _>("attendance")?, r.try_get("late_minutes")?, &r.try_get::<String, _>("marks")?);
        if let Some(a) = cell.attendance() {
            let counts = attendance.entry(pupil_id).or_default();
            match a {
                Attendance::Late => counts.2 += 1,
                Attendance::Ill => {
                    counts.0 += 1;
                    counts.1 += 1;
                }
                Attendance::Absent | Attendance::Excused => counts.0 += 1,
            }
        }
        marks.entry((pupil_id, subject_id)).or_default().extend(cell.marks);
    }
    let mut final_marks: HashMap<(i64, i64), String> = HashMap::new();
    for r in &finals {
        final_marks.insert((r.try_get("pupil_id")?, r.try_get("subject_id")?), r.try_get("value")?);
    }
    let rows = pupils
        .into_iter()
        .map(|p| {
            let results = subjects
                .iter()
                .map(|s| {
                    let average = marks.get(&(p.id, s.id)).and_then(|m| weighted_average(m.iter(), &work_types));
                    SubjectResult {
                        average: average.map(format_average).unwrap_or_default(),
                        hint: average.map(|a| css_class(a).to_string()).unwrap_or_default(),
                        final_mark: final_marks.get(&(p.id, s.id)).cloned().unwrap_or_default(),
                    }
                })
                .collect();
            let (missed, ill, late) = attendance.get(&p.id).copied().unwrap_or_default();
            SummaryRow { pupil_id: p.id, name: p.name, subjects: results, missed, ill, late }
        })
        .collect();
    Ok(ClassSummary { school_id, class_id, period_id, class_name: class_name(grade, &head.try_get::<String, _>("letter")?), periods, subjects, rows })
}
