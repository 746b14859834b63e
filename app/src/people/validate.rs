//! The rules for every field of a person, in one place: the admin's form and the import both
//! check through here, and each problem names its field with a Russian message.

use super::types::{PersonFields, SCHOOL_ROLES};
use crate::accounts::contacts::{parse_email, parse_phone};
use crate::accounts::snils;
use crate::accounts::types::RoleKind;
use crate::i18n::Msg;
use chrono::{Datelike, NaiveDate};

pub const NAME_MAX: usize = 60;

/// A person's data after every check, normalised for storage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidPerson {
    pub surname: String,
    pub name: String,
    pub patronymic: String,
    pub female: bool,
    /// ISO `YYYY-MM-DD`.
    pub birth_date: String,
    pub snils: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub role: RoleKind,
    pub class_id: Option<i64>,
}

/// Checks every field; on failure lists every wrong field with its message, in form order.
pub fn check(fields: &PersonFields, today: NaiveDate) -> Result<ValidPerson, Vec<(&'static str, Msg)>> {
    let mut problems = Vec::new();
    let mut take = |field: &'static str, result: Result<String, Msg>| match result {
        Ok(v) => v,
        Err(msg) => {
            problems.push((field, msg));
            String::new()
        }
    };
    let surname = take("surname", person_name(&fields.surname, Msg::SurnameRequired));
    let name = take("name", person_name(&fields.name, Msg::NameRequired));
    let patronymic = if fields.patronymic.trim().is_empty() {
        String::new()
    } else {
        take("patronymic", person_name(&fields.patronymic, Msg::NameRequired))
    };
    let sex = take("sex", match fields.sex.trim() {
        s @ ("m" | "f") => Ok(s.to_string()),
        _ => Err(Msg::SexRequired),
    });
    let role = RoleKind::from_code(fields.role.trim()).filter(|r| SCHOOL_ROLES.contains(r));
    if role.is_none() {
        problems.push(("role", Msg::RoleRequired));
    }
    let birth_date = match birth_date(&fields.birth_date, today, role == Some(RoleKind::Pupil)) {
        Ok(d) => d,
        Err(msg) => {
            problems.push(("birth_date", msg));
            String::new()
        }
    };
    let optional = |text: &str, parse: fn(&str) -> Result<String, Msg>| {
        if text.trim().is_empty() { Ok(None) } else { parse(text).map(Some) }
    };
    let snils = optional(&fields.snils, snils::parse).unwrap_or_else(|m| {
        problems.push(("snils", m));
        None
    });
    let email = optional(&fields.email, parse_email).unwrap_or_else(|m| {
        problems.push(("email", m));
        None
    });
    let phone = optional(&fields.phone, parse_phone).unwrap_or_else(|m| {
        problems.push(("phone", m));
        None
    });
    let class_id = match (role, fields.class_id.trim()) {
        (Some(RoleKind::Pupil), "") => {
            problems.push(("class_id", Msg::ClassRequired));
            None
        }
        (Some(RoleKind::Pupil), text) => match text.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                problems.push(("class_id", Msg::ClassUnknown));
                None
            }
        },
        _ => None,
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(ValidPerson {
        surname,
        name,
        patronymic,
        female: sex == "f",
        birth_date,
        snils,
        email,
        phone,
        role: role.unwrap_or(RoleKind::Pupil),
        class_id,
    })
}

/// A surname, name or patronymic: letters (Cyrillic or Latin), with hyphens, apostrophes and
/// single spaces between parts, as in «Римский-Корсаков» or «Д'Артаньян»; trimmed.
pub fn person_name(input: &str, empty: Msg) -> Result<String, Msg> {
    let text = input.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return Err(empty);
    }
    if text.chars().count() > NAME_MAX {
        return Err(Msg::NameTooLong);
    }
    let letter = |c: char| c.is_alphabetic();
    let allowed = text.chars().all(|c| letter(c) || matches!(c, '-' | '\'' | '’' | ' '));
    let starts_and_ends_with_letter = text.chars().next().is_some_and(letter) && text.chars().last().is_some_and(letter);
    if !allowed || !starts_and_ends_with_letter || text.contains("--") {
        return Err(Msg::NameLetters);
    }
    Ok(text)
}

/// A date as people type it — `14.03.2015`, `4/3/2015`, or a date input's `2015-03-14` — with a
/// four-digit year between 1900 and 2100.
pub fn parse_date(input: &str) -> Result<NaiveDate, Msg> {
    let text = input.trim();
    if text.is_empty() {
        return Err(Msg::BirthDateRequired);
    }
    let parts: Vec<&str> = text.split(['.', '-', '/']).collect();
    let (y, m, d) = match parts.as_slice() {
        [y, m, d] if y.len() == 4 => (*y, *m, *d),
        [d, m, y] if y.len() == 4 => (*y, *m, *d),
        _ => return Err(Msg::BirthDateFormat),
    };
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return Err(Msg::BirthDateFormat);
    };
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(date) if (1900..=2100).contains(&y) => Ok(date),
        _ => Err(Msg::BirthDateFormat),
    }
}

