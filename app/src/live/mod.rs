//! Live updates: a change is committed, then published under a topic; every open screen that
//! watches the topic hears of it within a fraction of a second and fetches what changed through
//! its own (authorized) server function. Events carry nothing but the topic, so the stream itself
//! never leaks data.
//!
//! - `publish` (server): after the transaction commits. On PostgreSQL it goes through
//!   `pg_notify`, so every Parta process on the database hears it (each listens on one channel);
//!   on SQLite (one process) it goes straight to this process's subscribers.
//! - `/live?topic=…` (the host's SSE route): the browser's `EventSource`; a topic's school must be
//!   one of the viewer's schools.
//! - `use_live` (component): a counter that ticks on every event of the topic and after every
//!   reconnect (a screen catches up then: events sent while it was away are not replayed).
//!
//! Topics read `<kind>:<school_id>:<rest>`, e.g. `journal:3:12:5`.

mod client;
#[cfg(feature = "ssr")]
mod hub;

pub use client::{use_live, use_live_topics};
#[cfg(feature = "ssr")]
pub use hub::{authorize_topics, publish, LiveHub};

/// Sent to every subscriber when events may have been missed (the listener reconnected to the
/// database, or a slow client lagged behind): every screen fetches its changes.
pub const RESYNC: &str = "*";

/// The most topics one stream carries (a class summary watches every subject of its class).
pub const MAX_TOPICS: usize = 32;

/// The longest topic accepted (PostgreSQL's NOTIFY payload limit is far above it).
pub const MAX_TOPIC_LEN: usize = 200;

/// The school a topic belongs to: its second segment.
pub fn topic_school(topic: &str) -> Option<i64> {
    let mut parts = topic.split(':');
    let kind = parts.next()?;
    let school = parts.next()?;
    if kind.is_empty() || topic.len() > MAX_TOPIC_LEN || !topic.bytes().all(|b| b.is_ascii_graphic()) {
        return None;
    }
    school.parse().ok().filter(|id: &i64| *id > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_topic_names_its_school() {
        assert_eq!(topic_school("journal:3:12:5"), Some(3));
        assert_eq!(topic_school("timetable:17"), Some(17));
    }

    #[test]
    fn malformed_topics_have_no_school() {
        for bad in ["", "journal", ":3:1", "journal:x:1", "journal:-3", "journal:0:1", "journal:3 :1", "journal:3:ё"] {
            assert_eq!(topic_school(bad), None, "{bad:?}");
        }
        assert_eq!(topic_school(&format!("journal:3:{}", "1".repeat(MAX_TOPIC_LEN))), None);
    }
}
