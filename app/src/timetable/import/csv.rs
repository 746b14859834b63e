//! The CSV (or XLSX) template read into a `Source` (server only, pure): one row per weekly
//! lesson — day, lesson number, class, group (optional), subject, teacher's ФИО, room
//! (optional), weeks (every week, odd or even). The file is read by the people import's reader
//! (Windows-1251 or UTF-8, `;` `,` or tab, or XLSX); every row is checked here and each wrong
//! cell is named by row and column, like the people import does.

use super::names::class_name;
use super::source::*;
use super::{Note, Problem};
use crate::i18n::Msg;
use crate::timetable::types::WeekParity;

use super::CSV_COLUMNS as COLUMNS;

/// Parta's grid: Monday to Saturday, lessons 1 to 8.
pub const DAYS: [&str; 6] = ["понедельник", "вторник", "среда", "четверг", "пятница", "суббота"];
pub const MAX_LESSON: usize = 8;

fn day(text: &str) -> Option<usize> {
    let t = text.trim().trim_end_matches('.').to_lowercase();
    if let Ok(n) = t.parse::<usize>() {
        return (1..=DAYS.len()).contains(&n).then(|| n - 1);
    }
    const SHORT: [&str; 6] = ["пн", "вт", "ср", "чт", "пт", "сб"];
    DAYS.iter().position(|d| *d == t).or_else(|| SHORT.iter().position(|d| *d == t))
}

fn weeks(text: &str) -> Option<WeekParity> {
    match text.trim().to_lowercase().replace('ё', "е").as_str() {
        "" | "все" | "каждая" | "каждую" | "еженедельно" => Some(WeekParity::All),
        "нечет" | "нечетные" | "нечетная" | "1" => Some(WeekParity::Odd),
        "чет" | "четные" | "четная" | "2" => Some(WeekParity::Even),
        _ => None,
    }
}

/// The rows of a file already read into text; a whole-file refusal, or the lessons and every
/// wrong cell.
pub fn parse(table: &[Vec<String>]) -> Result<(Source, Vec<Problem>), Msg> {
    let (header, rows) = table.split_first().ok_or(Msg::TtImportNoRows)?;
    let title = |s: &String| s.trim().to_lowercase().replace('ё', "е");
    let mut at = [0usize; COLUMNS.len()];
    for (k, (name, _)) in COLUMNS.iter().enumerate() {
        at[k] = header.iter().position(|h| title(h) == name.to_lowercase()).ok_or(Msg::TtImportCsvColumns)?;
    }
    let mut lessons = Vec::new();
    let mut problems = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let line = i + 2;
        let cell = |k: usize| row.get(at[k]).map(|s| s.trim().to_string()).unwrap_or_default();
        if (0..COLUMNS.len()).all(|k| cell(k).is_empty()) {
            continue;
        }
        let before = problems.len();
        let mut wrong = |k: usize, msg: Msg| problems.push(Problem { line, column: COLUMNS[k].0.into(), note: Note::of(msg) });
        for (k, (_, optional)) in COLUMNS.iter().enumerate() {
            if !optional && cell(k).is_empty() {
                wrong(k, Msg::TtImportCellRequired);
            }
        }
        let d = day(&cell(0));
        if d.is_none() && !cell(0).is_empty() {
            wrong(0, Msg::TtImportDayWord);
        }
        let lesson = cell(1).parse::<usize>().ok().filter(|n| (1..=MAX_LESSON).contains(n));
        if lesson.is_none() && !cell(1).is_empty() {
            wrong(1, Msg::TtImportLessonNumber);
        }
        if class_name(&cell(2)).is_none() && !cell(2).is_empty() {
            wrong(2, Msg::TtImportClassName);
        }
        let parity = weeks(&cell(7));
        if parity.is_none() {
            wrong(7, Msg::TtImportWeeksWord);
        }
        // A row with a wrong cell is named, not imported.
        let (Some(d), Some(lesson), Some(parity), true) = (d, lesson, parity, problems.len() == before) else { continue };
        lessons.push(SourceLesson {
            origin: Origin::Line(line),
            students: vec![cell(2)],
            group: Some(cell(3)).filter(|g| !g.is_empty()),
            subject: cell(4),
            teachers: vec![cell(5)].into_iter().filter(|t| !t.is_empty()).collect(),
            duration: 1,
            start: Some((d, lesson - 1)),
            parity,
            room: Some(cell(6)).filter(|r| !r.is_empty()),
        });
    }
    if lessons.is_empty() && problems.is_empty() {
        return Err(Msg::TtImportNoRows);
    }
    let source = Source {
        format: Format::Csv,
        days: DAYS.iter().map(|d| d.to_string()).collect(),
        hours: (1..=MAX_LESSON).map(|n| n.to_string()).collect(),
        breaks: Vec::new(),
        rooms: Vec::new(),
        sets: Vec::new(),
        lessons,
        inactive: Vec::new(),
        ignored_constraints: Vec::new(),
    };
    Ok((source, problems))
}

