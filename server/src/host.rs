//! The axum host: Leptos pages and server functions with the shared context, static files
//! (precompressed when the release build made them), health, metrics, language switch, errors.

use crate::config::Config;
use crate::metrics::{self, Metrics};
use app::context::{AppSettings, ServerContext};
use app::db::Db;
use app::i18n::LANG_COOKIE;
use app::{shell, App};
use axum::body::Body;
use axum::extract::{FromRef, Path, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::sync::Arc;
use tower::ServiceExt;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;

#[derive(Clone)]
pub struct HostState {
    pub leptos_options: LeptosOptions,
    pub ctx: ServerContext,
    pub metrics: Metrics,
}

impl FromRef<HostState> for LeptosOptions {
    fn from_ref(state: &HostState) -> Self {
        state.leptos_options.clone()
    }
}

impl FromRef<HostState> for Metrics {
    fn from_ref(state: &HostState) -> Self {
        state.metrics.clone()
    }
}

pub fn leptos_options(config: &Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("parta")
        .site_root(config.site_root.clone())
        .site_pkg_dir("pkg")
        .site_addr(config.bind)
        .env(if cfg!(debug_assertions) { leptos::config::Env::DEV } else { leptos::config::Env::PROD })
        .build()
}

pub fn server_context(config: &Config, db: Db, secret_key: String) -> ServerContext {
    let live = app::live::LiveHub::start(db.backend(), &config.database_url);
    ServerContext {
        db,
        live,
        journal_grids: Default::default(),
        policy_facts: Default::default(),
        sessions: Default::default(),
        people_orders: Default::default(),
        settings: Arc::new(AppSettings {
            secure_cookies: config.secure_cookies(),
            public_base_url: config.public_url.clone(),
            session_ttl_secs: config.session_ttl_hours * 3600,
            secret_key: secret_key.into(),
        }),
    }
}

/// Every page route of the application, as the router has them (`/admin/people/:id`).
pub fn page_routes() -> Vec<String> {
    let mut paths: Vec<String> = generate_route_list(App).iter().map(|r| r.path().to_string()).collect();
    paths.sort();
    paths.dedup();
    paths
}

pub fn router(config: &Config, ctx: ServerContext) -> Router {
    let leptos_options = leptos_options(config);
    let state = HostState { leptos_options: leptos_options.clone(), ctx: ctx.clone(), metrics: Metrics::new() };
    let routes = generate_route_list(App);
    let provide = {
        let ctx = ctx.clone();
        move || provide_request_context(&ctx)
    };

    Router::new()
        .route("/healthz", get(health))
        .route("/metrics", get(metrics::endpoint))
        .route("/lang/{code}", get(set_language))
        .route("/admin/people/{id}/sheet.pdf", get(person_sheet))
        .route("/admin/classes/{id}/sheets.pdf", get(class_sheets))
        .route("/admin/import/template.csv", get(import_template_csv))
        .route("/admin/import/template.xlsx", get(import_template_xlsx))
        .route(
            "/admin/import/upload",
            axum::routing::post(import_upload).layer(axum::extract::DefaultBodyLimit::max(app::people::import::MAX_FILE_BYTES + 64 * 1024)),
        )
        // Timetable import
        .route("/admin/timetable/import/template.csv", get(timetable_template_csv))
        .route(
            "/admin/timetable/import/upload",
            axum::routing::post(timetable_upload).layer(axum::extract::DefaultBodyLimit::max(app::people::import::MAX_FILE_BYTES + 64 * 1024)),
        )
        // Dated lessons, personal timetables, substitutions: the .ics download and subscription.
        .route("/timetable.ics", get(timetable_ics))
        .route("/calendar/{file}", get(calendar_feed))
        // Live updates: a Server-Sent Events stream of the topics a screen watches.
        .route("/live", get(live_stream))

        // Gosuslugi (ESIA) sign-in: the redirect to ESIA and the return from it.
        .route("/esia/start", get(esia_start))
        .route("/esia/callback", get(esia_callback))
        // The journal's missing parts: homework files on the lesson page (upload and download)
        .route(
            "/journal/lesson/{id}/files",
            axum::routing::post(homework_upload).layer(axum::extract::DefaultBodyLimit::max(app::journal::homework::types::MAX_FILE_BYTES + 64 * 1024)),
        )
        .route("/journal/files/{id}", get(homework_download))
        .leptos_routes_with_context(&state, routes, provide, {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(static_or_not_found)
        .layer(axum::middleware::from_fn(refusal_status))
        .layer(axum::middleware::from_fn(crate::security::same_origin_writes))
        .layer(axum::middleware::from_fn({
            let https = config.public_url.starts_with("https://");
            move |request, next| crate::security::headers(https, request, next)
        }))
        .layer(axum::middleware::from_fn_with_state(state.metrics.clone(), metrics::track))
        .layer(CompressionLayer::new().quality(CompressionLevel::Fastest))
        .layer(TraceLayer::new_for_http())
        .layer(CatchPanicLayer::custom(panic_page))
        .with_state(state)
}

/// What every page render and server function gets, afresh for each request: the shared
/// context and empty per-request memos (the session, the journal grids read).
fn provide_request_context(ctx: &ServerContext) {
    provide_context(ctx.clone());
    provide_context(app::accounts::session::RequestSession::default());
}

/// The invitation sheet of one person, as a PDF download.
async fn person_sheet(State(state): State<HostState>, Path(id): Path<i64>, headers: HeaderMap) -> Response {
    sheet_response(&state.ctx, &headers, app::people::sheet::Selection::Person(id)).await
}

/// The invitation sheets of a whole class (its pupils and their parents), one PDF.
async fn class_sheets(State(state): State<HostState>, Path(id): Path<i64>, headers: HeaderMap) -> Response {
    sheet_response(&state.ctx, &headers, app::people::sheet::Selection::Class(id)).await
}

async fn sheet_response(ctx: &ServerContext, headers: &HeaderMap, selection: app::people::sheet::Selection) -> Response {
    let me = match app::accounts::session::from_headers(ctx, headers).await {
        Ok(me) => me,
        Err(err) => return (StatusCode::from_u16(err.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)).into_response(),
    };
    match app::people::sheet::download(ctx, me, selection).await {
        Ok((file, bytes)) => (
            [
                (header::CONTENT_TYPE, "application/pdf".to_string()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")),
                (header::CACHE_CONTROL, "no-store".to_string()),
            ],
            bytes,
        )
            .into_response(),
        Err(app::error::AppError::Unauthorized) => Redirect::to("/login").into_response(),
        Err(err) => (StatusCode::from_u16(err.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), err.user_message(app::i18n::Lang::Ru)).into_response(),
    }
}

fn download(content_type: &'static str, file: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")),
        ],
        bytes,
    )
        .into_response()
}

async fn import_template_csv() -> Response {
    download("text/csv; charset=utf-8", "parta-import.csv", app::people::import::template::csv())
}

async fn import_template_xlsx() -> Response {
    download(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "parta-import.xlsx",
        app::people::import::template::xlsx_template(),
    )
}

/// The uploaded file's name and bytes from an import form (multipart, field `file`); `None`
/// when the body is over the limit.
async fn read_upload(multipart: &mut axum::extract::Multipart) -> Option<(String, Vec<u8>)> {
    let mut file_name = String::new();
    let mut bytes = Vec::new();
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("file") {
            file_name = field.file_name().unwrap_or_default().to_string();
            bytes = field.bytes().await.ok()?.to_vec();
        }
    }
    Some((file_name, bytes))
}

/// Where an upload's outcome sends the browser: the check's page, or back to the form (`page`)
/// with the reason the whole file cannot be used.
fn upload_outcome(page: &str, outcome: Result<Result<i64, app::i18n::Msg>, app::error::AppError>) -> Response {
    match outcome {
        Ok(Ok(id)) => Redirect::to(&format!("{page}/{id}")).into_response(),
        Ok(Err(msg)) => {
            let code = serde_json::to_string(&msg).unwrap_or_default();
            Redirect::to(&format!("{page}?error={}", code.trim_matches('"'))).into_response()
        }
        Err(app::error::AppError::Unauthorized) => Redirect::to("/login").into_response(),
        Err(err) => (StatusCode::from_u16(err.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), err.user_message(app::i18n::Lang::Ru)).into_response(),
    }
}

/// The import form's upload (multipart): checked and stored, then the outcome's page; a file
/// that cannot be used goes back to the form with its reason.
async fn import_upload(State(state): State<HostState>, headers: HeaderMap, mut multipart: axum::extract::Multipart) -> Response {
    let Some((file_name, bytes)) = read_upload(&mut multipart).await else {
        return Redirect::to("/admin/import?error=ImportTooBig").into_response();
    };
    let me = match app::accounts::session::from_headers(&state.ctx, &headers).await {
        Ok(me) => me,
        Err(err) => return StatusCode::from_u16(err.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR).into_response(),
    };
    upload_outcome("/admin/import", app::people::import::server::upload(&state.ctx, me, &file_name, &bytes).await)
}

async fn timetable_template_csv() -> Response {
    download("text/csv; charset=utf-8", "parta-raspisanie.csv", app::timetable::import::csv::template())
}

/// The timetable import's upload, the same way: a `.fet` or the CSV/XLSX template.
async fn timetable_upload(State(state): State<HostState>, headers: HeaderMap, mut multipart: axum::extract::Multipart) -> Response {
    let Some((file_name, bytes)) = read_upload(&mut multipart).await else {
        return Redirect::to("/admin/timetable/import?error=ImportTooBig").into_response();
    };
    let me = match app::accounts::session::from_headers(&state.ctx, &headers).await {
        Ok(me) => me,
        Err(err) => return StatusCode::from_u16(err.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR).into_response(),
    };
    upload_outcome("/admin/timetable/import", app::timetable::import::server::upload(&state.ctx, me, &file_name, &bytes).await)
}

#[derive(serde::Deserialize)]
struct TimetableQuery {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    id: i64,
}

const ICS: &str = "text/calendar; charset=utf-8";

/// A personal timetable as an .ics file, for a signed-in person who may see it.
async fn timetable_ics(State(state): State<HostState>, axum::extract::Query(q): axum::extract::Query<TimetableQuery>, headers: HeaderMap) -> Response {
    let me = match app::accounts::session::from_headers(&state.ctx, &headers).await {
        Ok(me) => me,
        Err(err) => return StatusCode::from_u16(err.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR).into_response(),
    };
    match app::timetable::personal::feed::download(&state.ctx, me, &q.kind, q.id).await {
        Ok((file, text)) => download(ICS, &file, text.into_bytes()),
        Err(app::error::AppError::Unauthorized) => Redirect::to("/login").into_response(),
        Err(err) => (StatusCode::from_u16(err.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), err.user_message(app::i18n::Lang::Ru)).into_response(),
    }
}

/// A private subscription a calendar app polls: `/calendar/<token>.ics`; 404 for an unknown or
/// revoked token.
async fn calendar_feed(State(state): State<HostState>, Path(file): Path<String>) -> Response {
    let token = file.strip_suffix(".ics").unwrap_or(&file);
    match app::timetable::personal::feed::subscription(&state.ctx, token).await {
        Ok(text) => ([(header::CONTENT_TYPE, ICS), (header::CACHE_CONTROL, "private, no-store")], text).into_response(),
        Err(err) => (StatusCode::from_u16(err.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), err.user_message(app::i18n::Lang::Ru)).into_response(),
    }
}

/// `/live?topic=a&topic=b`: one `data: <topic>` event per published change of those topics, and
/// `data: *` when events may have been lost (the screen then fetches its changes). Ends when the
/// server shuts down, so a graceful shutdown does not wait on open screens.
async fn live_stream(
    State(state): State<HostState>,
    axum::extract::Query(query): axum::extract::Query<Vec<(String, String)>>,
    headers: HeaderMap,
) -> Response {
    use axum::response::sse::{Event, KeepAlive, Sse};
    use tokio::sync::broadcast::error::RecvError;
    let requested = query.into_iter().filter(|(k, _)| k == "topic").map(|(_, v)| v).collect();
    let topics = match app::live::authorize_topics(&state.ctx, &headers, requested).await {
        Ok(topics) => topics,
        Err(err) => return StatusCode::from_u16(err.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR).into_response(),
    };
    let events = state.ctx.live.subscribe();
    let closed = state.ctx.live.closed();
    let stream = futures_util::stream::unfold((events, closed, topics), |(mut events, mut closed, topics)| async move {
        loop {
            let topic = tokio::select! {
                received = events.recv() => match received {
                    Ok(topic) => topic,
                    Err(RecvError::Lagged(_)) => app::live::RESYNC.into(),
                    Err(RecvError::Closed) => return None,
                },
                _ = closed.wait_for(|c| *c) => return None,
            };
            if &*topic == app::live::RESYNC || topics.iter().any(|t| **t == *topic) {
                let event = Event::default().data(&*topic);
                return Some((Ok::<Event, std::convert::Infallible>(event), (events, closed, topics)));
            }
        }
    });
    let mut response = Sse::new(stream).keep_alive(KeepAlive::new().interval(std::time::Duration::from_secs(15))).into_response();
    // Proxies (nginx) must pass events through at once.
    response.headers_mut().insert("x-accel-buffering", http::HeaderValue::from_static("no"));
    response.headers_mut().insert(header::CACHE_CONTROL, http::HeaderValue::from_static("no-store"));
    response
}

/// `/esia/start` and `/esia/callback`: the flow answers with a redirect and the cookies to set.
async fn esia_start(State(state): State<HostState>, axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>, headers: HeaderMap) -> Response {
    esia_redirect(app::esia::server::start(&state.ctx, &headers, &q).await)
}

async fn esia_callback(State(state): State<HostState>, axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>, headers: HeaderMap) -> Response {
    esia_redirect(app::esia::server::callback(&state.ctx, &headers, &q).await)
}

fn esia_redirect(outcome: Result<app::esia::server::Redirect, app::error::AppError>) -> Response {
    match outcome {
        Ok(r) => {
            let mut response = Redirect::to(&r.location).into_response();
            for cookie in r.cookies {
                if let Ok(value) = cookie.parse() {
                    response.headers_mut().append(header::SET_COOKIE, value);
                }
            }
            response.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
            response
        }
        Err(app::error::AppError::Unauthorized) => Redirect::to("/login").into_response(),
        Err(err) => {
            tracing::error!(error = ?err, "ESIA flow failed");
            Redirect::to("/esia/refused?reason=failed").into_response()
        }
    }
}

// The journal's missing parts: homework files on the lesson page

/// A homework file attached on the lesson page (multipart, field `file`): stored with its row,
/// then back to the lesson page; a refusal goes back as `?file_error=<message name>`, shown at
/// the field. A body over the limit never reaches the database.
async fn homework_upload(State(state): State<HostState>, Path(id): Path<i64>, headers: HeaderMap, mut multipart: axum::extract::Multipart) -> Response {
    let page = format!("/journal/lesson/{id}");
    let back = |msg: app::i18n::Msg| {
        let code = serde_json::to_string(&msg).unwrap_or_default();
        Redirect::to(&format!("{page}?file_error={}#homework-files", code.trim_matches('"'))).into_response()
    };
    let me = match app::accounts::session::from_headers(&state.ctx, &headers).await {
        Ok(me) => me,
        Err(err) => return StatusCode::from_u16(err.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR).into_response(),
    };
    let Some((file_name, bytes)) = read_upload(&mut multipart).await else {
        if me.is_none() {
            return Redirect::to("/login").into_response();
        }
        return back(app::i18n::Msg::HwFileTooBig);
    };
    match app::journal::homework::server::upload(&state.ctx, me, id, &file_name, &bytes).await {
        Ok(_) => Redirect::to(&format!("{page}?file=added#homework-files")).into_response(),
        Err(app::error::AppError::Invalid { msg, .. }) => back(msg),
        Err(app::error::AppError::Unauthorized) => Redirect::to("/login").into_response(),
        Err(err) => (StatusCode::from_u16(err.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), err.user_message(app::i18n::Lang::Ru)).into_response(),
    }
}

/// A homework file, for whoever may read the lesson's homework: an attachment with its UTF-8
/// name, its type from the name, never sniffed or rendered as a page of this site.
async fn homework_download(State(state): State<HostState>, Path(id): Path<i64>, headers: HeaderMap) -> Response {
    use app::journal::homework::types::content_disposition;
    let me = match app::accounts::session::from_headers(&state.ctx, &headers).await {
        Ok(me) => me,
        Err(err) => return StatusCode::from_u16(err.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR).into_response(),
    };
    match app::journal::homework::server::download(&state.ctx, me, id).await {
        Ok((name, content_type, bytes)) => (
            [
                (header::CONTENT_TYPE, content_type.to_string()),
                (header::CONTENT_DISPOSITION, content_disposition(&name)),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
                (header::CONTENT_SECURITY_POLICY, "sandbox".to_string()),
                (header::CACHE_CONTROL, "private, no-store".to_string()),
            ],
            bytes,
        )
            .into_response(),
        Err(app::error::AppError::Unauthorized) => Redirect::to("/login").into_response(),
        Err(err) => (StatusCode::from_u16(err.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), err.user_message(app::i18n::Lang::Ru)).into_response(),
    }
}

/// Server functions (registered by `leptos_routes_with_context`) answer every error with 500;
/// this gives a refusal its own status instead, so a wrong password is not a server failure.
async fn refusal_status(request: Request<Body>, next: axum::middleware::Next) -> Response {
    let is_server_fn = request.uri().path().starts_with("/api/");
    let response = with_retry_after(next.run(request).await);
    if !is_server_fn || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "").into_response();
    };
    if let Ok(err) = serde_json::from_slice::<app::error::AppError>(&bytes) {
        parts.status = StatusCode::from_u16(err.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    with_retry_after(Response::from_parts(parts, Body::from(bytes)))
}

/// A 503 (the database pool stayed busy, `AppError::Busy`) tells clients when to try again.
fn with_retry_after(mut response: Response) -> Response {
    if response.status() == StatusCode::SERVICE_UNAVAILABLE && !response.headers().contains_key(header::RETRY_AFTER) {
        response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from_static("5"));
    }
    response
}

