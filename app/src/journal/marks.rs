//! Mark scales, attendance and the content of one journal cell (shared, pure).
//!
//! A cell holds the pupil's attendance at a lesson and zero or more marks. Each mark carries its
//! work type («Ответ на уроке», «Контрольная работа»…), whose weight the school sets, and an
//! optional comment. The 5-point scale is the default («5», «4»…; «5-», «4+» only when the
//! school switches them on); a work type on the pass/fail scale takes «зач» and «нз» (never
//! counted in the average).

use serde::{Deserialize, Serialize};

/// At most this many marks in one cell.
pub const MAX_MARKS: usize = 5;
/// A mark's comment is short.
pub const MAX_COMMENT: usize = 300;
/// Lateness in minutes: within a lesson.
pub const MAX_LATE_MINUTES: i64 = 45;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Scale {
    /// «5», «4», «3», «2», «1» (and «5-», «4+»… when the school allows them).
    #[default]
    Five,
    /// «зач» (зачёт) / «нз» (незачёт).
    Pass,
}

impl Scale {
    pub fn code(self) -> &'static str {
        match self {
            Scale::Five => "five",
            Scale::Pass => "pass",
        }
    }
    pub fn parse(code: &str) -> Scale {
        if code == "pass" {
            Scale::Pass
        } else {
            Scale::Five
        }
    }
}

/// A school's kind of work and its weight (0: shown, never counted).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkType {
    pub id: i64,
    pub name: String,
    pub short_name: String,
    pub weight: i64,
    pub scale: Scale,
}

/// One mark: its value as typed ("5", "4-", "зач"), its work type, a comment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Mark {
    pub v: String,
    pub w: i64,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub c: String,
}

/// Attendance at one lesson: '' present (nothing noted), «н» absent, «б» ill, «п» excused
/// (a valid reason), «о» late (with minutes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attendance {
    Absent,
    Ill,
    Excused,
    Late,
}

impl Attendance {
    pub const ALL: [Attendance; 4] = [Attendance::Absent, Attendance::Ill, Attendance::Excused, Attendance::Late];

    pub fn code(self) -> &'static str {
        match self {
            Attendance::Absent => "н",
            Attendance::Ill => "б",
            Attendance::Excused => "п",
            Attendance::Late => "о",
        }
    }

    pub fn parse(code: &str) -> Option<Attendance> {
        Attendance::ALL.into_iter().find(|a| a.code() == code)
    }

    /// The attendance letter a key gives, in the Russian layout or at the same place in the
    /// Latin one (a teacher who forgot to switch the layout types «y» for «н»).
    pub fn from_key(key: &str) -> Option<Attendance> {
        match key {
            "н" | "Н" | "y" | "Y" => Some(Attendance::Absent),
            "б" | "Б" | "," => Some(Attendance::Ill),
            "п" | "П" | "g" | "G" => Some(Attendance::Excused),
            "о" | "О" | "j" | "J" => Some(Attendance::Late),
            _ => None,
        }
    }

    /// Missed the lesson (late is not missed).
    pub fn missed(self) -> bool {
        !matches!(self, Attendance::Late)
    }
}

/// The content of one cell, as saved and as sent to every screen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Cell {
    /// '' or one of «н», «б», «п», «о».
    #[serde(default)]
    pub a: String,
    /// Minutes late, with «о».
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    #[serde(default)]
    pub marks: Vec<Mark>,
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        self.a.is_empty() && self.marks.is_empty()
    }

    pub fn attendance(&self) -> Option<Attendance> {
        Attendance::parse(&self.a)
    }

    /// What the cell shows: «н 5 4», «о5' 3».
    pub fn text(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if !self.a.is_empty() {
            parts.push(match self.min {
                Some(m) if self.a == "о" => format!("о{m}'"),
                _ => self.a.clone(),
            });
        }
        parts.extend(self.marks.iter().map(|m| m.v.clone()));
        parts.join(" ")
    }

    /// The canonical JSON stored in the database and kept in the history.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }

    pub fn from_parts(attendance: &str, late_minutes: Option<i64>, marks_json: &str) -> Cell {
        Cell { a: attendance.to_string(), min: late_minutes, marks: serde_json::from_str(marks_json).unwrap_or_default() }
    }
}

