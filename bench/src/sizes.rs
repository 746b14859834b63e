//! What each main page costs to download: the document, and the scripts, WASM and styles it
//! loads (under `/pkg/`), raw and as the server sends them with brotli. The page's loader names
//! the JS and WASM on every page but fetches them only when the page holds an island
//! (`<leptos-island>`), so only such a page is charged for them. "First visit"
//! is the document plus every asset (an empty cache); "next page" is the document alone (the
//! assets are cached after the first page). The first-load budget counts the brotli bytes of
//! JS + WASM a page needs before it is interactive.

use crate::load::{root_cause, Fatal};
use reqwest::header::{ACCEPT_ENCODING, CONTENT_ENCODING, COOKIE};
use reqwest::Client;

/// One page to weigh: its label, path, the session to open it with, and its JS + WASM budget
/// in brotli bytes (`None`: no budget set).
pub struct Page {
    pub label: String,
    pub path: String,
    pub cookie: Option<String>,
    pub budget: Option<u64>,
}

/// The first-load budgets (brotli bytes of JS + WASM before a page is interactive).
pub const BUDGET_LIGHT: u64 = 250 * 1024;
pub const BUDGET_GRID: u64 = 600 * 1024;

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Weight {
    pub label: String,
    pub html_raw: u64,
    pub html_br: u64,
    pub script_raw: u64,
    pub script_br: u64,
    pub style_br: u64,
    pub budget: Option<u64>,
}

impl Weight {
    pub fn first_visit_br(&self) -> u64 {
        self.html_br + self.script_br + self.style_br
    }

    pub fn held(&self) -> Option<bool> {
        self.budget.map(|b| self.script_br <= b)
    }
}

/// The distinct `/pkg/…` files a document names (hydration script, WASM, stylesheet), in the
/// order they first appear.
pub fn assets(html: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("/pkg/") {
        let tail = &rest[at..];
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '_' | '-')))
            .unwrap_or(tail.len());
        let path = &tail[..end];
        if path.len() > "/pkg/".len() && path.contains('.') && !found.iter().any(|f| f == path) {
            found.push(path.to_string());
        }
        rest = &tail[end.max(1)..];
    }
    found
}

/// Whether the document holds an island, the only thing that makes the loader fetch the WASM.
pub fn has_islands(html: &str) -> bool {
    html.contains("<leptos-island")
}

/// Bytes of one response body as sent with `encoding` accepted (`identity` or `br`).
async fn bytes(client: &Client, url: &str, cookie: Option<&str>, encoding: &str) -> Result<(Vec<u8>, bool), Fatal> {
    let mut request = client.get(url).header(ACCEPT_ENCODING, encoding);
    if let Some(cookie) = cookie {
        request = request.header(COOKIE, cookie);
    }
    let resp = request.send().await.map_err(|e| Fatal::new(1, format!("GET {url}: {}", root_cause(&e))))?;
    if !resp.status().is_success() {
        return Err(Fatal::new(1, format!("GET {url}: HTTP {}", resp.status())));
    }
    let compressed = resp.headers().get(CONTENT_ENCODING).is_some_and(|v| v == "br");
    let body = resp.bytes().await.map_err(|e| Fatal::new(1, format!("GET {url}: {}", root_cause(&e))))?;
    Ok((body.to_vec(), compressed))
}

