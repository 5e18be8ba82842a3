//! The site's policy, compiled: categories, services with the catalog merged
//! in, the host index, regimes per region, and consent-record settings.

use crate::category::Category;
use crate::cookie::ConsentCookie;
use crate::error::Error;
use crate::host::{self, HostIndex, Target};
use crate::json::Json;
use crate::region::{self, Regime, Region};
use crate::service::Service;
use serde::Serialize;

/// Where Global Privacy Control counts as an opt-out of sale/sharing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GpcScope {
    /// In every regime (default): a GPC browser never gets sale/sharing
    /// categories unless the visitor grants them knowing GPC is on.
    Everywhere,
    /// Only where the regime is `opt-out` (the legal minimum).
    OptOutRegimes,
}

/// What `DNT: 1` means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DntMode {
    /// Ignored (default; DNT has no legal force and most sites say so).
    Ignore,
    /// Treated exactly like GPC.
    OptOut,
}

/// Google Consent Mode v2 settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GcmConfig {
    /// Push `gtag('consent', …)` commands.
    pub enabled: bool,
    /// `wait_for_update` in milliseconds for the default command.
    pub wait_for_update: u32,
}

/// Who a URL belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlOwner {
    /// The service at this index of [`Policy::services`].
    Service(usize),
    /// No known service: relative, first party, or unlisted third party.
    Unlisted,
    /// The host cannot be read safely; treat as blocked.
    Unreadable,
}

/// A validated, ready-to-query policy. Build it with [`Policy::from_json`],
/// [`Policy::from_value`] or [`Policy::default`] (opt-in, full catalog).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Policy {
    pub(crate) revision: u32,
    pub(crate) lifetime_days: u32,
    pub(crate) cookie: ConsentCookie,
    pub(crate) default_regime: Regime,
    pub(crate) regions: Vec<(Region, Regime)>,
    pub(crate) gpc: GpcScope,
    pub(crate) dnt: DntMode,
    pub(crate) google_consent_mode: GcmConfig,
    pub(crate) privacy_policy_url: Option<String>,
    /// `lastUpdate` of `/.well-known/gpc.json`. Not hashed: it changes
    /// nothing the visitor chose or saw.
    #[serde(skip)]
    pub(crate) gpc_last_update: Option<String>,
    /// Where the browser posts consent receipts; `None`: recording is off.
    /// Not hashed: moving the endpoint changes nothing the visitor saw.
    #[serde(skip)]
    pub(crate) records_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) iab: Option<crate::iab::IabConfig>,
    pub(crate) categories: Vec<Category>,
    pub(crate) services: Vec<Service>,
    /// `services[..declared]` are the site's own (listed in its categories);
    /// the rest were added from the catalog as a safety net.
    #[serde(skip)]
    pub(crate) declared: usize,
    #[serde(skip)]
    pub(crate) ui: Option<Json>,
    #[serde(skip)]
    pub(crate) hosts: HostIndex,
    /// Record key → index, for decoding consent records.
    #[serde(skip)]
    pub(crate) category_ids: crate::record::IdTable,
    #[serde(skip)]
    pub(crate) service_ids: crate::record::IdTable,
}

impl Default for Policy {
    /// The safe default: opt-in everywhere not otherwise known, the four
    /// standard categories, every catalog service.
    fn default() -> Self {
        // Not `expect`: it would link `Error`'s `Debug` (and the string
        // escaping behind it) into the wasm.
        match Policy::from_value(&Json::Object(Vec::new())) {
            Ok(p) => p,
            Err(_) => panic!("the empty policy is valid"),
        }
    }
}

impl Policy {
    /// Parses and validates a policy from JSON text.
    #[cfg(feature = "json")]
    pub fn from_json(text: &str) -> Result<Policy, Error> {
        let v: Json = serde_json::from_str(text).map_err(|e| Error::Json(e.to_string()))?;
        Policy::from_value(&v)
    }

    /// Validates a policy from an already-parsed JSON tree (any serde
    /// deserializer can produce a [`Json`]), collecting every problem.
    pub fn from_value(v: &Json) -> Result<Policy, Error> {
        crate::config::compile(v).map_err(Error::Policy)
    }

    /// Policy revision; consent given under another revision is no longer valid.
    pub fn revision(&self) -> u32 {
        self.revision
    }

    /// How long consent lasts, in days.
    pub fn lifetime_days(&self) -> u32 {
        self.lifetime_days
    }

    /// Consent lifetime in seconds.
    pub fn lifetime_secs(&self) -> u64 {
        u64::from(self.lifetime_days) * 86_400
    }

    /// The consent cookie's settings.
    pub fn cookie(&self) -> &ConsentCookie {
        &self.cookie
    }

