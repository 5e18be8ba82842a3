use super::*;
use consentry_core::{HostRule, Policy, UrlOwner};
use std::collections::{BTreeMap, HashSet};

fn services() -> Vec<Service> {
    load().unwrap()
}

/// URLs no default catalog may hold: public CDNs and hosted libraries,
/// payment providers, consent tooling, and a site's own hosting. Holding
/// them breaks sites (checkout, the page's own scripts) for no privacy gain.
pub(crate) const NEVER_HELD: &[&str] = &[
    "https://cdnjs.cloudflare.com/ajax/libs/jquery/3.7.1/jquery.min.js",
    "https://cdn.jsdelivr.net/npm/bootstrap@5.3.3/dist/js/bootstrap.bundle.min.js",
    "https://unpkg.com/react@18/umd/react.production.min.js",
    "https://ajax.googleapis.com/ajax/libs/jquery/3.7.1/jquery.min.js",
    "https://code.jquery.com/jquery-3.7.1.min.js",
    "https://stackpath.bootstrapcdn.com/bootstrap/4.5.2/js/bootstrap.min.js",
    "https://cdn.tailwindcss.com/",
    "https://js.stripe.com/v3/",
    "https://m.stripe.network/inner.html",
    "https://www.paypal.com/sdk/js?client-id=sb",
    "https://www.paypalobjects.com/api/checkout.js",
    "https://checkoutshopper-live.adyen.com/checkoutshopper/sdk/5.0.0/adyen.js",
    "https://js.braintreegateway.com/web/3.97.0/js/client.min.js",
    "https://pay.google.com/gp/p/js/pay.js",
    "https://applepay.cdn-apple.com/jsapi/v1/apple-pay-sdk.js",
    "https://js.mollie.com/v1/mollie.js",
    "https://x.klarnacdn.net/kp/lib/v1/api.js",
    "https://consent.cookiebot.com/uc.js",
    "https://cdn.cookielaw.org/scripttemplates/otSDKStub.js",
    "https://app.usercentrics.eu/browser-ui/latest/loader.js",
    "https://cdn.iubenda.com/cs/iubenda_cs.js",
    "https://cmp.quantcast.com/choice/x/choice.js",
    "https://cdn.privacy-mgmt.com/unified/wrapperMessagingWithoutDetection.js",
    "https://storage.googleapis.com/example-site-assets/app.js",
    "https://example-site.s3.amazonaws.com/app.js",
    "https://d1234abcd.cloudfront.net/app.js",
    "https://example-site.github.io/app.js",
    "https://example-site.netlify.app/app.js",
    "https://example-site.vercel.app/app.js",
    "https://cdn.shopify.com/s/files/1/0000/0001/t/1/assets/theme.js",
    "https://fonts.bunny.net/css?family=inter",
    "https://www.gstatic.com/firebasejs/10.0.0/firebase-app.js",
];

/// Hosts used by many unrelated parties: a rule may name them only with a path.
const SHARED: &[&str] = &[
    "storage.googleapis.com",
    "googleapis.com",
    "gstatic.com",
    "www.gstatic.com",
    "google.com",
    "www.google.com",
    "docs.google.com",
    "s3.amazonaws.com",
    "amazonaws.com",
    "cloudfront.net",
    "azureedge.net",
    "blob.core.windows.net",
    "akamaihd.net",
    "fastly.net",
    "cloudflare.com",
    "facebook.com",
    "www.facebook.com",
    "microsoft.com",
    "github.io",
    "cdn.shopify.com",
];

#[test]
fn generated_catalog_is_current() {
    check().unwrap();
}

#[test]
fn every_service_is_complete() {
    let all = services();
    assert!(all.len() >= 300, "{} services", all.len());
    let mut ids = HashSet::new();
    for s in &all {
        assert!(ids.insert(&s.id), "duplicate id {}", s.id);
        assert!(
            s.id.bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-'),
            "{}: id",
            s.id
        );
        assert!(
            ["performance", "functionality", "targeting"].contains(&s.category.as_str()),
            "{}: category {}",
            s.id,
            s.category
        );
        assert!(s.policy.starts_with("https://"), "{}: policy URL", s.id);
        assert!(
            !s.hosts.is_empty() || !s.cookies.is_empty(),
            "{}: neither host nor cookie",
            s.id
        );
        for c in s.cookies.iter().chain(&s.storage) {
            assert!(
                consentry_core::CookiePattern::parse(c).is_some(),
                "{}: pattern {c}",
                s.id
            );
        }
        for g in &s.gcm {
            assert!(
                consentry_core::GcmType::parse(g).is_some(),
                "{}: gcm {g}",
                s.id
            );
        }
        for k in s.lifetimes.keys() {
            assert!(
                s.cookies.contains(k),
                "{}: lifetime for `{k}`, no cookie of it",
                s.id
            );
        }
    }
}

