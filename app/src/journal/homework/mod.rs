//! Homework files on the lesson page (`/journal/lesson/:id`): the teacher attaches files to the
//! homework for the next lesson — a plain multipart form posted to the host
//! (`POST /journal/lesson/<id>/files`), so it works without JavaScript — lists them with name and
//! size, and deletes them («Удалить»). Downloads (`GET /journal/files/<id>`) go to whoever may
//! read the lesson's homework: its staff, the pupils of its class (group) and their parents.
//!
//! - `types` (pure): the list, the name/program/size checks, the download's headers
//! - `server` (server only): list, upload, download, delete
//! - `components`: the lesson page's card

pub mod components;
pub mod types;

#[cfg(feature = "ssr")]
pub mod server;

use crate::error::AppError;
use leptos::prelude::*;
use types::HomeworkFiles;

/// A lesson's homework files.
#[server(endpoint = "journal_homework_files")]
pub async fn journal_homework_files(lesson_id: i64) -> Result<HomeworkFiles, AppError> {
    let (ctx, me) = crate::accounts::session::require().await?;
    server::list(&ctx, &me, lesson_id).await
}

/// «Удалить» of one file; back to its lesson page.
#[server(endpoint = "journal_homework_file_delete")]
pub async fn journal_homework_file_delete(file_id: i64) -> Result<(), AppError> {
    let (ctx, me) = crate::accounts::session::require().await?;
    let lesson_id = server::delete(&ctx, &me, file_id).await?;
    leptos_axum::redirect(&format!("/journal/lesson/{lesson_id}?file=deleted"));
    Ok(())
}