    /// Google Consent Mode settings.
    pub fn google_consent_mode(&self) -> GcmConfig {
        self.google_consent_mode
    }

    /// The policy's `iab` settings, when it has them.
    pub fn iab(&self) -> Option<&crate::iab::IabConfig> {
        self.iab.as_ref()
    }

    /// When the site last changed how it honours Global Privacy Control
    /// (`YYYY-MM-DD`), served as `lastUpdate` in `/.well-known/gpc.json`.
    pub fn gpc_last_update(&self) -> Option<&str> {
        self.gpc_last_update.as_deref()
    }

    /// The site's privacy policy link.
    pub fn privacy_policy_url(&self) -> Option<&str> {
        self.privacy_policy_url.as_deref()
    }

    /// The URL consent receipts are posted to (`records.url`); `None` when
    /// the site does not record choices.
    pub fn records_url(&self) -> Option<&str> {
        self.records_url.as_deref()
    }

    /// Where GPC applies.
    pub fn gpc_scope(&self) -> GpcScope {
        self.gpc
    }

    /// What DNT means.
    pub fn dnt_mode(&self) -> DntMode {
        self.dnt
    }

    /// The `ui` section, untouched, for the banner layer.
    pub fn ui(&self) -> Option<&Json> {
        self.ui.as_ref()
    }

    /// Categories, in display order (`mandatory` first).
    pub fn categories(&self) -> &[Category] {
        &self.categories
    }

    /// Services, site-declared first, then the rest of the catalog.
    pub fn services(&self) -> &[Service] {
        &self.services
    }

    /// How many of [`Policy::services`] the site listed itself; the rest
    /// come from the built-in catalog (`catalog: true`), held wherever they
    /// appear but not listed to visitors unless seen on the page.
    pub fn declared(&self) -> usize {
        self.declared
    }

    /// Index and category with this id.
    pub fn category(&self, id: &str) -> Option<(usize, &Category)> {
        self.categories.iter().enumerate().find(|(_, c)| c.id == id)
    }

    /// Index and service with this id.
    pub fn service(&self, id: &str) -> Option<(usize, &Service)> {
        self.services.iter().enumerate().find(|(_, s)| s.id == id)
    }

    /// The service a URL loads from.
    pub fn service_for_url(&self, url: &str) -> UrlOwner {
        let owner = |s: Option<usize>| s.map_or(UrlOwner::Unlisted, UrlOwner::Service);
        let trimmed = host::trim_c0(url);
        let clean = memchr::memchr3(b'\t', b'\n', b'\r', trimmed.as_bytes()).is_none();
        // Fast path: a plain ASCII host borrowed from the URL, no allocation.
        if clean {
            match host::split(trimmed) {
                host::Split::Parts {
                    host,
                    encoded: false,
                    tail,
                } => {
                    return match host::normalize_host(host) {
                        Some(h) => owner(self.hosts.lookup_lazy(&h, || host::path_of(tail))),
                        None => UrlOwner::Unreadable,
                    };
                }
                // A relative URL (most of a page's): `target` would split it again.
                host::Split::NoHost => return UrlOwner::Unlisted,
                _ => {}
            }
        }
        match host::target(url) {
            Target::NoHost => UrlOwner::Unlisted,
            Target::Unreadable => UrlOwner::Unreadable,
            Target::Host(h, p) => owner(self.hosts.lookup(&h, &p)),
        }
    }

    /// The services a URL's host could serve under any path: every service
    /// with a rule on it (for a `<base href>`, whose relative URLs may take
    /// any path). `None`: a host that cannot be read safely.
    pub fn services_on_host(&self, url: &str) -> Option<Vec<usize>> {
        match host::target(url) {
            Target::NoHost => Some(Vec::new()),
            Target::Unreadable => None,
            Target::Host(h, _) => Some(self.hosts.services_on(&h)),
        }
    }

    /// The service owning this host name (path `/`), if any.
    pub fn service_for_host(&self, host: &str) -> Option<usize> {
        let h = host::normalize_host(host)?;
        self.hosts.lookup(&h, "/")
    }

    /// The regime for a region: the site's table (subdivision, then country),
    /// the built-in table, then the site's default.
    pub fn regime_for(&self, region: Option<&Region>) -> Regime {
        let Some(r) = region else {
            return self.default_regime;
        };
        let site = |code: &str| {
            self.regions
                .iter()
                .find(|(k, _)| k.as_str() == code)
                .map(|(_, v)| *v)
        };
        site(r.as_str())
            .or_else(|| site(r.country()))
            .or_else(|| region::builtin_regime(r))
            .unwrap_or(self.default_regime)
    }
}
