//! Server functions of «Замены»: the school admin only (the people pages' guard: the policy's
//! `ManageSchool` on the admin's school). Changes are form posts that redirect back to the day,
//! so the pages work without JavaScript.

use super::types::{SubstitutionDay, SubstitutionLesson};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::people::api::guard;

/// The day's page: `date` '' for today, `class_id` 0 for the first class.
#[server(endpoint = "substitutions_of_day")]
pub async fn substitutions_of_day(#[server(default)] date: String, #[server(default)] class_id: i64) -> Result<SubstitutionDay, AppError> {
    let (ctx, _me, school_id) = guard::school().await?;
    let day = if date.trim().is_empty() {
        crate::timetable::personal::server::moscow_now().0
    } else {
        crate::people::validate::parse_date(&date)
            .map_err(|_| AppError::invalid("date", crate::i18n::Msg::SubstitutionDateRequired).echo(&[("date", date.as_str())]))?
    };
    super::server::day(&ctx, school_id, day, class_id).await
}

#[server(endpoint = "lesson_for_substitution")]
pub async fn lesson_for_substitution(id: i64) -> Result<SubstitutionLesson, AppError> {
    let (ctx, _me, school_id) = guard::school().await?;
    super::server::form(&ctx, school_id, id).await
}

#[cfg(feature = "ssr")]
fn back_to_day(l: &super::server::Lesson, done: &str) {
    leptos_axum::redirect(&format!("/admin/substitutions?date={}&class={}&done={done}", l.date, l.class_id));
}

#[cfg(feature = "ssr")]
fn number(field: &'static str, value: &str, msg: crate::i18n::Msg) -> Result<i64, AppError> {
    value.trim().parse::<i64>().map_err(|_| AppError::invalid(field, msg))
}

/// «Сохранить замену»: another lesson number, teacher or room for this date's lesson.
#[server(endpoint = "save_substitution")]
pub async fn save_substitution(
    id: i64,
    #[server(default)] lesson_number: String,
    #[server(default)] teacher_id: String,
    #[server(default)] room_id: String,
) -> Result<(), AppError> {
    use crate::i18n::Msg;
    let (ctx, me, school_id) = guard::school().await?;
    let typed = [("lesson_number", lesson_number.as_str()), ("teacher_id", teacher_id.as_str()), ("room_id", room_id.as_str())];
    let checked = (|| {
        Ok::<_, AppError>((
            number("lesson_number", &lesson_number, Msg::SubstitutionWrongNumber)?,
            number("teacher_id", &teacher_id, Msg::SubstitutionWrongTeacher)?,
            number("room_id", &room_id, Msg::SubstitutionWrongRoom)?,
        ))
    })();
    let (n, teacher, room) = checked.map_err(|e| e.echo(&typed))?;
    let lesson = super::server::save(&ctx, &me, school_id, id, n, teacher, room).await.map_err(|e| e.echo(&typed))?;
    back_to_day(&lesson, "saved");
    Ok(())
}

/// «Отменить урок».
#[server(endpoint = "cancel_lesson")]
pub async fn cancel_lesson(id: i64) -> Result<(), AppError> {
    let (ctx, me, school_id) = guard::school().await?;
    let lesson = super::server::cancel(&ctx, &me, school_id, id).await?;
    back_to_day(&lesson, "cancelled");
    Ok(())
}

/// «Вернуть как было».
#[server(endpoint = "restore_lesson")]
pub async fn restore_lesson(id: i64) -> Result<(), AppError> {
    let (ctx, me, school_id) = guard::school().await?;
    let lesson = super::server::restore(&ctx, &me, school_id, id).await?;
    back_to_day(&lesson, "restored");
    Ok(())
}
