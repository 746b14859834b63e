//! The signed-in application shell: school, person, role switcher, «Выход».
//! Role switch and sign-out are plain form posts to their server functions, so they work
//! without JavaScript and always reload the page in the new state.

use super::sign_in::LanguageLink;
use crate::accounts::api::whoami;
use crate::accounts::types::Me;
use crate::i18n::{t, use_lang, Msg};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect};

/// Everything behind sign-in renders inside this: it finds the person, or sends them to /login
/// (or to the activation wizard).
///
/// The page (`<Outlet/>`) stands beside the person's suspense, not inside it: a suspense walks
/// its children again after its data arrive, and the router builds the page anew on each walk,
/// so a page inside was built — and its server functions run — up to three times per request.
/// Pages do not depend on the layout for safety: every server function asks `require()`, which
/// refuses a visitor without a session and a person who has not finished activation, and
/// `await_view` sends them to /login or /activation as the layout does.
#[component]
pub fn SignedInLayout() -> impl IntoView {
    let me = Resource::new(|| (), |_| whoami());
    // The person never changes while a page lives (a role switch or sign-out reloads), so each
    // suspense holds one `Suspend`, not a closure making a new one on every walk.
    view! {
        <a class="skip-link" href="#main">{t(Msg::SkipToContent)}</a>
        <Suspense fallback=|| view! { <header class="topbar"></header> }>
            {Suspend::new(async move {
                match me.await {
                    Ok(Some(me)) if me.activation_pending => view! { <Redirect path="/activation"/> }.into_any(),
                    Ok(Some(me)) => view! { <TopBar me/> }.into_any(),
                    Ok(None) | Err(AppError::Unauthorized) => view! { <Redirect path="/login"/> }.into_any(),
                    // The page shows the error (its own server functions meet it too).
                    Err(_) => view! { <header class="topbar"></header> }.into_any(),
                }
            })}
        </Suspense>
        <main id="main" class="page">
            <Suspense>
                {Suspend::new(async move {
                    let offer = matches!(me.await, Ok(Some(me)) if me.esia_offer && !me.activation_pending);
                    view! { <crate::esia::components::EsiaOfferBanner due=offer/> }
                })}
            </Suspense>
            <Outlet/>
        </main>
        <footer class="footer">
            <span>{t(Msg::AppName)}" — "{t(Msg::AppTagline)}</span>
            <LanguageLink/>
        </footer>
    }
}

/// The bar at the top of every signed-in page: the school, the role (with the switcher when
/// the person has several), the person, «Настройки» and «Выход».
#[component]
pub fn TopBar(me: Me) -> impl IntoView {
    let lang = use_lang();
    let role_label = t(me.active.role.label());
    let place = me.active.place.clone();
    let several = me.grants.len() > 1;
    let options = me
        .grants
        .iter()
        .map(|g| {
            let label = format!("{} — {}", g.role.label().text(lang), g.place);
            let selected = g.id == me.active.id;
            view! { <option value=g.id.to_string() selected=selected>{label}</option> }
        })
        .collect_view();
    view! {
        <header class="topbar">
            <a class="brand" href="/">
                <img src="/icons/parta.svg" alt="" width="32" height="32"/>
                <span class="brand-name">{t(Msg::AppName)}</span>
            </a>
            <div class="topbar-place">
                <span class="topbar-school">{place}</span>
                <span class="topbar-role">{role_label}</span>
            </div>
            <div class="topbar-person">
                <span class="person-full" data-testid="person-name">{me.full_name()}</span>
                <span class="person-short" aria-hidden="true">{me.short_name()}</span>
            </div>
            {several.then(|| view! {
                <form class="role-switch" method="post" action="/api/switch_role">
                    <label for="grant_id" class="visually-hidden">{t(Msg::RoleSwitchLabel)}</label>
                    <select id="grant_id" name="grant_id">{options}</select>
                    <button type="submit" class="btn btn-small">{t(Msg::RoleSwitchButton)}</button>
                </form>
            })}
            <a class="btn btn-small btn-quiet settings-link" href="/settings/security">{t(Msg::SettingsTitle)}</a>
            <form class="sign-out" method="post" action="/api/sign_out">
                <button type="submit" class="btn btn-small btn-quiet">{t(Msg::SignOut)}</button>
            </form>
        </header>
    }
}