#[test]
fn every_host_is_well_formed_owned_once_and_no_public_suffix() {
    let all = services();
    // host → (service, has a path)
    let mut owners: BTreeMap<String, Vec<(&str, bool)>> = BTreeMap::new();
    for s in &all {
        for h in &s.hosts {
            let rule = HostRule::parse(h).unwrap_or_else(|| panic!("{}: bad rule {h}", s.id));
            assert_eq!(&rule.to_string(), h, "{}: {h} not normalised", s.id);
            if let Some(path) = h.split_once('/').map(|(_, p)| p) {
                assert!(
                    !path.is_empty()
                        && !path.contains("//")
                        && !path.contains(['?', '#', '*', '%', '\\'])
                        && !path.ends_with('/'),
                    "{}: path of {h} is not a plain prefix",
                    s.id
                );
            }
            let host: &str = &rule.host;
            assert!(
                psl::domain_str(host).is_some(),
                "{}: {host} is a public suffix",
                s.id
            );
            assert!(
                !SHARED.contains(&host) || h.contains('/'),
                "{}: shared host {host} needs a path rule",
                s.id
            );
            owners
                .entry(host.to_string())
                .or_default()
                .push((&s.id, h.contains('/')));
        }
    }
    for (host, o) in &owners {
        // One service owns a host; another may claim only paths under it.
        let whole: Vec<_> = o.iter().filter(|(_, p)| !p).collect();
        assert!(whole.len() <= 1, "{host} owned by {whole:?}");
        // Nor may one service own a host another owns a parent of.
        let mut parent = host.as_str();
        while let Some(i) = parent.find('.') {
            parent = &parent[i + 1..];
            if let Some(po) = owners.get(parent) {
                let whole_parent: Vec<_> = po.iter().filter(|(_, p)| !p).collect();
                for (id, _) in o.iter().filter(|(_, p)| !p) {
                    assert!(
                        whole_parent.iter().all(|(pid, _)| pid == id),
                        "{host} ({id}) lies under {parent} ({whole_parent:?})"
                    );
                }
            }
        }
    }
}

#[test]
fn the_never_held_table_passes_the_engine_and_the_guard() {
    let policy = Policy::default();
    let guard = crate::tables::hosts();
    // Hosts the catalog names only with a path: the guard, which drops
    // paths, holds them until the engine answers (a delay, never a block).
    let path_only: HashSet<String> = {
        let rules: Vec<&str> = consentry_core::catalog_hosts().collect();
        let whole: HashSet<&str> = rules.iter().filter(|r| !r.contains('/')).copied().collect();
        rules
            .iter()
            .filter_map(|r| r.split_once('/').map(|(h, _)| h))
            .filter(|h| !whole.contains(h))
            .map(String::from)
            .collect()
    };
    for url in NEVER_HELD {
        assert!(
            matches!(policy.service_for_url(url), UrlOwner::Unlisted),
            "the engine would hold {url}"
        );
        let mut h = url.split('/').nth(2).unwrap();
        loop {
            assert!(
                !guard.iter().any(|g| g == h) || path_only.contains(h),
                "the guard holds {url} (table entry {h})"
            );
            match h.find('.') {
                Some(i) => h = &h[i + 1..],
                None => break,
            }
        }
    }
}

#[test]
fn ocd_platforms_exist() {
    let rows = ocd::load().unwrap();
    let platforms: HashSet<&str> = rows.iter().map(|r| r.platform.as_str()).collect();
    for s in services() {
        for p in &s.ocd {
            assert!(
                platforms.contains(p.as_str()),
                "{}: no OCD platform {p:?}",
                s.id
            );
        }
    }
}

#[test]
fn where_the_vendor_and_the_ocd_differ_the_data_says_why() {
    let rows = ocd::load().unwrap();
    for s in services() {
        for (pattern, ours) in &s.lifetimes {
            if let Some(theirs) = ocd::lifetime(&rows, &s.ocd, pattern) {
                assert!(
                    theirs == *ours || s.vendor_overrides.is_some(),
                    "{}: `{pattern}` lives {ours} by the data, {theirs} by the OCD: add `vendor_overrides`",
                    s.id
                );
            }
        }
    }
}

#[test]
fn ocd_retentions_read() {
    assert_eq!(ocd::retention("2 years").as_deref(), Some("2y"));
    assert_eq!(ocd::retention("30 Days").as_deref(), Some("30d"));
    assert_eq!(ocd::retention("3 weeks").as_deref(), Some("21d"));
    assert_eq!(ocd::retention("Session").as_deref(), Some("session"));
    assert_eq!(ocd::retention("Unknown"), None);
    let rows = ocd::load().unwrap();
    assert!(rows.len() > 2000, "{} OCD rows", rows.len());
    assert!(rows
        .iter()
        .any(|r| r.platform == "Google Analytics" && r.name == "_ga"));
}

#[test]
fn data_errors_are_reported() {
    let bad = [
        "[[service]]\nid = \"x\"\n",
        "[[service]]\nid = \"x\"\nname = \"X\"\nprovider = \"P\"\ncategory = \"performance\"\npolicy = \"https://x\"\npurpose = \"p\"\nhost = [\"x.com\"]\n",
        "[[service]]\nid = \"x\"\nname = \"X\"\nprovider = \"P\"\ncategory = \"performance\"\npolicy = \"https://x\"\npurpose = \"p\"\nhosts = [\"x.com\"]\nlifetimes = { a = \"2 years\" }\n",
        "other = 1\n",
    ];
    for text in bad {
        assert!(parse("analytics", text).is_err(), "{text}");
    }
    let good = "[[service]]\nid = \"x\"\nname = \"X\"\nprovider = \"P\"\ncategory = \"performance\"\npolicy = \"https://x\"\npurpose = \"p\"\nhosts = [\"x.com\"]\ncookies = [\"a\"]\nlifetimes = { a = \"13mo\" }\n";
    assert_eq!(parse("analytics", good).unwrap()[0].lifetimes["a"], "13mo");
    assert_eq!(lifetime("13mo").as_deref(), Some("13_month"));
    assert_eq!(lifetime("0d"), None);
}
