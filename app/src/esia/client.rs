//! The ESIA protocol client (server only): the authorization redirect (`/aas/oauth2/v2/ac`),
//! the token exchange and refresh (`/aas/oauth2/v3/te`), the token checks (GOST signature with
//! ESIA's certificate, `exp`, `nbf`, `iss`, `aud`), person data (`/rs/prns/{oid}`, its contacts
//! and documents) and the logout address (`/idp/ext/Logout`).
//!
//! `client_secret` is a detached CMS signature, base64url, of
//! `client_id + scope + timestamp + state + redirect_uri` (+ `code` at the token step) by the
//! configured signer; `timestamp` is `yyyy.MM.dd HH:mm:ss Z`; `client_certificate_hash` is the
//! GOST R 34.11-2012 hash of the client's certificate.

use super::crypto::{self, CryptoError, Signer};
use super::matching::EsiaPerson;
use super::types::Level;
use openssl::x509::X509;
use std::sync::{Arc, OnceLock};

pub const SCOPE: &str = "openid fullname birthdate gender snils id_doc contacts";

/// Everything the client needs; the host builds it from configuration once.
pub struct EsiaClient {
    /// ESIA's base address, e.g. `https://esia.gosuslugi.ru` (no trailing slash).
    pub base_url: String,
    /// The address the browser is sent to (differs from `base_url` only behind proxies).
    pub browser_base_url: String,
    pub client_id: String,
    /// `<public URL>/esia/callback`
    pub redirect_uri: String,
    /// The `iss` ESIA's tokens carry.
    pub issuer: String,
    pub signer: Arc<dyn Signer>,
    /// ESIA's certificate: token signatures are checked against it.
    pub esia_cert: X509,
    pub http: reqwest::Client,
}

static CLIENT: OnceLock<Arc<EsiaClient>> = OnceLock::new();

/// Installs the process's client (the host does, when ESIA is configured).
pub fn install(client: EsiaClient) {
    let _ = CLIENT.set(Arc::new(client));
}

/// The configured client, or `None` when this server has no ESIA configuration.
pub fn get() -> Option<Arc<EsiaClient>> {
    CLIENT.get().cloned()
}

/// What went wrong talking to ESIA: an operator log line, never shown as is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EsiaError {
    #[error("ESIA answered {code}: {description}")]
    Esia { code: String, description: String },
    #[error("ESIA unreachable: {0}")]
    Transport(String),
    #[error("ESIA token refused: {0}")]
    Token(String),
    #[error("ESIA person data refused: {0}")]
    Person(String),
    #[error("signing the request: {0}")]
    Crypto(#[from] CryptoError),
}

impl EsiaError {
    /// The `ESIA-007xxx` code, when ESIA named one.
    pub fn code(&self) -> Option<&str> {
        match self {
            EsiaError::Esia { code, .. } => Some(code),
            _ => None,
        }
    }
}

/// An `ESIA-007xxx` code out of an `error_description` like `ESIA-007004: …`.
pub fn esia_code(description: &str) -> Option<String> {
    let start = description.find("ESIA-")?;
    let code: String = description[start..].chars().take(11).collect();
    (code.len() == 11 && code[5..].chars().all(|c| c.is_ascii_digit())).then_some(code)
}

/// What the operator reads for a known code (the log line says it next to the code).
pub fn explain(code: &str) -> &'static str {
    match code {
        "ESIA-007002" => "client_secret signature does not verify: check the key and certificate registered for the client",
        "ESIA-007003" => "client_certificate_hash does not match the certificate registered for the client",
        "ESIA-007004" => "the person refused access on the consent screen",
        "ESIA-007005" => "state was used before (replayed request)",
        "ESIA-007007" => "timestamp is malformed or too far from ESIA's clock: check the server's time",
        "ESIA-007009" => "redirect_uri is not registered for the client",
        "ESIA-007011" => "authorization code unknown, used or expired",
        "ESIA-007013" => "unknown client_id",
        "ESIA-007014" => "a required parameter is missing",
        "ESIA-007015" => "unsupported grant_type or response_type",
        "ESIA-007019" => "access token invalid or expired",
        _ => "see the ESIA documentation for this code",
    }
}

