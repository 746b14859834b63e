//! All configuration in one typed place, from environment variables. A missing or bad value is
//! one clear line naming the variable, never a panic trace.

use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Clone, Debug)]
pub struct Config {
    /// `PARTA_DATA_DIR` (default `./data`): the SQLite file and generated secrets live here.
    pub data_dir: PathBuf,
    /// `PARTA_DATABASE_URL` or `DATABASE_URL` (default: SQLite file in the data directory).
    pub database_url: String,
    /// `PARTA_DB_MAX_CONNECTIONS` (default 16).
    pub db_max_connections: u32,
    /// `PARTA_BIND` (default `LEPTOS_SITE_ADDR`, else `127.0.0.1:3000`); port 0 picks a free one.
    pub bind: SocketAddr,
    /// `PARTA_PUBLIC_URL` (default `http://<bind>`): links in mail, cookie security.
    pub public_url: String,
    /// `PARTA_SESSION_TTL_HOURS` (default 336, two weeks: pupils stay signed in on their phones).
    pub session_ttl_hours: i64,
    /// `PARTA_SECRET_KEY` (default: generated once into `<data_dir>/secret.key`).
    pub secret_key: Option<String>,
    /// `PARTA_SMTP_URL`, e.g. `smtp://user:pass@host:25` or `smtps://…`; unset keeps mail in the outbox.
    pub smtp_url: Option<String>,
    /// `PARTA_MAIL_FROM` (default `Парта <no-reply@localhost>`).
    pub mail_from: String,
    /// `PARTA_SMS_URL`: the HTTP SMS gateway endpoint; unset keeps SMS in the outbox.
    pub sms_url: Option<String>,
    /// `PARTA_LOG_FORMAT`: `text` (default) or `json`.
    pub log_json: bool,
    /// `PARTA_DEMO=1`: seed the demo school on start when the database is empty.
    pub demo_on_empty: bool,
    /// `LEPTOS_SITE_ROOT` (default `target/site`): compiled WASM, CSS and public files.
    pub site_root: String,
    /// `PARTA_EXIT_ON_STDIN_EOF=1`: stop when standard input closes (test harnesses).
    pub exit_on_stdin_eof: bool,
    // Gosuslugi (ESIA) sign-in
    pub esia: EsiaConfig,
}

/// Gosuslugi (ESIA) sign-in. Either a real ESIA (`PARTA_ESIA_URL` with the client's GOST key and
/// certificate and ESIA's certificate), or the bundled sandbox started next to the server
/// (`PARTA_ESIA_SANDBOX=127.0.0.1:PORT`), which makes its own test keys. Neither: no Gosuslugi.
#[derive(Clone, Debug, Default)]
pub struct EsiaConfig {
    /// `PARTA_ESIA_SANDBOX`: start the sandbox on this loopback address.
    pub sandbox: Option<SocketAddr>,
    /// `PARTA_ESIA_URL`, e.g. `https://esia.gosuslugi.ru`.
    pub url: Option<String>,
    /// `PARTA_ESIA_CLIENT_ID` (the system's mnemonic; default `PARTA`).
    pub client_id: String,
    /// `PARTA_ESIA_KEY`, `PARTA_ESIA_CERT`: the client's GOST R 34.10-2012 key and certificate (PEM).
    pub key: Option<PathBuf>,
    pub cert: Option<PathBuf>,
    /// `PARTA_ESIA_SERVER_CERT`: ESIA's certificate, which signs its tokens (PEM).
    pub server_cert: Option<PathBuf>,
    /// `PARTA_ESIA_ISSUER`: the `iss` of ESIA's tokens (default `<PARTA_ESIA_URL>/`).
    pub issuer: Option<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("configuration error: {var}: {problem}")]
pub struct ConfigError {
    pub var: &'static str,
    pub problem: String,
}

