//! What a file says, before it meets the school: both parsers (CSV and FET) produce a `Source`,
//! the planner maps it onto the school. Stored with the upload as JSON, so «Импортировать»
//! maps the same file again against the school as it is then.

use crate::timetable::types::WeekParity;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Format {
    Csv,
    Fet,
}

/// Where a lesson came from, for the report: a CSV line (the header is line 1) or a FET
/// activity's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Origin {
    Line(usize),
    Activity(i64),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SourceRoom {
    pub name: String,
    pub building: String,
    pub capacity: Option<i64>,
}

/// A FET students set and the set it belongs to (None for a year).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StudentSet {
    pub name: String,
    pub parent: Option<String>,
}

/// One lesson a week (or, with `duration` > 1, several in a row).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SourceLesson {
    pub origin: Origin,
    /// FET: the students sets' names; CSV: the class.
    pub students: Vec<String>,
    /// CSV only: the «Группа» column.
    pub group: Option<String>,
    pub subject: String,
    pub teachers: Vec<String>,
    pub duration: i64,
    /// (day, hour), 0-based positions in `days` and `hours`; None: the time is not fixed.
    pub start: Option<(usize, usize)>,
    pub parity: WeekParity,
    pub room: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub format: Format,
    pub days: Vec<String>,
    /// Lesson hours only: FET's break hours (a break on every day) are taken out.
    pub hours: Vec<String>,
    /// The break hours taken out of `hours`.
    #[serde(default)]
    pub breaks: Vec<String>,
    pub rooms: Vec<SourceRoom>,
    pub sets: Vec<StudentSet>,
    pub lessons: Vec<SourceLesson>,
    /// FET activities switched off («Active» false): not lessons, only named in the report.
    pub inactive: Vec<i64>,
    /// FET constraints Parta has no place for, by kind, with their count.
    pub ignored_constraints: Vec<(String, usize)>,
}
