//! The demo school's journal: the default work types with their weights, and marks and
//! attendance for every lesson of the period under way up to today — deterministic (a hash of
//! lesson and pupil ids), written by two set-based statements so the demo stays fast.

use super::Tx;
use app::db::{now, Db};

/// Attendance: of 100 pupil-lessons 4 absent, 2 ill, 1 late; of the rest about 30 get a mark.
/// `$1` school, `$2` today, `$3`–`$6` the work types (answer, homework, self-study, control).
macro_rules! cells_sql {
    ($members:literal, $join:literal, $group:literal) => {
        concat!(
            "INSERT INTO journal_cells (school_id, lesson_id, pupil_id, class_id, subject_id, subgroup_id, period_id, \
                                        attendance, late_minutes, marks, version, revision, changed_by, changed_at) \
             SELECT x.school_id, x.id, x.pupil_id, x.class_id, x.subject_id, x.group_id, x.reporting_period_id, \
                    CASE WHEN x.h % 100 < 4 THEN 'н' WHEN x.h % 100 < 6 THEN 'б' WHEN x.h % 100 = 6 THEN 'о' ELSE '' END, \
                    CASE WHEN x.h % 100 = 6 THEN 3 + (x.h / 7) % 15 ELSE NULL END, \
                    CASE WHEN x.h % 100 >= 7 AND (x.h / 100) % 100 < 30 THEN \
                        '[{\"v\":\"' || (CASE WHEN (x.h / 10000) % 100 < 35 THEN 5 WHEN (x.h / 10000) % 100 < 75 THEN 4 \
                                              WHEN (x.h / 10000) % 100 < 95 THEN 3 ELSE 2 END) \
                        || '\",\"w\":' || (CASE WHEN (x.h / 1000000) % 10 < 5 THEN $3 WHEN (x.h / 1000000) % 10 < 7 THEN $4 \
                                               WHEN (x.h / 1000000) % 10 < 9 THEN $5 ELSE $6 END) || '}]' \
                    ELSE '[]' END, \
                    1, 0, x.teacher_id, $7 \
             FROM (SELECT l.school_id, l.id, m.pupil_id, l.class_id, l.subject_id, ", $group, " AS group_id, l.reporting_period_id, l.teacher_id, \
                          ((l.id * 7919 + m.pupil_id * 104729) % 1000000007) AS h \
                   FROM lessons l JOIN ", $members, " m ON ", $join, " \
                   WHERE l.school_id = $1 AND l.lesson_date <= $2 AND l.cancelled = 0 \
                     AND l.reporting_period_id IN (SELECT p.id FROM reporting_periods p WHERE p.school_id = $1 AND p.kind <> 'year' \
                                                   AND p.starts_on <= $2 AND p.ends_on >= $2)) x \
             WHERE x.h % 100 < 7 OR (x.h / 100) % 100 < 30"
        )
    };
}

pub async fn seed(tx: &mut Tx, db: &Db, school_id: i64) -> Result<(), sqlx::Error> {
    let map = |e: app::error::AppError| sqlx::Error::Protocol(format!("demo journal: {e:?}"));
    app::journal::grid::server::ensure_work_types(db, &mut **tx, school_id).await.map_err(map)?;
    let types = app::journal::grid::server::work_types(db, &mut **tx, school_id).await.map_err(map)?;
    let id = |name: &str| types.iter().find(|t| t.name == name).map(|t| t.id).unwrap_or(0);
    let (answer, homework, own, control) = (id("Ответ на уроке"), id("Домашняя работа"), id("Самостоятельная работа"), id("Контрольная работа"));
    let today = app::journal::grid::server::today();
    let t = now();
    for sql in [
        cells_sql!("class_enrolments", "m.class_id = l.class_id AND l.subgroup_id IS NULL", "0"),
        cells_sql!("subgroup_members", "m.subgroup_id = l.subgroup_id", "l.subgroup_id"),
    ] {
        db.query(sql)
            .bind(school_id)
            .bind(today.clone())
            .bind(answer)
            .bind(homework)
            .bind(own)
            .bind(control)
            .bind(t)
            .execute(&mut **tx)
            .await?;
    }
    db.query("INSERT INTO journal_revisions (school_id, revision) VALUES ($1, 0)").bind(school_id).execute(&mut **tx).await?;
    Ok(())
}
