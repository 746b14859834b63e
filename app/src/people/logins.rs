//! Logins: the Latin spelling the school hands out (`ivanova.mp`), the rules a person's own new
//! login must follow, and temporary passwords.

use crate::i18n::Msg;

/// Latin letters for logins (the passport transliteration rules, simplified).
pub fn translit(text: &str) -> String {
    let mut out = String::new();
    for c in text.to_lowercase().chars() {
        let t = match c {
            'а' => "a", 'б' => "b", 'в' => "v", 'г' => "g", 'д' => "d", 'е' | 'ё' | 'э' => "e",
            'ж' => "zh", 'з' => "z", 'и' => "i", 'й' => "i", 'к' => "k", 'л' => "l", 'м' => "m",
            'н' => "n", 'о' => "o", 'п' => "p", 'р' => "r", 'с' => "s", 'т' => "t", 'у' => "u",
            'ф' => "f", 'х' => "kh", 'ц' => "ts", 'ч' => "ch", 'ш' => "sh", 'щ' => "shch",
            'ы' => "y", 'ю' => "iu", 'я' => "ia", 'ъ' | 'ь' => "",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => continue,
        };
        out.push_str(t);
    }
    out
}

/// The login a school gives: the surname and initials, `ivanova.mp`; the caller appends 2, 3, …
/// while it is taken.
pub fn base_login(surname: &str, name: &str, patronymic: &str) -> String {
    let initials: String = [name, patronymic]
        .iter()
        .filter_map(|s| s.chars().next())
        .map(|c| translit(&c.to_string()))
        .collect();
    let surname = translit(surname);
    let surname = if surname.is_empty() { "user".to_string() } else { surname };
    if initials.is_empty() { surname } else { format!("{surname}.{initials}") }
}

pub const LOGIN_MIN: usize = 3;
pub const LOGIN_MAX: usize = 32;

/// A login a person chooses in settings: 3–32 Latin letters, digits, `.`, `-`, `_`, starting
/// with a letter; stored lower-case.
pub fn parse_login(input: &str) -> Result<String, Msg> {
    let login = input.trim().to_lowercase();
    if login.is_empty() {
        return Err(Msg::LoginRequired);
    }
    let valid = (LOGIN_MIN..=LOGIN_MAX).contains(&login.len())
        && login.starts_with(|c: char| c.is_ascii_lowercase())
        && login.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'));
    if valid { Ok(login) } else { Err(Msg::LoginFormat) }
}

/// Letters and digits that cannot be mistaken for one another on paper (no 0/O, 1/l/I).
pub const TEMPORARY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
pub const TEMPORARY_LENGTH: usize = 10;

/// A new temporary password: letters and digits, at least one digit, easy to copy from paper.
#[cfg(feature = "ssr")]
pub fn temporary_password() -> String {
    use rand::Rng;
    let mut rng = rand::rngs::OsRng;
    loop {
        let candidate: String = (0..TEMPORARY_LENGTH)
            .map(|_| TEMPORARY_ALPHABET[rng.gen_range(0..TEMPORARY_ALPHABET.len())] as char)
            .collect();
        let has_digit = candidate.chars().any(|c| c.is_ascii_digit());
        let has_letter = candidate.chars().any(|c| c.is_ascii_alphabetic());
        if has_digit && has_letter {
            return candidate;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins_are_latin() {
        assert_eq!(translit("Щербакова"), "shcherbakova");
        assert_eq!(translit("Юдин"), "iudin");
        assert_eq!(translit("Фёдоров"), "fedorov");
        assert_eq!(base_login("Иванова", "Мария", "Петровна"), "ivanova.mp");
        assert_eq!(base_login("Smith", "John", ""), "smith.j");
        assert_eq!(base_login("Ъ", "", ""), "user");
    }

    #[test]
    fn chosen_logins_follow_the_rules() {
        assert_eq!(parse_login(" Masha.Ivanova "), Ok("masha.ivanova".into()));
        assert_eq!(parse_login(""), Err(Msg::LoginRequired));
        assert_eq!(parse_login("ab"), Err(Msg::LoginFormat));
        assert_eq!(parse_login("1abc"), Err(Msg::LoginFormat));
        assert_eq!(parse_login("маша"), Err(Msg::LoginFormat));
        assert_eq!(parse_login("masha ivanova"), Err(Msg::LoginFormat));
        assert_eq!(parse_login(&"a".repeat(33)), Err(Msg::LoginFormat));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn temporary_passwords_mix_letters_and_digits_from_the_plain_alphabet() {
        for _ in 0..200 {
            let p = temporary_password();
            assert_eq!(p.len(), TEMPORARY_LENGTH);
            assert!(p.bytes().all(|b| TEMPORARY_ALPHABET.contains(&b)));
            assert!(p.chars().any(|c| c.is_ascii_digit()) && p.chars().any(|c| c.is_ascii_alphabetic()));
        }
    }
}
