//! Server-only queries of the diary domain.

use super::types::*;
use crate::context::ServerContext;
use crate::db::Row;
use crate::error::AppError;
use crate::school::queries::person_name;
use crate::school::types::class_name;

pub async fn pupil_overview(ctx: &ServerContext, school_id: i64, pupil_id: i64) -> Result<PupilSummary, AppError> {
    let db = &ctx.db;
    let school: String = db
        .query_scalar("SELECT short_name FROM schools WHERE id = $1")
        .bind(school_id)
        .fetch_one(db.pool())
        .await?;
    let class = db
        .query(
            "SELECT c.id, c.grade, c.letter, p.surname, p.name, p.patronymic \
             FROM class_enrolments e \
             JOIN classes c ON c.id = e.class_id \
             LEFT JOIN people p ON p.id = c.class_teacher_id \
             WHERE e.pupil_id = $1 AND e.school_id = $2 \
             ORDER BY c.academic_year_id DESC LIMIT 1",
        )
        .bind(pupil_id)
        .bind(school_id)
        .fetch_optional(db.pool())
        .await?;
    let Some(class) = class else {
        return Ok(PupilSummary { school, class_name: None, class_teacher: None, subjects: vec![] });
    };
    let class_id: i64 = class.try_get("id")?;
    let class_teacher = person_name(&class)?;
    // The pupil's own subjects: whole-class ones and those of the subgroups they belong to.
    let subjects = db
        .query(
            "SELECT s.name AS subject, p.surname, p.name, p.patronymic \
             FROM teaching_assignments t \
             JOIN subjects s ON s.id = t.subject_id \
             JOIN people p ON p.id = t.teacher_id \
             WHERE t.class_id = $1 \
               AND (t.subgroup_id IS NULL OR t.subgroup_id IN \
                    (SELECT m.subgroup_id FROM subgroup_members m WHERE m.pupil_id = $2)) \
             ORDER BY s.name",
        )
        .bind(class_id)
        .bind(pupil_id)
        .fetch_all(db.pool())
        .await?
        .into_iter()
        .map(|r| {
            Ok(SubjectTeacher { subject: r.try_get("subject")?, teacher: person_name(&r)?.unwrap_or_default() })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(PupilSummary {
        school,
        class_name: Some(class_name(class.try_get("grade")?, &class.try_get::<String, _>("letter")?)),
        class_teacher,
        subjects,
    })
}

/// Every child linked to the parent (declined links excluded), each with its school and class.
pub async fn children_of(ctx: &ServerContext, parent_id: i64) -> Result<Vec<(i64, ChildCard)>, AppError> {
    ctx.db
        .query(
            "SELECT l.child_id, l.school_id, l.status, p.surname, p.name, p.patronymic, s.short_name, \
                    (SELECT c.grade FROM class_enrolments e JOIN classes c ON c.id = e.class_id \
                      WHERE e.pupil_id = l.child_id ORDER BY c.academic_year_id DESC LIMIT 1) AS grade, \
                    (SELECT c.letter FROM class_enrolments e JOIN classes c ON c.id = e.class_id \
                      WHERE e.pupil_id = l.child_id ORDER BY c.academic_year_id DESC LIMIT 1) AS letter \
             FROM parent_links l \
             JOIN people p ON p.id = l.child_id \
             JOIN schools s ON s.id = l.school_id \
             WHERE l.parent_id = $1 AND l.status <> 'declined' \
             ORDER BY p.birth_date, p.name",
        )
        .bind(parent_id)
        .fetch_all(ctx.db.pool())
        .await?
        .into_iter()
        .map(|r| {
            let grade: Option<i64> = r.try_get("grade")?;
            let letter: Option<String> = r.try_get("letter")?;
            let status: String = r.try_get("status")?;
            Ok((
                r.try_get("school_id")?,
                ChildCard {
                    child_id: r.try_get("child_id")?,
                    full_name: person_name(&r)?.unwrap_or_default(),
                    school: r.try_get("short_name")?,
                    class_name: grade.zip(letter).map(|(g, l)| class_name(g, &l)),
                    confirmed: status == "confirmed",
                },
            ))
        })
        .collect()
}
