//! `/admin/timetable/import`: the template, what a FET file brings, and the upload form (a
//! plain multipart form, so it works without JavaScript); `/admin/timetable/import/:id`: the
//! check — errors and clashes, or the counts, the report and «Импортировать» — then the outcome.

use super::{timetable_import_state, ChooseTimetableTeacher, Note, StartTimetableImport, Summary, TtImportStatus, TtImportView, CSV_COLUMNS};
use crate::i18n::{t, use_lang, Msg};
use crate::people::import::components::UploadCard;
use crate::ui::{await_view, table, PageTitle};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn TimetableImportPage() -> impl IntoView {
    let columns = CSV_COLUMNS.iter().map(|(title, _)| view! { <li>{*title}</li> }).collect_view();
    view! {
        <p class="breadcrumbs"><a href="/admin">{t(Msg::AdminTitle)}</a></p>
        <PageTitle text=t(Msg::TtImportTitle).to_string()/>
        <p class="lead">{t(Msg::TtImportLead)}</p>
        <div class="columns">
            <section class="card" aria-labelledby="template-title">
                <h2 id="template-title">{t(Msg::ImportTemplateTitle)}</h2>
                <div class="button-row">
                    <a class="btn" href="/admin/timetable/import/template.csv" download>{t(Msg::TtImportTemplateCsv)}</a>
                </div>
                <p class="hint">{t(Msg::TtImportColumnsHint)}</p>
                <ol class="plain-list import-columns">{columns}</ol>
                <p class="hint">{t(Msg::TtImportColumnsRules)}</p>
                <h2 id="fet-title">{t(Msg::TtImportFetTitle)}</h2>
                <p class="hint">{t(Msg::TtImportFetHint)}</p>
            </section>
            <UploadCard action="/admin/timetable/import/upload" label=Msg::TtImportFileLabel accept=".fet,.xml,.csv,.xlsx,text/csv"/>
        </div>
    }
}

fn report_list(report: &[Note]) -> AnyView {
    let lang = use_lang();
    if report.is_empty() {
        return view! { <p class="hint">{t(Msg::TtImportReportEmpty)}</p> }.into_any();
    }
    let items = report.iter().map(|n| view! { <li>{n.text(lang)}</li> }).collect_view();
    view! { <ul class="import-report" data-testid="import-report">{items}</ul> }.into_any()
}

fn counts(s: &Summary) -> AnyView {
    let lang = use_lang();
    let new = |n: i64| (n > 0).then(|| format!(" ({})", Msg::TtCountNew.fill(lang, &[&n.to_string()])));
    let rows = [
        (Msg::TtCountClasses, s.classes, new(s.new_classes)),
        (Msg::TtCountSubjects, s.subjects, new(s.new_subjects)),
        (Msg::TtCountTeachers, s.teachers, None),
        (Msg::TtCountRooms, s.rooms, new(s.new_rooms)),
        (Msg::TtCountLessons, s.lessons, None),
        (Msg::TtCountPlaced, s.placed, None),
    ]
    .into_iter()
    .map(|(label, value, extra)| view! { <div><dt>{t(label)}</dt><dd>{value}{extra}</dd></div> })
    .collect_view();
    view! { <dl class="import-counts" data-testid="import-counts">{rows}</dl> }.into_any()
}

/// «Сопоставить учителей»: one small form per teacher of the file not found by ФИО (each works
/// without JavaScript), a select of the school's teachers and «Сопоставить».
fn choose_teachers(v: &TtImportView, choose: ServerAction<ChooseTimetableTeacher>) -> Option<AnyView> {
    let names = v.unmatched_teachers();
    if names.is_empty() || v.teacher_options.is_empty() {
        return None;
    }
    let id = v.id.to_string();
    let rows = names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let field = format!("choose-{i}");
            let id = id.clone();
            let options = v.teacher_options.iter().map(|(id, full)| view! { <option value=id.to_string()>{full.clone()}</option> }).collect_view();
            view! {
                <tr>
                    <th scope="row"><label for=field.clone()>{name.clone()}</label></th>
                    <td>
                        <ActionForm action=choose attr:class="inline-form">
                            <input type="hidden" name="id" value=id/>
                            <input type="hidden" name="name" value=name/>
                            <select id=field name="teacher_id">
                                <option value="">{t(Msg::TtImportChooseNone)}</option>
                                {options}
                            </select>
                            " "
                            <button type="submit" class="btn">{t(Msg::TtImportChooseButton)}</button>
                        </ActionForm>
                    </td>
                </tr>
            }
        })
        .collect_view();
    Some(
        view! {
            <h2>{t(Msg::TtImportChooseTitle)}</h2>
            <p class="hint">{t(Msg::TtImportChooseHint)}</p>
            <p class="form-error" role="alert">{move || choose.value().get().and_then(|r| r.err()).map(|e| e.user_message(use_lang()))}</p>
            {table(&[(Msg::TtColFileTeacher, false), (Msg::TtColSchoolTeacher, false)], rows)}
        }
        .into_any(),
    )
}

