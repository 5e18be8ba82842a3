//! Hostile requests and the layer end to end (axum router, `oneshot`).

use axum::body::Body;
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use axum::Router;
use consentry_core::{record, ConsentId, Decision, Policy, Region, Signals};
use consentry_server::{Consent, ConsentLayer, PageContext, RegionHeader, RegionSource};
use http::{HeaderMap, HeaderValue, Request, StatusCode};
use http_body_util::BodyExt;
use proptest::prelude::*;
use std::sync::Arc;
use tower::ServiceExt;

const NOW: u64 = 1_788_220_800;

fn policy() -> Arc<Policy> {
    Arc::new(
        Policy::from_json(
            r#"{ "revision": 3, "googleConsentMode": true,
                 "categories": [{ "id": "performance", "services": ["google-analytics"] },
                                { "id": "targeting", "services": ["meta-pixel", "youtube"] }] }"#,
        )
        .unwrap(),
    )
}

fn accept_all(p: &Policy, at: u64) -> String {
    let s = Signals::default();
    record::encode(
        &consentry_core::Consent::accept_all(p, ConsentId([1; 16]), at, &s),
        p,
    )
}

fn source() -> RegionSource {
    RegionSource::new().header(RegionHeader::cloudflare())
}

fn decide(headers: &[(&str, &[u8])]) -> Consent {
    let mut h = HeaderMap::new();
    for (k, v) in headers {
        h.append(
            http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
            HeaderValue::from_bytes(v).unwrap(),
        );
    }
    Consent::from_headers(&policy(), &h, &source(), NOW)
}

fn nothing_granted(c: &Consent) {
    for id in ["performance", "functionality", "targeting"] {
        assert!(!c.category(id).is_allowed(), "{id}: {}", c.category(id));
    }
    assert!(!c.allows("https://www.google-analytics.com/g/collect"));
    assert_eq!(c.stored().valid(), None);
}

#[test]
fn a_valid_cookie_grants() {
    let v = format!("a=1; consentry={}; b=2", accept_all(&policy(), NOW - 60));
    let c = decide(&[("cookie", v.as_bytes()), ("cf-ipcountry", b"DE")]);
    assert_eq!(c.category("targeting"), Decision::Granted);
    assert!(!c.banner_needed());
}

#[test]
fn cookies_split_over_several_headers_are_joined() {
    // HTTP/2 sends one `Cookie` header per cookie.
    let v = format!("consentry={}", accept_all(&policy(), NOW - 60));
    let c = decide(&[
        ("cookie", b"a=1"),
        ("cookie", v.as_bytes()),
        ("cf-ipcountry", b"DE"),
    ]);
    assert_eq!(c.category("performance"), Decision::Granted);
}

#[test]
fn tampered_duplicated_and_garbage_cookies_grant_nothing() {
    let good = accept_all(&policy(), NOW - 60);
    let mut tampered = good.clone().into_bytes();
    tampered[10] = if tampered[10] == b'A' { b'B' } else { b'A' };
    let tampered = format!("consentry={}", String::from_utf8(tampered).unwrap());
    for header in [
        tampered.as_str(),
        "consentry=; consentry=%%%; consentry==",
        "consentry=AQ; consentry=AQID",
        ";;;==;consentry",
        "consentry=\"unterminated",
    ] {
        let c = decide(&[("cookie", header.as_bytes()), ("cf-ipcountry", b"DE")]);
        nothing_granted(&c);
        assert!(c.banner_needed());
    }
}

