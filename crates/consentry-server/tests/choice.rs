//! The banner with JavaScript off: the page's form, the choice POST (cookie,
//! 303 back), the forged posts it refuses, the preferences page, and (with
//! `records`) the receipt each choice leaves.

use axum::body::Body;
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use consentry_core::{record, ConsentId, Policy, Signals, Stored};
use consentry_server::choice::{self, TOKEN_COOKIE};
use consentry_server::{ConsentLayer, RegionHeader, RegionSource};
use http::{Request, StatusCode};
use http_body_util::BodyExt;
use std::sync::Arc;
use tower::ServiceExt;

const NOW: u64 = 1_788_220_800;
const SITE: &str = "https://www.example.com";

fn policy() -> Arc<Policy> {
    Arc::new(
        Policy::from_json(
            r#"{ "revision": 3,
                 "categories": [{ "id": "performance", "services": ["google-analytics"] },
                                { "id": "functionality", "services": ["youtube"] },
                                { "id": "targeting", "services": ["meta-pixel"] }] }"#,
        )
        .unwrap(),
    )
}

fn layer() -> ConsentLayer {
    ConsentLayer::new(policy())
        .region_source(RegionSource::new().header(RegionHeader::cloudflare()))
        .clock(|| NOW)
}

fn app(layer: ConsentLayer) -> Router {
    Router::new()
        .route(
            "/",
            get(|| async { Html("<html><head></head><body><p>shop</p></body></html>") }),
        )
        .layer(layer)
}

struct Reply {
    status: StatusCode,
    headers: http::HeaderMap,
    body: String,
}

impl Reply {
    fn cookies(&self) -> Vec<&str> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap())
            .collect()
    }

    /// The consent the reply stored, read back as the next request would.
    fn stored(&self) -> Stored {
        let name = format!("{}=", policy().cookie().name);
        let set = self
            .cookies()
            .into_iter()
            .find(|c| c.starts_with(&name))
            .expect("a consent cookie");
        let value = set[name.len()..].split(';').next().unwrap();
        record::decode(value, &policy(), NOW)
    }

    fn location(&self) -> Option<&str> {
        self.headers.get("location").map(|v| v.to_str().unwrap())
    }
}

async fn send(app: Router, req: Request<Body>) -> Reply {
    let resp = app.oneshot(req).await.unwrap();
    let (parts, body) = resp.into_parts();
    let body = body.collect().await.unwrap().to_bytes();
    Reply {
        status: parts.status,
        headers: parts.headers,
        body: String::from_utf8(body.to_vec()).unwrap(),
    }
}

/// A post as the browser sends it from the site's own page (`Origin` and
/// `Sec-Fetch-Site`), plus `extra` headers; `None` values drop a header.
fn post(form: &str, extra: &[(&str, Option<&str>)]) -> Request<Body> {
    let mut headers = vec![
        ("host", Some("www.example.com")),
        ("content-type", Some("application/x-www-form-urlencoded")),
        ("origin", Some(SITE)),
        ("sec-fetch-site", Some("same-origin")),
        ("cf-ipcountry", Some("DE")),
    ];
    for (k, v) in extra {
        headers.retain(|(h, _)| h != k);
        headers.push((k, *v));
    }
    let mut req = Request::post(choice::PATH);
    for (k, v) in headers {
        if let Some(v) = v {
            req = req.header(k, v);
        }
    }
    req.body(Body::from(form.to_string())).unwrap()
}

fn granted(s: &Stored) -> Vec<String> {
    let c = s.valid().expect("a valid consent");
    c.granted_categories(&policy())
        .into_iter()
        .map(str::to_string)
        .collect()
}

