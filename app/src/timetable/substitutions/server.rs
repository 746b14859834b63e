//! Server-only: a date's lessons for «Замены», the conflict checks and the changes themselves.

use super::types::{SubstitutionDay, SubstitutionLesson};
use crate::accounts::types::Me;
use crate::audit::{record, Entry};
use crate::context::ServerContext;
use crate::db::{now, Row};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::school::types::class_name;
use crate::timetable::lessons::calendar::format_date;
use crate::timetable::lessons::server::today;
use crate::timetable::personal::server::{bells, classes, lessons, rooms, teachers};
use crate::timetable::personal::types::{Choice, TargetKind};
use chrono::NaiveDate;
use serde_json::json;

/// A lesson as the checks need it.
#[derive(Clone, Debug)]
pub struct Lesson {
    pub id: i64,
    pub date: String,
    pub number: i64,
    pub class_id: i64,
    pub subgroup_id: Option<i64>,
    pub subject_id: i64,
    pub teacher_id: i64,
    pub substitute_id: Option<i64>,
    pub room_id: Option<i64>,
    pub cancelled: bool,
    pub planned_number: i64,
    pub planned_room: Option<i64>,
}

impl Lesson {
    fn teacher_now(&self) -> i64 {
        self.substitute_id.unwrap_or(self.teacher_id)
    }

    fn as_json(&self) -> serde_json::Value {
        json!({
            "date": self.date, "lesson_number": self.number, "teacher_id": self.teacher_id,
            "substitute_id": self.substitute_id, "room_id": self.room_id, "cancelled": self.cancelled,
        })
    }
}

