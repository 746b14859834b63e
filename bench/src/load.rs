//! Sign-in and the closed-loop load itself.

use crate::stats::Summary;
use crate::wire::{Target, Wire};
use bytes::Bytes;
use http::{HeaderName, HeaderValue, Method};
use reqwest::header::{HeaderMap, ACCEPT, CONTENT_TYPE, COOKIE, SET_COOKIE};
use reqwest::{Client, StatusCode};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long one request of the load may take before it counts as an error.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Password of every demo account.
pub const DEMO_PASSWORD: &str = "Parta-2026";

/// Demo logins and the start page each one lands on.
pub const ROLES: [(&str, &str); 5] = [
    ("admin", "/admin"),
    ("uchitel", "/teacher"),
    ("uchenik", "/diary"),
    ("roditel", "/parent"),
    ("region", "/region"),
];

/// The session cookie; with secure cookies on, the server uses the `__Host-` variant.
const SESSION_COOKIES: [&str; 2] = ["parta_session", "__Host-parta_session"];

/// A failure that ends the run: its one-line message and exit code.
#[derive(Debug)]
pub struct Fatal {
    pub code: u8,
    pub message: String,
}

impl Fatal {
    pub fn new(code: u8, message: impl Into<String>) -> Self {
        Fatal {
            code,
            message: message.into(),
        }
    }
}

/// The client for the one-off calls (sign-in, setup, the journal's saves); the load itself
/// goes over each worker's own connection (`wire`).
pub fn client() -> Result<Client, Fatal> {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .tcp_nodelay(true)
        .connect_timeout(Duration::from_secs(5))
        .timeout(REQUEST_TIMEOUT)
        .build()
        .map_err(|e| {
            Fatal::new(
                1,
                format!("cannot build the HTTP client: {}", root_cause(&e)),
            )
        })
}

/// The innermost cause of an error, e.g. "Connection refused (os error 111)".
pub fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

/// One request to see that somebody answers at `url` at all.
pub async fn probe(client: &Client, url: &str) -> Result<(), Fatal> {
    let target = format!("{url}/login");
    match client
        .get(&target)
        .timeout(Duration::from_secs(10))
        .send()
        .await
    {
        Ok(resp) => {
            let _ = resp.bytes().await;
            Ok(())
        }
        Err(e) => Err(Fatal::new(
            1,
            format!("server not reachable at {url}: {}", root_cause(&e)),
        )),
    }
}

/// `name=value` of the session cookie set by a response, if any.
pub fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| SESSION_COOKIES.contains(name) && !value.is_empty())
        .map(|(name, value)| format!("{name}={value}"))
}

pub fn form_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

pub fn sign_in_body(login: &str) -> String {
    format!(
        "login={}&password={}",
        form_encode(login),
        form_encode(DEMO_PASSWORD)
    )
}

/// A server function called as the hydrated page calls it: a form body, JSON back.
pub fn server_fn_request(client: &Client, url: &str, cookie: &str, body: String) -> reqwest::RequestBuilder {
    client
        .post(url)
        .header(COOKIE, cookie)
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(ACCEPT, "application/json")
        .body(body)
}

/// Calls a server function as the hydrated page does and decodes its JSON answer; any failure
/// ends the run, naming the endpoint.
pub async fn call(client: &Client, url: &str, cookie: &str, endpoint: &str, body: String) -> Result<serde_json::Value, Fatal> {
    let resp = server_fn_request(client, &format!("{url}/api/{endpoint}"), cookie, body)
        .send()
        .await
        .map_err(|e| Fatal::new(1, format!("{endpoint}: {}", root_cause(&e))))?;
    let status = resp.status();
    let text = resp.text().await.unwrap_or_default();
    if !status.is_success() {
        return Err(Fatal::new(1, format!("{endpoint}: HTTP {status}: {text}")));
    }
    serde_json::from_str(&text).map_err(|e| Fatal::new(1, format!("{endpoint}: {e}")))
}

