//! «Восстановление доступа»: the choice of problem, the forms of each path, the phone fallback,
//! the SMS code, the new password, and the parent's page for a child's access. Every form is a
//! plain post that redirects, so all of it works without JavaScript.

use super::sign_in::{AuthBrand, LanguageLink};
use crate::accounts::recovery::*;
use crate::error::AppError;
use crate::i18n::{t, use_lang, Msg};
use crate::ui::{await_view, Field, PageTitle};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The frame of every recovery page.
#[component]
fn RecoveryCard(title: Msg, #[prop(optional)] no_kicker: bool, children: Children) -> impl IntoView {
    view! {
        <main id="main" class="auth">
            <section class="auth-card auth-card-wide" aria-labelledby="page-title">
                <AuthBrand/>
                {(!no_kicker).then(|| view! { <p class="wizard-kicker">{t(Msg::RecoveryTitle)}</p> })}
                <PageTitle text=t(title).to_string()/>
                {children()}
                <p class="auth-links recovery-links">
                    <a href="/recovery">{t(Msg::RecoveryStartAgain)}</a>
                    " · "
                    <a href="/login">{t(Msg::BackToSignIn)}</a>
                </p>
            </section>
            <LanguageLink/>
        </main>
    }
}

fn field_message(error: Option<AppError>, field: &str) -> Option<String> {
    error.filter(|e| e.field() == Some(field)).map(|e| e.user_message(use_lang()))
}

/// A query parameter of the current page.
fn query(name: &'static str) -> Memo<String> {
    let q = use_query_map();
    Memo::new(move |_| q.with(|q| q.get(name).unwrap_or_default()))
}

/// The refusal that belongs to no single field; for «not confirmed» it names whom to ask.
#[component]
fn FormError(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    move || {
        let err = error.get().filter(|e| matches!(e.field(), None | Some("form") | Some("token") | Some("flow")))?;
        let lang = use_lang();
        let admins = err.echoed("admins").filter(|a| !a.is_empty());
        let teacher = err.echoed("class_teacher").filter(|a| !a.is_empty());
        let whom = (admins.is_some() || teacher.is_some()).then(|| {
            view! {
                <ul class="contact-list">
                    {admins.map(|a| view! { <li>{Msg::AdminsLabel.text(lang)}": "<strong>{a}</strong></li> })}
                    {teacher.map(|n| view! { <li>{Msg::ClassTeacherCol.text(lang)}": "<strong>{n}</strong></li> })}
                </ul>
            }
        });
        Some(view! {
            <div class="notice notice-error recovery-refusal" role="alert">
                <p>{err.user_message(lang)}</p>
                {whom}
            </div>
        })
    }
}

