//! The [`Consent`] a handler gets: every decision for one request, made once
//! from its headers exactly as the browser runtime makes them.

use crate::cookie;
use crate::signals::{Headers, RegionSource};
use consentry_core::request::{self, CookieHeader};
use consentry_core::{Decider, Decision, GcmState, Policy, Regime, Region, Signals, Stored};
use http::header::{HeaderMap, HeaderValue, COOKIE};
use std::borrow::Cow;
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

enum Cookies {
    /// The request's one `Cookie` header.
    One(HeaderValue),
    /// Several `Cookie` headers joined (or none).
    Joined(String),
}

impl Cookies {
    fn as_str(&self) -> &str {
        match self {
            // `from_headers` keeps a header only when it is valid UTF-8.
            Cookies::One(v) => std::str::from_utf8(v.as_bytes()).unwrap_or_default(),
            Cookies::Joined(s) => s,
        }
    }
}

struct Inner {
    policy: Arc<Policy>,
    decider: Decider<'static>,
    signals: Signals,
    gcm: GcmState,
    banner: bool,
    /// The request's cookies, for deletions.
    cookies: Cookies,
    /// Set when a handler extracted this value: its response depends on consent.
    used: AtomicBool,
}

/// The consent decisions for one request. Cheap to clone (shared).
#[derive(Clone)]
pub struct Consent {
    inner: Arc<Inner>,
}

impl fmt::Debug for Consent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Consent")
            .field("stored", &self.decider().stored().status())
            .field("regime", &self.regime())
            .field("signals", &self.inner.signals)
            .field("banner", &self.inner.banner)
            .finish()
    }
}

impl Consent {
    /// Decides from request headers at `now` (Unix seconds): the consent
    /// cookie (every `Cookie` header; invalid UTF-8 ones are ignored, more
    /// than [`MAX_COOKIE_HEADER`](cookie::MAX_COOKIE_HEADER) bytes in all counts as an invalid record),
    /// `Sec-GPC`, `DNT` and the region from `region`.
    pub fn from_headers(
        policy: &Arc<Policy>,
        headers: &HeaderMap,
        region: &RegionSource,
        now: u64,
    ) -> Consent {
        let signals = region.signals(headers);
        let h = Headers(headers);
        let joined = request::cookie_header(&h);
        let stored = joined.stored(policy, now);
        let (cookies, oversized) = match joined {
            CookieHeader::Text(t) => (t, false),
            CookieHeader::Oversized => (Cow::Borrowed(""), true),
        };
        // Kept for `cookie_deletions`: the header itself (a cheap clone) when
        // there is one, so the common request copies no cookie text.
        let cookies = match (oversized, cookies) {
            (true, _) => Cookies::Joined(String::new()),
            (false, Cow::Borrowed(_)) => match headers
                .get_all(COOKIE)
                .iter()
                .find(|v| std::str::from_utf8(v.as_bytes()).is_ok())
            {
                Some(v) => Cookies::One(v.clone()),
                None => Cookies::Joined(String::new()),
            },
            (false, Cow::Owned(s)) => Cookies::Joined(s),
        };
        Consent::build(policy.clone(), stored, signals, cookies)
    }

    /// Decides from what the consent cookie held and the signals; `cookies`
    /// is the request's `Cookie` header (for [`Consent::cookie_deletions`]).
    pub fn new(policy: Arc<Policy>, stored: Stored, signals: Signals, cookies: String) -> Consent {
        Consent::build(policy, stored, signals, Cookies::Joined(cookies))
    }

    fn build(policy: Arc<Policy>, stored: Stored, signals: Signals, cookies: Cookies) -> Consent {
        let decider = Decider::shared(policy.clone(), stored, &signals);
        let (gcm, banner) = (decider.gcm(), decider.banner_needed());
        Consent {
            inner: Arc::new(Inner {
                policy,
                decider,
                signals,
                gcm,
                banner,
                cookies,
                used: AtomicBool::new(false),
            }),
        }
    }

    /// The core decider behind every answer (for `markup::judge`, the
    /// shared vectors, and anything not wrapped here).
    pub fn decider(&self) -> &Decider<'static> {
        &self.inner.decider
    }

    /// The policy decided against.
    pub fn policy(&self) -> &Arc<Policy> {
        &self.inner.policy
    }

    /// Whether a category id, service id or URL may run now (see
    /// [`Decider::decide`]).
    pub fn allows(&self, what: &str) -> bool {
        self.decider().decide(what).is_allowed()
    }

    /// Decision for a category id.
    pub fn category(&self, id: &str) -> Decision {
        self.decider().category(id)
    }

    /// Decision for a service id.
    pub fn service(&self, id: &str) -> Decision {
        self.decider().service(id)
    }

    /// Decision for a URL.
    pub fn url(&self, url: &str) -> Decision {
        self.decider().url(url)
    }

    /// Google Consent Mode v2 state.
    pub fn gcm(&self) -> GcmState {
        self.inner.gcm
    }

    /// Whether the banner (or notice) must be shown.
    pub fn banner_needed(&self) -> bool {
        self.inner.banner
    }

    /// The regime in force.
    pub fn regime(&self) -> Regime {
        self.decider().regime()
    }

    /// The signals read from the request.
    pub fn signals(&self) -> &Signals {
        &self.inner.signals
    }

    /// The visitor's region, if known.
    pub fn region(&self) -> Option<&Region> {
        self.inner.signals.region.as_ref()
    }

    /// What the consent cookie held.
    pub fn stored(&self) -> &Stored {
        self.decider().stored()
    }

    /// `Set-Cookie` deletions for the request's cookies that belong to
    /// blocked services, on each domain variant of `host` (see
    /// [`cookie::deletions`]).
    pub fn cookie_deletions(&self, host: &str) -> Vec<HeaderValue> {
        cookie::deletions(self.decider(), self.inner.cookies.as_str(), host)
    }

    /// The request's cookies as read (empty when oversized).
    pub(crate) fn cookie_text(&self) -> &str {
        self.inner.cookies.as_str()
    }

    /// Marks the response as depending on consent (the extractor does this).
    pub fn mark_used(&self) {
        self.inner.used.store(true, Ordering::Relaxed);
    }

    /// Whether a handler read this value.
    pub fn is_used(&self) -> bool {
        self.inner.used.load(Ordering::Relaxed)
    }
}
