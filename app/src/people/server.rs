//! Server-only queries of the people pages. The api layer has already asked the policy; these
//! functions still scope every statement to the school, so a wrong id finds nothing.

use super::logins::{base_login, temporary_password};
use super::types::*;
use super::validate::ValidPerson;
use crate::accounts::types::{Me, RoleKind};
use crate::accounts::{contacts, password, snils};
use crate::audit;
use crate::context::ServerContext;
use crate::db::{now, Db, Row};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::school::queries::person_name;
use crate::school::types::class_name;
use serde_json::json;
use sqlx::AnyConnection;

/// The conditions of the list and of its count, written once: people holding a role in school
/// `$1`, of role `$2` (or any), in class `$3` (or any), matching the search words `$4`/`$5`/`$6`.
/// It starts from the school's role grants (an index range), so the cost follows the school's
/// size, not the whole database's; a person with two roles is counted once (DISTINCT).
macro_rules! people_filter {
    () => {
        "FROM role_grants g JOIN people p ON p.id = g.person_id JOIN accounts a ON a.person_id = p.id \
         WHERE g.school_id = $1 AND ($2 = '' OR g.role = $2) \
           AND ($3 = 0 OR EXISTS (SELECT 1 FROM class_enrolments e WHERE e.pupil_id = p.id AND e.class_id = $3)) \
           AND ($4 = '' OR p.surname LIKE $4 OR p.name LIKE $4 OR a.login LIKE $5) \
           AND ($6 = '' OR p.name LIKE $6 OR p.patronymic LIKE $6)"
    };
}

/// Search words as the list matches them: names by prefix with a capital first letter (stored
/// names are written that way; SQLite's LIKE folds only ASCII case), logins lower-case.
fn search_patterns(query: &str) -> (String, String, String) {
    let mut words = query.split_whitespace().map(|w| w.replace(['%', '_'], ""));
    let capitalised = |w: &str| {
        let mut chars = w.chars();
        match chars.next() {
            Some(first) => format!("{}{}%", first.to_uppercase(), chars.as_str().to_lowercase()),
            None => String::new(),
        }
    };
    let first = words.next().unwrap_or_default();
    let second = words.next().unwrap_or_default();
    let login = if first.is_empty() { String::new() } else { format!("{}%", first.to_lowercase()) };
    (capitalised(&first), login, capitalised(&second))
}

/// The school's current academic year (the latest one).
pub async fn current_year(ctx: &ServerContext, school_id: i64) -> Result<Option<i64>, AppError> {
    Ok(ctx
        .db
        .query_scalar("SELECT id FROM academic_years WHERE school_id = $1 ORDER BY starts_on DESC LIMIT 1")
        .bind(school_id)
        .fetch_optional(ctx.db.pool())
        .await?)
}

pub async fn class_options(ctx: &ServerContext, school_id: i64) -> Result<Vec<ClassOption>, AppError> {
    let year = current_year(ctx, school_id).await?.unwrap_or(0);
    let rows = ctx
        .db
        .query("SELECT id, grade, letter FROM classes WHERE school_id = $1 AND academic_year_id = $2 ORDER BY grade, letter")
        .bind(school_id)
        .bind(year)
        .fetch_all(ctx.db.pool())
        .await?;
    rows.iter()
        .map(|r| Ok(ClassOption { id: r.try_get("id")?, name: class_name(r.try_get("grade")?, &r.try_get::<String, _>("letter")?) }))
        .collect()
}

