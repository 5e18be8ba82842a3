//! Cookies: name patterns, the consent cookie's settings, `Cookie` header
//! parsing, and the domain/path variants a deletion must cover.

use crate::text::{num, push_num, sub};
use serde::{Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// A cookie or storage key name: exact, or with `*` matching any run of characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CookiePattern(Cow<'static, str>);

impl CookiePattern {
    /// `None` for an empty pattern, a bare `*`, or characters no cookie name can hold.
    pub fn parse(s: &str) -> Option<CookiePattern> {
        Self::valid(s).then(|| CookiePattern(Cow::Owned(s.into())))
    }

    /// A catalog pattern, borrowed as written (a test holds every catalog
    /// pattern to [`CookiePattern::parse`]).
    pub(crate) fn from_catalog(s: &'static str) -> CookiePattern {
        CookiePattern(Cow::Borrowed(s))
    }

    fn valid(s: &str) -> bool {
        !s.is_empty()
            && s.len() <= 256
            && s.chars().any(|c| c != '*')
            && s.bytes()
                .all(|c| c.is_ascii_graphic() && !b"=;,\"\\".contains(&c))
    }

    /// The pattern text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `name` matches (case-sensitive, like cookie names).
    pub fn matches(&self, name: &str) -> bool {
        glob(self.0.as_bytes(), name.as_bytes())
    }
}

impl Serialize for CookiePattern {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl fmt::Display for CookiePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How long a cookie lives, as the site or the catalog declares it: shown in
/// the preferences dialog (`2 years`, `session`), never used to decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifetime {
    /// Deleted when the browser session ends.
    Session,
    /// A number of units.
    For(u16, TimeUnit),
}

/// The unit of a [`Lifetime`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeUnit {
    /// Seconds.
    Second,
    /// Minutes.
    Minute,
    /// Hours.
    Hour,
    /// Days.
    Day,
    /// Months.
    Month,
    /// Years.
    Year,
}

impl TimeUnit {
    const ALL: [(TimeUnit, &'static str); 6] = [
        (TimeUnit::Second, "second"),
        (TimeUnit::Minute, "minute"),
        (TimeUnit::Hour, "hour"),
        (TimeUnit::Day, "day"),
        (TimeUnit::Month, "month"),
        (TimeUnit::Year, "year"),
    ];

    /// The unit's English singular (also its `Intl.NumberFormat` unit name).
    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(u, _)| *u == self)
            .map_or("", |(_, n)| n)
    }
}

impl Lifetime {
    /// `session`, or a whole number from 1 to 9999 and a unit, singular or
    /// plural: `30 minutes`, `1 day`, `13 months`, `2 years`.
    pub fn parse(s: &str) -> Option<Lifetime> {
        let s = s.trim();
        if s == "session" {
            return Some(Lifetime::Session);
        }
        let (n, unit) = s.split_once(' ')?;
        let n: u16 = n.parse().ok().filter(|n| (1..=9999).contains(n))?;
        let unit = unit.trim_start();
        let unit = unit.strip_suffix('s').unwrap_or(unit);
        let (u, _) = TimeUnit::ALL.iter().find(|(_, name)| *name == unit)?;
        Some(Lifetime::For(n, *u))
    }

    /// The form [`Lifetime::parse`] reads, in English: `session`, `1 day`,
    /// `2 years`.
    pub fn english(self) -> String {
        match self {
            Lifetime::Session => "session".into(),
            Lifetime::For(n, u) => {
                let mut s = num(n.into());
                s.push(' ');
                s.push_str(u.as_str());
                if n != 1 {
                    s.push('s');
                }
                s
            }
        }
    }
}

/// `*`-only glob, linear with one backtrack point (no exponential blow-up).
fn glob(p: &[u8], s: &[u8]) -> bool {
    let (mut pi, mut si) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while si < s.len() {
        if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, si));
            pi += 1;
        } else if pi < p.len() && p[pi] == s[si] {
            pi += 1;
            si += 1;
        } else if let Some((sp, ss)) = star {
            pi = sp + 1;
            si = ss + 1;
            star = Some((sp, ss + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

/// `SameSite` of the consent cookie.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum SameSite {
    /// `Lax` (default).
    Lax,
    /// `Strict`.
    Strict,
    /// `None` (requires `Secure`).
    None,
}

impl SameSite {
    /// The attribute value.
    pub fn as_str(self) -> &'static str {
        match self {
            SameSite::Lax => "Lax",
            SameSite::Strict => "Strict",
            SameSite::None => "None",
        }
    }
}

/// Where the consent record is stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentCookie {
    /// Cookie name (default `consentry`).
    pub name: String,
    /// `Domain` attribute (to share across subdomains); host-only when `None`.
    pub domain: Option<String>,
    /// `Path` attribute (default `/`).
    pub path: String,
    /// `SameSite` attribute.
    pub same_site: SameSite,
}

