//! The usual weekly subject plan of a Russian school (after the federal basic curriculum),
//! grouped into the "families" one teacher usually teaches together.

/// (subject, short name, family)
pub const SUBJECTS: &[(&str, &str, &str)] = &[
    ("Русский язык", "Рус. яз.", "russian"),
    ("Литературное чтение", "Лит. чт.", "russian"),
    ("Литература", "Лит.", "russian"),
    ("Иностранный язык (английский)", "Англ. яз.", "english"),
    ("Математика", "Матем.", "math"),
    ("Алгебра", "Алгебра", "math"),
    ("Геометрия", "Геом.", "math"),
    ("Вероятность и статистика", "Вер. и стат.", "math"),
    ("Информатика", "Информ.", "informatics"),
    ("Окружающий мир", "Окр. мир", "primary"),
    ("Основы религиозных культур и светской этики", "ОРКСЭ", "primary"),
    ("История", "История", "history"),
    ("Обществознание", "Общество", "history"),
    ("География", "Геогр.", "geography"),
    ("Биология", "Биол.", "biology"),
    ("Физика", "Физика", "physics"),
    ("Химия", "Химия", "chemistry"),
    ("Музыка", "Музыка", "music"),
    ("Изобразительное искусство", "ИЗО", "art"),
    ("Труд (технология)", "Труд", "technology"),
    ("Основы безопасности и защиты Родины", "ОБЗР", "safety"),
    ("Физическая культура", "Физ-ра", "pe"),
    ("Индивидуальный проект", "Инд. проект", "history"),
];

/// Lessons a week of each subject in a grade.
pub fn weekly_plan(grade: i64) -> Vec<(&'static str, i64)> {
    let mut p: Vec<(&'static str, i64)> = match grade {
        1..=4 => vec![
            ("Русский язык", if grade == 1 { 5 } else { 5 }),
            ("Литературное чтение", if grade == 4 { 3 } else { 4 }),
            ("Математика", 4),
            ("Окружающий мир", 2),
            ("Музыка", 1),
            ("Изобразительное искусство", 1),
            ("Труд (технология)", 1),
            ("Физическая культура", 2),
        ],
        5..=9 => vec![
            ("Русский язык", [5, 6, 4, 3, 3][(grade - 5) as usize]),
            ("Литература", [3, 3, 2, 2, 3][(grade - 5) as usize]),
            ("Иностранный язык (английский)", 3),
            ("История", 2),
            ("География", if grade <= 6 { 1 } else { 2 }),
            ("Биология", if grade <= 7 { 1 } else { 2 }),
            ("Труд (технология)", if grade <= 6 { 2 } else { 1 }),
            ("Физическая культура", 2),
        ],
        _ => vec![
            ("Русский язык", 2),
            ("Литература", 3),
            ("Иностранный язык (английский)", 3),
            ("Алгебра", 3),
            ("Геометрия", 2),
            ("Вероятность и статистика", 1),
            ("Информатика", 1),
            ("История", 2),
            ("Обществознание", 2),
            ("География", 1),
            ("Биология", 1),
            ("Физика", 2),
            ("Химия", 1),
            ("Основы безопасности и защиты Родины", 1),
            ("Физическая культура", 2),
        ],
    };
    match grade {
        2..=4 => p.push(("Иностранный язык (английский)", 2)),
        _ => {}
    }
    if grade == 4 {
        p.push(("Основы религиозных культур и светской этики", 1));
    }
    if (5..=6).contains(&grade) {
        p.push(("Математика", 5));
    }
    if (6..=9).contains(&grade) {
        p.push(("Обществознание", 1));
    }
    if (5..=8).contains(&grade) {
        p.push(("Музыка", 1));
    }
    if (5..=7).contains(&grade) {
        p.push(("Изобразительное искусство", 1));
    }
    if (7..=9).contains(&grade) {
        p.extend([("Алгебра", 3), ("Геометрия", 2), ("Вероятность и статистика", 1), ("Информатика", 1), ("Физика", if grade == 9 { 3 } else { 2 })]);
    }
    if (8..=9).contains(&grade) {
        p.extend([("Химия", 2), ("Основы безопасности и защиты Родины", 1)]);
    }
    if grade == 10 {
        p.push(("Индивидуальный проект", 1));
    }
    p
}

/// Subjects a class is split into two groups for (languages, computer rooms).
pub fn is_split(subject: &str, grade: i64) -> bool {
    match subject {
        "Иностранный язык (английский)" => grade >= 2,
        "Информатика" => grade >= 7,
        _ => false,
    }
}

pub fn family(subject: &str) -> &'static str {
    SUBJECTS.iter().find(|(name, _, _)| *name == subject).map(|(_, _, f)| *f).unwrap_or("other")
}

/// Class letters in a grade: three parallel classes up to grade 6, two above.
pub fn letters(grade: i64) -> &'static [&'static str] {
    if grade <= 6 { &["А", "Б", "В"] } else { &["А", "Б"] }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_planned_subject_exists() {
        for grade in 1..=11 {
            for (subject, hours) in weekly_plan(grade) {
                assert!(SUBJECTS.iter().any(|(n, _, _)| *n == subject), "{subject}");
                assert!(hours > 0);
            }
        }
    }

    #[test]
    fn weekly_load_is_within_the_sanitary_limits() {
        // SanPiN: at most 21 (grade 1), 23 (2–4), 29–35 (5–11) lessons a week on a five-day week.
        for grade in 1..=11 {
            let total: i64 = weekly_plan(grade).iter().map(|(_, h)| h).sum();
            let max = match grade { 1 => 21, 2..=4 => 23, 5 => 29, 6 => 30, 7 => 32, 8..=9 => 33, _ => 34 };
            assert!(total <= max && total >= max - 8, "grade {grade}: {total}");
        }
    }
}
