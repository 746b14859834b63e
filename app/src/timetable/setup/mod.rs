//! The school admin's year set-up: «Звонки» (bell schedules), «Кабинеты» (rooms and buildings),
//! «Предметы» (subjects) and «Группы» (a class's subgroups and their pupils). Changes the
//! timetable editor shows (the default bells, names of rooms, subjects and groups) bump the
//! year's timetable revision in the same transaction, so open editors redraw.
//!
//! - `types`: the pages' data; `server` (server only): pure validators, reads, checked writes
//! - `components`: the four pages and their shared navigation; plain form posts that redirect
//!   back, so they work without JavaScript

pub mod components;
pub mod types;

#[cfg(feature = "ssr")]
pub mod server;

use crate::error::AppError;
use leptos::prelude::*;
use types::{BellsSetup, GroupsSetup, RoomRow, SubjectRow};

#[cfg(feature = "ssr")]
fn back(to: String) {
    leptos_axum::redirect(&to);
}

// «Звонки»

/// The school's bell schedules and the lessons of one (`schedule_id` 0: the default).
#[server(endpoint = "setup_bells")]
pub async fn setup_bells(schedule_id: i64) -> Result<BellsSetup, AppError> {
    let (ctx, _me, school_id) = crate::people::api::guard::school().await?;
    server::bells(&ctx, school_id, schedule_id).await
}

/// A new schedule, starting as a copy of the default one's times.
#[server(endpoint = "setup_schedule_add")]
pub async fn setup_schedule_add(name: String) -> Result<(), AppError> {
    let (ctx, me, school_id) = crate::people::api::guard::school().await?;
    let id = server::add_schedule(&ctx, school_id, me.person_id, &name).await?;
    back(format!("/admin/timetable/bells?schedule={id}"));
    Ok(())
}

/// A schedule's name and lesson times: `starts[0]`…`starts[7]`, `ends[0]`…`ends[7]` (an empty
/// row is no lesson).
#[server(endpoint = "setup_schedule_save")]
pub async fn setup_schedule_save(
    schedule_id: i64,
    name: String,
    #[server(default)] starts: Vec<String>,
    #[server(default)] ends: Vec<String>,
) -> Result<(), AppError> {
    let (ctx, me, school_id) = crate::people::api::guard::school().await?;
    server::save_schedule(&ctx, school_id, me.person_id, schedule_id, &name, &starts, &ends).await?;
    back(format!("/admin/timetable/bells?schedule={schedule_id}"));
    Ok(())
}

#[server(endpoint = "setup_schedule_default")]
pub async fn setup_schedule_default(schedule_id: i64) -> Result<(), AppError> {
    let (ctx, me, school_id) = crate::people::api::guard::school().await?;
    server::make_default(&ctx, school_id, me.person_id, schedule_id).await?;
    back(format!("/admin/timetable/bells?schedule={schedule_id}"));
    Ok(())
}

#[server(endpoint = "setup_schedule_delete")]
pub async fn setup_schedule_delete(schedule_id: i64) -> Result<(), AppError> {
    let (ctx, me, school_id) = crate::people::api::guard::school().await?;
    server::delete_schedule(&ctx, school_id, me.person_id, schedule_id).await?;
    back("/admin/timetable/bells".into());
    Ok(())
}

// «Кабинеты»

#[server(endpoint = "setup_rooms")]
pub async fn setup_rooms() -> Result<Vec<RoomRow>, AppError> {
    let (ctx, _me, school_id) = crate::people::api::guard::school().await?;
    server::rooms(&ctx, school_id).await
}

#[server(endpoint = "setup_room_add")]
pub async fn setup_room_add(name: String, building: String, capacity: String) -> Result<(), AppError> {
    let (ctx, me, school_id) = crate::people::api::guard::school().await?;
    server::save_room(&ctx, school_id, me.person_id, None, &name, &building, &capacity).await?;
    back("/admin/timetable/rooms".into());
    Ok(())
}

#[server(endpoint = "setup_room_edit")]
pub async fn setup_room_edit(room_id: i64, name: String, building: String, capacity: String) -> Result<(), AppError> {
    let (ctx, me, school_id) = crate::people::api::guard::school().await?;
    server::save_room(&ctx, school_id, me.person_id, Some(room_id), &name, &building, &capacity).await?;
    back("/admin/timetable/rooms".into());
    Ok(())
}

