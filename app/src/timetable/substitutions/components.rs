//! `/admin/substitutions` (one date: a class's lessons, the day's substitutions) and
//! `/admin/substitutions/:id` (one lesson: another number, teacher or room; cancel; restore).

use super::api::{substitutions_of_day, lesson_for_substitution, CancelLesson, RestoreLesson, SaveSubstitution};
use super::types::{SubstitutionDay, SubstitutionLesson};
use crate::i18n::{t, use_lang, Msg};
use crate::school::components::russian_date;
use crate::timetable::personal::components::{name_cell, room_cell};
use crate::timetable::personal::types::LessonCell;
use crate::ui::{await_view, field_message, table, PageTitle, SelectField};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Subject, group and what changed, in one cell.
fn lesson_text(l: &LessonCell) -> impl IntoView {
    let lang = use_lang();
    let mut notes: Vec<String> = Vec::new();
    if l.cancelled {
        notes.push(t(Msg::LessonCancelled).to_string());
    }
    if let Some(from) = l.moved_from {
        notes.push(Msg::LessonMoved.fill(lang, &[&from.to_string()]));
    }
    if let Some(sub) = &l.substitute {
        notes.push(Msg::LessonSubstitute.fill(lang, &[sub]));
    }
    if l.room_changed {
        notes.push(t(Msg::LessonRoomChanged).to_string());
    }
    view! {
        <span class="lesson-subject">{l.subject.clone()}</span>
        {l.group.clone().map(|g| view! { <span class="lesson-group">" · "{g}</span> })}
        {(!notes.is_empty()).then(|| view! { <span class="lesson-note">{notes.join(" · ")}</span> })}
    }
}

fn row_class(l: &LessonCell) -> &'static str {
    if l.cancelled {
        "lesson-cancelled"
    } else if l.changed() {
        "lesson-changed"
    } else {
        ""
    }
}

#[component]
pub fn SubstitutionsPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        move || query.with(|q| (q.get("date").unwrap_or_default(), q.get("class").and_then(|c| c.parse::<i64>().ok()).unwrap_or(0))),
        |(date, class)| substitutions_of_day(date, class),
    );
    view! {
        <p class="breadcrumbs"><a href="/admin">{t(Msg::AdminTitle)}</a></p>
        <PageTitle text=t(Msg::SubstitutionsTitle).to_string()/>
        <p class="lead">{t(Msg::SubstitutionsLead)}</p>
        {await_view(data, move |d: SubstitutionDay| {
            let done = query.with_untracked(|q| q.get("done")).and_then(|d| match d.as_str() {
                "saved" => Some(Msg::SubstitutionSaved),
                "cancelled" => Some(Msg::SubstitutionCancelledDone),
                "restored" => Some(Msg::SubstitutionRestored),
                _ => None,
            });
            let classes = d
                .classes
                .iter()
                .map(|c| view! { <option value=c.id.to_string() selected=c.id == d.class_id>{c.label.clone()}</option> })
                .collect_view();
            let editable = d.editable;
            let rows = d
                .lessons
                .iter()
                .map(|l| {
                    let href = format!("/admin/substitutions/{}", l.id);
                    view! {
                        <tr class=row_class(l) data-lesson=l.id.to_string()>
                            <td class="num">{l.number}</td>
                            <td class="nowrap">{format!("{}–{}", l.starts, l.ends)}</td>
                            <td>{lesson_text(l)}</td>
                            <td>{name_cell(l.substitute.clone().unwrap_or_else(|| l.teacher.clone()))}</td>
                            <td>{room_cell(&l.room)}</td>
                            <td>{editable.then(|| view! { <a href=href>{t(Msg::SubstitutionEdit)}</a> })}</td>
                        </tr>
                    }
                })
                .collect_view();
            let changed_rows = d
                .changed
                .iter()
                .map(|l| {
                    view! {
                        <tr class=row_class(l)>
                            <td>{l.class_name.clone()}</td>
                            <td class="num">{l.number}</td>
                            <td>{lesson_text(l)}</td>
                            <td>{l.substitute.clone().unwrap_or_else(|| l.teacher.clone())}</td>
                            <td>{room_cell(&l.room)}</td>
                        </tr>
                    }
                })
                .collect_view();
            let no_changes = d.changed.is_empty();
            view! {
                {done.map(|m| view! { <p class="notice notice-success" role="status">{t(m)}</p> })}
                <form class="card pick-form" method="get" action="/admin/substitutions">
                    <div class="field">
                        <label for="date">{t(Msg::SubstitutionDateLabel)}</label>
                        <input id="date" name="date" type="date" value=d.date.clone()/>
                    </div>
                    <div class="field">
                        <label for="class">{t(Msg::ClassCol)}</label>
                        <select id="class" name="class">{classes}</select>
                    </div>
                    <button type="submit" class="btn">{t(Msg::TimetableShow)}</button>
                </form>
                <section class="card" aria-labelledby="class-lessons">
                    <h2 id="class-lessons">{t(Msg::SubstitutionClassLessons)}", "{russian_date(&d.date)}</h2>
                    {if d.lessons.is_empty() {
                        view! { <p class="muted">{t(Msg::TimetableNoLessons)}</p> }.into_any()
                    } else {
                        table(
                            &[(Msg::TimetableNumberCol, true), (Msg::TimetableTimeCol, false), (Msg::TimetableLessonCol, false),
                              (Msg::TeacherCol, false), (Msg::TimetableRoomLabel, false), (Msg::SubstitutionEdit, false)],
                            rows,
                        )
                    }}
                </section>
                <section class="card" aria-labelledby="day-changes">
                    <h2 id="day-changes">{t(Msg::SubstitutionChangedTitle)}</h2>
                    {if no_changes {
                        view! { <p class="muted">{t(Msg::SubstitutionNoChanges)}</p> }.into_any()
                    } else {
                        table(
                            &[(Msg::ClassCol, false), (Msg::TimetableNumberCol, true), (Msg::TimetableLessonCol, false),
                              (Msg::TeacherCol, false), (Msg::TimetableRoomLabel, false)],
                            changed_rows,
                        )
                    }}
                </section>
            }
        })}
    }
}

