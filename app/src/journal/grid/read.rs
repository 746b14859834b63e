//! Server-only: reading a grid. A grid page is checked against the school's structure stamp
//! (raised by database triggers on every write of the people, periods, lessons, groups, work
//! types… the table shows; migration `0014_school_stamps.sql`) and the newest revision of the
//! grid's own cells and final marks (every cell and final-mark write stores the school's next
//! journal revision). While both are as they were, the page's frame and its rendered table are
//! taken from this process's memory; otherwise everything is read again. Reading the numbers
//! before the data means a page kept in memory is never older than the numbers it is kept
//! under, so a page is never stale — with one process, or several on one PostgreSQL database.
//! A mark typed in one grid leaves the school's other grids in memory.
//!
//! The numbers cost one small query, and none at all while the school is quiet: the session's
//! own read brings the school's stamp and journal revision, and while those are what they were
//! when the grid's numbers were last asked, nothing in the school was written since.

use super::render;
use super::server::{cell_from_row, pupils, school_of, today, work_types};
use super::types::*;
use crate::accounts::session::SchoolNumbers;
use crate::accounts::types::Me;
use crate::context::ServerContext;
use crate::db::{Db, Row};
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::journal::marks::WorkType;
use crate::policy::{authorize_and_check, authorize_and_check_at, Action, Scope};
use crate::school::types::class_name;
use crate::stamped::Stamped;
use sqlx::AnyConnection;
use std::sync::Arc;

/// What this process keeps of grids: the rendered pages, and the versions each grid had when
/// the school's numbers last were what they are.
#[derive(Clone, Default)]
pub struct GridCache {
    /// Pages by school, grid (as asked: period 0 is "the period under way"), language and day
    /// (lessons after today are shown as to come), under the versions they were read at.
    pages: Stamped<KeptAt, Versions, Kept, 256>,
    /// A grid's versions (by school, class and subject) under the school's numbers read in the
    /// same statement. The session's read brings those numbers with every request: while they
    /// are unchanged, nothing was written in the school since, so neither were the grid's
    /// versions, and the page asks the database nothing more.
    versions: Stamped<(i64, i64, i64), SchoolNumbers, Versions, 1024>,
}

type KeptAt = (i64, GridKey, Lang, String);

/// A page as rendered for nobody in particular (the viewer's right to write is added per
/// request).
#[derive(Clone)]
pub struct Kept {
    page: GridPage,
    html: Arc<str>,
}

/// What a kept page is checked against: the school's structure stamp and the newest revisions
/// of the grid's cells and final marks (of every period: the year's tab shows them all).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Versions {
    stamp: i64,
    cells: i64,
    finals: i64,
}

/// The numbers a kept grid page is checked against, with the school's numbers as read in the
/// same statement (the grid's versions are kept under them), in one query.
async fn versions(db: &Db, school_id: i64, key: GridKey) -> Result<(Versions, SchoolNumbers), AppError> {
    // A grid page asks this first unless the session's read showed the school unchanged: a
    // short read (`Db::read_all`).
    let query = || {
        db.query(
            "SELECT (SELECT stamp FROM school_stamps WHERE school_id = $1) AS stamp, \
                    (SELECT revision FROM journal_revisions WHERE school_id = $1) AS journal, \
                    (SELECT MAX(revision) FROM journal_cells WHERE class_id = $2 AND subject_id = $3) AS cells, \
                    (SELECT MAX(revision) FROM final_marks WHERE class_id = $2 AND subject_id = $3) AS finals",
        )
        .bind(school_id)
        .bind(key.class_id)
        .bind(key.subject_id)
    };
    let row = db.read_all(query).await?.into_iter().next().ok_or(AppError::NotFound)?;
    let stamp = row.try_get::<Option<i64>, _>("stamp")?.unwrap_or(0);
    let versions = Versions {
        stamp,
        cells: row.try_get::<Option<i64>, _>("cells")?.unwrap_or(0),
        finals: row.try_get::<Option<i64>, _>("finals")?.unwrap_or(0),
    };
    Ok((versions, SchoolNumbers { school_id, stamp, journal: row.try_get::<Option<i64>, _>("journal")?.unwrap_or(0) }))
}

