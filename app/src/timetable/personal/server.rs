//! Server-only: the lessons of a personal timetable between two dates, its title, the choices
//! of the switchers, and the authorization every reader (page, download, feed) goes through.

use super::types::{Choice, DayColumn, LessonCell, TargetKind, WeekTimetable};
use crate::accounts::types::{Me, RoleKind};
use crate::context::ServerContext;
use crate::db::Row;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::policy::{authorize, Action, Scope};
use crate::school::queries::person_name;
use crate::school::types::{class_name, full_name};
use crate::timetable::lessons::calendar::{format_date, monday_of, parse_date};
use chrono::{Datelike, Duration, NaiveDate};
use std::collections::HashMap;

/// The school of the timetable and the policy's scope for it; `NotFound` when there is no such
/// class, room or teacher, `Forbidden` when the policy says no.
pub async fn authorize_target(ctx: &ServerContext, me: &Me, kind: TargetKind, id: i64) -> Result<i64, AppError> {
    let db = &ctx.db;
    let school_id: Option<i64> = match kind {
        TargetKind::Class => db.query_scalar("SELECT school_id FROM classes WHERE id = $1").bind(id).fetch_optional(db.pool()).await?,
        TargetKind::Room => db.query_scalar("SELECT school_id FROM rooms WHERE id = $1").bind(id).fetch_optional(db.pool()).await?,
        // A pupil's school: the class they are enrolled in (the latest year).
        TargetKind::Pupil => db
            .query_scalar("SELECT c.school_id FROM class_enrolments e JOIN classes c ON c.id = e.class_id WHERE e.pupil_id = $1 ORDER BY c.academic_year_id DESC LIMIT 1")
            .bind(id)
            .fetch_optional(db.pool())
            .await?,
        // Teachers are seen within the viewer's school (a teacher may work in several).
        TargetKind::Teacher => me.active.school_id,
    };
    let school_id = school_id.ok_or(AppError::NotFound)?;
    let scope = match kind {
        TargetKind::Pupil => Scope::Pupil { school_id, pupil_id: id },
        TargetKind::Class => Scope::Class { school_id, class_id: id },
        TargetKind::Teacher => Scope::Teacher { school_id, teacher_id: id },
        TargetKind::Room => Scope::Room { school_id, room_id: id },
    };
    authorize(ctx, me, Action::ViewTimetable, scope).await?;
    Ok(school_id)
}

/// The timetable a person lands on: their own (pupil, teacher), a parent's first child, an
/// admin's first class.
pub async fn default_target(ctx: &ServerContext, me: &Me) -> Result<(TargetKind, i64), AppError> {
    match me.active.role {
        RoleKind::Pupil => Ok((TargetKind::Pupil, me.person_id)),
        RoleKind::Teacher => Ok((TargetKind::Teacher, me.person_id)),
        RoleKind::Parent => children(ctx, me)
            .await?
            .first()
            .map(|c| (TargetKind::Pupil, c.id))
            .ok_or_else(|| AppError::invalid("id", Msg::NoLinkedChildren)),
        RoleKind::SchoolAdmin => {
            let school_id = me.active.school_id.ok_or(AppError::Forbidden)?;
            classes(ctx, school_id).await?.first().map(|c| (TargetKind::Class, c.id)).ok_or(AppError::NotFound)
        }
        RoleKind::RegionOperator => Err(AppError::Forbidden),
    }
}

/// A parent's confirmed children.
pub async fn children(ctx: &ServerContext, me: &Me) -> Result<Vec<Choice>, AppError> {
    if me.active.role != RoleKind::Parent {
        return Ok(vec![]);
    }
    Ok(crate::diary::queries::children_of(ctx, me.person_id)
        .await?
        .into_iter()
        .filter(|(_, c)| c.confirmed)
        .map(|(_, c)| Choice { id: c.child_id, label: c.full_name })
        .collect())
}

pub async fn classes(ctx: &ServerContext, school_id: i64) -> Result<Vec<Choice>, AppError> {
    let rows: Vec<(i64, i64, String)> = ctx
        .db
        .query_as(
            "SELECT c.id, c.grade, c.letter FROM classes c \
             WHERE c.school_id = $1 AND c.academic_year_id = (SELECT MAX(y.id) FROM academic_years y WHERE y.school_id = $1) \
             ORDER BY c.grade, c.letter",
        )
        .bind(school_id)
        .fetch_all(ctx.db.pool())
        .await?;
    Ok(rows.into_iter().map(|(id, grade, letter)| Choice { id, label: class_name(grade, &letter) }).collect())
}

