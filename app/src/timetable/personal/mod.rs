//! «Расписание»: one week of dated lessons for a pupil (whole-class lessons, their own groups'
//! and stream lessons), a parent's child, a teacher (their own and any other teacher's), a class
//! or a room; the current lesson by the bells; substitutions marked. iCal export and a private
//! subscription URL a calendar app polls.
//!
//! - `types`: the week as the page sees it
//! - `api`: server functions (each asks the policy first)
//! - `server` (server only): the queries; `ical` (server only): RFC 5545 text; `feed` (server
//!   only): the `.ics` downloads and subscriptions the host serves
//! - `components`: the page

pub mod api;
pub mod components;
pub mod types;

#[cfg(feature = "ssr")]
pub mod feed;
#[cfg(feature = "ssr")]
pub mod ical;
#[cfg(feature = "ssr")]
pub mod server;
