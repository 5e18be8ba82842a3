//! # consentry-iab-wasm
//!
//! The IAB module of the browser drop-in: [`IabEngine`] makes the TC and GPP
//! strings of the page's visitor with consentry-iab, for the `__tcfapi` and
//! `__gpp` APIs (`pkg/src/iab-api.js`). A separate wasm, loaded only when the
//! policy has an `iab` section, so sites without IAB never download the
//! encoders, the decoders or serde_json (the main engine reads JSON with the
//! core's small reader).
//!
//! It reads the same policy JSON and the same cookie as the main engine and
//! decides with the same core, so the strings follow the engine's decisions
//! exactly; the runtime asks again after every choice.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod error;
mod state;

pub use error::Error;
pub use state::IabEngine;
