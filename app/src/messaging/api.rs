//! Server functions of the messaging domain.

use super::types::OutboxMessage;
use crate::error::AppError;
use leptos::prelude::*;

/// The school's latest outbound messages, for its admins (the only way to read them when no
/// mail or SMS transport is configured).
#[server(endpoint = "outbox_messages")]
pub async fn outbox_messages() -> Result<Vec<OutboxMessage>, AppError> {
    use crate::db::Row;
    use crate::policy::{authorize, Action, Scope};
    let (ctx, me) = crate::accounts::session::require().await?;
    let school_id = me.active.school_id.ok_or(AppError::Forbidden)?;
    authorize(&ctx, &me, Action::ManageSchool, Scope::School { school_id }).await?;
    let rows = ctx
        .db
        .query(
            "SELECT id, channel, recipient, subject, body, status, attempts, last_error, created_at \
             FROM outbox WHERE school_id = $1 ORDER BY created_at DESC, id DESC LIMIT 100",
        )
        .bind(school_id)
        .fetch_all(ctx.db.pool())
        .await?;
    rows.into_iter()
        .map(|r| {
            Ok(OutboxMessage {
                id: r.try_get("id")?,
                channel: r.try_get("channel")?,
                recipient: r.try_get("recipient")?,
                subject: r.try_get("subject")?,
                body: r.try_get("body")?,
                status: r.try_get("status")?,
                attempts: r.try_get("attempts")?,
                last_error: r.try_get("last_error")?,
                created: super::types::moscow_time(r.try_get("created_at")?),
            })
        })
        .collect()
}