#[component]
pub fn SubstitutionLessonPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let save = ServerAction::<SaveSubstitution>::new();
    let cancel = ServerAction::<CancelLesson>::new();
    let restore = ServerAction::<RestoreLesson>::new();
    let data = Resource::new(id, lesson_for_substitution);
    let error = Signal::derive(move || {
        save.value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| cancel.value().get().and_then(|r| r.err()))
            .or_else(|| restore.value().get().and_then(|r| r.err()))
    });
    view! {
        {await_view(data, move |s: SubstitutionLesson| {
            let l = s.lesson.clone();
            let lang = use_lang();
            let back = format!("/admin/substitutions?date={}&class={}", l.date, s.class_id);
            let planned = Msg::SubstitutionPlanned.fill(lang, &[&s.planned.0.to_string(), &s.planned.1, &s.planned.2]);
            let echoed = move |field: &str, now: i64| error.get().and_then(|e| e.echoed(field)).unwrap_or_else(|| now.to_string());
            let numbers: Vec<(String, String)> = s.numbers.iter().map(|c| (c.id.to_string(), c.label.clone())).collect();
            let teachers: Vec<(String, String)> = s.teachers.iter().map(|c| (c.id.to_string(), c.label.clone())).collect();
            let mut rooms: Vec<(String, String)> = vec![("0".into(), t(Msg::LessonNoRoom).to_string())];
            rooms.extend(s.rooms.iter().map(|c| (c.id.to_string(), c.label.clone())));
            let (n_now, t_now, r_now) = (l.number, s.teacher_now, s.room_now);
            let id = l.id.to_string();
            let (id2, id3) = (id.clone(), id.clone());
            view! {
                <p class="breadcrumbs"><a href=back>{t(Msg::SubstitutionsTitle)}", "{russian_date(&l.date)}</a></p>
                <PageTitle text=t(Msg::SubstitutionLessonTitle).to_string()/>
                <p class="subtitle">{format!("{} · {} · {}", l.class_name, russian_date(&l.date), l.subject)}{l.group.clone().map(|g| format!(" · {g}"))}</p>
                <p>{planned}</p>
                <section class="card">
                    <p class="form-error" role="alert">{move || error.get().filter(|e| e.field().is_none()).map(|e| e.user_message(use_lang()))}</p>
                    {if !s.editable {
                        view! { <p class="notice">{t(Msg::SubstitutionPast)}</p> }.into_any()
                    } else if l.cancelled {
                        view! { <p class="notice">{t(Msg::LessonCancelled)}</p> }.into_any()
                    } else {
                        view! {
                            <ActionForm action=save attr:class="form" attr:novalidate=true>
                                <input type="hidden" name="id" value=id.clone()/>
                                <SelectField name="lesson_number" label=Msg::SubstitutionNumberLabel options=numbers
                                    value=Signal::derive(move || echoed("lesson_number", n_now))
                                    error=Signal::derive(move || field_message(error.get(), "lesson_number"))/>
                                <SelectField name="teacher_id" label=Msg::SubstitutionTeacherLabel options=teachers
                                    value=Signal::derive(move || echoed("teacher_id", t_now))
                                    error=Signal::derive(move || field_message(error.get(), "teacher_id"))/>
                                <SelectField name="room_id" label=Msg::TimetableRoomLabel options=rooms
                                    value=Signal::derive(move || echoed("room_id", r_now))
                                    error=Signal::derive(move || field_message(error.get(), "room_id"))/>
                                <button type="submit" class="btn btn-primary">{t(Msg::SubstitutionSave)}</button>
                            </ActionForm>
                        }.into_any()
                    }}
                    {(s.editable).then(|| view! {
                        <div class="button-row">
                            {(!l.cancelled).then(|| view! {
                                <ActionForm action=cancel>
                                    <input type="hidden" name="id" value=id2.clone()/>
                                    <button type="submit" class="btn btn-danger">{t(Msg::SubstitutionCancel)}</button>
                                </ActionForm>
                            })}
                            {l.changed().then(|| view! {
                                <ActionForm action=restore>
                                    <input type="hidden" name="id" value=id3.clone()/>
                                    <button type="submit" class="btn">{t(Msg::SubstitutionRestore)}</button>
                                </ActionForm>
                            })}
                        </div>
                    })}
                </section>
            }
        })}
    }
}
