//! The ESIA sandbox: a loopback stand-in for Gosuslugi that speaks the same protocol as the real
//! ESIA, so every sign-in scenario can be tried and tested here. It verifies the client's GOST
//! `client_secret` and `client_certificate_hash` for real, refuses stale timestamps and replayed
//! states with ESIA-007xxx codes, shows a Gosuslugi-like sign-in page (pick a test person) and
//! the consent screen «Предоставить» / «Отказать», and issues tokens signed with its own GOST key.
//!
//! `parta esia-sandbox --bind 127.0.0.1:PORT [--dir DIR]`, or next to the server with
//! `PARTA_ESIA_SANDBOX=127.0.0.1:PORT`. Its key and certificate and a test client key and
//! certificate are generated into DIR on first start (`esia.key/.crt`, `client.key/.crt`).

use crate::demo::esia::{sandbox_persons, TestPerson};
use app::esia::client::parse_timestamp;
use app::esia::crypto::{self, GostSigner, Signer};
use app::esia::types::Level;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use openssl::x509::X509;
use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::path::{Path as FsPath, PathBuf};
use std::sync::{Arc, Mutex};

pub const CLIENT_ID: &str = "PARTA";
/// How far a request's timestamp may be from the sandbox's clock.
pub const TIMESTAMP_SLACK_SECS: i64 = 300;

/// The files the sandbox made (the Parta server is configured with them).
#[derive(Clone, Debug)]
pub struct SandboxFiles {
    pub esia_cert: PathBuf,
    pub client_key: PathBuf,
    pub client_cert: PathBuf,
}

/// Generates (once) the sandbox's and the test client's GOST keys and certificates in `dir`.
pub fn prepare(dir: &FsPath) -> Result<(SandboxFiles, PathBuf), String> {
    let (esia_key, esia_cert) = crypto::generate_test_pair(dir, "esia", "/CN=ESIA sandbox/O=Parta test").map_err(|e| e.to_string())?;
    let (client_key, client_cert) = crypto::generate_test_pair(dir, "client", "/CN=PARTA/O=Parta test client").map_err(|e| e.to_string())?;
    Ok((SandboxFiles { esia_cert, client_key, client_cert }, esia_key))
}

/// Which broken answers the sandbox gives (for the client's robustness tests): set with
/// `POST /sandbox/fault` (`mode=…`), back to normal with `mode=none`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fault {
    None,
    TokenGarbage,
    TokenBadSignature,
    TokenExpired,
    TokenWrongAudience,
    TokenWrongIssuer,
    TokenServerError,
    PersonGarbage,
    PersonWrongTypes,
    PersonHuge,
}

impl Fault {
    fn parse(s: &str) -> Option<Fault> {
        Some(match s {
            "none" => Fault::None,
            "token-garbage" => Fault::TokenGarbage,
            "token-bad-signature" => Fault::TokenBadSignature,
            "token-expired" => Fault::TokenExpired,
            "token-wrong-aud" => Fault::TokenWrongAudience,
            "token-wrong-iss" => Fault::TokenWrongIssuer,
            "token-500" => Fault::TokenServerError,
            "person-garbage" => Fault::PersonGarbage,
            "person-wrong-types" => Fault::PersonWrongTypes,
            "person-huge" => Fault::PersonHuge,
            _ => return None,
        })
    }
}

struct AuthRequest {
    client_id: String,
    redirect_uri: String,
    scope: String,
    state: String,
    oid: Option<String>,
}

struct CodeGrant {
    oid: String,
    client_id: String,
    redirect_uri: String,
    scope: String,
    created: i64,
}

struct Inner {
    requests: HashMap<String, AuthRequest>,
    seen_states: HashSet<String>,
    codes: HashMap<String, CodeGrant>,
    access: HashMap<String, (String, i64)>,
    refresh: HashMap<String, (String, String)>,
    fault: Fault,
}

