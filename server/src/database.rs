//! Opening the database chosen by the URL and applying that backend's migrations.

use app::db::{Backend, Db};

pub async fn open(url: &str, max_connections: u32) -> Result<Db, sqlx::Error> {
    if let Some(path) = sqlite_file(url) {
        if let Some(dir) = std::path::Path::new(&path).parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
            }
        }
    }
    let db = Db::connect(url, max_connections).await?;
    migrate(&db).await?;
    Ok(db)
}

pub async fn migrate(db: &Db) -> Result<(), sqlx::Error> {
    let migrator = match db.backend() {
        Backend::Sqlite => sqlx::migrate!("./migrations/sqlite"),
        Backend::Postgres => sqlx::migrate!("./migrations/postgres"),
    };
    migrator.run(db.pool()).await.map_err(|e| sqlx::Error::Migrate(Box::new(e)))
}

/// The file path of a `sqlite://path?…` URL, to create its directory.
fn sqlite_file(url: &str) -> Option<String> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then(|| path.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_the_sqlite_file() {
        assert_eq!(super::sqlite_file("sqlite://data/parta.db?mode=rwc").as_deref(), Some("data/parta.db"));
        assert_eq!(super::sqlite_file("sqlite::memory:"), None);
        assert_eq!(super::sqlite_file("postgres://x"), None);
    }
}