/// A birth date (see `parse_date`) that is plausible for the person; returned ISO.
pub fn birth_date(input: &str, today: NaiveDate, pupil: bool) -> Result<String, Msg> {
    let date = parse_date(input)?;
    if date > today {
        return Err(Msg::BirthDateFuture);
    }
    if date.year() < 1920 {
        return Err(Msg::BirthDateTooOld);
    }
    if pupil {
        let age = today.years_since(date).unwrap_or(0);
        if !(5..=21).contains(&age) {
            return Err(Msg::PupilAge);
        }
    }
    Ok(date.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    fn pupil() -> PersonFields {
        PersonFields {
            surname: " Иванова ".into(),
            name: "Мария".into(),
            patronymic: "Петровна".into(),
            sex: "f".into(),
            birth_date: "14.03.2015".into(),
            snils: "112-233-445 95".into(),
            email: "".into(),
            phone: "8 (921) 555-44-33".into(),
            role: "pupil".into(),
            class_id: "7".into(),
        }
    }

    #[test]
    fn a_good_pupil_is_normalised() {
        let p = check(&pupil(), today()).unwrap();
        assert_eq!(p.surname, "Иванова");
        assert!(p.female);
        assert_eq!(p.birth_date, "2015-03-14");
        assert_eq!(p.snils.as_deref(), Some("11223344595"));
        assert_eq!(p.email, None);
        assert_eq!(p.phone.as_deref(), Some("+79215554433"));
        assert_eq!(p.role, RoleKind::Pupil);
        assert_eq!(p.class_id, Some(7));
    }

    #[test]
    fn every_wrong_field_is_reported_at_once() {
        let mut f = pupil();
        f.surname = "".into();
        f.name = "Мар1я".into();
        f.sex = "x".into();
        f.birth_date = "31.02.2015".into();
        f.snils = "112-233-445 96".into();
        f.email = "mail@".into();
        f.phone = "+7 495 123-45-67".into();
        f.class_id = "".into();
        let fields: Vec<&str> = check(&f, today()).unwrap_err().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["surname", "name", "sex", "birth_date", "snils", "email", "phone", "class_id"]);
    }

    #[test]
    fn names_allow_hyphens_and_apostrophes_only_between_letters() {
        assert_eq!(person_name("Римский-Корсаков", Msg::SurnameRequired), Ok("Римский-Корсаков".into()));
        assert_eq!(person_name("  Анна   Мария ", Msg::NameRequired), Ok("Анна Мария".into()));
        assert_eq!(person_name("Д'Артаньян", Msg::SurnameRequired), Ok("Д'Артаньян".into()));
        assert_eq!(person_name("-Иванов", Msg::SurnameRequired), Err(Msg::NameLetters));
        assert_eq!(person_name("Ив--анов", Msg::SurnameRequired), Err(Msg::NameLetters));
        assert_eq!(person_name("Иванов7", Msg::SurnameRequired), Err(Msg::NameLetters));
        assert_eq!(person_name(&"я".repeat(61), Msg::SurnameRequired), Err(Msg::NameTooLong));
        assert_eq!(person_name("   ", Msg::SurnameRequired), Err(Msg::SurnameRequired));
    }

    #[test]
    fn birth_dates_in_both_spellings_and_within_reason() {
        assert_eq!(birth_date("2015-03-14", today(), true), Ok("2015-03-14".into()));
        assert_eq!(birth_date("14.03.2015", today(), true), Ok("2015-03-14".into()));
        assert_eq!(birth_date("14/3/2015", today(), true), Ok("2015-03-14".into()));
        assert_eq!(birth_date("14.03.15", today(), true), Err(Msg::BirthDateFormat));
        assert_eq!(birth_date("23.11.2026", today(), false), Err(Msg::BirthDateFuture));
        assert_eq!(birth_date("01.01.1910", today(), false), Err(Msg::BirthDateTooOld));
        assert_eq!(birth_date("01.01.1980", today(), true), Err(Msg::PupilAge));
        assert_eq!(birth_date("01.01.2023", today(), true), Err(Msg::PupilAge));
        assert_eq!(birth_date("01.01.1980", today(), false), Ok("1980-01-01".into()));
    }

    #[test]
    fn only_school_roles_and_a_class_for_pupils() {
        let mut f = pupil();
        f.role = "region_operator".into();
        assert_eq!(check(&f, today()).unwrap_err(), vec![("role", Msg::RoleRequired)]);
        f.role = "teacher".into();
        f.class_id = "".into();
        f.birth_date = "1985-05-05".into();
        assert_eq!(check(&f, today()).unwrap().class_id, None);
    }
}