fn sign_in_request(client: &Client, url: &str, body: String) -> reqwest::RequestBuilder {
    client
        .post(format!("{url}/api/sign_in"))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(ACCEPT, "application/json")
        .body(body)
}

/// Signs in as `login`; returns the cookie pair to send back (`parta_session=<value>`).
pub async fn sign_in(client: &Client, url: &str, login: &str) -> Result<String, Fatal> {
    let resp = sign_in_request(client, url, sign_in_body(login))
        .send()
        .await
        .map_err(|e| Fatal::new(1, format!("sign-in as {login} failed: {}", root_cause(&e))))?;
    let status = resp.status();
    let cookie = session_cookie(resp.headers());
    let body = resp.text().await.unwrap_or_default();
    cookie.ok_or_else(|| {
        let mut body = body.trim().replace('\n', " ");
        if body.len() > 2000 {
            let cut = (0..=2000)
                .rev()
                .find(|&i| body.is_char_boundary(i))
                .unwrap_or(0);
            body.truncate(cut);
            body.push_str(" …");
        }
        Fatal::new(
            1,
            format!(
                "sign-in as {login} failed: HTTP {status}, no session cookie; body: {}",
                if body.is_empty() { "(empty)" } else { &body }
            ),
        )
    })
}

/// `n` sessions of `login`, two sign-ins at a time (a sign-in is a deliberately slow password
/// check).
pub async fn sessions(client: &Client, url: &str, login: &str, n: usize) -> Result<Vec<String>, Fatal> {
    let mut cookies = Vec::with_capacity(n);
    while cookies.len() < n {
        let pair = n - cookies.len() > 1;
        let (a, b) = tokio::join!(sign_in(client, url, login), async {
            if pair {
                sign_in(client, url, login).await.map(Some)
            } else {
                Ok(None)
            }
        });
        cookies.push(a?);
        cookies.extend(b?);
    }
    Ok(cookies)
}

/// What one worker sends, over and over, on its own kept-alive connection (`wire`).
pub enum Job {
    /// GET a page, with an optional `Cookie` header; success is 200 with a non-empty body.
    Page { target: Target, headers: Sessions },
    /// POST the sign-in form; success is a response that sets the session cookie.
    SignIn { target: Target, headers: Vec<(HeaderName, HeaderValue)>, body: Bytes },
    /// POST a server function's form, the bodies in turn; success is 200 (whose body contains
    /// `expect`, when given).
    Post { target: Target, headers: Sessions, bodies: Vec<Bytes>, next: AtomicUsize, expect: Option<&'static str> },
}

/// A request's headers, one set per session, taken in turn. Many people load a page at once,
/// each with a session of their own; with one session shared by every worker, a server that
/// gathers the session reads of concurrent requests would read one session where it really
/// reads many (`with_sessions`).
pub struct Sessions {
    sets: Vec<Vec<(HeaderName, HeaderValue)>>,
    next: AtomicUsize,
}

impl Sessions {
    fn one(headers: Vec<(HeaderName, HeaderValue)>) -> Sessions {
        Sessions { sets: vec![headers], next: AtomicUsize::new(0) }
    }

    fn next(&self) -> &[(HeaderName, HeaderValue)] {
        &self.sets[self.next.fetch_add(1, Ordering::Relaxed) % self.sets.len()]
    }

