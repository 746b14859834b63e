//! Server functions of the people pages. Each asks the policy first: the school for the list
//! and for creating, the person (`Scope::Member`) for everything about one person. Changes are
//! plain form posts that redirect, so every page works without JavaScript.

use super::types::{PeopleList, PersonCard};
#[cfg(feature = "ssr")]
use super::types::PersonFields;
use crate::error::AppError;
use leptos::prelude::*;

/// Who may use the people pages: the signed-in admin of the school, asked through the policy.
/// The import's server functions use the same guard.
#[cfg(feature = "ssr")]
pub(crate) mod guard {
    use crate::accounts::types::Me;
    use crate::context::ServerContext;
    use crate::error::AppError;
    use crate::policy::{authorize, Action, Scope};

    /// The signed-in admin and their school, allowed to manage it.
    pub async fn school() -> Result<(ServerContext, Me, i64), AppError> {
        let (ctx, me) = crate::accounts::session::require().await?;
        let school_id = me.active.school_id.ok_or(AppError::Forbidden)?;
        authorize(&ctx, &me, Action::ManageSchool, Scope::School { school_id }).await?;
        Ok((ctx, me, school_id))
    }

    /// The same, and the person belongs to that school.
    pub async fn person(person_id: i64) -> Result<(ServerContext, Me, i64), AppError> {
        let (ctx, me) = crate::accounts::session::require().await?;
        let school_id = me.active.school_id.ok_or(AppError::Forbidden)?;
        authorize(&ctx, &me, Action::ManageSchool, Scope::Member { school_id, person_id }).await?;
        Ok((ctx, me, school_id))
    }

    /// The same, and the admin's school keeps the person's record: personal data, password and
    /// blocking are changed only there.
    pub async fn editable(person_id: i64) -> Result<(ServerContext, Me, i64), AppError> {
        let (ctx, me) = crate::accounts::session::require().await?;
        let school_id = me.active.school_id.ok_or(AppError::Forbidden)?;
        authorize(&ctx, &me, Action::EditPerson, Scope::Member { school_id, person_id }).await?;
        Ok((ctx, me, school_id))
    }

    /// Today in Moscow, the date birth dates are checked against.
    pub fn today() -> chrono::NaiveDate {
        chrono::DateTime::from_timestamp(crate::db::now() + 3 * 3600, 0).unwrap_or_default().date_naive()
    }
}

#[server(endpoint = "people_page")]
pub async fn people_page(query: String, role: String, class_id: i64, page: i64) -> Result<PeopleList, AppError> {
    let (ctx, _me, school_id) = guard::school().await?;
    super::server::list(&ctx, school_id, &query, &role, class_id, page).await
}

#[server(endpoint = "person_details")]
pub async fn person_details(id: i64) -> Result<PersonCard, AppError> {
    let (ctx, _me, school_id) = guard::person(id).await?;
    super::server::details(&ctx, school_id, id).await
}

/// The class list for the «Добавить человека» form.
#[server(endpoint = "people_classes")]
pub async fn people_classes() -> Result<Vec<super::types::ClassOption>, AppError> {
    let (ctx, _me, school_id) = guard::school().await?;
    super::server::class_options(&ctx, school_id).await
}

/// Checks the form through the shared rules; every wrong field comes back at once, with what
/// was typed.
#[cfg(feature = "ssr")]
fn checked(fields: &PersonFields) -> Result<super::validate::ValidPerson, AppError> {
    super::validate::check(fields, guard::today()).map_err(|problems| refusal(fields, &problems))
}

#[cfg(feature = "ssr")]
fn refusal(fields: &PersonFields, problems: &[(&str, crate::i18n::Msg)]) -> AppError {
    AppError::invalid_fields(problems).unwrap_or(AppError::Internal).echo(&fields.typed())
}

