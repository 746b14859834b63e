//! The Gosuslugi sign-in flow (server only). The host's plain routes call these:
//! `GET /esia/start` → ESIA's sign-in and consent → `GET /esia/callback` → signed in, a refusal
//! page, or the link form. Every step that changes something is in the audit log; every failure
//! is one operator log line and a user message.

use super::client::{self, EsiaClient, EsiaError};
use super::matching::{self, Candidate, Decision, EsiaPerson};
use super::types::{Level, Refusal};
use crate::accounts::session;
use crate::audit;
use crate::context::ServerContext;
use crate::db::{now, Row};
use crate::error::AppError;
use serde_json::json;
use std::collections::HashMap;

/// The cookie that binds an ESIA round trip (and a pending link) to this browser.
pub const BROWSER_COOKIE: &str = "parta_esia";
/// How long a `state` or a pending link lives.
pub const STATE_TTL_SECS: i64 = 600;

/// Where the browser goes next, with the cookies to set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    pub location: String,
    pub cookies: Vec<String>,
}

impl Redirect {
    fn to(location: impl Into<String>) -> Redirect {
        Redirect { location: location.into(), cookies: Vec::new() }
    }
}

fn refused(reason: Refusal) -> Redirect {
    Redirect::to(format!("/esia/refused?reason={}", reason.code()))
}

fn browser_cookie(ctx: &ServerContext, value: Option<&str>) -> String {
    let secure = if ctx.settings.secure_cookies { "; Secure" } else { "" };
    match value {
        Some(v) => format!("{BROWSER_COOKIE}={v}; Path=/; HttpOnly; SameSite=Lax; Max-Age={STATE_TTL_SECS}{secure}"),
        None => format!("{BROWSER_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"),
    }
}

fn browser_hash(headers: &http::HeaderMap) -> Option<String> {
    crate::cookies::get(headers, BROWSER_COOKIE).filter(|v| !v.is_empty() && v.len() <= 100).map(|v| session::token_hash(&v))
}

/// Today as `YYYY-MM-DD` (UTC).
pub fn today() -> String {
    chrono::DateTime::from_timestamp(now(), 0).unwrap_or_default().format("%Y-%m-%d").to_string()
}

/// The region's switch and minimum level; `None` for an unknown region.
async fn region(ctx: &ServerContext, region_id: i64) -> Result<Option<(bool, Level)>, AppError> {
    let row = ctx
        .db
        .query("SELECT esia_enabled, esia_min_level FROM regions WHERE id = $1")
        .bind(region_id)
        .fetch_optional(ctx.db.pool())
        .await?;
    Ok(match row {
        Some(r) => {
            let level: String = r.try_get("esia_min_level")?;
            Some((r.try_get::<i64, _>("esia_enabled")? != 0, Level::from_code(&level).unwrap_or(Level::Standard)))
        }
        None => None,
    })
}

