//! Server functions of «Расписание». Each asks the policy (through `server::authorize_target`)
//! before it reads anything. The subscription buttons are form posts that redirect back, so the
//! page works without JavaScript.

use super::types::WeekTimetable;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn target(kind: &str, id: i64) -> Result<(super::types::TargetKind, i64), AppError> {
    super::types::TargetKind::parse(kind)
        .filter(|_| id > 0)
        .map(|k| (k, id))
        .ok_or_else(|| AppError::invalid("kind", crate::i18n::Msg::TimetableWhoRequired))
}

/// One week of a timetable: `kind` '' and `id` 0 for the person's own (a parent's first child,
/// an admin's first class); `week` any date of the week, '' for this one; `feed` the token just
/// made, to show its address once.
#[server(endpoint = "timetable_week")]
pub async fn timetable_week(
    #[server(default)] kind: String,
    #[server(default)] id: i64,
    #[server(default)] week: String,
    #[server(default)] feed: String,
) -> Result<(WeekTimetable, Option<String>), AppError> {
    let (ctx, me) = crate::accounts::session::require().await?;
    let (kind, id) = if kind.is_empty() && id == 0 {
        super::server::default_target(&ctx, &me).await?
    } else {
        target(&kind, id)?
    };
    let data = super::server::week(&ctx, &me, kind, id, &week).await?;
    // The address is shown only to the person whose feed it is, right after making it.
    let mut url = None;
    if !feed.is_empty() {
        let mine: i64 = ctx
            .db
            .query_scalar("SELECT COUNT(*) FROM calendar_feeds WHERE token_hash = $1 AND person_id = $2 AND target_kind = $3 AND target_id = $4")
            .bind(crate::accounts::session::token_hash(&feed))
            .bind(me.person_id)
            .bind(kind.code())
            .bind(id)
            .fetch_one(ctx.db.pool())
            .await?;
        if mine > 0 {
            url = Some(super::feed::feed_url(&ctx, &feed));
        }
    }
    Ok((data, url))
}

/// «Создать ссылку для подписки» / «Создать новую ссылку»: a new private address (the old one
/// stops working); its token is shown once on the page it redirects to.
#[server(endpoint = "create_calendar_feed")]
pub async fn create_calendar_feed(kind: String, id: i64) -> Result<(), AppError> {
    let (ctx, me) = crate::accounts::session::require().await?;
    let (kind, id) = target(&kind, id)?;
    let token = super::feed::create(&ctx, &me, kind, id).await?;
    leptos_axum::redirect(&format!("/timetable?kind={}&id={id}&feed={token}", kind.code()));
    Ok(())
}

/// «Отозвать ссылку»: the calendar app's address answers 404 from now on.
#[server(endpoint = "revoke_calendar_feed")]
pub async fn revoke_calendar_feed(kind: String, id: i64) -> Result<(), AppError> {
    let (ctx, me) = crate::accounts::session::require().await?;
    let (kind, id) = target(&kind, id)?;
    super::server::authorize_target(&ctx, &me, kind, id).await?;
    super::feed::revoke(&ctx, &me, kind, id).await?;
    leptos_axum::redirect(&format!("/timetable?kind={}&id={id}&revoked=1", kind.code()));
    Ok(())
}
