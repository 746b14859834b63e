//! The headers of a rendered page (server only). Its Content-Security-Policy lets in the page's
//! one inline script (the island loader) by the nonce this render made, Parta's own scripts and
//! WASM, and nothing else inline: a stored script that slipped through escaping would not run.
//! The other headers every answer gets are the host's (`server/src/security.rs`).

use leptos::prelude::*;

/// Where else a form may lead: «Выход» after a Gosuslugi sign-in posts here and is redirected
/// to ESIA's logout, and a form's redirects count as its target. Set once by the host.
static FORM_TARGET: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Lets forms lead to `url`'s origin too (the host calls it when Gosuslugi is configured).
pub fn allow_form_target(url: &str) {
    let origin = url.split('/').take(3).collect::<Vec<_>>().join("/");
    let _ = FORM_TARGET.set(origin);
}

/// The policy of a page rendered with `nonce`.
pub fn page_policy(nonce: &str) -> String {
    let elsewhere = FORM_TARGET.get().map(|o| format!(" {o}")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'{elsewhere}; object-src 'none'"
    )
}

/// Called by the shell before anything renders: a fresh nonce for this page (Leptos puts it on
/// every inline script it writes, the island loader takes it too) and the policy naming it.
pub fn protect_page() {
    leptos::nonce::provide_nonce();
    let (Some(nonce), Some(response)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>()) else { return };
    if let Ok(value) = http::HeaderValue::from_str(&page_policy(&nonce)) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}
