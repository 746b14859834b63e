//! `/admin/timetable/year`: the reporting periods and the holidays of the current year, each
//! changed by a plain form post (works without JavaScript).

use super::types::{HolidayRow, PeriodRow, YearCalendar};
use super::{year_setup, AddHoliday, DeleteHoliday, DeletePeriod, SavePeriod};
use crate::i18n::{t, use_lang, Lang, Msg};
use crate::school::components::{period_name, russian_date};
use crate::school::types::PeriodKind;
use crate::ui::{await_view, field_message, Field, PageTitle, SelectField};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[derive(Clone, Copy)]
struct Actions {
    add_period: ServerAction<SavePeriod>,
    edit_period: ServerAction<SavePeriod>,
    delete_period: ServerAction<DeletePeriod>,
    add_holiday: ServerAction<AddHoliday>,
    delete_holiday: ServerAction<DeleteHoliday>,
}

#[component]
pub fn YearSetupPage() -> impl IntoView {
    let a = Actions {
        add_period: ServerAction::new(),
        edit_period: ServerAction::new(),
        delete_period: ServerAction::new(),
        add_holiday: ServerAction::new(),
        delete_holiday: ServerAction::new(),
    };
    // Every change redirects to this same address: with JavaScript the data is asked again when
    // any of them completes.
    let data = Resource::new(
        move || {
            (a.add_period.version().get(), a.edit_period.version().get(), a.delete_period.version().get(), a.add_holiday.version().get(), a.delete_holiday.version().get())
        },
        |_| year_setup(),
    );
    let row_error = Signal::derive(move || {
        [a.edit_period.value().get().and_then(|r| r.err()), a.delete_period.value().get().and_then(|r| r.err()), a.delete_holiday.value().get().and_then(|r| r.err())]
            .into_iter()
            .flatten()
            .next()
    });
    view! {
        <crate::timetable::setup::components::SetupNav current=crate::timetable::setup::components::SetupSection::Year/>
        <PageTitle text=t(Msg::YearTitle).to_string()/>
        {await_view(data, move |y: YearCalendar| {
            let lang = use_lang();
            let periods = y.periods.iter().cloned().map(|p| period_row(p, a, lang)).collect_view();
            let holidays = y.holidays.iter().cloned().map(|h| holiday_row(h, a, lang)).collect_view();
            view! {
                <p class="subtitle">{Msg::YearSpan.fill(lang, &[&y.name, &russian_date(&y.starts_on), &russian_date(&y.ends_on)])}</p>
                <p class="form-error" role="alert">{move || row_error.get().map(|e| e.user_message(use_lang()))}</p>
                <section class="card" aria-labelledby="periods-title">
                    <h2 id="periods-title">{t(Msg::ReportingPeriods)}</h2>
                    <div class="table-wrap">
                        <table class="table">
                            <thead>
                                <tr>
                                    <th scope="col">{t(Msg::YearPeriodCol)}</th>
                                    <th scope="col">{t(Msg::YearGradesCol)}</th>
                                    <th scope="col">{t(Msg::YearFromCol)}</th>
                                    <th scope="col">{t(Msg::YearToCol)}</th>
                                    <th scope="col"><span class="visually-hidden">{t(Msg::LoadActions)}</span></th>
                                </tr>
                            </thead>
                            <tbody>{periods}</tbody>
                        </table>
                    </div>
                    {add_period_form(a, lang)}
                </section>
                <section class="card" aria-labelledby="holidays-title">
                    <h2 id="holidays-title">{t(Msg::YearHolidaysTitle)}</h2>
                    <p class="hint">{t(Msg::YearHolidaysHint)}</p>
                    <div class="table-wrap">
                        <table class="table">
                            <thead>
                                <tr>
                                    <th scope="col">{t(Msg::YearHolidayCol)}</th>
                                    <th scope="col">{t(Msg::YearFromCol)}</th>
                                    <th scope="col">{t(Msg::YearToCol)}</th>
                                    <th scope="col"><span class="visually-hidden">{t(Msg::LoadActions)}</span></th>
                                </tr>
                            </thead>
                            <tbody>{holidays}</tbody>
                        </table>
                    </div>
                    {add_holiday_form(a)}
                </section>
            }
        })}
    }
}

fn period_row(p: PeriodRow, a: Actions, lang: Lang) -> impl IntoView {
    let name = period_name(p.kind, p.number, lang);
    let (from_id, to_id, min_id, max_id) = (format!("from-{}", p.id), format!("to-{}", p.id), format!("gmin-{}", p.id), format!("gmax-{}", p.id));
    let delete_label = Msg::YearDeleteOf.fill(lang, &[&name]);
    let edit_label = Msg::YearEditOf.fill(lang, &[&name]);
    view! {
        <tr>
            <th scope="row">{name.clone()}</th>
            <td>{format!("{}–{}", p.grade_min, p.grade_max)}</td>
            <td>{russian_date(&p.starts_on)}</td>
            <td>{russian_date(&p.ends_on)}</td>
            <td>
                <details class="row-edit">
                    <summary aria-label=edit_label>{t(Msg::YearEdit)}</summary>
                    <ActionForm action=a.edit_period attr:class="inline-form">
                        <input type="hidden" name="id" value=p.id.to_string()/>
                        <input type="hidden" name="kind" value=p.kind.code()/>
                        <input type="hidden" name="number" value=p.number.to_string()/>
                        <label for=min_id.clone()>{t(Msg::YearGradeMin)}</label>
                        <input id=min_id class="hours-input" type="number" name="grade_min" min="1" max="11" value=p.grade_min.to_string()/>
                        <label for=max_id.clone()>{t(Msg::YearGradeMax)}</label>
                        <input id=max_id class="hours-input" type="number" name="grade_max" min="1" max="11" value=p.grade_max.to_string()/>
                        <label for=from_id.clone()>{t(Msg::YearFromCol)}</label>
                        <input id=from_id type="date" name="starts_on" value=p.starts_on.clone()/>
                        <label for=to_id.clone()>{t(Msg::YearToCol)}</label>
                        <input id=to_id type="date" name="ends_on" value=p.ends_on.clone()/>
                        <button type="submit" class="btn btn-small">{t(Msg::SaveButton)}</button>
                    </ActionForm>
                </details>
                <ActionForm action=a.delete_period attr:class="inline-form">
                    <input type="hidden" name="id" value=p.id.to_string()/>
                    <button type="submit" class="btn btn-small btn-danger" aria-label=delete_label>{t(Msg::LoadRemove)}</button>
                </ActionForm>
            </td>
        </tr>
    }
}

