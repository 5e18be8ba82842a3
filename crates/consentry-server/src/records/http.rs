//! The records endpoint: `POST` a receipt, `GET` one consent id's receipts,
//! and the admin export, as an axum [`Router`].

use super::limit::{Limiter, Prefix, RateLimit};
use super::store::{Appended, RecordStore};
use crate::error::Error;
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::header::{
    HeaderMap, HeaderValue, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_MAX_AGE, AUTHORIZATION, CACHE_CONTROL,
    CONTENT_LENGTH, CONTENT_TYPE, HOST, ORIGIN, RETRY_AFTER, USER_AGENT, VARY,
};
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use consentry_core::receipt::{Receipt, Source, MAX_BYTES};
use consentry_core::ConsentId;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// Where the client's address comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientIp {
    /// The TCP peer (serve with `into_make_service_with_connect_info::<SocketAddr>()`).
    Peer,
    /// The right-most address of this header (`x-forwarded-for`), which the
    /// reverse proxy in front appends; only for a server reachable through it alone.
    Header(String),
}

/// The endpoint's settings.
#[derive(Debug, Clone)]
pub struct RecordsConfig {
    /// The records URL path (the policy's `records.url`). Default `/consentry/records`.
    pub path: String,
    /// Origins (`https://www.example.com`) other than the endpoint's own
    /// allowed to post and read, answered with CORS headers.
    pub allowed_origins: Vec<String>,
    /// Bearer token of the export; `None` turns the export off.
    pub admin_token: Option<String>,
    /// Requests per client network.
    pub rate: RateLimit,
    /// Where the client's address comes from.
    pub client_ip: ClientIp,
    /// Store the client's /24 or /48 network in each receipt. Default off.
    pub store_ip_prefix: bool,
    /// Store the User-Agent in each receipt. Default off.
    pub store_user_agent: bool,
}

impl Default for RecordsConfig {
    fn default() -> Self {
        RecordsConfig {
            path: "/consentry/records".into(),
            allowed_origins: Vec::new(),
            admin_token: None,
            rate: RateLimit::default(),
            client_ip: ClientIp::Peer,
            store_ip_prefix: false,
            store_user_agent: false,
        }
    }
}

struct Shared {
    store: Arc<dyn RecordStore>,
    config: RecordsConfig,
    limiter: Limiter,
}

type St = State<Arc<Shared>>;

/// The endpoint's routes: `POST path`, `GET path/{consentId}`, `GET path?since=…` (export).
pub fn router(store: Arc<dyn RecordStore>, config: RecordsConfig) -> Router {
    let path = config.path.trim_end_matches('/').to_string();
    let shared = Arc::new(Shared {
        store,
        limiter: Limiter::new(config.rate),
        config,
    });
    Router::new()
        .route(&path, get(export).post(post).options(preflight))
        .route(&format!("{path}/{{id}}"), get(receipts).options(preflight))
        .with_state(shared)
}

