//! The tower [`Layer`]: decides once per request (the [`Consent`] goes into
//! the request extensions), serves `/.well-known/gpc.json`, and on the way
//! out deletes cookies of blocked services, rewrites `text/html` bodies and
//! keeps consent-dependent responses out of shared caches.
//!
//! **Caching.** A response whose content depends on the visitor's consent
//! (rewritten HTML, `Set-Cookie` deletions, or a handler that extracted
//! [`Consent`]) gets `Cache-Control: private` (an existing `public` or
//! `s-maxage` is dropped; `no-store` and `private` are kept as they are).
//! `Vary` was not chosen: it would have to name `Cookie` and every trusted
//! region header, and most CDNs either ignore such a `Vary` or stop caching
//! altogether. Rewritten pages also lose `Content-Length`, `ETag` and
//! `Last-Modified`: the same origin validator would otherwise revalidate a
//! page rewritten for an earlier consent state.
//!
//! **Compressed bodies.** A response with a `Content-Encoding` other than
//! `identity` passes through untouched (its trackers are then held by the
//! browser runtime only). Put compression *outside* this layer (e.g.
//! `ServiceBuilder::new().layer(CompressionLayer::new()).layer(consent_layer)`)
//! so pages are rewritten before they are compressed. Pages in a charset the
//! streaming rewriter cannot read (UTF-16, ISO-2022-JP) pass through too.

use crate::body::{BoxError, ConsentBody};
use crate::choice;
use crate::decision::Consent;
use crate::error::Error;
use crate::gpc;
pub use crate::response::ResponseFuture;
use crate::response::State;
use crate::rewrite::PageForm;
use crate::signals::RegionSource;
use bytes::Bytes;
use consentry_core::Policy;
use http::header::{HeaderMap, ACCEPT_LANGUAGE, HOST};
use http::{Method, Request, Response};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{SystemTime, UNIX_EPOCH};
use tower_layer::Layer;
use tower_service::Service;

#[derive(Debug, Clone)]
pub(crate) struct Config {
    policy: Arc<Policy>,
    region: RegionSource,
    gpc_json: Option<String>,
    pub(crate) clear_cookies: bool,
    pub(crate) rewrite_html: bool,
    pub(crate) banner: bool,
    choice_path: Option<String>,
    origins: Vec<String>,
    #[cfg(feature = "records")]
    records: Option<Records>,
    #[cfg(feature = "iab")]
    gvl: Option<Arc<consentry_iab::Gvl>>,
    clock: fn() -> u64,
}

/// The store choice posts are recorded in.
#[cfg(feature = "records")]
#[derive(Clone)]
struct Records(Arc<dyn crate::records::RecordStore>);

#[cfg(feature = "records")]
impl std::fmt::Debug for Records {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecordStore")
    }
}

/// Consentry for a tower/axum stack. Cheap to clone.
#[derive(Debug, Clone)]
pub struct ConsentLayer {
    config: Arc<Config>,
}

