//! # consentry-wasm
//!
//! The Consentry decision engine for the browser: [`Engine`] wraps
//! consentry-core, compiled to WebAssembly with wasm-bindgen. Every decision
//! the browser runtime makes comes from here; the JavaScript around it only
//! holds and releases elements.
//!
//! The policy arrives as a plain JS object (parsed from the page's
//! `<script type="application/json" id="consentry-config">`); it crosses into
//! the wasm as JSON text (`JSON.stringify`) read by core's small
//! [`consentry_core::Json::parse`], and results go back as JSON text for
//! `JSON.parse`, so neither serde-wasm-bindgen nor float formatting ships.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod change;
mod consent;
mod cookie;
mod decision;
mod dialog;
mod error;
mod markup;
mod policy;
mod receipt;
mod request;
mod to_js;
mod ui;

pub use decision::Engine;
pub use error::Error;
pub use request::{parse_region, read_request};
