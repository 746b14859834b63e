//! The demo school's bells and weekly timetable: the teaching load just seeded, placed by the
//! generator (the same one the admin will run), inside the school's seeding transaction.

use super::Tx;
use app::db::Db;
use app::timetable::{generator, queries};

/// The demo timetable is the generator's answer for this seed: the same school, the same week.
const SEED: u64 = 2026;

pub async fn seed(tx: &mut Tx<'_>, db: &Db, school_id: i64, year_id: i64) -> Result<(), sqlx::Error> {
    queries::insert_default_bells(tx, db, school_id).await?;
    let load = queries::load(tx, db, school_id, year_id).await?;
    // The demo load is made to fit; a refusal here is a bug in the demo plan, named in the error.
    let placements = generator::generate(&load, SEED).map_err(|e| sqlx::Error::Protocol(format!("demo timetable: {e}")))?;
    queries::replace_template(tx, db, school_id, year_id, &placements).await
}
