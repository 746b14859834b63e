//! Checking an import table row by row, before anything is written: the header names the
//! columns, every row goes through the same rules as the admin's form (`validate::check`), and
//! the file is checked against itself (the same person twice, a child reference that points
//! nowhere). Database checks (duplicates already in Parta) follow on the server.

use super::{ChildRef, ImportRow, RowError, COLUMNS};
use crate::i18n::Msg;
use crate::people::types::{ClassOption, PersonFields};
use crate::people::validate;
use chrono::NaiveDate;

/// Column positions found in the header row, by `COLUMNS` index.
fn header_positions(header: &[String]) -> Vec<Option<usize>> {
    let normalised: Vec<String> = header.iter().map(|h| normalise_header(h)).collect();
    COLUMNS
        .iter()
        .map(|(title, _)| normalised.iter().position(|h| *h == normalise_header(title)))
        .collect()
}

fn normalise_header(text: &str) -> String {
    text.trim().trim_matches('*').trim().to_lowercase().replace('ё', "е")
}

/// The columns every file must have (the rest may be left out).
const REQUIRED: [usize; 5] = [0, 1, 3, 4, 8];

/// The checked rows and every problem, or a problem with the whole file.
pub fn check_table(table: &[Vec<String>], classes: &[ClassOption], today: NaiveDate) -> Result<(Vec<ImportRow>, Vec<RowError>), Msg> {
    let Some(header) = table.first() else { return Err(Msg::ImportNoRows) };
    let positions = header_positions(header);
    if let Some(missing) = REQUIRED.iter().find(|i| positions[**i].is_none()) {
        return Err(COLUMNS[*missing].1);
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (index, cells) in table.iter().enumerate().skip(1) {
        let line = index + 1;
        let cell = |column: usize| positions[column].and_then(|p| cells.get(p)).map(|s| s.trim().to_string()).unwrap_or_default();
        if (0..COLUMNS.len()).all(|c| cell(c).is_empty()) {
            continue; // blank lines between blocks are common in hand-made sheets
        }
        let mut problems: Vec<(usize, Msg)> = Vec::new();
        let sex = match sex_word(&cell(3)) {
            Some(code) => code.to_string(),
            None => {
                problems.push((3, Msg::ImportSexWord));
                String::new()
            }
        };
        let role = match role_word(&cell(8)) {
            Some(code) => code.to_string(),
            None => {
                problems.push((8, Msg::ImportRoleWord));
                String::new()
            }
        };
        let class_text = cell(9);
        let class_id = if class_text.is_empty() {
            String::new()
        } else {
            match classes.iter().find(|c| normalise_class(&c.name) == normalise_class(&class_text)) {
                Some(c) => c.id.to_string(),
                None => {
                    problems.push((9, Msg::ClassUnknown));
                    "0".into()
                }
            }
        };
        let fields = PersonFields {
            surname: cell(0),
            name: cell(1),
            patronymic: cell(2),
            sex,
            birth_date: cell(4),
            snils: cell(5),
            email: cell(6),
            phone: cell(7),
            role: role.clone(),
            class_id,
        };
        if let Err(found) = validate::check(&fields, today) {
            for (field, msg) in found {
                let column = field_column(field);
                // The sex and role words were already reported in the file's own terms.
                if !problems.iter().any(|(c, _)| *c == column) {
                    problems.push((column, msg));
                }
            }
        }
        let children = match parse_children(&cell(10)) {
            Ok(refs) => refs,
            Err(msg) => {
                problems.push((10, msg));
                vec![]
            }
        };
        if !children.is_empty() && role != "parent" {
            problems.push((10, Msg::ImportChildOnlyForParents));
        }
        problems.sort_by_key(|(c, _)| *c);
        errors.extend(problems.iter().map(|(column, msg)| RowError { line, column: COLUMNS[*column].0.to_string(), message: *msg }));
        rows.push(ImportRow { line, fields, children });
    }
    if rows.is_empty() {
        return Err(Msg::ImportNoRows);
    }
    check_within_file(&rows, &mut errors);
    errors.sort_by_key(|e| e.line);
    Ok((rows, errors))
}

/// The same SNILS or the same person twice, and child references to rows that are not pupils.
/// One pass with hash sets: a school's file has thousands of rows.
fn check_within_file(rows: &[ImportRow], errors: &mut Vec<RowError>) {
    let mut seen_snils = std::collections::HashSet::new();
    let mut seen_people = std::collections::HashSet::new();
    let pupils: std::collections::HashSet<usize> = rows.iter().filter(|r| r.fields.role == "pupil").map(|r| r.line).collect();
    for row in rows {
        let snils: String = row.fields.snils.chars().filter(|c| c.is_ascii_digit()).collect();
        let repeated_snils = !snils.is_empty() && !seen_snils.insert(snils);
        let repeated_person = !seen_people.insert(person_key(row));
        if repeated_snils {
            errors.push(RowError { line: row.line, column: COLUMNS[5].0.into(), message: Msg::ImportDuplicateInFile });
        } else if repeated_person {
            errors.push(RowError { line: row.line, column: COLUMNS[0].0.into(), message: Msg::ImportDuplicateInFile });
        }
        for child in &row.children {
            if let ChildRef::Line(line) = child {
                if !pupils.contains(line) {
                    errors.push(RowError { line: row.line, column: COLUMNS[10].0.into(), message: Msg::ImportChildNotFound });
                }
            }
        }
    }
}

/// ФИО and birth date, as the duplicate check compares them.
fn person_key(r: &ImportRow) -> (String, String, String, String) {
    let birth = validate::parse_date(&r.fields.birth_date).map(|d| d.to_string()).unwrap_or_default();
    (r.fields.surname.to_lowercase(), r.fields.name.to_lowercase(), r.fields.patronymic.to_lowercase(), birth)
}

/// Which file column a form field comes from.
fn field_column(field: &str) -> usize {
    match field {
        "surname" => 0,
        "name" => 1,
        "patronymic" => 2,
        "sex" => 3,
        "birth_date" => 4,
        "snils" => 5,
        "email" => 6,
        "phone" => 7,
        "role" => 8,
        _ => 9,
    }
}

pub fn sex_word(text: &str) -> Option<&'static str> {
    match text.trim().to_lowercase().as_str() {
        "м" | "муж" | "муж." | "мужской" | "m" | "male" => Some("m"),
        "ж" | "жен" | "жен." | "женский" | "f" | "female" => Some("f"),
        _ => None,
    }
}

