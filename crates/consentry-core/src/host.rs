//! Hosts and URLs: normalisation, and the index that maps a URL to the service
//! that loads from it.
//!
//! Matching is by whole DNS labels (`evilgoogle-analytics.com` never matches
//! `google-analytics.com`) and costs one hash lookup per label of the URL's host.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A host rule: a normalised host plus an optional path prefix.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HostRule {
    /// Lowercase host; the rule covers it and all its subdomains.
    pub host: String,
    /// Path prefix (starting with `/`), or empty for the whole host.
    pub path: String,
}

impl HostRule {
    /// Parses `host` or `host/path-prefix`; `None` when it is not a valid rule.
    pub fn parse(s: &str) -> Option<HostRule> {
        let (h, p) = match s.find('/') {
            Some(i) => (&s[..i], &s[i..]),
            None => (s, ""),
        };
        if p.contains(['?', '#', ' ', '\\']) {
            return None;
        }
        let host = normalize_host(h)?;
        if !host.contains('.') {
            return None;
        }
        Some(HostRule {
            host: host.into_owned(),
            path: p.trim_end_matches('/').into(),
        })
    }
}

impl std::fmt::Display for HostRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.host, self.path)
    }
}

/// Lowercases and validates a host name; `None` for anything that is not an
/// ASCII DNS name (browsers hand us punycode; raw Unicode is refused so that
/// look-alike spellings cannot slip past the ASCII catalog).
pub fn normalize_host(h: &str) -> Option<Cow<'_, str>> {
    let h = h.strip_suffix('.').unwrap_or(h);
    if h.is_empty() || h.len() > 253 {
        return None;
    }
    for label in h.split('.') {
        let b = label.as_bytes();
        if b.is_empty()
            || b.len() > 63
            || !b
                .iter()
                .all(|c| c.is_ascii_alphanumeric() || *c == b'-' || *c == b'_')
        {
            return None;
        }
    }
    if h.bytes().any(|c| c.is_ascii_uppercase()) {
        Some(Cow::Owned(h.to_ascii_lowercase()))
    } else {
        Some(Cow::Borrowed(h))
    }
}

/// Where a URL points, as far as consent is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target<'a> {
    /// Relative, or a scheme without a network host (`data:`, `javascript:`).
    NoHost,
    /// A network host and the path (normalised enough for prefix rules).
    Host(Cow<'a, str>, Cow<'a, str>),
    /// Looks like a network URL but its host cannot be read safely.
    Unreadable,
}

const SPECIAL: [&str; 6] = ["http", "https", "ws", "wss", "ftp", "file"];

/// Finds the host and path of a URL the way a browser would, including the
/// tricks trackers and sloppy markup use: missing or backslashed slashes,
/// userinfo, ports, percent-encoded or full-width host characters, embedded
/// tabs and newlines, dot segments.
pub fn target(url: &str) -> Target<'_> {
    // Browsers drop leading/trailing C0 and spaces and every tab/newline.
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    if trimmed.contains(['\t', '\n', '\r']) {
        target_of(&trimmed.replace(['\t', '\n', '\r'], "")).into_owned()
    } else {
        target_of(trimmed)
    }
}

impl Target<'_> {
    fn into_owned(self) -> Target<'static> {
        match self {
            Target::NoHost => Target::NoHost,
            Target::Unreadable => Target::Unreadable,
            Target::Host(h, p) => {
                Target::Host(Cow::Owned(h.into_owned()), Cow::Owned(p.into_owned()))
            }
        }
    }
}

