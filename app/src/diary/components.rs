//! The pupil's and the parent's start pages.

use super::api::{parent_overview, pupil_overview};
use super::types::{ParentSummary, PupilSummary};
use crate::i18n::{t, Msg};
use crate::ui::{await_view, ComingNext, PageTitle};
use leptos::prelude::*;

#[component]
pub fn PupilHome() -> impl IntoView {
    let data = Resource::new(|| (), |_| pupil_overview());
    await_view(data, |o: PupilSummary| {
        let class_line = o.class_name.clone().map(|c| {
            let teacher = o.class_teacher.clone().unwrap_or_else(|| t(Msg::NotAssigned).to_string());
            view! {
                <p class="subtitle">
                    {t(Msg::MyClass)}": "<strong>{c}</strong>" · "{t(Msg::ClassTeacherCol)}": "{teacher}
                </p>
            }
        });
        let subjects = o
            .subjects
            .into_iter()
            .map(|s| view! { <li class="subject"><span class="subject-name">{s.subject}</span><span class="subject-teacher">{s.teacher}</span></li> })
            .collect_view();
        view! {
            <PageTitle text=t(Msg::PupilTitle).to_string()/>
            <p class="subtitle">{o.school.clone()}</p>
            {class_line}
            <p class="quick-links"><a class="btn btn-primary" href="/timetable">{t(Msg::TimetableTitle)}</a></p>
            <ComingNext what=Msg::PupilComing/>
            <section class="card" aria-labelledby="subjects-title">
                <h2 id="subjects-title">{t(Msg::SubjectCol)}</h2>
                <ul class="subject-list">{subjects}</ul>
            </section>
        }
    })
}

#[component]
pub fn ParentHome() -> impl IntoView {
    let data = Resource::new(|| (), |_| parent_overview());
    await_view(data, |o: ParentSummary| {
        let empty = o.children.is_empty();
        let cards = o
            .children
            .into_iter()
            .map(|c| {
                let status = if c.confirmed { t(Msg::LinkConfirmed) } else { t(Msg::LinkPending) };
                let details = c.confirmed.then(|| {
                    view! {
                        <p>{c.school.clone()}</p>
                        <p>{t(Msg::ClassCol)}": "<strong>{c.class_name.clone().unwrap_or_default()}</strong></p>
                    }
                });
                view! {
                    <article class="card child-card" data-testid="child-card">
                        <h2>{c.full_name}</h2>
                        {details}
                        <p class="badge">{status}</p>
                    </article>
                }
            })
            .collect_view();
        view! {
            <PageTitle text=t(Msg::ParentTitle).to_string()/>
            <ComingNext what=Msg::ParentComing/>
            {if empty {
                view! { <p class="notice">{t(Msg::NoChildren)}</p> }.into_any()
            } else {
                view! { <div class="cards">{cards}</div> }.into_any()
            }}
            <p class="quick-links"><a href="/timetable">{t(Msg::TimetableTitle)}</a><a href="/parent/access">{t(Msg::ChildAccessTitle)}</a></p>
        }
    })
}
