//! The activation wizard's pages, the confirmation-link page, and the two documents people agree to.

use crate::accounts::activation::*;
use crate::i18n::{t, use_lang, Msg};
use crate::ui::{await_view, field_message, Field, PageTitle};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

/// The frame of every step: the title, the three steps with the current one marked.
#[component]
fn Wizard(step: i64, children: Children) -> impl IntoView {
    let lang = use_lang();
    let steps = [(STEP_PERSONAL, Msg::StepPersonal), (STEP_SECURITY, Msg::StepSecurity), (STEP_PASSWORD, Msg::StepPassword)];
    let items = steps
        .into_iter()
        .map(|(n, label)| {
            let state = if n < step { "done" } else if n == step { "current" } else { "todo" };
            view! {
                <li class=format!("wizard-step wizard-step-{state}") aria-current=(n == step).then_some("step")>
                    <span class="wizard-step-number">{n + 1}</span>
                    <span>{label.text(lang)}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <main id="main" class="auth">
            <section class="auth-card auth-card-wide" aria-labelledby="page-title">
                <p class="wizard-kicker">{t(Msg::ActivationTitle)}" · "{Msg::StepOf.fill(lang, &[&(step + 1).min(3).to_string()])}</p>
                <ol class="wizard-steps">{items}</ol>
                {children()}
            </section>
        </main>
    }
}

/// Loads the person's data and renders `page` only on the step they are at; any other step
/// redirects there, so steps cannot be skipped or repeated.
fn on_step<V: IntoView + 'static>(step: i64, page: impl Fn(ActivationData) -> V + Clone + Send + Sync + 'static) -> impl IntoView {
    let info = Resource::new(|| (), |_| activation_info());
    await_view(info, move |info: ActivationData| {
        if info.step == step {
            page(info).into_any()
        } else {
            view! { <Redirect path=step_path(info.step)/> }.into_any()
        }
    })
}

/// `/activation`: straight to the step the person is at.
#[component]
pub fn ActivationStart() -> impl IntoView {
    let info = Resource::new(|| (), |_| activation_info());
    await_view(info, |info: ActivationData| view! { <Redirect path=step_path(info.step)/> })
}

#[component]
pub fn ActivationPersonal() -> impl IntoView {
    let action = ServerAction::<ConfirmPersonal>::new();
    on_step(STEP_PERSONAL, move |info| {
        let lang = use_lang();
        let row = move |label: Msg, value: String| view! { <div class="data-row"><dt>{label.text(lang)}</dt><dd>{value}</dd></div> };
        let not_given = move || Msg::NotSpecified.text(lang).to_string();
        let contacts = {
            let admins = (!info.admins.is_empty()).then(|| {
                view! { <li>{Msg::AdminsLabel.text(lang)}": "<strong>{info.admins.join(", ")}</strong></li> }
            });
            let teacher = info.class_teacher.clone().map(|name| {
                view! { <li>{Msg::ClassTeacherCol.text(lang)}": "<strong>{name}</strong></li> }
            });
            view! { <ul class="contact-list">{admins}{teacher}</ul> }
        };
        view! {
            <Wizard step=STEP_PERSONAL>
                <PageTitle text=t(Msg::StepPersonal).to_string()/>
                <p class="lead">{t(Msg::PersonalLead)}</p>
                <dl class="data-list">
                    {row(Msg::FieldFullName, info.full_name.clone())}
                    {row(Msg::FieldSex, if info.female { t(Msg::SexFemale) } else { t(Msg::SexMale) }.to_string())}
                    {row(Msg::FieldBirthDate, info.birth_date.clone())}
                    {row(Msg::FieldSnils, info.snils.clone().unwrap_or_else(not_given))}
                    {row(Msg::SchoolCol, info.school.clone())}
                    {row(Msg::RoleSwitchLabel, info.role.label().text(lang).to_string())}
                    {info.class_name.clone().map(|c| row(Msg::ClassCol, c))}
                    {row(Msg::FieldLogin, info.login.clone())}
                </dl>
                <details class="wrong-data">
                    <summary>{t(Msg::PersonalWrongTitle)}</summary>
                    <p>{t(Msg::PersonalWrongText)}</p>
                    {contacts}
                </details>
                <ActionForm action=action attr:class="form">
                    <p class="form-error" aria-live="polite">{move || action.value().get().and_then(|r| r.err()).map(|e| e.user_message(use_lang()))}</p>
                    <button type="submit" class="btn btn-primary btn-block">{t(Msg::NextButton)}</button>
                </ActionForm>
            </Wizard>
        }
    })
}

#[component]
pub fn ActivationSecurity() -> impl IntoView {
    let action = ServerAction::<SaveSecurity>::new();
    let error = move || action.value().get().and_then(|r| r.err());
    on_step(STEP_SECURITY, move |info| {
        let typed = move |field: &'static str, saved: String| move || error().and_then(|e| e.echoed(field)).unwrap_or_else(|| saved.clone());
        view! {
            <Wizard step=STEP_SECURITY>
                <PageTitle text=t(Msg::StepSecurity).to_string()/>
                <p class="lead">{t(Msg::SecurityLead)}</p>
                <ActionForm action=action attr:class="form" attr:novalidate=true>
                    <Field
                        name="email"
                        label=Msg::EmailLabel
                        input_type="email"
                        autocomplete="email"
                        value=Signal::derive(typed("email", info.email.clone()))
                        error=Signal::derive(move || field_message(error(), "email"))
                    />
                    <Field
                        name="phone"
                        label=Msg::PhoneLabel
                        input_type="tel"
                        autocomplete="tel"
                        value=Signal::derive(typed("phone", info.phone.clone()))
                        error=Signal::derive(move || field_message(error(), "phone"))
                    />
                    <button type="submit" class="btn btn-primary btn-block">{t(Msg::NextButton)}</button>
                </ActionForm>
            </Wizard>
        }
    })
}

#[component]
pub fn ActivationPassword() -> impl IntoView {
    let action = ServerAction::<Finish>::new();
    let error = move || action.value().get().and_then(|r| r.err());
    on_step(STEP_PASSWORD, move |_info| {
        let checkbox_error = move |field: &'static str| move || field_message(error(), field);
        view! {
            <Wizard step=STEP_PASSWORD>
                <PageTitle text=t(Msg::StepPassword).to_string()/>
                <p class="lead">{t(Msg::PasswordLead)}</p>
                <ActionForm action=action attr:class="form" attr:novalidate=true>
                    <Field
                        name="password"
                        label=Msg::NewPasswordLabel
                        input_type="password"
                        autocomplete="new-password"
                        error=Signal::derive(move || field_message(error(), "password"))
                    />
                    <Field
                        name="password_repeat"
                        label=Msg::RepeatPasswordLabel
                        input_type="password"
                        autocomplete="new-password"
                        error=Signal::derive(move || field_message(error(), "password_repeat"))
                    />
                    <p class="hint">{t(Msg::PasswordRulesHint)}</p>
                    <div class="check">
                        <input id="agree" name="agree" type="checkbox" value="on" aria-describedby="agree-error"/>
                        <label for="agree">{t(Msg::AgreeText)}" "<a href="/agreement" target="_blank">"("{t(Msg::ReadDocument)}")"</a></label>
                    </div>
                    <p id="agree-error" class="field-error" aria-live="polite">{checkbox_error("agree")}</p>
                    <div class="check">
                        <input id="consent" name="consent" type="checkbox" value="on" aria-describedby="consent-error"/>
                        <label for="consent">{t(Msg::ConsentText)}" "<a href="/consent" target="_blank">"("{t(Msg::ReadDocument)}")"</a></label>
                    </div>
                    <p id="consent-error" class="field-error" aria-live="polite">{checkbox_error("consent")}</p>
                    <button type="submit" class="btn btn-primary btn-block">{t(Msg::DoneButton)}</button>
                </ActionForm>
            </Wizard>
        }
    })
}

#[component]
pub fn ActivationDone() -> impl IntoView {
    on_step(STEP_DONE, |info| {
        let lang = use_lang();
        view! {
            <main id="main" class="auth">
                <section class="auth-card" aria-labelledby="page-title">
                    <PageTitle text=t(Msg::DoneTitle).to_string()/>
                    <p class="lead">{Msg::DoneText.fill(lang, &[&info.email])}</p>
                    <p><a class="btn btn-primary btn-block" href="/" rel="external">{t(Msg::StartWorking)}</a></p>
                </section>
            </main>
        }
    })
}

/// `/confirm-email?token=…`, opened from the e-mail.
#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    let query = use_query_map();
    let outcome = Resource::new(move || query.with(|q| q.get("token").unwrap_or_default()), confirm_email);
    view! {
        <main id="main" class="auth">
            <section class="auth-card" aria-labelledby="page-title">
                <PageTitle text=t(Msg::ConfirmEmailTitle).to_string()/>
                <Suspense fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                    {move || Suspend::new(async move {
                        match outcome.await {
                            Ok(ConfirmOutcome::Confirmed { email }) => view! {
                                <p class="notice notice-success" role="status">{Msg::EmailConfirmed.fill(use_lang(), &[&email])}</p>
                                <p><a class="btn btn-primary btn-block" href="/" rel="external">{t(Msg::StartWorking)}</a></p>
                            }.into_any(),
                            Err(err) => {
                                crate::ui::set_status(err.http_status());
                                view! { <p class="notice notice-error" role="alert">{err.user_message(use_lang())}</p> }.into_any()
                            }
                        }
                    })}
                </Suspense>
            </section>
        </main>
    }
}

#[component]
pub fn AgreementPage() -> impl IntoView {
    document_page(Msg::AgreementTitle, Msg::AgreementBody, USER_AGREEMENT_VERSION)
}

#[component]
pub fn ConsentPage() -> impl IntoView {
    document_page(Msg::ConsentTitle, Msg::ConsentBody, PERSONAL_DATA_CONSENT_VERSION)
}

fn document_page(title: Msg, body: Msg, version: &'static str) -> impl IntoView {
    let lang = use_lang();
    view! {
        <main id="main" class="auth">
            <article class="auth-card auth-card-wide" aria-labelledby="page-title">
                <PageTitle text=t(title).to_string()/>
                <p class="hint">{Msg::DocumentVersion.fill(lang, &[&crate::school::components::russian_date(version)])}</p>
                <p>{t(body)}</p>
            </article>
        </main>
    }
}
