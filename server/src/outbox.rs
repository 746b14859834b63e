//! The outbox worker: delivers the e-mail and SMS that server functions queued in the `outbox`
//! table (see `app::messaging::outbox`), and records each outcome in the row.
//!
//! - Every second it looks at up to 20 due rows (`pending`, `next_attempt_at <= now`), oldest
//!   first, and delivers them one by one.
//! - Before sending a row it claims it with an optimistic UPDATE that moves `next_attempt_at` a
//!   minute ahead only if it still holds the value just read. Of several `parta serve` processes
//!   on one PostgreSQL, exactly one wins each row; the others see zero rows updated and skip it.
//!   Each delivery is cut off well inside that minute, so a claim never lapses while its owner
//!   is still sending. (A process killed mid-send leaves the row to be retried after the minute:
//!   delivery is at least once, never silently lost.)
//! - A channel with no transport configured marks its rows `kept`; operators read them on a page.
//! - A failed attempt is retried after 30 s, 60 s, 120 s … (at most an hour); the eighth failure,
//!   or a message that cannot even be built (a malformed address), marks the row `failed`.
//!
//! Transports:
//! - E-mail over SMTP (`PARTA_SMTP_URL`): `smtp://[user:password@]host[:port]` talks plain SMTP
//!   (port 25), meant for a relay on the same machine or a test server: nothing is encrypted, not
//!   even opportunistically, so what is configured is what happens. `smtp://…?starttls=1` requires
//!   STARTTLS (port 587); `smtps://…` is implicit TLS (port 465). Credentials come from the URL,
//!   percent-encoded where needed. The sender is `PARTA_MAIL_FROM`.
//! - SMS through an HTTP gateway (`PARTA_SMS_URL`): `POST <url>` with the JSON body
//!   `{"to": "+79211234567", "text": "…"}`; any 2xx answer means accepted. Anything else, or no
//!   answer, is a failed attempt.
//!
//! Logs name the row id, channel and outcome, never the text: it may carry links with tokens.

use crate::config::{Config, ConfigError};
use app::db::{Db, Row};
use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// How often the worker looks for due rows.
const TICK: Duration = Duration::from_secs(1);
/// How long a claim holds a row before another worker may take it again.
const CLAIM_SECS: i64 = 60;
/// The longest one delivery may take; well inside `CLAIM_SECS`, so a claim cannot lapse mid-send.
const DELIVERY_TIMEOUT: Duration = Duration::from_secs(40);
/// Per SMTP command and per HTTP request; `DELIVERY_TIMEOUT` bounds the whole exchange.
const IO_TIMEOUT: Duration = Duration::from_secs(20);
/// After this many failed attempts the row is `failed`.
const MAX_ATTEMPTS: i64 = 8;
const FIRST_RETRY_SECS: i64 = 30;
const MAX_RETRY_SECS: i64 = 3600;
/// `last_error` is for a person to read on a page; a whole SMTP transcript is not.
const MAX_ERROR_CHARS: usize = 500;

/// The configured ways out. `None` for a channel keeps its messages in the outbox.
pub struct Transports {
    email: Option<SmtpTransport>,
    sms: Option<SmsGateway>,
}

impl Transports {
    /// Builds the transports from configuration; a malformed `PARTA_SMTP_URL`, `PARTA_MAIL_FROM`
    /// or `PARTA_SMS_URL` is one line naming the variable (the caller exits with it).
    pub fn from_config(config: &Config) -> Result<Transports, String> {
        let email = match &config.smtp_url {
            Some(url) => Some(SmtpTransport::new(url, &config.mail_from)?),
            None => None,
        };
        let sms = match &config.sms_url {
            Some(url) => Some(SmsGateway::new(url)?),
            None => None,
        };
        Ok(Transports { email, sms })
    }
}

fn config_error(var: &'static str, problem: impl Into<String>) -> String {
    ConfigError { var, problem: problem.into() }.to_string()
}

/// Delivers due outbox rows forever; meant for `tokio::spawn` next to the HTTP server.
pub async fn run(db: Db, transports: Transports) {
    let mut tick = tokio::time::interval(TICK);
    // A slow batch must not be followed by a burst of catch-up ticks.
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if let Err(e) = deliver_due(&db, &transports).await {
            // The database may be restarting; the next tick tries again.
            tracing::warn!(error = %e, "outbox: cannot process due messages");
        }
    }
}

