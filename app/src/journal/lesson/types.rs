//! The lesson page's data (shared).

use crate::journal::marks::{Cell, WorkType};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonPupil {
    pub pupil_id: i64,
    pub name: String,
    pub cell: Cell,
    pub version: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonPage {
    pub id: i64,
    /// «5А · Математика»
    pub title: String,
    pub date: String,
    pub number: i64,
    pub topic: String,
    pub homework: String,
    pub work_type_id: Option<i64>,
    pub work_types: Vec<WorkType>,
    pub pupils: Vec<LessonPupil>,
    pub writable: bool,
    pub closed: bool,
    pub future: bool,
    pub grid_href: String,
    /// The substitute teacher giving this lesson, when there is one.
    pub substitute: Option<String>,
    /// The homework's files (one read with the page, so the card hydrates with it).
    pub files: crate::journal::homework::types::HomeworkFiles,
}

/// One pupil's row of the lesson page's attendance-and-marks form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct LessonRowInput {
    pub pupil: i64,
    #[serde(default)]
    pub version: i64,
    /// '' or «н», «б», «п», «о».
    #[serde(default)]
    pub attendance: String,
    /// Minutes late, with «о».
    #[serde(default)]
    pub minutes: String,
    /// Marks separated by spaces: «5 4».
    #[serde(default)]
    pub marks: String,
}
