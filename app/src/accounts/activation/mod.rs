//! The activation wizard on first sign-in (seed 002): «Личные данные» → «Параметры безопасности»
//! → «Новый пароль» → «Готово!», then the e-mail confirmation link. Every step is a plain form
//! post to a server function that redirects to the next step, so it works without JavaScript.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The versions of the texts a person agrees to; stored with each consent.
pub const USER_AGREEMENT_VERSION: &str = "2026-11-01";
pub const PERSONAL_DATA_CONSENT_VERSION: &str = "2026-11-01";
/// How long an e-mail confirmation link stays valid.
pub const CONFIRM_EMAIL_TTL_SECS: i64 = 3 * 24 * 3600;

/// The steps; the number is `accounts.activation_step`.
pub const STEP_PERSONAL: i64 = 0;
pub const STEP_SECURITY: i64 = 1;
pub const STEP_PASSWORD: i64 = 2;
pub const STEP_DONE: i64 = 3;

pub fn step_path(step: i64) -> &'static str {
    match step {
        STEP_PERSONAL => "/activation/personal",
        STEP_SECURITY => "/activation/security",
        STEP_PASSWORD => "/activation/password",
        _ => "/activation/done",
    }
}

/// What the wizard shows the person about themselves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivationData {
    pub step: i64,
    pub login: String,
    pub full_name: String,
    pub female: bool,
    pub birth_date: String,
    pub snils: Option<String>,
    pub school: String,
    pub role: crate::accounts::types::RoleKind,
    pub class_name: Option<String>,
    pub email: String,
    pub phone: String,
    /// Whom to ask when the data is wrong: the school's admins and the class teacher.
    pub admins: Vec<String>,
    pub class_teacher: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConfirmOutcome {
    Confirmed { email: String },
}

#[server(endpoint = "activation_info")]
pub async fn activation_info() -> Result<ActivationData, AppError> {
    let (ctx, me) = crate::accounts::session::require_signed_in().await?;
    server::info(&ctx, &me).await
}

/// «Далее» on «Личные данные»: the person has checked their data.
#[server(endpoint = "activation_confirm_personal")]
pub async fn confirm_personal() -> Result<(), AppError> {
    let (ctx, me) = crate::accounts::session::require_signed_in().await?;
    let step = server::current_step(&ctx, me.account_id).await?;
    if step >= STEP_DONE {
        leptos_axum::redirect("/");
        return Ok(());
    }
    server::advance(&ctx, me.account_id, STEP_SECURITY).await?;
    leptos_axum::redirect(step_path(step.max(STEP_SECURITY)));
    Ok(())
}

/// «Далее» on «Параметры безопасности»: e-mail and phone, both required.
#[server(endpoint = "activation_save_security")]
pub async fn save_security(email: String, phone: String) -> Result<(), AppError> {
    let (ctx, me) = crate::accounts::session::require_signed_in().await?;
    let step = server::current_step(&ctx, me.account_id).await?;
    if step < STEP_SECURITY {
        leptos_axum::redirect(step_path(step));
        return Ok(());
    }
    let typed = [("email", email.as_str()), ("phone", phone.as_str())];
    let email = crate::accounts::contacts::parse_email(&email).map_err(|m| AppError::invalid("email", m).echo(&typed))?;
    let phone = crate::accounts::contacts::parse_phone(&phone).map_err(|m| AppError::invalid("phone", m).echo(&typed))?;
    server::save_contacts(&ctx, &me, &email, &phone).await?;
    server::advance(&ctx, me.account_id, STEP_PASSWORD).await?;
    leptos_axum::redirect(step_path(STEP_PASSWORD));
    Ok(())
}

/// «Готово!» on «Новый пароль»: the permanent password and both consents; the account becomes
/// active and a confirmation link goes to the e-mail address.
#[server(endpoint = "activation_finish")]
pub async fn finish(
    password: String,
    password_repeat: String,
    #[server(default)] agree: Option<String>,
    #[server(default)] consent: Option<String>,
) -> Result<(), AppError> {
    let (ctx, me) = crate::accounts::session::require_signed_in().await?;
    let step = server::current_step(&ctx, me.account_id).await?;
    if step < STEP_PASSWORD {
        leptos_axum::redirect(step_path(step));
        return Ok(());
    }
    if step >= STEP_DONE {
        leptos_axum::redirect("/");
        return Ok(());
    }
    server::finish(&ctx, &me, &password, &password_repeat, agree.is_some(), consent.is_some()).await?;
    crate::accounts::session::forget();
    leptos_axum::redirect(step_path(STEP_DONE));
    Ok(())
}

/// The link from the confirmation e-mail. Works without a session: people open mail anywhere.
#[server(endpoint = "confirm_email")]
pub async fn confirm_email(token: String) -> Result<ConfirmOutcome, AppError> {
    let ctx = crate::context::server_context()?;
    server::confirm_email(&ctx, &token).await
}

#[cfg(feature = "ssr")]
mod server;
