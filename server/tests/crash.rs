//! Nothing lost on a crash, on both backends: a burst of mark saves through the grid's server
//! function, the server killed with SIGKILL in the middle of it, started again on the same
//! database: every save the server acknowledged is there, with its history row, and a SQLite
//! file passes `PRAGMA integrity_check`.

mod common;

use app::journal::grid::types::SaveOutcome;
use app::journal::marks::{Cell, Mark};
use common::{demo_database, grid_data, start_with_env, uchitel_journal, Backend};
use serde_json::json;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Concurrent typists, and how many acknowledged saves to wait for before the kill.
const WORKERS: usize = 16;
const ACKS_BEFORE_KILL: usize = 150;

type Key = (i64, i64);

async fn acknowledged_saves_survive_sigkill(backend: Backend) {
    let database_url = demo_database(backend);
    let mut server = start_with_env(&database_url, &[]);
    let teacher = server.signed_in("uchitel").await;
    let db = server.db().await;
    let (class, subject) = uchitel_journal(&db).await;
    let grid = grid_data(&teacher, &server, class, subject, 0).await;
    assert!(grid.writable, "the demo teacher writes in their own journal");
    let lessons: Vec<i64> = grid.lessons.iter().filter(|l| !l.future).map(|l| l.id).take(8).collect();
    assert!(lessons.len() >= 4, "the quarter under way has past lessons");
    let mut cells: Vec<(Key, i64)> = Vec::new();
    for &l in &lessons {
        for p in &grid.pupils {
            let version = grid.cells.iter().find(|c| c.lesson_id == l && c.pupil_id == p.id).map_or(0, |c| c.version);
            cells.push(((l, p.id), version));
        }
    }
    let history_before = history_counts(&db, &lessons).await;
    let work_type = grid.default_work_type;

    // Each worker types into cells of its own, one save after another, as a teacher does.
    let acks: Arc<Mutex<HashMap<Key, Vec<(i64, String)>>>> = Arc::default();
    let acked = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let save_url = server.url("/api/journal_save_cell");
    let mut workers = Vec::new();
    for w in 0..WORKERS {
        let mine: Vec<(Key, i64)> = cells.iter().skip(w).step_by(WORKERS).cloned().collect();
        let (client, url, acks, acked, stop) = (teacher.clone(), save_url.clone(), acks.clone(), acked.clone(), stop.clone());
        workers.push(tokio::spawn(async move {
            let mut versions: HashMap<Key, i64> = mine.iter().cloned().collect();
            let mut round = 0usize;
            while !stop.load(Ordering::Relaxed) {
                for (key, _) in &mine {
                    let value = ["5", "4", "3", "2"][(round + key.1 as usize) % 4].to_string();
                    let cell = Cell { a: String::new(), min: None, marks: vec![Mark { v: value.clone(), w: work_type, c: String::new() }] };
                    let sent = client
                        .post(&url)
                        .header("Accept", "application/json")
                        .json(&json!({ "lesson_id": key.0, "pupil_id": key.1, "version": versions[key], "cell": cell, "screen": "grid" }))
                        .timeout(Duration::from_secs(20))
                        .send()
                        .await;
                    let Ok(res) = sent else { return };
                    if !res.status().is_success() {
                        return;
                    }
                    let Ok(SaveOutcome::Saved { version, .. }) = res.json::<SaveOutcome>().await else { return };
                    // A save of what the cell already holds writes nothing (and keeps its version).
                    if version > versions[key] {
                        acks.lock().unwrap().entry(*key).or_default().push((version, value));
                        acked.fetch_add(1, Ordering::Relaxed);
                    }
                    versions.insert(*key, version);
                }
                round += 1;
            }
        }));
    }
    let started = Instant::now();
    while acked.load(Ordering::Relaxed) < ACKS_BEFORE_KILL {
        assert!(started.elapsed() < Duration::from_secs(60), "only {} saves acknowledged in a minute", acked.load(Ordering::Relaxed));
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.kill();
    stop.store(true, Ordering::Relaxed);
    for w in workers {
        w.await.unwrap();
    }
    drop(db);
    let acks = acks.lock().unwrap().clone();
    let total: usize = acks.values().map(Vec::len).sum();
    assert!(total >= ACKS_BEFORE_KILL);

    // Started again on the same database, the server finds every acknowledged save.
    let server = start_with_env(&database_url, &[]);
    let db = server.db().await;
    if backend == Backend::Sqlite {
        let check: String = db.query_scalar("PRAGMA integrity_check").fetch_one(db.pool()).await.unwrap();
        assert_eq!(check, "ok");
    }
    let history_after = history_counts(&db, &lessons).await;
    for (key, saves) in &acks {
        let (version, value) = saves.last().unwrap();
        let row: (i64, String) = sqlx::query_as(db.sql("SELECT version, marks FROM journal_cells WHERE lesson_id = $1 AND pupil_id = $2"))
            .bind(key.0)
            .bind(key.1)
            .fetch_one(db.pool())
            .await
            .unwrap_or_else(|e| panic!("acknowledged cell {key:?} is gone: {e}"));
        // A save in flight at the kill may have been written without its answer arriving: then
        // the cell is one version further, never behind.
        assert!(row.0 >= *version, "cell {key:?}: version {} after the crash, {version} acknowledged", row.0);
        if row.0 == *version {
            let marks: Vec<Mark> = serde_json::from_str(&row.1).unwrap();
            assert_eq!(marks.iter().map(|m| m.v.as_str()).collect::<Vec<_>>(), vec![value.as_str()], "cell {key:?}");
        }
        let written = history_after.get(key).copied().unwrap_or(0) - history_before.get(key).copied().unwrap_or(0);
        assert!(written >= saves.len() as i64, "cell {key:?}: {} saves acknowledged, {written} history rows", saves.len());
    }
    eprintln!("crash test ({backend:?}): {total} acknowledged saves in {} cells, all found after SIGKILL", acks.len());
}

/// History rows per cell of these lessons.
async fn history_counts(db: &app::db::Db, lessons: &[i64]) -> HashMap<Key, i64> {
    let mut out = HashMap::new();
    for &lesson in lessons {
        let rows: Vec<(i64, i64)> = sqlx::query_as(db.sql("SELECT pupil_id, COUNT(*) FROM journal_history WHERE lesson_id = $1 GROUP BY pupil_id"))
            .bind(lesson)
            .fetch_all(db.pool())
            .await
            .unwrap();
        for (pupil, n) in rows {
            out.insert((lesson, pupil), n);
        }
    }
    out
}

on_both_backends!(acknowledged_saves_survive_sigkill);
