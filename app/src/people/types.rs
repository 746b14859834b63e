//! Shared types of the people pages.

use crate::accounts::types::RoleKind;
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

/// The roles a school admin gives; a region operator is appointed by the region, not a school.
pub const SCHOOL_ROLES: [RoleKind; 4] = [RoleKind::Pupil, RoleKind::Parent, RoleKind::Teacher, RoleKind::SchoolAdmin];

/// How many people one page of the list shows.
pub const PAGE_SIZE: i64 = 50;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountState {
    /// Created, not yet activated: signs in with the temporary password.
    Temporary,
    Active,
    Blocked,
}

impl AccountState {
    pub fn from_code(code: &str) -> AccountState {
        match code {
            "temporary" => AccountState::Temporary,
            "blocked" => AccountState::Blocked,
            _ => AccountState::Active,
        }
    }

    pub fn label(self) -> Msg {
        match self {
            AccountState::Temporary => Msg::StateTemporary,
            AccountState::Active => Msg::StateActive,
            AccountState::Blocked => Msg::StateBlocked,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassOption {
    pub id: i64,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonListItem {
    pub id: i64,
    pub full_name: String,
    pub roles: Vec<RoleKind>,
    pub class_name: Option<String>,
    pub login: String,
    pub state: AccountState,
}

/// One page of the list, with what the filter form needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeopleList {
    pub items: Vec<PersonListItem>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    pub classes: Vec<ClassOption>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkStatus {
    Pending,
    Confirmed,
    Declined,
}

impl LinkStatus {
    pub fn from_code(code: &str) -> LinkStatus {
        match code {
            "confirmed" => LinkStatus::Confirmed,
            "declined" => LinkStatus::Declined,
            _ => LinkStatus::Pending,
        }
    }

    pub fn label(self) -> Msg {
        match self {
            LinkStatus::Pending => Msg::LinkPending,
            LinkStatus::Confirmed => Msg::LinkConfirmed,
            LinkStatus::Declined => Msg::LinkDeclined,
        }
    }
}

/// A parent of the person shown, or a child of them, with the link's state. Whom an unanswered
/// or declined invitation went to is not named (`None`) unless the school keeps their record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkRow {
    pub person_id: Option<i64>,
    pub full_name: Option<String>,
    pub status: LinkStatus,
}

/// Everything the person's page shows; the form fields are in `PersonFields`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonCard {
    pub id: i64,
    pub full_name: String,
    pub fields: PersonFields,
    pub email_confirmed: bool,
    pub phone_confirmed: bool,
    pub login: String,
    pub state: AccountState,
    pub roles: Vec<RoleKind>,
    pub class_name: Option<String>,
    /// Shown to the admin while the account waits for activation, to hand it out again.
    pub temporary_password: Option<String>,
    pub parents: Vec<LinkRow>,
    pub children: Vec<LinkRow>,
    pub classes: Vec<ClassOption>,
}

/// A person's data as the form holds it: text as typed (dates ISO, as the date input sends).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonFields {
    pub surname: String,
    pub name: String,
    pub patronymic: String,
    /// "m" or "f".
    pub sex: String,
    pub birth_date: String,
    pub snils: String,
    pub email: String,
    pub phone: String,
    /// A `RoleKind::code()`.
    pub role: String,
    /// The pupil's class id, as text.
    pub class_id: String,
}

impl PersonFields {
    /// The typed values to echo back with a refusal.
    pub fn typed(&self) -> [(&'static str, &str); 10] {
        [
            ("surname", &self.surname),
            ("name", &self.name),
            ("patronymic", &self.patronymic),
            ("sex", &self.sex),
            ("birth_date", &self.birth_date),
            ("snils", &self.snils),
            ("email", &self.email),
            ("phone", &self.phone),
            ("role", &self.role),
            ("class_id", &self.class_id),
        ]
    }
}
