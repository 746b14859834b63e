//! Server-only: a class's load, and its checked changes. Every change runs in one transaction
//! that bumps the year's timetable revision first (the editor's lock and its live updates) and
//! writes the audit log.

use super::types::{ClassLoad, LoadRow, MAX_HOURS};
use crate::audit;
use crate::context::ServerContext;
use crate::db::Db;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::school::types::{class_name, short_name};
use crate::timetable::editor::server::{bump, year};
use crate::timetable::editor::types::Target;
use sqlx::{AnyConnection, Row};

fn targets(rows: &[sqlx::any::AnyRow], name: impl Fn(&sqlx::any::AnyRow) -> Result<String, sqlx::Error>) -> Result<Vec<Target>, AppError> {
    rows.iter().map(|r| Ok(Target { id: r.try_get("id")?, name: name(r)? })).collect::<Result<_, sqlx::Error>>().map_err(AppError::from)
}

pub async fn page(ctx: &ServerContext, school_id: i64, class_id: i64) -> Result<ClassLoad, AppError> {
    let db = &ctx.db;
    let year_id = year(ctx, school_id).await?;
    let mut conn = db.acquire().await?;
    let class_rows = db
        .query("SELECT id, grade, letter FROM classes WHERE school_id = $1 AND academic_year_id = $2 ORDER BY grade, letter")
        .bind(school_id)
        .bind(year_id)
        .fetch_all(&mut *conn)
        .await?;
    let classes = targets(&class_rows, |r| Ok(class_name(r.try_get("grade")?, &r.try_get::<String, _>("letter")?)))?;
    let class = classes.iter().find(|c| c.id == class_id).or(classes.first()).cloned().ok_or(AppError::NotFound)?;
    let rows = db
        .query(
            "SELECT a.id, s.name AS subject, g.name AS group_name, p.surname, p.name, p.patronymic, a.hours_per_week, \
                    COALESCE((SELECT SUM(CASE WHEN e.week_parity = 'all' THEN 2 ELSE 1 END) FROM timetable_entries e \
                              WHERE e.teaching_assignment_id = a.id), 0) AS placed_halves \
             FROM teaching_assignments a JOIN subjects s ON s.id = a.subject_id JOIN people p ON p.id = a.teacher_id \
             LEFT JOIN subgroups g ON g.id = a.subgroup_id \
             WHERE a.class_id = $1 AND a.school_id = $2 ORDER BY s.name, g.name, a.id",
        )
        .bind(class.id)
        .bind(school_id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            Ok(LoadRow {
                id: r.try_get("id")?,
                subject: r.try_get("subject")?,
                group: r.try_get("group_name")?,
                teacher: short_name(&r.try_get::<String, _>("surname")?, &r.try_get::<String, _>("name")?, &r.try_get::<String, _>("patronymic")?),
                hours: r.try_get("hours_per_week")?,
                placed_halves: r.try_get("placed_halves")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let subjects = db.query("SELECT id, name FROM subjects WHERE school_id = $1 ORDER BY name").bind(school_id).fetch_all(&mut *conn).await?;
    let groups = db.query("SELECT id, name FROM subgroups WHERE class_id = $1 ORDER BY name").bind(class.id).fetch_all(&mut *conn).await?;
    let teachers = db
        .query(
            // From the school's teacher grants (an index), not a probe for each person stored.
            "SELECT p.id, p.surname, p.name, p.patronymic FROM role_grants g JOIN people p ON p.id = g.person_id \
             WHERE g.school_id = $1 AND g.role = 'teacher' \
             ORDER BY p.surname, p.name, p.patronymic, p.id",
        )
        .bind(school_id)
        .fetch_all(&mut *conn)
        .await?;
    Ok(ClassLoad {
        class_id: class.id,
        class_name: class.name.clone(),
        classes,
        rows,
        subjects: targets(&subjects, |r| r.try_get("name"))?,
        groups: targets(&groups, |r| r.try_get("name"))?,
        teachers: targets(&teachers, |r| {
            Ok(crate::school::types::full_name(&r.try_get::<String, _>("surname")?, &r.try_get::<String, _>("name")?, &r.try_get::<String, _>("patronymic")?))
        })?,
    })
}

/// Lessons a week: a whole number from 1 to `MAX_HOURS`.
pub fn parse_hours(typed: &str) -> Result<i64, Msg> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(Msg::LoadHoursRequired);
    }
    match typed.parse::<i64>() {
        Ok(h) if (1..=MAX_HOURS).contains(&h) => Ok(h),
        _ => Err(Msg::LoadHoursFormat),
    }
}

fn chosen(typed: &str) -> Option<i64> {
    typed.trim().parse::<i64>().ok().filter(|id| *id > 0)
}

async fn exists(conn: &mut AnyConnection, db: &Db, sql: &'static str, id: i64, scope: i64) -> Result<bool, AppError> {
    Ok(db.query_scalar::<i64>(sql).bind(id).bind(scope).fetch_optional(&mut *conn).await?.is_some())
}

#[allow(clippy::too_many_arguments)]
pub async fn add(
    ctx: &ServerContext,
    school_id: i64,
    actor: i64,
    class_id: i64,
    subject_typed: &str,
    group_typed: &str,
    teacher_typed: &str,
    hours_typed: &str,
) -> Result<i64, AppError> {
    let db = &ctx.db;
    let year_id = year(ctx, school_id).await?;
    let typed = [("subject_id", subject_typed), ("group_id", group_typed), ("teacher_id", teacher_typed), ("hours", hours_typed)];
    let refuse = |problems: &[(&str, Msg)]| AppError::invalid_fields(problems).unwrap_or(AppError::Internal).echo(&typed);
    let mut tx = db.begin().await?;
    let class_here = exists(&mut tx, db, "SELECT id FROM classes WHERE id = $1 AND school_id = $2", class_id, school_id).await?;
    if !class_here {
        return Err(AppError::NotFound);
    }
    let mut problems = Vec::new();
    let subject = chosen(subject_typed);
    match subject {
        Some(id) if exists(&mut tx, db, "SELECT id FROM subjects WHERE id = $1 AND school_id = $2", id, school_id).await? => {}
        _ => problems.push(("subject_id", Msg::LoadSubjectRequired)),
    }
    let group = chosen(group_typed);
    if let Some(id) = group {
        if !exists(&mut tx, db, "SELECT id FROM subgroups WHERE id = $1 AND class_id = $2", id, class_id).await? {
            problems.push(("group_id", Msg::LoadGroupUnknown));
        }
    }
    let teacher = chosen(teacher_typed);
    match teacher {
        Some(id)
            if exists(&mut tx, db, "SELECT person_id FROM role_grants WHERE person_id = $1 AND school_id = $2 AND role = 'teacher'", id, school_id)
                .await? => {}
        _ => problems.push(("teacher_id", Msg::LoadTeacherRequired)),
    }
    let hours = parse_hours(hours_typed);
    if let Err(m) = hours {
        problems.push(("hours", m));
    }
    if !problems.is_empty() {
        return Err(refuse(&problems));
    }
    let (subject, teacher, hours) = (subject.unwrap_or(0), teacher.unwrap_or(0), hours.unwrap_or(0));
    // One row per subject and group: a second teacher of the same lessons would make the editor's
    // cards ambiguous. (The whole class is group 0.)
    let twin: Option<i64> = db
        .query_scalar(
            "SELECT id FROM teaching_assignments WHERE class_id = $1 AND subject_id = $2 AND COALESCE(subgroup_id, 0) = $3 AND academic_year_id = $4",
        )
        .bind(class_id)
        .bind(subject)
        .bind(group.unwrap_or(0))
        .bind(year_id)
        .fetch_optional(&mut *tx)
        .await?;
    if twin.is_some() {
        return Err(refuse(&[("subject_id", Msg::LoadDuplicate)]));
    }
    bump(&mut tx, db, school_id, year_id).await?;
    let id: i64 = db
        .query_scalar(
            "INSERT INTO teaching_assignments (school_id, academic_year_id, teacher_id, class_id, subgroup_id, subject_id, hours_per_week) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(school_id)
        .bind(year_id)
        .bind(teacher)
        .bind(class_id)
        .bind(group)
        .bind(subject)
        .bind(hours)
        .fetch_one(&mut *tx)
        .await?;
    let after = serde_json::json!({ "class_id": class_id, "subject_id": subject, "subgroup_id": group, "teacher_id": teacher, "hours": hours });
    record(&mut tx, db, school_id, actor, "load.create", id, None, Some(after)).await?;
    tx.commit().await?;
    Ok(id)
}

/// (class, hours, lessons placed in halves) of an assignment of this school.
async fn assignment(conn: &mut AnyConnection, db: &Db, school_id: i64, id: i64) -> Result<(i64, i64, i64), AppError> {
    let r = db
        .query(
            "SELECT a.class_id, a.hours_per_week, COALESCE((SELECT SUM(CASE WHEN e.week_parity = 'all' THEN 2 ELSE 1 END) \
                    FROM timetable_entries e WHERE e.teaching_assignment_id = a.id), 0) AS placed_halves \
             FROM teaching_assignments a WHERE a.id = $1 AND a.school_id = $2",
        )
        .bind(id)
        .bind(school_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((r.try_get("class_id")?, r.try_get("hours_per_week")?, r.try_get("placed_halves")?))
}

pub async fn change_hours(ctx: &ServerContext, school_id: i64, actor: i64, id: i64, hours_typed: &str) -> Result<i64, AppError> {
    let db = &ctx.db;
    let year_id = year(ctx, school_id).await?;
    let hours = parse_hours(hours_typed).map_err(|m| AppError::invalid("hours", m).echo(&[("hours", hours_typed)]))?;
    let mut tx = db.begin().await?;
    bump(&mut tx, db, school_id, year_id).await?;
    let (class_id, before, placed_halves) = assignment(&mut tx, db, school_id, id).await?;
    if hours * 2 < placed_halves {
        return Err(AppError::invalid("hours", Msg::LoadHoursBelowPlaced).echo(&[("hours", hours_typed)]));
    }
    db.query("UPDATE teaching_assignments SET hours_per_week = $1 WHERE id = $2").bind(hours).bind(id).execute(&mut *tx).await?;
    record(&mut tx, db, school_id, actor, "load.update", id, Some(serde_json::json!({ "hours": before })), Some(serde_json::json!({ "hours": hours }))).await?;
    tx.commit().await?;
    Ok(class_id)
}

pub async fn remove(ctx: &ServerContext, school_id: i64, actor: i64, id: i64) -> Result<i64, AppError> {
    let db = &ctx.db;
    let year_id = year(ctx, school_id).await?;
    let mut tx = db.begin().await?;
    bump(&mut tx, db, school_id, year_id).await?;
    let (class_id, hours, placed_halves) = assignment(&mut tx, db, school_id, id).await?;
    // Its lessons go first, in the editor: removing them here would silently empty cells.
    if placed_halves > 0 {
        return Err(AppError::invalid("assignment", Msg::LoadHasLessons));
    }
    db.query("DELETE FROM teaching_assignments WHERE id = $1").bind(id).execute(&mut *tx).await?;
    record(&mut tx, db, school_id, actor, "load.remove", id, Some(serde_json::json!({ "class_id": class_id, "hours": hours })), None).await?;
    tx.commit().await?;
    Ok(class_id)
}

#[allow(clippy::too_many_arguments)]
async fn record(
    tx: &mut AnyConnection,
    db: &Db,
    school_id: i64,
    actor: i64,
    action: &'static str,
    id: i64,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Result<(), AppError> {
    audit::record(
        tx,
        db,
        audit::Entry { school_id: Some(school_id), actor: Some(actor), action, entity: "teaching_assignment", entity_id: Some(id), before, after },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_are_a_whole_number_from_one_to_ten() {
        assert_eq!(parse_hours(" 3 "), Ok(3));
        assert_eq!(parse_hours("10"), Ok(10));
        assert_eq!(parse_hours(""), Err(Msg::LoadHoursRequired));
        for wrong in ["0", "11", "-1", "2,5", "три"] {
            assert_eq!(parse_hours(wrong), Err(Msg::LoadHoursFormat), "{wrong}");
        }
    }
}
