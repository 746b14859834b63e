//! The sweep: every page route of the application (from `parta routes`, the router's own list),
//! as each demo role, under load. A role opens the routes its own pages link to (a breadth-first
//! walk from its start page); a route's parameters come from the first such link. A route no page
//! of the role links to is listed as such and not loaded; a linked page that does not answer 200
//! is listed as refused. Each page is then loaded by `concurrency` workers, each with a session
//! of its own.

use crate::load::{root_cause, Fatal};
use reqwest::header::COOKIE;
use reqwest::Client;
use std::collections::{HashSet, VecDeque};

/// The most pages the walk opens per role.
const WALK_LIMIT: usize = 120;

/// One route pattern's segments: `None` stands for a parameter.
pub struct Route {
    pub pattern: String,
    segments: Vec<Option<String>>,
}

impl Route {
    /// `/admin/people/{id}` or `/admin/people/:id`.
    pub fn parse(pattern: &str) -> Route {
        let segments = pattern
            .trim_matches('/')
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| if s.starts_with(':') || (s.starts_with('{') && s.ends_with('}')) || s.starts_with('*') { None } else { Some(s.to_string()) })
            .collect();
        Route { pattern: pattern.to_string(), segments }
    }

    /// Static segments: of two routes that match a path, the router takes the one with more.
    fn specificity(&self) -> usize {
        self.segments.iter().filter(|s| s.is_some()).count()
    }

    /// Whether a site path (its query ignored) is this route.
    pub fn matches(&self, path: &str) -> bool {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let parts: Vec<&str> = path.trim_matches('/').split('/').filter(|s| !s.is_empty()).collect();
        parts.len() == self.segments.len()
            && self.segments.iter().zip(&parts).all(|(want, got)| want.as_deref().is_none_or(|w| w == *got))
    }
}

/// The site links (`href="/…"`) of a document, unescaped, in order, each once.
pub fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for piece in html.split("href=\"").skip(1) {
        let Some(end) = piece.find('"') else { continue };
        let link = piece[..end].replace("&amp;", "&");
        if link.starts_with('/') && !link.starts_with("//") && !found.contains(&link) {
            found.push(link);
        }
    }
    found
}

/// What the sweep found for one role and route.
pub enum Found {
    /// Linked from the role's pages and opened with 200 at this path: loaded.
    Page(String),
    /// Linked, but it did not answer 200: what it answered.
    Refused(String),
    /// A route with parameters that no page of the role links to.
    NoLink,
}

async fn get(client: &Client, url: &str, cookie: &str) -> Result<(u16, String), Fatal> {
    let resp = client.get(url).header(COOKIE, cookie).send().await.map_err(|e| Fatal::new(1, format!("GET {url}: {}", root_cause(&e))))?;
    let status = resp.status().as_u16();
    let body = resp.text().await.unwrap_or_default();
    Ok((status, body))
}

/// For each route, what `cookie`'s role finds there.
pub async fn discover(client: &Client, url: &str, cookie: &str, start: &str, routes: &[Route]) -> Result<Vec<Found>, Fatal> {
    // Walk the role's own pages from its start page, following links to application routes.
    let mut seen: Vec<String> = Vec::new();
    let mut queue: VecDeque<String> = VecDeque::from([start.to_string()]);
    let mut visited: HashSet<String> = HashSet::new();
    while let Some(path) = queue.pop_front() {
        if visited.len() >= WALK_LIMIT || !visited.insert(path.clone()) {
            continue;
        }
        let (status, body) = get(client, &format!("{url}{path}"), cookie).await?;
        if status != 200 {
            continue;
        }
        seen.push(path);
        for link in links(&body) {
            if routes.iter().any(|r| r.matches(&link)) && !visited.contains(&link) {
                queue.push_back(link);
            }
        }
    }
    let mut out = Vec::new();
    for route in routes {
        // The role opens a route when one of its pages links to it. A path is this route's when
        // no route with more fixed segments takes it (`/admin/people/new` is not a person's page).
        let candidate = seen
            .iter()
            .find(|p| route.matches(p) && !routes.iter().any(|other| other.specificity() > route.specificity() && other.matches(p)))
            .cloned();
        out.push(match candidate {
            None => Found::NoLink,
            Some(path) => {
                let (status, _) = get(client, &format!("{url}{path}"), cookie).await?;
                if status == 200 {
                    Found::Page(path)
                } else {
                    Found::Refused(format!("HTTP {status}"))
                }
            }
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_match_paths_with_their_parameters() {
        let person = Route::parse("/admin/people/{id}");
        assert!(person.matches("/admin/people/42"));
        assert!(person.matches("/admin/people/42?tab=1"));
        assert!(!person.matches("/admin/people"));
        assert!(!person.matches("/admin/people/42/sheet.pdf"));
        let grid = Route::parse("/journal/:class/:subject");
        assert!(grid.matches("/journal/13/5?period=2"));
        assert!(!grid.matches("/journal/admin"));
        let people = Route::parse("/admin/people");
        assert!(people.matches("/admin/people?q=Ив"));
        assert!(Route::parse("/").matches("/"));
        assert!(Route::parse("/journal/lesson/{id}").specificity() > grid.specificity());
    }

    #[test]
    fn finds_site_links_once() {
        let html = r#"<a href="/journal/13/5?period=2&amp;group=1">x</a><a href="https://other">y</a>
            <a href="//cdn/x">z</a><link href="/pkg/parta.css"><a href="/journal/13/5?period=2&amp;group=1">again</a>"#;
        assert_eq!(links(html), vec!["/journal/13/5?period=2&group=1", "/pkg/parta.css"]);
    }
}
