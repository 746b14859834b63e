//! The rules of the year's calendar, pure: dates, grade ranges, overlaps.

use crate::i18n::Msg;
use chrono::NaiveDate;

/// A date typed as ДД.ММ.ГГГГ or picked as ГГГГ-ММ-ДД, inside the school year.
pub fn date_in_year(typed: &str, year: (NaiveDate, NaiveDate)) -> Result<NaiveDate, Msg> {
    if typed.trim().is_empty() {
        return Err(Msg::YearDateRequired);
    }
    let d = crate::people::validate::parse_date(typed).map_err(|_| Msg::YearDateFormat)?;
    if d < year.0 || d > year.1 {
        return Err(Msg::YearDateOutside);
    }
    Ok(d)
}

/// Grades «с» and «по»: 1–11, the first not after the second.
pub fn grades(min: &str, max: &str) -> Result<(i64, i64), Msg> {
    let parse = |s: &str| s.trim().parse::<i64>().ok().filter(|g| (1..=11).contains(g));
    match (parse(min), parse(max)) {
        (Some(a), Some(b)) if a <= b => Ok((a, b)),
        (Some(_), Some(_)) => Err(Msg::YearGradesOrder),
        _ => Err(Msg::YearGradesFormat),
    }
}

/// The period's number: 1–4 for quarters, 1–3 for trimesters, 1–2 for half-years, 1 for the year.
pub fn number(kind: crate::school::types::PeriodKind, typed: &str) -> Result<i64, Msg> {
    use crate::school::types::PeriodKind::*;
    let most = match kind {
        Quarter => 4,
        Trimester => 3,
        HalfYear => 2,
        Year => 1,
    };
    typed.trim().parse::<i64>().ok().filter(|n| (1..=most).contains(n)).ok_or(Msg::YearPeriodNumber)
}

/// Two date ranges share a day.
pub fn overlap(a: (NaiveDate, NaiveDate), b: (NaiveDate, NaiveDate)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::school::types::PeriodKind;

    fn year() -> (NaiveDate, NaiveDate) {
        (NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(), NaiveDate::from_ymd_opt(2027, 5, 31).unwrap())
    }

    #[test]
    fn dates_are_read_both_ways_and_kept_inside_the_year() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 5).unwrap();
        assert_eq!(date_in_year("05.11.2026", year()), Ok(d));
        assert_eq!(date_in_year("2026-11-05", year()), Ok(d));
        assert_eq!(date_in_year("", year()), Err(Msg::YearDateRequired));
        assert_eq!(date_in_year("31.02.2027", year()), Err(Msg::YearDateFormat));
        assert_eq!(date_in_year("01.06.2027", year()), Err(Msg::YearDateOutside));
        assert_eq!(date_in_year("31.08.2026", year()), Err(Msg::YearDateOutside));
    }

    #[test]
    fn grades_and_numbers() {
        assert_eq!(grades("1", "11"), Ok((1, 11)));
        assert_eq!(grades("5", "4"), Err(Msg::YearGradesOrder));
        assert_eq!(grades("0", "4"), Err(Msg::YearGradesFormat));
        assert_eq!(grades("", "4"), Err(Msg::YearGradesFormat));
        assert_eq!(number(PeriodKind::Quarter, "4"), Ok(4));
        assert_eq!(number(PeriodKind::Trimester, "4"), Err(Msg::YearPeriodNumber));
        assert_eq!(number(PeriodKind::Year, "1"), Ok(1));
        assert_eq!(number(PeriodKind::HalfYear, "x"), Err(Msg::YearPeriodNumber));
    }

    #[test]
    fn ranges_overlap_when_they_share_a_day() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        assert!(overlap((d(9, 1), d(10, 24)), (d(10, 24), d(11, 1))));
        assert!(!overlap((d(9, 1), d(10, 24)), (d(10, 25), d(11, 1))));
    }
}
