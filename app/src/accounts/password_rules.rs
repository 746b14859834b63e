//! What a new password must be: long enough, letters and digits, not a well-known one, not the
//! login, not the birth date, typed the same twice. Shared, so the form can say it at once.

use crate::i18n::Msg;

pub const MIN_LENGTH: usize = 8;
/// Sign-in refuses longer ones unread (`password::PASSWORD_MAX_BYTES`, in bytes: 256 Cyrillic
/// letters fit).
pub const MAX_LENGTH: usize = 256;

/// Passwords people pick first, in both keyboard layouts.
const TRIVIAL: &[&str] = &[
    "password", "qwerty", "qwertyui", "qwerty123", "1q2w3e4r", "1q2w3e4r5t", "asdfgh", "zxcvbn",
    "parol", "пароль", "йцукен", "йцукенгш", "12345678", "123456789", "1234567890", "87654321",
    "11111111", "00000000", "abc12345", "password1", "parta2026", "school1", "shkola",
];

/// `Ok` or the field (`password` / `password_repeat`) with its message.
pub fn check(password: &str, repeat: &str, login: &str, birth_date_iso: &str) -> Result<(), (&'static str, Msg)> {
    if password.is_empty() {
        return Err(("password", Msg::PasswordRequired));
    }
    if password.chars().count() < MIN_LENGTH {
        return Err(("password", Msg::PasswordTooShort));
    }
    if password.chars().count() > MAX_LENGTH {
        return Err(("password", Msg::PasswordTooLong));
    }
    let has_letter = password.chars().any(|c| c.is_alphabetic());
    let has_digit = password.chars().any(|c| c.is_ascii_digit());
    if !(has_letter && has_digit) {
        return Err(("password", Msg::PasswordLettersAndDigits));
    }
    let lower = password.to_lowercase();
    let distinct: std::collections::HashSet<char> = lower.chars().collect();
    if distinct.len() < 4 || TRIVIAL.iter().any(|t| lower == *t || lower.trim_end_matches(|c: char| c.is_ascii_digit() || c == '!') == *t) {
        return Err(("password", Msg::PasswordTrivial));
    }
    let login = login.trim().to_lowercase();
    if login.chars().count() >= 3 && lower.contains(&login) {
        return Err(("password", Msg::PasswordHasLogin));
    }
    if birth_date_forms(birth_date_iso).iter().any(|form| lower.contains(form.as_str())) {
        return Err(("password", Msg::PasswordHasBirthDate));
    }
    if password != repeat {
        return Err(("password_repeat", Msg::PasswordMismatch));
    }
    Ok(())
}

/// The ways a birth date ends up in a password: 14032011, 14.03.2011, 20110314, 2011-03-14, 140311.
fn birth_date_forms(iso: &str) -> Vec<String> {
    let parts: Vec<&str> = iso.split('-').collect();
    let [y, m, d] = parts.as_slice() else { return vec![] };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return vec![];
    }
    vec![
        format!("{d}{m}{y}"),
        format!("{d}.{m}.{y}"),
        format!("{y}{m}{d}"),
        format!("{y}-{m}-{d}"),
        format!("{d}{m}{}", &y[2..]),
        format!("{d}.{m}.{}", &y[2..]),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOGIN: &str = "ivanova.mp";
    const BORN: &str = "2011-03-14";

    fn verdict(p: &str) -> Result<(), (&'static str, Msg)> {
        check(p, p, LOGIN, BORN)
    }

    #[test]
    fn a_decent_password_passes() {
        assert_eq!(verdict("Сосна-ель-7"), Ok(()));
        assert_eq!(verdict("kotik42morkovka"), Ok(()));
    }

    #[test]
    fn each_rule_has_its_message() {
        assert_eq!(verdict(""), Err(("password", Msg::PasswordRequired)));
        assert_eq!(verdict("ab12"), Err(("password", Msg::PasswordTooShort)));
        assert_eq!(verdict(&format!("Сосна-{}-7", "ель".repeat(90))), Err(("password", Msg::PasswordTooLong)));
        assert_eq!(verdict("onlyletters"), Err(("password", Msg::PasswordLettersAndDigits)));
        assert_eq!(verdict("1234567890"), Err(("password", Msg::PasswordLettersAndDigits)));
        assert_eq!(verdict("qwerty123"), Err(("password", Msg::PasswordTrivial)));
        assert_eq!(verdict("Password1"), Err(("password", Msg::PasswordTrivial)));
        assert_eq!(verdict("ab1ab1ab1ab1"), Err(("password", Msg::PasswordTrivial)));
        assert_eq!(verdict("my-Ivanova.MP-7"), Err(("password", Msg::PasswordHasLogin)));
        assert_eq!(verdict("Kot14032011"), Err(("password", Msg::PasswordHasBirthDate)));
        assert_eq!(verdict("kot140311x"), Err(("password", Msg::PasswordHasBirthDate)));
        assert_eq!(verdict("x2011-03-14x"), Err(("password", Msg::PasswordHasBirthDate)));
        assert_eq!(check("Сосна-ель-7", "Сосна-ель-8", LOGIN, BORN), Err(("password_repeat", Msg::PasswordMismatch)));
    }
}