/// `yyyy.MM.dd HH:mm:ss Z` of a Unix time, in UTC (`+0000`).
pub fn timestamp(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .unwrap_or_default()
        .format("%Y.%m.%d %H:%M:%S +0000")
        .to_string()
}

/// Reads a `timestamp` back to Unix time; `None` unless it is exactly that format.
pub fn parse_timestamp(text: &str) -> Option<i64> {
    chrono::DateTime::parse_from_str(text, "%Y.%m.%d %H:%M:%S %z").ok().map(|t| t.timestamp())
}

/// A random version-4 UUID: ESIA wants `state` in this form.
pub fn new_state() -> String {
    use rand::RngCore;
    let mut b = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = crypto::hex(&b);
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

/// The tokens of a successful exchange (already checked).
#[derive(Clone, Debug)]
pub struct Tokens {
    pub access_token: String,
    pub refresh_token: Option<String>,
    pub oid: String,
}

fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

pub fn query_string(pairs: &[(&str, &str)]) -> String {
    pairs.iter().map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v))).collect::<Vec<_>>().join("&")
}

impl EsiaClient {
    /// `client_secret` over the concatenated values.
    pub fn client_secret(&self, parts: &[&str]) -> Result<String, EsiaError> {
        Ok(crypto::b64url(&self.signer.sign_detached(parts.concat().as_bytes())?))
    }

    /// Where the browser goes to sign in at ESIA.
    pub fn authorization_url(&self, state: &str, now: i64) -> Result<String, EsiaError> {
        let ts = timestamp(now);
        let secret = self.client_secret(&[&self.client_id, SCOPE, &ts, state, &self.redirect_uri])?;
        let query = query_string(&[
            ("client_id", &self.client_id),
            ("client_secret", &secret),
            ("redirect_uri", &self.redirect_uri),
            ("scope", SCOPE),
            ("response_type", "code"),
            ("state", state),
            ("timestamp", &ts),
            ("access_type", "offline"),
            ("client_certificate_hash", self.signer.certificate_hash()),
        ]);
        Ok(format!("{}/aas/oauth2/v2/ac?{query}", self.browser_base_url))
    }

    /// ESIA's logout, which sends the browser back to `back`.
    pub fn logout_url(&self, back: &str) -> String {
        format!("{}/idp/ext/Logout?{}", self.browser_base_url, query_string(&[("client_id", &self.client_id), ("redirect_url", back)]))
    }

    /// Exchanges the authorization code for tokens and checks them.
    pub async fn exchange_code(&self, code: &str, now: i64) -> Result<Tokens, EsiaError> {
        let state = new_state();
        let ts = timestamp(now);
        let secret = self.client_secret(&[&self.client_id, SCOPE, &ts, &state, &self.redirect_uri, code])?;
        let form = [
            ("client_id", self.client_id.as_str()),
            ("code", code),
            ("grant_type", "authorization_code"),
            ("client_secret", &secret),
            ("state", &state),
            ("redirect_uri", &self.redirect_uri),
            ("scope", SCOPE),
            ("timestamp", &ts),
            ("token_type", "Bearer"),
            ("client_certificate_hash", self.signer.certificate_hash()),
        ];
        self.token_request(&form, &state, now).await
    }

    /// A new access token for a refresh token.
    pub async fn refresh(&self, refresh_token: &str, now: i64) -> Result<Tokens, EsiaError> {
        let state = new_state();
        let ts = timestamp(now);
        let secret = self.client_secret(&[&self.client_id, SCOPE, &ts, &state, &self.redirect_uri])?;
        let form = [
            ("client_id", self.client_id.as_str()),
            ("refresh_token", refresh_token),
            ("grant_type", "refresh_token"),
            ("client_secret", &secret),
            ("state", &state),
            ("redirect_uri", &self.redirect_uri),
            ("scope", SCOPE),
            ("timestamp", &ts),
            ("token_type", "Bearer"),
            ("client_certificate_hash", self.signer.certificate_hash()),
        ];
        self.token_request(&form, &state, now).await
    }

