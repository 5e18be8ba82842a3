//! The promise the markup prefilter ([`markup::selector`]) rests on
//! ([`markup::HOST_MARKS`]): a URL attribute value without any of the marks
//! names no host, so an element whose URL values all lack them and that
//! carries no tagged markup is allowed by `judge`, whatever the consent.
//! Values are built from hostile pieces: schemes in any case, slashes and
//! backslashes, tabs and newlines, controls, entities, tracker hosts.

use consentry_core::markup;
use consentry_core::{Consent, ConsentId, Decider, Decision, Policy, Region, Signals, Stored};
use proptest::prelude::*;
use std::sync::OnceLock;

const NOW: u64 = 1_788_220_800;

fn policy() -> &'static Policy {
    static P: OnceLock<Policy> = OnceLock::new();
    P.get_or_init(|| {
        Policy::from_json(
            r#"{ "revision": 1,
                 "categories": [{ "id": "performance", "services": ["google-analytics"] },
                                { "id": "targeting", "services": ["meta-pixel", "youtube"] }] }"#,
        )
        .unwrap()
    })
}

/// The most restrictive states and the most permissive one.
fn deciders() -> Vec<Decider<'static>> {
    let p = policy();
    let de = Signals {
        region: Region::parse("DE"),
        ..Signals::default()
    };
    let gpc = Signals {
        gpc: true,
        region: Region::parse("US-CA"),
        ..Signals::default()
    };
    let all = Consent::custom(
        p,
        ConsentId([7; 16]),
        NOW,
        &de,
        ["performance", "targeting"],
        [],
    )
    .unwrap();
    vec![
        Decider::new(p, Stored::None, &de),
        Decider::new(p, Stored::None, &gpc),
        Decider::new(p, Stored::Valid(all), &de),
    ]
}

/// Leading junk, a scheme or slash form, a host, then odd pieces.
fn value() -> impl Strategy<Value = String> {
    let junk = prop::sample::select(vec!["", " ", "\x01", "\t", "\n ", "\x0C"]);
    let lead = prop::sample::select(vec![
        "",
        "https:",
        "HTTPS:",
        "hTtP:",
        "ws:",
        "blob:https:",
        "data:",
        "//",
        "/",
        "\\\\",
        "/\\",
        "\\/",
        "/\t/",
        "/\r/",
        "/\n/",
        "/\t\n/",
        "&sol;&sol;",
        "&#47;/",
        "https&colon;//",
        "&bsol;&bsol;",
        "/&Tab;/",
        "\x01//",
        "/\x0B/",
        "/\x0C/",
    ]);
    let host = prop::sample::select(vec![
        "",
        "www.facebook.com",
        "connect.facebook.net",
        "www.google-analytics.com",
        "a.png",
    ]);
    let piece = prop::sample::select(vec![
        "https:",
        "//",
        "/",
        "\\",
        "\t",
        "\n",
        "\r",
        "\x0C",
        " ",
        "\x01",
        "/tr",
        "a.png",
        " 2x, ",
        ",",
        "&amp;",
        "&colon;",
        "&sol;",
        "&#x2F;",
        "&NewLine;",
        "?",
        "#",
        "@",
        "%2F",
        "..",
        "www.facebook.com",
    ]);
    (junk, lead, host, prop::collection::vec(piece, 0..4))
        .prop_map(|(j, l, h, p)| format!("{j}{l}{h}{}", p.concat()))
}

fn unmarked(attr: &str, v: &str) -> bool {
    !markup::host_marks(attr).iter().any(|m| v.contains(m))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn unmarked_values_name_no_host(v in value()) {
        if unmarked("src", &v) {
            for d in deciders() {
                prop_assert_eq!(d.url(&v), Decision::Unlisted, "{:?}", v);
            }
        }
    }

    #[test]
    fn unmarked_untagged_elements_are_allowed(
        tag in prop::sample::select(markup::TAGS.to_vec()),
        rel in prop::sample::select(vec![None, Some("preload"), Some("stylesheet icon")]),
        values in prop::collection::vec(value(), markup::ATTRIBUTES.len()),
    ) {
        let attr = |n: &str| -> Option<&str> {
            match n {
                markup::HELD | markup::TAG_CATEGORY | markup::TAG_SERVICE => None,
                "rel" => rel,
                "type" => Some("text/plain"),
                n => markup::ATTRIBUTES
                    .iter()
                    .position(|a| *a == n)
                    .map(|i| values[i].as_str()),
            }
        };
        let all_unmarked = markup::url_attributes(tag)
            .iter()
            .all(|a| attr(a).is_none_or(|v| unmarked(a, v)));
        if all_unmarked {
            for d in deciders() {
                let v = markup::judge(&d, tag, attr);
                prop_assert!(
                    v.as_ref().is_none_or(|v| v.decision.is_allowed()),
                    "{tag} {values:?}: {v:?}"
                );
            }
        }
    }
}
