//! Server functions of the school domain.

use super::types::{RegionSummary, SchoolSummary};
use crate::error::AppError;
use leptos::prelude::*;

/// The school admin's start page: the school at a glance.
#[server(endpoint = "school_overview")]
pub async fn school_overview() -> Result<SchoolSummary, AppError> {
    use crate::policy::{authorize, Action, Scope};
    let (ctx, me) = crate::accounts::session::require().await?;
    let school_id = me.active.school_id.ok_or(AppError::Forbidden)?;
    authorize(&ctx, &me, Action::ManageSchool, Scope::School { school_id }).await?;
    super::queries::overview(&ctx, school_id).await
}

/// The region operator's start page: the region's schools.
#[server(endpoint = "region_overview")]
pub async fn region_overview() -> Result<RegionSummary, AppError> {
    use crate::policy::{authorize, Action, Scope};
    let (ctx, me) = crate::accounts::session::require().await?;
    let region_id = me.active.region_id;
    authorize(&ctx, &me, Action::ManageRegion, Scope::Region { region_id }).await?;
    super::queries::region_overview(&ctx, region_id).await
}