/// The captcha: the picture (with a text alternative), «Другая картинка», and the answer field.
/// A new picture comes with every page load and after every submission.
#[component]
fn Captcha(
    captcha: Resource<Result<CaptchaImage, AppError>>,
    #[prop(into)] error: Signal<Option<String>>,
    reload_href: Signal<String>,
) -> impl IntoView {
    view! {
        <div class="captcha">
            <Suspense fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match captcha.await {
                        Ok(c) => view! {
                            <div class="captcha-picture">
                                <input type="hidden" name="captcha_id" value=c.id/>
                                <img class="captcha-image" src=c.image alt=t(Msg::CaptchaAlt) width="200" height="70"/>
                                <a
                                    class="captcha-refresh"
                                    href=move || reload_href.get()
                                    on:click=move |ev| {
                                        ev.prevent_default();
                                        captcha.refetch();
                                    }
                                >
                                    {t(Msg::CaptchaRefresh)}
                                </a>
                            </div>
                        }.into_any(),
                        Err(e) => view! { <p class="form-error">{e.user_message(use_lang())}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
        // As `Field`, but every new picture empties the answer (the page is not reloaded with JS).
        <div class="field">
            <label for="captcha">{t(Msg::CaptchaLabel)}</label>
            <input
                id="captcha"
                name="captcha"
                type="text"
                inputmode="numeric"
                autocomplete="off"
                autocapitalize="none"
                spellcheck="false"
                prop:value=move || {
                    captcha.track();
                    String::new()
                }
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby="captcha-error"
            />
            <p id="captcha-error" class="field-error" aria-live="polite">{move || error.get()}</p>
        </div>
    }
}

/// `/recovery`: «Восстановление доступа» — pick the problem.
#[component]
pub fn RecoveryPage() -> impl IntoView {
    view! {
        <RecoveryCard title=Msg::RecoveryTitle no_kicker=true>
            <p class="lead">{t(Msg::RecoveryLead)}</p>
            <ul class="choice-list">
                <li><a class="choice" href="/recovery/login">{t(Msg::RecoveryForgotLogin)}</a></li>
                <li><a class="choice" href="/recovery/password">{t(Msg::RecoveryForgotPassword)}</a></li>
                <li><a class="choice" href="/recovery/both">{t(Msg::RecoveryForgotBoth)}</a></li>
            </ul>
            <p class="hint">{t(Msg::RecoverySelfServiceNote)}</p>
            <p class="hint"><a href="/parent/access">{t(Msg::RecoveryParentLink)}</a></p>
        </RecoveryCard>
    }
}

/// `/recovery/login` and `/recovery/both`: e-mail or phone, birth date, captcha.
fn contact_form(forgot: Forgot) -> impl IntoView {
    let action = ServerAction::<RemindLogin>::new();
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    let captcha = Resource::new(move || action.version().get(), |_| recovery_captcha());
    let typed = move |field: &'static str| Signal::derive(move || error.get().and_then(|e| e.echoed(field)).unwrap_or_default());
    let (title, lead, path) = match forgot {
        Forgot::Login => (Msg::RecoveryForgotLogin, Msg::RecoveryLoginLead, "/recovery/login"),
        Forgot::Both => (Msg::RecoveryForgotBoth, Msg::RecoveryBothLead, "/recovery/both"),
    };
    view! {
        <RecoveryCard title>
            <p class="lead">{t(lead)}</p>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <input type="hidden" name="forgot" value=forgot.code()/>
                <FormError error/>
                <Field
                    name="contact"
                    label=Msg::ContactLabel
                    autocomplete="email"
                    value=typed("contact")
                    error=Signal::derive(move || field_message(error.get(), "contact"))
                />
                <Field
                    name="birth_date"
                    label=Msg::FieldBirthDate
                    input_type="date"
                    autocomplete="bday"
                    value=typed("birth_date")
                    error=Signal::derive(move || field_message(error.get(), "birth_date"))
                />
                <Captcha captcha error=Signal::derive(move || field_message(error.get(), "captcha")) reload_href=Signal::derive(move || path.to_string())/>
                <button type="submit" class="btn btn-primary btn-block">{t(Msg::NextButton)}</button>
            </ActionForm>
        </RecoveryCard>
    }
}

#[component]
pub fn RecoveryLoginPage() -> impl IntoView {
    contact_form(Forgot::Login)
}

#[component]
pub fn RecoveryBothPage() -> impl IntoView {
    contact_form(Forgot::Both)
}

/// `/recovery/password`: «Я не помню пароль» — login and captcha.
#[component]
pub fn RecoveryPasswordPage() -> impl IntoView {
    let action = ServerAction::<RequestReset>::new();
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    let captcha = Resource::new(move || action.version().get(), |_| recovery_captcha());
    view! {
        <RecoveryCard title=Msg::RecoveryForgotPassword>
            <p class="lead">{t(Msg::RecoveryPasswordLead)}</p>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <FormError error/>
                <Field
                    name="login"
                    label=Msg::LoginLabel
                    autocomplete="username"
                    value=Signal::derive(move || error.get().and_then(|e| e.echoed("login")).unwrap_or_default())
                    error=Signal::derive(move || field_message(error.get(), "login"))
                />
                <Captcha captcha error=Signal::derive(move || field_message(error.get(), "captcha")) reload_href=Signal::derive(|| "/recovery/password".to_string())/>
                <button type="submit" class="btn btn-primary btn-block">{t(Msg::NextButton)}</button>
            </ActionForm>
        </RecoveryCard>
    }
}

/// `/recovery/sent?via=email|sms&what=login|both`: what was sent.
#[component]
pub fn RecoverySentPage() -> impl IntoView {
    let via = query("via");
    let what = query("what");
    let sms = via.get_untracked() == "sms";
    let text = match (sms, what.get_untracked().as_str()) {
        (true, _) => Msg::RecoveryLoginSentSms,
        (false, "both") => Msg::RecoveryBothSentEmail,
        (false, _) => Msg::RecoveryLoginSentEmail,
    };
    view! {
        <RecoveryCard title=if sms { Msg::RecoverySentSmsTitle } else { Msg::RecoverySentTitle }>
            <p class="notice notice-success" role="status">{t(text)}</p>
            <p><a class="btn btn-primary btn-block" href="/login">{t(Msg::SignInButton)}</a></p>
        </RecoveryCard>
    }
}

/// `/recovery/password/sent?flow=…`: «check your mail», and the phone fallback.
#[component]
pub fn RecoveryResetSentPage() -> impl IntoView {
    let flow = query("flow");
    view! {
        <RecoveryCard title=Msg::RecoverySentTitle>
            <p class="notice notice-success" role="status">{t(Msg::RecoveryResetSent)}</p>
            <p class="recovery-fallback">
                <a href=move || format!("/recovery/phone?flow={}", flow.get())>{t(Msg::RecoveryViaPhone)}</a>
            </p>
        </RecoveryCard>
    }
}

/// A page of a request that may have expired: its refusal instead of the form.
fn flow_refusal(err: AppError) -> AnyView {
    crate::ui::set_status(err.http_status());
    view! { <p class="notice notice-error" role="alert">{err.user_message(use_lang())}</p> }.into_any()
}

/// `/recovery/phone?flow=…`: the phone with digits hidden; the person types them.
#[component]
pub fn RecoveryPhonePage() -> impl IntoView {
    let flow = query("flow");
    let action = ServerAction::<CheckPhone>::new();
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    let step = Resource::new(move || flow.get(), phone_step);
    view! {
        <RecoveryCard title=Msg::RecoveryPhoneTitle>
            <Suspense fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match step.await {
                        Ok(step) => view! {
                            <p class="lead">{t(Msg::RecoveryPhoneLead)}</p>
                            <p class="phone-mask" aria-label=Msg::PhoneLabel.text(use_lang())>{step.mask}</p>
                            <ActionForm action=action attr:class="form" attr:novalidate=true>
                                <input type="hidden" name="flow" value=flow.get_untracked()/>
                                <FormError error/>
                                <Field
                                    name="digits"
                                    label=Msg::PhoneDigitsLabel
                                    input_type="tel"
                                    value=Signal::derive(move || error.get().and_then(|e| e.echoed("digits")).unwrap_or_default())
                                    error=Signal::derive(move || field_message(error.get(), "digits"))
                                />
                                <button type="submit" class="btn btn-primary btn-block">{t(Msg::NextButton)}</button>
                            </ActionForm>
                        }.into_any(),
                        Err(err) => flow_refusal(err),
                    }
                })}
            </Suspense>
        </RecoveryCard>
    }
}

