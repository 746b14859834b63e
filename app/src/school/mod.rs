//! The school: its card, year and periods, classes; and the region above it.

pub mod api;
pub mod components;
pub mod types;

#[cfg(feature = "ssr")]
pub mod queries;