#[derive(Clone)]
struct Sandbox {
    base_url: String,
    signer: Arc<GostSigner>,
    /// client_id → registered certificate and its hash.
    clients: Arc<HashMap<String, (X509, String)>>,
    persons: Arc<Vec<TestPerson>>,
    inner: Arc<Mutex<Inner>>,
}

impl Sandbox {
    fn issuer(&self) -> String {
        format!("{}/", self.base_url)
    }
}

/// Binds the sandbox and serves it in the background; returns its base URL and files.
pub async fn start(bind: SocketAddr, dir: &FsPath) -> Result<(String, SandboxFiles), String> {
    let (files, esia_key) = prepare(dir)?;
    let signer = GostSigner::from_files(&esia_key, &files.esia_cert).map_err(|e| e.to_string())?;
    let client_cert = crypto::load_certificate(&files.client_cert).map_err(|e| e.to_string())?;
    let client_hash = crypto::certificate_hash(&client_cert).map_err(|e| e.to_string())?;
    let listener = tokio::net::TcpListener::bind(bind).await.map_err(|e| format!("ESIA sandbox cannot listen on {bind}: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let base_url = format!("http://{addr}");
    let sandbox = Sandbox {
        base_url: base_url.clone(),
        signer: Arc::new(signer),
        clients: Arc::new(HashMap::from([(CLIENT_ID.to_string(), (client_cert, client_hash))])),
        persons: Arc::new(sandbox_persons()),
        inner: Arc::new(Mutex::new(Inner {
            requests: HashMap::new(),
            seen_states: HashSet::new(),
            codes: HashMap::new(),
            access: HashMap::new(),
            refresh: HashMap::new(),
            fault: Fault::None,
        })),
    };
    let app = Router::new()
        .route("/aas/oauth2/v2/ac", get(authorize))
        .route("/aas/oauth2/v2/ac/login", post(login))
        .route("/aas/oauth2/v2/ac/consent", post(consent))
        .route("/aas/oauth2/v3/te", post(token))
        .route("/rs/prns/{oid}", get(person))
        .route("/rs/prns/{oid}/{part}", get(person_part))
        .route("/idp/ext/Logout", get(logout))
        .route("/sandbox/fault", post(set_fault))
        .with_state(sandbox);
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!(error = %e, "ESIA sandbox stopped");
        }
    });
    Ok((base_url, files))
}

fn now() -> i64 {
    app::db::now()
}

fn random_id() -> String {
    app::accounts::session::new_token()
}

/// The sandbox accepts callbacks on loopback only (its stand-in for the registered addresses).
fn redirect_allowed(uri: &str) -> bool {
    ["http://127.0.0.1:", "http://localhost:", "http://[::1]:"].iter().any(|p| uri.starts_with(p)) && uri.ends_with("/esia/callback") && uri.len() < 300
}

fn with_query(uri: &str, pairs: &[(&str, &str)]) -> String {
    format!("{uri}{}{}", if uri.contains('?') { '&' } else { '?' }, app::esia::client::query_string(pairs))
}

fn error_redirect(redirect_uri: &str, state: &str, code: &str, text: &str) -> Response {
    tracing::info!(code, text, "ESIA sandbox refused the request");
    let description = format!("{code}: {text}");
    Redirect::to(&with_query(redirect_uri, &[("error", "invalid_request"), ("error_description", &description), ("state", state)])).into_response()
}

fn error_page(status: StatusCode, code: &str, text: &str) -> Response {
    (status, Html(page("Ошибка", &format!("<p class=\"err\"><strong>{code}</strong>: {}</p>", esc(text))))).into_response()
}

fn token_error(code: &str, text: &str) -> Response {
    tracing::info!(code, text, "ESIA sandbox refused the token request");
    (StatusCode::BAD_REQUEST, axum::Json(serde_json::json!({ "error": "invalid_request", "error_description": format!("{code}: {text}") }))).into_response()
}

