//! The one message catalogue. Every string a person reads comes from `Msg`, in Russian by default
//! and in English on request (`/lang/en`). Parameterised messages use `{0}`, `{1}`… and `fill`.

mod catalogue;

pub use catalogue::Msg;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Ru,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "ru" => Some(Lang::Ru),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language of this request: the `lang` cookie on the server, the `<html lang>` the
    /// server rendered in the browser, so hydration always agrees with the server.
    pub fn detect() -> Lang {
        #[cfg(feature = "ssr")]
        {
            crate::context::request_cookie(LANG_COOKIE)
                .and_then(|v| Lang::from_code(&v))
                .unwrap_or_default()
        }
        #[cfg(not(feature = "ssr"))]
        {
            #[cfg(feature = "hydrate")]
            {
                web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.document_element())
                    .and_then(|e| e.get_attribute("lang"))
                    .and_then(|code| Lang::from_code(&code))
                    .unwrap_or_default()
            }
            #[cfg(not(feature = "hydrate"))]
            {
                Lang::default()
            }
        }
    }
}

pub const LANG_COOKIE: &str = "lang";

impl Msg {
    /// Fills `{0}`, `{1}`… in the message with the given values.
    pub fn fill(self, lang: Lang, values: &[&str]) -> String {
        let mut text = self.text(lang).to_string();
        for (i, v) in values.iter().enumerate() {
            text = text.replace(&format!("{{{i}}}"), v);
        }
        text
    }
}

/// Provided once at the root; every component reads its language from here.
pub fn provide_lang() {
    provide_context(Lang::detect());
}

/// An island in the browser has no context from the page around it: there the `<html lang>`
/// the server wrote answers.
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_else(Lang::detect)
}

/// The text of a message in the current language: `t(Msg::SignIn)`.
pub fn t(msg: Msg) -> &'static str {
    msg.text(use_lang())
}
