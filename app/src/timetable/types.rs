//! Shapes shared by the generator, the database code and (later) the pages.

use serde::{Deserialize, Serialize};

/// Which weeks a lesson of the template runs in: every week, or only odd/even weeks of an
/// alternating («дробное») timetable. Stored as 'all' / 'odd' / 'even'.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WeekParity {
    All,
    Odd,
    Even,
}

impl WeekParity {
    pub fn as_str(self) -> &'static str {
        match self {
            WeekParity::All => "all",
            WeekParity::Odd => "odd",
            WeekParity::Even => "even",
        }
    }

    pub fn parse(s: &str) -> Option<WeekParity> {
        match s {
            "all" => Some(WeekParity::All),
            "odd" => Some(WeekParity::Odd),
            "even" => Some(WeekParity::Even),
            _ => None,
        }
    }
}

/// One lesson of one teaching assignment in the weekly template. A split lesson is one
/// placement per subgroup, all in the same slot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placement {
    pub assignment_id: i64,
    pub class_id: i64,
    pub subgroup_id: Option<i64>,
    pub subject_id: i64,
    pub teacher_id: i64,
    /// `None` when no suitable room was free (see `generator::assign_rooms`).
    pub room_id: Option<i64>,
    /// 1 = Monday … 5 = Friday.
    pub weekday: i64,
    /// 1-based, as in the bell schedule.
    pub lesson_number: i64,
    pub week_parity: WeekParity,
}

/// The usual bells of a Russian school (45-minute lessons, two long breaks for meals).
pub const DEFAULT_BELLS: [(&str, &str); 7] = [
    ("08:30", "09:15"),
    ("09:25", "10:10"),
    ("10:30", "11:15"),
    ("11:35", "12:20"),
    ("12:30", "13:15"),
    ("13:25", "14:10"),
    ("14:20", "15:05"),
];

/// The default bell schedule's name.
pub const DEFAULT_BELL_SCHEDULE: &str = "Основное";
