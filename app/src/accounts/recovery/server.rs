//! Server side of access recovery: captchas, lookups, tokens, codes, rate limits.

use super::*;
use crate::accounts::types::{Me, RoleKind};
use crate::accounts::{password, password_rules, session, throttle};
use crate::audit;
use crate::context::ServerContext;
use crate::db::{now, Row};
use crate::i18n::Msg;
use crate::messaging::outbox;
use crate::policy::{authorize, Action, Scope};
use crate::school::queries::person_name;
use crate::school::types::class_name;
use rand::Rng;

// ---------------------------------------------------------------------------------------------
// Rate limits

/// Posts per hour from one client address; `PARTA_RECOVERY_IP_LIMIT` overrides the default
/// (the end-to-end suite runs four browsers from one address).
fn limit_per_ip() -> i64 {
    static LIMIT: std::sync::OnceLock<i64> = std::sync::OnceLock::new();
    *LIMIT.get_or_init(|| {
        std::env::var("PARTA_RECOVERY_IP_LIMIT").ok().and_then(|v| v.trim().parse().ok()).filter(|n| *n > 0).unwrap_or(DEFAULT_LIMIT_PER_IP)
    })
}

/// The client's address, as the host's listener saw it.
fn client_ip() -> String {
    crate::context::request_parts()
        .ok()
        .and_then(|p| p.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip().to_string()))
        .unwrap_or_else(|| "unknown".into())
}

/// Counts one more attempt in `bucket`, or refuses when the bucket is full for this hour.
async fn limit(ctx: &ServerContext, bucket: String, max: i64) -> Result<(), AppError> {
    let db = &ctx.db;
    let t = now();
    let count: i64 = db
        .query_scalar("SELECT COUNT(*) FROM recovery_attempts WHERE bucket = $1 AND at > $2")
        .bind(bucket.clone())
        .bind(t - LIMIT_WINDOW_SECS)
        .fetch_one(db.pool())
        .await?;
    if count >= max {
        tracing::info!(%bucket, "recovery refused: rate limit");
        return Err(AppError::invalid("form", Msg::RecoveryTooMany));
    }
    db.query("INSERT INTO recovery_attempts (bucket, at) VALUES ($1, $2)").bind(bucket).bind(t).execute(db.pool()).await?;
    Ok(())
}

async fn limit_ip(ctx: &ServerContext) -> Result<(), AppError> {
    limit(ctx, format!("ip:{}", client_ip()), limit_per_ip()).await
}

// ---------------------------------------------------------------------------------------------
// Captcha

