//! The Consentry demo: `www/` (a small site for "Salesinteract") behind the
//! [`ConsentLayer`], and fake trackers — analytics, an ad pixel, a video
//! embed, a chat widget — answering on `*.localhost` names of the same server.
//!
//! ```sh
//! cargo xtask demo                                  # builds the drop-in, then runs this
//! cargo run -p consentry-server --features records --example demo  # pkg/dist/ built
//! ```
//!
//! It listens on `127.0.0.1` and prints the address to open,
//! `http://localhost:PORT/`: the site is served on `localhost` (its cookies,
//! `consentry` and the trackers' `_demo_ga`, live there) and the trackers on
//! `analytics.localhost`, `ads.localhost`, `video.localhost` and
//! `chat.localhost`, which Chromium, Firefox and curl resolve to loopback
//! without any DNS. Requests by IP are redirected to `localhost`. Every request
//! is logged on stdout (`[tracker] GET analytics.localhost/pulse.js → 200
//! (script)`), so a tracker that was reached shows up here.
//!
//! One policy, `www/policy.json`: the layer decides with it, and it is
//! injected into each page's `<script type="application/json"
//! id="consentry-config">` for the drop-in. Pages are `www/*.html`, read on
//! each request, with `{{footer}}` (`www/partials/footer.html`), `{{policy}}`,
//! `{{port}}` and `{{nonce}}` filled in; they
//! are served with a Content Security Policy without `'unsafe-inline'` (the
//! layer puts the nonce on what it injects; the tagged inline script carries it).
//!
//! Environment: `PORT` (default 8080; `0`: any free port), `REGION` (e.g.
//! `US-CA`: every visitor's region; default none, i.e. the policy's default
//! regime, opt-in), `CONSENTRY_WWW` and `CONSENTRY_DIST` (the site and the
//! drop-in build; default `www/` and `pkg/dist/` of this repository).

mod support;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use consentry_core::{Policy, Region};
use consentry_server::records::{self, RecordsConfig};
use consentry_server::{ConsentLayer, RegionSource};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower::ServiceExt;

/// The fake trackers: `<name>.localhost`, files in `www/trackers/<name>/`.
const TRACKERS: [&str; 4] = ["analytics", "ads", "video", "chat"];

/// A transparent 1×1 GIF, the ad pixel.
const GIF: &[u8] = &[
    0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x21,
    0xf9, 4, 1, 0, 0, 0, 0, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0, 0x3b,
];

/// What the handlers read.
struct Site {
    www: PathBuf,
    dist: PathBuf,
    /// www/policy.json, safe inside `<script>`.
    policy_json: String,
    port: u16,
}

struct Demo {
    site: Arc<Site>,
    /// The site's routes, behind the consent layer.
    router: Router,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let www = support::dir_from_env("CONSENTRY_WWW", "../../www");
    let dist = support::dir_from_env("CONSENTRY_DIST", "../../pkg/dist");
    let policy_path = www.join("policy.json");
    let text = std::fs::read_to_string(&policy_path)
        .map_err(|e| format!("{}: {e}", policy_path.display()))?;
    let policy = Policy::from_json(&text).map_err(|e| format!("{}: {e}", policy_path.display()))?;
    if !dist.join("consentry.js").is_file() {
        eprintln!(
            "warning: {} is missing: build the drop-in with `cargo xtask dist` (`cargo xtask demo` does it)",
            dist.join("consentry.js").display()
        );
    }
    let region = match std::env::var("REGION") {
        Ok(r) => {
            Some(Region::parse(&r).ok_or(format!("REGION={r}: not a region like DE or US-CA"))?)
        }
        Err(_) => None,
    };
    let layer = ConsentLayer::new(policy)
        .region_source(RegionSource::new().fallback(region))
        .gpc_last_update("2026-01-15")?;

    let port: u16 = std::env::var("PORT").map_or(Ok(8080), |p| p.parse())?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    let port = listener.local_addr()?.port();