fn system_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl ConsentLayer {
    /// A layer for this policy: no trusted region headers, `gpc.json`
    /// served (with the policy's `gpcLastUpdate` as `lastUpdate`), cookie
    /// deletions and HTML rewriting on.
    pub fn new(policy: impl Into<Arc<Policy>>) -> ConsentLayer {
        let policy: Arc<Policy> = policy.into();
        // The core validated the date; a date this module rejects still
        // serves the resource, without `lastUpdate`.
        let gpc_json = gpc::json(policy.gpc_last_update())
            .or_else(|_| gpc::json(None))
            .ok();
        ConsentLayer {
            config: Arc::new(Config {
                policy,
                region: RegionSource::new(),
                gpc_json,
                clear_cookies: true,
                rewrite_html: true,
                banner: true,
                choice_path: Some(choice::PATH.into()),
                origins: Vec::new(),
                #[cfg(feature = "records")]
                records: None,
                #[cfg(feature = "iab")]
                gvl: None,
                clock: system_now,
            }),
        }
    }

    fn with(mut self, f: impl FnOnce(&mut Config)) -> ConsentLayer {
        f(Arc::make_mut(&mut self.config));
        self
    }

    /// Where the visitor's region comes from.
    pub fn region_source(self, source: RegionSource) -> ConsentLayer {
        self.with(|c| c.region = source)
    }

    /// `lastUpdate` of `/.well-known/gpc.json` (`YYYY-MM-DD`), overriding the
    /// policy's `gpcLastUpdate`.
    pub fn gpc_last_update(self, date: &str) -> Result<ConsentLayer, Error> {
        let json = gpc::json(Some(date))?;
        Ok(self.with(|c| c.gpc_json = Some(json)))
    }

    /// Whether to serve `/.well-known/gpc.json` (default on).
    pub fn serve_gpc_json(self, on: bool) -> ConsentLayer {
        self.with(|c| {
            c.gpc_json = match (on, c.gpc_json.take()) {
                (false, _) => None,
                (true, Some(j)) => Some(j),
                (true, None) => gpc::json(c.policy.gpc_last_update())
                    .or_else(|_| gpc::json(None))
                    .ok(),
            }
        })
    }

    /// Whether to add `Set-Cookie` deletions for blocked services' cookies (default on).
    pub fn clear_cookies(self, on: bool) -> ConsentLayer {
        self.with(|c| c.clear_cookies = on)
    }

    /// Whether to rewrite `text/html` responses (default on).
    pub fn rewrite_html(self, on: bool) -> ConsentLayer {
        self.with(|c| c.rewrite_html = on)
    }

    /// Whether rewritten pages carry the server-rendered consent banner when
    /// the visitor must be asked (default on), in the language the drop-in's
    /// UI uses (consentry-core's `ui::choose_language`: the page's
    /// `<html lang>`, else the visitor's `Accept-Language`).
    pub fn server_banner(self, on: bool) -> ConsentLayer {
        self.with(|c| c.banner = on)
    }

    /// Where the server-rendered banner's form posts with JavaScript off
    /// (default [`choice::PATH`]); `None` renders the banner without a form
    /// and leaves posts to that path to the inner service.
    pub fn choice_path(self, path: Option<&str>) -> ConsentLayer {
        self.with(|c| c.choice_path = path.map(str::to_string))
    }

    /// The site's origins (`https://www.example.com`) a choice post must
    /// come from; by default `http(s)://` + the request's `Host`.
    pub fn site_origins<I: IntoIterator<Item = S>, S: Into<String>>(
        self,
        origins: I,
    ) -> ConsentLayer {
        let origins = origins
            .into_iter()
            .map(|o| o.into().trim_end_matches('/').to_ascii_lowercase())
            .collect();
        self.with(|c| c.origins = origins)
    }

    /// Records every choice posted with JavaScript off in `store`, as the
    /// browser records its own through the records endpoint.
    #[cfg(feature = "records")]
    pub fn record_choices(self, store: Arc<dyn crate::records::RecordStore>) -> ConsentLayer {
        self.with(|c| c.records = Some(Records(store)))
    }

    /// The site's IAB Global Vendor List (feature `iab`): choices posted with
    /// JavaScript off then write the TC string in `euconsent-v2` (policies
    /// with `iab.tcCookie`) and in their receipts. Without it such a choice
    /// deletes a stale `euconsent-v2`, as the browser does without a list.
    #[cfg(feature = "iab")]
    pub fn iab_vendor_list(self, gvl: consentry_iab::Gvl) -> ConsentLayer {
        self.with(|c| c.gvl = Some(Arc::new(gvl)))
    }

    /// The clock (Unix seconds); for tests.
    pub fn clock(self, now: fn() -> u64) -> ConsentLayer {
        self.with(|c| c.clock = now)
    }

    /// The policy.
    pub fn policy(&self) -> &Arc<Policy> {
        &self.config.policy
    }

    /// Decides for a request's headers now, as the layer does.
    pub fn decide(&self, headers: &HeaderMap) -> Consent {
        let c = &self.config;
        Consent::from_headers(&c.policy, headers, &c.region, (c.clock)())
    }
}

