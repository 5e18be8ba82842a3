//! Hosts and URLs: normalisation, and the index that maps a URL to the service
//! that loads from it.
//!
//! Matching is by whole DNS labels (`evilgoogle-analytics.com` never matches
//! `google-analytics.com`) and costs one hash lookup per label of the URL's host.

use crate::text::sub;
use std::borrow::Cow;

mod index;
pub(crate) use index::HostIndex;

/// A host rule: a normalised host plus an optional path prefix.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HostRule {
    /// Lowercase host; the rule covers it and all its subdomains. Borrowed
    /// from the catalog's static text where it is already normal, so the
    /// default policy copies no host.
    pub host: Cow<'static, str>,
    /// Path prefix (starting with `/`), or empty for the whole host.
    pub path: Cow<'static, str>,
}

impl HostRule {
    /// Parses `host` or `host/path-prefix`; `None` when it is not a valid rule.
    pub fn parse(s: &str) -> Option<HostRule> {
        let (host, path) = Self::parts(s)?;
        Some(HostRule {
            host: Cow::Owned(host.into_owned()),
            path: Cow::Owned(path.into_owned()),
        })
    }

    /// A catalog rule, borrowed as written: `cargo xtask catalog` writes
    /// rules already in [`HostRule::parse`]'s normal form (a test holds every
    /// entry to it), so the default policy parses and copies none of them.
    pub(crate) fn from_catalog(s: &'static str) -> HostRule {
        let (host, path) = match s.bytes().position(|b| b == b'/') {
            Some(i) => (sub(s, ..i), sub(s, i..)),
            None => (s, ""),
        };
        HostRule {
            host: Cow::Borrowed(host),
            path: Cow::Borrowed(path),
        }
    }

    fn parts(s: &str) -> Option<(Cow<'_, str>, Cow<'_, str>)> {
        let (h, p) = match s.find('/') {
            Some(i) => (sub(s, ..i), sub(s, i..)),
            None => (s, ""),
        };
        if p.contains(['?', '#', ' ', '\\']) {
            return None;
        }
        let host = normalize_host(h)?;
        if !host.contains('.') {
            return None;
        }
        let path = match path_of(p) {
            Cow::Borrowed(p) => Cow::Borrowed(p.trim_end_matches('/')),
            Cow::Owned(p) => Cow::Owned(p.trim_end_matches('/').into()),
        };
        Some((host, path))
    }
}

impl std::fmt::Display for HostRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.host)?;
        f.write_str(&self.path)
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
    // One pass: label lengths, allowed bytes, and whether lowercasing is needed.
    let (mut label, mut upper) = (0usize, false);
    for &c in h.as_bytes() {
        match CLASS[usize::from(c)] {
            NAME => label += 1,
            UPPER => {
                upper = true;
                label += 1;
            }
            DOT if label > 0 => label = 0,
            _ => return None,
        }
        if label > 63 {
            return None;
        }
    }
    if label == 0 {
        return None;
    }
    Some(if upper {
        Cow::Owned(h.to_ascii_lowercase())
    } else {
        Cow::Borrowed(h)
    })
}

const BAD: u8 = 0;
const NAME: u8 = 1;
const UPPER: u8 = 2;
const DOT: u8 = 3;

/// Byte classes of host names: `[a-z0-9_-]`, `[A-Z]`, `.`, anything else.
const CLASS: [u8; 256] = {
    let mut t = [BAD; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = if b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_' {
            NAME
        } else if b.is_ascii_uppercase() {
            UPPER
        } else if b == b'.' {
            DOT
        } else {
            BAD
        };
        c += 1;
    }
    t
};

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
    let trimmed = trim_c0(url);
    if memchr::memchr3(b'\t', b'\n', b'\r', trimmed.as_bytes()).is_some() {
        let clean: String = trimmed
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .collect();
        target_of(&clean).into_owned()
    } else {
        target_of(trimmed)
    }
}

/// Strips what browsers strip around a URL: C0 controls and spaces.
pub(crate) fn trim_c0(s: &str) -> &str {
    let b = s.as_bytes();
    let start = b.iter().position(|&c| c > b' ').unwrap_or(b.len());
    let end = b.iter().rposition(|&c| c > b' ').map_or(start, |i| i + 1);
    // Both ends sit next to ASCII bytes, so they are char boundaries.
    sub(s, start..end)
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

fn is_scheme_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.')
}

/// A URL cut into its raw host (not yet validated) and the rest.
pub(crate) enum Split<'a> {
    NoHost,
    Unreadable,
    /// `encoded`: the host holds `%` or non-ASCII and needs decoding first.
    Parts {
        host: &'a str,
        encoded: bool,
        tail: &'a str,
    },
    Ipv6(&'a str, &'a str),
}