pub fn role_word(text: &str) -> Option<&'static str> {
    match text.trim().to_lowercase().replace('ё', "е").as_str() {
        "ученик" | "ученица" | "учащийся" | "учащаяся" | "обучающийся" => Some("pupil"),
        "родитель" | "законный представитель" | "мать" | "отец" => Some("parent"),
        "учитель" | "педагог" | "преподаватель" => Some("teacher"),
        "администратор" | "администратор школы" => Some("school_admin"),
        _ => None,
    }
}

/// «5 а», «5-А», «5A» (a Latin A) all mean «5А».
pub fn normalise_class(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_uppercase().next().unwrap_or(c) {
            'A' => 'А',
            'B' => 'В',
            'E' => 'Е',
            'K' => 'К',
            'M' => 'М',
            'H' => 'Н',
            'O' => 'О',
            'P' => 'Р',
            'C' => 'С',
            'T' => 'Т',
            'X' => 'Х',
            other => other,
        })
        .collect()
}

/// «3» or «строка 3» is a row of this file; eleven digits (any spelling) a SNILS; several are
/// separated by commas or semicolons.
pub fn parse_children(text: &str) -> Result<Vec<ChildRef>, Msg> {
    let mut refs = Vec::new();
    for part in text.split([',', ';']).map(str::trim).filter(|p| !p.is_empty()) {
        let lowered = part.to_lowercase();
        let number = lowered.trim_start_matches("строка").trim();
        if !number.is_empty() && number.len() <= 5 && number.chars().all(|c| c.is_ascii_digit()) {
            refs.push(ChildRef::Line(number.parse().map_err(|_| Msg::ImportChildNotFound)?));
        } else {
            refs.push(ChildRef::Snils(crate::accounts::snils::parse(part).map_err(|_| Msg::ImportChildNotFound)?));
        }
    }
    Ok(refs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    fn classes() -> Vec<ClassOption> {
        vec![ClassOption { id: 7, name: "5А".into() }, ClassOption { id: 8, name: "5Б".into() }]
    }

    fn table(rows: &[&str]) -> Vec<Vec<String>> {
        let header = "Фамилия;Имя;Отчество;Пол;Дата рождения;СНИЛС;Электронная почта;Телефон;Роль;Класс;Ребёнок";
        std::iter::once(header).chain(rows.iter().copied()).map(|r| r.split(';').map(String::from).collect()).collect()
    }

    #[test]
    fn good_rows_become_form_fields_and_link_children() {
        let (rows, errors) = check_table(
            &table(&[
                "Иванова;Мария;Петровна;ж;14.03.2015;112-233-445 95;;;ученик;5 а;",
                "Иванов;Пётр;Сергеевич;м;01.02.1985;;papa@parta.example;+7 921 111-22-33;Родитель;;2",
            ]),
            &classes(),
            today(),
        )
        .unwrap();
        assert_eq!(errors, vec![]);
        assert_eq!(rows[0].fields.class_id, "7");
        assert_eq!(rows[0].fields.sex, "f");
        assert_eq!(rows[1].children, vec![ChildRef::Line(2)]);
        assert_eq!(rows[1].line, 3);
    }

    #[test]
    fn each_wrong_cell_names_its_line_and_column() {
        let (_, errors) = check_table(
            &table(&[
                "Иванова;Мария;;ж;14.03.2015;;;;ученик;5А;",
                "Петров;;;м;2014-01-01;;;;ученик;9Я;",
                "Сидорова;Анна;;x;01.01.2014;;anna@;;ученик;5Б;",
                "Козлов;Иван;;м;01.01.1980;;;;директор;;",
                "Козлова;Ольга;;ж;01.01.1982;;;;родитель;;строка 40",
            ]),
            &classes(),
            today(),
        )
        .unwrap();
        let found: Vec<(usize, &str, Msg)> = errors.iter().map(|e| (e.line, e.column.as_str(), e.message)).collect();
        assert_eq!(
            found,
            vec![
                (3, "Имя", Msg::NameRequired),
                (3, "Класс", Msg::ClassUnknown),
                (4, "Пол", Msg::ImportSexWord),
                (4, "Электронная почта", Msg::EmailFormat),
                (5, "Роль", Msg::ImportRoleWord),
                (6, "Ребёнок", Msg::ImportChildNotFound),
            ]
        );
    }

    #[test]
    fn the_same_person_twice_in_one_file_is_refused() {
        let (_, errors) = check_table(
            &table(&["Иванова;Мария;;ж;14.03.2015;;;;ученик;5А;", "иванова;мария;;ж;2015-03-14;;;;ученик;5Б;"]),
            &classes(),
            today(),
        )
        .unwrap();
        assert_eq!(errors.len(), 1);
        assert_eq!((errors[0].line, errors[0].message), (3, Msg::ImportDuplicateInFile));
    }

    #[test]
    fn a_missing_column_or_an_empty_file_is_a_file_problem() {
        let no_role: Vec<Vec<String>> = vec![vec!["Фамилия".into(), "Имя".into(), "Пол".into(), "Дата рождения".into()]];
        assert_eq!(check_table(&no_role, &classes(), today()).unwrap_err(), Msg::ColRole);
        assert_eq!(check_table(&table(&[]), &classes(), today()).unwrap_err(), Msg::ImportNoRows);
        assert_eq!(check_table(&[], &classes(), today()).unwrap_err(), Msg::ImportNoRows);
    }

    #[test]
    fn words_people_write() {
        assert_eq!(role_word(" Учащийся "), Some("pupil"));
        assert_eq!(role_word("директор"), None);
        assert_eq!(sex_word("Жен."), Some("f"));
        assert_eq!(normalise_class("11-b"), "11В");
        assert_eq!(parse_children("строка 3, 112-233-445 95").unwrap(), vec![ChildRef::Line(3), ChildRef::Snils("11223344595".into())]);
        assert_eq!(parse_children("abc"), Err(Msg::ImportChildNotFound));
    }
}