/// One outbox row as read for delivery.
struct Due {
    id: i64,
    channel: String,
    recipient: String,
    subject: String,
    body: String,
    attempts: i64,
    next_attempt_at: i64,
    created_at: i64,
}

async fn deliver_due(db: &Db, transports: &Transports) -> Result<(), sqlx::Error> {
    let rows = db
        .query(
            "SELECT id, channel, recipient, subject, body, attempts, next_attempt_at, created_at FROM outbox \
             WHERE status = 'pending' AND next_attempt_at <= $1 \
             ORDER BY next_attempt_at, id LIMIT 20",
        )
        .bind(app::db::now())
        .fetch_all(db.pool())
        .await?;
    for row in rows {
        let due = Due {
            id: row.try_get("id")?,
            channel: row.try_get("channel")?,
            recipient: row.try_get("recipient")?,
            subject: row.try_get("subject")?,
            body: row.try_get("body")?,
            attempts: row.try_get("attempts")?,
            next_attempt_at: row.try_get("next_attempt_at")?,
            created_at: row.try_get("created_at")?,
        };
        deliver_one(db, transports, due).await?;
    }
    Ok(())
}

async fn deliver_one(db: &Db, transports: &Transports, due: Due) -> Result<(), sqlx::Error> {
    let has_transport = match due.channel.as_str() {
        "email" => transports.email.is_some(),
        "sms" => transports.sms.is_some(),
        _ => false,
    };
    if !has_transport {
        // Conditional like a claim: if another process just took the row, leave it to that one.
        let kept = db
            .query("UPDATE outbox SET status = 'kept' WHERE id = $1 AND status = 'pending' AND next_attempt_at = $2")
            .bind(due.id)
            .bind(due.next_attempt_at)
            .execute(db.pool())
            .await?;
        if kept.rows_affected() == 1 {
            tracing::info!(id = due.id, channel = %due.channel, "outbox: no transport configured, message kept");
        }
        return Ok(());
    }

    let claimed_until = app::db::now() + CLAIM_SECS;
    let claim = db
        .query("UPDATE outbox SET next_attempt_at = $1 WHERE id = $2 AND status = 'pending' AND next_attempt_at = $3")
        .bind(claimed_until)
        .bind(due.id)
        .bind(due.next_attempt_at)
        .execute(db.pool())
        .await?;
    if claim.rows_affected() != 1 {
        return Ok(()); // Another worker claimed it between our read and our update.
    }

    let outcome = match tokio::time::timeout(DELIVERY_TIMEOUT, send(transports, &due)).await {
        Ok(outcome) => outcome,
        Err(_) => Err(Failure::retry(format!("no answer within {} s", DELIVERY_TIMEOUT.as_secs()))),
    };
    let now = app::db::now();
    let attempts = due.attempts + 1;
    let (recorded, status) = match &outcome {
        Ok(()) => {
            let done = db
                .query(
                    "UPDATE outbox SET status = 'sent', sent_at = $1, attempts = $2, last_error = NULL \
                     WHERE id = $3 AND next_attempt_at = $4",
                )
                .bind(now)
                .bind(attempts)
                .bind(due.id)
                .bind(claimed_until)
                .execute(db.pool())
                .await?;
            tracing::info!(id = due.id, channel = %due.channel, attempts, "outbox: sent");
            (done.rows_affected(), "sent")
        }
        Err(failure) => {
            let give_up = failure.permanent || attempts >= MAX_ATTEMPTS;
            let (status, next_attempt_at) =
                if give_up { ("failed", claimed_until) } else { ("pending", now + retry_delay_secs(attempts)) };
            let done = db
                .query(
                    "UPDATE outbox SET status = $1, attempts = $2, last_error = $3, next_attempt_at = $4 \
                     WHERE id = $5 AND next_attempt_at = $6",
                )
                .bind(status)
                .bind(attempts)
                .bind(failure.text.clone())
                .bind(next_attempt_at)
                .bind(due.id)
                .bind(claimed_until)
                .execute(db.pool())
                .await?;
            if give_up {
                tracing::error!(id = due.id, channel = %due.channel, attempts, error = %failure.text, "outbox: delivery failed, giving up");
            } else {
                tracing::warn!(
                    id = due.id, channel = %due.channel, attempts, error = %failure.text,
                    retry_in_secs = next_attempt_at - now, "outbox: delivery failed, will retry"
                );
            }
            (done.rows_affected(), status)
        }
    };
    if recorded != 1 {
        // Only possible if the claim lapsed or someone edited the row by hand meanwhile.
        tracing::warn!(id = due.id, status, "outbox: the row changed while it was being delivered; outcome not recorded");
    }
    Ok(())
}

