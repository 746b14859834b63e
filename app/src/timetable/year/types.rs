//! «Учебный год»: the year's reporting periods and holidays, as the set-up page shows them.

use crate::school::types::PeriodKind;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodRow {
    pub id: i64,
    pub kind: PeriodKind,
    pub number: i64,
    pub starts_on: String,
    pub ends_on: String,
    pub grade_min: i64,
    pub grade_max: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidayRow {
    pub id: i64,
    pub name: String,
    pub starts_on: String,
    pub ends_on: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearCalendar {
    pub name: String,
    pub starts_on: String,
    pub ends_on: String,
    pub periods: Vec<PeriodRow>,
    pub holidays: Vec<HolidayRow>,
}
