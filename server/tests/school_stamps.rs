//! The school's structure stamp (migration 0014), black-box on both backends: every table is
//! either stamped by the database or named here as not part of what stamp-checked pages show,
//! so a new table cannot slip past the pages kept in memory; and a write of every kind (insert,
//! update, delete) to every stamped table raises the stamp of its school — including writes
//! made behind the application's back, as a fix by hand or another program would make them.

mod common;

use common::{server, Backend};

/// Tables whose rows no stamp-checked page (the journal grid) shows, each with the reason.
/// A new table goes either here or under a stamp trigger in a migration.
const NOT_STRUCTURE: &[(&str, &str)] = &[
    ("_sqlx_migrations", "the migrations' own bookkeeping"),
    ("school_stamps", "the stamps themselves"),
    ("regions", "read with the session on every request"),
    ("schools", "its name is read with the session on every request; a new school gets its stamp row by trigger"),
    ("accounts", "read with the session on every request"),
    ("sessions", "read on every request"),
    ("sign_in_failures", "sign-in throttling"),
    ("audit_log", "the admin's «Журнал изменений», read on its own page"),
    ("consents", "personal-data consents, not shown in the journal"),
    ("account_tokens", "e-mail confirmation and reset links"),
    ("outbox", "e-mail and SMS on their way"),
    ("captchas", "access recovery"),
    ("recovery_flows", "access recovery"),
    ("recovery_attempts", "access recovery"),
    ("imports", "people imports waiting for «Импортировать»"),
    ("parent_links", "parents: the diary's business, not the journal's"),
    ("rooms", "the timetable's, not the journal's"),
    ("bell_schedules", "the timetable's, not the journal's"),
    ("bells", "the timetable's, not the journal's"),
    ("timetable_entries", "the weekly template; the journal shows the dated lessons made from it"),
    ("timetable_revisions", "the timetable editor's own counter"),
    ("teacher_unavailability", "the timetable generator's"),
    ("holidays", "the journal shows the dated lessons, which a holiday removes"),
    ("calendar_feeds", "iCal subscriptions"),
    ("timetable_imports", "timetable imports waiting for «Импортировать»"),
    ("esia_links", "Gosuslugi sign-in"),
    ("esia_offers", "Gosuslugi sign-in"),
    ("esia_pending", "Gosuslugi sign-in"),
    ("esia_sessions", "Gosuslugi sign-in"),
    ("esia_states", "Gosuslugi sign-in"),
    ("journal_revisions", "the journal's own revision counter"),
    ("journal_cells", "checked by the grid's own newest revision, not the school's stamp"),
    ("final_marks", "checked by the grid's own newest revision, not the school's stamp"),
    ("journal_history", "read on demand, never kept"),
    ("absence_notices", "the parents' notification queue"),
    ("homework_files", "listed on the lesson page, never kept"),
];

async fn strings(db: &app::db::Db, sql: &'static str) -> Vec<String> {
    db.query_scalar::<String>(sql).fetch_all(db.pool()).await.unwrap()
}

