//! The outbox, end to end: rows queued through `app::messaging::outbox` are delivered by the
//! real `parta serve` to a real SMTP server and a real HTTP SMS gateway, both on loopback and
//! both written here, so the tests see exactly what went over the wire.

mod common;

use app::db::{Db, Row};
use app::messaging::outbox::{queue_email, queue_sms};
use common::Backend;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

on_both_backends!(
    an_email_arrives_intact,
    an_sms_reaches_the_gateway,
    without_transports_messages_are_kept,
    rejections_are_retried_later,
    a_malformed_smtp_url_stops_the_server,
    two_servers_send_each_message_once,
    queuing_follows_the_transaction,
);

const FROM: &str = "Парта <no-reply@localhost>";
const DEADLINE: Duration = Duration::from_secs(15);

// ---------------------------------------------------------------------------------------------
// The tests

async fn an_email_arrives_intact(backend: Backend) {
    let database_url = common::migrated_database(backend);
    let db = Db::connect(&database_url, 2).await.unwrap();
    let subject = "Подтвердите адрес электронной почты в «Парте»: осталось совсем немного";
    let body = "Здравствуйте, Анна Сергеевна!\n\n\
                Чтобы подтвердить адрес, откройте ссылку:\n\
                https://parta.example/confirm-email?token=Zm9v=YmFy&lang=ru\n\
                .Строка с точкой в начале не должна потеряться.\n\n\
                Если это были не вы, ничего не делайте.\n— Парта";
    let id = queue_committed_email(&db, "parent@example.com", subject, body).await;

    let smtp = SmtpServer::start(SmtpBehaviour::accepting()).await;
    let smtp_url = format!("smtp://127.0.0.1:{}", smtp.port);
    let _server = serve(&database_url, &[("PARTA_SMTP_URL", &smtp_url), ("PARTA_MAIL_FROM", FROM)]).await;

    let row = wait_for(&db, id, "sent", |r| r.status != "pending").await;
    assert_eq!(row.status, "sent", "{row:?}");
    assert_eq!(row.attempts, 1);
    assert_eq!(row.last_error, None);
    assert!(row.sent_at.is_some_and(|t| t >= row.created_at), "{row:?}");

    let received = smtp.messages();
    assert_eq!(received.len(), 1, "{received:?}");
    let message = &received[0];
    assert_eq!(message.mail_from, "no-reply@localhost");
    assert_eq!(message.rcpt_to, ["parent@example.com"]);

    let mail = Mail::parse(&message.data);
    // Headers must be plain ASCII on the wire: Cyrillic travels as RFC 2047 encoded words.
    assert!(mail.raw_headers.is_ascii(), "non-ASCII header bytes:\n{}", mail.raw_headers);
    assert_eq!(mail.decoded_header("Subject"), subject);
    let from = mail.decoded_header("From");
    assert!(from.replace('"', "") == FROM, "From decodes to {from:?}");
    assert!(mail.header("To").contains("parent@example.com"), "{}", mail.header("To"));
    let message_id = mail.header("Message-ID");
    assert!(message_id.starts_with('<') && message_id.ends_with("@localhost>"), "{message_id}");
    assert!(!mail.header("Date").is_empty());
    let content_type = mail.header("Content-Type").to_ascii_lowercase();
    assert!(content_type.contains("text/plain") && content_type.contains("charset=utf-8"), "{content_type}");
    assert_eq!(mail.decoded_body().replace("\r\n", "\n").trim_end(), body);
}

async fn an_sms_reaches_the_gateway(backend: Backend) {
    let database_url = common::migrated_database(backend);
    let db = Db::connect(&database_url, 2).await.unwrap();
    let text = "Код для входа в «Парту»: 482915. Никому его не сообщайте.";
    let id = queue_committed_sms(&db, "+79211234567", text).await;

    let gateway = SmsGateway::start(200).await;
    let _server = serve(&database_url, &[("PARTA_SMS_URL", &gateway.url)]).await;

    let row = wait_for(&db, id, "sent", |r| r.status != "pending").await;
    assert_eq!(row.status, "sent", "{row:?}");
    assert_eq!(row.attempts, 1);
    assert!(row.sent_at.is_some());

    let requests = gateway.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(requests[0].content_type, "application/json");
    assert_eq!(requests[0].json, serde_json::json!({ "to": "+79211234567", "text": text }));
}

