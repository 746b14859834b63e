//! The diary: what pupils and their parents see. Today: the start pages.

pub mod api;
pub mod components;
pub mod types;

#[cfg(feature = "ssr")]
pub mod queries;
