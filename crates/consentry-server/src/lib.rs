//! # consentry-server
//!
//! The browser's consent decisions, made on the server from the request, and
//! pages that arrive already safe.
//!
//! - [`Consent`]: every decision for one request, from the consent cookie
//!   (the same encoding the browser writes), `Sec-GPC`, `DNT` and the region
//!   ([`RegionSource`]: trusted CDN headers, a resolver, a fallback).
//! - [`ConsentLayer`]: a tower layer that decides once per request, hands
//!   handlers the [`Consent`] (request extensions; an axum extractor with the
//!   `axum` feature), serves `/.well-known/gpc.json`, deletes cookies of
//!   withdrawn categories (HttpOnly ones too, on every domain variant),
//!   rewrites `text/html` responses as they stream ([`PageRewriter`]) and
//!   marks consent-dependent responses `Cache-Control: private`.
//!
//! ```
//! use consentry_core::Policy;
//! use consentry_server::{Consent, ConsentLayer, PageContext, RegionHeader, RegionSource};
//! use http::HeaderMap;
//! use std::sync::Arc;
//!
//! let policy = Arc::new(Policy::from_json(r#"{
//!     "revision": 1,
//!     "categories": [{ "id": "performance", "services": ["google-analytics"] }]
//! }"#).unwrap());
//! let layer = ConsentLayer::new(policy.clone())
//!     .region_source(RegionSource::new().header(RegionHeader::cloudflare()));
//!
//! // A first visit from Germany with Global Privacy Control on.
//! let mut headers = HeaderMap::new();
//! headers.insert("cf-ipcountry", "DE".parse().unwrap());
//! headers.insert("sec-gpc", "1".parse().unwrap());
//! headers.insert("cookie", "_ga=GA1.1.5; theme=dark".parse().unwrap());
//! let consent: Consent = layer.decide(&headers);
//! assert!(consent.banner_needed());
//! assert_eq!(consent.regime().as_str(), "opt-in");
//! assert!(!consent.allows("performance"));
//! assert!(!consent.allows("https://www.google-analytics.com/g/collect"));
//! assert!(consent.allows("mandatory"));
//!
//! // `_ga` was set before consent: delete it, on every domain it may live on.
//! let gone = consent.cookie_deletions("www.example.com");
//! assert_eq!(gone[0], "_ga=; Max-Age=0; Path=/");
//! assert_eq!(gone[2], "_ga=; Max-Age=0; Path=/; Domain=example.com");
//!
//! // The page arrives with Google Analytics inert, ready for later release.
//! let html = br#"<head><script async src="https://www.googletagmanager.com/gtag/js?id=G-1"></script></head>"#;
//! let out = consentry_server::rewrite_page(&consent, &PageContext::default(), html).unwrap();
//! let out = String::from_utf8(out).unwrap();
//! assert!(out.contains(r#"type="text/plain" data-consentry="no-consent""#));
//! assert!(out.contains(r#"id="consentry-server">{"region":"DE","regime":"opt-in","gpc":true,"banner":true}"#));
//! ```
//!
//! ## Feature flags
//!
//! - `axum` (default): `Consent` as an axum extractor (`FromRequestParts`);
//!   without it, read `Consent` from the request extensions.
//! - `records`: consent records ([`records`]): the records endpoint, the
//!   `RecordStore` trait with its SQLite and PostgreSQL stores, the hash
//!   chain, `verify` and `purge`.
//! - `iab`: `Consent::iab_strings`, the request's IAB TC and GPP strings
//!   for the site's GVL (re-exports `consentry_iab`).
//!
//! ## Examples
//!
//! - `cargo run -p consentry-server --example axum_ssr`: an axum server with
//!   the layer, a page full of trackers arriving inert, and the drop-in
//!   (served from `pkg/dist`, built by `cargo xtask dist`).
//! - `cargo run -p consentry-server --example demo`: the demo site in `www/`
//!   (what `cargo xtask demo` runs).
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod attributes;
mod body;
pub mod choice;
mod classify;
pub mod cookie;
mod current;
#[cfg(test)]
mod cut;
mod decision;
mod entities;
mod error;
#[cfg(feature = "axum")]
mod extract;
pub mod gpc;
mod held_tag;
#[cfg(test)]
mod hostile;
#[cfg(feature = "iab")]
mod iab;
mod iab_choice;
pub mod inject;
mod judged;
mod layer;
mod noscript;
pub mod origin;
mod page;
mod plain;
#[cfg(feature = "records")]
pub mod records;
mod response;
pub mod rewrite;
mod selector;
mod signals;
mod srcdoc;
mod start_tag;
mod style;
mod whole;

pub use body::{BoxError, ConsentBody};
/// The IAB strings crate, re-exported for [`Consent::iab_strings`]'s types.
#[cfg(feature = "iab")]
pub use consentry_iab;
pub use decision::Consent;
pub use error::Error;
pub use layer::{ConsentLayer, ConsentService, ResponseFuture};
pub use origin::{post_origin, PostOrigin};
pub use rewrite::{rewrite_page, PageContext, PageForm, PageRewriter};
pub use selector::{prefilter_selector, selector};
pub use signals::{RegionHeader, RegionSource, Resolver};
