//! Shared types of Gosuslugi (ESIA) sign-in: what the pages show and the refusals.

use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

/// ESIA account levels (упрощённая, стандартная, подтверждённая), in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Level {
    Simplified,
    Standard,
    Confirmed,
}

impl Level {
    pub fn code(self) -> &'static str {
        match self {
            Level::Simplified => "simplified",
            Level::Standard => "standard",
            Level::Confirmed => "confirmed",
        }
    }

    pub fn from_code(code: &str) -> Option<Level> {
        match code {
            "simplified" => Some(Level::Simplified),
            "standard" => Some(Level::Standard),
            "confirmed" => Some(Level::Confirmed),
            _ => None,
        }
    }
}

/// Why a Gosuslugi sign-in was refused; each has its own message in the seeds' words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// The Parta account is missing, blocked or was never activated.
    NotActivated,
    /// Older than 14 years 3 months with a simplified Gosuslugi account.
    TooYoung,
    NameMismatch,
    SnilsMismatch,
    BirthMismatch,
    /// The Gosuslugi account's level is below what the region demands.
    LevelTooLow,
    /// «Отказать» on the consent screen.
    ConsentRefused,
    /// The ESIA person is already linked to another Parta account.
    LinkedElsewhere,
    /// The sign-in took too long or did not start in this browser.
    Expired,
    /// ESIA answered with an error or something that did not check out.
    Failed,
    /// Gosuslugi sign-in is not enabled in the chosen region (or not configured at all).
    NotEnabled,
}

impl Refusal {
    pub const ALL: [Refusal; 11] = [
        Refusal::NotActivated,
        Refusal::TooYoung,
        Refusal::NameMismatch,
        Refusal::SnilsMismatch,
        Refusal::BirthMismatch,
        Refusal::LevelTooLow,
        Refusal::ConsentRefused,
        Refusal::LinkedElsewhere,
        Refusal::Expired,
        Refusal::Failed,
        Refusal::NotEnabled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Refusal::NotActivated => "not-activated",
            Refusal::TooYoung => "too-young",
            Refusal::NameMismatch => "name-mismatch",
            Refusal::SnilsMismatch => "snils-mismatch",
            Refusal::BirthMismatch => "birth-mismatch",
            Refusal::LevelTooLow => "level-too-low",
            Refusal::ConsentRefused => "consent-refused",
            Refusal::LinkedElsewhere => "linked-elsewhere",
            Refusal::Expired => "expired",
            Refusal::Failed => "failed",
            Refusal::NotEnabled => "not-enabled",
        }
    }

    pub fn from_code(code: &str) -> Option<Refusal> {
        Refusal::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn message(self) -> Msg {
        match self {
            Refusal::NotActivated => Msg::EsiaNotActivated,
            Refusal::TooYoung => Msg::EsiaTooYoung,
            Refusal::NameMismatch => Msg::EsiaNameMismatch,
            Refusal::SnilsMismatch => Msg::EsiaSnilsMismatch,
            Refusal::BirthMismatch => Msg::EsiaBirthMismatch,
            Refusal::LevelTooLow => Msg::EsiaLevelTooLow,
            Refusal::ConsentRefused => Msg::EsiaConsentRefused,
            Refusal::LinkedElsewhere => Msg::EsiaLinkedElsewhere,
            Refusal::Expired => Msg::EsiaExpired,
            Refusal::Failed => Msg::EsiaFailed,
            Refusal::NotEnabled => Msg::EsiaNotEnabled,
        }
    }
}

/// A region on the sign-in page's «Выберите свой регион».
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionOption {
    pub id: i64,
    pub name: String,
    pub esia_enabled: bool,
}

/// The region operator's Gosuslugi settings of their region.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionEsia {
    pub region_id: i64,
    pub name: String,
    pub enabled: bool,
    /// `standard` or `confirmed`.
    pub min_level: String,
}

/// The «Госуслуги» part of «Настройки» → «Безопасность».
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkStatus {
    pub linked: bool,
    /// ESIA is configured on this server (a link can be made).
    pub available: bool,
}