#[test]
fn oversized_cookie_headers_grant_nothing() {
    let good = format!("consentry={}", accept_all(&policy(), NOW - 60));
    let junk = format!("j={}", "x".repeat(17 * 1024));
    for hs in [
        vec![good.as_str(), junk.as_str()],
        vec![junk.as_str(), good.as_str()],
    ] {
        let headers: Vec<(&str, &[u8])> = hs.iter().map(|v| ("cookie", v.as_bytes())).collect();
        let mut with_region = headers.clone();
        with_region.push(("cf-ipcountry", b"DE"));
        let c = decide(&with_region);
        nothing_granted(&c);
        assert_eq!(c.stored().status(), "invalid");
        assert!(c.cookie_deletions("example.com").is_empty());
    }
    let one = format!("{good}; {junk}");
    nothing_granted(&decide(&[
        ("cookie", one.as_bytes()),
        ("cf-ipcountry", b"DE"),
    ]));
}

#[test]
fn invalid_utf8_headers_count_as_absent() {
    let c = decide(&[
        ("cookie", b"consentry=\xff\xfe; _ga=\xc3"),
        ("cf-ipcountry", b"D\xc4"),
        ("sec-gpc", b"\xff1"),
    ]);
    assert_eq!(c.stored().status(), "none");
    assert_eq!(c.region(), None);
    assert!(!c.signals().gpc);
    nothing_granted(&c);
}

#[test]
fn gpc_only_the_value_1_counts_and_any_1_wins() {
    assert!(
        decide(&[("sec-gpc", b"0"), ("sec-gpc", b"1")])
            .signals()
            .gpc
    );
    assert!(decide(&[("sec-gpc", b" 1 ")]).signals().gpc);
    for v in [&b"true"[..], b"yes", b"01", b"1, 1", b""] {
        assert!(!decide(&[("sec-gpc", v)]).signals().gpc, "{v:?}");
    }
}