/// `/recovery/code?flow=…`: the code from the SMS.
#[component]
pub fn RecoveryCodePage() -> impl IntoView {
    let flow = query("flow");
    let action = ServerAction::<CheckCode>::new();
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    let step = Resource::new(move || flow.get(), code_step);
    view! {
        <RecoveryCard title=Msg::RecoveryCodeTitle>
            <Suspense fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match step.await {
                        Ok(step) => view! {
                            <p class="lead">{
                                // The number never breaks across lines.
                                let text = Msg::RecoveryCodeLead.text(use_lang());
                                let (before, after) = text.split_once("{0}").unwrap_or((text, ""));
                                view! { {before}<span class="nowrap">{step.phone.clone()}</span>{after} }
                            }</p>
                            <ActionForm action=action attr:class="form" attr:novalidate=true>
                                <input type="hidden" name="flow" value=flow.get_untracked()/>
                                <FormError error/>
                                <Field
                                    name="code"
                                    label=Msg::SmsCodeLabel
                                    input_type="tel"
                                    autocomplete="one-time-code"
                                    value=Signal::derive(move || error.get().and_then(|e| e.echoed("code")).unwrap_or_default())
                                    error=Signal::derive(move || field_message(error.get(), "code"))
                                />
                                <button type="submit" class="btn btn-primary btn-block">{t(Msg::NextButton)}</button>
                            </ActionForm>
                        }.into_any(),
                        Err(err) => flow_refusal(err),
                    }
                })}
            </Suspense>
        </RecoveryCard>
    }
}

