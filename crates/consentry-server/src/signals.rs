//! Signals from a request: `Sec-GPC`, `DNT`, and the visitor's region from
//! headers the site trusts (or its own resolver), with a fallback.
//!
//! A region header is only as trustworthy as the proxy that sets it: list a
//! header only when your edge overwrites it on every request (Cloudflare,
//! CloudFront, Vercel, …); otherwise any visitor can pick their own regime.
//! Nothing is trusted by default.

use consentry_core::request::{self, RegionPair, RequestHeaders};
use consentry_core::{Region, Signals};
use http::header::{HeaderMap, HeaderName};
use std::fmt;
use std::sync::Arc;

/// A trusted pair of headers: one holding the country (`DE`, or a whole
/// `US-CA`), and optionally one holding the subdivision part (`CA`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionHeader {
    /// Header with the ISO 3166-1 country code, or a full `CC-SUB` code.
    pub country: HeaderName,
    /// Header with the ISO 3166-2 subdivision suffix, used when the country
    /// header holds a bare country.
    pub subdivision: Option<HeaderName>,
}

impl RegionHeader {
    /// A country header, optionally paired with a subdivision header.
    pub fn new(country: &'static str, subdivision: Option<&'static str>) -> RegionHeader {
        RegionHeader {
            country: HeaderName::from_static(country),
            subdivision: subdivision.map(HeaderName::from_static),
        }
    }

    /// Cloudflare: `CF-IPCountry` and (with the "visitor location headers"
    /// managed transform) `CF-Region-Code`.
    pub fn cloudflare() -> RegionHeader {
        RegionHeader::new("cf-ipcountry", Some("cf-region-code"))
    }

    /// Amazon CloudFront: `CloudFront-Viewer-Country` and `-Region`.
    pub fn cloudfront() -> RegionHeader {
        RegionHeader::new(
            "cloudfront-viewer-country",
            Some("cloudfront-viewer-country-region"),
        )
    }

    /// Vercel: `X-Vercel-IP-Country` and `X-Vercel-IP-Country-Region`.
    pub fn vercel() -> RegionHeader {
        RegionHeader::new("x-vercel-ip-country", Some("x-vercel-ip-country-region"))
    }

    /// The same pair as consentry-core reads it.
    fn pair(&self) -> RegionPair<'_> {
        RegionPair {
            country: self.country.as_str(),
            subdivision: self.subdivision.as_ref().map(HeaderName::as_str),
        }
    }
}

/// Request headers as consentry-core reads them (its one parser).
#[derive(Clone, Copy)]
pub(crate) struct Headers<'h>(pub(crate) &'h HeaderMap);

impl RequestHeaders for Headers<'_> {
    fn each_value<'s>(&'s self, name: &str, f: &mut dyn FnMut(&'s [u8])) {
        for v in self.0.get_all(name) {
            f(v.as_bytes());
        }
    }
}

/// A site-supplied region lookup (e.g. a GeoIP database keyed on a header).
pub type Resolver = Arc<dyn Fn(&HeaderMap) -> Option<Region> + Send + Sync>;

/// Where the visitor's region comes from: the trusted headers in order, then
/// the resolver, then the fallback (`None`: the policy's default regime).
#[derive(Clone, Default)]
pub struct RegionSource {
    headers: Vec<RegionHeader>,
    resolver: Option<Resolver>,
    fallback: Option<Region>,
}

impl fmt::Debug for RegionSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RegionSource")
            .field("headers", &self.headers)
            .field("resolver", &self.resolver.is_some())
            .field("fallback", &self.fallback)
            .finish()
    }
}

impl RegionSource {
    /// Trusts nothing: every visitor gets the fallback (none by default).
    pub fn new() -> RegionSource {
        RegionSource::default()
    }

    /// Trusts one more header pair, consulted after those already added.
    pub fn header(mut self, header: RegionHeader) -> RegionSource {
        self.headers.push(header);
        self
    }

    /// Asks this resolver when no trusted header gives a region.
    pub fn resolver(
        mut self,
        f: impl Fn(&HeaderMap) -> Option<Region> + Send + Sync + 'static,
    ) -> RegionSource {
        self.resolver = Some(Arc::new(f));
        self
    }

    /// The region when nothing else gives one.
    pub fn fallback(mut self, region: Option<Region>) -> RegionSource {
        self.fallback = region;
        self
    }

    /// The visitor's region for these request headers.
    pub fn region(&self, headers: &HeaderMap) -> Option<Region> {
        let h = Headers(headers);
        self.headers
            .iter()
            .find_map(|p| p.pair().read(&h))
            .or_else(|| self.resolver.as_ref().and_then(|r| r(headers)))
            .or_else(|| self.fallback.clone())
    }

    /// Every signal of a request: GPC and DNT (the policy decides what DNT
    /// means) and the region.
    pub fn signals(&self, headers: &HeaderMap) -> Signals {
        let h = Headers(headers);
        Signals {
            gpc: request::flag(&h, "sec-gpc"),
            dnt: request::flag(&h, "dnt"),
            region: self.region(headers),
        }
    }
}