pub async fn new_captcha(ctx: &ServerContext) -> Result<CaptchaImage, AppError> {
    let db = &ctx.db;
    let t = now();
    let id = session::new_token();
    let (answer, svg) = {
        let mut rng = rand::thread_rng();
        let answer = captcha::new_answer(&mut rng);
        let svg = captcha::render(&answer, &mut rng);
        (answer, svg)
    };
    // Sweep what can no longer be used, so both tables stay small.
    db.query("DELETE FROM captchas WHERE expires_at < $1").bind(t - 60).execute(db.pool()).await?;
    db.query("DELETE FROM recovery_attempts WHERE at < $1").bind(t - LIMIT_WINDOW_SECS).execute(db.pool()).await?;
    db.query("INSERT INTO captchas (id, answer, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(id.clone())
        .bind(answer)
        .bind(t)
        .bind(t + captcha::TTL_SECS)
        .execute(db.pool())
        .await?;
    Ok(CaptchaImage { id, image: captcha::data_uri(&svg) })
}

/// Uses up the captcha and checks the answer. A used, expired or unknown one is «устарела».
async fn solve_captcha(ctx: &ServerContext, id: &str, typed: &str, echo: &[(&str, &str)]) -> Result<(), AppError> {
    let typed = captcha::normalise(typed);
    if typed.is_empty() {
        return Err(AppError::invalid("captcha", Msg::CaptchaRequired).echo(echo));
    }
    let db = &ctx.db;
    let t = now();
    let claimed = db
        .query("UPDATE captchas SET used_at = $1 WHERE id = $2 AND used_at IS NULL AND expires_at > $1")
        .bind(t)
        .bind(id.trim().to_string())
        .execute(db.pool())
        .await?
        .rows_affected();
    if claimed != 1 {
        return Err(AppError::invalid("captcha", Msg::CaptchaExpired).echo(echo));
    }
    let answer: String = db.query_scalar("SELECT answer FROM captchas WHERE id = $1").bind(id.trim().to_string()).fetch_one(db.pool()).await?;
    if answer != typed {
        return Err(AppError::invalid("captcha", Msg::CaptchaWrong).echo(echo));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Whom to ask when self-service is not possible

/// The admins of the person's school and the class teacher (their own class, or a child's).
async fn whom_to_ask(ctx: &ServerContext, person_id: i64) -> Result<(Vec<String>, Option<String>), AppError> {
    let db = &ctx.db;
    let mut admins = Vec::new();
    for r in db
        .query(
            "SELECT a.surname, a.name, a.patronymic FROM people p \
             JOIN role_grants g ON g.school_id = p.school_id AND g.role = 'school_admin' \
             JOIN people a ON a.id = g.person_id \
             WHERE p.id = $1 ORDER BY a.surname, a.name",
        )
        .bind(person_id)
        .fetch_all(db.pool())
        .await?
    {
        admins.extend(person_name(&r)?);
    }
    let class = db
        .query(
            "SELECT t.surname, t.name, t.patronymic \
             FROM class_enrolments e JOIN classes c ON c.id = e.class_id \
             JOIN people t ON t.id = c.class_teacher_id \
             WHERE e.pupil_id = $1 OR e.pupil_id IN \
               (SELECT l.child_id FROM parent_links l WHERE l.parent_id = $1 AND l.status = 'confirmed') \
             ORDER BY CASE WHEN e.pupil_id = $1 THEN 0 ELSE 1 END, c.grade LIMIT 1",
        )
        .bind(person_id)
        .fetch_optional(db.pool())
        .await?;
    let teacher = match class {
        Some(r) => person_name(&r)?,
        None => None,
    };
    Ok((admins, teacher))
}

/// «Not confirmed: ask these people», with the typed values kept and the names carried along.
async fn unconfirmed(ctx: &ServerContext, person_id: i64, typed: &[(&str, &str)]) -> Result<AppError, AppError> {
    let (admins, teacher) = whom_to_ask(ctx, person_id).await?;
    let admins = admins.join(", ");
    let teacher = teacher.unwrap_or_default();
    let mut echo: Vec<(&str, &str)> = typed.to_vec();
    echo.push(("admins", &admins));
    echo.push(("class_teacher", &teacher));
    Ok(AppError::invalid("form", Msg::RecoveryUnconfirmed).echo(&echo))
}

// ---------------------------------------------------------------------------------------------
// «Я не помню логин» / «Я не помню логин и пароль»

struct Found {
    account_id: i64,
    person_id: i64,
    school_id: Option<i64>,
    login: String,
    first_name: String,
    confirmed: bool,
}

/// Returns where to send the person next.
pub async fn remind_login(
    ctx: &ServerContext,
    forgot: Forgot,
    contact_typed: &str,
    birth_typed: &str,
    captcha_id: &str,
    captcha_typed: &str,
) -> Result<String, AppError> {
    let typed = [("contact", contact_typed.trim()), ("birth_date", birth_typed.trim())];
    let contact = parse_contact(contact_typed).map_err(|m| AppError::invalid("contact", m).echo(&typed))?;
    let birth_date = parse_birth_date(birth_typed).map_err(|m| AppError::invalid("birth_date", m).echo(&typed))?;
    limit_ip(ctx).await.map_err(|e| e.echo(&typed))?;
    solve_captcha(ctx, captcha_id, captcha_typed, &typed).await?;
    let (key, value) = match &contact {
        Contact::Email(e) => ("email", e.clone()),
        Contact::Phone(p) => ("phone", p.clone()),
    };
    limit(ctx, format!("contact:{value}"), LIMIT_PER_TARGET).await.map_err(|e| e.echo(&typed))?;

    let db = &ctx.db;
    let statement = if key == "email" {
        "SELECT a.id AS account_id, a.login, p.id AS person_id, p.school_id, p.name, p.email_confirmed AS confirmed \
         FROM people p JOIN accounts a ON a.person_id = p.id \
         WHERE p.email = $1 AND p.birth_date = $2 AND a.state <> 'blocked' ORDER BY a.id"
    } else {
        "SELECT a.id AS account_id, a.login, p.id AS person_id, p.school_id, p.name, p.phone_confirmed AS confirmed \
         FROM people p JOIN accounts a ON a.person_id = p.id \
         WHERE p.phone = $1 AND p.birth_date = $2 AND a.state <> 'blocked' ORDER BY a.id"
    };
    let mut found = Vec::new();
    for r in db.query(statement).bind(value.clone()).bind(birth_date.clone()).fetch_all(db.pool()).await? {
        found.push(Found {
            account_id: r.try_get("account_id")?,
            person_id: r.try_get("person_id")?,
            school_id: r.try_get("school_id")?,
            login: r.try_get("login")?,
            first_name: r.try_get("name")?,
            confirmed: r.try_get::<i64, _>("confirmed")? == 1,
        });
    }
    // An unknown contact and a wrong birth date get the same answer.
    if found.is_empty() {
        tracing::info!(kind = key, "login reminder refused: no match");
        return Err(AppError::invalid("form", Msg::RecoveryNotFound).echo(&typed));
    }
    let confirmed: Vec<&Found> = found.iter().filter(|f| f.confirmed).collect();
    if confirmed.is_empty() {
        return Err(unconfirmed(ctx, found[0].person_id, &typed).await?);
    }
    if let (Contact::Phone(_), Forgot::Both) = (&contact, forgot) {
        limit(ctx, format!("sms:{}", confirmed[0].account_id), LIMIT_SMS_PER_ACCOUNT).await.map_err(|e| e.echo(&typed))?;
    }
    let base = &ctx.settings.public_base_url;
    let t = now();
    let mut tx = db.begin().await?;
    let next = match (&contact, forgot) {
        (Contact::Email(email), Forgot::Login) => {
            let logins: Vec<String> = confirmed.iter().map(|f| format!("  {}", f.login)).collect();
            let body = format!(
                "Здравствуйте, {}!\n\n\
                 Вы запросили напоминание логина в электронном дневнике «Парта».\n\
                 {} на этот адрес:\n\n{}\n\n\
                 Войти: {base}/login\n\n\
                 Если вы ничего не запрашивали, просто удалите это письмо.\n",
                confirmed[0].first_name,
                if logins.len() == 1 { "Логин учётной записи, привязанной" } else { "Логины учётных записей, привязанных" },
                logins.join("\n"),
            );
            outbox::queue_email(&mut tx, db, confirmed[0].school_id, email, "Ваш логин — Парта", &body).await?;
            "/recovery/sent?via=email&what=login".to_string()
        }
        (Contact::Phone(phone), Forgot::Login) => {
            let logins: Vec<&str> = confirmed.iter().map(|f| f.login.as_str()).collect();
            let text = format!("Парта: ваш логин: {}", logins.join(", "));
            outbox::queue_sms(&mut tx, db, confirmed[0].school_id, phone, &text).await?;
            "/recovery/sent?via=sms&what=login".to_string()
        }
        (Contact::Email(email), Forgot::Both) => {
            let mut parts = Vec::new();
            for f in &confirmed {
                let token = session::new_token();
                insert_reset_token(&mut tx, ctx, f.account_id, email, &token, t + RESET_LINK_TTL_SECS).await?;
                parts.push(format!("Логин: {}\nНовый пароль: {base}/recovery/reset?token={token}", f.login));
            }
            let body = format!(
                "Здравствуйте, {}!\n\n\
                 Вы запросили восстановление доступа к электронному дневнику «Парта».\n\n{}\n\n\
                 Перейдите по ссылке, придумайте новый пароль и введите его дважды. Ссылка действует 1 час\n\
                 и открывается один раз.\n\n\
                 Если вы ничего не запрашивали, просто удалите это письмо: пароль останется прежним.\n",
                confirmed[0].first_name,
                parts.join("\n\n"),
            );
            outbox::queue_email(&mut tx, db, confirmed[0].school_id, email, "Восстановление доступа — Парта", &body).await?;
            "/recovery/sent?via=email&what=both".to_string()
        }
        (Contact::Phone(phone), Forgot::Both) => {
            let f = confirmed[0];
            let flow = session::new_token();
            let flow_hash = session::token_hash(&flow);
            db.query(
                "INSERT INTO recovery_flows (token_hash, account_id, login, phone_mask, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(flow_hash.clone())
            .bind(f.account_id)
            .bind(f.login.clone())
            .bind(mask_phone(phone))
            .bind(t)
            .bind(t + FLOW_TTL_SECS)
            .execute(&mut *tx)
            .await?;
            send_code(&mut tx, ctx, &flow_hash, f.account_id, f.school_id, phone, &f.login).await?;
            format!("/recovery/code?flow={flow}")
        }
    };
    tx.commit().await?;
    tracing::info!(kind = key, what = forgot.code(), "recovery message queued");
    Ok(next)
}

async fn insert_reset_token(
    tx: &mut sqlx::AnyConnection,
    ctx: &ServerContext,
    account_id: i64,
    target: &str,
    token: &str,
    expires_at: i64,
) -> Result<(), AppError> {
    ctx.db
        .query(
            "INSERT INTO account_tokens (token_hash, account_id, purpose, target, created_at, expires_at) \
             VALUES ($1, $2, 'reset_password', $3, $4, $5)",
        )
        .bind(session::token_hash(token))
        .bind(account_id)
        .bind(target.to_string())
        .bind(now())
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// The SMS code's hash: tied to its request, so a code is worth nothing on another one.
fn code_hash(flow_hash: &str, code: &str) -> String {
    session::token_hash(&format!("{flow_hash}:{code}"))
}

/// Makes a six-digit code, stores its hash, queues the SMS; the request's attempts start afresh.
async fn send_code(
    tx: &mut sqlx::AnyConnection,
    ctx: &ServerContext,
    flow_hash: &str,
    account_id: i64,
    school_id: Option<i64>,
    phone: &str,
    login: &str,
) -> Result<(), AppError> {
    let db = &ctx.db;
    let t = now();
    let code = format!("{:06}", rand::thread_rng().gen_range(0..1_000_000u32));
    db.query(
        "INSERT INTO account_tokens (token_hash, account_id, purpose, target, created_at, expires_at) \
         VALUES ($1, $2, 'sms_code', $3, $4, $5)",
    )
    .bind(code_hash(flow_hash, &code))
    .bind(account_id)
    .bind(phone.to_string())
    .bind(t)
    .bind(t + SMS_CODE_TTL_SECS)
    .execute(&mut *tx)
    .await?;
    db.query("UPDATE recovery_flows SET code_sent_at = $1, attempts = 0 WHERE token_hash = $2")
        .bind(t)
        .bind(flow_hash.to_string())
        .execute(&mut *tx)
        .await?;
    let text = format!("Парта: код для восстановления доступа к учётной записи «{login}»: {code}. Код действует 10 минут. Никому его не сообщайте.");
    outbox::queue_sms(tx, db, school_id, phone, &text).await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// «Я не помню пароль»

/// A made-up but stable phone mask for a login without a (known) phone, so the phone page looks
/// the same for every login.
fn decoy_mask(ctx: &ServerContext, login: &str) -> String {
    let h = session::token_hash(&format!("{}:decoy-phone:{login}", ctx.settings.secret_key));
    let digits: String = h.chars().filter(|c| c.is_ascii_digit()).chain("0000".chars()).take(4).collect();
    format!("+7 9{} •••-••-{}", &digits[..2], &digits[2..])
}

/// Returns the request's token for the «check your mail» page and its phone fallback.
pub async fn request_reset(ctx: &ServerContext, login_typed: &str, captcha_id: &str, captcha_typed: &str) -> Result<String, AppError> {
    let login = login_typed.trim().to_lowercase();
    let typed = [("login", login.as_str())];
    if login.is_empty() {
        return Err(AppError::invalid("login", Msg::SignInEmptyLogin).echo(&typed));
    }
    if login.chars().count() > 100 || login.chars().any(char::is_whitespace) {
        return Err(AppError::invalid("login", Msg::RecoveryLoginFormat).echo(&typed));
    }
    limit_ip(ctx).await.map_err(|e| e.echo(&typed))?;
    solve_captcha(ctx, captcha_id, captcha_typed, &typed).await?;
    limit(ctx, format!("login:{login}"), LIMIT_PER_TARGET).await.map_err(|e| e.echo(&typed))?;

    let db = &ctx.db;
    let account = db
        .query(
            "SELECT a.id, p.school_id, p.name, p.email, p.email_confirmed, p.phone \
             FROM accounts a JOIN people p ON p.id = a.person_id WHERE a.login = $1 AND a.state <> 'blocked'",
        )
        .bind(login.clone())
        .fetch_optional(db.pool())
        .await?;
    let t = now();
    let flow = session::new_token();
    let mut tx = db.begin().await?;
    let (account_id, mask) = match &account {
        Some(a) => {
            let phone: Option<String> = a.try_get("phone")?;
            (Some(a.try_get::<i64, _>("id")?), phone.map(|p| mask_phone(&p)).unwrap_or_else(|| decoy_mask(ctx, &login)))
        }
        None => (None, decoy_mask(ctx, &login)),
    };
    db.query(
        "INSERT INTO recovery_flows (token_hash, account_id, login, phone_mask, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(session::token_hash(&flow))
    .bind(account_id)
    .bind(login.clone())
    .bind(mask)
    .bind(t)
    .bind(t + FLOW_TTL_SECS)
    .execute(&mut *tx)
    .await?;
    if let Some(a) = &account {
        let email: Option<String> = a.try_get("email")?;
        let confirmed = a.try_get::<i64, _>("email_confirmed")? == 1;
        if let (Some(email), true) = (email, confirmed) {
            let token = session::new_token();
            insert_reset_token(&mut tx, ctx, a.try_get("id")?, &email, &token, t + RESET_LINK_TTL_SECS).await?;
            let first_name: String = a.try_get("name")?;
            let body = format!(
                "Здравствуйте, {first_name}!\n\n\
                 Вы запросили восстановление пароля учётной записи «{login}» в электронном дневнике «Парта».\n\
                 Чтобы создать новый пароль, перейдите по ссылке:\n\n{}/recovery/reset?token={token}\n\n\
                 Ссылка действует 1 час и открывается один раз.\n\n\
                 Если вы ничего не запрашивали, просто удалите это письмо: пароль останется прежним.\n",
                ctx.settings.public_base_url
            );
            outbox::queue_email(&mut tx, db, a.try_get("school_id")?, &email, "Восстановление пароля — Парта", &body).await?;
        }
    }
    tx.commit().await?;
    tracing::info!("password reset requested");
    Ok(flow)
}

struct Flow {
    hash: String,
    account_id: Option<i64>,
    login: String,
    mask: String,
    attempts: i64,
    code_sent_at: Option<i64>,
}

/// The request behind a page, if it can still be used; otherwise the refusal at `field`.
async fn load_flow(ctx: &ServerContext, token: &str, field: &str) -> Result<Flow, AppError> {
    let hash = session::token_hash(token.trim());
    let row = ctx
        .db
        .query(
            "SELECT account_id, login, phone_mask, attempts, code_sent_at, expires_at, used_at \
             FROM recovery_flows WHERE token_hash = $1",
        )
        .bind(hash.clone())
        .fetch_optional(ctx.db.pool())
        .await?;
    let Some(row) = row else { return Err(AppError::invalid(field, Msg::LinkUnknown)) };
    if row.try_get::<Option<i64>, _>("used_at")?.is_some() {
        return Err(AppError::invalid(field, Msg::RecoveryFlowUsed));
    }
    if row.try_get::<i64, _>("expires_at")? <= now() {
        return Err(AppError::invalid(field, Msg::RecoveryFlowExpired));
    }
    let attempts: i64 = row.try_get("attempts")?;
    if attempts >= FLOW_MAX_ATTEMPTS {
        return Err(AppError::invalid(field, Msg::RecoveryTooMany));
    }
    Ok(Flow {
        hash,
        account_id: row.try_get("account_id")?,
        login: row.try_get("login")?,
        mask: row.try_get("phone_mask")?,
        attempts,
        code_sent_at: row.try_get("code_sent_at")?,
    })
}

/// One more wrong answer on the request; the last allowed one says «too many».
async fn wrong_answer(ctx: &ServerContext, flow: &Flow, field: &str, msg: Msg, echo: &[(&str, &str)]) -> Result<AppError, AppError> {
    ctx.db
        .query("UPDATE recovery_flows SET attempts = attempts + 1 WHERE token_hash = $1")
        .bind(flow.hash.clone())
        .execute(ctx.db.pool())
        .await?;
    Ok(if flow.attempts + 1 >= FLOW_MAX_ATTEMPTS {
        AppError::invalid("form", Msg::RecoveryTooMany)
    } else {
        AppError::invalid(field, msg).echo(echo)
    })
}

pub async fn phone_step(ctx: &ServerContext, token: &str) -> Result<PhoneView, AppError> {
    let flow = load_flow(ctx, token, "flow").await?;
    Ok(PhoneView { mask: flow.mask })
}

pub async fn check_phone(ctx: &ServerContext, token: &str, digits_typed: &str) -> Result<(), AppError> {
    let digits: String = digits_typed.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    let typed = [("digits", digits.as_str())];
    if digits.is_empty() {
        return Err(AppError::invalid("digits", Msg::PhoneDigitsRequired).echo(&typed));
    }
    if digits.chars().count() != HIDDEN_PHONE_DIGITS || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(AppError::invalid("digits", Msg::PhoneDigitsFormat).echo(&typed));
    }
    limit_ip(ctx).await?;
    let flow = load_flow(ctx, token, "form").await?;
    let db = &ctx.db;
    let person = match flow.account_id {
        Some(id) => db
            .query(
                "SELECT p.id, p.school_id, p.phone, p.phone_confirmed FROM accounts a JOIN people p ON p.id = a.person_id \
                 WHERE a.id = $1 AND a.state <> 'blocked'",
            )
            .bind(id)
            .fetch_optional(db.pool())
            .await?,
        None => None,
    };
    let phone: Option<String> = match &person {
        Some(p) => p.try_get("phone")?,
        None => None,
    };
    let right = phone.as_deref().and_then(hidden_digits).is_some_and(|h| h == digits);
    let (Some(p), Some(phone), true) = (person, phone, right) else {
        return Err(wrong_answer(ctx, &flow, "digits", Msg::PhoneDigitsWrong, &typed).await?);
    };
    if p.try_get::<i64, _>("phone_confirmed")? != 1 {
        return Err(unconfirmed(ctx, p.try_get("id")?, &typed).await?);
    }
    let account_id = flow.account_id.unwrap_or_default();
    limit(ctx, format!("sms:{account_id}"), LIMIT_SMS_PER_ACCOUNT).await?;
    let mut tx = db.begin().await?;
    send_code(&mut tx, ctx, &flow.hash, account_id, p.try_get("school_id")?, &phone, &flow.login).await?;
    tx.commit().await?;
    tracing::info!(account = account_id, "recovery SMS code queued");
    Ok(())
}

pub async fn code_step(ctx: &ServerContext, token: &str) -> Result<CodeView, AppError> {
    let flow = load_flow(ctx, token, "flow").await?;
    if flow.code_sent_at.is_none() {
        return Err(AppError::invalid("flow", Msg::LinkUnknown));
    }
    Ok(CodeView { phone: flow.mask })
}

/// Returns the token of the new-password page.
pub async fn check_code(ctx: &ServerContext, token: &str, code_typed: &str) -> Result<String, AppError> {
    let code: String = code_typed.chars().filter(|c| !c.is_whitespace()).collect();
    let typed = [("code", code.as_str())];
    if code.is_empty() {
        return Err(AppError::invalid("code", Msg::SmsCodeRequired).echo(&typed));
    }
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(AppError::invalid("code", Msg::SmsCodeFormat).echo(&typed));
    }
    limit_ip(ctx).await?;
    let flow = load_flow(ctx, token, "form").await?;
    let (Some(account_id), Some(_)) = (flow.account_id, flow.code_sent_at) else {
        return Err(AppError::invalid("form", Msg::LinkUnknown));
    };
    let db = &ctx.db;
    let hash = code_hash(&flow.hash, &code);
    let row = db
        .query(
            "SELECT target, expires_at, used_at FROM account_tokens \
             WHERE token_hash = $1 AND purpose = 'sms_code' AND account_id = $2",
        )
        .bind(hash.clone())
        .bind(account_id)
        .fetch_optional(db.pool())
        .await?;
    let t = now();
    let Some(row) = row.filter(|r| r.try_get::<Option<i64>, _>("used_at").ok().flatten().is_none()) else {
        return Err(wrong_answer(ctx, &flow, "code", Msg::SmsCodeWrong, &typed).await?);
    };
    if row.try_get::<i64, _>("expires_at")? <= t {
        return Err(AppError::invalid("code", Msg::SmsCodeExpired));
    }
    let phone: String = row.try_get("target")?;
    let reset = session::new_token();
    let mut tx = db.begin().await?;
    let claimed = db
        .query("UPDATE account_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL")
        .bind(t)
        .bind(hash)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    let flow_claimed = db
        .query("UPDATE recovery_flows SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL")
        .bind(t)
        .bind(flow.hash.clone())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if claimed != 1 || flow_claimed != 1 {
        return Err(AppError::invalid("form", Msg::RecoveryFlowUsed));
    }
    insert_reset_token(&mut tx, ctx, account_id, &phone, &reset, t + RESET_AFTER_CODE_TTL_SECS).await?;
    tx.commit().await?;
    Ok(reset)
}

// ---------------------------------------------------------------------------------------------
// The new password

struct ResetTarget {
    hash: String,
    account_id: i64,
    person_id: i64,
    school_id: Option<i64>,
    login: String,
    birth_date: String,
    target: String,
}

async fn load_reset(ctx: &ServerContext, token: &str) -> Result<ResetTarget, AppError> {
    let hash = session::token_hash(token.trim());
    let row = ctx
        .db
        .query(
            "SELECT t.account_id, t.target, t.expires_at, t.used_at, a.login, a.person_id, p.birth_date, p.school_id \
             FROM account_tokens t JOIN accounts a ON a.id = t.account_id JOIN people p ON p.id = a.person_id \
             WHERE t.token_hash = $1 AND t.purpose = 'reset_password'",
        )
        .bind(hash.clone())
        .fetch_optional(ctx.db.pool())
        .await?;
    let Some(row) = row else { return Err(AppError::invalid("token", Msg::LinkUnknown)) };
    if row.try_get::<Option<i64>, _>("used_at")?.is_some() {
        return Err(AppError::invalid("token", Msg::ResetLinkUsed));
    }
    if row.try_get::<i64, _>("expires_at")? <= now() {
        return Err(AppError::invalid("token", Msg::ResetLinkExpired));
    }
    Ok(ResetTarget {
        hash,
        account_id: row.try_get("account_id")?,
        person_id: row.try_get("person_id")?,
        school_id: row.try_get("school_id")?,
        login: row.try_get("login")?,
        birth_date: row.try_get("birth_date")?,
        target: row.try_get("target")?,
    })
}

pub async fn reset_step(ctx: &ServerContext, token: &str) -> Result<ResetView, AppError> {
    let r = load_reset(ctx, token).await?;
    Ok(ResetView { login: r.login })
}

pub async fn reset_password(ctx: &ServerContext, token: &str, new_password: &str, repeat: &str) -> Result<(), AppError> {
    let r = load_reset(ctx, token).await?;
    password_rules::check(new_password, repeat, &r.login, &r.birth_date).map_err(|(field, msg)| AppError::invalid(field, msg))?;
    let hash = password::hash(new_password.to_string()).await?;
    let db = &ctx.db;
    let t = now();
    let mut tx = db.begin().await?;
    let claimed = db
        .query("UPDATE account_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1")
        .bind(t)
        .bind(r.hash.clone())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if claimed != 1 {
        return Err(AppError::invalid("token", Msg::ResetLinkUsed));
    }
    db.query("UPDATE accounts SET password_hash = $1 WHERE id = $2").bind(hash).bind(r.account_id).execute(&mut *tx).await?;
    // Every other link and code of the account is void now, and every session ends.
    db.query("UPDATE account_tokens SET used_at = $1 WHERE account_id = $2 AND purpose IN ('reset_password', 'sms_code') AND used_at IS NULL")
        .bind(t)
        .bind(r.account_id)
        .execute(&mut *tx)
        .await?;
    let sessions = db.query("DELETE FROM sessions WHERE account_id = $1").bind(r.account_id).execute(&mut *tx).await?.rows_affected();
    let via = if r.target.contains('@') { "email" } else { "sms" };
    audit::record(
        &mut tx,
        db,
        audit::Entry {
            school_id: r.school_id,
            actor: Some(r.person_id),
            action: "account.password_reset",
            entity: "account",
            entity_id: Some(r.account_id),
            before: None,
            after: Some(serde_json::json!({ "via": via, "sessions_ended": sessions })),
        },
    )
    .await?;
    tx.commit().await?;
    throttle::clear(ctx, &r.login).await?;
    tracing::info!(account = r.account_id, via, "password reset");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// A parent restoring a child's access

fn parent_only(me: &Me) -> Result<(), AppError> {
    if me.active.role == RoleKind::Parent {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub async fn children_access(ctx: &ServerContext, me: &Me) -> Result<ChildrenView, AppError> {
    parent_only(me)?;
    let db = &ctx.db;
    let rows = db
        .query(
            "SELECT l.school_id, p.id, p.surname, p.name, p.patronymic, a.login, s.short_name, \
                    (SELECT c.grade FROM class_enrolments e JOIN classes c ON c.id = e.class_id WHERE e.pupil_id = p.id LIMIT 1) AS grade, \
                    (SELECT c.letter FROM class_enrolments e JOIN classes c ON c.id = e.class_id WHERE e.pupil_id = p.id LIMIT 1) AS letter \
             FROM parent_links l JOIN people p ON p.id = l.child_id JOIN accounts a ON a.person_id = p.id \
             JOIN schools s ON s.id = l.school_id \
             WHERE l.parent_id = $1 AND l.status = 'confirmed' ORDER BY p.birth_date, p.id",
        )
        .bind(me.person_id)
        .fetch_all(db.pool())
        .await?;
    let mut children = Vec::with_capacity(rows.len());
    for r in rows {
        let pupil_id: i64 = r.try_get("id")?;
        authorize(ctx, me, Action::ViewPupil, Scope::Pupil { school_id: r.try_get("school_id")?, pupil_id }).await?;
        let grade: Option<i64> = r.try_get("grade")?;
        let letter: Option<String> = r.try_get("letter")?;
        children.push(ChildAccount {
            person_id: pupil_id,
            full_name: person_name(&r)?.unwrap_or_default(),
            login: r.try_get("login")?,
            school: r.try_get("short_name")?,
            class_name: grade.zip(letter).map(|(g, l)| class_name(g, &l)),
        });
    }
    Ok(ChildrenView { parent_email: confirmed_email(ctx, me.person_id).await?, children })
}

async fn confirmed_email(ctx: &ServerContext, person_id: i64) -> Result<Option<String>, AppError> {
    let row = ctx.db.query("SELECT email, email_confirmed FROM people WHERE id = $1").bind(person_id).fetch_one(ctx.db.pool()).await?;
    let email: Option<String> = row.try_get("email")?;
    Ok(email.filter(|_| row.try_get::<i64, _>("email_confirmed").unwrap_or(0) == 1))
}

pub async fn child_reset(ctx: &ServerContext, me: &Me, child_id: i64) -> Result<(), AppError> {
    parent_only(me)?;
    let db = &ctx.db;
    let school_id: Option<i64> = db
        .query_scalar("SELECT school_id FROM parent_links WHERE parent_id = $1 AND child_id = $2 AND status = 'confirmed'")
        .bind(me.person_id)
        .bind(child_id)
        .fetch_optional(db.pool())
        .await?;
    let Some(school_id) = school_id else {
        tracing::warn!(person = me.person_id, child_id, "child reset refused: no confirmed link");
        return Err(AppError::Forbidden);
    };
    authorize(ctx, me, Action::ViewPupil, Scope::Pupil { school_id, pupil_id: child_id }).await?;
    let Some(email) = confirmed_email(ctx, me.person_id).await? else {
        return Err(AppError::invalid("form", Msg::ParentEmailUnconfirmed));
    };
    limit(ctx, format!("child:{child_id}"), LIMIT_PER_TARGET).await?;
    let child = db
        .query("SELECT a.id, a.login, p.surname, p.name, p.patronymic FROM accounts a JOIN people p ON p.id = a.person_id WHERE a.person_id = $1")
        .bind(child_id)
        .fetch_one(db.pool())
        .await?;
    let account_id: i64 = child.try_get("id")?;
    let login: String = child.try_get("login")?;
    let child_name = person_name(&child)?.unwrap_or_default();
    let token = session::new_token();
    let t = now();
    let mut tx = db.begin().await?;
    insert_reset_token(&mut tx, ctx, account_id, &email, &token, t + RESET_LINK_TTL_SECS).await?;
    let body = format!(
        "Здравствуйте, {}!\n\n\
         Вы запросили восстановление доступа к учётной записи ребёнка в электронном дневнике «Парта».\n\n\
         Ребёнок: {child_name}\nЛогин: {login}\n\n\
         Чтобы создать новый пароль, перейдите по ссылке:\n\n{}/recovery/reset?token={token}\n\n\
         Ссылка действует 1 час и открывается один раз. После смены пароля все сеансы ребёнка завершатся.\n",
        me.name, ctx.settings.public_base_url
    );
    outbox::queue_email(&mut tx, db, Some(school_id), &email, "Восстановление доступа ребёнка — Парта", &body).await?;
    audit::record(
        &mut tx,
        db,
        audit::Entry {
            school_id: Some(school_id),
            actor: Some(me.person_id),
            action: "account.password_reset_requested",
            entity: "account",
            entity_id: Some(account_id),
            before: None,
            after: Some(serde_json::json!({ "by": "parent", "sent_to": email })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
