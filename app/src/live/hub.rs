//! The server's side of live updates (ssr only): one broadcast channel per process, fed by
//! `publish` directly (SQLite) or by a LISTEN connection to PostgreSQL.

use super::{topic_school, RESYNC};
use crate::accounts::types::Me;
use crate::context::ServerContext;
use crate::db::Backend;
use crate::error::AppError;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, watch};

/// The PostgreSQL channel every process listens on.
const CHANNEL: &str = "parta_live";

/// Subscribers of this process; cheap to clone.
#[derive(Clone)]
pub struct LiveHub {
    inner: Arc<Inner>,
}

struct Inner {
    events: broadcast::Sender<Arc<str>>,
    /// Publishing goes through the database (every process hears it) instead of straight here.
    through_postgres: bool,
    closed: watch::Sender<bool>,
}

impl LiveHub {
    /// A hub for one process: SQLite, or a test.
    pub fn local() -> LiveHub {
        LiveHub::new(false)
    }

    fn new(through_postgres: bool) -> LiveHub {
        // Enough room for a burst of saves; a subscriber that falls further behind gets RESYNC.
        let (events, _) = broadcast::channel(1024);
        let (closed, _) = watch::channel(false);
        LiveHub { inner: Arc::new(Inner { events, through_postgres, closed }) }
    }

    /// The hub for a database: on PostgreSQL a task keeps a LISTEN connection open (reconnecting
    /// after a break, then telling every screen to catch up).
    pub fn start(backend: Backend, database_url: &str) -> LiveHub {
        match backend {
            Backend::Sqlite => LiveHub::local(),
            Backend::Postgres => {
                let hub = LiveHub::new(true);
                tokio::spawn(listen(hub.clone(), database_url.to_string()));
                hub
            }
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<str>> {
        self.inner.events.subscribe()
    }

    /// Becomes true when the server shuts down: open streams end so shutdown need not wait.
    pub fn closed(&self) -> watch::Receiver<bool> {
        self.inner.closed.subscribe()
    }

    pub fn close(&self) {
        self.inner.closed.send_replace(true);
    }

    fn deliver(&self, topic: &str) {
        // No subscribers is not an error: nobody is watching.
        let _ = self.inner.events.send(Arc::from(topic));
    }
}

/// Tells every open screen watching `topic` that it changed. Call after the change committed:
/// a screen that hears it must find the change when it asks.
pub async fn publish(ctx: &ServerContext, topic: &str) -> Result<(), AppError> {
    if topic_school(topic).is_none() {
        return Err(AppError::internal("live", format!("malformed topic {topic:?}")));
    }
    if ctx.live.inner.through_postgres {
        ctx.db.query("SELECT pg_notify($1, $2)").bind(CHANNEL).bind(topic.to_string()).execute(ctx.db.pool()).await?;
    } else {
        ctx.live.deliver(topic);
    }
    Ok(())
}

/// The topics of a `/live` request that this person may watch: each must name one of their
/// schools. Anything else refuses the whole request (a screen asks only for what it shows).
pub async fn authorize_topics(ctx: &ServerContext, headers: &http::HeaderMap, topics: Vec<String>) -> Result<Vec<String>, AppError> {
    let me = crate::accounts::session::from_headers(ctx, headers).await?.ok_or(AppError::Unauthorized)?;
    if topics.is_empty() || topics.len() > super::MAX_TOPICS {
        return Err(AppError::NotFound);
    }
    for topic in &topics {
        let school = topic_school(topic).ok_or(AppError::NotFound)?;
        if !may_watch(&me, school) {
            return Err(AppError::Forbidden);
        }
    }
    Ok(topics)
}

fn may_watch(me: &Me, school_id: i64) -> bool {
    me.grants.iter().any(|g| g.school_id == Some(school_id))
}

async fn listen(hub: LiveHub, url: String) {
    let mut closed = hub.closed();
    loop {
        let session = async {
            let mut listener = sqlx::postgres::PgListener::connect(&url).await?;
            listener.listen(CHANNEL).await?;
            // Whatever was published while we were not listening is lost: everyone catches up.
            hub.deliver(RESYNC);
            // `None`: the connection broke; listen afresh (and resync) from the top.
            while let Some(notification) = listener.try_recv().await? {
                hub.deliver(notification.payload());
            }
            Ok::<(), sqlx::Error>(())
        };
        tokio::select! {
            result = session => match result {
                Ok(()) => continue,
                Err(e) => tracing::warn!(error = %e, "live updates: the PostgreSQL listener failed; retrying in 1 s"),
            },
            _ = closed.wait_for(|c| *c) => return,
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}
