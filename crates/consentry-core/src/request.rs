//! What a request's headers say, read once for every binding (consentry-server,
//! the wasm engine's Node entry, the CLI): `Sec-GPC`, `DNT`, the visitor's
//! region from headers the site trusts, and the `Cookie` headers with the
//! oversized rule. Bindings adapt their header type to [`RequestHeaders`].
//!
//! A region header is only as trustworthy as the proxy that sets it: list a
//! pair only when the edge overwrites it on every request.

use crate::policy::Policy;
use crate::record::{Invalid, Stored};
use crate::region::Region;
use crate::signals::Signals;
use std::borrow::Cow;

/// All `Cookie` headers together beyond this many bytes are refused: the
/// record counts as invalid (no consent), never as a partial read.
pub const MAX_COOKIE_HEADER: usize = 16 * 1024;

/// Read access to a request's headers.
pub trait RequestHeaders {
    /// Calls `f` with every value of the header `name` (given in lower case;
    /// match names case-insensitively), in the order received.
    fn each_value<'s>(&'s self, name: &str, f: &mut dyn FnMut(&'s [u8]));
}

/// Header pairs as a list (`[(name, value)]`): vectors, the wasm entry, tests.
impl<N: AsRef<str>, V: AsRef<[u8]>> RequestHeaders for [(N, V)] {
    fn each_value<'s>(&'s self, name: &str, f: &mut dyn FnMut(&'s [u8])) {
        for (n, v) in self {
            if n.as_ref().eq_ignore_ascii_case(name) {
                f(v.as_ref());
            }
        }
    }
}

impl<N: AsRef<str>, V: AsRef<[u8]>> RequestHeaders for Vec<(N, V)> {
    fn each_value<'s>(&'s self, name: &str, f: &mut dyn FnMut(&'s [u8])) {
        self.as_slice().each_value(name, f)
    }
}

/// A trusted pair of headers: one holding the country (`DE`, or a whole
/// `US-CA`), optionally one holding the subdivision part (`CA`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegionPair<'a> {
    /// Lower-case name of the header with the ISO 3166-1 country (or `CC-SUB`).
    pub country: &'a str,
    /// Lower-case name of the header with the ISO 3166-2 subdivision suffix.
    pub subdivision: Option<&'a str>,
}

impl RegionPair<'static> {
    /// Cloudflare: `CF-IPCountry` and `CF-Region-Code`.
    pub const CLOUDFLARE: RegionPair<'static> = RegionPair {
        country: "cf-ipcountry",
        subdivision: Some("cf-region-code"),
    };
    /// Amazon CloudFront: `CloudFront-Viewer-Country` and `-Region`.
    pub const CLOUDFRONT: RegionPair<'static> = RegionPair {
        country: "cloudfront-viewer-country",
        subdivision: Some("cloudfront-viewer-country-region"),
    };
    /// Vercel: `X-Vercel-IP-Country` and `X-Vercel-IP-Country-Region`.
    pub const VERCEL: RegionPair<'static> = RegionPair {
        country: "x-vercel-ip-country",
        subdivision: Some("x-vercel-ip-country-region"),
    };

    /// A pair by the name bindings accept (`cloudflare`, `cloudfront`, `vercel`).
    pub fn named(name: &str) -> Option<RegionPair<'static>> {
        match name {
            "cloudflare" => Some(Self::CLOUDFLARE),
            "cloudfront" => Some(Self::CLOUDFRONT),
            "vercel" => Some(Self::VERCEL),
            _ => None,
        }
    }
}

impl RegionPair<'_> {
    /// The region these headers give, if they give a valid one.
    pub fn read(&self, headers: &(impl RequestHeaders + ?Sized)) -> Option<Region> {
        let country = first_text(headers, self.country)?.trim();
        // Cloudflare: `XX` unknown, `T1` Tor; neither is a place.
        if country.eq_ignore_ascii_case("XX") || country.eq_ignore_ascii_case("T1") {
            return None;
        }
        let region = Region::parse(country)?;
        if region.as_str().len() > 2 {
            return Some(region);
        }
        let sub = self
            .subdivision
            .and_then(|h| first_text(headers, h))
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let Some(sub) = sub else { return Some(region) };
        // `CC-SUB` on the stack: this runs on every request. A subdivision
        // that does not parse leaves the country, never nothing.
        let mut buf = [0u8; 16];
        let n = country.len();
        if n + 1 + sub.len() > buf.len() {
            return Some(region);
        }
        buf[..n].copy_from_slice(country.as_bytes());
        buf[n] = b'-';
        buf[n + 1..n + 1 + sub.len()].copy_from_slice(sub.as_bytes());
        std::str::from_utf8(&buf[..n + 1 + sub.len()])
            .ok()
            .and_then(Region::parse)
            .or(Some(region))
    }
}

/// `Sec-GPC` / `DNT`: only the exact value `1` counts (the GPC spec's
/// structured item; `1, 1` in one header is not it), and any `1` among
/// several headers wins.
pub fn flag(headers: &(impl RequestHeaders + ?Sized), name: &str) -> bool {
    let mut on = false;
    headers.each_value(name, &mut |v| on |= v.trim_ascii() == b"1");
    on
}

