//! Memory stays flat however large the page: a 50 MB page, generated lazily
//! and consumed frame by frame through the whole layer, must not raise the
//! process's peak resident memory by more than a few MB over a 5 MB page.
//! (Its own test binary, so no other test's allocations blur the peak.)

use axum::body::Body;
use axum::routing::get;
use axum::Router;
use bytes::Bytes;
use consentry_core::Policy;
use consentry_server::ConsentLayer;
use http::Request;
use http_body::{Body as HttpBody, Frame, SizeHint};
use http_body_util::BodyExt;
use std::pin::Pin;
use std::task::{Context, Poll};
use tower::ServiceExt;

const NOW: u64 = 1_788_220_800;
const MB: usize = 1024 * 1024;
const CARD: &str = r#"<div class="card"><img src="/i.png" alt="x"><p>text &amp; more</p>
<img width="1" height="1" src="https://www.facebook.com/tr?id=1&amp;ev=PageView">
<iframe src="https://www.youtube.com/embed/abc" title="v"></iframe>
<script src="https://static.hotjar.com/c/hotjar-1.js" async></script></div>
"#;

/// A page of `total` bytes made on demand, 64 KiB per frame.
struct Generated {
    left: usize,
    started: bool,
}

impl HttpBody for Generated {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if self.left == 0 {
            return Poll::Ready(None);
        }
        let mut s = String::with_capacity(64 * 1024 + CARD.len());
        if !self.started {
            self.started = true;
            s.push_str("<!DOCTYPE html><html><head><title>big</title></head><body>");
        }
        while s.len() < 64 * 1024 && s.len() < self.left {
            s.push_str(CARD);
        }
        self.left = self.left.saturating_sub(s.len());
        if self.left == 0 {
            s.push_str("</body></html>");
        }
        Poll::Ready(Some(Ok(Frame::data(Bytes::from(s)))))
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::default()
    }
}

/// Streams a page of `total` bytes through the layer; returns the bytes out
/// and the largest output frame.
async fn stream(total: usize) -> (usize, usize) {
    let policy = Policy::from_json(
        r#"{ "categories": [{ "id": "targeting", "services": ["meta-pixel", "youtube"] }] }"#,
    )
    .unwrap();
    let app = Router::new()
        .route(
            "/",
            get(move || async move {
                (
                    [("content-type", "text/html; charset=utf-8")],
                    Body::new(Generated {
                        left: total,
                        started: false,
                    }),
                )
            }),
        )
        .layer(ConsentLayer::new(policy).clock(|| NOW));
    let req = Request::builder()
        .uri("/")
        .header("host", "www.example.com")
        .body(Body::empty())
        .unwrap();
    let mut body = app.oneshot(req).await.unwrap().into_body();
    let (mut bytes, mut largest) = (0, 0);
    while let Some(f) = body.frame().await {
        if let Ok(data) = f.unwrap().into_data() {
            assert!(
                bytes > 0 || String::from_utf8_lossy(&data).contains("consentry"),
                "the page is rewritten"
            );
            bytes += data.len();
            largest = largest.max(data.len());
        }
    }
    (bytes, largest)
}

/// Peak resident set size (VmHWM) in bytes; `None` off Linux.
fn peak_rss() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[tokio::test(flavor = "current_thread")]
async fn memory_is_flat_from_5_to_50_mb() {
    let (small, small_frame) = stream(5 * MB).await;
    let Some(after_small) = peak_rss() else {
        eprintln!("no /proc/self/status: peak memory not measurable here");
        return;
    };
    let (big, big_frame) = stream(50 * MB).await;
    let after_big = peak_rss().unwrap();
    assert!(
        small >= 5 * MB && big >= 50 * MB,
        "{small} / {big} bytes out"
    );
    assert!(
        small_frame < 256 * 1024 && big_frame < 256 * 1024,
        "frames of {small_frame} / {big_frame} bytes: the body was buffered"
    );
    let growth = after_big.saturating_sub(after_small);
    eprintln!(
        "peak RSS after 5 MB: {:.1} MB, after 50 MB: {:.1} MB (+{:.2} MB)",
        after_small as f64 / MB as f64,
        after_big as f64 / MB as f64,
        growth as f64 / MB as f64
    );
    assert!(
        growth < 4 * MB,
        "peak memory grew by {growth} bytes from a 5 MB to a 50 MB page"
    );
}
