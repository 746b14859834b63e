//! The timetable generator: places a school's whole weekly teaching load into 5 days × up to 7
//! lessons. Pure Rust and deterministic (a seeded SplitMix64), so the demo school gets the same
//! timetable every time and tests can compare runs.
//!
//! How: each class first gets its daily lesson counts (as even as the load allows, within the
//! SanPiN daily limit for its grade), and its lessons fill lessons 1..n of every day — so a class
//! can never have an «окно» and never exceeds its limit, whatever happens next. What is left is
//! *which* lesson sits in which of the class's slots: a permutation per class. The search starts
//! from a shuffled permutation and repairs it by swapping two lessons of one class (a swap keeps
//! the day shape intact), min-conflicts style with a little random walk, until no teacher is in
//! two places and no subject is taught more than twice a day (twice is allowed but costs a
//! little, so once a day is preferred). Rooms are given afterwards, slot by slot.
//!
//! Split lessons: the subgroup assignments of one class and subject are bundled, one bundle per
//! common hour, and a bundle is one unit in one slot with all its teachers — the subgroups sit
//! side by side and the class is free together. Hours one subgroup has beyond the others (or
//! sibling groups with the same teacher, which cannot sit side by side) become lessons of their
//! own that take a whole class slot; the other group is free then (a short «окно» for them).

use super::types::{Placement, WeekParity};
use std::collections::HashMap;
use std::fmt;

pub const DAYS: usize = 5;
pub const MAX_LESSONS: usize = 7;
const SLOTS: usize = DAYS * MAX_LESSONS;

/// A class to be timetabled.
#[derive(Clone, Debug)]
pub struct ClassInput {
    pub id: i64,
    /// «7А», for messages.
    pub name: String,
    pub grade: i64,
    pub pupils: i64,
}

/// A teaching assignment: `hours` lessons a week of a subject to a class or one of its subgroups.
#[derive(Clone, Debug)]
pub struct AssignmentInput {
    pub id: i64,
    pub class_id: i64,
    pub subgroup_id: Option<i64>,
    pub subject_id: i64,
    pub teacher_id: i64,
    pub hours: i64,
    /// Pupils who come (the class or the subgroup), to pick a room big enough.
    pub pupils: i64,
    /// Physical education: held in «Спортзал», never in a classroom.
    pub pe: bool,
}

#[derive(Clone, Debug)]
pub struct RoomInput {
    pub id: i64,
    pub name: String,
    pub capacity: i64,
}

#[derive(Clone, Debug, Default)]
pub struct Load {
    pub classes: Vec<ClassInput>,
    pub assignments: Vec<AssignmentInput>,
    pub rooms: Vec<RoomInput>,
}

/// Why a load could not be placed; the text names what (Russian: an admin reads it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GenerateError {
    UnknownClass { assignment_id: i64 },
    ClassOverloaded { class: String, lessons: i64, max: i64 },
    TeacherOverloaded { teacher_id: i64, lessons: i64 },
    /// The search ran out of steps; the lessons still in conflict.
    NoSolution { conflicts: Vec<String> },
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GenerateError::UnknownClass { assignment_id } => {
                write!(f, "Нагрузка № {assignment_id} относится к классу, которого нет в расписании")
            }
            GenerateError::ClassOverloaded { class, lessons, max } => write!(
                f,
                "Класс {class}: {lessons} уроков в неделю, а СанПиН позволяет не больше {max} при пятидневной неделе"
            ),
            GenerateError::TeacherOverloaded { teacher_id, lessons } => write!(
                f,
                "Учитель № {teacher_id}: {lessons} уроков в неделю не помещаются в {SLOTS} уроков пятидневной недели"
            ),
            GenerateError::NoSolution { conflicts } => {
                write!(f, "Не удалось составить расписание без накладок: {}", conflicts.join("; "))
            }
        }
    }
}

impl std::error::Error for GenerateError {}

/// The most lessons a day for a grade (SanPiN 1.2.3685-21): 1st grade 4 (5 once a week, with
/// physical education), 2–4: 5, 5–6: 6, 7–11: 7.
pub fn daily_limit(grade: i64) -> usize {
    match grade {
        ..=1 => 4,
        2..=4 => 5,
        5..=6 => 6,
        _ => 7,
    }
}

/// The most lessons a week the daily limits allow on a five-day week.
pub fn weekly_limit(grade: i64) -> usize {
    daily_limit(grade) * DAYS + usize::from(grade <= 1)
}

