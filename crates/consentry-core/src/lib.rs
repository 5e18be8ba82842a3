//! # consentry-core
//!
//! The one consent decision engine behind Consentry's browser runtime, server
//! bindings and npm package. Pure Rust: no wasm, web or HTTP dependencies.
//!
//! - A site's [`Policy`]: [`Category`]s (`mandatory`, `performance`,
//!   `functionality`, `targeting`, and its own), their [`Service`]s (a built-in
//!   catalog of common third parties merged in), regimes per [`Region`],
//!   signal handling, and the consent cookie's settings. Validation reports
//!   every problem with its JSON path.
//! - The visitor's [`Consent`], stored in a compact versioned cookie
//!   ([`record`]); anything unreadable, expired or from an older policy
//!   revision grants nothing.
//! - A [`receipt::Receipt`]: the site's proof of one choice (versioned
//!   format, strict reader, canonical JSON), for its consent records.
//! - [`Signals`]: Global Privacy Control, Do Not Track, region.
//! - A [`Decider`] answers: may this category, service or URL run now
//!   ([`Decision`], with its reason)? Must the banner be shown? What is the
//!   Google Consent Mode v2 state? Which cookies must go?
//!
//! ```
//! use consentry_core::{Consent, ConsentId, Decider, Policy, Region, Signals, Stored, record};
//!
//! let policy = Policy::from_json(r#"{
//!     "revision": 2,
//!     "categories": [
//!         { "id": "performance", "services": ["google-analytics"] },
//!         { "id": "targeting", "services": ["meta-pixel"] }
//!     ]
//! }"#).unwrap();
//!
//! let now = 1_790_000_000;
//! let signals = Signals { gpc: false, dnt: false, region: Region::parse("DE") };
//!
//! // A first visit from Germany: opt-in, nothing but mandatory may run.
//! let first = Decider::from_cookie(&policy, None, &signals, now);
//! assert!(first.banner_needed());
//! assert!(!first.url("https://www.google-analytics.com/g/collect").is_allowed());
//! assert_eq!(first.category("targeting").to_string(), "block:no-consent");
//!
//! // The visitor allows performance only; the record goes into the cookie.
//! let consent = Consent::custom(&policy, ConsentId([7; 16]), now, &signals, ["performance"], [])
//!     .unwrap();
//! let cookie = record::encode(&consent, &policy);
//!
//! // Next page view: the same cookie, read by the browser or the server.
//! let next = Decider::new(&policy, Stored::read(Some(&cookie), &policy, now + 60), &signals);
//! assert!(!next.banner_needed());
//! assert!(next.url("https://www.google-analytics.com/g/collect").is_allowed());
//! assert_eq!(next.category("targeting").to_string(), "block:refused");
//! assert!(next.gcm().to_json().contains(r#""analytics_storage":"granted""#));
//! ```
//!
//! ## Feature flags
//!
//! - `json` (default): [`Policy::from_json`], parsing a policy from JSON text
//!   with `serde_json`.
//! - `psl` (default): [`cookie::registrable_domain`] from the Public Suffix
//!   List (the `psl` crate), for deleting cookies on every parent domain.
//! - `hash`: SHA-256 of the canonical policy and of the UI texts
//!   ([`Policy::canonical_hash`], [`receipt::texts_hash`]), for consent
//!   [`receipt`]s.
//! - `vectors`: the shared test-vector reader and checker, for Consentry's own
//!   test suites and other runtimes that want to prove parity.
//!
//! With no default features the crate builds for `wasm32-unknown-unknown`
//! with no web dependency; the browser engine (consentry-wasm) uses it so.
//!
//! ## Example program
//!
//! `cargo run -p consentry-core --example check -- path/to/policy.json` validates
//! a policy file, lists every problem with its path, and prints what is decided
//! for a first visitor in the EU, in California with GPC, and elsewhere.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod catalog;
pub mod category;
pub mod change;
mod config;
mod consent;
pub mod cookie;
mod decision;
pub mod dialog;
mod error;
mod gcm;
pub mod host;
pub mod iab;
mod json;
pub mod markup;
mod policy;
pub mod receipt;
pub mod record;
pub mod region;
pub mod request;
pub mod schema;
mod service;
mod signals;
pub mod text;
pub mod ui;
#[cfg(feature = "vectors")]
pub mod vectors;

pub use category::{Category, Texts};
pub use config::is_safe_link;
pub use consent::{Choice, Consent, ConsentId};
pub use cookie::{ConsentCookie, CookiePattern, Lifetime, SameSite, TimeUnit};
pub use decision::{Decider, Decision};
pub use error::{Error, Problem, Problems};
pub use gcm::{GcmState, GcmType};
pub use host::HostRule;
pub use iab::{CategoryIab, IabConfig, UsUse};
pub use json::{to_json_text, Json};
pub use policy::{DntMode, GcmConfig, GpcScope, Policy, UrlOwner};
pub use record::{Stale, Stored};
pub use region::{Regime, Region};
pub use service::Service;
pub use signals::Signals;

/// Ids of every service in the built-in catalog.
pub fn catalog_ids() -> impl Iterator<Item = &'static str> {
    catalog::entries().map(|e| e.id())
}

/// Every host rule of the built-in catalog (`host` or `host/path-prefix`), in
/// catalog order: the browser guard's table of what the engine may block is
/// generated from it.
pub fn catalog_hosts() -> impl Iterator<Item = &'static str> {
    catalog::entries().flat_map(|e| e.unpack().hosts())
}
