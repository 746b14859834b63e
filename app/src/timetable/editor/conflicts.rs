//! The editor's conflict rules, pure: whether one lesson may stand in one slot of the week,
//! given every lesson of the school year's template. The server asks before each change and
//! for the cell highlighting while a card is dragged.

use super::types::Clash;
use crate::timetable::generator::daily_limit;
use crate::timetable::types::WeekParity;

/// A lesson already in the template, with the names a clash sentence needs.
#[derive(Clone, Debug)]
pub struct Existing {
    pub id: i64,
    pub class_id: i64,
    pub class_name: String,
    pub subgroup_id: Option<i64>,
    pub subject: String,
    pub teacher_id: i64,
    pub teacher: String,
    pub room_id: Option<i64>,
    pub weekday: i64,
    pub lesson_number: i64,
    pub parity: WeekParity,
}

/// A room with what a clash sentence and the size rule need.
#[derive(Clone, Debug)]
pub struct RoomInfo {
    pub id: i64,
    pub name: String,
    pub capacity: i64,
}

/// The lesson to place or move.
#[derive(Clone, Debug)]
pub struct Candidate {
    /// The template row being moved (it does not clash with itself); `None` for a new lesson.
    pub moving: Option<i64>,
    pub class_id: i64,
    pub class_name: String,
    pub grade: i64,
    pub subgroup_id: Option<i64>,
    pub teacher_id: i64,
    pub teacher: String,
    pub room: Option<RoomInfo>,
    /// Pupils who come: the class, or the subgroup's members.
    pub pupils: i64,
    /// The room was chosen for this change (not kept from before, nor the lesson's usual one):
    /// only then is its size a clash of this change — otherwise every cell would show the same
    /// old problem and none could be used.
    pub room_chosen: bool,
    pub parity: WeekParity,
    /// Slots (weekday, lesson) the teacher cannot teach.
    pub teacher_away: Vec<(i64, i64)>,
}

/// Two lessons can meet unless one runs only in odd weeks and the other only in even ones.
pub fn weeks_overlap(a: WeekParity, b: WeekParity) -> bool {
    !matches!((a, b), (WeekParity::Odd, WeekParity::Even) | (WeekParity::Even, WeekParity::Odd))
}

/// Every reason the candidate cannot stand at (weekday, lesson); empty when it fits.
pub fn clashes(c: &Candidate, weekday: i64, lesson_number: i64, year: &[Existing]) -> Vec<Clash> {
    let mut found = Vec::new();
    if c.teacher_away.contains(&(weekday, lesson_number)) {
        found.push(Clash::TeacherAway { teacher: c.teacher.clone() });
    }
    let others = || year.iter().filter(|e| Some(e.id) != c.moving);
    for e in others().filter(|e| e.weekday == weekday && e.lesson_number == lesson_number && weeks_overlap(e.parity, c.parity)) {
        // Two groups of one class side by side are fine; the whole class against anything is not.
        let same_pupils = e.class_id == c.class_id
            && (c.subgroup_id.is_none() || e.subgroup_id.is_none() || c.subgroup_id == e.subgroup_id);
        if same_pupils {
            push_once(&mut found, Clash::Class { class: c.class_name.clone(), subject: e.subject.clone() });
        }
        if e.teacher_id == c.teacher_id {
            push_once(&mut found, Clash::Teacher { teacher: c.teacher.clone(), class: e.class_name.clone(), subject: e.subject.clone() });
        }
        if let Some(room) = c.room.as_ref().filter(|_| !same_pupils) {
            // (The class's own lesson in its room is already named above.)
            if e.room_id == Some(room.id) {
                push_once(&mut found, Clash::Room { room: room.name.clone(), class: e.class_name.clone() });
            }
        }
    }
    if let Some(room) = c.room.as_ref().filter(|_| c.room_chosen) {
        if c.pupils > room.capacity {
            found.push(Clash::RoomTooSmall { room: room.name.clone(), capacity: room.capacity, pupils: c.pupils });
        }
    }
    // The day's lesson count for the class: distinct lesson numbers, this one included.
    let mut numbers: Vec<i64> =
        others().filter(|e| e.class_id == c.class_id && e.weekday == weekday).map(|e| e.lesson_number).collect();
    numbers.push(lesson_number);
    numbers.sort_unstable();
    numbers.dedup();
    let limit = daily_limit(c.grade) as i64 + i64::from(c.grade <= 1);
    if numbers.len() as i64 > limit {
        found.push(Clash::DailyLimit { class: c.class_name.clone(), limit });
    }
    found
}

