//! Server side of the activation wizard.

use super::*;
use crate::accounts::types::{Me, RoleKind};
use crate::accounts::{contacts, password, password_rules, session};
use crate::audit;
use crate::context::ServerContext;
use crate::db::{now, Row};
use crate::i18n::Msg;
use crate::policy::{authorize, Action, Scope};
use crate::school::queries::person_name;
use crate::school::types::class_name;

/// The wizard only ever touches the signed-in person's own account.
async fn own(ctx: &ServerContext, me: &Me) -> Result<(), AppError> {
    authorize(ctx, me, Action::ManageOwnAccount, Scope::Person { person_id: me.person_id }).await
}

pub async fn current_step(ctx: &ServerContext, account_id: i64) -> Result<i64, AppError> {
    let row = ctx
        .db
        .query("SELECT state, activation_step FROM accounts WHERE id = $1")
        .bind(account_id)
        .fetch_one(ctx.db.pool())
        .await?;
    let state: String = row.try_get("state")?;
    // Accounts made active another way (imported, demo) have nothing left to do.
    Ok(if state == "temporary" { row.try_get("activation_step")? } else { STEP_DONE })
}

pub async fn advance(ctx: &ServerContext, account_id: i64, to: i64) -> Result<(), AppError> {
    ctx.db
        .query("UPDATE accounts SET activation_step = $1 WHERE id = $2 AND activation_step < $1")
        .bind(to)
        .bind(account_id)
        .execute(ctx.db.pool())
        .await?;
    Ok(())
}

pub async fn info(ctx: &ServerContext, me: &Me) -> Result<ActivationData, AppError> {
    own(ctx, me).await?;
    let db = &ctx.db;
    let row = db
        .query(
            "SELECT a.login, p.surname, p.name, p.patronymic, p.sex, p.birth_date, p.snils, p.email, p.phone \
             FROM accounts a JOIN people p ON p.id = a.person_id WHERE a.id = $1",
        )
        .bind(me.account_id)
        .fetch_one(db.pool())
        .await?;
    let school_id = me.active.school_id;
    let mut admins = Vec::new();
    if let Some(school_id) = school_id {
        for r in db
            .query(
                "SELECT p.surname, p.name, p.patronymic FROM role_grants g JOIN people p ON p.id = g.person_id \
                 WHERE g.school_id = $1 AND g.role = 'school_admin' ORDER BY p.surname, p.name",
            )
            .bind(school_id)
            .fetch_all(db.pool())
            .await?
        {
            admins.extend(person_name(&r)?);
        }
    }
    // The class: a pupil's own; for a parent, their first child's.
    let class = match me.active.role {
        RoleKind::Pupil | RoleKind::Parent => db
            .query(
                "SELECT c.grade, c.letter, p.surname, p.name, p.patronymic \
                 FROM class_enrolments e JOIN classes c ON c.id = e.class_id \
                 LEFT JOIN people p ON p.id = c.class_teacher_id \
                 WHERE e.pupil_id = $1 OR e.pupil_id IN \
                   (SELECT l.child_id FROM parent_links l WHERE l.parent_id = $1 AND l.status = 'confirmed') \
                 ORDER BY CASE WHEN e.pupil_id = $1 THEN 0 ELSE 1 END, c.grade LIMIT 1",
            )
            .bind(me.person_id)
            .fetch_optional(db.pool())
            .await?,
        _ => None,
    };
    let (class_name, class_teacher) = match &class {
        Some(c) => (Some(class_name(c.try_get("grade")?, &c.try_get::<String, _>("letter")?)), person_name(c)?),
        None => (None, None),
    };
    let email: Option<String> = row.try_get("email")?;
    let phone: Option<String> = row.try_get("phone")?;
    let sex: String = row.try_get("sex")?;
    let snils: Option<String> = row.try_get("snils")?;
    Ok(ActivationData {
        step: current_step(ctx, me.account_id).await?,
        login: row.try_get("login")?,
        full_name: person_name(&row)?.unwrap_or_default(),
        female: sex == "f",
        birth_date: crate::school::components::russian_date(&row.try_get::<String, _>("birth_date")?),
        snils: snils.map(|s| crate::accounts::snils::format(&s)),
        school: me.active.place.clone(),
        role: me.active.role,
        class_name: class_name.filter(|_| me.active.role == RoleKind::Pupil),
        email: email.unwrap_or_default(),
        phone: phone.map(|p| contacts::format_phone(&p)).unwrap_or_default(),
        admins,
        class_teacher,
    })
}

