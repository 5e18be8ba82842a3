//! The records endpoint over HTTP: each bad input gets its status and
//! leaves the store as it was; replays are acknowledged and stored once.

mod common;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use common::records::receipt;
use consentry_server::records::{self, router, ClientIp, RateLimit, RecordStore, RecordsConfig};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::sync::Arc;
use tower::ServiceExt;

const URL: &str = "/consentry/records";

struct Site {
    app: axum::Router,
    store: Arc<dyn RecordStore>,
    _dir: std::path::PathBuf,
}

async fn site(config: RecordsConfig) -> Site {
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "consentry-http-{}-{}",
        std::process::id(),
        N.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let store = records::open(&format!("sqlite:{}", dir.join("r.db").display()))
        .await
        .unwrap();
    Site {
        app: router(store.clone(), config),
        store,
        _dir: dir,
    }
}

fn post() -> http::request::Builder {
    Request::post(URL)
        .header("content-type", "application/json")
        .extension(ConnectInfo(SocketAddr::from(([203, 0, 113, 9], 5555))))
}

impl Site {
    async fn send(&self, req: Request<Body>) -> (StatusCode, Value, http::HeaderMap) {
        let res = self.app.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        let v = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        (status, v, headers)
    }

    async fn post_text(&self, text: String) -> (StatusCode, Value) {
        let req = post().body(Body::from(text)).unwrap();
        let (s, v, _) = self.send(req).await;
        (s, v)
    }

    async fn dump(&self) -> Vec<String> {
        let all = self.store.export(0, 0, 10_000).await.unwrap();
        all.iter().map(records::export_line).collect()
    }
}

