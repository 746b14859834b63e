//! The lesson page's «Файлы к домашнему заданию» card.

use super::types::{human_size, HomeworkFiles};
use super::JournalHomeworkFileDelete;
use crate::i18n::{t, use_lang, Msg};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The files of a lesson's homework (read with the lesson page, which reloads after `delete`);
/// the upload form and «Удалить» for those who keep the lesson.
#[component]
pub fn HomeworkFilesCard(files: HomeworkFiles, delete: ServerAction<JournalHomeworkFileDelete>) -> impl IntoView {
    let query = use_query_map();
    // The upload handler sends a refusal back as `?file_error=<message name>`.
    let refusal = move || {
        query
            .with(|q| q.get("file_error"))
            .and_then(|code| serde_json::from_str::<Msg>(&format!("\"{code}\"")).ok())
            .map(|m| m.text(use_lang()).to_string())
    };
    let done = move || match query.with(|q| q.get("file")).as_deref() {
        Some("added") => Some(t(Msg::HwFileAdded)),
        Some("deleted") => Some(t(Msg::HwFileDeleted)),
        _ => None,
    };
    let delete_error = move || delete.value().get().and_then(|r| r.err()).map(|e| e.user_message(use_lang()));
    view! {
        <section class="card" id="homework-files" aria-labelledby="homework-files-h">
            <h2 id="homework-files-h">{t(Msg::HwFilesTitle)}</h2>
            {
                let f = files;
                let lang = use_lang();
                let empty = f.files.is_empty();
                let writable = f.writable;
                let rows = f
                    .files
                    .into_iter()
                    .map(|file| {
                        let label = Msg::HwFileDeleteOf.fill(lang, &[&file.name]);
                        view! {
                            <tr>
                                <th scope="row"><a href=file.href.clone() download=file.name.clone()>{file.name.clone()}</a></th>
                                <td class="num nowrap">{human_size(file.size, lang)}</td>
                                {writable.then(|| view! {
                                    <td>
                                        <ActionForm action=delete attr:class="inline-form">
                                            <input type="hidden" name="file_id" value=file.id.to_string()/>
                                            <button type="submit" class="btn btn-small btn-danger" aria-label=label>{t(Msg::HwFileDelete)}</button>
                                        </ActionForm>
                                    </td>
                                })}
                            </tr>
                        }
                    })
                    .collect_view();
                let action = format!("/journal/lesson/{}/files", f.lesson_id);
                view! {
                    {move || done().map(|d| view! { <p class="notice notice-success" role="status">{d}</p> })}
                    <p class="form-error" role="alert">{delete_error}</p>
                    {if empty {
                        view! { <p class="muted">{t(Msg::HwFileNone)}</p> }.into_any()
                    } else {
                        view! {
                            <div class="table-wrap">
                                <table class="table homework-files">
                                    <thead><tr>
                                        <th scope="col">{t(Msg::HwFileCol)}</th>
                                        <th scope="col" class="num">{t(Msg::HwFileSizeCol)}</th>
                                        {writable.then(|| view! { <th scope="col"><span class="visually-hidden">{t(Msg::SetupActions)}</span></th> })}
                                    </tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                        }.into_any()
                    }}
                    {writable.then(|| view! {
                        <form class="form" method="post" action=action enctype="multipart/form-data">
                            <div class="field">
                                <label for="homework-file">{t(Msg::HwFileLabel)}</label>
                                <input id="homework-file" name="file" type="file" required
                                    aria-describedby="homework-file-error homework-file-hint"
                                    aria-invalid=move || refusal().is_some().to_string()/>
                                <p id="homework-file-error" class="field-error" aria-live="polite">{refusal}</p>
                                <p id="homework-file-hint" class="hint">{t(Msg::HwFileHint)}</p>
                            </div>
                            <button type="submit" class="btn btn-primary">{t(Msg::HwFileUpload)}</button>
                        </form>
                    })}
                }
            }
        </section>
    }
}