    async fn token_request(&self, form: &[(&str, &str)], state: &str, now: i64) -> Result<Tokens, EsiaError> {
        let res = self
            .http
            .post(format!("{}/aas/oauth2/v3/te", self.base_url))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(query_string(form))
            .send()
            .await
            .map_err(|e| EsiaError::Transport(e.to_string()))?;
        let status = res.status().as_u16();
        let body = read_limited(res).await?;
        self.parse_token_answer(status, &body, state, now)
    }

    /// Checks a token endpoint answer: JSON, the same `state`, a signed access token for us.
    pub fn parse_token_answer(&self, status: u16, body: &[u8], state: &str, now: i64) -> Result<Tokens, EsiaError> {
        let json: serde_json::Value =
            serde_json::from_slice(body).map_err(|_| EsiaError::Token(format!("HTTP {status}, not JSON")))?;
        if let Some(error) = json.get("error").and_then(|e| e.as_str()) {
            let description = json.get("error_description").and_then(|d| d.as_str()).unwrap_or("").to_string();
            let code = esia_code(&description).unwrap_or_else(|| error.chars().take(64).collect());
            return Err(EsiaError::Esia { code, description: description.chars().take(300).collect() });
        }
        if status != 200 {
            return Err(EsiaError::Token(format!("HTTP {status}")));
        }
        if json.get("state").and_then(|s| s.as_str()) != Some(state) {
            return Err(EsiaError::Token("state in the answer differs from the request's".into()));
        }
        let access = json.get("access_token").and_then(|t| t.as_str()).ok_or_else(|| EsiaError::Token("no access_token".into()))?;
        let claims = self.verify_token(access, now)?;
        if let Some(id_token) = json.get("id_token").and_then(|t| t.as_str()) {
            let id = self.verify_token(id_token, now)?;
            if id.get("urn:esia:sbj_id") != claims.get("urn:esia:sbj_id") {
                return Err(EsiaError::Token("id_token is about someone else".into()));
            }
        }
        let oid = match claims.get("urn:esia:sbj_id") {
            Some(serde_json::Value::Number(n)) if n.as_u64().is_some() => n.to_string(),
            Some(serde_json::Value::String(s)) if !s.is_empty() && s.len() <= 20 && s.bytes().all(|b| b.is_ascii_digit()) => s.clone(),
            _ => return Err(EsiaError::Token("no urn:esia:sbj_id".into())),
        };
        let refresh_token = json.get("refresh_token").and_then(|t| t.as_str()).filter(|t| t.len() <= 512).map(String::from);
        Ok(Tokens { access_token: access.to_string(), refresh_token, oid })
    }

    /// Signature by ESIA's certificate, then `iss`, `aud`, `exp`, `nbf`.
    pub fn verify_token(&self, token: &str, now: i64) -> Result<serde_json::Map<String, serde_json::Value>, EsiaError> {
        let claims = crypto::jwt_verify(token, &self.esia_cert).map_err(|e| EsiaError::Token(e.to_string()))?;
        if claims.get("iss").and_then(|v| v.as_str()) != Some(self.issuer.as_str()) {
            return Err(EsiaError::Token("iss is not ESIA".into()));
        }
        let aud_ok = match claims.get("aud").or_else(|| claims.get("client_id")) {
            Some(serde_json::Value::String(a)) => a == &self.client_id,
            Some(serde_json::Value::Array(list)) => list.iter().any(|a| a.as_str() == Some(self.client_id.as_str())),
            _ => false,
        };
        if !aud_ok {
            return Err(EsiaError::Token("aud is not this client".into()));
        }
        let exp = claims.get("exp").and_then(|v| v.as_i64()).ok_or_else(|| EsiaError::Token("no exp".into()))?;
        if exp <= now {
            return Err(EsiaError::Token("expired".into()));
        }
        if let Some(nbf) = claims.get("nbf") {
            match nbf.as_i64() {
                Some(nbf) if nbf <= now + 60 => {}
                _ => return Err(EsiaError::Token("not valid yet".into())),
            }
        }
        Ok(claims)
    }

