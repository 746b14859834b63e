//! The fields of a person, shared by «Добавить человека» and the edit form on the person's page.
//! After a refusal every field shows what was typed and its own message.

use crate::error::AppError;
use crate::i18n::{t, use_lang, Msg};
use crate::people::types::{ClassOption, PersonFields, SCHOOL_ROLES};
use crate::ui::{field_message, Field, SelectField};
use leptos::prelude::*;

/// `saved` fills the form at first; after a refusal the echoed values win. `role_choice` shows
/// the role drop-down (creating); otherwise the role travels as a hidden field.
pub fn person_fields(saved: PersonFields, classes: Vec<ClassOption>, error: Signal<Option<AppError>>, role_choice: bool) -> impl IntoView {
    let lang = use_lang();
    let value = move |field: &'static str| {
        let saved = saved.clone();
        Signal::derive(move || {
            error.get().and_then(|e| e.echoed(field)).unwrap_or_else(|| saved_value(&saved, field))
        })
    };
    let message = move |field: &'static str| Signal::derive(move || field_message(error.get(), field));
    let choose = || (String::new(), Msg::ChooseOption.text(lang).to_string());
    let sexes = vec![choose(), ("f".into(), Msg::SexFemale.text(lang).into()), ("m".into(), Msg::SexMale.text(lang).into())];
    let roles = std::iter::once(choose())
        .chain(SCHOOL_ROLES.iter().map(|r| (r.code().to_string(), r.label().text(lang).to_string())))
        .collect::<Vec<_>>();
    let class_list = std::iter::once(choose()).chain(classes.into_iter().map(|c| (c.id.to_string(), c.name))).collect::<Vec<_>>();
    let role_value = value("role");
    view! {
        <div class="form-grid">
            <Field name="surname" label=Msg::FieldSurname autocomplete="off" value=value("surname") error=message("surname")/>
            <Field name="name" label=Msg::FieldName autocomplete="off" value=value("name") error=message("name")/>
            <Field name="patronymic" label=Msg::FieldPatronymic autocomplete="off" value=value("patronymic") error=message("patronymic")/>
            <SelectField name="sex" label=Msg::FieldSex options=sexes value=value("sex") error=message("sex")/>
            <Field name="birth_date" label=Msg::FieldBirthDate input_type="date" value=value("birth_date") error=message("birth_date")/>
            <Field name="snils" label=Msg::FieldSnils autocomplete="off" value=value("snils") error=message("snils")/>
            <Field name="email" label=Msg::EmailLabel input_type="email" value=value("email") error=message("email")/>
            <Field name="phone" label=Msg::PhoneLabel input_type="tel" value=value("phone") error=message("phone")/>
            {if role_choice {
                view! { <SelectField name="role" label=Msg::FieldRole options=roles value=role_value error=message("role")/> }.into_any()
            } else {
                view! { <input type="hidden" name="role" value=move || role_value.get()/> }.into_any()
            }}
            <SelectField name="class_id" label=Msg::ClassForPupil options=class_list value=value("class_id") error=message("class_id")/>
        </div>
        <p class="hint">{t(Msg::PersonFormHint)}</p>
    }
}

fn saved_value(saved: &PersonFields, field: &str) -> String {
    saved.typed().iter().find(|(name, _)| *name == field).map(|(_, v)| v.to_string()).unwrap_or_default()
}
