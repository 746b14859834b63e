//! Access recovery, black-box, on both backends: every path («Я не помню логин», «Я не помню
//! пароль» by e-mail link and by phone with an SMS code, «Я не помню логин и пароль», a parent
//! restoring a child's access), every refusal, single use, expiry and the rate limits.
//! Captcha answers are read from the database the test created; messages from the outbox.

mod common;

use app::error::AppError;
use app::i18n::Msg;
use common::{Backend, Server, PASSWORD};
use sqlx::Row;
use std::sync::OnceLock;

const NEW_PASSWORD: &str = "Sosna-el-7-luna";

static SQLITE: OnceLock<Server> = OnceLock::new();
static POSTGRES: OnceLock<Server> = OnceLock::new();

/// The demo school on a fresh database, served with a per-address limit high enough for the
/// tests of this file running in parallel from one address.
fn seeded(backend: Backend, envs: &[(&str, &str)]) -> Server {
    let database_url = common::fresh_database(backend);
    let seed = common::parta()
        .arg("demo")
        .env("PARTA_DATABASE_URL", &database_url)
        .env("PARTA_DATA_DIR", common::temp_dir("data"))
        .output()
        .expect("run parta demo");
    assert!(seed.status.success(), "parta demo failed: {}", String::from_utf8_lossy(&seed.stderr));
    common::start_with_env(&database_url, envs)
}

fn server(backend: Backend) -> &'static Server {
    let envs = [("PARTA_RECOVERY_IP_LIMIT", "100000")];
    match backend {
        Backend::Sqlite => SQLITE.get_or_init(|| seeded(backend, &envs)),
        Backend::Postgres => POSTGRES.get_or_init(|| seeded(backend, &envs)),
    }
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers

/// Posts a form the way a browser without JavaScript does; returns status and Location.
async fn post(client: &reqwest::Client, url: String, form: &[(&str, &str)]) -> (u16, String) {
    let res = client.post(url).header("Accept", "text/html").form(form).send().await.unwrap();
    let location = res.headers().get("location").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    (res.status().as_u16(), location)
}

/// Posts as the hydrated page does and decodes the refusal.
async fn refused(client: &reqwest::Client, url: String, form: &[(&str, &str)]) -> AppError {
    let res = client.post(url).header("Accept", "application/json").form(form).send().await.unwrap();
    let status = res.status().as_u16();
    let text = res.text().await.unwrap();
    let err: AppError = serde_json::from_str(&text).unwrap_or_else(|_| panic!("an AppError, got {status}: {text}"));
    assert_eq!(status, err.http_status());
    err
}

async fn get(client: &reqwest::Client, url: String) -> (u16, String, String) {
    let res = client.get(url).header("Accept", "text/html").send().await.unwrap();
    let status = res.status().as_u16();
    let location = res.headers().get("location").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    (status, location, res.text().await.unwrap())
}

#[track_caller]
fn assert_invalid(e: &AppError, field: &str, msg: Msg) {
    assert!(matches!(e, AppError::Invalid { field: f, msg: m, .. } if f == field && *m == msg), "expected {field}/{msg:?}, got {e:?}");
}

/// A fresh captcha and its answer, read from the database.
async fn captcha(s: &Server, db: &app::db::Db, c: &reqwest::Client) -> (String, String) {
    let res = c.post(s.url("/api/recovery_captcha")).header("Accept", "application/json").send().await.unwrap();
    assert_eq!(res.status(), 200);
    let image: app::accounts::recovery::CaptchaImage = res.json().await.unwrap();
    assert!(image.image.starts_with("data:image/svg+xml;base64,"));
    let answer: String = db.query_scalar("SELECT answer FROM captchas WHERE id = $1").bind(image.id.clone()).fetch_one(db.pool()).await.unwrap();
    (image.id, answer)
}

/// The latest message of a channel to a recipient: (subject, body).
async fn latest(db: &app::db::Db, channel: &str, to: &str) -> Option<(String, String)> {
    db.query("SELECT subject, body FROM outbox WHERE channel = $1 AND recipient = $2 ORDER BY id DESC LIMIT 1")
        .bind(channel.to_string())
        .bind(to.to_string())
        .fetch_optional(db.pool())
        .await
        .unwrap()
        .map(|r| (r.get("subject"), r.get("body")))
}

async fn count(db: &app::db::Db, sql: &'static str, bind: &str) -> i64 {
    db.query_scalar(sql).bind(bind.to_string()).fetch_one(db.pool()).await.unwrap()
}

/// The path of the first link in a message that contains `marker`.
fn link(body: &str, marker: &str) -> String {
    let line = body.lines().find(|l| l.contains(marker)).unwrap_or_else(|| panic!("no {marker} link in {body}"));
    line[line.find(marker).unwrap()..].trim().to_string()
}

fn six_digits(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_digit()).find(|w| w.len() == 6).unwrap_or_else(|| panic!("no code in {text}")).to_string()
}

struct Person {
    login: String,
    email: String,
    phone: String,
    birth: String,
}

/// Demo recovery person `n` (0 e-mail pupil, 1 phone pupil, 2 parent, 3 child) of set `set`.
fn person(set: usize, n: usize) -> Person {
    let s = parta_demo::set_for(set);
    let login = [s.email_login, s.phone_login, s.parent_login, s.child_login][n].clone();
    Person { email: format!("{login}@parta.example"), phone: parta_demo::phone_for(set, n), birth: parta_demo::birth_date_for(set, n), login }
}

