//! Fuzzing the parsers of what ESIA sends: mutated tokens and token answers, and person JSON of
//! random shapes. Nothing may panic, and nothing but the untouched valid answer may be accepted
//! (an accepted answer is what signs a person in).

use super::client::{parse_person, EsiaClient};
use super::crypto::{self, generate_test_pair, GostSigner, Signer};
use serde_json::{json, Value};
use std::sync::Arc;

/// SplitMix64: deterministic, so a failure repeats.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const NOW: i64 = 1_795_000_000;

fn setup() -> (EsiaClient, GostSigner) {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let dir = std::env::temp_dir().join(format!("parta-esia-fuzz-{}-{nanos}", std::process::id()));
    let (ck, cc) = generate_test_pair(&dir, "client", "/CN=client").unwrap();
    let (ek, ec) = generate_test_pair(&dir, "esia", "/CN=esia").unwrap();
    let esia = GostSigner::from_files(&ek, &ec).unwrap();
    let client = EsiaClient {
        base_url: "http://127.0.0.1:9".into(),
        browser_base_url: "http://127.0.0.1:9".into(),
        client_id: "PARTA".into(),
        redirect_uri: "http://127.0.0.1:3000/esia/callback".into(),
        issuer: "http://127.0.0.1:9/".into(),
        signer: Arc::new(GostSigner::from_files(&ck, &cc).unwrap()),
        esia_cert: esia.certificate().clone(),
        http: reqwest::Client::new(),
    };
    std::fs::remove_dir_all(dir).ok();
    (client, esia)
}

fn token(esia: &GostSigner, claims: Value) -> String {
    crypto::jwt_sign(esia, &json!({"alg": "GOST3410_2012_256", "typ": "JWT", "sbt": "access", "ver": 1}), &claims).unwrap()
}

fn good_claims() -> Value {
    json!({"iss": "http://127.0.0.1:9/", "aud": "PARTA", "exp": NOW + 3600, "nbf": NOW, "iat": NOW, "urn:esia:sbj_id": 1000001})
}

