//! `/journal/lesson/:id`: «Страница урока». Two forms, both plain posts: the topic, homework
//! and the column's work type; attendance and marks of every pupil.

use super::types::LessonPage;
use super::{journal_lesson, JournalSaveLessonMarks, JournalSaveLessonNotes};
use crate::i18n::{t, use_lang, Msg};
use crate::journal::grid::components::attendance_label;
use crate::journal::homework::components::HomeworkFilesCard;
use crate::journal::homework::JournalHomeworkFileDelete;
use crate::journal::marks::Attendance;
use crate::school::components::russian_date;
use crate::ui::{await_view, PageTitle, TextArea};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn JournalLessonPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let notes = ServerAction::<JournalSaveLessonNotes>::new();
    let marks = ServerAction::<JournalSaveLessonMarks>::new();
    let delete_file = ServerAction::<JournalHomeworkFileDelete>::new();
    let data = Resource::new(move || (id(), notes.version().get(), marks.version().get(), delete_file.version().get()), |(id, ..)| journal_lesson(id));
    let error = Signal::derive(move || notes.value().get().and_then(|r| r.err()).or_else(|| marks.value().get().and_then(|r| r.err())));
    view! {
        {await_view(data, move |l: LessonPage| {
            let lang = use_lang();
            let saved = query.with_untracked(|q| q.get("saved")).is_some()
                || notes.value().get_untracked().is_some_and(|r| r.is_ok())
                || marks.value().get_untracked().is_some_and(|r| r.is_ok());
            let disabled = !l.writable;
            let id = l.id.to_string();
            let wt_options = std::iter::once(view! { <option value="0" selected=l.work_type_id.is_none()>{t(Msg::JournalDefaultWorkType)}</option> }.into_any())
                .chain(l.work_types.iter().map(|w| {
                    let selected = l.work_type_id == Some(w.id);
                    view! { <option value=w.id.to_string() selected=selected>{format!("{} ×{}", w.name, w.weight)}</option> }.into_any()
                }))
                .collect_view();
            let rows = l
                .pupils
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let att = p.cell.a.clone();
                    let options = std::iter::once(("".to_string(), t(Msg::JournalPresent).to_string()))
                        .chain(Attendance::ALL.iter().map(|a| (a.code().to_string(), attendance_label(*a).text(lang).to_string())))
                        .map(|(v, label)| {
                            let selected = v == att;
                            view! { <option value=v selected=selected>{label}</option> }
                        })
                        .collect_view();
                    let marks_text = p.cell.marks.iter().map(|m| m.v.clone()).collect::<Vec<_>>().join(" ");
                    let minutes = p.cell.min.map(|m| m.to_string()).unwrap_or_default();
                    let (a_id, m_id, min_id) = (format!("att-{i}"), format!("marks-{i}"), format!("min-{i}"));
                    view! {
                        <tr>
                            <td class="num">{i + 1}</td>
                            <th scope="row">{p.name.clone()}</th>
                            <td>
                                <input type="hidden" name=format!("rows[{i}][pupil]") value=p.pupil_id.to_string()/>
                                <input type="hidden" name=format!("rows[{i}][version]") value=p.version.to_string()/>
                                <label class="visually-hidden" for=a_id.clone()>{format!("{}: {}", t(Msg::JournalAttendance), p.name)}</label>
                                <select id=a_id name=format!("rows[{i}][attendance]") disabled=disabled>{options}</select>
                            </td>
                            <td>
                                <label class="visually-hidden" for=min_id.clone()>{format!("{}: {}", t(Msg::JournalLateMinutes), p.name)}</label>
                                <input id=min_id class="input-narrow" type="text" inputmode="numeric" placeholder=t(Msg::JournalMinutesShort) name=format!("rows[{i}][minutes]") value=minutes disabled=disabled/>
                            </td>
                            <td>
                                <label class="visually-hidden" for=m_id.clone()>{format!("{}: {}", t(Msg::JournalMarksCol), p.name)}</label>
                                <input id=m_id type="text" placeholder=t(Msg::JournalMarksCol) name=format!("rows[{i}][marks]") value=marks_text disabled=disabled/>
                            </td>
                        </tr>
                    }
                })
                .collect_view();
            let (id2, title) = (id.clone(), l.title.clone());
            view! {
                <p class="breadcrumbs"><a href="/journal">{t(Msg::JournalTitle)}</a>" › "<a href=l.grid_href.clone()>{title.clone()}</a></p>
                <PageTitle text=t(Msg::JournalLessonTitle).to_string()/>
                <p class="subtitle">{format!("{} · {} · {}", title, russian_date(&l.date), Msg::JournalLessonNumber.fill(lang, &[&l.number.to_string()]))}</p>
                {l.substitute.clone().map(|s| view! { <p class="notice">{Msg::LessonSubstitute.fill(lang, &[&s])}</p> })}
                {l.closed.then(|| view! { <p class="notice">{t(Msg::JournalClosedNote)}</p> })}
                {(!l.writable && !l.closed).then(|| view! { <p class="notice">{t(Msg::JournalReadOnly)}</p> })}
                {saved.then(|| view! { <p class="notice notice-success" role="status">{t(Msg::JournalSaved)}</p> })}
                <p class="form-error" role="alert">{move || error.get().map(|e| e.user_message(use_lang()))}</p>
                <section class="card" aria-labelledby="lesson-notes">
                    <h2 id="lesson-notes">{t(Msg::JournalLessonNotes)}</h2>
                    <ActionForm action=notes attr:class="form">
                        <input type="hidden" name="id" value=id/>
                        <div class="field">
                            <label for="topic">{t(Msg::JournalTopic)}</label>
                            <input id="topic" name="topic" type="text" value=l.topic.clone() disabled=disabled maxlength="500"/>
                        </div>
                        <div class="field">
                            <label for="homework">{t(Msg::JournalHomework)}</label>
                            <TextArea id="homework" name="homework" rows=3 maxlength=4000 disabled=disabled text=l.homework.clone()/>
                        </div>
                        <div class="field">
                            <label for="work_type_id">{t(Msg::JournalWorkType)}</label>
                            <select id="work_type_id" name="work_type_id" disabled=disabled>{wt_options}</select>
                        </div>
                        {l.writable.then(|| view! { <button type="submit" class="btn btn-primary">{t(Msg::JournalSave)}</button> })}
                    </ActionForm>
                </section>
                <HomeworkFilesCard files=l.files.clone() delete=delete_file/>
                <section class="card" aria-labelledby="lesson-marks">
                    <h2 id="lesson-marks">{t(Msg::JournalLessonMarks)}</h2>
                    {l.future.then(|| view! { <p class="muted">{t(Msg::JournalLessonFuture)}</p> })}
                    <ActionForm action=marks attr:class="form">
                        <input type="hidden" name="id" value=id2/>
                        <div class="table-wrap lesson-marks">
                            <table class="table">
                                <thead><tr>
                                    <th scope="col" class="num">"№"</th>
                                    <th scope="col">{t(Msg::JournalPupilCol)}</th>
                                    <th scope="col">{t(Msg::JournalAttendance)}</th>
                                    <th scope="col">{t(Msg::JournalLateMinutes)}</th>
                                    <th scope="col">{t(Msg::JournalMarksCol)}</th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                        {(l.writable && !l.future).then(|| view! { <button type="submit" class="btn btn-primary">{t(Msg::JournalSaveMarks)}</button> })}
                    </ActionForm>
                </section>
            }
        })}
    }
}
