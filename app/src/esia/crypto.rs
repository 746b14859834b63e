//! GOST cryptography for ESIA (server only), in-process through OpenSSL 3 and Debian's gost
//! engine (`libengine-gost-openssl`): detached CMS signatures (the `client_secret`), the
//! GOST R 34.11-2012 256-bit certificate hash (`client_certificate_hash`), and the JWT-like
//! tokens ESIA signs with GOST R 34.10-2012 (`alg` `GOST3410_2012_256`).
//!
//! The signer is a trait: production signs with a GOST key and certificate from configuration;
//! the sandbox signs its tokens the same way with its own generated key. Test keys are made by the
//! `openssl` command line (`generate_test_pair`), never committed.

use base64::Engine as _;
use openssl::cms::{CMSOptions, CmsContentInfo};
use openssl::hash::MessageDigest;
use openssl::pkey::{PKey, Private};
use openssl::stack::Stack;
use openssl::x509::X509;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub const GOST_JWT_ALG: &str = "GOST3410_2012_256";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    #[error("the OpenSSL gost engine is not available (install libengine-gost-openssl): {0}")]
    NoEngine(String),
    #[error("key or certificate: {0}")]
    Key(String),
    #[error("signing failed: {0}")]
    Sign(String),
    #[error("signature does not verify")]
    BadSignature,
    #[error("malformed: {0}")]
    Malformed(&'static str),
}

mod ffi {
    use std::os::raw::{c_char, c_int, c_uint, c_void};
    // OpenSSL's ENGINE API, from the libcrypto openssl-sys already links (openssl-sys has no
    // bindings for it). Deprecated in OpenSSL 3 but the only way the gost engine is offered.
    extern "C" {
        pub fn ENGINE_by_id(id: *const c_char) -> *mut c_void;
        pub fn ENGINE_init(e: *mut c_void) -> c_int;
        pub fn ENGINE_set_default(e: *mut c_void, flags: c_uint) -> c_int;
    }
    pub const ENGINE_METHOD_ALL: c_uint = 0xFFFF;
}

/// Loads the gost engine once per process and makes it the default for every algorithm, so
/// PEM GOST keys, `md_gost12_256` and CMS with GOST work through the ordinary openssl API.
pub fn gost_engine() -> Result<(), CryptoError> {
    static LOADED: OnceLock<Result<(), CryptoError>> = OnceLock::new();
    LOADED
        .get_or_init(|| {
            openssl::init();
            // SAFETY: plain C calls with a NUL-terminated id; the engine handle is kept for the
            // life of the process (it is the default engine from then on).
            unsafe {
                let e = ffi::ENGINE_by_id(c"gost".as_ptr());
                if e.is_null() {
                    return Err(CryptoError::NoEngine("ENGINE_by_id(\"gost\") found nothing".into()));
                }
                if ffi::ENGINE_init(e) != 1 {
                    return Err(CryptoError::NoEngine("ENGINE_init failed".into()));
                }
                if ffi::ENGINE_set_default(e, ffi::ENGINE_METHOD_ALL) != 1 {
                    return Err(CryptoError::NoEngine("ENGINE_set_default failed".into()));
                }
            }
            Ok(())
        })
        .clone()
}

fn gost_digest() -> Result<MessageDigest, CryptoError> {
    gost_engine()?;
    MessageDigest::from_name("md_gost12_256").ok_or_else(|| CryptoError::NoEngine("no md_gost12_256 digest".into()))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn b64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes base64url with or without padding; `None` for anything else.
pub fn b64url_decode(text: &str) -> Option<Vec<u8>> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')).ok()
}

/// GOST R 34.11-2012 (256 bit) of the certificate's DER, lower-case hex: `client_certificate_hash`.
pub fn certificate_hash(cert: &X509) -> Result<String, CryptoError> {
    let der = cert.to_der().map_err(|e| CryptoError::Key(e.to_string()))?;
    let digest = openssl::hash::hash(gost_digest()?, &der).map_err(|e| CryptoError::Sign(e.to_string()))?;
    Ok(hex(&digest))
}

pub fn load_certificate(path: &Path) -> Result<X509, CryptoError> {
    gost_engine()?;
    let pem = std::fs::read(path).map_err(|e| CryptoError::Key(format!("{}: {e}", path.display())))?;
    X509::from_pem(&pem).map_err(|e| CryptoError::Key(format!("{}: {e}", path.display())))
}

/// What signs the client's requests and the sandbox's tokens.
pub trait Signer: Send + Sync {
    /// A detached CMS (PKCS#7) signature in DER over `data`.
    fn sign_detached(&self, data: &[u8]) -> Result<Vec<u8>, CryptoError>;
    /// A raw signature over `data` (for tokens), and the token `alg` it stands for.
    fn sign_raw(&self, data: &[u8]) -> Result<Vec<u8>, CryptoError>;
    fn jwt_alg(&self) -> &'static str;
    fn certificate(&self) -> &X509;
    /// `client_certificate_hash`.
    fn certificate_hash(&self) -> &str;
}