fn answer(status: StatusCode, body: Value) -> Response {
    let mut r = (status, body.to_string()).into_response();
    let h = r.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn problem(status: StatusCode, error: &str) -> Response {
    answer(status, json!({ "error": error }))
}

impl Shared {
    fn client(&self, headers: &HeaderMap, peer: Option<SocketAddr>) -> Option<IpAddr> {
        match &self.config.client_ip {
            ClientIp::Peer => peer.map(|p| p.ip()),
            ClientIp::Header(name) => headers
                .get_all(name.as_str())
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .next_back()
                .and_then(|s| s.trim().parse().ok()),
        }
    }

    /// The request's `Origin` when it is another site's: `Ok(Some)` if
    /// allowed, `Err` if not; `Ok(None)` for same-origin and non-browser requests.
    fn origin<'h>(&self, headers: &'h HeaderMap) -> Result<Option<&'h HeaderValue>, ()> {
        let Some(origin) = headers.get(ORIGIN) else {
            return Ok(None);
        };
        let o = origin.to_str().unwrap_or("");
        let host = headers
            .get(HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        let own = o
            .split_once("://")
            .is_some_and(|(_, h)| h.eq_ignore_ascii_case(host));
        if self.config.allowed_origins.iter().any(|a| a == o) {
            Ok(Some(origin))
        } else if own {
            Ok(None)
        } else {
            Err(())
        }
    }

    /// Rate limit, then CORS: the response to send instead, if any.
    fn gate(
        &self,
        headers: &HeaderMap,
        peer: Option<SocketAddr>,
    ) -> Result<Option<HeaderValue>, Box<Response>> {
        let cors = self
            .origin(headers)
            .map_err(|()| Box::new(problem(StatusCode::FORBIDDEN, "origin not allowed")))?
            .cloned();
        let prefix = self.client(headers, peer).map(Prefix::of);
        if let Some(p) = prefix {
            if !self.limiter.allow(p) {
                let mut r = problem(
                    StatusCode::TOO_MANY_REQUESTS,
                    "too many requests from this network",
                );
                r.headers_mut()
                    .insert(RETRY_AFTER, HeaderValue::from_static("60"));
                return Err(Box::new(with_cors(r, cors.as_ref())));
            }
        }
        Ok(cors)
    }
}

fn with_cors(mut r: Response, origin: Option<&HeaderValue>) -> Response {
    if let Some(o) = origin {
        r.headers_mut()
            .insert(ACCESS_CONTROL_ALLOW_ORIGIN, o.clone());
        r.headers_mut()
            .append(VARY, HeaderValue::from_static("origin"));
    }
    r
}

fn peer(req: &Request<Body>) -> Option<SocketAddr> {
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0)
}

async fn preflight(State(s): St, headers: HeaderMap) -> Response {
    match s.origin(&headers) {
        Ok(Some(o)) => {
            let mut r = StatusCode::NO_CONTENT.into_response();
            let h = r.headers_mut();
            h.insert(
                ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static("POST, GET"),
            );
            h.insert(
                ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static("content-type"),
            );
            h.insert(ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("86400"));
            with_cors(r, Some(o))
        }
        Ok(None) => StatusCode::NO_CONTENT.into_response(),
        Err(()) => problem(StatusCode::FORBIDDEN, "origin not allowed"),
    }
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
}

async fn post(State(s): St, req: Request<Body>) -> Response {
    let peer = peer(&req);
    let (parts, body) = req.into_parts();
    let headers = parts.headers;
    let cors = match s.gate(&headers, peer) {
        Ok(c) => c,
        Err(r) => return *r,
    };
    let r = submit(&s, &headers, peer, body).await;
    with_cors(r, cors.as_ref())
}

async fn submit(s: &Shared, headers: &HeaderMap, peer: Option<SocketAddr>, body: Body) -> Response {
    if !is_json(headers) {
        return problem(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "expected Content-Type: application/json",
        );
    }
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BYTES as u64) {
        return too_large();
    }
    let bytes: Bytes = match axum::body::to_bytes(body, MAX_BYTES).await {
        Ok(b) => b,
        Err(_) => return too_large(),
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return problem(StatusCode::BAD_REQUEST, "body is not UTF-8");
    };
    let mut receipt = match Receipt::from_json(text, Source::Client) {
        Ok(r) => r,
        Err(consentry_core::Error::Json(e)) => {
            return answer(
                StatusCode::BAD_REQUEST,
                json!({ "error": "not JSON", "detail": e }),
            )
        }
        Err(e) => {
            let problems: Vec<Value> = e
                .problems()
                .iter()
                .map(|p| json!({ "path": p.path, "message": p.message }))
                .collect();
            return answer(
                StatusCode::BAD_REQUEST,
                json!({ "error": "invalid receipt", "problems": problems }),
            );
        }
    };
    if s.config.store_ip_prefix {
        receipt.ip_prefix = s.client(headers, peer).map(|ip| Prefix::of(ip).to_string());
    }
    if s.config.store_user_agent {
        receipt.user_agent = headers
            .get(USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|ua| {
                let printable: String = ua.chars().filter(|c| (' '..='~').contains(c)).collect();
                printable.chars().take(512).collect()
            });
    }
    let (id, seq) = (receipt.consent_id.to_string(), receipt.seq);
    match s.store.append(receipt).await {
        Ok(Appended::Stored(n)) => answer(
            StatusCode::CREATED,
            json!({ "consentId": id, "seq": seq, "stored": true, "n": n }),
        ),
        Ok(Appended::Duplicate(n)) => answer(
            StatusCode::OK,
            json!({ "consentId": id, "seq": seq, "stored": true, "duplicate": true, "n": n }),
        ),
        Ok(Appended::Conflict(_)) => answer(
            StatusCode::CONFLICT,
            json!({ "error": "this consentId and seq were stored with other content", "consentId": id, "seq": seq }),
        ),
        Err(e) => unavailable(&e),
    }
}

