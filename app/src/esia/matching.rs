//! Who a Gosuslugi person is in Parta, and whether they may sign in (seeds 000–003): a pure
//! decision over what the database found, unit-tested without one.
//!
//! Order: an account already linked to the ESIA id; otherwise the person with the same SNILS
//! (then ФИО, birth date and sex must agree); otherwise the person with the same ФИО and birth
//! date but another SNILS (a SNILS mismatch); otherwise «не смогли найти Ваш профиль» and the
//! link form. A found account must be activated (or at least begun: a temporary account whose
//! owner got past «Личные данные» continues the wizard), and the Gosuslugi account's level must
//! fit the age: under 14 years 3 months a simplified one suffices, from then on at least standard,
//! or what the region demands.

use super::types::{Level, Refusal};

/// What ESIA said about the person (already parsed and checked).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EsiaPerson {
    pub oid: String,
    pub surname: String,
    pub name: String,
    pub patronymic: String,
    /// `YYYY-MM-DD`
    pub birth_date: String,
    /// `m` or `f`
    pub sex: String,
    /// 11 digits, or `None` when the Gosuslugi account has none.
    pub snils: Option<String>,
    pub level: Level,
}

/// A Parta person with their account, as the database found them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub person_id: i64,
    pub account_id: i64,
    pub surname: String,
    pub name: String,
    pub patronymic: String,
    pub birth_date: String,
    pub sex: String,
    pub snils: Option<String>,
    /// `temporary`, `active` or `blocked`
    pub state: String,
    pub activation_step: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Sign in as this account (link it first when `link`).
    SignIn { account_id: i64, link: bool },
    Refuse(Refusal),
    /// Nobody found: ask for the Parta login and password to link.
    AskToLink,
}

/// Names compare without case, surrounding spaces and the ё/е difference.
pub fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.trim().to_lowercase().replace('ё', "е");
    norm(a) == norm(b)
}

fn same_full_name(p: &EsiaPerson, c: &Candidate) -> bool {
    same_name(&p.surname, &c.surname) && same_name(&p.name, &c.name) && same_name(&p.patronymic, &c.patronymic)
}

/// `by_link`: the account linked to this oid; `by_snils`: the person with this SNILS;
/// `by_name`: people with the same ФИО and birth date. `today` is `YYYY-MM-DD`.
pub fn decide(
    esia: &EsiaPerson,
    by_link: Option<&Candidate>,
    by_snils: Option<&Candidate>,
    by_name: &[Candidate],
    region_min: Level,
    today: &str,
) -> Decision {
    if let Some(c) = by_link {
        return match admit(c, esia.level, region_min, today) {
            Ok(()) => Decision::SignIn { account_id: c.account_id, link: false },
            Err(r) => Decision::Refuse(r),
        };
    }
    if esia.snils.is_some() {
        if let Some(c) = by_snils {
            if !same_full_name(esia, c) {
                return Decision::Refuse(Refusal::NameMismatch);
            }
            if c.birth_date != esia.birth_date || c.sex != esia.sex {
                return Decision::Refuse(Refusal::BirthMismatch);
            }
            return match admit(c, esia.level, region_min, today) {
                Ok(()) => Decision::SignIn { account_id: c.account_id, link: true },
                Err(r) => Decision::Refuse(r),
            };
        }
        if by_name.iter().any(|c| same_full_name(esia, c) && c.snils.is_some()) {
            return Decision::Refuse(Refusal::SnilsMismatch);
        }
    }
    Decision::AskToLink
}

/// May this account be entered with a Gosuslugi account of `level`?
pub fn admit(c: &Candidate, level: Level, region_min: Level, today: &str) -> Result<(), Refusal> {
    let begun = c.state == "active" || (c.state == "temporary" && c.activation_step >= 1);
    if !begun {
        return Err(Refusal::NotActivated);
    }
    if under_14_years_3_months(&c.birth_date, today) {
        return Ok(());
    }
    if level == Level::Simplified && region_min <= Level::Standard && younger_than_months(&c.birth_date, 18 * 12, today) {
        // A teenager past 14 years 3 months with a simplified account: the age rule refuses
        // (an adult with one simply has too low a level).
        return Err(Refusal::TooYoung);
    }
    if level < region_min.max(Level::Standard) {
        return Err(Refusal::LevelTooLow);
    }
    Ok(())
}

fn ymd(date: &str) -> Option<(i32, u32, u32)> {
    let mut it = date.trim().splitn(3, '-');
    let y = it.next()?.parse().ok()?;
    let m = it.next()?.parse().ok()?;
    let d = it.next()?.parse().ok()?;
    (1..=12).contains(&m).then_some(())?;
    (1..=31).contains(&d).then_some(())?;
    Some((y, m, d))
}

/// Born on `birth`, is the person on `today` younger than 14 years and 3 months? (The day
/// they reach it: the same day number 171 months later, or the 1st of the next month when that
/// month is shorter.) An unreadable date counts as not younger.
pub fn under_14_years_3_months(birth: &str, today: &str) -> bool {
    younger_than_months(birth, 14 * 12 + 3, today)
}