fn push_once(found: &mut Vec<Clash>, clash: Clash) {
    if !found.contains(&clash) {
        found.push(clash);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lesson(id: i64, class_id: i64, subgroup_id: Option<i64>, teacher_id: i64, room_id: Option<i64>, slot: (i64, i64), parity: WeekParity) -> Existing {
        Existing {
            id,
            class_id,
            class_name: format!("{class_id}Б"),
            subgroup_id,
            subject: "Математика".into(),
            teacher_id,
            teacher: format!("Учитель {teacher_id}"),
            room_id,
            weekday: slot.0,
            lesson_number: slot.1,
            parity,
        }
    }

    fn candidate(class_id: i64, subgroup_id: Option<i64>, teacher_id: i64) -> Candidate {
        Candidate {
            moving: None,
            class_id,
            class_name: format!("{class_id}А"),
            grade: 7,
            subgroup_id,
            teacher_id,
            teacher: "Иванова М. П.".into(),
            room: None,
            pupils: 25,
            room_chosen: false,
            parity: WeekParity::All,
            teacher_away: Vec::new(),
        }
    }

    #[test]
    fn a_busy_teacher_is_named_with_the_other_class() {
        let year = [lesson(1, 8, None, 5, None, (1, 2), WeekParity::All)];
        let found = clashes(&candidate(7, None, 5), 1, 2, &year);
        assert_eq!(found, vec![Clash::Teacher { teacher: "Иванова М. П.".into(), class: "8Б".into(), subject: "Математика".into() }]);
        assert!(clashes(&candidate(7, None, 5), 1, 3, &year).is_empty(), "another lesson number is free");
        assert!(clashes(&candidate(7, None, 5), 2, 2, &year).is_empty(), "another day is free");
    }

    #[test]
    fn groups_sit_side_by_side_but_not_against_the_whole_class() {
        let year = [lesson(1, 7, Some(71), 5, None, (1, 1), WeekParity::All)];
        assert!(clashes(&candidate(7, Some(72), 6), 1, 1, &year).is_empty());
        assert!(matches!(clashes(&candidate(7, Some(71), 6), 1, 1, &year)[..], [Clash::Class { .. }]));
        assert!(matches!(clashes(&candidate(7, None, 6), 1, 1, &year)[..], [Clash::Class { .. }]));
    }

    #[test]
    fn odd_and_even_weeks_share_a_slot() {
        let year = [lesson(1, 7, None, 5, None, (3, 4), WeekParity::Odd)];
        let mut c = candidate(7, None, 5);
        c.parity = WeekParity::Even;
        assert!(clashes(&c, 3, 4, &year).is_empty());
        c.parity = WeekParity::All;
        assert_eq!(clashes(&c, 3, 4, &year).len(), 2, "class and teacher both busy in odd weeks");
    }

    #[test]
    fn a_teacher_marked_away_is_refused_there_only() {
        let mut c = candidate(7, None, 5);
        c.teacher_away = vec![(3, 2)];
        assert_eq!(clashes(&c, 3, 2, &[]), vec![Clash::TeacherAway { teacher: "Иванова М. П.".into() }]);
        assert!(clashes(&c, 3, 3, &[]).is_empty());
    }

    #[test]
    fn a_moved_lesson_does_not_clash_with_itself() {
        let year = [lesson(1, 7, None, 5, None, (1, 1), WeekParity::All)];
        let mut c = candidate(7, None, 5);
        c.moving = Some(1);
        assert!(clashes(&c, 1, 1, &year).is_empty());
    }

    #[test]
    fn rooms_clash_and_too_small_rooms_are_named() {
        let year = [lesson(1, 8, None, 9, Some(3), (2, 2), WeekParity::All)];
        let mut c = candidate(7, None, 5);
        c.room = Some(RoomInfo { id: 3, name: "12".into(), capacity: 20 });
        let found = clashes(&c, 2, 2, &year);
        assert_eq!(found, vec![Clash::Room { room: "12".into(), class: "8Б".into() }], "a kept room's size is not this change's clash");
        c.room_chosen = true;
        let found = clashes(&c, 2, 2, &year);
        assert!(found.contains(&Clash::Room { room: "12".into(), class: "8Б".into() }));
        assert!(found.contains(&Clash::RoomTooSmall { room: "12".into(), capacity: 20, pupils: 25 }));
        assert_eq!(clashes(&c, 2, 3, &year), vec![Clash::RoomTooSmall { room: "12".into(), capacity: 20, pupils: 25 }]);
    }

    #[test]
    fn the_sanpin_daily_limit_counts_the_day() {
        // A 5th grade may have 6 lessons a day: six are there, a seventh is refused.
        let year: Vec<Existing> = (1..=6).map(|n| lesson(n, 7, None, 100 + n, None, (1, n), WeekParity::All)).collect();
        let mut c = candidate(7, None, 5);
        c.grade = 5;
        assert_eq!(clashes(&c, 1, 7, &year), vec![Clash::DailyLimit { class: "7А".into(), limit: 6 }]);
        c.moving = Some(6);
        assert!(clashes(&c, 1, 7, &year).is_empty(), "moving the sixth lesson to the seventh keeps six");
    }
}
