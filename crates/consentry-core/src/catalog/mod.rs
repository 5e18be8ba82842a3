//! The built-in catalog of common third-party services.
//!
//! Facts only (hosts, cookie names, storage keys, default category); a site's
//! policy may override any field of an entry or add services of its own.

mod advertising;
mod analytics;
mod lifetimes;
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

pub(crate) use lifetimes::lifetime;

/// The entry with this id.
pub(crate) fn get(id: &str) -> Option<&'static CatalogEntry> {
    entries().find(|e| e.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cookie::CookiePattern;
    use crate::gcm::GcmType;
    use crate::host::HostRule;
    use std::collections::HashSet;

    const REQUIRED: &[&str] = &[
        "google-analytics",
        "google-tag-manager",
        "google-ads",
        "meta-pixel",
        "facebook-social-plugins",
        "hubspot",
        "mixpanel",
        "clicky",
        "snapengage",
        "hotjar",
        "microsoft-clarity",
        "linkedin-insight",
        "tiktok-pixel",
        "x-twitter",
        "youtube",
        "vimeo",
        "intercom",
        "segment",
        "amplitude",
        "matomo-cloud",
    ];

    #[test]
    fn catalog_is_large_and_has_the_required_services() {
        let ids: Vec<&str> = entries().map(|e| e.id).collect();
        assert!(ids.len() >= 60, "only {} catalog entries", ids.len());
        for r in REQUIRED {
            assert!(ids.contains(r), "missing {r}");
        }
    }

    #[test]
    fn every_entry_is_well_formed() {
        let mut ids = HashSet::new();
        let mut rules = HashSet::new();
        for e in entries() {
            assert!(ids.insert(e.id), "duplicate id {}", e.id);
            assert!(
                e.id.bytes()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-'),
                "{}",
                e.id
            );
            assert!(
                ["performance", "functionality", "targeting"].contains(&e.category),
                "{}: {}",
                e.id,
                e.category
            );
            assert!(e.privacy_policy.starts_with("https://"), "{}", e.id);
            assert!(!e.name.is_empty() && !e.provider.is_empty() && !e.purpose.is_empty());
            for h in e.hosts {
                let rule = HostRule::parse(h).unwrap_or_else(|| panic!("{}: bad host {h}", e.id));
                assert_eq!(rule.to_string(), *h, "{}: host rule not normalised", e.id);
                assert!(rules.insert(*h), "{}: host rule {h} used twice", e.id);
            }
            for c in e.cookies.iter().chain(e.storage) {
                assert!(
                    CookiePattern::parse(c).is_some(),
                    "{}: bad pattern {c}",
                    e.id
                );
            }
            for g in e.gcm {
                assert!(GcmType::parse(g).is_some(), "{}: bad gcm type {g}", e.id);
            }
        }
    }

    #[test]
    fn every_lifetime_belongs_to_a_catalog_cookie_once() {
        let mut seen = HashSet::new();
        for (pattern, _) in super::lifetimes::LIFETIMES {
            assert!(seen.insert(pattern), "{pattern} listed twice");
            assert!(
                entries().any(|e| e.cookies.contains(pattern)),
                "{pattern} is no catalog cookie"
            );
        }
        let ga = get("google-analytics").unwrap();
        assert_eq!(
            super::lifetime(ga.cookies[0]).map(crate::cookie::Lifetime::english),
            Some("2 years".into())
        );
    }

    #[test]
    fn no_entry_blocks_shared_infrastructure() {
        let shared = [
            "google.com",
            "gstatic.com",
            "googleapis.com",
            "cloudflare.com",
            "jsdelivr.net",
            "unpkg.com",
            "amazonaws.com",
            "cloudfront.net",
            "facebook.com",
        ];
        for e in entries() {
            for h in e.hosts {
                assert!(!shared.contains(h), "{} claims all of {h}", e.id);
            }
        }
    }
}