/// Weighs each page and its assets.
pub async fn weigh(client: &Client, url: &str, pages: &[Page]) -> Result<Vec<Weight>, Fatal> {
    let mut out = Vec::new();
    for page in pages {
        let cookie = page.cookie.as_deref();
        let (html, _) = bytes(client, &format!("{url}{}", page.path), cookie, "identity").await?;
        let (html_br, _) = bytes(client, &format!("{url}{}", page.path), cookie, "br").await?;
        let mut weight = Weight {
            label: page.label.clone(),
            html_raw: html.len() as u64,
            html_br: html_br.len() as u64,
            budget: page.budget,
            ..Weight::default()
        };
        let html = String::from_utf8_lossy(&html);
        let islands = has_islands(&html);
        for asset in assets(&html).into_iter().filter(|a| islands || a.ends_with(".css")) {
            let (raw, _) = bytes(client, &format!("{url}{asset}"), None, "identity").await?;
            let (br, _) = bytes(client, &format!("{url}{asset}"), None, "br").await?;
            if asset.ends_with(".css") {
                weight.style_br += br.len() as u64;
            } else {
                weight.script_raw += raw.len() as u64;
                weight.script_br += br.len() as u64;
            }
        }
        out.push(weight);
    }
    Ok(out)
}

fn kb(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / 1024.0)
}

/// The size table, in KB (1,024 bytes).
pub fn table(weights: &[Weight]) -> String {
    let headers = [
        "page (KB)", "HTML", "HTML br", "JS+WASM", "JS+WASM br", "CSS br", "first visit br", "next page br", "budget br", "held",
    ];
    let rows: Vec<[String; 10]> = weights
        .iter()
        .map(|w| {
            [
                w.label.clone(),
                kb(w.html_raw),
                kb(w.html_br),
                kb(w.script_raw),
                kb(w.script_br),
                kb(w.style_br),
                kb(w.first_visit_br()),
                kb(w.html_br),
                w.budget.map_or("—".into(), kb),
                match w.held() {
                    Some(true) => "yes".into(),
                    Some(false) => "NO".into(),
                    None => "—".into(),
                },
            ]
        })
        .collect();
    let mut widths = headers.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            let pad = w.saturating_sub(cell.chars().count());
            if i == 0 {
                s.push_str(cell);
                s.push_str(&" ".repeat(pad));
            } else {
                s.push_str("  ");
                s.push_str(&" ".repeat(pad));
                s.push_str(cell);
            }
        }
        s.trim_end().to_string()
    };
    let mut out = String::from("parta-bench: download per page (first visit = document + /pkg assets; next page = document, assets cached)\n");
    out.push_str(&line(headers.to_vec()));
    out.push('\n');
    for row in &rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
        out.push('\n');
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_asset_once_in_order() {
        let html = r#"<link rel="modulepreload" href="/pkg/parta.js"><link rel="preload" href="/pkg/parta_bg.wasm" as="fetch">
            <link rel="stylesheet" id="leptos" href="/pkg/parta.css"><script>import('/pkg/parta.js').then(m => m.default('/pkg/parta_bg.wasm'))</script>
            <a href="/pkg/">not a file</a>"#;
        assert_eq!(assets(html), vec!["/pkg/parta.js", "/pkg/parta_bg.wasm", "/pkg/parta.css"]);
        assert!(assets("<p>no scripts</p>").is_empty());
        assert!(has_islands(r#"<leptos-island data-component="_island_GridIsland_1">"#));
        assert!(!has_islands(r#"<script>document.querySelectorAll("leptos-island")</script>"#));
    }

    #[test]
    fn budget_counts_scripts_only() {
        let w = Weight { label: "x".into(), html_br: 10, script_br: 300 * 1024, style_br: 5, budget: Some(BUDGET_LIGHT), ..Weight::default() };
        assert_eq!(w.held(), Some(false));
        assert_eq!(w.first_visit_br(), 10 + 300 * 1024 + 5);
        let light = Weight { script_br: 100, ..w.clone() };
        assert_eq!(light.held(), Some(true));
        let t = table(&[w, Weight { label: "free".into(), ..Weight::default() }]);
        let lines: Vec<&str> = t.lines().collect();
        assert!(lines[1].starts_with("page (KB)"));
        assert!(lines[2].ends_with("250.0    NO"), "{}", lines[2]);
        assert!(lines[3].ends_with("—     —"), "{}", lines[3]);
    }
}
