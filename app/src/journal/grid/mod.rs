//! The live journal grid: a class (or group) × subject × reporting period.
//!
//! - `types`: what the page, a save and the live updates carry
//! - `render` (pure): the table as one HTML string, and the pieces that rewrite one cell
//! - `read` (server only): the grid's data and the page, rendered tables cached per process and
//!   checked against the database on every read
//! - `server` (server only): the save with its version check and history, changes
//!   since a revision, final marks, period locks
//! - `components`: the page; one delegated keyboard/pointer handler on the table
//!
//! Every server function asks the policy: `ViewClass` / `WriteMarks` on `Scope::Journal` (the
//! grid) or `Scope::Lesson` (one lesson's cells: a substitute writes there on that date).

pub mod components;
pub mod render;
pub mod types;

#[cfg(feature = "ssr")]
pub mod read;
#[cfg(feature = "ssr")]
pub mod server;

use crate::error::AppError;
use crate::journal::marks::Cell;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
#[cfg(feature = "ssr")]
use types::GridKey;
use types::{FinalOutcome, GridChanges, GridData, GridPage, HistoryRow, JournalList, SaveOutcome};

/// The «Журнал» list of classes and subjects.
#[server(endpoint = "journal_index")]
pub async fn journal_index() -> Result<JournalList, AppError> {
    let (ctx, me) = crate::accounts::session::require().await?;
    server::index(&ctx, &me).await
}

/// The grid (`period_id` 0: the period under way).
#[server(endpoint = "journal_grid")]
pub async fn journal_grid(class_id: i64, subject_id: i64, #[server(default)] group_id: i64, #[server(default)] period_id: i64) -> Result<GridData, AppError> {
    let (ctx, me) = crate::accounts::session::require().await?;
    read::grid(&ctx, &me, GridKey { class_id, subject_id, group_id, period_id }).await
}

/// The grid page: the viewer's shell and the table with its data (see `GridPage`).
#[server(endpoint = "journal_grid_page")]
pub async fn journal_grid_page(class_id: i64, subject_id: i64, #[server(default)] group_id: i64, #[server(default)] period_id: i64) -> Result<GridPage, AppError> {
    let (ctx, me) = crate::accounts::session::require().await?;
    read::page(&ctx, &me, GridKey { class_id, subject_id, group_id, period_id }).await
}

/// Saves one cell: `version` is the cell's version the screen shows (0: never saved). Either
/// `Saved` with the new version, or `Conflict` with the cell as someone else left it.
#[server(endpoint = "journal_save_cell", input = Json)]
pub async fn journal_save_cell(lesson_id: i64, pupil_id: i64, version: i64, cell: Cell, #[server(default)] screen: String) -> Result<SaveOutcome, AppError> {
    let (ctx, me) = crate::accounts::session::require().await?;
    let (outcome, topic) = server::save_cell(&ctx, &me, lesson_id, pupil_id, version, cell, &screen).await?;
    if !topic.is_empty() {
        crate::journal::publish(&ctx, &topic).await;
    }
    Ok(outcome)
}

/// Cells and final marks of a grid changed after revision `since`.
#[server(endpoint = "journal_changes")]
pub async fn journal_changes(class_id: i64, subject_id: i64, group_id: i64, period_id: i64, since: i64) -> Result<GridChanges, AppError> {
    let (ctx, me) = crate::accounts::session::require().await?;
    server::changes(&ctx, &me, GridKey { class_id, subject_id, group_id, period_id }, since).await
}

/// Every change of one cell, newest first.
#[server(endpoint = "journal_cell_history")]
pub async fn journal_cell_history(lesson_id: i64, pupil_id: i64) -> Result<Vec<HistoryRow>, AppError> {
    let (ctx, me) = crate::accounts::session::require().await?;
    server::cell_history(&ctx, &me, lesson_id, pupil_id).await
}

/// A pupil's final mark for the grid's period ('' takes it back). With `if_unchanged`, only
/// while the mark is still `shown` (what the screen showed, '' none): when someone else has
/// changed it since, nothing is written and the answer is `Conflict`. (Two fields, not an
/// `Option`: a form-encoded empty `shown` would arrive as "none", and no mark is the commonest
/// thing a screen shows.)
#[server(endpoint = "journal_save_final")]
pub async fn journal_save_final(
    class_id: i64,
    subject_id: i64,
    #[server(default)] group_id: i64,
    period_id: i64,
    pupil_id: i64,
    #[server(default)] value: String,
    #[server(default)] shown: String,
    #[server(default)] if_unchanged: bool,
) -> Result<FinalOutcome, AppError> {
    let (ctx, me) = crate::accounts::session::require().await?;
    let key = GridKey { class_id, subject_id, group_id, period_id };
    let (outcome, topic) = server::save_final(&ctx, &me, key, pupil_id, &value, if_unchanged.then_some(shown.as_str())).await?;
    if !topic.is_empty() {
        crate::journal::publish(&ctx, &topic).await;
    }
    Ok(outcome)
}

/// «Отсутствие на весь день»: a pupil absent («н»), ill («б») or excused («п») at every lesson
/// of a date (the class teacher, the school admin). Back to `/journal` with the count.
#[server(endpoint = "journal_absent_day")]
pub async fn journal_absent_day(pupil_id: i64, #[server(default)] date: String, #[server(default)] attendance: String) -> Result<(), AppError> {
    let (ctx, me) = crate::accounts::session::require().await?;
    let (changed, topics) = server::absent_day(&ctx, &me, pupil_id, &date, &attendance).await?;
    for topic in topics {
        crate::journal::publish(&ctx, &topic).await;
    }
    leptos_axum::redirect(&format!("/journal?absent={changed}"));
    Ok(())
}