/// The demo module of the server, compiled into this test for its fixed logins and dates.
#[path = "../src/demo/recovery.rs"]
#[allow(dead_code)]
mod parta_demo;

fn ru_date(iso: &str) -> String {
    let p: Vec<&str> = iso.split('-').collect();
    format!("{}.{}.{}", p[2], p[1], p[0])
}

/// «Я не помню логин» (or «…и пароль») as a browser without JavaScript sends it: the next page,
/// or the refusal that came back in the address of the form (`__err`, as leptos sends it).
async fn remind(s: &Server, db: &app::db::Db, c: &reqwest::Client, forgot: &str, contact: &str, birth: &str) -> Result<String, AppError> {
    let (id, answer) = captcha(s, db, c).await;
    let form = [("forgot", forgot), ("contact", contact), ("birth_date", birth), ("captcha_id", &id), ("captcha", &answer)];
    let res = c
        .post(s.url("/api/recovery_remind_login"))
        .header("Accept", "text/html")
        .header("Referer", s.url(&format!("/recovery/{forgot}")))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 302);
    let location = res.headers()["location"].to_str().unwrap().to_string();
    match location.split_once("__err=") {
        None => Ok(location),
        Some((_, err)) => {
            let err = err.split('&').next().unwrap().replace("%3D", "=");
            Err(serde_json::from_slice(&base64_url_decode(&err)).expect("an AppError in __err"))
        }
    }
}

fn base64_url_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'-' | b'+' => 62,
        _ => 63,
    };
    let bytes: Vec<u8> = text.bytes().filter(|b| *b != b'=').map(value).collect();
    let mut out = Vec::new();
    for chunk in bytes.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, v)| n | (u32::from(*v) << (18 - 6 * i)));
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}

/// «Я не помню пароль»: returns the flow token from the redirect.
async fn request_reset(s: &Server, db: &app::db::Db, c: &reqwest::Client, login: &str) -> String {
    let (id, answer) = captcha(s, db, c).await;
    let (status, location) = post(c, s.url("/api/recovery_request_reset"), &[("login", login), ("captcha_id", &id), ("captcha", &answer)]).await;
    assert_eq!(status, 302, "request reset for {login}: {location}");
    location.strip_prefix("/recovery/password/sent?flow=").unwrap_or_else(|| panic!("unexpected redirect {location}")).to_string()
}

async fn can_sign_in(s: &Server, login: &str, password: &str) -> bool {
    let res = s.sign_in(&s.client(), login, password).await;
    res.status().is_success() || res.status().is_redirection()
}

// ---------------------------------------------------------------------------------------------
// Tests

async fn the_recovery_pages_render(backend: Backend) {
    let s = server(backend);
    let c = s.client();
    let (status, _, page) = get(&c, s.url("/login")).await;
    assert_eq!(status, 200);
    assert!(page.contains("href=\"/recovery\"") && page.contains("Забыли логин или пароль?"));
    let (status, _, page) = get(&c, s.url("/recovery")).await;
    assert_eq!(status, 200);
    for text in ["Восстановление доступа", "Я не помню логин", "Я не помню пароль", "Я не помню логин и пароль", "/recovery/login", "/recovery/password", "/recovery/both"] {
        assert!(page.contains(text), "recovery page: missing «{text}»");
    }
    for path in ["/recovery/login", "/recovery/both", "/recovery/password"] {
        let (status, _, page) = get(&c, s.url(path)).await;
        assert_eq!(status, 200, "{path}");
        for text in ["data:image/svg+xml;base64,", "name=\"captcha_id\"", "Другая картинка", "Символы на картинке", "alt=\"Картинка с пятью цифрами", "Далее"] {
            assert!(page.contains(text), "{path}: missing «{text}»");
        }
    }
    let (_, _, page) = get(&c, s.url("/recovery/login")).await;
    assert!(page.contains("Электронная почта или номер телефона") && page.contains("type=\"date\""));
}

async fn a_forgotten_login_comes_by_email_or_sms(backend: Backend) {
    let s = server(backend);
    let db = s.db().await;
    let c = s.client();
    let pupil = person(0, 0);

    // By e-mail, with the birth date typed the Russian way.
    let to = remind(s, &db, &c, "login", &pupil.email.to_uppercase(), &ru_date(&pupil.birth)).await.unwrap();
    assert_eq!(to, "/recovery/sent?via=email&what=login");
    let (subject, body) = latest(&db, "email", &pupil.email).await.expect("the login by e-mail");
    assert!(subject.contains("логин"), "{subject}");
    assert!(body.contains(&pupil.login), "{body}");
    let (status, _, page) = get(&c, s.url(&to)).await;
    assert_eq!(status, 200);
    assert!(page.contains("Логин отправлен на вашу электронную почту."));

    // By SMS, with the phone typed in any usual way.
    let phone_pupil = person(0, 1);
    let typed_phone = format!("8 ({}) {}-{}-{}", &phone_pupil.phone[2..5], &phone_pupil.phone[5..8], &phone_pupil.phone[8..10], &phone_pupil.phone[10..]);
    let to = remind(s, &db, &c, "login", &typed_phone, &phone_pupil.birth).await.unwrap();
    assert_eq!(to, "/recovery/sent?via=sms&what=login");
    let (_, text) = latest(&db, "sms", &phone_pupil.phone).await.expect("the login by SMS");
    assert!(text.contains(&phone_pupil.login), "{text}");

    // A wrong birth date and an unknown address get exactly the same answer.
    let wrong_birth = remind(s, &db, &c, "login", &pupil.email, "01.01.2000").await.unwrap_err();
    assert_invalid(&wrong_birth, "form", Msg::RecoveryNotFound);
    let unknown = remind(s, &db, &c, "login", "nobody-at-all@parta.example", "01.01.2000").await.unwrap_err();
    assert_eq!(wrong_birth.user_message(app::i18n::Lang::Ru), unknown.user_message(app::i18n::Lang::Ru));
    assert_eq!(std::mem::discriminant(&wrong_birth), std::mem::discriminant(&unknown));
    let unknown_phone = remind(s, &db, &c, "login", "+7 999 555-00-00", "01.01.2000").await.unwrap_err();
    assert_invalid(&unknown_phone, "form", Msg::RecoveryNotFound);
    assert_eq!(unknown.echoed("contact").as_deref(), Some("nobody-at-all@parta.example"), "the typed contact is kept");
}