fn add_period_form(a: Actions, lang: Lang) -> impl IntoView {
    let error = Signal::derive(move || a.add_period.value().get().and_then(|r| r.err()));
    let typed = move |field: &'static str| Signal::derive(move || error.get().and_then(|e| e.echoed(field)).unwrap_or_default());
    let message = move |field: &'static str| Signal::derive(move || field_message(error.get(), field));
    let kinds = std::iter::once((String::new(), Msg::ChooseOption.text(lang).to_string()))
        .chain([PeriodKind::Quarter, PeriodKind::Trimester, PeriodKind::HalfYear, PeriodKind::Year].into_iter().map(|k| (k.code().to_string(), kind_label(k).text(lang).to_string())))
        .collect::<Vec<_>>();
    let grade_min = Signal::derive(move || Some(typed("grade_min").get()).filter(|v| !v.is_empty()).unwrap_or_else(|| "1".into()));
    let grade_max = Signal::derive(move || Some(typed("grade_max").get()).filter(|v| !v.is_empty()).unwrap_or_else(|| "11".into()));
    view! {
        <h3>{t(Msg::YearAddPeriod)}</h3>
        <ActionForm action=a.add_period attr:class="form" attr:novalidate=true>
            <input type="hidden" name="id" value="0"/>
            <div class="form-grid">
                <SelectField name="kind" label=Msg::YearKind options=kinds value=typed("kind") error=message("kind")/>
                <Field name="number" label=Msg::YearNumber input_type="number" value=typed("number") error=message("number")/>
                <Field name="grade_min" label=Msg::YearGradeMin input_type="number" value=grade_min error=message("grade_min")/>
                <Field name="grade_max" label=Msg::YearGradeMax input_type="number" value=grade_max error=message("grade_max")/>
                <Field name="starts_on" label=Msg::YearFromCol input_type="date" value=typed("starts_on") error=message("starts_on")/>
                <Field name="ends_on" label=Msg::YearToCol input_type="date" value=typed("ends_on") error=message("ends_on")/>
            </div>
            <button type="submit" class="btn btn-primary">{t(Msg::LoadAddButton)}</button>
        </ActionForm>
    }
}

fn kind_label(k: PeriodKind) -> Msg {
    match k {
        PeriodKind::Quarter => Msg::YearKindQuarter,
        PeriodKind::Trimester => Msg::YearKindTrimester,
        PeriodKind::HalfYear => Msg::YearKindHalfYear,
        PeriodKind::Year => Msg::YearKindYear,
    }
}

fn holiday_row(h: HolidayRow, a: Actions, lang: Lang) -> impl IntoView {
    let delete_label = Msg::YearDeleteOf.fill(lang, &[&h.name]);
    view! {
        <tr>
            <th scope="row">{h.name}</th>
            <td>{russian_date(&h.starts_on)}</td>
            <td>{russian_date(&h.ends_on)}</td>
            <td>
                <ActionForm action=a.delete_holiday attr:class="inline-form">
                    <input type="hidden" name="id" value=h.id.to_string()/>
                    <button type="submit" class="btn btn-small btn-danger" aria-label=delete_label>{t(Msg::LoadRemove)}</button>
                </ActionForm>
            </td>
        </tr>
    }
}

fn add_holiday_form(a: Actions) -> impl IntoView {
    let error = Signal::derive(move || a.add_holiday.value().get().and_then(|r| r.err()));
    let typed = move |field: &'static str| Signal::derive(move || error.get().and_then(|e| e.echoed(field)).unwrap_or_default());
    let message = move |field: &'static str| Signal::derive(move || field_message(error.get(), field));
    view! {
        <h3>{t(Msg::YearAddHoliday)}</h3>
        <ActionForm action=a.add_holiday attr:class="form" attr:novalidate=true>
            <div class="form-grid">
                <Field name="name" label=Msg::YearHolidayCol value=typed("name") error=message("name")/>
                <span></span>
                <Field name="holiday_starts_on" label=Msg::YearFromCol input_type="date" value=typed("holiday_starts_on") error=message("holiday_starts_on")/>
                <Field name="holiday_ends_on" label=Msg::YearToCol input_type="date" value=typed("holiday_ends_on") error=message("holiday_ends_on")/>
            </div>
            <button type="submit" class="btn btn-primary">{t(Msg::LoadAddButton)}</button>
        </ActionForm>
    }
}
