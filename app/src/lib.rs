//! Parta: the Leptos application. Pages, components and server functions, by domain:
//!
//! - `accounts`: sign-in, sessions, roles, the signed-in shell
//! - `school`: the school and region start pages
//! - `journal`: the teacher's side
//! - `diary`: the pupil's and parent's side
//! - `messaging`: the outbox of e-mail and SMS
//! - `policy`: the one authorization policy every server function asks
//! - `people`: the school admin's people pages: list, create, edit, block, sheets, parent links
//! - `live`: live updates: publish a topic after a commit, open screens hear it (SSE, LISTEN/NOTIFY)
//! - `audit`: the append-only audit log and the admin's «Журнал изменений»
//! - `timetable`: the weekly template, bells, the generator, dated lessons, personal timetables
//!   with iCal, substitutions
//! - `i18n`: the message catalogue; `error`: the one error type; `ui`: shared widgets
//! - `db`, `context` (server only): the database handle and what the host provides

#![recursion_limit = "512"]

pub mod accounts;
pub mod audit;
pub mod cookies;
pub mod diary;
pub mod error;
pub mod i18n;
pub mod journal;
pub mod live;
pub mod messaging;
pub mod people;
pub mod policy;
pub mod school;
pub mod timetable;
pub mod ui;
// Gosuslugi (ESIA) sign-in
pub mod esia;

#[cfg(feature = "ssr")]
pub mod context;
#[cfg(feature = "ssr")]
pub mod headers;
#[cfg(feature = "ssr")]
pub mod stamped;
#[cfg(feature = "ssr")]
pub mod db;

use accounts::components::{
    ActivationDone, ActivationPassword, ActivationPersonal, ActivationSecurity, ActivationStart, AgreementPage,
    ChildAccessPage, ConfirmEmailPage, ConsentPage, RecoveryBothPage, RecoveryCodePage, RecoveryDonePage, RecoveryLoginPage,
    RecoveryPage, RecoveryPasswordPage, RecoveryPhonePage, RecoveryResetPage, RecoveryResetSentPage, RecoverySentPage,
    SecurityPage, SignInPage, SignedInLayout,
};
use audit::components::AuditLogPage;
use people::components::{PeopleListPage, PersonNewPage, PersonPage};
use people::import::components::{ImportPage, ImportResultPage};
use timetable::import::components::{TimetableImportPage, TimetableImportResultPage};
use diary::components::{ParentHome, PupilHome};
use i18n::{t, Lang, Msg};
use journal::components::TeacherHome;
use messaging::components::OutboxPage;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, Meta, MetaTags, Stylesheet, Title};
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::{path, SsrMode};
use school::components::{AdminHome, RegionHome};
use timetable::editor::components::TimetableEditorPage;
use timetable::load::components::LoadPage;
use timetable::year::components::YearSetupPage;
use timetable::personal::components::TimetablePage;
use timetable::setup::components::{BellsSetupPage, GroupsSetupPage, RoomsSetupPage, SubjectsSetupPage};
use timetable::substitutions::components::{SubstitutionLessonPage, SubstitutionsPage};
// Gosuslugi (ESIA) sign-in
use esia::components::{EsiaLinkPage, EsiaRefusedPage};

/// The HTML document around the app (server only).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    headers::protect_page();
    let lang = Lang::detect();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <AutoReload options=options.clone()/>
                <IslandScript options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Islands mode, loaded only where it is needed: the page is server-rendered HTML that works
