//! Slowing down repeated wrong passwords. Counted per login, known or not, so the slowdown
//! itself tells nothing about which logins exist.

/// Failures that cost nothing; from the next one on, the login waits.
pub const FREE_FAILURES: i64 = 4;
/// A quiet hour forgives old failures.
pub const WINDOW_SECS: i64 = 3600;
const FIRST_DELAY_SECS: i64 = 30;
const MAX_DELAY_SECS: i64 = 900;

/// The wait after `failures` failures in a row: none for the free ones, then 30 s doubling up
/// to 15 minutes.
pub fn delay_secs(failures: i64) -> i64 {
    if failures <= FREE_FAILURES {
        return 0;
    }
    let doublings = (failures - FREE_FAILURES - 1).min(10) as u32;
    (FIRST_DELAY_SECS << doublings).min(MAX_DELAY_SECS)
}

/// How long this login must wait before another attempt, if at all.
pub fn retry_after(failures: i64, last_failed_at: i64, now: i64) -> Option<u32> {
    if failures <= FREE_FAILURES || now - last_failed_at >= WINDOW_SECS {
        return None;
    }
    let remaining = last_failed_at + delay_secs(failures) - now;
    (remaining > 0).then_some(remaining as u32)
}

/// `delay_secs` as SQL over `sign_in_failures.failures`, so the database decides with the same
/// numbers in the same statement that counts the attempt.
pub fn delay_sql() -> String {
    let mut sql = format!("CASE WHEN sign_in_failures.failures <= {FREE_FAILURES} THEN 0");
    let mut n = FREE_FAILURES + 1;
    while delay_secs(n) < MAX_DELAY_SECS {
        sql.push_str(&format!(" WHEN sign_in_failures.failures = {n} THEN {}", delay_secs(n)));
        n += 1;
    }
    sql.push_str(&format!(" ELSE {MAX_DELAY_SECS} END"));
    sql
}

#[cfg(feature = "ssr")]
pub use server_side::*;

#[cfg(feature = "ssr")]
mod server_side {
    use super::WINDOW_SECS;
    use crate::context::ServerContext;
    use crate::db::{now, Row};
    use crate::error::AppError;

    use std::sync::OnceLock;

    /// Claims one attempt at `login`: counted as a failure before the password is even looked
    /// at, in one statement that counts it only if the login may try now. Simultaneous guesses
    /// therefore queue on the row, and a burst gets exactly the free attempts, not one each.
    /// `Err(seconds)`: the login must wait (the attempt is not counted). A right password then
    /// calls `clear`.
    pub async fn claim(ctx: &ServerContext, login: &str) -> Result<Result<(), u32>, AppError> {
        static SQL: OnceLock<String> = OnceLock::new();
        let sql: &'static str = SQL.get_or_init(|| {
            format!(
                "INSERT INTO sign_in_failures (login, failures, last_failed_at) VALUES ($1, 1, $2) \
                 ON CONFLICT (login) DO UPDATE SET \
                   failures = CASE WHEN sign_in_failures.last_failed_at <= $3 THEN 1 \
                                   ELSE sign_in_failures.failures + 1 END, \
                   last_failed_at = $2 \
                 WHERE sign_in_failures.last_failed_at <= $3 \
                    OR sign_in_failures.last_failed_at + ({}) <= $2 \
                 RETURNING failures",
                super::delay_sql()
            )
        });
        let t = now();
        let counted =
            ctx.db.query(sql).bind(login.to_string()).bind(t).bind(t - WINDOW_SECS).fetch_optional(ctx.db.pool()).await?;
        if counted.is_some() {
            return Ok(Ok(()));
        }
        let row = ctx
            .db
            .query("SELECT failures, last_failed_at FROM sign_in_failures WHERE login = $1")
            .bind(login.to_string())
            .fetch_optional(ctx.db.pool())
            .await?;
        let wait = match row {
            Some(r) => super::retry_after(r.try_get("failures")?, r.try_get("last_failed_at")?, t),
            None => None,
        };
        Ok(Err(wait.unwrap_or(1)))
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
    fn the_sql_waits_as_long_as_the_rule() {
        let sql = delay_sql();
        for n in 0..=40 {
            let expected = delay_secs(n);
            let stated = if n <= FREE_FAILURES {
                sql.contains(&format!("failures <= {FREE_FAILURES} THEN 0"))
            } else if expected < MAX_DELAY_SECS {
                sql.contains(&format!("failures = {n} THEN {expected}"))
            } else {
                !sql.contains(&format!("failures = {n} THEN")) && sql.ends_with(&format!("ELSE {expected} END"))
            };
            assert!(stated, "{n} failures: {expected} s, in {sql}");
        }
    }

    #[test]
    fn the_wait_ends() {
        assert_eq!(retry_after(5, 1000, 1030), None);
        assert_eq!(retry_after(9, 1000, 1000 + WINDOW_SECS), None);
    }
}
