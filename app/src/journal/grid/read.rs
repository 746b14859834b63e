//! Server-only: reading a grid. The small parts (the class, periods, lessons, pupils, work types
//! and the school's journal revision) are read on every request; the cells and final marks, the
//! rendered table and its data only when one of those changed: a per-process cache keyed by the
//! grid and checked against a fingerprint of the small parts and the revision (every write of a
//! cell or final mark bumps the school's revision, in its transaction). So a page is never stale,
//! with one process or several on one PostgreSQL database, and a busy grid costs a few small
//! queries.

use super::render;
use super::server::{cell_from_row, pupils, school_of, today, work_types};
use super::types::*;
use crate::accounts::types::Me;
use crate::context::ServerContext;
use crate::db::{Db, Row};
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::journal::marks::WorkType;
use crate::policy::{authorize_and_check, Action, Scope};
use crate::school::types::class_name;
use sqlx::AnyConnection;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};

/// Rendered grids of this process, at most `CACHE_ENTRIES` (then it starts afresh: a school's
/// working set is its open journals, far fewer).
#[derive(Clone, Default)]
pub struct GridCache(Arc<Mutex<HashMap<(i64, GridKey, Lang), Rendered>>>);

const CACHE_ENTRIES: usize = 256;

#[derive(Clone)]
struct Rendered {
    fingerprint: u64,
    html: Arc<str>,
}

impl GridCache {
    fn get(&self, at: &(i64, GridKey, Lang), fingerprint: u64) -> Option<Arc<str>> {
        let map = self.0.lock().ok()?;
        map.get(at).filter(|r| r.fingerprint == fingerprint).map(|r| r.html.clone())
    }

    fn put(&self, at: (i64, GridKey, Lang), fingerprint: u64, html: Arc<str>) {
        if let Ok(mut map) = self.0.lock() {
            if map.len() >= CACHE_ENTRIES && !map.contains_key(&at) {
                map.clear();
            }
            map.insert(at, Rendered { fingerprint, html });
        }
    }
}

/// The grid pages this request has read. The signed-in layout's suspense walks its children
/// more than once while rendering on the server, so a page's resources are created twice per
/// request; the second read of the same grid is answered from here. The host provides a fresh
/// one with every request; without it nothing is remembered.
#[derive(Clone, Default)]
pub struct RequestGrids(Arc<Mutex<HashMap<GridKey, GridPage>>>);

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
    today: String,
}

impl Frame {
    /// Changes whenever anything the table shows changes (the cells through `revision`).
    fn fingerprint(&self, lang: Lang) -> u64 {
        let mut h = DefaultHasher::new();
        (self.key.period_id, &self.title, self.closed, self.plus_minus, self.revision, self.year_view, &self.today, lang == Lang::Ru).hash(&mut h);
        for p in &self.periods {
            (p.id, &p.label, p.closed).hash(&mut h);
        }
        for l in &self.lessons {
            (l.id, &l.date, l.number, &l.topic, l.work_type_id, l.future).hash(&mut h);
        }
        for p in &self.pupils {
            (p.id, &p.name).hash(&mut h);
        }
        for w in &self.work_types {
            (w.id, &w.name, &w.short_name, w.weight, w.scale.code()).hash(&mut h);
        }
        h.finish()
    }
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
        today,
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
    let mut conn = ctx.db.pool().acquire().await?;
    let f = frame(&ctx.db, &mut conn, school_id, key).await?;
    complete(&ctx.db, &mut conn, f, writable).await
}

/// The grid page: the viewer's shell, and the table with its data — from the cache when
/// nothing it shows changed.
pub async fn page(ctx: &ServerContext, me: &Me, key: GridKey) -> Result<GridPage, AppError> {
    let memo = leptos::prelude::use_context::<RequestGrids>();
    if let Some(found) = memo.as_ref().and_then(|m| m.0.lock().ok().and_then(|map| map.get(&key).cloned())) {
        return Ok(found);
    }
    let found = read_page(ctx, me, key).await?;
    if let Some(memo) = memo {
        if let Ok(mut map) = memo.0.lock() {
            map.insert(key, found.clone());
        }
    }
    Ok(found)
}

async fn read_page(ctx: &ServerContext, me: &Me, key: GridKey) -> Result<GridPage, AppError> {
    let school_id = school_of(me)?;
    let writable = allowed(ctx, me, school_id, key).await?;
    let lang = Lang::detect();
    let mut conn = ctx.db.pool().acquire().await?;
    let f = frame(&ctx.db, &mut conn, school_id, key).await?;
    let fingerprint = f.fingerprint(lang);
    let at = (school_id, f.key, lang);
    let mut page = GridPage {
        key: f.key,
        school_id,
        title: f.title.clone(),
        periods: f.periods.clone(),
        closed: f.closed,
        writable: writable && !f.closed,
        empty: f.lessons.is_empty() && !f.year_view,
        html: String::new(),
    };
    let html = match ctx.journal_grids.get(&at, fingerprint) {
        Some(html) => html,
        None => {
            // Rendered for nobody in particular: the viewer's right to write is in the shell.
            let data = complete(&ctx.db, &mut conn, f, false).await?;
            let html: Arc<str> = render::table_with_data(&data, lang).into();
            ctx.journal_grids.put(at, fingerprint, html.clone());
            html
        }
    };
    page.html = html.to_string();
    Ok(page)
}
