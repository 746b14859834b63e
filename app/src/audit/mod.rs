//! The append-only audit log: who changed what, when, from what to what. `record` (server only)
//! writes an entry in the same transaction as the change; the school admin reads the school's
//! entries on «Журнал изменений» (`/admin/audit`).

use crate::error::AppError;
use crate::i18n::Msg;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub mod components;

#[cfg(feature = "ssr")]
mod record;
#[cfg(feature = "ssr")]
pub use record::{record, Entry};
#[cfg(feature = "ssr")]
mod server;

/// How many entries one page shows.
pub const PAGE_SIZE: i64 = 50;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i64,
    /// Moscow time, `22.11.2026 14:05`.
    pub at: String,
    pub actor: Option<String>,
    pub action: String,
    /// The person the entry is about, when it is about a person.
    pub subject: Option<(i64, String)>,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    /// Where the next, older page starts, when there is one.
    pub older: Option<i64>,
}

/// The words for an action code; an unknown code is shown as it is.
pub fn action_label(code: &str) -> Option<Msg> {
    Some(match code {
        "person.create" => Msg::AuditPersonCreate,
        "person.update" => Msg::AuditPersonUpdate,
        "person.contacts" => Msg::AuditPersonContacts,
        "person.email_confirmed" => Msg::AuditEmailConfirmed,
        "account.activated" => Msg::AuditActivated,
        "account.block" => Msg::AuditBlock,
        "account.unblock" => Msg::AuditUnblock,
        "account.password_reset" => Msg::AuditPasswordReset,
        "account.login_change" => Msg::AuditLoginChange,
        "role.grant" => Msg::AuditRoleGrant,
        "role.revoke" => Msg::AuditRoleRevoke,
        "link.invite" => Msg::AuditLinkInvite,
        "link.accept" => Msg::AuditLinkAccept,
        "link.decline" => Msg::AuditLinkDecline,
        "people.import" => Msg::AuditImport,
        "timetable.place" => Msg::AuditTimetablePlace,
        "timetable.move" => Msg::AuditTimetableMove,
        "timetable.remove" => Msg::AuditTimetableRemove,
        "timetable.away" => Msg::AuditTimetableAway,
        "year.period" => Msg::AuditYearPeriod,
        "year.period_delete" => Msg::AuditYearPeriodDelete,
        "year.holiday" => Msg::AuditYearHoliday,
        "year.holiday_delete" => Msg::AuditYearHolidayDelete,
        "load.create" => Msg::AuditLoadCreate,
        "load.update" => Msg::AuditLoadUpdate,
        "load.remove" => Msg::AuditLoadRemove,
        // Timetable import
        "timetable.import" => Msg::AuditTimetableImport,
        // Year set-up
        "bells.create" => Msg::AuditScheduleCreate,
        "bells.update" => Msg::AuditScheduleUpdate,
        "bells.default" => Msg::AuditScheduleDefault,
        "bells.remove" => Msg::AuditScheduleRemove,
        "room.create" => Msg::AuditRoomCreate,
        "room.update" => Msg::AuditRoomUpdate,
        "room.remove" => Msg::AuditRoomRemove,
        "subject.create" => Msg::AuditSubjectCreate,
        "subject.update" => Msg::AuditSubjectUpdate,
        "subject.remove" => Msg::AuditSubjectRemove,
        "group.create" => Msg::AuditGroupCreate,
        "group.update" => Msg::AuditGroupUpdate,
        "group.remove" => Msg::AuditGroupRemove,
        "group.pupils" => Msg::AuditGroupPupils,
        // Gosuslugi (ESIA) sign-in
        "esia.link" => Msg::AuditEsiaLink,
        "esia.unlink" => Msg::AuditEsiaUnlink,
        "esia.refused" => Msg::AuditEsiaRefused,
        "esia.region" => Msg::AuditEsiaRegion,
        // The live journal grid
        "journal.final" => Msg::AuditJournalFinal,
        "journal.period_close" => Msg::AuditJournalPeriodClose,
        "journal.period_reopen" => Msg::AuditJournalPeriodReopen,
        // The journal's missing parts: work types, plus and minus, homework files
        "journal.work_type_create" => Msg::AuditWorkTypeCreate,
        "journal.work_type_update" => Msg::AuditWorkTypeUpdate,
        "journal.work_type_remove" => Msg::AuditWorkTypeRemove,
        "journal.plus_minus" => Msg::AuditJournalPlusMinus,
        "journal.homework_file_add" => Msg::AuditHomeworkFileAdd,
        "journal.homework_file_remove" => Msg::AuditHomeworkFileRemove,
        _ => return None,
    })
}

/// The school's entries, newest first; `before` continues from an earlier page (0: the newest).
#[server(endpoint = "audit_entries")]
pub async fn audit_entries(before: i64) -> Result<AuditPage, AppError> {
    use crate::policy::{authorize, Action, Scope};
    let (ctx, me) = crate::accounts::session::require().await?;
    let school_id = me.active.school_id.ok_or(AppError::Forbidden)?;
    authorize(&ctx, &me, Action::ManageSchool, Scope::School { school_id }).await?;
    server::page(&ctx, school_id, before).await
}
