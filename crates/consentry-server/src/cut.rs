//! Test: the rewriter's output does not depend on where the input is cut.
//! It reads a start tag from its input when one chunk holds it, through
//! lol_html otherwise: a difference between the two readings would hold a
//! tracker in one cut and let it load in another. The same goes for the
//! held form, written from the raw tag ([`crate::held_tag`]) or through
//! lol_html's attribute API: byte for byte the same. (The `html_rewrite` fuzz
//! target checks the same on arbitrary pages.)

use crate::hostile::tag;
use crate::{rewrite_page, Consent, PageContext, PageRewriter, RegionSource};
use consentry_core::Policy;
use proptest::prelude::*;
use std::sync::{Arc, OnceLock};

fn consent() -> &'static Consent {
    static C: OnceLock<Consent> = OnceLock::new();
    C.get_or_init(|| {
        let p = Arc::new(Policy::default());
        Consent::from_headers(&p, &http::HeaderMap::new(), &RegionSource::new(), 0)
    })
}

/// Byte by byte: every tag spans chunks, so each is read through lol_html.
fn by_lol_html(page: &str) -> String {
    let mut r = PageRewriter::new(consent(), &PageContext::default()).unwrap();
    let mut out = Vec::new();
    for b in page.as_bytes().chunks(1) {
        out.extend_from_slice(&r.write(b).unwrap());
    }
    out.extend_from_slice(&r.end().unwrap());
    String::from_utf8(out).unwrap()
}

fn whole(page: &str) -> String {
    let out = rewrite_page(consent(), &PageContext::default(), page.as_bytes()).unwrap();
    String::from_utf8(out).unwrap()
}

/// A hostile tag, with what the held form has to get right too: a
/// value-less attribute, a moved name already there, a self-closing end.
fn odd_tag() -> impl Strategy<Value = String> {
    let extra = prop::sample::select(vec![
        "",
        " async",
        " data-consentry-src='/own.png'",
        " DATA-CONSENTRY-SERVICE=x",
        " type",
        " src=\"/first\"",
    ]);
    let end = prop::sample::select(vec![">", "/>", " />", "/ >", "x/>"]);
    (tag(), extra, end).prop_map(|(t, x, e)| format!("{}{x}{e}", &t[..t.len() - 1]))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn the_output_does_not_depend_on_the_cut(tags in prop::collection::vec(odd_tag(), 1..5)) {
        let page = format!("<p>{}</p>", tags.concat());
        prop_assert_eq!(whole(&page), by_lol_html(&page));
    }
}

/// The held form: attributes left as written, the moved URL and the marks
/// at the end, a quote inside a value escaped; an unquoted value keeps its `/`.
#[test]
fn holds_in_place_and_at_the_end() {
    let page = "<IMG alt=x SRC='https://www.facebook.com/tr?a=1&amp;b=\"2\"' width=1/>\
                <script async src=//connect.facebook.net/en_US/fbevents.js></script>";
    let out = whole(page);
    assert_eq!(out, by_lol_html(page));
    assert!(out.starts_with(
        "<IMG alt=x width=1/ data-consentry-src=\"https://www.facebook.com/tr?a=1&amp;b=&quot;2&quot;\" \
         data-consentry=\"no-consent\" data-consentry-service=\"meta-pixel\">"
    ), "{out}");
    assert!(out.ends_with(
        "<script async src=//connect.facebook.net/en_US/fbevents.js data-consentry-type=\"\" \
         type=\"text/plain\" data-consentry=\"no-consent\" data-consentry-service=\"meta-pixel\"></script>"
    ), "{out}");
}