/// 30 s after the first failure, doubling after each further one, at most an hour.
fn retry_delay_secs(failed_attempts: i64) -> i64 {
    let doublings = (failed_attempts - 1).clamp(0, 20) as u32;
    (FIRST_RETRY_SECS << doublings).min(MAX_RETRY_SECS)
}

/// Why a delivery did not happen, as stored in `last_error`.
struct Failure {
    text: String,
    /// Retrying cannot help (the message itself is malformed): give up at once.
    permanent: bool,
}

impl Failure {
    fn retry(text: impl Into<String>) -> Failure {
        Failure { text: clip(text.into()), permanent: false }
    }

    fn permanent(text: impl Into<String>) -> Failure {
        Failure { text: clip(text.into()), permanent: true }
    }
}

fn clip(text: String) -> String {
    match text.char_indices().nth(MAX_ERROR_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

async fn send(transports: &Transports, due: &Due) -> Result<(), Failure> {
    match (due.channel.as_str(), &transports.email, &transports.sms) {
        ("email", Some(smtp), _) => smtp.send(due).await,
        ("sms", _, Some(gateway)) => gateway.send(&due.recipient, &due.body).await,
        (channel, _, _) => Err(Failure::permanent(format!("no transport for channel '{channel}'"))),
    }
}

/// E-mail through an SMTP server; one connection per message (the volume is small).
pub struct SmtpTransport {
    mailer: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpTransport {
    fn new(url: &str, mail_from: &str) -> Result<SmtpTransport, String> {
        let settings = parse_smtp_url(url).map_err(|problem| config_error("PARTA_SMTP_URL", problem))?;
        let from: Mailbox = mail_from.parse().map_err(|e| {
            config_error("PARTA_MAIL_FROM", format!("'{mail_from}' is not an address like Парта <no-reply@school.example> ({e})"))
        })?;
        let tls_parameters = || {
            TlsParameters::new(settings.host.clone())
                .map_err(|e| config_error("PARTA_SMTP_URL", format!("cannot set up TLS: {e}")))
        };
        let tls = match settings.security {
            Security::Plain => Tls::None,
            Security::StartTls => Tls::Required(tls_parameters()?),
            Security::ImplicitTls => Tls::Wrapper(tls_parameters()?),
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(settings.host.as_str())
            .port(settings.port)
            .tls(tls)
            .timeout(Some(IO_TIMEOUT));
        if let Some((user, password)) = settings.credentials {
            builder = builder.credentials(Credentials::new(user, password));
        }
        Ok(SmtpTransport { mailer: builder.build(), from })
    }

    async fn send(&self, due: &Due) -> Result<(), Failure> {
        let to: Mailbox =
            due.recipient.parse().map_err(|e| Failure::permanent(format!("invalid recipient address: {e}")))?;
        // Large providers refuse mail without a Message-ID. One derived from the row keeps it the
        // same on every attempt, so a rare double delivery (see the module comment) can be
        // recognised as one message by the recipient's mail program.
        let message_id = format!("<parta.{}.{}@{}>", due.id, due.created_at, self.from.email.domain());
        // lettre encodes non-ASCII display names and subjects as RFC 2047 words and picks a
        // transfer encoding for the UTF-8 body, so Cyrillic arrives intact through any relay.
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(due.subject.as_str())
            .message_id(Some(message_id))
            .header(ContentType::TEXT_PLAIN)
            .body(due.body.clone())
            .map_err(|e| Failure::permanent(format!("cannot build the message: {e}")))?;
        self.mailer.send(message).await.map(|_| ()).map_err(|e| Failure::retry(format!("SMTP: {e}")))
    }
}

/// SMS through the documented HTTP gateway protocol (see the module comment).
pub struct SmsGateway {
    client: reqwest::Client,
    url: reqwest::Url,
}

impl SmsGateway {
    fn new(url: &str) -> Result<SmsGateway, String> {
        let url = reqwest::Url::parse(url).map_err(|e| config_error("PARTA_SMS_URL", format!("not a URL: {e}")))?;
        let client = reqwest::Client::builder()
            .timeout(IO_TIMEOUT)
            .connect_timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| config_error("PARTA_SMS_URL", format!("cannot set up the HTTP client: {e}")))?;
        Ok(SmsGateway { client, url })
    }

    async fn send(&self, to: &str, text: &str) -> Result<(), Failure> {
        let response = self
            .client
            .post(self.url.clone())
            .json(&serde_json::json!({ "to": to, "text": text }))
            .send()
            .await
            // Without the URL: a gateway's key often sits in its query string.
            .map_err(|e| Failure::retry(format!("SMS gateway: {}", error_chain(&e.without_url()))))?;
        let status = response.status();
        if status.is_success() {
            Ok(())
        } else {
            // Only the status: a gateway may echo the text back, and the text stays out of logs.
            Err(Failure::retry(format!("SMS gateway answered {status}")))
        }
    }
}

/// An error with its causes: reqwest's own message alone ("error sending request") says little.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Security {
    /// `smtp://`: no encryption at all.
    Plain,
    /// `smtp://…?starttls=1`: STARTTLS, refusing a server that does not offer it.
    StartTls,
    /// `smtps://`: TLS from the first byte.
    ImplicitTls,
}

#[derive(Debug, PartialEq, Eq)]
struct SmtpSettings {
    security: Security,
    host: String,
    port: u16,
    credentials: Option<(String, String)>,
}

const SMTP_URL_SHAPE: &str = "expected smtp://user:password@host:port or smtps://…";

/// Reads `smtp[s]://[user:password@]host[:port][/][?starttls=1]`. Problems never quote the URL:
/// it may hold a password.
fn parse_smtp_url(url: &str) -> Result<SmtpSettings, String> {
    let (scheme, rest) = url.split_once("://").ok_or_else(|| format!("not a URL ({SMTP_URL_SHAPE})"))?;
    let implicit_tls = match scheme {
        "smtp" => false,
        "smtps" => true,
        _ => return Err(format!("the scheme must be smtp or smtps ({SMTP_URL_SHAPE})")),
    };
    let (rest, query) = match rest.split_once('?') {
        Some((rest, query)) => (rest, Some(query)),
        None => (rest, None),
    };
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    if rest.contains('/') {
        return Err(format!("a path is not supported ({SMTP_URL_SHAPE})"));
    }
    // The password may itself contain '@' when not percent-encoded; the host never does.
    let (userinfo, host_port) = match rest.rsplit_once('@') {
        Some((userinfo, host_port)) => (Some(userinfo), host_port),
        None => (None, rest),
    };
    let (host, port) = match host_port.strip_prefix('[') {
        Some(bracketed) => {
            let (host, after) = bracketed.split_once(']').ok_or("the IPv6 host lacks its closing ]")?;
            match after {
                "" => (host, None),
                _ => (host, Some(after.strip_prefix(':').ok_or("unexpected text after the IPv6 host")?)),
            }
        }
        None => match host_port.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (host_port, None),
        },
    };
    if host.is_empty() {
        return Err(format!("the host is missing ({SMTP_URL_SHAPE})"));
    }
    let port = match port {
        None => None,
        Some(text) => match text.parse::<u16>() {
            Ok(port) if port > 0 => Some(port),
            _ => return Err(format!("the port must be a number from 1 to 65535 ({SMTP_URL_SHAPE})")),
        },
    };
    let credentials = match userinfo {
        None => None,
        Some(userinfo) => {
            let (user, password) =
                userinfo.split_once(':').ok_or("credentials need a user and a password: user:password@host")?;
            if user.is_empty() {
                return Err("the user name is missing before ':' in user:password@host".into());
            }
            Some((percent_decode(user)?, percent_decode(password)?))
        }
    };
    let mut starttls = false;
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        match pair {
            "starttls=1" | "starttls=true" => starttls = true,
            "starttls=0" | "starttls=false" => starttls = false,
            _ => {
                let name = pair.split('=').next().unwrap_or(pair);
                return Err(format!("unknown parameter '{name}' (only starttls=1 is understood)"));
            }
        }
    }
    let security = match (implicit_tls, starttls) {
        (true, true) => return Err("starttls=1 is for smtp://; smtps:// is already encrypted".into()),
        (true, false) => Security::ImplicitTls,
        (false, true) => Security::StartTls,
        (false, false) => Security::Plain,
    };
    let default_port = match security {
        Security::Plain => 25,
        Security::StartTls => 587,
        Security::ImplicitTls => 465,
    };
    Ok(SmtpSettings { security, host: host.to_string(), port: port.unwrap_or(default_port), credentials })
}

