//! Every shared vector in `tests/vectors/*.json`, through the server path: an
//! `http` request carrying the cookie, `Sec-GPC`/`DNT` and the region in
//! trusted headers, decided by `Consent::from_headers`.

use consentry_core::vectors::{self, Case};
use consentry_server::{Consent, RegionHeader, RegionSource};
use http::{HeaderValue, Request};
use std::path::Path;
use std::sync::Arc;

fn cases() -> Vec<Case> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors");
    vectors::load_dir(&dir).unwrap_or_else(|e| panic!("{e}"))
}

/// The request a browser would send for this case, or why it cannot be sent.
fn request(case: &Case, cookie_name: &str) -> Result<Request<()>, String> {
    let mut b = Request::builder().uri("https://www.example.com/");
    if let Some(headers) = &case.headers {
        // The raw request as the case gives it.
        for (n, v) in headers {
            b = b.header(n.as_str(), v.as_str());
        }
        return b.body(()).map_err(|e| e.to_string());
    }
    let cookie = match (&case.cookie_header, &case.cookie) {
        (Some(h), _) => Some(h.clone()),
        (None, Some(v)) => {
            // The header grammar trims a value and splits on `;`: a raw value
            // with either cannot travel in a `Cookie` header as written.
            if v.trim() != v || v.contains(';') {
                return Err(format!("raw value changes inside a Cookie header: {v:?}"));
            }
            Some(format!("{cookie_name}={v}"))
        }
        (None, None) => None,
    };
    if let Some(c) = cookie {
        let v = HeaderValue::from_bytes(c.as_bytes())
            .map_err(|_| format!("cookie not sendable in a header: {c:?}"))?;
        b = b.header("cookie", v);
    }
    if case.signals.gpc {
        b = b.header("sec-gpc", "1");
    }
    if case.signals.dnt {
        b = b.header("dnt", "1");
    }
    if let Some(r) = &case.signals.region {
        // Country and subdivision apart, as Cloudflare sends them.
        b = b.header("cf-ipcountry", r.country());
        if let Some((_, sub)) = r.as_str().split_once('-') {
            b = b.header("cf-region-code", sub);
        }
    }
    b.body(()).map_err(|e| e.to_string())
}

#[test]
fn shared_vectors_through_the_server() {
    let cases = cases();
    let source = RegionSource::new().header(RegionHeader::cloudflare());
    let report = vectors::run(&cases, |case, policy| {
        let policy = Arc::new(policy.clone());
        let req = request(case, &policy.cookie().name)?;
        let consent = Consent::from_headers(&policy, req.headers(), &source, case.now);
        assert_eq!(consent.signals(), &case.signals, "{}", case.name);
        Ok(vectors::check(case, consent.decider()))
    });
    report.assert_passed(150);
    println!(
        "{} vector cases passed through the server path; {} not expressible as a request:\n{}",
        report.cases - report.skipped.len(),
        report.skipped.len(),
        report.skipped.join("\n")
    );
}