pub(crate) fn split(url: &str) -> Split<'_> {
    let b = url.as_bytes();
    // Scheme: letters, digits, `+-.`, then `:`; anything else means "no scheme".
    let scheme_end = match b.first() {
        Some(c) if c.is_ascii_alphabetic() => b.iter().position(|&c| !is_scheme_char(c)),
        _ => None,
    }
    .filter(|&i| b[i] == b':');
    let start = match scheme_end {
        Some(i) => {
            let scheme = sub(url, ..i);
            if !(scheme == "https" || SPECIAL.iter().any(|s| s.eq_ignore_ascii_case(scheme))) {
                if scheme.eq_ignore_ascii_case("blob") {
                    return split(sub(url, i + 1..));
                }
                return Split::NoHost;
            }
            // Special schemes take any run of slashes or backslashes, even none.
            i + 1
        }
        None if b.len() >= 2 && matches!(b[0], b'/' | b'\\') && matches!(b[1], b'/' | b'\\') => 0,
        None => return Split::NoHost,
    };
    let start = start
        + b[start..]
            .iter()
            .take_while(|&&c| c == b'/' || c == b'\\')
            .count();
    let rest = sub(url, start..);
    // One scan: where the authority ends, its last `@` (userinfo) and `:`
    // (port), and whether the host needs decoding. On these short inputs a
    // byte loop beats several SIMD searches (measured).
    let (mut end, mut at, mut colon, mut encoded) = (rest.len(), None, None, false);
    for (i, &c) in rest.as_bytes().iter().enumerate() {
        match c {
            b'/' | b'\\' | b'?' | b'#' => {
                end = i;
                break;
            }
            b'@' => {
                at = Some(i);
                encoded = false;
            }
            b':' => colon = Some(i),
            b'%' | 0x80.. => encoded = true,
            _ => {}
        }
    }
    let (authority, tail) = (sub(rest, ..end), sub(rest, end..));
    let host_start = at.map_or(0, |i| i + 1);
    let host_port = sub(authority, host_start..);
    if host_port.starts_with('[') {
        // IPv6 literal: never in the catalog, but still a third party.
        return match host_port.find(']') {
            Some(i) => Split::Ipv6(sub(host_port, ..=i), tail),
            None => Split::Unreadable,
        };
    }
    let host = match colon {
        Some(i) if i >= host_start => sub(authority, host_start..i),
        _ => host_port,
    };
    Split::Parts {
        host,
        encoded,
        tail,
    }
}

fn target_of(url: &str) -> Target<'_> {
    match split(url) {
        Split::NoHost => Target::NoHost,
        Split::Unreadable => Target::Unreadable,
        Split::Ipv6(h, tail) => Target::Host(Cow::Borrowed(h), path_of(tail)),
        Split::Parts {
            host,
            encoded,
            tail,
        } => {
            let host = if encoded {
                normalize_host(&decode_host(host)).map(|n| Cow::Owned(n.into_owned()))
            } else {
                normalize_host(host)
            };
            match host {
                Some(h) => Target::Host(h, path_of(tail)),
                None => Target::Unreadable,
            }
        }
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
    Cow::Owned(String::from_utf8_lossy(&percent_decode_bytes(s)).into_owned())
}

/// `%XX` decoded to its byte; a `%` not followed by two hex digits kept.
pub(crate) fn percent_decode_bytes(s: &str) -> Vec<u8> {
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
    out
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

/// The path part (before `?`/`#`) with the normalisations a browser applies
/// before sending, so `/x/../pagead` and `/%70agead` meet the `/pagead` rule;
/// then as vendors' servers read it: ASCII case folded and empty segments
/// (`//`) dropped, so `/TR` and `//tr` meet Meta's `/tr`. Every path rule is
/// matched this way: where a vendor is stricter, over-blocking a look-alike
/// path is the safe side.
pub(crate) fn path_of(tail: &str) -> Cow<'_, str> {
    let tb = tail.as_bytes();
    let (mut end, mut odd) = (tb.len(), false);
    for (i, &c) in tb.iter().enumerate() {
        match c {
            b'?' | b'#' => {
                end = i;
                break;
            }
            b'\\' | b'%' | b'A'..=b'Z' => odd = true,
            b'.' | b'/' if i > 0 && tb[i - 1] == b'/' => odd = true,
            _ => {}
        }
    }
    let p = sub(tail, ..end);
    if !odd {
        return Cow::Borrowed(p);
    }
    let p = p.replace('\\', "/");
    let p = percent_decode(&p).to_ascii_lowercase();
    let mut segs: Vec<&str> = Vec::new();
    for s in p.split('/').skip(1) {
        match s {
            "." | "" => {}
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
