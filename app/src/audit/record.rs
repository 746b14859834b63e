//! The append-only audit log (server only): who changed what, when, from what to what.
//! Written in the same transaction as the change it describes.

use crate::db::{now, Db};
use crate::error::AppError;

pub struct Entry {
    pub school_id: Option<i64>,
    pub actor: Option<i64>,
    pub action: &'static str,
    pub entity: &'static str,
    pub entity_id: Option<i64>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

pub async fn record(tx: &mut sqlx::AnyConnection, db: &Db, entry: Entry) -> Result<(), AppError> {
    db.query(
        "INSERT INTO audit_log (school_id, actor_person_id, action, entity, entity_id, before_json, after_json, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(entry.school_id)
    .bind(entry.actor)
    .bind(entry.action)
    .bind(entry.entity)
    .bind(entry.entity_id)
    .bind(entry.before.map(|v| v.to_string()))
    .bind(entry.after.map(|v| v.to_string()))
    .bind(now())
    .execute(tx)
    .await?;
    Ok(())
}
