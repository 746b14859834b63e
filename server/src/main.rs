//! `parta`: the Parta server.
//!
//! - `parta` / `parta serve`: migrate, (with `PARTA_DEMO=1`, seed the demo school into an empty
//!   database), then serve on `PARTA_BIND`.
//! - `parta demo [--schools N] [--regions M]`: seed the demo school, or a scale dataset, and exit.
//! - `parta migrate`: apply migrations and exit.
//! - `parta routes`: print the application's page routes, one a line (`/admin/people/:id`), for
//!   the benchmark's sweep of every page.
//! - `parta esia-sandbox --bind 127.0.0.1:PORT [--dir DIR]`: the ESIA sandbox alone.

mod config;
mod database;
mod demo;
mod esia_sandbox;
mod host;
mod metrics;
mod outbox;
mod security;

use config::Config;
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

enum Command {
    Serve,
    Migrate,
    Routes,
    Demo(demo::Scale),
    EsiaSandbox { bind: std::net::SocketAddr, dir: Option<std::path::PathBuf> },
}

fn parse_args(args: &[String]) -> Result<Command, String> {
    match args.first().map(String::as_str) {
        None | Some("serve") if args.len() <= 1 => Ok(Command::Serve),
        Some("migrate") if args.len() == 1 => Ok(Command::Migrate),
        Some("routes") if args.len() == 1 => Ok(Command::Routes),
        Some("demo") => demo::Scale::parse(&args[1..]).map(Command::Demo),
        Some("esia-sandbox") => parse_sandbox_args(&args[1..]),
        Some("-h") | Some("--help") | Some("help") => Err(USAGE.into()),
        _ => Err(format!("unknown arguments: {}\n{USAGE}", args.join(" "))),
    }
}

const USAGE: &str = "usage: parta [serve] | parta migrate | parta routes | parta demo [--schools N] [--regions M] | parta esia-sandbox --bind 127.0.0.1:PORT [--dir DIR]";

fn parse_sandbox_args(args: &[String]) -> Result<Command, String> {
    let mut bind = None;
    let mut dir = None;
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--bind" => bind = Some(value.parse::<std::net::SocketAddr>().ok().filter(|a| a.ip().is_loopback()).ok_or("--bind must be a loopback address like 127.0.0.1:3100")?),
            "--dir" => dir = Some(std::path::PathBuf::from(value)),
            other => return Err(format!("unknown esia-sandbox option {other}")),
        }
    }
    Ok(Command::EsiaSandbox { bind: bind.ok_or("esia-sandbox needs --bind 127.0.0.1:PORT")?, dir })
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match parse_args(&args) {
        Ok(c) => c,
        Err(message) => {
            eprintln!("parta: {message}");
            return ExitCode::from(2);
        }
    };
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("parta: {e}");
            return ExitCode::from(2);
        }
    };
    let transports = match outbox::Transports::from_config(&config) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("parta: {e}");
            return ExitCode::from(2);
        }
    };
    init_logging(&config);
    if let Command::Routes = command {
        for path in host::page_routes() {
            println!("{path}");
        }
        return ExitCode::SUCCESS;
    }
    if let Command::EsiaSandbox { bind, dir } = &command {
        let dir = dir.clone().unwrap_or_else(|| config.data_dir.join("esia-sandbox"));
        return match esia_sandbox::start(*bind, &dir).await {
            Ok((url, files)) => {
                println!("ESIA sandbox listening on {url}");
                println!("  ESIA certificate: {}", files.esia_cert.display());
                println!("  test client key and certificate: {}, {}", files.client_key.display(), files.client_cert.display());
                shutdown_signal(config.exit_on_stdin_eof).await;
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("parta: {message}");
                ExitCode::FAILURE
            }
        };
    }
    match run(command, config, transports).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("parta: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, config: Config, transports: outbox::Transports) -> Result<(), String> {
    let db = database::open(&config.database_url, config.db_max_connections)
        .await
        .map_err(|e| format!("cannot open the database {}: {e}", redact(&config.database_url)))?;
    match command {
        Command::Migrate => {
            println!("Parta: migrations applied to {}", redact(&config.database_url));
            Ok(())
        }
        Command::Demo(scale) => {
            let report = demo::seed(&db, &scale).await.map_err(|e| format!("demo data: {e}"))?;
            report.print();
            Ok(())
        }
        Command::Serve => serve(config, db, transports).await,
        Command::EsiaSandbox { .. } | Command::Routes => Ok(()),
    }
}

