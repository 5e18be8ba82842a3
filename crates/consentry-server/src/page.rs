//! What the rewriter needs to know about the page and the visitor: the
//! response's nonce and charset, the banner and the visitor's languages.

use crate::inject;
use http::header::{HeaderMap, CONTENT_TYPE};

/// What the rewriter needs to know about the response.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageContext {
    /// The CSP script nonce for injected scripts.
    pub nonce: Option<String>,
    /// The `charset` of `Content-Type`; `None`: UTF-8 unless a `<meta
    /// charset>` early in the page says otherwise.
    pub charset: Option<String>,
    /// Render the consent banner at the start of `<body>` when the visitor
    /// must be asked (the drop-in adopts it: visible at first paint, no flash).
    pub banner: bool,
    /// The visitor's languages, preferred first (`Accept-Language`). With the
    /// page's `<html lang>` and the policy, they choose the banner's language
    /// by consentry-core's one rule ([`consentry_core::ui::choose_language`]:
    /// the page's language first), the rule the drop-in's UI follows.
    pub languages: Vec<String>,
    /// Where the banner's buttons post with JavaScript off; `None`: plain
    /// buttons (the banner then needs the drop-in).
    pub form: Option<PageForm>,
}

/// The banner's JavaScript-off form (see [`crate::choice`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageForm {
    /// The path the form posts to.
    pub action: String,
    /// The page's path and query, to return to.
    pub back: String,
    /// The anti-forgery token.
    pub token: Option<String>,
}

impl PageContext {
    /// Reads the nonce and charset from response headers.
    pub fn from_headers(headers: &HeaderMap) -> PageContext {
        let charset = headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(charset_of);
        PageContext {
            nonce: inject::csp_nonce(headers),
            charset,
            ..PageContext::default()
        }
    }

    /// Adds the server-rendered banner; `accept_language`, the request's
    /// header, gives the visitor's languages (see [`PageContext::languages`]).
    pub fn with_banner(mut self, accept_language: Option<&str>) -> PageContext {
        self.banner = true;
        self.languages = accept_language.map(languages).unwrap_or_default();
        self
    }
}

/// The language tags of an `Accept-Language` value, highest quality first
/// (at most 8; `*` and malformed entries skipped).
pub(crate) fn languages(accept_language: &str) -> Vec<String> {
    let mut tags: Vec<(u16, String)> = accept_language
        .split(',')
        .filter_map(|item| {
            let mut parts = item.split(';');
            let tag = parts.next()?.trim();
            let ok = !tag.is_empty()
                && tag.len() <= 35
                && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
            if !ok {
                return None;
            }
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1000), |q| {
                    q.trim()
                        .parse::<f32>()
                        .ok()
                        .map(|q| (q.clamp(0.0, 1.0) * 1000.0) as u16)
                })?;
            (q > 0).then(|| (q, tag.to_string()))
        })
        .take(8)
        .collect();
    tags.sort_by_key(|t| std::cmp::Reverse(t.0));
    tags.into_iter().map(|(_, t)| t).collect()
}

/// The `charset` parameter of a `Content-Type` value.
pub fn charset_of(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches('"').to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_by_quality() {
        assert_eq!(
            languages("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5"),
            ["fr-CH", "fr", "en", "de"]
        );
        assert_eq!(languages("en;q=0.1, ja"), ["ja", "en"]);
        assert_eq!(languages("de;q=0, <x>, ar;q=abc, , pl"), ["pl"]);
        assert!(languages("").is_empty());
    }

    #[test]
    fn charsets() {
        assert_eq!(
            charset_of("text/html; charset=\"Windows-1252\"").as_deref(),
            Some("Windows-1252")
        );
        assert_eq!(charset_of("text/html"), None);
    }
}
