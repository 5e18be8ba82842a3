//! Services: one provider's scripts, frames, pixels and cookies, in one category.

use crate::category::Texts;
use crate::cookie::{CookiePattern, Lifetime};
use crate::gcm::GcmType;
use crate::host::HostRule;
use serde::Serialize;
use std::borrow::Cow;

/// A service of the site's policy (from the catalog, the site, or both).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Service {
    /// Stable id (`google-analytics`). This and the other texts borrow the
    /// catalog's static text where they come from it, so the default policy
    /// (no config: every catalog service) copies none of them.
    pub id: Cow<'static, str>,
    /// Human name.
    pub name: Cow<'static, str>,
    /// Company operating it.
    pub provider: Cow<'static, str>,
    /// Index into [`crate::Policy::categories`].
    pub category: usize,
    /// Hosts (and path prefixes) it loads from.
    pub hosts: Vec<HostRule>,
    /// Cookie names it sets.
    pub cookies: Vec<CookiePattern>,
    /// How long each of `cookies` lives (same order), where declared.
    #[serde(skip)]
    pub lifetimes: Vec<Option<Lifetime>>,
    /// localStorage / sessionStorage keys it writes.
    pub storage: Vec<CookiePattern>,
    /// Google Consent Mode types it depends on.
    pub gcm: Vec<GcmType>,
    /// Provider's privacy policy.
    pub privacy_policy_url: Option<String>,
    /// What it does, per language.
    pub description: Texts,
    /// Whether this service came from the built-in catalog.
    pub from_catalog: bool,
    /// Its vendor id in the IAB Global Vendor List, for `consentry-iab`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gvl_id: Option<u16>,
}