async fn without_transports_messages_are_kept(backend: Backend) {
    let database_url = common::migrated_database(backend);
    let db = Db::connect(&database_url, 2).await.unwrap();
    let email = queue_committed_email(&db, "parent@example.com", "Тема", "Текст").await;
    let sms = queue_committed_sms(&db, "+79211234567", "Код 1234").await;

    let _server = serve(&database_url, &[]).await;

    for id in [email, sms] {
        let row = wait_for(&db, id, "kept", |r| r.status != "pending").await;
        assert_eq!(row.status, "kept", "{row:?}");
        assert_eq!((row.attempts, row.last_error.clone(), row.sent_at), (0, None, None), "nothing was attempted");
    }
}

async fn rejections_are_retried_later(backend: Backend) {
    let database_url = common::migrated_database(backend);
    let db = Db::connect(&database_url, 2).await.unwrap();
    let email = queue_committed_email(&db, "nobody@example.com", "Тема", "Текст").await;
    let sms = queue_committed_sms(&db, "+79210000000", "Код 1234").await;

    let smtp = SmtpServer::start(SmtpBehaviour::rejecting_recipients()).await;
    let gateway = SmsGateway::start(503).await;
    let smtp_url = format!("smtp://127.0.0.1:{}", smtp.port);
    let before = app::db::now();
    let _server = serve(&database_url, &[("PARTA_SMTP_URL", &smtp_url), ("PARTA_SMS_URL", &gateway.url)]).await;

    for (id, code) in [(email, "550"), (sms, "503")] {
        let row = wait_for(&db, id, "one failed attempt", |r| r.attempts > 0).await;
        let after = app::db::now();
        assert_eq!(row.status, "pending", "{row:?}");
        assert_eq!(row.attempts, 1, "{row:?}");
        let error = row.last_error.as_deref().unwrap_or_default();
        assert!(error.contains(code), "last_error should carry the {code}: {row:?}");
        // The first retry waits 30 s from the failure.
        assert!(row.next_attempt_at >= before + 30 && row.next_attempt_at <= after + 30, "{row:?} (now {after})");
    }
    assert!(smtp.messages().is_empty(), "a rejected recipient must not get the message");
    assert_eq!(smtp.recipients_tried(), ["nobody@example.com"]);
    assert_eq!(gateway.requests().len(), 1, "no retry before the backoff has passed");
}

async fn a_malformed_smtp_url_stops_the_server(backend: Backend) {
    let database_url = common::fresh_database(backend);
    for url in ["smtp://:bad@", "smtp://user:s3cret@relay.example:notaport"] {
        let out = tokio::task::spawn_blocking({
            let database_url = database_url.clone();
            move || {
                common::parta()
                    .arg("serve")
                    .env("PARTA_DATABASE_URL", &database_url)
                    .env("PARTA_DATA_DIR", common::temp_dir("data"))
                    .env("PARTA_BIND", "127.0.0.1:0")
                    .env("PARTA_SMTP_URL", url)
                    // Were the URL accepted, the server would stop at once on the closed stdin,
                    // with success: the test fails instead of hanging.
                    .env("PARTA_EXIT_ON_STDIN_EOF", "1")
                    .stdin(std::process::Stdio::null())
                    .output()
                    .expect("run parta serve")
            }
        })
        .await
        .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(matches!(out.status.code(), Some(1) | Some(2)), "{url}: exit {:?}, stderr: {stderr}", out.status);
        let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 1, "{url}: one line expected, got: {stderr}");
        assert!(lines[0].contains("PARTA_SMTP_URL"), "{url}: {stderr}");
        assert!(!stderr.contains("s3cret"), "the password leaked: {stderr}");
        assert!(!String::from_utf8_lossy(&out.stdout).contains("listening"), "{url}: the server started");
    }
}