/// without JavaScript, and only `#[island]` components (the grid, the timetable editor, the live
/// summary) run in the browser. The script fetches the WASM only when the page holds an island,
/// so sign-in, the diary and every form page load no WASM at all. (Leptos's own
/// `HydrationScripts islands=true` would fetch it on every page.) When the islands are up,
/// `<body data-hydrated="true">` and the `parta-hydrated` performance mark say so: the release
/// smoke test waits for the one, the first-load measurement reads the other.
#[component]
fn IslandScript(options: LeptosOptions) -> impl IntoView {
    // What `HydrationScripts islands=true` does on the server: outside islands nothing is
    // rendered for hydration (no resource data, no hydration markers).
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let pkg = format!("/{}/{}", options.site_pkg_dir, options.output_name);
    // cargo-leptos names the WASM after the package; a plain cargo build keeps wasm-bindgen's `_bg`.
    let wasm = if option_env!("LEPTOS_OUTPUT_NAME").is_some() { format!("{pkg}.wasm") } else { format!("{pkg}_bg.wasm") };
    let script = format!(
        r#"(() => {{
  const islands = document.querySelectorAll("leptos-island");
  if (islands.length === 0) return;
  const go = async () => {{
    const mod = await import("{pkg}.js");
    await mod.default({{ module_or_path: "{wasm}" }});
    mod.hydrate();
    for (const el of islands) {{
      const island = mod[el.dataset.component];
      if (island) await island(el); else console.warn("no WASM function for island", el.dataset.component);
    }}
    setTimeout(() => {{ document.body.dataset.hydrated = "true"; performance.mark("parta-hydrated"); }}, 0);
  }};
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", go); else go();
}})();"#
    );
    let nonce = leptos::nonce::use_nonce();
    view! { <script type="module" nonce=nonce>{script}</script> }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    i18n::provide_lang();
    view! {
        <Stylesheet id="leptos" href="/pkg/parta.css"/>
        <Link rel="icon" href="/icons/parta.svg" type_="image/svg+xml"/>
        <Meta name="theme-color" content="#1f5fbf"/>
        <Meta name="description" content=t(Msg::AppTagline)/>
        <Title text=t(Msg::AppName)/>
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/login") view=SignInPage ssr=SsrMode::Async/>
                <Route path=path!("/recovery") view=RecoveryPage/>
                <Route path=path!("/recovery/login") view=RecoveryLoginPage ssr=SsrMode::Async/>
                <Route path=path!("/recovery/both") view=RecoveryBothPage ssr=SsrMode::Async/>
                <Route path=path!("/recovery/password") view=RecoveryPasswordPage ssr=SsrMode::Async/>
                <Route path=path!("/recovery/password/sent") view=RecoveryResetSentPage/>
                <Route path=path!("/recovery/sent") view=RecoverySentPage/>
                <Route path=path!("/recovery/phone") view=RecoveryPhonePage ssr=SsrMode::Async/>
                <Route path=path!("/recovery/code") view=RecoveryCodePage ssr=SsrMode::Async/>
                <Route path=path!("/recovery/reset") view=RecoveryResetPage ssr=SsrMode::Async/>
                <Route path=path!("/recovery/done") view=RecoveryDonePage/>
                <Route path=path!("/activation") view=ActivationStart ssr=SsrMode::Async/>
                <Route path=path!("/activation/personal") view=ActivationPersonal ssr=SsrMode::Async/>
                <Route path=path!("/activation/security") view=ActivationSecurity ssr=SsrMode::Async/>
                <Route path=path!("/activation/password") view=ActivationPassword ssr=SsrMode::Async/>
                <Route path=path!("/activation/done") view=ActivationDone ssr=SsrMode::Async/>
                <Route path=path!("/confirm-email") view=ConfirmEmailPage ssr=SsrMode::Async/>
                <Route path=path!("/agreement") view=AgreementPage/>
                <Route path=path!("/consent") view=ConsentPage/>
                // Gosuslugi (ESIA) sign-in
                <Route path=path!("/esia/refused") view=EsiaRefusedPage/>
                <Route path=path!("/esia/link") view=EsiaLinkPage ssr=SsrMode::Async/>
                <ParentRoute path=path!("") view=SignedInLayout ssr=SsrMode::Async>
                    <Route path=path!("") view=Home/>
                    <Route path=path!("admin") view=AdminHome/>
                    <Route path=path!("admin/outbox") view=OutboxPage/>
                    <Route path=path!("admin/people") view=PeopleListPage/>
                    <Route path=path!("admin/people/new") view=PersonNewPage/>
                    <Route path=path!("admin/people/:id") view=PersonPage/>
                    <Route path=path!("admin/audit") view=AuditLogPage/>
                    <Route path=path!("admin/import") view=ImportPage/>
                    <Route path=path!("admin/import/:id") view=ImportResultPage/>
                    // The timetable editor
                    <Route path=path!("admin/timetable") view=TimetableEditorPage/>
                    <Route path=path!("admin/timetable/load") view=LoadPage/>
                    <Route path=path!("admin/timetable/year") view=YearSetupPage/>
                    // Year set-up: bells, rooms, subjects, a class's groups
                    <Route path=path!("admin/timetable/bells") view=BellsSetupPage/>
                    <Route path=path!("admin/timetable/rooms") view=RoomsSetupPage/>
                    <Route path=path!("admin/timetable/subjects") view=SubjectsSetupPage/>
                    <Route path=path!("admin/timetable/groups") view=GroupsSetupPage/>
                    // Timetable import
                    <Route path=path!("admin/timetable/import") view=TimetableImportPage/>
                    <Route path=path!("admin/timetable/import/:id") view=TimetableImportResultPage/>
                    <Route path=path!("settings") view=|| view! { <Redirect path="/settings/security"/> }/>
                    <Route path=path!("settings/security") view=SecurityPage/>
                    <Route path=path!("teacher") view=TeacherHome/>
                    <Route path=path!("diary") view=PupilHome/>
                    <Route path=path!("parent") view=ParentHome/>
                    <Route path=path!("parent/access") view=ChildAccessPage/>
                    <Route path=path!("region") view=RegionHome/>
                    // Dated lessons, personal timetables, substitutions
                    <Route path=path!("timetable") view=TimetablePage/>
                    <Route path=path!("admin/substitutions") view=SubstitutionsPage/>
                    <Route path=path!("admin/substitutions/:id") view=SubstitutionLessonPage/>
                    // The live journal grid
                    <Route path=path!("journal") view=journal::components::JournalIndexPage/>
                    <Route path=path!("journal/admin") view=journal::admin::JournalAdminPage/>
                    <Route path=path!("journal/lesson/:id") view=journal::lesson::components::JournalLessonPage/>
                    <Route path=path!("journal/summary/:class") view=journal::summary::components::JournalSummaryPage/>
                    <Route path=path!("journal/:class/:subject") view=journal::grid::components::JournalGridPage/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// `/` sends the person to the start page of their active role (the layout sends a visitor
/// without a session to /login, a person still to activate to the wizard).
#[component]
fn Home() -> impl IntoView {
    let me = Resource::new(|| (), |_| accounts::api::whoami());
    view! {
        <Suspense>
            {Suspend::new(async move {
                me.await.ok().flatten().filter(|me| !me.activation_pending).map(|me| view! { <Redirect path=me.active.role.start_page()/> })
            })}
        </Suspense>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    ui::set_status(404);
    view! {
        <main id="main" class="auth">
            <section class="auth-card">
                <ui::PageTitle text=t(Msg::NotFoundTitle).to_string()/>
                <p class="lead">{t(Msg::NotFoundLead)}</p>
                <p><a class="btn btn-primary" href="/">{t(Msg::BackHome)}</a></p>
            </section>
        </main>
    }
}
