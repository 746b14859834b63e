//! The browser entry: islands mode. The page stays the server's HTML; `hydrate` starts the
//! reactive runtime, then the loader in the page's head (`app::shell`) wakes each
//! `<leptos-island>` through the function `#[island]` exported for it.

// A release build keeps every view's full type (the dev build erases them); the editor's page
// is deeper than the default limit.
#![recursion_limit = "512"]

// Nothing here names an island: each is exported to JavaScript by `#[island]` inside `app`, and
// this keeps the crate (and so those exports) linked into the module.
extern crate app;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