pub async fn teachers(ctx: &ServerContext, school_id: i64) -> Result<Vec<Choice>, AppError> {
    let rows: Vec<(i64, String, String, String)> = ctx
        .db
        .query_as(
            "SELECT p.id, p.surname, p.name, p.patronymic FROM role_grants g JOIN people p ON p.id = g.person_id \
             WHERE g.school_id = $1 AND g.role = 'teacher' ORDER BY p.surname, p.name, p.patronymic, p.id",
        )
        .bind(school_id)
        .fetch_all(ctx.db.pool())
        .await?;
    Ok(rows.into_iter().map(|(id, s, n, p)| Choice { id, label: full_name(&s, &n, &p) }).collect())
}

pub async fn rooms(ctx: &ServerContext, school_id: i64) -> Result<Vec<Choice>, AppError> {
    let rows: Vec<(i64, String)> = ctx
        .db
        .query_as("SELECT id, name FROM rooms WHERE school_id = $1 ORDER BY building, name, id")
        .bind(school_id)
        .fetch_all(ctx.db.pool())
        .await?;
    Ok(rows.into_iter().map(|(id, name)| Choice { id, label: room_label(&name) }).collect())
}

/// «Кабинет 12»; a named room («Спортзал») as it is.
pub fn room_label(name: &str) -> String {
    if name.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        format!("Кабинет {name}")
    } else {
        name.to_string()
    }
}

/// The heading of a timetable.
pub async fn title(ctx: &ServerContext, kind: TargetKind, id: i64) -> Result<String, AppError> {
    let db = &ctx.db;
    match kind {
        TargetKind::Class => {
            let (grade, letter): (i64, String) =
                db.query_as("SELECT grade, letter FROM classes WHERE id = $1").bind(id).fetch_one(db.pool()).await?;
            Ok(class_name(grade, &letter))
        }
        TargetKind::Room => {
            let name: String = db.query_scalar("SELECT name FROM rooms WHERE id = $1").bind(id).fetch_one(db.pool()).await?;
            Ok(room_label(&name))
        }
        TargetKind::Teacher | TargetKind::Pupil => {
            let row = db
                .query(
                    "SELECT p.surname, p.name, p.patronymic, \
                            (SELECT c.grade FROM class_enrolments e JOIN classes c ON c.id = e.class_id \
                              WHERE e.pupil_id = p.id ORDER BY c.academic_year_id DESC LIMIT 1) AS grade, \
                            (SELECT c.letter FROM class_enrolments e JOIN classes c ON c.id = e.class_id \
                              WHERE e.pupil_id = p.id ORDER BY c.academic_year_id DESC LIMIT 1) AS letter \
                     FROM people p WHERE p.id = $1",
                )
                .bind(id)
                .fetch_optional(db.pool())
                .await?
                .ok_or(AppError::NotFound)?;
            let name = person_name(&row)?.unwrap_or_default();
            let grade: Option<i64> = row.try_get("grade")?;
            let letter: Option<String> = row.try_get("letter")?;
            Ok(match (kind, grade.zip(letter)) {
                (TargetKind::Pupil, Some((g, l))) => format!("{name}, {}", class_name(g, &l)),
                _ => name,
            })
        }
    }
}

const LESSON_SELECT: &str = "SELECT l.id, l.lesson_date, l.lesson_number, l.cancelled, l.planned_lesson_number, l.room_changed, \
        l.teacher_id, l.substitute_id, s.name AS subject, g.name AS group_name, c.grade, c.letter, r.name AS room, \
        t.surname, t.name, t.patronymic, st.surname AS sub_surname, st.name AS sub_name, st.patronymic AS sub_patronymic \
     FROM lessons l JOIN subjects s ON s.id = l.subject_id JOIN classes c ON c.id = l.class_id \
     JOIN people t ON t.id = l.teacher_id LEFT JOIN people st ON st.id = l.substitute_id \
     LEFT JOIN subgroups g ON g.id = l.subgroup_id LEFT JOIN rooms r ON r.id = l.room_id WHERE ";
const LESSON_ORDER: &str = " AND l.lesson_date BETWEEN $2 AND $3 ORDER BY l.lesson_date, l.lesson_number, c.grade, c.letter, l.id";