    async fn get_json(&self, path: &str, access_token: &str) -> Result<serde_json::Value, EsiaError> {
        let res = self
            .http
            .get(format!("{}{path}", self.base_url))
            .bearer_auth(access_token)
            .send()
            .await
            .map_err(|e| EsiaError::Transport(e.to_string()))?;
        let status = res.status().as_u16();
        let body = read_limited(res).await?;
        let json: serde_json::Value = serde_json::from_slice(&body).map_err(|_| EsiaError::Person(format!("{path}: HTTP {status}, not JSON")))?;
        if status != 200 {
            let description = json.get("error_description").and_then(|d| d.as_str()).unwrap_or("").to_string();
            let code = esia_code(&description).unwrap_or_else(|| format!("HTTP {status}"));
            return Err(EsiaError::Esia { code, description: description.chars().take(300).collect() });
        }
        Ok(json)
    }

    /// The person (`/rs/prns/{oid}`) with the documents' verification for the account level.
    pub async fn person(&self, tokens: &Tokens) -> Result<EsiaPerson, EsiaError> {
        let path = format!("/rs/prns/{}", tokens.oid);
        let person = self.get_json(&path, &tokens.access_token).await?;
        let docs = self.get_json(&format!("{path}/docs"), &tokens.access_token).await.ok();
        parse_person(&tokens.oid, &person, docs.as_ref())
    }

    /// Contacts (`/rs/prns/{oid}/ctts`): verified e-mail and mobile, when the scope allows.
    pub async fn contacts(&self, tokens: &Tokens) -> Result<(Option<String>, Option<String>), EsiaError> {
        let json = self.get_json(&format!("/rs/prns/{}/ctts", tokens.oid), &tokens.access_token).await?;
        Ok(parse_contacts(&json))
    }
}

async fn read_limited(res: reqwest::Response) -> Result<Vec<u8>, EsiaError> {
    const LIMIT: usize = 256 * 1024;
    if res.content_length().is_some_and(|n| n as usize > LIMIT) {
        return Err(EsiaError::Transport("answer too large".into()));
    }
    let bytes = res.bytes().await.map_err(|e| EsiaError::Transport(e.to_string()))?;
    if bytes.len() > LIMIT {
        return Err(EsiaError::Transport("answer too large".into()));
    }
    Ok(bytes.to_vec())
}

fn text_field(json: &serde_json::Value, key: &str, max: usize) -> Result<Option<String>, EsiaError> {
    match json.get(key) {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(s)) if s.chars().count() <= max && !s.chars().any(char::is_control) => Ok(Some(s.trim().to_string())),
        Some(_) => Err(EsiaError::Person(format!("{key} is not a short text"))),
    }
}

/// Reads ESIA's person JSON. Names ≤ 100 characters, `birthDate` `dd.MM.yyyy`, `gender` `M`/`F`,
/// `snils` `xxx-xxx-xxx xx` with a valid check sum. Level: `trusted` → confirmed; a verified
/// identity document (`rIdDoc` with a `VERIFIED` document) → standard; otherwise simplified.
pub fn parse_person(oid: &str, json: &serde_json::Value, docs: Option<&serde_json::Value>) -> Result<EsiaPerson, EsiaError> {
    if !json.is_object() {
        return Err(EsiaError::Person("not an object".into()));
    }
    let need = |key: &str| -> Result<String, EsiaError> {
        text_field(json, key, 100)?.filter(|s| !s.is_empty()).ok_or_else(|| EsiaError::Person(format!("no {key}")))
    };
    let surname = need("lastName")?;
    let name = need("firstName")?;
    let patronymic = text_field(json, "middleName", 100)?.unwrap_or_default();
    let birth = need("birthDate")?;
    let birth_date = {
        let parts: Vec<&str> = birth.split('.').collect();
        let ok = parts.len() == 3
            && parts[0].len() == 2
            && parts[1].len() == 2
            && parts[2].len() == 4
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
        if !ok {
            return Err(EsiaError::Person("birthDate is not dd.MM.yyyy".into()));
        }
        format!("{}-{}-{}", parts[2], parts[1], parts[0])
    };
    let sex = match need("gender")?.as_str() {
        "M" => "m",
        "F" => "f",
        _ => return Err(EsiaError::Person("gender is neither M nor F".into())),
    }
    .to_string();
    let snils = match text_field(json, "snils", 20)? {
        None => None,
        Some(s) if s.is_empty() => None,
        Some(s) => Some(
            crate::accounts::snils::parse(&s).map_err(|_| EsiaError::Person("snils is not a valid SNILS".into()))?,
        ),
    };
    let trusted = match json.get("trusted") {
        None | Some(serde_json::Value::Null) => false,
        Some(serde_json::Value::Bool(b)) => *b,
        Some(_) => return Err(EsiaError::Person("trusted is not a boolean".into())),
    };
    let verified_doc = docs
        .and_then(|d| d.get("elements"))
        .and_then(|e| e.as_array())
        .is_some_and(|list| list.iter().any(|d| d.get("vrfStu").and_then(|v| v.as_str()) == Some("VERIFIED")));
    let has_rid = json.get("rIdDoc").is_some_and(|v| v.is_number() || v.is_string());
    let level = if trusted {
        Level::Confirmed
    } else if has_rid && verified_doc && snils.is_some() {
        Level::Standard
    } else {
        Level::Simplified
    };
    Ok(EsiaPerson { oid: oid.to_string(), surname, name, patronymic, birth_date, sex, snils, level })
}

