//! «Настройки» → «Безопасность» (seed 003): the person's login (changed once), their contacts,
//! and the invitations from schools to confirm that they are a child's parent — accepted or
//! declined for each child separately.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub id: i64,
    pub child: String,
    pub class_name: Option<String>,
    pub school: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedChild {
    pub child: String,
    pub class_name: Option<String>,
    pub school: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityData {
    pub login: String,
    /// The login may be changed once; after that only the school admin can.
    pub login_changed: bool,
    pub email: String,
    pub email_confirmed: bool,
    pub phone: String,
    pub phone_confirmed: bool,
    pub invitations: Vec<Invitation>,
    pub children: Vec<LinkedChild>,
}

#[server(endpoint = "security_settings")]
pub async fn security_settings() -> Result<SecurityData, AppError> {
    let (ctx, me) = crate::accounts::session::require().await?;
    server::own(&ctx, &me).await?;
    server::security(&ctx, &me).await
}

/// «Принять» / «Отклонить» on one invitation.
#[server(endpoint = "answer_invitation")]
pub async fn answer_invitation(id: i64, accept: String) -> Result<(), AppError> {
    let (ctx, me) = crate::accounts::session::require().await?;
    server::own(&ctx, &me).await?;
    server::answer(&ctx, &me, id, accept == "1").await?;
    // A first accepted child may have given the person the parent role.
    crate::accounts::session::forget();
    leptos_axum::redirect(&format!("/settings/security?answered={}", if accept == "1" { "accepted" } else { "declined" }));
    Ok(())
}

/// «Сменить логин», once.
#[server(endpoint = "change_login")]
pub async fn change_login(login: String) -> Result<(), AppError> {
    let (ctx, me) = crate::accounts::session::require().await?;
    server::own(&ctx, &me).await?;
    let typed = [("login", login.as_str())];
    let new_login = crate::people::logins::parse_login(&login).map_err(|m| AppError::invalid("login", m).echo(&typed))?;
    server::change_login(&ctx, &me, &new_login).await.map_err(|e| e.echo(&typed))?;
    leptos_axum::redirect("/settings/security?login=changed");
    Ok(())
}

#[cfg(feature = "ssr")]
mod server;
