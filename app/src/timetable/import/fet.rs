//! FET's `.fet` file (XML) read into a `Source` (server only, pure). FET is the free
//! timetabling program many schools use; a file holds the days and hours, the students (years,
//! groups, subgroups), rooms, activities (a teacher or several, a subject, students sets, a
//! duration in hours; the lessons of one subject a week are an «activity group» of split
//! activities) and constraints. Of the constraints only fixed times
//! (`ConstraintActivityPreferredStartingTime`, weight 100 %) and rooms
//! (`ConstraintActivityPreferredRoom`) have a place in Parta; the others are counted for the
//! report. Both the current format (`<Day><Name>`) and the old one (`<Name>` directly in
//! `Days_List`) are read.

use super::source::*;
use crate::i18n::Msg;
use crate::timetable::types::WeekParity;
use quick_xml::events::Event;
use quick_xml::Reader;
use std::collections::{BTreeMap, HashMap};

/// An element with its text and children: the whole file in memory is small (1 MB for a large
/// college) and far easier to walk than events.
#[derive(Debug, Default)]
struct Node {
    name: String,
    text: String,
    children: Vec<Node>,
}

impl Node {
    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }
    fn text_of(&self, name: &str) -> String {
        self.child(name).map(|c| c.text.trim().to_string()).unwrap_or_default()
    }
    fn number(&self, name: &str) -> Option<i64> {
        self.text_of(name).parse().ok()
    }
    /// FET writes booleans as `true`/`false`; a missing one means true (older files).
    fn flag(&self, name: &str) -> bool {
        self.text_of(name) != "false"
    }
}