impl Config {
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|k| std::env::var(k).ok())
    }

    /// Reads configuration through `get`, so tests need not touch the process environment.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let non_empty = |k: &str| get(k).filter(|v| !v.trim().is_empty());
        let data_dir = PathBuf::from(non_empty("PARTA_DATA_DIR").unwrap_or_else(|| "data".into()));
        let database_url = match non_empty("PARTA_DATABASE_URL").or_else(|| non_empty("DATABASE_URL")) {
            Some(url) => {
                if app::db::Backend::from_url(&url).is_none() {
                    return Err(ConfigError {
                        var: "PARTA_DATABASE_URL",
                        problem: "must start with sqlite: or postgres://".into(),
                    });
                }
                url
            }
            None => format!("sqlite://{}/parta.db?mode=rwc", data_dir.display()),
        };
        let bind_text = non_empty("PARTA_BIND")
            .or_else(|| non_empty("LEPTOS_SITE_ADDR"))
            .unwrap_or_else(|| "127.0.0.1:3000".into());
        let bind: SocketAddr = bind_text.parse().map_err(|_| ConfigError {
            var: "PARTA_BIND",
            problem: format!("'{bind_text}' is not an address like 127.0.0.1:3000"),
        })?;
        let public_url = non_empty("PARTA_PUBLIC_URL")
            .unwrap_or_else(|| format!("http://{bind}"))
            .trim_end_matches('/')
            .to_string();
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(ConfigError { var: "PARTA_PUBLIC_URL", problem: "must start with http:// or https://".into() });
        }
        let db_max_connections = parse_number(non_empty("PARTA_DB_MAX_CONNECTIONS"), "PARTA_DB_MAX_CONNECTIONS", 16, 1, 1000)? as u32;
        let session_ttl_hours = parse_number(non_empty("PARTA_SESSION_TTL_HOURS"), "PARTA_SESSION_TTL_HOURS", 336, 1, 24 * 365)?;
        let smtp_url = non_empty("PARTA_SMTP_URL");
        if let Some(url) = &smtp_url {
            if !(url.starts_with("smtp://") || url.starts_with("smtps://")) {
                return Err(ConfigError { var: "PARTA_SMTP_URL", problem: "must start with smtp:// or smtps://".into() });
            }
        }
        let sms_url = non_empty("PARTA_SMS_URL");
        if let Some(url) = &sms_url {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                return Err(ConfigError { var: "PARTA_SMS_URL", problem: "must start with http:// or https://".into() });
            }
        }
        let log_json = match non_empty("PARTA_LOG_FORMAT").as_deref() {
            None | Some("text") => false,
            Some("json") => true,
            Some(other) => {
                return Err(ConfigError { var: "PARTA_LOG_FORMAT", problem: format!("'{other}' is neither text nor json") })
            }
        };
        let demo_on_empty = match non_empty("PARTA_DEMO").as_deref() {
            None | Some("0") | Some("false") => false,
            Some("1") | Some("true") => true,
            Some(other) => return Err(ConfigError { var: "PARTA_DEMO", problem: format!("'{other}' is neither 1 nor 0") }),
        };
        Ok(Config {
            data_dir,
            database_url,
            db_max_connections,
            bind,
            public_url,
            session_ttl_hours,
            secret_key: non_empty("PARTA_SECRET_KEY"),
            smtp_url,
            mail_from: non_empty("PARTA_MAIL_FROM").unwrap_or_else(|| "Парта <no-reply@localhost>".into()),
            sms_url,
            log_json,
            demo_on_empty,
            site_root: non_empty("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()),
            exit_on_stdin_eof: non_empty("PARTA_EXIT_ON_STDIN_EOF").as_deref() == Some("1"),
            esia: esia_config(&non_empty)?,
        })
    }

    /// The key that signs tokens in links: `PARTA_SECRET_KEY`, else `<data_dir>/secret.key`,
    /// created once with 32 random bytes (readable by the owner only).
    pub fn load_or_create_secret(&self) -> Result<String, String> {
        if let Some(key) = &self.secret_key {
            return Ok(key.clone());
        }
        let path = self.data_dir.join("secret.key");
        if let Ok(key) = std::fs::read_to_string(&path) {
            if !key.trim().is_empty() {
                return Ok(key.trim().to_string());
            }
        }
        let mut bytes = [0u8; 32];
        use std::io::Read;
        std::fs::File::open("/dev/urandom")
            .and_then(|mut f| f.read_exact(&mut bytes))
            .map_err(|e| format!("cannot read random bytes for the secret key: {e}"))?;
        let key: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        std::fs::create_dir_all(&self.data_dir).map_err(|e| format!("cannot create {}: {e}", self.data_dir.display()))?;
        write_private(&path, &key).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        Ok(key)
    }

    /// Where outbound mail and SMS go, for the start-up log line.
    pub fn outbound_summary(&self) -> String {
        let mail = match &self.smtp_url {
            Some(url) => format!("SMTP {} as {}", url.split('@').next_back().unwrap_or(url), self.mail_from),
            None => "kept in the outbox".into(),
        };
        let sms = match &self.sms_url {
            Some(url) => format!("gateway {url}"),
            None => "kept in the outbox".into(),
        };
        format!("mail: {mail}; SMS: {sms}")
    }

    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

