//! Prometheus metrics without a dependency: request counts by route and status class, and a
//! latency histogram by route. Routes are axum's matched paths, so the label set stays small.

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::{Arc, Mutex};
use std::time::Instant;

const BUCKETS_SECS: [f64; 11] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0];

#[derive(Default)]
struct Histogram {
    buckets: [u64; BUCKETS_SECS.len()],
    count: u64,
    sum: f64,
}

#[derive(Default)]
struct Inner {
    requests: BTreeMap<(String, String, u16), u64>,
    latency: BTreeMap<String, Histogram>,
}

#[derive(Clone, Default)]
pub struct Metrics {
    inner: Arc<Mutex<Inner>>,
    started: Arc<std::sync::OnceLock<Instant>>,
}

impl Metrics {
    pub fn new() -> Metrics {
        let m = Metrics::default();
        let _ = m.started.set(Instant::now());
        m
    }

    pub fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let mut inner = self.inner.lock().expect("metrics lock");
        *inner.requests.entry((method.to_string(), route.to_string(), status)).or_default() += 1;
        let h = inner.latency.entry(route.to_string()).or_default();
        h.count += 1;
        h.sum += seconds;
        for (i, bound) in BUCKETS_SECS.iter().enumerate() {
            if seconds <= *bound {
                h.buckets[i] += 1;
            }
        }
    }

    /// The text exposition format.
    pub fn render(&self) -> String {
        let inner = self.inner.lock().expect("metrics lock");
        let mut out = String::new();
        let uptime = self.started.get().map(|s| s.elapsed().as_secs_f64()).unwrap_or(0.0);
        let _ = writeln!(out, "# HELP parta_uptime_seconds Seconds since the server started.");
        let _ = writeln!(out, "# TYPE parta_uptime_seconds gauge");
        let _ = writeln!(out, "parta_uptime_seconds {uptime:.3}");
        let _ = writeln!(out, "# HELP parta_http_requests_total HTTP requests by method, route and status.");
        let _ = writeln!(out, "# TYPE parta_http_requests_total counter");
        for ((method, route, status), n) in &inner.requests {
            let _ = writeln!(
                out,
                "parta_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {n}",
                escape(route)
            );
        }
        let _ = writeln!(out, "# HELP parta_http_request_duration_seconds Time to the response head, by route.");
        let _ = writeln!(out, "# TYPE parta_http_request_duration_seconds histogram");
        for (route, h) in &inner.latency {
            let route = escape(route);
            for (i, bound) in BUCKETS_SECS.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "parta_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {}",
                    h.buckets[i]
                );
            }
            let _ = writeln!(out, "parta_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}", h.count);
            let _ = writeln!(out, "parta_http_request_duration_seconds_sum{{route=\"{route}\"}} {:.6}", h.sum);
            let _ = writeln!(out, "parta_http_request_duration_seconds_count{{route=\"{route}\"}} {}", h.count);
        }
        out
    }
}

fn escape(label: &str) -> String {
    label.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Middleware: times every request.
pub async fn track(State(metrics): State<Metrics>, request: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = request.method().to_string();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| if request.uri().path().starts_with("/pkg/") { "/pkg/*".into() } else { "other".into() });
    let response = next.run(request).await;
    metrics.observe(&method, &route, response.status().as_u16(), start.elapsed().as_secs_f64());
    response
}

pub async fn endpoint(State(metrics): State<Metrics>) -> impl IntoResponse {
    ([(http::header::CONTENT_TYPE, "text/plain; version=0.0.4")], metrics.render())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_and_cumulative_buckets() {
        let m = Metrics::new();
        m.observe("GET", "/login", 200, 0.003);
        m.observe("GET", "/login", 200, 0.2);
        m.observe("POST", "/api/{*fn}", 400, 0.001);
        let text = m.render();
        assert!(text.contains("parta_http_requests_total{method=\"GET\",route=\"/login\",status=\"200\"} 2"));
        assert!(text.contains("parta_http_requests_total{method=\"POST\",route=\"/api/{*fn}\",status=\"400\"} 1"));
        assert!(text.contains("parta_http_request_duration_seconds_bucket{route=\"/login\",le=\"0.005\"} 1"));
        assert!(text.contains("parta_http_request_duration_seconds_bucket{route=\"/login\",le=\"0.25\"} 2"));
        assert!(text.contains("parta_http_request_duration_seconds_count{route=\"/login\"} 2"));
    }
}
