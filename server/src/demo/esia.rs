//! The Gosuslugi test persons: what the ESIA sandbox knows about each (its sign-in page lists
//! them) and, for those the school knows, their record in the demo school. Together they cover
//! every scenario of seeds 000–003. Birth dates follow today's date, so a child stays under
//! 14 years 3 months and a teenager over it whatever year the demo runs in.
//!
//! Per end-to-end project (desktop/phone × JavaScript) there is one more pair for the scenarios
//! that link accounts, because the four projects share one server.

use super::recovery::PROJECTS;
use app::db::{now, Db};
use app::esia::types::Level;

/// One Gosuslugi person of the sandbox.
#[derive(Clone, Debug)]
pub struct TestPerson {
    pub oid: String,
    /// What the tester picks on the sandbox's sign-in page, and what should happen.
    pub scenario: String,
    pub surname: String,
    pub name: String,
    pub patronymic: String,
    /// `YYYY-MM-DD`
    pub birth_date: String,
    /// `M` / `F`
    pub gender: &'static str,
    /// `xxx-xxx-xxx xx`
    pub snils: Option<String>,
    pub level: Level,
    /// Sign in to the demo school with this login to try the same person with a password.
    pub parta_login: Option<String>,
}

fn snils(n: u32) -> String {
    app::accounts::snils::format(&app::accounts::snils::with_checksum(999_100_000 + n))
}

fn year() -> i32 {
    super::chrono_free::today().0
}

struct Row {
    oid: u32,
    scenario: &'static str,
    esia: (&'static str, &'static str, &'static str, &'static str),
    birth: String,
    snils: Option<u32>,
    level: Level,
    parta: Option<SchoolRecord>,
}