fn lesson_sql(kind: TargetKind) -> &'static str {
    use std::sync::OnceLock;
    static SQL: OnceLock<[String; 4]> = OnceLock::new();
    let all = SQL.get_or_init(|| {
        // A pupil: their class's whole-class lessons and their own groups' (stream lessons are
        // rows of each class, so they come with the class).
        let pupil = "l.class_id IN (SELECT e.class_id FROM class_enrolments e WHERE e.pupil_id = $1) \
             AND (l.subgroup_id IS NULL OR l.subgroup_id IN (SELECT m.subgroup_id FROM subgroup_members m WHERE m.pupil_id = $1))";
        let class = "l.class_id = $1";
        let teacher = "(l.teacher_id = $1 OR l.substitute_id = $1)";
        let room = "l.room_id = $1";
        [pupil, class, teacher, room].map(|w| format!("{LESSON_SELECT}{w}{LESSON_ORDER}"))
    });
    let i = TargetKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
    &all[i]
}

/// Bells of the school's default schedule: lesson number → (starts, ends).
pub async fn bells(ctx: &ServerContext, school_id: i64) -> Result<HashMap<i64, (String, String)>, AppError> {
    let rows: Vec<(i64, String, String)> = ctx
        .db
        .query_as(
            "SELECT b.lesson_number, b.starts_at, b.ends_at FROM bells b JOIN bell_schedules s ON s.id = b.schedule_id \
             WHERE s.school_id = $1 AND s.is_default = 1",
        )
        .bind(school_id)
        .fetch_all(ctx.db.pool())
        .await?;
    Ok(rows.into_iter().map(|(n, a, b)| (n, (a, b))).collect())
}

/// Whether a lesson on `date` from `starts` to `ends` ('HH:MM', by the bells) is under way at
/// `today` `now` (Moscow): from its first bell up to, not including, its last.
pub fn is_current(date: &str, starts: &str, ends: &str, today: &str, now: &str) -> bool {
    date == today && !starts.is_empty() && starts <= now && now < ends
}

/// Now in Moscow: the date and 'HH:MM'.
pub fn moscow_now() -> (NaiveDate, String) {
    let t = chrono::DateTime::from_timestamp(crate::db::now() + 3 * 3600, 0).unwrap_or_default();
    (t.date_naive(), t.format("%H:%M").to_string())
}

