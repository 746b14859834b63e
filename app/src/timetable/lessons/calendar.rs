//! Which dates a row of the weekly template gives. Pure Rust, no database.
//!
//! Week parity («дробное» расписание): weeks are counted from the school year's first week —
//! the Monday-to-Sunday week that holds the year's first day is week 1 (odd), the next week 2
//! (even), and so on through the whole year, holidays included, so the count never depends on
//! where the holidays fall.

use crate::timetable::types::WeekParity;
use chrono::{Datelike, Duration, NaiveDate};

/// A reporting period, as far as lessons care.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    pub id: i64,
    /// 'quarter', 'trimester', 'half_year' or 'year'.
    pub kind: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub grade_min: i64,
    pub grade_max: i64,
}

/// A school year's calendar: its first day, reporting periods and holidays.
#[derive(Clone, Debug, Default)]
pub struct YearCalendar {
    pub starts_on: NaiveDate,
    pub periods: Vec<Period>,
    /// Inclusive date ranges without lessons.
    pub holidays: Vec<(NaiveDate, NaiveDate)>,
}

/// 'YYYY-MM-DD'.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

pub fn format_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The Monday of the week that holds `d`.
pub fn monday_of(d: NaiveDate) -> NaiveDate {
    d - Duration::days(d.weekday().num_days_from_monday() as i64)
}

impl YearCalendar {
    /// 1 for the week that holds the year's first day, then 2, 3… (see the module note).
    pub fn week_number(&self, date: NaiveDate) -> i64 {
        (monday_of(date) - monday_of(self.starts_on)).num_days().div_euclid(7) + 1
    }

    pub fn runs_in_week(&self, parity: WeekParity, date: NaiveDate) -> bool {
        match parity {
            WeekParity::All => true,
            WeekParity::Odd => self.week_number(date) % 2 == 1,
            WeekParity::Even => self.week_number(date) % 2 == 0,
        }
    }

    pub fn is_holiday(&self, date: NaiveDate) -> bool {
        self.holidays.iter().any(|(from, to)| *from <= date && date <= *to)
    }

    /// The period a class of this grade is in on `date`: its term (quarter, trimester or
    /// half-year) when the school has one for the grade, otherwise the 'year' period.
    pub fn period_for(&self, grade: i64, date: NaiveDate) -> Option<i64> {
        let fits = |p: &&Period| p.grade_min <= grade && grade <= p.grade_max && p.starts_on <= date && date <= p.ends_on;
        let terms_for_grade = self.periods.iter().any(|p| p.kind != "year" && p.grade_min <= grade && grade <= p.grade_max);
        let found = if terms_for_grade {
            self.periods.iter().filter(|p| p.kind != "year").find(fits)
        } else {
            self.periods.iter().filter(|p| p.kind == "year").find(fits)
        };
        found.map(|p| p.id)
    }

    /// Every date (after `after`) on which a template row of this weekday (1 = Monday) and
    /// parity gives a lesson to a class of this grade, with the date's reporting period.
    pub fn dates(&self, weekday: i64, parity: WeekParity, grade: i64, after: NaiveDate) -> Vec<(NaiveDate, i64)> {
        let (Some(first), Some(last)) = (self.periods.iter().map(|p| p.starts_on).min(), self.periods.iter().map(|p| p.ends_on).max())
        else {
            return vec![];
        };
        let start = first.max(after + Duration::days(1));
        // The first date on or after `start` with the row's weekday.
        let offset = (weekday - 1 - start.weekday().num_days_from_monday() as i64).rem_euclid(7);
        let mut date = start + Duration::days(offset);
        let mut out = Vec::new();
        while date <= last {
            if !self.is_holiday(date) && self.runs_in_week(parity, date) {
                if let Some(period) = self.period_for(grade, date) {
                    out.push((date, period));
                }
            }
            date += Duration::days(7);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    /// The demo year 2026/2027 in quarters, with the autumn holidays and 23 February.
    fn year() -> YearCalendar {
        let q = |id, from, to| Period { id, kind: "quarter".into(), starts_on: d(from), ends_on: d(to), grade_min: 1, grade_max: 11 };
        YearCalendar {
            starts_on: d("2026-09-01"),
            periods: vec![
                q(1, "2026-09-01", "2026-10-24"),
                q(2, "2026-11-05", "2026-12-28"),
                q(3, "2027-01-12", "2027-03-21"),
                Period { id: 9, kind: "year".into(), starts_on: d("2026-09-01"), ends_on: d("2027-05-26"), grade_min: 1, grade_max: 11 },
            ],
            holidays: vec![(d("2026-10-25"), d("2026-11-04")), (d("2027-02-23"), d("2027-02-23"))],
        }
    }

    #[test]
    fn weeks_count_from_the_week_of_the_first_of_september() {
        let y = year();
        // 1 September 2026 is a Tuesday: Monday 31 August starts week 1.
        assert_eq!(y.week_number(d("2026-08-31")), 1);
        assert_eq!(y.week_number(d("2026-09-06")), 1);
        assert_eq!(y.week_number(d("2026-09-07")), 2);
        assert!(y.runs_in_week(WeekParity::Odd, d("2026-09-01")));
        assert!(y.runs_in_week(WeekParity::Even, d("2026-09-08")));
        assert!(!y.runs_in_week(WeekParity::Even, d("2026-09-01")));
    }

    #[test]
    fn dates_skip_holidays_and_the_gaps_between_quarters() {
        let y = year();
        let mondays = y.dates(1, WeekParity::All, 7, d("2026-01-01"));
        assert_eq!(mondays.first().unwrap(), &(d("2026-09-07"), 1));
        // 26 October and 2 November are in the autumn holidays.
        assert!(!mondays.iter().any(|(m, _)| *m == d("2026-10-26") || *m == d("2026-11-02")));
        assert!(mondays.contains(&(d("2026-11-09"), 2)));
        assert!(mondays.iter().all(|(m, _)| m.weekday() == chrono::Weekday::Mon));
        // 23 February 2027 is a Tuesday: no lesson then, but the Tuesday before has one.
        let tuesdays = y.dates(2, WeekParity::All, 7, d("2026-01-01"));
        assert!(!tuesdays.iter().any(|(t, _)| *t == d("2027-02-23")));
        assert!(tuesdays.contains(&(d("2027-02-16"), 3)));
        // Nothing after the last term ends (the fourth quarter is left out here).
        assert!(tuesdays.iter().all(|(t, _)| *t <= d("2027-03-21")));
    }

    #[test]
    fn odd_and_even_rows_share_the_weeks_between_them() {
        let y = year();
        let odd = y.dates(3, WeekParity::Odd, 7, d("2026-01-01"));
        let even = y.dates(3, WeekParity::Even, 7, d("2026-01-01"));
        let all = y.dates(3, WeekParity::All, 7, d("2026-01-01"));
        assert_eq!(odd.len() + even.len(), all.len());
        assert_eq!(odd[0].0, d("2026-09-02"));
        assert_eq!(even[0].0, d("2026-09-09"));
    }

    #[test]
    fn only_dates_after_today_and_the_year_period_without_terms() {
        let mut y = year();
        let after = y.dates(1, WeekParity::All, 7, d("2026-11-09"));
        assert_eq!(after[0].0, d("2026-11-16"));
        // A grade with no term of its own falls back to the year.
        for p in y.periods.iter_mut().filter(|p| p.kind == "quarter") {
            p.grade_max = 9;
        }
        assert_eq!(y.period_for(10, d("2026-10-30")), Some(9));
        assert_eq!(y.period_for(7, d("2026-10-30")), None);
    }
}
