//! The sign-in form. It works without JavaScript: the form posts to the server function, which
//! redirects to the start page, or back here with the refusal in the URL for the message.

use crate::accounts::api::SignIn;
use crate::error::AppError;
use crate::i18n::{t, use_lang, Msg};
use crate::ui::{Field, PageTitle};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn SignInPage() -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<SignIn>::new();
    let error = move || action.value().get().and_then(|result| result.err());
    let field_error = move |field: &'static str| {
        error().filter(|e| e.field() == Some(field)).map(|e| e.user_message(lang))
    };
    let other_error = move || error().filter(|e| e.field().is_none()).map(|e| e.user_message(lang));
    let typed_login = move || match error() {
        Some(AppError::SignIn { login, .. }) => login,
        _ => String::new(),
    };
    let pending = action.pending();

    view! {
        <main id="main" class="auth">
            <section class="auth-card" aria-labelledby="page-title">
                <AuthBrand/>
                <PageTitle text=t(Msg::SignInTitle).to_string()/>
                <p class="lead">{t(Msg::SignInLead)}</p>
                <ActionForm action=action attr:class="form" attr:novalidate=true>
                    <Field
                        name="login"
                        label=Msg::LoginLabel
                        autocomplete="username"
                        value=Signal::derive(typed_login)
                        error=Signal::derive(move || field_error("login"))
                    />
                    <Field
                        name="password"
                        label=Msg::PasswordLabel
                        input_type="password"
                        autocomplete="current-password"
                        error=Signal::derive(move || field_error("password"))
                    />
                    <p class="form-error" aria-live="polite">{other_error}</p>
                    <button type="submit" class="btn btn-primary btn-block" disabled=move || pending.get()>
                        {move || if pending.get() { t(Msg::SigningIn) } else { t(Msg::SignInButton) }}
                    </button>
                </ActionForm>
                <p class="auth-links">
                    <a href="/recovery">{t(Msg::ForgotLink)}</a>
                </p>
                <crate::esia::components::GosuslugiBlock/>
            </section>
            <LanguageLink/>
        </main>
    }
}

/// The brand block on the sign-in and recovery pages.
#[component]
pub fn AuthBrand() -> impl IntoView {
    view! {
        <div class="auth-brand">
            <img src="/icons/parta.svg" alt="" width="48" height="48"/>
            <div>
                <span class="auth-brand-name">{t(Msg::AppName)}</span>
                <span class="auth-brand-tagline">{t(Msg::AppTagline)}</span>
            </div>
        </div>
    }
}

/// A plain link: the host sets the language cookie and sends the person back.
#[component]
pub fn LanguageLink() -> impl IntoView {
    let target = match use_lang() {
        crate::i18n::Lang::Ru => "/lang/en",
        crate::i18n::Lang::En => "/lang/ru",
    };
    view! {
        <a class="lang-link" href=target rel="external" aria-label=t(Msg::LanguageSwitchLabel)>
            {t(Msg::LanguageSwitch)}
        </a>
    }
}