/// The lessons of a timetable from `from` to `to` (inclusive), a stream lesson once.
pub async fn lessons(
    ctx: &ServerContext,
    school_id: i64,
    kind: TargetKind,
    id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<LessonCell>, AppError> {
    let bells = bells(ctx, school_id).await?;
    let (today, now) = moscow_now();
    let today = format_date(today);
    let rows = ctx
        .db
        .query(lesson_sql(kind))
        .bind(id)
        .bind(format_date(from))
        .bind(format_date(to))
        .fetch_all(ctx.db.pool())
        .await?;
    let mut out: Vec<LessonCell> = Vec::with_capacity(rows.len());
    for r in rows {
        let number: i64 = r.try_get("lesson_number")?;
        let date: String = r.try_get("lesson_date")?;
        let (starts, ends) = bells.get(&number).cloned().unwrap_or_default();
        let sub_surname: Option<String> = r.try_get("sub_surname")?;
        let substitute = match sub_surname {
            Some(s) => Some(full_name(
                &s,
                &r.try_get::<Option<String>, _>("sub_name")?.unwrap_or_default(),
                &r.try_get::<Option<String>, _>("sub_patronymic")?.unwrap_or_default(),
            )),
            None => None,
        };
        let cancelled = r.try_get::<i64, _>("cancelled")? == 1;
        let cell = LessonCell {
            id: r.try_get("id")?,
            current: !cancelled && is_current(&date, &starts, &ends, &today, &now),
            date,
            number,
            starts,
            ends,
            subject: r.try_get("subject")?,
            group: r.try_get("group_name")?,
            class_name: class_name(r.try_get("grade")?, &r.try_get::<String, _>("letter")?),
            teacher_id: r.try_get("teacher_id")?,
            teacher: person_name(&r)?.unwrap_or_default(),
            substitute_id: r.try_get("substitute_id")?,
            substitute,
            room: r.try_get::<Option<String>, _>("room")?.map(|n| room_label(&n)),
            cancelled,
            moved_from: r.try_get("planned_lesson_number")?,
            room_changed: r.try_get::<i64, _>("room_changed")? == 1,
        };
        // A stream lesson: the same teacher, subject, room and time for several classes.
        if let Some(last) = out.last_mut() {
            let same = last.date == cell.date
                && last.number == cell.number
                && last.subject == cell.subject
                && last.room == cell.room
                && last.teacher_id == cell.teacher_id
                && last.substitute_id == cell.substitute_id
                && last.cancelled == cell.cancelled
                && last.class_name != cell.class_name;
            if same && kind != TargetKind::Pupil && kind != TargetKind::Class {
                last.class_name = format!("{}, {}", last.class_name, cell.class_name);
                continue;
            }
        }
        out.push(cell);
    }
    Ok(out)
}

/// Holidays of the school touching these dates: (from, to, name).
async fn holidays(ctx: &ServerContext, school_id: i64, from: NaiveDate, to: NaiveDate) -> Result<Vec<(String, String, String)>, AppError> {
    Ok(ctx
        .db
        .query_as("SELECT starts_on, ends_on, name FROM holidays WHERE school_id = $1 AND starts_on <= $3 AND ends_on >= $2 ORDER BY starts_on")
        .bind(school_id)
        .bind(format_date(from))
        .bind(format_date(to))
        .fetch_all(ctx.db.pool())
        .await?)
}

/// The week page's data. `week` is any date of the week ('' for this week).
pub async fn week(ctx: &ServerContext, me: &Me, kind: TargetKind, id: i64, week: &str) -> Result<WeekTimetable, AppError> {
    let (today, _) = moscow_now();
    let day = match week.trim() {
        "" => today,
        w => parse_date(w).ok_or_else(|| AppError::invalid("week", Msg::TimetableWeekFormat).echo(&[("week", w)]))?,
    };
    let school_id = authorize_target(ctx, me, kind, id).await?;
    let monday = monday_of(day);
    let sunday = monday + Duration::days(6);
    let lessons = lessons(ctx, school_id, kind, id, monday, sunday).await?;
    let holidays = holidays(ctx, school_id, monday, sunday).await?;
    let mut days: Vec<DayColumn> = (0..7)
        .map(|k| {
            let date = monday + Duration::days(k);
            let iso = format_date(date);
            DayColumn {
                holiday: holidays.iter().find(|(a, b, _)| a.as_str() <= iso.as_str() && iso.as_str() <= b.as_str()).map(|h| h.2.clone()),
                weekday: date.weekday().number_from_monday() as i64,
                lessons: lessons.iter().filter(|l| l.date == iso).cloned().collect(),
                date: iso,
            }
        })
        .collect();
    // Saturday only when something happens then; Sunday never (unless it has lessons).
    days.retain(|d| d.weekday <= 5 || !d.lessons.is_empty());
    let staff = matches!(me.active.role, RoleKind::SchoolAdmin | RoleKind::Teacher);
    let own_school = me.active.school_id.unwrap_or_default();
    let feed_exists: i64 = ctx
        .db
        .query_scalar("SELECT COUNT(*) FROM calendar_feeds WHERE person_id = $1 AND target_kind = $2 AND target_id = $3")
        .bind(me.person_id)
        .bind(kind.code())
        .bind(id)
        .fetch_one(ctx.db.pool())
        .await?;
    Ok(WeekTimetable {
        kind,
        target_id: id,
        title: title(ctx, kind, id).await?,
        week_start: format_date(monday),
        prev_week: format_date(monday - Duration::days(7)),
        next_week: format_date(monday + Duration::days(7)),
        this_week: format_date(monday_of(today)),
        today: format_date(today),
        days,
        children: children(ctx, me).await?,
        classes: if staff { classes(ctx, own_school).await? } else { vec![] },
        teachers: if staff { teachers(ctx, own_school).await? } else { vec![] },
        rooms: if staff { rooms(ctx, own_school).await? } else { vec![] },
        own: match me.active.role {
            RoleKind::Teacher => Some((TargetKind::Teacher, me.person_id)),
            RoleKind::Pupil => Some((TargetKind::Pupil, me.person_id)),
            _ => None,
        },
        feed_exists: feed_exists > 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lesson_under_way_is_the_one_between_its_bells_today() {
        let at = |now: &str| is_current("2026-11-23", "08:30", "09:15", "2026-11-23", now);
        assert!(!at("08:29"));
        assert!(at("08:30"));
        assert!(at("09:14"));
        assert!(!at("09:15"), "the break after the bell is no lesson");
        assert!(!is_current("2026-11-24", "08:30", "09:15", "2026-11-23", "08:45"), "another day");
        assert!(!is_current("2026-11-23", "", "", "2026-11-23", "08:45"), "no bell for the lesson");
    }

    #[test]
    fn rooms_are_named_as_a_school_names_them() {
        assert_eq!(room_label("209"), "Кабинет 209");
        assert_eq!(room_label("Спортзал"), "Спортзал");
    }
}
