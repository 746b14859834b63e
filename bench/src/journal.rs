//! The journal grid's numbers: the grid page of the demo teacher's first class and subject (a
//! whole class, topped up to 30 pupils, × one subject × the quarter under way) under load; and, one save at a time as a
//! teacher types, how long a mark's save takes and how long until another open screen has it —
//! the `/live` event arriving on a second session's stream, then that screen's
//! `journal_changes` answered (what a grid does before it repaints the cell).

use crate::load::{call, form_encode, root_cause, server_fn_request, Fatal, Job};
use crate::stats::Summary;
use reqwest::header::{ACCEPT, CONTENT_TYPE, COOKIE};
use reqwest::Client;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// The login the grid page is loaded as (the demo's teacher of the grid).
pub const LOGIN: &str = "uchitel";

pub const SAVE_LABEL: &str = "POST journal_save_cell (one mark)";
pub const ARRIVAL_LABEL: &str = "save → another screen (event + changes)";

pub struct Grid {
    pub path: String,
    pub label: String,
    data: Value,
}

/// The size the issue asks the grid page to be measured at.
pub const CLASS_SIZE: usize = 30;

/// Pupils the bench adds to the measured class (sorted last, «Я…»), so it has `CLASS_SIZE`.
const NEWCOMERS: [(&str, &str, &str); 8] = [
    ("Яковлева", "Анна", "f"),
    ("Яковлев", "Богдан", "m"),
    ("Ярцева", "Вера", "f"),
    ("Ярцев", "Глеб", "m"),
    ("Ясинская", "Дарья", "f"),
    ("Ясинский", "Егор", "m"),
    ("Яшина", "Жанна", "f"),
    ("Яшин", "Захар", "m"),
];

/// The demo teacher's first journal and its data. The demo's classes have 22–27 pupils: the
/// class is topped up to `CLASS_SIZE` through the admin's own «Добавить человека» first.
pub async fn prepare(client: &Client, url: &str, teacher_cookie: &str, admin_cookie: &str) -> Result<Grid, Fatal> {
    let index = call(client, url, teacher_cookie, "journal_index", String::new()).await?;
    let link = index["links"]
        .as_array()
        .and_then(|a| a.iter().find(|l| l["writable"].as_bool() == Some(true) && l["group"].is_null()))
        .ok_or_else(|| Fatal::new(1, "the demo teacher keeps no journal"))?;
    let path = link["href"].as_str().unwrap_or_default().to_string();
    let mut parts = path.trim_start_matches("/journal/").split('/');
    let (class, subject) = (parts.next().unwrap_or("0").to_string(), parts.next().unwrap_or("0").to_string());
    let grid_args = format!("class_id={class}&subject_id={subject}");
    let mut data = call(client, url, teacher_cookie, "journal_grid", grid_args.clone()).await?;
    let pupils = data["pupils"].as_array().map_or(0, Vec::len);
    for (surname, name, sex) in NEWCOMERS.iter().take(CLASS_SIZE.saturating_sub(pupils)) {
        let body = format!(
            "surname={}&name={}&patronymic=&sex={sex}&birth_date=14.03.2015&snils=&email=&phone=&role=pupil&class_id={class}",
            form_encode(surname),
            form_encode(name)
        );
        let resp = server_fn_request(client, &format!("{url}/api/create_person"), admin_cookie, body)
            .send()
            .await
            .map_err(|e| Fatal::new(1, format!("create_person: {}", root_cause(&e))))?;
        if !(resp.status().is_success() || resp.status().is_redirection()) {
            let status = resp.status();
            return Err(Fatal::new(1, format!("create_person: HTTP {status}: {}", resp.text().await.unwrap_or_default())));
        }
    }
    if pupils < CLASS_SIZE {
        data = call(client, url, teacher_cookie, "journal_grid", grid_args).await?;
    }
    let label = format!(
        "GET {path} ({} pupils × {} lessons, {} cells)",
        data["pupils"].as_array().map_or(0, Vec::len),
        data["lessons"].as_array().map_or(0, Vec::len),
        data["cells"].as_array().map_or(0, Vec::len)
    );
    Ok(Grid { path, label, data })
}

pub fn page_job(url: &str, grid: &Grid, cookie: &str) -> Result<Job, Fatal> {
    Job::page(&format!("{url}{}", grid.path), Some(cookie))
}

