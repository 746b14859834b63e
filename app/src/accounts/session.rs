//! Server-side sessions (server only): a random token in an HttpOnly cookie, its SHA-256 in the
//! `sessions` table. A new token is issued at every sign-in (rotation), so a token planted
//! before sign-in is worthless after it.

use crate::accounts::types::{Grant, Me, RoleKind};
use crate::context::{server_context, AppSettings, ServerContext};
use crate::db::{now, Row};
use crate::error::AppError;
use base64::Engine;
use leptos::prelude::*;
use rand::RngCore;
use sha2::{Digest, Sha256};

pub fn cookie_name(settings: &AppSettings) -> &'static str {
    if settings.secure_cookies {
        "__Host-parta_session"
    } else {
        "parta_session"
    }
}

pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// `Set-Cookie` for a session token; `None` clears the cookie.
pub fn set_cookie_value(settings: &AppSettings, token: Option<&str>) -> String {
    let secure = if settings.secure_cookies { "; Secure" } else { "" };
    match token {
        Some(t) => format!(
            "{}={t}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
            cookie_name(settings),
            settings.session_ttl_secs
        ),
        None => format!("{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}", cookie_name(settings)),
    }
}

/// Appends a `Set-Cookie` header to the current response.
pub fn send_cookie(value: String) -> Result<(), AppError> {
    let response = use_context::<leptos_axum::ResponseOptions>()
        .ok_or_else(|| AppError::internal("session", "no ResponseOptions in context"))?;
    let header = http::HeaderValue::from_str(&value).map_err(|e| AppError::internal("session cookie", e))?;
    response.append_header(http::header::SET_COOKIE, header);
    Ok(())
}

/// The session token sent with this request, if any.
pub fn request_token(ctx: &ServerContext) -> Option<String> {
    crate::context::request_cookie(cookie_name(&ctx.settings)).filter(|t| !t.is_empty())
}

/// Creates a session for the account in the given role and returns its token.
pub async fn create(ctx: &ServerContext, account_id: i64, grant_id: i64) -> Result<String, AppError> {
    let token = new_token();
    let t = now();
    ctx.db
        .query(
            "INSERT INTO sessions (token_hash, account_id, role_grant_id, created_at, last_seen_at, expires_at) \
             VALUES ($1, $2, $3, $4, $4, $5)",
        )
        .bind(token_hash(&token))
        .bind(account_id)
        .bind(grant_id)
        .bind(t)
        .bind(t + ctx.settings.session_ttl_secs)
        .execute(ctx.db.pool())
        .await?;
    Ok(token)
}

pub async fn delete(ctx: &ServerContext, token: &str) -> Result<(), AppError> {
    ctx.db
        .query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash(token))
        .execute(ctx.db.pool())
        .await?;
    Ok(())
}

/// The session resolved once per request: a page's layout and each of its server functions ask
/// for the person, and without this each asked the database again. The host provides a fresh
/// one with every request; without it (a test, a background job) nothing is remembered.
///
/// Parts of a page resolve side by side (the layout's bar, the page's own data), so the memo
/// holds the lookup itself: whoever asks first runs it, the others wait for its answer.
#[derive(Clone, Default)]
pub struct RequestSession(std::sync::Arc<std::sync::Mutex<std::sync::Arc<tokio::sync::OnceCell<Option<SignedIn>>>>>);

/// A session as looked up: the person, and their active school's numbers read with it.
#[derive(Clone)]
struct SignedIn {
    me: Me,
    school: Option<SchoolNumbers>,
}

/// The active school's structure stamp (`school_stamps`) and journal revision
/// (`journal_revisions`), read in the same statement as the session. Both only ever go up, and
/// every write of the school's structure, marks, attendance or final marks raises one of them:
/// while they are what a kept value was checked at, nothing of the school was written since,
/// and a page (the journal grid) need not ask the database again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SchoolNumbers {
    pub school_id: i64,
    pub stamp: i64,
    pub journal: i64,
}

/// The signed-in person of this request, or `None`.
pub async fn current(ctx: &ServerContext) -> Result<Option<Me>, AppError> {
    let Some(memo) = use_context::<RequestSession>() else { return Ok(lookup(ctx).await?.map(|s| s.me)) };
    let cell = memo.0.lock().map(|slot| slot.clone()).unwrap_or_default();
    Ok(cell.get_or_try_init(|| lookup(ctx)).await?.as_ref().map(|s| s.me.clone()))
}

