//! `/admin/import`: the template and the upload form (a plain multipart form, so it works
//! without JavaScript); `/admin/import/:id`: the check's outcome — the rows with errors, or the
//! preview and «Импортировать» — then the progress and the result.

use super::{import_state, ImportStatus, ImportView, StartImport, COLUMNS};
use crate::i18n::{t, use_lang, Msg};
use crate::ui::{await_view, table, PageTitle};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Why the upload handler sent the form back: it redirects with `?error=<message name>`.
fn upload_refusal() -> impl Fn() -> Option<String> + Copy + Send + Sync + 'static {
    let query = use_query_map();
    move || {
        query
            .with(|q| q.get("error"))
            .and_then(|code| serde_json::from_str::<Msg>(&format!("\"{code}\"")).ok())
            .map(|m| m.text(use_lang()).to_string())
    }
}

#[component]
pub fn ImportPage() -> impl IntoView {
    let columns = COLUMNS.iter().map(|(title, _)| view! { <li>{*title}</li> }).collect_view();
    view! {
        <p class="breadcrumbs"><a href="/admin/people">{t(Msg::PeopleTitle)}</a></p>
        <PageTitle text=t(Msg::ImportTitle).to_string()/>
        <p class="lead">{t(Msg::ImportLead)}</p>
        <div class="columns">
            <section class="card" aria-labelledby="template-title">
                <h2 id="template-title">{t(Msg::ImportTemplateTitle)}</h2>
                <div class="button-row">
                    <a class="btn" href="/admin/import/template.xlsx" download>{t(Msg::TemplateXlsx)}</a>
                    <a class="btn" href="/admin/import/template.csv" download>{t(Msg::TemplateCsv)}</a>
                </div>
                <p class="hint">{t(Msg::ImportColumnsHint)}</p>
                <ol class="plain-list import-columns">{columns}</ol>
            </section>
            <UploadCard action="/admin/import/upload" label=Msg::ImportFileLabel accept=".csv,.xlsx,text/csv"/>
        </div>
    }
}

/// «Загрузить файл»: a plain multipart form (works without JavaScript) posting the file to the
/// host's upload handler, which sends a refusal back as `?error=` and it shows at the field.
/// The timetable import's page uses it too.
#[component]
pub fn UploadCard(action: &'static str, label: Msg, accept: &'static str) -> impl IntoView {
    let refusal = upload_refusal();
    view! {
        <section class="card" aria-labelledby="upload-title">
            <h2 id="upload-title">{t(Msg::ImportUploadTitle)}</h2>
            <form class="form" method="post" action=action enctype="multipart/form-data">
                <div class="field">
                    <label for="file">{t(label)}</label>
                    <input id="file" name="file" type="file" accept=accept
                        aria-describedby="file-error" aria-invalid=move || refusal().is_some().to_string()/>
                    <p id="file-error" class="field-error" aria-live="polite">{refusal}</p>
                </div>
                <p class="hint">{t(Msg::ImportNothingUntilConfirmed)}</p>
                <button type="submit" class="btn btn-primary">{t(Msg::ImportCheckButton)}</button>
            </form>
        </section>
    }
}

#[component]
pub fn ImportResultPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let start = ServerAction::<StartImport>::new();
    // «Импортировать» redirects to this same address, so the page asks again itself; while the
    // import runs it asks every 800 ms (without JavaScript the meta refresh reloads the page).
    let data = Resource::new(move || (id(), start.version().get()), |(id, _)| import_state(id));
    Effect::new(move |_| {
        if let Some(Ok(v)) = data.get() {
            if v.status == ImportStatus::Running {
                set_timeout(move || data.refetch(), std::time::Duration::from_millis(800));
            }
        }
    });
    view! {
        <p class="breadcrumbs"><a href="/admin/people">{t(Msg::PeopleTitle)}</a>" · "<a href="/admin/import">{t(Msg::ImportTitle)}</a></p>
        <PageTitle text=t(Msg::ImportTitle).to_string()/>
        {await_view(data, move |v: ImportView| {
            let lang = use_lang();
            let body = match v.status {
                ImportStatus::Invalid => {
                    let rows = v
                        .errors
                        .iter()
                        .map(|e| view! { <tr><th scope="row" class="num">{e.line}</th><td>{e.column.clone()}</td><td>{e.message.text(lang)}</td></tr> })
                        .collect_view();
                    view! {
                        <p class="notice notice-error" role="alert" data-testid="import-outcome">{Msg::ImportHasErrors.fill(lang, &[&v.bad_rows.to_string()])}</p>
                        {table(&[(Msg::ImportRowCol, true), (Msg::ImportColumnCol, false), (Msg::ImportErrorCol, false)], rows)}
                        <p><a class="btn btn-primary" href="/admin/import">{t(Msg::ImportAgain)}</a></p>
                    }
                    .into_any()
                }
                ImportStatus::Preview => {
                    let rows = v
                        .preview
                        .iter()
                        .map(|r| {
                            let role = crate::accounts::types::RoleKind::from_code(&r.role).map(|k| k.label().text(lang)).unwrap_or_default();
                            view! { <tr><td class="num">{r.line}</td><th scope="row">{r.full_name.clone()}</th><td>{role}</td><td>{r.class_name.clone()}</td><td>{r.birth_date.clone()}</td></tr> }
                        })
                        .collect_view();
                    let id = v.id.to_string();
                    view! {
                        <p class="notice" role="status" data-testid="import-outcome">{Msg::ImportReady.fill(lang, &[&v.total.to_string()])}</p>
                        {table(&[(Msg::ImportRowCol, true), (Msg::FieldFullName, false), (Msg::FieldRole, false), (Msg::ClassCol, false), (Msg::FieldBirthDate, false)], rows)}
                        {(v.total as usize > super::PREVIEW_ROWS).then(|| view! { <p class="hint">{Msg::ImportPreviewMore.fill(lang, &[&(v.total as usize - super::PREVIEW_ROWS).to_string()])}</p> })}
                        <ActionForm action=start attr:class="form">
                            <input type="hidden" name="id" value=id/>
                            <p class="form-error" role="alert">{move || start.value().get().and_then(|r| r.err()).map(|e| e.user_message(use_lang()))}</p>
                            <button type="submit" class="btn btn-primary">{t(Msg::ImportStart)}</button>
                        </ActionForm>
                    }
                    .into_any()
                }
                ImportStatus::Running => view! {
                    // Reloads itself until done, with or without JavaScript.
                    <Meta http_equiv="refresh" content="1"/>
                    <p class="notice" role="status" data-testid="import-outcome">{Msg::ImportRunning.fill(lang, &[&v.done.to_string(), &v.total.to_string()])}</p>
                    <progress class="import-progress" max=v.total value=v.done aria-label=t(Msg::ImportProgress)>{v.done}" / "{v.total}</progress>
                }
                .into_any(),
                ImportStatus::Done => view! {
                    <p class="notice notice-success" role="status" data-testid="import-outcome">{Msg::ImportDone.fill(lang, &[&v.done.to_string()])}</p>
                    <div class="button-row">
                        <a class="btn btn-primary" href="/admin/people">{t(Msg::PeopleTitle)}</a>
                        <a class="btn" href="/admin">{t(Msg::SheetsCol)}</a>
                    </div>
                }
                .into_any(),
                ImportStatus::Failed => view! {
                    <p class="notice notice-error" role="alert" data-testid="import-outcome">{Msg::ImportFailed.fill(lang, &[&v.failure.clone().unwrap_or_default()])}</p>
                    <p><a class="btn btn-primary" href="/admin/import">{t(Msg::ImportAgain)}</a></p>
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
