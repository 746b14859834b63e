//! «Отсутствие на весь день» for the school admin, on `/journal`: any pupil of the school. The
//! class is chosen first with a GET form (`?class=ID`, so the pupil list reloads without
//! JavaScript), then the pupil, the date and «н»/«б»/«п»; the post goes to the same
//! `journal_absent_day` server function the class teacher uses.

use crate::error::AppError;
use crate::i18n::{t, use_lang, Msg};
use crate::journal::grid::JournalAbsentDay;
use crate::ui::await_view;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AbsenceChoices {
    /// The school's classes of the current year (id, «5А»).
    pub classes: Vec<(i64, String)>,
    /// The chosen class (0: none yet).
    pub class_id: i64,
    /// Its pupils (id, «Иванова Мария»), alphabetically.
    pub pupils: Vec<(i64, String)>,
    /// Today, 'YYYY-MM-DD'.
    pub today: String,
}

/// The classes of the admin's school and the pupils of the chosen one.
#[server(endpoint = "journal_absence_choices")]
pub async fn journal_absence_choices(#[server(default)] class_id: i64) -> Result<AbsenceChoices, AppError> {
    use crate::db::Row;
    use crate::policy::{authorize, Action, Scope};
    use crate::school::types::class_name;
    let (ctx, me) = crate::accounts::session::require().await?;
    let school_id = me.active.school_id.ok_or(AppError::Forbidden)?;
    authorize(&ctx, &me, Action::ManageSchool, Scope::School { school_id }).await?;
    let db = &ctx.db;
    let today = crate::journal::grid::server::today();
    let Some(year) = crate::people::server::current_year(&ctx, school_id).await? else {
        return Ok(AbsenceChoices { classes: vec![], class_id: 0, pupils: vec![], today });
    };
    let classes = db
        .query("SELECT id, grade, letter FROM classes WHERE school_id = $1 AND academic_year_id = $2 ORDER BY grade, letter")
        .bind(school_id)
        .bind(year)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(|r| Ok((r.try_get("id")?, class_name(r.try_get("grade")?, &r.try_get::<String, _>("letter")?))))
        .collect::<Result<Vec<(i64, String)>, sqlx::Error>>()?;
    let class_id = if classes.iter().any(|(id, _)| *id == class_id) { class_id } else { 0 };
    let pupils = if class_id == 0 {
        vec![]
    } else {
        db.query(
            "SELECT p.id, p.surname, p.name FROM class_enrolments e JOIN people p ON p.id = e.pupil_id \
             WHERE e.class_id = $1 ORDER BY p.surname, p.name, p.patronymic, p.id",
        )
        .bind(class_id)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(|r| Ok((r.try_get("id")?, format!("{} {}", r.try_get::<String, _>("surname")?, r.try_get::<String, _>("name")?))))
        .collect::<Result<Vec<(i64, String)>, sqlx::Error>>()?
    };
    Ok(AbsenceChoices { classes, class_id, pupils, today })
}

/// The choices for the chosen class (`?class=ID`), read again after each post. Made by the page
/// itself, outside its own suspense, so the card hydrates with the data the server rendered.
pub fn choices_resource(absent: ServerAction<JournalAbsentDay>) -> Resource<Result<AbsenceChoices, AppError>> {
    let query = use_query_map();
    let class = move || query.with(|q| q.get("class").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    Resource::new(move || (class(), absent.version().get()), move |(c, _)| async move {
        // Only the school admin's page asks (a teacher's `/journal` has no such card); on the
        // server the person is already known to the request.
        let me = crate::accounts::api::whoami().await?;
        if me.is_some_and(|me| me.active.role == crate::accounts::types::RoleKind::SchoolAdmin) {
            journal_absence_choices(c).await
        } else {
            Ok(AbsenceChoices { classes: vec![], class_id: 0, pupils: vec![], today: String::new() })
        }
    })
}

/// The admin's card: the class (GET), then pupil, date and kind (the action of the page).
#[component]
pub fn AdminAbsentDay(absent: ServerAction<JournalAbsentDay>, data: Resource<Result<AbsenceChoices, AppError>>) -> impl IntoView {
    let query = use_query_map();
    let error = Signal::derive(move || absent.value().get().and_then(|r| r.err()));
    let done = move || query.with(|q| q.get("absent")).map(|n| Msg::JournalAbsentDayDone.fill(use_lang(), &[&n]));
    view! {
        <section class="card" aria-labelledby="absent-day">
            <h2 id="absent-day">{t(Msg::JournalAbsentDayTitle)}</h2>
            <p class="muted">{t(Msg::JournalAbsentDayLead)}" "{t(Msg::AbsAdminLead)}</p>
            {move || done().map(|d| view! { <p class="notice notice-success" role="status">{d}</p> })}
            <p class="form-error" role="alert">{move || error.get().map(|e| e.user_message(use_lang()))}</p>
            {await_view(data, move |c: AbsenceChoices| {
                let chosen = c.class_id;
                let classes = c
                    .classes
                    .iter()
                    .map(|(id, name)| view! { <option value=id.to_string() selected=*id == chosen>{name.clone()}</option> })
                    .collect_view();
                let pupils = c.pupils.iter().map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> }).collect_view();
                let kinds = ["н", "б", "п"]
                    .into_iter()
                    .map(|code| {
                        let a = crate::journal::marks::Attendance::parse(code).unwrap_or(crate::journal::marks::Attendance::Absent);
                        view! { <option value=code>{t(crate::journal::grid::components::attendance_label(a))}</option> }
                    })
                    .collect_view();
                let empty = chosen != 0 && c.pupils.is_empty();
                view! {
                    <form method="get" action="/journal" class="pick-form">
                        <div class="field">
                            <label for="absent-class">{t(Msg::ClassCol)}</label>
                            <select id="absent-class" name="class">{classes}</select>
                        </div>
                        <button type="submit" class="btn">{t(Msg::AbsChooseClass)}</button>
                    </form>
                    {empty.then(|| view! { <p class="muted">{t(Msg::AbsNoPupils)}</p> })}
                    {(!c.pupils.is_empty()).then(|| view! {
                        <ActionForm action=absent attr:class="pick-form">
                            <div class="field">
                                <label for="absent-pupil">{t(Msg::JournalPupilCol)}</label>
                                <select id="absent-pupil" name="pupil_id">{pupils}</select>
                            </div>
                            <div class="field">
                                <label for="absent-date">{t(Msg::JournalDateLabel)}</label>
                                <input id="absent-date" name="date" type="date" value=c.today.clone()/>
                            </div>
                            <div class="field">
                                <label for="absent-kind">{t(Msg::JournalAttendance)}</label>
                                <select id="absent-kind" name="attendance">{kinds}</select>
                            </div>
                            <button type="submit" class="btn btn-primary">{t(Msg::JournalAbsentDayButton)}</button>
                        </ActionForm>
                    })}
                }
            })}
        </section>
    }
}