/// The school's record: (login, surname, name, birth date, SNILS, state, activation step, role).
type SchoolRecord = (&'static str, &'static str, &'static str, String, Option<u32>, &'static str, i64, &'static str);

fn rows() -> Vec<Row> {
    let y = year();
    let child = format!("{}-03-15", y - 10);
    let teen = format!("{}-01-10", y - 16);
    let mut rows = vec![
        Row { oid: 1000001, scenario: "взрослый, стандартная учётная запись: вход", esia: ("Соколова", "Анна", "Игоревна", "F"), birth: "1984-04-02".into(), snils: Some(1), level: Level::Standard,
              parta: Some(("esia-standart", "Соколова", "Анна", "1984-04-02".into(), Some(1), "active", 0, "parent")) },
        Row { oid: 1000002, scenario: "взрослый, подтверждённая учётная запись: вход", esia: ("Морозов", "Павел", "Андреевич", "M"), birth: "1979-09-12".into(), snils: Some(2), level: Level::Confirmed,
              parta: Some(("esia-podtverzhdena", "Морозов", "Павел", "1979-09-12".into(), Some(2), "active", 0, "parent")) },
        Row { oid: 1000003, scenario: "взрослый, упрощённая учётная запись: уровень недостаточен", esia: ("Волкова", "Ирина", "Сергеевна", "F"), birth: "1990-06-01".into(), snils: Some(3), level: Level::Simplified,
              parta: Some(("esia-uproshchennaya", "Волкова", "Ирина", "1990-06-01".into(), Some(3), "active", 0, "parent")) },
        Row { oid: 1000004, scenario: "ученик младше 14 лет 3 месяцев, упрощённая: вход", esia: ("Зайцев", "Михаил", "Олегович", "M"), birth: child.clone(), snils: Some(4), level: Level::Simplified,
              parta: Some(("esia-rebenok", "Зайцев", "Михаил", child.clone(), Some(4), "active", 0, "pupil")) },
        Row { oid: 1000005, scenario: "ученик старше 14 лет 3 месяцев, упрощённая: отказ по возрасту", esia: ("Орлова", "Дарья", "Павловна", "F"), birth: teen.clone(), snils: Some(5), level: Level::Simplified,
              parta: Some(("esia-podrostok", "Орлова", "Дарья", teen.clone(), Some(5), "active", 0, "pupil")) },
        Row { oid: 1000006, scenario: "ФИО не совпадает (в школе «Алёна»)", esia: ("Кузнецова", "Елена", "Викторовна", "F"), birth: "1986-11-03".into(), snils: Some(6), level: Level::Standard,
              parta: Some(("esia-fio", "Кузнецова", "Алёна", "1986-11-03".into(), Some(6), "active", 0, "parent")) },
        Row { oid: 1000007, scenario: "СНИЛС не совпадает", esia: ("Белов", "Игорь", "Николаевич", "M"), birth: "1982-02-20".into(), snils: Some(107), level: Level::Standard,
              parta: Some(("esia-snils", "Белов", "Игорь", "1982-02-20".into(), Some(7), "active", 0, "parent")) },
        Row { oid: 1000009, scenario: "дата рождения не совпадает", esia: ("Николаев", "Сергей", "Петрович", "M"), birth: "1975-05-05".into(), snils: Some(9), level: Level::Standard,
              parta: Some(("esia-data", "Николаев", "Сергей", "1975-05-06".into(), Some(9), "active", 0, "parent")) },
        Row { oid: 1000010, scenario: "неизвестен школе: привязка по логину и паролю", esia: ("Тихонов", "Глеб", "Романович", "M"), birth: "1988-07-07".into(), snils: Some(10), level: Level::Standard, parta: None },
        Row { oid: 1000011, scenario: "учётная запись в школе не активирована", esia: ("Фёдорова", "Вера", "Николаевна", "F"), birth: "1983-12-12".into(), snils: Some(11), level: Level::Standard,
              parta: Some(("esia-neaktivna", "Фёдорова", "Вера", "1983-12-12".into(), Some(11), "temporary", 0, "parent")) },
        Row { oid: 1000012, scenario: "первый вход, активация начата: мастер активации", esia: ("Степанов", "Кирилл", "Денисович", "M"), birth: child.clone(), snils: Some(12), level: Level::Simplified,
              parta: Some(("esia-aktivaciya", "Степанов", "Кирилл", child.clone(), Some(12), "temporary", 1, "pupil")) },
    ];
    // Per end-to-end project: a child without SNILS on Gosuslugi (→ the link form), and a
    // Gosuslugi account to link from the offer after a password sign-in.
    for (i, p) in PROJECTS.iter().enumerate() {
        let i = i as u32;
        rows.push(Row { oid: 1000080 + i, scenario: leak(format!("без СНИЛС: привязка по логину и паролю (автотест {p})")), esia: ("Лебедев", "Артём", "Ильич", "M"), birth: child.clone(), snils: None, level: Level::Simplified,
                        parta: Some((leak(format!("esia-bez-snils-{p}")), "Лебедев", "Артём", child.clone(), None, "active", 0, "pupil")) });
        rows.push(Row { oid: 1000090 + i, scenario: leak(format!("для привязки из настроек (автотест {p})")), esia: ("Григорьева", "Ольга", "Петровна", "F"), birth: "1987-08-08".into(), snils: Some(90 + i), level: Level::Standard,
                        parta: Some((leak(format!("esia-privyazka-{p}")), "Григорьева", "Ольга", "1987-08-08".into(), Some(90 + i), "active", 0, "parent")) });
    }
    rows
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// The sandbox's persons.
pub fn sandbox_persons() -> Vec<TestPerson> {
    rows()
        .into_iter()
        .map(|r| TestPerson {
            oid: r.oid.to_string(),
            scenario: r.scenario.to_string(),
            surname: r.esia.0.into(),
            name: r.esia.1.into(),
            patronymic: r.esia.2.into(),
            birth_date: r.birth.clone(),
            gender: r.esia.3,
            snils: r.snils.map(snils),
            level: r.level,
            parta_login: r.parta.as_ref().map(|p| p.0.to_string()),
        })
        .collect()
}

/// The school's side: people with accounts (password `Parta-2026`) in the named school, and two
/// more regions: «Вологодская область» (Gosuslugi, confirmed accounts only) and «Мурманская
/// область» (no Gosuslugi sign-in), unless a scale dataset made them already.
pub async fn seed(db: &Db, school_id: i64, region_id: i64, hash: &str) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    let t = now();
    for (code, name, enabled, level) in [("35", "Вологодская область", 1i64, "confirmed"), ("51", "Мурманская область", 0, "standard")] {
        let found: Option<i64> = db.query_scalar("SELECT id FROM regions WHERE code = $1").bind(code).fetch_optional(&mut *tx).await?;
        if found.is_none() {
            db.query("INSERT INTO regions (code, name, esia_enabled, esia_min_level) VALUES ($1, $2, $3, $4)")
                .bind(code)
                .bind(name)
                .bind(enabled)
                .bind(level)
                .execute(&mut *tx)
                .await?;
        }
    }
    let class_id: Option<i64> = db
        .query_scalar("SELECT id FROM classes WHERE school_id = $1 AND grade = 4 ORDER BY letter LIMIT 1")
        .bind(school_id)
        .fetch_optional(&mut *tx)
        .await?;
    // Like every demo pupil, each has a parent: Соколова Анна (`esia-standart`), the first row.
    let mut parent_id: Option<i64> = None;
    for r in rows() {
        let Some((login, surname, name, birth, snils_n, state, step, role)) = r.parta else { continue };
        let id: i64 = db
            .query_scalar(
                "INSERT INTO people (school_id, surname, name, patronymic, sex, birth_date, snils, email, email_confirmed, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
            )
            .bind(school_id)
            .bind(surname)
            .bind(name)
            .bind(r.esia.2)
            .bind(if r.esia.3 == "F" { "f" } else { "m" })
            .bind(birth)
            .bind(snils_n.map(|n| app::accounts::snils::with_checksum(999_100_000 + n)))
            .bind(if state == "active" { Some(format!("{login}@parta.example")) } else { None })
            .bind(i64::from(state == "active"))
            .bind(t)
            .fetch_one(&mut *tx)
            .await?;
        db.query(
            "INSERT INTO accounts (person_id, login, password_hash, state, activation_step, created_at, activated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(login)
        .bind(hash.to_string())
        .bind(state)
        .bind(step)
        .bind(t)
        .bind(if state == "active" { Some(t) } else { None })
        .execute(&mut *tx)
        .await?;
        db.query("INSERT INTO role_grants (person_id, role, region_id, school_id, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(id)
            .bind(role)
            .bind(region_id)
            .bind(school_id)
            .bind(t)
            .execute(&mut *tx)
            .await?;
        if login == "esia-standart" {
            parent_id = Some(id);
        }
        if role == "pupil" {
            if let Some(parent_id) = parent_id {
                db.query("INSERT INTO parent_links (school_id, parent_id, child_id, status, created_at, decided_at) VALUES ($1, $2, $3, 'confirmed', $4, $4)")
                    .bind(school_id)
                    .bind(parent_id)
                    .bind(id)
                    .bind(t)
                    .execute(&mut *tx)
                    .await?;
            }
            if let Some(class_id) = class_id {
                db.query("INSERT INTO class_enrolments (school_id, class_id, pupil_id) VALUES ($1, $2, $3)")
                    .bind(school_id)
                    .bind(class_id)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
    }
    tx.commit().await
}
