//! «Добавить человека» (`/admin/people/new`) and one person's page (`/admin/people/:id`): the
//! account with its temporary password and sheet, blocking, a new temporary password, roles,
//! parents and children, and the personal data form.

use super::form::person_fields;
use crate::accounts::types::RoleKind;
use crate::error::AppError;
use crate::i18n::{t, use_lang, Msg};
use crate::people::api::*;
use crate::people::types::{AccountState, ClassOption, LinkRow, PersonCard, PersonFields, SCHOOL_ROLES};
use crate::ui::{await_view, field_message, Field, PageTitle};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn PersonNewPage() -> impl IntoView {
    let query = use_query_map();
    let action = ServerAction::<CreatePerson>::new();
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    let classes = Resource::new(|| (), |_| people_classes());
    view! {
        <p class="breadcrumbs"><a href="/admin/people">{t(Msg::PeopleTitle)}</a></p>
        <PageTitle text=t(Msg::AddPerson).to_string()/>
        {await_view(classes, move |classes: Vec<ClassOption>| {
            let role = query.with_untracked(|q| q.get("role").unwrap_or_default());
            let child = query.with_untracked(|q| q.get("child").unwrap_or_default());
            let saved = PersonFields { role, ..PersonFields::default() };
            view! {
                <section class="card">
                    <ActionForm action=action attr:class="form" attr:novalidate=true>
                        <p class="form-error" role="alert">{move || error.get().filter(|e| e.field().is_none()).map(|e| e.user_message(use_lang()))}</p>
                        <input type="hidden" name="child_id" value=child.clone()/>
                        {(!child.is_empty()).then(|| view! { <p class="notice">{t(Msg::NewParentForChild)}</p> })}
                        {person_fields(saved.clone(), classes.clone(), error, true)}
                        <button type="submit" class="btn btn-primary">{t(Msg::CreateButton)}</button>
                    </ActionForm>
                </section>
            }
        })}
    }
}

/// The page's changes. They post to server functions that redirect back here; with JavaScript
/// the address may not change at all, so the page reloads its data whenever one completes.
#[derive(Clone, Copy)]
struct PersonActions {
    reset: ServerAction<ResetPersonPassword>,
    block: ServerAction<BlockPerson>,
    role: ServerAction<ChangePersonRole>,
    invite: ServerAction<InviteParent>,
    update: ServerAction<UpdatePerson>,
}

impl PersonActions {
    fn new() -> Self {
        PersonActions {
            reset: ServerAction::new(),
            block: ServerAction::new(),
            role: ServerAction::new(),
            invite: ServerAction::new(),
            update: ServerAction::new(),
        }
    }

    /// Changes with every completed action.
    fn versions(self) -> usize {
        self.reset.version().get() + self.block.version().get() + self.role.version().get() + self.invite.version().get() + self.update.version().get()
    }
}

#[component]
pub fn PersonPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let actions = PersonActions::new();
    let data = Resource::new(move || (id(), actions.versions()), |(id, _)| person_details(id));
    view! {
        <p class="breadcrumbs"><a href="/admin/people">{t(Msg::PeopleTitle)}</a></p>
        {await_view(data, move |p: PersonCard| {
            let flag = move |key: &str| query.with_untracked(|q| q.get(key).is_some());
            let notice = if flag("created") {
                Some(Msg::PersonCreated)
            } else if flag("reset") {
                Some(Msg::PasswordResetDone)
            } else if flag("saved") {
                Some(Msg::PersonSaved)
            } else if flag("invited") {
                Some(Msg::InviteSent)
            } else {
                None
            };
            view! {
                <PageTitle text=p.full_name.clone()/>
                {notice.map(|m| view! { <p class="notice notice-success" role="status">{t(m)}</p> })}
                <div class="columns">
                    {account_card(&p, actions)}
                    {roles_card(&p, actions)}
                </div>
                {links_card(&p, actions)}
                {data_card(&p, actions)}
            }
        })}
    }
}

