//! The week of a personal timetable, as the page and the iCal export see it.

use serde::{Deserialize, Serialize};

/// Whose timetable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TargetKind {
    Pupil,
    Class,
    Teacher,
    Room,
}

impl TargetKind {
    pub const ALL: [TargetKind; 4] = [TargetKind::Pupil, TargetKind::Class, TargetKind::Teacher, TargetKind::Room];

    /// In URLs and in `calendar_feeds.target_kind`.
    pub fn code(self) -> &'static str {
        match self {
            TargetKind::Pupil => "pupil",
            TargetKind::Class => "class",
            TargetKind::Teacher => "teacher",
            TargetKind::Room => "room",
        }
    }

    pub fn parse(s: &str) -> Option<TargetKind> {
        TargetKind::ALL.into_iter().find(|k| k.code() == s)
    }
}

/// One lesson in a day of the week (a stream lesson of several classes is one cell).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonCell {
    pub id: i64,
    pub date: String,
    pub number: i64,
    /// 'HH:MM' from the school's default bells ('' when the bell is missing).
    pub starts: String,
    pub ends: String,
    pub subject: String,
    pub group: Option<String>,
    /// «7А», or «7А, 7Б» for a stream lesson.
    pub class_name: String,
    pub teacher_id: i64,
    pub teacher: String,
    /// The teacher who gives the lesson instead («Замена»).
    pub substitute_id: Option<i64>,
    pub substitute: Option<String>,
    pub room: Option<String>,
    pub cancelled: bool,
    /// The lesson number it was planned at, when moved to another one.
    pub moved_from: Option<i64>,
    pub room_changed: bool,
    /// Under way now, by the bells.
    pub current: bool,
}

impl LessonCell {
    /// Whether a substitution touched it.
    pub fn changed(&self) -> bool {
        self.cancelled || self.substitute_id.is_some() || self.moved_from.is_some() || self.room_changed
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayColumn {
    pub date: String,
    /// 1 = Monday … 7 = Sunday.
    pub weekday: i64,
    pub holiday: Option<String>,
    pub lessons: Vec<LessonCell>,
}

/// A timetable one may switch to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: i64,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekTimetable {
    pub kind: TargetKind,
    pub target_id: i64,
    /// «Иванов Пётр, 7А», «7А», «Кабинет 12», a teacher's full name.
    pub title: String,
    /// The Monday, 'YYYY-MM-DD'.
    pub week_start: String,
    pub prev_week: String,
    pub next_week: String,
    pub this_week: String,
    pub today: String,
    pub days: Vec<DayColumn>,
    /// A parent's children.
    pub children: Vec<Choice>,
    /// Staff switch to any class, teacher or room.
    pub classes: Vec<Choice>,
    pub teachers: Vec<Choice>,
    pub rooms: Vec<Choice>,
    /// The signed-in person's own timetable is another (a teacher looking at a class).
    pub own: Option<(TargetKind, i64)>,
    /// A subscription URL exists for this timetable (its token was shown once).
    pub feed_exists: bool,
}

/// The page's address for a timetable and week.
pub fn timetable_href(kind: TargetKind, id: i64, week: &str) -> String {
    format!("/timetable?kind={}&id={id}&week={week}", kind.code())
}
