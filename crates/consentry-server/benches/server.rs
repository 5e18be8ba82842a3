//! `decide_request`: a realistic request (10 cookies with the consent cookie
//! among them, `Sec-GPC`, region headers) → `Consent` + GCM state.
//! Pages (a realistic 100 KB shop page; 1 MB of `<img srcset>` cards): ours
//! (`rewrite_*`), lol_html with no handlers (`passthrough_*`), and lol_html
//! with our selector and handlers that do nothing (`empty_handlers_*`, the
//! floor for any rewriter that must look at these elements), in one run.

use consentry_server::{selector, Consent, PageContext, PageRewriter, RegionHeader, RegionSource};
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

#[path = "support/pages.rs"]
mod pages;
use pages::{headers, page, policy, srcset_page, NOW};

fn benches(c: &mut Criterion) {
    let p = policy();
    let h = headers(&p);
    let src = RegionSource::new().header(RegionHeader::cloudflare());
    {
        let consent = Consent::from_headers(&p, &h, &src, NOW);
        assert_eq!(consent.stored().status(), "valid");
        assert_eq!(consent.region().unwrap().as_str(), "US-CA");
    }
    // The core's share: the same header, decoded and decided by consentry-core alone.
    let header = h.get("cookie").unwrap().to_str().unwrap().to_string();
    let signals = src.signals(&h);
    c.bench_function("decide_core_only", |b| {
        b.iter(|| {
            let stored = consentry_core::Stored::from_cookie_header(black_box(&header), &p, NOW);
            let d = consentry_core::Decider::new(&p, stored, &signals);
            black_box((d.gcm(), d.banner_needed()))
        })
    });
    c.bench_function("decide_request", |b| {
        b.iter(|| {
            let consent = Consent::from_headers(&p, black_box(&h), &src, NOW);
            black_box(consent.gcm())
        })
    });

    let consent = Consent::from_headers(&p, &h, &src, NOW);
    let ctx = PageContext::default();
    // Parsed once, as the rewriter does.
    let sel: lol_html::Selector = selector().parse().unwrap();
    for (name, html) in [("100k", page()), ("1m_srcset", srcset_page())] {
        let mut g = c.benchmark_group(format!("page_{name}"));
        g.throughput(Throughput::Bytes(html.len() as u64));
        // All fed in 8 KiB chunks, as a body arrives: to the rewriter as the
        // layer hands them over (shared `Bytes`, not copied).
        let whole = bytes::Bytes::from(html.clone());
        let chunks: Vec<bytes::Bytes> = (0..html.len())
            .step_by(8192)
            .map(|i| whole.slice(i..html.len().min(i + 8192)))
            .collect();
        g.bench_function("rewrite", |b| {
            b.iter(|| {
                let mut r = PageRewriter::new(&consent, &ctx).unwrap();
                let mut n = 0;
                for chunk in &chunks {
                    n += r.write_bytes(chunk.clone()).unwrap().len();
                }
                n += r.end().unwrap().len();
                black_box(n)
            })
        });
        g.bench_function("passthrough", |b| {
            b.iter(|| {
                let mut out = Vec::with_capacity(16 * 1024);
                let mut r = lol_html::HtmlRewriter::new(lol_html::Settings::new(), |c: &[u8]| {
                    out.extend_from_slice(c)
                });
                for chunk in html.chunks(8192) {
                    r.write(chunk).unwrap();
                }
                r.end().unwrap();
                black_box(out.len())
            })
        });
        g.bench_function("empty_handlers", |b| {
            b.iter(|| {
                let mut out = Vec::with_capacity(16 * 1024);
                let handlers = lol_html::ElementContentHandlers::default()
                    .element(|_el: &mut lol_html::html_content::Element<'_, '_>| Ok(()));
                let settings = lol_html::Settings::new()
                    .append_element_content_handler((std::borrow::Cow::Borrowed(&sel), handlers));
                let mut r =
                    lol_html::HtmlRewriter::new(settings, |c: &[u8]| out.extend_from_slice(c));
                for chunk in html.chunks(8192) {
                    r.write(chunk).unwrap();
                }
                r.end().unwrap();
                black_box(out.len())
            })
        });
        g.finish();
    }
}

criterion_group!(server, benches);
criterion_main!(server);