/// Files from the site root (the `.br`/`.gz` siblings a release build wrote are preferred),
/// otherwise the application's own 404 page.
async fn static_or_not_found(State(state): State<HostState>, request: Request<Body>) -> Response {
    let root = state.leptos_options.site_root.to_string();
    let (parts, body) = request.into_parts();
    let probe = Request::from_parts(parts.clone(), Body::empty());
    let served = ServeDir::new(&root)
        .precompressed_br()
        .precompressed_gzip()
        .oneshot(probe)
        .await;
    match served {
        Ok(response) if response.status() != StatusCode::NOT_FOUND => response.map(Body::new),
        _ => {
            let ctx = state.ctx.clone();
            let options = state.leptos_options.clone();
            let handler = leptos_axum::render_app_to_stream_with_context(
                move || provide_request_context(&ctx),
                move || shell(options.clone()),
            );
            let mut response = handler(Request::from_parts(parts, body)).await.into_response();
            if response.status() == StatusCode::OK {
                *response.status_mut() = StatusCode::NOT_FOUND;
            }
            response
        }
    }
}

async fn health(State(state): State<HostState>) -> Response {
    // On the short reads' own connections (Db::read_all): a pool that every request of a busy
    // moment holds must not make the server look dead.
    let db = &state.ctx.db;
    match db.read_all(|| db.query("SELECT 1")).await {
        Ok(_) => (StatusCode::OK, "ok\n").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n").into_response()
        }
    }
}

