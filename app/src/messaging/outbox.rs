//! Queuing outbound messages (server only). Delivery is the host's job (`server/src/outbox.rs`).
//!
//! A row starts as `pending` and due now; the worker picks it up within about a second.
//! Queuing takes the caller's connection rather than the pool so that the message is part of
//! the caller's transaction: a rolled-back change never e-mails anybody.

use crate::db::Db;
use crate::error::AppError;

/// Queues an e-mail inside the caller's transaction, so it is sent only if the change commits.
pub async fn queue_email(
    tx: &mut sqlx::AnyConnection,
    db: &Db,
    school_id: Option<i64>,
    to: &str,
    subject: &str,
    body: &str,
) -> Result<i64, AppError> {
    queue(tx, db, school_id, Channel::Email, to, subject, body).await
}

/// Queues an SMS inside the caller's transaction, so it is sent only if the change commits.
pub async fn queue_sms(
    tx: &mut sqlx::AnyConnection,
    db: &Db,
    school_id: Option<i64>,
    to_phone: &str,
    text: &str,
) -> Result<i64, AppError> {
    queue(tx, db, school_id, Channel::Sms, to_phone, "", text).await
}

#[derive(Clone, Copy)]
enum Channel {
    Email,
    Sms,
}

impl Channel {
    /// The value of `outbox.channel` (the table's CHECK constraint lists the same two).
    fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
        }
    }
}

async fn queue(
    tx: &mut sqlx::AnyConnection,
    db: &Db,
    school_id: Option<i64>,
    channel: Channel,
    recipient: &str,
    subject: &str,
    body: &str,
) -> Result<i64, AppError> {
    let recipient = recipient.trim();
    // An empty recipient is a bug in the caller, not something a retry could fix: refuse it
    // here, where the caller's context is still known, instead of failing later in the worker.
    if recipient.is_empty() {
        return Err(AppError::internal("outbox", format!("{} without a recipient", channel.as_str())));
    }
    let now = crate::db::now();
    let id: i64 = db
        .query_scalar(
            "INSERT INTO outbox (school_id, channel, recipient, subject, body, status, attempts, \
                                 next_attempt_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6, $6) RETURNING id",
        )
        .bind(school_id)
        .bind(channel.as_str())
        .bind(recipient.to_string())
        .bind(subject.to_string())
        .bind(body.to_string())
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| AppError::internal("outbox", format!("cannot queue {}: {e}", channel.as_str())))?;
    Ok(id)
}