/// A mark's value on a scale, or `None` when it is not one. `plus_minus`: the school allows
/// «5-», «4+»…
pub fn valid_value(value: &str, scale: Scale, plus_minus: bool) -> bool {
    match scale {
        Scale::Pass => matches!(value, "зач" | "нз"),
        Scale::Five => numeric(value).is_some() && (plus_minus || value.len() == 1),
    }
}

/// The number a 5-point mark counts as: «4» 4, «4+» 4.25, «5-» 4.75 (`None` for anything else).
pub fn numeric(value: &str) -> Option<f64> {
    let mut chars = value.chars();
    let digit = chars.next()?.to_digit(10)? as f64;
    if !(1.0..=5.0).contains(&digit) {
        return None;
    }
    match (chars.next(), chars.next()) {
        (None, _) => Some(digit),
        (Some('+'), None) if digit < 5.0 && digit > 1.0 => Some(digit + 0.25),
        (Some('-'), None) if digit > 1.0 => Some(digit - 0.25),
        _ => None,
    }
}

/// A final (period or year) mark: «5»…«2», «зач», «нз», «н/а» (not assessed), «осв» (exempt).
pub fn valid_final(value: &str) -> bool {
    matches!(value, "5" | "4" | "3" | "2" | "зач" | "нз" | "н/а" | "осв")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_on_each_scale() {
        assert!(valid_value("5", Scale::Five, false));
        assert!(valid_value("1", Scale::Five, false));
        assert!(!valid_value("6", Scale::Five, false));
        assert!(!valid_value("0", Scale::Five, false));
        assert!(!valid_value("4+", Scale::Five, false), "plus and minus are off by default");
        assert!(valid_value("4+", Scale::Five, true));
        assert!(valid_value("5-", Scale::Five, true));
        assert!(!valid_value("5+", Scale::Five, true));
        assert!(!valid_value("зач", Scale::Five, true));
        assert!(valid_value("зач", Scale::Pass, false));
        assert!(valid_value("нз", Scale::Pass, false));
        assert!(!valid_value("5", Scale::Pass, false));
        assert!(!valid_value("", Scale::Five, false));
        assert!(!valid_value("45", Scale::Five, true));
    }

    #[test]
    fn plus_and_minus_count_a_quarter() {
        assert_eq!(numeric("4+"), Some(4.25));
        assert_eq!(numeric("5-"), Some(4.75));
        assert_eq!(numeric("3"), Some(3.0));
        assert_eq!(numeric("н"), None);
    }

    #[test]
    fn attendance_keys_in_both_layouts() {
        assert_eq!(Attendance::from_key("н"), Some(Attendance::Absent));
        assert_eq!(Attendance::from_key("y"), Some(Attendance::Absent));
        assert_eq!(Attendance::from_key("б"), Some(Attendance::Ill));
        assert_eq!(Attendance::from_key("п"), Some(Attendance::Excused));
        assert_eq!(Attendance::from_key("о"), Some(Attendance::Late));
        assert_eq!(Attendance::from_key("5"), None);
    }

    #[test]
    fn a_cell_reads_and_writes_its_json() {
        let cell = Cell { a: "о".into(), min: Some(5), marks: vec![Mark { v: "5".into(), w: 2, c: "устно".into() }] };
        assert_eq!(cell.text(), "о5' 5");
        let back = Cell::from_parts("о", Some(5), &serde_json::to_string(&cell.marks).unwrap());
        assert_eq!(back, cell);
        assert_eq!(Cell::default().text(), "");
    }
}