/// GOST R 34.10-2012 (256 bit) key and certificate in PEM files.
pub struct GostSigner {
    key: PKey<Private>,
    cert: X509,
    hash: String,
}

impl GostSigner {
    pub fn from_files(key: &Path, cert: &Path) -> Result<GostSigner, CryptoError> {
        gost_engine()?;
        let pem = std::fs::read(key).map_err(|e| CryptoError::Key(format!("{}: {e}", key.display())))?;
        let key = PKey::private_key_from_pem(&pem).map_err(|e| CryptoError::Key(format!("{}: {e}", key.display())))?;
        let cert = load_certificate(cert)?;
        let hash = certificate_hash(&cert)?;
        Ok(GostSigner { key, cert, hash })
    }
}

impl Signer for GostSigner {
    fn sign_detached(&self, data: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let flags = CMSOptions::DETACHED | CMSOptions::BINARY;
        let cms = CmsContentInfo::sign(Some(&self.cert), Some(&self.key), None, Some(data), flags)
            .map_err(|e| CryptoError::Sign(e.to_string()))?;
        cms.to_der().map_err(|e| CryptoError::Sign(e.to_string()))
    }

    fn sign_raw(&self, data: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let mut signer = openssl::sign::Signer::new(gost_digest()?, &self.key).map_err(|e| CryptoError::Sign(e.to_string()))?;
        signer.update(data).map_err(|e| CryptoError::Sign(e.to_string()))?;
        signer.sign_to_vec().map_err(|e| CryptoError::Sign(e.to_string()))
    }

    fn jwt_alg(&self) -> &'static str {
        GOST_JWT_ALG
    }

    fn certificate(&self) -> &X509 {
        &self.cert
    }

    fn certificate_hash(&self) -> &str {
        &self.hash
    }
}

/// Checks a detached CMS signature over `data` made by exactly `cert` (the certificate
/// registered for the client; test certificates are self-signed, so no chain is asked for).
pub fn verify_detached(signature_der: &[u8], data: &[u8], cert: &X509) -> Result<(), CryptoError> {
    gost_engine()?;
    let mut cms = CmsContentInfo::from_der(signature_der).map_err(|_| CryptoError::Malformed("not a CMS signature"))?;
    let mut certs = Stack::new().map_err(|e| CryptoError::Key(e.to_string()))?;
    certs.push(cert.clone()).map_err(|e| CryptoError::Key(e.to_string()))?;
    let store = openssl::x509::store::X509StoreBuilder::new().map_err(|e| CryptoError::Key(e.to_string()))?.build();
    // NOINTERN: the signer must be the registered certificate, not one carried in the message.
    let flags = CMSOptions::DETACHED | CMSOptions::BINARY | CMSOptions::NOINTERN | CMSOptions::NO_SIGNER_CERT_VERIFY;
    cms.verify(Some(&certs), Some(&store), Some(data), None, flags).map_err(|_| CryptoError::BadSignature)
}

/// `header.payload.signature`, base64url, signed by `signer`.
pub fn jwt_sign(signer: &dyn Signer, header: &serde_json::Value, claims: &serde_json::Value) -> Result<String, CryptoError> {
    let signing_input = format!("{}.{}", b64url(header.to_string().as_bytes()), b64url(claims.to_string().as_bytes()));
    let signature = signer.sign_raw(signing_input.as_bytes())?;
    Ok(format!("{signing_input}.{}", b64url(&signature)))
}

/// Verifies a token's GOST signature with `cert` and returns its claims (a JSON object).
/// Never panics on any input; anything odd is `Malformed` or `BadSignature`.
pub fn jwt_verify(token: &str, cert: &X509) -> Result<serde_json::Map<String, serde_json::Value>, CryptoError> {
    if token.len() > 64 * 1024 {
        return Err(CryptoError::Malformed("token too long"));
    }
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(s), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(CryptoError::Malformed("not three parts"));
    };
    let header: serde_json::Value = b64url_decode(h)
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or(CryptoError::Malformed("header"))?;
    if header.get("alg").and_then(|a| a.as_str()) != Some(GOST_JWT_ALG) {
        return Err(CryptoError::Malformed("alg is not GOST3410_2012_256"));
    }
    let signature = b64url_decode(s).ok_or(CryptoError::Malformed("signature encoding"))?;
    if signature.len() != 64 {
        return Err(CryptoError::BadSignature);
    }
    let key = cert.public_key().map_err(|e| CryptoError::Key(e.to_string()))?;
    let mut verifier = openssl::sign::Verifier::new(gost_digest()?, &key).map_err(|e| CryptoError::Key(e.to_string()))?;
    let signing_input = &token[..h.len() + 1 + p.len()];
    verifier.update(signing_input.as_bytes()).map_err(|_| CryptoError::BadSignature)?;
    if !verifier.verify(&signature).unwrap_or(false) {
        return Err(CryptoError::BadSignature);
    }
    let claims: serde_json::Value = b64url_decode(p)
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or(CryptoError::Malformed("payload"))?;
    match claims {
        serde_json::Value::Object(map) => Ok(map),
        _ => Err(CryptoError::Malformed("payload is not an object")),
    }
}