    // '<' only occurs inside JSON strings, where \u003c means the same: the
    // policy cannot close the <script> element it is injected into.
    let policy_json = text.trim().replace('<', "\\u003c");
    let site = Arc::new(Site {
        www,
        dist,
        policy_json,
        port,
    });
    // Every choice's receipt, in SQLite (`CONSENTRY_DB`, default a file in
    // the temp directory); the policy's `records.url` is this path.
    let db = std::env::var("CONSENTRY_DB").unwrap_or_else(|_| {
        let file = std::env::temp_dir().join("consentry-demo-records.db");
        format!("sqlite:{}", file.display())
    });
    let store = records::open(&db).await?;
    let router = Router::new()
        .fallback(page)
        .with_state(site.clone())
        .merge(records::router(store, RecordsConfig::default()))
        .layer(layer);
    let demo = Arc::new(Demo { site, router });
    let app = Router::new().fallback(dispatch).with_state(demo);

    println!("listening on http://127.0.0.1:{port}");
    println!("consent records: {db} (POST/GET /consentry/records)");
    println!(
        "open http://localhost:{port}/ — the fake trackers answer on analytics.localhost, ads.localhost, \
         video.localhost and chat.localhost (same port); every request is logged below"
    );
    axum::serve(listener, app).await?;
    Ok(())
}

/// Routes by `Host`: the site, a fake tracker, or a redirect to `localhost`.
async fn dispatch(State(demo): State<Arc<Demo>>, req: Request) -> Response {
    let authority = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let host = match authority.rsplit_once(':') {
        Some((h, p)) if !h.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => h.to_string(),
        _ => authority.clone(),
    };
    let (method, target) = (req.method().clone(), req.uri().to_string());
    let dest = req
        .headers()
        .get("sec-fetch-dest")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_string();
    let (tag, resp) = if host == "localhost" {
        let resp = demo.router.clone().oneshot(req).await.into_response();
        ("[site]   ", resp)
    } else if let Some(name) = host
        .strip_suffix(".localhost")
        .filter(|n| TRACKERS.contains(n))
    {
        (
            "[tracker]",
            tracker(&demo.site, name, &method, req.uri().path()),
        )
    } else if host == "127.0.0.1" || host == "[::1]" || host.is_empty() {
        // The site lives on `localhost`, so its cookies and the trackers'
        // `*.localhost` names line up.
        let to = format!("http://localhost:{}{target}", demo.site.port);
        let resp = (
            StatusCode::TEMPORARY_REDIRECT,
            [(header::LOCATION, to.clone())],
            format!("The demo site is at {to}\n"),
        )
            .into_response();
        ("[site]   ", resp)
    } else {
        let resp = (
            StatusCode::MISDIRECTED_REQUEST,
            format!("unknown host {host}: the demo serves localhost and {{analytics,ads,video,chat}}.localhost\n"),
        )
            .into_response();
        ("[other]  ", resp)
    };
    let shown = if tag == "[tracker]" {
        format!("{host}{target}")
    } else {
        target
    };
    println!(
        "{tag} {method} {shown} → {} ({dest})",
        resp.status().as_u16()
    );
    resp
}

