//! Request headers for the Node entry (pkg/src/node.js), read by the core's
//! one parser ([`consentry_core::request`]) as consentry-server reads them.

use crate::to_js::to_js;
use consentry_core::request::{self, CookieHeader, RegionPair};
use consentry_core::Region;
use serde::Serialize;
use std::borrow::Cow;
use wasm_bindgen::prelude::*;

/// What a request says.
#[derive(Serialize)]
struct Read {
    gpc: bool,
    dnt: bool,
    region: Option<String>,
    /// Every `Cookie` header joined; `None`: over the 16 KiB limit.
    cookies: Option<String>,
}

/// A header value as Node hands it over: one character per byte received
/// (latin1), so bytes are recovered exactly; a value with a character above
/// U+00FF was never wire bytes (already decoded text) and is taken as UTF-8.
fn wire_bytes(v: &str) -> Cow<'_, [u8]> {
    if v.is_ascii() || v.chars().any(|c| c as u32 > 0xff) {
        return Cow::Borrowed(v.as_bytes());
    }
    Cow::Owned(v.chars().map(|c| c as u8).collect())
}

/// Reads a request: `names[i]` (any case) has the value `values[i]` (as Node
/// gives it, see above); trusted region pairs are `countries[i]` with
/// `subdivisions[i]` (empty: none). Returns `{gpc, dnt, region, cookies}`,
/// `cookies` `null` when all `Cookie` headers together are oversized.
#[wasm_bindgen(js_name = readRequest)]
pub fn read_request(
    names: Vec<String>,
    values: Vec<String>,
    countries: Vec<String>,
    subdivisions: Vec<String>,
) -> JsValue {
    let headers: Vec<(&str, Cow<'_, [u8]>)> = names
        .iter()
        .zip(&values)
        .map(|(n, v)| (n.as_str(), wire_bytes(v)))
        .collect();
    let pairs: Vec<RegionPair<'_>> = countries
        .iter()
        .enumerate()
        .map(|(i, c)| RegionPair {
            country: c,
            subdivision: subdivisions
                .get(i)
                .map(String::as_str)
                .filter(|s| !s.is_empty()),
        })
        .collect();
    let signals = request::signals(&headers, &pairs);
    let cookies = match request::cookie_header(&headers) {
        CookieHeader::Text(t) => Some(t.into_owned()),
        CookieHeader::Oversized => None,
    };
    to_js(&Read {
        gpc: signals.gpc,
        dnt: signals.dnt,
        region: signals.region.map(|r| r.as_str().to_string()),
        cookies,
    })
}

/// `CC` or `CC-SUB` upper-cased, or `null`: the core's region rule, for
/// regions the Node app supplies (resolver, fallback).
#[wasm_bindgen(js_name = parseRegion)]
pub fn parse_region(s: &str) -> Option<String> {
    Region::parse(s).map(|r| r.as_str().to_string())
}