/// Checks a signed request: client, certificate hash, timestamp, `client_secret` over `parts`,
/// and a never-seen `state`. `Err((code, text))` in ESIA's terms.
fn check_signed(sb: &Sandbox, p: &HashMap<String, String>, parts: &[&str]) -> Result<(), (&'static str, String)> {
    let client_id = p.get("client_id").map(String::as_str).unwrap_or_default();
    let Some((cert, hash)) = sb.clients.get(client_id) else {
        return Err(("ESIA-007013", format!("неизвестная система-клиент «{client_id}»")));
    };
    if p.get("client_certificate_hash").map(|h| h.to_ascii_lowercase()) != Some(hash.clone()) {
        return Err(("ESIA-007003", "client_certificate_hash не соответствует сертификату системы-клиента".into()));
    }
    let ts = p.get("timestamp").and_then(|t| parse_timestamp(t)).ok_or(("ESIA-007007", "неверный формат timestamp".to_string()))?;
    if (now() - ts).abs() > TIMESTAMP_SLACK_SECS {
        return Err(("ESIA-007007", "timestamp устарел или из будущего".into()));
    }
    let secret = p.get("client_secret").and_then(|s| crypto::b64url_decode(s)).ok_or(("ESIA-007002", "client_secret не в base64url".to_string()))?;
    let data: String = parts.concat();
    if crypto::verify_detached(&secret, data.as_bytes(), cert).is_err() {
        return Err(("ESIA-007002", "подпись client_secret не прошла проверку".into()));
    }
    let state = p.get("state").map(String::as_str).unwrap_or_default();
    let uuid_like = state.len() == 36 && state.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
    if !uuid_like {
        return Err(("ESIA-007014", "state должен быть UUID".into()));
    }
    let mut inner = sb.inner.lock().expect("sandbox state");
    if !inner.seen_states.insert(state.to_string()) {
        return Err(("ESIA-007005", "повторный запрос с тем же state".into()));
    }
    Ok(())
}

const REQUIRED_AC: [&str; 8] = ["client_id", "client_secret", "redirect_uri", "scope", "response_type", "state", "timestamp", "client_certificate_hash"];

async fn authorize(State(sb): State<Sandbox>, Query(p): Query<HashMap<String, String>>) -> Response {
    let redirect_uri = p.get("redirect_uri").cloned().unwrap_or_default();
    if !redirect_allowed(&redirect_uri) {
        return error_page(StatusCode::BAD_REQUEST, "ESIA-007009", "redirect_uri не зарегистрирован для системы-клиента");
    }
    let state = p.get("state").cloned().unwrap_or_default();
    if let Some(missing) = REQUIRED_AC.iter().find(|k| p.get(**k).is_none_or(|v| v.is_empty())) {
        return error_redirect(&redirect_uri, &state, "ESIA-007014", &format!("нет обязательного параметра {missing}"));
    }
    if p["response_type"] != "code" {
        return error_redirect(&redirect_uri, &state, "ESIA-007015", "response_type должен быть code");
    }
    let parts = [p["client_id"].as_str(), p["scope"].as_str(), p["timestamp"].as_str(), p["state"].as_str(), p["redirect_uri"].as_str()];
    if let Err((code, text)) = check_signed(&sb, &p, &parts) {
        return error_redirect(&redirect_uri, &state, code, &text);
    }
    let sid = random_id();
    sb.inner.lock().expect("sandbox state").requests.insert(
        sid.clone(),
        AuthRequest { client_id: p["client_id"].clone(), redirect_uri, scope: p["scope"].clone(), state, oid: None },
    );
    Html(sign_in_page(&sb.persons, &sid)).into_response()
}

#[derive(serde::Deserialize)]
struct LoginForm {
    sid: String,
    oid: String,
}

