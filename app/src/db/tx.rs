//! A write transaction that knows where it began (ssr only).
//!
//! On SQLite one transaction holds the only write lock: while it is open every other write of
//! the school waits, and after the busy timeout fails with "database is locked". So each open
//! transaction is registered with the line that began it; `report_long_transactions` names any
//! held longer than a few seconds, and a transaction that ends late says how long it was held.

use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, Transaction};
use std::collections::HashMap;
use std::ops::{Deref, DerefMut};
use std::panic::Location;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// Held longer than this, a transaction is named in the log.
pub const LONG: Duration = Duration::from_secs(2);

struct Open {
    at: &'static Location<'static>,
    since: Instant,
    reported: bool,
}

fn open() -> &'static Mutex<HashMap<u64, Open>> {
    static OPEN: OnceLock<Mutex<HashMap<u64, Open>>> = OnceLock::new();
    OPEN.get_or_init(Default::default)
}

/// A transaction begun by `Db::begin`: use `&mut *tx` as the connection, then `commit`.
/// Dropped without `commit`, it rolls back.
pub struct Tx {
    inner: Option<Transaction<'static, Any>>,
    id: u64,
    _held: super::held::Mark,
}

impl Tx {
    pub(super) fn new(inner: Transaction<'static, Any>, at: &'static Location<'static>) -> Tx {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        let id = NEXT.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut map) = open().lock() {
            map.insert(id, Open { at, since: Instant::now(), reported: false });
        }
        Tx { inner: Some(inner), id, _held: super::held::Mark::new(at) }
    }

    pub async fn commit(mut self) -> Result<(), sqlx::Error> {
        let inner = self.inner.take().expect("a transaction is committed once");
        inner.commit().await
    }

    pub async fn rollback(mut self) -> Result<(), sqlx::Error> {
        let inner = self.inner.take().expect("a transaction is rolled back once");
        inner.rollback().await
    }
}

impl Drop for Tx {
    fn drop(&mut self) {
        let Some(done) = open().lock().ok().and_then(|mut map| map.remove(&self.id)) else { return };
        let held = done.since.elapsed();
        if held >= LONG {
            tracing::warn!(at = %done.at, held_ms = held.as_millis() as u64, "a transaction held the database long");
        }
    }
}

impl Deref for Tx {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        self.inner.as_deref().expect("an open transaction")
    }
}

impl DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        self.inner.as_deref_mut().expect("an open transaction")
    }
}

/// A pool connection taken by `Db::acquire` for several statements: use `&mut *conn` (or
/// `&mut conn`) as the connection; it goes back to the pool when dropped.
pub struct Conn {
    inner: PoolConnection<Any>,
    _held: super::held::Mark,
}

impl Conn {
    pub(super) fn new(inner: PoolConnection<Any>, at: &'static Location<'static>) -> Conn {
        Conn { inner, _held: super::held::Mark::new(at) }
    }
}

impl Deref for Conn {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.inner
    }
}

impl DerefMut for Conn {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.inner
    }
}

/// The transactions open longer than `LONG` that were not named yet: where they began and for
/// how long. A stuck one is named once, and again when it finally ends.
pub fn long_transactions() -> Vec<(&'static Location<'static>, Duration)> {
    let Ok(mut map) = open().lock() else { return vec![] };
    map.values_mut()
        .filter(|o| !o.reported && o.since.elapsed() >= LONG)
        .map(|o| {
            o.reported = true;
            (o.at, o.since.elapsed())
        })
        .collect()
}

/// Logs, every second, each transaction that is being held too long — so a request that holds
/// the write lock while waiting on something else is named while it happens, not after.
pub async fn report_long_transactions() {
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    loop {
        tick.tick().await;
        for (at, held) in long_transactions() {
            tracing::warn!(%at, held_ms = held.as_millis() as u64, "a transaction is still open");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_transaction_is_registered_while_open_and_named_when_held_long() {
        let db = crate::db::Db::connect("sqlite::memory:", 1).await.unwrap();
        let tx = db.begin().await.unwrap();
        let line = line!() - 1;
        let mine = |map: &HashMap<u64, Open>| map.get(&tx.id).map(|o| (o.at.file().to_string(), o.at.line()));
        assert_eq!(mine(&open().lock().unwrap()), Some((file!().to_string(), line)));
        // Backdate it: long_transactions names it once.
        open().lock().unwrap().get_mut(&tx.id).unwrap().since -= LONG;
        let named = long_transactions();
        assert!(named.iter().any(|(at, _)| at.line() == line && at.file() == file!()), "{named:?}");
        assert!(!long_transactions().iter().any(|(at, _)| at.line() == line && at.file() == file!()));
        let id = tx.id;
        tx.commit().await.unwrap();
        assert!(!open().lock().unwrap().contains_key(&id), "a committed transaction is forgotten");
    }
}