impl Default for ConsentCookie {
    fn default() -> Self {
        ConsentCookie {
            name: "consentry".into(),
            domain: None,
            path: "/".into(),
            same_site: SameSite::Lax,
        }
    }
}

impl ConsentCookie {
    /// The `Set-Cookie` value (or `document.cookie` assignment) storing `value`.
    /// `secure` should be true on https; `SameSite=None` forces it.
    pub fn set_cookie(&self, value: &str, max_age_secs: u64, secure: bool) -> String {
        let mut s = String::with_capacity(64);
        for part in [&self.name, "=", value, "; Path=", &self.path, "; Max-Age="] {
            s.push_str(part);
        }
        push_num(&mut s, max_age_secs);
        s.push_str("; SameSite=");
        s.push_str(self.same_site.as_str());
        if let Some(d) = &self.domain {
            s.push_str("; Domain=");
            s.push_str(d);
        }
        if secure || self.same_site == SameSite::None {
            s.push_str("; Secure");
        }
        s
    }
}

/// Whether a string is a valid cookie name (RFC 6265 token).
pub fn is_cookie_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 128
        && s.bytes()
            .all(|c| c.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&c))
}

/// Iterates the `name=value` pairs of a `Cookie` header (or `document.cookie`),
/// in order, skipping malformed pieces. Never fails.
pub fn parse_cookie_header(header: &str) -> impl Iterator<Item = (&str, &str)> {
    header.split(';').filter_map(|piece| {
        let (n, v) = piece.split_once('=')?;
        let n = n.trim();
        let v = v.trim();
        let v = v
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(v);
        (!n.is_empty()).then_some((n, v))
    })
}

/// The values of every cookie called `name` in a `Cookie` header, in header
/// order (browsers send the most specific path first).
pub fn cookie_values<'a>(header: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    // Same pairs as `parse_cookie_header` yields for `name`, found by searching
    // for the name instead of splitting every cookie: a request carries many.
    // `text::find`, not a memchr `Finder` (~1.5 KB brotli of wasm) nor
    // `str::find` (links `str` slicing's panic formatting).
    let mut at = 0;
    std::iter::from_fn(move || {
        if name.is_empty() {
            return None;
        }
        while let Some(i) = crate::text::find(&header.as_bytes()[at..], name.as_bytes()) {
            let start = at + i;
            at = start + name.len();
            // Only whitespace may separate the name from the previous `;`…
            let before = sub(header, ..start).trim_end();
            if !(before.is_empty() || before.ends_with(';')) {
                continue;
            }
            // …and from its `=`.
            let Some(value) = sub(header, at..).trim_start().strip_prefix('=') else {
                continue;
            };
            let end = value.find(';').unwrap_or(value.len());
            let offset = header.len() - value.len();
            at = offset + end;
            let v = sub(value, ..end).trim();
            return Some(
                v.strip_prefix('"')
                    .and_then(|v| v.strip_suffix('"'))
                    .unwrap_or(v),
            );
        }
        at = header.len();
        None
    })
}

/// The `Domain` values under which a cookie visible on `host` may have been
/// set: host-only (`None`), then `host` and each parent domain down to
/// `registrable` (e.g. `www.shop.example.co.uk` → `.www.shop.example.co.uk`,
/// `.shop.example.co.uk`, `.example.co.uk`). With no registrable domain known
/// only the host itself is returned, never a public suffix.
pub fn domain_variants(host: &str, registrable: Option<&str>) -> Vec<Option<String>> {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let mut out = vec![None];
    let Some(reg) = registrable.map(|r| r.trim_start_matches('.').to_ascii_lowercase()) else {
        out.push(Some(host));
        return out;
    };
    let covered = host == reg
        || host
            .strip_suffix(reg.as_str())
            .is_some_and(|h| h.ends_with('.'));
    if !covered {
        out.push(Some(host));
        return out;
    }
    let mut h = host.as_str();
    loop {
        out.push(Some(h.into()));
        if h == reg {
            break;
        }
        match h.find('.') {
            Some(i) => h = sub(h, i + 1..),
            None => break,
        }
    }
    out
}

