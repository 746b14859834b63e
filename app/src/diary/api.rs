//! Server functions of the diary domain.

use super::types::{ParentSummary, PupilSummary};
use crate::error::AppError;
use leptos::prelude::*;

/// The pupil's start page: class, class teacher, subjects and teachers.
#[server(endpoint = "pupil_overview")]
pub async fn pupil_overview() -> Result<PupilSummary, AppError> {
    use crate::policy::{authorize, Action, Scope};
    let (ctx, me) = crate::accounts::session::require().await?;
    let school_id = me.active.school_id.ok_or(AppError::Forbidden)?;
    let scope = Scope::Pupil { school_id, pupil_id: me.person_id };
    authorize(&ctx, &me, Action::ViewPupil, scope).await?;
    super::queries::pupil_overview(&ctx, school_id, me.person_id).await
}

/// The parent's start page: every linked child. A child whose link is not yet confirmed is
/// listed by name only; the policy decides what else may be shown.
#[server(endpoint = "parent_overview")]
pub async fn parent_overview() -> Result<ParentSummary, AppError> {
    use crate::accounts::types::RoleKind;
    use crate::policy::{authorize, Action, Scope};
    let (ctx, me) = crate::accounts::session::require().await?;
    if me.active.role != RoleKind::Parent {
        return Err(AppError::Forbidden);
    }
    let mut children = Vec::new();
    for (school_id, mut child) in super::queries::children_of(&ctx, me.person_id).await? {
        let scope = Scope::Pupil { school_id, pupil_id: child.child_id };
        if !child.confirmed || authorize(&ctx, &me, Action::ViewPupil, scope).await.is_err() {
            child.class_name = None;
            child.school = String::new();
        }
        children.push(child);
    }
    Ok(ParentSummary { children })
}
