//! Black-box harness: the real `parta` binary, seeded with the demo school, on a random port,
//! once per backend per test binary. PostgreSQL comes from `PARTA_TEST_POSTGRES_URL` (the test
//! command starts a throwaway cluster); each server gets a fresh database of its own.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

pub const PASSWORD: &str = "Parta-2026";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct Server {
    pub base: String,
    pub database_url: String,
    _child: Child,
}

static SQLITE: OnceLock<Server> = OnceLock::new();
static POSTGRES: OnceLock<Server> = OnceLock::new();

/// The shared server for a backend, started on first use.
pub fn server(backend: Backend) -> &'static Server {
    match backend {
        Backend::Sqlite => SQLITE.get_or_init(|| start(backend)),
        Backend::Postgres => POSTGRES.get_or_init(|| start(backend)),
    }
}

fn unique(tag: &str) -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    format!("{tag}_{}_{}", std::process::id(), nanos % 1_000_000_000)
}

pub fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("parta-it-{}", unique(tag)));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A fresh, empty database URL for the backend.
pub fn fresh_database(backend: Backend) -> String {
    match backend {
        Backend::Sqlite => format!("sqlite://{}/parta.db?mode=rwc", temp_dir("sqlite").display()),
        Backend::Postgres => {
            let admin = std::env::var("PARTA_TEST_POSTGRES_URL").expect(
                "PARTA_TEST_POSTGRES_URL is not set: run the tests through scripts/test.sh, which starts PostgreSQL",
            );
            let name = unique("parta_test");
            let out = Command::new("psql")
                .arg(&admin)
                .args(["-v", "ON_ERROR_STOP=1", "-q", "-c", &format!("CREATE DATABASE {name}")])
                .output()
                .expect("psql");
            assert!(out.status.success(), "CREATE DATABASE failed: {}", String::from_utf8_lossy(&out.stderr));
            let (base, _) = admin.rsplit_once('/').expect("database URL with a path");
            format!("{base}/{name}")
        }
    }
}

pub fn parta() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_parta"));
    cmd.env_remove("DATABASE_URL").env("RUST_LOG", "warn").env("LEPTOS_SITE_ROOT", "../target/site");
    cmd
}

/// The demo school on a fresh database of the backend, served.
fn start(backend: Backend) -> Server {
    start_with_env(&demo_database(backend), &[])
}

/// A fresh database of the backend with the demo school in it.
pub fn demo_database(backend: Backend) -> String {
    let database_url = fresh_database(backend);
    let seed = parta()
        .arg("demo")
        .env("PARTA_DATABASE_URL", &database_url)
        .env("PARTA_DATA_DIR", temp_dir("data"))
        .output()
        .expect("run parta demo");
    assert!(seed.status.success(), "parta demo failed: {}", String::from_utf8_lossy(&seed.stderr));
    database_url
}

impl Server {
    /// Ends the server as a crash would: SIGKILL, no shutdown of any kind.
    pub fn kill(&mut self) {
        self._child.kill().expect("SIGKILL parta serve");
        self._child.wait().expect("reap parta serve");
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A client that keeps cookies and never follows redirects (tests look at them).
    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
    }

    /// Calls the sign-in server function as the hydrated page does.
    pub async fn sign_in(&self, client: &reqwest::Client, login: &str, password: &str) -> reqwest::Response {
        client
            .post(self.url("/api/sign_in"))
            .header("Accept", "application/json")
            .form(&[("login", login), ("password", password)])
            .send()
            .await
            .unwrap()
    }

    /// A signed-in client, or a panic naming the login.
    pub async fn signed_in(&self, login: &str) -> reqwest::Client {
        let client = self.client();
        let res = self.sign_in(&client, login, PASSWORD).await;
        assert!(res.status().is_success() || res.status().is_redirection(), "sign-in as {login}: {}", res.status());
        client
    }

    pub async fn db(&self) -> app::db::Db {
        app::db::Db::connect(&self.database_url, 2).await.unwrap()
    }
}

/// Generates `mod sqlite { #[tokio::test] fn name() }` and `mod postgres { … }` from one body
/// taking `backend: Backend`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test] async fn $name() { super::$name($crate::common::Backend::Sqlite).await })*
        }
        mod postgres {
            $(#[tokio::test] async fn $name() { super::$name($crate::common::Backend::Postgres).await })*
        }
    };
}

