//! Shared school types: what the admin's and the region operator's start pages show.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolCard {
    pub id: i64,
    pub name: String,
    pub short_name: String,
    pub inn: String,
    pub okpo: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PeriodKind {
    Quarter,
    Trimester,
    HalfYear,
    Year,
}

impl PeriodKind {
    pub fn code(self) -> &'static str {
        match self {
            PeriodKind::Quarter => "quarter",
            PeriodKind::Trimester => "trimester",
            PeriodKind::HalfYear => "half_year",
            PeriodKind::Year => "year",
        }
    }

    pub fn from_code(code: &str) -> Option<PeriodKind> {
        [PeriodKind::Quarter, PeriodKind::Trimester, PeriodKind::HalfYear, PeriodKind::Year]
            .into_iter()
            .find(|k| k.code() == code)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub kind: PeriodKind,
    pub number: i64,
    pub starts_on: String,
    pub ends_on: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassRow {
    pub id: i64,
    /// «5А»
    pub name: String,
    pub class_teacher: Option<String>,
    pub pupils: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolSummary {
    pub school: SchoolCard,
    pub pupils: i64,
    pub teachers: i64,
    pub parents: i64,
    pub subjects: i64,
    pub year_name: Option<String>,
    pub periods: Vec<Period>,
    pub classes: Vec<ClassRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionSchoolRow {
    pub id: i64,
    pub short_name: String,
    pub pupils: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionSummary {
    pub name: String,
    pub esia_enabled: bool,
    pub schools: Vec<RegionSchoolRow>,
}

/// «5А» from grade and letter.
pub fn class_name(grade: i64, letter: &str) -> String {
    format!("{grade}{letter}")
}

/// «Иванова М. П.», for narrow screens.
pub fn short_name(surname: &str, name: &str, patronymic: &str) -> String {
    let initial = |s: &str| s.chars().next().map(|c| format!("{c}.")).unwrap_or_default();
    [surname.to_string(), initial(name), initial(patronymic)].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ")
}

/// «Иванова Мария Петровна» from the three parts, skipping an empty patronymic.
pub fn full_name(surname: &str, name: &str, patronymic: &str) -> String {
    [surname, name, patronymic].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" ")
}
