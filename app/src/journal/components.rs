//! The teacher's start page.

use super::api::teacher_overview;
use super::absence::AdminAbsentDay;
use super::types::TeacherSummary;
use crate::i18n::{t, Msg};
use crate::ui::{await_view, table, PageTitle};
use leptos::prelude::*;

#[component]
pub fn TeacherHome() -> impl IntoView {
    let data = Resource::new(|| (), |_| teacher_overview());
    await_view(data, |o: TeacherSummary| {
        let empty = o.assignments.is_empty();
        let rows = o
            .assignments
            .into_iter()
            .map(|a| {
                view! {
                    <tr>
                        <th scope="row">{a.group}</th>
                        <td>{a.subject}</td>
                        <td class="num">{a.hours_per_week}</td>
                    </tr>
                }
            })
            .collect_view();
        let homeroom = (!o.homeroom.is_empty()).then(|| {
            let list = o
                .homeroom
                .iter()
                .map(|(name, n)| format!("{name} ({n})"))
                .collect::<Vec<_>>()
                .join(", ");
            view! { <p class="subtitle">{t(Msg::MyHomeroom)}": "{list}</p> }
        });
        view! {
            <PageTitle text=t(Msg::TeacherTitle).to_string()/>
            {homeroom}
            <p class="quick-links"><a class="btn btn-primary" href="/journal">{t(Msg::JournalTitle)}</a>" "<a class="btn btn-primary" href="/timetable">{t(Msg::TimetableTitle)}</a></p>
            {if empty {
                view! { <p class="notice">{t(Msg::NoAssignments)}</p> }.into_any()
            } else {
                view! {
                    <section class="card">
                        {table(&[(Msg::ClassCol, false), (Msg::SubjectCol, false), (Msg::HoursCol, true)], rows)}
                    </section>
                }.into_any()
            }}
        }
    })
}

/// `/journal`: the classes and subjects of the teacher (the class they lead read only), or of
/// the whole school for its admin.
#[component]
pub fn JournalIndexPage() -> impl IntoView {
    use super::grid::types::JournalList;
    use super::grid::{journal_index, JournalAbsentDay};
    use leptos::form::ActionForm;
    use leptos_router::hooks::use_query_map;
    let query = use_query_map();
    let absent = ServerAction::<JournalAbsentDay>::new();
    let data = Resource::new(move || absent.version().get(), |_| journal_index());
    // The school admin's «Отсутствие на весь день» (`absence`); a teacher's read is refused and unused.
    let choices = super::absence::choices_resource(absent);
    let error = Signal::derive(move || absent.value().get().and_then(|r| r.err()));
    await_view(data, move |o: JournalList| {
        let lang = crate::i18n::use_lang();
        let done = query.with_untracked(|q| q.get("absent")).map(|n| Msg::JournalAbsentDayDone.fill(lang, &[&n]));
        // The school admin records a day of absence for any pupil (`absence`), the class teacher
        // for the pupils of the class they lead.
        let admin_day_form = o.is_admin.then(|| view! { <AdminAbsentDay absent=absent data=choices/> });
        let day_form = (!o.is_admin && !o.homeroom_pupils.is_empty()).then(|| {
            let pupils = o.homeroom_pupils.iter().map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> }).collect_view();
            let kinds = ["н", "б", "п"]
                .into_iter()
                .map(|code| {
                    let a = crate::journal::marks::Attendance::parse(code).unwrap_or(crate::journal::marks::Attendance::Absent);
                    view! { <option value=code>{t(super::grid::components::attendance_label(a))}</option> }
                })
                .collect_view();
            view! {
                <section class="card" aria-labelledby="absent-day">
                    <h2 id="absent-day">{t(Msg::JournalAbsentDayTitle)}</h2>
                    <p class="muted">{t(Msg::JournalAbsentDayLead)}</p>
                    {done.clone().map(|d| view! { <p class="notice notice-success" role="status">{d}</p> })}
                    <p class="form-error" role="alert">{move || error.get().map(|e| e.user_message(crate::i18n::use_lang()))}</p>
                    <ActionForm action=absent attr:class="pick-form">
                        <div class="field">
                            <label for="absent-pupil">{t(Msg::JournalPupilCol)}</label>
                            <select id="absent-pupil" name="pupil_id">{pupils}</select>
                        </div>
                        <div class="field">
                            <label for="absent-date">{t(Msg::JournalDateLabel)}</label>
                            <input id="absent-date" name="date" type="date" value=o.today.clone()/>
                        </div>
                        <div class="field">
                            <label for="absent-kind">{t(Msg::JournalAttendance)}</label>
                            <select id="absent-kind" name="attendance">{kinds}</select>
                        </div>
                        <button type="submit" class="btn btn-primary">{t(Msg::JournalAbsentDayButton)}</button>
                    </ActionForm>
                </section>
            }
        });
        // The class teacher's summary: one link per class the viewer may sum up.
        let summaries = (!o.summaries.is_empty()).then(|| {
            let links = o.summaries.iter().map(|(href, name)| view! { <li><a class="btn" href=href.clone()>{name.clone()}</a></li> }).collect_view();
            view! {
                <section class="card" aria-labelledby="class-summaries">
                    <h2 id="class-summaries">{t(Msg::JournalSummaryLinks)}</h2>
                    <ul class="link-row">{links}</ul>
                </section>
            }
        });
        let empty = o.links.is_empty();
        let rows = o
            .links
            .into_iter()
            .map(|l| {
                let label = match &l.group {
                    Some(g) => format!("{} · {g}", l.class_name),
                    None => l.class_name.clone(),
                };
                view! {
                    <tr>
                        <th scope="row"><a href=l.href.clone()>{label}</a></th>
                        <td><a href=l.href>{l.subject}</a></td>
                        <td>{l.teacher}</td>
                        <td>{if l.writable { t(Msg::JournalWrite) } else { t(Msg::JournalReadOnlyShort) }}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <PageTitle text=t(Msg::JournalTitle).to_string()/>
            {o.is_admin.then(|| view! { <p class="quick-links"><a class="btn" href="/journal/admin">{t(Msg::JournalAdminTitle)}</a></p> })}
            {if empty {
                view! { <p class="notice">{t(Msg::NoAssignments)}</p> }.into_any()
            } else {
                view! {
                    <section class="card">
                        {table(&[(Msg::ClassCol, false), (Msg::SubjectCol, false), (Msg::TeacherCol, false), (Msg::JournalAccessCol, false)], rows)}
                    </section>
                }.into_any()
            }}
            {summaries}
            {day_form}
            {admin_day_form}
        }
    })
}
