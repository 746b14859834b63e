//! «Нагрузка»: who teaches what to whom, how many lessons a week — the cards the editor places.

use crate::timetable::editor::types::Target;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadRow {
    pub id: i64,
    pub subject: String,
    pub group: Option<String>,
    pub teacher: String,
    pub hours: i64,
    /// Lessons on the grid, in halves (an odd/even-week lesson is one half).
    pub placed_halves: i64,
}

/// One class's load, and what the «Добавить» form offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassLoad {
    pub class_id: i64,
    pub class_name: String,
    pub classes: Vec<Target>,
    pub rows: Vec<LoadRow>,
    pub subjects: Vec<Target>,
    pub groups: Vec<Target>,
    pub teachers: Vec<Target>,
}

/// The most lessons of one subject a week (the schema allows 40; no school plan has more than
/// ten of one subject).
pub const MAX_HOURS: i64 = 10;
