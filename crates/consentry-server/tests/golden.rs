//! Golden pages: `tests/golden/NAME.src.html` rewritten for the visitor of
//! `NAME.json` must equal `NAME.expected.html` byte for byte, whether fed
//! whole or in random chunk sizes (several fixed seeds).
//!
//! `NAME.json`: `{ "policy"?, "now"?, "cookie" | "consent" (+ "mutate") |
//! "cookieHeader", "signals"?, "csp"?, "contentType"? }`: the stored consent
//! and signals exactly as in `tests/vectors` (read by the same reader), the
//! response's `Content-Security-Policy` and `Content-Type` headers.
//! `CONSENTRY_GOLDEN_SHOW=1` prints a mismatching output (to read, not to copy).

use consentry_core::vectors;
use consentry_server::{Consent, PageContext, PageForm, PageRewriter, RegionHeader, RegionSource};
use http::HeaderMap;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden")
}

/// splitmix64: small, seeded, reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

fn setup(name: &str, spec: &Value) -> (Consent, PageContext) {
    // One vector case carries the policy, stored consent and signals.
    let mut case = json!({ "name": name, "expect": {} });
    for k in [
        "cookie",
        "consent",
        "mutate",
        "cookieHeader",
        "signals",
        "now",
        "policy",
    ] {
        if let Some(v) = spec.get(k) {
            case[k] = v.clone();
        }
    }
    let doc = json!({ "cases": [case] }).to_string();
    let case = vectors::parse_file(name, &doc).unwrap().remove(0);
    let policy = Arc::new(case.policy.clone().expect("golden policy is valid"));
    let mut headers = HeaderMap::new();
    let cookie = match (&case.cookie_header, &case.cookie) {
        (Some(h), _) => Some(h.clone()),
        (None, Some(v)) => Some(format!("{}={v}", policy.cookie().name)),
        _ => None,
    };
    if let Some(c) = cookie {
        headers.insert("cookie", c.parse().unwrap());
    }
    if case.signals.gpc {
        headers.insert("sec-gpc", "1".parse().unwrap());
    }
    if let Some(r) = &case.signals.region {
        headers.insert("cf-ipcountry", r.as_str().parse().unwrap());
    }
    let source = RegionSource::new().header(RegionHeader::cloudflare());
    let consent = Consent::from_headers(&policy, &headers, &source, case.now);
    let mut resp = HeaderMap::new();
    if let Some(csp) = spec["csp"].as_str() {
        resp.insert("content-security-policy", csp.parse().unwrap());
    }
    let ct = spec["contentType"]
        .as_str()
        .unwrap_or("text/html; charset=utf-8");
    resp.insert("content-type", ct.parse().unwrap());
    let mut page = PageContext::from_headers(&resp);
    // The server-rendered banner, with its JavaScript-off form.
    if let Some(b) = spec.get("banner") {
        page = page.with_banner(b["acceptLanguage"].as_str());
        page.form = b.get("form").map(|f| PageForm {
            action: f["action"].as_str().unwrap().into(),
            back: f["back"].as_str().unwrap().into(),
            token: f["token"].as_str().map(String::from),
        });
    }
    (consent, page)
}

fn rewrite_in_chunks(
    consent: &Consent,
    page: &PageContext,
    src: &[u8],
    seed: Option<u64>,
) -> Vec<u8> {
    let mut r = PageRewriter::new(consent, page).unwrap();
    let mut out = Vec::new();
    let mut rng = Rng(seed.unwrap_or(0));
    let mut rest = src;
    while !rest.is_empty() {
        let n = match seed {
            None => rest.len(),
            // Mostly tiny chunks (splitting tags and attributes), some large.
            Some(_) => match rng.next() % 10 {
                0 => 1 + (rng.next() % 4096) as usize,
                _ => 1 + (rng.next() % 17) as usize,
            },
        };
        let (chunk, tail) = rest.split_at(n.min(rest.len()));
        out.extend_from_slice(&r.write(chunk).unwrap());
        rest = tail;
    }
    out.extend_from_slice(&r.end().unwrap());
    out
}

#[test]
fn golden_pages() {
    let mut names: Vec<String> = std::fs::read_dir(golden_dir())
        .unwrap()
        .filter_map(|e| {
            let n = e.unwrap().file_name().to_string_lossy().into_owned();
            n.strip_suffix(".src.html").map(str::to_string)
        })
        .collect();
    names.sort();
    assert!(names.len() >= 8, "only {} golden pages", names.len());
    let mut failures = Vec::new();
    for name in &names {
        let dir = golden_dir();
        let src = std::fs::read(dir.join(format!("{name}.src.html"))).unwrap();
        let expected = std::fs::read(dir.join(format!("{name}.expected.html")))
            .unwrap_or_else(|_| panic!("{name}.expected.html missing"));
        let spec: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap(),
        )
        .unwrap();
        let (consent, page) = setup(name, &spec);
        for seed in [None, Some(1), Some(2), Some(3), Some(42), Some(20_260_901)] {
            let got = rewrite_in_chunks(&consent, &page, &src, seed);
            if got != expected {
                failures.push(format!("{name} (seed {seed:?})"));
                if std::env::var_os("CONSENTRY_GOLDEN_SHOW").is_some() && seed.is_none() {
                    println!("=== {name} got:\n{}", String::from_utf8_lossy(&got));
                }
            }
        }
    }
    assert!(failures.is_empty(), "mismatches: {failures:#?}");
    println!("{} golden pages, 6 feedings each", names.len());
}
