//! TC string dates: deciseconds since the Unix epoch, shown as ISO 8601 the
//! way JavaScript's `Date` prints them, and read back.

use crate::json::bad;
use crate::IabError;

/// ISO 8601 like JavaScript's `Date.prototype.toISOString`.
pub fn iso_from_deciseconds(ds: u64) -> String {
    let ms = ds * 100;
    let secs = ms / 1000;
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil_from_days(days as i64);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60,
        ms % 1000
    )
}

// Howard Hinnant's days-from-civil algorithms (public domain), for UTC dates.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.sss]Z` to deciseconds, rounding as
/// @iabtcf/core does (`Math.round(ms / 100)`).
pub fn deciseconds_from_iso(s: &str, path: &str) -> Result<u64, IabError> {
    let err = || bad(path, "expected an ISO date YYYY-MM-DDTHH:MM:SS[.sss]Z");
    let b = s.as_bytes();
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return Err(err());
    }
    let num =
        |r: std::ops::Range<usize>| s.get(r).and_then(|t| t.parse::<i64>().ok()).ok_or_else(err);
    let (y, mo, d, h, mi, se) = (
        num(0..4)?,
        num(5..7)?,
        num(8..10)?,
        num(11..13)?,
        num(14..16)?,
        num(17..19)?,
    );
    let ms = match s.get(19..).ok_or_else(err)? {
        "Z" => 0,
        frac if frac.len() == 5 && frac.starts_with('.') && frac.ends_with('Z') => num(20..23)?,
        _ => return Err(err()),
    };
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 59 || y < 1970
    {
        return Err(err());
    }
    let total = (days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + se) * 1000 + ms;
    Ok(((total + 50) / 100) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_print_like_javascript_and_read_back() {
        assert_eq!(iso_from_deciseconds(0), "1970-01-01T00:00:00.000Z");
        // new Date(Date.UTC(2026, 1, 28, 12, 0, 0, 300)).toISOString()
        assert_eq!(
            iso_from_deciseconds(17_722_800_003),
            "2026-02-28T12:00:00.300Z"
        );
        assert_eq!(
            iso_from_deciseconds(9_517_824_000),
            "2000-02-29T00:00:00.000Z"
        );
        for ds in [0, 9_517_824_000, 17_722_800_003, (1 << 36) - 1] {
            assert_eq!(
                deciseconds_from_iso(&iso_from_deciseconds(ds), "/").unwrap(),
                ds
            );
        }
        // Math.round(ms / 100): .350 rounds up, .349 down.
        assert_eq!(
            deciseconds_from_iso("1970-01-01T00:00:00.350Z", "/").unwrap(),
            4
        );
        assert_eq!(
            deciseconds_from_iso("1970-01-01T00:00:00.349Z", "/").unwrap(),
            3
        );
        for bad in [
            "2026-02-28",
            "2026-13-01T00:00:00Z",
            "2026-02-28T12:00:00.3Z",
            "2026-02-28T12:00:00é",
            "1969-12-31T00:00:00Z",
        ] {
            assert!(deciseconds_from_iso(bad, "/").is_err(), "{bad}");
        }
    }
}
