//! The seed sites (`examples/seed-sites/<name>/`) behind the [`ConsentLayer`],
//! each with its own `policy.json`: `/<name>/` serves that site's
//! `index.html`, whose untagged third-party tags the layer rewrites inert for a
//! visitor who has not consented, so not even the browser's preload scanner
//! fetches them. The drop-in (`/consentry.js`, first in each page's `<head>`)
//! releases them in place when the visitor consents.
//!
//! ```sh
//! cargo xtask dist
//! cargo run -p consentry-server --example seed_sites
//! curl -s localhost:8090/salesinteract/ -H 'cf-ipcountry: DE'
//! ```
//!
//! Environment: `PORT` (default 8090; `0`: any free port, named on the line
//! printed at start), `CONSENTRY_DIST` (the drop-in build, default `pkg/dist/`)
//! and `SEED_SITES` (default `examples/seed-sites/`). The visitor's region comes
//! from Cloudflare's `cf-ipcountry` / `cf-region-code` headers; without them the
//! policy's default regime applies. The sites share one origin, so they share
//! the `consentry` cookie: use one browser profile per site.

mod support;

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Router;
use consentry_core::Policy;
use consentry_server::{ConsentLayer, RegionHeader, RegionSource};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use tower::ServiceExt;

struct Sites {
    dist: PathBuf,
    /// Site name → its routes behind its own consent layer.
    sites: BTreeMap<String, Router>,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = support::dir_from_env("SEED_SITES", "../../examples/seed-sites");
    let dist = support::dir_from_env("CONSENTRY_DIST", "../../pkg/dist");
    let mut sites = BTreeMap::new();
    for entry in std::fs::read_dir(&root).map_err(|e| format!("{}: {e}", root.display()))? {
        let dir = entry?.path();
        let policy_path = dir.join("policy.json");
        if !policy_path.is_file() {
            continue;
        }
        let name = dir
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| format!("{}: not a UTF-8 name", dir.display()))?
            .to_string();
        let text = std::fs::read_to_string(&policy_path)
            .map_err(|e| format!("{}: {e}", policy_path.display()))?;
        // An invalid policy stops the server: a seed site must not run open.
        let policy =
            Policy::from_json(&text).map_err(|e| format!("{}: {e}", policy_path.display()))?;
        let layer = ConsentLayer::new(policy)
            .region_source(RegionSource::new().header(RegionHeader::cloudflare()))
            .gpc_last_update("2026-01-15")?;
        let page = dir.join("index.html");
        let router = Router::new()
            .fallback(move |req: Request| site_page(page.clone(), req))
            .layer(layer);
        sites.insert(name, router);
    }
    if sites.is_empty() {
        return Err(format!("{}: no <name>/policy.json found", root.display()).into());
    }
    let app = Router::new()
        .fallback(dispatch)
        .with_state(Arc::new(Sites { dist, sites }));
    let port: u16 = std::env::var("PORT").map_or(Ok(8090), |p| p.parse())?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}

/// `/consentry.js` (and the ES module build), `/` (the list of sites), or
/// `/<name>/…` handed to that site's router.
async fn dispatch(State(s): State<Arc<Sites>>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    if support::DROP_IN_FILES.contains(&first) {
        return support::drop_in(&s.dist, first);
    }
    if path == "/favicon.ico" {
        return StatusCode::NO_CONTENT.into_response(); // no console noise
    }
    if path == "/" {
        let links: String = s
            .sites
            .keys()
            .map(|n| format!(r#"<li><a href="/{n}/">{n}</a></li>"#))
            .collect();
        return Html(format!(
            "<!doctype html><title>Consentry seed sites</title><ul>{links}</ul>"
        ))
        .into_response();
    }
    match s.sites.get(first) {
        Some(_) if path == format!("/{first}") => (
            StatusCode::MOVED_PERMANENTLY,
            [(header::LOCATION, format!("/{first}/"))],
        )
            .into_response(),
        Some(router) => router.clone().oneshot(req).await.into_response(),
        None => (StatusCode::NOT_FOUND, "no such seed site\n").into_response(),
    }
}

/// The site's `index.html` at `/<name>/`, read on each request; nothing else.
async fn site_page(page: PathBuf, req: Request) -> Response {
    if !req.uri().path().ends_with('/') || req.uri().path().matches('/').count() != 2 {
        return (StatusCode::NOT_FOUND, "not found\n").into_response();
    }
    match std::fs::read_to_string(&page) {
        Ok(html) => ([(header::CACHE_CONTROL, "no-cache")], Html(html)).into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("{}: {e}\n", page.display()),
        )
            .into_response(),
    }
}
