//! The temporary password kept so the admin can print the invitation sheet again until the
//! person activates the account (server only). Sealed with ChaCha20-Poly1305 under a key derived
//! from the server secret, so a copy of the database alone does not reveal it; cleared on
//! activation. The argon2 hash stays what sign-in checks.

use base64::{engine::general_purpose::STANDARD, Engine};
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use sha2::{Digest, Sha256};

const NONCE_LEN: usize = 12;

fn cipher(server_secret: &str) -> ChaCha20Poly1305 {
    let key = Sha256::new().chain_update(b"parta/temporary-password/v1\0").chain_update(server_secret.as_bytes()).finalize();
    ChaCha20Poly1305::new(Key::from_slice(&key))
}

pub fn seal(server_secret: &str, password: &str) -> String {
    let nonce = ChaCha20Poly1305::generate_nonce(&mut OsRng);
    // Encryption with a fresh nonce and a 32-byte key cannot fail.
    let sealed = cipher(server_secret).encrypt(&nonce, password.as_bytes()).unwrap_or_default();
    let mut out = nonce.to_vec();
    out.extend(sealed);
    STANDARD.encode(out)
}

/// `None` when the text was sealed under another secret or was tampered with.
pub fn open(server_secret: &str, sealed: &str) -> Option<String> {
    let bytes = STANDARD.decode(sealed).ok()?;
    if bytes.len() <= NONCE_LEN {
        return None;
    }
    let (nonce, body) = bytes.split_at(NONCE_LEN);
    let plain = cipher(server_secret).decrypt(Nonce::from_slice(nonce), body).ok()?;
    String::from_utf8(plain).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_only_with_the_same_secret_and_untouched() {
        let sealed = seal("secret-1", "Ab3defgh9K");
        assert_ne!(sealed, seal("secret-1", "Ab3defgh9K"), "every seal has its own nonce");
        assert_eq!(open("secret-1", &sealed).as_deref(), Some("Ab3defgh9K"));
        assert_eq!(open("secret-2", &sealed), None);
        let mut bytes = STANDARD.decode(&sealed).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        assert_eq!(open("secret-1", &STANDARD.encode(bytes)), None);
        assert_eq!(open("secret-1", "not base64!"), None);
    }
}
