//! What the grid page and its live updates carry (shared).

use crate::journal::marks::{Cell, WorkType};
use serde::{Deserialize, Serialize};

/// One grid: a class (or one of its subgroups) × subject × reporting period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct GridKey {
    pub class_id: i64,
    pub subject_id: i64,
    /// 0: the whole class.
    pub group_id: i64,
    pub period_id: i64,
}

impl GridKey {
    pub fn href(&self) -> String {
        let mut s = format!("/journal/{}/{}?period={}", self.class_id, self.subject_id, self.period_id);
        if self.group_id != 0 {
            s.push_str(&format!("&group={}", self.group_id));
        }
        s
    }
}

/// The live topic of a class's subject: every grid, summary and diary of it listens there.
pub fn topic(school_id: i64, class_id: i64, subject_id: i64) -> String {
    format!("journal:{school_id}:{class_id}:{subject_id}")
}

/// Lessons and cells travel in every grid page's data (`render::table_with_data`): what is
/// empty is left out and a cell's keys are short, a few kilobytes less per page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridLesson {
    pub id: i64,
    /// 'YYYY-MM-DD'
    pub date: String,
    pub number: i64,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub topic: String,
    /// The column's work type: new marks typed in this column get it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_type_id: Option<i64>,
    /// Dated after today: no marks yet.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub future: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridPupil {
    pub id: i64,
    /// «Иванова Мария»
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridCell {
    #[serde(rename = "l")]
    pub lesson_id: i64,
    #[serde(rename = "p")]
    pub pupil_id: i64,
    pub cell: Cell,
    #[serde(rename = "v")]
    pub version: i64,
    /// Who changed it last («Филатов И. И.»).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub by: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodChoice {
    pub id: i64,
    pub label: String,
    pub closed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct GridData {
    pub key: GridKey,
    pub school_id: i64,
    /// «5А · Математика» (with the group).
    pub title: String,
    pub periods: Vec<PeriodChoice>,
    pub closed: bool,
    /// The viewer may write here (else read only: a class teacher, or a closed period).
    pub writable: bool,
    pub plus_minus: bool,
    pub lessons: Vec<GridLesson>,
    pub pupils: Vec<GridPupil>,
    pub cells: Vec<GridCell>,
    /// (pupil_id, value) of this period's final marks.
    pub finals: Vec<(i64, String)>,
    pub work_types: Vec<WorkType>,
    /// The default work type of a column without one.
    pub default_work_type: i64,
    /// The school's journal revision when this was read.
    pub revision: i64,
    /// Each pupil's weighted average as shown («4,50»; '' without marks that count), in the
    /// order of `pupils`.
    pub averages: Vec<String>,
    /// The year's grid: no lessons; a column per reporting period with its final marks
    /// (label, (pupil_id, value)), the average of those and the year mark.
    pub year_view: bool,
    pub period_finals: Vec<(String, Vec<(i64, String)>)>,
    /// In the year's grid, each pupil's average of period marks in hundredths (the year mark's
    /// suggestion).
    pub year_avg100: Vec<Option<i64>>,
}

/// The grid page: what the viewer's page needs around the table, and the table itself with its
/// data. The table and its data travel once, inside the HTML (only the grid's island runs in the
/// browser, and it reads them from the page).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridPage {
    pub key: GridKey,
    pub school_id: i64,
    pub title: String,
    pub periods: Vec<PeriodChoice>,
    pub closed: bool,
    /// This viewer may write here (the table and its data are the same for every viewer).
    pub writable: bool,
    /// No lessons in the period (and not the year's tab).
    pub empty: bool,
    /// `render::table` followed by `<script type="application/json" id="jgrid-data">` holding
    /// the `GridData`.
    /// Shared, not copied: the server keeps one rendered table for every viewer.
    pub html: std::sync::Arc<str>,
}

/// Cells (and final marks) changed after a revision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct GridChanges {
    pub revision: i64,
    pub cells: Vec<GridCell>,
    pub finals: Vec<(i64, String)>,
}

/// The answer to a save.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SaveOutcome {
    Saved { version: i64, revision: i64 },
    /// Someone else changed the cell since the version the screen had: nothing was written,
    /// here is the cell as it is now and who changed it.
    Conflict { current: GridCell, by: String },
}

/// The answer to a final mark's save.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FinalOutcome {
    Saved { revision: i64 },
    /// Someone else changed this final mark since the screen showed it: nothing was written,
    /// here is the mark as it is now ('' none) and who gave it.
    Conflict { current: String, by: String },
}

/// One change of a cell, for the hover history and the admin's browsing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryRow {
    pub id: i64,
    /// Moscow time «22.11.2026 14:05».
    pub at: String,
    pub who: String,
    /// Where the change was made, as stored: «grid», «lesson», «day», «api» (`screen_label`).
    pub screen: String,
    pub before: String,
    pub after: String,
    /// For the admin's list: «5А · Математика · 12.11 · Иванова Мария».
    pub place: String,
}

impl HistoryRow {
    /// Where the change was made, in words: «журнал», «страница урока», «отсутствие на весь
    /// день»; anything else came from another program through the API.
    pub fn screen_label(&self) -> crate::i18n::Msg {
        use crate::i18n::Msg;
        match self.screen.as_str() {
            "grid" => Msg::JournalScreenGrid,
            "lesson" => Msg::JournalScreenLesson,
            "day" => Msg::JournalScreenDay,
            _ => Msg::JournalScreenApi,
        }
    }
}

/// A line of the «Журнал» list: a class's (group's) subject.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalLink {
    pub href: String,
    pub class_name: String,
    pub group: Option<String>,
    pub subject: String,
    pub teacher: String,
    pub writable: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalList {
    pub links: Vec<JournalLink>,
    pub is_admin: bool,
    /// The pupils of the classes the teacher leads (id, «Иванова Мария, 5А»), for
    /// «Отсутствие на весь день».
    pub homeroom_pupils: Vec<(i64, String)>,
    /// Today, 'YYYY-MM-DD' (the form's default date).
    pub today: String,
    /// The class summaries the viewer may open (href, «5А»): the admin's every class, a
    /// teacher's the classes they lead.
    pub summaries: Vec<(String, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, Msg};

    #[test]
    fn the_history_names_its_screens_in_words() {
        let row = |screen: &str| HistoryRow { id: 1, at: String::new(), who: String::new(), screen: screen.into(), before: String::new(), after: String::new(), place: String::new() };
        assert_eq!(row("grid").screen_label().text(Lang::Ru), "журнал");
        assert_eq!(row("lesson").screen_label().text(Lang::Ru), "страница урока");
        assert_eq!(row("day").screen_label().text(Lang::Ru), "отсутствие на весь день");
        for other in ["api", "demo", ""] {
            assert_eq!(row(other).screen_label(), Msg::JournalScreenApi, "{other:?}");
        }
    }
}
