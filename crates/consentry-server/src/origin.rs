//! Where a state-changing request (the banner's JS-off choice POST) comes
//! from, as the browser reports it: a page on another site must not be able
//! to post "accept all" for the visitor.

use http::HeaderMap;

/// What `Sec-Fetch-Site` and `Origin` say about a request's initiator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PostOrigin {
    /// The site's own pages: every header present agrees.
    SameOrigin,
    /// Another origin (a sibling subdomain included), an opaque `null`
    /// origin, or headers that disagree: refuse.
    CrossSite,
    /// Neither header (old browsers, some proxies): accept only with a
    /// token the site's own page carried.
    Unknown,
}

/// Judges a request against the site's origin (`https://www.example.com`,
/// lowercase, no trailing slash). `same-site` counts as cross-site: a
/// sibling subdomain is not trusted to choose for this one.
pub fn post_origin(headers: &HeaderMap, site_origin: &str) -> PostOrigin {
    let one = |name: &str| {
        let mut all = headers.get_all(name).iter();
        match (all.next(), all.next()) {
            (None, _) => Ok(None),
            (Some(v), None) => v.to_str().map(|s| Some(s.trim())).map_err(|_| ()),
            (Some(_), Some(_)) => Err(()), // repeated: ambiguous
        }
    };
    let (Ok(fetch_site), Ok(origin)) = (one("sec-fetch-site"), one("origin")) else {
        return PostOrigin::CrossSite;
    };
    let fetch_ok = fetch_site.map(|s| s.eq_ignore_ascii_case("same-origin"));
    let origin_ok = origin.map(|o| o.eq_ignore_ascii_case(site_origin));
    match (fetch_ok, origin_ok) {
        (None, None) => PostOrigin::Unknown,
        (Some(false), _) | (_, Some(false)) => PostOrigin::CrossSite,
        _ => PostOrigin::SameOrigin,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &str = "https://www.example.com";

    fn judge(h: &[(&str, &str)]) -> PostOrigin {
        let mut m = HeaderMap::new();
        for (k, v) in h {
            m.append(
                http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        post_origin(&m, SITE)
    }

    #[test]
    fn own_pages_pass() {
        use PostOrigin::*;
        assert_eq!(judge(&[("sec-fetch-site", "same-origin")]), SameOrigin);
        assert_eq!(judge(&[("origin", SITE)]), SameOrigin);
        assert_eq!(
            judge(&[
                ("sec-fetch-site", "same-origin"),
                ("origin", "HTTPS://WWW.example.com")
            ]),
            SameOrigin
        );
    }

    #[test]
    fn forged_posts_are_cross_site() {
        use PostOrigin::*;
        for h in [
            &[("sec-fetch-site", "cross-site")][..],
            &[("sec-fetch-site", "same-site")],
            &[("sec-fetch-site", "none")],
            &[("origin", "https://evil.example")],
            &[("origin", "null")],
            &[("origin", "https://www.example.com.evil.example")],
            &[("origin", "http://www.example.com")],
            // Headers that disagree: one of them lies.
            &[
                ("sec-fetch-site", "same-origin"),
                ("origin", "https://evil.example"),
            ],
            &[("sec-fetch-site", "cross-site"), ("origin", SITE)],
            // Repeated headers are ambiguous.
            &[("origin", SITE), ("origin", "https://evil.example")],
        ] {
            assert_eq!(judge(h), CrossSite, "{h:?}");
        }
    }

    #[test]
    fn no_headers_needs_a_token() {
        assert_eq!(judge(&[]), PostOrigin::Unknown);
        assert_eq!(judge(&[("referer", SITE)]), PostOrigin::Unknown);
    }
}