fn too_large() -> Response {
    problem(
        StatusCode::PAYLOAD_TOO_LARGE,
        &format!("receipt larger than {MAX_BYTES} bytes"),
    )
}

fn unavailable(e: &Error) -> Response {
    eprintln!("consentry records: {e}");
    let mut r = problem(StatusCode::SERVICE_UNAVAILABLE, "record store unavailable");
    r.headers_mut()
        .insert(RETRY_AFTER, HeaderValue::from_static("5"));
    r
}

/// The visitor's own receipts: whoever knows the (random, 128-bit) consent id.
async fn receipts(State(s): St, Path(id): Path<String>, req: Request<Body>) -> Response {
    let cors = match s.gate(req.headers(), peer(&req)) {
        Ok(c) => c,
        Err(r) => return *r,
    };
    let r = match ConsentId::from_hex(&id) {
        None => problem(StatusCode::NOT_FOUND, "no receipts"),
        Some(id) => match s.store.by_consent(id).await {
            Ok(v) if v.is_empty() => problem(StatusCode::NOT_FOUND, "no receipts"),
            Ok(v) => {
                let bodies: Vec<&str> = v.iter().map(|r| r.body.as_str()).collect();
                let mut r = format!("[{}]", bodies.join(",")).into_response();
                r.headers_mut()
                    .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                r.headers_mut()
                    .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
                r
            }
            Err(e) => unavailable(&e),
        },
    };
    with_cors(r, cors.as_ref())
}

/// The export (admin token): JSON lines `{"n", "hash", "receipt"}` in chain
/// order; `since` (Unix ms), `after` (chain position) and `limit` page it.
async fn export(
    State(s): St,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let Some(token) = &s.config.admin_token else {
        return problem(
            StatusCode::NOT_FOUND,
            "export is off (no admin token configured)",
        );
    };
    let given = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !super::token_matches(given, token) {
        let mut r = problem(StatusCode::UNAUTHORIZED, "admin token required");
        r.headers_mut()
            .insert("www-authenticate", HeaderValue::from_static("Bearer"));
        return r;
    }
    let num = |k: &str| {
        q.get(k)
            .map(|v| v.parse::<u64>().map_err(|_| k.to_string()))
    };
    let (since, after, limit) = match (num("since"), num("after"), num("limit")) {
        (Some(Err(k)), ..) | (_, Some(Err(k)), _) | (.., Some(Err(k))) => {
            return problem(
                StatusCode::BAD_REQUEST,
                &format!("`{k}` is not a whole number"),
            )
        }
        (s, a, l) => (
            s.and_then(Result::ok).unwrap_or(0),
            a.and_then(Result::ok).unwrap_or(0),
            l.and_then(Result::ok).unwrap_or(1000).clamp(1, 10_000) as usize,
        ),
    };
    match s.store.export(since, after, limit).await {
        Ok(records) => {
            let mut out = String::new();
            for r in &records {
                out.push_str(&super::export_line(r));
                out.push('\n');
            }
            let mut r = out.into_response();
            r.headers_mut().insert(
                CONTENT_TYPE,
                HeaderValue::from_static("application/x-ndjson"),
            );
            r.headers_mut()
                .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
            r
        }
        Err(e) => unavailable(&e),
    }
}
