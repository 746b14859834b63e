//! The teacher's journal. Today: the start page listing what the teacher teaches.

pub mod api;
pub mod components;
pub mod types;

#[cfg(feature = "ssr")]
pub mod queries;
