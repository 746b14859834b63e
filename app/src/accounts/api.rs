//! Server functions of the accounts domain: sign-in, sign-out, the current person, role switch.

use crate::accounts::types::Me;
use crate::error::AppError;
use leptos::prelude::*;

/// The signed-in person, or `None` for a visitor.
#[server(endpoint = "me")]
pub async fn whoami() -> Result<Option<Me>, AppError> {
    let ctx = crate::context::server_context()?;
    crate::accounts::session::current(&ctx).await
}

/// Signs in with login and password; lands on the start page of the person's first role.
/// Works as a plain form post too: errors come back to the form through the URL.
#[server(endpoint = "sign_in")]
pub async fn sign_in(login: String, password: String) -> Result<(), AppError> {
    use crate::accounts::{password, session, throttle};
    use crate::db::Row;
    use crate::error::SignInRefusal;

    let ctx = crate::context::server_context()?;
    let login = login.trim().to_lowercase();
    let refuse = |reason| AppError::SignIn { reason, login: login.clone() };
    if login.is_empty() {
        return Err(refuse(SignInRefusal::EmptyLogin));
    }
    if password.is_empty() {
        return Err(refuse(SignInRefusal::EmptyPassword));
    }
    // No account has a longer login (people's are at most 32 characters) or password.
    if login.len() > 254 || password.len() > password::PASSWORD_MAX_BYTES {
        password::verify_nobody(String::new()).await?;
        return Err(AppError::SignIn { reason: SignInRefusal::WrongLoginOrPassword, login: String::new() });
    }
    if let Err(retry_after_secs) = throttle::claim(&ctx, &login).await? {
        return Err(refuse(SignInRefusal::Throttled { retry_after_secs }));
    }
    let account = ctx
        .db
        .query("SELECT id, person_id, password_hash, state FROM accounts WHERE login = $1")
        .bind(login.clone())
        .fetch_optional(ctx.db.pool())
        .await?;
    let Some(account) = account else {
        password::verify_nobody(password).await?;
        tracing::info!(%login, "sign-in refused: unknown login");
        return Err(refuse(SignInRefusal::WrongLoginOrPassword));
    };
    let account_id: i64 = account.try_get("id")?;
    let person_id: i64 = account.try_get("person_id")?;
    let stored: String = account.try_get("password_hash")?;
    if !password::verify(stored, password).await? {
        tracing::info!(%login, "sign-in refused: wrong password");
        return Err(refuse(SignInRefusal::WrongLoginOrPassword));
    }
    throttle::clear(&ctx, &login).await?;
    // Only someone who knows the password learns that the account is blocked.
    let state: String = account.try_get("state")?;
    if state == "blocked" {
        tracing::info!(%login, "sign-in refused: blocked account");
        return Err(refuse(SignInRefusal::Blocked));
    }

    let grants = session::grants_of(&ctx, person_id).await?;
    let Some(first) = grants.first() else {
        tracing::warn!(%login, "account without any role tried to sign in");
        return Err(AppError::Forbidden);
    };
    // Rotation: whatever session this browser had is ended before a new one begins.
    if let Some(old) = session::request_token(&ctx) {
        session::delete(&ctx, &old).await?;
    }
    let token = session::create(&ctx, account_id, first.id).await?;
    session::forget();
    session::send_cookie(session::set_cookie_value(&ctx.settings, Some(&token)))?;
    tracing::info!(%login, role = first.role.code(), "signed in");
    // An active account in a region with Gosuslugi may be offered to link it (a notice).
    crate::esia::server::offer_after_sign_in(&ctx, account_id, first.region_id, &token).await?;
    // A temporary password opens only the activation wizard.
    leptos_axum::redirect(if state == "temporary" { "/activation" } else { first.role.start_page() });
    Ok(())
}

/// Ends the session and returns to the sign-in form.
#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::accounts::session;
    let ctx = crate::context::server_context()?;
    let mut target = "/login".to_string();
    if let Some(token) = session::request_token(&ctx) {
        // A session begun through Gosuslugi ends at ESIA too (its logout returns to /login).
        if let Some(esia_logout) = crate::esia::server::logout_target(&ctx, &token).await? {
            target = esia_logout;
        }
        session::delete(&ctx, &token).await?;
    }
    session::send_cookie(session::set_cookie_value(&ctx.settings, None))?;
    session::forget();
    leptos_axum::redirect(&target);
    Ok(())
}

/// Makes another of the person's roles the active one and opens its start page.
#[server(endpoint = "switch_role")]
pub async fn switch_role(grant_id: i64) -> Result<(), AppError> {
    use crate::accounts::session;
    let (ctx, me) = session::require().await?;
    let Some(grant) = me.grants.iter().find(|g| g.id == grant_id) else {
        return Err(AppError::Forbidden);
    };
    let token = session::request_token(&ctx).ok_or(AppError::Unauthorized)?;
    ctx.db
        .query("UPDATE sessions SET role_grant_id = $1 WHERE token_hash = $2")
        .bind(grant.id)
        .bind(session::token_hash(&token))
        .execute(ctx.db.pool())
        .await?;
    session::forget();
    leptos_axum::redirect(grant.role.start_page());
    Ok(())
}
