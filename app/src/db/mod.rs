//! The database handle shared by every server-only query (ssr only).
//!
//! One `sqlx::AnyPool` serves SQLite and PostgreSQL. Queries are written once, in PostgreSQL's
//! `$1` placeholder style; for SQLite they are rewritten to its numbered `?1` form, once per
//! distinct statement (cached), because SQLite would number `$n` by first appearance instead.
//! Portable types only: i64, String, Option of those (the Any driver has no dates or booleans).

use sqlx::any::{AnyPoolOptions, AnyQueryResult, AnyRow};
use sqlx::AnyPool;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock, RwLock};

pub use sqlx::Row;

pub mod held;
mod reads;
mod tx;
pub use reads::ReadQuery;
pub use tx::{report_long_transactions, Conn, Tx};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }
}

#[derive(Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    /// The short reads' own connections (see `read_all`); none for an in-memory SQLite.
    readers: Option<Arc<reads::Readers>>,
}

/// How long a request waits for a pool connection before it is told the server is busy.
pub const ACQUIRE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Set on every SQLite connection: WAL, a busy timeout and foreign keys.
const SQLITE_SETUP: &str =
    "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000;";

/// An in-memory SQLite is a database per connection: everything must go through the pool.
fn in_memory(url: &str) -> bool {
    url.contains(":memory:") || url.contains("mode=memory")
}

impl Db {
    /// Opens the pool; SQLite gets WAL, a busy timeout and foreign keys on every connection.
    /// The busy timeout is generous because SQLite has one writer: a bulk import holds the write
    /// lock for seconds, and a sign-in meanwhile should wait, not fail.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Db, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url).ok_or_else(|| {
            sqlx::Error::Configuration(format!("unsupported database URL scheme: {url}").into())
        })?;
        // A request that cannot get a connection within this is answered 503 with Retry-After
        // (`AppError::Busy`) instead of queueing for sqlx's default 30 s.
        let options = AnyPoolOptions::new().max_connections(max_connections).acquire_timeout(ACQUIRE_TIMEOUT);
        let options = match backend {
            // A SQLite connection is a file handle in this process and never goes stale, so
            // the ping sqlx sends before handing one out is a wasted trip to its worker thread
            // (a page takes several connections).
            Backend::Sqlite => options.test_before_acquire(false).after_connect(|conn, _meta| {
                Box::pin(async move {
                    use sqlx::Executor;
                    conn.execute(SQLITE_SETUP).await?;
                    Ok(())
                })
            }),
            Backend::Postgres => options,
        };
        let pool = options.connect(url).await?;
        let setup = (backend == Backend::Sqlite).then_some(SQLITE_SETUP);
        let readers = (!in_memory(url)).then(|| Arc::new(reads::Readers::new(url, setup)));
        Ok(Db { pool, backend, readers })
    }

    /// Runs one short read outside a transaction on a connection that skips the pool's pings:
    /// for the queries every request makes (the session, a grid's versions). `query` makes the
    /// bound query, again if a kept connection turned out dead. Anything longer, or several
    /// statements that must agree, takes the pool or a transaction.
    pub async fn read_all(&self, query: impl Fn() -> ReadQuery) -> Result<Vec<AnyRow>, sqlx::Error> {
        match &self.readers {
            Some(readers) => readers.fetch_all(query).await,
            None => {
                held::assert_none(std::panic::Location::caller());
                query().fetch_all(&self.pool).await
            }
        }
    }

    /// A transaction that writes. On SQLite it takes the write lock at BEGIN (IMMEDIATE): a
    /// deferred transaction that read first and writes later fails at once with "database is
    /// locked" when another connection wrote in between, and the busy timeout cannot help it.
    /// The caller's line is kept with it, to name a transaction held too long.
    #[track_caller]
    pub fn begin(&self) -> impl std::future::Future<Output = Result<Tx, sqlx::Error>> + Send + '_ {
        let at = std::panic::Location::caller();
        held::assert_none(at);
        async move {
            let inner = match self.backend {
                Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
                Backend::Postgres => self.pool.begin().await?,
            };
            Ok(Tx::new(inner, at))
        }
    }

    /// The pool, for one statement at a time (`.fetch_all(db.pool())`). Asking for it while this
    /// task holds a connection is refused in debug builds (see `held`): pass that one down.
    #[track_caller]
    pub fn pool(&self) -> &AnyPool {
        held::assert_none(std::panic::Location::caller());
        &self.pool
    }

    /// A connection of the pool for several statements in a row, held until dropped. Pass it
    /// (`&mut conn`) to whatever else the request reads meanwhile: asking the pool again while
    /// holding it can starve the pool (refused in debug builds, see `held`).
    #[track_caller]
    pub fn acquire(&self) -> impl std::future::Future<Output = Result<Conn, sqlx::Error>> + Send + '_ {
        let at = std::panic::Location::caller();
        held::assert_none(at);
        async move { Ok(Conn::new(self.pool.acquire().await?, at)) }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The statement in this backend's dialect.
    pub fn sql(&self, statement: &'static str) -> &'static str {
        match self.backend {
            Backend::Postgres => statement,
            Backend::Sqlite => sqlite_statement(statement),
        }
    }

    /// A query in this backend's dialect, ready for `.bind(...)`.
    pub fn query(
        &self,
        statement: &'static str,
    ) -> sqlx::query::Query<'static, sqlx::Any, sqlx::any::AnyArguments<'static>> {
        sqlx::query(self.sql(statement))
    }

    /// A query written twice, once per backend, where the dialects differ (`in_ids!`).
    pub fn query_per_backend(
        &self,
        postgres: &'static str,
        sqlite: &'static str,
    ) -> sqlx::query::Query<'static, sqlx::Any, sqlx::any::AnyArguments<'static>> {
        match self.backend {
            Backend::Postgres => sqlx::query(postgres),
            Backend::Sqlite => sqlx::query(sqlite_statement(sqlite)),
        }
    }

    /// A typed query in this backend's dialect.
    pub fn query_as<T>(
        &self,
        statement: &'static str,
    ) -> sqlx::query::QueryAs<'static, sqlx::Any, T, sqlx::any::AnyArguments<'static>>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        sqlx::query_as(self.sql(statement))
    }

    /// A single-value query in this backend's dialect.
    pub fn query_scalar<T>(
        &self,
        statement: &'static str,
    ) -> sqlx::query::QueryScalar<'static, sqlx::Any, T, sqlx::any::AnyArguments<'static>>
    where
        (T,): for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        sqlx::query_scalar(self.sql(statement))
    }

    #[track_caller]
    pub fn execute(&self, statement: &'static str) -> impl std::future::Future<Output = Result<AnyQueryResult, sqlx::Error>> + Send + '_ {
        let pool = self.pool();
        async move { self.query(statement).execute(pool).await }
    }
}

