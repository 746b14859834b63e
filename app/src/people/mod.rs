//! People of a school, kept by its admin (seeds 000, 002, 003: Parta is a closed network, nobody
//! registers themselves): the list and search, creating a person with a login and a temporary
//! password, editing, blocking, resetting the temporary password, the printed invitation sheet,
//! and inviting a parent to link a child.
//!
//! - `types`: what the pages show and send; `validate`: every field's rules (shared, so the
//!   import uses the same ones); `logins`: login spelling and temporary passwords
//! - `api`: the server functions; `server` (ssr): their queries; `sheet` (ssr): the PDF
//! - `import`: bulk import from CSV/XLSX with preview, per-row errors and progress
//! - `components`: the pages

pub mod api;
pub mod components;
pub mod import;
pub mod logins;
pub mod types;
pub mod validate;

#[cfg(feature = "ssr")]
pub mod secret;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod sheet;
