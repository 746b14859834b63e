//! «Настройки» → «Безопасность»: login, contacts, and the parent's invitations to link a child.

use crate::accounts::settings::*;
use crate::i18n::{t, use_lang, Msg};
use crate::ui::{await_view, field_message, Field, PageTitle};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SecurityPage() -> impl IntoView {
    let query = use_query_map();
    let answer = ServerAction::<AnswerInvitation>::new();
    let change = ServerAction::<ChangeLogin>::new();
    // The answers redirect back here; with JavaScript the page reloads its data itself.
    let data = Resource::new(move || (answer.version().get(), change.version().get()), |_| security_settings());
    let change_error = Signal::derive(move || change.value().get().and_then(|r| r.err()));
    view! {
        <p class="breadcrumbs">{t(Msg::SettingsTitle)}</p>
        <PageTitle text=t(Msg::SecurityTitle).to_string()/>
        {await_view(data, move |d: SecurityData| {
            let lang = use_lang();
            // Tracked: with JavaScript the answer's redirect may land after the data reloaded.
            let flag = move |key: &str| query.with(|q| q.get(key));
            let notice = match (flag("answered").as_deref(), flag("login").as_deref()) {
                (Some("accepted"), _) => Some(Msg::InvitationAccepted),
                (Some("declined"), _) => Some(Msg::InvitationDeclined),
                (_, Some("changed")) => Some(Msg::LoginChanged),
                _ => None,
            };
            let invitations = d
                .invitations
                .iter()
                .map(|i| {
                    let who = match &i.class_name {
                        Some(class) => format!("{}, {}", i.child, class),
                        None => i.child.clone(),
                    };
                    let (id, id_for_decline) = (i.id.to_string(), i.id.to_string());
                    view! {
                        <li class="invitation" data-testid="invitation">
                            <p>{Msg::InvitationText.fill(lang, &[&i.school, &who])}</p>
                            <div class="button-row">
                                <ActionForm action=answer attr:class="inline-form">
                                    <input type="hidden" name="id" value=id/>
                                    <input type="hidden" name="accept" value="1"/>
                                    <button type="submit" class="btn btn-primary">{t(Msg::Accept)}</button>
                                </ActionForm>
                                <ActionForm action=answer attr:class="inline-form">
                                    <input type="hidden" name="id" value=id_for_decline/>
                                    <input type="hidden" name="accept" value="0"/>
                                    <button type="submit" class="btn">{t(Msg::Decline)}</button>
                                </ActionForm>
                            </div>
                        </li>
                    }
                })
                .collect_view();
            let children = d
                .children
                .iter()
                .map(|c| {
                    let class = c.class_name.clone().map(|n| format!(", {n}")).unwrap_or_default();
                    view! { <li>{c.child.clone()}{class}" — "{c.school.clone()}</li> }
                })
                .collect_view();
            let confirmed = |yes: bool| if yes { Msg::Confirmed.text(lang) } else { Msg::NotConfirmed.text(lang) };
            let not_given = Msg::NotSpecified.text(lang);
            view! {
                {notice.map(|m| view! { <p class="notice notice-success" role="status">{t(m)}</p> })}
                <section class="card" aria-labelledby="invitations-title">
                    <h2 id="invitations-title">{t(Msg::InvitationsTitle)}</h2>
                    {if d.invitations.is_empty() {
                        view! { <p class="hint">{t(Msg::NoInvitations)}</p> }.into_any()
                    } else {
                        view! { <ul class="plain-list">{invitations}</ul> }.into_any()
                    }}
                    <p class="form-error" role="alert">{move || answer.value().get().and_then(|r| r.err()).map(|e| e.user_message(use_lang()))}</p>
                    {(!d.children.is_empty()).then(|| view! {
                        <h3>{t(Msg::ChildrenTitle)}</h3>
                        <ul class="plain-list" data-testid="children">{children}</ul>
                    })}
                </section>
                <div class="columns">
                    <section class="card" aria-labelledby="login-title">
                        <h2 id="login-title">{t(Msg::FieldLogin)}</h2>
                        <p><code data-testid="my-login">{d.login.clone()}</code></p>
                        {if d.login_changed {
                            view! { <p class="hint">{t(Msg::LoginChangedOnce)}</p> }.into_any()
                        } else {
                            view! {
                                <ActionForm action=change attr:class="form" attr:novalidate=true>
                                    <Field
                                        name="login"
                                        label=Msg::NewLoginLabel
                                        autocomplete="username"
                                        value=Signal::derive(move || change_error.get().and_then(|e| e.echoed("login")).unwrap_or_default())
                                        error=Signal::derive(move || field_message(change_error.get(), "login"))
                                    />
                                    <p class="hint">{t(Msg::ChangeLoginHint)}</p>
                                    <button type="submit" class="btn">{t(Msg::ChangeLoginButton)}</button>
                                </ActionForm>
                            }.into_any()
                        }}
                    </section>
                    <section class="card" aria-labelledby="contacts-title">
                        <h2 id="contacts-title">{t(Msg::StepSecurity)}</h2>
                        <dl class="data-list">
                            <div class="data-row">
                                <dt>{t(Msg::EmailLabel)}</dt>
                                <dd>{if d.email.is_empty() { not_given.to_string() } else { format!("{} ({})", d.email, confirmed(d.email_confirmed)) }}</dd>
                            </div>
                            <div class="data-row">
                                <dt>{t(Msg::PhoneLabel)}</dt>
                                <dd>{if d.phone.is_empty() { not_given.to_string() } else { format!("{} ({})", d.phone, confirmed(d.phone_confirmed)) }}</dd>
                            </div>
                        </dl>
                    </section>
                </div>
            }
        })}
        <crate::esia::components::EsiaSettingsCard/>
    }
}
