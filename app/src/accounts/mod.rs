//! Accounts: people's logins, sessions, roles and the sign-in form.
//!
//! - `types`: shared (`Me`, `Grant`, `RoleKind`)
//! - `api`: server functions
//! - `session` (with `session_reads`, which gathers the session reads of requests arriving
//!   together), `password`, `throttle`: server-only
//! - `activation`: the first-sign-in wizard; `settings`: «Настройки» → «Безопасность»
//! - `components`: the sign-in page and the account part of the shell

pub mod activation;
pub mod api;
pub mod components;
pub mod contacts;
pub mod password_rules;
pub mod recovery;
pub mod settings;
pub mod snils;
pub mod throttle;
pub mod types;

#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod session_reads;
