//! The layer on a chunked (streamed) body: the output equals rewriting the
//! whole page at once whatever the chunk boundaries, and it streams — every
//! output frame stays small however large the page grows.

use axum::body::Body;
use axum::routing::get;
use axum::Router;
use bytes::Bytes;
use consentry_core::Policy;
use consentry_server::{rewrite_page, Consent, ConsentLayer, PageContext, PageForm, RegionSource};

/// The visitor's anti-forgery token: the banner's form carries it.
const TOKEN: &str = "0123456789abcdef0123456789abcdef";
use http::{HeaderMap, Request};
use http_body::{Body as HttpBody, Frame, SizeHint};
use http_body_util::BodyExt;
use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tower::ServiceExt;

const NOW: u64 = 1_788_220_800;

/// A body that yields the given chunks one frame each, like a chunked response.
struct Chunked(VecDeque<Bytes>);

impl HttpBody for Chunked {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        Poll::Ready(self.0.pop_front().map(|b| Ok(Frame::data(b))))
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::default()
    }
}

fn policy() -> Arc<Policy> {
    Arc::new(
        Policy::from_json(
            r#"{ "categories": [{ "id": "targeting", "services": ["meta-pixel", "youtube"] }] }"#,
        )
        .unwrap(),
    )
}

const HEAD: &str = r#"<!DOCTYPE html><html><head><title>t</title>
<script async src="https://connect.facebook.net/en_US/fbevents.js"></script></head><body>"#;
const CARD: &str = r#"<div class="card"><img src="/i.png" alt="x"><p>text &amp; more</p>
<img width="1" height="1" src="https://www.facebook.com/tr?id=1&amp;ev=PageView">
<iframe src="https://www.youtube.com/embed/abc" title="v"></iframe></div>
"#;

fn page(cards: usize) -> String {
    let mut s = String::from(HEAD);
    for _ in 0..cards {
        s.push_str(CARD);
    }
    s.push_str("</body></html>");
    s
}

/// Splits `s` into chunks of 1..=max bytes (seeded, reproducible), cutting
/// through tags, attributes and character references.
fn chunks(s: &str, max: usize, mut seed: u64) -> VecDeque<Bytes> {
    let mut out = VecDeque::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let n = 1 + (seed >> 33) as usize % max;
        let end = (i + n).min(b.len());
        out.push_back(Bytes::copy_from_slice(&b[i..end]));
        i = end;
    }
    out
}

fn app(body: VecDeque<Bytes>) -> Router {
    let body = Arc::new(std::sync::Mutex::new(Some(body)));
    let handler = move || {
        let chunks = body.lock().unwrap().take().unwrap_or_default();
        async move {
            (
                [("content-type", "text/html; charset=utf-8")],
                Body::new(Chunked(chunks)),
            )
        }
    };
    Router::new()
        .route("/", get(handler))
        .layer(ConsentLayer::new(policy()).clock(|| NOW))
}

async fn frames(app: Router) -> Vec<Bytes> {
    let req = Request::builder()
        .uri("/")
        .header("host", "www.example.com")
        .header("cookie", format!("consentry-token={TOKEN}"))
        .body(Body::empty())
        .unwrap();
    let mut body = app.oneshot(req).await.unwrap().into_body();
    let mut out = Vec::new();
    while let Some(f) = body.frame().await {
        if let Ok(data) = f.unwrap().into_data() {
            out.push(data);
        }
    }
    out
}

#[tokio::test]
async fn chunk_boundaries_never_change_the_output() {
    let html = page(20);
    let consent = Consent::from_headers(&policy(), &HeaderMap::new(), &RegionSource::new(), NOW);
    let mut page = PageContext::default().with_banner(None);
    page.form = Some(PageForm {
        action: "/consentry/choice".into(),
        back: "/".into(),
        token: Some(TOKEN.into()),
    });
    let want = rewrite_page(&consent, &page, html.as_bytes()).unwrap();
    let want = String::from_utf8(want).unwrap();
    assert!(want.contains(r#"data-consentry-src="https://www.youtube.com/embed/abc""#));
    assert!(want.contains(r#"data-consentry="banner""#));
    assert!(want.contains(&format!(r#"name="token" value="{TOKEN}">"#)));
    for (seed, max) in [(1, 1), (2, 3), (3, 17), (4, 256), (5, 4096)] {
        let got: Vec<u8> = frames(app(chunks(&html, max, seed))).await.concat();
        assert_eq!(
            String::from_utf8(got).unwrap(),
            want,
            "seed {seed}, chunks ≤ {max} bytes"
        );
    }
}

#[tokio::test]
async fn a_large_page_streams_in_small_frames() {
    // ~8 MB in 16 KiB chunks: if the layer buffered the page, one frame would
    // hold it all.
    let html = page(8 * 1024 * 1024 / CARD.len());
    let input: VecDeque<Bytes> = html
        .as_bytes()
        .chunks(16 * 1024)
        .map(Bytes::copy_from_slice)
        .collect();
    let out = frames(app(input)).await;
    let largest = out.iter().map(Bytes::len).max().unwrap_or(0);
    let total: usize = out.iter().map(Bytes::len).sum();
    assert!(total > html.len(), "held markup only adds attributes");
    assert!(out.len() > 400, "{} frames", out.len());
    assert!(largest < 64 * 1024, "largest frame {largest} bytes");
}
