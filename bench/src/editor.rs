//! The timetable editor's numbers: how long the largest class's and teacher's week take to load
//! (the server-rendered page, and the data the page reloads when another editor changed
//! something), and how long a drag-and-drop takes to save. The save moves one lesson of the
//! largest class back and forth between its own slot and a free one, one save at a time, as a
//! person drags.

use crate::load::call;
use crate::load::{Fatal, Job};
use reqwest::Client;
use serde_json::Value;

/// The login the editor's requests are sent as.
pub const LOGIN: &str = "admin";

/// What `prepare` found: the jobs to run, each with its label and concurrency.
pub struct EditorJobs {
    pub jobs: Vec<(String, Job, usize)>,
}


async fn week(client: &Client, url: &str, cookie: &str, view: &str, id: i64) -> Result<Value, Fatal> {
    call(client, url, cookie, "timetable_editor_week", format!("view={view}&id={id}")).await
}

fn ids(week: &Value, list: &str) -> Vec<i64> {
    week[list].as_array().map(|a| a.iter().filter_map(|t| t["id"].as_i64()).collect()).unwrap_or_default()
}

fn placed(week: &Value) -> usize {
    week["placed"].as_array().map(Vec::len).unwrap_or(0)
}

/// The class or teacher with the most lessons a week, and that week.
async fn largest(client: &Client, url: &str, cookie: &str, view: &str, list: &str) -> Result<(i64, Value), Fatal> {
    let first = week(client, url, cookie, view, 0).await?;
    let mut best: Option<(i64, Value)> = None;
    for id in ids(&first, list) {
        let w = week(client, url, cookie, view, id).await?;
        if best.as_ref().is_none_or(|(_, b)| placed(&w) > placed(b)) {
            best = Some((id, w));
        }
    }
    best.ok_or_else(|| Fatal::new(1, format!("the school has no {view} to show in the editor")))
}

pub async fn prepare(client: &Client, url: &str, admin_cookie: &str, concurrency: usize) -> Result<EditorJobs, Fatal> {
    let (teacher, teacher_week) = largest(client, url, admin_cookie, "teacher", "teachers").await?;
    let (class, class_week) = largest(client, url, admin_cookie, "class", "classes").await?;
    let lesson = class_week["placed"]
        .as_array()
        .and_then(|a| a.iter().find(|p| p["group"].is_null()))
        .ok_or_else(|| Fatal::new(1, "the largest class has no whole-class lesson to move"))?;
    let (entry, assignment) = (lesson["entry_id"].as_i64().unwrap_or(0), lesson["assignment_id"].as_i64().unwrap_or(0));
    let home = (lesson["weekday"].as_i64().unwrap_or(0), lesson["lesson_number"].as_i64().unwrap_or(0));
    let fits = call(client, url, admin_cookie, "timetable_editor_fits", format!("assignment_id={assignment}&entry_id={entry}&weeks=all")).await?;
    let days = class_week["days"].as_i64().unwrap_or(5);
    let away = fits
        .as_array()
        .and_then(|a| {
            a.iter()
                .map(|s| (s["weekday"].as_i64().unwrap_or(0), s["lesson_number"].as_i64().unwrap_or(0), s["clashes"].as_array().is_some_and(|c| c.is_empty())))
                .find(|&(d, l, free)| free && d <= days && (d, l) != home)
        })
        .ok_or_else(|| Fatal::new(1, "no free slot to move the benchmark's lesson to"))?;
    let body = |(d, l): (i64, i64)| format!("entry_id={entry}&weekday={d}&lesson_number={l}");
    let api = |endpoint: &str| format!("{url}/api/{endpoint}");
    Ok(EditorJobs {
        jobs: vec![
            (
                format!("GET /admin/timetable (teacher, {} lessons)", placed(&teacher_week)),
                Job::page(&format!("{url}/admin/timetable?view=teacher&id={teacher}"), Some(admin_cookie))?,
                concurrency,
            ),
            (
                format!("GET /admin/timetable (class, {} lessons)", placed(&class_week)),
                Job::page(&format!("{url}/admin/timetable?view=class&id={class}"), Some(admin_cookie))?,
                concurrency,
            ),
            (
                "POST editor week (teacher, reload)".to_string(),
                Job::post(&api("timetable_editor_week"), admin_cookie, vec![format!("view=teacher&id={teacher}")], None)?,
                concurrency,
            ),
            (
                "POST editor move (drag-and-drop save)".to_string(),
                Job::post(&api("timetable_editor_move"), admin_cookie, vec![body((away.0, away.1)), body(home)], Some("Done"))?,
                1,
            ),
        ],
    })
}
