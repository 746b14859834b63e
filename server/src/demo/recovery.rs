//! Demo people for access recovery, apart from the generated school so that nothing else
//! shifts: one set per end-to-end project (desktop/phone × JavaScript on/off), because a
//! recovery test changes a password and spends rate limits, and the four projects share one
//! server. Each set: a pupil recovering by e-mail, a pupil recovering by phone, a parent with a
//! linked child. One more pupil never confirmed the contacts. All in the named school, all with
//! the demo password; birth dates and phones are fixed so tests can type them.

use app::db::{now, Db};

/// The end-to-end projects, in `end2end/playwright.config.ts`.
pub const PROJECTS: [&str; 4] = ["desktop-js", "desktop-nojs", "phone-js", "phone-nojs"];

/// The pupil whose e-mail and phone were never confirmed.
pub const UNCONFIRMED_LOGIN: &str = "vosst-nepodtverzhden";
pub const UNCONFIRMED_BIRTH_DATE: &str = "2012-09-01";

/// What the README and the tests need to know about one project's set.
pub struct RecoverySet {
    pub email_login: String,
    pub phone_login: String,
    pub parent_login: String,
    pub child_login: String,
}

pub fn set_for(index: usize) -> RecoverySet {
    let p = PROJECTS[index];
    RecoverySet {
        email_login: format!("vosst-pochta-{p}"),
        phone_login: format!("vosst-telefon-{p}"),
        parent_login: format!("vosst-roditel-{p}"),
        child_login: format!("vosst-rebenok-{p}"),
    }
}

/// `+7 999 1NK-00-00`: N the project, K the person.
pub fn phone_for(index: usize, person: usize) -> String {
    format!("+79991{index}{person}0000")
}

/// Birth date of person `person` of project `index`.
pub fn birth_date_for(index: usize, person: usize) -> String {
    let year = if person == 2 { 1985 } else { 2011 };
    format!("{year}-0{}-{:02}", 1 + person, 10 + index)
}

