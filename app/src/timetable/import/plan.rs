//! Mapping a file onto the school (pure): which classes, subgroups, subjects, rooms and teachers
//! its lessons mean, what becomes load and what becomes fixed lessons of the weekly template,
//! what cannot be mapped and why (the report), and whether it clashes (refused, as the
//! generator would: no teacher, class or room twice in a slot). The same function runs for the
//! preview and again inside the import's transaction, against the school as it is then.

use super::names::{class_name, match_teacher, Teacher, TeacherMatch};
use super::source::*;
use super::{Note, Problem, Summary};
use crate::i18n::Msg;
use crate::timetable::types::WeekParity;
use std::collections::{BTreeMap, HashMap};

/// Parta's grid: weekday 1–6 (Monday–Saturday), lesson 1–8.
pub const GRID_DAYS: usize = 6;
pub const GRID_LESSONS: usize = 8;
const DAY_NAMES: [&str; GRID_DAYS] = ["понедельник", "вторник", "среда", "четверг", "пятница", "суббота"];
/// How many ids a report line lists before «и ещё N».
const LISTED: usize = 12;

/// What the school has in its current year.
#[derive(Clone, Debug, Default)]
pub struct School {
    pub teachers: Vec<Teacher>,
    /// Teachers the admin matched by hand on the preview: the file's name → the school's
    /// teacher. Asked before the ФИО match.
    pub chosen: Vec<(String, i64)>,
    /// id, grade, letter
    pub classes: Vec<(i64, i64, String)>,
    /// id, class id, name
    pub subgroups: Vec<(i64, i64, String)>,
    pub subjects: Vec<(i64, String)>,
    /// id, name, building
    pub rooms: Vec<(i64, String, String)>,
    /// The lessons already in the year's template (`origin` None).
    pub busy: Vec<Occupant>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PlanClass {
    pub grade: i64,
    pub letter: String,
    pub id: Option<i64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PlanSubgroup {
    pub class: usize,
    pub name: String,
    pub id: Option<i64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PlanRoom {
    pub name: String,
    pub building: String,
    pub capacity: i64,
    pub id: Option<i64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PlanLesson {
    pub weekday: i64,
    pub lesson: i64,
    pub parity: WeekParity,
    pub room: Option<usize>,
}

/// One teaching assignment: `hours` a week, of which `lessons` have a fixed time.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanAssignment {
    pub class: usize,
    pub subgroup: Option<usize>,
    pub subject: usize,
    pub teacher_id: i64,
    pub hours: i64,
    pub lessons: Vec<PlanLesson>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    pub classes: Vec<PlanClass>,
    pub subgroups: Vec<PlanSubgroup>,
    /// name, existing id
    pub subjects: Vec<(String, Option<i64>)>,
    pub rooms: Vec<PlanRoom>,
    pub assignments: Vec<PlanAssignment>,
    pub report: Vec<Note>,
    pub problems: Vec<Problem>,
}

impl Plan {
    pub fn summary(&self) -> Summary {
        let mut teachers: Vec<i64> = self.assignments.iter().map(|a| a.teacher_id).collect();
        teachers.sort_unstable();
        teachers.dedup();
        Summary {
            classes: self.classes.len() as i64,
            new_classes: self.classes.iter().filter(|c| c.id.is_none()).count() as i64,
            subjects: self.subjects.len() as i64,
            new_subjects: self.subjects.iter().filter(|s| s.1.is_none()).count() as i64,
            teachers: teachers.len() as i64,
            rooms: self.rooms.len() as i64,
            new_rooms: self.rooms.iter().filter(|r| r.id.is_none()).count() as i64,
            lessons: self.assignments.iter().map(|a| a.hours).sum(),
            placed: self.assignments.iter().map(|a| a.lessons.len() as i64).sum(),
        }
    }
}

fn key(text: &str) -> String {
    text.trim().to_lowercase().replace('ё', "е")
}

fn label(origin: Origin) -> String {
    match origin {
        Origin::Line(n) => format!("строка {n}"),
        Origin::Activity(id) => format!("№ {id}"),
    }
}

/// «№ 1, № 3, № 7 и ещё 40»
fn listed(items: &[String]) -> String {
    let mut text = items.iter().take(LISTED).cloned().collect::<Vec<_>>().join(", ");
    if items.len() > LISTED {
        text.push_str(&format!(" и ещё {}", items.len() - LISTED));
    }
    text
}

/// A class and, for a group of it, the subgroup's name; then the class's name in the file.
type Target = ((i64, String), Option<String>, String);

/// What a FET students set means in Parta: a class, a subgroup of one (a set inside a class),
/// or several classes taught together (a year whose groups are classes: a «поток»).
fn resolve_set(name: &str, sets: &[StudentSet]) -> Option<Vec<Target>> {
    if let Some(class) = class_name(name) {
        return Some(vec![(class, None, name.to_string())]);
    }
    let parent_of = |n: &str| sets.iter().find(|s| s.name == n).and_then(|s| s.parent.clone());
    let mut up = parent_of(name);
    let mut guard = 0;
    while let Some(ancestor) = up {
        if let Some(class) = class_name(&ancestor) {
            let short = name.strip_prefix(ancestor.as_str()).map(str::trim).filter(|s| !s.is_empty()).unwrap_or(name);
            return Some(vec![(class, Some(short.to_string()), ancestor.clone())]);
        }
        guard += 1;
        if guard > 3 {
            break;
        }
        up = parent_of(&ancestor);
    }
    let mut classes: Vec<Target> =
        sets.iter().filter(|s| s.parent.as_deref() == Some(name)).filter_map(|s| class_name(&s.name).map(|c| (c, None, s.name.clone()))).collect();
    classes.dedup();
    (!classes.is_empty()).then_some(classes)
}

struct Builder<'a> {
    school: &'a School,
    plan: Plan,
    assignment_at: HashMap<(usize, Option<usize>, usize, i64), usize>,
}

impl Builder<'_> {
    fn class(&mut self, (grade, letter): &(i64, String)) -> usize {
        if let Some(i) = self.plan.classes.iter().position(|c| c.grade == *grade && c.letter == *letter) {
            return i;
        }
        let id = self.school.classes.iter().find(|c| c.1 == *grade && key(&c.2) == key(letter)).map(|c| c.0);
        self.plan.classes.push(PlanClass { grade: *grade, letter: letter.clone(), id });
        self.plan.classes.len() - 1
    }

    fn subgroup(&mut self, class: usize, name: &str) -> usize {
        if let Some(i) = self.plan.subgroups.iter().position(|s| s.class == class && key(&s.name) == key(name)) {
            return i;
        }
        let class_id = self.plan.classes[class].id;
        let id = self.school.subgroups.iter().find(|s| Some(s.1) == class_id && key(&s.2) == key(name)).map(|s| s.0);
        self.plan.subgroups.push(PlanSubgroup { class, name: name.trim().to_string(), id });
        self.plan.subgroups.len() - 1
    }

    fn subject(&mut self, name: &str) -> usize {
        if let Some(i) = self.plan.subjects.iter().position(|s| key(&s.0) == key(name)) {
            return i;
        }
        let existing = self.school.subjects.iter().find(|s| key(&s.1) == key(name));
        self.plan.subjects.push((existing.map(|s| s.1.clone()).unwrap_or_else(|| name.trim().to_string()), existing.map(|s| s.0)));
        self.plan.subjects.len() - 1
    }

    fn room(&mut self, name: &str, building: &str, capacity: Option<i64>) -> usize {
        let same = |n: &str, b: &str| key(n) == key(name) && (building.is_empty() || key(b) == key(building));
        if let Some(i) = self.plan.rooms.iter().position(|r| same(&r.name, &r.building)) {
            return i;
        }
        let existing = self.school.rooms.iter().find(|r| same(&r.1, &r.2));
        self.plan.rooms.push(PlanRoom {
            name: existing.map(|r| r.1.clone()).unwrap_or_else(|| name.trim().to_string()),
            building: existing.map(|r| r.2.clone()).unwrap_or_else(|| building.trim().to_string()),
            // FET writes 30000 for «no limit».
            capacity: capacity.unwrap_or(30).clamp(1, 1000),
            id: existing.map(|r| r.0),
        });
        self.plan.rooms.len() - 1
    }

    fn note(&mut self, msg: Msg, args: &[&str]) {
        self.plan.report.push(Note { msg, args: args.iter().map(|a| a.to_string()).collect() });
    }
}

pub fn plan(source: &Source, school: &School) -> Plan {
    let mut b = Builder { school, plan: Plan::default(), assignment_at: HashMap::new() };
    let fet = source.format == Format::Fet;
    if source.days.len() > GRID_DAYS {
        b.note(Msg::TtNoteDays, &[&source.days.len().to_string(), &source.days[GRID_DAYS..].join(", ")]);
    }
    if source.hours.len() > GRID_LESSONS {
        b.note(Msg::TtNoteHours, &[&source.hours.len().to_string(), &source.hours[GRID_LESSONS..].join(", ")]);
    }
    if !source.breaks.is_empty() {
        b.note(Msg::TtNoteBreaks, &[&source.breaks.join(", ")]);
    }
    for room in &source.rooms {
        b.room(&room.name, &room.building, room.capacity);
    }

    // What each lesson cannot carry over, gathered so the report has one line per kind.
    let mut unknown_sets: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    let mut unknown_teachers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut ambiguous_teachers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let (mut no_teacher, mut several, mut long, mut outside, mut streams) = (vec![], vec![], vec![], vec![], vec![]);
    // Every fixed lesson: (origin, target, subgroup, subject, teacher id, room, weekday, lesson, parity)
    let mut occupants: Vec<Occupant> = Vec::new();

    for l in &source.lessons {
        let what = label(l.origin);
        let line = match l.origin {
            Origin::Line(n) => n,
            Origin::Activity(_) => 0,
        };
        if l.subject.trim().is_empty() || (!fet && l.teachers.is_empty()) {
            continue; // a CSV row already named as wrong
        }
        // Students.
        let mut targets: Vec<Target> = Vec::new();
        if fet {
            for set in &l.students {
                match resolve_set(set, &source.sets) {
                    Some(found) => {
                        for (class, _, written) in &found {
                            let shown = format!("{}{}", class.0, class.1);
                            // Only Latin letters are worth a line: «5 А» for «5А» is no news.
                            if written.chars().any(|c| c.is_ascii_alphabetic()) {
                                renamed.insert(written.clone(), shown);
                            }
                        }
                        targets.extend(found);
                    }
                    None => unknown_sets.entry(set.clone()).or_default().push(what.clone()),
                }
            }
            if targets.is_empty() {
                if l.students.is_empty() {
                    unknown_sets.entry("—".into()).or_default().push(what.clone());
                }
                continue;
            }
            if targets.len() > 1 {
                streams.push(what.clone());
            }
        } else {
            let Some(class) = class_name(&l.students[0]) else { continue };
            targets.push((class, l.group.clone(), l.students[0].clone()));
        }
        // Teacher.
        if l.teachers.is_empty() {
            no_teacher.push(what.clone());
            continue;
        }
        let matches: Vec<(String, TeacherMatch)> = l
            .teachers
            .iter()
            .map(|t| match school.chosen.iter().find(|(name, _)| name == t) {
                Some((_, id)) => (t.clone(), TeacherMatch::Found(*id)),
                None => (t.clone(), match_teacher(t, &school.teachers)),
            })
            .collect();
        let Some(teacher_id) = matches.iter().find_map(|(_, m)| if let TeacherMatch::Found(id) = m { Some(*id) } else { None }) else {
            for (name, m) in &matches {
                let list = if *m == TeacherMatch::Ambiguous { &mut ambiguous_teachers } else { &mut unknown_teachers };
                list.entry(name.clone()).or_default().push(what.clone());
                if !fet {
                    let msg = if *m == TeacherMatch::Ambiguous { Msg::TtImportTeacherAmbiguous } else { Msg::TtImportTeacherUnknown };
                    b.plan.problems.push(Problem { line, column: "Учитель".into(), note: Note { msg, args: vec![name.clone()] } });
                }
            }
            continue;
        };
        if l.teachers.len() > 1 {
            let chosen = school.teachers.iter().find(|t| t.id == teacher_id).map(teacher_name).unwrap_or_default();
            several.push(format!("{what} ({}: {chosen})", l.teachers.join(", ")));
        }
        // Time.
        if l.duration > 1 {
            long.push(format!("{what} ({})", l.duration));
        }
        let start = match l.start {
            Some((d, h)) if d < GRID_DAYS && h + l.duration as usize <= GRID_LESSONS => Some((d as i64 + 1, h as i64 + 1)),
            Some((d, h)) => {
                let day = source.days.get(d).cloned().unwrap_or_default();
                let hour = source.hours.get(h).cloned().unwrap_or_default();
                outside.push(format!("{what} ({day}, {hour})"));
                None
            }
            None => None,
        };
        let subject = b.subject(&l.subject);
        let room = l.room.as_ref().map(|r| {
            let known = source.rooms.iter().find(|s| s.name == *r);
            b.room(r, known.map(|k| k.building.as_str()).unwrap_or(""), known.and_then(|k| k.capacity))
        });
        for (class, sub, _) in &targets {
            let class = b.class(class);
            let subgroup = sub.as_ref().map(|s| b.subgroup(class, s));
            let k = (class, subgroup, subject, teacher_id);
            let next = b.plan.assignments.len();
            let at = *b.assignment_at.entry(k).or_insert(next);
            if at == next {
                b.plan.assignments.push(PlanAssignment { class, subgroup, subject, teacher_id, hours: 0, lessons: vec![] });
            }
            b.plan.assignments[at].hours += l.duration;
            if let Some((weekday, first)) = start {
                for lesson in first..first + l.duration {
                    b.plan.assignments[at].lessons.push(PlanLesson { weekday, lesson, parity: l.parity, room });
                    occupants.push(Occupant {
                        origin: Some(l.origin),
                        line,
                        class: class_label(&b.plan.classes[class]),
                        subgroup: subgroup.map(|s| b.plan.subgroups[s].name.clone()),
                        subject: b.plan.subjects[subject].0.clone(),
                        teacher_id,
                        room: room.map(|r| b.plan.rooms[r].name.clone()),
                        weekday,
                        lesson,
                        parity: l.parity,
                    });
                }
            }
        }
    }

    for (set, lessons) in &unknown_sets {
        b.note(Msg::TtNoteStudents, &[set, &lessons.len().to_string(), &listed(lessons)]);
    }
    if !renamed.is_empty() {
        let pairs: Vec<String> = renamed.iter().map(|(from, to)| format!("{from} → {to}")).collect();
        b.note(Msg::TtNoteClassLetter, &[&pairs.len().to_string(), &listed(&pairs)]);
    }
    for (name, lessons) in &unknown_teachers {
        b.note(Msg::TtNoteTeacherUnknown, &[name, &lessons.len().to_string()]);
    }
    for (name, lessons) in &ambiguous_teachers {
        b.note(Msg::TtNoteTeacherAmbiguous, &[name, &lessons.len().to_string()]);
    }
    for (msg, items) in [(Msg::TtNoteNoTeacher, &no_teacher), (Msg::TtNoteSeveralTeachers, &several), (Msg::TtNoteDuration, &long), (Msg::TtNoteOutside, &outside), (Msg::TtNoteStream, &streams)] {
        if !items.is_empty() {
            b.note(msg, &[&items.len().to_string(), &listed(items)]);
        }
    }
    if !source.inactive.is_empty() {
        let ids: Vec<String> = source.inactive.iter().map(|id| format!("№ {id}")).collect();
        b.note(Msg::TtNoteInactive, &[&ids.len().to_string(), &listed(&ids)]);
    }
    if !source.ignored_constraints.is_empty() {
        let kinds: Vec<String> = source.ignored_constraints.iter().map(|(k, n)| format!("{} ({n})", k.trim_start_matches("Constraint"))).collect();
        b.note(Msg::TtNoteConstraints, &[&listed(&kinds)]);
    }

    // The lessons already in the template of classes the file does not name stay; the file's
    // classes get the file's week instead of theirs.
    let named: Vec<String> = b.plan.classes.iter().map(class_label).collect();
    for busy in &school.busy {
        if !named.contains(&busy.class) {
            occupants.push(busy.clone());
        }
    }
    let clashes = clashes(&occupants, &school.teachers);
    b.plan.problems.extend(clashes);
    b.plan.problems.sort_by_key(|p| p.line);
    b.plan
}

pub fn class_label(c: &PlanClass) -> String {
    format!("{}{}", c.grade, c.letter)
}

fn teacher_name(t: &Teacher) -> String {
    crate::school::types::full_name(&t.surname, &t.name, &t.patronymic)
}

/// One lesson in one slot, from the file (`origin`) or already in the template.
#[derive(Clone, Debug)]
pub struct Occupant {
    pub origin: Option<Origin>,
    pub line: usize,
    pub class: String,
    pub subgroup: Option<String>,
    pub subject: String,
    pub teacher_id: i64,
    pub room: Option<String>,
    pub weekday: i64,
    pub lesson: i64,
    pub parity: WeekParity,
}

/// Teacher, class or room twice in a slot (in weeks that meet). One FET activity for several
/// classes is a stream — one lesson, one teacher, one room — and no clash with itself.
pub fn clashes(occupants: &[Occupant], teachers: &[Teacher]) -> Vec<Problem> {
    let mut by_slot: BTreeMap<(i64, i64), Vec<&Occupant>> = BTreeMap::new();
    for o in occupants {
        by_slot.entry((o.weekday, o.lesson)).or_default().push(o);
    }
    let name = |id: i64| teachers.iter().find(|t| t.id == id).map(teacher_name).unwrap_or_else(|| format!("№ {id}"));
    let mut out = Vec::new();
    for ((weekday, lesson), here) in by_slot {
        let when = format!("{}, урок {lesson}", DAY_NAMES.get(weekday as usize - 1).copied().unwrap_or("?"));
        for (j, b) in here.iter().enumerate() {
            for a in &here[..j] {
                if a.origin.is_none() && b.origin.is_none() {
                    continue;
                }
                if a.origin.is_some() && a.origin == b.origin {
                    continue;
                }
                let weeks_meet = a.parity == WeekParity::All || b.parity == WeekParity::All || a.parity == b.parity;
                if !weeks_meet {
                    continue;
                }
                // The later one (from the file) is where the clash is reported.
                let (first, second) = if b.origin.is_some() { (a, b) } else { (b, a) };
                let clash = |column: &str, msg: Msg, args: Vec<String>| Problem { line: second.line, column: column.into(), note: Note { msg, args } };
                if a.teacher_id == b.teacher_id {
                    out.push(clash("Учитель", Msg::TtClashTeacher, vec![name(a.teacher_id), when.clone(), first.class.clone(), second.class.clone()]));
                }
                let groups_meet = a.subgroup.is_none() || b.subgroup.is_none() || key(a.subgroup.as_deref().unwrap_or("")) == key(b.subgroup.as_deref().unwrap_or(""));
                if a.class == b.class && groups_meet {
                    out.push(clash("Класс", Msg::TtClashClass, vec![a.class.clone(), when.clone(), first.subject.clone(), second.subject.clone()]));
                }
                if let (Some(ra), Some(rb)) = (&a.room, &b.room) {
                    if key(ra) == key(rb) {
                        out.push(clash("Кабинет", Msg::TtClashRoom, vec![ra.clone(), when.clone(), first.class.clone(), second.class.clone()]));
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn school() -> School {
        let t = |id, s: &str, n: &str, p: &str| Teacher { id, surname: s.into(), name: n.into(), patronymic: p.into() };
        School {
            teachers: vec![t(1, "Иванова", "Мария", "Петровна"), t(2, "Петров", "Сергей", "Ильич")],
            classes: vec![(10, 5, "А".into()), (11, 6, "А".into())],
            subjects: vec![(20, "Математика".into())],
            rooms: vec![(30, "204".into(), "".into())],
            ..School::default()
        }
    }

    fn lesson(origin: Origin, students: &[&str], teachers: &[&str], start: Option<(usize, usize)>) -> SourceLesson {
        SourceLesson {
            origin,
            students: students.iter().map(|s| s.to_string()).collect(),
            group: None,
            subject: "Математика".into(),
            teachers: teachers.iter().map(|s| s.to_string()).collect(),
            duration: 1,
            start,
            parity: WeekParity::All,
            room: None,
        }
    }

    fn csv(lessons: Vec<SourceLesson>) -> Source {
        Source { format: Format::Csv, days: vec![], hours: vec![], breaks: vec![], rooms: vec![], sets: vec![], lessons, inactive: vec![], ignored_constraints: vec![] }
    }

    #[test]
    fn a_teacher_in_two_classes_at_once_is_a_clash_naming_both() {
        let p = plan(&csv(vec![lesson(Origin::Line(2), &["5А"], &["Иванова М.П."], Some((0, 0))), lesson(Origin::Line(3), &["6а"], &["Иванова"], Some((0, 0)))]), &school());
        assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
        let c = &p.problems[0];
        assert_eq!((c.line, c.column.as_str(), c.note.msg), (3, "Учитель", Msg::TtClashTeacher));
        assert_eq!(c.note.args, ["Иванова Мария Петровна", "понедельник, урок 1", "5А", "6А"]);
    }

    #[test]
    fn odd_and_even_weeks_share_a_slot_and_groups_sit_side_by_side() {
        let mut a = lesson(Origin::Line(2), &["5А"], &["Иванова"], Some((0, 0)));
        let mut b = lesson(Origin::Line(3), &["5А"], &["Петров"], Some((0, 0)));
        a.parity = WeekParity::Odd;
        b.parity = WeekParity::Even;
        assert_eq!(plan(&csv(vec![a.clone(), b.clone()]), &school()).problems, vec![]);
        a.parity = WeekParity::All;
        b.parity = WeekParity::All;
        a.group = Some("1 группа".into());
        b.group = Some("2 группа".into());
        let p = plan(&csv(vec![a.clone(), b.clone()]), &school());
        assert_eq!(p.problems, vec![]);
        assert_eq!(p.subgroups.len(), 2);
        b.group = None;
        assert_eq!(plan(&csv(vec![a, b]), &school()).problems[0].note.msg, Msg::TtClashClass);
    }

    #[test]
    fn the_template_of_other_classes_counts_and_the_files_own_classes_are_replaced() {
        let busy = |class: &str, teacher_id| Occupant {
            origin: None,
            line: 0,
            class: class.into(),
            subgroup: None,
            subject: "Физика".into(),
            teacher_id,
            room: Some("204".into()),
            weekday: 1,
            lesson: 1,
            parity: WeekParity::All,
        };
        let mut s = school();
        s.busy = vec![busy("5А", 2), busy("6А", 1)];
        let mut l = lesson(Origin::Line(2), &["5А"], &["Иванова"], Some((0, 0)));
        l.room = Some("204".into());
        let p = plan(&csv(vec![l]), &s);
        let found: Vec<Msg> = p.problems.iter().map(|p| p.note.msg).collect();
        // 6А's lesson with the same teacher in the same room clashes; 5А's own old lesson does not.
        assert_eq!(found, [Msg::TtClashTeacher, Msg::TtClashRoom]);
    }

    #[test]
    fn a_teacher_chosen_by_hand_takes_the_lessons() {
        let mut source = csv(vec![lesson(Origin::Activity(1), &["5А"], &["Smith J"], None)]);
        source.format = Format::Fet;
        let mut s = school();
        assert_eq!(plan(&source, &s).report[0].msg, Msg::TtNoteTeacherUnknown);
        s.chosen = vec![("Smith J".into(), 2)];
        let p = plan(&source, &s);
        assert_eq!(p.report, vec![]);
        assert_eq!((p.assignments.len(), p.assignments[0].teacher_id), (1, 2));
    }

    #[test]
    fn a_fet_file_reports_what_it_cannot_map() {
        let sets = vec![
            StudentSet { name: "5a".into(), parent: None },
            StudentSet { name: "5a Afr".into(), parent: Some("5a".into()) },
            StudentSet { name: "Form 1".into(), parent: None },
            StudentSet { name: "Year 6".into(), parent: None },
            StudentSet { name: "6a".into(), parent: Some("Year 6".into()) },
            StudentSet { name: "6b".into(), parent: Some("Year 6".into()) },
        ];
        let mut long = lesson(Origin::Activity(3), &["5a"], &["Иванова"], Some((1, 7)));
        long.duration = 2;
        let mut late = lesson(Origin::Activity(4), &["5a"], &["Иванова"], Some((6, 0)));
        late.subject = "Музыка".into();
        let lessons = vec![
            lesson(Origin::Activity(1), &["5a Afr"], &["Петров С.И.", "Иванова"], None),
            lesson(Origin::Activity(2), &["Form 1"], &["Иванова"], None),
            long,
            late,
            lesson(Origin::Activity(5), &["5a"], &["Smith J"], None),
            lesson(Origin::Activity(6), &["Year 6"], &["Петров"], Some((2, 2))),
        ];
        let days = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"].map(String::from).to_vec();
        let hours = (1..=9).map(|h| format!("P{h}")).collect();
        let source = Source { format: Format::Fet, days, hours, breaks: vec!["Break".into()], rooms: vec![], sets, lessons, inactive: vec![9], ignored_constraints: vec![("ConstraintTeacherMaxGapsPerWeek".into(), 2)] };
        let p = plan(&source, &school());
        assert_eq!(p.problems, vec![]);
        let report: Vec<(Msg, Vec<String>)> = p.report.iter().map(|n| (n.msg, n.args.clone())).collect();
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            report,
            vec![
                (Msg::TtNoteDays, s(&["7", "Su"])),
                (Msg::TtNoteHours, s(&["9", "P9"])),
                (Msg::TtNoteBreaks, s(&["Break"])),
                (Msg::TtNoteStudents, s(&["Form 1", "1", "№ 2"])),
                (Msg::TtNoteClassLetter, s(&["3", "5a → 5А, 6a → 6А, 6b → 6Б"])),
                (Msg::TtNoteTeacherUnknown, s(&["Smith J", "1"])),
                (Msg::TtNoteSeveralTeachers, s(&["1", "№ 1 (Петров С.И., Иванова: Петров Сергей Ильич)"])),
                (Msg::TtNoteDuration, s(&["1", "№ 3 (2)"])),
                (Msg::TtNoteOutside, s(&["2", "№ 3 (Tu, P8), № 4 (Su, P1)"])),
                (Msg::TtNoteStream, s(&["1", "№ 6"])),
                (Msg::TtNoteInactive, s(&["1", "№ 9"])),
                (Msg::TtNoteConstraints, s(&["TeacherMaxGapsPerWeek (2)"])),
            ]
        );
        // 5А: the group lesson, the double lesson, the Sunday one; 6А and 6Б: the stream.
        let classes: Vec<String> = p.classes.iter().map(class_label).collect();
        assert_eq!(classes, ["5А", "6А", "6Б"]);
        assert_eq!(p.subgroups, [PlanSubgroup { class: 0, name: "Afr".into(), id: None }]);
        let summary = p.summary();
        assert_eq!((summary.lessons, summary.placed, summary.new_classes, summary.new_subjects), (6, 2, 1, 1));
    }
}