async fn login(State(sb): State<Sandbox>, Form(f): Form<LoginForm>) -> Response {
    let Some(person) = sb.persons.iter().find(|p| p.oid == f.oid) else {
        return error_page(StatusCode::BAD_REQUEST, "ESIA-007014", "неизвестный пользователь");
    };
    let mut inner = sb.inner.lock().expect("sandbox state");
    let Some(request) = inner.requests.get_mut(&f.sid) else {
        return error_page(StatusCode::BAD_REQUEST, "ESIA-007005", "сеанс входа истёк, начните заново");
    };
    request.oid = Some(person.oid.clone());
    Html(consent_page(person, &request.scope, &f.sid)).into_response()
}

#[derive(serde::Deserialize)]
struct ConsentForm {
    sid: String,
    decision: String,
}

async fn consent(State(sb): State<Sandbox>, Form(f): Form<ConsentForm>) -> Response {
    let mut inner = sb.inner.lock().expect("sandbox state");
    let Some(request) = inner.requests.remove(&f.sid) else {
        return error_page(StatusCode::BAD_REQUEST, "ESIA-007005", "сеанс входа истёк, начните заново");
    };
    let Some(oid) = request.oid else {
        return error_page(StatusCode::BAD_REQUEST, "ESIA-007014", "пользователь не выбран");
    };
    if f.decision != "allow" {
        let description = "ESIA-007004: Владелец ресурса отклонил запрос";
        return Redirect::to(&with_query(&request.redirect_uri, &[("error", "access_denied"), ("error_description", description), ("state", &request.state)])).into_response();
    }
    let code = random_id();
    inner.codes.insert(code.clone(), CodeGrant { oid, client_id: request.client_id, redirect_uri: request.redirect_uri.clone(), scope: request.scope, created: now() });
    Redirect::to(&with_query(&request.redirect_uri, &[("code", &code), ("state", &request.state)])).into_response()
}

