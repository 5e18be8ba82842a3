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

/// `s` split at an ASCII byte, by position, without `str` indexing.
fn split(s: &str, at: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let r = rest?;
        match r.bytes().position(|b| b == at) {
            // `get`: indexing a `str` would link its panic formatting (kilobytes).
            Some(i) => {
                rest = r.get(i + 1..);
                r.get(..i)
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// Reads a request: `headers` holds one `name:value` line per header value
/// (names any case, values as Node gives them, see above; HTTP forbids line
/// breaks in both), `trusted` one `country subdivision?` line per trusted
/// region pair. One string each keeps the JS glue small. Returns `{gpc, dnt,
/// region, cookies}`, `cookies` `null` when all `Cookie` headers together are
/// oversized.
#[wasm_bindgen(js_name = readRequest)]
pub fn read_request(headers: &str, trusted: &str) -> JsValue {
    let headers: Vec<(&str, Cow<'_, [u8]>)> = split(headers, b'\n')
        .filter_map(|line| {
            let i = line.bytes().position(|b| b == b':')?;
            Some((line.get(..i)?, wire_bytes(line.get(i + 1..)?)))
        })
        .collect();
    let pairs: Vec<RegionPair<'_>> = split(trusted, b'\n')
        .filter_map(|line| {
            let mut names = split(line, b' ').filter(|n| !n.is_empty());
            Some(RegionPair {
                country: names.next()?,
                subdivision: names.next(),
            })
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
