//! Server side of the timetable import: reading an upload, the school's facts, storing the
//! check, and the import itself in one transaction.

use super::names::Teacher;
use super::plan::{clashes, plan, Occupant, Plan, School};
use super::source::{Format, Origin, Source};
use super::*;
use crate::accounts::types::Me;
use crate::audit;
use crate::context::ServerContext;
use crate::db::{now, Db, Row};
use crate::policy::{authorize, Action, Scope};
use crate::timetable::generator::generate;
use crate::timetable::queries::{insert_placements, load};
use crate::timetable::types::{Placement, WeekParity};
use sqlx::AnyConnection;
use std::collections::HashSet;

/// A `.fet` (XML) or the CSV/XLSX template, told apart by the name and by the first byte.
pub fn read(file_name: &str, bytes: &[u8]) -> Result<(Source, Vec<Problem>), Msg> {
    if bytes.is_empty() {
        return Err(Msg::ImportNoFile);
    }
    if bytes.len() > crate::people::import::MAX_FILE_BYTES {
        return Err(Msg::ImportTooBig);
    }
    let lower = file_name.to_lowercase();
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let looks_xml = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<');
    if lower.ends_with(".fet") || lower.ends_with(".xml") || looks_xml {
        return super::fet::parse(bytes).map(|s| (s, Vec::new()));
    }
    let table = crate::people::import::read::table(file_name, bytes).map_err(|m| if m == Msg::ImportFileType { Msg::TtImportFileType } else { m })?;
    super::csv::parse(&table)
}

/// The school's teachers (anyone with the teacher role there).
async fn teachers(conn: &mut AnyConnection, db: &Db, school_id: i64) -> Result<Vec<Teacher>, sqlx::Error> {
    let rows: Vec<(i64, String, String, String)> = db
        .query_as(
            "SELECT DISTINCT p.id, p.surname, p.name, p.patronymic FROM role_grants g JOIN people p ON p.id = g.person_id \
             WHERE g.school_id = $1 AND g.role = 'teacher' ORDER BY p.id",
        )
        .bind(school_id)
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows.into_iter().map(|(id, surname, name, patronymic)| Teacher { id, surname, name, patronymic }).collect())
}

/// The school's teachers, the current year's classes and template, subjects and rooms.
pub async fn school(conn: &mut AnyConnection, db: &Db, school_id: i64, year_id: i64) -> Result<School, sqlx::Error> {
    let teachers = teachers(conn, db, school_id).await?;
    let classes: Vec<(i64, i64, String)> = db
        .query_as("SELECT id, grade, letter FROM classes WHERE school_id = $1 AND academic_year_id = $2 ORDER BY id")
        .bind(school_id)
        .bind(year_id)
        .fetch_all(&mut *conn)
        .await?;
    let subgroups: Vec<(i64, i64, String)> = db
        .query_as(
            "SELECT s.id, s.class_id, s.name FROM subgroups s JOIN classes c ON c.id = s.class_id \
             WHERE s.school_id = $1 AND c.academic_year_id = $2 ORDER BY s.id",
        )
        .bind(school_id)
        .bind(year_id)
        .fetch_all(&mut *conn)
        .await?;
    let subjects: Vec<(i64, String)> =
        db.query_as("SELECT id, name FROM subjects WHERE school_id = $1 ORDER BY id").bind(school_id).fetch_all(&mut *conn).await?;
    let rooms: Vec<(i64, String, String)> =
        db.query_as("SELECT id, name, building FROM rooms WHERE school_id = $1 ORDER BY id").bind(school_id).fetch_all(&mut *conn).await?;
    let rows = db
        .query(
            "SELECT c.grade, c.letter, g.name AS subgroup, s.name AS subject, e.teacher_id, r.name AS room, \
                    e.weekday, e.lesson_number, e.week_parity \
             FROM timetable_entries e JOIN classes c ON c.id = e.class_id JOIN subjects s ON s.id = e.subject_id \
             LEFT JOIN subgroups g ON g.id = e.subgroup_id LEFT JOIN rooms r ON r.id = e.room_id \
             WHERE e.school_id = $1 AND e.academic_year_id = $2",
        )
        .bind(school_id)
        .bind(year_id)
        .fetch_all(&mut *conn)
        .await?;
    let mut busy = Vec::with_capacity(rows.len());
    for r in rows {
        busy.push(Occupant {
            origin: None,
            line: 0,
            class: format!("{}{}", r.try_get::<i64, _>("grade")?, r.try_get::<String, _>("letter")?),
            subgroup: r.try_get("subgroup")?,
            subject: r.try_get("subject")?,
            teacher_id: r.try_get("teacher_id")?,
            room: r.try_get("room")?,
            weekday: r.try_get("weekday")?,
            lesson: r.try_get("lesson_number")?,
            parity: WeekParity::parse(&r.try_get::<String, _>("week_parity")?).unwrap_or(WeekParity::All),
        });
    }
    Ok(School {
        teachers,
        chosen: Vec::new(),
        classes,
        subgroups,
        subjects,
        rooms,
        busy,
    })
}

