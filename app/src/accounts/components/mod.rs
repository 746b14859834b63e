//! The account parts of the interface.

mod activation;
mod recovery;
mod settings;
mod shell;
mod sign_in;

pub use activation::{
    ActivationDone, ActivationPassword, ActivationPersonal, ActivationSecurity, ActivationStart, AgreementPage,
    ConfirmEmailPage, ConsentPage,
};
pub use settings::SecurityPage;
pub use shell::{SignedInLayout, TopBar};
pub use recovery::{
    ChildAccessPage, RecoveryBothPage, RecoveryCodePage, RecoveryDonePage, RecoveryLoginPage, RecoveryPage,
    RecoveryPasswordPage, RecoveryPhonePage, RecoveryResetPage, RecoveryResetSentPage, RecoverySentPage,
};
pub use sign_in::{AuthBrand, SignInPage};
