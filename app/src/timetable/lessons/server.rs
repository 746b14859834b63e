//! Server-only: the dated lessons kept in step with the weekly template.
//!
//! The rule: lessons dated today or earlier never change; a future lesson is rewritten in place
//! (same id) when its template row changes, moved to the row's new date when the row moved to
//! another day, deleted when the row is gone, and a substituted lesson (`changed_at` set) is
//! the admin's decision for that date and is left alone. Functions take a connection, so the
//! caller's transaction (the editor's, the demo's, an import's) covers them.

use super::calendar::{format_date, parse_date, Period, YearCalendar};
use crate::db::Db;
use crate::timetable::types::WeekParity;
use chrono::NaiveDate;
use sqlx::AnyConnection;
use std::collections::{HashMap, HashSet};

/// A template row as the lessons need it.
#[derive(Clone, Debug)]
struct Entry {
    id: i64,
    year_id: i64,
    class_id: i64,
    subgroup_id: Option<i64>,
    subject_id: i64,
    teacher_id: i64,
    room_id: Option<i64>,
    weekday: i64,
    lesson_number: i64,
    parity: WeekParity,
    assignment_id: i64,
    grade: i64,
}

type EntryRow = (i64, i64, i64, Option<i64>, i64, i64, Option<i64>, i64, i64, String, i64, i64);

const ENTRY_COLUMNS: &str = "e.id, e.academic_year_id, e.class_id, e.subgroup_id, e.subject_id, e.teacher_id, e.room_id, \
     e.weekday, e.lesson_number, e.week_parity, e.teaching_assignment_id, c.grade";

impl From<EntryRow> for Entry {
    fn from(r: EntryRow) -> Self {
        Entry {
            id: r.0,
            year_id: r.1,
            class_id: r.2,
            subgroup_id: r.3,
            subject_id: r.4,
            teacher_id: r.5,
            room_id: r.6,
            weekday: r.7,
            lesson_number: r.8,
            parity: WeekParity::parse(&r.9).unwrap_or(WeekParity::All),
            assignment_id: r.10,
            grade: r.11,
        }
    }
}

/// A future lesson as it stands.
#[derive(Clone, Debug)]
struct Existing {
    id: i64,
    entry_id: Option<i64>,
    date: String,
    planned: Planned,
}

/// What a lesson repeats from its row (and its date's period).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Planned {
    period_id: i64,
    assignment_id: i64,
    lesson_number: i64,
    class_id: i64,
    subgroup_id: Option<i64>,
    subject_id: i64,
    teacher_id: i64,
    room_id: Option<i64>,
}

impl Entry {
    fn planned(&self, period_id: i64) -> Planned {
        Planned {
            period_id,
            assignment_id: self.assignment_id,
            lesson_number: self.lesson_number,
            class_id: self.class_id,
            subgroup_id: self.subgroup_id,
            subject_id: self.subject_id,
            teacher_id: self.teacher_id,
            room_id: self.room_id,
        }
    }
}

type ExistingRow = (i64, Option<i64>, String, i64, i64, i64, i64, Option<i64>, i64, i64, Option<i64>);

const EXISTING_COLUMNS: &str = "id, entry_id, lesson_date, reporting_period_id, teaching_assignment_id, lesson_number, class_id, \
     subgroup_id, subject_id, teacher_id, room_id";

impl From<ExistingRow> for Existing {
    fn from(r: ExistingRow) -> Self {
        Existing {
            id: r.0,
            entry_id: r.1,
            date: r.2,
            planned: Planned {
                period_id: r.3,
                assignment_id: r.4,
                lesson_number: r.5,
                class_id: r.6,
                subgroup_id: r.7,
                subject_id: r.8,
                teacher_id: r.9,
                room_id: r.10,
            },
        }
    }
}

/// How many lessons a sync wrote, for logs and tests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub inserted: usize,
    pub updated: usize,
    pub deleted: usize,
}

/// Makes the future dated lessons of these template rows match the rows as they now are: a
/// deleted row's future lessons go, a moved row's future lessons move (keeping their ids), a
/// changed row's future lessons change; lessons dated `today` ('YYYY-MM-DD') or earlier stay as
/// they are. For the timetable editor, inside its own transaction, after each change.
pub async fn sync_entries(
    conn: &mut sqlx::AnyConnection,
    db: &crate::db::Db,
    school_id: i64,
    entry_ids: &[i64],
    today: &str,
) -> Result<(), sqlx::Error> {
    sync_entries_counted(conn, db, school_id, entry_ids, today).await.map(|_| ())
}

