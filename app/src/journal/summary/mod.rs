//! The class teacher's summary («Сводная ведомость»): one class, one reporting period, every
//! subject — each pupil's weighted average and final mark per subject, and their absences. It
//! listens to every subject's live topic, so a mark typed in any grid shows here at once.
//!
//! - `types` (here): what the page carries
//! - `server` (server only): the read, after the policy's `ViewClassSummary`
//! - `components`: the page `/journal/summary/:class?period=N`

pub mod components;
#[cfg(feature = "ssr")]
pub mod server;

use crate::error::AppError;
use crate::journal::grid::types::PeriodChoice;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ClassSummary {
    pub school_id: i64,
    pub class_id: i64,
    pub period_id: i64,
    /// «5А»
    pub class_name: String,
    /// The quarters (trimesters, halves) of the class; the year has no cells of its own.
    pub periods: Vec<PeriodChoice>,
    pub subjects: Vec<SummarySubject>,
    pub rows: Vec<SummaryRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummarySubject {
    pub id: i64,
    pub name: String,
    /// «Англ. яз.» for the column head (the name when the school gave none).
    pub short_name: String,
    /// The subject's grid for this period.
    pub href: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryRow {
    pub pupil_id: i64,
    /// «Иванова Мария»
    pub name: String,
    /// One per subject, in the subjects' order.
    pub subjects: Vec<SubjectResult>,
    /// Lessons missed: absent, ill or excused.
    pub missed: i64,
    /// Of those, ill.
    pub ill: i64,
    pub late: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SubjectResult {
    /// «4,33», or empty without marks that count.
    pub average: String,
    /// The CSS class of the average's rounding hint, or empty.
    pub hint: String,
    /// The period's final mark, or empty.
    pub final_mark: String,
}

/// The summary (`period_id` 0: the period under way).
#[server(endpoint = "journal_class_summary")]
pub async fn journal_class_summary(class_id: i64, #[server(default)] period_id: i64) -> Result<ClassSummary, AppError> {
    let (ctx, me) = crate::accounts::session::require().await?;
    server::read(&ctx, &me, class_id, period_id).await
}
