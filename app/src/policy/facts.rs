//! Loading the facts a decision needs (server only), and the `authorize` every server function calls.

use super::{decide, Action, Facts, Scope};
use crate::accounts::types::{Me, RoleKind};
use crate::context::ServerContext;
use crate::error::AppError;

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

/// Only the facts the active role can use are queried.
async fn load(ctx: &ServerContext, me: &Me, scope: Scope) -> Result<Facts, AppError> {
    let db = &ctx.db;
    let me_id = me.person_id;
    let mut facts = Facts::default();
    match (me.active.role, scope) {
        (RoleKind::Teacher, Scope::Class { class_id, .. }) => {
            facts.teaches = db
                .query_scalar::<i64>("SELECT COUNT(*) FROM teaching_assignments WHERE teacher_id = $1 AND class_id = $2")
                .bind(me_id)
                .bind(class_id)
                .fetch_one(db.pool())
                .await?
                > 0;
            facts.is_class_teacher = db
                .query_scalar::<i64>("SELECT COUNT(*) FROM classes WHERE id = $1 AND class_teacher_id = $2")
                .bind(class_id)
                .bind(me_id)
                .fetch_one(db.pool())
                .await?
                > 0;
        }
        (RoleKind::Teacher, Scope::Pupil { pupil_id, .. }) => {
            facts.teaches = db
                .query_scalar::<i64>(
                    "SELECT COUNT(*) FROM class_enrolments e \
                     JOIN teaching_assignments t ON t.class_id = e.class_id \
                     WHERE e.pupil_id = $1 AND t.teacher_id = $2",
                )
                .bind(pupil_id)
                .bind(me_id)
                .fetch_one(db.pool())
                .await?
                > 0;
            facts.is_class_teacher = db
                .query_scalar::<i64>(
                    "SELECT COUNT(*) FROM class_enrolments e JOIN classes c ON c.id = e.class_id \
                     WHERE e.pupil_id = $1 AND c.class_teacher_id = $2",
                )
                .bind(pupil_id)
                .bind(me_id)
                .fetch_one(db.pool())
                .await?
                > 0;
        }
        (RoleKind::Pupil, Scope::Class { class_id, .. }) => {
            facts.is_member = db
                .query_scalar::<i64>("SELECT COUNT(*) FROM class_enrolments WHERE class_id = $1 AND pupil_id = $2")
                .bind(class_id)
                .bind(me_id)
                .fetch_one(db.pool())
                .await?
                > 0;
        }
        (RoleKind::Parent, Scope::Pupil { pupil_id, .. }) => {
            facts.is_parent = db
                .query_scalar::<i64>(
                    "SELECT COUNT(*) FROM parent_links WHERE parent_id = $1 AND child_id = $2 AND status = 'confirmed'",
                )
                .bind(me_id)
                .bind(pupil_id)
                .fetch_one(db.pool())
                .await?
                > 0;
        }
        (RoleKind::RegionOperator, Scope::School { school_id }) => {
            facts.school_in_region = db
                .query_scalar::<i64>("SELECT COUNT(*) FROM schools WHERE id = $1 AND region_id = $2")
                .bind(school_id)
                .bind(me.active.region_id)
                .fetch_one(db.pool())
                .await?
                > 0;
        }
        _ => {}
    }
    Ok(facts)
}