/// The region from the first trusted pair that gives one.
pub fn region(
    headers: &(impl RequestHeaders + ?Sized),
    pairs: &[RegionPair<'_>],
) -> Option<Region> {
    pairs.iter().find_map(|p| p.read(headers))
}

/// `Sec-GPC`, `DNT` (the policy decides what it means) and the region from
/// the trusted pairs; a binding with its own resolver or fallback fills a
/// missing region afterwards.
pub fn signals(headers: &(impl RequestHeaders + ?Sized), pairs: &[RegionPair<'_>]) -> Signals {
    Signals {
        gpc: flag(headers, "sec-gpc"),
        dnt: flag(headers, "dnt"),
        region: region(headers, pairs),
    }
}

/// The request's cookies as one header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CookieHeader<'h> {
    /// Every UTF-8 `Cookie` header joined with `; ` (HTTP/2 sends one per
    /// cookie); borrowed when there is one. Empty when there are none.
    Text(Cow<'h, str>),
    /// More than [`MAX_COOKIE_HEADER`] bytes in all.
    Oversized,
}

impl CookieHeader<'_> {
    /// The stored consent this header holds at `now` (Unix seconds).
    pub fn stored(&self, policy: &Policy, now: u64) -> Stored {
        match self {
            CookieHeader::Text(t) => Stored::from_cookie_header(t, policy, now),
            CookieHeader::Oversized => Stored::Invalid(Invalid::Oversized),
        }
    }
}

/// Joins the `Cookie` headers; headers that are not UTF-8 are skipped.
pub fn cookie_header(headers: &(impl RequestHeaders + ?Sized)) -> CookieHeader<'_> {
    let mut out: Option<Cow<'_, str>> = None;
    let mut oversized = false;
    headers.each_value("cookie", &mut |v| {
        let Ok(v) = std::str::from_utf8(v) else {
            return;
        };
        if oversized {
            return;
        }
        match &mut out {
            None => out = Some(Cow::Borrowed(v)),
            Some(o) => {
                let s = o.to_mut();
                s.push_str("; ");
                s.push_str(v);
            }
        }
        oversized = out.as_ref().is_some_and(|o| o.len() > MAX_COOKIE_HEADER);
    });
    if oversized {
        return CookieHeader::Oversized;
    }
    CookieHeader::Text(out.unwrap_or(Cow::Borrowed("")))
}

/// The first value of a header as text: visible ASCII and tab only (what
/// `http` calls a string), else absent.
fn first_text<'h>(headers: &'h (impl RequestHeaders + ?Sized), name: &str) -> Option<&'h str> {
    let mut first: Option<&'h [u8]> = None;
    headers.each_value(name, &mut |v| {
        first.get_or_insert(v);
    });
    let v = first?;
    v.iter()
        .all(|b| *b == b'\t' || (0x20..0x7f).contains(b))
        .then(|| std::str::from_utf8(v).ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, Vec<u8>)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn flags_any_exact_one() {
        assert!(flag(&h(&[("Sec-GPC", "0"), ("sec-gpc", " 1 ")]), "sec-gpc"));
        assert!(!flag(&h(&[("sec-gpc", "0, 1")]), "sec-gpc"));
        assert!(!flag(
            &h(&[("sec-gpc", "true"), ("sec-gpc", "11")]),
            "sec-gpc"
        ));
        assert!(!flag(&h(&[]), "dnt"));
    }

    #[test]
    fn region_pairs() {
        let p = [RegionPair::CLOUDFLARE];
        let r = |x: &[(&str, &str)]| region(&h(x), &p).map(|r| r.to_string());
        assert_eq!(
            r(&[("cf-ipcountry", "us"), ("cf-region-code", "CA")]).as_deref(),
            Some("US-CA")
        );
        assert_eq!(
            r(&[("cf-ipcountry", "US"), ("cf-region-code", "??")]).as_deref(),
            Some("US")
        );
        assert_eq!(r(&[("cf-ipcountry", "XX")]), None);
        assert_eq!(r(&[("cf-ipcountry", "D\u{e9}")]), None);
    }

    #[test]
    fn cookies_join_skip_and_overflow() {
        let mut x = h(&[("cookie", "a=1"), ("cookie", "b=2")]);
        x.insert(1, ("cookie".into(), vec![0xff, b'=', b'1']));
        assert_eq!(cookie_header(&x), CookieHeader::Text("a=1; b=2".into()));
        let one = h(&[("cookie", "a=1")]);
        assert!(matches!(
            cookie_header(&one),
            CookieHeader::Text(Cow::Borrowed("a=1"))
        ));
        let big = "x".repeat(MAX_COOKIE_HEADER / 2);
        let over = h(&[("cookie", &big), ("cookie", &big)]);
        assert_eq!(cookie_header(&over), CookieHeader::Oversized);
        assert_eq!(cookie_header(&h(&[])), CookieHeader::Text("".into()));
    }
}