/// E-mail (`EML`) and mobile (`MBT`) out of a contacts answer, verified ones only.
pub fn parse_contacts(json: &serde_json::Value) -> (Option<String>, Option<String>) {
    let mut email = None;
    let mut phone = None;
    if let Some(list) = json.get("elements").and_then(|e| e.as_array()) {
        for c in list {
            let verified = c.get("vrfStu").and_then(|v| v.as_str()) == Some("VERIFIED");
            let value = c.get("value").and_then(|v| v.as_str()).filter(|v| v.len() <= 200).map(String::from);
            match c.get("type").and_then(|t| t.as_str()) {
                Some("EML") if verified => email = value,
                Some("MBT") if verified => phone = value,
                _ => {}
            }
        }
    }
    (email, phone)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_have_the_esia_format() {
        assert_eq!(timestamp(0), "1970.01.01 00:00:00 +0000");
        assert_eq!(parse_timestamp(&timestamp(1_795_000_000)), Some(1_795_000_000));
        assert_eq!(parse_timestamp("2026-11-22 10:00:00"), None);
        assert_eq!(parse_timestamp("2026.11.22 13:00:00 +0300"), parse_timestamp("2026.11.22 10:00:00 +0000"));
    }

    #[test]
    fn states_are_uuids_and_codes_are_found() {
        let s = new_state();
        assert_eq!(s.len(), 36);
        assert_eq!(&s[14..15], "4");
        assert_ne!(s, new_state());
        assert_eq!(esia_code("ESIA-007004: Владелец отклонил").as_deref(), Some("ESIA-007004"));
        assert_eq!(esia_code("ESIA-00x"), None);
        assert_eq!(query_string(&[("a b", "в+/")]), "a%20b=%D0%B2%2B%2F");
    }

    #[test]
    fn a_person_is_read_strictly() {
        let json = serde_json::json!({
            "firstName": "Анна", "lastName": "Соколова", "middleName": "Игоревна",
            "birthDate": "02.04.1985", "gender": "F", "snils": "112-233-445 95", "trusted": false, "rIdDoc": 7
        });
        let docs = serde_json::json!({"elements": [{"type": "RF_PASSPORT", "vrfStu": "VERIFIED"}]});
        let p = parse_person("1000", &json, Some(&docs)).unwrap();
        assert_eq!((p.birth_date.as_str(), p.sex.as_str(), p.snils.as_deref(), p.level), ("1985-04-02", "f", Some("11223344595"), Level::Standard));
        assert_eq!(parse_person("1000", &json, None).unwrap().level, Level::Simplified);
        let mut bad = json.clone();
        bad["snils"] = serde_json::json!("112-233-445 96");
        assert!(parse_person("1000", &bad, None).is_err());
        bad = json.clone();
        bad["birthDate"] = serde_json::json!(19850402);
        assert!(parse_person("1000", &bad, None).is_err());
        bad = json.clone();
        bad["trusted"] = serde_json::json!("yes");
        assert!(parse_person("1000", &bad, None).is_err());
    }
}
