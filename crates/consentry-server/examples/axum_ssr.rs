//! A small axum server behind Consentry: pages arrive with trackers held
//! until the visitor consents, `/.well-known/gpc.json` is served, and the
//! handler can ask `Consent` directly.
//!
//! ```sh
//! cargo run -p consentry-server --example axum_ssr
//! curl -si localhost:3000/ -H 'cf-ipcountry: DE'
//! curl -si localhost:3000/ -H 'cf-ipcountry: US' -H 'cf-region-code: CA' -H 'sec-gpc: 1'
//! ```

use axum::response::Html;
use axum::routing::get;
use axum::Router;
use consentry_core::Policy;
use consentry_server::{Consent, ConsentLayer, RegionHeader, RegionSource};

const POLICY: &str = r#"{
    "revision": 1,
    "googleConsentMode": { "enabled": true, "waitForUpdate": 500 },
    "categories": [
        { "id": "performance", "services": ["google-analytics"] },
        { "id": "functionality", "services": ["intercom"] },
        { "id": "targeting", "services": ["meta-pixel", "youtube"] }
    ]
}"#;

async fn home(consent: Consent) -> Html<String> {
    let video = if consent.allows("youtube") {
        "<p>Enjoy the video.</p>"
    } else {
        "<p>The video needs your consent to targeting cookies.</p>"
    };
    Html(format!(
        r#"<!DOCTYPE html><html><head><title>Consentry demo</title>
<script async src="https://www.googletagmanager.com/gtag/js?id=G-DEMO"></script>
<script src="https://connect.facebook.net/en_US/fbevents.js"></script>
</head><body><h1>Consentry demo</h1>{video}
<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>
<img src="https://www.facebook.com/tr?id=1&amp;ev=PageView" width="1" height="1" alt="">
<script src="https://widget.intercom.io/widget/demo" async></script>
</body></html>"#
    ))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let layer = ConsentLayer::new(Policy::from_json(POLICY)?)
        .region_source(
            RegionSource::new()
                .header(RegionHeader::cloudflare())
                .header(RegionHeader::cloudfront())
                .header(RegionHeader::vercel()),
        )
        .gpc_last_update("2026-01-15")?;
    let app = Router::new().route("/", get(home)).layer(layer);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    println!("listening on http://127.0.0.1:3000");
    axum::serve(listener, app).await?;
    Ok(())
}
