//! The school's work types and weights, and the «5-»/«4+» switch, on `/journal/admin` (the
//! school admin only): a table of the work types (name, short name, weight 0–10, scale), add,
//! edit, delete (refused while marks use the type), and «Оценки с плюсом и минусом (5-, 4+)»
//! (`journal_settings.plus_minus`). Each change is audited and bumps the school's journal
//! revision in its transaction; open grids pick it up on reload. Plain form posts that redirect
//! back, so the section works without JavaScript.

use crate::error::AppError;
use crate::i18n::{t, use_lang, Msg};
use crate::journal::marks::{Scale, WorkType};
use crate::ui::{await_view, field_message};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// A work type's name is at most this long (characters); its short name at most `MAX_SHORT`.
pub const MAX_NAME: usize = 100;
pub const MAX_SHORT: usize = 10;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkTypesPage {
    pub types: Vec<WorkType>,
    pub plus_minus: bool,
}

/// A work type as typed into a form, checked: (name, short name, weight, scale). Every wrong
/// field at once, each with its message.
pub fn check(name: &str, short_name: &str, weight: &str, scale: &str) -> Result<(String, String, i64, Scale), AppError> {
    let (name, short_name) = (name.trim(), short_name.trim());
    let mut problems: Vec<(&str, Msg)> = Vec::new();
    if name.is_empty() {
        problems.push(("name", Msg::WtEmptyName));
    } else if name.chars().count() > MAX_NAME {
        problems.push(("name", Msg::WtNameTooLong));
    }
    if short_name.chars().count() > MAX_SHORT {
        problems.push(("short_name", Msg::WtShortTooLong));
    }
    let weight = weight.trim().parse::<i64>().ok().filter(|w| (0..=10).contains(w));
    if weight.is_none() {
        problems.push(("weight", Msg::WtBadWeight));
    }
    if !matches!(scale, "five" | "pass") {
        problems.push(("scale", Msg::WtBadScale));
    }
    if let Some(err) = AppError::invalid_fields(&problems) {
        return Err(err);
    }
    // A short name left empty is the name's first letters.
    let short = if short_name.is_empty() { name.chars().take(3).collect::<String>().to_lowercase() } else { short_name.to_string() };
    Ok((name.to_string(), short, weight.unwrap_or(0), Scale::parse(scale)))
}

#[server(endpoint = "journal_work_types")]
pub async fn journal_work_types() -> Result<WorkTypesPage, AppError> {
    let (ctx, _me, school_id) = server::guard().await?;
    server::page(&ctx, school_id).await
}

/// «Добавить».
#[server(endpoint = "journal_work_type_add")]
pub async fn journal_work_type_add(
    #[server(default)] name: String,
    #[server(default)] short_name: String,
    #[server(default)] weight: String,
    #[server(default)] scale: String,
) -> Result<(), AppError> {
    let (ctx, me, school_id) = server::guard().await?;
    let echo = [("name", name.as_str()), ("short_name", short_name.as_str()), ("weight", weight.as_str()), ("scale", scale.as_str())];
    server::add(&ctx, &me, school_id, &name, &short_name, &weight, &scale).await.map_err(|e| e.echo(&echo))?;
    leptos_axum::redirect("/journal/admin?saved=types#work-types");
    Ok(())
}

/// «Сохранить» of one row.
#[server(endpoint = "journal_work_type_edit")]
pub async fn journal_work_type_edit(
    id: i64,
    #[server(default)] name: String,
    #[server(default)] short_name: String,
    #[server(default)] weight: String,
    #[server(default)] scale: String,
) -> Result<(), AppError> {
    let (ctx, me, school_id) = server::guard().await?;
    let id_text = id.to_string();
    let echo = [("id", id_text.as_str()), ("name", name.as_str()), ("short_name", short_name.as_str()), ("weight", weight.as_str()), ("scale", scale.as_str())];
    server::edit(&ctx, &me, school_id, id, &name, &short_name, &weight, &scale).await.map_err(|e| e.echo(&echo))?;
    leptos_axum::redirect("/journal/admin?saved=types#work-types");
    Ok(())
}

