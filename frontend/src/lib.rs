//! The browser entry: hydrates the server-rendered page into a live Leptos app.

// A release build keeps every view's full type (the dev build erases them); the editor's page
// is deeper than the default limit.
#![recursion_limit = "512"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