    /// The same headers with each of `cookies` in turn for the `Cookie` header.
    fn with_cookies(self, cookies: &[String]) -> Result<Sessions, Fatal> {
        let Some(first) = self.sets.into_iter().next() else { return Err(Fatal::new(1, "a job without headers")) };
        let sets = cookies
            .iter()
            .map(|c| {
                let mut set: Vec<_> = first.iter().filter(|(name, _)| *name != COOKIE).cloned().collect();
                set.push(header(COOKIE, c)?);
                Ok(set)
            })
            .collect::<Result<Vec<_>, Fatal>>()?;
        Ok(Sessions { sets, next: AtomicUsize::new(0) })
    }
}

fn header(name: HeaderName, value: &str) -> Result<(HeaderName, HeaderValue), Fatal> {
    HeaderValue::from_str(value).map(|v| (name.clone(), v)).map_err(|e| Fatal::new(1, format!("bad {name} header: {e}")))
}

fn target(url: &str) -> Result<Target, Fatal> {
    Target::parse(url).map_err(|e| Fatal::new(2, e))
}

fn form_headers(cookie: Option<&str>) -> Result<Vec<(HeaderName, HeaderValue)>, Fatal> {
    let mut headers = vec![
        header(CONTENT_TYPE, "application/x-www-form-urlencoded")?,
        header(ACCEPT, "application/json")?,
    ];
    if let Some(c) = cookie {
        headers.push(header(COOKIE, c)?);
    }
    Ok(headers)
}

impl Job {
    pub fn page(url: &str, cookie: Option<&str>) -> Result<Job, Fatal> {
        let headers = cookie.map(|c| header(COOKIE, c)).into_iter().collect::<Result<_, _>>()?;
        Ok(Job::Page { target: target(url)?, headers: Sessions::one(headers) })
    }

    pub fn sign_in(base: &str, body: String) -> Result<Job, Fatal> {
        Ok(Job::SignIn { target: target(&format!("{base}/api/sign_in"))?, headers: form_headers(None)?, body: body.into() })
    }

    pub fn post(url: &str, cookie: &str, bodies: Vec<String>, expect: Option<&'static str>) -> Result<Job, Fatal> {
        let bodies = bodies.into_iter().map(Bytes::from).collect();
        Ok(Job::Post { target: target(url)?, headers: Sessions::one(form_headers(Some(cookie))?), bodies, next: AtomicUsize::new(0), expect })
    }

    /// The job with each worker's requests spread over these sessions (`Sessions`); a job sent
    /// without a session stays as it is.
    pub fn with_sessions(self, cookies: &[String]) -> Result<Job, Fatal> {
        Ok(match self {
            Job::Page { target, headers } if headers.sets.iter().any(|set| set.iter().any(|(name, _)| *name == COOKIE)) => {
                Job::Page { target, headers: headers.with_cookies(cookies)? }
            }
            Job::Post { target, headers, bodies, next, expect } => Job::Post { target, headers: headers.with_cookies(cookies)?, bodies, next, expect },
            other => other,
        })
    }

