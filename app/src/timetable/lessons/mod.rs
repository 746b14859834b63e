//! Dated lessons: the weekly template (`timetable_entries`) laid onto the calendar of a school
//! year — every week of every reporting period, holidays skipped, alternating weeks honoured.
//!
//! - `calendar`: pure — which dates a template row gives (week parity, periods, holidays)
//! - `holidays`: the usual Russian school holidays and public holidays of a school year
//! - `server` (server only): `sync_entries` for the timetable editor, `regenerate_year` for the
//!   demo and imports, holidays in the database

pub mod calendar;
pub mod holidays;

#[cfg(feature = "ssr")]
pub mod server;
