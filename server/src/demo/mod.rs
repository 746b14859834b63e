//! The demo school, deterministic: the same scale on the same day gives the same school.
//! Grades 1–11 (three parallel classes up to grade 6, two above), ~700 pupils with Russian
//! names and valid SNILS, ~50 teachers, families of parents linked to their children, the usual
//! subject plan with language and informatics groups, a school year with quarters, bells and a
//! generated weekly timetable.
//! The scale mode makes N such schools in M regions for benchmarks.

mod names;
mod plan;
pub mod recovery;
// Gosuslugi (ESIA) sign-in: the sandbox's test persons and their school records
pub mod esia;
mod timetable;
// The live journal grid
mod journal;

use app::accounts::snils;
use app::db::{now, Db};
use app::people::logins::base_login;
use names::{patronymic, FEMALE_NAMES, MALE_NAMES, SURNAMES};
use std::collections::{HashMap, HashSet};

/// Every demo account has this password (one argon2 hash, computed once: demo data only).
pub const DEMO_PASSWORD: &str = "Parta-2026";
pub const DEMO_LOGINS_HINT: &str = "admin, uchitel, uchenik, roditel, region, novichok, blokirovan (пароль Parta-2026)";
const MAX_TEACHER_LOAD: i64 = 20;

const REGIONS: &[(&str, &str)] = &[
    ("29", "Архангельская область"),
    ("35", "Вологодская область"),
    ("51", "Мурманская область"),
    ("11", "Республика Коми"),
    ("47", "Ленинградская область"),
    ("76", "Ярославская область"),
    ("44", "Костромская область"),
    ("53", "Новгородская область"),
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scale {
    pub schools: u32,
    pub regions: u32,
}

impl Scale {
    pub fn single() -> Scale {
        Scale { schools: 1, regions: 1 }
    }

    pub fn parse(args: &[String]) -> Result<Scale, String> {
        let mut scale = Scale::single();
        let mut it = args.iter();
        while let Some(flag) = it.next() {
            let value = it.next().ok_or_else(|| format!("{flag} needs a number"))?;
            let n: u32 = value.parse().ok().filter(|n| *n >= 1).ok_or_else(|| format!("{flag} must be a whole number ≥ 1"))?;
            match flag.as_str() {
                "--schools" => scale.schools = n,
                "--regions" => scale.regions = n,
                other => return Err(format!("unknown demo option {other}")),
            }
        }
        if scale.regions as usize > REGIONS.len() {
            return Err(format!("--regions can be at most {}", REGIONS.len()));
        }
        if scale.regions > scale.schools {
            return Err("--regions cannot exceed --schools".into());
        }
        Ok(scale)
    }
}

pub struct Report {
    pub schools: usize,
    pub pupils: usize,
    pub teachers: usize,
    pub parents: usize,
    pub seconds: f64,
}

impl Report {
    pub fn print(&self) {
        println!(
            "Parta: demo data ready: {} school(s), {} pupils, {} teachers, {} parents ({:.1} s)",
            self.schools, self.pupils, self.teachers, self.parents, self.seconds
        );
        println!("Demo logins (password {DEMO_PASSWORD}):");
        for (login, who) in [
            ("admin", "администратор школы"),
            ("uchitel", "учитель математики, классный руководитель и родитель"),
            ("uchenik", "ученик 7А"),
            ("roditel", "родитель двоих детей"),
            ("region", "оператор региона"),
            ("novichok", "ученик 5А с временным паролем: мастер активации"),
            ("blokirovan", "заблокированная учётная запись"),
        ] {
            println!("  {login:<11} — {who}");
        }
        // Gosuslugi (ESIA) sign-in
        println!("Вход через госуслуги: на странице входа выберите «Архангельская область» (с PARTA_ESIA_SANDBOX; люди песочницы — в README)");
    }
}

pub async fn is_empty(db: &Db) -> Result<bool, sqlx::Error> {
    Ok(db.query_scalar::<i64>("SELECT COUNT(*) FROM schools").fetch_one(db.pool()).await? == 0)
}

/// Seeds the dataset; refuses a database that already has schools, so logins never collide.
pub async fn seed(db: &Db, scale: &Scale) -> Result<Report, String> {
    let started = std::time::Instant::now();
    if !is_empty(db).await.map_err(|e| e.to_string())? {
        return Err("the database already has schools; demo data goes only into an empty database".into());
    }
    let hash = app::accounts::password::hash(DEMO_PASSWORD.to_string()).await.map_err(|e| format!("{e:?}"))?;
    let mut gen = Generator { rng: Rng(2026), logins: HashSet::new(), snils_counter: 0, phone_counter: 0, hash, year: school_year_start() };
    let mut report = Report { schools: 0, pupils: 0, teachers: 0, parents: 0, seconds: 0.0 };
    let mut region_ids = Vec::new();
    for r in 0..scale.regions as usize {
        let (code, name) = REGIONS[r];
        let id: i64 = db
            .query_scalar("INSERT INTO regions (code, name, esia_enabled) VALUES ($1, $2, $3) RETURNING id")
            .bind(code)
            .bind(name)
            .bind(if r == 0 { 1i64 } else { 0 })
            .fetch_one(db.pool())
            .await
            .map_err(|e| e.to_string())?;
        region_ids.push(id);
    }
    for k in 0..scale.schools as usize {
        let region = k % region_ids.len();
        let number = k / region_ids.len() + 1;
        let counts = gen.school(db, region_ids[region], REGIONS[region].0, number, k == 0).await.map_err(|e| e.to_string())?;
        report.schools += 1;
        report.pupils += counts.0;
        report.teachers += counts.1;
        report.parents += counts.2;
    }
    gen.region_operator(db, region_ids[0]).await.map_err(|e| e.to_string())?;
    // The access-recovery people, in the named (first) school.
    let first_school: i64 = db.query_scalar("SELECT MIN(id) FROM schools").fetch_one(db.pool()).await.map_err(|e| e.to_string())?;
    recovery::seed(db, first_school, region_ids[0], &gen.hash).await.map_err(|e| e.to_string())?;
    esia::seed(db, first_school, region_ids[0], &gen.hash).await.map_err(|e| e.to_string())?;
    // PostgreSQL plans a freshly loaded table without statistics and reads the heap for every
    // index entry until autovacuum comes round (a minute or more later): a grid's
    // `MAX(revision)` walked all its cells instead of taking the last. Gather them now, as one
    // does after a restore, so the first pages run as they will in a school that is under way.
    if db.backend() == app::db::Backend::Postgres {
        sqlx::raw_sql("VACUUM ANALYZE").execute(db.pool()).await.map_err(|e| e.to_string())?;
    }
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// The school year now under way (September to May), by today's date.
fn school_year_start() -> i32 {
    use chrono_free::today;
    let (y, m, _) = today();
    if m >= 8 { y } else { y - 1 }
}

/// SplitMix64: small, fast and the same on every platform and crate version.
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
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo + 1) as u64) as i64
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

