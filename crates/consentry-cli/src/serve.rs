//! `consentry serve`: the sidecar. Behind the site's reverse proxy it
//! answers the records endpoint, `/.well-known/gpc.json` and the drop-in
//! files (`/consentry.js`, `/consentry-engine.js`, `/consentry_bg.wasm`,
//! `/consentry-dialog.json`, `/consentry.mjs`), logging one line per request (never the query).

use crate::error::{runtime, Error};
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use consentry_server::gpc;
use consentry_server::records::{
    self, ClientIp, RateLimit, RecordStore, RecordsConfig, DEFAULT_RETENTION_DAYS,
};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The drop-in files served from `--dist`.
const DROP_IN: [(&str, &str); 6] = [
    ("consentry.js", "text/javascript"),
    ("consentry-engine.js", "text/javascript"),
    ("consentry.mjs", "text/javascript"),
    ("consentry_bg.wasm", "application/wasm"),
    ("consentry-dialog.json", "application/json"),
    ("integrity.json", "application/json"),
];

/// Serve the records endpoint, the GPC resource and the drop-in.
#[derive(clap::Args)]
#[command(
    after_help = "Route these paths of your site to the sidecar in the reverse proxy:
  /consentry/records (--records-path), /.well-known/gpc.json,
  /consentry.js, /consentry-engine.js, /consentry_bg.wasm, /consentry-dialog.json,
  /consentry.mjs
Liveness: GET /consentry/health answers 200 once the database is open."
)]
pub struct Args {
    /// The site's policy file (JSON), validated at start.
    #[arg(long)]
    policy: PathBuf,
    /// The record database: `sqlite:PATH` (created if missing) or `postgres://user@host:port/db`.
    #[arg(long, env = "CONSENTRY_DB")]
    db: String,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Directory of the built drop-in (`cargo xtask dist`, or the npm package's `dist/`).
    #[arg(long, default_value = "pkg/dist")]
    dist: PathBuf,
    /// URL path of the records endpoint (the policy's `records.url`).
    #[arg(long, default_value = "/consentry/records")]
    records_path: String,
    /// Another origin allowed to post and read records (CORS); repeat for several.
    #[arg(long = "allow-origin")]
    allow_origins: Vec<String>,
    /// Token of the export endpoint (`Authorization: Bearer …`); export is off without it.
    #[arg(long, env = "CONSENTRY_ADMIN_TOKEN", hide_env_values = true)]
    admin_token: Option<String>,
    /// Take the client's address from the last `X-Forwarded-For` entry (only behind a proxy that sets it).
    #[arg(long)]
    trust_forwarded_for: bool,
    /// Store each visitor's /24 (IPv4) or /48 (IPv6) network in the record.
    #[arg(long)]
    store_ip_prefix: bool,
    /// Store each visitor's User-Agent in the record.
    #[arg(long)]
    store_user_agent: bool,
    /// Records a client network may post per minute.
    #[arg(long, default_value_t = RateLimit::default().per_minute)]
    rate_per_minute: u32,
    /// Records a client network may post at once.
    #[arg(long, default_value_t = RateLimit::default().burst)]
    rate_burst: u32,
    /// `lastUpdate` of /.well-known/gpc.json (YYYY-MM-DD).
    #[arg(long)]
    gpc_last_update: Option<String>,
    /// Purge records older than this many days at start and daily (0: never purge).
    #[arg(long, default_value_t = DEFAULT_RETENTION_DAYS)]
    retention_days: u32,
}

fn log_line(method: &str, path: &str, status: u16, started: Instant) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    eprintln!(
        "{}.{:03} {method} {path} {status} {:.1}ms",
        now.as_secs(),
        now.subsec_millis(),
        started.elapsed().as_secs_f64() * 1000.0
    );
}

async fn access_log(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let (method, path) = (req.method().to_string(), req.uri().path().to_string());
    let res = next.run(req).await;
    log_line(&method, &path, res.status().as_u16(), started);
    res
}

