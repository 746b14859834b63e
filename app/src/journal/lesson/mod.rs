//! «Страница урока» (`/journal/lesson/:id`): topic, homework for the next lesson, the column's
//! work type, and attendance and marks of this lesson for every pupil. Plain form posts that
//! redirect back, so it works without JavaScript; it is also where a substitute teacher keeps
//! the journal of the lesson they give (the policy's `Scope::Lesson`).

pub mod components;
pub mod types;

#[cfg(feature = "ssr")]
pub mod server;

use crate::error::AppError;
use leptos::prelude::*;
use types::{LessonPage, LessonRowInput};

#[server(endpoint = "journal_lesson")]
pub async fn journal_lesson(id: i64) -> Result<LessonPage, AppError> {
    let (ctx, me) = crate::accounts::session::require().await?;
    server::page(&ctx, &me, id).await
}

/// «Сохранить» of the topic, homework and work type.
#[server(endpoint = "journal_save_lesson_notes")]
pub async fn journal_save_lesson_notes(
    id: i64,
    #[server(default)] topic: String,
    #[server(default)] homework: String,
    #[server(default)] work_type_id: String,
) -> Result<(), AppError> {
    let (ctx, me) = crate::accounts::session::require().await?;
    server::save_notes(&ctx, &me, id, &topic, &homework, &work_type_id).await?;
    leptos_axum::redirect(&format!("/journal/lesson/{id}?saved=notes"));
    Ok(())
}

/// «Сохранить отметки»: every row's attendance and marks.
#[server(endpoint = "journal_save_lesson_marks")]
pub async fn journal_save_lesson_marks(id: i64, #[server(default)] rows: Vec<LessonRowInput>) -> Result<(), AppError> {
    let (ctx, me) = crate::accounts::session::require().await?;
    let (topic, refusal) = server::save_rows(&ctx, &me, id, rows).await?;
    if let Some(topic) = topic {
        crate::journal::publish(&ctx, &topic).await;
    }
    if let Some(err) = refusal {
        return Err(err);
    }
    leptos_axum::redirect(&format!("/journal/lesson/{id}?saved=marks"));
    Ok(())
}
