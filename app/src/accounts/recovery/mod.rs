//! Access recovery (seed 002, «Восстановление доступа»): «Я не помню логин», «Я не помню пароль»
//! with its fallback «Мне не пришло письмо, восстановить пароль по телефону», «Я не помню логин и
//! пароль», and a parent restoring a linked child's access. Every step is a plain form post to a
//! server function that redirects, so it all works without JavaScript.
//!
//! What it never does: tell whether a login, e-mail or phone exists before the person has proven
//! more than a bare login (a contact and the birth date, or a login and the phone's hidden digits).
//! Links and codes are single use, expire, are stored only as hashes and are rate-limited per
//! target and per client address.

pub mod captcha;

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// How long a password-reset link from an e-mail stays valid.
pub const RESET_LINK_TTL_SECS: i64 = 3600;
/// How long the reset page opened after a right SMS code stays valid.
pub const RESET_AFTER_CODE_TTL_SECS: i64 = 15 * 60;
/// How long an SMS code stays valid.
pub const SMS_CODE_TTL_SECS: i64 = 10 * 60;
/// How long the pages of one «Я не помню пароль» request (phone fallback, code) stay usable.
pub const FLOW_TTL_SECS: i64 = 3600;
/// Wrong phone digits and wrong SMS codes allowed per request.
pub const FLOW_MAX_ATTEMPTS: i64 = 3;
/// The rate-limit window.
pub const LIMIT_WINDOW_SECS: i64 = 3600;
/// Requests per hour for one login, e-mail or phone.
pub const LIMIT_PER_TARGET: i64 = 5;
/// SMS codes per hour to one account.
pub const LIMIT_SMS_PER_ACCOUNT: i64 = 3;
/// Recovery form posts per hour from one client address (`PARTA_RECOVERY_IP_LIMIT` overrides).
pub const DEFAULT_LIMIT_PER_IP: i64 = 100;
/// Digits of the phone the person types on the phone page.
pub const HIDDEN_PHONE_DIGITS: usize = 5;

/// What the person forgot: the login, or the login and the password (same form, seed 002).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Forgot {
    Login,
    Both,
}

impl Forgot {
    pub fn code(self) -> &'static str {
        match self {
            Forgot::Login => "login",
            Forgot::Both => "both",
        }
    }
    pub fn from_code(code: &str) -> Option<Forgot> {
        match code {
            "login" => Some(Forgot::Login),
            "both" => Some(Forgot::Both),
            _ => None,
        }
    }
}

/// A captcha to show: its id goes back with the form, the picture is a `data:` URI.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaptchaImage {
    pub id: String,
    pub image: String,
}

/// The phone page: the number with the digits to type hidden.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneView {
    pub mask: String,
}

/// The SMS code page: where the code went (masked).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeView {
    pub phone: String,
}

/// The reset page: whose password is being set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResetView {
    pub login: String,
}

/// A parent's view of the children whose access they may restore.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildrenView {
    /// The parent's e-mail, when confirmed; links go only there.
    pub parent_email: Option<String>,
    pub children: Vec<ChildAccount>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildAccount {
    pub person_id: i64,
    pub full_name: String,
    pub login: String,
    pub school: String,
    pub class_name: Option<String>,
}

/// A fresh captcha. Each call makes a new one (the «Другая картинка» link calls it again).
#[server(endpoint = "recovery_captcha")]
pub async fn recovery_captcha() -> Result<CaptchaImage, AppError> {
    let ctx = crate::context::server_context()?;
    server::new_captcha(&ctx).await
}

/// «Я не помню логин» and «Я не помню логин и пароль»: e-mail or phone + birth date + captcha.
#[server(endpoint = "recovery_remind_login")]
pub async fn remind_login(
    forgot: String,
    contact: String,
    birth_date: String,
    // Absent when the form is sent while a new picture is still loading.
    #[server(default)] captcha_id: String,
    captcha: String,
) -> Result<(), AppError> {
    let ctx = crate::context::server_context()?;
    let forgot = Forgot::from_code(&forgot).unwrap_or(Forgot::Login);
    let target = server::remind_login(&ctx, forgot, &contact, &birth_date, &captcha_id, &captcha).await?;
    leptos_axum::redirect(&target);
    Ok(())
}