async fn two_servers_send_each_message_once(backend: Backend) {
    let database_url = common::migrated_database(backend);
    let db = Db::connect(&database_url, 2).await.unwrap();
    let recipients: Vec<String> = (0..12).map(|n| format!("pupil{n}@example.com")).collect();
    let mut ids = Vec::new();
    for to in &recipients {
        ids.push(queue_committed_email(&db, to, "Тема", "Текст").await);
    }

    // A slow server keeps both workers busy on the same batch at the same time.
    let smtp = SmtpServer::start(SmtpBehaviour { rcpt_reply: "250 2.1.5 OK", data_delay: Duration::from_millis(150) }).await;
    let smtp_url = format!("smtp://127.0.0.1:{}", smtp.port);
    let envs = [("PARTA_SMTP_URL", smtp_url.as_str())];
    let (_first, _second) = tokio::join!(serve(&database_url, &envs), serve(&database_url, &envs));

    for id in ids {
        let row = wait_for(&db, id, "sent", |r| r.status != "pending").await;
        assert_eq!((row.status.as_str(), row.attempts), ("sent", 1), "{row:?}");
    }
    let mut delivered: Vec<String> = smtp.messages().into_iter().flat_map(|m| m.rcpt_to).collect();
    delivered.sort();
    let mut expected = recipients.clone();
    expected.sort();
    assert_eq!(delivered, expected, "every message exactly once");
}