/// Every path a cookie visible on `path` may have been set with: `/`, and each
/// directory prefix of the path (`/a/b/c` → `/`, `/a`, `/a/`, `/a/b`, `/a/b/`).
pub fn path_variants(path: &str) -> Vec<String> {
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let mut out = vec![String::from("/")];
    let mut acc = String::new();
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    for (i, seg) in segs.iter().enumerate() {
        acc.push('/');
        acc.push_str(seg);
        out.push(acc.clone());
        if i + 1 < segs.len() || path.ends_with('/') {
            let mut dir = acc.clone();
            dir.push('/');
            out.push(dir);
        }
    }
    out.truncate(32);
    out
}

/// The registrable domain ("eTLD+1") of a host, from the Public Suffix List.
/// `None` for a public suffix itself, an IP address, or a non-DNS name.
#[cfg(feature = "psl")]
pub fn registrable_domain(host: &str) -> Option<String> {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if host.parse::<std::net::IpAddr>().is_ok() {
        return None;
    }
    let d = psl::domain_str(&host)?;
    Some(d.to_string())
}

#[cfg(test)]
mod tests {

    #[test]
    fn lifetimes_parse_and_print() {
        use super::{Lifetime, TimeUnit};
        assert_eq!(Lifetime::parse("session"), Some(Lifetime::Session));
        assert_eq!(
            Lifetime::parse("2 years"),
            Some(Lifetime::For(2, TimeUnit::Year))
        );
        assert_eq!(
            Lifetime::parse("1 day"),
            Some(Lifetime::For(1, TimeUnit::Day))
        );
        for bad in [
            "",
            "0 days",
            "10000 days",
            "2",
            "two years",
            "2 fortnights",
            "-1 day",
            "2 years ago",
        ] {
            assert_eq!(Lifetime::parse(bad), None, "{bad:?}");
        }
        for s in ["session", "1 second", "30 minutes", "13 months", "2 years"] {
            assert_eq!(
                Lifetime::parse(s).map(Lifetime::english).as_deref(),
                Some(s)
            );
        }
    }

    use super::*;

    #[test]
    fn globs() {
        let p = |s| CookiePattern::parse(s).unwrap();
        assert!(p("_ga").matches("_ga") && !p("_ga").matches("_gat"));
        assert!(p("_ga_*").matches("_ga_ABC123") && !p("_ga_*").matches("_ga"));
        assert!(p("mp_*_mixpanel").matches("mp_abc_mixpanel"));
        assert!(!p("mp_*_mixpanel").matches("mp_abc_mixpanel_x"));
        assert!(p("a*b*c").matches("aXbYbZc"));
        assert!(CookiePattern::parse("*").is_none() && CookiePattern::parse("a;b").is_none());
        // Many stars on a long non-matching name stay linear.
        let long = "a".repeat(10_000);
        assert!(!p("*a*a*a*a*a*a*a*b").matches(&long));
    }

    #[test]
    fn parses_messy_cookie_headers() {
        let h = " a=1;b = \"2\" ;;junk; c=; consentry=x=y ; =z";
        let v: Vec<_> = parse_cookie_header(h).collect();
        assert_eq!(v, [("a", "1"), ("b", "2"), ("c", ""), ("consentry", "x=y")]);
        assert_eq!(
            cookie_values("n=1; n=2", "n").collect::<Vec<_>>(),
            ["1", "2"]
        );
    }

    #[test]
    fn domain_and_path_variants() {
        assert_eq!(
            domain_variants("A.b.Example.com.", Some("example.com")),
            [
                None,
                Some("a.b.example.com".into()),
                Some("b.example.com".into()),
                Some("example.com".into())
            ]
        );
        assert_eq!(
            domain_variants("x.other.net", Some("example.com")),
            [None, Some("x.other.net".into())]
        );
        assert_eq!(path_variants("/a/b?x"), ["/", "/a", "/a/", "/a/b"]);
        assert_eq!(path_variants("/"), ["/"]);
    }

    #[cfg(feature = "psl")]
    #[test]
    fn registrable_domains_from_the_public_suffix_list() {
        assert_eq!(
            registrable_domain("www.shop.example.co.uk").as_deref(),
            Some("example.co.uk")
        );
        assert_eq!(
            registrable_domain("a.b.example.com").as_deref(),
            Some("example.com")
        );
        assert_eq!(
            registrable_domain("user.github.io").as_deref(),
            Some("user.github.io")
        );
        assert_eq!(registrable_domain("co.uk"), None);
        assert_eq!(registrable_domain("127.0.0.1"), None);
    }

    #[test]
    fn set_cookie_attributes() {
        let c = ConsentCookie {
            domain: Some("example.com".into()),
            ..ConsentCookie::default()
        };
        assert_eq!(
            c.set_cookie("v", 60, true),
            "consentry=v; Path=/; Max-Age=60; SameSite=Lax; Domain=example.com; Secure"
        );
    }
}
