//! The account parts of the interface.

mod activation;
mod settings;
mod shell;
mod sign_in;

pub use activation::{
    ActivationDone, ActivationPassword, ActivationPersonal, ActivationSecurity, ActivationStart, AgreementPage,
    ConfirmEmailPage, ConsentPage,
};
pub use settings::SecurityPage;
pub use shell::{Shell, SignedInLayout};
pub use sign_in::{RecoveryPage, SignInPage};
