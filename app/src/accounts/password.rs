//! Password hashing with argon2id (server only). Hashing runs off the async threads.

use crate::error::AppError;
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// A PHC string (`$argon2id$v=19$...`) for the password.
pub fn hash_blocking(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::internal("password hash", e))
}

/// For passwords Parta generates (temporary ones): argon2id with light parameters. Their
/// strength is their entropy (ten random characters of 54, about 57 bits), not the hash's cost,
/// and a school importing 2,000 people should not wait minutes. The parameters travel in the
/// PHC string, so `verify` needs no change.
pub fn hash_generated_blocking(password: &str) -> Result<String, AppError> {
    let params = argon2::Params::new(1024, 1, 1, None).map_err(|e| AppError::internal("argon2 params", e))?;
    let salt = SaltString::generate(&mut OsRng);
    Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::internal("password hash", e))
}

pub async fn hash_generated(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || hash_generated_blocking(&password))
        .await
        .map_err(|e| AppError::internal("password hash task", e))?
}

pub async fn hash(password: String) -> Result<String, AppError> {
    on_a_slot(move || hash_blocking(&password)).await?
}

/// Whether the password matches the stored hash; a malformed hash never matches.
pub async fn verify(stored_hash: String, password: String) -> Result<bool, AppError> {
    on_a_slot(move || {
        PasswordHash::new(&stored_hash)
            .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
            .unwrap_or(false)
    })
    .await
}

/// The work of a password check for a login that does not exist, so that the answer takes as
/// long as a wrong password's: a hash with the default parameters, made once.
pub async fn verify_nobody(password: String) -> Result<(), AppError> {
    static NOBODY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    on_a_slot(move || {
        let stored = NOBODY.get_or_init(|| hash_blocking("Parta: nobody has this login").unwrap_or_default());
        if let Ok(parsed) = PasswordHash::new(stored) {
            let _ = Argon2::default().verify_password(password.as_bytes(), &parsed);
        }
    })
    .await
}

/// No password is longer (argon2 would hash a megabyte as readily as ten bytes; a sign-in form
/// has no business sending one).
pub const PASSWORD_MAX_BYTES: usize = 1024;

/// How long a password check waits for a free slot before the answer is «busy, try again».
const SLOT_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// The argon2 computations one process runs at once: one a core (`PARTA_ARGON2_SLOTS` to
/// change). Each takes 19 MiB and a core for tens of milliseconds; unbounded, a crowd of
/// sign-ins (or an attacker) would fill the memory and starve every page.
fn slot_count() -> usize {
    static COUNT: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *COUNT.get_or_init(|| {
        std::env::var("PARTA_ARGON2_SLOTS")
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|n| *n > 0)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
    })
}

fn slots() -> &'static std::sync::Arc<tokio::sync::Semaphore> {
    static SLOTS: std::sync::OnceLock<std::sync::Arc<tokio::sync::Semaphore>> = std::sync::OnceLock::new();
    SLOTS.get_or_init(|| std::sync::Arc::new(tokio::sync::Semaphore::new(slot_count())))
}

/// The most argon2 computations seen running at once (for the test of the bound).
#[cfg(test)]
static RUNNING: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
#[cfg(test)]
static PEAK: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Runs `work` on a blocking thread once a slot is free; the slot is held until the work ends,
/// even when the request that asked has gone.
async fn on_a_slot<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
    let permit = tokio::time::timeout(SLOT_WAIT, slots().clone().acquire_owned())
        .await
        .map_err(|_| AppError::Busy)?
        .map_err(|e| AppError::internal("argon2 slots", e))?;
    tokio::task::spawn_blocking(move || {
        let _held = permit;
        #[cfg(test)]
        PEAK.fetch_max(RUNNING.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1, std::sync::atomic::Ordering::SeqCst);
        let out = work();
        #[cfg(test)]
        RUNNING.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
        out
    })
    .await
    .map_err(|e| AppError::internal("argon2 task", e))
}

#[cfg(test)]
mod tests {
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn no_more_argon2_at_once_than_slots() {
        let h = super::hash("Школа-2026!".into()).await.unwrap();
        let slots = super::slot_count();
        let checks: Vec<_> = (0..slots * 4).map(|_| tokio::spawn(super::verify(h.clone(), "Школа-2026!".into()))).collect();
        for check in checks {
            assert!(check.await.unwrap().unwrap());
        }
        let peak = super::PEAK.load(std::sync::atomic::Ordering::SeqCst);
        assert!(peak >= 1 && peak <= slots, "peak {peak}, slots {slots}");
    }

    #[tokio::test]
    async fn a_hash_verifies_only_its_own_password() {
        let h = super::hash("Школа-2026!".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(super::verify(h.clone(), "Школа-2026!".into()).await.unwrap());
        assert!(!super::verify(h, "школа-2026!".into()).await.unwrap());
    }

    #[tokio::test]
    async fn a_generated_password_hash_verifies_with_its_own_parameters() {
        let stored = super::hash_generated_blocking("Ab3defgh9K").unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=1024,t=1,p=1$"), "{stored}");
        assert!(super::verify(stored.clone(), "Ab3defgh9K".into()).await.unwrap());
        assert!(!super::verify(stored, "Ab3defgh9k".into()).await.unwrap());
    }

    #[tokio::test]
    async fn a_malformed_hash_never_matches() {
        assert!(!super::verify("not-a-hash".into(), "".into()).await.unwrap());
    }
}
