//! Connections for the few short reads every request makes — the session, a grid's versions —
//! kept beside sqlx's pool (ssr only).
//!
//! Why not the pool: sqlx 0.8 pings every connection it takes back (`return_to_pool`, with no
//! option to skip it), and on PostgreSQL also before handing one out. For a one-row read that
//! doubles or triples the trips: to SQLite's worker thread (a futex wake and two context
//! switches each way) or over PostgreSQL's socket. Measured on the grid page, the handing to and
//! fro was a fifth of the server's CPU. Here a connection whose query finished goes back as it
//! is; one whose query failed or was cut short (the request went away) is closed instead, which
//! is what the ping is there to catch.

use sqlx::any::{AnyArguments, AnyRow};
use sqlx::{Any, AnyConnection, Connection};
use std::sync::Mutex;
use tokio::sync::Semaphore;

/// A bound query, made again when a read must be asked twice (arguments cannot be cloned).
pub type ReadQuery = sqlx::query::Query<'static, Any, AnyArguments<'static>>;

/// How many connections the short reads share. They hold one for a single statement, so a
/// few serve a busy server; PostgreSQL counts them on top of the pool's.
const READERS: usize = 4;

pub(super) struct Readers {
    url: String,
    setup: Option<&'static str>,
    idle: Mutex<Vec<AnyConnection>>,
    permits: Semaphore,
}

impl Readers {
    /// `setup` runs once on each new connection (SQLite's pragmas).
    pub(super) fn new(url: &str, setup: Option<&'static str>) -> Readers {
        Readers { url: url.to_string(), setup, idle: Mutex::new(Vec::new()), permits: Semaphore::new(READERS) }
    }

    pub(super) async fn fetch_all(&self, query: impl Fn() -> ReadQuery) -> Result<Vec<AnyRow>, sqlx::Error> {
        let _permit = self.permits.acquire().await.map_err(|_| sqlx::Error::PoolClosed)?;
        if let Some(conn) = self.idle.lock().ok().and_then(|mut idle| idle.pop()) {
            match self.run(conn, query()).await {
                // A kept connection the database has ended meanwhile (PostgreSQL restarted, an
                // administrator ended it; it may say so as a FATAL database error or just close):
                // the pool's ping would have caught it before the query. A read changes nothing,
                // so it is asked again on a new connection; a bad query fails there too.
                Err(e) => tracing::info!(error = %e, "a read on a kept connection failed; reading on a new one"),
                done => return done,
            }
        }
        self.run(self.connect().await?, query()).await
    }

    async fn run(&self, conn: AnyConnection, query: ReadQuery) -> Result<Vec<AnyRow>, sqlx::Error> {
        let mut held = Held { conn: Some(conn), readers: self, finished: false };
        let conn = held.conn.as_mut().expect("a connection is held until dropped");
        let rows = query.fetch_all(conn).await?;
        held.finished = true;
        Ok(rows)
    }

    async fn connect(&self) -> Result<AnyConnection, sqlx::Error> {
        let mut conn = AnyConnection::connect(&self.url).await?;
        if let Some(setup) = self.setup {
            sqlx::Executor::execute(&mut conn, setup).await?;
        }
        Ok(conn)
    }
}