async fn year(ctx: &ServerContext, school_id: i64) -> Result<Option<i64>, AppError> {
    crate::people::server::current_year(ctx, school_id).await
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(|e| AppError::internal("timetable import json", e))
}

/// The preview's report: the file's own notes and what happens to the lessons without a time.
fn preview_plan(source: &Source, school: &School) -> Plan {
    let mut p = plan(source, school);
    let unplaced: i64 = p.assignments.iter().map(|a| a.hours - a.lessons.len() as i64).sum();
    if unplaced > 0 {
        p.report.push(Note { msg: Msg::TtNoteUnplaced, args: vec![unplaced.to_string()] });
    }
    p
}

/// Reads, maps and stores the upload; the id of the stored check, or the reason the whole file
/// cannot be used. The caller is the host's upload handler.
pub async fn upload(ctx: &ServerContext, me: Option<Me>, file_name: &str, bytes: &[u8]) -> Result<Result<i64, Msg>, AppError> {
    let me = me.ok_or(AppError::Unauthorized)?;
    let school_id = me.active.school_id.ok_or(AppError::Forbidden)?;
    authorize(ctx, &me, Action::ManageSchool, Scope::School { school_id }).await?;
    let (source, mut problems) = match read(file_name, bytes) {
        Ok(read) => read,
        Err(msg) => return Ok(Err(msg)),
    };
    let Some(year_id) = year(ctx, school_id).await? else { return Ok(Err(Msg::TtImportNoYear)) };
    let mut conn = ctx.db.acquire().await?;
    let facts = school(&mut conn, &ctx.db, school_id, year_id).await?;
    drop(conn);
    let plan = preview_plan(&source, &facts);
    problems.extend(plan.problems.iter().cloned());
    problems.sort_by_key(|p| p.line);
    let status = if problems.is_empty() { TtImportStatus::Preview } else { TtImportStatus::Invalid };
    let name: String = file_name.chars().filter(|c| !c.is_control()).take(200).collect();
    let id: i64 = ctx
        .db
        .query_scalar(
            "INSERT INTO timetable_imports (school_id, created_by, file_name, status, source_json, summary_json, report_json, problems_json, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(school_id)
        .bind(me.person_id)
        .bind(name)
        .bind(status.code())
        .bind(json(&source)?)
        .bind(json(&plan.summary())?)
        .bind(json(&plan.report)?)
        .bind(json(&problems)?)
        .bind(now())
        .fetch_one(ctx.db.pool())
        .await?;
    Ok(Ok(id))
}

pub async fn view(ctx: &ServerContext, school_id: i64, id: i64) -> Result<TtImportView, AppError> {
    let r = ctx
        .db
        .query("SELECT file_name, status, summary_json, report_json, problems_json, failure, source_json FROM timetable_imports WHERE id = $1 AND school_id = $2")
        .bind(id)
        .bind(school_id)
        .fetch_optional(ctx.db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    fn decode<T: serde::de::DeserializeOwned>(text: String) -> Result<T, AppError> {
        serde_json::from_str(&text).map_err(|e| AppError::internal("timetable import json", e))
    }
    let status = TtImportStatus::from_code(&r.try_get::<String, _>("status")?);
    let source: Source = decode(r.try_get("source_json")?)?;
    let mut teacher_options = Vec::new();
    if source.format == Format::Fet && matches!(status, TtImportStatus::Preview | TtImportStatus::Invalid) {
        let mut conn = ctx.db.acquire().await?;
        teacher_options = teachers(&mut conn, &ctx.db, school_id)
            .await?
            .into_iter()
            .map(|t| (t.id, crate::school::types::full_name(&t.surname, &t.name, &t.patronymic)))
            .collect();
        teacher_options.sort_by(|a, b| a.1.cmp(&b.1));
    }
    Ok(TtImportView {
        id,
        file_name: r.try_get("file_name")?,
        status,
        teacher_options,
        summary: decode(r.try_get("summary_json")?)?,
        report: decode(r.try_get("report_json")?)?,
        problems: decode(r.try_get("problems_json")?)?,
        failure: r.try_get("failure")?,
    })
}

/// The stored file and the teachers chosen by hand, of a check that may still be imported
/// (`ready`: only one without errors) — or «already imported or has errors».
async fn stored(ctx: &ServerContext, school_id: i64, id: i64, ready: bool) -> Result<(Source, Vec<(String, i64)>), AppError> {
    let row: Option<(String, String, String)> = ctx
        .db
        .query_as("SELECT source_json, chosen_json, status FROM timetable_imports WHERE id = $1 AND school_id = $2")
        .bind(id)
        .bind(school_id)
        .fetch_optional(ctx.db.pool())
        .await?;
    let open = |status: &str| status == "preview" || (!ready && status == "invalid");
    let Some((source, chosen, _)) = row.filter(|r| open(&r.2)) else { return Err(AppError::invalid("import", Msg::ImportNotReady)) };
    Ok((
        serde_json::from_str(&source).map_err(|e| AppError::internal("timetable import source", e))?,
        serde_json::from_str(&chosen).map_err(|e| AppError::internal("timetable import teachers", e))?,
    ))
}

/// A teacher of the file matched by hand with a teacher of the school (a FET file names its
/// teachers as it likes: «Mbeeli S», «Мария Петровна»); the check is worked out again.
pub async fn choose(ctx: &ServerContext, school_id: i64, id: i64, name: &str, teacher_id: i64) -> Result<(), AppError> {
    let (source, mut chosen) = stored(ctx, school_id, id, false).await?;
    let year_id = year(ctx, school_id).await?.ok_or_else(|| AppError::invalid("import", Msg::TtImportNoYear))?;
    let mut conn = ctx.db.acquire().await?;
    let mut facts = school(&mut conn, &ctx.db, school_id, year_id).await?;
    drop(conn);
    let in_file = source.lessons.iter().any(|l| l.teachers.iter().any(|t| t == name));
    if source.format != Format::Fet || !in_file || !facts.teachers.iter().any(|t| t.id == teacher_id) {
        return Err(AppError::invalid("teacher_id", Msg::TtImportPickTeacher));
    }
    chosen.retain(|(n, _)| n != name);
    chosen.push((name.to_string(), teacher_id));
    facts.chosen = chosen.clone();
    let plan = preview_plan(&source, &facts);
    let status = if plan.problems.is_empty() { TtImportStatus::Preview } else { TtImportStatus::Invalid };
    ctx.db
        .query("UPDATE timetable_imports SET status = $1, summary_json = $2, report_json = $3, problems_json = $4, chosen_json = $5 WHERE id = $6 AND school_id = $7")
        .bind(status.code())
        .bind(json(&plan.summary())?)
        .bind(json(&plan.report)?)
        .bind(json(&plan.problems)?)
        .bind(json(&chosen)?)
        .bind(id)
        .bind(school_id)
        .execute(ctx.db.pool())
        .await?;
    Ok(())
}

/// «Импортировать»: everything in one transaction, or nothing and the reason on the page.
pub async fn run(ctx: &ServerContext, me: &Me, school_id: i64, id: i64, place: bool) -> Result<(), AppError> {
    let (source, chosen) = stored(ctx, school_id, id, true).await?;
    let year_id = year(ctx, school_id).await?.ok_or_else(|| AppError::invalid("import", Msg::TtImportNoYear))?;
    let failure = match write(ctx, me, school_id, year_id, id, (&source, chosen), place).await {
        Ok(Ok(())) => return Ok(()),
        Ok(Err(refusal)) => refusal,
        Err(e @ AppError::Invalid { .. }) => return Err(e),
        // A database error midway: the transaction is rolled back; the page says so.
        Err(e) => e.user_message(crate::i18n::Lang::Ru),
    };
    ctx.db
        .query("UPDATE timetable_imports SET status = 'failed', failure = $1, finished_at = $2 WHERE id = $3 AND status = 'preview'")
        .bind(failure)
        .bind(now())
        .bind(id)
        .execute(ctx.db.pool())
        .await?;
    Ok(())
}

/// The transaction: the outer error is the database's, the inner one why the import was
/// refused (a clash found now, the generator's refusal) — either way nothing stays written.
async fn write(
    ctx: &ServerContext,
    me: &Me,
    school_id: i64,
    year_id: i64,
    id: i64,
    (source, chosen): (&Source, Vec<(String, i64)>),
    place: bool,
) -> Result<Result<(), String>, AppError> {
    let db = &ctx.db;
    let mut tx = db.begin().await?;
    // Claiming the check first: a second «Импортировать» finds it done (or waits for this one).
    let claimed = db
        .query("UPDATE timetable_imports SET status = 'done', finished_at = $1 WHERE id = $2 AND school_id = $3 AND status = 'preview'")
        .bind(now())
        .bind(id)
        .bind(school_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if claimed == 0 {
        return Err(AppError::invalid("import", Msg::ImportNotReady));
    }
    // The editor's lock and its live update: open editors redraw with the imported week.
    crate::timetable::editor::server::bump(&mut tx, db, school_id, year_id).await?;
    let mut facts = school(&mut tx, db, school_id, year_id).await?;
    facts.chosen = chosen;
    let mut p = plan(source, &facts);
    if !p.problems.is_empty() {
        let lang = crate::i18n::Lang::Ru;
        return Ok(Err(p.problems.iter().take(5).map(|x| x.note.text(lang)).collect::<Vec<_>>().join(" ")));
    }
    for c in p.classes.iter_mut().filter(|c| c.id.is_none()) {
        let new_id: i64 = db
            .query_scalar("INSERT INTO classes (school_id, academic_year_id, grade, letter) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(school_id)
            .bind(year_id)
            .bind(c.grade)
            .bind(c.letter.clone())
            .fetch_one(&mut *tx)
            .await?;
        c.id = Some(new_id);
    }
    for s in p.subjects.iter_mut().filter(|s| s.1.is_none()) {
        let short: String = if s.0.chars().count() > 12 { s.0.chars().take(11).collect::<String>() + "." } else { s.0.clone() };
        let new_id: i64 = db
            .query_scalar("INSERT INTO subjects (school_id, name, short_name) VALUES ($1, $2, $3) RETURNING id")
            .bind(school_id)
            .bind(s.0.clone())
            .bind(short)
            .fetch_one(&mut *tx)
            .await?;
        s.1 = Some(new_id);
    }
    let class_ids: Vec<i64> = p.classes.iter().filter_map(|c| c.id).collect();
    for i in 0..p.subgroups.len() {
        if p.subgroups[i].id.is_some() {
            continue;
        }
        let class_id = class_ids[p.subgroups[i].class];
        let new_id: i64 = db
            .query_scalar("INSERT INTO subgroups (school_id, class_id, name) VALUES ($1, $2, $3) RETURNING id")
            .bind(school_id)
            .bind(class_id)
            .bind(p.subgroups[i].name.clone())
            .fetch_one(&mut *tx)
            .await?;
        p.subgroups[i].id = Some(new_id);
    }
    for r in p.rooms.iter_mut().filter(|r| r.id.is_none()) {
        let new_id: i64 = db
            .query_scalar("INSERT INTO rooms (school_id, name, building, capacity) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(school_id)
            .bind(r.name.clone())
            .bind(r.building.clone())
            .bind(r.capacity)
            .fetch_one(&mut *tx)
            .await?;
        r.id = Some(new_id);
    }
    // The file's classes get the file's week instead of their old one.
    for class_id in &class_ids {
        db.query("DELETE FROM timetable_entries WHERE school_id = $1 AND academic_year_id = $2 AND class_id = $3")
            .bind(school_id)
            .bind(year_id)
            .bind(*class_id)
            .execute(&mut *tx)
            .await?;
    }
    let mut fixed = Vec::new();
    let mut to_place: Vec<i64> = Vec::new();
    let classes_with_times: HashSet<usize> = p.assignments.iter().filter(|a| !a.lessons.is_empty()).map(|a| a.class).collect();
    for a in &p.assignments {
        let (class_id, subject_id) = (class_ids[a.class], p.subjects[a.subject].1.unwrap_or_default());
        let subgroup_id = a.subgroup.and_then(|s| p.subgroups[s].id);
        let existing: Option<i64> = db
            .query_scalar(
                "SELECT id FROM teaching_assignments WHERE school_id = $1 AND academic_year_id = $2 AND teacher_id = $3 \
                 AND class_id = $4 AND COALESCE(subgroup_id, 0) = $5 AND subject_id = $6",
            )
            .bind(school_id)
            .bind(year_id)
            .bind(a.teacher_id)
            .bind(class_id)
            .bind(subgroup_id.unwrap_or(0))
            .bind(subject_id)
            .fetch_optional(&mut *tx)
            .await?;
        let assignment_id = match existing {
            Some(existing) => {
                db.query("UPDATE teaching_assignments SET hours_per_week = $1 WHERE id = $2").bind(a.hours).bind(existing).execute(&mut *tx).await?;
                existing
            }
            None => db
                .query_scalar(
                    "INSERT INTO teaching_assignments (school_id, academic_year_id, teacher_id, class_id, subgroup_id, subject_id, hours_per_week) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                )
                .bind(school_id)
                .bind(year_id)
                .bind(a.teacher_id)
                .bind(class_id)
                .bind(subgroup_id)
                .bind(subject_id)
                .bind(a.hours)
                .fetch_one(&mut *tx)
                .await?,
        };
        for l in &a.lessons {
            fixed.push(Placement {
                assignment_id,
                class_id,
                subgroup_id,
                subject_id,
                teacher_id: a.teacher_id,
                room_id: l.room.and_then(|r| p.rooms[r].id),
                weekday: l.weekday,
                lesson_number: l.lesson,
                week_parity: l.parity,
            });
        }
        // The generator fills a class's days from the first lesson on; it cannot work around
        // lessons the file fixed, so it places only classes without any.
        if place && !classes_with_times.contains(&a.class) {
            to_place.push(assignment_id);
        }
    }
    insert_placements(&mut tx, db, school_id, year_id, &fixed).await?;
    let mut generated = 0;
    if !to_place.is_empty() {
        match placed_by_generator(&mut tx, db, school_id, year_id, &to_place, &facts.teachers).await? {
            Ok(count) => generated = count,
            Err(refusal) => return Ok(Err(refusal)),
        }
    }
    // The dated lessons follow the new week (future ones; past ones and substitutions stay).
    crate::timetable::lessons::server::regenerate_year(&mut tx, db, school_id, year_id, &crate::timetable::lessons::server::today()).await?;
    let file_name: String = db.query_scalar("SELECT file_name FROM timetable_imports WHERE id = $1").bind(id).fetch_one(&mut *tx).await?;
    let summary = p.summary();
    audit::record(
        &mut tx,
        db,
        audit::Entry {
            school_id: Some(school_id),
            actor: Some(me.person_id),
            action: "timetable.import",
            entity: "timetable_import",
            entity_id: Some(id),
            before: None,
            after: Some(serde_json::json!({
                "file": file_name, "classes": summary.classes, "subjects": summary.subjects, "teachers": summary.teachers,
                "rooms": summary.rooms, "lessons": summary.lessons, "placed": summary.placed, "generated": generated,
            })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// The generator names teachers and subjects by number («Учитель № 12: …», «предмет № 3,»); an
/// admin reading the refusal needs their names.
fn named(refusal: &str, facts: &School) -> String {
    let mut text = refusal.to_string();
    for t in &facts.teachers {
        let name = crate::school::types::full_name(&t.surname, &t.name, &t.patronymic);
        text = text.replace(&format!("Учитель № {}:", t.id), &format!("Учитель {name}:")).replace(&format!("учитель № {}:", t.id), &format!("учитель {name}:"));
    }
    for (id, subject) in &facts.subjects {
        text = text.replace(&format!("предмет № {id},"), &format!("«{subject}»,"));
    }
    text
}

/// Places the given assignments with the generator and adds them to the template; the
/// generator's refusal, or a clash of its week with a teacher's lessons elsewhere, is returned
/// as the reason. A room another class already has in that slot is left empty, as the
/// generator does when no room fits.
async fn placed_by_generator(
    conn: &mut AnyConnection,
    db: &Db,
    school_id: i64,
    year_id: i64,
    assignments: &[i64],
    teachers: &[Teacher],
) -> Result<Result<usize, String>, AppError> {
    let mut whole = load(conn, db, school_id, year_id).await?;
    whole.assignments.retain(|a| assignments.contains(&a.id));
    let classes: HashSet<i64> = whole.assignments.iter().map(|a| a.class_id).collect();
    whole.classes.retain(|c| classes.contains(&c.id));
    let facts = school(conn, db, school_id, year_id).await?;
    let mut placements = match generate(&whole, 1) {
        Ok(placements) => placements,
        Err(refusal) => return Ok(Err(named(&refusal.to_string(), &facts))),
    };
    let room_names: std::collections::HashMap<i64, String> = facts.rooms.iter().map(|r| (r.0, r.1.clone())).collect();
    let taken: HashSet<(i64, i64, String)> = facts.busy.iter().filter_map(|b| b.room.clone().map(|r| (b.weekday, b.lesson, r))).collect();
    let mut occupants = facts.busy.clone();
    let class_name = |id: i64| whole.classes.iter().find(|c| c.id == id).map(|c| c.name.clone()).unwrap_or_default();
    for (i, placed) in placements.iter_mut().enumerate() {
        if let Some(room) = placed.room_id.and_then(|r| room_names.get(&r)) {
            if taken.contains(&(placed.weekday, placed.lesson_number, room.clone())) {
                placed.room_id = None;
            }
        }
        occupants.push(Occupant {
            // Each generated lesson is its own; a split lesson's groups differ in teacher.
            origin: Some(Origin::Activity(-(i as i64) - 1)),
            line: 0,
            class: class_name(placed.class_id),
            subgroup: placed.subgroup_id.map(|s| s.to_string()),
            subject: placed.subject_id.to_string(),
            teacher_id: placed.teacher_id,
            room: None,
            weekday: placed.weekday,
            lesson: placed.lesson_number,
            parity: placed.week_parity,
        });
    }
    let problems: Vec<Problem> = clashes(&occupants, teachers).into_iter().filter(|p| p.note.msg == Msg::TtClashTeacher).collect();
    if let Some(first) = problems.first() {
        return Ok(Err(format!("{} {}", Msg::TtGeneratedClash.text(crate::i18n::Lang::Ru), first.note.text(crate::i18n::Lang::Ru))));
    }
    insert_placements(conn, db, school_id, year_id, &placements).await?;
    Ok(Ok(placements.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generators_refusal_names_teachers_and_subjects() {
        let facts = School {
            teachers: vec![Teacher { id: 12, surname: "Иванова".into(), name: "Мария".into(), patronymic: "Петровна".into() }],
            subjects: vec![(3, "Физика".into()), (31, "Химия".into())],
            ..School::default()
        };
        assert_eq!(named("Учитель № 12: 46 уроков", &facts), "Учитель Иванова Мария Петровна: 46 уроков");
        assert_eq!(
            named("класс 5А, предмет № 31, учитель № 12: день 1, урок 2; учитель № 120: x", &facts),
            "класс 5А, «Химия», учитель Иванова Мария Петровна: день 1, урок 2; учитель № 120: x"
        );
    }
}