/// `/recovery/reset?token=…`: the new password, twice.
#[component]
pub fn RecoveryResetPage() -> impl IntoView {
    let token = query("token");
    let action = ServerAction::<ResetPassword>::new();
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    let step = Resource::new(move || token.get(), reset_step);
    view! {
        <RecoveryCard title=Msg::StepPassword>
            <Suspense fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match step.await {
                        Ok(step) => view! {
                            <p class="lead">{Msg::RecoveryResetLead.fill(use_lang(), &[&step.login])}</p>
                            <ActionForm action=action attr:class="form" attr:novalidate=true>
                                <input type="hidden" name="token" value=token.get_untracked()/>
                                <FormError error/>
                                <Field
                                    name="password"
                                    label=Msg::NewPasswordLabel
                                    input_type="password"
                                    autocomplete="new-password"
                                    error=Signal::derive(move || field_message(error.get(), "password"))
                                />
                                <Field
                                    name="password_repeat"
                                    label=Msg::RepeatPasswordLabel
                                    input_type="password"
                                    autocomplete="new-password"
                                    error=Signal::derive(move || field_message(error.get(), "password_repeat"))
                                />
                                <p class="hint">{t(Msg::PasswordRulesHint)}</p>
                                <button type="submit" class="btn btn-primary btn-block">{t(Msg::NextButton)}</button>
                            </ActionForm>
                        }.into_any(),
                        Err(err) => flow_refusal(err),
                    }
                })}
            </Suspense>
        </RecoveryCard>
    }
}

/// `/recovery/done`.
#[component]
pub fn RecoveryDonePage() -> impl IntoView {
    view! {
        <RecoveryCard title=Msg::RecoveryDoneTitle>
            <p class="notice notice-success" role="status">{t(Msg::RecoveryDoneText)}</p>
            <p><a class="btn btn-primary btn-block" href="/login">{t(Msg::SignInButton)}</a></p>
        </RecoveryCard>
    }
}

/// `/parent/access`: the signed-in parent's children, their logins, and a reset link each.
#[component]
pub fn ChildAccessPage() -> impl IntoView {
    let action = ServerAction::<ChildReset>::new();
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    let sent = query("sent");
    let data = Resource::new(|| (), |_| children_access());
    await_view(data, move |data: ChildrenView| {
        let lang = use_lang();
        let email = data.parent_email.clone();
        let sent_note = {
            let email = email.clone();
            move || {
                let sent_id = sent.get();
                let done = (!sent_id.is_empty()) || action.value().get().is_some_and(|r| r.is_ok());
                email.clone().filter(|_| done).map(|e| {
                    view! { <p class="notice notice-success" role="status">{Msg::ChildLinkSent.fill(use_lang(), &[&e])}</p> }
                })
            }
        };
        let rows = data
            .children
            .clone()
            .into_iter()
            .map(|c| {
                let can_send = email.is_some();
                let child_id = c.person_id.to_string();
                let place = match &c.class_name {
                    Some(class) => format!("{}, {class}", c.school),
                    None => c.school.clone(),
                };
                view! {
                    <li class="child-access">
                        <div>
                            <strong>{c.full_name.clone()}</strong>
                            <span class="hint">" · "{place}</span>
                        </div>
                        <div>{Msg::FieldLogin.text(lang)}": "<code class="login">{c.login.clone()}</code></div>
                        {can_send.then(move || view! {
                            <ActionForm action=action attr:class="inline-form">
                                <input type="hidden" name="child_id" value=child_id.clone()/>
                                <button type="submit" class="btn btn-small" aria-label=format!("{} — {}", Msg::ChildSendLink.text(lang), c.full_name)>
                                    {Msg::ChildSendLink.text(lang)}
                                </button>
                            </ActionForm>
                        })}
                    </li>
                }
            })
            .collect_view();
        let empty = data.children.is_empty().then(|| view! { <p>{Msg::NoLinkedChildren.text(lang)}</p> });
        let unconfirmed = email.is_none().then(|| view! { <p class="notice notice-error" role="alert">{Msg::ParentEmailUnconfirmed.text(lang)}</p> });
        view! {
            <PageTitle text=t(Msg::ChildAccessTitle).to_string()/>
            <section class="card">
                <p class="lead">{t(Msg::ChildAccessLead)}</p>
                {sent_note}
                {unconfirmed}
                <FormError error/>
                {empty}
                <ul class="plain-list">{rows}</ul>
            </section>
        }
    })
}
