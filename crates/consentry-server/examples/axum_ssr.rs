//! A small axum server behind Consentry: pages arrive with trackers held
//! until the visitor consents, `/.well-known/gpc.json` is served, and the
//! handler can ask `Consent` directly.
//!
//! The page also carries the drop-in (`pkg/dist/consentry.js`, built by
//! `cargo xtask dist`) first in `<head>`, with the same policy: when the
//! visitor accepts in the browser, the tags the server held are released
//! in place, without a reload.
//!
//! ```sh
//! cargo run -p consentry-server --example axum_ssr
//! curl -si localhost:3000/ -H 'cf-ipcountry: DE'
//! curl -si localhost:3000/ -H 'cf-ipcountry: US' -H 'cf-region-code: CA' -H 'sec-gpc: 1'
//! curl -si localhost:3000/theme -H 'cf-ipcountry: DE'   # a <style> importing web fonts
//! ```
//!
//! `PORT` sets the port (`PORT=0`: any free one; the line printed at start
//! names it), `CONSENTRY_DIST` the directory the drop-in is served from,
//! `CONSENTRY_LAYER=off` leaves the layer out (the drop-in alone, for
//! comparison: `node tests/browser/bench-handover.mjs`).

mod support;

use axum::response::{Html, Response};
use axum::routing::get;
use axum::Router;
use consentry_core::Policy;
use consentry_server::{Consent, ConsentLayer, RegionHeader, RegionSource};

/// One policy for both sides: the layer decides with it, the drop-in reads it
/// from the page.
const POLICY: &str = r#"{
    "revision": 1,
    "googleConsentMode": { "enabled": true, "waitForUpdate": 500 },
    "categories": [
        { "id": "performance", "services": ["google-analytics"] },
        { "id": "functionality", "services": ["intercom", "google-fonts"] },
        { "id": "targeting", "services": ["meta-pixel", "youtube"] }
    ]
}"#;

async fn home(consent: Consent) -> Html<String> {
    page(if consent.allows("youtube") {
        "<p>Enjoy the video.</p>"
    } else {
        NO_VIDEO
    })
}

const NO_VIDEO: &str = "<p>The video needs your consent to targeting cookies.</p>";

/// The page, with its trackers written as most sites write them: untagged,
/// in static markup, a preconnect and a preload ahead of the scripts they
/// serve. The preload scanner would fetch them before any script on the page
/// runs; the layer rewrites them for this visitor as the HTML streams out.
fn page(video: &str) -> Html<String> {
    // The drop-in and its config come first in <head>: it must see every
    // tag after it.
    Html(format!(
        r#"<!DOCTYPE html><html><head>
<script type="application/json" id="consentry-config">{POLICY}</script>
<script src="/consentry.js"></script>
<title>Consentry demo</title>
<link rel="preconnect" href="https://www.google-analytics.com">
<link rel="preload" as="script" href="https://connect.facebook.net/en_US/fbevents.js">
<script async src="https://www.googletagmanager.com/gtag/js?id=G-DEMO"></script>
<script src="https://www.google-analytics.com/analytics.js"></script>
</head><body><h1>Consentry demo</h1>{video}
<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ" title="YouTube video"></iframe>
<img src="https://www.facebook.com/tr?id=1&amp;ev=PageView" width="1" height="1" alt="">
<script src="https://connect.facebook.net/en_US/fbevents.js"></script>
<script src="https://widget.intercom.io/widget/demo" async></script>
<p><button type="button" data-consentry="open-preferences">Privacy settings</button></p>
</body></html>"#
    ))
}

/// A page whose theme imports web fonts from Google in a `<style>`, as many
/// themes do, with Meta's pixel fallback for browsers without JavaScript in
/// a `<noscript>` (the layer rewrites its markup too): the sheet loads them as the parser reads it, before any
/// script. The layer makes those URLs inert and keeps the site's own rules;
/// the drop-in puts the sheet back as written once the visitor allows it.
async fn theme() -> Html<String> {
    Html(format!(
        r#"<!DOCTYPE html><html><head>
<script type="application/json" id="consentry-config">{POLICY}</script>
<script src="/consentry.js"></script>
<title>Consentry demo: a theme</title>
<style>@import url(https://fonts.googleapis.com/css2?family=Inter&display=swap);
@font-face{{font-family:Brand;src:url("https://fonts.gstatic.com/s/brand/v1/brand.woff2") format("woff2")}}
h1{{color:rgb(1, 2, 3);font-family:Brand,serif}}</style>
</head><body><h1 id="brand">A theme with web fonts</h1><h2 id="imported">Imported styles</h2>
<p><button type="button" data-consentry="open-preferences">Privacy settings</button></p>
<noscript><img src="https://www.facebook.com/tr?id=1&amp;ev=PageView&amp;noscript=1" width="1" height="1" alt=""></noscript>
</body></html>"#
    ))
}

/// Serves a file of the drop-in build (`consentry.js` and the engine it loads,
/// `consentry-engine.js`, `consentry_bg.wasm` and `consentry-dialog.json`,
/// or the ES module).
async fn drop_in(file: &'static str) -> Response {
    support::drop_in(
        &support::dir_from_env("CONSENTRY_DIST", "../../pkg/dist"),
        file,
    )
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
    let files = Router::new()
        .route("/consentry.js", get(|| drop_in("consentry.js")))
        .route(
            "/consentry-engine.js",
            get(|| drop_in("consentry-engine.js")),
        )
        .route("/consentry.mjs", get(|| drop_in("consentry.mjs")))
        .route("/consentry_bg.wasm", get(|| drop_in("consentry_bg.wasm")))
        .route(
            "/consentry-dialog.json",
            get(|| drop_in("consentry-dialog.json")),
        );
    // CONSENTRY_LAYER=off serves the same page without the layer: the drop-in
    // alone, to compare what reaches the trackers before any consent
    // (tests/browser/bench-handover.mjs). Never a production setting.
    let app = if std::env::var("CONSENTRY_LAYER").is_ok_and(|v| v == "off") {
        files
            .route("/", get(|| async { page(NO_VIDEO) }))
            .route("/theme", get(theme))
    } else {
        files
            .route("/", get(home))
            .route("/theme", get(theme))
            .layer(layer)
    };
    let port: u16 = std::env::var("PORT").map_or(Ok(3000), |p| p.parse())?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}
