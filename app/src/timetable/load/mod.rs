//! «Нагрузка» (`/admin/timetable/load`): a class's teaching load — subject, whole class or a
//! group, teacher, lessons a week — added, changed and removed by the school admin. Each change
//! bumps the year's timetable revision, so open editors show the new cards at once.
//!
//! - `types`: the page's data; `server` (server only): reads, checks and writes
//! - `components`: the page; plain form posts, so it works without JavaScript

pub mod components;
pub mod types;

#[cfg(feature = "ssr")]
pub mod server;

use crate::error::AppError;
use leptos::prelude::*;
use types::ClassLoad;

#[server(endpoint = "timetable_load_page")]
pub async fn load_page(class_id: i64) -> Result<ClassLoad, AppError> {
    let (ctx, _me, school_id) = crate::people::api::guard::school().await?;
    server::page(&ctx, school_id, class_id).await
}

#[server(endpoint = "timetable_load_add")]
pub async fn add_load(class_id: i64, subject_id: String, group_id: String, teacher_id: String, hours: String) -> Result<(), AppError> {
    let (ctx, me, school_id) = crate::people::api::guard::school().await?;
    server::add(&ctx, school_id, me.person_id, class_id, &subject_id, &group_id, &teacher_id, &hours).await?;
    leptos_axum::redirect(&format!("/admin/timetable/load?class={class_id}"));
    Ok(())
}

#[server(endpoint = "timetable_load_hours")]
pub async fn change_load_hours(assignment_id: i64, hours: String) -> Result<(), AppError> {
    let (ctx, me, school_id) = crate::people::api::guard::school().await?;
    let class_id = server::change_hours(&ctx, school_id, me.person_id, assignment_id, &hours).await?;
    leptos_axum::redirect(&format!("/admin/timetable/load?class={class_id}"));
    Ok(())
}

#[server(endpoint = "timetable_load_remove")]
pub async fn remove_load(assignment_id: i64) -> Result<(), AppError> {
    let (ctx, me, school_id) = crate::people::api::guard::school().await?;
    let class_id = server::remove(&ctx, school_id, me.person_id, assignment_id).await?;
    leptos_axum::redirect(&format!("/admin/timetable/load?class={class_id}"));
    Ok(())
}
