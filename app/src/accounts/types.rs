//! Shared account types: who is signed in and in which role.

use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RoleKind {
    SchoolAdmin,
    Teacher,
    Pupil,
    Parent,
    RegionOperator,
}

impl RoleKind {
    pub const ALL: [RoleKind; 5] = [
        RoleKind::SchoolAdmin,
        RoleKind::Teacher,
        RoleKind::Pupil,
        RoleKind::Parent,
        RoleKind::RegionOperator,
    ];

    /// The name stored in `role_grants.role`.
    pub fn code(self) -> &'static str {
        match self {
            RoleKind::SchoolAdmin => "school_admin",
            RoleKind::Teacher => "teacher",
            RoleKind::Pupil => "pupil",
            RoleKind::Parent => "parent",
            RoleKind::RegionOperator => "region_operator",
        }
    }

    pub fn from_code(code: &str) -> Option<RoleKind> {
        RoleKind::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            RoleKind::SchoolAdmin => Msg::RoleSchoolAdmin,
            RoleKind::Teacher => Msg::RoleTeacher,
            RoleKind::Pupil => Msg::RolePupil,
            RoleKind::Parent => Msg::RoleParent,
            RoleKind::RegionOperator => Msg::RoleRegionOperator,
        }
    }

    /// Where this role lands after sign-in.
    pub fn start_page(self) -> &'static str {
        match self {
            RoleKind::SchoolAdmin => "/admin",
            RoleKind::Teacher => "/teacher",
            RoleKind::Pupil => "/diary",
            RoleKind::Parent => "/parent",
            RoleKind::RegionOperator => "/region",
        }
    }
}

/// One role a person holds in one school (or region, for a region operator).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub id: i64,
    pub role: RoleKind,
    pub region_id: i64,
    pub school_id: Option<i64>,
    /// The school's short name, or the region's name for a region operator.
    pub place: String,
}

/// The signed-in person as the interface sees them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub person_id: i64,
    pub account_id: i64,
    pub surname: String,
    pub name: String,
    pub patronymic: String,
    pub active: Grant,
    /// Every role the person holds, the active one included, for the role switcher.
    pub grants: Vec<Grant>,
    /// Signed in with a temporary password: the activation wizard comes before anything else.
    pub activation_pending: bool,
    /// Signed in with a password this session and offered «Привязать учетную запись портала
    /// Госуслуг» (not linked, not skipped since): the shell shows the offer.
    pub esia_offer: bool,
}

impl Me {
    /// «Иванова Мария Петровна».
    pub fn full_name(&self) -> String {
        crate::school::types::full_name(&self.surname, &self.name, &self.patronymic)
    }

    /// «Иванова М. П.», for the header on a narrow screen.
    pub fn short_name(&self) -> String {
        crate::school::types::short_name(&self.surname, &self.name, &self.patronymic)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn me(patronymic: &str) -> Me {
        let grant = Grant { id: 1, role: RoleKind::Teacher, region_id: 1, school_id: Some(1), place: "Школа №1".into() };
        Me {
            person_id: 1,
            account_id: 1,
            surname: "Иванова".into(),
            name: "Мария".into(),
            patronymic: patronymic.into(),
            active: grant.clone(),
            grants: vec![grant],
            activation_pending: false,
            esia_offer: false,
        }
    }

    #[test]
    fn names_are_formatted_the_russian_way() {
        assert_eq!(me("Петровна").full_name(), "Иванова Мария Петровна");
        assert_eq!(me("Петровна").short_name(), "Иванова М. П.");
        assert_eq!(me("").full_name(), "Иванова Мария");
        assert_eq!(me("").short_name(), "Иванова М.");
    }

    #[test]
    fn role_codes_round_trip() {
        for role in RoleKind::ALL {
            assert_eq!(RoleKind::from_code(role.code()), Some(role));
        }
        assert_eq!(RoleKind::from_code("janitor"), None);
    }
}