fn account_card(p: &PersonCard, actions: PersonActions) -> impl IntoView {
    let lang = use_lang();
    let (id, id_for_block) = (p.id.to_string(), p.id.to_string());
    let (reset, block) = (actions.reset, actions.block);
    let blocked = p.state == AccountState::Blocked;
    let refusal = move || {
        reset.value().get().and_then(|r| r.err()).or_else(|| block.value().get().and_then(|r| r.err())).map(|e| e.user_message(use_lang()))
    };
    view! {
        <section class="card" aria-labelledby="account-title">
            <h2 id="account-title">{t(Msg::AccountTitle)}</h2>
            <dl class="data-list">
                <div class="data-row"><dt>{t(Msg::FieldLogin)}</dt><dd><code data-testid="login">{p.login.clone()}</code></dd></div>
                <div class="data-row"><dt>{t(Msg::AccountCol)}</dt><dd>{p.state.label().text(lang)}</dd></div>
                {p.temporary_password.clone().map(|pw| view! {
                    <div class="data-row"><dt>{t(Msg::TemporaryPasswordLabel)}</dt><dd><code data-testid="temporary-password">{pw}</code></dd></div>
                })}
            </dl>
            {(p.state == AccountState::Temporary).then(|| view! { <p class="hint">{t(Msg::CredentialsHint)}</p> })}
            <p class="form-error" role="alert">{refusal}</p>
            <div class="button-row">
                <a class="btn" href=format!("/admin/people/{}/sheet.pdf", p.id) download>{t(Msg::PrintSheet)}</a>
                <ActionForm action=reset attr:class="inline-form">
                    <input type="hidden" name="id" value=id.clone()/>
                    <button type="submit" class="btn" title=t(Msg::ResetPasswordHint)>{t(Msg::ResetPassword)}</button>
                </ActionForm>
                <ActionForm action=block attr:class="inline-form">
                    <input type="hidden" name="id" value=id_for_block/>
                    <input type="hidden" name="blocked" value=if blocked { "0" } else { "1" }/>
                    <button type="submit" class=if blocked { "btn" } else { "btn btn-danger" }>
                        {t(if blocked { Msg::Unblock } else { Msg::Block })}
                    </button>
                </ActionForm>
            </div>
        </section>
    }
}

fn roles_card(p: &PersonCard, actions: PersonActions) -> impl IntoView {
    let lang = use_lang();
    let change = actions.role;
    let error = Signal::derive(move || change.value().get().and_then(|r| r.err()));
    let id = p.id.to_string();
    let held = p
        .roles
        .iter()
        .map(|r| {
            let (id, r) = (id.clone(), *r);
            view! {
                <li class="role-item">
                    <span>{r.label().text(lang)}</span>
                    <ActionForm action=change attr:class="inline-form">
                        <input type="hidden" name="id" value=id/>
                        <input type="hidden" name="role" value=r.code()/>
                        <input type="hidden" name="grant" value="0"/>
                        <button type="submit" class="btn btn-small btn-quiet">{t(Msg::RevokeRole)}</button>
                    </ActionForm>
                </li>
            }
        })
        .collect_view();
    let addable: Vec<RoleKind> = SCHOOL_ROLES.into_iter().filter(|r| *r != RoleKind::Pupil && !p.roles.contains(r)).collect();
    let options = addable.iter().map(|r| view! { <option value=r.code()>{r.label().text(lang)}</option> }).collect_view();
    view! {
        <section class="card" aria-labelledby="roles-title">
            <h2 id="roles-title">{t(Msg::RolesCol)}</h2>
            <ul class="plain-list">{held}</ul>
            <p class="form-error" role="alert">{move || field_message(error.get(), "role").or_else(|| error.get().filter(|e| e.field().is_none()).map(|e| e.user_message(use_lang())))}</p>
            {(!addable.is_empty()).then(|| view! {
                <ActionForm action=change attr:class="inline-form">
                    <input type="hidden" name="id" value=id.clone()/>
                    <input type="hidden" name="grant" value="1"/>
                    <label for="add-role" class="visually-hidden">{t(Msg::AddRole)}</label>
                    <select id="add-role" name="role">{options}</select>
                    <button type="submit" class="btn btn-small">{t(Msg::AddRole)}</button>
                </ActionForm>
            })}
        </section>
    }
}

