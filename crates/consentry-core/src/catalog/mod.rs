//! The built-in catalog of common third-party services.
//!
//! Facts only (hosts, cookie names, storage keys, default category); a site's
//! policy may override any field of an entry or add services of its own.

/// One [`CatalogEntry`], its fields written out by name in this order, each a
/// string literal; the lists (`hosts`, `cookies`, `storage`, `gcm`) separated
/// by single spaces.
macro_rules! entry {
    {
        id: $id:literal,
        name: $name:literal,
        provider: $provider:literal,
        category: $category:literal,
        hosts: $hosts:literal,
        cookies: $cookies:literal,
        storage: $storage:literal,
        gcm: $gcm:literal,
        privacy_policy: $privacy_policy:literal,
        purpose: $purpose:literal $(,)?
    } => {
        CatalogEntry(concat!(
            $id, "\t", $name, "\t", $provider, "\t", $category, "\t", $hosts, "\t",
            $cookies, "\t", $storage, "\t", $gcm, "\t", $privacy_policy, "\t", $purpose
        ))
    };
}

mod advertising;
mod analytics;
mod lifetimes;
mod media;
mod social;
mod support;

/// One known third-party service. Static data so the catalog costs no parsing
/// at start-up and little space in the wasm build: the fields are packed into
/// one string, tab-separated (written with `entry!`), which saves a pointer and
/// a length per field and per list item over a struct of `&str`s and slices.
#[derive(Debug)]
pub(crate) struct CatalogEntry(&'static str);

/// The items of a space-separated list (none for `""`).
fn items(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.split(' ').filter(|s| !s.is_empty())
}

/// Every field of one entry, split once (see [`CatalogEntry::unpack`]).
pub(crate) struct Fields {
    /// Stable id used in policies (`google-analytics`).
    pub id: &'static str,
    /// Human name (`Google Analytics`).
    pub name: &'static str,
    /// Company operating it.
    pub provider: &'static str,
    /// Default category id: `mandatory`, `performance`, `functionality` or `targeting`.
    pub category: &'static str,
    /// Provider's privacy policy (https URL).
    pub privacy_policy: &'static str,
    /// One-sentence English description of what it does.
    pub purpose: &'static str,
    hosts: &'static str,
    cookies: &'static str,
    storage: &'static str,
    gcm: &'static str,
}

impl Fields {
    /// `host` or `host/path-prefix`; a host rule also covers every subdomain.
    pub fn hosts(&self) -> impl Iterator<Item = &'static str> {
        items(self.hosts)
    }

    /// Cookie names it sets: exact (`_gid`) or with `*` wildcards (`_ga_*`).
    pub fn cookies(&self) -> impl Iterator<Item = &'static str> {
        items(self.cookies)
    }

    /// localStorage / sessionStorage keys, same pattern syntax as cookies.
    pub fn storage(&self) -> impl Iterator<Item = &'static str> {
        items(self.storage)
    }

    /// Google Consent Mode types it depends on, if any.
    pub fn gcm(&self) -> impl Iterator<Item = &'static str> {
        items(self.gcm)
    }
}

impl CatalogEntry {
    /// Every field, splitting the packed string once.
    pub fn unpack(&self) -> Fields {
        let mut f = self.0.split('\t');
        let mut next = || f.next().unwrap_or("");
        Fields {
            id: next(),
            name: next(),
            provider: next(),
            category: next(),
            hosts: next(),
            cookies: next(),
            storage: next(),
            gcm: next(),
            privacy_policy: next(),
            purpose: next(),
        }
    }

    /// The id alone (the first field), for looking an entry up.
    pub fn id(&self) -> &'static str {
        self.0.split('\t').next().unwrap_or("")
    }
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
    entries().find(|e| e.id() == id)
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
        let ids: Vec<&str> = entries().map(|e| e.id()).collect();
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
            assert_eq!(
                e.0.split('\t').count(),
                10,
                "{}: a field contains a tab",
                e.id()
            );
            assert!(ids.insert(e.id()), "duplicate id {}", e.id());
            assert!(
                e.id()
                    .bytes()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-'),
                "{}",
                e.id()
            );
            assert!(
                ["performance", "functionality", "targeting"].contains(&e.unpack().category),
                "{}: {}",
                e.id(),
                e.unpack().category
            );
            assert!(
                e.unpack().privacy_policy.starts_with("https://"),
                "{}",
                e.id()
            );
            assert!(
                !e.unpack().name.is_empty()
                    && !e.unpack().provider.is_empty()
                    && !e.unpack().purpose.is_empty()
            );
            let f = e.unpack();
            for list in [f.hosts, f.cookies, f.storage, f.gcm] {
                assert!(
                    list.is_empty()
                        || list.split(' ').all(|item| !item.is_empty()
                            && !item.bytes().any(|b| b.is_ascii_whitespace())),
                    "{}: {list:?} is not a list separated by single spaces",
                    e.id()
                );
            }
            for h in e.unpack().hosts() {
                let rule = HostRule::parse(h).unwrap_or_else(|| panic!("{}: bad host {h}", e.id()));
                assert_eq!(rule.to_string(), h, "{}: host rule not normalised", e.id());
                assert!(rules.insert(h), "{}: host rule {h} used twice", e.id());
            }
            for c in e.unpack().cookies().chain(e.unpack().storage()) {
                assert!(
                    CookiePattern::parse(c).is_some(),
                    "{}: bad pattern {c}",
                    e.id()
                );
            }
            for g in e.unpack().gcm() {
                assert!(GcmType::parse(g).is_some(), "{}: bad gcm type {g}", e.id());
            }
        }
    }

    #[test]
    fn every_lifetime_belongs_to_a_catalog_cookie_once() {
        let mut seen = HashSet::new();
        for (pattern, _) in super::lifetimes::LIFETIMES {
            assert!(seen.insert(pattern), "{pattern} listed twice");
            assert!(
                entries().any(|e| e.unpack().cookies().any(|c| c == *pattern)),
                "{pattern} is no catalog cookie"
            );
        }
        let ga = get("google-analytics").unwrap();
        assert_eq!(
            super::lifetime(ga.unpack().cookies().next().unwrap())
                .map(crate::cookie::Lifetime::english),
            Some("2 years".into())
        );
    }

    #[test]
    fn packed_fields_read_back() {
        let ga = get("google-analytics").unwrap();
        assert_eq!(
            (
                ga.id(),
                ga.unpack().name,
                ga.unpack().provider,
                ga.unpack().category
            ),
            (
                "google-analytics",
                "Google Analytics",
                "Google LLC",
                "performance"
            )
        );
        assert_eq!(
            ga.unpack().hosts().collect::<Vec<_>>(),
            [
                "google-analytics.com",
                "analytics.google.com",
                "www.googletagmanager.com/gtag"
            ]
        );
        assert_eq!(ga.unpack().cookies().count(), 14);
        assert_eq!(ga.unpack().cookies().last(), Some("FPLC"));
        assert_eq!(ga.unpack().storage().count(), 0);
        assert_eq!(ga.unpack().gcm().collect::<Vec<_>>(), ["analytics_storage"]);
        assert_eq!(
            ga.unpack().privacy_policy,
            "https://policies.google.com/privacy"
        );
        assert!(
            ga.unpack().purpose.starts_with("Measures visits")
                && ga.unpack().purpose.ends_with("analytics.js.")
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
            for h in e.unpack().hosts() {
                assert!(!shared.contains(&h), "{} claims all of {h}", e.id());
            }
        }
    }
}
