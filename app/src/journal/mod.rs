//! The teacher's journal: the start page, and the live journal grid.
//!
//! - `marks` (pure): mark scales, work types, attendance, a cell's content
//! - `average` (pure): the weighted average, its rounding hint, the suggested final mark
//! - `grid`: the grid page, saving a cell, live changes, a cell's history, final marks
//! - `lesson`: the lesson page (topic, homework, attendance and marks of one lesson)
//! - `admin`: the school admin's history of changes and period locks
//! - `homework`: files attached to a lesson's homework (lesson page, upload, download)
//! - `work_types`: the school's work types, weights and «5-»/«4+» switch (`/journal/admin`)
//! - `absence`: the school admin's «Отсутствие на весь день» for any pupil (`/journal`)
//! - `summary`: the class teacher's «Сводная ведомость», every subject of a class, live

pub mod api;
pub mod components;
pub mod types;

pub mod admin;
pub mod average;
pub mod grid;
pub mod lesson;
pub mod marks;
// The journal's missing parts: homework files, work types and weights, the admin's whole-day absence
pub mod absence;
pub mod homework;
pub mod work_types;
// The class teacher's summary
pub mod summary;

#[cfg(feature = "ssr")]
pub mod queries;

/// After a commit: tells every open screen of the topic (every server process) that it
/// changed. A failure to publish never undoes the saved change; screens also catch up on
/// reconnect through `journal_changes`.
#[cfg(feature = "ssr")]
pub async fn publish(ctx: &crate::context::ServerContext, topic: &str) {
    if let Err(e) = crate::live::publish(ctx, topic).await {
        tracing::warn!(topic, ?e, "journal change not published");
    }
}
