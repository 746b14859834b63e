//! Gosuslugi (ESIA) sign-in, black-box, on both backends: the real `parta` with the demo school
//! and its ESIA sandbox on another loopback port; every seed scenario through the real redirect
//! to the sandbox and back, the link form, the offer, linking and unlinking in settings, the
//! region operator's switch; the sandbox's refusals of tampered requests; broken ESIA answers
//! never sign anybody in.

mod common;

use common::{fresh_database, parta, temp_dir, Backend, PASSWORD};
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};

struct EsiaServer {
    base: String,
    sandbox: String,
    data_dir: std::path::PathBuf,
    database_url: String,
    _child: Child,
}

/// The demo school on a fresh database, served with the sandbox beside it.
fn start(backend: Backend) -> EsiaServer {
    let database_url = fresh_database(backend);
    let data_dir = temp_dir("esia-data");
    let seed = parta().arg("demo").env("PARTA_DATABASE_URL", &database_url).env("PARTA_DATA_DIR", &data_dir).output().expect("parta demo");
    assert!(seed.status.success(), "parta demo failed: {}", String::from_utf8_lossy(&seed.stderr));
    let mut child = parta()
        .arg("serve")
        .env_remove("PARTA_SMTP_URL")
        .env_remove("PARTA_SMS_URL")
        .env("PARTA_DATABASE_URL", &database_url)
        .env("PARTA_DATA_DIR", &data_dir)
        .env("PARTA_BIND", "127.0.0.1:0")
        .env("PARTA_ESIA_SANDBOX", "127.0.0.1:0")
        .env("PARTA_EXIT_ON_STDIN_EOF", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn parta serve");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut sandbox = String::new();
    let base = loop {
        let line = lines.next().expect("parta serve ended before listening").unwrap();
        if let Some(url) = line.strip_prefix("ESIA sandbox listening on ") {
            sandbox = url.trim().to_string();
        }
        if let Some(addr) = line.strip_prefix("Parta listening on ") {
            break addr.trim().to_string();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    assert!(sandbox.starts_with("http://127.0.0.1:"), "no sandbox line");
    EsiaServer { base, sandbox, data_dir, database_url, _child: child }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

fn location(res: &reqwest::Response) -> String {
    res.headers().get("location").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default()
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("no «{start}» in {}", &text[..text.len().min(400)])) + start.len();
    let to = text[from..].find(end).unwrap() + from;
    &text[from..to]
}

impl EsiaServer {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn db(&self) -> app::db::Db {
        app::db::Db::connect(&self.database_url, 2).await.unwrap()
    }

    async fn region(&self, code: &str) -> i64 {
        let db = self.db().await;
        db.query_scalar("SELECT id FROM regions WHERE code = $1").bind(code.to_string()).fetch_one(db.pool()).await.unwrap()
    }

    /// From `start` (a path of Parta) through the sandbox's sign-in page (picking `oid`) and
    /// consent (`allow` or not) back to Parta's callback; returns where the callback sends.
    async fn round_trip(&self, c: &reqwest::Client, start: &str, oid: &str, allow: bool) -> String {
        let res = c.get(self.url(start)).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 303, "{start}: {}", res.status());
        let to_esia = location(&res);
        assert!(to_esia.starts_with(&format!("{}/aas/oauth2/v2/ac?", self.sandbox)), "{to_esia}");
        self.through_sandbox(c, &to_esia, oid, allow).await
    }

    async fn through_sandbox(&self, c: &reqwest::Client, to_esia: &str, oid: &str, allow: bool) -> String {
        let page = c.get(to_esia).send().await.unwrap();
        assert_eq!(page.status().as_u16(), 200, "sandbox sign-in page");
        let page = page.text().await.unwrap();
        assert!(page.contains("госуслуги") || page.contains("гос<b>услуги"), "not the Gosuslugi-like page");
        let sid = between(&page, "name=\"sid\" value=\"", "\"").to_string();
        let consent = c.post(format!("{}/aas/oauth2/v2/ac/login", self.sandbox)).form(&[("sid", sid.as_str()), ("oid", oid)]).send().await.unwrap();
        let consent = consent.text().await.unwrap();
        assert!(consent.contains("Предоставить") && consent.contains("Отказать"), "no consent screen");
        let decision = if allow { "allow" } else { "deny" };
        let back = c.post(format!("{}/aas/oauth2/v2/ac/consent", self.sandbox)).form(&[("sid", sid.as_str()), ("decision", decision)]).send().await.unwrap();
        let callback = location(&back);
        assert!(callback.starts_with(&self.url("/esia/callback?")), "{callback}");
        let res = c.get(&callback).send().await.unwrap();
        assert!(res.status().is_redirection(), "callback: {}", res.status());
        location(&res)
    }

    async fn signed_in_as(&self, login: &str) -> reqwest::Client {
        let c = client();
        let res = c.post(self.url("/api/sign_in")).header("Accept", "text/html").form(&[("login", login), ("password", PASSWORD)]).send().await.unwrap();
        assert!(res.status().is_redirection(), "sign-in as {login}");
        c
    }

    /// Where a page sends this client: "" when it is shown (signed in).
    async fn lands(&self, c: &reqwest::Client, path: &str) -> String {
        location(&c.get(self.url(path)).header("Accept", "text/html").send().await.unwrap())
    }
}

fn refused(reason: &str) -> String {
    format!("/esia/refused?reason={reason}")
}

async fn every_scenario_and_linking(backend: Backend) {
    let s = start(backend);
    let arkh = s.region("29").await;
    let vologda = s.region("35").await;
    let murmansk = s.region("51").await;
    let login = |r: i64| format!("/esia/start?region={r}");

    // The sign-in page: «Выберите свой регион», and the button only where it is on.
    let page = client().get(s.url(&format!("/login?region={arkh}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Выберите свой регион") && page.contains("Войти через госуслуги"), "sign-in page");
    assert!(page.contains(&format!("/esia/start?region={arkh}")));
    let page = client().get(s.url(&format!("/login?region={murmansk}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Выберите свой регион") && !page.contains("/esia/start?region="), "Murmansk has no Gosuslugi");
    let (status, to) = {
        let r = client().get(s.url(&login(murmansk))).send().await.unwrap();
        (r.status().as_u16(), location(&r))
    };
    assert_eq!((status, to), (303, refused("not-enabled")));

    // Every person of the seeds, with their outcome.
    for (oid, region, expected) in [
        ("1000001", arkh, "/parent".to_string()),
        ("1000001", arkh, "/parent".to_string()), // already linked: signs in by the ESIA id
        ("1000002", arkh, "/parent".to_string()),
        ("1000003", arkh, refused("level-too-low")),
        ("1000004", arkh, "/diary".to_string()),
        ("1000005", arkh, refused("too-young")),
        ("1000006", arkh, refused("name-mismatch")),
        ("1000007", arkh, refused("snils-mismatch")),
        ("1000009", arkh, refused("birth-mismatch")),
        ("1000010", arkh, "/esia/link".to_string()),
        ("1000011", arkh, refused("not-activated")),
        ("1000012", arkh, "/activation".to_string()),
        ("1000001", vologda, refused("level-too-low")), // Vologda: confirmed accounts only
        ("1000002", vologda, "/parent".to_string()),
    ] {
        let c = client();
        let got = s.round_trip(&c, &login(region), oid, true).await;
        assert_eq!(got, expected, "person {oid} in region {region}");
        let signed_in = s.lands(&c, "/settings/security").await != "/login";
        let should = !expected.starts_with("/esia/");
        assert_eq!(signed_in, should, "person {oid}: signed in = {signed_in}");
    }
    // «Отказать» on the consent screen.
    assert_eq!(s.round_trip(&client(), &login(arkh), "1000004", false).await, refused("consent-refused"));

    // Each refusal page says its own thing in the seeds' words.
    for (reason, words) in [
        ("not-activated", "не активирован или отсутствует"),
        ("too-young", "14 лет и 3 месяца"),
        ("name-mismatch", "ФИО пользователя"),
        ("snils-mismatch", "СНИЛС"),
        ("level-too-low", "Уровень Вашей учётной записи"),
        ("consent-refused", "Предоставить"),
    ] {
        let page = client().get(s.url(&refused(reason))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(words), "{reason}: «{words}» missing");
    }

    let db = s.db().await;
    let links: i64 = db.query_scalar("SELECT COUNT(*) FROM esia_links WHERE oid = '1000001'").fetch_one(db.pool()).await.unwrap();
    assert_eq!(links, 1, "the first sign-in links the account once");
    let refusals: i64 = db.query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'esia.refused'").fetch_one(db.pool()).await.unwrap();
    assert!(refusals >= 8, "refusals are audited ({refusals})");

    // No SNILS on Gosuslugi: «…не смогли найти Ваш профиль…» and the login-and-password form.
    let c = client();
    assert_eq!(s.round_trip(&c, &login(arkh), "1000080", true).await, "/esia/link");
    let page = c.get(s.url("/esia/link")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("не смогли найти Ваш профиль") && page.contains("для его привязки"), "link page");
    let res = c.post(s.url("/api/esia_link")).header("Accept", "application/json").form(&[("login", "esia-bez-snils-desktop-js"), ("password", "wrong")]).send().await.unwrap();
    let err: app::error::AppError = serde_json::from_str(&res.text().await.unwrap()).unwrap();
    assert!(matches!(err, app::error::AppError::SignIn { reason: app::error::SignInRefusal::WrongLoginOrPassword, .. }), "{err:?}");
    let res = c.post(s.url("/api/esia_link")).header("Accept", "text/html").form(&[("login", "esia-bez-snils-desktop-js"), ("password", PASSWORD)]).send().await.unwrap();
    assert_eq!(location(&res), "/diary");
    assert!(s.lands(&c, "/diary").await.is_empty(), "linked and signed in");
    // «Выход» from a Gosuslugi session goes through ESIA's logout back to /login.
    let res = c.post(s.url("/api/sign_out")).header("Accept", "text/html").send().await.unwrap();
    let logout = location(&res);
    assert!(logout.starts_with(&format!("{}/idp/ext/Logout?client_id=PARTA", s.sandbox)), "{logout}");
    let back = c.get(&logout).send().await.unwrap();
    assert_eq!(location(&back), s.url("/login"));
    // Next time the same Gosuslugi person signs straight in.
    assert_eq!(s.round_trip(&client(), &login(arkh), "1000080", true).await, "/diary");
    // A pending link in one browser is nothing in another.
    let stranger = client();
    let res = stranger.post(s.url("/api/esia_link")).header("Accept", "text/html").form(&[("login", "esia-rebenok"), ("password", PASSWORD)]).send().await.unwrap();
    assert_eq!(location(&res), refused("expired"));

    // After a password sign-in: the offer, linking from it, unlinking in settings, «Пропустить».
    let c = client();
    let res = c.post(s.url("/api/sign_in")).header("Accept", "text/html").form(&[("login", "esia-privyazka-desktop-js"), ("password", PASSWORD)]).send().await.unwrap();
    assert_eq!(location(&res), "/parent", "the start page as always");
    let offer = c.get(s.url("/parent")).send().await.unwrap().text().await.unwrap();
    assert!(offer.contains("Привязать учетную запись портала Госуслуг") && offer.contains("Пропустить"), "the offer after sign-in");
    let plain = s.signed_in_as("esia-standart").await;
    let page = plain.get(s.url("/parent")).send().await.unwrap().text().await.unwrap();
    assert!(!page.contains("Привязать учетную запись портала Госуслуг"), "no offer to a linked account");
    assert_eq!(s.round_trip(&c, "/esia/start?link=1", "1000090", true).await, "/settings/security?esia=linked");
    let settings = c.get(s.url("/settings/security")).send().await.unwrap().text().await.unwrap();
    assert!(settings.contains("Отвязать"), "settings show the link");
    // Linking a Gosuslugi person that is someone else's is refused.
    assert_eq!(s.round_trip(&c, "/esia/start?link=1", "1000001", true).await, refused("linked-elsewhere"));
    let res = c.post(s.url("/api/esia_unlink")).header("Accept", "text/html").send().await.unwrap();
    assert_eq!(location(&res), "/settings/security?esia=unlinked");
    let page = c.get(s.url("/parent")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Привязать учетную запись портала Госуслуг"), "offered again after unlinking");
    let res = c.post(s.url("/api/esia_skip_offer")).header("Accept", "text/html").send().await.unwrap();
    assert_eq!(location(&res), "/parent");
    let again = s.signed_in_as("esia-privyazka-desktop-js").await;
    let page = again.get(s.url("/parent")).send().await.unwrap().text().await.unwrap();
    assert!(!page.contains("Привязать учетную запись портала Госуслуг"), "skipped: not offered again");
    for action in ["esia.link", "esia.unlink"] {
        let n: i64 = db.query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1").bind(action).fetch_one(db.pool()).await.unwrap();
        assert!(n >= 1, "{action} audited");
    }
    // Linking needs a session.
    assert_eq!(location(&client().get(s.url("/esia/start?link=1")).send().await.unwrap()), "/login");

    // The region operator turns Gosuslugi off and demands confirmed accounts.
    let op = client();
    let res = op.post(s.url("/api/sign_in")).header("Accept", "text/html").form(&[("login", "region"), ("password", PASSWORD)]).send().await.unwrap();
    assert!(res.status().is_redirection());
    let page = op.get(s.url("/region")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Разрешить вход через госуслуги"), "region page has the switch");
    let res = op.post(s.url("/api/esia_save_region")).header("Accept", "application/json").form(&[("min_level", "simplified")]).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 422, "an unknown level is refused");
    let res = op.post(s.url("/api/esia_save_region")).header("Accept", "text/html").form(&[("min_level", "confirmed")]).send().await.unwrap();
    assert_eq!(location(&res), "/region?esia=saved");
    let r = client().get(s.url(&login(arkh))).send().await.unwrap();
    assert_eq!(location(&r), refused("not-enabled"), "switched off");
    let res = op.post(s.url("/api/esia_save_region")).header("Accept", "text/html").form(&[("enabled", "on"), ("min_level", "confirmed")]).send().await.unwrap();
    assert_eq!(location(&res), "/region?esia=saved");
    assert_eq!(s.round_trip(&client(), &login(arkh), "1000001", true).await, refused("level-too-low"));
    // Nobody else may change it.
    let parent = client();
    parent.post(s.url("/api/sign_in")).header("Accept", "text/html").form(&[("login", "roditel"), ("password", PASSWORD)]).send().await.unwrap();
    let res = parent.post(s.url("/api/esia_save_region")).header("Accept", "application/json").form(&[("enabled", "on"), ("min_level", "standard")]).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 403);
    let n: i64 = db.query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'esia.region'").fetch_one(db.pool()).await.unwrap();
    assert_eq!(n, 2);
}

/// A signed request to the sandbox's authorization endpoint, built with the test client's key,
/// with one thing spoiled by `spoil`; returns where the sandbox sends the browser.
async fn sandbox_answer(s: &EsiaServer, spoil: &str, state: &str) -> String {
    use app::esia::client::{query_string, timestamp, SCOPE};
    use app::esia::crypto::{b64url, GostSigner, Signer};
    let dir = s.data_dir.join("esia-sandbox");
    let signer = GostSigner::from_files(&dir.join("client.key"), &dir.join("client.crt")).unwrap();
    let redirect = s.url("/esia/callback");
    let now = app::db::now();
    let ts = timestamp(if spoil == "stale" { now - 3600 } else { now });
    let signed = format!("PARTA{SCOPE}{ts}{state}{redirect}");
    let mut secret = signer.sign_detached(signed.as_bytes()).unwrap();
    if spoil == "tampered" {
        let n = secret.len();
        secret[n - 5] ^= 0x01;
    }
    let hash = if spoil == "hash" { "00".repeat(32) } else { signer.certificate_hash().to_string() };
    let q = query_string(&[
        ("client_id", "PARTA"),
        ("client_secret", &b64url(&secret)),
        ("redirect_uri", &redirect),
        ("scope", SCOPE),
        ("response_type", "code"),
        ("state", state),
        ("timestamp", &ts),
        ("access_type", "offline"),
        ("client_certificate_hash", &hash),
    ]);
    let res = client().get(format!("{}/aas/oauth2/v2/ac?{q}", s.sandbox)).send().await.unwrap();
    if res.status().as_u16() == 200 {
        return "sign-in page".into();
    }
    location(&res)
}

async fn the_sandbox_refuses_bad_requests_and_broken_answers_sign_nobody_in(backend: Backend) {
    let s = start(backend);
    let arkh = s.region("29").await;
    let state = || app::esia::client::new_state();

    // A correct request opens the sign-in page; each spoiled one is refused with its code.
    let good_state = state();
    assert_eq!(sandbox_answer(&s, "", &good_state).await, "sign-in page");
    assert!(sandbox_answer(&s, "", &good_state).await.contains("ESIA-007005"), "a replayed state passed");
    assert!(sandbox_answer(&s, "tampered", &state()).await.contains("ESIA-007002"), "a tampered signature passed");
    assert!(sandbox_answer(&s, "hash", &state()).await.contains("ESIA-007003"), "a wrong certificate hash passed");
    assert!(sandbox_answer(&s, "stale", &state()).await.contains("ESIA-007007"), "a stale timestamp passed");
    // Parta turns a refusal into the «failed» message, and refuses a replayed callback itself.
    let c = client();
    let res = c.get(s.url(&format!("/esia/start?region={arkh}"))).send().await.unwrap();
    let to_esia = location(&res);
    let parta_state = between(&to_esia, "&state=", "&").to_string();
    let callback = format!("/esia/callback?error=invalid_request&error_description=ESIA-007002%3A%20x&state={parta_state}");
    assert_eq!(location(&c.get(s.url(&callback)).send().await.unwrap()), refused("failed"));
    assert_eq!(location(&c.get(s.url(&callback)).send().await.unwrap()), refused("expired"), "a state works once");
    // A state from another browser is refused.
    let res = c.get(s.url(&format!("/esia/start?region={arkh}"))).send().await.unwrap();
    let other = between(&location(&res), "&state=", "&").to_string();
    assert_eq!(location(&client().get(s.url(&format!("/esia/callback?code=x&state={other}"))).send().await.unwrap()), refused("expired"));
    // A code used twice: the second exchange is refused by the sandbox.
    let c = client();
    let res = c.get(s.url(&format!("/esia/start?region={arkh}"))).send().await.unwrap();
    let page = c.get(location(&res)).send().await.unwrap().text().await.unwrap();
    let sid = between(&page, "name=\"sid\" value=\"", "\"").to_string();
    c.post(format!("{}/aas/oauth2/v2/ac/login", s.sandbox)).form(&[("sid", sid.as_str()), ("oid", "1000004")]).send().await.unwrap();
    let back = location(&c.post(format!("{}/aas/oauth2/v2/ac/consent", s.sandbox)).form(&[("sid", sid.as_str()), ("decision", "allow")]).send().await.unwrap());
    assert_eq!(location(&c.get(&back).send().await.unwrap()), "/diary");

    // Broken answers from ESIA: refused, and nobody is signed in.
    let sandbox = client();
    for mode in ["token-garbage", "token-bad-signature", "token-expired", "token-wrong-aud", "token-wrong-iss", "token-500", "person-garbage", "person-wrong-types", "person-huge"] {
        let res = sandbox.post(format!("{}/sandbox/fault", s.sandbox)).form(&[("mode", mode)]).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 200);
        let c = client();
        assert_eq!(s.round_trip(&c, &format!("/esia/start?region={arkh}"), "1000004", true).await, refused("failed"), "{mode}");
        assert_eq!(s.lands(&c, "/diary").await, "/login", "{mode}: signed in anyway");
    }
    sandbox.post(format!("{}/sandbox/fault", s.sandbox)).form(&[("mode", "none")]).send().await.unwrap();
    assert_eq!(s.round_trip(&client(), &format!("/esia/start?region={arkh}"), "1000004", true).await, "/diary");

    // The session keeps ESIA's refresh token: the client refreshes once with it, and the
    // sandbox refuses it a second time (ESIA-007011).
    let db = s.db().await;
    let refresh: String = db
        .query_scalar("SELECT refresh_token FROM esia_sessions WHERE oid = '1000004' AND refresh_token IS NOT NULL ORDER BY created_at DESC LIMIT 1")
        .fetch_one(db.pool())
        .await
        .unwrap();
    let esia = test_client(&s);
    let tokens = esia.refresh(&refresh, app::db::now()).await.expect("refresh");
    assert_eq!(tokens.oid, "1000004");
    assert!(tokens.refresh_token.is_some());
    let err = esia.refresh(&refresh, app::db::now()).await.unwrap_err();
    assert_eq!(err.code(), Some("ESIA-007011"), "{err}");
    // Person data with the refreshed token, as the client reads it.
    let person = esia.person(&tokens).await.unwrap();
    assert_eq!((person.surname.as_str(), person.level), ("Зайцев", app::esia::types::Level::Simplified));
}

/// An ESIA client like the server's, from the sandbox's files.
fn test_client(s: &EsiaServer) -> app::esia::client::EsiaClient {
    use app::esia::crypto::{load_certificate, GostSigner};
    let dir = s.data_dir.join("esia-sandbox");
    app::esia::client::EsiaClient {
        base_url: s.sandbox.clone(),
        browser_base_url: s.sandbox.clone(),
        client_id: "PARTA".into(),
        redirect_uri: s.url("/esia/callback"),
        issuer: format!("{}/", s.sandbox),
        signer: std::sync::Arc::new(GostSigner::from_files(&dir.join("client.key"), &dir.join("client.crt")).unwrap()),
        esia_cert: load_certificate(&dir.join("esia.crt")).unwrap(),
        http: reqwest::Client::new(),
    }
}

mod sqlite {
    #[tokio::test]
    async fn every_scenario_and_linking() {
        super::every_scenario_and_linking(super::Backend::Sqlite).await
    }
    #[tokio::test]
    async fn the_sandbox_refuses_bad_requests_and_broken_answers_sign_nobody_in() {
        super::the_sandbox_refuses_bad_requests_and_broken_answers_sign_nobody_in(super::Backend::Sqlite).await
    }
}

mod postgres {
    #[tokio::test]
    async fn every_scenario_and_linking() {
        super::every_scenario_and_linking(super::Backend::Postgres).await
    }
    #[tokio::test]
    async fn the_sandbox_refuses_bad_requests_and_broken_answers_sign_nobody_in() {
        super::the_sandbox_refuses_bad_requests_and_broken_answers_sign_nobody_in(super::Backend::Postgres).await
    }
}