async fn token(State(sb): State<Sandbox>, Form(p): Form<HashMap<String, String>>) -> Response {
    let fault = sb.inner.lock().expect("sandbox state").fault;
    if fault == Fault::TokenServerError {
        return (StatusCode::INTERNAL_SERVER_ERROR, Html("<html><body>Internal error</body></html>")).into_response();
    }
    for key in ["client_id", "grant_type", "client_secret", "state", "redirect_uri", "scope", "timestamp", "token_type", "client_certificate_hash"] {
        if p.get(key).is_none_or(|v| v.is_empty()) {
            return token_error("ESIA-007014", &format!("нет обязательного параметра {key}"));
        }
    }
    let grant_type = p["grant_type"].as_str();
    let (oid, scope) = match grant_type {
        "authorization_code" => {
            let Some(code) = p.get("code") else { return token_error("ESIA-007014", "нет обязательного параметра code") };
            let parts = [p["client_id"].as_str(), p["scope"].as_str(), p["timestamp"].as_str(), p["state"].as_str(), p["redirect_uri"].as_str(), code.as_str()];
            if let Err((c, text)) = check_signed(&sb, &p, &parts) {
                return token_error(c, &text);
            }
            let grant = sb.inner.lock().expect("sandbox state").codes.remove(code);
            match grant {
                Some(g) if g.client_id == p["client_id"] && g.redirect_uri == p["redirect_uri"] && now() - g.created < 300 => (g.oid, g.scope),
                _ => return token_error("ESIA-007011", "авторизационный код неверен, использован или истёк"),
            }
        }
        "refresh_token" => {
            let parts = [p["client_id"].as_str(), p["scope"].as_str(), p["timestamp"].as_str(), p["state"].as_str(), p["redirect_uri"].as_str()];
            if let Err((c, text)) = check_signed(&sb, &p, &parts) {
                return token_error(c, &text);
            }
            let found = p.get("refresh_token").and_then(|t| sb.inner.lock().expect("sandbox state").refresh.remove(t));
            match found {
                Some((oid, client)) if client == p["client_id"] => (oid, p["scope"].clone()),
                _ => return token_error("ESIA-007011", "refresh_token неверен или использован"),
            }
        }
        _ => return token_error("ESIA-007015", "неподдерживаемый grant_type"),
    };
    let t = now();
    let oid_number: u64 = oid.parse().unwrap_or(0);
    let mut access_claims = serde_json::json!({
        "nbf": t, "iat": t, "exp": t + 3600, "scope": scope, "iss": sb.issuer(),
        "urn:esia:sid": random_id(), "urn:esia:sbj_id": oid_number, "client_id": p["client_id"], "aud": p["client_id"],
    });
    match fault {
        Fault::TokenExpired => access_claims["exp"] = serde_json::json!(t - 10),
        Fault::TokenWrongAudience => access_claims["aud"] = serde_json::json!("SOMEONE-ELSE"),
        Fault::TokenWrongIssuer => access_claims["iss"] = serde_json::json!("http://evil.example/"),
        _ => {}
    }
    let header = |sbt: &str| serde_json::json!({ "alg": sb.signer.jwt_alg(), "typ": "JWT", "sbt": sbt, "ver": 1 });
    let Ok(mut access) = crypto::jwt_sign(sb.signer.as_ref(), &header("access"), &access_claims) else {
        return token_error("ESIA-007008", "сервис авторизации не может выполнить запрос");
    };
    let id_claims = serde_json::json!({
        "aud": p["client_id"], "sub": oid_number, "nbf": t, "amr": "PWD", "urn:esia:amd": "PWD", "auth_time": t,
        "exp": t + 3600, "iat": t, "iss": sb.issuer(), "urn:esia:sbj_id": oid_number,
    });
    let Ok(id_token) = crypto::jwt_sign(sb.signer.as_ref(), &header("id"), &id_claims) else {
        return token_error("ESIA-007008", "сервис авторизации не может выполнить запрос");
    };
    match fault {
        Fault::TokenGarbage => access = "not.a-token".into(),
        Fault::TokenBadSignature => {
            // One character of the signature changed: the GOST check must fail.
            let last = access.pop().unwrap_or('A');
            access.push(if last == 'A' { 'B' } else { 'A' });
        }
        _ => {}
    }
    let refresh = random_id();
    {
        let mut inner = sb.inner.lock().expect("sandbox state");
        inner.access.insert(access.clone(), (oid.clone(), t + 3600));
        inner.refresh.insert(refresh.clone(), (oid, p["client_id"].clone()));
    }
    axum::Json(serde_json::json!({
        "access_token": access, "id_token": id_token, "refresh_token": refresh,
        "state": p["state"], "token_type": "Bearer", "expires_in": 3600,
    }))
    .into_response()
}

/// The person a bearer token speaks for, when it may read `oid`.
fn bearer(sb: &Sandbox, headers: &HeaderMap, oid: &str) -> Result<(TestPerson, Fault), Response> {
    let token = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer ")).unwrap_or_default();
    let inner = sb.inner.lock().expect("sandbox state");
    match inner.access.get(token) {
        Some((owner, exp)) if owner == oid && *exp > now() => {}
        _ => {
            return Err((StatusCode::UNAUTHORIZED, axum::Json(serde_json::json!({ "error": "invalid_token", "error_description": "ESIA-007019: маркер доступа неверен или истёк" }))).into_response())
        }
    }
    let person = sb.persons.iter().find(|p| p.oid == oid).cloned().ok_or_else(|| StatusCode::NOT_FOUND.into_response())?;
    Ok((person, inner.fault))
}

fn esia_date(iso: &str) -> String {
    let p: Vec<&str> = iso.split('-').collect();
    if p.len() == 3 {
        format!("{}.{}.{}", p[2], p[1], p[0])
    } else {
        iso.to_string()
    }
}