async fn queuing_follows_the_transaction(backend: Backend) {
    let database_url = common::migrated_database(backend);
    let db = Db::connect(&database_url, 2).await.unwrap();

    let mut tx = db.pool().begin().await.unwrap();
    queue_email(&mut *tx, &db, None, "parent@example.com", "Отменено", "Не должно уйти").await.unwrap();
    queue_sms(&mut *tx, &db, None, "+79211234567", "Не должно уйти").await.unwrap();
    tx.rollback().await.unwrap();
    let count: i64 = db.query_scalar("SELECT COUNT(*) FROM outbox").fetch_one(db.pool()).await.unwrap();
    assert_eq!(count, 0, "a rolled-back change queues nothing");

    let before = app::db::now();
    let email = queue_committed_email(&db, " parent@example.com ", "Тема письма", "Текст письма").await;
    let sms = queue_committed_sms(&db, "+79211234567", "Текст SMS").await;
    let after = app::db::now();
    let stored = |id: i64| {
        let db = db.clone();
        async move {
            let row = db
                .query("SELECT channel, recipient, subject, body, school_id FROM outbox WHERE id = $1")
                .bind(id)
                .fetch_one(db.pool())
                .await
                .unwrap();
            let text = |c: &str| row.try_get::<String, _>(c).unwrap();
            (text("channel"), text("recipient"), text("subject"), text("body"), row.try_get::<Option<i64>, _>("school_id").unwrap())
        }
    };
    assert_eq!(
        stored(email).await,
        ("email".into(), "parent@example.com".into(), "Тема письма".into(), "Текст письма".into(), None)
    );
    assert_eq!(stored(sms).await, ("sms".into(), "+79211234567".into(), String::new(), "Текст SMS".into(), None));
    for id in [email, sms] {
        let row = read_row(&db, id).await;
        assert_eq!((row.status.as_str(), row.attempts, row.last_error.clone(), row.sent_at), ("pending", 0, None, None));
        assert!((before..=after).contains(&row.next_attempt_at) && row.next_attempt_at == row.created_at, "due at once: {row:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Outbox rows

async fn queue_committed_email(db: &Db, to: &str, subject: &str, body: &str) -> i64 {
    let mut tx = db.pool().begin().await.unwrap();
    let id = queue_email(&mut *tx, db, None, to, subject, body).await.unwrap();
    tx.commit().await.unwrap();
    id
}

async fn queue_committed_sms(db: &Db, to: &str, text: &str) -> i64 {
    let mut tx = db.pool().begin().await.unwrap();
    let id = queue_sms(&mut *tx, db, None, to, text).await.unwrap();
    tx.commit().await.unwrap();
    id
}

#[derive(Debug, Clone)]
struct OutboxRow {
    status: String,
    attempts: i64,
    last_error: Option<String>,
    next_attempt_at: i64,
    created_at: i64,
    sent_at: Option<i64>,
}

async fn read_row(db: &Db, id: i64) -> OutboxRow {
    let row = db
        .query("SELECT status, attempts, last_error, next_attempt_at, created_at, sent_at FROM outbox WHERE id = $1")
        .bind(id)
        .fetch_one(db.pool())
        .await
        .unwrap();
    OutboxRow {
        status: row.try_get("status").unwrap(),
        attempts: row.try_get("attempts").unwrap(),
        last_error: row.try_get("last_error").unwrap(),
        next_attempt_at: row.try_get("next_attempt_at").unwrap(),
        created_at: row.try_get("created_at").unwrap(),
        sent_at: row.try_get("sent_at").unwrap(),
    }
}

/// Polls the row until `done` holds, or fails the test after `DEADLINE` showing the row.
async fn wait_for(db: &Db, id: i64, what: &str, done: impl Fn(&OutboxRow) -> bool) -> OutboxRow {
    let deadline = tokio::time::Instant::now() + DEADLINE;
    loop {
        let row = read_row(db, id).await;
        if done(&row) {
            return row;
        }
        assert!(tokio::time::Instant::now() < deadline, "outbox row {id} never became {what}: {row:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// `parta serve` with the given variables, started off the async runtime (the harness waits for
/// the "listening" line synchronously, and the loopback servers here must keep answering).
async fn serve(database_url: &str, envs: &[(&str, &str)]) -> common::Server {
    let database_url = database_url.to_string();
    let envs: Vec<(String, String)> = envs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    tokio::task::spawn_blocking(move || {
        let envs: Vec<(&str, &str)> = envs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        common::start_with_env(&database_url, &envs)
    })
    .await
    .unwrap()
}

// ---------------------------------------------------------------------------------------------
// A small SMTP server (RFC 5321's happy path, enough for a real client)

#[derive(Clone, Copy)]
struct SmtpBehaviour {
    /// The answer to every RCPT TO.
    rcpt_reply: &'static str,
    /// A pause before accepting each message's data.
    data_delay: Duration,
}

impl SmtpBehaviour {
    fn accepting() -> Self {
        SmtpBehaviour { rcpt_reply: "250 2.1.5 OK", data_delay: Duration::ZERO }
    }

    fn rejecting_recipients() -> Self {
        SmtpBehaviour { rcpt_reply: "550 5.1.1 No such user here", data_delay: Duration::ZERO }
    }
}

#[derive(Clone, Debug)]
struct Envelope {
    mail_from: String,
    rcpt_to: Vec<String>,
    /// The message as sent after DATA, dot-stuffing undone, CRLF line ends kept.
    data: String,
}

#[derive(Default)]
struct SmtpLog {
    messages: Vec<Envelope>,
    recipients_tried: Vec<String>,
}

struct SmtpServer {
    port: u16,
    log: Arc<Mutex<SmtpLog>>,
}

impl SmtpServer {
    async fn start(behaviour: SmtpBehaviour) -> SmtpServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let log = Arc::new(Mutex::new(SmtpLog::default()));
        let session_log = log.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let log = session_log.clone();
                tokio::spawn(async move {
                    if let Err(e) = smtp_session(stream, behaviour, log).await {
                        eprintln!("test SMTP server: session ended: {e}");
                    }
                });
            }
        });
        SmtpServer { port, log }
    }

    fn messages(&self) -> Vec<Envelope> {
        self.log.lock().unwrap().messages.clone()
    }

    fn recipients_tried(&self) -> Vec<String> {
        self.log.lock().unwrap().recipients_tried.clone()
    }
}

async fn smtp_session(stream: tokio::net::TcpStream, behaviour: SmtpBehaviour, log: Arc<Mutex<SmtpLog>>) -> std::io::Result<()> {
    let (reader, mut writer) = stream.into_split();
    let mut reader = BufReader::new(reader);
    writer.write_all(b"220 test.local ESMTP ready\r\n").await?;
    let mut mail_from: Option<String> = None;
    let mut rcpt_to: Vec<String> = Vec::new();
    loop {
        let mut raw = Vec::new();
        if reader.read_until(b'\n', &mut raw).await? == 0 {
            return Ok(());
        }
        let line = String::from_utf8_lossy(&raw);
        let command = line.trim_end_matches(['\r', '\n']);
        let verb = command.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
        let answer = match verb.as_str() {
            "EHLO" => "250-test.local greets you\r\n250 HELP".to_string(),
            "HELO" => "250 test.local".to_string(),
            "MAIL" => {
                mail_from = Some(angle_address(command));
                rcpt_to.clear();
                "250 2.1.0 OK".to_string()
            }
            "RCPT" => {
                let address = angle_address(command);
                log.lock().unwrap().recipients_tried.push(address.clone());
                if behaviour.rcpt_reply.starts_with('2') {
                    rcpt_to.push(address);
                }
                behaviour.rcpt_reply.to_string()
            }
            "DATA" if mail_from.is_some() && !rcpt_to.is_empty() => {
                writer.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n").await?;
                let mut data = Vec::new();
                loop {
                    let mut raw = Vec::new();
                    if reader.read_until(b'\n', &mut raw).await? == 0 {
                        return Ok(()); // The client vanished mid-message: nothing was sent.
                    }
                    if raw == b".\r\n" {
                        break;
                    }
                    // Undo dot-stuffing: a line that starts with '.' was sent with one more.
                    data.extend_from_slice(if raw.starts_with(b".") { &raw[1..] } else { &raw });
                }
                tokio::time::sleep(behaviour.data_delay).await;
                let envelope = Envelope {
                    mail_from: mail_from.take().unwrap_or_default(),
                    rcpt_to: std::mem::take(&mut rcpt_to),
                    data: String::from_utf8(data).expect("the message is UTF-8"),
                };
                log.lock().unwrap().messages.push(envelope);
                "250 2.0.0 queued".to_string()
            }
            "DATA" => "503 5.5.1 need MAIL and RCPT first".to_string(),
            "RSET" => {
                mail_from = None;
                rcpt_to.clear();
                "250 2.0.0 OK".to_string()
            }
            "NOOP" => "250 2.0.0 OK".to_string(),
            "QUIT" => {
                writer.write_all(b"221 2.0.0 bye\r\n").await?;
                return Ok(());
            }
            _ => "502 5.5.2 command not implemented".to_string(),
        };
        writer.write_all(format!("{answer}\r\n").as_bytes()).await?;
    }
}

/// `MAIL FROM:<a@b> SIZE=…` → `a@b`.
fn angle_address(command: &str) -> String {
    let start = command.find('<').map(|i| i + 1).unwrap_or(command.len());
    let end = command[start..].find('>').map(|i| start + i).unwrap_or(command.len());
    command[start..end].to_string()
}

// ---------------------------------------------------------------------------------------------
// Reading a received message back (RFC 5322 headers, RFC 2047 words, transfer encodings)

struct Mail {
    raw_headers: String,
    /// Unfolded: each header on one line.
    headers: Vec<(String, String)>,
    body: String,
}

impl Mail {
    fn parse(data: &str) -> Mail {
        let (raw_headers, body) = data.split_once("\r\n\r\n").expect("a blank line after the headers");
        let mut headers: Vec<(String, String)> = Vec::new();
        for line in raw_headers.split("\r\n") {
            if line.starts_with([' ', '\t']) {
                let last = headers.last_mut().expect("a continuation after a header");
                last.1.push_str(line);
            } else {
                let (name, value) = line.split_once(':').expect("Name: value");
                headers.push((name.to_string(), value.trim_start().to_string()));
            }
        }
        Mail { raw_headers: raw_headers.to_string(), headers, body: body.to_string() }
    }

    fn header(&self, name: &str) -> &str {
        let found = self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name));
        found.map(|(_, v)| v.as_str()).unwrap_or_else(|| panic!("no {name} header in:\n{}", self.raw_headers))
    }

    fn decoded_header(&self, name: &str) -> String {
        decode_encoded_words(self.header(name))
    }

    fn decoded_body(&self) -> String {
        let encoding = self
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("Content-Transfer-Encoding"))
            .map(|(_, v)| v.trim().to_ascii_lowercase())
            .unwrap_or_else(|| "7bit".into());
        let bytes = match encoding.as_str() {
            "base64" => base64_decode(&self.body),
            "quoted-printable" => quoted_printable_decode(&self.body),
            "7bit" | "8bit" => self.body.as_bytes().to_vec(),
            other => panic!("unexpected Content-Transfer-Encoding {other}"),
        };
        String::from_utf8(bytes).expect("the body decodes to UTF-8")
    }
}

