//! `/.well-known/gpc.json`: the site's statement that it honours Global
//! Privacy Control (GPC spec, "Well-known resource").

use crate::error::Error;
use bytes::Bytes;
use http::header::{HeaderValue, CACHE_CONTROL, CONTENT_TYPE};
use http::{Response, StatusCode};

/// Where the resource lives.
pub const PATH: &str = "/.well-known/gpc.json";

/// The resource's JSON: `{"gpc": true, "lastUpdate": "YYYY-MM-DD"}`.
///
/// `gpc` is `true` for every policy: Consentry always treats GPC as an
/// opt-out of sale/sharing, everywhere or (per the policy's `gpc` scope) in
/// opt-out regimes. `lastUpdate` (when the site last changed how it honours
/// GPC) is left out when not given; it must be `YYYY-MM-DD`.
pub fn json(last_update: Option<&str>) -> Result<String, Error> {
    match last_update {
        None => Ok(r#"{"gpc": true}"#.to_string()),
        Some(d) if is_date(d) => Ok(format!(r#"{{"gpc": true, "lastUpdate": "{d}"}}"#)),
        Some(d) => Err(Error::InvalidDate(d.to_string())),
    }
}

/// The HTTP response serving [`json`]: `200`, `application/json`, cacheable
/// for a day.
pub fn response(body: &str) -> Response<Bytes> {
    let mut r = Response::new(Bytes::copy_from_slice(body.as_bytes()));
    *r.status_mut() = StatusCode::OK;
    let h = r.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    h.insert(
        CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    r
}

/// `YYYY-MM-DD` with a plausible month and day.
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) || !digits(5..7) {
        return false;
    }
    if !digits(8..10) {
        return false;
    }
    let month = (b[5] - b'0') * 10 + (b[6] - b'0');
    let day = (b[8] - b'0') * 10 + (b[9] - b'0');
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(json(None).unwrap(), r#"{"gpc": true}"#);
        assert_eq!(
            json(Some("2026-01-15")).unwrap(),
            r#"{"gpc": true, "lastUpdate": "2026-01-15"}"#
        );
        for bad in ["2026-13-01", "2026-1-01", "2026-01-1x", "\"}", ""] {
            assert!(json(Some(bad)).is_err(), "{bad}");
        }
    }
}
