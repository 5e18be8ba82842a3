//! The response side of [`crate::ConsentLayer`]: cookies of blocked
//! services deleted, `text/html` rewritten (with the banner's form when it
//! is due), consent-dependent responses kept out of shared caches (see
//! [`crate::layer`] for the caching rules).

use crate::body::{BoxError, ConsentBody};
use crate::decision::Consent;
use crate::layer::Config;
use crate::rewrite::{PageContext, PageForm, PageRewriter};
use bytes::Bytes;
use http::header::{
    HeaderMap, HeaderValue, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, ETAG,
    LAST_MODIFIED, SET_COOKIE,
};
use http::{Response, StatusCode};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};

/// What the response side needs of its request.
pub(crate) struct State {
    pub(crate) consent: Consent,
    pub(crate) host: Option<String>,
    pub(crate) accept_language: Option<String>,
    pub(crate) head: bool,
    /// The banner's form, and the token cookie to set with the page.
    pub(crate) form: Option<(PageForm, Option<String>)>,
    pub(crate) config: Arc<Config>,
}

pin_project_lite::pin_project! {
    /// The future of [`ConsentService`].
    pub struct ResponseFuture<F> {
        #[pin]
        kind: FutKind<F>,
    }
}

pin_project_lite::pin_project! {
    #[project = FutProj]
    enum FutKind<F> {
        Inner { #[pin] fut: F, state: Option<State> },
        Ready { resp: Option<Response<Bytes>> },
        Choice { fut: Pin<Box<dyn Future<Output = Response<Bytes>> + Send>> },
    }
}

impl<F> ResponseFuture<F> {
    pub(crate) fn inner(fut: F, state: State) -> Self {
        ResponseFuture {
            kind: FutKind::Inner {
                fut,
                state: Some(state),
            },
        }
    }

    pub(crate) fn ready(resp: Response<Bytes>) -> Self {
        ResponseFuture {
            kind: FutKind::Ready { resp: Some(resp) },
        }
    }

    pub(crate) fn choice(fut: Pin<Box<dyn Future<Output = Response<Bytes>> + Send>>) -> Self {
        ResponseFuture {
            kind: FutKind::Choice { fut },
        }
    }
}

impl<F, ResB, E> Future for ResponseFuture<F>
where
    F: Future<Output = Result<Response<ResB>, E>>,
    ResB: http_body::Body,
    ResB::Error: Into<BoxError>,
{
    type Output = Result<Response<ConsentBody<ResB>>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().kind.project() {
            FutProj::Ready { resp } => {
                let resp = resp.take().unwrap_or_default();
                Poll::Ready(Ok(resp.map(ConsentBody::full)))
            }
            FutProj::Choice { fut } => {
                let resp = ready!(fut.as_mut().poll(cx));
                Poll::Ready(Ok(resp.map(ConsentBody::full)))
            }
            FutProj::Inner { fut, state } => {
                let resp = ready!(fut.poll(cx))?;
                match state.take() {
                    Some(s) => Poll::Ready(Ok(finish(resp, s))),
                    None => Poll::Ready(Ok(resp.map(ConsentBody::plain))),
                }
            }
        }
    }
}

fn finish<B>(resp: Response<B>, s: State) -> Response<ConsentBody<B>>
where
    B: http_body::Body,
{
    let (mut parts, body) = resp.into_parts();
    let mut depends = s.consent.is_used();
    if s.config.clear_cookies {
        if let Some(host) = &s.host {
            for v in s.consent.cookie_deletions(host) {
                parts.headers.append(SET_COOKIE, v);
                depends = true;
            }
        }
    }
    let mut rewriter = None;
    if s.config.rewrite_html && is_rewritable(&parts) {
        if s.head {
            parts.headers.remove(CONTENT_LENGTH);
            depends = true;
        } else if let Ok(rw) = PageRewriter::new(&s.consent, &{
            let page = PageContext::from_headers(&parts.headers);
            if s.config.banner {
                let mut page = page.with_banner(s.accept_language.as_deref());
                page.form = s.form.as_ref().map(|f| f.0.clone());
                page
            } else {
                page
            }
        }) {
            if let Some(v) = s.form.as_ref().and_then(|f| f.1.as_deref()) {
                if let Ok(v) = HeaderValue::from_str(v) {
                    parts.headers.append(SET_COOKIE, v);
                }
            }
            for h in [CONTENT_LENGTH, ETAG, LAST_MODIFIED] {
                parts.headers.remove(h);
            }
            rewriter = Some(rw);
            depends = true;
        }
    }
    let body = match rewriter {
        Some(rw) => ConsentBody::rewrite(body, rw),
        None => ConsentBody::plain(body),
    };
    if depends {
        make_private(&mut parts.headers);
    }
    Response::from_parts(parts, body)
}

/// An uncompressed `text/html` response with a body worth rewriting.
fn is_rewritable(parts: &http::response::Parts) -> bool {
    let html = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("text/html"));
    let encoded = parts.headers.get_all(CONTENT_ENCODING).iter().any(|v| {
        !v.to_str()
            .is_ok_and(|e| e.trim().is_empty() || e.trim().eq_ignore_ascii_case("identity"))
    });
    let status = parts.status;
    html && !encoded
        && !status.is_informational()
        && status != StatusCode::NO_CONTENT
        && status != StatusCode::PARTIAL_CONTENT
        && status != StatusCode::NOT_MODIFIED
}

/// Adds `private` to `Cache-Control`, dropping what lets shared caches store.
fn make_private(headers: &mut HeaderMap) {
    let mut directives: Vec<String> = Vec::new();
    for v in headers.get_all(CACHE_CONTROL) {
        let Ok(v) = v.to_str() else { continue };
        for d in v.split(',').map(str::trim).filter(|d| !d.is_empty()) {
            let name = d
                .split('=')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            if name == "no-store" || (name == "private" && !d.contains('=')) {
                return;
            }
            if !matches!(
                name.as_str(),
                "public" | "s-maxage" | "proxy-revalidate" | "private"
            ) {
                directives.push(d.to_string());
            }
        }
    }
    directives.insert(0, "private".into());
    if let Ok(v) = HeaderValue::from_str(&directives.join(", ")) {
        headers.insert(CACHE_CONTROL, v);
    }
}
