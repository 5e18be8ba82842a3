//! Which elements the rewriter asks lol_html for: those the core may hold
//! (its prefilter, [`markup::selector`]: the common tags only when a URL
//! attribute could name a host, or with tagged markup) and the rewriter's
//! own. Elements lol_html skips cost it no `Element` and the rewriter no
//! judgement: on a page of relative images, most of the cost.

use consentry_core::markup;
use lol_html::Selector;
use std::sync::LazyLock;

/// Elements the rewriter handles whatever their attributes: where the
/// snippet goes (before the first `<script>`, which must not depend on the
/// core's prefilter) and the banner, and `<base>`, which would redirect
/// the relative URLs the prefilter skips.
pub(crate) const OWN: [&str; 5] = ["script", "head", "body", "html", "base"];

/// Parsed once per process, not per response.
pub(crate) static SELECTOR: LazyLock<Selector> =
    LazyLock::new(|| selector().parse().expect("the core writes valid selectors"));

/// The CSS selector the rewriter hands lol_html (every element it looks at),
/// e.g. for measuring lol_html's own cost on the same selector.
pub fn selector() -> String {
    let mut s = markup::selector();
    for t in OWN {
        s.push_str(", ");
        s.push_str(t);
    }
    s
}

/// The selector before the prefilter: every governed tag whole (the
/// benchmark's reference for what the prefilter saves).
pub fn full_selector() -> String {
    let mut tags: Vec<&str> = markup::TAGS.to_vec();
    tags.extend(OWN.iter().filter(|t| !markup::TAGS.contains(t)));
    tags.join(", ")
}