/// `GET /esia/start?region=ID` (sign-in) or `GET /esia/start?link=1` (a signed-in person links
/// their account): a one-time `state` bound to this browser, then ESIA's sign-in page.
pub async fn start(ctx: &ServerContext, headers: &http::HeaderMap, query: &HashMap<String, String>) -> Result<Redirect, AppError> {
    let Some(esia) = client::get() else {
        tracing::warn!("ESIA sign-in asked for, but ESIA is not configured (PARTA_ESIA_URL)");
        return Ok(refused(Refusal::NotEnabled));
    };
    let linking = query.get("link").is_some_and(|v| v == "1");
    let (purpose, account_id, region_id) = if linking {
        let me = session::from_headers(ctx, headers).await?.ok_or(AppError::Unauthorized)?;
        crate::policy::authorize(ctx, &me, crate::policy::Action::ManageOwnAccount, crate::policy::Scope::Person { person_id: me.person_id }).await?;
        ("link", Some(me.account_id), Some(me.active.region_id))
    } else {
        let Some(region_id) = query.get("region").and_then(|r| r.parse::<i64>().ok()) else {
            return Ok(Redirect::to("/login"));
        };
        match region(ctx, region_id).await? {
            Some((true, _)) => ("login", None, Some(region_id)),
            _ => return Ok(refused(Refusal::NotEnabled)),
        }
    };
    let nonce = session::new_token();
    let state = client::new_state();
    let t = now();
    ctx.db
        .query("DELETE FROM esia_states WHERE created_at < $1")
        .bind(t - STATE_TTL_SECS * 6)
        .execute(ctx.db.pool())
        .await?;
    ctx.db
        .query("INSERT INTO esia_states (state, browser_hash, purpose, account_id, region_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(state.clone())
        .bind(session::token_hash(&nonce))
        .bind(purpose)
        .bind(account_id)
        .bind(region_id)
        .bind(t)
        .execute(ctx.db.pool())
        .await?;
    let location = esia.authorization_url(&state, t).map_err(|e| {
        tracing::error!(error = %e, "ESIA: cannot sign the authorization request");
        AppError::internal("esia", e)
    })?;
    Ok(Redirect { location, cookies: vec![browser_cookie(ctx, Some(&nonce))] })
}

/// One operator log line for an ESIA failure; the person sees `Refusal::Failed`.
fn log_failure(step: &str, err: &EsiaError) {
    match err.code() {
        Some(code) => tracing::warn!(step, code, hint = client::explain(code), error = %err, "ESIA sign-in failed"),
        None => tracing::warn!(step, error = %err, "ESIA sign-in failed"),
    }
}

async fn audit_refusal(ctx: &ServerContext, oid: Option<&str>, reason: Refusal) -> Result<(), AppError> {
    let mut conn = ctx.db.acquire().await?;
    audit::record(
        &mut conn,
        &ctx.db,
        audit::Entry {
            school_id: None,
            actor: None,
            action: "esia.refused",
            entity: "esia",
            entity_id: None,
            before: None,
            after: Some(json!({ "reason": reason.code(), "oid": oid })),
        },
    )
    .await
}

/// `GET /esia/callback?code=…&state=…` (or `?error=…&error_description=…&state=…`).
pub async fn callback(ctx: &ServerContext, headers: &http::HeaderMap, query: &HashMap<String, String>) -> Result<Redirect, AppError> {
    let Some(esia) = client::get() else { return Ok(refused(Refusal::NotEnabled)) };
    let t = now();
    // The state: known, unused, fresh, and started in this very browser. Used up either way.
    let Some(state) = query.get("state").filter(|s| s.len() <= 64) else {
        tracing::warn!("ESIA callback without state");
        return Ok(refused(Refusal::Expired));
    };
    let row = ctx
        .db
        .query(
            "UPDATE esia_states SET used_at = $1 WHERE state = $2 AND used_at IS NULL \
             RETURNING browser_hash, purpose, account_id, region_id, created_at",
        )
        .bind(t)
        .bind(state.clone())
        .fetch_optional(ctx.db.pool())
        .await?;
    let Some(row) = row else {
        tracing::warn!(%state, "ESIA callback with an unknown or used state (replay?)");
        return Ok(refused(Refusal::Expired));
    };
    let stored_browser: String = row.try_get("browser_hash")?;
    if browser_hash(headers).as_deref() != Some(stored_browser.as_str()) {
        tracing::warn!(%state, "ESIA callback in another browser than the one that started it");
        return Ok(refused(Refusal::Expired));
    }
    if row.try_get::<i64, _>("created_at")? < t - STATE_TTL_SECS {
        tracing::info!(%state, "ESIA callback after the state expired");
        return Ok(refused(Refusal::Expired));
    }
    let purpose: String = row.try_get("purpose")?;
    let link_account: Option<i64> = row.try_get("account_id")?;
    let region_id: Option<i64> = row.try_get("region_id")?;

    if let Some(error) = query.get("error") {
        let description = query.get("error_description").cloned().unwrap_or_default();
        let code = client::esia_code(&description).unwrap_or_else(|| error.chars().take(64).collect());
        if error == "access_denied" || code == "ESIA-007004" {
            tracing::info!(code, "ESIA: the person refused access on the consent screen");
            audit_refusal(ctx, None, Refusal::ConsentRefused).await?;
            return Ok(refused(Refusal::ConsentRefused));
        }
        log_failure("authorization", &EsiaError::Esia { code, description: description.chars().take(300).collect() });
        return Ok(refused(Refusal::Failed));
    }
    let Some(code) = query.get("code").filter(|c| !c.is_empty() && c.len() <= 2048) else {
        tracing::warn!("ESIA callback without code or error");
        return Ok(refused(Refusal::Failed));
    };
    let tokens = match esia.exchange_code(code, t).await {
        Ok(tokens) => tokens,
        Err(e) => {
            log_failure("token", &e);
            return Ok(refused(Refusal::Failed));
        }
    };
    let person = match esia.person(&tokens).await {
        Ok(p) => p,
        Err(e) => {
            log_failure("person", &e);
            return Ok(refused(Refusal::Failed));
        }
    };
    if purpose == "link" {
        let account_id = link_account.ok_or_else(|| AppError::internal("esia", "link state without account"))?;
        return link_signed_in(ctx, account_id, &person, region_id).await;
    }
    let region_min = match region_id {
        Some(id) => region(ctx, id).await?.map(|(_, l)| l).unwrap_or(Level::Standard),
        None => Level::Standard,
    };
    let by_link = candidate(ctx, "l.oid = $1", &person.oid).await?;
    let by_snils = match &person.snils {
        Some(s) if by_link.is_none() => candidate(ctx, "p.snils = $1", s).await?,
        _ => None,
    };
    let by_name = if by_link.is_none() && by_snils.is_none() { by_full_name(ctx, &person).await? } else { Vec::new() };
    let decision = matching::decide(&person, by_link.as_ref(), by_snils.as_ref(), &by_name, region_min, &today());
    match decision {
        Decision::Refuse(reason) => {
            tracing::info!(oid = %person.oid, reason = reason.code(), "ESIA sign-in refused");
            audit_refusal(ctx, Some(&person.oid), reason).await?;
            Ok(refused(reason))
        }
        Decision::AskToLink => {
            let Some(hash) = browser_hash(headers) else { return Ok(refused(Refusal::Expired)) };
            ctx.db.query("DELETE FROM esia_pending WHERE browser_hash = $1 OR created_at < $2").bind(hash.clone()).bind(t - STATE_TTL_SECS).execute(ctx.db.pool()).await?;
            ctx.db
                .query("INSERT INTO esia_pending (browser_hash, oid, person_json, region_id, created_at) VALUES ($1, $2, $3, $4, $5)")
                .bind(hash)
                .bind(person.oid.clone())
                .bind(serde_json::to_string(&person).unwrap_or_default())
                .bind(region_id)
                .bind(t)
                .execute(ctx.db.pool())
                .await?;
            tracing::info!(oid = %person.oid, "ESIA person not found in Parta: asking for login and password");
            Ok(Redirect::to("/esia/link"))
        }
        Decision::SignIn { account_id, link } => {
            if link && !store_link(ctx, account_id, &person.oid, "match", None).await? {
                audit_refusal(ctx, Some(&person.oid), Refusal::LinkedElsewhere).await?;
                return Ok(refused(Refusal::LinkedElsewhere));
            }
            sign_in_account(ctx, headers, account_id, &person.oid, tokens.refresh_token.as_deref()).await
        }
    }
}

const CANDIDATE_SELECT: &str = "SELECT p.id AS person_id, COALESCE(a.id, 0) AS account_id, p.surname, p.name, p.patronymic, \
        p.birth_date, p.sex, p.snils, COALESCE(a.state, 'missing') AS state, COALESCE(a.activation_step, 0) AS activation_step \
     FROM people p LEFT JOIN accounts a ON a.person_id = p.id LEFT JOIN esia_links l ON l.account_id = a.id WHERE ";

fn to_candidate(row: &sqlx::any::AnyRow) -> Result<Candidate, AppError> {
    Ok(Candidate {
        person_id: row.try_get("person_id")?,
        account_id: row.try_get("account_id")?,
        surname: row.try_get("surname")?,
        name: row.try_get("name")?,
        patronymic: row.try_get("patronymic")?,
        birth_date: row.try_get("birth_date")?,
        sex: row.try_get("sex")?,
        snils: row.try_get("snils")?,
        state: row.try_get("state")?,
        activation_step: row.try_get("activation_step")?,
    })
}

async fn candidate(ctx: &ServerContext, condition: &'static str, value: &str) -> Result<Option<Candidate>, AppError> {
    // Two fixed statements (the condition is one of two literals), so the SQL stays 'static.
    let sql: &'static str = match condition {
        "l.oid = $1" => {
            static S: std::sync::OnceLock<&'static str> = std::sync::OnceLock::new();
            S.get_or_init(|| Box::leak(format!("{CANDIDATE_SELECT}l.oid = $1").into_boxed_str()))
        }
        _ => {
            static S: std::sync::OnceLock<&'static str> = std::sync::OnceLock::new();
            S.get_or_init(|| Box::leak(format!("{CANDIDATE_SELECT}p.snils = $1").into_boxed_str()))
        }
    };
    let row = ctx.db.query(sql).bind(value.to_string()).fetch_optional(ctx.db.pool()).await?;
    row.as_ref().map(to_candidate).transpose()
}

