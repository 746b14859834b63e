//! Server-only: homework files — list, upload (file and row in one INSERT), download, delete.
//! Each asks the policy first: `ViewHomework` to read, `WriteMarks` on the lesson to change.

use super::types::*;
use crate::accounts::types::Me;
use crate::audit;
use crate::context::ServerContext;
use crate::db::{now, Row};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::journal::grid::server::{lesson_info, LessonInfo};
use crate::policy::{authorize, Action, Scope};

/// The lesson, found in the database (a parent's grant may name another school than the
/// child's, so the lesson's own school is the scope's).
async fn lesson(ctx: &ServerContext, lesson_id: i64) -> Result<LessonInfo, AppError> {
    let mut conn = ctx.db.acquire().await?;
    lesson_info(&ctx.db, &mut conn, lesson_id).await?.ok_or(AppError::NotFound)
}

fn scope(l: &LessonInfo) -> Scope {
    Scope::Lesson { school_id: l.school_id, lesson_id: l.id }
}

/// May this person attach and delete files here (the period open)?
async fn writable(ctx: &ServerContext, me: &Me, l: &LessonInfo) -> bool {
    !l.closed && authorize(ctx, me, Action::WriteMarks, scope(l)).await.is_ok()
}

pub async fn list(ctx: &ServerContext, me: &Me, lesson_id: i64) -> Result<HomeworkFiles, AppError> {
    let l = lesson(ctx, lesson_id).await?;
    authorize(ctx, me, Action::ViewHomework, scope(&l)).await?;
    let files = ctx
        .db
        .query("SELECT id, name, size_bytes FROM homework_files WHERE lesson_id = $1 ORDER BY id")
        .bind(lesson_id)
        .fetch_all(ctx.db.pool())
        .await?
        .iter()
        .map(|r| {
            let id: i64 = r.try_get("id")?;
            Ok(HomeworkFile { id, name: r.try_get("name")?, size: r.try_get("size_bytes")?, href: format!("/journal/files/{id}") })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(HomeworkFiles { lesson_id, files, writable: writable(ctx, me, &l).await })
}

/// The upload form's file (multipart, through the host). A refusal names the field `file`.
pub async fn upload(ctx: &ServerContext, me: Option<Me>, lesson_id: i64, raw_name: &str, bytes: &[u8]) -> Result<i64, AppError> {
    let me = me.ok_or(AppError::Unauthorized)?;
    let l = lesson(ctx, lesson_id).await?;
    authorize(ctx, &me, Action::WriteMarks, scope(&l)).await?;
    if me.active.school_id != Some(l.school_id) {
        return Err(AppError::Forbidden);
    }
    let refuse = |msg: Msg| AppError::invalid("file", msg);
    if l.closed {
        return Err(refuse(Msg::JournalPeriodClosed));
    }
    if raw_name.trim().is_empty() && bytes.is_empty() {
        return Err(refuse(Msg::HwFileEmpty));
    }
    let name = clean_name(raw_name).map_err(refuse)?;
    if bytes.is_empty() {
        return Err(refuse(Msg::HwFileEmpty));
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(refuse(Msg::HwFileTooBig));
    }
    check_not_executable(&name, bytes).map_err(refuse)?;
    let db = &ctx.db;
    // The count and the insert in one write transaction: two uploads at once cannot both be
    // the tenth (SQLite's BEGIN IMMEDIATE, and the lesson row locked on PostgreSQL).
    let mut tx = db.begin().await?;
    if db.backend() == crate::db::Backend::Postgres {
        db.query("SELECT id FROM lessons WHERE id = $1 FOR UPDATE").bind(lesson_id).fetch_optional(&mut *tx).await?;
    }
    let count: i64 = db.query_scalar("SELECT COUNT(*) FROM homework_files WHERE lesson_id = $1").bind(lesson_id).fetch_one(&mut *tx).await?;
    if count >= MAX_FILES {
        return Err(refuse(Msg::HwFileTooMany));
    }
    let id: i64 = db
        .query_scalar(
            "INSERT INTO homework_files (school_id, lesson_id, name, content_type, size_bytes, uploaded_by, uploaded_at, data) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(l.school_id)
        .bind(lesson_id)
        .bind(name.clone())
        .bind(content_type(&name))
        .bind(bytes.len() as i64)
        .bind(me.person_id)
        .bind(now())
        .bind(bytes.to_vec())
        .fetch_one(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        db,
        audit::Entry {
            school_id: Some(l.school_id),
            actor: Some(me.person_id),
            action: "journal.homework_file_add",
            entity: "homework_file",
            entity_id: Some(id),
            before: None,
            after: Some(serde_json::json!({ "lesson_id": lesson_id, "name": name, "size": bytes.len() })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// A file's download: (name, content type, bytes) for whoever may read the lesson's homework.
pub async fn download(ctx: &ServerContext, me: Option<Me>, id: i64) -> Result<(String, &'static str, Vec<u8>), AppError> {
    let me = me.ok_or(AppError::Unauthorized)?;
    let db = &ctx.db;
    let lesson_id: i64 = db.query_scalar("SELECT lesson_id FROM homework_files WHERE id = $1").bind(id).fetch_optional(db.pool()).await?.ok_or(AppError::NotFound)?;
    let l = lesson(ctx, lesson_id).await?;
    authorize(ctx, &me, Action::ViewHomework, scope(&l)).await?;
    let row = db.query("SELECT name, data FROM homework_files WHERE id = $1").bind(id).fetch_optional(db.pool()).await?.ok_or(AppError::NotFound)?;
    let name: String = row.try_get("name")?;
    let data: Vec<u8> = row.try_get("data")?;
    Ok((name.clone(), content_type(&name), data))
}

/// «Удалить»: the file goes, audited. Returns its lesson (the page to go back to).
pub async fn delete(ctx: &ServerContext, me: &Me, id: i64) -> Result<i64, AppError> {
    let db = &ctx.db;
    let row = db
        .query("SELECT lesson_id, name, size_bytes FROM homework_files WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    let (lesson_id, name, size): (i64, String, i64) = (row.try_get("lesson_id")?, row.try_get("name")?, row.try_get("size_bytes")?);
    let l = lesson(ctx, lesson_id).await?;
    authorize(ctx, me, Action::WriteMarks, scope(&l)).await?;
    if me.active.school_id != Some(l.school_id) {
        return Err(AppError::Forbidden);
    }
    if l.closed {
        return Err(AppError::invalid("file", Msg::JournalPeriodClosed));
    }
    let mut tx = db.begin().await?;
    let gone = db.query("DELETE FROM homework_files WHERE id = $1").bind(id).execute(&mut *tx).await?.rows_affected();
    if gone == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut tx,
        db,
        audit::Entry {
            school_id: Some(l.school_id),
            actor: Some(me.person_id),
            action: "journal.homework_file_remove",
            entity: "homework_file",
            entity_id: Some(id),
            before: Some(serde_json::json!({ "lesson_id": lesson_id, "name": name, "size": size })),
            after: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(lesson_id)
}
