//! The year set-up pages' data: bell schedules, rooms, subjects, a class's groups.

use crate::timetable::editor::types::Target;
use serde::{Deserialize, Serialize};

/// Lessons a day a bell schedule may have (the schema's `lesson_number BETWEEN 1 AND 8`).
pub const MAX_BELLS: usize = 8;
/// The most seats a room may have («Мест»: 1–500; an assembly hall is the largest).
pub const MAX_CAPACITY: i64 = 500;
/// The longest name (of a schedule, room, building, subject or group).
pub const MAX_NAME: usize = 100;
/// The longest short name of a subject («Англ. яз.»), shown in narrow cells.
pub const MAX_SHORT_NAME: usize = 20;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleRow {
    pub id: i64,
    pub name: String,
    pub is_default: bool,
    pub lessons: i64,
}

/// One lesson's times, «ЧЧ:ММ».
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BellTime {
    pub number: i64,
    pub starts_at: String,
    pub ends_at: String,
}

/// «Звонки»: the school's schedules and the chosen one's lessons.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BellsSetup {
    pub schedules: Vec<ScheduleRow>,
    /// The schedule whose times are shown for editing (0 when the school has none).
    pub chosen: i64,
    pub bells: Vec<BellTime>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomRow {
    pub id: i64,
    pub name: String,
    pub building: String,
    pub capacity: i64,
    /// Lessons of the timetable stand in it: it cannot be deleted.
    pub in_use: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubjectRow {
    pub id: i64,
    pub name: String,
    pub short_name: String,
    /// The load (or groups) use it: it cannot be deleted.
    pub in_use: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRow {
    pub id: i64,
    pub name: String,
    pub subject_id: Option<i64>,
    pub subject: Option<String>,
    pub pupils: i64,
    /// The load uses it: it cannot be deleted.
    pub in_use: bool,
}

/// A pupil of the class, and whether the chosen group has them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupPupil {
    pub id: i64,
    pub name: String,
    pub member: bool,
}

/// «Группы»: a class's subgroups, and the chosen group's pupils.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupsSetup {
    pub class_id: i64,
    pub class_name: String,
    pub classes: Vec<Target>,
    pub subjects: Vec<Target>,
    pub groups: Vec<GroupRow>,
    /// The group whose pupils are shown (0: none chosen).
    pub chosen: i64,
    pub pupils: Vec<GroupPupil>,
}
