//! The activation wizard, black-box, on both backends: a pupil with a temporary password walks
//! every step, each refusal names its field, steps cannot be skipped, the confirmation link
//! works once, and the permanent password replaces the temporary one.

mod common;

use app::error::AppError;
use app::i18n::Msg;
use common::{get, invalid, post, refused, server, Backend, PASSWORD};

const LOGIN: &str = "novichok";
const NEW_PASSWORD: &str = "Sosna-el-7-luna";

async fn a_new_pupil_activates_their_account(backend: Backend) {
    let s = server(backend);
    let c = s.signed_in(LOGIN).await;
    let db = s.db().await;

    // A temporary password opens the wizard and nothing else: not the pages, and not the data
    // behind them when asked for directly.
    assert_eq!(get(&c, s.url("/diary")).await.1, "/activation");
    assert_eq!(get(&c, s.url("/timetable")).await.1, "/activation");
    for endpoint in ["/api/pupil_overview", "/api/journal_index", "/api/esia_link_status"] {
        let e = refused(&c, s.url(endpoint), &[]).await;
        assert_eq!(e, AppError::ActivationRequired, "{endpoint}");
    }
    assert_eq!(get(&c, s.url("/activation")).await.1, "/activation/personal");
    let (status, _, page) = get(&c, s.url("/activation/personal")).await;
    assert_eq!(status, 200);
    for text in ["Личные данные", "Шаг 1 из 3", "ФИО", "СНИЛС", "5А", "Смирнова Ольга Викторовна", "Нашли ошибку?", LOGIN] {
        assert!(page.contains(text), "personal data page: missing «{text}»");
    }
    // Later steps cannot be reached before earlier ones.
    assert_eq!(get(&c, s.url("/activation/password")).await.1, "/activation/personal");
    let (status, location) = post(&c, s.url("/api/activation_finish"), &[("password", NEW_PASSWORD), ("password_repeat", NEW_PASSWORD), ("agree", "on"), ("consent", "on")]).await;
    assert_eq!((status, location.as_str()), (302, "/activation/personal"));

    // «Личные данные» → «Далее».
    assert_eq!(post(&c, s.url("/api/activation_confirm_personal"), &[]).await, (302, "/activation/security".into()));

    // «Параметры безопасности»: both fields required and checked; typed values come back.
    let url = || s.url("/api/activation_save_security");
    let e = refused(&c, url(), &[("email", "novichok"), ("phone", "+7 921 555-44-33")]).await;
    assert!(invalid("email", Msg::EmailFormat)(&e), "{e:?}");
    assert_eq!(e.echoed("phone").as_deref(), Some("+7 921 555-44-33"), "the phone was lost");
    let e = refused(&c, url(), &[("email", "novichok@parta.example"), ("phone", "")]).await;
    assert!(invalid("phone", Msg::PhoneRequired)(&e), "{e:?}");
    let e = refused(&c, url(), &[("email", "novichok@parta.example"), ("phone", "+7 812 555-44-33")]).await;
    assert!(invalid("phone", Msg::PhoneNotMobile)(&e), "{e:?}");
    let (status, location) = post(&c, url(), &[("email", " Novichok@Parta.Example "), ("phone", "8 (921) 555-44-33")]).await;
    assert_eq!((status, location.as_str()), (302, "/activation/password"));
    let row = db
        .query("SELECT email, phone, email_confirmed FROM people p JOIN accounts a ON a.person_id = p.id WHERE a.login = $1")
        .bind(LOGIN)
        .fetch_one(db.pool())
        .await
        .unwrap();
    use sqlx::Row;
    assert_eq!(row.get::<String, _>("email"), "novichok@parta.example");
    assert_eq!(row.get::<String, _>("phone"), "+79215554433");
    assert_eq!(row.get::<i64, _>("email_confirmed"), 0);

    // «Новый пароль»: every rule has its message at its field.
    let url = || s.url("/api/activation_finish");
    let full = |p: &'static str, r: &'static str| vec![("password", p), ("password_repeat", r), ("agree", "on"), ("consent", "on")];
    for (form, field, msg) in [
        (full("kot7", "kot7"), "password", Msg::PasswordTooShort),
        (full("qwerty123", "qwerty123"), "password", Msg::PasswordTrivial),
        (full("novichok-2026", "novichok-2026"), "password", Msg::PasswordHasLogin),
        (full(NEW_PASSWORD, "Sosna-el-7-lunA"), "password_repeat", Msg::PasswordMismatch),
        (full(PASSWORD, PASSWORD), "password", Msg::PasswordSameAsTemporary),
        (vec![("password", NEW_PASSWORD), ("password_repeat", NEW_PASSWORD), ("consent", "on")], "agree", Msg::AgreementRequired),
        (vec![("password", NEW_PASSWORD), ("password_repeat", NEW_PASSWORD), ("agree", "on")], "consent", Msg::ConsentRequired),
    ] {
        let e = refused(&c, url(), &form).await;
        assert!(invalid(field, msg)(&e), "{form:?}: {e:?}");
    }
    let birth: String = db
        .query_scalar("SELECT p.birth_date FROM people p JOIN accounts a ON a.person_id = p.id WHERE a.login = $1")
        .bind(LOGIN)
        .fetch_one(db.pool())
        .await
        .unwrap();
    let (y, rest) = birth.split_once('-').unwrap();
    let (m, d) = rest.split_once('-').unwrap();
    let with_birthday = format!("Kot{d}{m}{y}x");
    let e = refused(&c, url(), &[("password", &with_birthday), ("password_repeat", &with_birthday), ("agree", "on"), ("consent", "on")]).await;
    assert!(invalid("password", Msg::PasswordHasBirthDate)(&e), "{e:?}");
    // Nothing was half-done by all those refusals.
    let state: String = db.query_scalar("SELECT state FROM accounts WHERE login = $1").bind(LOGIN).fetch_one(db.pool()).await.unwrap();
    assert_eq!(state, "temporary");

    // «Готово!»
    assert_eq!(post(&c, url(), &full(NEW_PASSWORD, NEW_PASSWORD)).await, (302, "/activation/done".into()));
    let (status, _, page) = get(&c, s.url("/activation/done")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Готово!") && page.contains("novichok@parta.example"));
    let consents: i64 = db
        .query_scalar("SELECT COUNT(*) FROM consents c JOIN accounts a ON a.person_id = c.person_id WHERE a.login = $1")
        .bind(LOGIN)
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(consents, 2);
    let audited: i64 = db.query_scalar("SELECT COUNT(*) FROM audit_log WHERE action IN ('account.activated', 'person.contacts')").fetch_one(db.pool()).await.unwrap();
    assert!(audited >= 2);
    // Now the diary opens.
    assert_eq!(get(&c, s.url("/diary")).await.0, 200);

    // The confirmation e-mail waits in the outbox with its link.
    let (recipient, subject, body): (String, String, String) = {
        let r = db
            .query("SELECT recipient, subject, body FROM outbox WHERE channel = 'email' AND recipient = $1 ORDER BY id DESC LIMIT 1")
            .bind("novichok@parta.example")
            .fetch_one(db.pool())
            .await
            .unwrap();
        (r.get("recipient"), r.get("subject"), r.get("body"))
    };
    assert_eq!(recipient, "novichok@parta.example");
    assert!(subject.contains("Подтвердите адрес"));
    let link = body.lines().find(|l| l.contains("/confirm-email?token=")).expect("a confirmation link").trim().to_string();
    let path = &link[link.find("/confirm-email").unwrap()..];
    let (status, _, page) = get(&c, s.url(path)).await;
    assert_eq!(status, 200);
    assert!(page.contains("подтверждён"), "{page}");
    let confirmed: i64 = db.query_scalar("SELECT email_confirmed FROM people WHERE email = $1").bind("novichok@parta.example").fetch_one(db.pool()).await.unwrap();
    assert_eq!(confirmed, 1);
    // Single use; an unknown token is told apart; an expired one too.
    let (status, _, page) = get(&c, s.url(path)).await;
    assert_eq!(status, 422);
    assert!(page.contains("уже использована"));
    let (status, _, page) = get(&s.client(), s.url("/confirm-email?token=made-up")).await;
    assert_eq!(status, 422);
    assert!(page.contains("недействительна"));
    let account_id: i64 = db.query_scalar("SELECT id FROM accounts WHERE login = $1").bind(LOGIN).fetch_one(db.pool()).await.unwrap();
    db.query("INSERT INTO account_tokens (token_hash, account_id, purpose, target, created_at, expires_at) VALUES ($1, $2, 'confirm_email', $3, 1, 2)")
        .bind(app::accounts::session::token_hash("old-token"))
        .bind(account_id)
        .bind("novichok@parta.example")
        .execute(db.pool())
        .await
        .unwrap();
    let (status, _, page) = get(&s.client(), s.url("/confirm-email?token=old-token")).await;
    assert_eq!(status, 422);
    assert!(page.contains("Срок действия ссылки истёк"));

    // The permanent password works and the temporary one no longer does.
    let fresh = s.client();
    let res = s.sign_in(&fresh, LOGIN, NEW_PASSWORD).await;
    assert_eq!(res.headers()["location"], "/diary");
    let e = refused(&fresh, s.url("/api/sign_in"), &[("login", LOGIN), ("password", PASSWORD)]).await;
    assert!(matches!(e, AppError::SignIn { .. }), "{e:?}");

    // Without a mail server the message is kept, and the school's admin can read it.
    let admin = s.signed_in("admin").await;
    let (status, _, page) = get(&admin, s.url("/admin/outbox")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Исходящие сообщения") && page.contains("novichok@parta.example"), "outbox page");
    assert!(page.contains("Подтвердите адрес электронной почты"));
    assert_eq!(get(&fresh, s.url("/admin/outbox")).await.0, 403, "a pupil must not read the outbox");
}

async fn active_accounts_skip_the_wizard(backend: Backend) {
    let s = server(backend);
    let c = s.signed_in("uchenik").await;
    assert_eq!(get(&c, s.url("/activation")).await.1, "/activation/done");
    // And cannot walk it to change their password without the old one.
    let (status, location) = post(&c, s.url("/api/activation_finish"), &[("password", NEW_PASSWORD), ("password_repeat", NEW_PASSWORD), ("agree", "on"), ("consent", "on")]).await;
    assert_eq!((status, location.as_str()), (302, "/"));
    let res = s.sign_in(&s.client(), "uchenik", PASSWORD).await;
    assert!(res.status().is_success(), "the password must be unchanged");
}

on_both_backends!(a_new_pupil_activates_their_account, active_accounts_skip_the_wizard);
