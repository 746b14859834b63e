//! Server functions of Gosuslugi sign-in: the sign-in page's regions, the link form, the offer
//! after a password sign-in, linking and unlinking in settings, the region operator's switch.

use super::types::{LinkStatus, RegionEsia, RegionOption};
use crate::error::AppError;
use leptos::prelude::*;

/// Regions for «Выберите свой регион» (public: the sign-in page asks before anyone signs in).
#[server(endpoint = "esia_regions")]
pub async fn esia_regions() -> Result<Vec<RegionOption>, AppError> {
    use crate::db::Row;
    let ctx = crate::context::server_context()?;
    let configured = super::client::get().is_some();
    let rows = ctx.db.query("SELECT id, name, esia_enabled FROM regions ORDER BY name").fetch_all(ctx.db.pool()).await?;
    rows.iter()
        .map(|r| {
            Ok(RegionOption {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                esia_enabled: configured && r.try_get::<i64, _>("esia_enabled")? != 0,
            })
        })
        .collect()
}

/// «…введите логин и пароль от Вашего аккаунта… для его привязки»: links the ESIA person waiting
/// in this browser to the account and signs in. Works as a plain form post.
#[server(endpoint = "esia_link")]
pub async fn esia_link(login: String, password: String) -> Result<(), AppError> {
    let ctx = crate::context::server_context()?;
    let parts = crate::context::request_parts()?;
    let redirect = super::server::link_with_password(&ctx, &parts.headers, &login, password).await?;
    for cookie in redirect.cookies {
        crate::accounts::session::send_cookie(cookie)?;
    }
    crate::accounts::session::forget();
    leptos_axum::redirect(&redirect.location);
    Ok(())
}

/// Whether a person is waiting in this browser to be linked (the link page asks).
#[server(endpoint = "esia_link_pending")]
pub async fn esia_link_pending() -> Result<bool, AppError> {
    let ctx = crate::context::server_context()?;
    let parts = crate::context::request_parts()?;
    Ok(super::server::pending(&ctx, &parts.headers).await?.is_some())
}

/// «Пропустить» on the offer: not offered again; on to the start page.
#[server(endpoint = "esia_skip_offer")]
pub async fn esia_skip_offer() -> Result<(), AppError> {
    use crate::policy::{authorize, Action, Scope};
    let (ctx, me) = crate::accounts::session::require().await?;
    authorize(&ctx, &me, Action::ManageOwnAccount, Scope::Person { person_id: me.person_id }).await?;
    ctx.db.query("UPDATE accounts SET esia_offer_skipped = 1 WHERE id = $1").bind(me.account_id).execute(ctx.db.pool()).await?;
    leptos_axum::redirect(me.active.role.start_page());
    Ok(())
}

/// The «Госуслуги» part of the security settings.
#[server(endpoint = "esia_link_status")]
pub async fn esia_link_status() -> Result<LinkStatus, AppError> {
    use crate::policy::{authorize, Action, Scope};
    let (ctx, me) = crate::accounts::session::require().await?;
    authorize(&ctx, &me, Action::ManageOwnAccount, Scope::Person { person_id: me.person_id }).await?;
    Ok(LinkStatus { linked: super::server::is_linked(&ctx, me.account_id).await?, available: super::client::get().is_some() })
}

/// «Отвязать»: the account no longer signs in through that Gosuslugi account.
#[server(endpoint = "esia_unlink")]
pub async fn esia_unlink() -> Result<(), AppError> {
    use crate::policy::{authorize, Action, Scope};
    let (ctx, me) = crate::accounts::session::require().await?;
    authorize(&ctx, &me, Action::ManageOwnAccount, Scope::Person { person_id: me.person_id }).await?;
    super::server::unlink(&ctx, me.account_id, me.person_id, me.active.school_id).await?;
    leptos_axum::redirect("/settings/security?esia=unlinked");
    Ok(())
}

/// The region operator's Gosuslugi settings of their region.
#[server(endpoint = "esia_region")]
pub async fn esia_region() -> Result<RegionEsia, AppError> {
    use crate::db::Row;
    use crate::policy::{authorize, Action, Scope};
    let (ctx, me) = crate::accounts::session::require().await?;
    let region_id = me.active.region_id;
    authorize(&ctx, &me, Action::ManageRegion, Scope::Region { region_id }).await?;
    let r = ctx.db.query("SELECT name, esia_enabled, esia_min_level FROM regions WHERE id = $1").bind(region_id).fetch_one(ctx.db.pool()).await?;
    Ok(RegionEsia {
        region_id,
        name: r.try_get("name")?,
        enabled: r.try_get::<i64, _>("esia_enabled")? != 0,
        min_level: r.try_get("esia_min_level")?,
    })
}

/// «Сохранить»: Gosuslugi sign-in on or off in the region and the minimum account level.
#[server(endpoint = "esia_save_region")]
pub async fn esia_save_region(#[server(default)] enabled: Option<String>, min_level: String) -> Result<(), AppError> {
    use crate::db::Row;
    use crate::i18n::Msg;
    use crate::policy::{authorize, Action, Scope};
    let (ctx, me) = crate::accounts::session::require().await?;
    let region_id = me.active.region_id;
    authorize(&ctx, &me, Action::ManageRegion, Scope::Region { region_id }).await?;
    if !matches!(min_level.as_str(), "standard" | "confirmed") {
        return Err(AppError::invalid("min_level", Msg::EsiaLevelChoice));
    }
    let enabled = i64::from(enabled.is_some_and(|v| v == "on" || v == "1" || v == "true"));
    let mut tx = ctx.db.begin().await?;
    let before = ctx.db.query("SELECT esia_enabled, esia_min_level FROM regions WHERE id = $1").bind(region_id).fetch_one(&mut *tx).await?;
    let before = serde_json::json!({ "esia_enabled": before.try_get::<i64, _>("esia_enabled")?, "esia_min_level": before.try_get::<String, _>("esia_min_level")? });
    ctx.db
        .query("UPDATE regions SET esia_enabled = $1, esia_min_level = $2 WHERE id = $3")
        .bind(enabled)
        .bind(min_level.clone())
        .bind(region_id)
        .execute(&mut *tx)
        .await?;
    crate::audit::record(
        &mut tx,
        &ctx.db,
        crate::audit::Entry {
            school_id: None,
            actor: Some(me.person_id),
            action: "esia.region",
            entity: "region",
            entity_id: Some(region_id),
            before: Some(before),
            after: Some(serde_json::json!({ "esia_enabled": enabled, "esia_min_level": min_level })),
        },
    )
    .await?;
    tx.commit().await?;
    leptos_axum::redirect("/region?esia=saved");
    Ok(())
}