/// The template to download: the header and three example lessons (UTF-8 with a BOM and
/// semicolons, which Excel opens in Cyrillic).
pub fn template() -> Vec<u8> {
    let rows = [
        COLUMNS.iter().map(|(t, _)| *t).collect::<Vec<_>>().join(";"),
        "понедельник;1;5А;;Математика;Иванова Мария Петровна;204;все".into(),
        "понедельник;2;5А;1 группа;Английский язык;Петров С. И.;310;все".into(),
        "вторник;3;5А;;Музыка;Сидорова А. В.;Актовый зал;нечётные".into(),
    ];
    let mut out = b"\xEF\xBB\xBF".to_vec();
    for row in rows {
        out.extend(row.as_bytes());
        out.extend(b"\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Vec<Vec<String>> {
        crate::people::import::read::table("t.csv", text.as_bytes()).unwrap()
    }

    #[test]
    fn the_template_reads_clean() {
        let rows = crate::people::import::read::table("t.csv", &template()).unwrap();
        let (source, problems) = parse(&rows).unwrap();
        assert_eq!(problems, vec![]);
        assert_eq!(source.lessons.len(), 3);
        let l = &source.lessons[1];
        assert_eq!((l.start, l.group.as_deref(), l.parity), (Some((0, 1)), Some("1 группа"), WeekParity::All));
        assert_eq!(source.lessons[2].parity, WeekParity::Odd);
    }

    #[test]
    fn columns_in_any_order_and_short_day_names() {
        let (s, p) = parse(&table("Учитель;Класс;Предмет;День;Урок;Группа;Кабинет;Недели\nИванова;10 б;Физика;Сб;8;;;чётные\n")).unwrap();
        assert_eq!(p, vec![]);
        assert_eq!((s.lessons[0].start, s.lessons[0].parity, s.lessons[0].students[0].as_str()), (Some((5, 7)), WeekParity::Even, "10 б"));
    }

    #[test]
    fn each_wrong_cell_is_named() {
        let text = "День;Урок;Класс;Группа;Предмет;Учитель;Кабинет;Недели\n\
                    воскресенье;9;ЛД101;;;Иванова;;иногда\n\
                    пн;1;5А;;Математика;;;\n";
        let (s, problems) = parse(&table(text)).unwrap();
        assert!(s.lessons.is_empty());
        let found: Vec<(usize, &str, Msg)> = problems.iter().map(|p| (p.line, p.column.as_str(), p.note.msg)).collect();
        assert_eq!(
            found,
            vec![
                (2, "Предмет", Msg::TtImportCellRequired),
                (2, "День", Msg::TtImportDayWord),
                (2, "Урок", Msg::TtImportLessonNumber),
                (2, "Класс", Msg::TtImportClassName),
                (2, "Недели", Msg::TtImportWeeksWord),
                (3, "Учитель", Msg::TtImportCellRequired),
            ]
        );
    }

    #[test]
    fn wrong_columns_or_no_rows_refuse_the_file() {
        assert_eq!(parse(&table("Фамилия;Имя;Отчество\nИванова;Мария;Петровна\n")), Err(Msg::TtImportCsvColumns));
        assert_eq!(parse(&table("День;Урок;Класс;Группа;Предмет;Учитель;Кабинет;Недели\n")), Err(Msg::TtImportNoRows));
        assert_eq!(parse(&[]), Err(Msg::TtImportNoRows));
    }
}
