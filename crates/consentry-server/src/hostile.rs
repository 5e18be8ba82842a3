//! Test support: random hostile start tags, and the elements among them the
//! rewriter would hold under some consent that a prefilter lets pass.

use crate::entities::decode_entities;
use consentry_core::markup;
use consentry_core::{Consent, ConsentId, Decider, Policy, Region, Signals, Stored};
use lol_html::{element, HtmlRewriter, Settings};
use proptest::prelude::*;
use std::sync::OnceLock;

pub(crate) fn policy() -> &'static Policy {
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
pub(crate) fn deciders() -> &'static [Decider<'static>] {
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

/// The elements of `page` the rewriter would hold under some consent that
/// `skipped` (raw start tag, tag name, offset) lets pass, each judged as
/// the rewriter judges one it is handed.
pub(crate) fn escapes(page: &[u8], skipped: impl Fn(&[u8], &str, usize) -> bool) -> Vec<String> {
    let mut out = Vec::new();
    // Where SVG elements are: inside an `<svg>`. Elsewhere the HTML parser
    // makes an SVG name an unknown HTML element, which loads nothing.
    let mut in_svg = std::collections::HashSet::new();
    let inside = element!(crate::selector::SVG_DESCENDANTS, |el| {
        in_svg.insert(el.source_location().bytes().start);
        Ok(())
    });
    let mut r = HtmlRewriter::new(
        Settings::new().append_element_content_handler(inside),
        |_: &[u8]| {},
    );
    r.write(page).unwrap();
    r.end().unwrap();
    let handler = element!("*", |el| {
        let at = el.source_location().bytes();
        let tag = el.tag_name();
        let anywhere = tag.eq_ignore_ascii_case("svg")
            || !markup::SVG_TAGS
                .iter()
                .any(|t| t.eq_ignore_ascii_case(&tag));
        if !anywhere && !in_svg.contains(&at.start) {
            return Ok(());
        }
        // An HTML link is the browser guard's (its ping sent on a click);
        // an SVG `<a>` is the rewriter's.
        if markup::ACTIVATION_TAGS
            .iter()
            .any(|t| t.eq_ignore_ascii_case(&tag))
            && !in_svg.contains(&at.start)
        {
            return Ok(());
        }
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
        if held && skipped(&page[at.clone()], &tag, at.start) {
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
pub(crate) fn tag() -> impl Strategy<Value = String> {
    let mut names: Vec<String> = markup::TAGS.iter().map(|t| t.to_string()).collect();
    names.extend(["IMG", "Img", "SOURCE", "Link", "base", "BASE", "div", "a"].map(String::from));
    // What follows an `<svg>` is inside it: SVG's family counts there only.
    names.extend(["svg", "SVG", "Rect", "clippath"].map(String::from));
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
        "content",
        "CONTENT",
        "http-equiv",
        "Http-Equiv",
        "fill",
        "MASK",
        "marker-start",
        "cursor",
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
        "0;url=//",
        "0, URL='https:",
        "url(https://",
        "URL(//",
        "url( \\2f\\2f ",
        "red url(https:",
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
        "refresh",
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
