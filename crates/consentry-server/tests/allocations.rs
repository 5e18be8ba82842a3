//! Rewriting allocates per page and per chunk, never per element it lets
//! through: twice as many allowed and ungoverned elements (in as many chunks)
//! cost no more allocations than they cost lol_html itself with the same
//! selector and handlers that do nothing (lol_html 3 allocates a few times
//! per element it hands to a handler). (Its own test binary with one test:
//! the allocator counts for the whole process.)

use bytes::Bytes;
use consentry_core::Policy;
use consentry_server::{Consent, PageContext, PageRewriter, RegionSource};
use http::HeaderMap;
use lol_html::html_content::Element;
use lol_html::{ElementContentHandlers, HtmlRewriter, Settings};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};
use std::alloc::System;
use std::borrow::Cow;
use std::sync::Arc;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

const NOW: u64 = 1_788_220_800;

/// First-party and relative URLs, entities, upper case, odd spacing: every
/// governed tag the page uses is judged and let through.
const CARD: &str = r#"<div class="card"><IMG Src="/i/1.png" srcset="/i/1.png 1x, /i/1@2x.png 2x" alt="x">
<a href="/p?a=1&amp;b=2">p</a><source srcset = '/s.webp 1x' type=image/webp><video src=/v.mp4 poster="/p.jpg"></video>
<iframe src="/embed/1" title=v></iframe><link rel="stylesheet" href="/c.css"><td background="/bg&#46;gif">t</td>
<img src="/thumb?w=100&amp;h=100" loading=lazy><script src="/app.js"></script><p>text &amp; more</p></div>
"#;

fn page(cards: usize) -> String {
    format!(
        "<!DOCTYPE html><html lang=en><head><title>t</title></head><body>{}</body></html>",
        CARD.repeat(cards)
    )
}

/// Allocations to rewrite `cards` cards in `chunks` equal chunks: ours, then
/// lol_html's with handlers that do nothing.
fn allocations(consent: &Consent, cards: usize, chunks: usize) -> (usize, usize) {
    let page = page(cards);
    let size = page.len().div_ceil(chunks);
    let parts: Vec<Bytes> = page
        .as_bytes()
        .chunks(size)
        .map(Bytes::copy_from_slice)
        .collect();

    let region = Region::new(GLOBAL);
    let mut r = PageRewriter::new(consent, &PageContext::default()).unwrap();
    let mut out = 0;
    for part in &parts {
        out += r.write_bytes(part.clone()).unwrap().len();
    }
    out += r.end().unwrap().len();
    let ours = region.change().allocations;
    assert!(out > page.len());

    let selector: lol_html::Selector = consentry_server::selector().parse().unwrap();
    let region = Region::new(GLOBAL);
    let mut out = Vec::with_capacity(page.len() + 1024);
    let handlers = ElementContentHandlers::default().element(|_: &mut Element<'_, '_>| Ok(()));
    let settings =
        Settings::new().append_element_content_handler((Cow::Borrowed(&selector), handlers));
    let mut r = HtmlRewriter::new(settings, |c: &[u8]| out.extend_from_slice(c));
    for part in &parts {
        r.write(part).unwrap();
    }
    r.end().unwrap();
    (ours, region.change().allocations)
}

#[test]
fn allowed_elements_do_not_allocate() {
    let p = Arc::new(
        Policy::from_json(
            r#"{ "categories": [{ "id": "targeting", "services": ["meta-pixel", "youtube"] }] }"#,
        )
        .unwrap(),
    );
    let consent = Consent::from_headers(&p, &HeaderMap::new(), &RegionSource::new(), NOW);
    // Every governed element of the card is let through as written.
    assert!(
        !consentry_server::rewrite_page(&consent, &PageContext::default(), CARD.as_bytes())
            .unwrap()
            .windows(14)
            .any(|w| w == b"data-consentry")
    );
    // Warm-up: lazily built tables (the selector, the policy's) allocate once.
    allocations(&consent, 10, 8);
    let (ours_small, floor_small) = allocations(&consent, 200, 40);
    let (ours_large, floor_large) = allocations(&consent, 400, 40);
    // 200 more cards hold 1,600 more governed elements.
    let (ours, floor) = (
        ours_large - ours_small,
        floor_large.saturating_sub(floor_small),
    );
    assert!(
        ours <= floor + 50,
        "200 more cards: {ours} more allocations, lol_html alone {floor} more"
    );
}