/// «Я не помню пароль»: login + captcha. The answer is the same for every login.
#[server(endpoint = "recovery_request_reset")]
pub async fn request_reset(login: String, #[server(default)] captcha_id: String, captcha: String) -> Result<(), AppError> {
    let ctx = crate::context::server_context()?;
    let flow = server::request_reset(&ctx, &login, &captcha_id, &captcha).await?;
    leptos_axum::redirect(&format!("/recovery/password/sent?flow={flow}"));
    Ok(())
}

/// The phone page of a «Я не помню пароль» request.
#[server(endpoint = "recovery_phone_step")]
pub async fn phone_step(flow: String) -> Result<PhoneView, AppError> {
    let ctx = crate::context::server_context()?;
    server::phone_step(&ctx, &flow).await
}

/// «Далее» on the phone page: the missing digits; right ones send an SMS code.
#[server(endpoint = "recovery_check_phone")]
pub async fn check_phone(flow: String, digits: String) -> Result<(), AppError> {
    let ctx = crate::context::server_context()?;
    server::check_phone(&ctx, &flow, &digits).await?;
    leptos_axum::redirect(&format!("/recovery/code?flow={}", flow.trim()));
    Ok(())
}

#[server(endpoint = "recovery_code_step")]
pub async fn code_step(flow: String) -> Result<CodeView, AppError> {
    let ctx = crate::context::server_context()?;
    server::code_step(&ctx, &flow).await
}

/// «Далее» on the code page: a right code opens the new-password page.
#[server(endpoint = "recovery_check_code")]
pub async fn check_code(flow: String, code: String) -> Result<(), AppError> {
    let ctx = crate::context::server_context()?;
    let token = server::check_code(&ctx, &flow, &code).await?;
    leptos_axum::redirect(&format!("/recovery/reset?token={token}"));
    Ok(())
}

/// The new-password page, opened from the e-mail link (or after the SMS code).
#[server(endpoint = "recovery_reset_step")]
pub async fn reset_step(token: String) -> Result<ResetView, AppError> {
    let ctx = crate::context::server_context()?;
    server::reset_step(&ctx, &token).await
}

/// «Далее» on the new-password page: the password, twice. Every session of the account ends.
#[server(endpoint = "recovery_reset_password")]
pub async fn reset_password(token: String, password: String, password_repeat: String) -> Result<(), AppError> {
    let ctx = crate::context::server_context()?;
    server::reset_password(&ctx, &token, &password, &password_repeat).await?;
    leptos_axum::redirect("/recovery/done");
    Ok(())
}

/// The signed-in parent's children, with their logins.
#[server(endpoint = "recovery_children")]
pub async fn children_access() -> Result<ChildrenView, AppError> {
    let (ctx, me) = crate::accounts::session::require().await?;
    server::children_access(&ctx, &me).await
}

/// A parent asks for a password-reset link for a linked child, sent to the parent's e-mail.
#[server(endpoint = "recovery_child_reset")]
pub async fn child_reset(child_id: i64) -> Result<(), AppError> {
    let (ctx, me) = crate::accounts::session::require().await?;
    server::child_reset(&ctx, &me, child_id).await?;
    leptos_axum::redirect(&format!("/parent/access?sent={child_id}"));
    Ok(())
}

/// `+79211234567` → `+7 921 •••-••-67`: what the phone page shows.
pub fn mask_phone(phone: &str) -> String {
    let d: Vec<char> = phone.chars().filter(|c| c.is_ascii_digit()).collect();
    if d.len() != 11 {
        return "+7 ••• •••-••-••".into();
    }
    let s = |a: usize, b: usize| d[a..b].iter().collect::<String>();
    format!("+7 {} •••-••-{}", s(1, 4), s(9, 11))
}

