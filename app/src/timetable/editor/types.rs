//! What the editor page and its server functions exchange.

use crate::i18n::{Lang, Msg};
use crate::timetable::types::WeekParity;
use serde::{Deserialize, Serialize};

/// Whose week the grid shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ViewKind {
    Class,
    Teacher,
    Room,
}

impl ViewKind {
    pub fn code(self) -> &'static str {
        match self {
            ViewKind::Class => "class",
            ViewKind::Teacher => "teacher",
            ViewKind::Room => "room",
        }
    }

    pub fn parse(s: &str) -> ViewKind {
        match s {
            "teacher" => ViewKind::Teacher,
            "room" => ViewKind::Room,
            _ => ViewKind::Class,
        }
    }

    pub fn label(self) -> Msg {
        match self {
            ViewKind::Class => Msg::EditorViewClass,
            ViewKind::Teacher => Msg::EditorViewTeacher,
            ViewKind::Room => Msg::EditorViewRoom,
        }
    }
}

/// A class, teacher or room to pick in the view switcher.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    pub id: i64,
    pub name: String,
}

/// One row of the grid: a lesson number and its bell times.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonRow {
    pub number: i64,
    pub starts_at: String,
    pub ends_at: String,
}

/// A lesson placed in the weekly template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacedLesson {
    pub entry_id: i64,
    pub assignment_id: i64,
    pub class_name: String,
    /// The subgroup's name for a split lesson («Группа 1»).
    pub group: Option<String>,
    pub subject: String,
    /// «Матем.», for a narrow cell.
    pub subject_short: String,
    pub teacher: String,
    pub room_id: Option<i64>,
    pub room: Option<String>,
    pub weekday: i64,
    pub lesson_number: i64,
    pub parity: WeekParity,
}

/// Lessons of the teaching load not yet on the grid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadCard {
    pub assignment_id: i64,
    pub class_name: String,
    pub group: Option<String>,
    pub subject: String,
    pub teacher: String,
    /// Lessons a week still to place (an odd/even lesson counts as half).
    pub left_halves: i64,
}

/// The editor's grid for one class, teacher or room.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekGrid {
    pub view: ViewKind,
    pub target_id: i64,
    pub title: String,
    pub classes: Vec<Target>,
    pub teachers: Vec<Target>,
    pub rooms: Vec<Target>,
    /// 5, or 6 when the school has Saturday lessons.
    pub days: i64,
    pub rows: Vec<LessonRow>,
    pub placed: Vec<PlacedLesson>,
    pub unplaced: Vec<LoadCard>,
    /// In a teacher's week: the slots the teacher cannot teach.
    pub away: Vec<(i64, i64)>,
    /// Bumped by every change of the school year's template; an open editor that sees a newer
    /// one reloads its grid.
    pub revision: i64,
}

/// Why a lesson cannot go into a slot. Names travel with it, so the sentence can say who.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Clash {
    /// The teacher already teaches another lesson then.
    Teacher { teacher: String, class: String, subject: String },
    /// The class (or the same subgroup, or the whole class against a group) already has a lesson.
    Class { class: String, subject: String },
    Room { room: String, class: String },
    RoomTooSmall { room: String, capacity: i64, pupils: i64 },
    /// More lessons that day than SanPiN allows for the grade.
    DailyLimit { class: String, limit: i64 },
    /// The teacher is marked as unable to teach then.
    TeacherAway { teacher: String },
}

impl Clash {
    pub fn sentence(&self, lang: Lang) -> String {
        match self {
            Clash::Teacher { teacher, class, subject } => Msg::ClashTeacher.fill(lang, &[teacher, class, subject]),
            Clash::Class { class, subject } => Msg::ClashClass.fill(lang, &[class, subject]),
            Clash::Room { room, class } => Msg::ClashRoom.fill(lang, &[room, class]),
            Clash::RoomTooSmall { room, capacity, pupils } => {
                Msg::ClashRoomTooSmall.fill(lang, &[room, &capacity.to_string(), &pupils.to_string()])
            }
            Clash::DailyLimit { class, limit } => Msg::ClashDailyLimit.fill(lang, &[class, &limit.to_string()]),
            Clash::TeacherAway { teacher } => Msg::ClashTeacherAway.fill(lang, &[teacher]),
        }
    }
}

/// Whether a card fits one slot of the grid, for the cell highlighting while dragging.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotFit {
    pub weekday: i64,
    pub lesson_number: i64,
    pub clashes: Vec<Clash>,
}

/// The answer to a change: done (with the lesson's entry id when one was placed), or refused
/// with every clash named.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EditOutcome {
    Done { entry_id: Option<i64>, revision: i64 },
    Refused { clashes: Vec<Clash> },
}

pub const WEEKDAY_SHORT: [Msg; 6] =
    [Msg::WeekdayMon, Msg::WeekdayTue, Msg::WeekdayWed, Msg::WeekdayThu, Msg::WeekdayFri, Msg::WeekdaySat];
