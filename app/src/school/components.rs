//! The school admin's and the region operator's start pages.

use super::api::{region_overview, school_overview};
use super::types::{Period, PeriodKind, RegionSummary, SchoolSummary};
use crate::i18n::{t, use_lang, Lang, Msg};
use crate::ui::{await_view, table, ComingNext, PageTitle, Stat};
use leptos::prelude::*;

#[component]
pub fn AdminHome() -> impl IntoView {
    let data = Resource::new(|| (), |_| school_overview());
    await_view(data, |o: SchoolSummary| {
        let lang = use_lang();
        let class_count = o.classes.len() as i64;
        let periods = o.periods.iter().map(|p| view! { <li>{period_line(p, lang)}</li> }).collect_view();
        let classes = o
            .classes
            .into_iter()
            .map(|c| {
                view! {
                    <tr>
                        <th scope="row">{c.name}</th>
                        <td>{c.class_teacher.unwrap_or_else(|| t(Msg::NotAssigned).to_string())}</td>
                        <td class="num">{c.pupils}</td>
                        <td><a href=format!("/admin/classes/{}/sheets.pdf", c.id) download>{t(Msg::PrintClassSheets)}</a></td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <PageTitle text=o.school.short_name.clone()/>
            <p class="subtitle">{o.school.name.clone()}" · "{t(Msg::InnLabel)}" "{o.school.inn.clone()}" · "{t(Msg::OkpoLabel)}" "{o.school.okpo.clone()}</p>
            <div class="stats">
                <Stat label=Msg::StatPupils value=o.pupils/>
                <Stat label=Msg::StatTeachers value=o.teachers/>
                <Stat label=Msg::StatParents value=o.parents/>
                <Stat label=Msg::StatClasses value=class_count/>
                <Stat label=Msg::StatSubjects value=o.subjects/>
            </div>
            <ComingNext what=Msg::AdminComing/>
            <nav class="quick-links" aria-label=t(Msg::MainNav)>
                <a class="btn btn-primary" href="/admin/people">{t(Msg::PeopleTitle)}</a>
                <a class="btn" href="/admin/timetable">{t(Msg::EditorOpen)}</a>
                <a class="btn" href="/admin/timetable/year">{t(Msg::YearTitle)}</a>
                <a class="btn" href="/timetable">{t(Msg::TimetableTitle)}</a>
                <a class="btn" href="/admin/substitutions">{t(Msg::SubstitutionsLink)}</a>
                <a class="btn" href="/admin/audit">{t(Msg::AuditTitle)}</a>
                // The live journal grid
                <a class="btn" href="/journal">{t(Msg::JournalTitle)}</a>
                <a class="btn" href="/admin/timetable/import">{t(Msg::TtImportTitle)}</a>
                <a class="btn" href="/admin/outbox">{t(Msg::OutboxTitle)}</a>
            </nav>
            <div class="columns">
                <section class="card" aria-labelledby="year-title">
                    <h2 id="year-title">{t(Msg::AcademicYear)}" "{o.year_name.clone().unwrap_or_default()}</h2>
                    <h3>{t(Msg::ReportingPeriods)}</h3>
                    <ul class="plain-list">{periods}</ul>
                </section>
                <section class="card card-wide" aria-labelledby="classes-title">
                    <h2 id="classes-title">{t(Msg::ClassesTitle)}</h2>
                    {table(&[(Msg::ClassCol, false), (Msg::ClassTeacherCol, false), (Msg::PupilsCol, true), (Msg::SheetsCol, false)], classes)}
                </section>
            </div>
        }
    })
}

/// «1 четверть: 01.09.2026 – 26.10.2026».
fn period_line(p: &Period, lang: Lang) -> String {
    let name = period_name(p.kind, p.number, lang);
    format!("{name}: {} – {}", russian_date(&p.starts_on), russian_date(&p.ends_on))
}

/// «1 четверть», «2 полугодие», «Год».
pub fn period_name(kind: PeriodKind, number: i64, lang: Lang) -> String {
    match kind {
        PeriodKind::Quarter => Msg::PeriodQuarter.fill(lang, &[&number.to_string()]),
        PeriodKind::Trimester => Msg::PeriodTrimester.fill(lang, &[&number.to_string()]),
        PeriodKind::HalfYear => Msg::PeriodHalfYear.fill(lang, &[&number.to_string()]),
        PeriodKind::Year => Msg::PeriodYear.text(lang).to_string(),
    }
}

/// `2026-09-01` → `01.09.2026`, the way Russian schools write dates.
pub fn russian_date(iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    match parts.as_slice() {
        [y, m, d] => format!("{d}.{m}.{y}"),
        _ => iso.to_string(),
    }
}

#[component]
pub fn RegionHome() -> impl IntoView {
    let data = Resource::new(|| (), |_| region_overview());
    await_view(data, |o: RegionSummary| {
        let esia = if o.esia_enabled { t(Msg::Enabled) } else { t(Msg::Disabled) };
        let rows = o
            .schools
            .into_iter()
            .map(|s| view! { <tr><th scope="row">{s.short_name}</th><td class="num">{s.pupils}</td></tr> })
            .collect_view();
        view! {
            <PageTitle text=o.name.clone()/>
            <p class="subtitle">{t(Msg::GosuslugiCol)}": "{esia}</p>
            <crate::esia::components::RegionEsiaCard/>
            <section class="card" aria-labelledby="schools-title">
                <h2 id="schools-title">{t(Msg::SchoolsTitle)}</h2>
                {table(&[(Msg::SchoolCol, false), (Msg::StatPupils, true)], rows)}
            </section>
        }
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_read_the_russian_way() {
        assert_eq!(super::russian_date("2026-09-01"), "01.09.2026");
        assert_eq!(super::russian_date("garbage"), "garbage");
    }
}