/// SplitMix64, as in the demo data: small and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// One thing to put in one slot: a whole-class lesson or a bundle of side-by-side group lessons.
struct Unit {
    class: usize,
    /// Dense (class, subject) index, for the subject-per-day count.
    class_subject: usize,
    teachers: Vec<usize>,
    assignments: Vec<usize>,
}

// A teacher in two places, a subject three times a day: not allowed. A subject twice a day:
// allowed, but once is better.
const HARD: i64 = 1000;
const SOFT: i64 = 1;

struct Search<'a> {
    units: &'a [Unit],
    /// Each class's slots (day * MAX_LESSONS + lesson, 0-based), in a fixed order.
    class_slots: Vec<Vec<usize>>,
    /// `class_units[c][k]`: the unit in `class_slots[c][k]`.
    class_units: Vec<Vec<usize>>,
    /// Where each unit is: (class, position in its class's slot list).
    position: Vec<usize>,
    teacher_slot: Vec<u16>,
    subject_day: Vec<u8>,
    cost: i64,
}

impl Search<'_> {
    fn slot(&self, unit: usize) -> usize {
        self.class_slots[self.units[unit].class][self.position[unit]]
    }

    /// Puts a unit in or takes it out of a slot; returns the change in cost.
    fn touch(&mut self, unit: usize, slot: usize, add: bool) -> i64 {
        let u = &self.units[unit];
        let mut delta = 0;
        for &t in &u.teachers {
            let cell = &mut self.teacher_slot[t * SLOTS + slot];
            if add {
                *cell += 1;
                if *cell > 1 {
                    delta += HARD;
                }
            } else {
                if *cell > 1 {
                    delta -= HARD;
                }
                *cell -= 1;
            }
        }
        let cell = &mut self.subject_day[u.class_subject * DAYS + slot / MAX_LESSONS];
        let weight = |n: u8| match n {
            0 | 1 => 0,
            2 => SOFT,
            _ => HARD,
        };
        if add {
            *cell += 1;
            delta += weight(*cell);
        } else {
            delta -= weight(*cell);
            *cell -= 1;
        }
        self.cost += delta;
        delta
    }

    /// Swaps the lessons at two positions of a class; returns the change in cost.
    fn swap(&mut self, class: usize, a: usize, b: usize) -> i64 {
        let (ua, ub) = (self.class_units[class][a], self.class_units[class][b]);
        let (sa, sb) = (self.class_slots[class][a], self.class_slots[class][b]);
        let mut delta = self.touch(ua, sa, false) + self.touch(ub, sb, false);
        delta += self.touch(ua, sb, true) + self.touch(ub, sa, true);
        self.class_units[class].swap(a, b);
        self.position[ua] = b;
        self.position[ub] = a;
        delta
    }

    fn in_hard_conflict(&self, unit: usize) -> bool {
        let slot = self.slot(unit);
        let u = &self.units[unit];
        u.teachers.iter().any(|&t| self.teacher_slot[t * SLOTS + slot] > 1)
            || self.subject_day[u.class_subject * DAYS + slot / MAX_LESSONS] > 2
    }

    fn twice_a_day(&self, unit: usize) -> bool {
        let u = &self.units[unit];
        self.subject_day[u.class_subject * DAYS + self.slot(unit) / MAX_LESSONS] == 2
    }
}

