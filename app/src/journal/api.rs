//! Server functions of the journal domain.

use super::types::TeacherSummary;
use crate::error::AppError;
use leptos::prelude::*;

/// The teacher's start page: the classes and subjects they teach.
#[server(endpoint = "teacher_overview")]
pub async fn teacher_overview() -> Result<TeacherSummary, AppError> {
    use crate::accounts::types::RoleKind;
    use crate::policy::{authorize, Action, Scope};
    let (ctx, me) = crate::accounts::session::require().await?;
    if me.active.role != RoleKind::Teacher {
        return Err(AppError::Forbidden);
    }
    let school_id = me.active.school_id.ok_or(AppError::Forbidden)?;
    authorize(&ctx, &me, Action::ViewSchool, Scope::School { school_id }).await?;
    super::queries::teacher_overview(&ctx, school_id, me.person_id).await
}
