//! Server side of the import: storing a checked file, the database checks, and running it in
//! one transaction in the background with its progress.

use super::*;
use crate::accounts::types::{Me, RoleKind};
use crate::accounts::{password, snils};
use crate::audit;
use crate::context::ServerContext;
use crate::db::{now, Row};
use crate::people::logins::temporary_password;
use crate::people::server::{check_against_school, class_options, insert_person, invite, NewPerson};
use crate::people::validate;
use crate::policy::{authorize, Action, Scope};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use crate::people::api::guard::today;

/// Rows done of a running import, kept by the process that runs it (the database only learns
/// the outcome, since the one transaction holds every row until the end).
fn progress() -> &'static Mutex<HashMap<i64, i64>> {
    static PROGRESS: OnceLock<Mutex<HashMap<i64, i64>>> = OnceLock::new();
    PROGRESS.get_or_init(Default::default)
}

/// Reads and checks the upload and stores the outcome; the id of the stored check, or the
/// reason the whole file cannot be used. The caller is the host's upload handler.
pub async fn upload(ctx: &ServerContext, me: Option<Me>, file_name: &str, bytes: &[u8]) -> Result<Result<i64, Msg>, AppError> {
    let me = me.ok_or(AppError::Unauthorized)?;
    let school_id = me.active.school_id.ok_or(AppError::Forbidden)?;
    authorize(ctx, &me, Action::ManageSchool, Scope::School { school_id }).await?;
    let table = match read::table(file_name, bytes) {
        Ok(table) => table,
        Err(msg) => return Ok(Err(msg)),
    };
    let classes = class_options(ctx, school_id).await?;
    let (mut rows, mut errors) = match check::check_table(&table, &classes, today()) {
        Ok(checked) => checked,
        Err(msg) => return Ok(Err(msg)),
    };
    database_checks(ctx, school_id, &mut rows, &mut errors).await?;
    errors.sort_by_key(|e| e.line);
    let status = if errors.is_empty() { ImportStatus::Preview } else { ImportStatus::Invalid };
    let name: String = file_name.chars().filter(|c| !c.is_control()).take(200).collect();
    let id: i64 = ctx
        .db
        .query_scalar(
            "INSERT INTO imports (school_id, created_by, file_name, status, total_rows, rows_json, errors_json, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(school_id)
        .bind(me.person_id)
        .bind(name)
        .bind(status.code())
        .bind(rows.len() as i64)
        .bind(serde_json::to_string(&rows).map_err(|e| AppError::internal("import rows", e))?)
        .bind(serde_json::to_string(&errors).map_err(|e| AppError::internal("import errors", e))?)
        .bind(now())
        .fetch_one(ctx.db.pool())
        .await?;
    Ok(Ok(id))
}

/// People already in Parta (SNILS anywhere, ФИО and birth date in the school), and children
/// named by SNILS: a pupil of the school (resolved to their id here) or a pupil row of the file.
async fn database_checks(ctx: &ServerContext, school_id: i64, rows: &mut [ImportRow], errors: &mut Vec<RowError>) -> Result<(), AppError> {
    let bad_lines: std::collections::HashSet<usize> = errors.iter().map(|e| e.line).collect();
    let file_pupils: Vec<String> = rows.iter().filter(|r| r.fields.role == "pupil").filter_map(|r| snils::parse(&r.fields.snils).ok()).collect();
    let mut conn = ctx.db.acquire().await?;
    for row in rows.iter_mut() {
        if bad_lines.contains(&row.line) {
            continue;
        }
        let Ok(valid) = validate::check(&row.fields, today()) else { continue };
        for (field, msg) in check_against_school(&mut conn, &ctx.db, school_id, &valid, 0).await? {
            let column = match field {
                "snils" => COLUMNS[5].0,
                "class_id" => COLUMNS[9].0,
                _ => COLUMNS[0].0,
            };
            errors.push(RowError { line: row.line, column: column.into(), message: msg });
        }
        for child in row.children.iter_mut() {
            let ChildRef::Snils(number) = child else { continue };
            let digits = snils::parse(number).unwrap_or_default();
            let in_school: Option<i64> = ctx
                .db
                .query_scalar(
                    "SELECT p.id FROM people p JOIN role_grants g ON g.person_id = p.id \
                     WHERE p.snils = $1 AND g.school_id = $2 AND g.role = 'pupil'",
                )
                .bind(digits.clone())
                .bind(school_id)
                .fetch_optional(&mut *conn)
                .await?;
            match in_school {
                Some(id) => *child = ChildRef::Person(id),
                None if file_pupils.contains(&digits) => {}
                None => errors.push(RowError { line: row.line, column: COLUMNS[10].0.into(), message: Msg::ImportChildNotFound }),
            }
        }
    }
    Ok(())
}

pub async fn view(ctx: &ServerContext, school_id: i64, id: i64) -> Result<ImportView, AppError> {
    let r = ctx
        .db
        .query(
            "SELECT file_name, status, total_rows, done_rows, rows_json, errors_json, failure \
             FROM imports WHERE id = $1 AND school_id = $2",
        )
        .bind(id)
        .bind(school_id)
        .fetch_optional(ctx.db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    let status = ImportStatus::from_code(&r.try_get::<String, _>("status")?);
    let rows: Vec<ImportRow> = serde_json::from_str(&r.try_get::<String, _>("rows_json")?).map_err(|e| AppError::internal("import rows", e))?;
    let errors: Vec<RowError> = serde_json::from_str(&r.try_get::<String, _>("errors_json")?).map_err(|e| AppError::internal("import errors", e))?;
    let mut done: i64 = r.try_get("done_rows")?;
    if status == ImportStatus::Running {
        done = progress().lock().ok().and_then(|p| p.get(&id).copied()).unwrap_or(done).max(done);
    }
    let classes = class_options(ctx, school_id).await?;
    let preview = rows
        .iter()
        .take(PREVIEW_ROWS)
        .map(|row| PreviewRow {
            line: row.line,
            full_name: crate::school::types::full_name(&row.fields.surname, &row.fields.name, &row.fields.patronymic),
            role: row.fields.role.clone(),
            class_name: classes.iter().find(|c| c.id.to_string() == row.fields.class_id).map(|c| c.name.clone()).unwrap_or_default(),
            birth_date: row.fields.birth_date.clone(),
        })
        .collect();
    let mut lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
    lines.dedup();
    Ok(ImportView {
        id,
        file_name: r.try_get("file_name")?,
        status,
        total: r.try_get("total_rows")?,
        done,
        bad_rows: lines.len() as i64,
        errors,
        preview,
        failure: r.try_get("failure")?,
    })
}

/// Claims a checked file (only once, only without errors) and runs it in the background.
pub async fn start(ctx: &ServerContext, me: &Me, school_id: i64, id: i64) -> Result<(), AppError> {
    let claimed = ctx
        .db
        .query("UPDATE imports SET status = 'running' WHERE id = $1 AND school_id = $2 AND status = 'preview'")
        .bind(id)
        .bind(school_id)
        .execute(ctx.db.pool())
        .await?
        .rows_affected();
    if claimed == 0 {
        return Err(AppError::invalid("import", Msg::ImportNotReady));
    }
    if let Ok(mut p) = progress().lock() {
        p.insert(id, 0);
    }
    let (ctx, me) = (ctx.clone(), me.clone());
    tokio::spawn(async move {
        let outcome = run(&ctx, &me, school_id, id).await;
        let (status, failure, done) = match &outcome {
            Ok(count) => ("done", None, *count),
            Err(message) => ("failed", Some(message.clone()), 0),
        };
        let finished = ctx
            .db
            .query("UPDATE imports SET status = $1, failure = $2, done_rows = $3, finished_at = $4 WHERE id = $5")
            .bind(status)
            .bind(failure)
            .bind(done)
            .bind(now())
            .bind(id)
            .execute(ctx.db.pool())
            .await;
        if let Err(e) = finished {
            tracing::error!(import = id, error = %e, "could not record the import's outcome");
        }
        // The entry stays (one number per import): a page that read «running» just before the
        // outcome was written must still find the count, not fall back to zero.
    });
    Ok(())
}

/// Every row in one transaction: people, accounts, roles, class places, then the parents'
/// invitations. Any refusal rolls everything back and says which row.
async fn run(ctx: &ServerContext, me: &Me, school_id: i64, id: i64) -> Result<i64, String> {
    let rows_json: String = ctx
        .db
        .query_scalar("SELECT rows_json FROM imports WHERE id = $1")
        .bind(id)
        .fetch_one(ctx.db.pool())
        .await
        .map_err(|e| e.to_string())?;
    let rows: Vec<ImportRow> = serde_json::from_str(&rows_json).map_err(|e| e.to_string())?;
    let internal = |e: AppError| format!("{e}");
    // The passwords are made and hashed before the transaction: on SQLite it holds the one write
    // lock, and every sign-in of the school waits for it.
    let mut credentials = Vec::with_capacity(rows.len());
    for _ in &rows {
        let temporary = temporary_password();
        let hash = password::hash_generated(temporary.clone()).await.map_err(internal)?;
        credentials.push((temporary, hash));
    }
    let mut tx = ctx.db.begin().await.map_err(|e| e.to_string())?;
    let mut by_line: HashMap<usize, i64> = HashMap::new();
    let mut by_snils: HashMap<String, i64> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        let valid = validate::check(&row.fields, today()).map_err(|_| format!("{} {}", Msg::ImportRowLabel.text(crate::i18n::Lang::Ru), row.line))?;
        let (temporary, hash) = &credentials[i];
        let inserted = insert_person(&mut tx, ctx, me, school_id, NewPerson { person: &valid, child_id: None }, temporary, hash).await.map_err(internal)?;
        match inserted {
            Ok((person_id, _)) => {
                by_line.insert(row.line, person_id);
                if let (RoleKind::Pupil, Some(s)) = (valid.role, valid.snils.clone()) {
                    by_snils.insert(s, person_id);
                }
            }
            Err(problems) => {
                let lang = crate::i18n::Lang::Ru;
                let what = problems.iter().map(|(_, m)| m.text(lang)).collect::<Vec<_>>().join(" ");
                return Err(format!("{} {}: {what}", Msg::ImportRowLabel.text(lang), row.line));
            }
        }
        if let Ok(mut p) = progress().lock() {
            p.insert(id, i as i64 + 1);
        }
    }
    for row in &rows {
        let Some(parent_id) = by_line.get(&row.line).copied() else { continue };
        for child in &row.children {
            let child_id = match child {
                ChildRef::Line(line) => by_line.get(line).copied(),
                ChildRef::Person(person) => Some(*person),
                ChildRef::Snils(number) => snils::parse(number).ok().and_then(|s| by_snils.get(&s).copied()),
            };
            let Some(child_id) = child_id else { return Err(format!("{} {}: {}", Msg::ImportRowLabel.text(crate::i18n::Lang::Ru), row.line, Msg::ImportChildNotFound.text(crate::i18n::Lang::Ru))) };
            invite(&mut tx, ctx, me, school_id, child_id, parent_id).await.map_err(internal)?;
        }
    }
    let file_name: String = ctx.db.query_scalar("SELECT file_name FROM imports WHERE id = $1").bind(id).fetch_one(&mut *tx).await.map_err(|e| e.to_string())?;
    audit::record(
        &mut tx,
        &ctx.db,
        audit::Entry {
            school_id: Some(school_id),
            actor: Some(me.person_id),
            action: "people.import",
            entity: "import",
            entity_id: Some(id),
            before: None,
            after: Some(serde_json::json!({ "file": file_name, "people": rows.len() })),
        },
    )
    .await
    .map_err(internal)?;
    tx.commit().await.map_err(|e| e.to_string())?;
    Ok(rows.len() as i64)
}