    async fn once(&self, wire: &mut Wire) -> Result<(), String> {
        match self {
            Job::Page { target, headers } => {
                let answer = wire.send(target, Method::GET, headers.next(), Bytes::new()).await?;
                if answer.status != StatusCode::OK {
                    Err(format!("HTTP {}", answer.status))
                } else if answer.body.is_empty() {
                    Err("HTTP 200 with an empty body".to_string())
                } else {
                    Ok(())
                }
            }
            Job::Post { target, headers, bodies, next, expect } => {
                let body = bodies[next.fetch_add(1, Ordering::Relaxed) % bodies.len()].clone();
                let answer = wire.send(target, Method::POST, headers.next(), body).await?;
                let text = String::from_utf8_lossy(&answer.body);
                match expect {
                    _ if answer.status != StatusCode::OK => Err(format!("HTTP {}: {text}", answer.status)),
                    Some(word) if !text.contains(word) => Err(format!("no «{word}» in {text}")),
                    _ => Ok(()),
                }
            }
            Job::SignIn { target, headers, body } => {
                let answer = wire.send(target, Method::POST, headers, body.clone()).await?;
                if session_cookie(&answer.headers).is_some() {
                    Ok(())
                } else {
                    Err(format!("HTTP {} without a session cookie", answer.status))
                }
            }
        }
    }
}

struct WorkerResult {
    latencies_us: Vec<u32>,
    errors: u64,
    first_error: Option<String>,
}

/// `warmup` unrecorded, then `seconds` recorded, of `concurrency` workers each sending the next
/// request as soon as the previous one is answered. Requests that start within the recorded
/// window are counted; throughput is over the time until the last of them is answered.
pub async fn run(
    label: &str,
    job: Job,
    concurrency: usize,
    warmup: u64,
    seconds: u64,
) -> Summary {
    let job = Arc::new(job);
    let start = Instant::now();
    let measure_from = start + Duration::from_secs(warmup);
    let stop_at = measure_from + Duration::from_secs(seconds);

    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let job = job.clone();
            tokio::spawn(async move {
                let mut wire = Wire::default();
                let mut r = WorkerResult {
                    latencies_us: Vec::with_capacity(1024),
                    errors: 0,
                    first_error: None,
                };
                loop {
                    let t0 = Instant::now();
                    if t0 >= stop_at {
                        break;
                    }
                    let outcome = match tokio::time::timeout(REQUEST_TIMEOUT, job.once(&mut wire)).await {
                        Ok(outcome) => outcome,
                        Err(_) => {
                            wire = Wire::default();
                            Err(format!("no answer within {} s", REQUEST_TIMEOUT.as_secs()))
                        }
                    };
                    let us = t0.elapsed().as_micros().min(u128::from(u32::MAX)) as u32;
                    if t0 >= measure_from {
                        r.latencies_us.push(us);
                        if let Err(e) = outcome {
                            r.errors += 1;
                            r.first_error.get_or_insert(e);
                        }
                    }
                }
                r
            })
        })
        .collect();

    let mut latencies = Vec::new();
    let mut errors = 0;
    let mut first_error = None;
    for w in workers {
        match w.await {
            Ok(r) => {
                latencies.extend(r.latencies_us);
                errors += r.errors;
                if first_error.is_none() {
                    first_error = r.first_error;
                }
            }
            Err(e) => {
                errors += 1;
                first_error.get_or_insert_with(|| format!("worker failed: {e}"));
            }
        }
    }
    let elapsed = Instant::now()
        .saturating_duration_since(measure_from)
        .as_secs_f64();
    Summary::new(
        label.to_string(),
        concurrency,
        latencies,
        errors,
        elapsed,
        first_error,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn finds_the_session_cookie_among_others() {
        let mut h = HeaderMap::new();
        h.append(SET_COOKIE, HeaderValue::from_static("lang=en; Path=/"));
        h.append(
            SET_COOKIE,
            HeaderValue::from_static("parta_session=abc-DEF_1; Path=/; HttpOnly; SameSite=Lax"),
        );
        assert_eq!(
            session_cookie(&h).as_deref(),
            Some("parta_session=abc-DEF_1")
        );
    }

    #[test]
    fn secure_variant_and_cleared_cookie() {
        let mut h = HeaderMap::new();
        h.append(
            SET_COOKIE,
            HeaderValue::from_static("__Host-parta_session=t; Path=/; Secure"),
        );
        assert_eq!(
            session_cookie(&h).as_deref(),
            Some("__Host-parta_session=t")
        );
        let mut cleared = HeaderMap::new();
        cleared.append(
            SET_COOKIE,
            HeaderValue::from_static("parta_session=; Path=/; Max-Age=0"),
        );
        assert_eq!(session_cookie(&cleared), None);
        let mut other = HeaderMap::new();
        other.append(SET_COOKIE, HeaderValue::from_static("xparta_session=t"));
        assert_eq!(session_cookie(&other), None);
    }

    #[test]
    fn sign_in_form_body() {
        assert_eq!(sign_in_body("admin"), "login=admin&password=Parta-2026");
        assert_eq!(form_encode("a b&c=d/é"), "a+b%26c%3Dd%2F%C3%A9");
    }
}