fn target_of(url: &str) -> Target<'_> {
    let scheme_end = url.find(':').filter(|&i| {
        let s = &url.as_bytes()[..i];
        !s.is_empty()
            && s[0].is_ascii_alphabetic()
            && s.iter()
                .all(|c| c.is_ascii_alphanumeric() || b"+-.".contains(c))
    });
    let rest = match scheme_end {
        Some(i) => {
            let scheme = &url[..i];
            if !SPECIAL.iter().any(|s| s.eq_ignore_ascii_case(scheme)) {
                if scheme.eq_ignore_ascii_case("blob") {
                    return target_of(&url[i + 1..]);
                }
                return Target::NoHost;
            }
            // Special schemes take any run of slashes or backslashes, even none.
            url[i + 1..].trim_start_matches(['/', '\\'])
        }
        None => {
            let b = url.as_bytes();
            if b.len() >= 2 && matches!(b[0], b'/' | b'\\') && matches!(b[1], b'/' | b'\\') {
                url.trim_start_matches(['/', '\\'])
            } else {
                return Target::NoHost;
            }
        }
    };
    let end = rest.find(['/', '\\', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if host_port.starts_with('[') {
        // IPv6 literal: never in the catalog, but still a third party.
        return match host_port.find(']') {
            Some(i) => Target::Host(Cow::Borrowed(&host_port[..=i]), path_of(tail)),
            None => Target::Unreadable,
        };
    }
    let host = host_port.rsplit_once(':').map_or(host_port, |(h, _)| h);
    let host = match decode_host(host) {
        Cow::Borrowed(h) => normalize_host(h),
        Cow::Owned(h) => normalize_host(&h).map(|n| Cow::Owned(n.into_owned())),
    };
    match host {
        Some(h) => Target::Host(h, path_of(tail)),
        None => Target::Unreadable,
    }
}

/// Percent-decoding and the full-width folds that browsers' IDNA step applies.
fn decode_host(h: &str) -> Cow<'_, str> {
    if h.is_ascii() && !h.contains('%') {
        return Cow::Borrowed(h);
    }
    let decoded = percent_decode(h);
    let mut out = String::with_capacity(decoded.len());
    for c in decoded.chars() {
        match c {
            '\u{3002}' | '\u{FF0E}' | '\u{FF61}' => out.push('.'),
            '\u{FF01}'..='\u{FF5E}' => {
                out.push(char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or('\u{FFFD}'))
            }
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn percent_decode(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

/// The path part (before `?`/`#`) with the normalisations a browser applies
/// before sending, so `/x/../pagead` and `/%70agead` meet the `/pagead` rule.
fn path_of(tail: &str) -> Cow<'_, str> {
    let end = tail.find(['?', '#']).unwrap_or(tail.len());
    let p = &tail[..end];
    if !p.contains(['\\', '%', '.']) {
        return Cow::Borrowed(p);
    }
    let p = p.replace('\\', "/");
    let p = percent_decode(&p).into_owned();
    let mut segs: Vec<&str> = Vec::new();
    for s in p.split('/').skip(1) {
        match s {
            "." => {}
            ".." => {
                segs.pop();
            }
            s => segs.push(s),
        }
    }
    let mut out = String::with_capacity(p.len());
    for s in segs {
        out.push('/');
        out.push_str(s);
    }
    Cow::Owned(out)
}

/// FxHash: host lookups hash short strings; SipHash's DoS resistance buys
/// nothing here because the keys come from the site's own policy.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut v = [0u8; 8];
            v[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(v))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ i as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Maps hosts to `(path prefix, service index)` rules, longest path first.
#[derive(Debug, Default, Clone)]
pub(crate) struct HostIndex {
    map: FxMap<Box<str>, Vec<(Box<str>, usize)>>,
}

impl HostIndex {
    /// Adds a rule; returns the service already holding this exact rule, if any.
    pub fn insert(&mut self, rule: &HostRule, service: usize) -> Option<usize> {
        let rules = self.map.entry(rule.host.as_str().into()).or_default();
        if let Some((_, s)) = rules.iter().find(|(p, _)| **p == *rule.path) {
            return Some(*s);
        }
        rules.push((rule.path.as_str().into(), service));
        rules.sort_by_key(|r| std::cmp::Reverse(r.0.len()));
        None
    }

    /// The service whose rule matches this host and path most specifically.
    pub fn lookup(&self, host: &str, path: &str) -> Option<usize> {
        let mut h = host;
        loop {
            if let Some(rules) = self.map.get(h) {
                for (prefix, svc) in rules {
                    if path_has_prefix(path, prefix) {
                        return Some(*svc);
                    }
                }
            }
            match h.find('.') {
                Some(i) => h = &h[i + 1..],
                None => return None,
            }
        }
    }
}

/// `/pagead` covers `/pagead`, `/pagead/x` and `/pagead2` alike: over-blocking a
/// look-alike path is the safe side.
fn path_has_prefix(path: &str, prefix: &str) -> bool {
    prefix.is_empty() || path.starts_with(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(url: &str) -> Option<String> {
        match target(url) {
            Target::Host(h, _) => Some(h.into_owned()),
            _ => None,
        }
    }

    #[test]
    fn reads_hosts_like_a_browser() {
        let cases = [
            ("https://WWW.Example.COM./x", Some("www.example.com")),
            ("//cdn.example.com/a.js", Some("cdn.example.com")),
            ("\\\\cdn.example.com/a.js", Some("cdn.example.com")),
            ("https:cdn.example.com/a.js", Some("cdn.example.com")),
            ("https:\\\\cdn.example.com\\a.js", Some("cdn.example.com")),
            (
                "https://user:pw@cdn.example.com:8443/a",
                Some("cdn.example.com"),
            ),
            ("https://cdn.example.com@evil.net/", Some("evil.net")),
            ("  https://cdn.exa\tmple.com/\n", Some("cdn.example.com")),
            ("https://cdn%2Eexample%2ecom/", Some("cdn.example.com")),
            ("https://ｃｄｎ．example。com/", Some("cdn.example.com")),
            ("blob:https://cdn.example.com/uuid", Some("cdn.example.com")),
            ("/relative/x.js", None),
            ("x.js", None),
            ("data:text/javascript,alert(1)", None),
            ("javascript:alert(1)", None),
        ];
        for (url, want) in cases {
            assert_eq!(host(url).as_deref(), want, "{url}");
        }
        assert_eq!(target("https://bücher.example/"), Target::Unreadable);
        assert_eq!(target("https://[::1/"), Target::Unreadable);
    }

    #[test]
    fn normalises_paths_for_prefix_rules() {
        let path = |u: &str| match target(u) {
            Target::Host(_, p) => p.into_owned(),
            _ => panic!("{u}"),
        };
        assert_eq!(path("https://h.example/x/../ads/y.js?q=1#f"), "/ads/y.js");
        assert_eq!(path("https://h.example/%61ds/./y.js"), "/ads/y.js");
        assert_eq!(path("https://h.example\\ads\\y.js"), "/ads/y.js");
        assert_eq!(path("https://h.example"), "");
    }

    #[test]
    fn index_matches_whole_labels_and_most_specific_rule() {
        let mut ix = HostIndex::default();
        ix.insert(&HostRule::parse("example.com").unwrap(), 0);
        ix.insert(&HostRule::parse("cdn.example.com/ads").unwrap(), 1);
        ix.insert(&HostRule::parse("cdn.example.com/ads/video").unwrap(), 2);
        assert_eq!(
            ix.insert(&HostRule::parse("EXAMPLE.com/").unwrap(), 9),
            Some(0)
        );
        assert_eq!(ix.lookup("a.b.example.com", "/"), Some(0));
        assert_eq!(ix.lookup("cdn.example.com", "/ads/video/1.mp4"), Some(2));
        assert_eq!(ix.lookup("cdn.example.com", "/ads/1.js"), Some(1));
        assert_eq!(ix.lookup("cdn.example.com", "/lib.js"), Some(0));
        assert_eq!(ix.lookup("badexample.com", "/"), None);
        assert_eq!(ix.lookup("example.com.evil.net", "/"), None);
    }

    #[test]
    fn host_rules_validate() {
        assert!(HostRule::parse("example.com/path").is_some());
        for bad in [
            "",
            "localhost",
            "exa mple.com",
            "*.example.com",
            "https://x.com",
            "x.com/a?b",
            "x..com",
        ] {
            assert!(HostRule::parse(bad).is_none(), "{bad}");
        }
    }
}