/// A connection on loan: back to the idle ones when its query finished, closed otherwise.
struct Held<'a> {
    conn: Option<AnyConnection>,
    readers: &'a Readers,
    finished: bool,
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        if let (true, Some(conn)) = (self.finished, self.conn.take()) {
            if let Ok(mut idle) = self.readers.idle.lock() {
                idle.push(conn);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::db::Db;

    fn file_url(name: &str) -> (tempdir::Dir, String) {
        let dir = tempdir::Dir::new(name);
        let url = format!("sqlite://{}/t.db?mode=rwc", dir.0.display());
        (dir, url)
    }

    /// A throwaway directory, removed when dropped.
    mod tempdir {
        pub struct Dir(pub std::path::PathBuf);
        impl Dir {
            pub fn new(name: &str) -> Dir {
                let path = std::env::temp_dir().join(format!("parta-reads-{name}-{}", std::process::id()));
                let _ = std::fs::remove_dir_all(&path);
                std::fs::create_dir_all(&path).unwrap();
                Dir(path)
            }
        }
        impl Drop for Dir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.0);
            }
        }
    }

    #[tokio::test]
    async fn a_read_sees_what_the_pool_wrote_and_reuses_its_connection() {
        let (_dir, url) = file_url("reuse");
        let db = Db::connect(&url, 2).await.unwrap();
        db.execute("CREATE TABLE t (n INTEGER)").await.unwrap();
        db.query("INSERT INTO t (n) VALUES ($1)").bind(7_i64).execute(db.pool()).await.unwrap();
        let rows = db.read_all(|| db.query("SELECT n FROM t WHERE n = $1").bind(7_i64)).await.unwrap();
        assert_eq!(rows.len(), 1);
        // Written after the first read: the kept connection sees it too (no stale snapshot).
        db.query("INSERT INTO t (n) VALUES ($1)").bind(7_i64).execute(db.pool()).await.unwrap();
        let rows = db.read_all(|| db.query("SELECT n FROM t WHERE n = $1").bind(7_i64)).await.unwrap();
        assert_eq!(rows.len(), 2);
        let readers = db.readers.as_ref().expect("a file database has readers");
        assert_eq!(readers.idle.lock().unwrap().len(), 1, "one connection served both reads and went back");
        // The reader got SQLite's pragmas: foreign keys are on.
        let on = db.read_all(|| db.query("PRAGMA foreign_keys")).await.unwrap();
        assert_eq!(sqlx::Row::try_get::<i64, _>(&on[0], 0).unwrap(), 1);
    }

    #[tokio::test]
    async fn a_failed_read_closes_its_connection_instead_of_keeping_it() {
        let (_dir, url) = file_url("failed");
        let db = Db::connect(&url, 2).await.unwrap();
        db.read_all(|| db.query("SELECT 1")).await.unwrap();
        let readers = db.readers.as_ref().unwrap();
        assert_eq!(readers.idle.lock().unwrap().len(), 1);
        let err = db.read_all(|| db.query("SELECT * FROM no_such_table")).await.err().expect("a missing table fails");
        assert!(err.to_string().contains("no_such_table"), "{err}");
        assert_eq!(readers.idle.lock().unwrap().len(), 0, "the connection of a failed read is not handed out again");
        // And the next read opens a fresh one.
        db.read_all(|| db.query("SELECT 1")).await.unwrap();
        assert_eq!(readers.idle.lock().unwrap().len(), 1);
    }

    #[tokio::test]
    async fn an_abandoned_read_closes_its_connection() {
        let (_dir, url) = file_url("abandoned");
        let db = Db::connect(&url, 2).await.unwrap();
        db.read_all(|| db.query("SELECT 1")).await.unwrap();
        // A request that goes away mid-query: its future is dropped after its first poll.
        let slow = db.read_all(|| db.query(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000000) SELECT COUNT(*) FROM n",
        ));
        let cut = tokio::time::timeout(std::time::Duration::from_millis(1), slow).await;
        assert!(cut.is_err(), "the read was meant to be cut short");
        let readers = db.readers.as_ref().unwrap();
        assert_eq!(readers.idle.lock().unwrap().len(), 0);
        let rows = db.read_all(|| db.query("SELECT 2")).await.unwrap();
        assert_eq!(sqlx::Row::try_get::<i64, _>(&rows[0], 0).unwrap(), 2);
    }

    #[tokio::test]
    async fn an_in_memory_database_reads_through_the_pool() {
        // Every connection to `sqlite::memory:` is a database of its own: a reader beside the
        // pool would see none of its tables.
        let db = Db::connect("sqlite::memory:", 1).await.unwrap();
        assert!(db.readers.is_none());
        db.execute("CREATE TABLE t (n INTEGER)").await.unwrap();
        let rows = db.read_all(|| db.query("SELECT n FROM t")).await.unwrap();
        assert!(rows.is_empty());
    }
}
