//! The server-rendered banner speaks the language the browser's UI would:
//! the page's `<html lang>` first, then the visitor's `Accept-Language`, so
//! the banner the drop-in adopts and the dialog it opens always agree.

use consentry_core::Policy;
use consentry_server::{rewrite_page, Consent, PageContext, RegionSource};
use http::HeaderMap;
use std::sync::Arc;

const NOW: u64 = 1_790_000_000;

fn banner_lang(html: &str, accept_language: Option<&str>) -> String {
    let policy = Arc::new(Policy::default());
    let consent = Consent::from_headers(&policy, &HeaderMap::new(), &RegionSource::new(), NOW);
    let page = PageContext::default().with_banner(accept_language);
    let out = String::from_utf8(rewrite_page(&consent, &page, html.as_bytes()).unwrap()).unwrap();
    let at = out
        .find(r#"data-consentry="banner" lang=""#)
        .unwrap_or_else(|| panic!("no banner in {out}"));
    let rest = &out[at + r#"data-consentry="banner" lang=""#.len()..];
    rest[..rest.find('"').unwrap()].to_string()
}

#[test]
fn the_page_language_comes_before_the_visitors() {
    let page = |lang: &str| {
        format!("<!doctype html><html lang=\"{lang}\"><head></head><body><p>x</p></body></html>")
    };
    // An English browser on a Japanese page: Japanese, as the dialog will be.
    assert_eq!(banner_lang(&page("ja"), Some("en-US, en;q=0.9")), "ja");
    assert!(banner_lang(&page("de-AT"), Some("fr")).starts_with("de"));
    // A page language without texts: the visitor's.
    assert!(banner_lang(&page("tlh"), Some("fr-CH, fr;q=0.9")).starts_with("fr"));
    // No page language: the visitor's; neither: English.
    let bare = "<!doctype html><html><head></head><body><p>x</p></body></html>";
    assert_eq!(banner_lang(bare, Some("ja")), "ja");
    assert_eq!(banner_lang(bare, None), "en");
}