/// The numbers of the active school as read with this request's session (`SchoolNumbers`):
/// `None` before the session was looked up, outside a request, or for a role without a school.
pub fn school_numbers() -> Option<SchoolNumbers> {
    let memo = use_context::<RequestSession>()?;
    let cell = memo.0.lock().ok()?.clone();
    cell.get()?.as_ref()?.school
}

/// Forgets this request's session, after sign-in, sign-out or a role switch changed it.
pub fn forget() {
    if let Some(memo) = use_context::<RequestSession>() {
        if let Ok(mut slot) = memo.0.lock() {
            *slot = Default::default();
        }
    }
}

async fn lookup(ctx: &ServerContext) -> Result<Option<SignedIn>, AppError> {
    match request_token(ctx) {
        Some(token) => lookup_token(ctx, &token).await,
        None => Ok(None),
    }
}

/// The signed-in person of a plain axum handler (a file download, the live stream), from the
/// request headers; a person still to finish activation counts as nobody there, as in `require`.
pub async fn from_headers(ctx: &ServerContext, headers: &http::HeaderMap) -> Result<Option<Me>, AppError> {
    match crate::cookies::get(headers, cookie_name(&ctx.settings)).filter(|t| !t.is_empty()) {
        Some(token) => Ok(lookup_token(ctx, &token).await?.map(|s| s.me).filter(|me| !me.activation_pending)),
        None => Ok(None),
    }
}

async fn lookup_token(ctx: &ServerContext, token: &str) -> Result<Option<SignedIn>, AppError> {
    let hash = token_hash(token);
    let t = now();
    // The session, its person and every role they hold, in one query (a row per role), with
    // each role's school numbers: every page and server function starts here, so requests that
    // arrive together share one statement (`session_reads`), and the grid page learns from it
    // whether to ask again.
    let rows = ctx.sessions.rows(&ctx.db, hash.clone()).await?;
    let Some(row) = rows.first() else { return Ok(None) };
    // In the switcher's order (`sorted_grants` orders fully, so the rows need no ORDER BY).
    let grants = sorted_grants(rows.iter().map(grant_from_row).collect::<Result<Vec<_>, _>>()?);
    // The role was revoked while the session lived: the session is over.
    let Some(mut me) = person_in_role(row, grants, row.try_get("role_grant_id")?)? else { return Ok(None) };
    me.esia_offer = row.try_get::<i64, _>("esia_offer")? != 0;
    // The active role's row (`person_in_role` found it among these) carries its school's numbers.
    let active_row = rows.iter().find(|r| r.try_get::<i64, _>("id").ok() == Some(me.active.id));
    let school = match (me.active.school_id, active_row) {
        (Some(school_id), Some(r)) => Some(SchoolNumbers {
            school_id,
            stamp: r.try_get::<Option<i64>, _>("school_stamp")?.unwrap_or(0),
            journal: r.try_get::<Option<i64>, _>("journal_revision")?.unwrap_or(0),
        }),
        _ => None,
    };
    // Sliding expiry, written at most every five minutes to keep reads cheap.
    let last_seen: i64 = row.try_get("last_seen_at")?;
    if t - last_seen > 300 {
        ctx.db
            .query("UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3")
            .bind(t)
            .bind(t + ctx.settings.session_ttl_secs)
            .bind(hash)
            .execute(ctx.db.pool())
            .await?;
    }
    Ok(Some(SignedIn { me, school }))
}

/// The person of a row (`person_id`, `account_id`, `surname`, `name`, `patronymic`, `state`)
/// acting in the role `grant_id`; `None` when they no longer hold that role. A session and a
/// calendar subscription both act in the role they were made under.
pub async fn me_in_role(ctx: &ServerContext, row: &sqlx::any::AnyRow, grant_id: i64) -> Result<Option<Me>, AppError> {
    let grants = grants_of(ctx, row.try_get("person_id")?).await?;
    person_in_role(row, grants, grant_id)
}

