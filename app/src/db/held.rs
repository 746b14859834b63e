//! Which task holds a pool connection, to catch a request that asks the pool for a second
//! connection while it holds one (debug builds; the test suite runs them).
//!
//! Holding one connection while waiting for another starves the pool: once as many requests as
//! the pool has connections are in that window, each waits for a connection only another of
//! them could give back, and the whole server stops until the acquire timeout (a people list at
//! 16 concurrent sessions did exactly that). Every way to the pool passes `Db::pool`, `Db::begin`
//! or `Db::acquire`, which call `assert_none` first; `Tx` and `Conn` carry a `Mark` while they
//! hold their connection. A connection and a nested acquire on it are polled by one tokio task
//! (Leptos runs each resource as a task of its own, a server function runs in the request's), so
//! the task's id is the key. Outside a tokio task (`block_on`) nothing is checked.

use std::panic::Location;

#[cfg(debug_assertions)]
mod registry {
    use std::collections::HashMap;
    use std::panic::Location;
    use std::sync::{Mutex, OnceLock};
    use tokio::task::Id;

    pub fn held() -> &'static Mutex<HashMap<Id, Vec<&'static Location<'static>>>> {
        static HELD: OnceLock<Mutex<HashMap<Id, Vec<&'static Location<'static>>>>> = OnceLock::new();
        HELD.get_or_init(Default::default)
    }
}

/// A held pool connection, registered under the task that holds it until dropped.
pub struct Mark {
    #[cfg(debug_assertions)]
    held: Option<(tokio::task::Id, &'static Location<'static>)>,
}

impl Mark {
    pub fn new(at: &'static Location<'static>) -> Mark {
        #[cfg(debug_assertions)]
        {
            let held = tokio::task::try_id().map(|task| (task, at));
            if let (Some((task, at)), Ok(mut map)) = (held, registry::held().lock()) {
                map.entry(task).or_default().push(at);
            }
            Mark { held }
        }
        #[cfg(not(debug_assertions))]
        {
            let _ = at;
            Mark {}
        }
    }
}

impl Drop for Mark {
    fn drop(&mut self) {
        #[cfg(debug_assertions)]
        if let (Some((task, at)), Ok(mut map)) = (self.held, registry::held().lock()) {
            if let Some(list) = map.get_mut(&task) {
                if let Some(i) = list.iter().position(|l| std::ptr::eq(*l, at)) {
                    list.swap_remove(i);
                }
                if list.is_empty() {
                    map.remove(&task);
                }
            }
        }
    }
}

/// Where the current task holds a pool connection, if it does (debug builds; `None` otherwise).
pub fn held_by_this_task() -> Option<&'static Location<'static>> {
    #[cfg(debug_assertions)]
    {
        let task = tokio::task::try_id()?;
        registry::held().lock().ok()?.get(&task).and_then(|list| list.first().copied())
    }
    #[cfg(not(debug_assertions))]
    None
}

/// Panics (debug builds) when the current task already holds a pool connection: `at` is about
/// to wait for another one.
pub fn assert_none(at: &'static Location<'static>) {
    if let Some(first) = held_by_this_task() {
        panic!("{at}: asks the pool for a connection while this task holds the one taken at {first} (pass that connection down instead)");
    }
}

#[cfg(all(test, debug_assertions))]
mod tests {
    use crate::db::Db;

    fn panic_text(err: tokio::task::JoinError) -> String {
        assert!(err.is_panic(), "{err}");
        let payload = err.into_panic();
        payload.downcast_ref::<String>().cloned().or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default()
    }

    #[tokio::test]
    async fn asking_the_pool_while_holding_a_connection_is_refused() {
        let db = Db::connect("sqlite::memory:", 2).await.unwrap();
        let nested = tokio::spawn({
            let db = db.clone();
            async move {
                let _conn = db.acquire().await.unwrap();
                let _ = db.query_scalar::<i64>("SELECT 1").fetch_one(db.pool()).await;
            }
        });
        let text = panic_text(nested.await.unwrap_err());
        assert!(text.contains("asks the pool for a connection while this task holds the one taken at"), "{text}");
        assert!(text.contains("held.rs"), "names both places: {text}");

        // A transaction counts as held too.
        let in_tx = tokio::spawn({
            let db = db.clone();
            async move {
                let _tx = db.begin().await.unwrap();
                let _second = db.acquire().await;
            }
        });
        assert!(panic_text(in_tx.await.unwrap_err()).contains("while this task holds"));
    }

    #[tokio::test]
    async fn one_connection_at_a_time_is_fine_and_each_is_released() {
        let db = Db::connect("sqlite::memory:", 2).await.unwrap();
        let task = tokio::spawn({
            let db = db.clone();
            async move {
                let conn = db.acquire().await.unwrap();
                assert!(super::held_by_this_task().is_some());
                drop(conn);
                assert!(super::held_by_this_task().is_none());
                let tx = db.begin().await.unwrap();
                tx.commit().await.unwrap();
                assert!(super::held_by_this_task().is_none());
                db.query_scalar::<i64>("SELECT 1").fetch_one(db.pool()).await.unwrap()
            }
        });
        assert_eq!(task.await.unwrap(), 1);
        // Two tasks holding one connection each do not disturb each other.
        let (a, b) = tokio::join!(
            tokio::spawn({
                let db = db.clone();
                async move { db.acquire().await.map(|_| ()) }
            }),
            tokio::spawn({
                let db = db.clone();
                async move { db.acquire().await.map(|_| ()) }
            })
        );
        assert!(a.unwrap().is_ok() && b.unwrap().is_ok());
    }
}