#[component]
pub fn TimetableImportResultPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let start = ServerAction::<StartTimetableImport>::new();
    let choose = ServerAction::<ChooseTimetableTeacher>::new();
    // «Импортировать» and «Сопоставить» redirect to this same address; with JavaScript the
    // page asks again.
    let data = Resource::new(move || (id(), start.version().get(), choose.version().get()), |(id, _, _)| timetable_import_state(id));
    view! {
        <p class="breadcrumbs"><a href="/admin">{t(Msg::AdminTitle)}</a>" · "<a href="/admin/timetable/import">{t(Msg::TtImportTitle)}</a></p>
        <PageTitle text=t(Msg::TtImportTitle).to_string()/>
        {await_view(data, move |v: TtImportView| {
            let lang = use_lang();
            let again = view! { <p><a class="btn btn-primary" href="/admin/timetable/import">{t(Msg::ImportAgain)}</a></p> };
            let body = match v.status {
                TtImportStatus::Invalid => {
                    let rows = v
                        .problems
                        .iter()
                        .map(|p| {
                            let line = if p.line == 0 { "—".to_string() } else { p.line.to_string() };
                            view! { <tr><th scope="row" class="num">{line}</th><td>{p.column.clone()}</td><td>{p.note.text(lang)}</td></tr> }
                        })
                        .collect_view();
                    view! {
                        <p class="notice notice-error" role="alert" data-testid="import-outcome">{Msg::TtImportHasProblems.fill(lang, &[&v.problems.len().to_string()])}</p>
                        {table(&[(Msg::ImportRowCol, true), (Msg::ImportColumnCol, false), (Msg::ImportErrorCol, false)], rows)}
                        <h2>{t(Msg::TtImportReportTitle)}</h2>
                        {report_list(&v.report)}
                        {choose_teachers(&v, choose)}
                        {again}
                    }
                    .into_any()
                }
                TtImportStatus::Preview => {
                    let id = v.id.to_string();
                    // A file none of whose activities could be mapped (yet) has nothing to import.
                    let nothing = v.summary.lessons == 0;
                    view! {
                        <p class="notice" role="status" data-testid="import-outcome">{t(if nothing { Msg::TtImportNothing } else { Msg::TtImportReady })}</p>
                        <h2>{t(Msg::TtImportCounts)}</h2>
                        {counts(&v.summary)}
                        <h2>{t(Msg::TtImportReportTitle)}</h2>
                        {report_list(&v.report)}
                        {choose_teachers(&v, choose)}
                        {(!nothing).then(|| view! {
                            <ActionForm action=start attr:class="form">
                                <input type="hidden" name="id" value=id/>
                                <div class="field field-check">
                                    <input id="generate" name="generate" type="checkbox" value="on"/>
                                    <label for="generate">{t(Msg::TtImportGenerate)}</label>
                                </div>
                                <p class="hint">{t(Msg::TtImportReplaceHint)}</p>
                                <p class="form-error" role="alert">{move || start.value().get().and_then(|r| r.err()).map(|e| e.user_message(use_lang()))}</p>
                                <button type="submit" class="btn btn-primary">{t(Msg::ImportStart)}</button>
                            </ActionForm>
                        })}
                    }
                    .into_any()
                }
                TtImportStatus::Done => view! {
                    <p class="notice notice-success" role="status" data-testid="import-outcome">
                        {Msg::TtImportDone.fill(lang, &[&v.summary.classes.to_string(), &v.summary.lessons.to_string()])}
                    </p>
                    {counts(&v.summary)}
                    <h2>{t(Msg::TtImportReportTitle)}</h2>
                    {report_list(&v.report)}
                }
                .into_any(),
                TtImportStatus::Failed => view! {
                    <p class="notice notice-error" role="alert" data-testid="import-outcome">{Msg::ImportFailed.fill(lang, &[&v.failure.clone().unwrap_or_default()])}</p>
                    {again}
                }
                .into_any(),
            };
            view! {
                <p class="subtitle">{v.file_name.clone()}</p>
                {body}
            }
        })}
    }
}
