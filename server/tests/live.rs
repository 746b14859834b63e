//! Live updates: the `/live` stream refuses what a person may not watch, and a change published
//! by one process reaches a screen connected to another (PostgreSQL's LISTEN/NOTIFY). Delivery
//! within one process (SQLite) is tested through the journal's saves in `journal.rs`.

mod common;

use common::{server, Backend};
use std::time::Duration;

async fn school_id(backend: Backend) -> i64 {
    use app::db::Row;
    let db = server(backend).db().await;
    let row = db.query("SELECT MIN(id) AS id FROM schools").fetch_one(db.pool()).await.unwrap();
    row.get::<i64, _>("id")
}

async fn status_of(client: &reqwest::Client, url: String) -> u16 {
    client.get(url).send().await.unwrap().status().as_u16()
}

async fn the_stream_is_only_for_the_viewers_schools(backend: Backend) {
    let srv = server(backend);
    let school = school_id(backend).await;
    let topic = format!("journal:{school}:1:1");
    assert_eq!(status_of(&srv.client(), srv.url(&format!("/live?topic={topic}"))).await, 401, "anonymous");
    let teacher = srv.signed_in("uchitel").await;
    assert_eq!(status_of(&teacher, srv.url(&format!("/live?topic=journal:{}:1:1", school + 1000))).await, 403, "another school");
    assert_eq!(status_of(&teacher, srv.url("/live")).await, 404, "no topic");
    assert_eq!(status_of(&teacher, srv.url("/live?topic=journal")).await, 404, "no school in the topic");
    assert_eq!(status_of(&teacher, srv.url(&format!("/live?topic=journal:{school}:%20"))).await, 404, "a space");
    let res = teacher.get(srv.url(&format!("/live?topic={topic}"))).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["content-type"], "text/event-stream");
}

/// Reads the stream until a `data:` line that is not the catch-up signal, or gives up.
async fn next_topic(res: &mut reqwest::Response, buffer: &mut String) -> Option<String> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        while let Some(end) = buffer.find('\n') {
            let line: String = buffer.drain(..=end).collect();
            if let Some(data) = line.trim_end().strip_prefix("data:") {
                let data = data.trim();
                if data != app::live::RESYNC {
                    return Some(data.to_string());
                }
            }
        }
        let chunk = tokio::time::timeout_at(deadline, res.chunk()).await.ok()?.ok()??;
        buffer.push_str(&String::from_utf8_lossy(&chunk));
    }
}

#[tokio::test]
async fn a_change_published_by_another_process_reaches_the_screen() {
    let backend = Backend::Postgres;
    let srv = server(backend);
    let school = school_id(backend).await;
    let watched = format!("journal:{school}:7:3");
    let teacher = srv.signed_in("uchitel").await;
    let mut res = teacher.get(srv.url(&format!("/live?topic={watched}"))).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);

    // This test process plays a second Parta process on the same database.
    let db = srv.db().await;
    let ctx = app::context::ServerContext {
        live: app::live::LiveHub::start(db.backend(), &srv.database_url),
        db,
        journal_grids: Default::default(),
        policy_facts: Default::default(),
        sessions: Default::default(),
        people_orders: Default::default(),
        settings: std::sync::Arc::new(app::context::AppSettings {
            secure_cookies: false,
            public_base_url: srv.base.clone(),
            session_ttl_secs: 3600,
            secret_key: "test".into(),
        }),
    };
    // The stream is open once the server answered; give its listener a moment to be subscribed.
    tokio::time::sleep(Duration::from_millis(200)).await;
    app::live::publish(&ctx, &format!("journal:{school}:7:4")).await.unwrap();
    app::live::publish(&ctx, &watched).await.unwrap();
    let mut buffer = String::new();
    assert_eq!(next_topic(&mut res, &mut buffer).await.as_deref(), Some(watched.as_str()), "the other topic is filtered out, ours arrives");
    app::live::publish(&ctx, &watched).await.unwrap();
    assert_eq!(next_topic(&mut res, &mut buffer).await.as_deref(), Some(watched.as_str()), "every change arrives, not just the first");
    assert!(app::live::publish(&ctx, "journal").await.is_err(), "a malformed topic is refused");
}

on_both_backends!(the_stream_is_only_for_the_viewers_schools);
