//! `/admin/timetable/load?class=ID`: the class's load as a table, each row's lessons a week
//! changeable in place, rows removable once their lessons are off the grid, and «Добавить».

use super::types::{ClassLoad, LoadRow, MAX_HOURS};
use super::{load_page, AddLoad, ChangeLoadHours, RemoveLoad};
use crate::i18n::{t, use_lang, Msg};
use crate::ui::{await_view, field_message, Field, PageTitle, SelectField};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoadPage() -> impl IntoView {
    let query = use_query_map();
    let class = move || query.with(|q| q.get("class").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let add = ServerAction::<AddLoad>::new();
    let hours = ServerAction::<ChangeLoadHours>::new();
    let remove = ServerAction::<RemoveLoad>::new();
    // The changes redirect to this same address: with JavaScript the page reloads its data when
    // any of them completes.
    let data = Resource::new(
        move || (class(), add.version().get(), hours.version().get(), remove.version().get()),
        |(class, ..)| load_page(class),
    );
    let add_error = Signal::derive(move || add.value().get().and_then(|r| r.err()));
    let row_error = Signal::derive(move || {
        hours.value().get().and_then(|r| r.err()).or_else(|| remove.value().get().and_then(|r| r.err()))
    });
    view! {
        <crate::timetable::setup::components::SetupNav current=crate::timetable::setup::components::SetupSection::Load/>
        <PageTitle text=t(Msg::LoadTitle).to_string()/>
        {await_view(data, move |page: ClassLoad| {
            let lang = use_lang();
            let class_options = page
                .classes
                .iter()
                .map(|c| view! { <option value=c.id.to_string() selected=c.id == page.class_id>{c.name.clone()}</option> })
                .collect_view();
            let rows = page.rows.iter().cloned().map(|r| load_row(r, hours, remove)).collect_view();
            let total: i64 = page.rows.iter().map(|r| r.hours).sum();
            let options = move |list: &[crate::timetable::editor::types::Target]| {
                std::iter::once((String::new(), Msg::ChooseOption.text(lang).to_string()))
                    .chain(list.iter().map(|o| (o.id.to_string(), o.name.clone())))
                    .collect::<Vec<_>>()
            };
            let (subject_options, teacher_options) = (options(&page.subjects), options(&page.teachers));
            let groups = std::iter::once((String::new(), Msg::LoadWholeClass.text(lang).to_string()))
                .chain(page.groups.iter().map(|o| (o.id.to_string(), o.name.clone())))
                .collect::<Vec<_>>();
            let typed = move |field: &'static str| Signal::derive(move || add_error.get().and_then(|e| e.echoed(field)).unwrap_or_default());
            let message = move |field: &'static str| Signal::derive(move || field_message(add_error.get(), field));
            view! {
                <form class="editor-toolbar" method="get" action="/admin/timetable/load">
                    <label class="inline-field">
                        <span>{t(Msg::EditorViewClass)}</span>
                        <select name="class">{class_options}</select>
                    </label>
                    <button type="submit" class="btn">{t(Msg::ShowButton)}</button>
                    <a class="btn" href=format!("/admin/timetable?view=class&id={}", page.class_id)>{t(Msg::EditorTitle)}</a>
                </form>
                <p class="form-error" role="alert">{move || row_error.get().map(|e| e.user_message(use_lang()))}</p>
                <section class="card">
                    <h2>{Msg::LoadOfClass.fill(lang, &[&page.class_name])}</h2>
                    <div class="table-wrap">
                        <table class="table">
                            <thead>
                                <tr>
                                    <th scope="col">{t(Msg::LoadSubject)}</th>
                                    <th scope="col">{t(Msg::LoadGroup)}</th>
                                    <th scope="col">{t(Msg::LoadTeacher)}</th>
                                    <th scope="col">{t(Msg::LoadHours)}</th>
                                    <th scope="col" class="num">{t(Msg::LoadPlaced)}</th>
                                    <th scope="col"><span class="visually-hidden">{t(Msg::LoadActions)}</span></th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    <p class="hint">{Msg::LoadTotal.fill(lang, &[&total.to_string()])}</p>
                </section>
                <section class="card" aria-labelledby="load-add">
                    <h2 id="load-add">{t(Msg::LoadAdd)}</h2>
                    <ActionForm action=add attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="class_id" value=page.class_id.to_string()/>
                        <div class="form-grid">
                            <SelectField name="subject_id" label=Msg::LoadSubject options=subject_options value=typed("subject_id") error=message("subject_id")/>
                            <SelectField name="group_id" label=Msg::LoadGroup options=groups value=typed("group_id") error=message("group_id")/>
                            <SelectField name="teacher_id" label=Msg::LoadTeacher options=teacher_options value=typed("teacher_id") error=message("teacher_id")/>
                            <Field name="hours" label=Msg::LoadHours input_type="number" value=typed("hours") error=message("hours")/>
                        </div>
                        <button type="submit" class="btn btn-primary">{t(Msg::LoadAddButton)}</button>
                    </ActionForm>
                </section>
            }
        })}
    }
}

fn load_row(r: LoadRow, hours: ServerAction<ChangeLoadHours>, remove: ServerAction<RemoveLoad>) -> impl IntoView {
    let lang = use_lang();
    let placed = if r.placed_halves % 2 == 0 { (r.placed_halves / 2).to_string() } else { format!("{},5", r.placed_halves / 2) };
    let hours_id = format!("hours-{}", r.id);
    let full = r.placed_halves >= r.hours * 2;
    let hours_label = Msg::LoadHoursOf.fill(lang, &[&r.subject]);
    let remove_label = Msg::LoadRemoveOf.fill(lang, &[&r.subject]);
    view! {
        <tr>
            <th scope="row">{r.subject}</th>
            <td>{r.group.unwrap_or_else(|| Msg::LoadWholeClass.text(lang).to_string())}</td>
            <td>{r.teacher}</td>
            <td>
                <ActionForm action=hours attr:class="inline-form">
                    <input type="hidden" name="assignment_id" value=r.id.to_string()/>
                    <label class="visually-hidden" for=hours_id.clone()>{hours_label}</label>
                    <input id=hours_id class="hours-input" type="number" name="hours" min="1" max=MAX_HOURS.to_string() value=r.hours.to_string()/>
                    <button type="submit" class="btn btn-small">{t(Msg::SaveButton)}</button>
                </ActionForm>
            </td>
            <td class="num" class:load-short=!full>{placed}</td>
            <td>
                <ActionForm action=remove attr:class="inline-form">
                    <input type="hidden" name="assignment_id" value=r.id.to_string()/>
                    <button type="submit" class="btn btn-small btn-danger" aria-label=remove_label>{t(Msg::LoadRemove)}</button>
                </ActionForm>
            </td>
        </tr>
    }
}
