//! `/admin/people`: everyone with a role in the school, searchable by name or login and
//! filtered by role and class; a plain GET form, so the address can be bookmarked.

use crate::i18n::{t, use_lang, Msg};
use crate::people::api::people_page;
use crate::people::types::{PeopleList, SCHOOL_ROLES};
use crate::ui::{await_view, table, PageTitle};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn PeopleListPage() -> impl IntoView {
    let query = use_query_map();
    let param = move |key: &str| query.with(|q| q.get(key).unwrap_or_default());
    let number = move |key: &str| param(key).parse::<i64>().unwrap_or(0);
    let data = Resource::new(
        move || (param("q"), param("role"), number("class"), number("page").max(1)),
        |(q, role, class, page)| people_page(q, role, class, page),
    );
    view! {
        <PageTitle text=t(Msg::PeopleTitle).to_string()/>
        <p class="quick-links">
            <a class="btn btn-primary" href="/admin/people/new">{t(Msg::AddPerson)}</a>
            <a class="btn" href="/admin/import">{t(Msg::ImportTitle)}</a>
            <a class="btn" href="/admin/audit">{t(Msg::AuditTitle)}</a>
        </p>
        {await_view(data, move |p: PeopleList| {
            let lang = use_lang();
            let (q, role, class) = (param("q"), param("role"), number("class"));
            let role_options = SCHOOL_ROLES
                .iter()
                .map(|r| {
                    let code = r.code();
                    view! { <option value=code selected=role == code>{r.label().text(lang)}</option> }
                })
                .collect_view();
            let class_options = p
                .classes
                .iter()
                .map(|c| view! { <option value=c.id.to_string() selected=class == c.id>{c.name.clone()}</option> })
                .collect_view();
            let rows = p
                .items
                .iter()
                .map(|item| {
                    let roles = item.roles.iter().map(|r| r.label().text(lang)).collect::<Vec<_>>().join(", ");
                    view! {
                        <tr>
                            <th scope="row"><a href=format!("/admin/people/{}", item.id)>{item.full_name.clone()}</a></th>
                            <td>{roles}</td>
                            <td>{item.class_name.clone().unwrap_or_default()}</td>
                            <td><code>{item.login.clone()}</code></td>
                            <td><span class=format!("badge badge-{:?}", item.state).to_lowercase()>{item.state.label().text(lang)}</span></td>
                        </tr>
                    }
                })
                .collect_view();
            let page_link = {
                let (q, role) = (q.clone(), role.clone());
                move |page: i64| format!("/admin/people?q={}&role={}&class={}&page={page}", encode(&q), role, class)
            };
            let prev = (p.page > 1).then(|| view! { <a class="btn btn-small" href=page_link(p.page - 1)>{t(Msg::PrevPage)}</a> });
            let next = (p.page < p.pages).then(|| view! { <a class="btn btn-small" href=page_link(p.page + 1)>{t(Msg::NextPage)}</a> });
            view! {
                <form class="filters" method="get" action="/admin/people" role="search">
                    <div class="field">
                        <label for="q">{t(Msg::SearchLabel)}</label>
                        <input id="q" name="q" type="search" value=q placeholder=t(Msg::SearchPlaceholder)/>
                    </div>
                    <div class="field">
                        <label for="role">{t(Msg::FieldRole)}</label>
                        <select id="role" name="role">
                            <option value="">{t(Msg::AllRoles)}</option>
                            {role_options}
                        </select>
                    </div>
                    <div class="field">
                        <label for="class">{t(Msg::ClassCol)}</label>
                        <select id="class" name="class">
                            <option value="0">{t(Msg::AllClasses)}</option>
                            {class_options}
                        </select>
                    </div>
                    <button type="submit" class="btn">{t(Msg::FindButton)}</button>
                </form>
                <p class="subtitle" data-testid="people-total">{Msg::FoundCount.fill(lang, &[&p.total.to_string()])}</p>
                {if p.items.is_empty() {
                    view! { <p class="notice">{t(Msg::NobodyFound)}</p> }.into_any()
                } else {
                    table(
                        &[(Msg::FieldFullName, false), (Msg::RolesCol, false), (Msg::ClassCol, false), (Msg::FieldLogin, false), (Msg::AccountCol, false)],
                        rows,
                    )
                }}
                <nav class="pager" aria-label=t(Msg::Pages)>
                    {prev}
                    <span>{Msg::PageOf.fill(lang, &[&p.page.to_string(), &p.pages.to_string()])}</span>
                    {next}
                </nav>
            }
        })}
    }
}

/// Percent-encoding for the search words in the pager's links.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn search_words_survive_the_pager_link() {
        assert_eq!(super::encode("Иванова м"), "%D0%98%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2%D0%B0+%D0%BC");
        assert_eq!(super::encode("a&b=c"), "a%26b%3Dc");
    }
}