impl<S> Layer<S> for ConsentLayer {
    type Service = ConsentService<S>;

    fn layer(&self, inner: S) -> ConsentService<S> {
        ConsentService {
            inner,
            layer: self.clone(),
        }
    }
}

/// The service of [`ConsentLayer`].
#[derive(Debug, Clone)]
pub struct ConsentService<S> {
    inner: S,
    layer: ConsentLayer,
}

impl<S, ReqB, ResB> Service<Request<ReqB>> for ConsentService<S>
where
    S: Service<Request<ReqB>, Response = Response<ResB>>,
    ReqB: http_body::Body + Send + 'static,
    ReqB::Data: Send,
    ResB: http_body::Body,
    ResB::Error: Into<BoxError>,
{
    type Response = Response<ConsentBody<ResB>>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut req: Request<ReqB>) -> Self::Future {
        let config = &self.layer.config;
        if let Some(json) = &config.gpc_json {
            let read = req.method() == Method::GET || req.method() == Method::HEAD;
            if read && req.uri().path() == gpc::PATH {
                let mut resp = gpc::response(json);
                if req.method() == Method::HEAD {
                    *resp.body_mut() = Bytes::new();
                }
                return ResponseFuture::ready(resp);
            }
        }
        let consent = self.layer.decide(req.headers());
        if let Some(path) = &config.choice_path {
            if req.method() == Method::POST && req.uri().path() == path {
                let (parts, body) = req.into_parts();
                let post = choice::Post {
                    consent,
                    headers: parts.headers,
                    origins: config.origins.clone(),
                    action: path.clone(),
                    now: (config.clock)(),
                    #[cfg(feature = "records")]
                    records: config.records.as_ref().map(|r| r.0.clone()),
                    #[cfg(feature = "iab")]
                    gvl: config.gvl.clone(),
                };
                return ResponseFuture::choice(Box::pin(choice::serve(post, body)));
            }
        }
        // A page with the banner's form carries the anti-forgery token of
        // the visitor's cookie, or a new one set with the page — only for a
        // browser that sends no Fetch Metadata: one that does will send
        // `Sec-Fetch-Site` with the post too, and needs no cookie.
        let form = (config.banner && consent.banner_needed())
            .then_some(config.choice_path.as_ref())
            .flatten()
            .map(|action| {
                let back = req
                    .uri()
                    .path_and_query()
                    .map_or("/", |p| p.as_str())
                    .to_string();
                let (token, new) = match choice::token_cookie(req.headers()) {
                    Some(t) => (Some(t.to_string()), false),
                    None if req.headers().contains_key("sec-fetch-site") => (None, false),
                    None => (choice::new_token(), true),
                };
                let secure =
                    req.uri().scheme_str() == Some("https") || choice::is_https(req.headers());
                let set = new
                    .then(|| {
                        token
                            .as_deref()
                            .map(|t| choice::token_set_cookie(t, secure))
                    })
                    .flatten();
                (
                    PageForm {
                        action: action.clone(),
                        back,
                        token,
                    },
                    set,
                )
            });
        let host = req
            .headers()
            .get(HOST)
            .and_then(|h| h.to_str().ok())
            .map(str::to_string)
            .or_else(|| req.uri().authority().map(|a| a.as_str().to_string()));
        let accept_language = config
            .banner
            .then(|| req.headers().get(ACCEPT_LANGUAGE))
            .flatten()
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let state = State {
            consent: consent.clone(),
            host,
            accept_language,
            head: req.method() == Method::HEAD,
            form,
            config: config.clone(),
        };
        req.extensions_mut().insert(consent);
        ResponseFuture::inner(self.inner.call(req), state)
    }
}