/// «Создать»: a new person with a login and a temporary password, then their page.
#[allow(clippy::too_many_arguments)]
#[server(endpoint = "create_person")]
pub async fn create_person(
    surname: String,
    name: String,
    patronymic: String,
    #[server(default)] sex: String,
    birth_date: String,
    snils: String,
    email: String,
    phone: String,
    #[server(default)] role: String,
    #[server(default)] class_id: String,
    #[server(default)] child_id: String,
) -> Result<(), AppError> {
    let (ctx, me, school_id) = guard::school().await?;
    let fields = PersonFields { surname, name, patronymic, sex, birth_date, snils, email, phone, role, class_id };
    let valid = checked(&fields)?;
    let child_id = child_id.trim().parse::<i64>().ok();
    match super::server::create(&ctx, &me, school_id, &valid, child_id).await? {
        Ok(id) => {
            leptos_axum::redirect(&format!("/admin/people/{id}?created=1"));
            Ok(())
        }
        Err(problems) => Err(refusal(&fields, &problems)),
    }
}

/// «Сохранить» on the person's page.
#[allow(clippy::too_many_arguments)]
#[server(endpoint = "update_person")]
pub async fn update_person(
    id: i64,
    surname: String,
    name: String,
    patronymic: String,
    #[server(default)] sex: String,
    birth_date: String,
    snils: String,
    email: String,
    phone: String,
    #[server(default)] role: String,
    #[server(default)] class_id: String,
) -> Result<(), AppError> {
    let (ctx, me, school_id) = guard::editable(id).await?;
    let fields = PersonFields { surname, name, patronymic, sex, birth_date, snils, email, phone, role, class_id };
    let valid = checked(&fields)?;
    match super::server::update(&ctx, &me, school_id, id, &valid).await? {
        Ok(()) => {
            leptos_axum::redirect(&format!("/admin/people/{id}?saved=1"));
            Ok(())
        }
        Err(problems) => Err(refusal(&fields, &problems)),
    }
}

/// «Заблокировать» / «Разблокировать».
#[server(endpoint = "block_person")]
pub async fn block_person(id: i64, blocked: String) -> Result<(), AppError> {
    let (ctx, me, school_id) = guard::editable(id).await?;
    super::server::set_blocked(&ctx, &me, school_id, id, blocked == "1").await?;
    leptos_axum::redirect(&format!("/admin/people/{id}"));
    Ok(())
}

/// «Выдать новый временный пароль».
#[server(endpoint = "reset_person_password")]
pub async fn reset_person_password(id: i64) -> Result<(), AppError> {
    let (ctx, me, school_id) = guard::editable(id).await?;
    super::server::reset_password(&ctx, &me, school_id, id).await?;
    leptos_axum::redirect(&format!("/admin/people/{id}?reset=1"));
    Ok(())
}

/// «Добавить роль» / «Снять роль».
#[server(endpoint = "change_person_role")]
pub async fn change_person_role(id: i64, role: String, grant: String) -> Result<(), AppError> {
    use crate::accounts::types::RoleKind;
    let (ctx, me, school_id) = guard::person(id).await?;
    let role = RoleKind::from_code(&role).ok_or_else(|| AppError::invalid("role", crate::i18n::Msg::RoleRequired))?;
    if grant == "1" {
        super::server::grant_role(&ctx, &me, school_id, id, role).await?;
    } else {
        super::server::revoke_role(&ctx, &me, school_id, id, role).await?;
    }
    leptos_axum::redirect(&format!("/admin/people/{id}"));
    Ok(())
}

/// «Пригласить родителя»: a parent who already has an account, found by login or SNILS.
#[server(endpoint = "invite_parent")]
pub async fn invite_parent(id: i64, parent: String) -> Result<(), AppError> {
    use crate::i18n::Msg;
    let (ctx, me, school_id) = guard::person(id).await?;
    let typed = [("parent", parent.as_str())];
    if parent.trim().is_empty() {
        return Err(AppError::invalid("parent", Msg::ParentWhoRequired).echo(&typed));
    }
    let is_pupil = super::server::details(&ctx, school_id, id).await?.roles.contains(&crate::accounts::types::RoleKind::Pupil);
    if !is_pupil {
        return Err(AppError::invalid("parent", Msg::InviteOnlyForPupils).echo(&typed));
    }
    let Some(parent_id) = super::server::find_parent(&ctx, &parent).await? else {
        return Err(AppError::invalid("parent", Msg::ParentNotFound).echo(&typed));
    };
    let mut tx = ctx.db.begin().await?;
    super::server::invite(&mut tx, &ctx, &me, school_id, id, parent_id).await.map_err(|e| e.echo(&typed))?;
    tx.commit().await?;
    leptos_axum::redirect(&format!("/admin/people/{id}?invited=1"));
    Ok(())
}
