//! Reading the audit log (server only).

use super::{AuditPage, AuditRow, PAGE_SIZE};
use crate::context::ServerContext;
use crate::db::Row;
use crate::error::AppError;
use crate::messaging::types::moscow_time;
use crate::school::queries::person_name;
use crate::school::types::full_name;

pub async fn page(ctx: &ServerContext, school_id: i64, before: i64) -> Result<AuditPage, AppError> {
    let rows = ctx
        .db
        .query(
            "SELECT l.id, l.at, l.action, l.entity, l.entity_id, l.before_json, l.after_json, \
                    a.surname, a.name, a.patronymic, \
                    s.surname AS s_surname, s.name AS s_name, s.patronymic AS s_patronymic \
             FROM audit_log l \
             LEFT JOIN people a ON a.id = l.actor_person_id \
             LEFT JOIN people s ON s.id = l.entity_id AND l.entity = 'person' \
             WHERE l.school_id = $1 AND ($2 = 0 OR l.id < $2) \
             ORDER BY l.id DESC LIMIT $3",
        )
        .bind(school_id)
        .bind(before)
        .bind(PAGE_SIZE + 1)
        .fetch_all(ctx.db.pool())
        .await?;
    let mut out = Vec::new();
    for r in rows.iter().take(PAGE_SIZE as usize) {
        let subject_surname: Option<String> = r.try_get("s_surname")?;
        let subject = match (subject_surname, r.try_get::<Option<i64>, _>("entity_id")?) {
            (Some(surname), Some(id)) => {
                let name: String = r.try_get::<Option<String>, _>("s_name")?.unwrap_or_default();
                let patronymic: String = r.try_get::<Option<String>, _>("s_patronymic")?.unwrap_or_default();
                Some((id, full_name(&surname, &name, &patronymic)))
            }
            _ => None,
        };
        out.push(AuditRow {
            id: r.try_get("id")?,
            at: moscow_time(r.try_get("at")?),
            actor: person_name(r)?,
            action: r.try_get("action")?,
            subject,
            before: r.try_get("before_json")?,
            after: r.try_get("after_json")?,
        });
    }
    let older = (rows.len() as i64 > PAGE_SIZE).then(|| out.last().map(|r| r.id)).flatten();
    Ok(AuditPage { rows: out, older })
}