async fn person(State(sb): State<Sandbox>, Path(oid): Path<String>, headers: HeaderMap) -> Response {
    let (p, fault) = match bearer(&sb, &headers, &oid) {
        Ok(found) => found,
        Err(response) => return response,
    };
    match fault {
        Fault::PersonGarbage => return (StatusCode::OK, "<html>Сервис временно недоступен</html>").into_response(),
        Fault::PersonWrongTypes => {
            return axum::Json(serde_json::json!({ "firstName": 42, "lastName": ["Соколова"], "birthDate": 19840402, "gender": true, "trusted": "yes" })).into_response()
        }
        Fault::PersonHuge => {
            let huge = "Я".repeat(200_000);
            return axum::Json(serde_json::json!({ "firstName": huge, "lastName": "Соколова", "birthDate": "02.04.1984", "gender": "F" })).into_response();
        }
        _ => {}
    }
    let mut json = serde_json::json!({
        "firstName": p.name, "lastName": p.surname, "middleName": p.patronymic,
        "birthDate": esia_date(&p.birth_date), "gender": p.gender,
        "trusted": p.level == Level::Confirmed, "citizenship": "RUS", "status": "REGISTERED", "verifying": false,
    });
    if let Some(snils) = &p.snils {
        json["snils"] = serde_json::json!(snils);
    }
    if p.level >= Level::Standard {
        json["rIdDoc"] = serde_json::json!(oid.parse::<u64>().unwrap_or(0) * 10 + 1);
    }
    axum::Json(json).into_response()
}

async fn person_part(State(sb): State<Sandbox>, Path((oid, part)): Path<(String, String)>, headers: HeaderMap) -> Response {
    let (p, _) = match bearer(&sb, &headers, &oid) {
        Ok(found) => found,
        Err(response) => return response,
    };
    let elements = match part.as_str() {
        "docs" if p.level >= Level::Standard => serde_json::json!([{ "type": "RF_PASSPORT", "vrfStu": "VERIFIED", "series": "1111", "number": "222333" }]),
        "docs" => serde_json::json!([]),
        "ctts" => serde_json::json!([{ "type": "EML", "vrfStu": "VERIFIED", "value": format!("{}@gosuslugi.test", p.oid) }]),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    axum::Json(serde_json::json!({ "stateFacts": ["hasSize"], "size": elements.as_array().map(Vec::len).unwrap_or(0), "elements": elements })).into_response()
}

async fn logout(Query(p): Query<HashMap<String, String>>) -> Response {
    let back = p.get("redirect_url").cloned().unwrap_or_default();
    let loopback = ["http://127.0.0.1:", "http://localhost:"].iter().any(|pre| back.starts_with(pre));
    if p.get("client_id").map(String::as_str) != Some(CLIENT_ID) || !loopback {
        return error_page(StatusCode::BAD_REQUEST, "ESIA-007014", "неверный client_id или redirect_url");
    }
    Redirect::to(&back).into_response()
}

#[derive(serde::Deserialize)]
struct FaultForm {
    mode: String,
}

async fn set_fault(State(sb): State<Sandbox>, Form(f): Form<FaultForm>) -> Response {
    match Fault::parse(&f.mode) {
        Some(fault) => {
            sb.inner.lock().expect("sandbox state").fault = fault;
            (StatusCode::OK, "ok").into_response()
        }
        None => (StatusCode::BAD_REQUEST, "unknown mode").into_response(),
    }
}

// The pages: a Gosuslugi-like look, in Russian, working without JavaScript.

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} — Госуслуги (песочница)</title><style>{CSS}</style></head><body>\
         <header><span class=\"logo\">гос<b>услуги</b></span><span class=\"tag\">Песочница ЕСИА для разработки</span></header>\
         <main><h1>{title}</h1>{body}</main></body></html>"
    )
}

