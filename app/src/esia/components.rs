//! Gosuslugi sign-in in the interface: «Выберите свой регион» and «Войти через госуслуги» on the
//! sign-in page, the refusal page, the link form, the offer after a password sign-in, the
//! «Госуслуги» card in the security settings and the region operator's switch. Every step is a
//! plain link or form, so it all works without JavaScript.

use super::api::{esia_link_pending, esia_link_status, esia_region, esia_regions, EsiaLink, EsiaSaveRegion};
use super::types::{LinkStatus, RegionEsia, RegionOption, Refusal};
use crate::accounts::components::AuthBrand;
use crate::error::AppError;
use crate::i18n::{t, use_lang, Msg};
use crate::ui::{await_view, Field, PageTitle};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// On the sign-in page: the region first, then the Gosuslugi button where the region has it on.
#[component]
pub fn GosuslugiBlock() -> impl IntoView {
    let query = use_query_map();
    let chosen = move || query.with_untracked(|q| q.get("region")).and_then(|r| r.parse::<i64>().ok());
    let regions = Resource::new(|| (), |_| esia_regions());
    view! {
        <section class="esia-block" aria-labelledby="esia-title">
            <h2 id="esia-title" class="esia-title">{t(Msg::EsiaBlockTitle)}</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let list: Vec<RegionOption> = regions.await.unwrap_or_default();
                    let current = chosen();
                    let picked = current.and_then(|id| list.iter().find(|r| r.id == id).cloned());
                    let options = list
                        .iter()
                        .map(|r| {
                            let selected = Some(r.id) == current;
                            view! { <option value=r.id.to_string() selected=selected>{r.name.clone()}</option> }
                        })
                        .collect_view();
                    let outcome = match picked {
                        Some(r) if r.esia_enabled => view! {
                            <a class="btn btn-gosuslugi btn-block" rel="external" href=format!("/esia/start?region={}", r.id)>
                                {t(Msg::EsiaSignInButton)}
                            </a>
                        }.into_any(),
                        Some(r) => view! {
                            <p class="hint" role="status">{Msg::EsiaRegionOff.fill(use_lang(), &[&r.name])}</p>
                        }.into_any(),
                        None => ().into_any(),
                    };
                    view! {
                        <form class="form esia-region" method="get" action="/login">
                            <div class="field">
                                <label for="region">{t(Msg::EsiaChooseRegion)}</label>
                                <div class="inline-fields">
                                    <select id="region" name="region">
                                        <option value="" selected=current.is_none()>{t(Msg::EsiaRegionPlaceholder)}</option>
                                        {options}
                                    </select>
                                    <button type="submit" class="btn">{t(Msg::EsiaChooseButton)}</button>
                                </div>
                            </div>
                        </form>
                        {outcome}
                    }
                    .into_any()
                })}
            </Suspense>
        </section>
    }
}

/// `/esia/refused?reason=…`: why Gosuslugi sign-in did not work, in the seeds' words.
#[component]
pub fn EsiaRefusedPage() -> impl IntoView {
    let query = use_query_map();
    let reason = query.with_untracked(|q| q.get("reason")).and_then(|r| Refusal::from_code(&r)).unwrap_or(Refusal::Failed);
    let contact = !matches!(reason, Refusal::ConsentRefused | Refusal::Expired);
    view! {
        <main id="main" class="auth">
            <section class="auth-card" aria-labelledby="page-title">
                <AuthBrand/>
                <PageTitle text=t(Msg::EsiaRefusedTitle).to_string()/>
                <p class="notice notice-error" role="alert" data-testid="esia-refusal" data-reason=reason.code()>{t(reason.message())}</p>
                {contact.then(|| view! { <p class="hint">{t(Msg::EsiaContactAdmin)}</p> })}
                <p class="auth-links"><a href="/login">{t(Msg::EsiaBackToSignIn)}</a></p>
            </section>
        </main>
    }
}

/// `/esia/link`: «К сожалению, мы не смогли найти Ваш профиль…» and the login-and-password form.
#[component]
pub fn EsiaLinkPage() -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<EsiaLink>::new();
    let pending = Resource::new(|| (), |_| esia_link_pending());
    let error = move || action.value().get().and_then(|result| result.err());
    let field_error = move |field: &'static str| error().filter(|e| e.field() == Some(field)).map(|e| e.user_message(lang));
    let other_error = move || error().filter(|e| e.field().is_none()).map(|e| e.user_message(lang));
    let typed_login = move || match error() {
        Some(AppError::SignIn { login, .. }) => login,
        _ => String::new(),
    };
    view! {
        <main id="main" class="auth">
            <section class="auth-card" aria-labelledby="page-title">
                <AuthBrand/>
                <PageTitle text=t(Msg::EsiaLinkTitle).to_string()/>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        if !pending.await.unwrap_or(false) {
                            return view! {
                                <p class="notice notice-error" role="alert">{t(Msg::EsiaExpired)}</p>
                                <p class="auth-links"><a href="/login">{t(Msg::EsiaBackToSignIn)}</a></p>
                            }.into_any();
                        }
                        view! {
                            <p class="lead" data-testid="esia-not-found">{t(Msg::EsiaNotFound)}</p>
                            <ActionForm action=action attr:class="form" attr:novalidate=true>
                                <Field name="login" label=Msg::LoginLabel autocomplete="username"
                                    value=Signal::derive(typed_login) error=Signal::derive(move || field_error("login"))/>
                                <Field name="password" label=Msg::PasswordLabel input_type="password" autocomplete="current-password"
                                    error=Signal::derive(move || field_error("password"))/>
                                <p class="form-error" aria-live="polite">{other_error}</p>
                                <button type="submit" class="btn btn-primary btn-block">{t(Msg::EsiaLinkButton)}</button>
                            </ActionForm>
                            <p class="auth-links"><a href="/login">{t(Msg::EsiaBackToSignIn)}</a></p>
                        }.into_any()
                    })}
                </Suspense>
            </section>
        </main>
    }
}

