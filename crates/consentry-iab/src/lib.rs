//! IAB consent strings for Consentry.
//!
//! - [`TcString`]: TCF v2 TC strings (policy version 5, TCF v2.3): the core
//!   segment, disclosed vendors, allowed vendors and publisher TC. Vendor
//!   sets are written in the bitfield or range form that `@iabtcf/core`
//!   would choose, segments padded to 24 bits as it does.
//! - [`GppString`]: GPP strings with the `tcfeuv2` (2), `usnat` (7), `usca`
//!   (8), `usva` (9), `usco` (10) and `usct` (12) sections and their GPC
//!   subsections, encoded as `@iabgpp/cmpapi` does.
//!
//! Decoding is strict: every malformed input is an [`IabError`], never a
//! panic (the decoders are fuzzed, see `fuzz/`).
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod bits;
mod error;
pub mod gpp;
pub mod json;
mod tc_json;
mod tcf;
pub mod us;
mod vendors;

pub use error::IabError;
pub use gpp::{GppString, Section};
pub use json::{decode_to_json, encode_from_json};
pub use tc_json::{tc_from_json, tc_to_json, Naming};
pub use tcf::{PublisherTc, TcString};
pub use us::{UsKind, UsSection, UsValue};
pub use vendors::{PublisherRestriction, VendorSet};
