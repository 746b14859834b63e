//! The weighted average of a pupil's marks, its rounding hint and the suggested final mark
//! (shared, pure: the grid computes it as marks are typed, the server the same way).
//!
//! Σ(value × weight) / Σ(weight) over the marks that count: 5-point marks of work types whose
//! weight is above 0. Pass/fail marks («зач», «нз»), marks of weight-0 work types, marks of an
//! unknown work type and attendance never count.

use super::marks::{numeric, Mark, Scale, WorkType};

/// The weighted average, `None` when no mark counts.
pub fn weighted_average<'a>(marks: impl IntoIterator<Item = &'a Mark>, work_types: &[WorkType]) -> Option<f64> {
    let (mut sum, mut weights) = (0.0, 0i64);
    for mark in marks {
        let Some(wt) = work_types.iter().find(|w| w.id == mark.w) else { continue };
        if wt.scale != Scale::Five || wt.weight <= 0 {
            continue;
        }
        let Some(value) = numeric(&mark.v) else { continue };
        sum += value * wt.weight as f64;
        weights += wt.weight;
    }
    (weights > 0).then(|| sum / weights as f64)
}

/// Two decimals with a comma, as Russian journals print it: «4,67».
pub fn format_average(avg: f64) -> String {
    format!("{:.2}", round2(avg)).replace('.', ",")
}

fn round2(x: f64) -> f64 {
    (x * 100.0 + 1e-9).round() / 100.0
}

/// The final mark the average suggests: half up on the two-decimal average (4,50 → 5,
/// 4,49 → 4), never below 2.
pub fn suggested_final(avg: f64) -> i64 {
    let avg = round2(avg);
    ((avg + 0.5 + 1e-9).floor() as i64).clamp(2, 5)
}

/// The rounding hint shown with the average.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hint {
    /// Clearly one mark.
    Clear,
    /// Within 0,1 of the half (3,40–3,59): the teacher decides, the journal says so.
    Borderline,
}

pub fn hint(avg: f64) -> Hint {
    let frac = round2(avg) - round2(avg).floor();
    if (0.4 - 1e-9..0.6 - 1e-9).contains(&frac) {
        Hint::Borderline
    } else {
        Hint::Clear
    }
}

/// The CSS class of an average: by the suggested mark, and borderline.
pub fn css_class(avg: f64) -> &'static str {
    match (suggested_final(avg), hint(avg)) {
        (_, Hint::Borderline) => "avg avg-border",
        (5, _) => "avg avg-5",
        (4, _) => "avg avg-4",
        (3, _) => "avg avg-3",
        _ => "avg avg-2",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wt(id: i64, weight: i64, scale: Scale) -> WorkType {
        WorkType { id, name: format!("w{id}"), short_name: String::new(), weight, scale }
    }
    fn m(v: &str, w: i64) -> Mark {
        Mark { v: v.into(), w, c: String::new() }
    }

    /// The school's work types of the table below.
    fn types() -> Vec<WorkType> {
        vec![
            wt(1, 1, Scale::Five), // Ответ на уроке
            wt(2, 2, Scale::Five), // Самостоятельная работа
            wt(3, 3, Scale::Five), // Контрольная работа
            wt(4, 0, Scale::Five), // Работа над ошибками: shown, weight 0
            wt(5, 1, Scale::Pass), // Зачёт
        ]
    }

    /// Worked by hand:
    ///
    /// | marks (value·weight)                     | Σ v·w            | Σ w | average | shown | final |
    /// |------------------------------------------|------------------|-----|---------|-------|-------|
    /// | 5·1, 4·3, 3·2, 2·0, зач                  | 5+12+6 = 23      | 6   | 3,8333  | 3,83  | 4     |
    /// | 5·3, 5·1, 2·2                            | 15+5+4 = 24      | 6   | 4,0     | 4,00  | 4     |
    /// | 4·1, 5·1                                 | 9                | 2   | 4,5     | 4,50  | 5 (borderline) |
    /// | 3·3, 4·1, нз, 5·0                        | 9+4 = 13         | 4   | 3,25    | 3,25  | 3     |
    /// | 2·1, 2·1, 3·1                            | 7                | 3   | 2,3333  | 2,33  | 2     |
    /// | зач, 5·0 (nothing counts)                | —                | 0   | none    |       |       |
    /// | 5·9 (unknown work type 9), 3·1           | 3                | 1   | 3,0     | 3,00  | 3     |
    /// | 1·1                                      | 1                | 1   | 1,0     | 1,00  | 2 (never below 2) |
    #[test]
    fn matches_the_hand_computed_table() {
        let t = types();
        let rows: Vec<(Vec<Mark>, Option<&str>, Option<i64>)> = vec![
            (vec![m("5", 1), m("4", 3), m("3", 2), m("2", 4), m("зач", 5)], Some("3,83"), Some(4)),
            (vec![m("5", 3), m("5", 1), m("2", 2)], Some("4,00"), Some(4)),
            (vec![m("4", 1), m("5", 1)], Some("4,50"), Some(5)),
            (vec![m("3", 3), m("4", 1), m("нз", 5), m("5", 4)], Some("3,25"), Some(3)),
            (vec![m("2", 1), m("2", 1), m("3", 1)], Some("2,33"), Some(2)),
            (vec![m("зач", 5), m("5", 4)], None, None),
            (vec![m("5", 9), m("3", 1)], Some("3,00"), Some(3)),
            (vec![m("1", 1)], Some("1,00"), Some(2)),
        ];
        for (marks, shown, fin) in rows {
            let avg = weighted_average(&marks, &t);
            assert_eq!(avg.map(format_average).as_deref(), shown, "{marks:?}");
            assert_eq!(avg.map(suggested_final), fin, "{marks:?}");
        }
    }

    #[test]
    fn plus_and_minus_count_as_quarters() {
        let t = types();
        // 4+ = 4,25 and 5- = 4,75, both weight 1: 9,0 / 2 = 4,50.
        let avg = weighted_average(&[m("4+", 1), m("5-", 1)], &t).unwrap();
        assert_eq!(format_average(avg), "4,50");
        assert_eq!(suggested_final(avg), 5);
    }

    #[test]
    fn borderline_hints() {
        assert_eq!(hint(4.5), Hint::Borderline);
        assert_eq!(hint(3.4), Hint::Borderline);
        assert_eq!(hint(3.59), Hint::Borderline);
        assert_eq!(hint(3.6), Hint::Clear);
        assert_eq!(hint(3.39), Hint::Clear);
        assert_eq!(hint(4.0), Hint::Clear);
        assert_eq!(suggested_final(4.495), 5, "the two-decimal average 4,50 rounds up");
        assert_eq!(suggested_final(4.494), 4);
        assert_eq!(css_class(4.8), "avg avg-5");
        assert_eq!(css_class(4.5), "avg avg-border");
    }
}
