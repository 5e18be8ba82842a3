//! Forgery: whether a choice post comes from the site itself (Fetch
//! Metadata and `Origin`, see [`crate::post_origin`]), else the double-submit
//! token of the [`TOKEN_COOKIE`] cookie.

use crate::origin::{post_origin, PostOrigin};
use http::header::{HeaderMap, COOKIE, HOST};

/// The anti-forgery cookie (32 hex digits) matched against the form's token.
pub const TOKEN_COOKIE: &str = "consentry-token";

/// Whether a post may choose: from the site itself, or carrying the token
/// of its cookie. `origins` are the site's origins (`https://www.example.com`);
/// empty means `http(s)://` + the `Host` header.
pub fn allowed(headers: &HeaderMap, origins: &[String], form_token: Option<&str>) -> bool {
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let derived;
    let origins: &[String] = if origins.is_empty() {
        let host = host.to_ascii_lowercase();
        derived = [format!("https://{host}"), format!("http://{host}")];
        &derived
    } else {
        origins
    };
    let verdicts: Vec<PostOrigin> = origins.iter().map(|o| post_origin(headers, o)).collect();
    if verdicts.contains(&PostOrigin::SameOrigin) {
        return true;
    }
    if !verdicts.iter().all(|v| *v == PostOrigin::Unknown) {
        return false;
    }
    match (form_token, token_cookie(headers)) {
        (Some(given), Some(expected)) => same_bytes(given.as_bytes(), expected.as_bytes()),
        _ => false,
    }
}

/// The request's anti-forgery token, if it has a well-formed one.
pub fn token_cookie(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|h| consentry_core::cookie::cookie_values(h, TOKEN_COOKIE))
        .find(|t| t.len() == 32 && t.bytes().all(|c| c.is_ascii_hexdigit()))
}

/// Equal, in time independent of where they differ.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// 16 random bytes, or `None` when the system has no randomness to give.
pub fn random16() -> Option<[u8; 16]> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).ok()?;
    Some(b)
}

/// A fresh anti-forgery token: 32 hex digits.
pub fn new_token() -> Option<String> {
    random16().map(|b| b.iter().map(|x| format!("{x:02x}")).collect())
}

/// `Set-Cookie` for the anti-forgery token.
pub fn token_set_cookie(token: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{TOKEN_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{secure}")
}
