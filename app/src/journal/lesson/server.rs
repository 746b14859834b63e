//! Server-only: the lesson page's read and its two forms.

use super::types::{LessonPage, LessonPupil, LessonRowInput};
use crate::accounts::types::Me;
use crate::context::ServerContext;
use crate::db::{now, Row};
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::journal::grid::server::{lesson_info, save_cell, school_of, today, work_types};
use crate::journal::grid::types::SaveOutcome;
use crate::journal::marks::{Cell, Mark};
use crate::policy::{authorize, authorize_and_check, Action, Scope};
use crate::school::types::{class_name, short_name};

pub async fn page(ctx: &ServerContext, me: &Me, id: i64) -> Result<LessonPage, AppError> {
    let db = &ctx.db;
    let school_id = school_of(me)?;
    // The policy asks the pool itself: no connection is held while it does.
    let lesson = lesson_info(db, &mut *db.acquire().await?, id).await?.filter(|l| l.school_id == school_id).ok_or(AppError::NotFound)?;
    let writable = authorize_and_check(ctx, me, Action::ViewClass, Scope::Lesson { school_id, lesson_id: id }, Action::WriteMarks).await?;
    let mut conn = db.acquire().await?;
    let head = db
        .query(
            "SELECT c.grade, c.letter, s.name AS subject, g.name AS group_name, n.topic, n.homework, n.work_type_id, \
                    sp.surname, sp.name, sp.patronymic \
             FROM lessons l JOIN classes c ON c.id = l.class_id JOIN subjects s ON s.id = l.subject_id \
             LEFT JOIN subgroups g ON g.id = l.subgroup_id LEFT JOIN lesson_notes n ON n.lesson_id = l.id \
             LEFT JOIN people sp ON sp.id = l.substitute_id WHERE l.id = $1",
        )
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    let mut title = format!("{} · {}", class_name(head.try_get("grade")?, &head.try_get::<String, _>("letter")?), head.try_get::<String, _>("subject")?);
    if let Some(g) = head.try_get::<Option<String>, _>("group_name")? {
        title.push_str(&format!(" · {g}"));
    }
    let substitute = match head.try_get::<Option<String>, _>("surname")? {
        Some(s) => Some(short_name(&s, &head.try_get::<String, _>("name")?, &head.try_get::<String, _>("patronymic")?)),
        None => None,
    };
    let rows = if lesson.group_id == 0 {
        db.query(
            "SELECT p.id, p.surname, p.name, c.attendance, c.late_minutes, c.marks, c.version FROM class_enrolments e \
             JOIN people p ON p.id = e.pupil_id LEFT JOIN journal_cells c ON c.lesson_id = $2 AND c.pupil_id = p.id \
             WHERE e.class_id = $1 ORDER BY p.surname, p.name, p.patronymic, p.id",
        )
        .bind(lesson.class_id)
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
    } else {
        db.query(
            "SELECT p.id, p.surname, p.name, c.attendance, c.late_minutes, c.marks, c.version FROM subgroup_members m \
             JOIN people p ON p.id = m.pupil_id LEFT JOIN journal_cells c ON c.lesson_id = $2 AND c.pupil_id = p.id \
             WHERE m.subgroup_id = $1 ORDER BY p.surname, p.name, p.patronymic, p.id",
        )
        .bind(lesson.group_id)
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
    };
    let pupils = rows
        .iter()
        .map(|r| {
            let marks: Option<String> = r.try_get("marks")?;
            Ok(LessonPupil {
                pupil_id: r.try_get("id")?,
                name: format!("{} {}", r.try_get::<String, _>("surname")?, r.try_get::<String, _>("name")?),
                cell: match marks {
                    Some(m) => Cell::from_parts(&r.try_get::<String, _>("attendance")?, r.try_get("late_minutes")?, &m),
                    None => Cell::default(),
                },
                version: r.try_get::<Option<i64>, _>("version")?.unwrap_or(0),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let mut grid_href = format!("/journal/{}/{}?period={}", lesson.class_id, lesson.subject_id, lesson.period_id);
    if lesson.group_id != 0 {
        grid_href.push_str(&format!("&group={}", lesson.group_id));
    }
    let work_types = work_types(db, &mut conn, school_id).await?;
    // The files' read takes its own connection: give this one back first.
    drop(conn);
    let files = crate::journal::homework::server::list(ctx, me, id).await?;
    Ok(LessonPage {
        id,
        title,
        future: lesson.date > today(),
        date: lesson.date,
        number: lesson.number,
        topic: head.try_get::<Option<String>, _>("topic")?.unwrap_or_default(),
        homework: head.try_get::<Option<String>, _>("homework")?.unwrap_or_default(),
        work_type_id: head.try_get("work_type_id")?,
        work_types,
        pupils,
        writable: writable && !lesson.closed,
        closed: lesson.closed,
        grid_href,
        substitute,
        files,
    })
}

pub async fn save_notes(ctx: &ServerContext, me: &Me, id: i64, topic: &str, homework: &str, work_type_id: &str) -> Result<(), AppError> {
    let db = &ctx.db;
    let school_id = school_of(me)?;
    // The policy asks the pool itself: no connection is held while it does.
    let lesson = lesson_info(db, &mut *db.acquire().await?, id).await?.filter(|l| l.school_id == school_id).ok_or(AppError::NotFound)?;
    authorize(ctx, me, Action::WriteMarks, Scope::Lesson { school_id, lesson_id: id }).await?;
    let mut conn = db.acquire().await?;
    let echo = [("topic", topic), ("homework", homework), ("work_type_id", work_type_id)];
    if lesson.closed {
        return Err(AppError::invalid("topic", Msg::JournalPeriodClosed).echo(&echo));
    }
    let (topic, homework) = (topic.trim(), homework.trim());
    if topic.chars().count() > 500 {
        return Err(AppError::invalid("topic", Msg::JournalTopicTooLong).echo(&echo));
    }
    if homework.chars().count() > 4000 {
        return Err(AppError::invalid("homework", Msg::JournalHomeworkTooLong).echo(&echo));
    }
    let work_type: Option<i64> = match work_type_id.trim() {
        "" | "0" => None,
        v => {
            let wt = v.parse::<i64>().ok();
            let known = match wt {
                Some(w) => work_types(db, &mut conn, school_id).await?.iter().any(|t| t.id == w),
                None => false,
            };
            if !known {
                return Err(AppError::invalid("work_type_id", Msg::JournalBadWorkType).echo(&echo));
            }
            wt
        }
    };
    drop(conn);
    let mut tx = db.begin().await?;
    db.query("DELETE FROM lesson_notes WHERE lesson_id = $1").bind(id).execute(&mut *tx).await?;
    db.query("INSERT INTO lesson_notes (lesson_id, school_id, topic, homework, work_type_id, changed_by, changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(id)
        .bind(school_id)
        .bind(topic.to_string())
        .bind(homework.to_string())
        .bind(work_type)
        .bind(me.person_id)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Saves each row that changed, through the same save as the grid (version check, history).
/// Returns the live topic when anything was written, and the first refusal (rows before it
/// are kept; conflicting rows are named and left as the other person saved them).
pub async fn save_rows(ctx: &ServerContext, me: &Me, id: i64, rows: Vec<LessonRowInput>) -> Result<(Option<String>, Option<AppError>), AppError> {
    let db = &ctx.db;
    let school_id = school_of(me)?;
    // The policy asks the pool itself: no connection is held while it does.
    let lesson = lesson_info(db, &mut *db.acquire().await?, id).await?.filter(|l| l.school_id == school_id).ok_or(AppError::NotFound)?;
    authorize(ctx, me, Action::WriteMarks, Scope::Lesson { school_id, lesson_id: id }).await?;
    let mut conn = db.acquire().await?;
    let column_type: Option<i64> = db.query_scalar("SELECT work_type_id FROM lesson_notes WHERE lesson_id = $1").bind(id).fetch_optional(&mut *conn).await?.flatten();
    let types = work_types(db, &mut conn, school_id).await?;
    let default_type = column_type.or(types.first().map(|t| t.id)).unwrap_or(0);
    // Marks already in the cell keep their work type and comment when their value stays.
    let current: Vec<(i64, String)> = db
        .query("SELECT pupil_id, marks FROM journal_cells WHERE lesson_id = $1")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("pupil_id")?, r.try_get("marks")?)))
        .collect::<Result<_, sqlx::Error>>()?;
    drop(conn);
    let lang = Lang::detect();
    let mut topic = None;
    let mut conflicts: Vec<String> = Vec::new();
    for row in rows {
        let minutes = row.minutes.trim();
        let min = if minutes.is_empty() || row.attendance != "о" {
            None
        } else {
            match minutes.parse::<i64>() {
                Ok(m) => Some(m),
                Err(_) => return Ok((topic, Some(AppError::invalid(&format!("rows.{}", row.pupil), Msg::JournalBadLateMinutes)))),
            }
        };
        let old: Vec<Mark> = current.iter().find(|(p, _)| *p == row.pupil).and_then(|(_, m)| serde_json::from_str(m).ok()).unwrap_or_default();
        let marks = row
            .marks
            .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
            .filter(|v| !v.is_empty())
            .enumerate()
            .map(|(i, v)| match old.get(i) {
                Some(m) if m.v == v => m.clone(),
                _ => {
                    // «зач» and «нз» go to the school's pass/fail work type.
                    let w = if matches!(v, "зач" | "нз") {
                        types.iter().find(|t| t.scale == crate::journal::marks::Scale::Pass).map(|t| t.id).unwrap_or(default_type)
                    } else {
                        default_type
                    };
                    Mark { v: v.to_string(), w, c: String::new() }
                }
            })
            .collect();
        let cell = Cell { a: row.attendance.trim().to_string(), min, marks };
        match save_cell(ctx, me, id, row.pupil, row.version, cell, "lesson").await {
            Ok((SaveOutcome::Saved { .. }, t)) => {
                if !t.is_empty() {
                    topic = Some(t);
                }
            }
            Ok((SaveOutcome::Conflict { by, .. }, _)) => conflicts.push(by),
            Err(AppError::Invalid { msg, args, .. }) => {
                let text = msg.fill(lang, &args.iter().map(String::as_str).collect::<Vec<_>>());
                return Ok((topic, Some(AppError::invalid(&format!("rows.{}", row.pupil), Msg::JournalRowRefused).with_args(&[&text]))));
            }
            Err(e) => return Err(e),
        }
    }
    let _ = lesson;
    if !conflicts.is_empty() {
        conflicts.sort();
        conflicts.dedup();
        return Ok((topic, Some(AppError::invalid("rows", Msg::JournalLessonConflict).with_args(&[&conflicts.join(", ")]))));
    }
    Ok((topic, None))
}