const CSS: &str = "body{margin:0;font:16px/1.45 system-ui,'Segoe UI',Arial,sans-serif;background:#eef2f7;color:#0b1f33}\
header{background:#0d4cd3;color:#fff;padding:12px 20px;display:flex;gap:16px;align-items:baseline;flex-wrap:wrap}\
.logo{font-size:24px}.tag{opacity:.85;font-size:14px}main{max-width:720px;margin:24px auto;background:#fff;border-radius:12px;padding:24px;box-shadow:0 2px 8px #0b1f3322}\
h1{font-size:24px;margin:0 0 12px}ul{list-style:none;padding:0;margin:0}li{margin:0 0 8px}\
button{font:inherit;cursor:pointer;border-radius:8px;padding:10px 16px;border:1px solid #0d4cd3}\
.person{width:100%;text-align:left;background:#f5f7fa;border-color:#c9d4e3}.person:hover,.person:focus{border-color:#0d4cd3;outline:2px solid #0d4cd355}\
.person small{display:block;color:#4a5a6f}.primary{background:#0d4cd3;color:#fff}.secondary{background:#fff;color:#0d4cd3}\
.row{display:flex;gap:12px;flex-wrap:wrap;margin-top:16px}.err{color:#b00020}";

fn level_name(level: Level) -> &'static str {
    match level {
        Level::Simplified => "упрощённая",
        Level::Standard => "стандартная",
        Level::Confirmed => "подтверждённая",
    }
}

fn sign_in_page(persons: &[TestPerson], sid: &str) -> String {
    let items: String = persons
        .iter()
        .map(|p| {
            let full = format!("{} {} {}", p.surname, p.name, p.patronymic);
            let snils = p.snils.clone().unwrap_or_else(|| "без СНИЛС".into());
            let login = p.parta_login.as_ref().map(|l| format!(", в Парте: {l}")).unwrap_or_default();
            format!(
                "<li><button class=\"person\" type=\"submit\" name=\"oid\" value=\"{oid}\">{full} <small>{scenario} · {level} учётная запись · {birth} · {snils}{login}</small></button></li>",
                oid = esc(&p.oid),
                full = esc(&full),
                scenario = esc(&p.scenario),
                level = level_name(p.level),
                birth = esc(&esia_date(&p.birth_date)),
                snils = esc(&snils),
                login = esc(&login),
            )
        })
        .collect();
    page(
        "Вход",
        &format!(
            "<p>Это тестовый портал: выберите пользователя вместо ввода телефона, почты или СНИЛС и пароля.</p>\
             <form method=\"post\" action=\"/aas/oauth2/v2/ac/login\"><input type=\"hidden\" name=\"sid\" value=\"{}\"><ul>{items}</ul></form>",
            esc(sid)
        ),
    )
}

fn consent_page(p: &TestPerson, scope: &str, sid: &str) -> String {
    let names: Vec<&str> = scope
        .split_whitespace()
        .filter_map(|s| match s {
            "fullname" => Some("фамилия, имя и отчество"),
            "birthdate" => Some("дата рождения"),
            "gender" => Some("пол"),
            "snils" => Some("СНИЛС"),
            "id_doc" => Some("данные документа, удостоверяющего личность"),
            "contacts" => Some("адрес электронной почты и номер телефона"),
            _ => None,
        })
        .collect();
    let list: String = names.iter().map(|n| format!("<li>• {n}</li>")).collect();
    page(
        "Предоставление прав доступа",
        &format!(
            "<p>{} {}, система «Парта» запрашивает доступ к Вашим данным:</p><ul>{list}</ul>\
             <form method=\"post\" action=\"/aas/oauth2/v2/ac/consent\"><input type=\"hidden\" name=\"sid\" value=\"{}\">\
             <div class=\"row\"><button class=\"primary\" type=\"submit\" name=\"decision\" value=\"allow\">Предоставить</button>\
             <button class=\"secondary\" type=\"submit\" name=\"decision\" value=\"deny\">Отказать</button></div></form>",
            esc(&p.name),
            esc(&p.patronymic),
            esc(sid)
        ),
    )
}