/// A fresh database with the schema applied (`parta migrate`) and no data, for tests that
/// insert exactly the rows they need.
pub fn migrated_database(backend: Backend) -> String {
    let database_url = fresh_database(backend);
    let out = parta()
        .arg("migrate")
        .env("PARTA_DATABASE_URL", &database_url)
        .env("PARTA_DATA_DIR", temp_dir("data"))
        .output()
        .expect("run parta migrate");
    assert!(out.status.success(), "parta migrate failed: {}", String::from_utf8_lossy(&out.stderr));
    database_url
}

/// `parta serve` on an existing database, with outbound mail and SMS configured only by `envs`
/// (plus any other variables given there), returned once it listens. Dropping the server closes
/// its standard input, which stops it.
pub fn start_with_env(database_url: &str, envs: &[(&str, &str)]) -> Server {
    let mut cmd = parta();
    cmd.arg("serve")
        .env_remove("PARTA_SMTP_URL")
        .env_remove("PARTA_SMS_URL")
        .env_remove("PARTA_MAIL_FROM")
        .env("PARTA_DATABASE_URL", database_url)
        .env("PARTA_DATA_DIR", temp_dir("data"))
        .env("PARTA_BIND", "127.0.0.1:0")
        .env("PARTA_EXIT_ON_STDIN_EOF", "1");
    for (key, value) in envs {
        cmd.env(key, value);
    }
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn parta serve");
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let base = loop {
        let line = lines.next().expect("parta serve ended before listening").unwrap();
        if let Some(addr) = line.strip_prefix("Parta listening on ") {
            break addr.trim().to_string();
        }
    };
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server { base, database_url: database_url.to_string(), _child: child }
}

// Talking to the server the way its pages do.

/// Posts a form the way a browser without JavaScript does; returns status and Location.
pub async fn post(client: &reqwest::Client, url: String, form: &[(&str, &str)]) -> (u16, String) {
    let res = client.post(url).header("Accept", "text/html").form(form).send().await.unwrap();
    let location = res.headers().get("location").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    (res.status().as_u16(), location)
}

/// Calls a server function as a page does; it must succeed.
pub async fn ok(c: &reqwest::Client, s: &Server, endpoint: &str, form: &[(&str, &str)]) {
    let res = c.post(s.url(&format!("/api/{endpoint}"))).header("Accept", "application/json").form(form).send().await.unwrap();
    let status = res.status();
    assert!(status.is_success(), "{endpoint}: {status} {}", res.text().await.unwrap());
}

/// Posts as the hydrated page does and decodes the refusal.
pub async fn refused(client: &reqwest::Client, url: String, form: &[(&str, &str)]) -> app::error::AppError {
    let res = client.post(url).header("Accept", "application/json").form(form).send().await.unwrap();
    let status = res.status().as_u16();
    let err: app::error::AppError = serde_json::from_str(&res.text().await.unwrap()).expect("an AppError");
    assert_eq!(status, err.http_status());
    err
}

pub fn invalid(field: &str, msg: app::i18n::Msg) -> impl Fn(&app::error::AppError) -> bool + '_ {
    move |e| matches!(e, app::error::AppError::Invalid { field: f, msg: m, .. } if f == field && *m == msg)
}

pub async fn get(client: &reqwest::Client, url: String) -> (u16, String, String) {
    let res = client.get(url).header("Accept", "text/html").send().await.unwrap();
    let status = res.status().as_u16();
    let location = res.headers().get("location").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    (status, location, res.text().await.unwrap())
}

// The demo school's journal, as several test binaries need it.

/// The person behind a login.
pub async fn person(db: &app::db::Db, login: &str) -> i64 {
    db.query_scalar("SELECT person_id FROM accounts WHERE login = $1").bind(login.to_string()).fetch_one(db.pool()).await.unwrap()
}

/// The demo teacher's first journal of a whole class: class and subject.
pub async fn uchitel_journal(db: &app::db::Db) -> (i64, i64) {
    let me = person(db, "uchitel").await;
    sqlx::query_as(db.sql("SELECT class_id, subject_id FROM teaching_assignments WHERE teacher_id = $1 AND subgroup_id IS NULL ORDER BY class_id LIMIT 1"))
        .bind(me)
        .fetch_one(db.pool())
        .await
        .unwrap()
}

/// A journal's grid data as its server function answers (`period` 0: the one under way).
pub async fn grid_data(client: &reqwest::Client, srv: &Server, class: i64, subject: i64, period: i64) -> app::journal::grid::types::GridData {
    let res = client
        .post(srv.url("/api/journal_grid"))
        .header("Accept", "application/json")
        .form(&[("class_id", class), ("subject_id", subject), ("period_id", period)])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "journal_grid: {}", res.status());
    res.json().await.unwrap()
}
