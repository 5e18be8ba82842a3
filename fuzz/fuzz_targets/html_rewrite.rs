//! Any page (UTF-8 or windows-1252, the banner rendered) through the
//! server's streaming rewriter, whole and in chunks of
//! the sizes the input picks: never a panic, and the same output however
//! the page is cut (the rewriter reads start tags from its input when a
//! chunk holds them and from lol_html otherwise: the two must agree, or a
//! tracker held in one cut would load in another).
#![no_main]

use consentry_core::Policy;
use consentry_server::{Consent, PageContext, PageRewriter, RegionSource};
use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, OnceLock};

fn consent() -> &'static Consent {
    static C: OnceLock<Consent> = OnceLock::new();
    C.get_or_init(|| {
        let p = Arc::new(Policy::default());
        Consent::from_headers(&p, &http::HeaderMap::new(), &RegionSource::new(), 0)
    })
}

fn rewrite(page: &[u8], sizes: &[u8], legacy: bool) -> Vec<u8> {
    // A legacy charset too: bytes that are not ASCII mean something else.
    let ctx = PageContext {
        charset: legacy.then(|| "windows-1252".into()),
        banner: true,
        ..PageContext::default()
    };
    let mut r = PageRewriter::new(consent(), &ctx).expect("UTF-8 streams");
    let mut out = Vec::new();
    let (mut at, mut k) = (0, 0);
    while at < page.len() {
        let n = sizes.get(k % sizes.len().max(1)).map_or(page.len(), |&s| usize::from(s % 64) + 1);
        let end = page.len().min(at + n);
        out.extend_from_slice(&r.write(&page[at..end]).expect("a rewrite error"));
        at = end;
        k += 1;
    }
    out.extend_from_slice(&r.end().expect("a rewrite error"));
    out
}

fuzz_target!(|data: &[u8]| {
    // The first byte says how many of the next ones are chunk sizes.
    let Some((&n, rest)) = data.split_first() else { return };
    let (sizes, page) = rest.split_at(rest.len().min(usize::from(n % 16)));
    let legacy = n & 0x80 != 0;
    let whole = rewrite(page, &[], legacy);
    let cut = rewrite(page, sizes, legacy);
    assert!(whole == cut, "the output depends on the chunking");
});
