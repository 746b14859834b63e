//! The teacher's start page.

use super::api::teacher_overview;
use super::types::TeacherSummary;
use crate::i18n::{t, Msg};
use crate::ui::{await_view, table, ComingNext, PageTitle};
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
            <ComingNext what=Msg::TeacherComing/>
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
    use super::grid::journal_index;
    use super::grid::types::JournalList;
    let data = Resource::new(|| (), |_| journal_index());
    await_view(data, |o: JournalList| {
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
        }
    })
}
