//! What the visitor's browser and location tell us, apart from stored consent.

use crate::region::Region;

/// Signals for one request or page view.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signals {
    /// Global Privacy Control (`Sec-GPC: 1` / `navigator.globalPrivacyControl`).
    pub gpc: bool,
    /// Do Not Track (`DNT: 1` / `navigator.doNotTrack == "1"`); used only if the policy says so.
    pub dnt: bool,
    /// Where the visitor is, if known.
    pub region: Option<Region>,
}

impl Signals {
    /// Reads the `Sec-GPC` header values: only the exact value `1` counts, and
    /// any one `1` among several headers is an opt-out.
    pub fn gpc_from_headers<'a>(values: impl IntoIterator<Item = &'a [u8]>) -> bool {
        values.into_iter().any(|v| v.trim_ascii() == b"1")
    }

    /// Reads `DNT` header values, same rule as [`Signals::gpc_from_headers`].
    pub fn dnt_from_headers<'a>(values: impl IntoIterator<Item = &'a [u8]>) -> bool {
        Self::gpc_from_headers(values)
    }
}
