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
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(|e| AppError::internal("password hash task", e))?
}

/// Whether the password matches the stored hash; a malformed hash never matches.
pub async fn verify(stored_hash: String, password: String) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored_hash)
            .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
            .unwrap_or(false)
    })
    .await
    .map_err(|e| AppError::internal("password verify task", e))
}

#[cfg(test)]
mod tests {
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
