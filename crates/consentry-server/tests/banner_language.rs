//! The server-rendered banner speaks the language the browser's UI would:
//! consentry-core's one rule (`ui::choose_language`) with the page's
//! `<html lang>` and the visitor's `Accept-Language` — the page's language
//! first — so the banner the drop-in adopts and the dialog it opens always agree.

use consentry_core::ui::{choose_language, Settings};
use consentry_core::Policy;
use consentry_server::{rewrite_page, Consent, PageContext, RegionSource};
use http::HeaderMap;
use std::path::Path;
use std::sync::Arc;

const NOW: u64 = 1_790_000_000;

/// The server-rendered banner of `html` for this visitor: its `lang` and HTML.
fn banner(policy: &Policy, html: &str, accept_language: Option<&str>) -> (String, String) {
    let policy = Arc::new(policy.clone());
    let consent = Consent::from_headers(&policy, &HeaderMap::new(), &RegionSource::new(), NOW);
    let page = PageContext::default().with_banner(accept_language);
    let out = String::from_utf8(rewrite_page(&consent, &page, html.as_bytes()).unwrap()).unwrap();
    let at = out
        .find(r#"data-consentry="banner" lang=""#)
        .unwrap_or_else(|| panic!("no banner in {out}"));
    let rest = &out[at + r#"data-consentry="banner" lang=""#.len()..];
    (rest[..rest.find('"').unwrap()].to_string(), out)
}

fn banner_lang(html: &str, accept_language: Option<&str>) -> String {
    banner(&Policy::default(), html, accept_language).0
}

fn page(lang: Option<&str>) -> String {
    let attr = lang.map_or(String::new(), |l| format!(" lang=\"{l}\""));
    format!("<!doctype html><html{attr}><head></head><body><p>x</p></body></html>")
}

fn interacty() -> Policy {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/seed-sites/interacty/policy.json");
    Policy::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn the_page_language_comes_before_the_visitors() {
    // An English browser on a Japanese page: Japanese, as the dialog will be.
    assert_eq!(
        banner_lang(&page(Some("ja")), Some("en-US, en;q=0.9")),
        "ja"
    );
    assert!(banner_lang(&page(Some("de-AT")), Some("fr")).starts_with("de"));
    // A page language without texts: the visitor's.
    assert!(banner_lang(&page(Some("tlh")), Some("fr-CH, fr;q=0.9")).starts_with("fr"));
    // No page language: the visitor's; neither: English.
    assert_eq!(banner_lang(&page(None), Some("ja")), "ja");
    assert_eq!(banner_lang(&page(None), None), "en");
    // Region subtags stay in the tag; quality decides among the visitor's.
    assert_eq!(banner_lang(&page(Some("ja-JP")), Some("en-GB")), "ja-jp");
    assert_eq!(banner_lang(&page(Some("en-GB")), Some("ja-JP")), "en-gb");
    assert_eq!(
        banner_lang(&page(Some("")), Some("en;q=0.5, ja-JP")),
        "ja-jp"
    );
}

#[test]
fn interacty_english_browser_japanese_page() {
    let policy = interacty();
    let (lang, html) = banner(&policy, &page(Some("ja")), Some("en-US,en;q=0.9"));
    assert_eq!(lang, "ja");
    assert!(html
        .contains(">お客様のプライバシーを尊重し、クッキーの使用に関する情報を提供します。</h2>"));
    // The site's English texts on an English page, whatever the browser says.
    let (lang, html) = banner(&policy, &page(Some("en")), Some("ja"));
    assert_eq!(lang, "en");
    assert!(html.contains(">We respect your privacy and tell you how we use cookies.</h2>"));
}

#[test]
fn the_server_banner_is_the_core_rule() {
    let policy = interacty();
    let site = Settings::from_policy(&policy);
    let visitors: [(&str, &[&str]); 6] = [
        ("en-US,en;q=0.9", &["en-US", "en"]),
        ("ja-JP, ja;q=0.8, en;q=0.5", &["ja-JP", "ja", "en"]),
        ("en;q=0.2, fr-CH", &["fr-CH", "en"]),
        ("tlh, hu;q=0.9", &["tlh", "hu"]),
        ("*, de;q=0", &[]),
        ("", &[]),
    ];
    for lang in [
        None,
        Some("ja"),
        Some("ja-JP"),
        Some("en-GB"),
        Some("fr"),
        Some("tlh"),
        Some(""),
    ] {
        for (header, list) in visitors {
            assert_eq!(
                banner(&policy, &page(lang), Some(header)).0,
                choose_language(&site, lang, list.iter().copied()),
                "page {lang:?}, Accept-Language {header:?}"
            );
        }
    }
}
