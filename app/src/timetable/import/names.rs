//! Recognising the names a file gives classes and teachers (pure). A FET file written abroad
//! names classes «5a», «10 B», a Russian one «5А», «10 Б»; teachers are «Иванова», «Иванова М.П.»
//! or the whole ФИО. Latin class letters are read by their place in the alphabet (a → А,
//! b → Б, c → В…), the way a school that typed Latin letters counts its parallel classes.

/// «5А», «10 Б», «5a», «11-в» → (grade, Cyrillic capital letter).
pub fn class_name(text: &str) -> Option<(i64, String)> {
    let text = text.trim();
    let digits: String = text.chars().take_while(|c| c.is_ascii_digit()).collect();
    let grade: i64 = digits.parse().ok().filter(|g| (1..=11).contains(g))?;
    let rest: Vec<char> = text[digits.len()..].chars().filter(|c| !matches!(c, ' ' | '-' | '«' | '»' | '"')).collect();
    let [letter] = rest[..] else { return None };
    let letter = letter.to_uppercase().next()?;
    let cyrillic = match letter {
        'А'..='Я' | 'Ё' => letter,
        'A'..='Z' => LATIN_ORDER[(letter as u8 - b'A') as usize],
        _ => return None,
    };
    Some((grade, cyrillic.to_string()))
}

/// The Russian class letters in order (no Ё, Й, Ъ, Ы, Ь), for Latin a, b, c…
const LATIN_ORDER: [char; 26] = [
    'А', 'Б', 'В', 'Г', 'Д', 'Е', 'Ж', 'З', 'И', 'К', 'Л', 'М', 'Н', 'О', 'П', 'Р', 'С', 'Т', 'У', 'Ф', 'Х', 'Ц', 'Ч', 'Ш', 'Щ', 'Э',
];

/// A school teacher as the matcher sees them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Teacher {
    pub id: i64,
    pub surname: String,
    pub name: String,
    pub patronymic: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TeacherMatch {
    Found(i64),
    NotFound,
    /// Several teachers fit (two Ивановы and the file says only «Иванова»).
    Ambiguous,
}

fn words(text: &str) -> Vec<String> {
    text.to_lowercase().replace('ё', "е").replace('.', " ").split_whitespace().map(String::from).collect()
}

/// Finds the school teacher a file's teacher name means: the whole ФИО, the surname with
/// initials («Иванова М.П.», «Иванова МП»), or the surname alone when only one teacher has it.
pub fn match_teacher(text: &str, teachers: &[Teacher]) -> TeacherMatch {
    let given = words(text);
    let Some((surname, rest)) = given.split_first() else { return TeacherMatch::NotFound };
    let initials: String = rest.iter().map(|w| if w.chars().count() <= 2 { w.clone() } else { String::new() }).collect();
    let fits = |t: &Teacher| {
        let (s, n, p) = (words(&t.surname).join(" "), words(&t.name).join(" "), words(&t.patronymic).join(" "));
        if &s != surname {
            return false;
        }
        let full: Vec<&str> = [n.as_str(), p.as_str()].into_iter().filter(|w| !w.is_empty()).collect();
        if rest.is_empty() {
            return true;
        }
        if rest.iter().map(String::as_str).eq(full.iter().copied()) {
            return true;
        }
        let theirs: String = full.iter().filter_map(|w| w.chars().next()).collect();
        !initials.is_empty() && initials.chars().count() == rest.iter().map(|w| w.chars().count()).sum::<usize>() && theirs.starts_with(&initials)
    };
    let found: Vec<i64> = teachers.iter().filter(|t| fits(t)).map(|t| t.id).collect();
    match found[..] {
        [id] => TeacherMatch::Found(id),
        [] => TeacherMatch::NotFound,
        _ => TeacherMatch::Ambiguous,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_names_in_the_usual_spellings() {
        assert_eq!(class_name("5А"), Some((5, "А".into())));
        assert_eq!(class_name("10 б"), Some((10, "Б".into())));
        assert_eq!(class_name("11-В"), Some((11, "В".into())));
        assert_eq!(class_name("5a"), Some((5, "А".into())));
        assert_eq!(class_name(" 4c"), Some((4, "В".into())));
        assert_eq!(class_name("7D"), Some((7, "Г".into())));
    }

    #[test]
    fn what_is_not_a_class() {
        for text in ["ЛД101", "5", "12А", "0Б", "5 Afr", "Form 1", "Gr 10A", "", "5АБ", "S1"] {
            assert_eq!(class_name(text), None, "{text}");
        }
    }

    fn school() -> Vec<Teacher> {
        let t = |id, s: &str, n: &str, p: &str| Teacher { id, surname: s.into(), name: n.into(), patronymic: p.into() };
        vec![t(1, "Иванова", "Мария", "Петровна"), t(2, "Петров", "Сергей", "Ильич"), t(3, "Петров", "Алексей", ""), t(4, "Ёлкина", "Анна", "Юрьевна")]
    }

    #[test]
    fn teachers_by_full_name_initials_or_a_unique_surname() {
        let s = school();
        assert_eq!(match_teacher("Иванова Мария Петровна", &s), TeacherMatch::Found(1));
        assert_eq!(match_teacher("Иванова М.П.", &s), TeacherMatch::Found(1));
        assert_eq!(match_teacher("иванова мп", &s), TeacherMatch::Found(1));
        assert_eq!(match_teacher("Иванова", &s), TeacherMatch::Found(1));
        assert_eq!(match_teacher("Елкина А. Ю.", &s), TeacherMatch::Found(4));
        assert_eq!(match_teacher("Петров С.И.", &s), TeacherMatch::Found(2));
        assert_eq!(match_teacher("Петров", &s), TeacherMatch::Ambiguous);
        assert_eq!(match_teacher("Иванова Анна", &s), TeacherMatch::NotFound);
        assert_eq!(match_teacher("Иванова А.", &s), TeacherMatch::NotFound);
        assert_eq!(match_teacher("Amakutuwa A", &s), TeacherMatch::NotFound);
    }
}