struct Person {
    surname: String,
    name: String,
    patronymic: String,
    female: bool,
    birth_date: String,
}

struct Family {
    surname: (&'static str, &'static str),
    father_name: &'static str,
    children: Vec<(i64, i64)>, // (person id, class id)
}

struct Generator {
    rng: Rng,
    logins: HashSet<String>,
    snils_counter: u32,
    phone_counter: u32,
    hash: String,
    year: i32,
}

use app::db::Tx;

impl Generator {
    fn person(&mut self, female: bool, father: &str, surname: (&str, &str), born_from: i32, born_to: i32) -> Person {
        let name = if female { *self.rng.pick(FEMALE_NAMES) } else { *self.rng.pick(MALE_NAMES) };
        let year = self.rng.range(born_from as i64, born_to as i64);
        let birth_date = format!("{year:04}-{:02}-{:02}", self.rng.range(1, 12), self.rng.range(1, 28));
        Person {
            surname: if female { surname.1 } else { surname.0 }.to_string(),
            name: name.to_string(),
            patronymic: patronymic(father, female),
            female,
            birth_date,
        }
    }

    fn adult(&mut self, female: bool, surname: (&str, &str), min_age: i32, max_age: i32) -> Person {
        let father = *self.rng.pick(MALE_NAMES);
        self.person(female, father, surname, self.year - max_age, self.year - min_age)
    }

