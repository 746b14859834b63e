//! СНИЛС: 11 digits, `XXX-XXX-XXX YY`, the last two a check sum of the first nine.
//! Shared, so forms can check a number before it is sent.

use crate::i18n::Msg;

/// The 11 digits of a SNILS typed in any usual way (spaces, dashes), validated.
pub fn parse(input: &str) -> Result<String, Msg> {
    let digits: String = input.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    if digits.len() != 11 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(Msg::SnilsFormat);
    }
    let d: Vec<u32> = digits.chars().map(|c| c.to_digit(10).unwrap_or(0)).collect();
    let number: u32 = d[..9].iter().fold(0, |acc, x| acc * 10 + x);
    let check = d[9] * 10 + d[10];
    // Numbers up to 001-001-998 were issued before check sums existed.
    if number > 1_001_998 && checksum(&d[..9]) != check {
        return Err(Msg::SnilsChecksum);
    }
    Ok(digits)
}

/// The check number for nine digits: weights 9..1, sum mod 101, with 100 and 101 becoming 00.
pub fn checksum(nine: &[u32]) -> u32 {
    let sum: u32 = nine.iter().enumerate().map(|(i, d)| d * (9 - i as u32)).sum();
    let rest = if sum < 100 { sum } else { sum % 101 };
    if rest == 100 { 0 } else { rest }
}

/// `12345678964` → `123-456-789 64`.
pub fn format(digits: &str) -> String {
    if digits.len() != 11 {
        return digits.to_string();
    }
    format!("{}-{}-{} {}", &digits[0..3], &digits[3..6], &digits[6..9], &digits[9..11])
}

/// A valid SNILS for nine given digits (used by the demo-data generator and tests).
pub fn with_checksum(nine: u32) -> String {
    let s = format!("{nine:09}");
    let d: Vec<u32> = s.chars().map(|c| c.to_digit(10).unwrap_or(0)).collect();
    format!("{s}{:02}", checksum(&d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_a_known_valid_number_in_any_spelling() {
        // 112-233-445 95 is the standard worked example of the check-sum rule.
        assert_eq!(parse("112-233-445 95").as_deref(), Ok("11223344595"));
        assert_eq!(parse("11223344595").as_deref(), Ok("11223344595"));
        assert_eq!(parse(" 112 233 445 95 ").as_deref(), Ok("11223344595"));
    }

    #[test]
    fn rejects_a_wrong_check_sum() {
        assert_eq!(parse("112-233-445 96"), Err(Msg::SnilsChecksum));
    }

    #[test]
    fn rejects_wrong_length_and_letters() {
        assert_eq!(parse("112-233-445"), Err(Msg::SnilsFormat));
        assert_eq!(parse("112-233-44a 95"), Err(Msg::SnilsFormat));
        assert_eq!(parse(""), Err(Msg::SnilsFormat));
    }

    #[test]
    fn sums_of_100_and_101_become_00() {
        // Find nine-digit numbers whose weighted sum is exactly 100 and 101.
        let hundred = [0, 0, 0, 0, 0, 0, 0, 0, 0];
        assert_eq!(checksum(&hundred), 0);
        // 9*9 + 8*2 + 7*0 ... = 81 + 16 + 3 = 100
        assert_eq!(checksum(&[9, 2, 0, 0, 0, 0, 0, 1, 1]), 0);
        // weighted sum 101 → 101 % 101 = 0
        assert_eq!(checksum(&[9, 2, 0, 0, 0, 0, 0, 1, 2]), 0);
        // weighted sum 102 → 1
        assert_eq!(checksum(&[9, 2, 0, 0, 0, 0, 0, 1, 3]), 1);
    }

    #[test]
    fn generated_numbers_validate() {
        for nine in [1_002_000u32, 123_456_789, 987_654_321, 555_000_111] {
            let snils = with_checksum(nine);
            assert_eq!(parse(&snils).as_deref(), Ok(snils.as_str()));
        }
    }

    #[test]
    fn formats_for_display() {
        assert_eq!(format("11223344595"), "112-233-445 95");
    }
}
