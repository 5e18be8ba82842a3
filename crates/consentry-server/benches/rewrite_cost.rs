//! Rewrite cost as ratios that survive a shared, noisy machine: ours
//! (`PageRewriter`), lol_html passthrough, lol_html with our selectors and
//! handlers that do nothing (the floor: the governed tags, and `style` and
//! `noscript` with a text handler), and the same with the core's
//! prefilter as the selector (`prefilter_selector`, measured and not used:
//! its attribute tests cost lol_html more than they save) run interleaved, one after another, `ROUNDS` times per page; it prints each
//! one's fastest and median run (µs, MB/s) and ours over each of the others. `cargo bench -p consentry-server
//! --bench rewrite_cost [-- ROUNDS]`.
//!
//! For a profiler (`valgrind --tool=callgrind`, `perf record`), the bench
//! binary with `ONLY=ours|floor` runs just that one, `ITERS` times
//! (default 1) on the page named by `PAGE` (`100k`, `1m_srcset`; default
//! both), and prints nothing: the difference between two `ITERS` is one
//! page's work, setup (building the pages) taken out.

#[path = "support/pages.rs"]
mod pages;

use bytes::Bytes;
use consentry_server::{
    prefilter_selector, selector, Consent, PageContext, PageRewriter, RegionHeader, RegionSource,
};
use lol_html::html_content::{Element, TextChunk};
use lol_html::{ElementContentHandlers, HtmlRewriter, Settings};
use pages::{headers, page, policy, srcset_page, NOW};
use std::borrow::Cow;
use std::hint::black_box;
use std::time::Instant;

const CHUNK: usize = 8192;

fn main() {
    let rounds: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(200);
    let p = policy();
    let src = RegionSource::new().header(RegionHeader::cloudflare());
    let consent = Consent::from_headers(&p, &headers(&p), &src, NOW);
    let ctx = PageContext::default();
    let sel: lol_html::Selector = selector().parse().unwrap();
    let pre: lol_html::Selector = prefilter_selector().parse().unwrap();
    let style: lol_html::Selector = "style".parse().unwrap();
    let noscript: lol_html::Selector = "noscript".parse().unwrap();
    for (name, html, rounds) in [
        ("100k", page(), rounds),
        ("1m_srcset", srcset_page(), rounds.div_ceil(5)),
    ] {
        // As the layer hands chunks over: shared `Bytes`.
        let whole = Bytes::from(html.clone());
        let chunks: Vec<Bytes> = (0..html.len())
            .step_by(CHUNK)
            .map(|i| whole.slice(i..html.len().min(i + CHUNK)))
            .collect();
        let ours = || {
            let mut r = PageRewriter::new(&consent, &ctx).unwrap();
            let mut n = 0;
            for c in &chunks {
                n += r.write_bytes(c.clone()).unwrap().len();
            }
            n + r.end().unwrap().len()
        };
        let passthrough = || {
            let mut out = Vec::with_capacity(16 * 1024);
            let mut r = HtmlRewriter::new(Settings::new(), |c: &[u8]| out.extend_from_slice(c));
            for c in html.chunks(CHUNK) {
                r.write(c).unwrap();
            }
            r.end().unwrap();
            out.len()
        };
        let floor_of = |sel: &lol_html::Selector| {
            let mut out = Vec::with_capacity(16 * 1024);
            let handlers =
                ElementContentHandlers::default().element(|_: &mut Element<'_, '_>| Ok(()));
            let sheets = || {
                ElementContentHandlers::default()
                    .element(|_: &mut Element<'_, '_>| Ok(()))
                    .text(|_: &mut TextChunk<'_>| Ok(()))
            };
            let settings = Settings::new()
                .append_element_content_handler((Cow::Borrowed(sel), handlers))
                .append_element_content_handler((Cow::Borrowed(&style), sheets()))
                .append_element_content_handler((Cow::Borrowed(&noscript), sheets()));
            let mut r = HtmlRewriter::new(settings, |c: &[u8]| out.extend_from_slice(c));
            for c in html.chunks(CHUNK) {
                r.write(c).unwrap();
            }
            r.end().unwrap();
            out.len()
        };
        let floor = || floor_of(&sel);
        let pre_floor = || floor_of(&pre);
        let runs: [&dyn Fn() -> usize; 4] = [&ours, &passthrough, &floor, &pre_floor];
        let mut times: [Vec<f64>; 4] = Default::default();
        if let Ok(only) = std::env::var("ONLY") {
            let iters: usize = std::env::var("ITERS")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(1);
            if std::env::var("PAGE").map_or(true, |p| p == name) {
                let run = if only == "floor" { runs[2] } else { runs[0] };
                for _ in 0..iters {
                    black_box(run());
                }
            }
            continue;
        }
        for _ in 0..rounds {
            for (run, t) in runs.iter().zip(times.iter_mut()) {
                let start = Instant::now();
                black_box(run());
                t.push(start.elapsed().as_secs_f64() * 1e6);
            }
        }
        let [ours, pass, floor, pre] = times.map(|mut t| {
            t.sort_by(f64::total_cmp);
            (t[0], t[t.len() / 2])
        });
        let mbs = |us: f64| html.len() as f64 / us;
        println!(
            "page_{name} ({} bytes, {rounds} rounds; fastest / median):",
            html.len()
        );
        for (what, (min, med)) in [
            ("rewrite", ours),
            ("passthrough", pass),
            ("empty_handlers", floor),
            ("prefilter_floor", pre),
        ] {
            println!(
                "  {what:<16} {min:>8.0} / {med:>8.0} µs   {:>5.0} / {:>5.0} MB/s",
                mbs(min),
                mbs(med)
            );
        }
        for (what, (min, med)) in [
            ("floor", floor),
            ("prefilter fl.", pre),
            ("passthrough", pass),
        ] {
            println!(
                "  ours / {what:<13} {:.2}× / {:.2}×",
                ours.0 / min,
                ours.1 / med
            );
        }
        println!("  (target: ours / floor ≤ 1.25×)");
    }
}
