//! Regions (ISO 3166 codes) and the legal regime that applies in each.

use crate::text::sub;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How consent works for a visitor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Regime {
    /// EU/EEA/UK/CH style: only mandatory cookies until the visitor agrees.
    OptIn,
    /// US state style: allowed until the visitor opts out of sale/sharing;
    /// Global Privacy Control counts as that opt-out.
    OptOut,
    /// Inform only; nothing is held back except what signals or choices refuse.
    NoticeOnly,
}

impl Regime {
    /// The policy spelling: `opt-in`, `opt-out`, `notice-only`.
    pub fn as_str(self) -> &'static str {
        match self {
            Regime::OptIn => "opt-in",
            Regime::OptOut => "opt-out",
            Regime::NoticeOnly => "notice-only",
        }
    }

    /// Parses the policy spelling.
    pub fn parse(s: &str) -> Option<Regime> {
        match s {
            "opt-in" => Some(Regime::OptIn),
            "opt-out" => Some(Regime::OptOut),
            "notice-only" => Some(Regime::NoticeOnly),
            _ => None,
        }
    }

    pub(crate) fn to_bits(self) -> u8 {
        match self {
            Regime::OptIn => 0,
            Regime::OptOut => 1,
            Regime::NoticeOnly => 2,
        }
    }

    pub(crate) fn from_bits(b: u8) -> Option<Regime> {
        match b {
            0 => Some(Regime::OptIn),
            1 => Some(Regime::OptOut),
            2 => Some(Regime::NoticeOnly),
            _ => None,
        }
    }
}

impl fmt::Display for Regime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A country (`DE`) or a subdivision (`US-CA`), upper-case ISO 3166.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Region(String);

impl Region {
    /// Parses `de`, `DE`, `us-ca`, `US_CA`; `None` for anything else, so a
    /// forged header cannot smuggle arbitrary text into the consent record.
    pub fn parse(s: &str) -> Option<Region> {
        let s = s.trim();
        let (country, sub) = match s.find(['-', '_']) {
            Some(i) => (sub(s, ..i), Some(sub(s, i + 1..))),
            None => (s, None),
        };
        if country.len() != 2 || !country.bytes().all(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        let mut out = country.to_ascii_uppercase();
        if let Some(sub) = sub {
            if sub.is_empty() || sub.len() > 3 || !sub.bytes().all(|c| c.is_ascii_alphanumeric()) {
                return None;
            }
            out.push('-');
            out.push_str(&sub.to_ascii_uppercase());
        }
        Some(Region(out))
    }

    /// `DE` or `US-CA`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The country part (`US` of `US-CA`).
    pub fn country(&self) -> &str {
        sub(&self.0, ..2)
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// EU member states, the other EEA states (IS, LI, NO), the UK and Switzerland:
/// prior consent is required for non-essential cookies (ePrivacy art. 5(3),
/// UK PECR, Swiss FADP practice).
pub const OPT_IN_COUNTRIES: &[&str] = &[
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO", "GB", "CH",
];

/// US states with a comprehensive privacy law giving a right to opt out of the
/// sale or sharing of personal data (in force or enacted by 2026).
pub const OPT_OUT_US_STATES: &[&str] = &[
    "US-CA", "US-VA", "US-CO", "US-CT", "US-UT", "US-TX", "US-OR", "US-MT", "US-IA", "US-DE",
    "US-NH", "US-NJ", "US-TN", "US-MN", "US-MD", "US-IN", "US-KY", "US-RI", "US-NE",
];

/// The built-in regime for a region, before the site's own table and default.
pub fn builtin_regime(region: &Region) -> Option<Regime> {
    if OPT_OUT_US_STATES.contains(&region.as_str()) {
        return Some(Regime::OptOut);
    }
    if OPT_IN_COUNTRIES.contains(&region.country()) {
        return Some(Regime::OptIn);
    }
    None
}
