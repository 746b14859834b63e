//! parta-bench: closed-loop load on Parta's sign-in page, each demo role's start page, the
//! timetable editor (the largest views, a drag-and-drop save) and the sign-in itself; prints a
//! latency/throughput table (and optionally JSON).
//!
//! Exit codes: 0 done (request errors are reported, not fatal), 1 the server could not be
//! reached or a demo sign-in failed, 2 bad arguments.

mod args;
mod editor;
// The live journal grid
mod journal;
mod load;
mod sizes;
mod stats;
mod sweep;
mod wire;

use args::{Command, Config};
use load::{Fatal, Job};
use stats::Summary;
use std::process::ExitCode;

fn main() -> ExitCode {
    let config = match args::parse(std::env::args().skip(1)) {
        Ok(Command::Run(c)) => c,
        Ok(Command::Help) => {
            println!("{}", args::USAGE);
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("parta-bench: {message}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("parta-bench: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(bench(&config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Fatal { code, message }) => {
            eprintln!("parta-bench: {message}");
            ExitCode::from(code)
        }
    }
}

async fn bench(config: &Config) -> Result<(), Fatal> {
    let url = config.url.as_str();
    let client = load::client()?;
    load::probe(&client, url).await?;

    let mut cookies = Vec::new();
    for (login, page) in load::ROLES {
        cookies.push((page, load::sign_in(&client, url, login).await?));
    }
    let admin_cookie = cookies.iter().find(|(page, _)| *page == "/admin").map(|(_, c)| c.clone()).unwrap_or_default();
    let editor = editor::prepare(&client, url, &admin_cookie, config.concurrency).await?;
    // The live journal grid
    let teacher_cookie = cookies.iter().find(|(page, _)| *page == "/teacher").map(|(_, c)| c.clone()).unwrap_or_default();
    let grid = journal::prepare(&client, url, &teacher_cookie, &admin_cookie).await?;

    // What each main page costs to download, against the first-load budget.
    let cookie_of = |page: &str| cookies.iter().find(|(p, _)| *p == page).map(|(_, c)| c.clone());
    let light = Some(sizes::BUDGET_LIGHT);
    let pages = [
        ("sign-in /login", "/login".to_string(), None, light),
        ("pupil /diary", "/diary".to_string(), cookie_of("/diary"), light),
        ("parent /parent", "/parent".to_string(), cookie_of("/parent"), light),
        ("teacher /teacher", "/teacher".to_string(), cookie_of("/teacher"), Some(sizes::BUDGET_GRID)),
        ("grid", grid.path.clone(), Some(teacher_cookie.clone()), Some(sizes::BUDGET_GRID)),
        ("admin /admin", "/admin".to_string(), Some(admin_cookie.clone()), None),
        ("editor /admin/timetable", "/admin/timetable".to_string(), Some(admin_cookie.clone()), None),
    ]
    .map(|(label, path, cookie, budget)| sizes::Page { label: label.to_string(), path, cookie, budget });
    let weights = sizes::weigh(&client, url, &pages).await?;
    println!("{}\n", sizes::table(&weights));

    // Each job with the login whose sessions its workers use (`None`: sent without one).
    let mut jobs: Vec<(String, Job, usize, Option<&str>)> = vec![(
        "GET /login".to_string(),
        Job::page(&format!("{url}/login"), None)?,
        config.concurrency,
        None,
    )];
    for ((login, _), (page, cookie)) in load::ROLES.iter().zip(cookies) {
        jobs.push((format!("GET {page}"), Job::page(&format!("{url}{page}"), Some(&cookie))?, config.concurrency, Some(*login)));
    }
    jobs.extend(editor.jobs.into_iter().map(|(label, job, concurrency)| (label, job, concurrency, Some(editor::LOGIN))));
    // The live journal grid
    jobs.push((grid.label.clone(), journal::page_job(url, &grid, &teacher_cookie)?, config.concurrency, Some(journal::LOGIN)));
    jobs.push((
        "POST /api/sign_in".to_string(),
        Job::sign_in(url, load::sign_in_body("admin"))?,
        config.concurrency.min(4),
        None,
    ));

    let wanted = |label: &str| config.only.as_deref().is_none_or(|only| label.contains(only));
    let mut results = Vec::new();
    for (label, job, concurrency, login) in jobs.into_iter().filter(|(label, ..)| wanted(label)) {
        // As many sessions as workers: the people loading a page each have their own.
        let job = match login {
            Some(login) => job.with_sessions(&load::sessions(&client, url, login, concurrency).await?)?,
            None => job,
        };
        eprintln!(
            "parta-bench: {label}: {} s warm-up, {} s measured, concurrency {concurrency}",
            config.warmup, config.seconds
        );
        let summary = load::run(
            &label,
            job,
            concurrency,
            config.warmup,
            config.seconds,
        )
        .await;
        if let Some(e) = &summary.first_error {
            eprintln!(
                "parta-bench: {label}: {} error(s), first: {e}",
                summary.errors
            );
        }
        results.push(summary);
    }

    // The live journal grid: saves one at a time, and their arrival at another open screen.
    if wanted(journal::SAVE_LABEL) || wanted(journal::ARRIVAL_LABEL) {
        eprintln!("parta-bench: journal saves and their arrival at another screen, 200 saves");
        let (saves, arrivals) = journal::live(&client, url, &grid, &teacher_cookie, &admin_cookie, 200).await?;
        results.push(saves);
        results.push(arrivals);
    }

    // The sweep: every page route as each role, `sweep_seconds` each.
    let mut sweep_results = Vec::new();
    let mut sweep_notes = Vec::new();
    if let (Some(path), true) = (&config.routes, wanted("sweep")) {
        let text = std::fs::read_to_string(path).map_err(|e| Fatal { code: 1, message: format!("cannot read {path}: {e}") })?;
        let routes: Vec<sweep::Route> = text.lines().map(str::trim).filter(|l| l.starts_with('/')).map(sweep::Route::parse).collect();
        for (login, start) in load::ROLES {
            let sessions = load::sessions(&client, url, login, config.concurrency).await?;
            let found = sweep::discover(&client, url, &sessions[0], start, &routes).await?;
            for (route, found) in routes.iter().zip(found) {
                let path = match found {
                    sweep::Found::Page(path) => path,
                    sweep::Found::Refused(answer) => {
                        sweep_notes.push(format!("{login:<8} {:<40} linked, but answers {answer}", route.pattern));
                        continue;
                    }
                    sweep::Found::NoLink => {
                        sweep_notes.push(format!("{login:<8} {:<40} no page of this role links to it", route.pattern));
                        continue;
                    }
                };
                let label = format!("sweep {login} {path}");
                eprintln!("parta-bench: {label}: 1 s warm-up, {} s measured, concurrency {}", config.sweep_seconds, config.concurrency);
                let job = Job::page(&format!("{url}{path}"), Some(&sessions[0]))?.with_sessions(&sessions)?;
                let summary = load::run(&label, job, config.concurrency, 1, config.sweep_seconds).await;
                if let Some(e) = &summary.first_error {
                    eprintln!("parta-bench: {label}: {} non-200 answer(s), first: {e}", summary.errors);
                }
                sweep_results.push(summary);
            }
        }
    }

    println!("{}", table(config, &results));
    if !sweep_results.is_empty() || !sweep_notes.is_empty() {
        let sweep_config = Config { seconds: config.sweep_seconds, warmup: 1, ..config.clone() };
        println!("\nparta-bench: the sweep, every page route as each role (errors = non-200 answers and timeouts)");
        println!("{}", table(&sweep_config, &sweep_results));
        for note in &sweep_notes {
            println!("  {note}");
        }
    }
    results.extend(sweep_results);
    if let Some(path) = &config.json {
        let mut doc = json(config, &results);
        doc["sizes"] = serde_json::to_value(&weights).expect("sizes serialise");
        let text = serde_json::to_string_pretty(&doc).expect("results serialise");
        std::fs::write(path, text + "\n").map_err(|e| Fatal {
            code: 1,
            message: format!("cannot write {path}: {e}"),
        })?;
    }
    Ok(())
}

fn json(config: &Config, results: &[Summary]) -> serde_json::Value {
    serde_json::json!({
        "url": config.url,
        "concurrency": config.concurrency,
        "seconds": config.seconds,
        "warmup": config.warmup,
        "results": results,
    })
}

/// The header line and an aligned table: page left-aligned, numbers right-aligned.
fn table(config: &Config, results: &[Summary]) -> String {
    let headers = [
        "page", "requests", "errors", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms",
    ];
    let rows: Vec<[String; 8]> = results
        .iter()
        .map(|r| {
            [
                r.page.clone(),
                r.requests.to_string(),
                r.errors.to_string(),
                format!("{:.1}", r.rps),
                format!("{:.2}", r.p50_ms),
                format!("{:.2}", r.p90_ms),
                format!("{:.2}", r.p99_ms),
                format!("{:.2}", r.max_ms),
            ]
        })
        .collect();
    let mut widths = headers.map(str::len);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: [&str; 8]| {
        let mut s = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            if i == 0 {
                s.push_str(&format!("{cell:<w$}"));
            } else {
                s.push_str(&format!("  {cell:>w$}"));
            }
        }
        s.trim_end().to_string()
    };

    let mut out = format!(
        "parta-bench: url {}, concurrency {}, seconds {} (after {} s warm-up)\n",
        config.url, config.concurrency, config.seconds, config.warmup
    );
    out.push_str(&line(headers));
    out.push('\n');
    for row in &rows {
        out.push_str(&line(row.each_ref().map(String::as_str)));
        out.push('\n');
    }
    for r in results
        .iter()
        .filter(|r| r.concurrency != config.concurrency)
    {
        out.push_str(&format!(
            "({} ran with concurrency {})\n",
            r.page, r.concurrency
        ));
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_aligned() {
        let config = Config {
            url: "http://h".into(),
            concurrency: 64,
            seconds: 1,
            warmup: 0,
            json: None,
            only: None,
            routes: None,
            sweep_seconds: 3,
        };
        let results = vec![
            Summary::new("GET /login".into(), 64, vec![1500, 2500], 0, 1.0, None),
            Summary::new(
                "POST /api/sign_in".into(),
                4,
                vec![120_000],
                1,
                1.0,
                Some("HTTP 500".into()),
            ),
        ];
        let t = table(&config, &results);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(
            lines[0],
            "parta-bench: url http://h, concurrency 64, seconds 1 (after 0 s warm-up)"
        );
        assert_eq!(
            lines[1],
            "page               requests  errors  req/s  p50 ms  p90 ms  p99 ms  max ms"
        );
        assert_eq!(
            lines[2],
            "GET /login                2       0    2.0    1.50    2.50    2.50    2.50"
        );
        assert_eq!(
            lines[3],
            "POST /api/sign_in         1       1    1.0  120.00  120.00  120.00  120.00"
        );
        assert_eq!(lines[4], "(POST /api/sign_in ran with concurrency 4)");
        let j = json(&config, &results);
        assert_eq!(j["results"][1]["page"], "POST /api/sign_in");
        assert_eq!(j["results"][1]["errors"], 1);
        assert_eq!(j["results"][0]["p50_ms"], 1.5);
        assert!(j["results"][0].get("first_error").is_none());
    }
}