/// «Удалить»: refused while marks use the type.
#[server(endpoint = "journal_work_type_delete")]
pub async fn journal_work_type_delete(id: i64) -> Result<(), AppError> {
    let (ctx, me, school_id) = server::guard().await?;
    let id_text = id.to_string();
    server::delete(&ctx, &me, school_id, id).await.map_err(|e| e.echo(&[("id", id_text.as_str())]))?;
    leptos_axum::redirect("/journal/admin?saved=types#work-types");
    Ok(())
}

/// «Оценки с плюсом и минусом (5-, 4+)»: the checkbox sends «1» when ticked, nothing otherwise.
#[server(endpoint = "journal_plus_minus")]
pub async fn journal_plus_minus(#[server(default)] plus_minus: String) -> Result<(), AppError> {
    let (ctx, me, school_id) = server::guard().await?;
    server::set_plus_minus(&ctx, &me, school_id, !plus_minus.is_empty() && plus_minus != "0").await?;
    leptos_axum::redirect("/journal/admin?saved=types#work-types");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Server only: reads and the four changes, each in one transaction with its audit entry and the
// school's journal revision.
#[cfg(feature = "ssr")]
pub mod server {
    use super::check;
    use super::WorkTypesPage;
    use crate::accounts::types::Me;
    use crate::audit;
    use crate::context::ServerContext;
    use crate::error::AppError;
    use crate::i18n::Msg;
    use crate::journal::grid::server::{bump_revision, ensure_work_types, work_types};
    use crate::journal::marks::WorkType;
    use crate::policy::{authorize, Action, Scope};

    /// The school admin of the active school.
    pub async fn guard() -> Result<(ServerContext, Me, i64), AppError> {
        let (ctx, me) = crate::accounts::session::require().await?;
        let school_id = me.active.school_id.ok_or(AppError::Forbidden)?;
        authorize(&ctx, &me, Action::ManageSchool, Scope::School { school_id }).await?;
        Ok((ctx, me, school_id))
    }

    pub async fn page(ctx: &ServerContext, school_id: i64) -> Result<WorkTypesPage, AppError> {
        let db = &ctx.db;
        let mut conn = db.acquire().await?;
        let mut types = work_types(db, &mut conn, school_id).await?;
        if types.is_empty() {
            // A new school starts from the default work types, as the grid would give it.
            drop(conn);
            let mut tx = db.begin().await?;
            ensure_work_types(db, &mut tx, school_id).await?;
            tx.commit().await?;
            conn = db.acquire().await?;
            types = work_types(db, &mut conn, school_id).await?;
        }
        let plus_minus: Option<i64> = db.query_scalar("SELECT plus_minus FROM journal_settings WHERE school_id = $1").bind(school_id).fetch_optional(&mut *conn).await?;
        Ok(WorkTypesPage { types, plus_minus: plus_minus == Some(1) })
    }

    /// How many cells of the school hold a mark of this work type (`{"v":…,"w":ID}` or
    /// `…"w":ID,"c":…}` in the cell's JSON; a comment's quotes are escaped, so it never matches).
    async fn marks_using(db: &crate::db::Db, conn: &mut sqlx::AnyConnection, school_id: i64, id: i64) -> Result<i64, AppError> {
        Ok(db
            .query_scalar("SELECT COUNT(*) FROM journal_cells WHERE school_id = $1 AND (marks LIKE $2 OR marks LIKE $3)")
            .bind(school_id)
            .bind(format!("%\"w\":{id}}}%"))
            .bind(format!("%\"w\":{id},%"))
            .fetch_one(&mut *conn)
            .await?)
    }

    /// The duplicate-name refusal, when another type of the school has this name (any case).
    fn duplicate(types: &[WorkType], name: &str, except: i64) -> Result<(), AppError> {
        let lower = name.to_lowercase();
        if types.iter().any(|t| t.id != except && t.name.to_lowercase() == lower) {
            return Err(AppError::invalid("name", Msg::WtDuplicateName).with_args(&[name]));
        }
        Ok(())
    }

    fn json(t: &WorkType) -> serde_json::Value {
        serde_json::json!({ "name": t.name, "short_name": t.short_name, "weight": t.weight, "scale": t.scale.code() })
    }

    #[allow(clippy::too_many_arguments)]
    pub async fn add(ctx: &ServerContext, me: &Me, school_id: i64, name: &str, short_name: &str, weight: &str, scale: &str) -> Result<i64, AppError> {
        let (name, short_name, weight, scale) = check(name, short_name, weight, scale)?;
        let db = &ctx.db;
        let mut tx = db.begin().await?;
        ensure_work_types(db, &mut tx, school_id).await?;
        let types = work_types(db, &mut tx, school_id).await?;
        duplicate(&types, &name, 0)?;
        let position: i64 = db.query_scalar("SELECT COALESCE(MAX(position), 0) + 1 FROM work_types WHERE school_id = $1").bind(school_id).fetch_one(&mut *tx).await?;
        let id: i64 = db
            .query_scalar("INSERT INTO work_types (school_id, name, short_name, weight, scale, position) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
            .bind(school_id)
            .bind(name.clone())
            .bind(short_name.clone())
            .bind(weight)
            .bind(scale.code())
            .bind(position)
            .fetch_one(&mut *tx)
            .await?;
        let after = WorkType { id, name, short_name, weight, scale };
        audit::record(
            &mut tx,
            db,
            audit::Entry {
                school_id: Some(school_id),
                actor: Some(me.person_id),
                action: "journal.work_type_create",
                entity: "work_type",
                entity_id: Some(id),
                before: None,
                after: Some(json(&after)),
            },
        )
        .await?;
        bump_revision(db, &mut tx, school_id).await?;
        tx.commit().await?;
        Ok(id)
    }

    #[allow(clippy::too_many_arguments)]
    pub async fn edit(ctx: &ServerContext, me: &Me, school_id: i64, id: i64, name: &str, short_name: &str, weight: &str, scale: &str) -> Result<(), AppError> {
        let (name, short_name, weight, scale) = check(name, short_name, weight, scale)?;
        let db = &ctx.db;
        let mut tx = db.begin().await?;
        let types = work_types(db, &mut tx, school_id).await?;
        let before = types.iter().find(|t| t.id == id).cloned().ok_or(AppError::NotFound)?;
        duplicate(&types, &name, id)?;
        if scale != before.scale && marks_using(db, &mut tx, school_id, id).await? > 0 {
            return Err(AppError::invalid("scale", Msg::WtScaleInUse));
        }
        let after = WorkType { id, name, short_name, weight, scale };
        if after == before {
            return Ok(());
        }
        db.query("UPDATE work_types SET name = $1, short_name = $2, weight = $3, scale = $4 WHERE id = $5 AND school_id = $6")
            .bind(after.name.clone())
            .bind(after.short_name.clone())
            .bind(after.weight)
            .bind(after.scale.code())
            .bind(id)
            .bind(school_id)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut tx,
            db,
            audit::Entry {
                school_id: Some(school_id),
                actor: Some(me.person_id),
                action: "journal.work_type_update",
                entity: "work_type",
                entity_id: Some(id),
                before: Some(json(&before)),
                after: Some(json(&after)),
            },
        )
        .await?;
        bump_revision(db, &mut tx, school_id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Refused while any mark uses the type; a lesson column that merely defaults to it goes
    /// back to the school's default.
    pub async fn delete(ctx: &ServerContext, me: &Me, school_id: i64, id: i64) -> Result<(), AppError> {
        let db = &ctx.db;
        let mut tx = db.begin().await?;
        // The revision first: on PostgreSQL its row lock orders this delete with every cell save
        // of the school, so no mark of the type slips in between the check and the delete.
        bump_revision(db, &mut tx, school_id).await?;
        let types = work_types(db, &mut tx, school_id).await?;
        let before = types.iter().find(|t| t.id == id).cloned().ok_or(AppError::NotFound)?;
        let used = marks_using(db, &mut tx, school_id, id).await?;
        if used > 0 {
            return Err(AppError::invalid("delete", Msg::WtInUse).with_args(&[&used.to_string()]));
        }
        db.query("UPDATE lesson_notes SET work_type_id = NULL WHERE work_type_id = $1").bind(id).execute(&mut *tx).await?;
        db.query("DELETE FROM work_types WHERE id = $1 AND school_id = $2").bind(id).bind(school_id).execute(&mut *tx).await?;
        audit::record(
            &mut tx,
            db,
            audit::Entry {
                school_id: Some(school_id),
                actor: Some(me.person_id),
                action: "journal.work_type_remove",
                entity: "work_type",
                entity_id: Some(id),
                before: Some(json(&before)),
                after: None,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn set_plus_minus(ctx: &ServerContext, me: &Me, school_id: i64, on: bool) -> Result<(), AppError> {
        let db = &ctx.db;
        let mut tx = db.begin().await?;
        let was: Option<i64> = db.query_scalar("SELECT plus_minus FROM journal_settings WHERE school_id = $1").bind(school_id).fetch_optional(&mut *tx).await?;
        let was = was == Some(1);
        if was == on {
            return Ok(());
        }
        db.query("INSERT INTO journal_settings (school_id, plus_minus) VALUES ($1, $2) ON CONFLICT (school_id) DO UPDATE SET plus_minus = $2")
            .bind(school_id)
            .bind(if on { 1i64 } else { 0 })
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut tx,
            db,
            audit::Entry {
                school_id: Some(school_id),
                actor: Some(me.person_id),
                action: "journal.plus_minus",
                entity: "journal_settings",
                entity_id: Some(school_id),
                before: Some(serde_json::json!({ "plus_minus": was })),
                after: Some(serde_json::json!({ "plus_minus": on })),
            },
        )
        .await?;
        bump_revision(db, &mut tx, school_id).await?;
        tx.commit().await?;
        Ok(())
    }
}
// ---------------------------------------------------------------------------------------------

/// The section of `/journal/admin`: the table, «Добавить вид работы», the plus/minus switch.
#[component]
pub fn WorkTypesSection() -> impl IntoView {
    let query = use_query_map();
    let add = ServerAction::<JournalWorkTypeAdd>::new();
    let edit = ServerAction::<JournalWorkTypeEdit>::new();
    let delete = ServerAction::<JournalWorkTypeDelete>::new();
    let plus = ServerAction::<JournalPlusMinus>::new();
    let data = Resource::new(
        move || (add.version().get(), edit.version().get(), delete.version().get(), plus.version().get()),
        |_| journal_work_types(),
    );
    let add_error = Signal::derive(move || add.value().get().and_then(|r| r.err()));
    let edit_error = Signal::derive(move || edit.value().get().and_then(|r| r.err()));
    let delete_error = Signal::derive(move || delete.value().get().and_then(|r| r.err()));
    let plus_error = Signal::derive(move || plus.value().get().and_then(|r| r.err()));
    view! {
        <section class="card" id="work-types" aria-labelledby="work-types-h">
            <h2 id="work-types-h">{t(Msg::WtTitle)}</h2>
            <p class="muted">{t(Msg::WtLead)}</p>
            {move || {
                let ok = query.with(|q| q.get("saved")).as_deref() == Some("types")
                    || [add.value().get(), edit.value().get(), delete.value().get(), plus.value().get()].iter().any(|v| matches!(v, Some(Ok(()))));
                let failed = [add_error.get(), edit_error.get(), delete_error.get(), plus_error.get()].iter().any(|e| e.is_some());
                (ok && !failed).then(|| view! { <p class="notice notice-success" role="status">{t(Msg::WtSaved)}</p> })
            }}
            <p class="form-error" role="alert">
                {move || plus_error.get().map(|e| e.user_message(use_lang()))}
            </p>
            {await_view(data, move |p: WorkTypesPage| {
                let rows = p.types.into_iter().map(|w| type_row(w, edit, delete, edit_error, delete_error)).collect_view();
                let typed = move |field: &'static str| add_error.get().and_then(|e| e.echoed(field)).unwrap_or_default();
                let message = move |field: &'static str| field_message(add_error.get(), field);
                view! {
                    <div class="table-wrap">
                        <table class="table setup-table work-types">
                            <thead><tr>
                                <th scope="col">{t(Msg::WtNameCol)}</th>
                                <th scope="col">{t(Msg::WtShortCol)}</th>
                                <th scope="col">{t(Msg::WtWeightCol)}</th>
                                <th scope="col">{t(Msg::WtScaleCol)}</th>
                                <th scope="col"><span class="visually-hidden">{t(Msg::SetupActions)}</span></th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    <h3 id="work-type-add-h">{t(Msg::WtAdd)}</h3>
                    <ActionForm action=add attr:class="form" attr:novalidate=true attr:aria-labelledby="work-type-add-h">
                        <div class="form-grid">
                            <div class="field">
                                <label for="wt-name">{t(Msg::WtNameCol)}</label>
                                <input id="wt-name" name="name" type="text" autocomplete="off" value=move || typed("name")
                                    aria-invalid=move || message("name").is_some().to_string() aria-describedby="wt-name-error"/>
                                <p id="wt-name-error" class="field-error" aria-live="polite">{move || message("name")}</p>
                            </div>
                            <div class="field">
                                <label for="wt-short">{t(Msg::WtShortCol)}</label>
                                <input id="wt-short" name="short_name" type="text" autocomplete="off" class="input-narrow" value=move || typed("short_name")
                                    aria-invalid=move || message("short_name").is_some().to_string() aria-describedby="wt-short-error"/>
                                <p id="wt-short-error" class="field-error" aria-live="polite">{move || message("short_name")}</p>
                            </div>
                            <div class="field">
                                <label for="wt-weight">{t(Msg::WtWeightCol)}</label>
                                <input id="wt-weight" name="weight" type="number" min="0" max="10" class="input-narrow"
                                    value=move || { let v = typed("weight"); if v.is_empty() { "1".to_string() } else { v } }
                                    aria-invalid=move || message("weight").is_some().to_string() aria-describedby="wt-weight-error"/>
                                <p id="wt-weight-error" class="field-error" aria-live="polite">{move || message("weight")}</p>
                            </div>
                            <div class="field">
                                <label for="wt-scale">{t(Msg::WtScaleCol)}</label>
                                <select id="wt-scale" name="scale" aria-describedby="wt-scale-error">
                                    <option value="five" selected=move || typed("scale") != "pass">{t(Msg::WtScaleFive)}</option>
                                    <option value="pass" selected=move || typed("scale") == "pass">{t(Msg::WtScalePass)}</option>
                                </select>
                                <p id="wt-scale-error" class="field-error" aria-live="polite">{move || message("scale")}</p>
                            </div>
                        </div>
                        <button type="submit" class="btn btn-primary">{t(Msg::WtAddButton)}</button>
                    </ActionForm>
                    <ActionForm action=plus attr:class="form plus-minus-form">
                        <div class="check">
                            <input id="plus-minus" name="plus_minus" type="checkbox" value="1" checked=p.plus_minus aria-describedby="plus-minus-hint"/>
                            <label for="plus-minus">{t(Msg::WtPlusMinus)}</label>
                        </div>
                        <p id="plus-minus-hint" class="hint">{t(Msg::WtPlusMinusHint)}</p>
                        <button type="submit" class="btn">{t(Msg::WtPlusMinusSave)}</button>
                    </ActionForm>
                }
            })}
        </section>
    }
}

/// One row: its inputs belong to the row's «Сохранить» form (`form=`), «Удалить» is its own
/// form; a refusal of this row shows at its field.
fn type_row(
    w: WorkType,
    edit: ServerAction<JournalWorkTypeEdit>,
    delete: ServerAction<JournalWorkTypeDelete>,
    edit_error: Signal<Option<AppError>>,
    delete_error: Signal<Option<AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let id = w.id;
    let form = format!("wt-{id}");
    let mine = move || edit_error.get().filter(|e| e.echoed("id") == Some(id.to_string()));
    let typed = move |field: &'static str, saved: String| move || mine().and_then(|e| e.echoed(field)).unwrap_or_else(|| saved.clone());
    let message = move |field: &'static str| move || field_message(mine(), field);
    let label = |m: Msg| m.fill(lang, &[&w.name]);
    let (name_label, short_label, weight_label, scale_label, save_label, delete_label) =
        (label(Msg::WtNameOf), label(Msg::WtShortOf), label(Msg::WtWeightOf), label(Msg::WtScaleOf), label(Msg::WtSaveOf), label(Msg::WtDeleteOf));
    let (name_id, short_id, weight_id, scale_id) = (format!("wt-{id}-name"), format!("wt-{id}-short"), format!("wt-{id}-weight"), format!("wt-{id}-scale"));
    let scale = w.scale;
    let saved_scale = scale.code().to_string();
    let scale_now = {
        let saved_scale = saved_scale.clone();
        move || mine().and_then(|e| e.echoed("scale")).unwrap_or_else(|| saved_scale.clone())
    };
    let scale_now2 = scale_now.clone();
    view! {
        <tr>
            <td>
                <label for=name_id.clone() class="visually-hidden">{name_label}</label>
                <input id=name_id.clone() name="name" type="text" form=form.clone() class="name-input" autocomplete="off" value=typed("name", w.name.clone())
                    aria-invalid=move || message("name")().is_some().to_string() aria-describedby=format!("{name_id}-error")/>
                <p id=format!("{name_id}-error") class="field-error" aria-live="polite">{message("name")}</p>
            </td>
            <td>
                <label for=short_id.clone() class="visually-hidden">{short_label}</label>
                <input id=short_id.clone() name="short_name" type="text" form=form.clone() class="short-input" autocomplete="off" value=typed("short_name", w.short_name.clone())
                    aria-invalid=move || message("short_name")().is_some().to_string() aria-describedby=format!("{short_id}-error")/>
                <p id=format!("{short_id}-error") class="field-error" aria-live="polite">{message("short_name")}</p>
            </td>
            <td>
                <label for=weight_id.clone() class="visually-hidden">{weight_label}</label>
                <input id=weight_id.clone() name="weight" type="number" min="0" max="10" form=form.clone() class="number-input" value=typed("weight", w.weight.to_string())
                    aria-invalid=move || message("weight")().is_some().to_string() aria-describedby=format!("{weight_id}-error")/>
                {(w.weight == 0).then(|| view! { <span class="hint">{t(Msg::WtWeightZero)}</span> })}
                <p id=format!("{weight_id}-error") class="field-error" aria-live="polite">{message("weight")}</p>
            </td>
            <td>
                <label for=scale_id.clone() class="visually-hidden">{scale_label}</label>
                <select id=scale_id.clone() name="scale" form=form.clone() aria-describedby=format!("{scale_id}-error")>
                    <option value="five" selected=move || scale_now() != "pass">{t(Msg::WtScaleFive)}</option>
                    <option value="pass" selected=move || scale_now2() == "pass">{t(Msg::WtScalePass)}</option>
                </select>
                <p id=format!("{scale_id}-error") class="field-error" aria-live="polite">{message("scale")}</p>
            </td>
            <td>
                <div class="row-actions">
                    <ActionForm action=edit attr:id=form.clone() attr:class="inline-form" attr:novalidate=true>
                        <input type="hidden" name="id" value=id.to_string()/>
                        <button type="submit" class="btn btn-small" aria-label=save_label>{t(Msg::SetupSave)}</button>
                    </ActionForm>
                    <ActionForm action=delete attr:class="inline-form">
                        <input type="hidden" name="id" value=id.to_string()/>
                        <button type="submit" class="btn btn-small btn-danger" aria-label=delete_label>{t(Msg::SetupDelete)}</button>
                    </ActionForm>
                </div>
                <p id=format!("wt-{id}-delete-error") class="field-error" role="alert">
                    {move || delete_error.get().filter(|e| e.echoed("id") == Some(id.to_string())).map(|e| e.user_message(use_lang()))}
                </p>
            </td>
        </tr>
    }
}