fn tree(text: &str) -> Result<Node, Msg> {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Node> = vec![Node::default()];
    loop {
        match reader.read_event().map_err(|_| Msg::TtImportNotXml)? {
            Event::Start(e) => stack.push(Node { name: String::from_utf8_lossy(e.name().as_ref()).into_owned(), ..Node::default() }),
            Event::Empty(e) => {
                let node = Node { name: String::from_utf8_lossy(e.name().as_ref()).into_owned(), ..Node::default() };
                stack.last_mut().ok_or(Msg::TtImportNotXml)?.children.push(node);
            }
            Event::Text(t) => {
                let text = t.unescape().map_err(|_| Msg::TtImportNotXml)?;
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&text);
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::End(_) => {
                let node = stack.pop().ok_or(Msg::TtImportNotXml)?;
                stack.last_mut().ok_or(Msg::TtImportNotXml)?.children.push(node);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let document = match stack.len() {
        1 => stack.pop().unwrap_or_default(),
        _ => return Err(Msg::TtImportNotXml), // an element left open
    };
    document.children.into_iter().next().ok_or(Msg::TtImportNotXml)
}

/// The names of a days or hours list, in either format.
fn names(list: Option<&Node>, item: &str) -> Vec<String> {
    let Some(list) = list else { return Vec::new() };
    let nested: Vec<String> = list.all(item).map(|d| d.text_of("Name")).collect();
    if nested.is_empty() {
        list.all("Name").map(|n| n.text.trim().to_string()).collect()
    } else {
        nested
    }
}

/// Whether an active 100 % `ConstraintBreakTimes` makes this day's hour a break.
fn is_break(root: &Node, day: &str, hour: &str) -> bool {
    root.child("Time_Constraints_List")
        .into_iter()
        .flat_map(|l| l.all("ConstraintBreakTimes"))
        .filter(|c| c.flag("Active") && c.text_of("Weight_Percentage").parse::<f64>().unwrap_or(0.0) >= 100.0)
        .flat_map(|c| c.all("Break_Time"))
        .any(|b| b.text_of("Day") == day && b.text_of("Hour") == hour)
}

pub fn parse(bytes: &[u8]) -> Result<Source, Msg> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| Msg::TtImportNotXml)?;
    let root = tree(text)?;
    if root.name != "fet" {
        return Err(Msg::TtImportNotFet);
    }
    let days = names(root.child("Days_List"), "Day");
    let mut hours = names(root.child("Hours_List"), "Hour");
    // A school's FET file often has a «Break» hour between lessons (ConstraintBreakTimes on
    // every day); it is no lesson, and the lessons after it keep their own numbers in Parta.
    let breaks: Vec<String> = hours.iter().filter(|h| days.iter().all(|d| is_break(&root, d, h))).cloned().collect();
    hours.retain(|h| !breaks.contains(h));

    let mut sets = Vec::new();
    if let Some(students) = root.child("Students_List") {
        for year in students.all("Year") {
            let year_name = year.text_of("Name");
            sets.push(StudentSet { name: year_name.clone(), parent: None });
            for group in year.all("Group") {
                let group_name = group.text_of("Name");
                sets.push(StudentSet { name: group_name.clone(), parent: Some(year_name.clone()) });
                for sub in group.all("Subgroup") {
                    sets.push(StudentSet { name: sub.text_of("Name"), parent: Some(group_name.clone()) });
                }
            }
        }
    }

    let rooms = root
        .child("Rooms_List")
        .map(|list| {
            list.all("Room")
                // A virtual room stands for a set of real rooms; it is not a room of the school.
                .filter(|r| r.text_of("Virtual") != "true")
                .map(|r| SourceRoom { name: r.text_of("Name"), building: r.text_of("Building"), capacity: r.number("Capacity") })
                .filter(|r| !r.name.is_empty())
                .collect()
        })
        .unwrap_or_default();

    let mut lessons = Vec::new();
    let mut inactive = Vec::new();
    for a in root.child("Activities_List").into_iter().flat_map(|l| l.all("Activity")) {
        let Some(id) = a.number("Id") else { continue };
        if !a.flag("Active") {
            inactive.push(id);
            continue;
        }
        lessons.push(SourceLesson {
            origin: Origin::Activity(id),
            students: a.all("Students").map(|s| s.text.trim().to_string()).filter(|s| !s.is_empty()).collect(),
            group: None,
            subject: a.text_of("Subject"),
            teachers: a.all("Teacher").map(|s| s.text.trim().to_string()).filter(|s| !s.is_empty()).collect(),
            duration: a.number("Duration").unwrap_or(1).max(1),
            start: None,
            parity: WeekParity::All,
            room: None,
        });
    }
    if lessons.is_empty() && inactive.is_empty() {
        return Err(Msg::TtImportNoActivities);
    }

    let index: HashMap<i64, usize> = lessons.iter().enumerate().filter_map(|(i, l)| match l.origin {
        Origin::Activity(id) => Some((id, i)),
        Origin::Line(_) => None,
    }).collect();
    let mut ignored: BTreeMap<String, usize> = BTreeMap::new();
    let constraints = ["Time_Constraints_List", "Space_Constraints_List"].into_iter().filter_map(|l| root.child(l)).flat_map(|l| l.children.iter());
    for c in constraints {
        let used = c.flag("Active") && match c.name.as_str() {
            // Every FET file has these two: the basic rules, which Parta keeps by itself.
            "ConstraintBasicCompulsoryTime" | "ConstraintBasicCompulsorySpace" => true,
            "ConstraintBreakTimes" if !breaks.is_empty() => true,
            "ConstraintActivityPreferredStartingTime" if c.text_of("Weight_Percentage").parse::<f64>().unwrap_or(0.0) >= 100.0 => {
                let day = days.iter().position(|d| *d == c.text_of("Preferred_Day"));
                let hour = hours.iter().position(|h| *h == c.text_of("Preferred_Hour"));
                match (c.number("Activity_Id").and_then(|id| index.get(&id)), day, hour) {
                    (Some(&i), Some(day), Some(hour)) => {
                        lessons[i].start = Some((day, hour));
                        true
                    }
                    _ => false,
                }
            }
            "ConstraintActivityPreferredRoom" => match c.number("Activity_Id").and_then(|id| index.get(&id)) {
                Some(&i) => {
                    lessons[i].room = Some(c.text_of("Room")).filter(|r| !r.is_empty());
                    true
                }
                None => false,
            },
            _ => false,
        };
        if !used && c.flag("Active") {
            *ignored.entry(c.name.clone()).or_default() += 1;
        }
    }

    Ok(Source { format: Format::Fet, days, hours, breaks, rooms, sets, lessons, inactive, ignored_constraints: ignored.into_iter().collect() })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<fet version="6.8.5">
<Days_List><Number_of_Days>2</Number_of_Days><Day><Name>Пн</Name></Day><Day><Name>Вт</Name></Day></Days_List>
<Hours_List><Number_of_Hours>2</Number_of_Hours><Hour><Name>8:30</Name></Hour><Hour><Name>9:25</Name></Hour></Hours_List>
<Students_List>
 <Year><Name>5А</Name><Group><Name>5А англ</Name><Subgroup><Name>5А англ 1</Name></Subgroup></Group></Year>
</Students_List>
<Activities_List>
 <Activity><Teacher>Иванова М.П.</Teacher><Teacher>Петров С.И.</Teacher><Subject>Математика</Subject><Students>5А</Students>
  <Duration>2</Duration><Total_Duration>4</Total_Duration><Id>7</Id><Activity_Group_Id>7</Activity_Group_Id><Active>true</Active></Activity>
 <Activity><Teacher>Иванова М.П.</Teacher><Subject>Английский &amp; язык</Subject><Students>5А англ</Students>
  <Duration>1</Duration><Id>8</Id><Active>false</Active></Activity>
</Activities_List>
<Rooms_List><Room><Name>101</Name><Building>Главный</Building><Capacity>30</Capacity><Virtual>false</Virtual></Room>
 <Room><Name>Любой</Name><Virtual>true</Virtual></Room></Rooms_List>
<Time_Constraints_List>
 <ConstraintBasicCompulsoryTime><Weight_Percentage>100</Weight_Percentage><Active>true</Active></ConstraintBasicCompulsoryTime>
 <ConstraintActivityPreferredStartingTime><Weight_Percentage>100</Weight_Percentage><Activity_Id>7</Activity_Id>
  <Preferred_Day>Вт</Preferred_Day><Preferred_Hour>8:30</Preferred_Hour><Permanently_Locked>true</Permanently_Locked><Active>true</Active></ConstraintActivityPreferredStartingTime>
 <ConstraintTeacherMaxGapsPerWeek><Active>true</Active></ConstraintTeacherMaxGapsPerWeek>
 <ConstraintTeacherMaxGapsPerWeek><Active>true</Active></ConstraintTeacherMaxGapsPerWeek>
</Time_Constraints_List>
<Space_Constraints_List>
 <ConstraintActivityPreferredRoom><Weight_Percentage>100</Weight_Percentage><Activity_Id>7</Activity_Id><Room>101</Room><Active>true</Active></ConstraintActivityPreferredRoom>
</Space_Constraints_List>
</fet>"#;

    #[test]
    fn a_small_file_is_read_whole() {
        let s = parse(SMALL.as_bytes()).unwrap();
        assert_eq!(s.days, ["Пн", "Вт"]);
        assert_eq!(s.hours, ["8:30", "9:25"]);
        assert_eq!(s.sets.iter().map(|s| (s.name.as_str(), s.parent.as_deref())).collect::<Vec<_>>(), [("5А", None), ("5А англ", Some("5А")), ("5А англ 1", Some("5А англ"))]);
        assert_eq!(s.rooms, [SourceRoom { name: "101".into(), building: "Главный".into(), capacity: Some(30) }]);
        assert_eq!(s.lessons.len(), 1);
        let l = &s.lessons[0];
        assert_eq!((l.origin, l.duration, l.start, l.room.as_deref()), (Origin::Activity(7), 2, Some((1, 0)), Some("101")));
        assert_eq!(l.teachers, ["Иванова М.П.", "Петров С.И."]);
        assert_eq!(s.inactive, [8]);
        assert_eq!(s.ignored_constraints, [("ConstraintTeacherMaxGapsPerWeek".to_string(), 2)]);
    }

    #[test]
    fn a_break_on_every_day_is_no_lesson() {
        let with_break = SMALL
            .replace("<Hour><Name>8:30</Name></Hour>", "<Hour><Name>Перемена</Name></Hour><Hour><Name>8:30</Name></Hour>")
            .replace(
                "<ConstraintTeacherMaxGapsPerWeek><Active>true</Active></ConstraintTeacherMaxGapsPerWeek>\n</Time",
                "<ConstraintBreakTimes><Weight_Percentage>100</Weight_Percentage><Break_Time><Day>Пн</Day><Hour>Перемена</Hour></Break_Time>\
                 <Break_Time><Day>Вт</Day><Hour>Перемена</Hour></Break_Time><Active>true</Active></ConstraintBreakTimes>\n</Time",
            );
        let s = parse(with_break.as_bytes()).unwrap();
        assert_eq!((s.hours.clone(), s.breaks.clone()), (vec!["8:30".to_string(), "9:25".into()], vec!["Перемена".to_string()]));
        // Activity 7 is fixed at 8:30, the first lesson, not the second hour of the file.
        assert_eq!(s.lessons[0].start, Some((1, 0)));
        // A break on one day only is a constraint Parta does not carry over.
        let one_day = with_break.replace("<Break_Time><Day>Вт</Day><Hour>Перемена</Hour></Break_Time>", "");
        let s = parse(one_day.as_bytes()).unwrap();
        assert_eq!((s.hours.len(), s.breaks.len()), (3, 0));
        assert!(s.ignored_constraints.iter().any(|(k, _)| k == "ConstraintBreakTimes"));
    }

    #[test]
    fn the_old_format_lists_names_directly() {
        let old = SMALL.replace("<Day><Name>Пн</Name></Day><Day><Name>Вт</Name></Day>", "<Name>Пн</Name><Name>Вт</Name>");
        assert_eq!(parse(old.as_bytes()).unwrap().days, ["Пн", "Вт"]);
    }

    #[test]
    fn broken_files_are_refused_with_a_reason() {
        assert_eq!(parse(b"%PDF-1.4 not xml at all"), Err(Msg::TtImportNotXml));
        assert_eq!(parse(b"<fet><Days_List>"), Err(Msg::TtImportNotXml));
        assert_eq!(parse("<fet><a></b></fet>".as_bytes()), Err(Msg::TtImportNotXml));
        assert_eq!(parse(b"\xff\xfe<\x00f\x00"), Err(Msg::TtImportNotXml));
        assert_eq!(parse(b"<html><body/></html>"), Err(Msg::TtImportNotFet));
        let empty = SMALL.split("<Activities_List>").next().unwrap().to_string() + "</fet>";
        assert_eq!(parse(empty.as_bytes()), Err(Msg::TtImportNoActivities));
    }
}
