//! The year set-up pages: `/admin/timetable/bells`, `/rooms`, `/subjects`, `/groups?class=ID`,
//! each under the same small navigation. Every change is a plain form post that redirects back
//! to the page, so the pages work without JavaScript; with it, the page reloads its data when a
//! change completes.

use super::types::{BellsSetup, GroupPupil, GroupRow, GroupsSetup, RoomRow, SubjectRow, MAX_BELLS};
use super::{
    setup_bells, setup_groups, setup_rooms, setup_subjects, SetupGroupAdd, SetupGroupDelete, SetupGroupEdit, SetupGroupPupils, SetupRoomAdd,
    SetupRoomDelete, SetupRoomEdit, SetupScheduleAdd, SetupScheduleDefault, SetupScheduleDelete, SetupScheduleSave, SetupSubjectAdd,
    SetupSubjectDelete, SetupSubjectEdit,
};
use crate::error::AppError;
use crate::i18n::{t, use_lang, Msg};
use crate::ui::{await_view, field_message, Field, PageTitle, SelectField};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Which set-up page is open, for the navigation's `aria-current`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum SetupSection {
    Editor,
    Year,
    Load,
    Bells,
    Rooms,
    Subjects,
    Groups,
}

/// The year set-up's navigation: the editor, the year's periods and holidays, the load, bells, rooms, subjects, groups.
#[component]
pub fn SetupNav(current: SetupSection) -> impl IntoView {
    let links = [
        (SetupSection::Editor, "/admin/timetable", Msg::EditorTitle),
        (SetupSection::Year, "/admin/timetable/year", Msg::YearTitle),
        (SetupSection::Load, "/admin/timetable/load", Msg::LoadTitle),
        (SetupSection::Bells, "/admin/timetable/bells", Msg::SetupBellsTitle),
        (SetupSection::Rooms, "/admin/timetable/rooms", Msg::SetupRoomsTitle),
        (SetupSection::Subjects, "/admin/timetable/subjects", Msg::SetupSubjectsTitle),
        (SetupSection::Groups, "/admin/timetable/groups", Msg::SetupGroupsTitle),
    ]
    .into_iter()
    .map(|(section, href, label)| {
        let here = section == current;
        view! { <li><a href=href aria-current=here.then_some("page")>{t(label)}</a></li> }
    })
    .collect_view();
    view! {
        <p class="breadcrumbs"><a href="/admin">{t(Msg::AdminTitle)}</a></p>
        <nav class="setup-nav" aria-label=t(Msg::SetupNavLabel)>
            <ul>{links}</ul>
        </nav>
    }
}

fn query_id(key: &'static str) -> impl Fn() -> i64 + Copy + Send + Sync + 'static {
    let query = use_query_map();
    move || query.with(|q| q.get(key).and_then(|v| v.parse::<i64>().ok()).unwrap_or(0))
}

/// The refusal of the last of these actions to fail, for a page's alert line.
fn alert(errors: Vec<Signal<Option<AppError>>>) -> impl IntoView {
    view! {
        <p class="form-error" role="alert">
            {move || errors.iter().find_map(|e| e.get()).map(|e| e.user_message(use_lang()))}
        </p>
    }
}

/// A server action's refusal, as a signal.
macro_rules! refusal {
    ($action:expr) => {{
        let action = $action;
        Signal::derive(move || action.value().get().and_then(|r| r.err()))
    }};
}

/// A labelled input with its own id (several forms of a page have a «name»), and its message.
#[component]
fn LabeledInput(
    id: String,
    name: String,
    label: String,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] form: Option<String>,
    #[prop(optional)] hidden_label: bool,
    #[prop(optional)] class: &'static str,
    #[prop(into)] value: Signal<String>,
    #[prop(into, optional)] error: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <label for=id.clone() class:visually-hidden=hidden_label>{label}</label>
        <input
            id=id
            name=name
            type=input_type
            class=class
            form=form
            autocomplete="off"
            value=move || value.get()
            aria-invalid=move || error.get().is_some().to_string()
            aria-describedby=error_id.clone()
        />
        <p id=error_id.clone() class="field-error" aria-live="polite">{move || error.get()}</p>
    }
}