/// `saves` saves of one cell, one after another; returns the save latencies and the
/// save → other screen times.
pub async fn live(client: &Client, url: &str, grid: &Grid, teacher_cookie: &str, watcher_cookie: &str, saves: usize) -> Result<(Summary, Summary), Fatal> {
    let d = &grid.data;
    let key = &d["key"];
    let topic = format!("journal:{}:{}:{}", d["school_id"], key["class_id"], key["subject_id"]);
    let lesson = d["lessons"].as_array().and_then(|a| a.iter().find(|l| l["future"].as_bool() != Some(true))).map(|l| l["id"].as_i64().unwrap_or(0)).unwrap_or(0);
    let pupil = d["pupils"].as_array().and_then(|a| a.last()).map(|p| p["id"].as_i64().unwrap_or(0)).unwrap_or(0);
    let work_type = d["default_work_type"].as_i64().unwrap_or(0);
    let mut version = d["cells"]
        .as_array()
        .and_then(|a| a.iter().find(|c| c["l"].as_i64() == Some(lesson) && c["p"].as_i64() == Some(pupil)))
        .map(|c| c["v"].as_i64().unwrap_or(0))
        .unwrap_or(0);
    // The other screen: its own client, so the stream does not hold one of the pool's connections.
    let watcher = Client::builder().build().map_err(|e| Fatal::new(1, e.to_string()))?;
    let mut stream = watcher
        .get(format!("{url}/live?topic={}", topic.replace(':', "%3A")))
        .header(COOKIE, watcher_cookie)
        .send()
        .await
        .map_err(|e| Fatal::new(1, format!("/live: {}", root_cause(&e))))?;
    if !stream.status().is_success() {
        return Err(Fatal::new(1, format!("/live: HTTP {}", stream.status())));
    }
    let mut since = d["revision"].as_i64().unwrap_or(0);
    let (mut save_us, mut live_us) = (Vec::new(), Vec::new());
    let (mut errors, mut first_error) = (0u64, None);
    let started = Instant::now();
    for i in 0..saves {
        let value = if i % 2 == 0 { "5" } else { "4" };
        let body = json!({ "lesson_id": lesson, "pupil_id": pupil, "version": version, "cell": { "a": "", "marks": [{ "v": value, "w": work_type }] }, "screen": "bench" });
        let t0 = Instant::now();
        let resp = client
            .post(format!("{url}/api/journal_save_cell"))
            .header(COOKIE, teacher_cookie)
            .header(CONTENT_TYPE, "application/json")
            .header(ACCEPT, "application/json")
            .body(body.to_string())
            .send()
            .await;
        let outcome: Option<Value> = match resp {
            Ok(r) if r.status().is_success() => r.json().await.ok(),
            Ok(r) => {
                first_error.get_or_insert(format!("HTTP {}", r.status()));
                None
            }
            Err(e) => {
                first_error.get_or_insert(root_cause(&e));
                None
            }
        };
        save_us.push(t0.elapsed().as_micros().min(u32::MAX as u128) as u32);
        match outcome.as_ref().and_then(|o| o["Saved"]["version"].as_i64()) {
            Some(v) => version = v,
            None => {
                errors += 1;
                continue;
            }
        }
        // Wait for the event on the other screen, then fetch what changed as the grid does.
        let heard = tokio::time::timeout(Duration::from_secs(5), async {
            loop {
                match stream.chunk().await {
                    Ok(Some(bytes)) if String::from_utf8_lossy(&bytes).contains(&topic) => return true,
                    Ok(Some(_)) => continue,
                    _ => return false,
                }
            }
        })
        .await
        .unwrap_or(false);
        if !heard {
            errors += 1;
            first_error.get_or_insert("no live event within 5 s".to_string());
            continue;
        }
        let changes = call(
            &watcher,
            url,
            watcher_cookie,
            "journal_changes",
            format!("class_id={}&subject_id={}&group_id=0&period_id={}&since={since}", key["class_id"], key["subject_id"], key["period_id"]),
        )
        .await?;
        since = changes["revision"].as_i64().unwrap_or(since);
        live_us.push(t0.elapsed().as_micros().min(u32::MAX as u128) as u32);
    }
    let secs = started.elapsed().as_secs_f64();
    Ok((
        Summary::new(SAVE_LABEL.into(), 1, save_us, errors, secs, first_error.clone()),
        Summary::new(ARRIVAL_LABEL.into(), 1, live_us, errors, secs, first_error),
    ))
}
