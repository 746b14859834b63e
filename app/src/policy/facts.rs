//! Loading the facts a decision needs (server only), and the `authorize` every server function calls.

use super::{decide, Action, Facts, Scope};
use crate::accounts::types::{Me, RoleKind};
use crate::context::ServerContext;
use crate::error::AppError;
use crate::stamped::Stamped;

/// `Ok(())` when the policy allows the action, `Forbidden` otherwise (logged for operators).
pub async fn authorize(ctx: &ServerContext, me: &Me, action: Action, scope: Scope) -> Result<(), AppError> {
    let facts = load(ctx, me, scope).await?;
    if decide(me, action, scope, facts) {
        Ok(())
    } else {
        tracing::warn!(person = me.person_id, ?action, ?scope, "policy refused");
        Err(AppError::Forbidden)
    }
}

/// Authorizes `action`, and answers from the same facts whether `also` would be allowed too: a
/// page that reads and may write asks the database once, not twice.
pub async fn authorize_and_check(ctx: &ServerContext, me: &Me, action: Action, scope: Scope, also: Action) -> Result<bool, AppError> {
    let facts = load(ctx, me, scope).await?;
    decide_both(me, action, scope, also, facts)
}

/// `authorize_and_check`, for a caller that has just read the school's structure stamp
/// (`school_stamps`, raised by the database on every change of the school's people, classes,
/// teaching assignments, lessons…): the facts of a journal (who teaches the class's subject,
/// who leads the class) come from that structure alone, so they are kept per process while the
/// stamp is unchanged and a busy grid asks nothing more. The decision itself is made every time.
pub async fn authorize_and_check_at(ctx: &ServerContext, me: &Me, action: Action, scope: Scope, also: Action, stamp: i64) -> Result<bool, AppError> {
    let decided_by_structure = matches!(scope, Scope::Journal { .. });
    let key = (me.person_id, me.active.id, scope);
    let kept = if decided_by_structure { ctx.policy_facts.get(&key, &stamp) } else { None };
    let facts = match kept {
        Some(facts) => facts,
        None => {
            let facts = load(ctx, me, scope).await?;
            if decided_by_structure {
                ctx.policy_facts.put(key, stamp, facts);
            }
            facts
        }
    };
    decide_both(me, action, scope, also, facts)
}

fn decide_both(me: &Me, action: Action, scope: Scope, also: Action, facts: Facts) -> Result<bool, AppError> {
    if decide(me, action, scope, facts) {
        Ok(decide(me, also, scope, facts))
    } else {
        tracing::warn!(person = me.person_id, ?action, ?scope, "policy refused");
        Err(AppError::Forbidden)
    }
}

/// Facts kept by `authorize_and_check_at`: by person, role (grant) and scope, under the
/// structure stamp they were read at.
pub type FactsCache = Stamped<(i64, i64, Scope), i64, Facts, 4096>;

