//! One error type for every server function. Users see a catalogue message in their language;
//! operators see the detail in the log (written where the error is made, see `AppError::internal`).

use crate::i18n::{Lang, Msg};
use serde::{Deserialize, Serialize};
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// No valid session: the page sends the person to the sign-in form.
    #[error("not signed in")]
    Unauthorized,
    /// Signed in with a temporary password: nothing but the activation wizard until it is done
    /// (the page sends the person there).
    #[error("activation required")]
    ActivationRequired,
    /// Signed in, but the policy says no.
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// A person's input is wrong: `field` names the form field the message belongs to; `echo`
    /// carries the typed values back to a form posted without JavaScript, so nothing is lost.
    #[error("invalid field {field}: {msg:?}")]
    Invalid {
        field: String,
        msg: Msg,
        #[serde(default)]
        echo: Vec<(String, String)>,
        /// Further fields wrong in the same form, so a person fixes them all in one go.
        #[serde(default)]
        also: Vec<(String, Msg)>,
        /// Values for the message's `{0}`, `{1}`… («{0} в это время ведёт урок в {1}»).
        #[serde(default)]
        args: Vec<String>,
    },
    /// Sign-in refused; `login` is echoed so a form posted without JavaScript keeps it.
    #[error("sign-in refused: {reason:?}")]
    SignIn { reason: SignInRefusal, login: String },
    /// Something broke on our side; the detail went to the log, the person sees a calm message.
    #[error("internal error")]
    Internal,
    /// Every database connection stayed busy for the pool's acquire timeout: answered at once
    /// with 503 and `Retry-After` instead of queueing the request any longer.
    #[error("server busy")]
    Busy,
    /// The request never reached the server function, or its answer could not be read.
    #[error("transport: {0}")]
    Transport(String),
    /// The request reached the server but its arguments could not be read: a word where a
    /// number belongs, a field missing, broken JSON or text. Not a person's typing (forms send
    /// well-formed requests), so no field is named.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The request's body is over the limit (2 MB for a server function).
    #[error("request too large")]
    TooLarge,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignInRefusal {
    EmptyLogin,
    EmptyPassword,
    /// An unknown login and a wrong password get the same answer, after the same work: logins
    /// are predictable (`ivanova.mp`), and telling them apart would list the accounts.
    WrongLoginOrPassword,
    Blocked,
    /// Too many wrong passwords: try again after this many seconds.
    Throttled { retry_after_secs: u32 },
}

impl AppError {
    pub fn invalid(field: &str, msg: Msg) -> Self {
        AppError::Invalid { field: field.to_string(), msg, echo: vec![], also: vec![], args: vec![] }
    }

    /// Every wrong field of a form at once (the first carries the headline message); `None`
    /// when the list is empty.
    pub fn invalid_fields(problems: &[(&str, Msg)]) -> Option<Self> {
        let ((field, msg), rest) = problems.split_first()?;
        let mut err = AppError::invalid(field, *msg);
        if let AppError::Invalid { also, .. } = &mut err {
            *also = rest.iter().map(|(f, m)| (f.to_string(), *m)).collect();
        }
        Some(err)
    }

    /// The message for one field of the form, whether it is the first wrong field or another.
    pub fn message_for(&self, wanted: &str) -> Option<Msg> {
        match self {
            AppError::Invalid { field, msg, also, .. } => {
                if field == wanted {
                    Some(*msg)
                } else {
                    also.iter().find(|(f, _)| f == wanted).map(|(_, m)| *m)
                }
            }
            _ => None,
        }
    }

    /// Carries typed values back with the refusal (never passwords).
    pub fn echo(mut self, pairs: &[(&str, &str)]) -> Self {
        if let AppError::Invalid { echo, .. } = &mut self {
            *echo = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        }
        self
    }

    /// Fills the headline message's `{0}`, `{1}`… with these values.
    pub fn with_args(mut self, values: &[&str]) -> Self {
        if let AppError::Invalid { args, .. } = &mut self {
            *args = values.iter().map(|v| v.to_string()).collect();
        }
        self
    }