/// The grid's versions now: kept ones while the school's numbers, read with this request's
/// session, are those they were kept under; otherwise asked.
async fn current_versions(ctx: &ServerContext, school_id: i64, key: GridKey) -> Result<Versions, AppError> {
    let grid = (school_id, key.class_id, key.subject_id);
    let numbers = crate::accounts::session::school_numbers().filter(|n| n.school_id == school_id);
    if let Some(kept) = numbers.and_then(|n| ctx.journal_grids.versions.get(&grid, &n)) {
        return Ok(kept);
    }
    let (versions, numbers) = versions(&ctx.db, school_id, key).await?;
    ctx.journal_grids.versions.put(grid, numbers, versions);
    Ok(versions)
}

/// Everything of a grid but its cells and final marks.
struct Frame {
    key: GridKey,
    school_id: i64,
    title: String,
    periods: Vec<PeriodChoice>,
    closed: bool,
    plus_minus: bool,
    revision: i64,
    lessons: Vec<GridLesson>,
    pupils: Vec<GridPupil>,
    work_types: Vec<WorkType>,
    year_view: bool,
}

/// The small parts. `key.period_id` 0: the period under way for the class (or the last one begun).
async fn frame(db: &Db, conn: &mut AnyConnection, school_id: i64, mut key: GridKey) -> Result<Frame, AppError> {
    let head = db
        .query(
            "SELECT c.grade, c.letter, c.academic_year_id, s.name AS subject, g.name AS group_name, \
                    (SELECT revision FROM journal_revisions WHERE school_id = $1) AS revision, \
                    (SELECT plus_minus FROM journal_settings WHERE school_id = $1) AS plus_minus \
             FROM classes c JOIN subjects s ON s.id = $3 AND s.school_id = c.school_id \
             LEFT JOIN subgroups g ON g.id = $4 AND g.class_id = c.id \
             WHERE c.id = $2 AND c.school_id = $1",
        )
        .bind(school_id)
        .bind(key.class_id)
        .bind(key.subject_id)
        .bind(key.group_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let group: Option<String> = head.try_get("group_name")?;
    if key.group_id != 0 && group.is_none() {
        return Err(AppError::NotFound);
    }
    let grade: i64 = head.try_get("grade")?;
    let year_id: i64 = head.try_get("academic_year_id")?;
    let mut title = format!("{} · {}", class_name(grade, &head.try_get::<String, _>("letter")?), head.try_get::<String, _>("subject")?);
    if let Some(g) = &group {
        title.push_str(&format!(" · {g}"));
    }
    let revision: i64 = head.try_get::<Option<i64>, _>("revision")?.unwrap_or(0);
    let plus_minus = head.try_get::<Option<i64>, _>("plus_minus")? == Some(1);
    let today = today();
    let Periods { list: periods, current, year: year_period } = class_periods(db, conn, year_id, grade, &today).await?;
    if key.period_id == 0 {
        key.period_id = current.or(periods.first().map(|p| p.id)).ok_or(AppError::NotFound)?;
    }
    let closed = periods.iter().find(|p| p.id == key.period_id).ok_or(AppError::NotFound)?.closed;
    let lessons = db
        .query(
            "SELECT l.id, l.lesson_date, l.lesson_number, n.topic, n.work_type_id FROM lessons l \
             LEFT JOIN lesson_notes n ON n.lesson_id = l.id \
             WHERE l.class_id = $1 AND l.subject_id = $2 AND l.reporting_period_id = $3 AND l.cancelled = 0 \
               AND COALESCE(l.subgroup_id, 0) = $4 \
             ORDER BY l.lesson_date, l.lesson_number",
        )
        .bind(key.class_id)
        .bind(key.subject_id)
        .bind(key.period_id)
        .bind(key.group_id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            let date: String = r.try_get("lesson_date")?;
            Ok(GridLesson {
                id: r.try_get("id")?,
                future: date > today,
                date,
                number: r.try_get("lesson_number")?,
                topic: r.try_get::<Option<String>, _>("topic")?.unwrap_or_default(),
                work_type_id: r.try_get("work_type_id")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let pupils = pupils(db, conn, key.class_id, key.group_id).await?;
    let work_types = work_types(db, conn, school_id).await?;
    Ok(Frame {
        key,
        school_id,
        title,
        periods,
        closed,
        plus_minus,
        revision,
        lessons,
        pupils,
        work_types,
        year_view: year_period == Some(key.period_id),
    })
}

/// A class's reporting periods, labelled (the year's own tab last), with the one under way
/// today (or the last one begun) and the year's tab.
pub(crate) struct Periods {
    pub list: Vec<PeriodChoice>,
    pub current: Option<i64>,
    pub year: Option<i64>,
}

pub(crate) async fn class_periods(db: &Db, conn: &mut AnyConnection, year_id: i64, grade: i64, today: &str) -> Result<Periods, AppError> {
    let rows = db
        .query(
            "SELECT id, kind, number, starts_on, closed FROM reporting_periods \
             WHERE academic_year_id = $1 AND grade_min <= $2 AND grade_max >= $2 ORDER BY kind = 'year', starts_on",
        )
        .bind(year_id)
        .bind(grade)
        .fetch_all(&mut *conn)
        .await?;
    let lang = Lang::detect();
    let mut out = Periods { list: Vec::new(), current: None, year: None };
    for r in &rows {
        let (id, kind, number, starts_on): (i64, String, i64, String) = (r.try_get("id")?, r.try_get("kind")?, r.try_get("number")?, r.try_get("starts_on")?);
        if starts_on.as_str() <= today && kind != "year" {
            out.current = Some(id);
        }
        let label = match kind.as_str() {
            "quarter" => Msg::JournalQuarter.fill(lang, &[&number.to_string()]),
            "trimester" => Msg::JournalTrimester.fill(lang, &[&number.to_string()]),
            "half_year" => Msg::JournalHalfYear.fill(lang, &[&number.to_string()]),
            _ => {
                out.year = Some(id);
                Msg::JournalYear.text(lang).to_string()
            }
        };
        out.list.push(PeriodChoice { id, label, closed: r.try_get::<i64, _>("closed")? != 0 });
    }
    Ok(out)
}

/// The frame with its cells and final marks (the year's tab: every period's final marks, and
/// their average as the year mark's suggestion), and each pupil's average.
async fn complete(db: &Db, conn: &mut AnyConnection, f: Frame, writable: bool) -> Result<GridData, AppError> {
    let key = f.key;
    let cells = db
        .query(
            "SELECT c.lesson_id, c.pupil_id, c.attendance, c.late_minutes, c.marks, c.version, p.surname, p.name, p.patronymic \
             FROM journal_cells c LEFT JOIN people p ON p.id = c.changed_by \
             WHERE c.class_id = $1 AND c.subject_id = $2 AND c.period_id = $3 AND c.subgroup_id = $4",
        )
        .bind(key.class_id)
        .bind(key.subject_id)
        .bind(key.period_id)
        .bind(key.group_id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(cell_from_row)
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let finals = db
        .query("SELECT pupil_id, value FROM final_marks WHERE class_id = $1 AND subject_id = $2 AND period_id = $3")
        .bind(key.class_id)
        .bind(key.subject_id)
        .bind(key.period_id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("pupil_id")?, r.try_get("value")?)))
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let mut period_finals = Vec::new();
    let mut year_avg100 = Vec::new();
    if f.year_view {
        let all: Vec<(i64, i64, String)> = db
            .query("SELECT period_id, pupil_id, value FROM final_marks WHERE class_id = $1 AND subject_id = $2")
            .bind(key.class_id)
            .bind(key.subject_id)
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| Ok((r.try_get("period_id")?, r.try_get("pupil_id")?, r.try_get("value")?)))
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        for p in f.periods.iter().filter(|p| p.id != key.period_id) {
            period_finals.push((p.label.clone(), all.iter().filter(|(period, _, _)| *period == p.id).map(|(_, pupil, v)| (*pupil, v.clone())).collect::<Vec<_>>()));
        }
        year_avg100 = f
            .pupils
            .iter()
            .map(|pupil| {
                let values: Vec<f64> = period_finals
                    .iter()
                    .filter_map(|(_, vals)| vals.iter().find(|(p, _)| *p == pupil.id).and_then(|(_, v)| crate::journal::marks::numeric(v)))
                    .collect();
                (!values.is_empty()).then(|| (values.iter().sum::<f64>() / values.len() as f64 * 100.0).round() as i64)
            })
            .collect();
    }
    let averages = f
        .pupils
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if f.year_view {
                return year_avg100[i].map(|a| crate::journal::average::format_average(a as f64 / 100.0)).unwrap_or_default();
            }
            let marks = cells.iter().filter(|c| c.pupil_id == p.id).flat_map(|c| c.cell.marks.iter());
            crate::journal::average::weighted_average(marks, &f.work_types).map(crate::journal::average::format_average).unwrap_or_default()
        })
        .collect();
    Ok(GridData {
        key,
        school_id: f.school_id,
        title: f.title,
        periods: f.periods,
        closed: f.closed,
        writable: writable && !f.closed,
        plus_minus: f.plus_minus,
        lessons: f.lessons,
        pupils: f.pupils,
        cells,
        finals,
        default_work_type: f.work_types.first().map(|w| w.id).unwrap_or(0),
        work_types: f.work_types,
        revision: f.revision,
        averages,
        year_view: f.year_view,
        period_finals,
        year_avg100,
    })
}