    fn login_for(&mut self, p: &Person) -> String {
        let base = base_login(&p.surname, &p.name, &p.patronymic);
        let mut login = base.clone();
        let mut n = 2;
        while !self.logins.insert(login.clone()) {
            login = format!("{base}{n}");
            n += 1;
        }
        login
    }

    fn next_snils(&mut self) -> String {
        self.snils_counter += 1;
        // A bijection of the counter onto 100_000_000..900_000_000, so numbers look scattered.
        let nine = 100_000_000 + (self.snils_counter as u64 * 104_729 % 800_000_000) as u32;
        snils::with_checksum(nine)
    }

    fn next_phone(&mut self) -> String {
        self.phone_counter += 1;
        format!("+7921{:07}", 1_000_000 + self.phone_counter)
    }

    /// Inserts a person with an account and a role; returns (person id, role grant id).
    #[allow(clippy::too_many_arguments)]
    async fn insert(
        &mut self,
        tx: &mut Tx,
        db: &Db,
        school_id: Option<i64>,
        region_id: i64,
        p: &Person,
        role: &str,
        login: Option<&str>,
        with_contacts: bool,
        state: &str,
    ) -> Result<(i64, i64), sqlx::Error> {
        let t = now();
        let login = match login {
            Some(l) => {
                self.logins.insert(l.to_string());
                l.to_string()
            }
            None => self.login_for(p),
        };
        // Contacts exist only for people who went through activation and confirmed them.
        let with_contacts = with_contacts && state != "temporary";
        let (email, phone) = if with_contacts {
            (Some(format!("{login}@parta.example")), Some(self.next_phone()))
        } else {
            (None, None)
        };
        let confirmed = i64::from(with_contacts);
        let person_id: i64 = db
            .query_scalar(
                "INSERT INTO people (school_id, surname, name, patronymic, sex, birth_date, snils, email, \
                   email_confirmed, phone, phone_confirmed, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $9, $11, $11) RETURNING id",
            )
            .bind(school_id)
            .bind(p.surname.clone())
            .bind(p.name.clone())
            .bind(p.patronymic.clone())
            .bind(if p.female { "f" } else { "m" })
            .bind(p.birth_date.clone())
            .bind(self.next_snils())
            .bind(email)
            .bind(confirmed)
            .bind(phone)
            .bind(t)
            .fetch_one(&mut **tx)
            .await?;
        db.query(
            "INSERT INTO accounts (person_id, login, password_hash, state, created_at, activated_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(person_id)
        .bind(login)
        .bind(self.hash.clone())
        .bind(state.to_string())
        .bind(t)
        .bind(if state == "temporary" { None } else { Some(t) })
        .execute(&mut **tx)
        .await?;
        let grant = grant(tx, db, person_id, role, region_id, school_id).await?;
        Ok((person_id, grant))
    }

    async fn region_operator(&mut self, db: &Db, region_id: i64) -> Result<(), sqlx::Error> {
        let mut tx = db.begin().await?;
        let p = Person {
            surname: "Кузнецова".into(),
            name: "Ирина".into(),
            patronymic: "Александровна".into(),
            female: true,
            birth_date: format!("{}-03-14", self.year - 44),
        };
        self.insert(&mut tx, db, None, region_id, &p, "region_operator", Some("region"), true, "active").await?;
        tx.commit().await
    }

    /// One whole school; `named` gives it the demo logins. Returns (pupils, teachers, parents).
    async fn school(&mut self, db: &Db, region_id: i64, region_code: &str, number: usize, named: bool) -> Result<(usize, usize, usize), sqlx::Error> {
        let mut tx = db.begin().await?;
        let t = now();
        let inn = inn_with_check(&format!("{region_code}01{:05}", 10_000 + number * 37));
        let okpo = okpo_with_check(&format!("{:07}", 4_100_000 + number * 13));
        let school_id: i64 = db
            .query_scalar(
                "INSERT INTO schools (region_id, name, short_name, inn, okpo, address, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(region_id)
            .bind(format!("Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № {number}»"))
            .bind(format!("Школа № {number}"))
            .bind(inn)
            .bind(okpo)
            .bind(format!("ул. Школьная, д. {number}"))
            .bind(t)
            .fetch_one(&mut *tx)
            .await?;

        // The school year and its quarters (holidays between them).
        let y = self.year;
        let year_id: i64 = db
            .query_scalar(
                "INSERT INTO academic_years (school_id, name, starts_on, ends_on, period_kind) \
                 VALUES ($1, $2, $3, $4, 'quarter') RETURNING id",
            )
            .bind(school_id)
            .bind(format!("{y}/{}", y + 1))
            .bind(format!("{y}-09-01"))
            .bind(format!("{}-05-26", y + 1))
            .fetch_one(&mut *tx)
            .await?;
        let quarters = [
            (1, format!("{y}-09-01"), format!("{y}-10-24")),
            (2, format!("{y}-11-05"), format!("{y}-12-28")),
            (3, format!("{}-01-12", y + 1), format!("{}-03-21", y + 1)),
            (4, format!("{}-03-30", y + 1), format!("{}-05-26", y + 1)),
        ];
        for (n, from, to) in quarters {
            db.query(
                "INSERT INTO reporting_periods (school_id, academic_year_id, kind, number, starts_on, ends_on) \
                 VALUES ($1, $2, 'quarter', $3, $4, $5)",
            )
            .bind(school_id)
            .bind(year_id)
            .bind(n as i64)
            .bind(from)
            .bind(to)
            .execute(&mut *tx)
            .await?;
        }
        db.query(
            "INSERT INTO reporting_periods (school_id, academic_year_id, kind, number, starts_on, ends_on) \
             VALUES ($1, $2, 'year', 1, $3, $4)",
        )
        .bind(school_id)
        .bind(year_id)
        .bind(format!("{y}-09-01"))
        .bind(format!("{}-05-26", y + 1))
        .execute(&mut *tx)
        .await?;

        let mut subject_ids = HashMap::new();
        for (name, short, _) in plan::SUBJECTS {
            let id: i64 = db
                .query_scalar("INSERT INTO subjects (school_id, name, short_name) VALUES ($1, $2, $3) RETURNING id")
                .bind(school_id)
                .bind(*name)
                .bind(*short)
                .fetch_one(&mut *tx)
                .await?;
            subject_ids.insert(*name, id);
        }
        for floor in 1..=3 {
            for room in 1..=14 {
                db.query("INSERT INTO rooms (school_id, name, building, capacity) VALUES ($1, $2, '', $3)")
                    .bind(school_id)
                    .bind(format!("{floor}{room:02}"))
                    .bind(if room <= 2 { 16i64 } else { 30 })
                    .execute(&mut *tx)
                    .await?;
            }
        }
        db.query("INSERT INTO rooms (school_id, name, building, capacity) VALUES ($1, 'Спортзал', '', 60)")
            .bind(school_id)
            .execute(&mut *tx)
            .await?;

        // The admin.
        let admin = Person {
            surname: "Смирнова".into(),
            name: "Ольга".into(),
            patronymic: "Викторовна".into(),
            female: true,
            birth_date: format!("{}-06-02", y - 48),
        };
        let admin_login = if named { Some("admin".to_string()) } else { None };
        self.insert(&mut tx, db, Some(school_id), region_id, &admin, "school_admin", admin_login.as_deref(), true, "active").await?;

        // Classes and pupils, gathered into families.
        let mut classes: Vec<(i64, i64, &str)> = Vec::new();
        for grade in 1..=11i64 {
            for letter in plan::letters(grade) {
                let id: i64 = db
                    .query_scalar(
                        "INSERT INTO classes (school_id, academic_year_id, grade, letter) VALUES ($1, $2, $3, $4) RETURNING id",
                    )
                    .bind(school_id)
                    .bind(year_id)
                    .bind(grade)
                    .bind(*letter)
                    .fetch_one(&mut *tx)
                    .await?;
                classes.push((id, grade, letter));
            }
        }
        let mut families: Vec<Family> = Vec::new();
        let mut class_pupils: HashMap<i64, Vec<(String, i64)>> = HashMap::new();
        let mut pupil_count = 0;
        for &(class_id, grade, letter) in &classes {
            let size = self.rng.range(22, 28);
            for seat in 0..size {
                // Some pupils have an older or younger sibling elsewhere in the school.
                let sibling_of = if self.rng.chance(14) || (named && grade == 3 && seat == 0) {
                    families.iter().position(|f| f.children.len() == 1 && f.children[0].1 != class_id)
                } else {
                    None
                };
                let family_index = match sibling_of {
                    Some(i) => i,
                    None => {
                        families.push(Family {
                            surname: *self.rng.pick(SURNAMES),
                            father_name: *self.rng.pick(MALE_NAMES),
                            children: vec![],
                        });
                        families.len() - 1
                    }
                };
                let female = self.rng.chance(50);
                let born = y - 6 - grade as i32;
                let (surname, father) = (families[family_index].surname, families[family_index].father_name);
                let pupil = self.person(female, father, surname, born - 1, born - 1);
                let named_login = match (named, grade, letter, seat) {
                    (true, 7, "А", 0) => Some("uchenik"),
                    (true, 9, "Б", 0) => Some("blokirovan"),
                    (true, 5, "А", 1) => Some("novichok"),
                    _ => None,
                };
                let state = if named_login == Some("blokirovan") {
                    "blocked"
                } else if named_login == Some("novichok") || (named_login.is_none() && self.rng.chance(10)) {
                    "temporary"
                } else {
                    "active"
                };
                let (pupil_id, _) = self
                    .insert(&mut tx, db, Some(school_id), region_id, &pupil, "pupil", named_login, grade >= 5, state)
                    .await?;
                db.query("INSERT INTO class_enrolments (school_id, class_id, pupil_id) VALUES ($1, $2, $3)")
                    .bind(school_id)
                    .bind(class_id)
                    .bind(pupil_id)
                    .execute(&mut *tx)
                    .await?;
                families[family_index].children.push((pupil_id, class_id));
                class_pupils.entry(class_id).or_default().push((format!("{} {}", pupil.surname, pupil.name), pupil_id));
                pupil_count += 1;
            }
        }

        // Parents: a mother always, a father in most families; the first two-child family of
        // the named school is the demo parent's.
        let mut parent_count = 0;
        let mut roditel_given = false;
        for f in &families {
            let maternal_grandfather = *self.rng.pick(MALE_NAMES);
            let mother = self.person(true, maternal_grandfather, f.surname, y - 50, y - 27);
            let login = if named && !roditel_given && f.children.len() == 2 {
                roditel_given = true;
                Some("roditel")
            } else {
                None
            };
            let (mother_id, _) = self.insert(&mut tx, db, Some(school_id), region_id, &mother, "parent", login, true, "active").await?;
            let mut parents = vec![mother_id];
            if self.rng.chance(60) {
                let father = Person {
                    surname: f.surname.0.to_string(),
                    name: f.father_name.to_string(),
                    patronymic: patronymic(*self.rng.pick(MALE_NAMES), false),
                    female: false,
                    birth_date: format!("{}-{:02}-{:02}", self.rng.range((y - 55) as i64, (y - 28) as i64), self.rng.range(1, 12), self.rng.range(1, 28)),
                };
                let (father_id, _) = self.insert(&mut tx, db, Some(school_id), region_id, &father, "parent", None, true, "active").await?;
                parents.push(father_id);
            }
            parent_count += parents.len();
            for parent_id in parents {
                for &(child_id, _) in &f.children {
                    link(&mut tx, db, school_id, parent_id, child_id).await?;
                }
            }
        }

        // Subgroups for split subjects: the class list halved alphabetically.
        let mut subgroups: HashMap<(i64, &str), Vec<i64>> = HashMap::new();
        for &(class_id, grade, _) in &classes {
            let mut pupils = class_pupils.get(&class_id).cloned().unwrap_or_default();
            pupils.sort();
            for (subject, _) in plan::weekly_plan(grade) {
                if !plan::is_split(subject, grade) {
                    continue;
                }
                let half = pupils.len().div_ceil(2);
                let mut ids = Vec::new();
                for (n, members) in [&pupils[..half], &pupils[half..]].iter().enumerate() {
                    let sg: i64 = db
                        .query_scalar("INSERT INTO subgroups (school_id, class_id, subject_id, name) VALUES ($1, $2, $3, $4) RETURNING id")
                        .bind(school_id)
                        .bind(class_id)
                        .bind(subject_ids[subject])
                        .bind(format!("{} · {} группа", short_subject(subject), n + 1))
                        .fetch_one(&mut *tx)
                        .await?;
                    for (_, pupil_id) in members.iter() {
                        db.query("INSERT INTO subgroup_members (subgroup_id, school_id, pupil_id) VALUES ($1, $2, $3)")
                            .bind(sg)
                            .bind(school_id)
                            .bind(*pupil_id)
                            .execute(&mut *tx)
                            .await?;
                    }
                    ids.push(sg);
                }
                subgroups.insert((class_id, subject), ids);
            }
        }

        // Teachers: one primary teacher per class of grades 1–4, subject teachers filled greedily.
        let mut teachers: Vec<(i64, &'static str, i64)> = Vec::new(); // (person, family, load)
        let mut class_teacher: HashMap<i64, i64> = HashMap::new();
        let mut class_hours: HashMap<(i64, i64), i64> = HashMap::new(); // (class, teacher) → hours
        let mut uchitel_given = false;
        for &(class_id, grade, _) in &classes {
            let mut primary: Option<usize> = None;
            for (subject, hours) in plan::weekly_plan(grade) {
                let family = if grade <= 4 && !matches!(plan::family(subject), "english" | "pe") { "primary" } else { plan::family(subject) };
                let groups: Vec<Option<i64>> = match subgroups.get(&(class_id, subject)) {
                    Some(ids) => ids.iter().map(|id| Some(*id)).collect(),
                    None => vec![None],
                };
                // The groups of a split subject get different teachers, so they can sit side by
                // side in one timetable slot.
                let mut siblings: Vec<usize> = Vec::new();
                for subgroup in groups {
                    let index = if family == "primary" {
                        match primary {
                            Some(i) => i,
                            None => {
                                let (female, surname) = (self.rng.chance(92), *self.rng.pick(SURNAMES));
                                let p = self.adult(female, surname, 24, 62);
                                let (id, _) = self.insert(&mut tx, db, Some(school_id), region_id, &p, "teacher", None, true, "active").await?;
                                teachers.push((id, "primary", 0));
                                primary = Some(teachers.len() - 1);
                                teachers.len() - 1
                            }
                        }
                    } else {
                        let fits = teachers
                            .iter()
                            .enumerate()
                            .filter(|(i, (_, f, load))| *f == family && load + hours <= MAX_TEACHER_LOAD && !siblings.contains(i))
                            .max_by_key(|(_, (_, _, load))| *load)
                            .map(|(i, _)| i);
                        match fits {
                            Some(i) => i,
                            None => {
                                let login = if named && family == "math" && !uchitel_given {
                                    uchitel_given = true;
                                    Some("uchitel")
                                } else {
                                    None
                                };
                                let (female, surname) = (self.rng.chance(80), *self.rng.pick(SURNAMES));
                                let p = self.adult(female, surname, 24, 64);
                                let (id, _) = self.insert(&mut tx, db, Some(school_id), region_id, &p, "teacher", login, true, "active").await?;
                                teachers.push((id, family, 0));
                                teachers.len() - 1
                            }
                        }
                    };
                    siblings.push(index);
                    teachers[index].2 += hours;
                    let teacher_id = teachers[index].0;
                    *class_hours.entry((class_id, teacher_id)).or_default() += hours;
                    db.query(
                        "INSERT INTO teaching_assignments (school_id, academic_year_id, teacher_id, class_id, subgroup_id, subject_id, hours_per_week) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(school_id)
                    .bind(year_id)
                    .bind(teacher_id)
                    .bind(class_id)
                    .bind(subgroup)
                    .bind(subject_ids[subject])
                    .bind(hours)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            if let Some(i) = primary {
                class_teacher.insert(class_id, teachers[i].0);
            }
        }
        // Class teachers of grades 5–11: whoever teaches the class most and leads no class yet.
        // The demo teacher leads the first class they teach.
        let uchitel_id: Option<i64> = if named {
            db.query_scalar("SELECT a.person_id FROM accounts a WHERE a.login = 'uchitel'").fetch_optional(&mut *tx).await?
        } else {
            None
        };
        for &(class_id, grade, _) in &classes {
            if grade <= 4 {
                continue;
            }
            let leading: HashSet<i64> = class_teacher.values().copied().collect();
            let mut candidates: Vec<(i64, i64)> = class_hours
                .iter()
                .filter(|((c, t), _)| *c == class_id && !leading.contains(t))
                .map(|((_, t), h)| (*t, *h))
                .collect();
            candidates.sort_by_key(|(t, h)| (-h, *t));
            if let Some(u) = uchitel_id.filter(|u| !leading.contains(u) && candidates.iter().any(|(t, _)| t == u)) {
                class_teacher.insert(class_id, u);
            } else if let Some((t, _)) = candidates.first() {
                class_teacher.insert(class_id, *t);
            }
        }
        for (class_id, teacher_id) in &class_teacher {
            db.query("UPDATE classes SET class_teacher_id = $1 WHERE id = $2")
                .bind(*teacher_id)
                .bind(*class_id)
                .execute(&mut *tx)
                .await?;
        }
        // The demo teacher is also a parent of a third-grader: two roles, one account.
        if let Some(u) = uchitel_id {
            let child = classes.iter().find(|(_, g, l)| *g == 3 && *l == "Б").and_then(|(id, _, _)| class_pupils.get(id)).and_then(|p| p.last()).map(|(_, id)| *id);
            if let Some(child_id) = child {
                grant(&mut tx, db, u, "parent", region_id, Some(school_id)).await?;
                link(&mut tx, db, school_id, u, child_id).await?;
            }
        }
        timetable::seed(&mut tx, db, school_id, year_id).await?;
        // The live journal grid
        journal::seed(&mut tx, db, school_id).await?;
        db.query("INSERT INTO audit_log (school_id, action, entity, entity_id, after_json, at) VALUES ($1, 'demo.seed', 'school', $1, $2, $3)")
            .bind(school_id)
            .bind(format!("{{\"pupils\":{pupil_count},\"teachers\":{},\"parents\":{parent_count}}}", teachers.len()))
            .bind(t)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok((pupil_count, teachers.len(), parent_count))
    }
}

async fn grant(tx: &mut Tx, db: &Db, person_id: i64, role: &str, region_id: i64, school_id: Option<i64>) -> Result<i64, sqlx::Error> {
    db.query_scalar("INSERT INTO role_grants (person_id, role, region_id, school_id, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(person_id)
        .bind(role.to_string())
        .bind(region_id)
        .bind(school_id)
        .bind(now())
        .fetch_one(&mut **tx)
        .await
}

async fn link(tx: &mut Tx, db: &Db, school_id: i64, parent_id: i64, child_id: i64) -> Result<(), sqlx::Error> {
    let t = now();
    db.query("INSERT INTO parent_links (school_id, parent_id, child_id, status, created_at, decided_at) VALUES ($1, $2, $3, 'confirmed', $4, $4)")
        .bind(school_id)
        .bind(parent_id)
        .bind(child_id)
        .bind(t)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

fn short_subject(subject: &str) -> &'static str {
    plan::SUBJECTS.iter().find(|(n, _, _)| *n == subject).map(|(_, s, _)| *s).unwrap_or("")
}

/// A 10-digit legal-entity INN from its first nine digits.
pub fn inn_with_check(nine: &str) -> String {
    const W: [u32; 9] = [2, 4, 10, 3, 5, 9, 4, 6, 8];
    let sum: u32 = nine.chars().zip(W).map(|(c, w)| c.to_digit(10).unwrap_or(0) * w).sum();
    format!("{nine}{}", sum % 11 % 10)
}

/// An 8-digit OKPO from its first seven digits.
pub fn okpo_with_check(seven: &str) -> String {
    let d: Vec<u32> = seven.chars().map(|c| c.to_digit(10).unwrap_or(0)).collect();
    let weighted = |start: u32| d.iter().enumerate().map(|(i, x)| x * ((start + i as u32 - 1) % 10 + 1)).sum::<u32>() % 11;
    let mut check = weighted(1);
    if check == 10 {
        check = weighted(3) % 10;
    }
    format!("{seven}{check}")
}

/// Today's civil date without a date crate: days since the epoch → year, month, day.
mod chrono_free {
    pub fn today() -> (i32, u32, u32) {
        let days = app::db::now().div_euclid(86_400);
        civil_from_days(days)
    }

    /// Howard Hinnant's days-to-civil algorithm.
    pub fn civil_from_days(z: i64) -> (i32, u32, u32) {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        ((if m <= 2 { y + 1 } else { y }) as i32, m, d)
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn converts_known_days() {
            assert_eq!(super::civil_from_days(0), (1970, 1, 1));
            assert_eq!(super::civil_from_days(20_414), (2025, 11, 22));
            assert_eq!(super::civil_from_days(11_016), (2000, 2, 29));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inn_check_digit_matches_a_real_inn() {
        // 7707083893 is a well-known valid legal-entity INN.
        assert_eq!(inn_with_check("770708389"), "7707083893");
    }

    #[test]
    fn okpo_check_digit_follows_the_rule() {
        // 0 0 0 3 2 5 3: weights 1..7 → 0+0+0+12+10+30+21 = 73 % 11 = 7.
        assert_eq!(okpo_with_check("0003253"), "00032537");
    }

    #[test]
    fn demo_snils_are_valid_and_unique() {
        let mut g = Generator { rng: Rng(1), logins: HashSet::new(), snils_counter: 0, phone_counter: 0, hash: String::new(), year: 2026 };
        let all: HashSet<String> = (0..5000).map(|_| g.next_snils()).collect();
        assert_eq!(all.len(), 5000);
        for s in all.iter().take(200) {
            assert_eq!(snils::parse(s).as_deref(), Ok(s.as_str()));
        }
    }

    #[test]
    fn scale_arguments_are_checked() {
        assert_eq!(Scale::parse(&[]).unwrap(), Scale::single());
        let s = Scale::parse(&["--schools".into(), "20".into(), "--regions".into(), "4".into()]).unwrap();
        assert_eq!(s, Scale { schools: 20, regions: 4 });
        assert!(Scale::parse(&["--schools".into(), "0".into()]).is_err());
        assert!(Scale::parse(&["--regions".into(), "3".into()]).is_err());
        assert!(Scale::parse(&["--colour".into(), "1".into()]).is_err());
    }

    #[test]
    fn the_random_sequence_is_fixed() {
        let mut a = Rng(2026);
        let mut b = Rng(2026);
        let xs: Vec<u64> = (0..5).map(|_| a.next()).collect();
        let ys: Vec<u64> = (0..5).map(|_| b.next()).collect();
        assert_eq!(xs, ys);
    }
}