#[tokio::test]
async fn the_page_carries_the_form_and_its_token_cookie() {
    let req = Request::get("/?x=1")
        .header("host", "www.example.com")
        .header("cf-ipcountry", "DE")
        .body(Body::empty())
        .unwrap();
    let r = send(app(layer()), req).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body
            .contains(r#"<form method="post" action="/consentry/choice">"#),
        "{}",
        r.body
    );
    assert!(r.body.contains(r#"name="back" value="/?x=1">"#));
    let set = r
        .cookies()
        .into_iter()
        .find(|c| c.starts_with(TOKEN_COOKIE))
        .expect("token cookie");
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Strict"),
        "{set}"
    );
    let token = &set[TOKEN_COOKIE.len() + 1..TOKEN_COOKIE.len() + 33];
    assert!(r
        .body
        .contains(&format!(r#"name="token" value="{token}">"#)));

    // A returning visitor keeps the token it has; a decided one gets no form.
    let req = Request::get("/")
        .header("host", "www.example.com")
        .header("cookie", format!("{TOKEN_COOKIE}={token}"))
        .body(Body::empty())
        .unwrap();
    let r = send(app(layer()), req).await;
    assert!(r
        .body
        .contains(&format!(r#"name="token" value="{token}">"#)));
    assert!(r.cookies().iter().all(|c| !c.starts_with(TOKEN_COOKIE)));
    // A browser that sends Fetch Metadata sends `Sec-Fetch-Site` with its
    // post too: no token, and no cookie at all before consent.
    let req = Request::get("/")
        .header("host", "www.example.com")
        .header("sec-fetch-site", "none")
        .body(Body::empty())
        .unwrap();
    let r = send(app(layer()), req).await;
    assert!(r.body.contains("<form") && !r.body.contains(r#"name="token""#));
    assert!(r.cookies().is_empty(), "{:?}", r.cookies());
    let req = Request::get("/")
        .header("host", "www.example.com")
        .body(Body::empty())
        .unwrap();
    let off = send(app(layer().choice_path(None)), req).await;
    assert!(off.body.contains(r#"data-consentry="banner""#) && !off.body.contains("<form"));
}

#[tokio::test]
async fn accept_all_sets_the_cookie_and_goes_back() {
    let r = send(
        app(layer()),
        post("choice=accept-all&back=%2Fshop%3Fx%3D1&surface=banner", &[]),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), Some("/shop?x=1"));
    assert_eq!(r.headers["cache-control"], "no-store");
    assert_eq!(
        granted(&r.stored()),
        ["mandatory", "performance", "functionality", "targeting"]
    );
    let set = r.cookies()[0].to_string();
    assert!(
        set.contains("Path=/") && set.contains("SameSite=Lax") && set.contains("Secure"),
        "{set}"
    );
}

#[tokio::test]
async fn reject_all_keeps_the_consent_id_and_deletes_tracker_cookies() {
    let p = policy();
    let before =
        consentry_core::Consent::accept_all(&p, ConsentId([7; 16]), NOW - 60, &Signals::default());
    let cookie = format!(
        "{}={}; _ga=GA1.1.5",
        p.cookie().name,
        record::encode(&before, &p)
    );
    let r = send(
        app(layer()),
        post("choice=reject-all&back=/", &[("cookie", Some(&cookie))]),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let stored = r.stored();
    assert_eq!(granted(&stored), ["mandatory"]);
    assert_eq!(
        stored.valid().unwrap().id,
        ConsentId([7; 16]),
        "the same visitor"
    );
    assert!(
        r.cookies().iter().any(|c| c.starts_with("_ga=; Max-Age=0")),
        "{:?}",
        r.cookies()
    );
}

#[tokio::test]
async fn save_grants_the_checked_categories_only() {
    let form = "choice=save&category=functionality&category=mandatory&category=nonsense&back=/";
    let r = send(app(layer()), post(form, &[])).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(granted(&r.stored()), ["mandatory", "functionality"]);
}

#[tokio::test]
async fn forged_posts_are_refused_without_a_cookie() {
    let forged: [&[(&str, Option<&str>)]; 6] = [
        &[
            ("origin", Some("https://evil.example")),
            ("sec-fetch-site", Some("cross-site")),
        ],
        &[
            ("origin", Some("https://shop.example.com")),
            ("sec-fetch-site", Some("same-site")),
        ],
        &[("origin", Some("null")), ("sec-fetch-site", None)],
        &[("origin", None), ("sec-fetch-site", Some("cross-site"))],
        &[
            ("origin", Some("https://evil.example")),
            ("sec-fetch-site", None),
        ],
        // Neither header, and no token: nothing vouches for the page.
        &[("origin", None), ("sec-fetch-site", None)],
    ];
    for headers in forged {
        let r = send(app(layer()), post("choice=accept-all&back=/", headers)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{headers:?}");
        assert!(r.cookies().is_empty(), "{headers:?}");
    }
}

#[tokio::test]
async fn without_origin_headers_the_token_must_match_its_cookie() {
    let token = "0123456789abcdef0123456789abcdef";
    let none = [("origin", None), ("sec-fetch-site", None)];
    let with_cookie = |c: &str| {
        let mut h = none.to_vec();
        h.push(("cookie", Some(c)));
        h.into_iter()
            .map(|(k, v)| (k, v.map(str::to_string)))
            .collect::<Vec<_>>()
    };
    let cookie = format!("{TOKEN_COOKIE}={token}");
    let other = format!("{TOKEN_COOKIE}=ffffffffffffffffffffffffffffffff");
    for (form_token, cookie, ok) in [
        (token, cookie.as_str(), true),
        (token, other.as_str(), false),
        ("", cookie.as_str(), false),
    ] {
        let h = with_cookie(cookie);
        let h: Vec<(&str, Option<&str>)> = h.iter().map(|(k, v)| (*k, v.as_deref())).collect();
        let form = format!("choice=accept-all&back=/&token={form_token}");
        let r = send(app(layer()), post(&form, &h)).await;
        let want = if ok {
            StatusCode::SEE_OTHER
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(r.status, want, "token {form_token:?} with {cookie}");
    }
}

#[tokio::test]
async fn back_never_leaves_the_site() {
    for back in [
        "//evil.example/",
        "/\\evil.example",
        "https://evil.example/",
        "/a b",
        "",
        "javascript:alert(1)",
    ] {
        let form = format!(
            "choice=reject-all&back={}",
            back.replace('/', "%2F").replace(' ', "+")
        );
        let r = send(app(layer()), post(&form, &[])).await;
        assert_eq!(r.location(), Some("/"), "{back}");
    }
}

#[tokio::test]
async fn bad_forms_are_clear_errors() {
    let cases: [(Request<Body>, StatusCode); 5] = [
        (post("choice=maybe&back=/", &[]), StatusCode::BAD_REQUEST),
        (post("back=/", &[]), StatusCode::BAD_REQUEST),
        (
            post("choice=accept-all&choice=reject-all", &[]),
            StatusCode::BAD_REQUEST,
        ),
        (
            post(
                "choice=accept-all",
                &[("content-type", Some("application/json"))],
            ),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            post(
                &format!("choice=accept-all&back=/{}", "a".repeat(9000)),
                &[],
            ),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
    ];
    for (req, want) in cases {
        let r = send(app(layer()), req).await;
        assert_eq!(r.status, want, "{}", r.body);
        assert!(r.cookies().is_empty());
    }
}

#[tokio::test]
async fn preferences_is_a_page_of_switches_that_posts_back() {
    let r = send(
        app(layer()),
        post("choice=preferences&back=/shop&surface=banner", &[]),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.cookies().is_empty(), "nothing chosen yet");
    assert_eq!(r.headers["x-frame-options"], "DENY");
    assert!(
        r.body.starts_with("<!doctype html><html lang=\"en\">"),
        "{}",
        r.body
    );
    assert!(r
        .body
        .contains(r#"<form method="post" action="/consentry/choice">"#));
    assert!(r.body.contains(r#"name="back" value="/shop">"#));
    assert!(r.body.contains(r#"name="surface" value="dialog">"#));
    for id in ["performance", "functionality", "targeting"] {
        assert!(
            r.body
                .contains(&format!(r#"name="category" value="{id}">"#)),
            "{id}"
        );
    }
    assert!(r.body.contains(r#"name="choice" value="save""#));
}

#[tokio::test]
async fn other_methods_and_paths_pass_through() {
    let req = Request::get(choice::PATH)
        .header("host", "www.example.com")
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(app(layer()), req).await.status, StatusCode::NOT_FOUND);
    let r = send(
        app(layer().choice_path(None)),
        post("choice=accept-all", &[]),
    )
    .await;
    assert_eq!(
        r.status,
        StatusCode::NOT_FOUND,
        "the route is off: the app has none"
    );
    assert!(r.cookies().is_empty());
}

#[test]
fn forms_decode_strictly() {
    let f = choice::parse_form(b"choice=save&category=a+b&category=%C3%A9&back=%2F&x=1").unwrap();
    assert_eq!(f.categories, ["a b", "é"]);
    assert!(choice::parse_form(b"choice=%zz").is_err());
    assert!(choice::parse_form(b"choice=%C3").is_err());
    assert!(choice::parse_form(&[0xff]).is_err());
    assert!(choice::parse_form(b"choice=a&token=1&token=2").is_err());
}

#[cfg(feature = "records")]
#[tokio::test]
async fn each_choice_leaves_a_receipt_with_the_next_seq() {
    use consentry_server::records;
    let dir = std::env::temp_dir().join(format!("consentry-choice-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let store = records::open(&format!("sqlite:{}", dir.join("r.db").display()))
        .await
        .unwrap();
    let site = || app(layer().record_choices(store.clone()));
    let r = send(
        site(),
        post(
            "choice=accept-all&back=/shop%3Fq%3Dmail&surface=banner",
            &[],
        ),
    )
    .await;
    let id = r.stored().valid().unwrap().id;
    let cookie = r.cookies()[0].split(';').next().unwrap().to_string();
    let r = send(
        site(),
        post(
            "choice=save&category=performance&back=/&surface=dialog",
            &[("cookie", Some(&cookie))],
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let got = store.by_consent(id).await.unwrap();
    assert_eq!(got.len(), 2);
    let (a, b) = (&got[0].receipt, &got[1].receipt);
    assert_eq!(
        (a.seq, a.action.as_str(), a.surface.as_str()),
        (1, "accept-all", "banner")
    );
    assert_eq!(
        (b.seq, b.action.as_str(), b.surface.as_str()),
        (2, "custom", "dialog")
    );
    assert_eq!(a.page.origin, SITE);
    assert_eq!(a.page.path, "/shop", "never the query");
    assert_eq!(b.categories.granted, ["mandatory", "performance"]);
    assert_eq!(a.policy_hash, policy().canonical_hash());
    assert!(records::verify(store.as_ref()).await.unwrap().is_intact());
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(all(feature = "iab", feature = "records"))]
#[tokio::test]
async fn with_tc_cookie_a_choice_writes_euconsent_v2_and_its_receipt_carries_the_strings() {
    use consentry_server::consentry_iab::{decode_to_json, Gvl};
    use consentry_server::records;
    let iab_policy = Arc::new(
        Policy::from_json(
            r#"{ "revision": 3, "iab": { "cmpId": 300, "tcCookie": true, "gppSections": ["usnat"] },
                 "categories": [{ "id": "targeting", "tcfPurposes": [1, 2, 3, 4],
                                  "services": ["google-ads"] }] }"#,
        )
        .unwrap(),
    );
    let gvl = || {
        Gvl::from_json(r#"{ "vendorListVersion": 77, "tcfPolicyVersion": 5, "vendors": { "755": { "id": 755 } } }"#)
            .unwrap()
    };
    let dir = std::env::temp_dir().join(format!("consentry-choice-iab-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let store = records::open(&format!("sqlite:{}", dir.join("r.db").display()))
        .await
        .unwrap();
    let layer = || {
        ConsentLayer::new(iab_policy.clone())
            .region_source(RegionSource::new().header(RegionHeader::cloudflare()))
            .clock(|| NOW)
            .record_choices(store.clone())
    };
    let tc_of = |r: &Reply| -> Option<String> {
        r.cookies()
            .into_iter()
            .find_map(|c| c.strip_prefix("euconsent-v2="))
            .map(|c| c.split(';').next().unwrap().to_string())
    };
    let r = send(
        app(layer().iab_vendor_list(gvl())),
        post("choice=accept-all&back=/&surface=banner", &[]),
    )
    .await;
    let tc = tc_of(&r).expect("euconsent-v2 set");
    let set = r
        .cookies()
        .into_iter()
        .find(|c| c.starts_with("euconsent-v2="))
        .unwrap();
    assert!(
        set.ends_with("; Path=/; Max-Age=15724800; SameSite=Lax; Secure"),
        "{set}"
    );
    let json = decode_to_json(&tc).unwrap();
    assert_eq!(json["purposeConsents"], serde_json::json!([1, 2, 3, 4]));
    assert_eq!(json["vendorConsents"], serde_json::json!([755]));
    assert_eq!(json["vendorListVersion"], 77);
    let id = r.stored().valid().unwrap().id;
    let got = store.by_consent(id).await.unwrap();
    let receipt = &got[0].receipt;
    assert_eq!(receipt.tc_string.as_deref(), Some(tc.as_str()));
    let gpp = decode_to_json(receipt.gpp_string.as_deref().unwrap()).unwrap();
    assert_eq!(gpp["sectionIds"], serde_json::json!([2, 7]));

    // Reject all with the old cookies: a new string; without the vendor
    // list the server cannot make one, so the stale cookie is deleted.
    let consent = r.cookies()[0].split(';').next().unwrap().to_string();
    let cookies = format!("{consent}; euconsent-v2={tc}");
    let r2 = send(
        app(layer().iab_vendor_list(gvl())),
        post("choice=reject-all&back=/", &[("cookie", Some(&cookies))]),
    )
    .await;
    let rejected = tc_of(&r2).unwrap();
    assert_ne!(rejected, tc);
    assert_eq!(
        decode_to_json(&rejected).unwrap()["purposeConsents"],
        serde_json::json!([])
    );
    let r3 = send(
        app(layer()),
        post("choice=reject-all&back=/", &[("cookie", Some(&cookies))]),
    )
    .await;
    assert_eq!(
        tc_of(&r3).as_deref(),
        Some(""),
        "deleted: {:?}",
        r3.cookies()
    );
    let got = store.by_consent(id).await.unwrap();
    assert_eq!(got.len(), 3);
    assert_eq!(
        got[2].receipt.tc_string, None,
        "no vendor list, no TC string"
    );
    assert!(got[2].receipt.gpp_string.is_some());
    assert!(records::verify(store.as_ref()).await.unwrap().is_intact());
    let _ = std::fs::remove_dir_all(&dir);
}