async fn every_field_and_the_captcha_refuse_bad_input(backend: Backend) {
    let s = server(backend);
    let db = s.db().await;
    let c = s.client();
    let url = || s.url("/api/recovery_remind_login");
    let (id, answer) = captcha(s, &db, &c).await;
    for (contact, birth, field, msg) in [
        ("", "14.03.2011", "contact", Msg::ContactRequired),
        ("ivanova@", "14.03.2011", "contact", Msg::ContactFormat),
        ("ivanova", "14.03.2011", "contact", Msg::ContactFormat),
        ("+7 812 123-45-67", "14.03.2011", "contact", Msg::PhoneNotMobile),
        ("a@parta.example", "", "birth_date", Msg::BirthDateRequired),
        ("a@parta.example", "31.02.2011", "birth_date", Msg::BirthDateFormat),
    ] {
        let e = refused(&c, url(), &[("forgot", "login"), ("contact", contact), ("birth_date", birth), ("captcha_id", &id), ("captcha", &answer)]).await;
        assert_invalid(&e, field, msg);
        assert_eq!(e.echoed("contact").as_deref(), Some(contact), "the contact is kept");
        assert_eq!(e.echoed("birth_date").as_deref(), Some(birth), "the birth date is kept");
    }
    // Field errors did not use the captcha up; an empty answer is its own message.
    let form = |answer: &str| vec![("forgot".to_string(), "login".to_string()), ("contact".into(), "a@parta.example".into()), ("birth_date".into(), "14.03.2011".into()), ("captcha_id".into(), id.clone()), ("captcha".into(), answer.to_string())];
    let as_refs = |f: &Vec<(String, String)>| f.iter().map(|(k, v)| (k.clone(), v.clone())).collect::<Vec<_>>();
    let send = |f: Vec<(String, String)>| {
        let c = c.clone();
        let u = url();
        async move { c.post(u).header("Accept", "application/json").form(&f).send().await.unwrap().json::<AppError>().await.unwrap() }
    };
    assert_invalid(&send(as_refs(&form(""))).await, "captcha", Msg::CaptchaRequired);
    // A wrong answer uses the captcha up: the right answer afterwards is too late.
    let wrong = if answer == "00000" { "11111" } else { "00000" };
    let e = send(as_refs(&form(wrong))).await;
    assert_invalid(&e, "captcha", Msg::CaptchaWrong);
    assert_eq!(e.echoed("contact").as_deref(), Some("a@parta.example"));
    assert_invalid(&send(as_refs(&form(&answer))).await, "captcha", Msg::CaptchaExpired);
    // An expired captcha.
    let (id2, answer2) = captcha(s, &db, &c).await;
    db.query("UPDATE captchas SET expires_at = 1 WHERE id = $1").bind(id2.clone()).execute(db.pool()).await.unwrap();
    let e = refused(&c, url(), &[("forgot", "login"), ("contact", "a@parta.example"), ("birth_date", "14.03.2011"), ("captcha_id", &id2), ("captcha", &answer2)]).await;
    assert_invalid(&e, "captcha", Msg::CaptchaExpired);
    // A made-up captcha id.
    let e = refused(&c, url(), &[("forgot", "login"), ("contact", "a@parta.example"), ("birth_date", "14.03.2011"), ("captcha_id", "made-up"), ("captcha", "12345")]).await;
    assert_invalid(&e, "captcha", Msg::CaptchaExpired);
    // Sent while the new picture was still loading (no captcha id at all): the fields are
    // still checked first, and a missing picture reads as an expired one, not a broken request.
    let e = refused(&c, url(), &[("forgot", "login"), ("contact", "ivanova@"), ("birth_date", "14.03.2011"), ("captcha", "")]).await;
    assert_invalid(&e, "contact", Msg::ContactFormat);
    let e = refused(&c, url(), &[("forgot", "login"), ("contact", "a@parta.example"), ("birth_date", "14.03.2011"), ("captcha", "12345")]).await;
    assert_invalid(&e, "captcha", Msg::CaptchaExpired);
    let e = refused(&c, s.url("/api/recovery_request_reset"), &[("login", "ivanova.mp"), ("captcha", "12345")]).await;
    assert_invalid(&e, "captcha", Msg::CaptchaExpired);
    // The answer is stored only server-side: never in the page.
    let (_, _, page) = get(&c, s.url("/recovery/login")).await;
    let shown_id = page.split("name=\"captcha_id\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let shown_answer: String = db.query_scalar("SELECT answer FROM captchas WHERE id = $1").bind(shown_id).fetch_one(db.pool()).await.unwrap();
    assert!(!page.contains(&format!(">{shown_answer}<")) && !page.contains(&format!("\"{shown_answer}\"")));

    // Without JavaScript a refusal comes back to the form with the message and the typed values.
    let res = c
        .post(url())
        .header("Accept", "text/html")
        .header("Referer", s.url("/recovery/login"))
        .form(&[("forgot", "login"), ("contact", "ivanova@"), ("birth_date", "2011-03-14"), ("captcha_id", "x"), ("captcha", "1")])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    let back = res.headers()["location"].to_str().unwrap().to_string();
    assert!(back.contains("/recovery/login"), "{back}");
    let (_, _, page) = get(&c, if back.starts_with("http") { back.clone() } else { s.url(&back) }).await;
    assert!(page.contains("Это не похоже ни на адрес электронной почты, ни на номер мобильного телефона."), "no-JS message");
    assert!(page.contains("value=\"ivanova@\"") && page.contains("value=\"2011-03-14\""), "no-JS typed values");
}

async fn a_password_is_reset_by_the_email_link(backend: Backend) {
    let s = server(backend);
    let db = s.db().await;
    let pupil = person(1, 0);
    let before = s.signed_in(&pupil.login).await;
    let other_device = s.signed_in(&pupil.login).await;
    let c = s.client();

    let flow = request_reset(s, &db, &c, &pupil.login.to_uppercase()).await;
    let (status, _, page) = get(&c, s.url(&format!("/recovery/password/sent?flow={flow}"))).await;
    assert_eq!(status, 200);
    assert!(page.contains("Если учётная запись с таким логином есть") && page.contains("Мне не пришло письмо, восстановить пароль по телефону"));
    let (subject, body) = latest(&db, "email", &pupil.email).await.expect("the reset e-mail");
    assert!(subject.contains("Восстановление пароля"));
    let path = link(&body, "/recovery/reset?token=");
    // Only the hash of the token is stored.
    let token = path.split("token=").nth(1).unwrap();
    assert_eq!(count(&db, "SELECT COUNT(*) FROM account_tokens WHERE token_hash = $1", token).await, 0);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM account_tokens WHERE token_hash = $1", &app::accounts::session::token_hash(token)).await, 1);

    let (status, _, page) = get(&c, s.url(&path)).await;
    assert_eq!(status, 200);
    assert!(page.contains(&pupil.login) && page.contains("Новый пароль") && page.contains("Повторите пароль"));

    // The wizard's password rules, each at its field; nothing is echoed.
    let url = || s.url("/api/recovery_reset_password");
    for (p, r, field, msg) in [
        ("", "", "password", Msg::PasswordRequired),
        ("kot7", "kot7", "password", Msg::PasswordTooShort),
        ("qwerty123", "qwerty123", "password", Msg::PasswordTrivial),
        (NEW_PASSWORD, "Sosna-el-7-lunA", "password_repeat", Msg::PasswordMismatch),
    ] {
        let e = refused(&c, url(), &[("token", token), ("password", p), ("password_repeat", r)]).await;
        assert_invalid(&e, field, msg);
        assert!(e.echoed("password").is_none());
    }
    let with_login = format!("x{}7", pupil.login);
    let e = refused(&c, url(), &[("token", token), ("password", &with_login), ("password_repeat", &with_login)]).await;
    assert_invalid(&e, "password", Msg::PasswordHasLogin);

    assert_eq!(post(&c, url(), &[("token", token), ("password", NEW_PASSWORD), ("password_repeat", NEW_PASSWORD)]).await, (302, "/recovery/done".into()));
    let (status, _, page) = get(&c, s.url("/recovery/done")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Пароль изменён"));
    // Every session of the account ended; the new password works, the old one not.
    for client in [&before, &other_device] {
        assert_eq!(get(client, s.url("/diary")).await.1, "/login", "a session outlived the reset");
    }
    assert!(can_sign_in(s, &pupil.login, NEW_PASSWORD).await);
    assert!(!can_sign_in(s, &pupil.login, PASSWORD).await);
    // Audited.
    let account_id: i64 = db.query_scalar("SELECT id FROM accounts WHERE login = $1").bind(pupil.login.clone()).fetch_one(db.pool()).await.unwrap();
    let audited: i64 = db
        .query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'account.password_reset' AND entity_id = $1")
        .bind(account_id)
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(audited, 1);

    // Single use.
    let (status, _, page) = get(&c, s.url(&path)).await;
    assert_eq!(status, 422);
    assert!(page.contains("Эта ссылка уже использована."));
    let e = refused(&c, url(), &[("token", token), ("password", "Drugoi-parol-8"), ("password_repeat", "Drugoi-parol-8")]).await;
    assert_invalid(&e, "token", Msg::ResetLinkUsed);
    // Expired.
    let _ = request_reset(s, &db, &c, &pupil.login).await;
    let (_, body) = latest(&db, "email", &pupil.email).await.unwrap();
    let path = link(&body, "/recovery/reset?token=");
    let token = path.split("token=").nth(1).unwrap().to_string();
    db.query("UPDATE account_tokens SET expires_at = 1 WHERE token_hash = $1").bind(app::accounts::session::token_hash(&token)).execute(db.pool()).await.unwrap();
    let (status, _, page) = get(&c, s.url(&path)).await;
    assert_eq!(status, 422);
    assert!(page.contains("Срок действия ссылки истёк."));
    let e = refused(&c, url(), &[("token", &token), ("password", "Drugoi-parol-8"), ("password_repeat", "Drugoi-parol-8")]).await;
    assert_invalid(&e, "token", Msg::ResetLinkExpired);
    // Unknown.
    let (status, _, page) = get(&c, s.url("/recovery/reset?token=made-up")).await;
    assert_eq!(status, 422);
    assert!(page.contains("Ссылка недействительна"));
}

async fn an_unknown_login_gets_the_same_answer(backend: Backend) {
    let s = server(backend);
    let db = s.db().await;
    let c = s.client();
    let flow = request_reset(s, &db, &c, "no-such-login-anywhere").await;
    let (status, _, page) = get(&c, s.url(&format!("/recovery/password/sent?flow={flow}"))).await;
    assert_eq!(status, 200);
    assert!(page.contains("Если учётная запись с таким логином есть"));
    // The phone page shows a number for it too, the same one every time.
    let (status, _, page) = get(&c, s.url(&format!("/recovery/phone?flow={flow}"))).await;
    assert_eq!(status, 200);
    let mask = page.split("class=\"phone-mask\"").nth(1).unwrap().split('>').nth(1).unwrap().split('<').next().unwrap().to_string();
    assert!(mask.starts_with("+7 9") && mask.contains("•••-••-"), "{mask}");
    let again = request_reset(s, &db, &c, "no-such-login-anywhere").await;
    let (_, _, page) = get(&c, s.url(&format!("/recovery/phone?flow={again}"))).await;
    assert!(page.contains(&mask));
    // Any digits are «wrong», as for a known login; the third wrong answer ends the request.
    let url = || s.url("/api/recovery_check_phone");
    let e = refused(&c, url(), &[("flow", &flow), ("digits", "12345")]).await;
    assert_invalid(&e, "digits", Msg::PhoneDigitsWrong);
    assert_eq!(e.echoed("digits").as_deref(), Some("12345"));
    let e = refused(&c, url(), &[("flow", &flow), ("digits", "1234")]).await;
    assert_invalid(&e, "digits", Msg::PhoneDigitsFormat);
    let e = refused(&c, url(), &[("flow", &flow), ("digits", "")]).await;
    assert_invalid(&e, "digits", Msg::PhoneDigitsRequired);
    assert_invalid(&refused(&c, url(), &[("flow", &flow), ("digits", "54321")]).await, "digits", Msg::PhoneDigitsWrong);
    assert_invalid(&refused(&c, url(), &[("flow", &flow), ("digits", "55555")]).await, "form", Msg::RecoveryTooMany);
    assert_invalid(&refused(&c, url(), &[("flow", &flow), ("digits", "55555")]).await, "form", Msg::RecoveryTooMany);
    let (status, _, page) = get(&c, s.url(&format!("/recovery/phone?flow={flow}"))).await;
    assert_eq!(status, 422);
    assert!(page.contains("Слишком много попыток"));
    // Nothing was sent anywhere for an unknown login.
    assert_eq!(count(&db, "SELECT COUNT(*) FROM outbox WHERE body LIKE $1", "%no-such-login-anywhere%").await, 0);
    // An expired or made-up request.
    db.query("UPDATE recovery_flows SET expires_at = 1 WHERE token_hash = $1").bind(app::accounts::session::token_hash(&again)).execute(db.pool()).await.unwrap();
    let (status, _, page) = get(&c, s.url(&format!("/recovery/phone?flow={again}"))).await;
    assert_eq!(status, 422);
    assert!(page.contains("Срок действия этой страницы истёк."));
    assert_invalid(&refused(&c, url(), &[("flow", &again), ("digits", "12345")]).await, "form", Msg::RecoveryFlowExpired);
    assert_invalid(&refused(&c, url(), &[("flow", "made-up"), ("digits", "12345")]).await, "form", Msg::LinkUnknown);
}

async fn a_password_is_reset_by_phone_with_an_sms_code(backend: Backend) {
    let s = server(backend);
    let db = s.db().await;
    let c = s.client();
    let pupil = person(1, 1);
    let flow = request_reset(s, &db, &c, &pupil.login).await;
    let (status, _, page) = get(&c, s.url(&format!("/recovery/phone?flow={flow}"))).await;
    assert_eq!(status, 200);
    let national = &pupil.phone[2..];
    let mask = format!("+7 {} •••-••-{}", &national[..3], &national[8..]);
    assert!(page.contains(&mask), "mask {mask} not on the page");
    let hidden = &national[3..8];
    let url = || s.url("/api/recovery_check_phone");
    let wrong = if hidden == "00000" { "11111" } else { "00000" };
    assert_invalid(&refused(&c, url(), &[("flow", &flow), ("digits", wrong)]).await, "digits", Msg::PhoneDigitsWrong);
    assert_eq!(post(&c, url(), &[("flow", &flow), ("digits", hidden)]).await, (302, format!("/recovery/code?flow={flow}")));
    let (_, text) = latest(&db, "sms", &pupil.phone).await.expect("the SMS code");
    let code = six_digits(&text);
    assert!(text.contains(&pupil.login));
    let (status, _, page) = get(&c, s.url(&format!("/recovery/code?flow={flow}"))).await;
    assert_eq!(status, 200);
    assert!(page.contains("Код подтверждения") && page.contains(&mask));
    // Only the code's hash is kept.
    assert_eq!(count(&db, "SELECT COUNT(*) FROM account_tokens WHERE token_hash = $1", &code).await, 0);

    let url = || s.url("/api/recovery_check_code");
    assert_invalid(&refused(&c, url(), &[("flow", &flow), ("code", "")]).await, "code", Msg::SmsCodeRequired);
    assert_invalid(&refused(&c, url(), &[("flow", &flow), ("code", "12")]).await, "code", Msg::SmsCodeFormat);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let e = refused(&c, url(), &[("flow", &flow), ("code", wrong)]).await;
    assert_invalid(&e, "code", Msg::SmsCodeWrong);
    let (status, location) = post(&c, url(), &[("flow", &flow), ("code", &code)]).await;
    assert_eq!(status, 302);
    assert!(location.starts_with("/recovery/reset?token="), "{location}");
    // The code and the request are used up.
    assert_invalid(&refused(&c, url(), &[("flow", &flow), ("code", &code)]).await, "form", Msg::RecoveryFlowUsed);
    let (status, _, page) = get(&c, s.url(&location)).await;
    assert_eq!(status, 200);
    assert!(page.contains(&pupil.login));
    let token = location.split("token=").nth(1).unwrap();
    let (status, _) = post(&c, s.url("/api/recovery_reset_password"), &[("token", token), ("password", NEW_PASSWORD), ("password_repeat", NEW_PASSWORD)]).await;
    assert_eq!(status, 302);
    assert!(can_sign_in(s, &pupil.login, NEW_PASSWORD).await);
    let after: String = db
        .query_scalar("SELECT after_json FROM audit_log WHERE action = 'account.password_reset' AND entity_id = (SELECT id FROM accounts WHERE login = $1)")
        .bind(pupil.login.clone())
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert!(after.contains("\"via\":\"sms\""), "{after}");
}

async fn sms_codes_expire_and_allow_few_attempts(backend: Backend) {
    let s = server(backend);
    let db = s.db().await;
    let c = s.client();
    let pupil = person(2, 1);
    let national = pupil.phone[2..].to_string();
    let hidden = &national[3..8];
    // Expired code.
    let flow = request_reset(s, &db, &c, &pupil.login).await;
    assert_eq!(post(&c, s.url("/api/recovery_check_phone"), &[("flow", &flow), ("digits", hidden)]).await.0, 302);
    let code = six_digits(&latest(&db, "sms", &pupil.phone).await.unwrap().1);
    db.query("UPDATE account_tokens SET expires_at = 1 WHERE purpose = 'sms_code' AND account_id = (SELECT id FROM accounts WHERE login = $1)")
        .bind(pupil.login.clone())
        .execute(db.pool())
        .await
        .unwrap();
    let url = || s.url("/api/recovery_check_code");
    assert_invalid(&refused(&c, url(), &[("flow", &flow), ("code", &code)]).await, "code", Msg::SmsCodeExpired);
    // Three wrong codes end the request, even if the right one comes next.
    let flow = request_reset(s, &db, &c, &pupil.login).await;
    assert_eq!(post(&c, s.url("/api/recovery_check_phone"), &[("flow", &flow), ("digits", hidden)]).await.0, 302);
    let code = six_digits(&latest(&db, "sms", &pupil.phone).await.unwrap().1);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    assert_invalid(&refused(&c, url(), &[("flow", &flow), ("code", wrong)]).await, "code", Msg::SmsCodeWrong);
    assert_invalid(&refused(&c, url(), &[("flow", &flow), ("code", wrong)]).await, "code", Msg::SmsCodeWrong);
    assert_invalid(&refused(&c, url(), &[("flow", &flow), ("code", wrong)]).await, "form", Msg::RecoveryTooMany);
    assert_invalid(&refused(&c, url(), &[("flow", &flow), ("code", &code)]).await, "form", Msg::RecoveryTooMany);
    // A code is bound to its request: another request's code is wrong there.
    let flow2 = request_reset(s, &db, &c, &pupil.login).await;
    assert_invalid(&refused(&c, url(), &[("flow", &flow2), ("code", &code)]).await, "form", Msg::LinkUnknown);
    // At most three SMS an hour to one account.
    assert_eq!(post(&c, s.url("/api/recovery_check_phone"), &[("flow", &flow2), ("digits", hidden)]).await.0, 302);
    let flow3 = request_reset(s, &db, &c, &pupil.login).await;
    let e = refused(&c, s.url("/api/recovery_check_phone"), &[("flow", &flow3), ("digits", hidden)]).await;
    assert_invalid(&e, "form", Msg::RecoveryTooMany);
}

async fn login_and_password_together(backend: Backend) {
    let s = server(backend);
    let db = s.db().await;
    let c = s.client();
    // By e-mail: the login and a link in one message.
    let pupil = person(2, 0);
    let to = remind(s, &db, &c, "both", &pupil.email, &pupil.birth).await.unwrap();
    assert_eq!(to, "/recovery/sent?via=email&what=both");
    let (_, body) = latest(&db, "email", &pupil.email).await.unwrap();
    assert!(body.contains(&format!("Логин: {}", pupil.login)), "{body}");
    let path = link(&body, "/recovery/reset?token=");
    let token = path.split("token=").nth(1).unwrap();
    assert_eq!(post(&c, s.url("/api/recovery_reset_password"), &[("token", token), ("password", NEW_PASSWORD), ("password_repeat", NEW_PASSWORD)]).await.0, 302);
    assert!(can_sign_in(s, &pupil.login, NEW_PASSWORD).await);
    let (_, _, page) = get(&c, s.url(&to)).await;
    assert!(page.contains("письмо с логином и ссылкой"));

    // By phone: straight to the SMS code, which names the login.
    let child = person(2, 3);
    let to = remind(s, &db, &c, "both", &child.phone, &ru_date(&child.birth)).await.unwrap();
    assert!(to.starts_with("/recovery/code?flow="), "{to}");
    let flow = to.split("flow=").nth(1).unwrap();
    let (_, text) = latest(&db, "sms", &child.phone).await.unwrap();
    assert!(text.contains(&child.login));
    let (status, location) = post(&c, s.url("/api/recovery_check_code"), &[("flow", flow), ("code", &six_digits(&text))]).await;
    assert_eq!(status, 302);
    let token = location.split("token=").nth(1).unwrap();
    assert_eq!(post(&c, s.url("/api/recovery_reset_password"), &[("token", token), ("password", NEW_PASSWORD), ("password_repeat", NEW_PASSWORD)]).await.0, 302);
    assert!(can_sign_in(s, &child.login, NEW_PASSWORD).await);
    // A wrong birth date says nothing more than «not found».
    let e = remind(s, &db, &c, "both", &child.phone, "01.01.2011").await.unwrap_err();
    assert_invalid(&e, "form", Msg::RecoveryNotFound);
}

async fn unconfirmed_contacts_send_the_person_to_the_school(backend: Backend) {
    let s = server(backend);
    let db = s.db().await;
    let c = s.client();
    let login = parta_demo::UNCONFIRMED_LOGIN;
    let email = format!("{login}@parta.example");
    let e = remind(s, &db, &c, "login", &email, parta_demo::UNCONFIRMED_BIRTH_DATE).await.unwrap_err();
    assert_invalid(&e, "form", Msg::RecoveryUnconfirmed);
    let admins = e.echoed("admins").unwrap_or_default();
    let teacher = e.echoed("class_teacher").unwrap_or_default();
    assert!(!admins.is_empty() && !teacher.is_empty(), "whom to ask: {e:?}");
    // Only after the birth date matched: a wrong one is plain «not found».
    let e = remind(s, &db, &c, "login", &email, "01.01.2012").await.unwrap_err();
    assert_invalid(&e, "form", Msg::RecoveryNotFound);
    assert!(e.echoed("admins").is_none());
    // «Я не помню пароль» answers as for anyone, but sends nothing.
    let flow = request_reset(s, &db, &c, login).await;
    assert!(latest(&db, "email", &email).await.is_none());
    // The phone's right digits prove enough to be told.
    let e = refused(&c, s.url("/api/recovery_check_phone"), &[("flow", &flow), ("digits", &"+79991990000"[5..10])]).await;
    assert_invalid(&e, "form", Msg::RecoveryUnconfirmed);
    assert!(e.echoed("admins").is_some_and(|a| !a.is_empty()));
    assert!(latest(&db, "sms", "+79991990000").await.is_none());
    // Without JavaScript the page names them too.
    let (id, answer) = captcha(s, &db, &c).await;
    let res = c
        .post(s.url("/api/recovery_remind_login"))
        .header("Accept", "text/html")
        .header("Referer", s.url("/recovery/login"))
        .form(&[("forgot", "login"), ("contact", email.as_str()), ("birth_date", parta_demo::UNCONFIRMED_BIRTH_DATE), ("captcha_id", &id), ("captcha", &answer)])
        .send()
        .await
        .unwrap();
    let back = res.headers()["location"].to_str().unwrap().to_string();
    let (_, _, page) = get(&c, if back.starts_with("http") { back } else { s.url(&back) }).await;
    assert!(page.contains("не подтверждены") && page.contains(&teacher), "no-JS page names whom to ask");
}

async fn a_parent_restores_a_childs_access(backend: Backend) {
    let s = server(backend);
    let db = s.db().await;
    let parent = person(3, 2);
    let child = person(3, 3);
    let p = s.signed_in(&parent.login).await;
    let (status, _, page) = get(&p, s.url("/parent/access")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Доступ детей") && page.contains(&child.login) && page.contains("Отправить ссылку для нового пароля"));
    let child_id: i64 = db.query_scalar("SELECT person_id FROM accounts WHERE login = $1").bind(child.login.clone()).fetch_one(db.pool()).await.unwrap();
    let child_session = s.signed_in(&child.login).await;
    let (status, location) = post(&p, s.url("/api/recovery_child_reset"), &[("child_id", &child_id.to_string())]).await;
    assert_eq!((status, location.clone()), (302, format!("/parent/access?sent={child_id}")));
    let (_, _, page) = get(&p, s.url(&location)).await;
    assert!(page.contains(&format!("Ссылка для нового пароля отправлена на {}", parent.email)));
    let (_, body) = latest(&db, "email", &parent.email).await.expect("the link goes to the parent");
    assert!(body.contains(&child.login));
    let path = link(&body, "/recovery/reset?token=");
    let token = path.split("token=").nth(1).unwrap();
    let c = s.client();
    assert_eq!(post(&c, s.url("/api/recovery_reset_password"), &[("token", token), ("password", NEW_PASSWORD), ("password_repeat", NEW_PASSWORD)]).await.0, 302);
    assert!(can_sign_in(s, &child.login, NEW_PASSWORD).await);
    assert_eq!(get(&child_session, s.url("/diary")).await.1, "/login");
    let requested: i64 = db
        .query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'account.password_reset_requested' AND actor_person_id = (SELECT person_id FROM accounts WHERE login = $1)")
        .bind(parent.login.clone())
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(requested, 1);

    // Not for a child who is not theirs, and not for anyone but a parent.
    let stranger: i64 = db.query_scalar("SELECT person_id FROM accounts WHERE login = 'uchenik'").fetch_one(db.pool()).await.unwrap();
    let e = refused(&p, s.url("/api/recovery_child_reset"), &[("child_id", &stranger.to_string())]).await;
    assert_eq!(e, AppError::Forbidden);
    let pupil = s.signed_in("uchenik").await;
    let e = refused(&pupil, s.url("/api/recovery_child_reset"), &[("child_id", &child_id.to_string())]).await;
    assert_eq!(e, AppError::Forbidden);
    assert_eq!(get(&pupil, s.url("/parent/access")).await.0, 403);
    assert_eq!(get(&s.client(), s.url("/parent/access")).await.1, "/login");
    // A parent without a confirmed e-mail is told so.
    let mama = s.signed_in("vosst-nepodtverzhden-mama").await;
    let own_child: i64 = db.query_scalar("SELECT person_id FROM accounts WHERE login = $1").bind(parta_demo::UNCONFIRMED_LOGIN).fetch_one(db.pool()).await.unwrap();
    let e = refused(&mama, s.url("/api/recovery_child_reset"), &[("child_id", &own_child.to_string())]).await;
    assert_invalid(&e, "form", Msg::ParentEmailUnconfirmed);
    let (_, _, page) = get(&mama, s.url("/parent/access")).await;
    assert!(page.contains("Ваш адрес электронной почты не подтверждён"));
}

async fn requests_are_rate_limited_per_login_and_contact(backend: Backend) {
    let s = server(backend);
    let db = s.db().await;
    let c = s.client();
    let login = "limit-test-login";
    for _ in 0..app::accounts::recovery::LIMIT_PER_TARGET {
        request_reset(s, &db, &c, login).await;
    }
    let (id, answer) = captcha(s, &db, &c).await;
    let e = refused(&c, s.url("/api/recovery_request_reset"), &[("login", login), ("captcha_id", &id), ("captcha", &answer)]).await;
    assert_invalid(&e, "form", Msg::RecoveryTooMany);
    assert_eq!(e.echoed("login").as_deref(), Some(login));
    for _ in 0..app::accounts::recovery::LIMIT_PER_TARGET {
        let e = remind(s, &db, &c, "login", "limit@parta.example", "01.01.2000").await.unwrap_err();
        assert_invalid(&e, "form", Msg::RecoveryNotFound);
    }
    let e = remind(s, &db, &c, "login", "limit@parta.example", "01.01.2000").await.unwrap_err();
    assert_invalid(&e, "form", Msg::RecoveryTooMany);
}

async fn requests_are_rate_limited_per_client_address(backend: Backend) {
    let s = seeded(backend, &[("PARTA_RECOVERY_IP_LIMIT", "3")]);
    let db = s.db().await;
    let c = s.client();
    for n in 0..3 {
        request_reset(&s, &db, &c, &format!("ip-limit-{n}")).await;
    }
    let (id, answer) = captcha(&s, &db, &c).await;
    let e = refused(&c, s.url("/api/recovery_request_reset"), &[("login", "ip-limit-x"), ("captcha_id", &id), ("captcha", &answer)]).await;
    assert_invalid(&e, "form", Msg::RecoveryTooMany);
    let buckets: i64 = db.query_scalar("SELECT COUNT(*) FROM recovery_attempts WHERE bucket = 'ip:127.0.0.1'").fetch_one(db.pool()).await.unwrap();
    assert_eq!(buckets, 3, "the client address reaches the server functions");
}

on_both_backends!(
    the_recovery_pages_render,
    a_forgotten_login_comes_by_email_or_sms,
    every_field_and_the_captcha_refuse_bad_input,
    a_password_is_reset_by_the_email_link,
    an_unknown_login_gets_the_same_answer,
    a_password_is_reset_by_phone_with_an_sms_code,
    sms_codes_expire_and_allow_few_attempts,
    login_and_password_together,
    unconfirmed_contacts_send_the_person_to_the_school,
    a_parent_restores_a_childs_access,
    requests_are_rate_limited_per_login_and_contact,
    requests_are_rate_limited_per_client_address,
);