/// Places the whole load. `seed` picks among equally good timetables; the same load and seed
/// give the same timetable.
pub fn generate(load: &Load, seed: u64) -> Result<Vec<Placement>, GenerateError> {
    let class_index: HashMap<i64, usize> = load.classes.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    let mut teacher_index: HashMap<i64, usize> = HashMap::new();
    for a in &load.assignments {
        let next = teacher_index.len();
        teacher_index.entry(a.teacher_id).or_insert(next);
    }

    // Units: whole-class lessons one per hour; group lessons bundled per class and subject.
    let mut units: Vec<Unit> = Vec::new();
    let mut class_subjects: HashMap<(usize, i64), usize> = HashMap::new();
    let mut groups: Vec<((usize, i64), Vec<usize>)> = Vec::new(); // in input order: deterministic
    for (i, a) in load.assignments.iter().enumerate() {
        let class = *class_index.get(&a.class_id).ok_or(GenerateError::UnknownClass { assignment_id: a.id })?;
        let next = class_subjects.len();
        let class_subject = *class_subjects.entry((class, a.subject_id)).or_insert(next);
        if a.subgroup_id.is_some() {
            match groups.iter_mut().find(|(key, _)| *key == (class, a.subject_id)) {
                Some((_, members)) => members.push(i),
                None => groups.push(((class, a.subject_id), vec![i])),
            }
            continue;
        }
        for _ in 0..a.hours.max(0) {
            units.push(Unit { class, class_subject, teachers: vec![teacher_index[&a.teacher_id]], assignments: vec![i] });
        }
    }
    for ((class, subject), members) in groups {
        let class_subject = class_subjects[&(class, subject)];
        let mut left: Vec<i64> = members.iter().map(|&i| load.assignments[i].hours.max(0)).collect();
        loop {
            // One hour of every group that still has hours, as long as their teachers differ.
            let mut bundle: Vec<usize> = Vec::new();
            let mut teachers: Vec<usize> = Vec::new();
            for (k, &i) in members.iter().enumerate() {
                let t = teacher_index[&load.assignments[i].teacher_id];
                if left[k] > 0 && !teachers.contains(&t) {
                    left[k] -= 1;
                    bundle.push(i);
                    teachers.push(t);
                }
            }
            if bundle.is_empty() {
                break;
            }
            units.push(Unit { class, class_subject, teachers, assignments: bundle });
        }
    }

    // Each class's day shape: lessons 1..n every day, n as even as possible within the limit.
    let mut class_units: Vec<Vec<usize>> = vec![Vec::new(); load.classes.len()];
    for (i, u) in units.iter().enumerate() {
        class_units[u.class].push(i);
    }
    let mut class_slots: Vec<Vec<usize>> = Vec::new();
    for (c, class) in load.classes.iter().enumerate() {
        let lessons = class_units[c].len();
        let limit = daily_limit(class.grade);
        if lessons > weekly_limit(class.grade) {
            return Err(GenerateError::ClassOverloaded {
                class: class.name.clone(),
                lessons: lessons as i64,
                max: weekly_limit(class.grade) as i64,
            });
        }
        let (base, extra) = (lessons / DAYS, lessons % DAYS);
        // Which days get the extra lesson rotates from class to class, so the longer days (and
        // the teachers they need) are spread over the week.
        let mut slots = Vec::with_capacity(lessons);
        for day in 0..DAYS {
            let longer = (day + DAYS - c % DAYS) % DAYS < extra;
            let n = (base + usize::from(longer)).min(limit + usize::from(class.grade <= 1));
            slots.extend((0..n).map(|lesson| day * MAX_LESSONS + lesson));
        }
        debug_assert_eq!(slots.len(), lessons);
        class_slots.push(slots);
    }
    let mut teacher_lessons = vec![0i64; teacher_index.len()];
    for u in &units {
        for &t in &u.teachers {
            teacher_lessons[t] += 1;
        }
    }
    for (&teacher_id, &t) in &teacher_index {
        if teacher_lessons[t] > SLOTS as i64 {
            return Err(GenerateError::TeacherOverloaded { teacher_id, lessons: teacher_lessons[t] });
        }
    }

    // A shuffled start, then repair.
    let mut rng = Rng(seed);
    for list in &mut class_units {
        for k in (1..list.len()).rev() {
            list.swap(k, rng.below(k + 1));
        }
    }
    let mut position = vec![0; units.len()];
    for list in &class_units {
        for (k, &u) in list.iter().enumerate() {
            position[u] = k;
        }
    }
    let mut s = Search {
        units: &units,
        class_slots,
        class_units,
        position,
        teacher_slot: vec![0; teacher_index.len() * SLOTS],
        subject_day: vec![0; class_subjects.len() * DAYS],
        cost: 0,
    };
    for u in 0..units.len() {
        let slot = s.slot(u);
        s.touch(u, slot, true);
    }

    // The budget grows with the school; the demo school needs a small part of it.
    let steps = 20_000 + 100 * units.len();
    let mut conflicted: Vec<usize> = Vec::new();
    for step in 0..steps {
        if s.cost < HARD {
            break;
        }
        conflicted.clear();
        conflicted.extend((0..units.len()).filter(|&u| s.in_hard_conflict(u)));
        let unit = conflicted[rng.below(conflicted.len())];
        let class = units[unit].class;
        let here = s.position[unit];
        let size = s.class_units[class].len();
        if size < 2 {
            continue;
        }
        // Now and then a random swap, so the search does not circle in one valley.
        if step % 10 == 9 {
            let other = (here + 1 + rng.below(size - 1)) % size;
            s.swap(class, here, other);
            continue;
        }
        let mut best: Option<(i64, usize)> = None;
        let mut ties = 0;
        for other in 0..size {
            if other == here {
                continue;
            }
            let delta = s.swap(class, here, other);
            s.swap(class, here, other);
            match best {
                Some((d, _)) if delta > d => {}
                Some((d, _)) if delta == d => {
                    // Reservoir choice among equally good swaps.
                    ties += 1;
                    if rng.below(ties + 1) == 0 {
                        best = Some((delta, other));
                    }
                }
                _ => {
                    best = Some((delta, other));
                    ties = 0;
                }
            }
        }
        if let Some((_, other)) = best {
            s.swap(class, here, other);
        }
    }
    if s.cost >= HARD {
        let mut conflicts: Vec<String> = (0..units.len())
            .filter(|&u| s.in_hard_conflict(u))
            .map(|u| {
                let a = &load.assignments[units[u].assignments[0]];
                let slot = s.slot(u);
                format!(
                    "класс {}, предмет № {}, учитель № {}: день {}, урок {}",
                    load.classes[units[u].class].name,
                    a.subject_id,
                    a.teacher_id,
                    slot / MAX_LESSONS + 1,
                    slot % MAX_LESSONS + 1
                )
            })
            .collect();
        conflicts.truncate(10);
        return Err(GenerateError::NoSolution { conflicts });
    }

    // Polish: fewer subjects twice a day, never at the price of a conflict.
    for _ in 0..2_000 {
        let twice: Vec<usize> = (0..units.len()).filter(|&u| s.twice_a_day(u)).collect();
        if twice.is_empty() {
            break;
        }
        let unit = twice[rng.below(twice.len())];
        let class = units[unit].class;
        let here = s.position[unit];
        let other = rng.below(s.class_units[class].len());
        if other != here && s.swap(class, here, other) >= 0 {
            s.swap(class, here, other);
        }
    }

    let mut placements: Vec<(usize, usize)> = Vec::new(); // (unit, slot)
    for u in 0..units.len() {
        placements.push((u, s.slot(u)));
    }
    Ok(assign_rooms(load, &units, &placements))
}