#[tokio::test]
async fn stores_once_and_answers_replays() {
    let s = site(RecordsConfig::default()).await;
    let r = receipt(1, 1);
    let (st, v) = s.post_text(r.to_json()).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    assert_eq!(v["stored"], json!(true));
    // The answer was lost; the browser sends it again.
    let (st, v) = s.post_text(r.to_json()).await;
    assert_eq!((st, &v["duplicate"]), (StatusCode::OK, &json!(true)));
    let before = s.dump().await;
    assert_eq!(before.len(), 1);
    // Same id and seq, other content: refused, the first kept.
    let mut other = receipt(1, 1);
    other.action = consentry_core::receipt::Action::RejectAll;
    let (st, _) = s.post_text(other.to_json()).await;
    assert_eq!(st, StatusCode::CONFLICT);
    assert_eq!(s.dump().await, before);
    // The visitor reads their own receipts with their id, and only with it.
    let id = r.consent_id.to_string();
    let (st, v, h) = s
        .send(
            Request::get(format!("{URL}/{id}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v[0]["consentId"], json!(id));
    assert!(v[0]["receivedAt"].is_u64());
    assert_eq!(h["cache-control"], "no-store");
    let other_id = receipt(2, 1).consent_id.to_string();
    for path in [
        format!("{URL}/{other_id}"),
        format!("{URL}/not-an-id"),
        format!("{URL}/{}", id.to_uppercase()),
    ] {
        let (st, _, _) = s
            .send(Request::get(path).body(Body::empty()).unwrap())
            .await;
        assert_eq!(st, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn bad_input_gets_its_status_and_changes_nothing() {
    let s = site(RecordsConfig::default()).await;
    s.post_text(receipt(1, 1).to_json()).await;
    let before = s.dump().await;
    let good: Value = serde_json::from_str(&receipt(2, 1).to_json()).unwrap();
    let with = |k: &str, v: Value| {
        let mut g = good.clone();
        g[k] = v;
        g.to_string()
    };
    let cases: Vec<(&str, String, StatusCode, Option<&str>)> = vec![
        (
            "malformed JSON",
            "{\"version\":1,".into(),
            StatusCode::BAD_REQUEST,
            None,
        ),
        (
            "not an object",
            "[]".into(),
            StatusCode::BAD_REQUEST,
            Some(""),
        ),
        (
            "wrong type",
            with("seq", json!("1")),
            StatusCode::BAD_REQUEST,
            Some("seq"),
        ),
        (
            "unknown field",
            with("admin", json!(true)),
            StatusCode::BAD_REQUEST,
            Some("admin"),
        ),
        (
            "server field",
            with("receivedAt", json!(1)),
            StatusCode::BAD_REQUEST,
            Some("receivedAt"),
        ),
        (
            "query in path",
            with(
                "page",
                json!({"origin": "https://a.com", "path": "/?e=x@y.z"}),
            ),
            StatusCode::BAD_REQUEST,
            Some("page.path"),
        ),
        (
            "script as language",
            with("language", json!("<script>alert(1)</script>")),
            StatusCode::BAD_REQUEST,
            Some("language"),
        ),
        (
            "NUL in a path",
            with("page", json!({"origin": "https://a.com", "path": "/\u{0}"})),
            StatusCode::BAD_REQUEST,
            Some("page.path"),
        ),
        (
            "duplicate key",
            r#"{"seq":1,"seq":2}"#.into(),
            StatusCode::BAD_REQUEST,
            None,
        ),
        (
            "deep nesting",
            format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
            StatusCode::PAYLOAD_TOO_LARGE,
            None,
        ),
        (
            "huge body",
            format!("{{\"x\":\"{}\"}}", "a".repeat(1 << 20)),
            StatusCode::PAYLOAD_TOO_LARGE,
            None,
        ),
        (
            "huge number",
            with("clientTime", json!(1e300)),
            StatusCode::BAD_REQUEST,
            Some("clientTime"),
        ),
        (
            "invalid UTF-8 escape",
            with("language", json!("\u{fffd}")),
            StatusCode::BAD_REQUEST,
            Some("language"),
        ),
    ];
    for (what, body, want, path) in cases {
        let (st, v) = s.post_text(body).await;
        assert_eq!(st, want, "{what}: {v}");
        if let Some(path) = path {
            let paths: Vec<&str> = v["problems"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["path"].as_str().unwrap())
                .collect();
            assert!(paths.contains(&path), "{what}: {v}");
        }
        assert_eq!(s.dump().await, before, "{what} changed the store");
    }
    // Wrong content type: 415, nothing read.
    for ct in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/jsonp",
    ] {
        let req = Request::post(URL)
            .header("content-type", ct)
            .body(Body::from(receipt(3, 1).to_json()))
            .unwrap();
        assert_eq!(
            s.send(req).await.0,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{ct}"
        );
    }
    let req = Request::post(URL)
        .body(Body::from(receipt(3, 1).to_json()))
        .unwrap();
    assert_eq!(s.send(req).await.0, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // A declared length over the limit is refused before reading.
    let req = post()
        .header("content-length", "100000000")
        .body(Body::from("{}"))
        .unwrap();
    assert_eq!(s.send(req).await.0, StatusCode::PAYLOAD_TOO_LARGE);
    // Invalid UTF-8 bytes.
    let req = post().body(Body::from(vec![b'{', 0xff, b'}'])).unwrap();
    assert_eq!(s.send(req).await.0, StatusCode::BAD_REQUEST);
    assert_eq!(s.dump().await, before);
}

#[tokio::test]
async fn rate_limited_per_network() {
    let s = site(RecordsConfig {
        rate: RateLimit {
            per_minute: 0,
            burst: 3,
        },
        client_ip: ClientIp::Header("x-forwarded-for".into()),
        store_ip_prefix: true,
        ..RecordsConfig::default()
    })
    .await;
    let from = |ip: &str, seq: u32| {
        Request::post(URL)
            .header("content-type", "application/json")
            .header("x-forwarded-for", format!("10.0.0.1, {ip}"))
            .body(Body::from(receipt(7, seq).to_json()))
            .unwrap()
    };
    for seq in 1..=3 {
        assert_eq!(
            s.send(from("198.51.100.1", seq)).await.0,
            StatusCode::CREATED
        );
    }
    let before = s.dump().await;
    let (st, _, h) = s.send(from("198.51.100.77", 4)).await;
    assert_eq!(st, StatusCode::TOO_MANY_REQUESTS, "same /24");
    assert_eq!(h["retry-after"], "60");
    assert_eq!(s.dump().await, before);
    assert_eq!(
        s.send(from("198.51.101.1", 4)).await.0,
        StatusCode::CREATED,
        "another /24"
    );
    // The network, not the address, is what gets stored when asked for.
    let stored = s.store.by_consent(receipt(7, 1).consent_id).await.unwrap();
    assert_eq!(
        stored[0].receipt.ip_prefix.as_deref(),
        Some("198.51.100.0/24")
    );
    assert_eq!(
        stored[3].receipt.ip_prefix.as_deref(),
        Some("198.51.101.0/24")
    );
}

#[tokio::test]
async fn cors_for_configured_origins_only() {
    let s = site(RecordsConfig {
        allowed_origins: vec!["https://shop.example.com".into()],
        ..RecordsConfig::default()
    })
    .await;
    let pre = |origin: &str| {
        Request::options(URL)
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("host", "records.example.com")
            .body(Body::empty())
            .unwrap()
    };
    let (st, _, h) = s.send(pre("https://shop.example.com")).await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    assert_eq!(h["access-control-allow-origin"], "https://shop.example.com");
    assert!(h["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .contains("content-type"));
    let (st, _, h) = s.send(pre("https://evil.example")).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    assert!(h.get("access-control-allow-origin").is_none());
    let send = |origin: &str, seq: u32| {
        post()
            .header("origin", origin)
            .header("host", "records.example.com")
            .body(Body::from(receipt(8, seq).to_json()))
            .unwrap()
    };
    let (st, _, h) = s.send(send("https://shop.example.com", 1)).await;
    assert_eq!(st, StatusCode::CREATED);
    assert_eq!(h["access-control-allow-origin"], "https://shop.example.com");
    let before = s.dump().await;
    assert_eq!(
        s.send(send("https://evil.example", 2)).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(s.dump().await, before);
    // The endpoint's own origin needs no listing.
    assert_eq!(
        s.send(send("https://records.example.com", 2)).await.0,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn export_needs_the_admin_token() {
    let s = site(RecordsConfig {
        admin_token: Some("s3cret-token".into()),
        ..RecordsConfig::default()
    })
    .await;
    for i in 1..=3 {
        s.post_text(receipt(i, 1).to_json()).await;
    }
    let get = |auth: Option<&str>, q: &str| {
        let mut b = Request::get(format!("{URL}{q}"));
        if let Some(a) = auth {
            b = b.header("authorization", a);
        }
        b.body(Body::empty()).unwrap()
    };
    for bad in [
        None,
        Some("Bearer s3cret-toke"),
        Some("Bearer s3cret-token2"),
        Some("s3cret-token"),
        Some("Bearer "),
    ] {
        let (st, _, _) = s.send(get(bad, "")).await;
        assert_eq!(st, StatusCode::UNAUTHORIZED, "{bad:?}");
    }
    let res = s
        .app
        .clone()
        .oneshot(get(Some("Bearer s3cret-token"), "?after=1&limit=5"))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let text =
        String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines
            .iter()
            .map(|l| l["n"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        [2, 3]
    );
    assert_eq!(lines[0]["hash"].as_str().unwrap().len(), 64);
    assert_eq!(
        s.send(get(Some("Bearer s3cret-token"), "?since=x")).await.0,
        StatusCode::BAD_REQUEST
    );
    // No token configured: no export at all.
    let off = site(RecordsConfig::default()).await;
    assert_eq!(
        off.send(get(Some("Bearer "), "")).await.0,
        StatusCode::NOT_FOUND
    );
}