/// The digits a person must type for `phone`: the hidden five.
pub fn hidden_digits(phone: &str) -> Option<String> {
    let d: String = phone.chars().filter(|c| c.is_ascii_digit()).collect();
    (d.len() == 11).then(|| d[4..9].to_string())
}

/// An e-mail address as a page may show it: `iv•••@mail.ru`.
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let shown: String = local.chars().take(2).collect();
            format!("{shown}•••@{domain}")
        }
        None => "•••".into(),
    }
}

/// A birth date as typed (`14.03.2011`, `14/03/2011`, or the date input's `2011-03-14`) → ISO;
/// the same reading as the admin's forms (`people::validate::parse_date`).
pub fn parse_birth_date(input: &str) -> Result<String, crate::i18n::Msg> {
    crate::people::validate::parse_date(input).map(|date| date.format("%Y-%m-%d").to_string())
}

/// An e-mail or a phone, whichever the person typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Contact {
    Email(String),
    Phone(String),
}

pub fn parse_contact(input: &str) -> Result<Contact, crate::i18n::Msg> {
    use crate::accounts::contacts::{parse_email, parse_phone};
    use crate::i18n::Msg;
    let t = input.trim();
    if t.is_empty() {
        return Err(Msg::ContactRequired);
    }
    if t.contains('@') {
        return parse_email(t).map(Contact::Email).map_err(|_| Msg::ContactFormat);
    }
    match parse_phone(t) {
        Ok(p) => Ok(Contact::Phone(p)),
        Err(Msg::PhoneNotMobile) => Err(Msg::PhoneNotMobile),
        Err(_) => Err(Msg::ContactFormat),
    }
}

#[cfg(feature = "ssr")]
mod server;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Msg;

    #[test]
    fn phones_are_masked_and_the_hidden_digits_are_the_middle_five() {
        assert_eq!(mask_phone("+79211234567"), "+7 921 •••-••-67");
        assert_eq!(hidden_digits("+79211234567").as_deref(), Some("12345"));
        assert_eq!(hidden_digits("+7921"), None);
        assert_eq!(mask_email("ivanova@mail.ru"), "iv•••@mail.ru");
    }

    #[test]
    fn birth_dates_in_usual_spellings() {
        assert_eq!(parse_birth_date("14.03.2011").as_deref(), Ok("2011-03-14"));
        assert_eq!(parse_birth_date(" 2011-03-14 ").as_deref(), Ok("2011-03-14"));
        assert_eq!(parse_birth_date("4/3/2011").as_deref(), Ok("2011-03-04"));
        assert_eq!(parse_birth_date(""), Err(Msg::BirthDateRequired));
        for bad in ["31.02.2011", "14.03.11", "вчера", "14.13.2011", "01.01.1800"] {
            assert_eq!(parse_birth_date(bad), Err(Msg::BirthDateFormat), "{bad}");
        }
    }

    #[test]
    fn a_contact_is_an_email_or_a_mobile_phone() {
        assert_eq!(parse_contact(" Ivanova@Mail.ru "), Ok(Contact::Email("ivanova@mail.ru".into())));
        assert_eq!(parse_contact("8 (921) 123-45-67"), Ok(Contact::Phone("+79211234567".into())));
        assert_eq!(parse_contact(""), Err(Msg::ContactRequired));
        assert_eq!(parse_contact("ivanova@"), Err(Msg::ContactFormat));
        assert_eq!(parse_contact("ivanova"), Err(Msg::ContactFormat));
        assert_eq!(parse_contact("+7 812 123-45-67"), Err(Msg::PhoneNotMobile));
    }

    #[test]
    fn forgot_codes_round_trip() {
        for f in [Forgot::Login, Forgot::Both] {
            assert_eq!(Forgot::from_code(f.code()), Some(f));
        }
        assert_eq!(Forgot::from_code("x"), None);
    }
}