/// In the signed-in shell after a password sign-in: «Привязать учетную запись портала Госуслуг»
/// or «Пропустить».
#[component]
pub fn EsiaOfferBanner(due: bool) -> impl IntoView {
    due.then(|| view! {
        <section class="notice esia-offer" aria-labelledby="esia-offer-title" data-testid="esia-offer">
            <h2 id="esia-offer-title" class="esia-offer-title">{t(Msg::EsiaOfferTitle)}</h2>
            <p>{t(Msg::EsiaOfferText)}</p>
            <div class="button-row">
                <a class="btn btn-gosuslugi" rel="external" href="/esia/start?link=1">{t(Msg::EsiaLinkAccount)}</a>
                <form method="post" action="/api/esia_skip_offer" class="inline-form">
                    <button type="submit" class="btn">{t(Msg::EsiaSkip)}</button>
                </form>
            </div>
        </section>
    })
}

/// The «Госуслуги» card of «Настройки» → «Безопасность».
#[component]
pub fn EsiaSettingsCard() -> impl IntoView {
    let query = use_query_map();
    let status = Resource::new(|| (), |_| esia_link_status());
    let notice = move || match query.with_untracked(|q| q.get("esia")).as_deref() {
        Some("linked") => Some(Msg::EsiaLinkedNotice),
        Some("unlinked") => Some(Msg::EsiaUnlinkedNotice),
        _ => None,
    };
    view! {
        <section class="card" aria-labelledby="esia-settings-title">
            <h2 id="esia-settings-title">{t(Msg::EsiaSettingsTitle)}</h2>
            {move || notice().map(|m| view! { <p class="notice notice-success" role="status">{t(m)}</p> })}
            {await_view(status, |s: LinkStatus| {
                if s.linked {
                    view! {
                        <p data-testid="esia-status">{t(Msg::EsiaLinkedText)}</p>
                        <form method="post" action="/api/esia_unlink" class="inline-form">
                            <button type="submit" class="btn">{t(Msg::EsiaUnlink)}</button>
                        </form>
                    }.into_any()
                } else if s.available {
                    view! {
                        <p data-testid="esia-status">{t(Msg::EsiaNotLinkedText)}</p>
                        <a class="btn btn-gosuslugi" rel="external" href="/esia/start?link=1">{t(Msg::EsiaLinkAccount)}</a>
                    }.into_any()
                } else {
                    view! { <p class="hint">{t(Msg::EsiaUnavailable)}</p> }.into_any()
                }
            })}
        </section>
    }
}

/// The region operator's switch: Gosuslugi sign-in on or off, and the minimum account level.
#[component]
pub fn RegionEsiaCard() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(|| (), |_| esia_region());
    let save = ServerAction::<EsiaSaveRegion>::new();
    let saved = move || query.with_untracked(|q| q.get("esia")).as_deref() == Some("saved") || save.value().get().is_some_and(|r| r.is_ok());
    view! {
        <section class="card" aria-labelledby="region-esia-title">
            <h2 id="region-esia-title">{t(Msg::GosuslugiCol)}</h2>
            {move || saved().then(|| view! { <p class="notice notice-success" role="status">{t(Msg::EsiaRegionSaved)}</p> })}
            {await_view(data, move |r: RegionEsia| {
                let standard = r.min_level == "standard";
                view! {
                    <ActionForm action=save attr:class="form">
                        <div class="check">
                            <input type="checkbox" id="enabled" name="enabled" checked=r.enabled/>
                            <label for="enabled">{t(Msg::EsiaRegionEnable)}</label>
                        </div>
                        <div class="field">
                            <label for="min_level">{t(Msg::EsiaMinLevel)}</label>
                            <select id="min_level" name="min_level">
                                <option value="standard" selected=standard>{t(Msg::EsiaLevelStandard)}</option>
                                <option value="confirmed" selected=!standard>{t(Msg::EsiaLevelConfirmed)}</option>
                            </select>
                        </div>
                        <p class="hint">{t(Msg::EsiaAgeHint)}</p>
                        <button type="submit" class="btn btn-primary">{t(Msg::SaveButtonEsia)}</button>
                    </ActionForm>
                }
            })}
        </section>
    }
}
