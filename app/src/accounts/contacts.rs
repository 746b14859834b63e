//! E-mail and mobile phone as people type them, checked and normalised. Shared, so a form can
//! check before sending; the server checks again.

use crate::i18n::Msg;

/// A plausible e-mail address, lower-cased. Deliverability is proven by the confirmation link.
pub fn parse_email(input: &str) -> Result<String, Msg> {
    let email = input.trim().to_lowercase();
    if email.is_empty() {
        return Err(Msg::EmailRequired);
    }
    let valid = email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c == ',' || c == ';')
        && match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains("..")
            }
            None => false,
        };
    if valid { Ok(email) } else { Err(Msg::EmailFormat) }
}

/// A Russian mobile number as `+79XXXXXXXXX`, from `+7 921 123-45-67`, `8 (921) 123 45 67`, `9211234567`…
pub fn parse_phone(input: &str) -> Result<String, Msg> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(Msg::PhoneRequired);
    }
    if trimmed.chars().any(|c| !(c.is_ascii_digit() || " +-()".contains(c))) {
        return Err(Msg::PhoneFormat);
    }
    let digits: String = trimmed.chars().filter(|c| c.is_ascii_digit()).collect();
    let national = match digits.len() {
        11 if digits.starts_with('7') || digits.starts_with('8') => &digits[1..],
        10 => &digits[..],
        _ => return Err(Msg::PhoneFormat),
    };
    if !national.starts_with('9') {
        return Err(Msg::PhoneNotMobile);
    }
    Ok(format!("+7{national}"))
}

/// `+79211234567` → `+7 921 123-45-67`.
pub fn format_phone(phone: &str) -> String {
    let d: Vec<char> = phone.chars().filter(|c| c.is_ascii_digit()).collect();
    if d.len() != 11 {
        return phone.to_string();
    }
    let s = |a: usize, b: usize| d[a..b].iter().collect::<String>();
    format!("+7 {} {}-{}-{}", s(1, 4), s(4, 7), s(7, 9), s(9, 11))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(parse_email("  Ivanova.M@Mail.RU ").as_deref(), Ok("ivanova.m@mail.ru"));
        assert_eq!(parse_email(""), Err(Msg::EmailRequired));
        for bad in ["ivanova", "ivanova@", "@mail.ru", "a@b", "a@@b.ru", "a b@c.ru", "a@b..ru", "a@.b.ru", "a@b.ru;c@d.ru"] {
            assert_eq!(parse_email(bad), Err(Msg::EmailFormat), "{bad}");
        }
    }

    #[test]
    fn phones_in_every_usual_spelling() {
        for ok in ["+7 921 123-45-67", "8 (921) 123-45-67", "89211234567", "9211234567", "+79211234567"] {
            assert_eq!(parse_phone(ok).as_deref(), Ok("+79211234567"), "{ok}");
        }
        assert_eq!(parse_phone(""), Err(Msg::PhoneRequired));
        assert_eq!(parse_phone("+7 812 123-45-67"), Err(Msg::PhoneNotMobile));
        for bad in ["921123456", "+1 921 123 45 67 8", "phone", "+7 921 123-45-6x"] {
            assert_eq!(parse_phone(bad), Err(Msg::PhoneFormat), "{bad}");
        }
        assert_eq!(format_phone("+79211234567"), "+7 921 123-45-67");
    }
}