/// The lesson, if it is this school's.
pub async fn lesson(ctx: &ServerContext, school_id: i64, id: i64) -> Result<Lesson, AppError> {
    let r = ctx
        .db
        .query(
            "SELECT id, lesson_date, lesson_number, class_id, subgroup_id, subject_id, teacher_id, substitute_id, room_id, \
                    cancelled, planned_lesson_number, planned_room_id, room_changed \
             FROM lessons WHERE id = $1 AND school_id = $2",
        )
        .bind(id)
        .bind(school_id)
        .fetch_optional(ctx.db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    let number: i64 = r.try_get("lesson_number")?;
    let room_id: Option<i64> = r.try_get("room_id")?;
    let room_changed = r.try_get::<i64, _>("room_changed")? == 1;
    Ok(Lesson {
        id,
        date: r.try_get("lesson_date")?,
        number,
        class_id: r.try_get("class_id")?,
        subgroup_id: r.try_get("subgroup_id")?,
        subject_id: r.try_get("subject_id")?,
        teacher_id: r.try_get("teacher_id")?,
        substitute_id: r.try_get("substitute_id")?,
        room_id,
        cancelled: r.try_get::<i64, _>("cancelled")? == 1,
        planned_number: r.try_get::<Option<i64>, _>("planned_lesson_number")?.unwrap_or(number),
        planned_room: if room_changed { r.try_get("planned_room_id")? } else { room_id },
    })
}

/// Past lessons do not change.
fn check_not_past(l: &Lesson) -> Result<(), AppError> {
    if l.date < today() {
        return Err(AppError::invalid("lesson_number", Msg::SubstitutionPast));
    }
    Ok(())
}

/// One date of the school for the «Замены» page: the class's lessons and every change that day.
pub async fn day(ctx: &ServerContext, school_id: i64, date: NaiveDate, class_id: i64) -> Result<SubstitutionDay, AppError> {
    let classes = classes(ctx, school_id).await?;
    let class_id = if classes.iter().any(|c| c.id == class_id) {
        class_id
    } else {
        classes.first().map(|c| c.id).ok_or(AppError::NotFound)?
    };
    let iso = format_date(date);
    let changed_classes: Vec<i64> = ctx
        .db
        .query_scalar("SELECT DISTINCT class_id FROM lessons WHERE school_id = $1 AND lesson_date = $2 AND changed_at IS NOT NULL")
        .bind(school_id)
        .bind(iso.clone())
        .fetch_all(ctx.db.pool())
        .await?;
    let mut changed = Vec::new();
    for c in classes.iter().filter(|c| changed_classes.contains(&c.id)) {
        changed.extend(lessons(ctx, school_id, TargetKind::Class, c.id, date, date).await?.into_iter().filter(|l| l.changed()));
    }
    Ok(SubstitutionDay {
        editable: iso >= today(),
        date: iso,
        class_id,
        lessons: lessons(ctx, school_id, TargetKind::Class, class_id, date, date).await?,
        classes,
        changed,
    })
}

/// The form of one lesson.
pub async fn form(ctx: &ServerContext, school_id: i64, id: i64) -> Result<SubstitutionLesson, AppError> {
    let l = lesson(ctx, school_id, id).await?;
    let date = crate::timetable::lessons::calendar::parse_date(&l.date).ok_or(AppError::NotFound)?;
    let cell = lessons(ctx, school_id, TargetKind::Class, l.class_id, date, date)
        .await?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or(AppError::NotFound)?;
    let mut numbers: Vec<(i64, (String, String))> = bells(ctx, school_id).await?.into_iter().collect();
    numbers.sort();
    let teachers = teachers(ctx, school_id).await?;
    let rooms = rooms(ctx, school_id).await?;
    let planned_teacher = teachers.iter().find(|t| t.id == l.teacher_id).map(|t| t.label.clone()).unwrap_or_default();
    let planned_room = l
        .planned_room
        .and_then(|r| rooms.iter().find(|c| c.id == r))
        .map(|c| c.label.clone())
        .unwrap_or_else(|| "—".to_string());
    Ok(SubstitutionLesson {
        editable: l.date >= today(),
        lesson: cell,
        class_id: l.class_id,
        numbers: numbers.into_iter().map(|(n, (a, b))| Choice { id: n, label: format!("{n} ({a}–{b})") }).collect(),
        teachers,
        rooms,
        teacher_now: l.teacher_now(),
        room_now: l.room_id.unwrap_or(0),
        planned: (l.planned_number, planned_teacher, planned_room),
    })
}

/// What a clash query finds: the other lesson's class (and subject).
async fn clash(ctx: &ServerContext, sql: &'static str, school_id: i64, l: &Lesson, number: i64, value: i64, extra: (i64, i64)) -> Result<Option<(String, String)>, AppError> {
    let found: Option<(i64, String, String)> = ctx
        .db
        .query_as(sql)
        .bind(school_id)
        .bind(l.date.clone())
        .bind(number)
        .bind(l.id)
        .bind(value)
        .bind(extra.0)
        .bind(extra.1)
        .fetch_optional(ctx.db.pool())
        .await?;
    Ok(found.map(|(grade, letter, subject)| (class_name(grade, &letter), subject)))
}

// Lessons of the same date and lesson number, not cancelled, other than this one ($1 school,
// $2 date, $3 number, $4 this lesson, $5 the teacher/class/room, $6 and $7 as each needs).
const TEACHER_BUSY: &str = "SELECT c.grade, c.letter, s.name FROM lessons l JOIN classes c ON c.id = l.class_id JOIN subjects s ON s.id = l.subject_id \
     WHERE l.school_id = $1 AND l.lesson_date = $2 AND l.lesson_number = $3 AND l.cancelled = 0 AND l.id <> $4 \
       AND COALESCE(l.substitute_id, l.teacher_id) = $5 AND $6 = $7 ORDER BY c.grade, c.letter LIMIT 1";
// A class: a whole-class lesson clashes with anything; a group lesson with a whole-class one,
// with its own group's, and with another subject's group (only groups of one subject sit side
// by side, as in the weekly template).
const CLASS_BUSY: &str = "SELECT c.grade, c.letter, s.name FROM lessons l JOIN classes c ON c.id = l.class_id JOIN subjects s ON s.id = l.subject_id \
     WHERE l.school_id = $1 AND l.lesson_date = $2 AND l.lesson_number = $3 AND l.cancelled = 0 AND l.id <> $4 \
       AND l.class_id = $5 AND (l.subgroup_id IS NULL OR $6 = 0 OR l.subgroup_id = $6 OR l.subject_id <> $7) LIMIT 1";
const ROOM_BUSY: &str = "SELECT c.grade, c.letter, s.name FROM lessons l JOIN classes c ON c.id = l.class_id JOIN subjects s ON s.id = l.subject_id \
     WHERE l.school_id = $1 AND l.lesson_date = $2 AND l.lesson_number = $3 AND l.cancelled = 0 AND l.id <> $4 \
       AND l.room_id = $5 AND $6 = $7 ORDER BY c.grade, c.letter LIMIT 1";

/// «Сохранить замену»: the lesson at `number`, given by `teacher`, in `room` (0: none).
pub async fn save(ctx: &ServerContext, me: &Me, school_id: i64, id: i64, number: i64, teacher: i64, room: i64) -> Result<Lesson, AppError> {
    let l = lesson(ctx, school_id, id).await?;
    check_not_past(&l)?;
    if l.cancelled {
        return Err(AppError::invalid("lesson_number", Msg::SubstitutionCancelledNote));
    }
    if !bells(ctx, school_id).await?.contains_key(&number) {
        return Err(AppError::invalid("lesson_number", Msg::SubstitutionWrongNumber));
    }
    let teachers = teachers(ctx, school_id).await?;
    let Some(teacher_name) = teachers.iter().find(|t| t.id == teacher).map(|t| t.label.clone()) else {
        return Err(AppError::invalid("teacher_id", Msg::SubstitutionWrongTeacher));
    };
    let rooms = rooms(ctx, school_id).await?;
    let room_name = rooms.iter().find(|r| r.id == room).map(|r| r.label.clone());
    if room != 0 && room_name.is_none() {
        return Err(AppError::invalid("room_id", Msg::SubstitutionWrongRoom));
    }
    let room = (room != 0).then_some(room);
    let (moved, new_teacher, new_room) = (number != l.number, teacher != l.teacher_now(), room != l.room_id);
    if !moved && !new_teacher && !new_room {
        return Err(AppError::invalid("lesson_number", Msg::SubstitutionNothing));
    }
    // Only what changes is checked: a stream lesson shares its teacher and room with the other
    // classes' lessons of the same slot, and that is no clash.
    if moved {
        if let Some((class, subject)) = clash(ctx, CLASS_BUSY, school_id, &l, number, l.class_id, (l.subgroup_id.unwrap_or(0), l.subject_id)).await? {
            return Err(AppError::invalid("lesson_number", Msg::SubstitutionClassBusy).with_args(&[&class, &subject]));
        }
    }
    if moved || new_teacher {
        if let Some((class, _)) = clash(ctx, TEACHER_BUSY, school_id, &l, number, teacher, (0, 0)).await? {
            return Err(AppError::invalid("teacher_id", Msg::SubstitutionTeacherBusy).with_args(&[&teacher_name, &class]));
        }
    }
    if let (true, Some(r)) = (moved || new_room, room) {
        if let Some((class, _)) = clash(ctx, ROOM_BUSY, school_id, &l, number, r, (0, 0)).await? {
            let name = room_name.clone().unwrap_or_default();
            return Err(AppError::invalid("room_id", Msg::SubstitutionRoomBusy).with_args(&[&name, &class]));
        }
    }
    let after = Lesson {
        number,
        substitute_id: (teacher != l.teacher_id).then_some(teacher),
        room_id: room,
        ..l.clone()
    };
    write(ctx, me, school_id, &l, &after, "lesson.substitute").await?;
    Ok(after)
}

/// «Отменить урок».
pub async fn cancel(ctx: &ServerContext, me: &Me, school_id: i64, id: i64) -> Result<Lesson, AppError> {
    let l = lesson(ctx, school_id, id).await?;
    check_not_past(&l)?;
    let after = Lesson { cancelled: true, ..l.clone() };
    write(ctx, me, school_id, &l, &after, "lesson.cancel").await?;
    Ok(after)
}

/// «Вернуть как было»: the lesson as the template planned it.
pub async fn restore(ctx: &ServerContext, me: &Me, school_id: i64, id: i64) -> Result<Lesson, AppError> {
    let l = lesson(ctx, school_id, id).await?;
    check_not_past(&l)?;
    let after = Lesson { cancelled: false, number: l.planned_number, substitute_id: None, room_id: l.planned_room, ..l.clone() };
    write(ctx, me, school_id, &l, &after, "lesson.restore").await?;
    Ok(after)
}

/// Writes the lesson's new state with the audit entry; a lesson back to its plan is an ordinary
/// lesson again (the template sync may rewrite it).
async fn write(ctx: &ServerContext, me: &Me, school_id: i64, before: &Lesson, after: &Lesson, action: &'static str) -> Result<(), AppError> {
    let moved_from = (after.number != after.planned_number).then_some(after.planned_number);
    let room_changed = after.room_id != after.planned_room;
    let changed = after.cancelled || moved_from.is_some() || room_changed || after.substitute_id.is_some();
    let mut tx = ctx.db.begin().await?;
    ctx.db
        .query(
            "UPDATE lessons SET lesson_number = $2, planned_lesson_number = $3, substitute_id = $4, room_id = $5, \
             planned_room_id = $6, room_changed = $7, cancelled = $8, changed_at = $9, changed_by = $10 WHERE id = $1",
        )
        .bind(after.id)
        .bind(after.number)
        .bind(moved_from)
        .bind(after.substitute_id)
        .bind(after.room_id)
        .bind(if room_changed { after.planned_room } else { None })
        .bind(i64::from(room_changed))
        .bind(i64::from(after.cancelled))
        .bind(changed.then(now))
        .bind(changed.then_some(me.person_id))
        .execute(&mut *tx)
        .await?;
    record(
        &mut tx,
        &ctx.db,
        Entry {
            school_id: Some(school_id),
            actor: Some(me.person_id),
            action,
            entity: "lesson",
            entity_id: Some(after.id),
            before: Some(before.as_json()),
            after: Some(after.as_json()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