/// The tag as the core and the rewriter spell it (lower case), for a name
/// as written; `None`: not one of theirs.
pub(crate) fn known(name: &[u8]) -> Option<&'static str> {
    markup::TAGS
        .into_iter()
        .chain(OWN)
        .find(|t| t.as_bytes().eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::start_tag::decode_entities;
    use consentry_core::{Consent, ConsentId, Decider, Policy, Region, Signals, Stored};
    use lol_html::html_content::Element;
    use lol_html::{element, HtmlRewriter, Settings};
    use proptest::prelude::*;
    use std::collections::HashSet;
    use std::sync::OnceLock;

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
    fn deciders() -> &'static [Decider<'static>] {
        static D: OnceLock<Vec<Decider<'static>>> = OnceLock::new();
        D.get_or_init(|| {
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
                1,
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
        })
    }

    /// Where the elements `sel` matches start, lol_html doing the matching.
    fn matched(sel: &Selector, page: &[u8]) -> HashSet<usize> {
        let mut at = HashSet::new();
        let handlers =
            lol_html::ElementContentHandlers::default().element(|el: &mut Element<'_, '_>| {
                at.insert(el.source_location().bytes().start);
                Ok(())
            });
        let settings = Settings::new()
            .append_element_content_handler((std::borrow::Cow::Borrowed(sel), handlers));
        let mut r = HtmlRewriter::new(settings, |_: &[u8]| {});
        r.write(page).unwrap();
        r.end().unwrap();
        at
    }

    /// The elements the rewriter would hold under some consent that `sel`
    /// does not hand it: each judged as the rewriter judges one it is handed.
    fn escapes(sel: &Selector, page: &[u8]) -> Vec<String> {
        let seen = matched(sel, page);
        let mut out = Vec::new();
        let handler = element!("*", |el| {
            let at = el.source_location().bytes();
            let tag = el.tag_name();
            let attrs: Vec<(String, Option<String>)> = markup::ATTRIBUTES
                .iter()
                .map(|n| {
                    let v = el
                        .get_attribute(n)
                        .map(|v| decode_entities(&v).into_owned());
                    (n.to_string(), v)
                })
                .collect();
            let attr = |n: &str| {
                let v = attrs.iter().find(|(k, _)| k == n)?;
                v.1.as_deref()
            };
            let held = deciders().iter().any(|d| {
                crate::rewrite::judge(d, &tag, attr).is_some_and(|v| !v.decision.is_allowed())
            });
            if held && !seen.contains(&at.start) {
                out.push(String::from_utf8_lossy(&page[at]).into_owned());
            }
            Ok(())
        });
        let settings = Settings::new().append_element_content_handler(handler);
        let mut r = HtmlRewriter::new(settings, |_: &[u8]| {});
        r.write(page).unwrap();
        r.end().unwrap();
        out
    }

    /// One start tag: a tag, in any case; judged, tagged and odd
    /// attributes, any case, any separator; hostile values, any quoting.
    fn tag() -> impl Strategy<Value = String> {
        let mut names: Vec<String> = markup::TAGS.iter().map(|t| t.to_string()).collect();
        names
            .extend(["IMG", "Img", "SOURCE", "Link", "base", "BASE", "div", "a"].map(String::from));
        let name = prop::sample::select(names);
        let attr_name = prop::sample::select(vec![
            "src",
            "SRC",
            "Src",
            "srcset",
            "SRCSET",
            "href",
            "HREF",
            "rel",
            "type",
            "data",
            "poster",
            "imagesrcset",
            "background",
            "xlink:href",
            "data-category",
            "DATA-CATEGORY",
            "data-service",
            "Data-Service",
            "data-consentry",
            "alt",
            "sizes",
        ]);
        let junk = prop::sample::select(vec!["", " ", "\x01", "\t", "\n ", "\r\n"]);
        let lead = prop::sample::select(vec![
            "",
            "https:",
            "HTTPS:",
            "hTtP:",
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
            "/\r\n/",
            "&sol;&sol;",
            "&#47;/",
            "https&colon;//",
            "&bsol;&bsol;",
            "/&Tab;/",
            "\x01//",
            "/\x0C/",
        ]);
        let host = prop::sample::select(vec![
            "",
            "www.facebook.com",
            "connect.facebook.net",
            "www.google-analytics.com",
            "a.png",
            "preload",
            "stylesheet",
            "text/plain",
            "targeting",
            "meta-pixel",
        ]);
        let piece = prop::sample::select(vec![
            "/tr",
            "a.png",
            " 2x, ",
            ",",
            "//",
            "&amp;",
            "\t",
            "?",
            "www.facebook.com",
            "/",
        ]);
        let value = (junk, lead, host, prop::collection::vec(piece, 0..3))
            .prop_map(|(j, l, h, p)| format!("{j}{l}{h}{}", p.concat()));
        let sep = prop::sample::select(vec![" ", "\t", "\n", "/", "\r\n"]);
        let quote = prop::sample::select(vec!["\"", "'", ""]);
        let attr = (sep, attr_name, quote, value).prop_map(|(sep, n, q, v)| {
            let v = if q.is_empty() {
                v.replace([' ', '\t', '\n', '\r', '\x0C', '>', '"', '\'', '='], "")
            } else {
                v.replace(q, "")
            };
            format!("{sep}{n}={q}{v}{q}")
        });
        (name, prop::collection::vec(attr, 0..4))
            .prop_map(|(n, attrs)| format!("<{n}{}>", attrs.concat()))
    }

    // The prefilter must be a superset of what the rewriter holds: an element
    // lol_html skips is never judged, so a miss lets a tracker through.
    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1500))]
        #[test]
        fn the_selector_hands_over_every_element_held(
            tags in prop::collection::vec(tag(), 1..6),
        ) {
            let page = tags.concat();
            let missed = escapes(&SELECTOR, page.as_bytes());
            prop_assert!(missed.is_empty(), "skipped but held: {missed:?}");
        }
    }

    /// The property test can fail: a selector that forgets one mark (a tab
    /// inside the scheme-relative prefix) misses such an element.
    #[test]
    fn a_selector_missing_a_mark_is_caught() {
        let page = "<img src=\"/\t/www.facebook.com/tr\"><img src=\"/a.png\">";
        let weak = selector().replace("img[src*=\"\\9 \"], ", "");
        assert_ne!(weak, selector());
        let weak: Selector = weak.parse().unwrap();
        assert_eq!(escapes(&weak, page.as_bytes()).len(), 1);
        assert!(escapes(&SELECTOR, page.as_bytes()).is_empty());
    }

    #[test]
    fn base_is_judged() {
        let page = "<base href=\"https://www.facebook.com/\"><base href=\"/x/\">";
        assert!(escapes(&SELECTOR, page.as_bytes()).is_empty());
        let weak: Selector = full_selector().replace(", base", "").parse().unwrap();
        assert_eq!(escapes(&weak, page.as_bytes()).len(), 1);
    }
}
