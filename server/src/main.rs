//! `parta`: the Parta server.
//!
//! - `parta` / `parta serve`: migrate, (with `PARTA_DEMO=1`, seed the demo school into an empty
//!   database), then serve on `PARTA_BIND`.
//! - `parta demo [--schools N] [--regions M]`: seed the demo school, or a scale dataset, and exit.
//! - `parta migrate`: apply migrations and exit.

mod config;
mod database;
mod demo;
mod host;
mod metrics;
mod outbox;

use config::Config;
use std::process::ExitCode;

enum Command {
    Serve,
    Migrate,
    Demo(demo::Scale),
}

fn parse_args(args: &[String]) -> Result<Command, String> {
    match args.first().map(String::as_str) {
        None | Some("serve") if args.len() <= 1 => Ok(Command::Serve),
        Some("migrate") if args.len() == 1 => Ok(Command::Migrate),
        Some("demo") => demo::Scale::parse(&args[1..]).map(Command::Demo),
        Some("-h") | Some("--help") | Some("help") => Err(USAGE.into()),
        _ => Err(format!("unknown arguments: {}\n{USAGE}", args.join(" "))),
    }
}

const USAGE: &str = "usage: parta [serve] | parta migrate | parta demo [--schools N] [--regions M]";

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
    }
}

async fn serve(config: Config, db: app::db::Db, transports: outbox::Transports) -> Result<(), String> {
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
    let ctx = host::server_context(&config, db, secret_key);
    tokio::spawn(sweep_expired_sessions(ctx.db.clone()));
    tokio::spawn(outbox::run(ctx.db.clone(), transports));
    let live = ctx.live.clone();
    let app = host::router(&config, ctx);
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.bind))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
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
        assert!(matches!(parse_args(&args("demo --schools 3 --regions 2")), Ok(Command::Demo(_))));
        assert!(parse_args(&args("serve extra")).is_err());
        assert!(parse_args(&args("launch")).is_err());
    }

    #[test]
    fn passwords_never_reach_the_log() {
        assert_eq!(redact("postgres://parta:secret@localhost:5432/parta"), "postgres://parta:***@localhost:5432/parta");
        assert_eq!(redact("sqlite://data/parta.db"), "sqlite://data/parta.db");
    }
}