/// `sync_entries`, telling what it wrote.
pub async fn sync_entries_counted(
    conn: &mut AnyConnection,
    db: &Db,
    school_id: i64,
    entry_ids: &[i64],
    today: &str,
) -> Result<SyncReport, sqlx::Error> {
    let today = checked_date(today)?;
    let mut entries = Vec::new();
    let mut existing = Vec::new();
    for &id in entry_ids.iter().collect::<HashSet<_>>() {
        let found: Option<EntryRow> = db
            .query_as(entry_sql_by_id())
            .bind(school_id)
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
        entries.extend(found.map(Entry::from));
        let rows: Vec<ExistingRow> = db
            .query_as(existing_sql_by_entry())
            .bind(id)
            .bind(format_date(today))
            .fetch_all(&mut *conn)
            .await?;
        existing.extend(rows.into_iter().map(Existing::from));
    }
    // A deleted row's lessons lost their entry_id to ON DELETE SET NULL: the school's future
    // orphans are found here and go (unless a row of this sync takes them over).
    existing.extend(orphans(conn, db, school_id, today).await?);
    reconcile(conn, db, school_id, entries, existing, today).await
}

/// (Re)generates a whole school year's future lessons from its template: after the demo seeds
/// it, after an import replaced the template. Past lessons stay; future ones keep their ids
/// where the same lesson is still wanted.
pub async fn regenerate_year(
    conn: &mut AnyConnection,
    db: &Db,
    school_id: i64,
    year_id: i64,
    today: &str,
) -> Result<SyncReport, sqlx::Error> {
    let today = checked_date(today)?;
    let rows: Vec<EntryRow> = db
        .query_as(entry_sql_by_year())
        .bind(school_id)
        .bind(year_id)
        .fetch_all(&mut *conn)
        .await?;
    let existing: Vec<ExistingRow> = db
        .query_as(
            "SELECT id, entry_id, lesson_date, reporting_period_id, teaching_assignment_id, lesson_number, class_id, \
             subgroup_id, subject_id, teacher_id, room_id FROM lessons \
             WHERE school_id = $1 AND academic_year_id = $2 AND lesson_date > $3 AND changed_at IS NULL",
        )
        .bind(school_id)
        .bind(year_id)
        .bind(format_date(today))
        .fetch_all(&mut *conn)
        .await?;
    let mut existing: Vec<Existing> = existing.into_iter().map(Existing::from).collect();
    let seen: HashSet<i64> = existing.iter().map(|e| e.id).collect();
    existing.extend(orphans(conn, db, school_id, today).await?.into_iter().filter(|o| !seen.contains(&o.id)));
    reconcile(conn, db, school_id, rows.into_iter().map(Entry::from).collect(), existing, today).await
}

/// The school's future lessons whose template row is gone (ON DELETE SET NULL).
async fn orphans(conn: &mut AnyConnection, db: &Db, school_id: i64, today: NaiveDate) -> Result<Vec<Existing>, sqlx::Error> {
    let rows: Vec<ExistingRow> = db.query_as(orphans_sql()).bind(school_id).bind(format_date(today)).fetch_all(&mut *conn).await?;
    Ok(rows.into_iter().map(Existing::from).collect())
}

/// Today in Moscow, as the dated lessons store dates: lessons up to it never change.
pub fn today() -> String {
    crate::timetable::lessons::calendar::format_date(crate::timetable::personal::server::moscow_now().0)
}

fn checked_date(s: &str) -> Result<NaiveDate, sqlx::Error> {
    parse_date(s).ok_or_else(|| sqlx::Error::Protocol(format!("not a date: {s:?}")))
}

fn entry_sql_by_id() -> &'static str {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SQL.get_or_init(|| {
        format!("SELECT {ENTRY_COLUMNS} FROM timetable_entries e JOIN classes c ON c.id = e.class_id WHERE e.school_id = $1 AND e.id = $2")
    })
}

fn entry_sql_by_year() -> &'static str {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SQL.get_or_init(|| {
        format!(
            "SELECT {ENTRY_COLUMNS} FROM timetable_entries e JOIN classes c ON c.id = e.class_id \
             WHERE e.school_id = $1 AND e.academic_year_id = $2 ORDER BY e.id"
        )
    })
}

fn existing_sql_by_entry() -> &'static str {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SQL.get_or_init(|| format!("SELECT {EXISTING_COLUMNS} FROM lessons WHERE entry_id = $1 AND lesson_date > $2 AND changed_at IS NULL"))
}

fn orphans_sql() -> &'static str {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SQL.get_or_init(|| {
        format!(
            "SELECT {EXISTING_COLUMNS} FROM lessons \
             WHERE school_id = $1 AND entry_id IS NULL AND lesson_date > $2 AND changed_at IS NULL \
               AND NOT EXISTS (SELECT 1 FROM journal_cells c WHERE c.lesson_id = lessons.id)"
        )
    })
}