async fn stamped_and_all(db: &app::db::Db, backend: Backend) -> (Vec<String>, Vec<String>) {
    match backend {
        Backend::Sqlite => (
            strings(db, "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%\\_stamp\\_update' ESCAPE '\\' ORDER BY 1").await,
            strings(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY 1").await,
        ),
        Backend::Postgres => (
            strings(
                db,
                "SELECT DISTINCT c.relname::TEXT FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid \
                 WHERE t.tgname LIKE '%\\_stamp' ESCAPE '\\' ORDER BY 1",
            )
            .await,
            strings(db, "SELECT tablename::TEXT FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1").await,
        ),
    }
}

async fn every_table_is_stamped_or_named(backend: Backend) {
    let db = server(backend).db().await;
    let (stamped, all) = stamped_and_all(&db, backend).await;
    assert!(stamped.len() >= 14, "the structure's tables carry stamp triggers: {stamped:?}");
    for table in &all {
        let named = NOT_STRUCTURE.iter().any(|(t, _)| t == table);
        let has_trigger = stamped.contains(table);
        assert!(
            named != has_trigger,
            "table {table}: {}",
            if named { "is stamped and also named as not structure" } else { "neither stamped nor named in NOT_STRUCTURE: decide whether the journal grid shows it" }
        );
    }
    for (table, _) in NOT_STRUCTURE {
        assert!(all.iter().any(|t| t == table), "NOT_STRUCTURE names {table}, which no longer exists");
    }
}

async fn stamp(db: &app::db::Db, school: i64) -> i64 {
    db.query_scalar("SELECT stamp FROM school_stamps WHERE school_id = $1").bind(school).fetch_one(db.pool()).await.unwrap()
}

/// Runs `sql` (binding the school) and checks that it raised the school's stamp.
async fn raises(db: &app::db::Db, school: i64, what: &str, sql: String) {
    let before = stamp(db, school).await;
    let done = sqlx::query(db.sql(Box::leak(sql.into_boxed_str()))).bind(school).execute(db.pool()).await.unwrap();
    assert!(done.rows_affected() > 0, "{what}: the statement changed nothing");
    assert!(stamp(db, school).await > before, "{what} did not raise the stamp");
}

async fn every_write_to_a_stamped_table_raises_the_stamp(backend: Backend) {
    let db = server(backend).db().await;
    let school: i64 = db.query_scalar("SELECT MIN(id) FROM schools").fetch_one(db.pool()).await.unwrap();
    let (stamped, _) = stamped_and_all(&db, backend).await;
    // Rows the demo does not make: the journal's settings (made on the first change of a
    // setting) and a lesson's topic.
    db.query(
        "INSERT INTO lesson_notes (lesson_id, school_id, topic, homework, changed_at) \
         SELECT MIN(id), $1, 'Проверка штампа', '', 0 FROM lessons WHERE school_id = $1 ON CONFLICT (lesson_id) DO NOTHING",
    )
    .bind(school)
    .execute(db.pool())
    .await
    .unwrap();
    db.query("INSERT INTO journal_settings (school_id, plus_minus) VALUES ($1, 0) ON CONFLICT (school_id) DO NOTHING").bind(school).execute(db.pool()).await.unwrap();
    for table in &stamped {
        raises(&db, school, &format!("an update of {table}"), format!("UPDATE {table} SET school_id = school_id WHERE school_id = $1")).await;
    }
    // Insert and delete, on a table of the structure with no rows depending on the new one.
    raises(&db, school, "a new subject", "INSERT INTO subjects (school_id, name, short_name) VALUES ($1, 'Проверка штампа', 'Пр')".into()).await;
    raises(&db, school, "a subject removed", "DELETE FROM subjects WHERE school_id = $1 AND name = 'Проверка штампа'".into()).await;
    // A new school gets its own stamp, which the first school's writes leave alone.
    let other: i64 = db
        .query_scalar(
            "INSERT INTO schools (region_id, name, short_name, inn, okpo, created_at) \
             SELECT region_id, 'Школа проверки штампа', 'Проверка', '0000000000', '00000000', 0 FROM schools WHERE id = $1 RETURNING id",
        )
        .bind(school)
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(stamp(&db, other).await, 1, "a new school starts with its stamp");
    raises(&db, other, "a subject in the new school", "INSERT INTO subjects (school_id, name, short_name) VALUES ($1, 'Проверка штампа', 'Пр')".into()).await;
    let before = stamp(&db, other).await;
    db.query("UPDATE classes SET school_id = school_id WHERE school_id = $1").bind(school).execute(db.pool()).await.unwrap();
    assert_eq!(stamp(&db, other).await, before, "a write in another school leaves the stamp alone");
}

/// A person's name shows wherever they hold a role: renaming them raises those schools' stamps.
async fn a_person_raises_every_school_they_hold_a_role_in(backend: Backend) {
    let db = server(backend).db().await;
    let (person, school): (i64, i64) = sqlx::query_as(db.sql("SELECT person_id, school_id FROM role_grants WHERE school_id IS NOT NULL ORDER BY id LIMIT 1"))
        .fetch_one(db.pool())
        .await
        .unwrap();
    // Kept by no school (as region staff are), the person still shows in the school of the role.
    let kept: Option<i64> = db.query_scalar("SELECT school_id FROM people WHERE id = $1").bind(person).fetch_one(db.pool()).await.unwrap();
    db.query("UPDATE people SET school_id = NULL WHERE id = $1").bind(person).execute(db.pool()).await.unwrap();
    let before = stamp(&db, school).await;
    db.query("UPDATE people SET patronymic = patronymic WHERE id = $1").bind(person).execute(db.pool()).await.unwrap();
    let after = stamp(&db, school).await;
    db.query("UPDATE people SET school_id = $1 WHERE id = $2").bind(kept).bind(person).execute(db.pool()).await.unwrap();
    assert!(after > before, "renaming a person raises the stamp of the school they hold a role in");
}

on_both_backends!(
    every_table_is_stamped_or_named,
    every_write_to_a_stamped_table_raises_the_stamp,
    a_person_raises_every_school_they_hold_a_role_in,
);
