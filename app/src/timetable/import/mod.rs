//! «Импорт расписания»: bringing an existing timetable in, from the CSV template (one row per
//! weekly lesson) or from FET's `.fet` file. Upload → the file is read and mapped onto the
//! school's current year → preview with counts and a report of what could not be mapped and
//! why → «Импортировать» writes classes, subgroups, subjects, rooms, the teaching load and the
//! fixed lessons in one transaction (all or nothing), optionally placing the load without a
//! time by the generator, with an audit entry. The classes the file names get the file's week
//! in place of their old one; other classes keep theirs, and nothing may clash with them.
//!
//! - `names`: class names («5А», «10 Б», «5a») and teachers by ФИО (shared, pure)
//! - `source` (ssr): what a file says, in one shape for both formats
//! - `fet` (ssr), `csv` (ssr): the two parsers, pure
//! - `plan` (ssr): the file mapped onto the school, the report and the clash check, pure
//! - `server` (ssr): storing the check, the import's transaction
//! - `components`: `/admin/timetable/import` and `/admin/timetable/import/:id`

pub mod components;
pub mod names;
#[cfg(feature = "ssr")]
pub mod csv;
#[cfg(feature = "ssr")]
pub mod fet;
#[cfg(feature = "ssr")]
pub mod plan;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod source;

use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The CSV template's columns in order; `true`: the cell may be empty.
pub const CSV_COLUMNS: [(&str, bool); 8] =
    [("День", false), ("Урок", false), ("Класс", false), ("Группа", true), ("Предмет", false), ("Учитель", false), ("Кабинет", true), ("Недели", true)];

/// A line of the report or of a refusal: a message with the names it is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub msg: Msg,
    pub args: Vec<String>,
}

impl Note {
    pub fn of(msg: Msg) -> Note {
        Note { msg, args: Vec::new() }
    }

    pub fn text(&self, lang: Lang) -> String {
        let args: Vec<&str> = self.args.iter().map(String::as_str).collect();
        self.msg.fill(lang, &args)
    }
}

/// Something that stops the import: a wrong cell (CSV row and column) or a clash. `line` 0:
/// the file as a whole (a FET file has no rows).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub line: usize,
    pub column: String,
    pub note: Note,
}

/// What the import brings in (the preview's counts).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub classes: i64,
    pub new_classes: i64,
    pub subjects: i64,
    pub new_subjects: i64,
    pub teachers: i64,
    pub rooms: i64,
    pub new_rooms: i64,
    /// Lessons a week, with a time or without.
    pub lessons: i64,
    /// Of them, lessons with a fixed time.
    pub placed: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TtImportStatus {
    Preview,
    Invalid,
    Done,
    Failed,
}

impl TtImportStatus {
    pub fn code(self) -> &'static str {
        match self {
            TtImportStatus::Preview => "preview",
            TtImportStatus::Invalid => "invalid",
            TtImportStatus::Done => "done",
            TtImportStatus::Failed => "failed",
        }
    }

    pub fn from_code(code: &str) -> TtImportStatus {
        [TtImportStatus::Preview, TtImportStatus::Invalid, TtImportStatus::Done].into_iter().find(|s| s.code() == code).unwrap_or(TtImportStatus::Failed)
    }
}

/// What `/admin/timetable/import/:id` shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TtImportView {
    pub id: i64,
    pub file_name: String,
    pub status: TtImportStatus,
    pub summary: Summary,
    pub report: Vec<Note>,
    pub problems: Vec<Problem>,
    pub failure: Option<String>,
    /// The school's teachers (id, ФИО) to match the file's unknown ones with, while the
    /// check may still be imported.
    pub teacher_options: Vec<(i64, String)>,
}

impl TtImportView {
    /// The file's teachers the report says were not found (or fit several).
    pub fn unmatched_teachers(&self) -> Vec<String> {
        self.report.iter().filter(|n| matches!(n.msg, Msg::TtNoteTeacherUnknown | Msg::TtNoteTeacherAmbiguous)).filter_map(|n| n.args.first().cloned()).collect()
    }
}

#[server(endpoint = "timetable_import_state")]
pub async fn timetable_import_state(id: i64) -> Result<TtImportView, AppError> {
    let (ctx, _me, school_id) = crate::people::api::guard::school().await?;
    server::view(&ctx, school_id, id).await
}

/// Matches a teacher of the file with a teacher of the school by hand; the check is worked out
/// again. `teacher_id` comes from a select, so it arrives as text.
#[server(endpoint = "choose_timetable_teacher")]
pub async fn choose_timetable_teacher(id: i64, name: String, teacher_id: String) -> Result<(), AppError> {
    let (ctx, _me, school_id) = crate::people::api::guard::school().await?;
    let teacher_id: i64 = teacher_id.trim().parse().map_err(|_| AppError::invalid("teacher_id", Msg::TtImportPickTeacher))?;
    server::choose(&ctx, school_id, id, &name, teacher_id).await?;
    leptos_axum::redirect(&format!("/admin/timetable/import/{id}"));
    Ok(())
}

/// «Импортировать»: writes the checked file in one transaction; `generate` («on») also places
/// the lessons that have no time with the generator.
#[server(endpoint = "start_timetable_import")]
pub async fn start_timetable_import(id: i64, #[server(default)] generate: Option<String>) -> Result<(), AppError> {
    let (ctx, me, school_id) = crate::people::api::guard::school().await?;
    let outcome = server::run(&ctx, &me, school_id, id, generate.is_some()).await;
    leptos_axum::redirect(&format!("/admin/timetable/import/{id}"));
    outcome
}
