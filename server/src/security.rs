//! What every answer carries for the browser's protection, and the one check on cross-site
//! writes (issue 22, defect 7). Pages set their own Content-Security-Policy with the nonce of
//! their one inline script (`app::headers`); everything else gets a strict default here.

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use http::{header, HeaderValue, Method, Request, StatusCode};

/// For answers that are not pages (files, downloads, errors): nothing inline, nothing framed.
const DEFAULT_POLICY: &str = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

/// Whether an answer of this type may be kept by a browser or a proxy: the stylesheet, scripts,
/// WASM, icons and fonts may; pages, server functions, downloads and calendars (personal data)
/// may not.
fn cacheable(content_type: &str) -> bool {
    ["text/css", "text/javascript", "application/javascript", "application/wasm", "image/", "font/"]
        .iter()
        .any(|kind| content_type.starts_with(kind))
}

/// The headers every answer gets unless its handler chose otherwise; `https` adds HSTS (only
/// behind https: over http it would be ignored, and it must not pin a test server).
pub async fn headers(https: bool, request: Request<Body>, next: axum::middleware::Next) -> Response {
    let mut response = next.run(request).await;
    let cacheable = cacheable(response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or(""));
    let h = response.headers_mut();
    h.entry(header::X_CONTENT_TYPE_OPTIONS).or_insert(HeaderValue::from_static("nosniff"));
    h.entry(header::X_FRAME_OPTIONS).or_insert(HeaderValue::from_static("DENY"));
    h.entry(header::REFERRER_POLICY).or_insert(HeaderValue::from_static("same-origin"));
    h.entry(header::CONTENT_SECURITY_POLICY).or_insert(HeaderValue::from_static(DEFAULT_POLICY));
    if !cacheable {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    }
    if https {
        h.entry(header::STRICT_TRANSPORT_SECURITY).or_insert(HeaderValue::from_static("max-age=31536000"));
    }
    response
}

/// A request that changes something must come from Parta's own pages: a browser says where a
/// request comes from (`Sec-Fetch-Site`, or at least `Origin`), and a form or script on another
/// site is refused before it reaches any handler. SameSite cookies alone leave sibling sites
/// and older browsers open. Requests without either header (curl, the tests, old browsers) pass:
/// they carry no other site's intent.
pub async fn same_origin_writes(request: Request<Body>, next: axum::middleware::Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    let cross = match site {
        Some(site) => site != "same-origin" && site != "none",
        None => match (headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()), headers.get(header::HOST).and_then(|v| v.to_str().ok())) {
            (Some(origin), Some(host)) => origin_host(origin) != Some(host),
            (Some(_), None) => true,
            (None, _) => false,
        },
    };
    if cross {
        tracing::warn!(method = %request.method(), path = %request.uri().path(), ?site, "cross-site write refused");
        return (StatusCode::FORBIDDEN, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], "Запрос с другого сайта отклонён.").into_response();
    }
    next.run(request).await
}

/// `host:port` of an `Origin` (`http://host:port`); `None` for `null` and anything else.
fn origin_host(origin: &str) -> Option<&str> {
    origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://")).filter(|rest| !rest.is_empty() && !rest.contains('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_origin_names_its_host() {
        assert_eq!(origin_host("http://127.0.0.1:3000"), Some("127.0.0.1:3000"));
        assert_eq!(origin_host("https://school.example"), Some("school.example"));
        assert_eq!(origin_host("null"), None);
        assert_eq!(origin_host("http://evil.example/path"), None);
    }

    #[test]
    fn only_assets_are_cacheable() {
        assert!(cacheable("application/wasm") && cacheable("text/css") && cacheable("image/svg+xml"));
        assert!(!cacheable("text/html; charset=utf-8") && !cacheable("application/json") && !cacheable("text/calendar") && !cacheable("application/pdf"));
    }
}
