//! The demo school's bells, weekly timetable, holidays and dated lessons: the teaching load just
//! seeded, placed by the generator (the same one the admin will run), laid onto the year's
//! calendar, all inside the school's seeding transaction.

use super::Tx;
use app::db::Db;
use app::timetable::lessons::{holidays, server as lessons};
use app::timetable::{generator, queries};

/// The demo timetable is the generator's answer for this seed: the same school, the same week.
const SEED: u64 = 2026;

pub async fn seed(tx: &mut Tx, db: &Db, school_id: i64, year_id: i64) -> Result<(), sqlx::Error> {
    queries::insert_default_bells(tx, db, school_id).await?;
    let load = queries::load(tx, db, school_id, year_id).await?;
    // The demo load is made to fit; a refusal here is a bug in the demo plan, named in the error.
    let placements = generator::generate(&load, SEED).map_err(|e| sqlx::Error::Protocol(format!("demo timetable: {e}")))?;
    queries::replace_template(tx, db, school_id, year_id, &placements).await?;
    let starts_on: String = db.query_scalar("SELECT starts_on FROM academic_years WHERE id = $1").bind(year_id).fetch_one(&mut **tx).await?;
    let year: i32 = starts_on[..4].parse().map_err(|_| sqlx::Error::Protocol(format!("demo year starts {starts_on}")))?;
    for (from, to, name) in holidays::usual(year) {
        lessons::insert_holiday(tx, db, school_id, year_id, &from, &to, name).await?;
    }
    // The whole year, past weeks included: the demo shows a year under way.
    lessons::regenerate_year(tx, db, school_id, year_id, "1970-01-01").await?;
    Ok(())
}
