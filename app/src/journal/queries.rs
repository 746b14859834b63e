//! Server-only queries of the journal domain.

use super::types::*;
use crate::context::ServerContext;
use crate::db::Row;
use crate::error::AppError;
use crate::school::types::class_name;

pub async fn teacher_overview(ctx: &ServerContext, school_id: i64, teacher_id: i64) -> Result<TeacherSummary, AppError> {
    let db = &ctx.db;
    let assignments = db
        .query(
            "SELECT t.class_id, c.grade, c.letter, sg.name AS subgroup, s.name AS subject, t.hours_per_week \
             FROM teaching_assignments t \
             JOIN classes c ON c.id = t.class_id \
             JOIN subjects s ON s.id = t.subject_id \
             LEFT JOIN subgroups sg ON sg.id = t.subgroup_id \
             WHERE t.school_id = $1 AND t.teacher_id = $2 \
             ORDER BY c.grade, c.letter, s.name, sg.name",
        )
        .bind(school_id)
        .bind(teacher_id)
        .fetch_all(db.pool())
        .await?
        .into_iter()
        .map(|r| {
            let class = class_name(r.try_get("grade")?, &r.try_get::<String, _>("letter")?);
            let subgroup: Option<String> = r.try_get("subgroup")?;
            Ok(Assignment {
                class_id: r.try_get("class_id")?,
                group: match subgroup {
                    Some(g) => format!("{class} · {g}"),
                    None => class,
                },
                subject: r.try_get("subject")?,
                hours_per_week: r.try_get("hours_per_week")?,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let homeroom = db
        .query(
            "SELECT c.grade, c.letter, (SELECT COUNT(*) FROM class_enrolments e WHERE e.class_id = c.id) AS pupils \
             FROM classes c WHERE c.school_id = $1 AND c.class_teacher_id = $2 ORDER BY c.grade, c.letter",
        )
        .bind(school_id)
        .bind(teacher_id)
        .fetch_all(db.pool())
        .await?
        .into_iter()
        .map(|r| Ok((class_name(r.try_get("grade")?, &r.try_get::<String, _>("letter")?), r.try_get("pupils")?)))
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(TeacherSummary { assignments, homeroom })
}