#[test]
fn region_headers_in_order_with_subdivision_and_fallback() {
    let src = RegionSource::new()
        .header(RegionHeader::cloudflare())
        .header(RegionHeader::vercel())
        .resolver(|h| h.get("x-geo").and_then(|v| Region::parse(v.to_str().ok()?)))
        .fallback(Region::parse("FR"));
    let region = |hs: &[(&str, &str)]| {
        let mut h = HeaderMap::new();
        for (k, v) in hs {
            h.insert(
                http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        src.region(&h).map(|r| r.to_string())
    };
    assert_eq!(
        region(&[("cf-ipcountry", "US"), ("cf-region-code", "CA")]).as_deref(),
        Some("US-CA")
    );
    assert_eq!(
        region(&[("cf-ipcountry", "us-tx")]).as_deref(),
        Some("US-TX")
    );
    assert_eq!(
        region(&[("cf-ipcountry", "US"), ("cf-region-code", "<x>")]).as_deref(),
        Some("US")
    );
    assert_eq!(
        region(&[("cf-ipcountry", "XX"), ("x-vercel-ip-country", "DE")]).as_deref(),
        Some("DE")
    );
    assert_eq!(
        region(&[("cf-ipcountry", "T1"), ("x-geo", "JP")]).as_deref(),
        Some("JP")
    );
    assert_eq!(
        region(&[("cf-ipcountry", "Germany")]).as_deref(),
        Some("FR")
    );
    assert_eq!(region(&[]).as_deref(), Some("FR"));
}

#[test]
fn deletions_cover_every_domain_variant_and_spare_the_consent_cookie() {
    let c = decide(&[
        (
            "cookie",
            b"consentry=x; _ga=1; _ga_ABC=2; theme=dark; _fbp=3; __Secure-YEC=4; __Host-x=5",
        ),
        ("cf-ipcountry", b"DE"),
    ]);
    let got: Vec<String> = c
        .cookie_deletions("WWW.Shop.Example.co.uk:8443")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    let mut want = Vec::new();
    for n in ["_ga", "_ga_ABC", "_fbp", "__Secure-YEC"] {
        let sec = if n.starts_with("__Secure-") {
            "; Secure"
        } else {
            ""
        };
        want.push(format!("{n}=; Max-Age=0; Path=/{sec}"));
        for d in [
            "www.shop.example.co.uk",
            "shop.example.co.uk",
            "example.co.uk",
        ] {
            want.push(format!("{n}=; Max-Age=0; Path=/; Domain={d}{sec}"));
        }
    }
    assert_eq!(got, want);
    // A forged Host never reaches a Domain attribute.
    let forged = c.cookie_deletions("evil.com; Domain=x");
    assert!(forged
        .iter()
        .all(|v| !v.to_str().unwrap().contains("Domain")));
}

#[test]
fn hostile_html_is_still_delivered() {
    let c = decide(&[("cf-ipcountry", b"DE")]);
    let page = PageContext::default();
    let huge = format!(
        r#"<html><head><img alt="{}" src="https://www.facebook.com/tr?id=1"></head>"#,
        "a".repeat(2 << 20)
    );
    let out = consentry_server::rewrite_page(&c, &page, huge.as_bytes()).unwrap();
    assert!(out.len() > 2 << 20);
    assert!(String::from_utf8_lossy(&out)
        .contains(r#"data-consentry-src="https://www.facebook.com/tr?id=1""#));
    for bad in [
        &b"<html><head>\xff\xfe<script src=\"https://connect.facebook.net/en_US/fbevents.js\">\xc3"
            [..],
        b"<<<<>>>></script></head><body<<img src=x",
        b"<script src='",
        b"<!-- <script src=https://www.google-analytics.com/a.js>",
        b"\0\0\0<html\0>",
    ] {
        let out = consentry_server::rewrite_page(&c, &page, bad).unwrap();
        assert!(!out.is_empty());
    }
}

async fn page() -> Html<&'static str> {
    Html(
        r#"<html><head><script src="https://connect.facebook.net/en_US/fbevents.js"></script></head><body>hi</body></html>"#,
    )
}

fn app() -> Router {
    Router::new()
        .route("/", get(page))
        .route(
            "/plain",
            get(|| async { ([("content-type", "text/plain")], "<script src=\"https://www.google-analytics.com/a.js\"></script>") }),
        )
        .route(
            "/gz",
            get(|| async {
                ([("content-type", "text/html"), ("content-encoding", "gzip"), ("cache-control", "public, max-age=60")],
                 b"\x1f\x8b\x08\x00not really gzip <script src=\"https://www.google-analytics.com/a.js\">".to_vec())
            }),
        )
        .route(
            "/api",
            get(|consent: Consent| async move {
                ([("cache-control", "public, s-maxage=600, max-age=60")], format!("{}", consent.allows("targeting"))).into_response()
            }),
        )
        .layer(
            ConsentLayer::new(policy())
                .region_source(source())
                .gpc_last_update("2026-01-15")
                .unwrap()
                .clock(|| NOW),
        )
}

async fn send(path: &str, headers: &[(&str, &str)]) -> (http::response::Parts, Vec<u8>) {
    let mut req = Request::builder()
        .uri(path)
        .header("host", "www.example.com");
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let resp = app()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let (parts, body) = resp.into_parts();
    (parts, body.collect().await.unwrap().to_bytes().to_vec())
}

#[tokio::test]
async fn layer_rewrites_html_and_makes_it_private() {
    let (parts, body) = send(
        "/",
        &[("cf-ipcountry", "DE"), ("cookie", "_fbp=1; consentry=zz")],
    )
    .await;
    let body = String::from_utf8(body).unwrap();
    assert_eq!(parts.status, StatusCode::OK);
    assert!(body.contains(r#"type="text/plain" data-consentry="invalid-consent" data-consentry-service="meta-pixel""#), "{body}");
    assert!(
        body.contains(r#"gtag('consent','default',{"ad_storage":"denied""#),
        "{body}"
    );
    assert!(body.contains(r#"{"region":"DE","regime":"opt-in","gpc":false,"banner":true}"#));
    assert_eq!(parts.headers["cache-control"], "private");
    assert!(parts.headers.get("content-length").is_none());
    let cookies: Vec<_> = parts
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert_eq!(
        cookies[..3],
        [
            "_fbp=; Max-Age=0; Path=/",
            "_fbp=; Max-Age=0; Path=/; Domain=www.example.com",
            "_fbp=; Max-Age=0; Path=/; Domain=example.com"
        ]
    );
    // The banner's JavaScript-off form needs the anti-forgery cookie.
    assert_eq!(cookies.len(), 4);
    assert!(
        cookies[3].starts_with("consentry-token=")
            && cookies[3].ends_with("; Path=/; HttpOnly; SameSite=Strict")
    );
}

#[tokio::test]
async fn consented_visitors_get_live_tags() {
    let cookie = format!("consentry={}", accept_all(&policy(), NOW - 60));
    let (parts, body) = send("/", &[("cf-ipcountry", "DE"), ("cookie", &cookie)]).await;
    let body = String::from_utf8(body).unwrap();
    assert!(
        body.contains(r#"<script src="https://connect.facebook.net/en_US/fbevents.js"></script>"#)
    );
    assert!(parts.headers.get("set-cookie").is_none());
    assert_eq!(parts.headers["cache-control"], "private");
}

#[tokio::test]
async fn the_banner_is_rendered_in_the_visitors_language_until_they_choose() {
    let (_, body) = send(
        "/",
        &[
            ("cf-ipcountry", "DE"),
            ("accept-language", "de-DE,de;q=0.9,en;q=0.5"),
        ],
    )
    .await;
    let body = String::from_utf8(body).unwrap();
    let at = body
        .find(r#"data-consentry="banner""#)
        .expect("banner rendered");
    assert!(at > body.find("<body>").unwrap(), "{body}");
    assert!(
        body.contains(
            r#"data-consentry="reject-all" name="choice" value="reject-all">Alle ablehnen</button>"#
        ),
        "{body}"
    );
    // Once chosen, no banner.
    let cookie = format!("consentry={}", accept_all(&policy(), NOW - 60));
    let (_, body) = send("/", &[("cf-ipcountry", "DE"), ("cookie", &cookie)]).await;
    assert!(!String::from_utf8(body)
        .unwrap()
        .contains(r#"data-consentry="banner""#));
}

#[tokio::test]
async fn the_server_banner_can_be_switched_off() {
    let app = Router::new().route("/", get(page)).layer(
        ConsentLayer::new(policy())
            .server_banner(false)
            .clock(|| NOW),
    );
    let req = Request::builder()
        .uri("/")
        .header("host", "www.example.com")
        .body(Body::empty())
        .unwrap();
    let body = app.oneshot(req).await.unwrap().into_body();
    let body = String::from_utf8(body.collect().await.unwrap().to_bytes().to_vec()).unwrap();
    assert!(body.contains("data-consentry=\"no-consent\""), "{body}");
    assert!(!body.contains(r#"data-consentry="banner""#), "{body}");
}

#[tokio::test]
async fn non_html_and_compressed_html_pass_through() {
    let (parts, body) = send("/plain", &[("cf-ipcountry", "DE")]).await;
    assert_eq!(
        body,
        b"<script src=\"https://www.google-analytics.com/a.js\"></script>"
    );
    assert!(parts.headers.get("cache-control").is_none());
    let (parts, body) = send("/gz", &[("cf-ipcountry", "DE")]).await;
    assert!(body.ends_with(b"<script src=\"https://www.google-analytics.com/a.js\">"));
    assert_eq!(parts.headers["cache-control"], "public, max-age=60");
}

#[tokio::test]
async fn extractor_marks_the_response_private() {
    let (parts, body) = send(
        "/api",
        &[
            ("cf-ipcountry", "US"),
            ("cf-region-code", "CA"),
            ("sec-gpc", "1"),
        ],
    )
    .await;
    assert_eq!(body, b"false"); // GPC refuses targeting in California
    assert_eq!(parts.headers["cache-control"], "private, max-age=60");
    let (_, body) = send("/api", &[("cf-ipcountry", "US"), ("cf-region-code", "CA")]).await;
    assert_eq!(body, b"true");
}

#[tokio::test]
async fn gpc_json_is_served() {
    let (parts, body) = send("/.well-known/gpc.json", &[]).await;
    assert_eq!(parts.status, StatusCode::OK);
    assert_eq!(parts.headers["content-type"], "application/json");
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        v,
        serde_json::json!({ "gpc": true, "lastUpdate": "2026-01-15" })
    );
}

/// `lastUpdate` comes from the policy's `gpcLastUpdate`; the builder's date
/// overrides it; without either the resource has no `lastUpdate`.
#[tokio::test]
async fn gpc_json_last_update_from_the_policy() {
    async fn gpc_json(layer: ConsentLayer) -> serde_json::Value {
        let app: Router = Router::new().route("/", get(|| async { "x" })).layer(layer);
        let req = Request::builder()
            .uri("/.well-known/gpc.json")
            .body(Body::empty())
            .unwrap();
        let body = app.oneshot(req).await.unwrap().into_body();
        serde_json::from_slice(&body.collect().await.unwrap().to_bytes()).unwrap()
    }
    let dated = Arc::new(Policy::from_json(r#"{ "gpcLastUpdate": "2025-11-30" }"#).unwrap());
    assert_eq!(
        gpc_json(ConsentLayer::new(dated.clone())).await,
        serde_json::json!({ "gpc": true, "lastUpdate": "2025-11-30" })
    );
    let overridden = ConsentLayer::new(dated).gpc_last_update("2026-01-15");
    assert_eq!(
        gpc_json(overridden.unwrap()).await,
        serde_json::json!({ "gpc": true, "lastUpdate": "2026-01-15" })
    );
    let undated = Arc::new(Policy::from_json("{}").unwrap());
    assert_eq!(
        gpc_json(ConsentLayer::new(undated)).await,
        serde_json::json!({ "gpc": true })
    );
}

#[tokio::test]
async fn extractor_without_layer_is_a_server_error() {
    let app: Router = Router::new().route("/", get(|_c: Consent| async { "x" }));
    let resp = app.oneshot(Request::new(Body::empty())).await.unwrap();
    assert_eq!(resp.status(), StatusCode::INTERNAL_SERVER_ERROR);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    /// Arbitrary header bytes never panic and never grant anything: a valid
    /// record cannot be forged by chance (checksum), so no category is `Granted`.
    #[test]
    fn arbitrary_headers_never_grant(
        cookie in proptest::collection::vec(any::<u8>(), 0..300),
        cookie2 in "[ -~]{0,80}",
        gpc in proptest::collection::vec(any::<u8>(), 0..4),
        country in proptest::collection::vec(any::<u8>(), 0..6),
        sub in proptest::collection::vec(any::<u8>(), 0..4),
        host in "[ -~]{0,40}",
    ) {
        let mut h = HeaderMap::new();
        let mut cookie = cookie;
        cookie.splice(0..0, b"consentry=".iter().copied());
        for (k, v) in [("cookie", cookie), ("cookie", cookie2.into_bytes()), ("sec-gpc", gpc), ("dnt", vec![b'1']),
                       ("cf-ipcountry", country), ("cf-region-code", sub)] {
            if let Ok(v) = HeaderValue::from_bytes(&v) {
                h.append(k, v);
            }
        }
        let c = Consent::from_headers(&policy(), &h, &source(), NOW);
        for id in ["performance", "functionality", "targeting"] {
            prop_assert_ne!(c.category(id), Decision::Granted);
        }
        prop_assert!(c.gcm().is_granted(consentry_core::GcmType::SecurityStorage));
        for v in c.cookie_deletions(&host) {
            prop_assert!(!v.to_str().unwrap().starts_with("consentry="));
        }
    }
}
