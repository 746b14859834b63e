//! The school admin's side of the journal (`/journal/admin`): the reporting periods with
//! «Закрыть период» / «Открыть период» (audited; a closed period's marks are locked) and the
//! school's newest changes of journal cells, who made them and from which screen; then the
//! school's work types and weights (`work_types`).

use crate::error::AppError;
use crate::i18n::{t, Msg};
use crate::journal::grid::types::HistoryRow;
use crate::journal::work_types::WorkTypesSection;
use crate::ui::{await_view, PageTitle};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminPeriod {
    pub id: i64,
    pub label: String,
    pub dates: String,
    pub closed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalAdminPage {
    pub periods: Vec<AdminPeriod>,
    pub history: Vec<HistoryRow>,
    pub older: Option<i64>,
}

#[cfg(feature = "ssr")]
async fn guard() -> Result<(crate::context::ServerContext, crate::accounts::types::Me, i64), AppError> {
    use crate::policy::{authorize, Action, Scope};
    let (ctx, me) = crate::accounts::session::require().await?;
    let school_id = me.active.school_id.ok_or(AppError::Forbidden)?;
    authorize(&ctx, &me, Action::ManageSchool, Scope::School { school_id }).await?;
    Ok((ctx, me, school_id))
}

#[server(endpoint = "journal_admin")]
pub async fn journal_admin(#[server(default)] before: i64) -> Result<JournalAdminPage, AppError> {
    use crate::db::Row;
    let (ctx, _me, school_id) = guard().await?;
    let lang = crate::i18n::Lang::detect();
    let year = crate::people::server::current_year(&ctx, school_id).await?.ok_or(AppError::NotFound)?;
    let periods = ctx
        .db
        .query("SELECT id, kind, number, starts_on, ends_on, grade_min, grade_max, closed FROM reporting_periods WHERE academic_year_id = $1 ORDER BY kind = 'year', starts_on, grade_min")
        .bind(year)
        .fetch_all(ctx.db.pool())
        .await?
        .iter()
        .map(|r| {
            let kind: String = r.try_get("kind")?;
            let number: i64 = r.try_get("number")?;
            let label = match kind.as_str() {
                "quarter" => Msg::JournalQuarter.fill(lang, &[&number.to_string()]),
                "trimester" => Msg::JournalTrimester.fill(lang, &[&number.to_string()]),
                "half_year" => Msg::JournalHalfYear.fill(lang, &[&number.to_string()]),
                _ => Msg::JournalYear.text(lang).to_string(),
            };
            let (from, to): (String, String) = (r.try_get("starts_on")?, r.try_get("ends_on")?);
            let (gmin, gmax): (i64, i64) = (r.try_get("grade_min")?, r.try_get("grade_max")?);
            Ok(AdminPeriod {
                id: r.try_get("id")?,
                label: format!("{label} ({gmin}–{gmax})"),
                dates: format!("{} – {}", crate::journal::grid::render::day_month(&from), crate::journal::grid::render::day_month(&to)),
                closed: r.try_get::<i64, _>("closed")? != 0,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let history = crate::journal::grid::server::school_history(&ctx, school_id, before).await?;
    let older = (history.len() == 50).then(|| history.last().map(|h| h.id)).flatten();
    Ok(JournalAdminPage { periods, history, older })
}

/// «Закрыть период» / «Открыть период».
#[server(endpoint = "journal_period_lock")]
pub async fn journal_period_lock(period_id: i64, closed: String) -> Result<(), AppError> {
    let (ctx, me, school_id) = guard().await?;
    crate::journal::grid::server::set_period_closed(&ctx, &me, school_id, period_id, closed == "1").await?;
    leptos_axum::redirect("/journal/admin?done=1");
    Ok(())
}

#[component]
pub fn JournalAdminPage() -> impl IntoView {
    let query = use_query_map();
    let lock = ServerAction::<JournalPeriodLock>::new();
    let data = Resource::new(
        move || (query.with(|q| q.get("before").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0)), lock.version().get()),
        |(before, _)| journal_admin(before),
    );
    view! {
        <p class="breadcrumbs"><a href="/admin">{t(Msg::AdminTitle)}</a></p>
        <PageTitle text=t(Msg::JournalAdminTitle).to_string()/>
        {move || lock.value().get().and_then(|r| r.err()).map(|e| view! { <p class="notice notice-error" role="alert">{e.user_message(crate::i18n::use_lang())}</p> })}
        {await_view(data, move |d: JournalAdminPage| {
            let periods = d
                .periods
                .into_iter()
                .map(|p| {
                    let id = p.id.to_string();
                    view! {
                        <tr>
                            <th scope="row">{p.label}</th>
                            <td>{p.dates}</td>
                            <td>{if p.closed { t(Msg::JournalPeriodIsClosed) } else { t(Msg::JournalPeriodIsOpen) }}</td>
                            <td>
                                <ActionForm action=lock>
                                    <input type="hidden" name="period_id" value=id/>
                                    <input type="hidden" name="closed" value=if p.closed { "0" } else { "1" }/>
                                    <button type="submit" class="btn">{if p.closed { t(Msg::JournalReopenPeriod) } else { t(Msg::JournalClosePeriod) }}</button>
                                </ActionForm>
                            </td>
                        </tr>
                    }
                })
                .collect_view();
            let history = d
                .history
                .into_iter()
                .map(|h| {
                    let screen = t(h.screen_label());
                    view! {
                        <tr>
                            <td class="nowrap">{h.at}</td>
                            <td>{h.who}</td>
                            <td>{h.place}</td>
                            <td class="num">{h.before}" → "{h.after}</td>
                            <td>{screen}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <section class="card" aria-labelledby="periods-h">
                    <h2 id="periods-h">{t(Msg::JournalPeriodsTitle)}</h2>
                    <div class="table-wrap"><table class="table">
                        <thead><tr>
                            <th scope="col">{t(Msg::JournalPeriodCol)}</th>
                            <th scope="col">{t(Msg::JournalDatesCol)}</th>
                            <th scope="col">{t(Msg::JournalStateCol)}</th>
                            <th scope="col"></th>
                        </tr></thead>
                        <tbody>{periods}</tbody>
                    </table></div>
                </section>
                <section class="card" aria-labelledby="history-h">
                    <h2 id="history-h">{t(Msg::JournalHistoryTitle)}</h2>
                    <div class="table-wrap"><table class="table">
                        <thead><tr>
                            <th scope="col">{t(Msg::JournalWhenCol)}</th>
                            <th scope="col">{t(Msg::JournalWhoCol)}</th>
                            <th scope="col">{t(Msg::JournalWhereCol)}</th>
                            <th scope="col">{t(Msg::JournalChangeCol)}</th>
                            <th scope="col">{t(Msg::JournalScreenCol)}</th>
                        </tr></thead>
                        <tbody>{history}</tbody>
                    </table></div>
                    {d.older.map(|o| view! { <p><a href=format!("/journal/admin?before={o}")>{t(Msg::JournalOlder)}</a></p> })}
                </section>
            }
        })}
        <WorkTypesSection/>
    }
}
