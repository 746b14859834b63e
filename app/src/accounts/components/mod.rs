//! The account parts of the interface.

mod shell;
mod sign_in;

pub use shell::{Shell, SignedInLayout};
pub use sign_in::{RecoveryPage, SignInPage};