pub async fn save_contacts(ctx: &ServerContext, me: &Me, email: &str, phone: &str) -> Result<(), AppError> {
    own(ctx, me).await?;
    let db = &ctx.db;
    let mut tx = db.begin().await?;
    let before = db
        .query("SELECT email, phone FROM people WHERE id = $1")
        .bind(me.person_id)
        .fetch_one(&mut *tx)
        .await?;
    let old_email: Option<String> = before.try_get("email")?;
    let old_phone: Option<String> = before.try_get("phone")?;
    // A changed address or number has to be confirmed again.
    db.query(
        "UPDATE people SET \
           email_confirmed = CASE WHEN email = $1 THEN email_confirmed ELSE 0 END, \
           phone_confirmed = CASE WHEN phone = $2 THEN phone_confirmed ELSE 0 END, \
           email = $1, phone = $2, updated_at = $3 \
         WHERE id = $4",
    )
    .bind(email.to_string())
    .bind(phone.to_string())
    .bind(now())
    .bind(me.person_id)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        db,
        audit::Entry {
            school_id: me.active.school_id,
            actor: Some(me.person_id),
            action: "person.contacts",
            entity: "person",
            entity_id: Some(me.person_id),
            before: Some(serde_json::json!({ "email": old_email, "phone": old_phone })),
            after: Some(serde_json::json!({ "email": email, "phone": phone })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn finish(
    ctx: &ServerContext,
    me: &Me,
    new_password: &str,
    repeat: &str,
    agreed: bool,
    consented: bool,
) -> Result<(), AppError> {
    own(ctx, me).await?;
    let db = &ctx.db;
    let row = db
        .query(
            "SELECT a.login, a.password_hash, p.birth_date, p.email, p.name \
             FROM accounts a JOIN people p ON p.id = a.person_id WHERE a.id = $1",
        )
        .bind(me.account_id)
        .fetch_one(db.pool())
        .await?;
    let login: String = row.try_get("login")?;
    let birth_date: String = row.try_get("birth_date")?;
    password_rules::check(new_password, repeat, &login, &birth_date).map_err(|(field, msg)| AppError::invalid(field, msg))?;
    if password::verify(row.try_get("password_hash")?, new_password.to_string()).await? {
        return Err(AppError::invalid("password", Msg::PasswordSameAsTemporary));
    }
    if !agreed {
        return Err(AppError::invalid("agree", Msg::AgreementRequired));
    }
    if !consented {
        return Err(AppError::invalid("consent", Msg::ConsentRequired));
    }
    let email: Option<String> = row.try_get("email")?;
    let Some(email) = email else {
        // The security step was skipped somehow: send the person back to it.
        return Err(AppError::invalid("email", Msg::EmailRequired));
    };
    let first_name: String = row.try_get("name")?;
    let hash = password::hash(new_password.to_string()).await?;
    let t = now();
    let token = session::new_token();

    let mut tx = db.begin().await?;
    db.query(
        "UPDATE accounts SET password_hash = $1, state = 'active', activated_at = $2, activation_step = $3, temporary_secret = NULL \
         WHERE id = $4 AND state = 'temporary'",
    )
    .bind(hash)
    .bind(t)
    .bind(STEP_DONE)
    .bind(me.account_id)
    .execute(&mut *tx)
    .await?;
    for (kind, version) in [("user_agreement", USER_AGREEMENT_VERSION), ("personal_data", PERSONAL_DATA_CONSENT_VERSION)] {
        db.query("INSERT INTO consents (person_id, kind, version, accepted_at) VALUES ($1, $2, $3, $4)")
            .bind(me.person_id)
            .bind(kind)
            .bind(version)
            .bind(t)
            .execute(&mut *tx)
            .await?;
    }
    db.query(
        "INSERT INTO account_tokens (token_hash, account_id, purpose, target, created_at, expires_at) \
         VALUES ($1, $2, 'confirm_email', $3, $4, $5)",
    )
    .bind(session::token_hash(&token))
    .bind(me.account_id)
    .bind(email.clone())
    .bind(t)
    .bind(t + CONFIRM_EMAIL_TTL_SECS)
    .execute(&mut *tx)
    .await?;
    let link = format!("{}/confirm-email?token={token}", ctx.settings.public_base_url);
    let body = format!(
        "Здравствуйте, {first_name}!\n\n\
         Этот адрес указан при активации учётной записи «{login}» в электронном дневнике «Парта».\n\
         Чтобы подтвердить адрес, перейдите по ссылке:\n\n{link}\n\n\
         Ссылка действует 3 дня. Подтверждённый адрес позволит самостоятельно восстановить доступ,\n\
         если вы забудете логин или пароль.\n\n\
         Если вы не активировали учётную запись, просто удалите это письмо.\n"
    );
    crate::messaging::outbox::queue_email(&mut tx, db, me.active.school_id, &email, "Подтвердите адрес электронной почты — Парта", &body)
        .await?;
    audit::record(
        &mut tx,
        db,
        audit::Entry {
            school_id: me.active.school_id,
            actor: Some(me.person_id),
            action: "account.activated",
            entity: "account",
            entity_id: Some(me.account_id),
            before: Some(serde_json::json!({ "state": "temporary" })),
            after: Some(serde_json::json!({
                "state": "active",
                "user_agreement": USER_AGREEMENT_VERSION,
                "personal_data_consent": PERSONAL_DATA_CONSENT_VERSION,
            })),
        },
    )
    .await?;
    tx.commit().await?;

    // The temporary password is gone: so is every other session opened with it.
    if let Some(current) = session::request_token(ctx) {
        db.query("DELETE FROM sessions WHERE account_id = $1 AND token_hash <> $2")
            .bind(me.account_id)
            .bind(session::token_hash(&current))
            .execute(db.pool())
            .await?;
    }
    tracing::info!(account = me.account_id, "account activated");
    Ok(())
}

pub async fn confirm_email(ctx: &ServerContext, token: &str) -> Result<ConfirmOutcome, AppError> {
    let db = &ctx.db;
    let hash = session::token_hash(token.trim());
    let row = db
        .query(
            "SELECT t.account_id, t.target, t.expires_at, t.used_at, a.person_id \
             FROM account_tokens t JOIN accounts a ON a.id = t.account_id \
             WHERE t.token_hash = $1 AND t.purpose = 'confirm_email'",
        )
        .bind(hash.clone())
        .fetch_optional(db.pool())
        .await?;
    let Some(row) = row else { return Err(AppError::invalid("token", Msg::LinkUnknown)) };
    let used_at: Option<i64> = row.try_get("used_at")?;
    if used_at.is_some() {
        return Err(AppError::invalid("token", Msg::LinkUsed));
    }
    let t = now();
    if row.try_get::<i64, _>("expires_at")? <= t {
        return Err(AppError::invalid("token", Msg::LinkExpired));
    }
    let email: String = row.try_get("target")?;
    let person_id: i64 = row.try_get("person_id")?;
    let mut tx = db.begin().await?;
    let claimed = db
        .query("UPDATE account_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL")
        .bind(t)
        .bind(hash)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if claimed != 1 {
        return Err(AppError::invalid("token", Msg::LinkUsed));
    }
    // Only the address the link was sent to is confirmed, and only while it is still the person's.
    let confirmed = db
        .query("UPDATE people SET email_confirmed = 1, updated_at = $1 WHERE id = $2 AND email = $3")
        .bind(t)
        .bind(person_id)
        .bind(email.clone())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if confirmed != 1 {
        return Err(AppError::invalid("token", Msg::LinkStale));
    }
    audit::record(
        &mut tx,
        db,
        audit::Entry {
            school_id: None,
            actor: Some(person_id),
            action: "person.email_confirmed",
            entity: "person",
            entity_id: Some(person_id),
            before: None,
            after: Some(serde_json::json!({ "email": email })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(ConfirmOutcome::Confirmed { email })
}
