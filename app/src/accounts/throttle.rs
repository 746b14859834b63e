//! Slowing down repeated wrong passwords. Counted per login, known or not, so the slowdown
//! itself tells nothing about which logins exist.

/// Failures that cost nothing; from the next one on, the login waits.
pub const FREE_FAILURES: i64 = 4;
/// A quiet hour forgives old failures.
pub const WINDOW_SECS: i64 = 3600;
const FIRST_DELAY_SECS: i64 = 30;
const MAX_DELAY_SECS: i64 = 900;

/// How long this login must wait before another attempt, if at all.
pub fn retry_after(failures: i64, last_failed_at: i64, now: i64) -> Option<u32> {
    if failures <= FREE_FAILURES || now - last_failed_at >= WINDOW_SECS {
        return None;
    }
    let doublings = (failures - FREE_FAILURES - 1).min(10) as u32;
    let delay = (FIRST_DELAY_SECS << doublings).min(MAX_DELAY_SECS);
    let remaining = last_failed_at + delay - now;
    (remaining > 0).then_some(remaining as u32)
}

#[cfg(feature = "ssr")]
pub use server_side::*;

#[cfg(feature = "ssr")]
mod server_side {
    use super::WINDOW_SECS;
    use crate::context::ServerContext;
    use crate::db::{now, Row};
    use crate::error::AppError;

    /// Seconds this login must still wait, if any.
    pub async fn check(ctx: &ServerContext, login: &str) -> Result<Option<u32>, AppError> {
        let row = ctx
            .db
            .query("SELECT failures, last_failed_at FROM sign_in_failures WHERE login = $1")
            .bind(login.to_string())
            .fetch_optional(ctx.db.pool())
            .await?;
        Ok(match row {
            Some(r) => super::retry_after(r.try_get("failures")?, r.try_get("last_failed_at")?, now()),
            None => None,
        })
    }

    pub async fn record_failure(ctx: &ServerContext, login: &str) -> Result<(), AppError> {
        let t = now();
        ctx.db
            .query(
                "INSERT INTO sign_in_failures (login, failures, last_failed_at) VALUES ($1, 1, $2) \
                 ON CONFLICT (login) DO UPDATE SET \
                   failures = CASE WHEN sign_in_failures.last_failed_at < $3 THEN 1 \
                                   ELSE sign_in_failures.failures + 1 END, \
                   last_failed_at = $2",
            )
            .bind(login.to_string())
            .bind(t)
            .bind(t - WINDOW_SECS)
            .execute(ctx.db.pool())
            .await?;
        Ok(())
    }

    pub async fn clear(ctx: &ServerContext, login: &str) -> Result<(), AppError> {
        ctx.db
            .query("DELETE FROM sign_in_failures WHERE login = $1")
            .bind(login.to_string())
            .execute(ctx.db.pool())
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_failures_are_free() {
        for n in 0..=FREE_FAILURES {
            assert_eq!(retry_after(n, 1000, 1000), None);
        }
    }

    #[test]
    fn the_wait_doubles_and_is_capped() {
        assert_eq!(retry_after(5, 1000, 1000), Some(30));
        assert_eq!(retry_after(6, 1000, 1000), Some(60));
        assert_eq!(retry_after(7, 1000, 1010), Some(110));
        assert_eq!(retry_after(40, 1000, 1000), Some(900));
    }

    #[test]
    fn the_wait_ends() {
        assert_eq!(retry_after(5, 1000, 1030), None);
        assert_eq!(retry_after(9, 1000, 1000 + WINDOW_SECS), None);
    }
}