#[test]
fn mutated_token_answers_never_panic_and_never_pass() {
    let (client, esia) = setup();
    let state = "5b5d8c1e-2f3a-4b6c-9d8e-0f1a2b3c4d5e";
    let valid = token(&esia, good_claims());
    let answer = json!({"access_token": valid, "refresh_token": "r", "state": state, "token_type": "Bearer", "expires_in": 3600}).to_string();
    // The untouched answer passes: the checks below can tell.
    let ok = client.parse_token_answer(200, answer.as_bytes(), state, NOW).unwrap();
    assert_eq!(ok.oid, "1000001");

    // Claims that must each be refused, though correctly signed.
    let mut bad_claims = Vec::new();
    for (key, value) in [
        ("iss", json!("http://evil.example/")),
        ("aud", json!("OTHER")),
        ("aud", json!(["OTHER"])),
        ("exp", json!(NOW - 1)),
        ("exp", json!("tomorrow")),
        ("exp", json!(1e300)),
        ("nbf", json!(NOW + 3600)),
        ("nbf", json!(null)),
        ("urn:esia:sbj_id", json!({"oid": 1})),
        ("urn:esia:sbj_id", json!(-5)),
        ("urn:esia:sbj_id", json!("12; DROP TABLE")),
        ("urn:esia:sbj_id", json!("9".repeat(500))),
    ] {
        let mut c = good_claims();
        c[key] = value;
        bad_claims.push(c);
    }
    let mut no_exp = good_claims();
    no_exp.as_object_mut().unwrap().remove("exp");
    bad_claims.push(no_exp);
    for c in bad_claims {
        let t = token(&esia, c.clone());
        let body = json!({"access_token": t, "state": state}).to_string();
        assert!(client.parse_token_answer(200, body.as_bytes(), state, NOW).is_err(), "accepted claims {c}");
    }
    // A token signed by anyone but ESIA.
    let forged = crypto::jwt_sign(client.signer.as_ref(), &json!({"alg": "GOST3410_2012_256"}), &good_claims()).unwrap();
    assert!(client.parse_token_answer(200, json!({"access_token": forged, "state": state}).to_string().as_bytes(), state, NOW).is_err());
    // alg none, and a different state.
    let none = format!("{}.{}.", crypto::b64url(br#"{"alg":"none"}"#), crypto::b64url(good_claims().to_string().as_bytes()));
    assert!(client.parse_token_answer(200, json!({"access_token": none, "state": state}).to_string().as_bytes(), state, NOW).is_err());
    assert!(client.parse_token_answer(200, answer.as_bytes(), "other-state", NOW).is_err());

    // Random mutations of the token and of the whole answer.
    let mut rng = Rng(4);
    for i in 0..3000 {
        let mut t = valid.clone().into_bytes();
        match rng.below(5) {
            0 => {
                let at = rng.below(t.len());
                t[at] ^= 1 << rng.below(8);
            }
            1 => t.truncate(rng.below(t.len())),
            2 => {
                let at = rng.below(t.len());
                for _ in 0..1 + rng.below(8) {
                    t.insert(at, (rng.next() & 0xff) as u8);
                }
            }
            3 => {
                let at = rng.below(t.len());
                t[at] = b'.';
            }
            _ => t = (0..rng.below(400)).map(|_| (rng.next() & 0xff) as u8).collect(),
        }
        let t = String::from_utf8_lossy(&t).to_string();
        let body = json!({"access_token": t, "state": state}).to_string();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| client.parse_token_answer(200, body.as_bytes(), state, NOW)));
        let result = result.unwrap_or_else(|_| panic!("panicked on mutation {i}: {t:?}"));
        if t != valid {
            assert!(result.is_err(), "accepted a mutated token {i}: {t:?}");
        }
        let mut raw = answer.clone().into_bytes();
        let cut = rng.below(raw.len());
        match rng.below(3) {
            0 => raw.truncate(cut),
            1 => raw[cut] = (rng.next() & 0xff) as u8,
            _ => raw.insert(cut, b'{'),
        }
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| client.parse_token_answer(200, &raw, state, NOW))).expect("panicked on a mutated answer");
        if let Ok(tokens) = result {
            assert_eq!((tokens.access_token.as_str(), tokens.oid.as_str()), (valid.as_str(), "1000001"), "a mutated answer changed what was accepted");
        }
    }
    // Wrong types and huge values in the answer itself.
    for body in [
        json!({"access_token": 5, "state": state}),
        json!({"access_token": [valid], "state": state}),
        json!({"access_token": valid, "state": 1}),
        json!({"error": {"x": 1}}),
        json!({"error": "invalid_request", "error_description": "ESIA-007002".repeat(10_000)}),
        json!([1, 2, 3]),
        json!(null),
        json!({"access_token": "x".repeat(200_000), "state": state}),
    ] {
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| client.parse_token_answer(200, body.to_string().as_bytes(), state, NOW))).expect("panicked");
        assert!(r.is_err(), "accepted {body}");
    }
}

#[test]
fn random_person_answers_never_panic_and_only_clean_data_passes() {
    let good = json!({
        "firstName": "Анна", "lastName": "Соколова", "middleName": "Игоревна",
        "birthDate": "02.04.1985", "gender": "F", "snils": "112-233-445 95", "trusted": true
    });
    assert!(parse_person("1", &good, None).is_ok());
    let mut rng = Rng(7);
    let values = |rng: &mut Rng| -> Value {
        match rng.below(12) {
            0 => json!(null),
            1 => json!(rng.next() as i64),
            2 => json!(true),
            3 => json!([1, "a"]),
            4 => json!({"a": 1}),
            5 => json!("я".repeat(rng.below(300))),
            6 => json!("\u{0000}\u{0007}"),
            7 => json!("31.02.2010"),
            8 => json!("M"),
            9 => json!("000-000-000 00"),
            10 => json!(1e308),
            _ => json!(""),
        }
    };
    for _ in 0..5000 {
        let mut p = good.clone();
        for _ in 0..1 + rng.below(3) {
            let key = ["firstName", "lastName", "middleName", "birthDate", "gender", "snils", "trusted", "rIdDoc"][rng.below(8)];
            p[key] = values(&mut rng);
        }
        let result = std::panic::catch_unwind(|| parse_person("1", &p, None)).expect("panicked");
        if let Ok(person) = result {
            assert!(!person.surname.is_empty() && !person.name.is_empty() && person.surname.chars().count() <= 100, "{p}");
            assert!(person.sex == "m" || person.sex == "f");
            assert_eq!(person.birth_date.len(), 10);
            assert!(person.snils.as_ref().is_none_or(|s| crate::accounts::snils::parse(s).is_ok()));
        }
    }
    for junk in [json!(null), json!([]), json!("text"), json!(42)] {
        assert!(parse_person("1", &junk, None).is_err());
    }
}