/// Ids as one bound value for `in_ids!`: «1,2,3». One statement reads the rows of a whole page
/// of people instead of one statement per row.
pub fn ids_param(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// `column IN (the ids bound as $n)`, as (PostgreSQL, SQLite) text for `Db::query_per_backend`:
/// `in_ids!("SELECT … WHERE ", "person_id", 2, " ORDER BY id")`, bound with `ids_param`.
#[macro_export]
macro_rules! in_ids {
    ($before:expr, $column:literal, $n:literal, $after:expr) => {
        (
            concat!($before, $column, " = ANY (string_to_array($", $n, ", ',')::bigint[])", $after),
            concat!($before, $column, " IN (SELECT value FROM json_each('[' || $", $n, " || ']'))", $after),
        )
    };
}

fn sqlite_statement(statement: &'static str) -> &'static str {
    static CACHE: OnceLock<RwLock<HashMap<(usize, usize), &'static str>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    // Statements are 'static literals: address and length together identify one exactly.
    // (An earlier `address ^ length` key let two statements collide and run each other's SQL.)
    let key = (statement.as_ptr() as usize, statement.len());
    if let Some(found) = cache.read().expect("statement cache").get(&key) {
        return found;
    }
    let rewritten: &'static str = Box::leak(dollar_to_question(statement).into_boxed_str());
    cache.write().expect("statement cache").insert(key, rewritten);
    rewritten
}

/// `$1` → `?1`, leaving string literals and `$$` bodies alone.
pub fn dollar_to_question(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_string = !in_string;
                out.push(c);
            }
            '$' if !in_string && chars.peek().is_some_and(|n| n.is_ascii_digit()) => out.push('?'),
            _ => out.push(c),
        }
    }
    out
}

/// Seconds since the Unix epoch: the one clock every stored instant uses.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_numbered_placeholders_for_sqlite() {
        assert_eq!(
            dollar_to_question("SELECT * FROM t WHERE a = $2 AND b = $1 AND c = $10"),
            "SELECT * FROM t WHERE a = ?2 AND b = ?1 AND c = ?10"
        );
    }

    #[test]
    fn leaves_literals_alone() {
        assert_eq!(dollar_to_question("SELECT '$1', $1"), "SELECT '$1', ?1");
        assert_eq!(dollar_to_question("SELECT $$ body $$"), "SELECT $$ body $$");
    }

    #[test]
    fn the_statement_cache_never_confuses_two_statements() {
        // Overlapping slices of one buffer: the old `address ^ length` key merged some of them.
        // Every distinct slice must come back as its own rewrite.
        let text: &'static str = Box::leak("SELECT $1; SELECT $2; SELECT $3".to_string().into_boxed_str());
        let mut seen = Vec::new();
        for start in 0..text.len() {
            for end in start + 1..=text.len() {
                if text.is_char_boundary(start) && text.is_char_boundary(end) {
                    let slice = &text[start..end];
                    seen.push((slice, sqlite_statement(slice)));
                }
            }
        }
        for (slice, rewritten) in seen {
            assert_eq!(rewritten, dollar_to_question(slice), "{slice}");
        }
    }

    #[test]
    fn recognises_backends_by_url() {
        assert_eq!(Backend::from_url("sqlite://data/parta.db"), Some(Backend::Sqlite));
        assert_eq!(Backend::from_url("postgres://u@h/db"), Some(Backend::Postgres));
        assert_eq!(Backend::from_url("mysql://x"), None);
    }
}