#[cfg(unix)]
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?.write_all(text.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

fn esia_config(non_empty: &dyn Fn(&str) -> Option<String>) -> Result<EsiaConfig, ConfigError> {
    let sandbox = match non_empty("PARTA_ESIA_SANDBOX") {
        None => None,
        Some(text) => match text.parse::<SocketAddr>() {
            Ok(addr) if addr.ip().is_loopback() => Some(addr),
            _ => return Err(ConfigError { var: "PARTA_ESIA_SANDBOX", problem: format!("'{text}' is not a loopback address like 127.0.0.1:3100") }),
        },
    };
    let url = non_empty("PARTA_ESIA_URL").map(|u| u.trim_end_matches('/').to_string());
    if let Some(u) = &url {
        if !(u.starts_with("https://") || u.starts_with("http://")) {
            return Err(ConfigError { var: "PARTA_ESIA_URL", problem: "must start with https:// or http://".into() });
        }
    }
    let key = non_empty("PARTA_ESIA_KEY").map(PathBuf::from);
    let cert = non_empty("PARTA_ESIA_CERT").map(PathBuf::from);
    let server_cert = non_empty("PARTA_ESIA_SERVER_CERT").map(PathBuf::from);
    if url.is_some() && sandbox.is_none() {
        for (var, value) in [("PARTA_ESIA_KEY", &key), ("PARTA_ESIA_CERT", &cert), ("PARTA_ESIA_SERVER_CERT", &server_cert)] {
            if value.is_none() {
                return Err(ConfigError { var, problem: "is needed with PARTA_ESIA_URL".into() });
            }
        }
    }
    Ok(EsiaConfig {
        sandbox,
        url,
        client_id: non_empty("PARTA_ESIA_CLIENT_ID").unwrap_or_else(|| "PARTA".into()),
        key,
        cert,
        server_cert,
        issuer: non_empty("PARTA_ESIA_ISSUER"),
    })
}

fn parse_number(value: Option<String>, var: &'static str, default: i64, min: i64, max: i64) -> Result<i64, ConfigError> {
    match value {
        None => Ok(default),
        Some(text) => match text.trim().parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(ConfigError { var, problem: format!("'{text}' is not a whole number from {min} to {max}") }),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let env: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|k| env.get(k).cloned())
    }

    #[test]
    fn defaults_to_sqlite_in_the_data_dir_on_localhost() {
        let c = config(&[]).unwrap();
        assert_eq!(c.database_url, "sqlite://data/parta.db?mode=rwc");
        assert_eq!(c.bind.to_string(), "127.0.0.1:3000");
        assert_eq!(c.public_url, "http://127.0.0.1:3000");
        assert!(!c.secure_cookies());
        assert_eq!(c.session_ttl_hours, 336);
    }

    #[test]
    fn postgres_is_chosen_by_url() {
        let c = config(&[("DATABASE_URL", "postgres://parta@localhost/parta")]).unwrap();
        assert!(c.database_url.starts_with("postgres://"));
    }

    #[test]
    fn https_public_url_makes_cookies_secure() {
        assert!(config(&[("PARTA_PUBLIC_URL", "https://school.example/")]).unwrap().secure_cookies());
    }

    #[test]
    fn the_secret_key_is_made_once_and_kept() {
        let dir = std::env::temp_dir().join(format!("parta-secret-{}", std::process::id()));
        let dir_text = dir.display().to_string();
        let c = config(&[("PARTA_DATA_DIR", dir_text.as_str())]).unwrap();
        let first = c.load_or_create_secret().unwrap();
        assert_eq!(first.len(), 64);
        assert_eq!(c.load_or_create_secret().unwrap(), first);
        let given = config(&[("PARTA_SECRET_KEY", "from-env")]).unwrap();
        assert_eq!(given.load_or_create_secret().unwrap(), "from-env");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn the_outbound_summary_hides_credentials() {
        let c = config(&[("PARTA_SMTP_URL", "smtp://user:pw@mail.example:25")]).unwrap();
        let s = c.outbound_summary();
        assert!(s.contains("mail.example:25") && !s.contains("pw"), "{s}");
        assert!(config(&[]).unwrap().outbound_summary().contains("outbox"));
    }

    #[test]
    fn esia_needs_its_key_and_certificates() {
        assert!(config(&[]).unwrap().esia.url.is_none());
        let err = config(&[("PARTA_ESIA_URL", "https://esia.gosuslugi.ru")]).unwrap_err();
        assert_eq!(err.var, "PARTA_ESIA_KEY");
        let c = config(&[("PARTA_ESIA_SANDBOX", "127.0.0.1:3100")]).unwrap();
        assert_eq!(c.esia.sandbox.map(|a| a.port()), Some(3100));
        assert_eq!(c.esia.client_id, "PARTA");
    }

    #[test]
    fn each_bad_value_names_its_variable() {
        for (var, value) in [
            ("PARTA_DATABASE_URL", "mysql://x"),
            ("PARTA_BIND", "localhost"),
            ("PARTA_PUBLIC_URL", "school.example"),
            ("PARTA_DB_MAX_CONNECTIONS", "0"),
            ("PARTA_SESSION_TTL_HOURS", "many"),
            ("PARTA_SMTP_URL", "mail.example:25"),
            ("PARTA_SMS_URL", "sms.example"),
            ("PARTA_LOG_FORMAT", "xml"),
            ("PARTA_DEMO", "yes please"),
            ("PARTA_ESIA_SANDBOX", "0.0.0.0:3100"),
            ("PARTA_ESIA_URL", "esia.gosuslugi.ru"),
        ] {
            let err = config(&[(var, value)]).unwrap_err();
            assert_eq!(err.var, var, "{var}={value}");
            assert!(err.to_string().starts_with("configuration error: "), "{err}");
        }
    }
}
