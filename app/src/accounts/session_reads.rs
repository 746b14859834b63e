//! Server-only: the session reads of requests that arrive together, gathered into one statement.
//!
//! Every request starts with its session (`session::lookup_token`): the session, its person,
//! their roles and the active school's numbers, in one query over ten relations. Under load
//! most of that query's cost is not its few index lookups but what comes with any statement:
//! the round trip, and on PostgreSQL the executor's set-up of a ten-relation plan (measured:
//! about 35 µs executing, over 100 µs of PostgreSQL's CPU in all, per request). So the reads are
//! gathered: a request queues its token; one reader at a time takes everything queued, reads
//! all those sessions in one statement and hands each request its own rows. While a statement
//! runs, newcomers queue for the next one; a lone request is read at once, as before.
//!
//! Never older than the request: a statement takes only the tokens queued before it begins, so
//! each request's session is read by a statement begun after the request arrived, and sees
//! every write committed before — exactly what a statement of its own would see.

use crate::db::{now, Backend, Db, Row};
use crate::error::AppError;
use sqlx::any::AnyRow;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::oneshot;

/// At most this many sessions in one statement; the rest wait for the next.
const MOST: usize = 64;

/// The rows of one session (a row per role), or why the statement failed.
type Answer = Result<Vec<AnyRow>, Arc<sqlx::Error>>;

/// The queue of session reads; one per process (in `ServerContext`).
#[derive(Clone, Default)]
pub struct SessionReads(Arc<Inner>);

#[derive(Default)]
struct Inner {
    queue: Mutex<Queue>,
    /// Statements run so far (each read the sessions of one or more requests).
    statements: AtomicU64,
}

#[derive(Default)]
struct Queue {
    waiting: Vec<(String, oneshot::Sender<Answer>)>,
    /// A reader is taking the queue: it reads until the queue is empty. One at a time: two
    /// readers were measured slower (grid page p99 40–48 ms against 26–28 ms in the same runs
    /// on PostgreSQL), their statements competing with the pages for the same two cores.
    reading: bool,
}

/// The session, its person, and every role they hold with each role's school numbers; a row
/// per role, keyed by `token_hash`. Followed by the backend's test for the list of hashes in
/// `$1` (`token_list`); `$2` is now.
macro_rules! sessions_of {
    ($in_list:literal) => {
        concat!(
            "SELECT s.token_hash, s.account_id, a.person_id, a.state, s.role_grant_id, s.last_seen_at, \
                    p.surname, p.name, p.patronymic, \
                    (CASE WHEN a.esia_offer_skipped = 0 \
                           AND EXISTS (SELECT 1 FROM esia_offers o WHERE o.token_hash = s.token_hash) \
                           AND NOT EXISTS (SELECT 1 FROM esia_links l WHERE l.account_id = a.id) \
                          THEN 1 ELSE 0 END) AS esia_offer, \
                    g.id, g.role, g.region_id, g.school_id, COALESCE(sc.short_name, r.name) AS place, \
                    (SELECT st.stamp FROM school_stamps st WHERE st.school_id = g.school_id) AS school_stamp, \
                    (SELECT jr.revision FROM journal_revisions jr WHERE jr.school_id = g.school_id) AS journal_revision \
             FROM sessions s \
             JOIN accounts a ON a.id = s.account_id \
             JOIN people p ON p.id = a.person_id \
             JOIN role_grants g ON g.person_id = a.person_id \
             JOIN regions r ON r.id = g.region_id \
             LEFT JOIN schools sc ON sc.id = g.school_id \
             WHERE ",
            $in_list,
            " AND s.expires_at > $2 AND a.state <> 'blocked'"
        )
    };
}

const SESSIONS_POSTGRES: &str = sessions_of!("s.token_hash = ANY (string_to_array($1, ','))");
const SESSIONS_SQLITE: &str = sessions_of!("s.token_hash IN (SELECT value FROM json_each($1))");

/// The hashes as the statement's `$1`: comma-separated for PostgreSQL's `string_to_array`, a
/// JSON array for SQLite's `json_each`. Hashes are lowercase hex, so neither needs escaping.
fn token_list(backend: Backend, hashes: &[&str]) -> String {
    match backend {
        Backend::Postgres => hashes.join(","),
        Backend::Sqlite => format!("[\"{}\"]", hashes.join("\",\"")),
    }
}