/// Whether the viewer may write in the grid (having been allowed to read it).
async fn allowed(ctx: &ServerContext, me: &Me, school_id: i64, key: GridKey) -> Result<bool, AppError> {
    let scope = Scope::Journal { school_id, class_id: key.class_id, subject_id: key.subject_id, group_id: key.group_id };
    authorize_and_check(ctx, me, Action::ViewClass, scope, Action::WriteMarks).await
}

/// The whole grid's data (the server function's answer).
pub async fn grid(ctx: &ServerContext, me: &Me, key: GridKey) -> Result<GridData, AppError> {
    let school_id = school_of(me)?;
    let writable = allowed(ctx, me, school_id, key).await?;
    let mut conn = ctx.db.acquire().await?;
    let f = frame(&ctx.db, &mut conn, school_id, key).await?;
    complete(&ctx.db, &mut conn, f, writable).await
}

/// The grid page: the viewer's shell, and the table with its data — kept in memory while
/// nothing it shows changed.
pub async fn page(ctx: &ServerContext, me: &Me, key: GridKey) -> Result<GridPage, AppError> {
    let school_id = school_of(me)?;
    // The numbers first: the policy's facts and the page kept under them are never older.
    let versions = current_versions(ctx, school_id, key).await?;
    let scope = Scope::Journal { school_id, class_id: key.class_id, subject_id: key.subject_id, group_id: key.group_id };
    let writable = authorize_and_check_at(ctx, me, Action::ViewClass, scope, Action::WriteMarks, versions.stamp).await?;
    let at = (school_id, key, Lang::detect(), today());
    let kept = match ctx.journal_grids.pages.get(&at, &versions) {
        Some(kept) => kept,
        None => {
            let kept = read_page(ctx, school_id, key, at.2).await?;
            ctx.journal_grids.pages.put(at, versions, kept.clone());
            kept
        }
    };
    Ok(GridPage { writable: writable && !kept.page.closed, html: kept.html.clone(), ..kept.page })
}

/// Reads and renders a grid page for nobody in particular (the viewer's right to write is in
/// the shell, added per request).
async fn read_page(ctx: &ServerContext, school_id: i64, key: GridKey, lang: Lang) -> Result<Kept, AppError> {
    let mut conn = ctx.db.acquire().await?;
    let f = frame(&ctx.db, &mut conn, school_id, key).await?;
    let page = GridPage {
        key: f.key,
        school_id,
        title: f.title.clone(),
        periods: f.periods.clone(),
        closed: f.closed,
        writable: false,
        empty: f.lessons.is_empty() && !f.year_view,
        html: Arc::from(""),
    };
    let data = complete(&ctx.db, &mut conn, f, false).await?;
    let html: Arc<str> = render::table_with_data(&data, lang).into();
    Ok(Kept { page, html })
}