#[server(endpoint = "setup_room_delete")]
pub async fn setup_room_delete(room_id: i64) -> Result<(), AppError> {
    let (ctx, me, school_id) = crate::people::api::guard::school().await?;
    server::delete_room(&ctx, school_id, me.person_id, room_id).await?;
    back("/admin/timetable/rooms".into());
    Ok(())
}

// «Предметы»

#[server(endpoint = "setup_subjects")]
pub async fn setup_subjects() -> Result<Vec<SubjectRow>, AppError> {
    let (ctx, _me, school_id) = crate::people::api::guard::school().await?;
    server::subjects(&ctx, school_id).await
}

#[server(endpoint = "setup_subject_add")]
pub async fn setup_subject_add(name: String, short_name: String) -> Result<(), AppError> {
    let (ctx, me, school_id) = crate::people::api::guard::school().await?;
    server::save_subject(&ctx, school_id, me.person_id, None, &name, &short_name).await?;
    back("/admin/timetable/subjects".into());
    Ok(())
}

#[server(endpoint = "setup_subject_edit")]
pub async fn setup_subject_edit(subject_id: i64, name: String, short_name: String) -> Result<(), AppError> {
    let (ctx, me, school_id) = crate::people::api::guard::school().await?;
    server::save_subject(&ctx, school_id, me.person_id, Some(subject_id), &name, &short_name).await?;
    back("/admin/timetable/subjects".into());
    Ok(())
}

#[server(endpoint = "setup_subject_delete")]
pub async fn setup_subject_delete(subject_id: i64) -> Result<(), AppError> {
    let (ctx, me, school_id) = crate::people::api::guard::school().await?;
    server::delete_subject(&ctx, school_id, me.person_id, subject_id).await?;
    back("/admin/timetable/subjects".into());
    Ok(())
}

// «Группы»

/// A class's groups (`class_id` 0: the first class) and one group's pupils (`group_id` 0: none).
#[server(endpoint = "setup_groups")]
pub async fn setup_groups(class_id: i64, group_id: i64) -> Result<GroupsSetup, AppError> {
    let (ctx, _me, school_id) = crate::people::api::guard::school().await?;
    server::groups(&ctx, school_id, class_id, group_id).await
}

#[server(endpoint = "setup_group_add")]
pub async fn setup_group_add(class_id: i64, name: String, subject_id: String) -> Result<(), AppError> {
    let (ctx, me, school_id) = crate::people::api::guard::school().await?;
    let id = server::add_group(&ctx, school_id, me.person_id, class_id, &name, &subject_id).await?;
    back(format!("/admin/timetable/groups?class={class_id}&group={id}"));
    Ok(())
}

#[server(endpoint = "setup_group_edit")]
pub async fn setup_group_edit(group_id: i64, name: String, subject_id: String) -> Result<(), AppError> {
    let (ctx, me, school_id) = crate::people::api::guard::school().await?;
    let class_id = server::edit_group(&ctx, school_id, me.person_id, group_id, &name, &subject_id).await?;
    back(format!("/admin/timetable/groups?class={class_id}&group={group_id}"));
    Ok(())
}

#[server(endpoint = "setup_group_delete")]
pub async fn setup_group_delete(group_id: i64) -> Result<(), AppError> {
    let (ctx, me, school_id) = crate::people::api::guard::school().await?;
    let class_id = server::delete_group(&ctx, school_id, me.person_id, group_id).await?;
    back(format!("/admin/timetable/groups?class={class_id}"));
    Ok(())
}

/// The group's pupils: the ids of the ticked boxes, `pupils[0]`, `pupils[1]`… (none: empty).
#[server(endpoint = "setup_group_pupils")]
pub async fn setup_group_pupils(group_id: i64, #[server(default)] pupils: Vec<i64>) -> Result<(), AppError> {
    let (ctx, me, school_id) = crate::people::api::guard::school().await?;
    let class_id = server::set_members(&ctx, school_id, me.person_id, group_id, &pupils).await?;
    back(format!("/admin/timetable/groups?class={class_id}&group={group_id}"));
    Ok(())
}