    /// The value typed into `field`, as echoed back.
    pub fn echoed(&self, field: &str) -> Option<String> {
        match self {
            AppError::Invalid { echo, .. } => echo.iter().find(|(k, _)| k == field).map(|(_, v)| v.clone()),
            AppError::SignIn { login, .. } if field == "login" => Some(login.clone()),
            _ => None,
        }
    }

    /// The sentence a person reads.
    pub fn user_message(&self, lang: Lang) -> String {
        match self {
            AppError::Unauthorized => Msg::ErrUnauthorized.text(lang).into(),
            AppError::ActivationRequired => Msg::ErrActivationRequired.text(lang).into(),
            AppError::Forbidden => Msg::ErrForbidden.text(lang).into(),
            AppError::NotFound => Msg::ErrNotFound.text(lang).into(),
            AppError::Invalid { msg, args, .. } => {
                msg.fill(lang, &args.iter().map(String::as_str).collect::<Vec<_>>())
            }
            AppError::SignIn { reason, .. } => reason.user_message(lang),
            AppError::Internal => Msg::ErrInternal.text(lang).into(),
            AppError::Busy => Msg::ErrBusy.text(lang).into(),
            AppError::Transport(_) => Msg::ErrTransport.text(lang).into(),
            AppError::BadRequest(_) => Msg::ErrBadRequest.text(lang).into(),
            AppError::TooLarge => Msg::ErrTooLarge.text(lang).into(),
        }
    }

    /// The HTTP status this error answers with, for pages and server functions alike.
    pub fn http_status(&self) -> u16 {
        match self {
            AppError::Unauthorized => 401,
            AppError::ActivationRequired => 403,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Invalid { .. } => 422,
            AppError::SignIn { reason: SignInRefusal::Throttled { .. }, .. } => 429,
            AppError::SignIn { .. } => 400,
            AppError::Internal => 500,
            AppError::Busy => 503,
            AppError::Transport(_) => 502,
            AppError::BadRequest(_) => 400,
            AppError::TooLarge => 413,
        }
    }

    /// The field a message belongs to, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Invalid { field, .. } => Some(field),
            AppError::SignIn { reason, .. } => Some(match reason {
                SignInRefusal::EmptyLogin => "login",
                _ => "password",
            }),
            _ => None,
        }
    }
}

impl SignInRefusal {
    pub fn user_message(&self, lang: Lang) -> String {
        match self {
            SignInRefusal::EmptyLogin => Msg::SignInEmptyLogin.text(lang).into(),
            SignInRefusal::EmptyPassword => Msg::SignInEmptyPassword.text(lang).into(),
            SignInRefusal::WrongLoginOrPassword => Msg::SignInWrongLoginOrPassword.text(lang).into(),
            SignInRefusal::Blocked => Msg::SignInBlocked.text(lang).into(),
            SignInRefusal::Throttled { retry_after_secs } => {
                Msg::SignInThrottled.fill(lang, &[&retry_after_secs.to_string()])
            }
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // Made on the server while reading the request: the caller's fault, a 400. (The
            // server reads a body that is not UTF-8 as a "deserialization" error; in the browser
            // that variant means an answer that could not be read.)
            ServerFnErrorErr::Args(detail) | ServerFnErrorErr::Deserialization(detail) if detail.contains("length limit exceeded") => {
                AppError::TooLarge
            }
            ServerFnErrorErr::Args(detail) | ServerFnErrorErr::MissingArg(detail) => AppError::BadRequest(detail),
            ServerFnErrorErr::Deserialization(detail) if cfg!(feature = "ssr") => AppError::BadRequest(detail),
            other => AppError::Transport(other.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
mod server_side {
    use super::AppError;

    impl AppError {
        /// Logs the operator's detail and returns the user-facing `Internal`.
        pub fn internal(context: &str, detail: impl std::fmt::Display) -> Self {
            tracing::error!(context, %detail, "internal error");
            AppError::Internal
        }
    }

    impl From<sqlx::Error> for AppError {
        fn from(e: sqlx::Error) -> Self {
            match e {
                sqlx::Error::PoolTimedOut => {
                    tracing::warn!("database pool: no connection within the acquire timeout; answered 503");
                    AppError::Busy
                }
                e => AppError::internal("database", e),
            }
        }
    }
}