/// RFC 2047: `=?utf-8?b?…?=` and `=?utf-8?q?…?=` words; white space between two words is dropped.
/// Bytes are joined before UTF-8 decoding, as an encoder may split a character across words.
fn decode_encoded_words(value: &str) -> String {
    let mut out: Vec<u8> = Vec::new();
    let mut rest = value;
    let mut after_word = false;
    while let Some(start) = rest.find("=?") {
        let between = &rest[..start];
        if !(after_word && between.trim().is_empty()) {
            out.extend_from_slice(between.as_bytes());
        }
        let mut parts = rest[start + 2..].splitn(3, '?');
        let (charset, encoding, tail) = (parts.next().unwrap(), parts.next().unwrap(), parts.next().unwrap());
        assert!(charset.eq_ignore_ascii_case("utf-8"), "charset {charset}");
        let end = tail.find("?=").expect("an encoded word ends with ?=");
        let text = &tail[..end];
        match encoding {
            "b" | "B" => out.extend(base64_decode(text)),
            "q" | "Q" => out.extend(quoted_printable_decode(&text.replace('_', " "))),
            other => panic!("unknown encoded-word encoding {other}"),
        }
        rest = &tail[end + 2..];
        after_word = true;
    }
    out.extend_from_slice(rest.as_bytes());
    String::from_utf8(out).expect("encoded words decode to UTF-8")
}