async fn by_full_name(ctx: &ServerContext, person: &EsiaPerson) -> Result<Vec<Candidate>, AppError> {
    static S: std::sync::OnceLock<&'static str> = std::sync::OnceLock::new();
    let sql = S.get_or_init(|| Box::leak(format!("{CANDIDATE_SELECT}p.surname = $1 AND p.name = $2 AND p.birth_date = $3 LIMIT 20").into_boxed_str()));
    let rows = ctx
        .db
        .query(sql)
        .bind(person.surname.clone())
        .bind(person.name.clone())
        .bind(person.birth_date.clone())
        .fetch_all(ctx.db.pool())
        .await?;
    rows.iter().map(to_candidate).collect()
}

/// Links the account to the ESIA person (audited). `false` when the ESIA person is already
/// linked to another account.
async fn store_link(ctx: &ServerContext, account_id: i64, oid: &str, how: &str, actor: Option<i64>) -> Result<bool, AppError> {
    let mut tx = ctx.db.begin().await?;
    let existing: Option<i64> = ctx.db.query_scalar("SELECT account_id FROM esia_links WHERE oid = $1").bind(oid.to_string()).fetch_optional(&mut *tx).await?;
    match existing {
        Some(a) if a == account_id => return Ok(true),
        Some(_) => return Ok(false),
        None => {}
    }
    ctx.db.query("DELETE FROM esia_links WHERE account_id = $1").bind(account_id).execute(&mut *tx).await?;
    ctx.db
        .query("INSERT INTO esia_links (account_id, oid, linked_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .bind(account_id)
        .bind(oid.to_string())
        .bind(now())
        .execute(&mut *tx)
        .await?;
    let school_id: Option<i64> = ctx
        .db
        .query_scalar("SELECT p.school_id FROM accounts a JOIN people p ON p.id = a.person_id WHERE a.id = $1")
        .bind(account_id)
        .fetch_one(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        &ctx.db,
        audit::Entry {
            school_id,
            actor,
            action: "esia.link",
            entity: "account",
            entity_id: Some(account_id),
            before: None,
            after: Some(json!({ "oid": oid, "how": how })),
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(account_id, oid, how, "ESIA account linked");
    Ok(true)
}

/// A new session for the account (rotating any old one of this browser), remembered as begun
/// through ESIA; lands on the activation wizard for a temporary account.
async fn sign_in_account(ctx: &ServerContext, headers: &http::HeaderMap, account_id: i64, oid: &str, refresh: Option<&str>) -> Result<Redirect, AppError> {
    let row = ctx.db.query("SELECT person_id, state FROM accounts WHERE id = $1").bind(account_id).fetch_one(ctx.db.pool()).await?;
    let person_id: i64 = row.try_get("person_id")?;
    let state: String = row.try_get("state")?;
    let grants = session::grants_of(ctx, person_id).await?;
    let Some(first) = grants.first() else {
        tracing::warn!(account_id, "ESIA sign-in of an account without any role");
        return Ok(refused(Refusal::NotActivated));
    };
    if let Some(old) = crate::cookies::get(headers, session::cookie_name(&ctx.settings)).filter(|t| !t.is_empty()) {
        session::delete(ctx, &old).await?;
    }
    let token = session::create(ctx, account_id, first.id).await?;
    ctx.db
        .query("INSERT INTO esia_sessions (token_hash, oid, refresh_token, created_at) VALUES ($1, $2, $3, $4)")
        .bind(session::token_hash(&token))
        .bind(oid.to_string())
        .bind(refresh.map(String::from))
        .bind(now())
        .execute(ctx.db.pool())
        .await?;
    tracing::info!(account_id, oid, role = first.role.code(), "signed in through ESIA");
    let target = if state == "temporary" { "/activation" } else { first.role.start_page() };
    Ok(Redirect {
        location: target.to_string(),
        cookies: vec![session::set_cookie_value(&ctx.settings, Some(&token)), browser_cookie(ctx, None)],
    })
}

/// A signed-in person came back from ESIA to link their account.
async fn link_signed_in(ctx: &ServerContext, account_id: i64, person: &EsiaPerson, region_id: Option<i64>) -> Result<Redirect, AppError> {
    let region_min = match region_id {
        Some(id) => region(ctx, id).await?.map(|(_, l)| l).unwrap_or(Level::Standard),
        None => Level::Standard,
    };
    let me = candidate_by_account(ctx, account_id).await?;
    if let Err(reason) = matching::admit(&me, person.level, region_min, &today()) {
        audit_refusal(ctx, Some(&person.oid), reason).await?;
        return Ok(refused(reason));
    }
    let person_id = me.person_id;
    if !store_link(ctx, account_id, &person.oid, "settings", Some(person_id)).await? {
        audit_refusal(ctx, Some(&person.oid), Refusal::LinkedElsewhere).await?;
        return Ok(refused(Refusal::LinkedElsewhere));
    }
    Ok(Redirect::to("/settings/security?esia=linked"))
}

async fn candidate_by_account(ctx: &ServerContext, account_id: i64) -> Result<Candidate, AppError> {
    static S: std::sync::OnceLock<&'static str> = std::sync::OnceLock::new();
    let sql = S.get_or_init(|| Box::leak(format!("{CANDIDATE_SELECT}a.id = $1").into_boxed_str()));
    let row = ctx.db.query(sql).bind(account_id).fetch_one(ctx.db.pool()).await?;
    to_candidate(&row)
}

/// The ESIA person waiting in this browser for «логин и пароль … для его привязки».
pub async fn pending(ctx: &ServerContext, headers: &http::HeaderMap) -> Result<Option<(EsiaPerson, Option<i64>)>, AppError> {
    let Some(hash) = browser_hash(headers) else { return Ok(None) };
    let row = ctx
        .db
        .query("SELECT person_json, region_id FROM esia_pending WHERE browser_hash = $1 AND created_at > $2")
        .bind(hash)
        .bind(now() - STATE_TTL_SECS)
        .fetch_optional(ctx.db.pool())
        .await?;
    let Some(row) = row else { return Ok(None) };
    let json: String = row.try_get("person_json")?;
    Ok(serde_json::from_str(&json).ok().map(|p| (p, row.try_get("region_id").ok().flatten())))
}

/// The link form: the Parta login and password of the account the waiting ESIA person is.
pub async fn link_with_password(ctx: &ServerContext, headers: &http::HeaderMap, login: &str, password: String) -> Result<Redirect, AppError> {
    use crate::accounts::{password as pw, throttle};
    use crate::error::SignInRefusal;
    let Some((person, region_id)) = pending(ctx, headers).await? else { return Ok(refused(Refusal::Expired)) };
    let login = login.trim().to_lowercase();
    let refuse = |reason| AppError::SignIn { reason, login: login.clone() };
    if login.is_empty() {
        return Err(refuse(SignInRefusal::EmptyLogin));
    }
    if password.is_empty() {
        return Err(refuse(SignInRefusal::EmptyPassword));
    }
    if let Err(retry_after_secs) = throttle::claim(ctx, &login).await? {
        return Err(refuse(SignInRefusal::Throttled { retry_after_secs }));
    }
    let row = ctx.db.query("SELECT id, password_hash FROM accounts WHERE login = $1").bind(login.clone()).fetch_optional(ctx.db.pool()).await?;
    let Some(row) = row else {
        pw::verify_nobody(password).await?;
        return Err(refuse(SignInRefusal::WrongLoginOrPassword));
    };
    let account_id: i64 = row.try_get("id")?;
    if !pw::verify(row.try_get("password_hash")?, password).await? {
        return Err(refuse(SignInRefusal::WrongLoginOrPassword));
    }
    throttle::clear(ctx, &login).await?;
    let region_min = match region_id {
        Some(id) => region(ctx, id).await?.map(|(_, l)| l).unwrap_or(Level::Standard),
        None => Level::Standard,
    };
    let me = candidate_by_account(ctx, account_id).await?;
    if let Err(reason) = matching::admit(&me, person.level, region_min, &today()) {
        audit_refusal(ctx, Some(&person.oid), reason).await?;
        return Ok(refused(reason));
    }
    if !store_link(ctx, account_id, &person.oid, "password", Some(me.person_id)).await? {
        audit_refusal(ctx, Some(&person.oid), Refusal::LinkedElsewhere).await?;
        return Ok(refused(Refusal::LinkedElsewhere));
    }
    if let Some(hash) = browser_hash(headers) {
        ctx.db.query("DELETE FROM esia_pending WHERE browser_hash = $1").bind(hash).execute(ctx.db.pool()).await?;
    }
    sign_in_account(ctx, headers, account_id, &person.oid, None).await
}

/// After a password sign-in: the offer «Привязать учетную запись портала Госуслуг» (a notice in
/// the signed-in shell) when ESIA is on in the person's region, the account is active and not
/// linked, and the offer was not skipped.
pub async fn offer_after_sign_in(ctx: &ServerContext, account_id: i64, region_id: i64, session_token: &str) -> Result<(), AppError> {
    if client::get().is_none() {
        return Ok(());
    }
    let offer: Option<i64> = ctx
        .db
        .query_scalar(
            "SELECT a.id FROM accounts a JOIN regions r ON r.id = $2 \
             WHERE a.id = $1 AND a.state = 'active' AND a.esia_offer_skipped = 0 AND r.esia_enabled = 1 \
               AND NOT EXISTS (SELECT 1 FROM esia_links l WHERE l.account_id = a.id)",
        )
        .bind(account_id)
        .bind(region_id)
        .fetch_optional(ctx.db.pool())
        .await?;
    if offer.is_some() {
        ctx.db
            .query("INSERT INTO esia_offers (token_hash, created_at) VALUES ($1, $2)")
            .bind(session::token_hash(session_token))
            .bind(now())
            .execute(ctx.db.pool())
            .await?;
    }
    Ok(())
}

/// On «Выход» from a session begun through ESIA: ESIA's logout address (back to `/login`).
pub async fn logout_target(ctx: &ServerContext, session_token: &str) -> Result<Option<String>, AppError> {
    let hash = session::token_hash(session_token);
    let found: Option<String> = ctx.db.query_scalar("SELECT oid FROM esia_sessions WHERE token_hash = $1").bind(hash.clone()).fetch_optional(ctx.db.pool()).await?;
    ctx.db.query("DELETE FROM esia_sessions WHERE token_hash = $1").bind(hash.clone()).execute(ctx.db.pool()).await?;
    ctx.db.query("DELETE FROM esia_offers WHERE token_hash = $1").bind(hash).execute(ctx.db.pool()).await?;
    Ok(match (found, client::get()) {
        (Some(_), Some(esia)) => Some(esia.logout_url(&format!("{}/login", ctx.settings.public_base_url))),
        _ => None,
    })
}

/// Unlinks the signed-in person's account (audited).
pub async fn unlink(ctx: &ServerContext, account_id: i64, actor: i64, school_id: Option<i64>) -> Result<(), AppError> {
    let mut tx = ctx.db.begin().await?;
    let oid: Option<String> = ctx.db.query_scalar("SELECT oid FROM esia_links WHERE account_id = $1").bind(account_id).fetch_optional(&mut *tx).await?;
    let Some(oid) = oid else { return Ok(()) };
    ctx.db.query("DELETE FROM esia_links WHERE account_id = $1").bind(account_id).execute(&mut *tx).await?;
    audit::record(
        &mut tx,
        &ctx.db,
        audit::Entry {
            school_id,
            actor: Some(actor),
            action: "esia.unlink",
            entity: "account",
            entity_id: Some(account_id),
            before: Some(json!({ "oid": oid })),
            after: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn is_linked(ctx: &ServerContext, account_id: i64) -> Result<bool, AppError> {
    let found: Option<i64> = ctx.db.query_scalar("SELECT account_id FROM esia_links WHERE account_id = $1").bind(account_id).fetch_optional(ctx.db.pool()).await?;
    Ok(found.is_some())
}

/// Uses the stored refresh token of a session begun through ESIA (a new one is stored).
pub async fn refresh(ctx: &ServerContext, session_token: &str) -> Result<bool, AppError> {
    let Some(esia) = client::get() else { return Ok(false) };
    let hash = session::token_hash(session_token);
    let token: Option<Option<String>> = ctx.db.query_scalar("SELECT refresh_token FROM esia_sessions WHERE token_hash = $1").bind(hash.clone()).fetch_optional(ctx.db.pool()).await?;
    let Some(Some(token)) = token else { return Ok(false) };
    match esia.refresh(&token, now()).await {
        Ok(tokens) => {
            ctx.db.query("UPDATE esia_sessions SET refresh_token = $1 WHERE token_hash = $2").bind(tokens.refresh_token).bind(hash).execute(ctx.db.pool()).await?;
            Ok(true)
        }
        Err(e) => {
            log_failure("refresh", &e);
            Ok(false)
        }
    }
}

/// The client for `EsiaClient` users outside this module (the host's set-up).
pub fn configured() -> Option<std::sync::Arc<EsiaClient>> {
    client::get()
}
