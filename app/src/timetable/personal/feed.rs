//! Server-only: the `.ics` a signed-in person downloads and the private subscription a calendar
//! app polls. A subscription's token is random, shown once, stored as its SHA-256; at every
//! poll the owner's role is asked again through the policy, so a feed ends with that access.

use super::server::{authorize_target, lessons, moscow_now, title};
use super::types::TargetKind;
use crate::accounts::session::{me_in_role, new_token, token_hash};
use crate::accounts::types::Me;
use crate::context::ServerContext;
use crate::db::{now, Row};
use crate::error::AppError;
use chrono::Duration;

/// The export covers the weeks around today: a month back, eight months ahead.
pub const EXPORT_DAYS_BACK: i64 = 31;
pub const EXPORT_DAYS_AHEAD: i64 = 240;

/// The calendar text of a timetable the person may see.
async fn ics(ctx: &ServerContext, me: &Me, kind: TargetKind, id: i64) -> Result<String, AppError> {
    let school_id = authorize_target(ctx, me, kind, id).await?;
    let (today, _) = moscow_now();
    let cells = lessons(ctx, school_id, kind, id, today - Duration::days(EXPORT_DAYS_BACK), today + Duration::days(EXPORT_DAYS_AHEAD)).await?;
    let name = format!("Расписание — {}", title(ctx, kind, id).await?);
    let stamp = chrono::DateTime::from_timestamp(now(), 0).unwrap_or_default().format("%Y%m%dT%H%M%SZ").to_string();
    let base = &ctx.settings.public_base_url;
    let host = base.split("://").nth(1).unwrap_or(base).trim_end_matches('/');
    Ok(super::ical::calendar(&name, &cells, &stamp, host))
}

fn target(kind: &str, id: i64) -> Result<(TargetKind, i64), AppError> {
    TargetKind::parse(kind).filter(|_| id > 0).map(|k| (k, id)).ok_or(AppError::NotFound)
}

/// `/timetable.ics?kind=…&id=…`: the file and its name.
pub async fn download(ctx: &ServerContext, me: Option<Me>, kind: &str, id: i64) -> Result<(String, String), AppError> {
    let me = me.ok_or(AppError::Unauthorized)?;
    let (kind, id) = target(kind, id)?;
    Ok((format!("parta-{}-{id}.ics", kind.code()), ics(ctx, &me, kind, id).await?))
}

/// `/calendar/<token>.ics`: `NotFound` for a token never made, revoked, or whose owner lost
/// the access it was made under.
pub async fn subscription(ctx: &ServerContext, token: &str) -> Result<String, AppError> {
    let row = ctx
        .db
        .query(
            "SELECT f.person_id, f.role_grant_id, f.target_kind, f.target_id, a.id AS account_id, a.state, p.surname, p.name, p.patronymic \
             FROM calendar_feeds f JOIN accounts a ON a.person_id = f.person_id JOIN people p ON p.id = f.person_id \
             WHERE f.token_hash = $1 AND a.state <> 'blocked'",
        )
        .bind(token_hash(token))
        .fetch_optional(ctx.db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    let me = me_in_role(ctx, &row, row.try_get("role_grant_id")?).await?.ok_or(AppError::NotFound)?;
    let (kind, id) = target(&row.try_get::<String, _>("target_kind")?, row.try_get("target_id")?)?;
    ics(ctx, &me, kind, id).await.map_err(|e| match e {
        AppError::Forbidden => AppError::NotFound,
        other => other,
    })
}

/// A new subscription token for this timetable (any earlier one stops working).
pub async fn create(ctx: &ServerContext, me: &Me, kind: TargetKind, id: i64) -> Result<String, AppError> {
    let school_id = authorize_target(ctx, me, kind, id).await?;
    let token = new_token();
    let mut tx = ctx.db.begin().await?;
    ctx.db
        .query("DELETE FROM calendar_feeds WHERE person_id = $1 AND target_kind = $2 AND target_id = $3")
        .bind(me.person_id)
        .bind(kind.code())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    ctx.db
        .query(
            "INSERT INTO calendar_feeds (token_hash, person_id, role_grant_id, school_id, target_kind, target_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(token_hash(&token))
        .bind(me.person_id)
        .bind(me.active.id)
        .bind(school_id)
        .bind(kind.code())
        .bind(id)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(token)
}

/// «Отозвать ссылку»: the calendar app gets 404 from now on.
pub async fn revoke(ctx: &ServerContext, me: &Me, kind: TargetKind, id: i64) -> Result<(), AppError> {
    ctx.db
        .query("DELETE FROM calendar_feeds WHERE person_id = $1 AND target_kind = $2 AND target_id = $3")
        .bind(me.person_id)
        .bind(kind.code())
        .bind(id)
        .execute(ctx.db.pool())
        .await?;
    Ok(())
}

/// The subscription address of a token.
pub fn feed_url(ctx: &ServerContext, token: &str) -> String {
    format!("{}/calendar/{token}.ics", ctx.settings.public_base_url.trim_end_matches('/'))
}