/// Each school's list order for a role and class filter without search words, kept under the
/// school's structure stamp (people, roles and enrolments raise it): sorting the whole school
/// twice a request (count, then page) held the list at about 330 pages a second.
pub type PeopleOrders = crate::stamped::Stamped<(i64, &'static str, i64), i64, std::sync::Arc<Vec<i64>>, 512>;

/// The ids the list shows, in its order (surname, name, patronymic). Without search words the
/// order comes from memory while the school's stamp, read with the session before anything else,
/// is the one it was kept under: never older than the database.
async fn ordered_ids(ctx: &ServerContext, school_id: i64, query: &str, role: &'static str, class_id: i64) -> Result<std::sync::Arc<Vec<i64>>, AppError> {
    let db = &ctx.db;
    let (name_pattern, login_pattern, second_pattern) = search_patterns(query);
    let key = (school_id, role, class_id);
    let stamp = crate::accounts::session::school_numbers().filter(|n| n.school_id == school_id).map(|n| n.stamp).filter(|_| name_pattern.is_empty() && second_pattern.is_empty());
    if let Some(ids) = stamp.and_then(|stamp| ctx.people_orders.get(&key, &stamp)) {
        return Ok(ids);
    }
    let rows = db
        .query(concat!("SELECT DISTINCT p.id, p.surname, p.name, p.patronymic ", people_filter!(), " ORDER BY p.surname, p.name, p.patronymic, p.id"))
        .bind(school_id)
        .bind(role)
        .bind(class_id)
        .bind(name_pattern)
        .bind(login_pattern)
        .bind(second_pattern)
        .fetch_all(db.pool())
        .await?;
    let ids = std::sync::Arc::new(rows.iter().map(|r| r.try_get("id")).collect::<Result<Vec<i64>, _>>()?);
    if let Some(stamp) = stamp {
        ctx.people_orders.put(key, stamp, ids.clone());
    }
    Ok(ids)
}

pub async fn list(ctx: &ServerContext, school_id: i64, query: &str, role: &str, class_id: i64, page: i64) -> Result<PeopleList, AppError> {
    let db = &ctx.db;
    let role = RoleKind::from_code(role).map(|r| r.code()).unwrap_or("");
    let order = ordered_ids(ctx, school_id, query, role, class_id).await?;
    let total = order.len() as i64;
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let page = page.clamp(1, pages);
    let ids: Vec<i64> = order.iter().skip(((page - 1) * PAGE_SIZE) as usize).take(PAGE_SIZE as usize).copied().collect();
    let (postgres, sqlite) =
        crate::in_ids!("SELECT p.id, p.surname, p.name, p.patronymic, a.login, a.state FROM people p JOIN accounts a ON a.person_id = p.id WHERE ", "p.id", 1, "");
    let found = db.query_per_backend(postgres, sqlite).bind(crate::db::ids_param(&ids)).fetch_all(db.pool()).await?;
    // In the list's order; a person gone since the order was read is left out.
    let mut rows = Vec::with_capacity(ids.len());
    for id in &ids {
        if let Some(r) = found.iter().find(|r| r.try_get::<i64, _>("id").ok() == Some(*id)) {
            rows.push(r);
        }
    }
    let ids = rows.iter().map(|r| r.try_get("id")).collect::<Result<Vec<i64>, _>>()?;
    // The page's roles and classes in one statement each, not two per row.
    let (postgres, sqlite) = crate::in_ids!("SELECT person_id, role FROM role_grants WHERE school_id = $1 AND ", "person_id", 2, " ORDER BY id");
    let grants = db.query_per_backend(postgres, sqlite).bind(school_id).bind(crate::db::ids_param(&ids)).fetch_all(db.pool()).await?;
    let (postgres, sqlite) = crate::in_ids!(
        "SELECT e.pupil_id, c.grade, c.letter FROM class_enrolments e JOIN classes c ON c.id = e.class_id WHERE e.school_id = $1 AND ",
        "e.pupil_id",
        2,
        " ORDER BY e.pupil_id, c.academic_year_id DESC"
    );
    let enrolments = db.query_per_backend(postgres, sqlite).bind(school_id).bind(crate::db::ids_param(&ids)).fetch_all(db.pool()).await?;
    let mut items = Vec::with_capacity(rows.len());
    for (r, id) in rows.iter().copied().zip(ids) {
        let mut roles = Vec::new();
        for g in grants.iter().filter(|g| g.try_get::<i64, _>("person_id").ok() == Some(id)) {
            roles.extend(RoleKind::from_code(&g.try_get::<String, _>("role")?));
        }
        // The latest year's class comes first.
        let class = match enrolments.iter().find(|e| e.try_get::<i64, _>("pupil_id").ok() == Some(id)) {
            Some(e) => Some(class_name(e.try_get("grade")?, &e.try_get::<String, _>("letter")?)),
            None => None,
        };
        items.push(PersonListItem {
            id,
            full_name: person_name(r)?.unwrap_or_default(),
            roles,
            class_name: class,
            login: r.try_get("login")?,
            state: AccountState::from_code(&r.try_get::<String, _>("state")?),
        });
    }
    Ok(PeopleList { items, total, page, pages, classes: class_options(ctx, school_id).await? })
}

/// Takes the caller's connection: inside a transaction, a read through the pool would wait for
/// a second connection while holding the write lock.
async fn roles_in(db: &Db, conn: &mut AnyConnection, person_id: i64, school_id: i64) -> Result<Vec<RoleKind>, AppError> {
    let codes: Vec<String> = db
        .query_scalar("SELECT role FROM role_grants WHERE person_id = $1 AND school_id = $2 ORDER BY id")
        .bind(person_id)
        .bind(school_id)
        .fetch_all(conn)
        .await?;
    Ok(codes.iter().filter_map(|c| RoleKind::from_code(c)).collect())
}

/// The pupil's class this year: (id, «5А»).
async fn class_of(db: &Db, conn: &mut AnyConnection, pupil_id: i64, school_id: i64) -> Result<Option<(i64, String)>, AppError> {
    let row = db
        .query(
            "SELECT c.id, c.grade, c.letter FROM class_enrolments e JOIN classes c ON c.id = e.class_id \
             WHERE e.pupil_id = $1 AND e.school_id = $2 ORDER BY c.academic_year_id DESC LIMIT 1",
        )
        .bind(pupil_id)
        .bind(school_id)
        .fetch_optional(conn)
        .await?;
    row.map(|r| Ok((r.try_get("id")?, class_name(r.try_get("grade")?, &r.try_get::<String, _>("letter")?)))).transpose()
}

pub async fn details(ctx: &ServerContext, school_id: i64, person_id: i64) -> Result<PersonCard, AppError> {
    let db = &ctx.db;
    let r = db
        .query(
            "SELECT p.surname, p.name, p.patronymic, p.sex, p.birth_date, p.snils, p.email, p.email_confirmed, \
                    p.phone, p.phone_confirmed, p.school_id, a.login, a.state, a.temporary_secret \
             FROM people p JOIN accounts a ON a.person_id = p.id WHERE p.id = $1",
        )
        .bind(person_id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    let mut conn = db.acquire().await?;
    let roles = roles_in(db, &mut conn, person_id, school_id).await?;
    let class = class_of(db, &mut conn, person_id, school_id).await?;
    drop(conn);
    let state = AccountState::from_code(&r.try_get::<String, _>("state")?);
    let sealed: Option<String> = r.try_get("temporary_secret")?;
    // Only the school that keeps the record hands out its temporary password.
    let kept_here = r.try_get::<Option<i64>, _>("school_id")? == Some(school_id);
    let temporary_password = match state {
        AccountState::Temporary if kept_here => sealed.and_then(|s| super::secret::open(&ctx.settings.secret_key, &s)),
        _ => None,
    };
    let snils: Option<String> = r.try_get("snils")?;
    let phone: Option<String> = r.try_get("phone")?;
    let fields = PersonFields {
        surname: r.try_get("surname")?,
        name: r.try_get("name")?,
        patronymic: r.try_get("patronymic")?,
        sex: r.try_get("sex")?,
        birth_date: r.try_get("birth_date")?,
        snils: snils.map(|s| snils::format(&s)).unwrap_or_default(),
        email: r.try_get::<Option<String>, _>("email")?.unwrap_or_default(),
        phone: phone.map(|p| contacts::format_phone(&p)).unwrap_or_default(),
        role: roles.first().map(|r| r.code().to_string()).unwrap_or_default(),
        class_id: class.as_ref().map(|(id, _)| id.to_string()).unwrap_or_default(),
    };
    Ok(PersonCard {
        id: person_id,
        full_name: person_name(&r)?.unwrap_or_default(),
        fields,
        email_confirmed: r.try_get::<i64, _>("email_confirmed")? == 1,
        phone_confirmed: r.try_get::<i64, _>("phone_confirmed")? == 1,
        login: r.try_get("login")?,
        state,
        roles,
        class_name: class.map(|(_, name)| name),
        temporary_password,
        parents: links(ctx, "SELECT l.status, p.id, p.surname, p.name, p.patronymic, p.school_id AS kept_by FROM parent_links l \
                            JOIN people p ON p.id = l.parent_id WHERE l.child_id = $1 AND l.school_id = $2 ORDER BY p.surname, p.name", person_id, school_id).await?,
        children: links(ctx, "SELECT l.status, p.id, p.surname, p.name, p.patronymic, p.school_id AS kept_by FROM parent_links l \
                             JOIN people p ON p.id = l.child_id WHERE l.parent_id = $1 AND l.school_id = $2 ORDER BY p.surname, p.name", person_id, school_id).await?,
        classes: class_options(ctx, school_id).await?,
    })
}

/// This school's links of a person. Whom an invitation went to is named only once they accepted
/// (or when the school keeps their record itself): an unanswered or declined invitation to
/// someone else's account shows no more than finding the account did.
async fn links(ctx: &ServerContext, sql: &'static str, person_id: i64, school_id: i64) -> Result<Vec<LinkRow>, AppError> {
    let rows = ctx.db.query(sql).bind(person_id).bind(school_id).fetch_all(ctx.db.pool()).await?;
    rows.iter()
        .map(|r| {
            let status = LinkStatus::from_code(&r.try_get::<String, _>("status")?);
            let named = status == LinkStatus::Confirmed || r.try_get::<Option<i64>, _>("kept_by")? == Some(school_id);
            Ok(LinkRow {
                person_id: if named { Some(r.try_get("id")?) } else { None },
                full_name: if named { person_name(r)? } else { None },
                status,
            })
        })
        .collect()
}

/// Refusals the database has to answer: an unknown class, the same SNILS anywhere in Parta, the
/// same ФИО and birth date in this school. `except` is the person being edited.
pub async fn check_against_school(
    conn: &mut AnyConnection,
    db: &Db,
    school_id: i64,
    v: &ValidPerson,
    except: i64,
) -> Result<Vec<(&'static str, Msg)>, AppError> {
    let mut problems = Vec::new();
    if let Some(class_id) = v.class_id {
        let n: i64 = db
            .query_scalar("SELECT COUNT(*) FROM classes WHERE id = $1 AND school_id = $2")
            .bind(class_id)
            .bind(school_id)
            .fetch_one(&mut *conn)
            .await?;
        if n == 0 {
            problems.push(("class_id", Msg::ClassUnknown));
        }
    }
    if let Some(snils) = &v.snils {
        let n: i64 = db
            .query_scalar("SELECT COUNT(*) FROM people WHERE snils = $1 AND id <> $2")
            .bind(snils.clone())
            .bind(except)
            .fetch_one(&mut *conn)
            .await?;
        if n > 0 {
            problems.push(("snils", Msg::DuplicateSnils));
        }
    }
    let n: i64 = db
        .query_scalar(
            "SELECT COUNT(*) FROM people WHERE school_id = $1 AND birth_date = $2 AND surname = $3 AND name = $4 \
             AND patronymic = $5 AND id <> $6",
        )
        .bind(school_id)
        .bind(v.birth_date.clone())
        .bind(v.surname.clone())
        .bind(v.name.clone())
        .bind(v.patronymic.clone())
        .bind(except)
        .fetch_one(&mut *conn)
        .await?;
    if n > 0 {
        problems.insert(0, ("surname", Msg::DuplicatePerson));
    }
    Ok(problems)
}

/// A login nobody has: the base spelling, then with 2, 3, … appended.
async fn free_login(conn: &mut AnyConnection, db: &Db, base: &str) -> Result<String, AppError> {
    let mut candidate = base.to_string();
    for n in 2.. {
        let taken: i64 = db
            .query_scalar("SELECT COUNT(*) FROM accounts WHERE login = $1")
            .bind(candidate.clone())
            .fetch_one(&mut *conn)
            .await?;
        if taken == 0 {
            break;
        }
        candidate = format!("{base}{n}");
    }
    Ok(candidate)
}

fn person_json(v: &ValidPerson) -> serde_json::Value {
    json!({
        "surname": v.surname, "name": v.name, "patronymic": v.patronymic,
        "sex": if v.female { "f" } else { "m" }, "birth_date": v.birth_date,
        "snils": v.snils, "email": v.email, "phone": v.phone, "class_id": v.class_id,
    })
}

/// What a new person needs besides their data: who creates them and, for a parent made from a
/// child's page, the child to invite them to.
pub struct NewPerson<'a> {
    pub person: &'a ValidPerson,
    pub child_id: Option<i64>,
}

/// Creates the person, their account with a temporary password, the role and (for a pupil) the
/// class place, inside the caller's transaction; returns the new person's id and login.
/// Duplicates and unknown classes are refused first, every problem at once.
pub async fn insert_person(
    conn: &mut AnyConnection,
    ctx: &ServerContext,
    me: &Me,
    school_id: i64,
    new: NewPerson<'_>,
    temporary: &str,
    temporary_hash: &str,
) -> Result<Result<(i64, String), Vec<(&'static str, Msg)>>, AppError> {
    let db = &ctx.db;
    let v = new.person;
    let problems = check_against_school(conn, db, school_id, v, 0).await?;
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    let region_id: i64 = db.query_scalar("SELECT region_id FROM schools WHERE id = $1").bind(school_id).fetch_one(&mut *conn).await?;
    let login = free_login(conn, db, &base_login(&v.surname, &v.name, &v.patronymic)).await?;
    let t = now();
    let person_id: i64 = db
        .query_scalar(
            "INSERT INTO people (school_id, surname, name, patronymic, sex, birth_date, snils, email, phone, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
        )
        .bind(school_id)
        .bind(v.surname.clone())
        .bind(v.name.clone())
        .bind(v.patronymic.clone())
        .bind(if v.female { "f" } else { "m" })
        .bind(v.birth_date.clone())
        .bind(v.snils.clone())
        .bind(v.email.clone())
        .bind(v.phone.clone())
        .bind(t)
        .fetch_one(&mut *conn)
        .await?;
    db.query(
        "INSERT INTO accounts (person_id, login, password_hash, state, temporary_secret, created_at) \
         VALUES ($1, $2, $3, 'temporary', $4, $5)",
    )
    .bind(person_id)
    .bind(login.clone())
    .bind(temporary_hash.to_string())
    .bind(super::secret::seal(&ctx.settings.secret_key, temporary))
    .bind(t)
    .execute(&mut *conn)
    .await?;
    db.query("INSERT INTO role_grants (person_id, role, region_id, school_id, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(person_id)
        .bind(v.role.code())
        .bind(region_id)
        .bind(school_id)
        .bind(t)
        .execute(&mut *conn)
        .await?;
    if let Some(class_id) = v.class_id {
        db.query("INSERT INTO class_enrolments (school_id, class_id, pupil_id) VALUES ($1, $2, $3)")
            .bind(school_id)
            .bind(class_id)
            .bind(person_id)
            .execute(&mut *conn)
            .await?;
    }
    let mut after = person_json(v);
    after["login"] = json!(login);
    after["role"] = json!(v.role.code());
    audit::record(
        conn,
        db,
        audit::Entry {
            school_id: Some(school_id),
            actor: Some(me.person_id),
            action: "person.create",
            entity: "person",
            entity_id: Some(person_id),
            before: None,
            after: Some(after),
        },
    )
    .await?;
    if let (RoleKind::Parent, Some(child_id)) = (v.role, new.child_id) {
        invite(conn, ctx, me, school_id, child_id, person_id).await?;
    }
    Ok(Ok((person_id, login)))
}

/// The admin's «Создать»: validated data in, the new person's id out.
pub async fn create(ctx: &ServerContext, me: &Me, school_id: i64, v: &ValidPerson, child_id: Option<i64>) -> Result<Result<i64, Vec<(&'static str, Msg)>>, AppError> {
    if let Some(child_id) = child_id {
        ensure_pupil_of(ctx, school_id, child_id).await?;
    }
    let temporary = temporary_password();
    let hash = password::hash_generated(temporary.clone()).await?;
    let mut tx = ctx.db.begin().await?;
    let outcome = insert_person(&mut tx, ctx, me, school_id, NewPerson { person: v, child_id }, &temporary, &hash).await?;
    match outcome {
        Ok((id, _login)) => {
            tx.commit().await?;
            Ok(Ok(id))
        }
        Err(problems) => Ok(Err(problems)),
    }
}

async fn ensure_pupil_of(ctx: &ServerContext, school_id: i64, child_id: i64) -> Result<(), AppError> {
    let n: i64 = ctx
        .db
        .query_scalar(
            "SELECT COUNT(*) FROM role_grants WHERE person_id = $1 AND school_id = $2 AND role = 'pupil'",
        )
        .bind(child_id)
        .bind(school_id)
        .fetch_one(ctx.db.pool())
        .await?;
    if n == 0 { Err(AppError::NotFound) } else { Ok(()) }
}

/// «Сохранить» on the person's page: personal data and the class. A changed e-mail or phone has
/// to be confirmed again by its owner.
pub async fn update(ctx: &ServerContext, me: &Me, school_id: i64, person_id: i64, v: &ValidPerson) -> Result<Result<(), Vec<(&'static str, Msg)>>, AppError> {
    let db = &ctx.db;
    let mut tx = db.begin().await?;
    let problems = check_against_school(&mut tx, db, school_id, v, person_id).await?;
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    let before_row = db
        .query("SELECT surname, name, patronymic, sex, birth_date, snils, email, phone FROM people WHERE id = $1")
        .bind(person_id)
        .fetch_one(&mut *tx)
        .await?;
    let old_class = class_of(db, &mut tx, person_id, school_id).await?.map(|(id, _)| id);
    let before = json!({
        "surname": before_row.try_get::<String, _>("surname")?, "name": before_row.try_get::<String, _>("name")?,
        "patronymic": before_row.try_get::<String, _>("patronymic")?, "sex": before_row.try_get::<String, _>("sex")?,
        "birth_date": before_row.try_get::<String, _>("birth_date")?, "snils": before_row.try_get::<Option<String>, _>("snils")?,
        "email": before_row.try_get::<Option<String>, _>("email")?, "phone": before_row.try_get::<Option<String>, _>("phone")?,
        "class_id": old_class,
    });
    db.query(
        "UPDATE people SET surname = $1, name = $2, patronymic = $3, sex = $4, birth_date = $5, snils = $6, \
           email_confirmed = CASE WHEN email = $7 THEN email_confirmed ELSE 0 END, \
           phone_confirmed = CASE WHEN phone = $8 THEN phone_confirmed ELSE 0 END, \
           email = $7, phone = $8, updated_at = $9 \
         WHERE id = $10",
    )
    .bind(v.surname.clone())
    .bind(v.name.clone())
    .bind(v.patronymic.clone())
    .bind(if v.female { "f" } else { "m" })
    .bind(v.birth_date.clone())
    .bind(v.snils.clone())
    .bind(v.email.clone())
    .bind(v.phone.clone())
    .bind(now())
    .bind(person_id)
    .execute(&mut *tx)
    .await?;
    let is_pupil = roles_in(db, &mut tx, person_id, school_id).await?.contains(&RoleKind::Pupil);
    if let (true, Some(new_class)) = (is_pupil, v.class_id) {
        if old_class != Some(new_class) {
            if let Some(old) = old_class {
                db.query("DELETE FROM class_enrolments WHERE class_id = $1 AND pupil_id = $2")
                    .bind(old)
                    .bind(person_id)
                    .execute(&mut *tx)
                    .await?;
            }
            db.query("INSERT INTO class_enrolments (school_id, class_id, pupil_id) VALUES ($1, $2, $3)")
                .bind(school_id)
                .bind(new_class)
                .bind(person_id)
                .execute(&mut *tx)
                .await?;
        }
    }
    let mut after = person_json(v);
    if !is_pupil {
        after["class_id"] = before["class_id"].clone();
    }
    if before != after {
        audit::record(
            &mut tx,
            db,
            audit::Entry {
                school_id: Some(school_id),
                actor: Some(me.person_id),
                action: "person.update",
                entity: "person",
                entity_id: Some(person_id),
                before: Some(before),
                after: Some(after),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Ok(()))
}

/// Blocks or unblocks the account. Blocking ends every session at once; unblocking returns the
/// account to where it was (temporary until activated).
pub async fn set_blocked(ctx: &ServerContext, me: &Me, school_id: i64, person_id: i64, blocked: bool) -> Result<(), AppError> {
    if person_id == me.person_id {
        return Err(AppError::invalid("block", Msg::CannotBlockSelf));
    }
    let db = &ctx.db;
    let mut tx = db.begin().await?;
    let before: String = db.query_scalar("SELECT state FROM accounts WHERE person_id = $1").bind(person_id).fetch_one(&mut *tx).await?;
    if blocked {
        db.query("UPDATE accounts SET state = 'blocked' WHERE person_id = $1").bind(person_id).execute(&mut *tx).await?;
        end_sessions(&mut tx, db, person_id).await?;
    } else {
        db.query(
            "UPDATE accounts SET state = CASE WHEN activated_at IS NULL THEN 'temporary' ELSE 'active' END \
             WHERE person_id = $1 AND state = 'blocked'",
        )
        .bind(person_id)
        .execute(&mut *tx)
        .await?;
    }
    let after: String = db.query_scalar("SELECT state FROM accounts WHERE person_id = $1").bind(person_id).fetch_one(&mut *tx).await?;
    audit::record(
        &mut tx,
        db,
        audit::Entry {
            school_id: Some(school_id),
            actor: Some(me.person_id),
            action: if blocked { "account.block" } else { "account.unblock" },
            entity: "person",
            entity_id: Some(person_id),
            before: Some(json!({ "state": before })),
            after: Some(json!({ "state": after })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn end_sessions(conn: &mut AnyConnection, db: &Db, person_id: i64) -> Result<(), AppError> {
    db.query("DELETE FROM sessions WHERE account_id IN (SELECT id FROM accounts WHERE person_id = $1)")
        .bind(person_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// «Выдать новый временный пароль»: the account starts over with the activation wizard; every
/// session ends. Refused for a blocked account, which has to be unblocked first.
pub async fn reset_password(ctx: &ServerContext, me: &Me, school_id: i64, person_id: i64) -> Result<(), AppError> {
    let db = &ctx.db;
    let state: String = db.query_scalar("SELECT state FROM accounts WHERE person_id = $1").bind(person_id).fetch_one(db.pool()).await?;
    if state == "blocked" {
        return Err(AppError::invalid("reset", Msg::ResetBlocked));
    }
    let temporary = temporary_password();
    let hash = password::hash_generated(temporary.clone()).await?;
    let mut tx = db.begin().await?;
    db.query(
        "UPDATE accounts SET password_hash = $1, temporary_secret = $2, state = 'temporary', activation_step = 0 \
         WHERE person_id = $3",
    )
    .bind(hash)
    .bind(super::secret::seal(&ctx.settings.secret_key, &temporary))
    .bind(person_id)
    .execute(&mut *tx)
    .await?;
    end_sessions(&mut tx, db, person_id).await?;
    audit::record(
        &mut tx,
        db,
        audit::Entry {
            school_id: Some(school_id),
            actor: Some(me.person_id),
            action: "account.password_reset",
            entity: "person",
            entity_id: Some(person_id),
            before: Some(json!({ "state": state })),
            after: Some(json!({ "state": "temporary" })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Gives the person one more role in the school (a teacher who is also a parent, …).
pub async fn grant_role(ctx: &ServerContext, me: &Me, school_id: i64, person_id: i64, role: RoleKind) -> Result<(), AppError> {
    if !SCHOOL_ROLES.contains(&role) || role == RoleKind::Pupil {
        return Err(AppError::invalid("role", Msg::RoleNotGrantable));
    }
    let db = &ctx.db;
    let mut tx = db.begin().await?;
    let held: i64 = db
        .query_scalar("SELECT COUNT(*) FROM role_grants WHERE person_id = $1 AND school_id = $2 AND role = $3")
        .bind(person_id)
        .bind(school_id)
        .bind(role.code())
        .fetch_one(&mut *tx)
        .await?;
    if held > 0 {
        return Err(AppError::invalid("role", Msg::RoleAlreadyHeld));
    }
    db.query(
        "INSERT INTO role_grants (person_id, role, region_id, school_id, created_at) \
         SELECT $1, $2, region_id, id, $3 FROM schools WHERE id = $4",
    )
    .bind(person_id)
    .bind(role.code())
    .bind(now())
    .bind(school_id)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        db,
        audit::Entry {
            school_id: Some(school_id),
            actor: Some(me.person_id),
            action: "role.grant",
            entity: "person",
            entity_id: Some(person_id),
            before: None,
            after: Some(json!({ "role": role.code() })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Takes a role away. A person keeps at least one role, and an admin cannot take away their own
/// admin role (somebody has to stay able to run the school). Sessions in that role end.
pub async fn revoke_role(ctx: &ServerContext, me: &Me, school_id: i64, person_id: i64, role: RoleKind) -> Result<(), AppError> {
    if person_id == me.person_id && role == RoleKind::SchoolAdmin {
        return Err(AppError::invalid("role", Msg::CannotRevokeOwnAdmin));
    }
    let db = &ctx.db;
    let mut tx = db.begin().await?;
    let total: i64 = db.query_scalar("SELECT COUNT(*) FROM role_grants WHERE person_id = $1").bind(person_id).fetch_one(&mut *tx).await?;
    let grant: Option<i64> = db
        .query_scalar("SELECT id FROM role_grants WHERE person_id = $1 AND school_id = $2 AND role = $3")
        .bind(person_id)
        .bind(school_id)
        .bind(role.code())
        .fetch_optional(&mut *tx)
        .await?;
    let Some(grant) = grant else { return Err(AppError::NotFound) };
    if total <= 1 {
        return Err(AppError::invalid("role", Msg::LastRole));
    }
    db.query("DELETE FROM sessions WHERE role_grant_id = $1").bind(grant).execute(&mut *tx).await?;
    db.query("DELETE FROM role_grants WHERE id = $1").bind(grant).execute(&mut *tx).await?;
    if role == RoleKind::Pupil {
        db.query("DELETE FROM class_enrolments WHERE pupil_id = $1 AND school_id = $2")
            .bind(person_id)
            .bind(school_id)
            .execute(&mut *tx)
            .await?;
    }
    audit::record(
        &mut tx,
        db,
        audit::Entry {
            school_id: Some(school_id),
            actor: Some(me.person_id),
            action: "role.revoke",
            entity: "person",
            entity_id: Some(person_id),
            before: Some(json!({ "role": role.code() })),
            after: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Finds the parent an admin names by login or SNILS, in any school (a parent has one account
/// for all their children).
pub async fn find_parent(ctx: &ServerContext, who: &str) -> Result<Option<i64>, AppError> {
    let db = &ctx.db;
    let who = who.trim();
    let by_snils = who.chars().next().is_some_and(|c| c.is_ascii_digit());
    let found = if by_snils {
        match snils::parse(who) {
            Ok(digits) => db.query_scalar("SELECT id FROM people WHERE snils = $1").bind(digits).fetch_optional(db.pool()).await?,
            Err(_) => None,
        }
    } else {
        db.query_scalar("SELECT person_id FROM accounts WHERE login = $1")
            .bind(who.to_lowercase())
            .fetch_optional(db.pool())
            .await?
    };
    Ok(found)
}

/// Invites `parent_id` to confirm they are `child_id`'s parent: a pending link the parent
/// accepts or declines under «Безопасность». A declined invitation may be sent again.
pub async fn invite(conn: &mut AnyConnection, ctx: &ServerContext, me: &Me, school_id: i64, child_id: i64, parent_id: i64) -> Result<(), AppError> {
    let db = &ctx.db;
    if parent_id == child_id {
        return Err(AppError::invalid("parent", Msg::ParentIsChild));
    }
    let existing: Option<String> = db
        .query_scalar("SELECT status FROM parent_links WHERE parent_id = $1 AND child_id = $2")
        .bind(parent_id)
        .bind(child_id)
        .fetch_optional(&mut *conn)
        .await?;
    match existing.as_deref() {
        Some("confirmed") => return Err(AppError::invalid("parent", Msg::AlreadyLinked)),
        Some("pending") => return Err(AppError::invalid("parent", Msg::AlreadyInvited)),
        Some(_) => {
            db.query(
                "UPDATE parent_links SET status = 'pending', decided_at = NULL, created_at = $1, invited_by = $2 \
                 WHERE parent_id = $3 AND child_id = $4",
            )
            .bind(now())
            .bind(me.person_id)
            .bind(parent_id)
            .bind(child_id)
            .execute(&mut *conn)
            .await?;
        }
        None => {
            db.query(
                "INSERT INTO parent_links (school_id, parent_id, child_id, status, created_at, invited_by) \
                 VALUES ($1, $2, $3, 'pending', $4, $5)",
            )
            .bind(school_id)
            .bind(parent_id)
            .bind(child_id)
            .bind(now())
            .bind(me.person_id)
            .execute(&mut *conn)
            .await?;
        }
    }
    audit::record(
        conn,
        db,
        audit::Entry {
            school_id: Some(school_id),
            actor: Some(me.person_id),
            action: "link.invite",
            entity: "person",
            entity_id: Some(child_id),
            before: existing.map(|s| json!({ "parent_id": parent_id, "status": s })),
            after: Some(json!({ "parent_id": parent_id, "status": "pending" })),
        },
    )
    .await?;
    // A parent with a confirmed address hears about it by mail; the invitation waits in
    // «Безопасность» either way.
    let contact = db
        .query("SELECT email, email_confirmed FROM people WHERE id = $1")
        .bind(parent_id)
        .fetch_one(&mut *conn)
        .await?;
    let email: Option<String> = contact.try_get("email")?;
    if let (Some(email), 1) = (email, contact.try_get::<i64, _>("email_confirmed")?) {
        let school: String = db.query_scalar("SELECT short_name FROM schools WHERE id = $1").bind(school_id).fetch_one(&mut *conn).await?;
        let body = Msg::InvitationMailBody.fill(crate::i18n::Lang::Ru, &[&school, &format!("{}/settings/security", ctx.settings.public_base_url)]);
        crate::messaging::outbox::queue_email(conn, db, Some(school_id), &email, Msg::InvitationMailSubject.text(crate::i18n::Lang::Ru), &body).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn search_words_become_prefix_patterns() {
        assert_eq!(super::search_patterns("иванова"), ("Иванова%".into(), "иванова%".into(), String::new()));
        assert_eq!(super::search_patterns("  ИВАНОВА  мар "), ("Иванова%".into(), "иванова%".into(), "Мар%".into()));
        assert_eq!(super::search_patterns("ivanova.mp"), ("Ivanova.mp%".into(), "ivanova.mp%".into(), String::new()));
        assert_eq!(super::search_patterns("50%_"), ("50%".into(), "50%".into(), String::new()));
        assert_eq!(super::search_patterns(""), (String::new(), String::new(), String::new()));
    }
}