impl SessionReads {
    /// The rows of the session whose token hashes to `hash` (none: no such live session).
    pub async fn rows(&self, db: &Db, hash: String) -> Result<Vec<AnyRow>, AppError> {
        let (answer, answered) = oneshot::channel();
        let start_reader = {
            let mut queue = self.0.queue.lock().map_err(|_| AppError::internal("sessions", "the queue's lock is poisoned"))?;
            queue.waiting.push((hash, answer));
            !std::mem::replace(&mut queue.reading, true)
        };
        if start_reader {
            // Its own task: a request that goes away must not take the others' read with it.
            let (reads, db) = (self.clone(), db.clone());
            tokio::spawn(async move { reads.read_queued(&db).await });
        }
        match answered.await {
            Ok(Ok(rows)) => Ok(rows),
            Ok(Err(e)) => Err(AppError::internal("sessions", e)),
            Err(_) => Err(AppError::internal("sessions", "the session read ended without an answer")),
        }
    }

    /// How many statements have read sessions so far (fewer than the requests, under load).
    pub fn statements(&self) -> u64 {
        self.0.statements.load(Ordering::Relaxed)
    }

    /// Reads what is queued, statement by statement, until the queue is empty.
    async fn read_queued(&self, db: &Db) {
        // Should a read panic, the queue is given up (its requests fail) rather than left
        // waiting for a reader that is gone.
        let _unstick = Unstick(self);
        loop {
            let batch: Vec<(String, oneshot::Sender<Answer>)> = {
                let Ok(mut queue) = self.0.queue.lock() else { return };
                if queue.waiting.is_empty() {
                    queue.reading = false;
                    return;
                }
                let n = queue.waiting.len().min(MOST);
                queue.waiting.drain(..n).collect()
            };
            let mut hashes: Vec<&str> = batch.iter().map(|(hash, _)| hash.as_str()).collect();
            hashes.sort_unstable();
            hashes.dedup();
            self.0.statements.fetch_add(1, Ordering::Relaxed);
            match read(db, &hashes).await {
                Ok(by_hash) => {
                    for (hash, answer) in batch {
                        // Cloned, not taken: one session may be asked for by several requests
                        // at once (a browser's parallel requests), and each gets all its rows.
                        let rows = by_hash.get(&hash).cloned().unwrap_or_default();
                        let _ = answer.send(Ok(rows));
                    }
                }
                Err(e) => {
                    let e = Arc::new(e);
                    for (_, answer) in batch {
                        let _ = answer.send(Err(e.clone()));
                    }
                }
            }
        }
    }
}

/// One statement for the sessions of `hashes`, its rows by token hash.
async fn read(db: &Db, hashes: &[&str]) -> Result<HashMap<String, Vec<AnyRow>>, sqlx::Error> {
    let list = token_list(db.backend(), hashes);
    let t = now();
    let statement = match db.backend() {
        Backend::Postgres => SESSIONS_POSTGRES,
        Backend::Sqlite => SESSIONS_SQLITE,
    };
    let rows = db.read_all(|| db.query(statement).bind(list.clone()).bind(t)).await?;
    let mut by_hash: HashMap<String, Vec<AnyRow>> = HashMap::with_capacity(hashes.len());
    for row in rows {
        by_hash.entry(row.try_get("token_hash")?).or_default().push(row);
    }
    Ok(by_hash)
}

/// On a panic in the reader: the queue's requests are answered with an error (their channels
/// close) and the next request starts a new reader.
struct Unstick<'a>(&'a SessionReads);

impl Drop for Unstick<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            if let Ok(mut queue) = self.0 .0.queue.lock() {
                queue.waiting.clear();
                queue.reading = false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_list_is_what_each_backend_splits() {
        assert_eq!(token_list(Backend::Postgres, &["ab", "cd"]), "ab,cd");
        assert_eq!(token_list(Backend::Sqlite, &["ab", "cd"]), "[\"ab\",\"cd\"]");
        assert_eq!(token_list(Backend::Sqlite, &["ab"]), "[\"ab\"]");
    }
}
