//! «Журнал изменений» (`/admin/audit`): the school's audit log, newest first.

use super::{action_label, audit_entries, AuditPage};
use crate::i18n::{t, use_lang, Lang, Msg};
use crate::ui::{await_view, table, PageTitle};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let query = use_query_map();
    let before = move || query.with(|q| q.get("before").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(before, audit_entries);
    view! {
        <p class="breadcrumbs"><a href="/admin">{t(Msg::AdminHomeLink)}</a>" · "<a href="/admin/people">{t(Msg::PeopleTitle)}</a></p>
        <PageTitle text=t(Msg::AuditTitle).to_string()/>
        {await_view(data, |page: AuditPage| {
            let lang = use_lang();
            let rows = page
                .rows
                .iter()
                .map(|r| {
                    let action = action_label(&r.action).map(|m| m.text(lang).to_string()).unwrap_or_else(|| r.action.clone());
                    let subject = r.subject.clone().map(|(id, name)| view! { <a href=format!("/admin/people/{id}")>{name}</a> });
                    view! {
                        <tr>
                            <td class="nowrap">{r.at.clone()}</td>
                            <td>{r.actor.clone().unwrap_or_default()}</td>
                            <th scope="row">{action}</th>
                            <td>{subject}</td>
                            <td class="audit-values">{r.before.as_deref().map(|j| readable(j, lang))}</td>
                            <td class="audit-values">{r.after.as_deref().map(|j| readable(j, lang))}</td>
                        </tr>
                    }
                })
                .collect_view();
            let older = page.older.map(|id| view! { <a class="btn btn-small" href=format!("/admin/audit?before={id}")>{t(Msg::OlderEntries)}</a> });
            view! {
                {if page.rows.is_empty() {
                    view! { <p class="notice">{t(Msg::AuditEmpty)}</p> }.into_any()
                } else {
                    table(
                        &[(Msg::AuditWhen, false), (Msg::AuditWho, false), (Msg::AuditWhat, false), (Msg::AuditAbout, false), (Msg::AuditBefore, false), (Msg::AuditAfter, false)],
                        rows,
                    )
                }}
                <nav class="pager" aria-label=t(Msg::Pages)>{older}</nav>
            }
        })}
    }
}

/// `{"surname":"Иванова","email":null}` → «Фамилия: Иванова; Электронная почта: —».
fn readable(json: &str, lang: Lang) -> String {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(json) else {
        return json.to_string();
    };
    map.iter()
        .map(|(key, value)| {
            let label = field_label(key).map(|m| m.text(lang).to_string()).unwrap_or_else(|| key.clone());
            let value = match value {
                serde_json::Value::Null => "—".to_string(),
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            format!("{label}: {value}")
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn field_label(key: &str) -> Option<Msg> {
    Some(match key {
        "surname" => Msg::FieldSurname,
        "name" => Msg::FieldName,
        "patronymic" => Msg::FieldPatronymic,
        "sex" => Msg::FieldSex,
        "birth_date" => Msg::FieldBirthDate,
        "snils" => Msg::FieldSnils,
        "email" => Msg::EmailLabel,
        "phone" => Msg::PhoneLabel,
        "class_id" => Msg::ClassCol,
        "login" => Msg::FieldLogin,
        "role" => Msg::FieldRole,
        "state" | "status" => Msg::AccountCol,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_as_words() {
        assert_eq!(readable(r#"{"surname":"Иванова","email":null,"class_id":7}"#, Lang::Ru), "Класс: 7; Электронная почта: —; Фамилия: Иванова");
        assert_eq!(readable("not json", Lang::Ru), "not json");
    }
}