fn link_list(links: &[LinkRow]) -> impl IntoView {
    let lang = use_lang();
    if links.is_empty() {
        return view! { <p class="hint">{t(Msg::NoLinks)}</p> }.into_any();
    }
    let items = links
        .iter()
        .map(|l| {
            let who = match (l.person_id, l.full_name.clone()) {
                (Some(id), Some(name)) => view! { <a href=format!("/admin/people/{id}")>{name}</a> }.into_any(),
                _ => view! { <span>{t(Msg::LinkInvitedAccount)}</span> }.into_any(),
            };
            view! {
                <li>
                    {who}
                    " — "
                    <span class=format!("badge badge-{:?}", l.status).to_lowercase()>{l.status.label().text(lang)}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="plain-list" data-testid="links">{items}</ul> }.into_any()
}

fn links_card(p: &PersonCard, actions: PersonActions) -> impl IntoView {
    let is_pupil = p.roles.contains(&RoleKind::Pupil);
    let has_children = !p.children.is_empty() || p.roles.contains(&RoleKind::Parent);
    let invite = actions.invite;
    let error = Signal::derive(move || invite.value().get().and_then(|r| r.err()));
    let id = p.id;
    let pupil_part = is_pupil.then(|| {
        view! {
            <h2 id="links-title">{t(Msg::ParentsTitle)}</h2>
            {link_list(&p.parents)}
            <div class="button-row">
                <a class="btn" href=format!("/admin/people/new?role=parent&child={id}")>{t(Msg::AddParent)}</a>
            </div>
            <ActionForm action=invite attr:class="form form-inline" attr:novalidate=true>
                <input type="hidden" name="id" value=id.to_string()/>
                <Field
                    name="parent"
                    label=Msg::InviteParentLabel
                    value=Signal::derive(move || error.get().and_then(|e| e.echoed("parent")).unwrap_or_default())
                    error=Signal::derive(move || field_message(error.get(), "parent"))
                />
                <button type="submit" class="btn">{t(Msg::InviteParent)}</button>
            </ActionForm>
        }
    });
    let parent_part = has_children.then(|| {
        view! {
            <h2>{t(Msg::ChildrenTitle)}</h2>
            {link_list(&p.children)}
        }
    });
    (is_pupil || has_children).then(|| view! { <section class="card" aria-labelledby="links-title">{pupil_part}{parent_part}</section> })
}

fn data_card(p: &PersonCard, actions: PersonActions) -> impl IntoView {
    let action = actions.update;
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    let mut saved = p.fields.clone();
    // The rules that depend on the role (a pupil's age and class) follow the pupil role when held.
    if p.roles.contains(&RoleKind::Pupil) {
        saved.role = RoleKind::Pupil.code().to_string();
    }
    let lang = use_lang();
    let confirmed = |yes: bool| if yes { Msg::Confirmed.text(lang) } else { Msg::NotConfirmed.text(lang) };
    let (id, classes) = (p.id.to_string(), p.classes.clone());
    view! {
        <section class="card" aria-labelledby="data-title">
            <h2 id="data-title">{t(Msg::StepPersonal)}</h2>
            <p class="hint">
                {t(Msg::EmailLabel)}": "{confirmed(p.email_confirmed)}" · "{t(Msg::PhoneLabel)}": "{confirmed(p.phone_confirmed)}
            </p>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <p class="form-error" role="alert">{move || error.get().filter(|e: &AppError| e.field().is_none()).map(|e| e.user_message(use_lang()))}</p>
                <input type="hidden" name="id" value=id/>
                {person_fields(saved, classes, error, false)}
                <button type="submit" class="btn btn-primary">{t(Msg::SaveButton)}</button>
            </ActionForm>
        </section>
    }
}
