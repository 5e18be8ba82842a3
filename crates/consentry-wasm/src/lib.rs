//! # consentry-wasm
//!
//! The Consentry decision engine for the browser: [`Engine`] wraps
//! consentry-core, compiled to WebAssembly with wasm-bindgen. Every decision
//! the browser runtime makes comes from here; the JavaScript around it only
//! holds and releases elements.
//!
//! The policy arrives as a plain JS object (parsed from the page's
//! `<script type="application/json" id="consentry-config">`) and is read with
//! serde-wasm-bindgen, so no JSON parser ships in the wasm.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod consent;
mod cookie;
mod decision;
mod error;
mod markup;
mod policy;
mod ui;

pub use decision::Engine;
pub use error::Error;