/// Born on `birth`, is the person on `today` younger than `months` months?
pub fn younger_than_months(birth: &str, months: u32, today: &str) -> bool {
    let (Some((by, bm, bd)), Some(t)) = (ymd(birth), ymd(today)) else { return false };
    let months = bm - 1 + months;
    let (y, m) = (by + (months / 12) as i32, months % 12 + 1);
    let days_in = match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    let reached = if bd <= days_in { (y, m, bd) } else if m == 12 { (y + 1, 1, 1) } else { (y, m + 1, 1) };
    t < reached
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: &str = "2026-11-22";

    fn esia(snils: Option<&str>, level: Level, birth: &str) -> EsiaPerson {
        EsiaPerson {
            oid: "1000".into(),
            surname: "Соколова".into(),
            name: "Анна".into(),
            patronymic: "Игоревна".into(),
            birth_date: birth.into(),
            sex: "f".into(),
            snils: snils.map(String::from),
            level,
        }
    }

    fn parta(snils: Option<&str>, birth: &str, state: &str, step: i64) -> Candidate {
        Candidate {
            person_id: 1,
            account_id: 10,
            surname: "Соколова".into(),
            name: "Анна".into(),
            patronymic: "Игоревна".into(),
            birth_date: birth.into(),
            sex: "f".into(),
            snils: snils.map(String::from),
            state: state.into(),
            activation_step: step,
        }
    }

    const ADULT: &str = "1985-04-02";
    const S: Option<&str> = Some("11223344595");

    #[test]
    fn a_matching_adult_with_a_standard_account_signs_in_and_is_linked() {
        let e = esia(S, Level::Standard, ADULT);
        let c = parta(S, ADULT, "active", 0);
        assert_eq!(decide(&e, None, Some(&c), &[], Level::Standard, TODAY), Decision::SignIn { account_id: 10, link: true });
        assert_eq!(decide(&e, Some(&c), None, &[], Level::Standard, TODAY), Decision::SignIn { account_id: 10, link: false });
    }

    #[test]
    fn each_mismatch_has_its_own_refusal() {
        let e = esia(S, Level::Standard, ADULT);
        let mut other_name = parta(S, ADULT, "active", 0);
        other_name.name = "Алёна".into();
        assert_eq!(decide(&e, None, Some(&other_name), &[], Level::Standard, TODAY), Decision::Refuse(Refusal::NameMismatch));
        let other_birth = parta(S, "1985-04-03", "active", 0);
        assert_eq!(decide(&e, None, Some(&other_birth), &[], Level::Standard, TODAY), Decision::Refuse(Refusal::BirthMismatch));
        let mut other_sex = parta(S, ADULT, "active", 0);
        other_sex.sex = "m".into();
        assert_eq!(decide(&e, None, Some(&other_sex), &[], Level::Standard, TODAY), Decision::Refuse(Refusal::BirthMismatch));
        let other_snils = parta(Some("99988877766"), ADULT, "active", 0);
        assert_eq!(decide(&e, None, None, &[other_snils], Level::Standard, TODAY), Decision::Refuse(Refusal::SnilsMismatch));
        // Ё and letter case are not mismatches.
        let mut yo = parta(S, ADULT, "active", 0);
        yo.surname = "СОКОЛОВА ".into();
        assert!(matches!(decide(&e, None, Some(&yo), &[], Level::Standard, TODAY), Decision::SignIn { .. }));
    }

    #[test]
    fn without_snils_or_a_match_the_person_is_asked_to_link() {
        let no_snils = esia(None, Level::Simplified, "2016-01-01");
        assert_eq!(decide(&no_snils, None, None, &[parta(S, "2016-01-01", "active", 0)], Level::Standard, TODAY), Decision::AskToLink);
        assert_eq!(decide(&esia(S, Level::Standard, ADULT), None, None, &[], Level::Standard, TODAY), Decision::AskToLink);
    }

    #[test]
    fn accounts_must_be_activated_or_begun() {
        let e = esia(S, Level::Standard, ADULT);
        for (state, step, ok) in [("temporary", 0, false), ("blocked", 0, false), ("temporary", 1, true), ("active", 0, true)] {
            let c = parta(S, ADULT, state, step);
            let got = decide(&e, None, Some(&c), &[], Level::Standard, TODAY);
            assert_eq!(matches!(got, Decision::SignIn { .. }), ok, "{state} {step}: {got:?}");
            if !ok {
                assert_eq!(got, Decision::Refuse(Refusal::NotActivated));
            }
        }
    }

    #[test]
    fn the_age_rule_and_the_region_level() {
        let child = "2013-01-01"; // 13 years 10 months
        let teen = "2012-08-01"; // 14 years 3 months and 3 weeks
        let simplified_child = esia(S, Level::Simplified, child);
        assert!(matches!(decide(&simplified_child, None, Some(&parta(S, child, "active", 0)), &[], Level::Confirmed, TODAY), Decision::SignIn { .. }));
        let simplified_teen = esia(S, Level::Simplified, teen);
        assert_eq!(decide(&simplified_teen, None, Some(&parta(S, teen, "active", 0)), &[], Level::Standard, TODAY), Decision::Refuse(Refusal::TooYoung));
        assert_eq!(admit(&parta(S, ADULT, "active", 0), Level::Simplified, Level::Standard, TODAY), Err(Refusal::LevelTooLow));
        assert_eq!(admit(&parta(S, ADULT, "active", 0), Level::Standard, Level::Confirmed, TODAY), Err(Refusal::LevelTooLow));
        assert_eq!(admit(&parta(S, ADULT, "active", 0), Level::Simplified, Level::Confirmed, TODAY), Err(Refusal::LevelTooLow));
        assert_eq!(admit(&parta(S, ADULT, "active", 0), Level::Confirmed, Level::Confirmed, TODAY), Ok(()));
    }

    #[test]
    fn fourteen_years_and_three_months_exactly() {
        assert!(under_14_years_3_months("2012-08-22", "2026-11-21"));
        assert!(!under_14_years_3_months("2012-08-22", "2026-11-22"));
        // 30 November + 3 months has no 30 February: the 1st of March.
        assert!(under_14_years_3_months("2010-11-30", "2025-02-28"));
        assert!(!under_14_years_3_months("2010-11-30", "2025-03-01"));
        assert!(!under_14_years_3_months("garbage", TODAY));
    }
}
