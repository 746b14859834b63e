//! Server side of «Безопасность».

use super::*;
use crate::accounts::contacts;
use crate::accounts::types::Me;
use crate::audit;
use crate::context::ServerContext;
use crate::db::{now, Row};
use crate::i18n::Msg;
use crate::policy::{authorize, Action, Scope};
use crate::school::queries::person_name;
use crate::school::types::class_name;
use serde_json::json;

/// Everything here is about the signed-in person's own account.
pub async fn own(ctx: &ServerContext, me: &Me) -> Result<(), AppError> {
    authorize(ctx, me, Action::ManageOwnAccount, Scope::Person { person_id: me.person_id }).await
}

pub async fn security(ctx: &ServerContext, me: &Me) -> Result<SecurityData, AppError> {
    let db = &ctx.db;
    let row = db
        .query(
            "SELECT a.login, a.login_changed, p.email, p.email_confirmed, p.phone, p.phone_confirmed \
             FROM accounts a JOIN people p ON p.id = a.person_id WHERE a.id = $1",
        )
        .bind(me.account_id)
        .fetch_one(db.pool())
        .await?;
    let links = db
        .query(
            "SELECT l.id, l.status, c.surname, c.name, c.patronymic, s.short_name AS school, \
                    (SELECT cl.grade FROM class_enrolments e JOIN classes cl ON cl.id = e.class_id \
                     WHERE e.pupil_id = c.id ORDER BY cl.academic_year_id DESC LIMIT 1) AS grade, \
                    (SELECT cl.letter FROM class_enrolments e JOIN classes cl ON cl.id = e.class_id \
                     WHERE e.pupil_id = c.id ORDER BY cl.academic_year_id DESC LIMIT 1) AS letter \
             FROM parent_links l JOIN people c ON c.id = l.child_id JOIN schools s ON s.id = l.school_id \
             WHERE l.parent_id = $1 AND l.status IN ('pending', 'confirmed') ORDER BY c.surname, c.name",
        )
        .bind(me.person_id)
        .fetch_all(db.pool())
        .await?;
    let mut invitations = Vec::new();
    let mut children = Vec::new();
    for l in &links {
        let grade: Option<i64> = l.try_get("grade")?;
        let letter: Option<String> = l.try_get("letter")?;
        let class = grade.zip(letter).map(|(g, l)| class_name(g, &l));
        let child = person_name(l)?.unwrap_or_default();
        let school: String = l.try_get("school")?;
        if l.try_get::<String, _>("status")? == "pending" {
            invitations.push(Invitation { id: l.try_get("id")?, child, class_name: class, school });
        } else {
            children.push(LinkedChild { child, class_name: class, school });
        }
    }
    let email: Option<String> = row.try_get("email")?;
    let phone: Option<String> = row.try_get("phone")?;
    Ok(SecurityData {
        login: row.try_get("login")?,
        login_changed: row.try_get::<i64, _>("login_changed")? == 1,
        email: email.unwrap_or_default(),
        email_confirmed: row.try_get::<i64, _>("email_confirmed")? == 1,
        phone: phone.map(|p| contacts::format_phone(&p)).unwrap_or_default(),
        phone_confirmed: row.try_get::<i64, _>("phone_confirmed")? == 1,
        invitations,
        children,
    })
}

/// Accepting confirms the link and gives the parent role in the child's school if the person
/// does not hold it yet; declining only records the answer. Only the person's own pending
/// invitations can be answered.
pub async fn answer(ctx: &ServerContext, me: &Me, link_id: i64, accept: bool) -> Result<(), AppError> {
    let db = &ctx.db;
    let mut tx = db.begin().await?;
    let link = db
        .query("SELECT school_id, child_id FROM parent_links WHERE id = $1 AND parent_id = $2 AND status = 'pending'")
        .bind(link_id)
        .bind(me.person_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    let school_id: i64 = link.try_get("school_id")?;
    let child_id: i64 = link.try_get("child_id")?;
    let status = if accept { "confirmed" } else { "declined" };
    db.query("UPDATE parent_links SET status = $1, decided_at = $2 WHERE id = $3")
        .bind(status)
        .bind(now())
        .bind(link_id)
        .execute(&mut *tx)
        .await?;
    if accept {
        db.query(
            "INSERT INTO role_grants (person_id, role, region_id, school_id, created_at) \
             SELECT $1, 'parent', s.region_id, s.id, $2 FROM schools s WHERE s.id = $3 \
               AND NOT EXISTS (SELECT 1 FROM role_grants g WHERE g.person_id = $1 AND g.school_id = $3 AND g.role = 'parent')",
        )
        .bind(me.person_id)
        .bind(now())
        .bind(school_id)
        .execute(&mut *tx)
        .await?;
    }
    audit::record(
        &mut tx,
        db,
        audit::Entry {
            school_id: Some(school_id),
            actor: Some(me.person_id),
            action: if accept { "link.accept" } else { "link.decline" },
            entity: "person",
            entity_id: Some(child_id),
            before: Some(json!({ "parent_id": me.person_id, "status": "pending" })),
            after: Some(json!({ "parent_id": me.person_id, "status": status })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn change_login(ctx: &ServerContext, me: &Me, new_login: &str) -> Result<(), AppError> {
    let db = &ctx.db;
    let mut tx = db.begin().await?;
    let row = db.query("SELECT login, login_changed FROM accounts WHERE id = $1").bind(me.account_id).fetch_one(&mut *tx).await?;
    let old: String = row.try_get("login")?;
    if row.try_get::<i64, _>("login_changed")? == 1 {
        return Err(AppError::invalid("login", Msg::LoginAlreadyChanged));
    }
    if old == new_login {
        return Err(AppError::invalid("login", Msg::LoginSame));
    }
    let taken: i64 = db.query_scalar("SELECT COUNT(*) FROM accounts WHERE login = $1").bind(new_login.to_string()).fetch_one(&mut *tx).await?;
    if taken > 0 {
        return Err(AppError::invalid("login", Msg::LoginTaken));
    }
    db.query("UPDATE accounts SET login = $1, login_changed = 1 WHERE id = $2 AND login_changed = 0")
        .bind(new_login.to_string())
        .bind(me.account_id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        db,
        audit::Entry {
            school_id: me.active.school_id,
            actor: Some(me.person_id),
            action: "account.login_change",
            entity: "person",
            entity_id: Some(me.person_id),
            before: Some(json!({ "login": old })),
            after: Some(json!({ "login": new_login })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