/// `%40` → `@` and so on, for credentials that contain URL delimiters.
fn percent_decode(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
            let byte = hex.and_then(|h| u8::from_str_radix(h, 16).ok()).ok_or("a broken %-escape in the credentials")?;
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| "the credentials are not UTF-8 after %-decoding".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_three_security_modes_with_their_default_ports() {
        let plain = parse_smtp_url("smtp://relay.local").unwrap();
        assert_eq!((plain.security, plain.host.as_str(), plain.port, plain.credentials), (Security::Plain, "relay.local", 25, None));
        let starttls = parse_smtp_url("smtp://u:p@mail.example?starttls=1").unwrap();
        assert_eq!((starttls.security, starttls.port), (Security::StartTls, 587));
        let tls = parse_smtp_url("smtps://u:p@mail.example").unwrap();
        assert_eq!((tls.security, tls.port), (Security::ImplicitTls, 465));
        assert_eq!(parse_smtp_url("smtp://[::1]:2525/").unwrap().host, "::1");
        assert_eq!(parse_smtp_url("smtp://[::1]:2525/").unwrap().port, 2525);
    }

    #[test]
    fn decodes_credentials() {
        let s = parse_smtp_url("smtps://school%40mail.example:p%3Ass@w@mail.example:465").unwrap();
        assert_eq!(s.credentials, Some(("school@mail.example".to_string(), "p:ss@w".to_string())));
        assert_eq!(s.host, "mail.example");
    }

    #[test]
    fn refuses_malformed_urls_without_quoting_the_password() {
        for url in [
            "smtp://:secret@",
            "smtp://user:secret@",
            "smtp://:secret@host",
            "smtp://user:secret@host:port",
            "smtp://user:secret@host:0",
            "smtp://user:secret@host/path",
            "smtp://host?tls=required",
            "smtps://host?starttls=1",
            "imap://user:secret@host",
            "smtp://user:secret@host:25%zz",
            "smtp://us%zzer:secret@host",
        ] {
            let problem = parse_smtp_url(url).expect_err(url);
            assert!(!problem.contains("secret"), "{url}: {problem}");
        }
    }

    #[test]
    fn retries_back_off_exponentially_up_to_an_hour() {
        let delays: Vec<i64> = (1..=9).map(retry_delay_secs).collect();
        assert_eq!(delays, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
        assert_eq!(retry_delay_secs(1000), 3600);
    }

    #[test]
    fn a_cyrillic_sender_is_encoded_in_the_headers() {
        let smtp = SmtpTransport::new("smtp://127.0.0.1:2525", "Парта <no-reply@localhost>").unwrap();
        let message = Message::builder()
            .from(smtp.from.clone())
            .to("parent@example.com".parse().unwrap())
            .subject("Оценки")
            .body("Пятёрка".to_string())
            .unwrap();
        let raw = String::from_utf8(message.formatted()).unwrap();
        let from = raw.lines().find(|l| l.starts_with("From: ")).unwrap();
        assert!(from.is_ascii() && from.contains("=?utf-8?") && from.ends_with("<no-reply@localhost>"), "{from}");
    }

    #[test]
    fn bad_settings_name_their_variable() {
        let err = SmtpTransport::new("smtp://:bad@", "Парта <no-reply@localhost>").err().unwrap();
        assert!(err.starts_with("configuration error: PARTA_SMTP_URL: ") && !err.contains('\n'), "{err}");
        let err = SmtpTransport::new("smtp://127.0.0.1", "nobody").err().unwrap();
        assert!(err.starts_with("configuration error: PARTA_MAIL_FROM: "), "{err}");
        let err = SmsGateway::new("http://").err().unwrap();
        assert!(err.starts_with("configuration error: PARTA_SMS_URL: "), "{err}");
    }
}
