//! Bulk import of a class or a school from CSV or XLSX: upload → every row checked → preview
//! with each wrong row and column named → «Импортировать» → one transaction (all or nothing),
//! with progress. Parent rows name their children (a row of the file or a pupil's SNILS); the
//! link becomes an invitation the parent accepts under «Безопасность», as with the form.
//!
//! - `check`: the rows against the rules and against the file itself (shared, pure)
//! - `read` (ssr): CSV (UTF-8 or Windows-1251, `;` `,` or tab) and XLSX into a table of text
//! - `template` (ssr): the template to download, CSV and XLSX
//! - `server` (ssr): storing the checked file, the database checks, running the import
//! - `components`: `/admin/import` and `/admin/import/:id`

pub mod check;
pub mod components;
#[cfg(feature = "ssr")]
pub mod read;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod template;

use crate::error::AppError;
use crate::i18n::Msg;
use crate::people::types::PersonFields;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The file's columns, in template order, each with the refusal when a required one is missing.
pub const COLUMNS: [(&str, Msg); 11] = [
    ("Фамилия", Msg::ColSurname),
    ("Имя", Msg::ColName),
    ("Отчество", Msg::ColPatronymic),
    ("Пол", Msg::ColSex),
    ("Дата рождения", Msg::ColBirthDate),
    ("СНИЛС", Msg::ColSnils),
    ("Электронная почта", Msg::ColEmail),
    ("Телефон", Msg::ColPhone),
    ("Роль", Msg::ColRole),
    ("Класс", Msg::ColClass),
    ("Ребёнок", Msg::ColChild),
];

/// Files larger than this are refused before reading.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;
/// Rows in one file; a whole school fits, a region does not.
pub const MAX_ROWS: usize = 5000;
/// Rows the preview shows.
pub const PREVIEW_ROWS: usize = 20;

/// A parent's child: a row of the same file, or a pupil of the school by SNILS.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChildRef {
    Line(usize),
    Snils(String),
    /// A SNILS resolved on the server to a pupil already in the school.
    Person(i64),
}

/// One row as read and mapped to the form's fields; `line` counts the header as line 1, the way
/// a spreadsheet numbers rows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRow {
    pub line: usize,
    pub fields: PersonFields,
    pub children: Vec<ChildRef>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    pub line: usize,
    /// The column's title as the file has it.
    pub column: String,
    pub message: Msg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportStatus {
    Preview,
    Invalid,
    Running,
    Done,
    Failed,
}

impl ImportStatus {
    pub fn code(self) -> &'static str {
        match self {
            ImportStatus::Preview => "preview",
            ImportStatus::Invalid => "invalid",
            ImportStatus::Running => "running",
            ImportStatus::Done => "done",
            ImportStatus::Failed => "failed",
        }
    }

    pub fn from_code(code: &str) -> ImportStatus {
        [ImportStatus::Preview, ImportStatus::Invalid, ImportStatus::Running, ImportStatus::Done]
            .into_iter()
            .find(|s| s.code() == code)
            .unwrap_or(ImportStatus::Failed)
    }
}

/// A preview line: who the row makes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewRow {
    pub line: usize,
    pub full_name: String,
    pub role: String,
    pub class_name: String,
    pub birth_date: String,
}

/// What `/admin/import/:id` shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportView {
    pub id: i64,
    pub file_name: String,
    pub status: ImportStatus,
    pub total: i64,
    pub done: i64,
    pub errors: Vec<RowError>,
    /// How many rows have at least one error.
    pub bad_rows: i64,
    pub preview: Vec<PreviewRow>,
    pub failure: Option<String>,
}

#[server(endpoint = "import_state")]
pub async fn import_state(id: i64) -> Result<ImportView, AppError> {
    let (ctx, _me, school_id) = crate::people::api::guard::school().await?;
    server::view(&ctx, school_id, id).await
}

/// «Импортировать»: starts the import of a checked file; the page then shows progress.
#[server(endpoint = "start_import")]
pub async fn start_import(id: i64) -> Result<(), AppError> {
    let (ctx, me, school_id) = crate::people::api::guard::school().await?;
    server::start(&ctx, &me, school_id, id).await?;
    leptos_axum::redirect(&format!("/admin/import/{id}"));
    Ok(())
}