/// Makes a GOST R 34.10-2012 256-bit test key and self-signed certificate in `dir` with the
/// `openssl` command line (`<name>.key`, `<name>.crt`), unless both are there already.
pub fn generate_test_pair(dir: &Path, name: &str, subject: &str) -> Result<(PathBuf, PathBuf), CryptoError> {
    let key = dir.join(format!("{name}.key"));
    let cert = dir.join(format!("{name}.crt"));
    if key.exists() && cert.exists() {
        return Ok((key, cert));
    }
    std::fs::create_dir_all(dir).map_err(|e| CryptoError::Key(format!("{}: {e}", dir.display())))?;
    let out = std::process::Command::new("openssl")
        .args(["req", "-engine", "gost", "-x509", "-newkey", "gost2012_256", "-pkeyopt", "paramset:A", "-nodes", "-days", "3650"])
        .arg("-subj")
        .arg(subject)
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .map_err(|e| CryptoError::Key(format!("cannot run openssl: {e}")))?;
    if !out.status.success() || !cert.exists() {
        return Err(CryptoError::Key(format!("openssl req failed: {}", String::from_utf8_lossy(&out.stderr))));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600));
    }
    Ok((key, cert))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(tag: &str) -> PathBuf {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
        let dir = std::env::temp_dir().join(format!("parta-gost-{tag}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn openssl(args: &[&str]) -> std::process::Output {
        std::process::Command::new("openssl").args(args).output().expect("openssl")
    }

    #[test]
    fn a_gost_signature_verifies_with_the_openssl_command_line() {
        let dir = temp("cli");
        let (key, cert) = generate_test_pair(&dir, "client", "/CN=Parta test").unwrap();
        let signer = GostSigner::from_files(&key, &cert).unwrap();
        let data = "PARTAopenid fullname2026.11.22 22:00:00 +00005b5d8c1e-2f3a-4b6c-9d8e-0f1a2b3c4d5ehttp://127.0.0.1/esia/callback";
        let signature = signer.sign_detached(data.as_bytes()).unwrap();
        let (sig_path, data_path) = (dir.join("sig.der"), dir.join("data.bin"));
        std::fs::write(&sig_path, &signature).unwrap();
        std::fs::write(&data_path, data).unwrap();
        let verify = |content: &Path| {
            openssl(&[
                "cms", "-engine", "gost", "-verify", "-binary", "-inform", "DER",
                "-in", sig_path.to_str().unwrap(), "-content", content.to_str().unwrap(),
                "-CAfile", cert.to_str().unwrap(), "-out", "/dev/null",
            ])
        };
        let out = verify(&data_path);
        assert!(out.status.success(), "openssl cms -verify: {}", String::from_utf8_lossy(&out.stderr));
        // The same command refuses other data: the check above can fail.
        let other = dir.join("other.bin");
        std::fs::write(&other, format!("{data}x")).unwrap();
        assert!(!verify(&other).status.success(), "openssl accepted a signature over other data");
        // And our own verifier agrees both ways.
        verify_detached(&signature, data.as_bytes(), signer.certificate()).unwrap();
        assert_eq!(verify_detached(&signature, b"tampered", signer.certificate()), Err(CryptoError::BadSignature));

        // The certificate hash is the one `openssl dgst -md_gost12_256` gives for the DER.
        let der = dir.join("client.der");
        let out = openssl(&["x509", "-in", cert.to_str().unwrap(), "-outform", "DER", "-out", der.to_str().unwrap()]);
        assert!(out.status.success());
        let out = openssl(&["dgst", "-engine", "gost", "-md_gost12_256", "-r", der.to_str().unwrap()]);
        let cli_hash = String::from_utf8_lossy(&out.stdout).split_whitespace().next().unwrap_or_default().to_string();
        assert_eq!(signer.certificate_hash(), cli_hash);
        assert_eq!(cli_hash.len(), 64);
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn a_signature_by_another_key_is_refused() {
        let dir = temp("other");
        let (k1, c1) = generate_test_pair(&dir, "one", "/CN=one").unwrap();
        let (k2, c2) = generate_test_pair(&dir, "two", "/CN=two").unwrap();
        let one = GostSigner::from_files(&k1, &c1).unwrap();
        let two = GostSigner::from_files(&k2, &c2).unwrap();
        let sig = one.sign_detached(b"data").unwrap();
        assert_eq!(verify_detached(&sig, b"data", two.certificate()), Err(CryptoError::BadSignature));
        assert!(matches!(verify_detached(b"\x30\x03garbage", b"data", one.certificate()), Err(CryptoError::Malformed(_))));
        let token = jwt_sign(&one, &serde_json::json!({"alg": GOST_JWT_ALG, "typ": "JWT"}), &serde_json::json!({"sub": "1"})).unwrap();
        assert_eq!(jwt_verify(&token, one.certificate()).unwrap()["sub"], "1");
        assert_eq!(jwt_verify(&token, two.certificate()), Err(CryptoError::BadSignature));
        std::fs::remove_dir_all(dir).ok();
    }
}
