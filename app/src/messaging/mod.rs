//! Messages to people outside the browser: e-mail and SMS.
//!
//! Nothing is sent from a request. A server function queues the message in the `outbox` table
//! inside its own transaction (`outbox::queue_email`, `outbox::queue_sms`), so a message exists
//! only if the change it announces was committed; the host's background worker delivers it,
//! retries failures, and records the outcome in the same row for operators to read.

pub mod api;
pub mod components;
pub mod types;

#[cfg(feature = "ssr")]
pub mod outbox;
