//! `/journal/summary/:class?period=N`: the class summary, live.

use super::{journal_class_summary, ClassSummary};
use crate::i18n::{t, use_lang, Msg};
use crate::journal::grid::types::topic;
use crate::ui::{await_view, PageTitle};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn JournalSummaryPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = move || {
        let num = |v: Option<String>| v.and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
        (num(params.with(|p| p.get("class"))), num(query.with(|q| q.get("period"))))
    };
    let data = Resource::new(key, |(class_id, period_id)| journal_class_summary(class_id, period_id));
    view! {
        <p class="breadcrumbs"><a href="/journal">{t(Msg::JournalTitle)}</a></p>
        {await_view(data, summary_page)}
    }
}

fn summary_page(s: ClassSummary) -> AnyView {
    let lang = use_lang();
    let (class_id, period_id) = (s.class_id, s.period_id);
    let tabs = s
        .periods
        .iter()
        .map(|p| {
            let current = p.id == period_id;
            view! {
                <a class="tab" class:tab-current=current aria-current=current.then_some("page") href=format!("/journal/summary/{class_id}?period={}", p.id)>
                    {p.label.clone()}{p.closed.then(|| " 🔒")}
                </a>
            }
        })
        .collect_view();
    let title = Msg::JournalSummaryOf.fill(lang, &[&s.class_name]);
    let no_subjects = s.subjects.is_empty();
    let no_pupils = s.rows.is_empty();
    view! {
        <PageTitle text=title/>
        <nav class="tabs" aria-label=t(Msg::JournalPeriodsTitle)>{tabs}</nav>
        <p class="muted">{t(Msg::JournalSummaryLead)}</p>
        {if no_subjects {
            view! { <p class="notice">{t(Msg::JournalSummaryNoSubjects)}</p> }.into_any()
        } else if no_pupils {
            view! { <p class="notice">{t(Msg::AbsNoPupils)}</p> }.into_any()
        } else {
            view! { <LiveSummary summary=s/> }.into_any()
        }}
    }
    .into_any()
}

/// The table, live: the one part of this page that runs in the browser. Every subject's grid
/// publishes here; the summary reads itself again on each change, and when the stream opens (a
/// mark given between the server's render and then).
#[island]
fn LiveSummary(summary: ClassSummary) -> impl IntoView {
    let (class_id, period_id) = (summary.class_id, summary.period_id);
    let topics = summary.subjects.iter().take(crate::live::MAX_TOPICS).map(|sub| topic(summary.school_id, class_id, sub.id)).collect();
    let shown = RwSignal::new(summary);
    let tick = crate::live::use_live_topics(topics);
    // Answers can overtake each other: only the latest request's answer is shown.
    let asked = StoredValue::new(0u64);
    let refresh = move || {
        asked.update_value(|n| *n += 1);
        let mine = asked.get_value();
        spawn_local(async move {
            if let Ok(fresh) = journal_class_summary(class_id, period_id).await {
                if asked.get_value() == mine {
                    shown.set(fresh);
                }
            }
        })
    };
    Effect::new(move |_| {
        if tick.get() > 0 {
            refresh();
        }
    });
    view! {
        <div class="table-wrap jsum-wrap" data-live=move || (tick.get() > 0).to_string()>
            {move || shown.with(summary_table)}
        </div>
    }
}

fn summary_table(s: &ClassSummary) -> AnyView {
    let lang = use_lang();
    let head = s
        .subjects
        .iter()
        .map(|sub| {
            view! {
                <th scope="col" class="jsum-subject">
                    <a href=sub.href.clone() title=sub.name.clone() aria-label=sub.name.clone()>{sub.short_name.clone()}</a>
                </th>
            }
        })
        .collect_view();
    let rows = s
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let cells = r
                .subjects
                .iter()
                .zip(&s.subjects)
                .map(|(res, sub)| {
                    let final_mark = (!res.final_mark.is_empty()).then(|| {
                        let label = Msg::JournalSummaryFinal.fill(lang, &[&res.final_mark]);
                        view! { <b class="jsum-final" title=label.clone() aria-label=label>{res.final_mark.clone()}</b> }
                    });
                    view! {
                        <td class="num" data-subject=sub.id.to_string()>
                            <span class=res.hint.clone()>{res.average.clone()}</span>
                            {final_mark}
                        </td>
                    }
                })
                .collect_view();
            view! {
                <tr data-pupil=r.pupil_id.to_string()>
                    <td class="num">{i + 1}</td>
                    <th scope="row">{r.name.clone()}</th>
                    {cells}
                    <td class="num" data-col="missed">{r.missed}</td>
                    <td class="num" data-col="ill">{r.ill}</td>
                    <td class="num" data-col="late">{r.late}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="table jsum">
            <thead>
                <tr>
                    <th scope="col" class="num">"№"</th>
                    <th scope="col">{t(Msg::JournalPupilCol)}</th>
                    {head}
                    <th scope="col" class="num">{t(Msg::JournalSummaryMissed)}</th>
                    <th scope="col" class="num">{t(Msg::JournalSummaryIll)}</th>
                    <th scope="col" class="num">{t(Msg::JournalSummaryLate)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}
