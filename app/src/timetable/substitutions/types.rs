//! Shapes of the «Замены» pages.

use crate::timetable::personal::types::{Choice, LessonCell};
use serde::{Deserialize, Serialize};

/// One date of the school: a class's lessons and every substitution of the day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubstitutionDay {
    pub date: String,
    pub class_id: i64,
    pub classes: Vec<Choice>,
    pub lessons: Vec<LessonCell>,
    pub changed: Vec<LessonCell>,
    /// Today or later: past lessons do not change.
    pub editable: bool,
}

/// One lesson and what it may be changed to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubstitutionLesson {
    pub lesson: LessonCell,
    pub class_id: i64,
    /// Lesson numbers of the bell schedule, with their times.
    pub numbers: Vec<Choice>,
    pub teachers: Vec<Choice>,
    pub rooms: Vec<Choice>,
    /// What it is now: the teacher who gives it, the room (0: none).
    pub teacher_now: i64,
    pub room_now: i64,
    /// As the template planned it: number, teacher, room.
    pub planned: (i64, String, String),
    pub editable: bool,
}
