//! What a policy says for IAB consent strings (TCF and GPP): plain, validated
//! data that the `consentry-iab` crate turns into strings, and the rule for
//! the `euconsent-v2` cookie that keeps one (here, so that a server built
//! without the encoders still deletes a stale one). The core itself never
//! reads it when deciding.

use crate::Policy;
use serde::Serialize;

mod cookie;
pub use cookie::tc_cookie;

/// The cookie the TC string is kept in where the policy says `iab.tcCookie`
/// (the TCF v2 string's traditional cookie).
pub const TC_COOKIE: &str = "euconsent-v2";

/// The `euconsent-v2` cookie assignment holding `value`, with the consent
/// cookie's domain, path and SameSite (`max_age` 0 deletes it).
pub fn tc_set_cookie(policy: &Policy, value: &str, max_age: u64, secure: bool) -> String {
    crate::ConsentCookie {
        name: TC_COOKIE.into(),
        ..policy.cookie().clone()
    }
    .set_cookie(value, max_age, secure)
}

/// A use of data that US state laws let visitors opt out of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum UsUse {
    /// "Sale" of personal information.
    Sale,
    /// "Sharing" for cross-context behavioural advertising (California).
    Sharing,
    /// Targeted advertising.
    TargetedAdvertising,
}

impl UsUse {
    /// Parses a `usUses` entry (see [`crate::schema::US_USES`]).
    pub fn parse(s: &str) -> Option<UsUse> {
        match s {
            "sale" => Some(UsUse::Sale),
            "sharing" => Some(UsUse::Sharing),
            "targetedAdvertising" => Some(UsUse::TargetedAdvertising),
            _ => None,
        }
    }
}

/// A category's IAB meaning.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CategoryIab {
    /// TCF purposes (1–11) that consent to this category grants.
    pub tcf_purposes: Vec<u8>,
    /// TCF special features (1–2) that consent to this category opts in to.
    pub tcf_special_features: Vec<u8>,
    /// US uses this category stands for: refusing it is an opt-out of them.
    pub us_uses: Vec<UsUse>,
}

impl CategoryIab {
    /// Whether nothing is set (then it is left out of the serialized policy).
    pub fn is_empty(&self) -> bool {
        self.tcf_purposes.is_empty()
            && self.tcf_special_features.is_empty()
            && self.us_uses.is_empty()
    }
}

/// The policy's `iab` settings: who the CMP is and which strings to make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IabConfig {
    /// The CMP id the IAB registered (2–4095).
    pub cmp_id: u16,
    /// The CMP version (0–4095).
    pub cmp_version: u16,
    /// The consent screen number (0–63).
    pub consent_screen: u8,
    /// Publisher country, two letters (`DE`).
    pub publisher_country_code: String,
    /// Language of the consent screen, two letters (`EN`).
    pub consent_language: String,
    /// GPP US sections to write: `usnat`, `usca`, `usva`, `usco`, `usct`.
    pub gpp_sections: Vec<String>,
    /// Whether the site's ad transactions are covered by the IAB MSPA.
    pub mspa_covered_transaction: bool,
    /// Where the browser fetches the site's Global Vendor List JSON (an
    /// http(s) or relative URL, best same-origin). Absent: no TC string in the
    /// browser, as on a server given no GVL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gvl_url: Option<String>,
    /// Whether the TC string is also kept in the `euconsent-v2` cookie, for
    /// ad tech that reads it there (server-side ad requests, old tags).
    #[serde(skip_serializing_if = "is_false")]
    pub tc_cookie: bool,
}

// Left out when false, so that policies written before the field existed
// keep their canonical hash (and receipts made under them stay verifiable).
fn is_false(b: &bool) -> bool {
    !*b
}

impl Default for IabConfig {
    fn default() -> Self {
        IabConfig {
            cmp_id: 0,
            cmp_version: 0,
            consent_screen: 0,
            publisher_country_code: "AA".into(),
            consent_language: "EN".into(),
            gpp_sections: Vec::new(),
            mspa_covered_transaction: false,
            gvl_url: None,
            tc_cookie: false,
        }
    }
}