// «Звонки»

#[component]
pub fn BellsSetupPage() -> impl IntoView {
    let schedule = query_id("schedule");
    let add = ServerAction::<SetupScheduleAdd>::new();
    let save = ServerAction::<SetupScheduleSave>::new();
    let default = ServerAction::<SetupScheduleDefault>::new();
    let delete = ServerAction::<SetupScheduleDelete>::new();
    let data = Resource::new(
        move || (schedule(), add.version().get(), save.version().get(), default.version().get(), delete.version().get()),
        |(schedule, ..)| setup_bells(schedule),
    );
    let (add_error, save_error) = (refusal!(add), refusal!(save));
    let row_errors = vec![refusal!(default), refusal!(delete)];
    view! {
        <SetupNav current=SetupSection::Bells/>
        <PageTitle text=t(Msg::SetupBellsTitle).to_string()/>
        {alert(row_errors)}
        {await_view(data, move |page: BellsSetup| {
            let lang = use_lang();
            let rows = page
                .schedules
                .clone()
                .into_iter()
                .map(|s| {
                    let chosen = s.id == page.chosen;
                    let edit_label = Msg::BellsEditOf.fill(lang, &[&s.name]);
                    let default_label = Msg::BellsMakeDefaultOf.fill(lang, &[&s.name]);
                    let delete_label = Msg::BellsDeleteOf.fill(lang, &[&s.name]);
                    view! {
                        <tr class:row-chosen=chosen>
                            <th scope="row">
                                {s.name.clone()}
                                {s.is_default.then(|| view! { " " <span class="badge">{t(Msg::BellsDefaultBadge)}</span> })}
                            </th>
                            <td class="num" data-label=t(Msg::BellsLessonsCount)>{s.lessons}</td>
                            <td><div class="row-actions">
                                <a class="btn btn-small" href=format!("/admin/timetable/bells?schedule={}", s.id) aria-label=edit_label aria-current=chosen.then_some("true")>
                                    {t(Msg::BellsEdit)}
                                </a>
                                {(!s.is_default).then(|| view! {
                                    <ActionForm action=default attr:class="inline-form">
                                        <input type="hidden" name="schedule_id" value=s.id.to_string()/>
                                        <button type="submit" class="btn btn-small" aria-label=default_label>{t(Msg::BellsMakeDefault)}</button>
                                    </ActionForm>
                                    <ActionForm action=delete attr:class="inline-form">
                                        <input type="hidden" name="schedule_id" value=s.id.to_string()/>
                                        <button type="submit" class="btn btn-small btn-danger" aria-label=delete_label>{t(Msg::SetupDelete)}</button>
                                    </ActionForm>
                                })}
                            </div></td>
                        </tr>
                    }
                })
                .collect_view();
            let chosen = page.schedules.iter().find(|s| s.id == page.chosen).cloned();
            view! {
                <section class="card" aria-labelledby="bells-list">
                    <h2 id="bells-list">{t(Msg::BellsSchedules)}</h2>
                    <div class="table-wrap">
                        <table class="table setup-table">
                            <thead>
                                <tr>
                                    <th scope="col">{t(Msg::BellsScheduleName)}</th>
                                    <th scope="col" class="num">{t(Msg::BellsLessonsCount)}</th>
                                    <th scope="col"><span class="visually-hidden">{t(Msg::SetupActions)}</span></th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                </section>
                {match chosen {
                    None => view! { <p class="hint">{t(Msg::BellsNone)}</p> }.into_any(),
                    Some(s) => bell_times(s.id, s.name, page.bells.clone(), save, save_error).into_any(),
                }}
                <section class="card" aria-labelledby="bells-add">
                    <h2 id="bells-add">{t(Msg::BellsAdd)}</h2>
                    <p class="hint">{t(Msg::BellsAddHint)}</p>
                    <ActionForm action=add attr:class="form" attr:novalidate=true>
                        <div class="field">
                            <LabeledInput
                                id="new-schedule-name".into()
                                name="name".into()
                                label=t(Msg::BellsScheduleName).to_string()
                                value=Signal::derive(move || add_error.get().and_then(|e| e.echoed("name")).unwrap_or_default())
                                error=Signal::derive(move || field_message(add_error.get(), "name"))
                            />
                        </div>
                        <button type="submit" class="btn btn-primary">{t(Msg::SetupAddButton)}</button>
                    </ActionForm>
                </section>
            }
        })}
    }
}

