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
//!
//! [`decode_to_json`] and [`encode_from_json`] speak the reference libraries'
//! field names. [`strings_for`] maps Consentry's decision (policy, stored
//! consent, signals) to the strings, configured by the policy's `iab` section,
//! the categories' `tcfPurposes`, `tcfSpecialFeatures` and `usUses`, and the
//! services' `gvlId`; the vendor list version comes from a GVL JSON the site
//! supplies ([`Gvl`]), never fetched.
//!
//! ```
//! // A GPP string with the usnat section: sale opted out, GPC on.
//! let json = consentry_iab::decode_to_json("DBABLA~CAAQAAAAAABA.YA")?;
//! assert_eq!(json["sectionIds"], serde_json::json!([7]));
//! assert_eq!(json["usnat"]["SaleOptOut"], 1);
//! assert_eq!(json["usnat"]["Gpc"], true);
//! assert_eq!(consentry_iab::encode_from_json(&json)?, "DBABLA~CAAQAAAAAABA.YA");
//! # Ok::<(), consentry_iab::IabError>(())
//! ```
//!
//! # What the mapping cannot express
//!
//! - **Legitimate interest.** Consentry has consent only: purpose and vendor
//!   legitimate-interest bits are never set, and there is no right-to-object UI.
//! - **Per-purpose choices inside a category.** A category grants all its
//!   `tcfPurposes` at once; a visitor cannot consent to purpose 3 but not 4 of
//!   one category. Per-vendor choice exists only as Consentry's per-service choice.
//! - **Consent is affirmative.** Only a category or service the visitor
//!   *granted* counts as TCF consent; mandatory categories, opt-out-regime
//!   defaults and notice-only regimes give no TCF consent.
//! - **Publisher restrictions, the publisher TC segment, custom purposes,
//!   purpose one treatment, non-standard texts:** never written (the encoder
//!   and JSON support them; the policy has no fields for them).
//! - **Vendors outside the GVL** (deleted or unknown ids) are left out of
//!   consents and disclosed vendors, as `@iabtcf/core` does. The disclosed
//!   vendors are the policy's services with a `gvlId`.
//! - **US sensitive data, known-child consents, personal data consents:**
//!   always 0 (not applicable): Consentry has no sensitive-data categories.
//! - **US notices** are 1 for each use a category stands for (the banner is the
//!   notice) and 0 otherwise; `SharingNotice` is 1 when any use is mapped.
//! - **Opt-outs are conservative:** a use is "opted out" (1) when any category
//!   standing for it is blocked for any reason (refused, GPC, DNT, no consent in
//!   an opt-in regime), and, with GPC on, unless the visitor granted it while
//!   GPC was on. A category without `usUses` but with `optOut` stands for all
//!   three uses. MSPA modes: covered → opt-out option mode 1, service provider
//!   mode 2; not covered → 0 and 0.
//! - **Only `usnat`, `usca`, `usva`, `usco`, `usct` and `tcfeuv2`**; other GPP
//!   sections (`tcfcav1`, `uspv1`, other states) are neither written nor decoded.
//! - `@iabtcf/core` merges publisher-restriction ranges across ids missing
//!   from its GVL; without the GVL this encoder writes plain runs (both decode
//!   to the same vendors, the strings can differ).
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod bits;
mod dates;
mod error;
pub mod gpp;
mod gvl;
pub mod json;
pub mod mapping;
mod tc_json;
mod tcf;
pub mod us;
mod vendors;

pub use consentry_core::iab::{tc_cookie, tc_set_cookie, TC_COOKIE};
pub use error::IabError;
pub use gpp::{GppString, Section};
pub use gvl::Gvl;
pub use json::{decode_to_json, encode_from_json};
pub use mapping::{strings_for, IabStrings};
pub use tc_json::{tc_from_json, tc_to_json, Naming};
pub use tcf::{PublisherTc, TcString};
pub use us::{UsKind, UsSection, UsValue};
pub use vendors::{PublisherRestriction, VendorSet};