#[allow(clippy::too_many_arguments)]
async fn person(
    tx: &mut app::db::Tx,
    db: &Db,
    school_id: i64,
    region_id: i64,
    hash: &str,
    (surname, name, patronymic, sex): (&str, &str, &str, &str),
    birth_date: &str,
    login: &str,
    phone: &str,
    confirmed: bool,
    role: &str,
) -> Result<i64, sqlx::Error> {
    let t = now();
    // SNILS above the generated school's range (100–900 million), so never a duplicate.
    let nine = 900_000_000 + login.bytes().fold(0u32, |h, b| (h * 31 + u32::from(b)) % 99_000_000);
    let id: i64 = db
        .query_scalar(
            "INSERT INTO people (school_id, surname, name, patronymic, sex, birth_date, email, email_confirmed, \
               phone, phone_confirmed, created_at, updated_at, snils) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8, $10, $10, $11) RETURNING id",
        )
        .bind(school_id)
        .bind(surname.to_string())
        .bind(name.to_string())
        .bind(patronymic.to_string())
        .bind(sex.to_string())
        .bind(birth_date.to_string())
        .bind(format!("{login}@parta.example"))
        .bind(i64::from(confirmed))
        .bind(phone.to_string())
        .bind(t)
        .bind(app::accounts::snils::with_checksum(nine))
        .fetch_one(&mut **tx)
        .await?;
    db.query(
        "INSERT INTO accounts (person_id, login, password_hash, state, created_at, activated_at) \
         VALUES ($1, $2, $3, 'active', $4, $4)",
    )
    .bind(id)
    .bind(login.to_string())
    .bind(hash.to_string())
    .bind(t)
    .execute(&mut **tx)
    .await?;
    db.query("INSERT INTO role_grants (person_id, role, region_id, school_id, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(id)
        .bind(role.to_string())
        .bind(region_id)
        .bind(school_id)
        .bind(t)
        .execute(&mut **tx)
        .await?;
    Ok(id)
}

async fn link(tx: &mut app::db::Tx, db: &Db, school_id: i64, parent_id: i64, child_id: i64) -> Result<(), sqlx::Error> {
    db.query("INSERT INTO parent_links (school_id, parent_id, child_id, status, created_at, decided_at) VALUES ($1, $2, $3, 'confirmed', $4, $4)")
        .bind(school_id)
        .bind(parent_id)
        .bind(child_id)
        .bind(now())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn enrol(tx: &mut app::db::Tx, db: &Db, school_id: i64, class_id: Option<i64>, pupil_id: i64) -> Result<(), sqlx::Error> {
    if let Some(class_id) = class_id {
        db.query("INSERT INTO class_enrolments (school_id, class_id, pupil_id) VALUES ($1, $2, $3)")
            .bind(school_id)
            .bind(class_id)
            .bind(pupil_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Adds the recovery people to the school (the first, named one). Like every demo pupil, each
/// pupil is in a class (the first 7th) and has a parent: the set's parent has all three pupils
/// of the set as children.
pub async fn seed(db: &Db, school_id: i64, region_id: i64, hash: &str) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    let class_id: Option<i64> = db
        .query_scalar("SELECT id FROM classes WHERE school_id = $1 AND grade = 7 ORDER BY letter LIMIT 1")
        .bind(school_id)
        .fetch_optional(&mut *tx)
        .await?;
    let names = [
        ("Восстановленова", "Анна", "Игоревна", "f"),
        ("Телефонов", "Пётр", "Сергеевич", "m"),
        ("Заботина", "Ирина", "Олеговна", "f"),
        ("Заботин", "Миша", "Андреевич", "m"),
    ];
    for index in 0..PROJECTS.len() {
        let set = set_for(index);
        let logins = [&set.email_login, &set.phone_login, &set.parent_login, &set.child_login];
        let roles = ["pupil", "pupil", "parent", "pupil"];
        let mut ids = Vec::new();
        for n in 0..4 {
            let who = names[n];
            let id = person(&mut tx, db, school_id, region_id, hash, who, &birth_date_for(index, n), logins[n], &phone_for(index, n), true, roles[n]).await?;
            if roles[n] == "pupil" {
                enrol(&mut tx, db, school_id, class_id, id).await?;
            }
            ids.push(id);
        }
        for child in [ids[0], ids[1], ids[3]] {
            link(&mut tx, db, school_id, ids[2], child).await?;
        }
    }
    let pupil = (("Неподтверждённая", "Вера", "Павловна", "f"), UNCONFIRMED_BIRTH_DATE, UNCONFIRMED_LOGIN, "+79991990000");
    let pupil_id = person(&mut tx, db, school_id, region_id, hash, pupil.0, pupil.1, pupil.2, pupil.3, false, "pupil").await?;
    enrol(&mut tx, db, school_id, class_id, pupil_id).await?;
    let mother = ("Неподтверждённая", "Ольга", "Ивановна", "f");
    let mother_id = person(&mut tx, db, school_id, region_id, hash, mother, "1984-05-20", "vosst-nepodtverzhden-mama", "+79991980000", false, "parent").await?;
    link(&mut tx, db, school_id, mother_id, pupil_id).await?;
    tx.commit().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_set_has_its_own_logins_phones_and_dates() {
        let mut seen = std::collections::HashSet::new();
        for i in 0..PROJECTS.len() {
            let s = set_for(i);
            for login in [s.email_login, s.phone_login, s.parent_login, s.child_login] {
                assert!(seen.insert(login));
            }
            for p in 0..4 {
                assert!(seen.insert(phone_for(i, p)));
                assert_eq!(app::accounts::contacts::parse_phone(&phone_for(i, p)), Ok(phone_for(i, p)));
                assert!(app::accounts::recovery::parse_birth_date(&birth_date_for(i, p)).is_ok());
            }
        }
        assert_eq!(phone_for(0, 1), "+79991010000");
        assert_eq!(birth_date_for(0, 0), "2011-01-10");
        assert_eq!(birth_date_for(3, 2), "1985-03-13");
    }
}