/// The site: pages (`/pricing` is `www/pricing.html`), their assets, and the
/// drop-in from `pkg/dist/`.
async fn page(State(demo): State<Arc<Site>>, method: Method, req: Request) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let path = req.uri().path();
    if let Some(file) = path
        .strip_prefix('/')
        .filter(|f| support::DROP_IN_FILES.contains(f))
    {
        return support::drop_in(&demo.dist, file);
    }
    let Some(mut rel) = safe_relative(path) else {
        return not_found(path);
    };
    if rel.is_empty() || rel.ends_with('/') {
        rel.push_str("index.html");
    } else if !rel.rsplit('/').next().unwrap_or("").contains('.') {
        rel.push_str(".html");
    }
    if rel.starts_with("trackers/") || rel.starts_with("partials/") {
        return not_found(path);
    }
    let Ok(bytes) = std::fs::read(demo.www.join(&rel)) else {
        return not_found(path);
    };
    if !rel.ends_with(".html") {
        return file_response(&rel, bytes);
    }
    let nonce = nonce();
    // The footer first: it holds placeholders of its own.
    let footer = std::fs::read_to_string(demo.www.join("partials/footer.html")).unwrap_or_default();
    let page = String::from_utf8_lossy(&bytes)
        .replace("{{footer}}", &footer)
        .replace("{{policy}}", &demo.policy_json)
        .replace("{{port}}", &demo.port.to_string())
        .replace("{{nonce}}", &nonce);
    let p = demo.port;
    let csp = format!(
        "default-src 'self'; \
         script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval' http://analytics.localhost:{p} http://chat.localhost:{p}; \
         style-src 'self' http://chat.localhost:{p}; \
         img-src 'self' data: http://ads.localhost:{p}; \
         frame-src http://video.localhost:{p}; \
         connect-src 'self' http://analytics.localhost:{p}; \
         object-src 'none'; base-uri 'none'; form-action 'self'"
    );
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8".to_string()),
            (header::CACHE_CONTROL, "no-cache".to_string()),
            (header::CONTENT_SECURITY_POLICY, csp),
        ],
        page,
    )
        .into_response()
}

/// A fake tracker: its files from `www/trackers/<name>/`, `/collect` (beacons)
/// and `*.gif` (pixels); CORS-open and never cached, so every hit is a request.
fn tracker(demo: &Site, name: &str, method: &Method, path: &str) -> Response {
    let mut resp = if method == Method::OPTIONS {
        (
            StatusCode::NO_CONTENT,
            [
                (header::ACCESS_CONTROL_ALLOW_METHODS, "GET, POST"),
                (header::ACCESS_CONTROL_ALLOW_HEADERS, "*"),
            ],
        )
            .into_response()
    } else if path == "/collect" {
        StatusCode::NO_CONTENT.into_response()
    } else if path.ends_with(".gif") {
        ([(header::CONTENT_TYPE, "image/gif")], GIF).into_response()
    } else {
        let rel = if name == "video" && path.starts_with("/embed/") {
            Some("embed.html".to_string())
        } else {
            safe_relative(path)
        };
        match rel.and_then(|r| {
            let bytes = std::fs::read(demo.www.join("trackers").join(name).join(&r)).ok()?;
            Some(file_response(&r, bytes))
        }) {
            Some(r) => r,
            None => not_found(path),
        }
    };
    let h = resp.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    h.insert("timing-allow-origin", HeaderValue::from_static("*"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// `path` without its leading `/`, when every segment is a plain name (no
/// `..`, no hidden files, no escapes).
fn safe_relative(path: &str) -> Option<String> {
    let rel = path.strip_prefix('/')?;
    let ok = rel.split('/').enumerate().all(|(i, seg)| {
        (seg.is_empty() && (i == 0 || rel.ends_with('/')))
            || (!seg.starts_with('.')
                && seg
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)))
    });
    (ok && !rel.contains("//")).then(|| rel.to_string())
}

fn file_response(name: &str, bytes: Vec<u8>) -> Response {
    let ext = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("");
    let kind = match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "gif" => "image/gif",
        "png" => "image/png",
        _ => "application/octet-stream",
    };
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        Body::from(bytes),
    )
        .into_response()
}

fn not_found(what: &str) -> Response {
    (StatusCode::NOT_FOUND, format!("not found: {what}\n")).into_response()
}

/// A CSP nonce: 128 bits from two randomly keyed SipHash states (std only; a
/// production server would take them from the OS's CSPRNG, e.g. `getrandom`).
fn nonce() -> String {
    use std::hash::{BuildHasher, Hasher};
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let part = |salt: u8| {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(now);
        h.write_u8(salt);
        h.finish()
    };
    format!("{:016x}{:016x}", part(1), part(2))
}