/// A school year's calendar from the database.
pub async fn year_calendar(conn: &mut AnyConnection, db: &Db, year_id: i64) -> Result<YearCalendar, sqlx::Error> {
    let starts_on: String = db.query_scalar("SELECT starts_on FROM academic_years WHERE id = $1").bind(year_id).fetch_one(&mut *conn).await?;
    let periods: Vec<(i64, String, String, String, i64, i64)> = db
        .query_as(
            "SELECT id, kind, starts_on, ends_on, grade_min, grade_max FROM reporting_periods \
             WHERE academic_year_id = $1 ORDER BY starts_on, id",
        )
        .bind(year_id)
        .fetch_all(&mut *conn)
        .await?;
    let holidays: Vec<(String, String)> = db
        .query_as("SELECT starts_on, ends_on FROM holidays WHERE academic_year_id = $1 ORDER BY starts_on")
        .bind(year_id)
        .fetch_all(&mut *conn)
        .await?;
    let date = |s: &str| checked_date(s);
    Ok(YearCalendar {
        starts_on: date(&starts_on)?,
        periods: periods
            .into_iter()
            .map(|(id, kind, from, to, grade_min, grade_max)| {
                Ok(Period { id, kind, starts_on: date(&from)?, ends_on: date(&to)?, grade_min, grade_max })
            })
            .collect::<Result<_, sqlx::Error>>()?,
        holidays: holidays.into_iter().map(|(from, to)| Ok((date(&from)?, date(&to)?))).collect::<Result<_, sqlx::Error>>()?,
    })
}

/// An orphan is taken over by a row that wants a lesson on its date, at its number, for its
/// class, group and assignment: (date, number, class, group, assignment).
type OrphanKey = (String, i64, i64, Option<i64>, i64);

/// One lesson to insert.
struct New {
    year_id: i64,
    entry_id: i64,
    date: String,
    planned: Planned,
}

/// Brings `existing` (future, unsubstituted lessons of these rows, plus orphans) to what the
/// rows want, keeping ids wherever a lesson can be kept.
async fn reconcile(
    conn: &mut AnyConnection,
    db: &Db,
    school_id: i64,
    entries: Vec<Entry>,
    existing: Vec<Existing>,
    today: NaiveDate,
) -> Result<SyncReport, sqlx::Error> {
    let mut calendars: HashMap<i64, YearCalendar> = HashMap::new();
    for e in &entries {
        if let std::collections::hash_map::Entry::Vacant(slot) = calendars.entry(e.year_id) {
            slot.insert(year_calendar(conn, db, e.year_id).await?);
        }
    }
    // Dates a substituted lesson of a row already holds: the row gets no second lesson there.
    let held: Vec<(i64, String)> = db
        .query_as(
            "SELECT entry_id, lesson_date FROM lessons \
             WHERE school_id = $1 AND lesson_date > $2 AND changed_at IS NOT NULL AND entry_id IS NOT NULL",
        )
        .bind(school_id)
        .bind(format_date(today))
        .fetch_all(&mut *conn)
        .await?;
    let held: HashSet<(i64, String)> = held.into_iter().collect();

    let mut by_entry: HashMap<(i64, String), Existing> = HashMap::new();
    let mut orphans: HashMap<OrphanKey, Vec<Existing>> = HashMap::new();
    for x in existing {
        match x.entry_id {
            Some(entry_id) => {
                by_entry.insert((entry_id, x.date.clone()), x);
            }
            None => orphans
                .entry((x.date.clone(), x.planned.lesson_number, x.planned.class_id, x.planned.subgroup_id, x.planned.assignment_id))
                .or_default()
                .push(x),
        }
    }

    let mut report = SyncReport::default();
    let mut inserts: Vec<New> = Vec::new();
    for e in &entries {
        let calendar = &calendars[&e.year_id];
        let wanted: Vec<(String, i64)> = calendar
            .dates(e.weekday, e.parity, e.grade, today)
            .into_iter()
            .map(|(d, p)| (format_date(d), p))
            .filter(|(d, _)| !held.contains(&(e.id, d.clone())))
            .collect();
        let wanted_dates: HashSet<&String> = wanted.iter().map(|(d, _)| d).collect();
        // This row's lessons on dates it no longer has: moved along in date order, so a row
        // moved to another weekday keeps its lessons' ids.
        let mut spare: Vec<Existing> = {
            let mut keys: Vec<(i64, String)> =
                by_entry.keys().filter(|(id, d)| *id == e.id && !wanted_dates.contains(d)).cloned().collect();
            keys.sort();
            keys.into_iter().filter_map(|k| by_entry.remove(&k)).collect()
        };
        spare.reverse();
        for (date, period_id) in wanted {
            let planned = e.planned(period_id);
            let found = by_entry.remove(&(e.id, date.clone())).or_else(|| {
                let key = (date.clone(), e.lesson_number, e.class_id, e.subgroup_id, e.assignment_id);
                orphans.get_mut(&key).and_then(|v| v.pop())
            });
            match found.or_else(|| spare.pop()) {
                Some(x) if x.planned == planned && x.date == date && x.entry_id == Some(e.id) => {}
                Some(x) => {
                    update(conn, db, x.id, e, &date, &planned).await?;
                    report.updated += 1;
                }
                None => inserts.push(New { year_id: e.year_id, entry_id: e.id, date, planned }),
            }
        }
        for x in spare {
            report.deleted += delete(conn, db, x.id).await? as usize;
        }
    }
    // What no row wants any more: lessons of rows not in this sync never got here.
    for x in by_entry.into_values().chain(orphans.into_values().flatten()) {
        report.deleted += delete(conn, db, x.id).await? as usize;
    }
    report.inserted = inserts.len();
    insert_all(conn, db, school_id, &inserts).await?;
    Ok(report)
}

