//! Small shared pieces of the interface: loading a server function's result into a page, error
//! notices with the right HTTP status, stat tiles, the "coming next" note.

use crate::error::AppError;
use crate::i18n::{t, use_lang, Msg};
use leptos::prelude::*;
use leptos_router::components::Redirect;
use serde::{de::DeserializeOwned, Serialize};

/// Awaits `resource` and renders `render(data)`; a visitor without a session is sent to the
/// sign-in form, a person still to finish activation to its wizard, any other error becomes a notice (and the matching HTTP status on the server).
pub fn await_view<T, V>(
    resource: Resource<Result<T, AppError>>,
    render: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
            {move || {
                let render = render.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(data) => render(data).into_any(),
                        Err(AppError::Unauthorized) => view! { <Redirect path="/login"/> }.into_any(),
                        Err(AppError::ActivationRequired) => view! { <Redirect path="/activation"/> }.into_any(),
                        Err(err) => view! { <ErrorNotice err/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// `<Redirect>` for islands: on the server the router answers with the redirect; in the
/// browser an island has no router, so the browser goes there itself.
#[component]
pub fn GoTo(path: &'static str) -> impl IntoView {
    #[cfg(feature = "ssr")]
    view! { <Redirect path/> }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = window().location().set_href(path);
    }
}

/// An error in words, in the page; on the server it also sets the response status.
#[component]
pub fn ErrorNotice(err: AppError) -> impl IntoView {
    set_status(err.http_status());
    let lang = use_lang();
    let title = match err {
        AppError::Forbidden => Msg::ErrForbiddenTitle,
        AppError::NotFound => Msg::NotFoundTitle,
        _ => Msg::ErrorTitle,
    };
    view! {
        <PageTitle text=t(title).to_string()/>
        <div class="notice notice-error" role="alert">
            <p>{err.user_message(lang)}</p>
            <p><a href="/">{t(Msg::BackHome)}</a></p>
        </div>
    }
}

/// Sets the HTTP status of the page being rendered (server only; a no-op in the browser).
pub fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(status)) =
        (use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(code))
    {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

/// A labelled input with the message that belongs to it. The message is announced, tied to the
/// input for screen readers, and marks the input invalid.
#[component]
pub fn Field(
    name: &'static str,
    label: Msg,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional, into)] value: MaybeProp<String>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{name}-error");
    view! {
        <div class="field">
            <label for=name>{t(label)}</label>
            <input
                id=name
                name=name
                type=input_type
                autocomplete=autocomplete
                autocapitalize="none"
                spellcheck="false"
                value=move || value.get().unwrap_or_default()
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=error_id.clone()
            />
            <p id=error_id class="field-error" aria-live="polite">{move || error.get()}</p>
        </div>
    }
}

/// The message for one field from a refused form, in the person's language (every wrong field
/// of the form has its own, see `AppError::invalid_fields`).
pub fn field_message(error: Option<AppError>, field: &str) -> Option<String> {
    let lang = use_lang();
    error.and_then(|e| match &e {
        // The headline message may carry values (`AppError::with_args`).
        AppError::Invalid { field: first, .. } if first == field => Some(e.user_message(lang)),
        _ => e.message_for(field).map(|m| m.text(lang).to_string()),
    })
}

/// A labelled drop-down with its message; `options` are (value, shown text), the first may be
/// an empty «— выберите —».
#[component]
pub fn SelectField(
    name: &'static str,
    label: Msg,
    options: Vec<(String, String)>,
    #[prop(optional, into)] value: MaybeProp<String>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{name}-error");
    let options = options
        .into_iter()
        .map(|(v, text)| {
            let selected_value = v.clone();
            view! { <option value=v selected=move || value.get().unwrap_or_default() == selected_value>{text}</option> }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for=name>{t(label)}</label>
            <select
                id=name
                name=name
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=error_id.clone()
            >
                {options}
            </select>
            <p id=error_id class="field-error" aria-live="polite">{move || error.get()}</p>
        </div>
    }
}

/// A scrollable table: header cells from the catalogue (`true` marks a numeric, right-aligned
/// column), then the given rows. Every list page uses it, so table markup stays in one place
/// and always has the `<thead>`/`<tbody>` hydration needs.
pub fn table(columns: &[(Msg, bool)], rows: impl IntoView + 'static) -> AnyView {
    let head = columns
        .iter()
        .map(|(label, numeric)| view! { <th scope="col" class=numeric.then_some("num")>{t(*label)}</th> })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table">
                <thead><tr>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
pub fn Stat(label: Msg, value: i64) -> impl IntoView {
    view! {
        <div class="stat">
            <span class="stat-value">{value}</span>
            <span class="stat-label">{t(label)}</span>
        </div>
    }
}

/// Says what a later update brings to this page.
#[component]
pub fn ComingNext(what: Msg) -> impl IntoView {
    view! {
        <aside class="coming" aria-label=t(Msg::ComingNext)>
            <strong>{t(Msg::ComingNext)}": "</strong>
            {t(what)}
        </aside>
    }
}

/// The page heading with the document title kept in step.
#[component]
pub fn PageTitle(text: String) -> impl IntoView {
    let title = format!("{text} — {}", t(Msg::AppName));
    // leptos_meta writes the server's `<title>` text into the head as given (in the browser it
    // sets `document.title`, plain text): a subject named `</title><script>` must arrive as text.
    #[cfg(feature = "ssr")]
    let title = escape_html(&title);
    view! {
        <leptos_meta::Title text=title/>
        <h1 class="page-title">{text}</h1>
    }
}

/// Writes `text` escaped for HTML text and attribute values (`& < > " '`).
pub fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// `text` escaped for HTML (see `escape_into`).
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    escape_into(text, &mut out);
    out
}

/// The one `<textarea>` of the application. The renderer writes a textarea's children as they
/// are (tachys treats it as a raw-text element, like `<script>`), so homework reading
/// `</textarea><script>…` would close the field and run; here the text goes in escaped (the
/// browser decodes character references inside a textarea, so the person sees exactly what was
/// stored). The leading newline keeps a stored first newline, which the HTML parser drops.
#[component]
pub fn TextArea(
    #[prop(into)] id: String,
    #[prop(into)] name: String,
    #[prop(into)] text: String,
    #[prop(optional)] rows: Option<u32>,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(optional)] disabled: bool,
) -> impl IntoView {
    let html = format!("\n{}", escape_html(&text));
    view! { <textarea id=id name=name rows=rows maxlength=maxlength disabled=disabled inner_html=html></textarea> }
}

#[cfg(test)]
mod raw_text_tests {
    use super::*;

    #[test]
    fn escapes_what_could_open_or_close_markup() {
        assert_eq!(escape_html(r#"</textarea><script>a & 'b' "c"</script>"#), "&lt;/textarea&gt;&lt;script&gt;a &amp; &#39;b&#39; &quot;c&quot;&lt;/script&gt;");
        assert_eq!(escape_html("Задание № 5"), "Задание № 5");
    }

    /// Raw-text elements write their content unescaped (`<textarea>` in tachys, `<Title>` in
    /// leptos_meta): every one goes through `TextArea` or `PageTitle` here, so a new page cannot
    /// bring the stored-script hole back. The root `<Title>` in lib.rs is a fixed text.
    #[test]
    fn raw_text_elements_only_through_the_escaping_components() {
        fn walk(dir: &std::path::Path, found: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, found);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    let name = path.to_string_lossy().replace('\\', "/");
                    let allowed_title = name.ends_with("src/ui/mod.rs") || name.ends_with("src/lib.rs");
                    for (n, line) in text.lines().enumerate() {
                        let textarea = line.contains("<textarea") && !name.ends_with("src/ui/mod.rs");
                        let title = (line.contains("<Title") || line.contains("leptos_meta::Title")) && !allowed_title;
                        if textarea || title {
                            found.push(format!("{name}:{}", n + 1));
                        }
                    }
                }
            }
        }
        let mut found = Vec::new();
        walk(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut found);
        assert!(found.is_empty(), "raw-text elements outside ui::TextArea / ui::PageTitle: {found:?}");
    }
}