fn bell_times(
    schedule_id: i64,
    name: String,
    bells: Vec<super::types::BellTime>,
    save: ServerAction<SetupScheduleSave>,
    save_error: Signal<Option<AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    // What the form shows: what was typed if it was refused, else what is stored.
    let shown = move |field: String, stored: String| {
        Signal::derive(move || save_error.get().and_then(|e| e.echoed(&field)).unwrap_or_else(|| stored.clone()))
    };
    let message = move |field: String| Signal::derive(move || field_message(save_error.get(), &field));
    let rows = (0..MAX_BELLS)
        .map(|i| {
            let n = (i + 1).to_string();
            let bell = bells.iter().find(|b| b.number == i as i64 + 1);
            let (starts, ends) = bell.map(|b| (b.starts_at.clone(), b.ends_at.clone())).unwrap_or_default();
            let (sf, ef) = (format!("starts[{i}]"), format!("ends[{i}]"));
            view! {
                <tr>
                    <th scope="row" class="num">{n.clone()}</th>
                    <td>
                        <LabeledInput id=format!("starts-{i}") name=sf.clone() label=Msg::BellsStartsOf.fill(lang, &[&n]) hidden_label=true
                            class="time-input" value=shown(sf.clone(), starts) error=message(sf)/>
                    </td>
                    <td>
                        <LabeledInput id=format!("ends-{i}") name=ef.clone() label=Msg::BellsEndsOf.fill(lang, &[&n]) hidden_label=true
                            class="time-input" value=shown(ef.clone(), ends) error=message(ef)/>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="bells-times">
            <h2 id="bells-times">{Msg::BellsTimesOf.fill(lang, &[&name])}</h2>
            <p class="hint">{t(Msg::BellsTimesHint)}</p>
            <ActionForm action=save attr:class="form" attr:novalidate=true>
                <input type="hidden" name="schedule_id" value=schedule_id.to_string()/>
                <div class="field">
                    <LabeledInput id="schedule-name".into() name="name".into() label=t(Msg::BellsScheduleName).to_string()
                        value=shown("name".into(), name.clone()) error=message("name".into())/>
                </div>
                <div class="table-wrap">
                    <table class="table bells-table">
                        <thead>
                            <tr>
                                <th scope="col" class="num">{t(Msg::BellsNumber)}</th>
                                <th scope="col">{t(Msg::BellsStarts)}</th>
                                <th scope="col">{t(Msg::BellsEnds)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <button type="submit" class="btn btn-primary">{t(Msg::SetupSave)}</button>
            </ActionForm>
        </section>
    }
}

// «Кабинеты»

#[component]
pub fn RoomsSetupPage() -> impl IntoView {
    let add = ServerAction::<SetupRoomAdd>::new();
    let edit = ServerAction::<SetupRoomEdit>::new();
    let delete = ServerAction::<SetupRoomDelete>::new();
    let data = Resource::new(move || (add.version().get(), edit.version().get(), delete.version().get()), |_| setup_rooms());
    let add_error = refusal!(add);
    view! {
        <SetupNav current=SetupSection::Rooms/>
        <PageTitle text=t(Msg::SetupRoomsTitle).to_string()/>
        {alert(vec![refusal!(edit), refusal!(delete)])}
        {await_view(data, move |rooms: Vec<RoomRow>| {
            let empty = rooms.is_empty();
            let rows = rooms.into_iter().map(|r| room_row(r, edit, delete)).collect_view();
            let typed = move |field: &'static str| Signal::derive(move || add_error.get().and_then(|e| e.echoed(field)).unwrap_or_default());
            let message = move |field: &'static str| Signal::derive(move || field_message(add_error.get(), field));
            view! {
                <section class="card" aria-labelledby="rooms-list">
                    <h2 id="rooms-list">{t(Msg::RoomsList)}</h2>
                    <div class="table-wrap">
                        <table class="table setup-table">
                            <thead>
                                <tr>
                                    <th scope="col">{t(Msg::RoomBuilding)}</th>
                                    <th scope="col">{t(Msg::RoomName)}</th>
                                    <th scope="col">{t(Msg::RoomCapacity)}</th>
                                    <th scope="col"><span class="visually-hidden">{t(Msg::SetupActions)}</span></th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    {empty.then(|| view! { <p class="hint">{t(Msg::RoomsNone)}</p> })}
                </section>
                <section class="card" aria-labelledby="rooms-add">
                    <h2 id="rooms-add">{t(Msg::RoomAdd)}</h2>
                    <ActionForm action=add attr:class="form" attr:novalidate=true>
                        <div class="form-grid">
                            <Field name="building" label=Msg::RoomBuilding value=typed("building") error=message("building")/>
                            <Field name="name" label=Msg::RoomName value=typed("name") error=message("name")/>
                            <Field name="capacity" label=Msg::RoomCapacity input_type="number" value=typed("capacity") error=message("capacity")/>
                        </div>
                        <p class="hint">{t(Msg::RoomBuildingHint)}</p>
                        <button type="submit" class="btn btn-primary">{t(Msg::SetupAddButton)}</button>
                    </ActionForm>
                </section>
            }
        })}
    }
}

fn room_row(r: RoomRow, edit: ServerAction<SetupRoomEdit>, delete: ServerAction<SetupRoomDelete>) -> impl IntoView {
    let lang = use_lang();
    let form = format!("room-{}", r.id);
    let label = |m: Msg| m.fill(lang, &[&r.name]);
    let room_building_label = label(Msg::RoomBuildingOf);
    let room_name_label = label(Msg::RoomNameOf);
    let room_capacity_label = label(Msg::RoomCapacityOf);
    let room_save_label = label(Msg::RoomSaveOf);
    let room_delete_label = label(Msg::RoomDeleteOf);
    view! {
        <tr>
            <td><LabeledInput id=format!("room-building-{}", r.id) name="building".into() form=form.clone() hidden_label=true
                label=room_building_label value=r.building.clone()/></td>
            <td><LabeledInput id=format!("room-name-{}", r.id) name="name".into() form=form.clone() hidden_label=true
                label=room_name_label value=r.name.clone()/></td>
            <td><LabeledInput id=format!("room-capacity-{}", r.id) name="capacity".into() form=form.clone() hidden_label=true input_type="number"
                class="number-input" label=room_capacity_label value=r.capacity.to_string()/></td>
            <td><div class="row-actions">
                <ActionForm action=edit attr:id=form attr:class="inline-form">
                    <input type="hidden" name="room_id" value=r.id.to_string()/>
                    <button type="submit" class="btn btn-small" aria-label=room_save_label>{t(Msg::SetupSave)}</button>
                </ActionForm>
                <ActionForm action=delete attr:class="inline-form">
                    <input type="hidden" name="room_id" value=r.id.to_string()/>
                    <button type="submit" class="btn btn-small btn-danger" aria-label=room_delete_label>{t(Msg::SetupDelete)}</button>
                </ActionForm>
                {r.in_use.then(|| view! { <span class="hint in-use">{t(Msg::SetupInUseHint)}</span> })}
            </div></td>
        </tr>
    }
}

// «Предметы»

#[component]
pub fn SubjectsSetupPage() -> impl IntoView {
    let add = ServerAction::<SetupSubjectAdd>::new();
    let edit = ServerAction::<SetupSubjectEdit>::new();
    let delete = ServerAction::<SetupSubjectDelete>::new();
    let data = Resource::new(move || (add.version().get(), edit.version().get(), delete.version().get()), |_| setup_subjects());
    let add_error = refusal!(add);
    view! {
        <SetupNav current=SetupSection::Subjects/>
        <PageTitle text=t(Msg::SetupSubjectsTitle).to_string()/>
        {alert(vec![refusal!(edit), refusal!(delete)])}
        {await_view(data, move |subjects: Vec<SubjectRow>| {
            let empty = subjects.is_empty();
            let rows = subjects.into_iter().map(|s| subject_row(s, edit, delete)).collect_view();
            let typed = move |field: &'static str| Signal::derive(move || add_error.get().and_then(|e| e.echoed(field)).unwrap_or_default());
            let message = move |field: &'static str| Signal::derive(move || field_message(add_error.get(), field));
            view! {
                <section class="card" aria-labelledby="subjects-list">
                    <h2 id="subjects-list">{t(Msg::SubjectsList)}</h2>
                    <div class="table-wrap">
                        <table class="table setup-table">
                            <thead>
                                <tr>
                                    <th scope="col">{t(Msg::SubjectName)}</th>
                                    <th scope="col">{t(Msg::SubjectShortName)}</th>
                                    <th scope="col"><span class="visually-hidden">{t(Msg::SetupActions)}</span></th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    {empty.then(|| view! { <p class="hint">{t(Msg::SubjectsNone)}</p> })}
                </section>
                <section class="card" aria-labelledby="subjects-add">
                    <h2 id="subjects-add">{t(Msg::SubjectAdd)}</h2>
                    <ActionForm action=add attr:class="form" attr:novalidate=true>
                        <div class="form-grid">
                            <Field name="name" label=Msg::SubjectName value=typed("name") error=message("name")/>
                            <Field name="short_name" label=Msg::SubjectShortName value=typed("short_name") error=message("short_name")/>
                        </div>
                        <p class="hint">{t(Msg::SubjectShortHint)}</p>
                        <button type="submit" class="btn btn-primary">{t(Msg::SetupAddButton)}</button>
                    </ActionForm>
                </section>
            }
        })}
    }
}

fn subject_row(s: SubjectRow, edit: ServerAction<SetupSubjectEdit>, delete: ServerAction<SetupSubjectDelete>) -> impl IntoView {
    let lang = use_lang();
    let form = format!("subject-{}", s.id);
    let label = |m: Msg| m.fill(lang, &[&s.name]);
    let subject_name_label = label(Msg::SubjectNameOf);
    let subject_short_label = label(Msg::SubjectShortOf);
    let subject_save_label = label(Msg::SubjectSaveOf);
    let subject_delete_label = label(Msg::SubjectDeleteOf);
    view! {
        <tr>
            <td><LabeledInput id=format!("subject-name-{}", s.id) name="name".into() form=form.clone() hidden_label=true
                label=subject_name_label value=s.name.clone()/></td>
            <td><LabeledInput id=format!("subject-short-{}", s.id) name="short_name".into() form=form.clone() hidden_label=true
                label=subject_short_label value=s.short_name.clone()/></td>
            <td><div class="row-actions">
                <ActionForm action=edit attr:id=form attr:class="inline-form">
                    <input type="hidden" name="subject_id" value=s.id.to_string()/>
                    <button type="submit" class="btn btn-small" aria-label=subject_save_label>{t(Msg::SetupSave)}</button>
                </ActionForm>
                <ActionForm action=delete attr:class="inline-form">
                    <input type="hidden" name="subject_id" value=s.id.to_string()/>
                    <button type="submit" class="btn btn-small btn-danger" aria-label=subject_delete_label>{t(Msg::SetupDelete)}</button>
                </ActionForm>
                {s.in_use.then(|| view! { <span class="hint in-use">{t(Msg::SetupInUseHint)}</span> })}
            </div></td>
        </tr>
    }
}

// «Группы»

#[component]
pub fn GroupsSetupPage() -> impl IntoView {
    let (class, group) = (query_id("class"), query_id("group"));
    let add = ServerAction::<SetupGroupAdd>::new();
    let edit = ServerAction::<SetupGroupEdit>::new();
    let delete = ServerAction::<SetupGroupDelete>::new();
    let pupils = ServerAction::<SetupGroupPupils>::new();
    let data = Resource::new(
        move || (class(), group(), add.version().get(), edit.version().get(), delete.version().get(), pupils.version().get()),
        |(class, group, ..)| setup_groups(class, group),
    );
    let (add_error, pupils_error) = (refusal!(add), refusal!(pupils));
    view! {
        <SetupNav current=SetupSection::Groups/>
        <PageTitle text=t(Msg::SetupGroupsTitle).to_string()/>
        {alert(vec![refusal!(edit), refusal!(delete)])}
        {await_view(data, move |page: GroupsSetup| {
            let lang = use_lang();
            let class_options = page
                .classes
                .iter()
                .map(|c| view! { <option value=c.id.to_string() selected=c.id == page.class_id>{c.name.clone()}</option> })
                .collect_view();
            let subject_options: Vec<(String, String)> = std::iter::once((String::new(), Msg::GroupAnySubject.text(lang).to_string()))
                .chain(page.subjects.iter().map(|s| (s.id.to_string(), s.name.clone())))
                .collect();
            let rows = page
                .groups
                .iter()
                .cloned()
                .map(|g| group_row(g, page.class_id, page.chosen, &subject_options, edit, delete))
                .collect_view();
            let empty = page.groups.is_empty();
            let typed = move |field: &'static str| Signal::derive(move || add_error.get().and_then(|e| e.echoed(field)).unwrap_or_default());
            let message = move |field: &'static str| Signal::derive(move || field_message(add_error.get(), field));
            let chosen = page.groups.iter().find(|g| g.id == page.chosen).cloned();
            view! {
                <form class="editor-toolbar" method="get" action="/admin/timetable/groups">
                    <label class="inline-field">
                        <span>{t(Msg::EditorViewClass)}</span>
                        <select name="class">{class_options}</select>
                    </label>
                    <button type="submit" class="btn">{t(Msg::ShowButton)}</button>
                </form>
                <section class="card" aria-labelledby="groups-list">
                    <h2 id="groups-list">{Msg::GroupsOfClass.fill(lang, &[&page.class_name])}</h2>
                    <p class="hint">{t(Msg::GroupsLead)}</p>
                    <div class="table-wrap">
                        <table class="table setup-table">
                            <thead>
                                <tr>
                                    <th scope="col">{t(Msg::GroupName)}</th>
                                    <th scope="col">{t(Msg::GroupSubject)}</th>
                                    <th scope="col" class="num">{t(Msg::GroupPupilsCount)}</th>
                                    <th scope="col"><span class="visually-hidden">{t(Msg::SetupActions)}</span></th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    {empty.then(|| view! { <p class="hint">{t(Msg::GroupsNone)}</p> })}
                </section>
                {chosen.map(|g| group_pupils(g, page.pupils.clone(), pupils, pupils_error))}
                <section class="card" aria-labelledby="groups-add">
                    <h2 id="groups-add">{t(Msg::GroupAdd)}</h2>
                    <ActionForm action=add attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="class_id" value=page.class_id.to_string()/>
                        <div class="form-grid">
                            <Field name="name" label=Msg::GroupName value=typed("name") error=message("name")/>
                            <SelectField name="subject_id" label=Msg::GroupSubject options=subject_options.clone() value=typed("subject_id") error=message("subject_id")/>
                        </div>
                        <button type="submit" class="btn btn-primary">{t(Msg::SetupAddButton)}</button>
                    </ActionForm>
                </section>
            }
        })}
    }
}

fn group_row(
    g: GroupRow,
    class_id: i64,
    chosen: i64,
    subjects: &[(String, String)],
    edit: ServerAction<SetupGroupEdit>,
    delete: ServerAction<SetupGroupDelete>,
) -> impl IntoView {
    let lang = use_lang();
    let form = format!("group-{}", g.id);
    let label = |m: Msg| m.fill(lang, &[&g.name]);
    let group_name_label = label(Msg::GroupNameOf);
    let group_subject_label = label(Msg::GroupSubjectOf);
    let group_save_label = label(Msg::GroupSaveOf);
    let group_pupils_link_label = label(Msg::GroupPupilsLinkOf);
    let group_delete_label = label(Msg::GroupDeleteOf);
    let current = g.subject_id.map(|id| id.to_string()).unwrap_or_default();
    let options = subjects
        .iter()
        .map(|(v, text)| view! { <option value=v.clone() selected=*v == current>{text.clone()}</option> })
        .collect_view();
    let select_id = format!("group-subject-{}", g.id);
    view! {
        <tr class:row-chosen=g.id == chosen>
            <td><LabeledInput id=format!("group-name-{}", g.id) name="name".into() form=form.clone() hidden_label=true
                label=group_name_label value=g.name.clone()/></td>
            <td>
                <label class="visually-hidden" for=select_id.clone()>{group_subject_label}</label>
                <select id=select_id name="subject_id" form=form.clone() class="row-select">{options}</select>
            </td>
            <td class="num" data-label=t(Msg::GroupPupilsCount)>{g.pupils}</td>
            <td><div class="row-actions">
                <ActionForm action=edit attr:id=form attr:class="inline-form">
                    <input type="hidden" name="group_id" value=g.id.to_string()/>
                    <button type="submit" class="btn btn-small" aria-label=group_save_label>{t(Msg::SetupSave)}</button>
                </ActionForm>
                <a class="btn btn-small" href=format!("/admin/timetable/groups?class={class_id}&group={}#group-pupils", g.id)
                    aria-label=group_pupils_link_label>{t(Msg::GroupPupilsLink)}</a>
                <ActionForm action=delete attr:class="inline-form">
                    <input type="hidden" name="group_id" value=g.id.to_string()/>
                    <button type="submit" class="btn btn-small btn-danger" aria-label=group_delete_label>{t(Msg::SetupDelete)}</button>
                </ActionForm>
                {g.in_use.then(|| view! { <span class="hint in-use">{t(Msg::SetupInUseHint)}</span> })}
            </div></td>
        </tr>
    }
}

fn group_pupils(g: GroupRow, pupils: Vec<GroupPupil>, action: ServerAction<SetupGroupPupils>, error: Signal<Option<AppError>>) -> impl IntoView {
    let lang = use_lang();
    let none = pupils.is_empty();
    let boxes = pupils
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let id = format!("pupil-{}", p.id);
            view! {
                <li class="check-row">
                    <input type="checkbox" id=id.clone() name=format!("pupils[{i}]") value=p.id.to_string() checked=p.member/>
                    <label for=id>{p.name}</label>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card" id="group-pupils" aria-labelledby="group-pupils-title">
            <h2 id="group-pupils-title">{Msg::GroupPupilsOf.fill(lang, &[&g.name])}</h2>
            <p class="form-error" role="alert">{move || error.get().map(|e| e.user_message(use_lang()))}</p>
            {if none {
                view! { <p class="hint">{t(Msg::GroupNoPupils)}</p> }.into_any()
            } else {
                view! {
                    <ActionForm action=action attr:class="form">
                        <input type="hidden" name="group_id" value=g.id.to_string()/>
                        <fieldset class="check-list">
                            <legend class="visually-hidden">{Msg::GroupPupilsOf.fill(lang, &[&g.name])}</legend>
                            <ul>{boxes}</ul>
                        </fieldset>
                        <button type="submit" class="btn btn-primary">{t(Msg::GroupPupilsSave)}</button>
                    </ActionForm>
                }
                .into_any()
            }}
        </section>
    }
}
