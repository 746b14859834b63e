//! «Редактор расписания»: the school admin's drag-and-drop editor of the weekly template.
//!
//! - `types`: the week, the cards of the unplaced load, clashes and their sentences
//! - `conflicts` (server only, pure): may this lesson stand in that slot
//! - `server` (server only): reads and the three changes, each in one transaction
//! - `components`: the page — the grid, the cards, dragging with mouse, touch or pen (pointer
//!   events), placing with the keyboard, undo/redo, and polling for other editors' changes
//!
//! Every server function asks the policy (through the people pages' guard: the school admin).

pub mod components;
pub mod types;

#[cfg(feature = "ssr")]
pub mod conflicts;
#[cfg(feature = "ssr")]
pub mod server;

use crate::error::AppError;
use leptos::prelude::*;
use types::{EditOutcome, WeekGrid, SlotFit};

#[cfg(feature = "ssr")]
fn parity(code: &str) -> Result<crate::timetable::types::WeekParity, AppError> {
    crate::timetable::types::WeekParity::parse(code).ok_or_else(|| AppError::invalid("weeks", crate::i18n::Msg::EditorWeeksUnknown))
}

/// The week of a class, teacher or room (`view`: class / teacher / room; `id` 0: the first).
#[server(endpoint = "timetable_editor_week")]
pub async fn editor_week(view: String, id: i64) -> Result<WeekGrid, AppError> {
    let (ctx, _me, school_id) = crate::people::api::guard::school().await?;
    server::week(&ctx, school_id, types::ViewKind::parse(&view), id).await
}

/// Where a card may go: every slot with its clashes (`entry_id` 0 for a card of the load).
#[server(endpoint = "timetable_editor_fits")]
pub async fn editor_fits(assignment_id: i64, entry_id: i64, weeks: String) -> Result<Vec<SlotFit>, AppError> {
    let (ctx, _me, school_id) = crate::people::api::guard::school().await?;
    server::fits(&ctx, school_id, assignment_id, entry_id, parity(&weeks)?).await
}

/// Places a lesson of the load (`room_id` 0: the room its other lessons use).
#[server(endpoint = "timetable_editor_place")]
pub async fn editor_place(assignment_id: i64, weekday: i64, lesson_number: i64, weeks: String, room_id: i64) -> Result<EditOutcome, AppError> {
    let (ctx, me, school_id) = crate::people::api::guard::school().await?;
    server::place(&ctx, school_id, me.person_id, assignment_id, weekday, lesson_number, parity(&weeks)?, room_id).await
}

#[server(endpoint = "timetable_editor_move")]
pub async fn editor_move(entry_id: i64, weekday: i64, lesson_number: i64) -> Result<EditOutcome, AppError> {
    let (ctx, me, school_id) = crate::people::api::guard::school().await?;
    server::move_lesson(&ctx, school_id, me.person_id, entry_id, weekday, lesson_number).await
}

#[server(endpoint = "timetable_editor_remove")]
pub async fn editor_remove(entry_id: i64) -> Result<EditOutcome, AppError> {
    let (ctx, me, school_id) = crate::people::api::guard::school().await?;
    server::remove(&ctx, school_id, me.person_id, entry_id).await
}

/// Marks a slot of a teacher's week as one they cannot teach, or clears the mark.
#[server(endpoint = "timetable_editor_away")]
pub async fn editor_away(teacher_id: i64, weekday: i64, lesson_number: i64) -> Result<EditOutcome, AppError> {
    let (ctx, me, school_id) = crate::people::api::guard::school().await?;
    server::toggle_away(&ctx, school_id, me.person_id, teacher_id, weekday, lesson_number).await
}

/// The year's revision, polled by open editors to pick up each other's changes.
#[server(endpoint = "timetable_editor_revision")]
pub async fn editor_revision() -> Result<i64, AppError> {
    let (ctx, _me, school_id) = crate::people::api::guard::school().await?;
    let year_id = server::year(&ctx, school_id).await?;
    let mut conn = ctx.db.acquire().await?;
    server::revision(&mut conn, &ctx.db, school_id, year_id).await
}