fn base64_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.bytes().filter(|c| !c.is_ascii_whitespace() && *c != b'=') {
        let value = ALPHABET.iter().position(|&a| a == c).unwrap_or_else(|| panic!("not base64: {c}")) as u32;
        buffer = (buffer << 6) | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    out
}

fn quoted_printable_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'=' if bytes[i + 1..].starts_with(b"\r\n") => i += 3, // soft line break
            b'=' if bytes[i + 1..].starts_with(b"\n") => i += 2,
            b'=' => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap_or_else(|_| panic!("bad =XX escape: {hex}")));
                i += 3;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// A small HTTP SMS gateway

#[derive(Clone, Debug)]
struct GatewayRequest {
    content_type: String,
    json: serde_json::Value,
}

struct SmsGateway {
    url: String,
    requests: Arc<Mutex<Vec<GatewayRequest>>>,
}

impl SmsGateway {
    /// Records every POST to `/send` and answers with `status`.
    async fn start(status: u16) -> SmsGateway {
        use axum::http::{HeaderMap, StatusCode};
        let requests: Arc<Mutex<Vec<GatewayRequest>>> = Arc::default();
        let recorded = requests.clone();
        let app = axum::Router::new().route(
            "/send",
            axum::routing::post(move |headers: HeaderMap, body: axum::body::Bytes| {
                let recorded = recorded.clone();
                async move {
                    let content_type = headers
                        .get(axum::http::header::CONTENT_TYPE)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("")
                        .to_string();
                    let json = serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null);
                    recorded.lock().unwrap().push(GatewayRequest { content_type, json });
                    (StatusCode::from_u16(status).unwrap(), "{}")
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/send", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        SmsGateway { url, requests }
    }

    fn requests(&self) -> Vec<GatewayRequest> {
        self.requests.lock().unwrap().clone()
    }
}
