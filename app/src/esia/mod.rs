//! Sign-in through Gosuslugi (ESIA), seeds 000–003.
//!
//! - `types`: shared (refusals, account levels, what the pages show)
//! - `matching`: who the Gosuslugi person is in Parta and whether they may enter (pure)
//! - `api`: server functions (regions, the link form, the offer, settings, the region switch)
//! - `components`: the sign-in block, refusal, link and offer pages, settings and region cards
//! - server only: `crypto` (GOST through OpenSSL's gost engine), `client` (the ESIA protocol),
//!   `server` (the redirect flow the host's `/esia/start` and `/esia/callback` run)

pub mod api;
pub mod components;
pub mod matching;
pub mod types;

#[cfg(feature = "ssr")]
pub mod client;
#[cfg(feature = "ssr")]
pub mod crypto;
#[cfg(feature = "ssr")]
pub mod server;

#[cfg(all(test, feature = "ssr"))]
mod fuzz_tests;