/// Only the facts the active role can use are queried.
async fn load(ctx: &ServerContext, me: &Me, scope: Scope) -> Result<Facts, AppError> {
    let me_id = me.person_id;
    let mut facts = Facts::default();
    match (me.active.role, scope) {
        (RoleKind::Teacher, Scope::Class { class_id, .. }) => {
            facts.teaches = exists(ctx, "SELECT COUNT(*) FROM teaching_assignments WHERE class_id = $1 AND teacher_id = $2", class_id, me_id).await?;
            facts.is_class_teacher = exists(ctx, "SELECT COUNT(*) FROM classes WHERE id = $1 AND class_teacher_id = $2", class_id, me_id).await?;
        }
        (RoleKind::Teacher, Scope::Pupil { pupil_id, .. }) => {
            facts.teaches = exists(
                ctx,
                "SELECT COUNT(*) FROM class_enrolments e JOIN teaching_assignments t ON t.class_id = e.class_id \
                 WHERE e.pupil_id = $1 AND t.teacher_id = $2",
                pupil_id,
                me_id,
            )
            .await?;
            facts.is_class_teacher = exists(
                ctx,
                "SELECT COUNT(*) FROM class_enrolments e JOIN classes c ON c.id = e.class_id \
                 WHERE e.pupil_id = $1 AND c.class_teacher_id = $2",
                pupil_id,
                me_id,
            )
            .await?;
        }
        (RoleKind::Pupil, Scope::Class { class_id, .. }) => {
            facts.is_member = exists(ctx, "SELECT COUNT(*) FROM class_enrolments WHERE class_id = $1 AND pupil_id = $2", class_id, me_id).await?;
        }
        (RoleKind::Parent, Scope::Pupil { pupil_id, .. }) => {
            facts.is_parent = exists(
                ctx,
                "SELECT COUNT(*) FROM parent_links WHERE child_id = $1 AND parent_id = $2 AND status = 'confirmed'",
                pupil_id,
                me_id,
            )
            .await?;
        }
        (RoleKind::SchoolAdmin, Scope::Member { school_id, person_id }) => {
            facts.in_school = exists(
                ctx,
                "SELECT (SELECT COUNT(*) FROM people WHERE id = $1 AND school_id = $2) \
                      + (SELECT COUNT(*) FROM role_grants WHERE person_id = $1 AND school_id = $2) \
                      + (SELECT COUNT(*) FROM parent_links WHERE parent_id = $1 AND school_id = $2 AND status = 'confirmed')",
                person_id,
                school_id,
            )
            .await?;
            facts.kept_here = exists(ctx, "SELECT COUNT(*) FROM people WHERE id = $1 AND school_id = $2", person_id, school_id).await?;
        }
        (RoleKind::SchoolAdmin | RoleKind::Teacher, Scope::Teacher { school_id, teacher_id }) => {
            facts.teacher_here = exists(
                ctx,
                "SELECT COUNT(*) FROM role_grants WHERE person_id = $1 AND school_id = $2 AND role = 'teacher'",
                teacher_id,
                school_id,
            )
            .await?;
        }
        (RoleKind::RegionOperator, Scope::School { school_id }) => {
            facts.school_in_region =
                exists(ctx, "SELECT COUNT(*) FROM schools WHERE id = $1 AND region_id = $2", school_id, me.active.region_id).await?;
        }
        // The live journal grid
        (RoleKind::Teacher, Scope::Journal { class_id, subject_id, group_id, .. }) => {
            use sqlx::Row;
            let r = ctx
                .db
                .query(
                    "SELECT (SELECT COUNT(*) FROM teaching_assignments \
                             WHERE class_id = $1 AND subject_id = $2 AND COALESCE(subgroup_id, 0) = $3 AND teacher_id = $4) AS teaches, \
                            (SELECT COUNT(*) FROM classes WHERE id = $1 AND class_teacher_id = $4) AS leads",
                )
                .bind(class_id)
                .bind(subject_id)
                .bind(group_id)
                .bind(me_id)
                .fetch_one(ctx.db.pool())
                .await?;
            facts.teaches_subject = r.try_get::<i64, _>("teaches")? > 0;
            facts.is_class_teacher = r.try_get::<i64, _>("leads")? > 0;
        }
        (RoleKind::Teacher, Scope::Lesson { lesson_id, .. }) => {
            let row = ctx
                .db
                .query(
                    "SELECT (CASE WHEN l.teacher_id = $2 THEN 1 ELSE 0 END) \
                          + (SELECT COUNT(*) FROM teaching_assignments t WHERE t.id = l.teaching_assignment_id AND t.teacher_id = $2) AS teaches, \
                            (CASE WHEN l.substitute_id = $2 THEN 1 ELSE 0 END) AS substitutes, \
                            (SELECT COUNT(*) FROM classes c WHERE c.id = l.class_id AND c.class_teacher_id = $2) AS leads \
                     FROM lessons l WHERE l.id = $1",
                )
                .bind(lesson_id)
                .bind(me_id)
                .fetch_optional(ctx.db.pool())
                .await?;
            if let Some(r) = row {
                use sqlx::Row;
                facts.teaches_subject = r.try_get::<i64, _>("teaches")? > 0;
                facts.substitutes = r.try_get::<i64, _>("substitutes")? > 0;
                facts.is_class_teacher = r.try_get::<i64, _>("leads")? > 0;
            }
        }
        // Homework files on the lesson page: a pupil of the lesson's class (and group), or a
        // confirmed parent of one.
        (RoleKind::Pupil, Scope::Lesson { lesson_id, .. }) => {
            facts.is_member = exists(
                ctx,
                "SELECT COUNT(*) FROM lessons l JOIN class_enrolments e ON e.class_id = l.class_id AND e.pupil_id = $2 \
                 WHERE l.id = $1 AND (l.subgroup_id IS NULL \
                   OR EXISTS (SELECT 1 FROM subgroup_members m WHERE m.subgroup_id = l.subgroup_id AND m.pupil_id = $2))",
                lesson_id,
                me_id,
            )
            .await?;
        }
        (RoleKind::Parent, Scope::Lesson { lesson_id, .. }) => {
            facts.is_parent = exists(
                ctx,
                "SELECT COUNT(*) FROM lessons l JOIN class_enrolments e ON e.class_id = l.class_id \
                 JOIN parent_links pl ON pl.child_id = e.pupil_id AND pl.parent_id = $2 AND pl.status = 'confirmed' \
                 WHERE l.id = $1 AND (l.subgroup_id IS NULL \
                   OR EXISTS (SELECT 1 FROM subgroup_members m WHERE m.subgroup_id = l.subgroup_id AND m.pupil_id = e.pupil_id))",
                lesson_id,
                me_id,
            )
            .await?;
        }
        _ => {}
    }
    Ok(facts)
}

/// Whether a `SELECT COUNT(*) … $1 … $2` finds anything.
async fn exists(ctx: &ServerContext, count_sql: &'static str, first: i64, second: i64) -> Result<bool, AppError> {
    let n: i64 = ctx.db.query_scalar(count_sql).bind(first).bind(second).fetch_one(ctx.db.pool()).await?;
    Ok(n > 0)
}