async fn serve(mut config: Config, db: app::db::Db, transports: outbox::Transports) -> Result<(), String> {
    if config.demo_on_empty {
        if demo::is_empty(&db).await.map_err(|e| format!("demo data: {e}"))? {
            let report = demo::seed(&db, &demo::Scale::single()).await.map_err(|e| format!("demo data: {e}"))?;
            report.print();
        } else {
            println!("Parta: the database already has data; demo logins: {}", demo::DEMO_LOGINS_HINT);
        }
    }
    let secret_key = config.load_or_create_secret()?;
    tracing::info!(data_dir = %config.data_dir.display(), outbound = %config.outbound_summary(), "configuration");
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.bind))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    // With `:0` and no PARTA_PUBLIC_URL the default address names the port actually chosen
    // (ESIA's redirect_uri and links in mail need it).
    if config.public_url == format!("http://{}", config.bind) {
        config.public_url = format!("http://{addr}");
    }
    setup_esia(&config).await?;
    let ctx = host::server_context(&config, db, secret_key);
    tokio::spawn(sweep_expired_sessions(ctx.db.clone()));
    tokio::spawn(app::db::report_long_transactions());
    tokio::spawn(outbox::run(ctx.db.clone(), transports));
    let live = ctx.live.clone();
    let app = host::router(&config, ctx);
    println!("Parta listening on http://{addr}");
    tracing::info!(%addr, database = %redact(&config.database_url), "listening");
    // The client address reaches server functions (rate limits of access recovery).
    axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(async move {
            shutdown_signal(config.exit_on_stdin_eof).await;
            // Open live streams end now; otherwise the shutdown would wait on every open screen.
            live.close();
        })
        .await
        .map_err(|e| format!("server error: {e}"))
}

/// Gosuslugi sign-in: the sandbox next to the server (`PARTA_ESIA_SANDBOX`), or a real ESIA
/// (`PARTA_ESIA_URL`), or none. The client is installed for the application's flow.
async fn setup_esia(config: &Config) -> Result<(), String> {
    use app::esia::{client, crypto, crypto::Signer};
    let e = &config.esia;
    let (base_url, key, cert, server_cert) = if let Some(bind) = e.sandbox {
        let dir = config.data_dir.join("esia-sandbox");
        let (url, files) = esia_sandbox::start(bind, &dir).await?;
        println!("ESIA sandbox listening on {url}");
        (url, files.client_key, files.client_cert, files.esia_cert)
    } else if let (Some(url), Some(key), Some(cert), Some(server_cert)) = (&e.url, &e.key, &e.cert, &e.server_cert) {
        (url.clone(), key.clone(), cert.clone(), server_cert.clone())
    } else {
        return Ok(());
    };
    let signer = crypto::GostSigner::from_files(&key, &cert).map_err(|err| format!("ESIA client key: {err}"))?;
    let esia_cert = crypto::load_certificate(&server_cert).map_err(|err| format!("ESIA certificate: {err}"))?;
    let http = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(15))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|err| format!("ESIA HTTP client: {err}"))?;
    tracing::info!(esia = %base_url, client_id = %e.client_id, certificate_hash = signer.certificate_hash(), "Gosuslugi sign-in configured");
    app::headers::allow_form_target(&base_url);
    client::install(client::EsiaClient {
        issuer: e.issuer.clone().unwrap_or_else(|| format!("{base_url}/")),
        browser_base_url: base_url.clone(),
        base_url,
        client_id: e.client_id.clone(),
        redirect_uri: format!("{}/esia/callback", config.public_url),
        signer: std::sync::Arc::new(signer),
        esia_cert,
        http,
    });
    Ok(())
}

/// Deletes expired sessions hourly, so the table stays the size of the signed-in population.
async fn sweep_expired_sessions(db: app::db::Db) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        tick.tick().await;
        if let Err(e) = db.query("DELETE FROM sessions WHERE expires_at <= $1").bind(app::db::now()).execute(db.pool()).await {
            tracing::warn!(error = %e, "session sweep failed");
        }
    }
}

/// Ctrl-C, SIGTERM, or (for test harnesses) the end of standard input: a server started by a
/// test process then ends with it, whatever way that process ends.
async fn shutdown_signal(exit_on_stdin_eof: bool) {
    let stdin_closed = async move {
        if exit_on_stdin_eof {
            use tokio::io::AsyncReadExt;
            let mut sink = Vec::new();
            let _ = tokio::io::stdin().read_to_end(&mut sink).await;
        } else {
            std::future::pending::<()>().await;
        }
    };
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {}, _ = stdin_closed => {} }
}

fn init_logging(config: &Config) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if config.log_json {
        builder.json().init();
    } else {
        builder.init();
    }
}

/// The URL without its password, for logs and messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}{}:***{}", &url[..scheme_end + 3], user, &url[at..])
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn parses_commands() {
        assert!(matches!(parse_args(&args("")), Ok(Command::Serve)));
        assert!(matches!(parse_args(&args("serve")), Ok(Command::Serve)));
        assert!(matches!(parse_args(&args("migrate")), Ok(Command::Migrate)));
        assert!(matches!(parse_args(&args("routes")), Ok(Command::Routes)));
        assert!(matches!(parse_args(&args("demo --schools 3 --regions 2")), Ok(Command::Demo(_))));
        assert!(parse_args(&args("serve extra")).is_err());
        assert!(parse_args(&args("launch")).is_err());
        assert!(matches!(parse_args(&args("esia-sandbox --bind 127.0.0.1:3100")), Ok(Command::EsiaSandbox { .. })));
        assert!(parse_args(&args("esia-sandbox --bind 0.0.0.0:3100")).is_err());
        assert!(parse_args(&args("esia-sandbox")).is_err());
    }

    #[test]
    fn passwords_never_reach_the_log() {
        assert_eq!(redact("postgres://parta:secret@localhost:5432/parta"), "postgres://parta:***@localhost:5432/parta");
        assert_eq!(redact("sqlite://data/parta.db"), "sqlite://data/parta.db");
    }
}
