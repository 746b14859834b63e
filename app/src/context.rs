//! What the host hands every page render and server function (ssr only).

use crate::db::Db;
use crate::error::AppError;
use leptos::prelude::*;
use std::sync::Arc;

/// Settings the application itself needs (the host's full configuration stays in `server`).
#[derive(Clone, Debug)]
pub struct AppSettings {
    /// Cookies get `Secure` (and the `__Host-` prefix) when the public URL is https.
    pub secure_cookies: bool,
    pub public_base_url: String,
    pub session_ttl_secs: i64,
    /// Signs tokens in links sent by mail and SMS.
    pub secret_key: Arc<str>,
}

#[derive(Clone)]
pub struct ServerContext {
    pub db: Db,
    pub settings: Arc<AppSettings>,
    /// Live updates: publish after a commit; the host streams them to open screens.
    pub live: crate::live::LiveHub,
    /// Rendered journal grids of this process (checked against the database on every read).
    pub journal_grids: crate::journal::grid::read::GridCache,
    /// Policy facts that the schools' structure alone decides, kept while it is unchanged.
    pub policy_facts: crate::policy::FactsCache,
    /// The session reads of requests arriving together, one statement for them all.
    pub sessions: crate::accounts::session_reads::SessionReads,
    /// The people list's order per school and filter, kept while the school's stamp is unchanged.
    pub people_orders: crate::people::server::PeopleOrders,
}

/// The context of the current request, or an operator-visible internal error.
pub fn server_context() -> Result<ServerContext, AppError> {
    use_context::<ServerContext>()
        .ok_or_else(|| AppError::internal("context", "ServerContext was not provided"))
}

/// A cookie of the current request, read in place (the request's head is not copied: pages ask
/// for the session and the language on every render).
pub fn request_cookie(name: &str) -> Option<String> {
    with_context::<http::request::Parts, _>(|parts| crate::cookies::get(&parts.headers, name)).flatten()
}

/// The current request's headers.
pub fn request_parts() -> Result<http::request::Parts, AppError> {
    use_context::<http::request::Parts>()
        .ok_or_else(|| AppError::internal("context", "request parts were not provided"))
}