/// Sets the language cookie and returns to the page the link was on (same site only).
async fn set_language(Path(code): Path<String>, headers: HeaderMap) -> Response {
    let Some(lang) = app::i18n::Lang::from_code(&code) else {
        return (StatusCode::NOT_FOUND, "unknown language").into_response();
    };
    let back = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.parse::<http::Uri>().ok())
        .and_then(|uri| uri.path_and_query().map(|pq| pq.as_str().to_string()))
        .filter(|p| p.starts_with('/') && !p.starts_with("//") && !p.starts_with("/lang/"))
        .unwrap_or_else(|| "/".into());
    let cookie = format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", lang.code());
    let mut response = Redirect::to(&back).into_response();
    if let Ok(value) = cookie.parse() {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// A panic anywhere becomes a calm Russian 500 page; the detail goes to the log.
fn panic_page(err: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail = err
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| err.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "unknown panic".into());
    tracing::error!(%detail, "request handler panicked");
    let page = "<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\">\
        <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
        <title>Ошибка — Парта</title><link rel=\"stylesheet\" href=\"/pkg/parta.css\"></head>\
        <body><main class=\"auth\"><section class=\"auth-card\"><h1>Ошибка</h1>\
        <p>Что-то пошло не так. Мы уже знаем об ошибке; попробуйте ещё раз через минуту.</p>\
        <p><a class=\"btn btn-primary\" href=\"/\">На главную</a></p></section></main></body></html>";
    (StatusCode::INTERNAL_SERVER_ERROR, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
}