/// Rooms, slot by slot: a class keeps its home room (the first free classroom big enough, given
/// in class order); physical education goes to «Спортзал»; a second subgroup takes the smallest
/// free room that fits. When nothing fits — above all a PE lesson while the one gym is taken, as
/// a school with one gym and 56 PE lessons a week must have — the room stays empty (NULL) for the
/// admin to decide (second hall, outdoors). Rooms never decide *when* a lesson is.
fn assign_rooms(load: &Load, units: &[Unit], placed: &[(usize, usize)]) -> Vec<Placement> {
    let gym = load.rooms.iter().position(|r| r.name.trim().eq_ignore_ascii_case("Спортзал"));
    let mut taken_home = vec![false; load.rooms.len()];
    let mut home: Vec<Option<usize>> = Vec::new();
    for class in &load.classes {
        let found = (0..load.rooms.len()).find(|&r| Some(r) != gym && !taken_home[r] && load.rooms[r].capacity >= class.pupils);
        if let Some(r) = found {
            taken_home[r] = true;
        }
        home.push(found);
    }
    let mut by_slot: Vec<Vec<usize>> = vec![Vec::new(); SLOTS];
    for &(u, slot) in placed {
        by_slot[slot].push(u);
    }
    let mut room_of: HashMap<(usize, usize), Option<usize>> = HashMap::new(); // (unit, assignment) → room
    for units_here in &by_slot {
        let mut used = vec![false; load.rooms.len()];
        let mut waiting: Vec<(usize, usize)> = Vec::new();
        // Home rooms and the gym first: they are nobody else's choice.
        for &u in units_here {
            for (k, &a) in units[u].assignments.iter().enumerate() {
                let want = if load.assignments[a].pe { gym } else if k == 0 { home[units[u].class] } else { None };
                match want {
                    Some(r) if !used[r] => {
                        used[r] = true;
                        room_of.insert((u, a), Some(r));
                    }
                    _ if load.assignments[a].pe => {
                        room_of.insert((u, a), None);
                    }
                    _ => waiting.push((u, a)),
                }
            }
        }
        for (u, a) in waiting {
            let pupils = load.assignments[a].pupils;
            let free = (0..load.rooms.len())
                .filter(|&r| Some(r) != gym && !used[r] && load.rooms[r].capacity >= pupils)
                .min_by_key(|&r| (load.rooms[r].capacity, r));
            if let Some(r) = free {
                used[r] = true;
            }
            room_of.insert((u, a), free);
        }
    }
    let mut out = Vec::new();
    for &(u, slot) in placed {
        for &a in &units[u].assignments {
            let input = &load.assignments[a];
            out.push(Placement {
                assignment_id: input.id,
                class_id: input.class_id,
                subgroup_id: input.subgroup_id,
                subject_id: input.subject_id,
                teacher_id: input.teacher_id,
                room_id: room_of[&(u, a)].map(|r| load.rooms[r].id),
                weekday: (slot / MAX_LESSONS + 1) as i64,
                lesson_number: (slot % MAX_LESSONS + 1) as i64,
                week_parity: WeekParity::All,
            });
        }
    }
    out.sort_by_key(|p| (p.class_id, p.weekday, p.lesson_number, p.subgroup_id, p.assignment_id));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{HashMap, HashSet};

    const PE: i64 = 22;

    /// (subject id, hours, family, split into two groups) of a grade — the demo school's plan
    /// (server/src/demo/plan.rs), with subjects as numbers.
    fn plan(grade: i64) -> Vec<(i64, i64, &'static str, bool)> {
        let g = grade as usize;
        let mut p = match grade {
            1..=4 => vec![
                (1, 5, "primary", false),
                (2, if grade == 4 { 3 } else { 4 }, "primary", false),
                (5, 4, "primary", false),
                (10, 2, "primary", false),
                (18, 1, "primary", false),
                (19, 1, "primary", false),
                (20, 1, "primary", false),
                (PE, 2, "pe", false),
            ],
            5..=9 => vec![
                (1, [5, 6, 4, 3, 3][g - 5], "russian", false),
                (3, [3, 3, 2, 2, 3][g - 5], "russian", false),
                (4, 3, "english", true),
                (12, 2, "history", false),
                (14, if grade <= 6 { 1 } else { 2 }, "geography", false),
                (15, if grade <= 7 { 1 } else { 2 }, "biology", false),
                (20, if grade <= 6 { 2 } else { 1 }, "technology", false),
                (PE, 2, "pe", false),
            ],
            _ => vec![
                (1, 2, "russian", false),
                (3, 3, "russian", false),
                (4, 3, "english", true),
                (6, 3, "math", false),
                (7, 2, "math", false),
                (8, 1, "math", false),
                (9, 1, "informatics", true),
                (12, 2, "history", false),
                (13, 2, "history", false),
                (14, 1, "geography", false),
                (15, 1, "biology", false),
                (16, 2, "physics", false),
                (17, 1, "chemistry", false),
                (21, 1, "safety", false),
                (PE, 2, "pe", false),
            ],
        };
        if (2..=4).contains(&grade) {
            p.push((4, 2, "english", true));
        }
        if grade == 4 {
            p.push((11, 1, "primary", false));
        }
        if (5..=6).contains(&grade) {
            p.push((5, 5, "math", false));
        }
        if (6..=9).contains(&grade) {
            p.push((13, 1, "history", false));
        }
        if (5..=8).contains(&grade) {
            p.push((18, 1, "music", false));
        }
        if (5..=7).contains(&grade) {
            p.push((19, 1, "art", false));
        }
        if (7..=9).contains(&grade) {
            p.extend([
                (6, 3, "math", false),
                (7, 2, "math", false),
                (8, 1, "math", false),
                (9, 1, "informatics", true),
                (16, if grade == 9 { 3 } else { 2 }, "physics", false),
            ]);
        }
        if (8..=9).contains(&grade) {
            p.extend([(17, 2, "chemistry", false), (21, 1, "safety", false)]);
        }
        if grade == 10 {
            p.push((23, 1, "history", false));
        }
        p
    }

    /// The demo school's load: 28 classes, subject teachers filled greedily up to 20 lessons,
    /// the two groups of a split subject with different teachers; 42 classrooms and a gym.
    fn school() -> Load {
        let mut load = Load::default();
        let mut teachers: Vec<(&str, i64)> = Vec::new(); // (family, load); id = index + 1
        let mut next_id = 1;
        for grade in 1..=11 {
            for letter in if grade <= 6 { &["А", "Б", "В"][..] } else { &["А", "Б"][..] } {
                let class_id = load.classes.len() as i64 + 1;
                load.classes.push(ClassInput { id: class_id, name: format!("{grade}{letter}"), grade, pupils: 26 });
                let mut primary: Option<usize> = None;
                for (subject, hours, family, split) in plan(grade) {
                    let groups: &[Option<i64>] = if split { &[Some(1), Some(2)] } else { &[None] };
                    let mut siblings: Vec<usize> = Vec::new();
                    for group in groups {
                        let t = if let (true, Some(p)) = (family == "primary", primary) {
                            p
                        } else {
                            let fits = teachers
                                .iter()
                                .enumerate()
                                .filter(|(i, (f, l))| *f == family && family != "primary" && l + hours <= 20 && !siblings.contains(i))
                                .max_by_key(|(_, (_, l))| *l)
                                .map(|(i, _)| i);
                            fits.unwrap_or_else(|| {
                                teachers.push((family, 0));
                                teachers.len() - 1
                            })
                        };
                        if family == "primary" {
                            primary = Some(t);
                        }
                        siblings.push(t);
                        teachers[t].1 += hours;
                        load.assignments.push(AssignmentInput {
                            id: next_id,
                            class_id,
                            subgroup_id: group.map(|g| class_id * 100 + subject * 10 + g),
                            subject_id: subject,
                            teacher_id: t as i64 + 1,
                            hours,
                            pupils: if group.is_some() { 13 } else { 26 },
                            pe: subject == PE,
                        });
                        next_id += 1;
                    }
                }
            }
        }
        for floor in 1..=3 {
            for room in 1..=14 {
                let id = floor * 100 + room;
                load.rooms.push(RoomInput { id, name: id.to_string(), capacity: if room <= 2 { 16 } else { 30 } });
            }
        }
        load.rooms.push(RoomInput { id: 999, name: "Спортзал".into(), capacity: 60 });
        load
    }

    /// Every rule the generator promises, checked on its output.
    fn check(load: &Load, placements: &[Placement]) {
        let grade: HashMap<i64, i64> = load.classes.iter().map(|c| (c.id, c.grade)).collect();
        // Every hour placed, nothing extra.
        let mut per_assignment: HashMap<i64, i64> = HashMap::new();
        for p in placements {
            *per_assignment.entry(p.assignment_id).or_default() += 1;
            assert_eq!(p.week_parity, WeekParity::All);
            assert!((1..=5).contains(&p.weekday) && (1..=7).contains(&p.lesson_number), "{p:?}");
        }
        for a in &load.assignments {
            assert_eq!(per_assignment.get(&a.id).copied().unwrap_or(0), a.hours, "assignment {}", a.id);
        }
        assert_eq!(placements.len() as i64, load.assignments.iter().map(|a| a.hours).sum::<i64>());
        // A teacher, a room: one lesson at a time.
        let mut teacher_slots = HashSet::new();
        let mut room_slots = HashSet::new();
        for p in placements {
            assert!(teacher_slots.insert((p.teacher_id, p.weekday, p.lesson_number)), "teacher {} twice: {p:?}", p.teacher_id);
            if let Some(r) = p.room_id {
                assert!(room_slots.insert((r, p.weekday, p.lesson_number)), "room {r} twice: {p:?}");
            }
        }
        // A class: one whole-class lesson, or groups of one subject, each group once.
        let mut cells: HashMap<(i64, i64, i64), Vec<&Placement>> = HashMap::new();
        for p in placements {
            cells.entry((p.class_id, p.weekday, p.lesson_number)).or_default().push(p);
        }
        for (cell, ps) in &cells {
            if ps.len() > 1 {
                assert!(ps.iter().all(|p| p.subgroup_id.is_some()), "{cell:?}: a whole-class lesson shares the slot");
                assert!(ps.iter().all(|p| p.subject_id == ps[0].subject_id), "{cell:?}: groups of different subjects");
                let groups: HashSet<_> = ps.iter().map(|p| p.subgroup_id).collect();
                assert_eq!(groups.len(), ps.len(), "{cell:?}: a group twice");
            }
        }
        // Days: contiguous from lesson 1, within the SanPiN limit; a subject at most twice.
        let mut days: HashMap<(i64, i64), Vec<i64>> = HashMap::new();
        let mut subject_days: HashMap<(i64, i64, i64), HashSet<i64>> = HashMap::new();
        for &(class, day, lesson) in cells.keys() {
            days.entry((class, day)).or_default().push(lesson);
        }
        for p in placements {
            subject_days.entry((p.class_id, p.weekday, p.subject_id)).or_default().insert(p.lesson_number);
        }
        let mut long_first_grade_days: HashMap<i64, usize> = HashMap::new();
        for ((class, day), lessons) in &mut days {
            lessons.sort();
            let expected: Vec<i64> = (1..=lessons.len() as i64).collect();
            assert_eq!(*lessons, expected, "class {class}, day {day}: a window");
            let g = grade[class];
            let limit = daily_limit(g) + usize::from(g == 1);
            assert!(lessons.len() <= limit, "class {class}, day {day}: {} lessons", lessons.len());
            if g == 1 && lessons.len() == 5 {
                *long_first_grade_days.entry(*class).or_default() += 1;
            }
        }
        assert!(long_first_grade_days.values().all(|n| *n <= 1), "a first grade with 5 lessons twice a week");
        for (key, lessons) in &subject_days {
            assert!(lessons.len() <= 2, "{key:?}: a subject {} times a day", lessons.len());
        }
    }

    #[test]
    fn the_demo_school_is_placed_whole_without_conflicts() {
        let load = school();
        assert_eq!(load.classes.len(), 28);
        let started = std::time::Instant::now();
        let placements = generate(&load, 2026).unwrap_or_else(|e| panic!("{e}"));
        let took = started.elapsed();
        check(&load, &placements);
        // Well under a second in release; a debug test build is several times slower.
        assert!(took.as_secs_f64() < 5.0, "took {took:?}");
    }

    #[test]
    fn split_groups_sit_side_by_side() {
        let load = school();
        let placements = generate(&load, 2026).unwrap();
        let slot: HashMap<(Option<i64>, i64, i64), ()> =
            placements.iter().map(|p| ((p.subgroup_id, p.weekday, p.lesson_number), ())).collect();
        let mut split = 0;
        for p in placements.iter().filter(|p| p.subgroup_id.is_some()) {
            // The sibling group is number 1 ↔ 2 (see `school`).
            let g = p.subgroup_id.unwrap();
            let sibling = if g % 10 == 1 { g + 1 } else { g - 1 };
            assert!(slot.contains_key(&(Some(sibling), p.weekday, p.lesson_number)), "{p:?} alone");
            split += 1;
        }
        assert!(split > 100, "{split}");
        // Both groups in rooms, different ones; a split lesson is never roomless here.
        for p in placements.iter().filter(|p| p.subgroup_id.is_some()) {
            assert!(p.room_id.is_some(), "{p:?}");
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_timetable() {
        let load = school();
        assert_eq!(generate(&load, 7).unwrap(), generate(&load, 7).unwrap());
        let other = generate(&load, 8).unwrap();
        check(&load, &other);
    }

    #[test]
    fn subjects_are_mostly_once_a_day() {
        let load = school();
        let placements = generate(&load, 2026).unwrap();
        let mut per_day: HashMap<(i64, i64, i64), HashSet<i64>> = HashMap::new();
        for p in &placements {
            per_day.entry((p.class_id, p.weekday, p.subject_id)).or_default().insert(p.lesson_number);
        }
        let twice = per_day.values().filter(|l| l.len() == 2).count();
        // Russian five times a week can sit once a day; twice a day is the exception.
        assert!(twice * 5 < per_day.len(), "{twice} of {}", per_day.len());
    }

    #[test]
    fn rooms_home_rooms_and_the_gym() {
        let load = school();
        let placements = generate(&load, 2026).unwrap();
        // PE only in the gym (or nowhere when it is taken); nothing else there.
        for p in &placements {
            let is_pe = p.subject_id == PE;
            if p.room_id == Some(999) {
                assert!(is_pe, "{p:?} in the gym");
            }
            if is_pe {
                assert!(p.room_id.is_none() || p.room_id == Some(999));
            }
        }
        let pe_in_gym = placements.iter().filter(|p| p.room_id == Some(999)).count();
        assert!(pe_in_gym >= 25, "the gym stands empty: {pe_in_gym}");
        // A whole-class, non-PE lesson always gets a room: the class's own.
        let mut home: HashMap<i64, HashSet<i64>> = HashMap::new();
        for p in placements.iter().filter(|p| p.subgroup_id.is_none() && p.subject_id != PE) {
            home.entry(p.class_id).or_default().insert(p.room_id.expect("a room"));
        }
        assert!(home.values().all(|rooms| rooms.len() == 1), "{home:?}");
    }

    #[test]
    fn a_first_grade_may_have_five_lessons_once() {
        let load = Load {
            classes: vec![ClassInput { id: 1, name: "1А".into(), grade: 1, pupils: 20 }],
            assignments: (0..7)
                .map(|k| AssignmentInput { id: k, class_id: 1, subgroup_id: None, subject_id: k, teacher_id: 1, hours: 3, pupils: 20, pe: false })
                .collect(),
            rooms: vec![],
        };
        let placements = generate(&load, 1).unwrap();
        check(&load, &placements);
        let mut per_day = [0; 5];
        for p in &placements {
            per_day[p.weekday as usize - 1] += 1;
            assert_eq!(p.room_id, None, "no rooms given");
        }
        assert_eq!(per_day.iter().filter(|n| **n == 5).count(), 1, "{per_day:?}");
    }

    #[test]
    fn groups_that_cannot_sit_together_get_lessons_of_their_own() {
        // English: group 1 three hours, group 2 two (one common hour short); informatics: both
        // groups with the same teacher, who cannot be in two rooms at once.
        let group = |id: i64, subgroup: i64, subject: i64, teacher: i64, hours: i64| AssignmentInput {
            id,
            class_id: 1,
            subgroup_id: Some(subgroup),
            subject_id: subject,
            teacher_id: teacher,
            hours,
            pupils: 12,
            pe: false,
        };
        let mut assignments = vec![group(1, 11, 4, 1, 3), group(2, 12, 4, 2, 2), group(3, 21, 9, 3, 1), group(4, 22, 9, 3, 1)];
        assignments.extend((5..=9).map(|id| AssignmentInput {
            id,
            class_id: 1,
            subgroup_id: None,
            subject_id: id * 10,
            teacher_id: id * 10,
            hours: 4,
            pupils: 24,
            pe: false,
        }));
        let load = Load {
            classes: vec![ClassInput { id: 1, name: "8А".into(), grade: 8, pupils: 24 }],
            assignments,
            rooms: vec![RoomInput { id: 1, name: "101".into(), capacity: 30 }, RoomInput { id: 2, name: "102".into(), capacity: 16 }],
        };
        let placements = generate(&load, 3).unwrap();
        check(&load, &placements);
        let slot_of = |a: i64| -> Vec<(i64, i64)> {
            placements.iter().filter(|p| p.assignment_id == a).map(|p| (p.weekday, p.lesson_number)).collect()
        };
        // Two English hours side by side, the third alone; informatics groups one after another.
        let together = slot_of(1).iter().filter(|s| slot_of(2).contains(s)).count();
        assert_eq!(together, 2);
        assert!(slot_of(3).iter().all(|s| !slot_of(4).contains(s)));
        // 20 whole-class lessons + 2 shared + 1 + 2 = 25 slots: 5 a day.
        let slots: HashSet<(i64, i64)> = placements.iter().map(|p| (p.weekday, p.lesson_number)).collect();
        assert_eq!(slots.len(), 25);
    }

    #[test]
    fn an_impossible_load_is_refused_with_a_reason() {
        // Too many lessons for a class.
        let class = |id: i64, name: &str, grade: i64| ClassInput { id, name: name.into(), grade, pupils: 25 };
        let lesson = |id: i64, class_id: i64, teacher_id: i64, hours: i64| AssignmentInput {
            id,
            class_id,
            subgroup_id: None,
            subject_id: id,
            teacher_id,
            hours,
            pupils: 25,
            pe: false,
        };
        let load = Load { classes: vec![class(1, "1А", 1)], assignments: vec![lesson(1, 1, 1, 20), lesson(2, 1, 2, 2)], rooms: vec![] };
        let err = generate(&load, 1).unwrap_err();
        assert_eq!(err, GenerateError::ClassOverloaded { class: "1А".into(), lessons: 22, max: 21 });
        assert!(err.to_string().contains("Класс 1А: 22 уроков"), "{err}");

        // Too many lessons for a teacher.
        let classes = vec![class(1, "10А", 10), class(2, "10Б", 10)];
        let load = Load { classes: classes.clone(), assignments: vec![lesson(1, 1, 7, 30), lesson(2, 2, 7, 6)], rooms: vec![] };
        let err = generate(&load, 1).unwrap_err();
        assert_eq!(err, GenerateError::TeacherOverloaded { teacher_id: 7, lessons: 36 });
        assert!(err.to_string().contains("Учитель № 7"), "{err}");

        // Each fits, together they do not: both classes have 10 lessons (2 a day, lessons 1–2)
        // and one teacher teaches 12 of those 20.
        let mut assignments = vec![lesson(1, 1, 7, 6), lesson(2, 2, 7, 6)];
        assignments.extend([lesson(3, 1, 8, 2), lesson(4, 1, 9, 2), lesson(5, 2, 10, 2), lesson(6, 2, 11, 2)]);
        let err = generate(&Load { classes, assignments, rooms: vec![] }, 1).unwrap_err();
        match &err {
            GenerateError::NoSolution { conflicts } => assert!(!conflicts.is_empty() && conflicts.len() <= 10),
            other => panic!("{other:?}"),
        }
        assert!(err.to_string().starts_with("Не удалось составить расписание без накладок: класс 10"), "{err}");
    }
}
