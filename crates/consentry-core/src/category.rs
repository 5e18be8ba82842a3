//! Cookie categories: `mandatory`, `performance`, `functionality`, `targeting`
//! and any the site defines.

use crate::gcm::GcmType;
use serde::Serialize;
use std::collections::BTreeMap;

/// Strictly necessary; can never be refused.
pub const MANDATORY: &str = "mandatory";
/// Analytics and measurement.
pub const PERFORMANCE: &str = "performance";
/// Preferences, chat, embedded media.
pub const FUNCTIONALITY: &str = "functionality";
/// Advertising, cross-site tracking, sale/sharing of personal data.
pub const TARGETING: &str = "targeting";
/// The four standard categories in their usual order.
pub const STANDARD: [&str; 4] = [MANDATORY, PERFORMANCE, FUNCTIONALITY, TARGETING];

/// Text per language tag (`en`, `ja`, `pt-BR`).
pub type Texts = BTreeMap<String, String>;

/// The text for `lang`, else its base language, else English, else any.
pub fn text<'a>(texts: &'a Texts, lang: &str) -> Option<&'a str> {
    let base = lang.split('-').next().unwrap_or(lang);
    texts
        .get(lang)
        .or_else(|| texts.get(base))
        .or_else(|| texts.get("en"))
        .or_else(|| texts.values().next())
        .map(String::as_str)
}

/// A category of the site's policy.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Category {
    /// Stable id.
    pub id: String,
    /// Name shown to visitors, per language.
    pub label: Texts,
    /// Explanation shown to visitors, per language.
    pub description: Texts,
    /// True only for `mandatory`: always allowed, never refusable.
    pub mandatory: bool,
    /// Whether opt-out signals (GPC, and DNT if the policy honours it) refuse
    /// it: the "sale or sharing" of US state laws. Default: `targeting` only.
    pub opt_out: bool,
    /// Google Consent Mode types this category grants.
    pub gcm: Vec<GcmType>,
    /// Indices into [`crate::Policy::services`].
    pub services: Vec<usize>,
}

impl Category {
    /// A category with the built-in English texts and defaults for its id.
    pub fn standard(id: &str) -> Category {
        let (label, description) = match id {
            MANDATORY => (
                "Strictly necessary",
                "Needed for the site to work, such as security, load balancing and remembering your privacy choices. Always on.",
            ),
            PERFORMANCE => (
                "Performance and analytics",
                "Help us understand how the site is used so we can improve it.",
            ),
            FUNCTIONALITY => (
                "Functionality",
                "Remember your preferences and enable features such as chat and embedded videos.",
            ),
            TARGETING => (
                "Targeting and advertising",
                "Used by us and our partners to show relevant ads and measure them, which may count as selling or sharing your personal information.",
            ),
            _ => ("", ""),
        };
        let en = |s: &str| {
            let mut t = Texts::new();
            if !s.is_empty() {
                t.insert("en".into(), s.into());
            }
            t
        };
        Category {
            id: id.into(),
            label: en(label),
            description: en(description),
            mandatory: id == MANDATORY,
            opt_out: id == TARGETING,
            gcm: GcmType::defaults_for(id).to_vec(),
            services: Vec::new(),
        }
    }
}