/// The person of a row (as for `me_in_role`) with their roles, acting in `grant_id`.
fn person_in_role(row: &sqlx::any::AnyRow, grants: Vec<Grant>, grant_id: i64) -> Result<Option<Me>, AppError> {
    let Some(active) = grants.iter().find(|g| g.id == grant_id).cloned() else {
        return Ok(None);
    };
    Ok(Some(Me {
        person_id: row.try_get("person_id")?,
        account_id: row.try_get("account_id")?,
        surname: row.try_get("surname")?,
        name: row.try_get("name")?,
        patronymic: row.try_get("patronymic")?,
        active,
        grants,
        activation_pending: row.try_get::<String, _>("state")? == "temporary",
        esia_offer: false,
    }))
}

/// The signed-in person who has finished activation: `Unauthorized` without a session,
/// `ActivationRequired` with a temporary password (only the wizard is open to them). Every
/// server function but the wizard's starts here.
pub async fn require() -> Result<(ServerContext, Me), AppError> {
    let (ctx, me) = require_signed_in().await?;
    if me.activation_pending {
        return Err(AppError::ActivationRequired);
    }
    Ok((ctx, me))
}

/// The signed-in person, activated or not (the activation wizard's server functions).
pub async fn require_signed_in() -> Result<(ServerContext, Me), AppError> {
    let ctx = server_context()?;
    let me = current(&ctx).await?.ok_or(AppError::Unauthorized)?;
    Ok((ctx, me))
}

/// Every role a person holds, in the order the role switcher shows them.
pub async fn grants_of(ctx: &ServerContext, person_id: i64) -> Result<Vec<Grant>, AppError> {
    let rows = ctx
        .db
        .query(
            "SELECT g.id, g.role, g.region_id, g.school_id, \
                    COALESCE(s.short_name, r.name) AS place \
             FROM role_grants g \
             JOIN regions r ON r.id = g.region_id \
             LEFT JOIN schools s ON s.id = g.school_id \
             WHERE g.person_id = $1 \
             ORDER BY g.id",
        )
        .bind(person_id)
        .fetch_all(ctx.db.pool())
        .await?;
    Ok(sorted_grants(rows.iter().map(grant_from_row).collect::<Result<Vec<_>, _>>()?))
}

/// A role of a row with `id`, `role`, `region_id`, `school_id` and `place`.
fn grant_from_row(row: &sqlx::any::AnyRow) -> Result<Grant, AppError> {
    let code: String = row.try_get("role")?;
    let role = RoleKind::from_code(&code).ok_or_else(|| AppError::internal("role_grants", format!("unknown role {code}")))?;
    Ok(Grant {
        id: row.try_get("id")?,
        role,
        region_id: row.try_get("region_id")?,
        school_id: row.try_get("school_id")?,
        place: row.try_get("place")?,
    })
}

/// Roles in the order the role switcher shows them (and the first is where one lands).
fn sorted_grants(mut grants: Vec<Grant>) -> Vec<Grant> {
    grants.sort_by_key(|g| (landing_priority(g.role), g.id));
    grants
}

/// Which role a person with several lands in first: work roles before family ones.
pub fn landing_priority(role: RoleKind) -> u8 {
    match role {
        RoleKind::SchoolAdmin => 0,
        RoleKind::Teacher => 1,
        RoleKind::RegionOperator => 2,
        RoleKind::Parent => 3,
        RoleKind::Pupil => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(secure: bool) -> AppSettings {
        AppSettings { secure_cookies: secure, public_base_url: String::new(), session_ttl_secs: 3600, secret_key: "k".into() }
    }

    #[test]
    fn tokens_are_long_random_and_hashed() {
        let a = new_token();
        let b = new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
    }

    #[test]
    fn cookies_are_http_only_and_secure_behind_https() {
        let plain = set_cookie_value(&settings(false), Some("t"));
        assert!(plain.starts_with("parta_session=t;"));
        assert!(plain.contains("HttpOnly") && plain.contains("SameSite=Lax") && !plain.contains("Secure"));
        let secure = set_cookie_value(&settings(true), Some("t"));
        assert!(secure.starts_with("__Host-parta_session=t;") && secure.ends_with("; Secure"));
        assert!(set_cookie_value(&settings(false), None).contains("Max-Age=0"));
    }
}
