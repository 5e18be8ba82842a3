//! Withdrawal on the server: `Set-Cookie` deletions for the first-party
//! cookies of blocked services, HttpOnly ones included (JavaScript can never
//! reach those), on every domain they may have been set for.

use consentry_core::cookie::{domain_variants, is_cookie_name, parse_cookie_header};
use consentry_core::Decider;
use http::HeaderValue;

/// The request `Cookie` header is refused (no consent, nothing cleared)
/// beyond this many bytes, all `Cookie` headers together.
pub use consentry_core::request::MAX_COOKIE_HEADER;

/// `Set-Cookie` values deleting each cookie in `cookie_header` that the
/// decider says must go (never the consent cookie): one per domain variant of
/// `host`, host-only first, then the host and each parent down to its
/// registrable domain (Public Suffix List). `__Host-` cookies get only the
/// host-only deletion; `__Secure-`/`__Host-` deletions carry `Secure`.
///
/// `host` may carry a port; a host that is not a plain DNS name or address
/// gets host-only deletions only.
pub fn deletions(d: &Decider<'_>, cookie_header: &str, host: &str) -> Vec<HeaderValue> {
    let names: Vec<&str> = parse_cookie_header(cookie_header)
        .map(|(n, _)| n)
        .filter(|n| is_cookie_name(n))
        .collect();
    let clear = d.cookies_to_clear(names);
    if clear.is_empty() {
        return Vec::new();
    }
    let variants = match clean_host(host) {
        Some(h) => {
            let reg = consentry_core::cookie::registrable_domain(&h);
            domain_variants(&h, reg.as_deref())
        }
        None => vec![None],
    };
    let mut out = Vec::with_capacity(clear.len() * variants.len());
    for name in clear {
        let host_prefix = name.starts_with("__Host-");
        let secure = host_prefix || name.starts_with("__Secure-");
        for v in &variants {
            if host_prefix && v.is_some() {
                continue;
            }
            let mut s = format!("{name}=; Max-Age=0; Path=/");
            if let Some(domain) = v {
                s.push_str("; Domain=");
                s.push_str(domain);
            }
            if secure {
                s.push_str("; Secure");
            }
            if let Ok(h) = HeaderValue::from_str(&s) {
                out.push(h);
            }
        }
    }
    out
}

/// The host of a `Host` header or URI authority, lower-case, without port
/// or trailing dot; `None` unless it is made of DNS name characters only (or
/// is an IP literal, which gets no `Domain` variants).
pub(crate) fn clean_host(host: &str) -> Option<String> {
    let host = host.trim();
    if host.starts_with('[') {
        return None; // IPv6 literal: host-only cookies only
    }
    let name = host.rsplit_once(':').map_or(host, |(h, port)| {
        if port.bytes().all(|b| b.is_ascii_digit()) {
            h
        } else {
            host
        }
    });
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    let ok = !name.is_empty()
        && name.len() <= 253
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        && !name.starts_with('.')
        && !name.contains("..");
    if !ok || name.parse::<std::net::Ipv4Addr>().is_ok() {
        return None;
    }
    Some(name)
}

#[cfg(test)]
mod tests {
    use super::clean_host;

    #[test]
    fn hosts() {
        assert_eq!(
            clean_host("WWW.Example.com:8443").as_deref(),
            Some("www.example.com")
        );
        assert_eq!(clean_host("example.com.").as_deref(), Some("example.com"));
        assert_eq!(clean_host("127.0.0.1:80"), None);
        assert_eq!(clean_host("[::1]:80"), None);
        assert_eq!(clean_host("evil.com; Domain=x"), None);
        assert_eq!(clean_host(""), None);
    }
}