async fn update(conn: &mut AnyConnection, db: &Db, id: i64, e: &Entry, date: &str, p: &Planned) -> Result<(), sqlx::Error> {
    db.query(
        "UPDATE lessons SET entry_id = $2, lesson_date = $3, reporting_period_id = $4, teaching_assignment_id = $5, \
         lesson_number = $6, class_id = $7, subgroup_id = $8, subject_id = $9, teacher_id = $10, room_id = $11 WHERE id = $1",
    )
    .bind(id)
    .bind(e.id)
    .bind(date.to_string())
    .bind(p.period_id)
    .bind(p.assignment_id)
    .bind(p.lesson_number)
    .bind(p.class_id)
    .bind(p.subgroup_id)
    .bind(p.subject_id)
    .bind(p.teacher_id)
    .bind(p.room_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A lesson the template no longer has goes, unless the journal holds attendance or marks for it
/// (only a lesson of today or earlier can, and changes start tomorrow, but marks are never lost to
/// a timetable change): such a lesson stays as a one-off, detached from the template (and is no
/// orphan to a later sync). True when the lesson went.
async fn delete(conn: &mut AnyConnection, db: &Db, id: i64) -> Result<bool, sqlx::Error> {
    let deleted = db
        .query("DELETE FROM lessons WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM journal_cells WHERE lesson_id = $1)")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    if deleted.rows_affected() == 0 {
        db.query("UPDATE lessons SET entry_id = NULL WHERE id = $1").bind(id).execute(&mut *conn).await?;
    }
    Ok(deleted.rows_affected() > 0)
}

/// Rows per INSERT: a year of a school is some twenty thousand lessons.
const BATCH: usize = 200;
const INSERT_COLUMNS: usize = 12;

async fn insert_all(conn: &mut AnyConnection, db: &Db, school_id: i64, rows: &[New]) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks(BATCH) {
        let mut sql = String::from(
            "INSERT INTO lessons (school_id, academic_year_id, reporting_period_id, entry_id, teaching_assignment_id, lesson_date, \
             lesson_number, class_id, subgroup_id, subject_id, teacher_id, room_id) VALUES ",
        );
        for i in 0..chunk.len() {
            let n = i * INSERT_COLUMNS;
            let params: Vec<String> = (1..=INSERT_COLUMNS).map(|k| format!("${}", n + k)).collect();
            sql.push_str(if i == 0 { "(" } else { ", (" });
            sql.push_str(&params.join(", "));
            sql.push(')');
        }
        let sql = match db.backend() {
            crate::db::Backend::Sqlite => crate::db::dollar_to_question(&sql),
            crate::db::Backend::Postgres => sql,
        };
        let mut query = sqlx::query(&sql);
        for r in chunk {
            let p = &r.planned;
            query = query
                .bind(school_id)
                .bind(r.year_id)
                .bind(p.period_id)
                .bind(r.entry_id)
                .bind(p.assignment_id)
                .bind(r.date.clone())
                .bind(p.lesson_number)
                .bind(p.class_id)
                .bind(p.subgroup_id)
                .bind(p.subject_id)
                .bind(p.teacher_id)
                .bind(p.room_id);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Adds a holiday (or a range of days off) to a school year.
pub async fn insert_holiday(
    conn: &mut AnyConnection,
    db: &Db,
    school_id: i64,
    year_id: i64,
    from: &str,
    to: &str,
    name: &str,
) -> Result<(), sqlx::Error> {
    db.query("INSERT INTO holidays (school_id, academic_year_id, starts_on, ends_on, name) VALUES ($1, $2, $3, $4, $5)")
        .bind(school_id)
        .bind(year_id)
        .bind(from.to_string())
        .bind(to.to_string())
        .bind(name.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}
