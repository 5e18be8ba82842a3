//! The built-in catalog of common third-party services.
//!
//! Facts only (hosts, cookie names, storage keys, default category); a site's
//! policy may override any field of an entry or add services of its own.

mod advertising;
mod analytics;
mod media;
mod social;
mod support;

/// One known third-party service. Static data so the catalog costs no parsing
/// at start-up and little space in the wasm build.
#[derive(Debug)]
pub(crate) struct CatalogEntry {
    /// Stable id used in policies (`google-analytics`).
    pub id: &'static str,
    /// Human name (`Google Analytics`).
    pub name: &'static str,
    /// Company operating it.
    pub provider: &'static str,
    /// Default category id: `mandatory`, `performance`, `functionality` or `targeting`.
    pub category: &'static str,
    /// `host` or `host/path-prefix`; a host rule also covers every subdomain.
    pub hosts: &'static [&'static str],
    /// Cookie names it sets: exact (`_gid`) or with `*` wildcards (`_ga_*`).
    pub cookies: &'static [&'static str],
    /// localStorage / sessionStorage keys, same pattern syntax as cookies.
    pub storage: &'static [&'static str],
    /// Google Consent Mode types it depends on, if any.
    pub gcm: &'static [&'static str],
    /// Provider's privacy policy (https URL).
    pub privacy_policy: &'static str,
    /// One-sentence English description of what it does.
    pub purpose: &'static str,
}

/// Every built-in entry, in a stable order.
pub(crate) fn entries() -> impl Iterator<Item = &'static CatalogEntry> {
    [
        analytics::ENTRIES,
        advertising::ENTRIES,
        social::ENTRIES,
        media::ENTRIES,
        support::ENTRIES,
    ]
    .into_iter()
    .flatten()
}

/// The entry with this id.
pub(crate) fn get(id: &str) -> Option<&'static CatalogEntry> {
    entries().find(|e| e.id == id)
}