fn drop_in(dist: &std::path::Path) -> Vec<(&'static str, &'static str, Vec<u8>)> {
    let mut files = Vec::new();
    for (name, kind) in DROP_IN {
        match std::fs::read(dist.join(name)) {
            Ok(bytes) => files.push((name, kind, bytes)),
            Err(e) => eprintln!(
                "consentry: warning: {}: {e} (build the drop-in with `cargo xtask dist`)",
                dist.join(name).display()
            ),
        }
    }
    files
}

pub fn app(
    store: Arc<dyn RecordStore>,
    config: RecordsConfig,
    gpc_json: String,
    dist: &std::path::Path,
) -> Router {
    let mut app = records::router(store, config)
        .route(
            gpc::PATH,
            get(move || {
                let body = gpc_json.clone();
                async move { gpc::response(&body).map(Body::from) }
            }),
        )
        .route("/consentry/health", get(|| async { "ok\n" }));
    for (name, kind, bytes) in drop_in(dist) {
        let bytes = axum::body::Bytes::from(bytes);
        app = app.route(
            &format!("/{name}"),
            get(move || {
                let bytes = bytes.clone();
                async move {
                    let mut r = bytes.into_response();
                    r.headers_mut()
                        .insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
                    r.headers_mut().insert(
                        header::CACHE_CONTROL,
                        HeaderValue::from_static("public, max-age=300"),
                    );
                    r
                }
            }),
        );
    }
    app.fallback(|| async { (StatusCode::NOT_FOUND, "not found\n") })
        .layer(middleware::from_fn(access_log))
}

pub fn run(a: Args) -> Result<(), Error> {
    let policy = crate::policy::load(&a.policy)?;
    let gpc_json =
        gpc::json(a.gpc_last_update.as_deref()).map_err(|e| Error::Input(e.to_string()))?;
    if !a.records_path.starts_with('/') {
        return Err(Error::Input(format!(
            "--records-path must start with `/`: `{}`",
            a.records_path
        )));
    }
    let config = RecordsConfig {
        path: a.records_path.clone(),
        allowed_origins: a.allow_origins.clone(),
        admin_token: a.admin_token.clone().filter(|t| !t.is_empty()),
        rate: RateLimit {
            per_minute: a.rate_per_minute,
            burst: a.rate_burst,
        },
        client_ip: if a.trust_forwarded_for {
            ClientIp::Header("x-forwarded-for".into())
        } else {
            ClientIp::Peer
        },
        store_ip_prefix: a.store_ip_prefix,
        store_user_agent: a.store_user_agent,
    };
    runtime()?.block_on(async move {
        let store = records::open(&a.db).await?;
        if a.retention_days > 0 {
            let (store, days) = (store.clone(), a.retention_days);
            tokio::spawn(async move {
                loop {
                    let now = std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map_or(0, |d| d.as_millis() as u64);
                    match store
                        .purge(now.saturating_sub(u64::from(days) * 86_400_000))
                        .await
                    {
                        Ok(0) => {}
                        Ok(n) => {
                            eprintln!("consentry: purged {n} record(s) older than {days} days")
                        }
                        Err(e) => eprintln!("consentry: purge failed: {e}"),
                    }
                    tokio::time::sleep(Duration::from_secs(86_400)).await;
                }
            });
        }
        let app = app(store, config, gpc_json, &a.dist);
        let listener = tokio::net::TcpListener::bind(a.listen)
            .await
            .map_err(|e| Error::Serve(format!("cannot listen on {}: {e}", a.listen)))?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::Serve(e.to_string()))?;
        eprintln!(
            "consentry: serving on http://{addr} (records at {}, policy revision {}, hash {})",
            a.records_path,
            policy.revision(),
            policy.canonical_hash()
        );
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown())
        .await
        .map_err(|e| Error::Serve(e.to_string()))
    })
}

async fn shutdown() {
    let term = async {
        #[cfg(unix)]
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
            return;
        }
        std::future::pending::<()>().await
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = term => {}
    }
    eprintln!("consentry: shutting down");
}
