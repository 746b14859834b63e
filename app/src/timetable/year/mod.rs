//! «Учебный год» (`/admin/timetable/year`): the school admin sets the current year's reporting
//! periods (quarters, trimesters or half-years, per grade range if needed) and its holidays.
//! Every change lays the year's future dated lessons out again (past ones stay).
//!
//! - `types`, `validate` (pure rules), `server` (server only), `components`

pub mod components;
pub mod types;
pub mod validate;

#[cfg(feature = "ssr")]
pub mod server;

use crate::error::AppError;
use leptos::prelude::*;
use types::YearCalendar;

#[cfg(feature = "ssr")]
const PAGE: &str = "/admin/timetable/year";

#[server(endpoint = "timetable_year_setup")]
pub async fn year_setup() -> Result<YearCalendar, AppError> {
    let (ctx, _me, school_id) = crate::people::api::guard::school().await?;
    server::page(&ctx, school_id).await
}

/// Adds a period (`id` 0) or changes one's dates and grades.
#[server(endpoint = "timetable_year_period")]
pub async fn save_period(
    id: i64,
    kind: String,
    number: String,
    grade_min: String,
    grade_max: String,
    starts_on: String,
    ends_on: String,
) -> Result<(), AppError> {
    let (ctx, me, school_id) = crate::people::api::guard::school().await?;
    let typed = server::PeriodTyped { kind, number, grade_min, grade_max, starts_on, ends_on };
    server::save_period(&ctx, school_id, me.person_id, id, &typed).await?;
    leptos_axum::redirect(PAGE);
    Ok(())
}

#[server(endpoint = "timetable_year_period_delete")]
pub async fn delete_period(id: i64) -> Result<(), AppError> {
    let (ctx, me, school_id) = crate::people::api::guard::school().await?;
    server::delete_period(&ctx, school_id, me.person_id, id).await?;
    leptos_axum::redirect(PAGE);
    Ok(())
}

#[server(endpoint = "timetable_year_holiday")]
pub async fn add_holiday(name: String, holiday_starts_on: String, holiday_ends_on: String) -> Result<(), AppError> {
    let (ctx, me, school_id) = crate::people::api::guard::school().await?;
    server::add_holiday(&ctx, school_id, me.person_id, &name, &holiday_starts_on, &holiday_ends_on).await?;
    leptos_axum::redirect(PAGE);
    Ok(())
}

#[server(endpoint = "timetable_year_holiday_delete")]
pub async fn delete_holiday(id: i64) -> Result<(), AppError> {
    let (ctx, me, school_id) = crate::people::api::guard::school().await?;
    server::delete_holiday(&ctx, school_id, me.person_id, id).await?;
    leptos_axum::redirect(PAGE);
    Ok(())
}
