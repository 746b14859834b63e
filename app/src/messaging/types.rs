//! Shared messaging types.

use serde::{Deserialize, Serialize};

/// One outbound message as the school admin sees it in «Исходящие сообщения».
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub id: i64,
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    /// «22.11.2026 14:25», Moscow time.
    pub created: String,
}

/// Unix seconds → «22.11.2026 14:25» in Moscow time (UTC+3, no daylight saving since 2014).
pub fn moscow_time(unix_secs: i64) -> String {
    chrono::DateTime::from_timestamp(unix_secs + 3 * 3600, 0)
        .map(|t| t.format("%d.%m.%Y %H:%M").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn moscow_time_is_utc_plus_three() {
        // 2026-11-22 11:25:00 UTC
        assert_eq!(super::moscow_time(1_795_346_700), "22.11.2026 14:25");
    }
}
