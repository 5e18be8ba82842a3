//! The vendored Open Cookie Database (`catalog/vendor/open-cookie-database/`,
//! Apache-2.0): cookie retention by platform, read at generation time only.

/// Where the CSV sits, relative to the workspace root.
const CSV: &str = "catalog/vendor/open-cookie-database/open-cookie-database.csv";

/// One OCD row, the columns the catalog uses.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub platform: String,
    pub name: String,
    pub retention: String,
    /// The name is a prefix (`Wildcard match` = 1).
    pub wildcard: bool,
}

/// RFC 4180 records: quoted fields may hold commas, quotes (`""`) and line breaks.
fn records(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let (mut row, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                out.push(std::mem::take(&mut row));
            }
            ('\r', false) => {}
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        out.push(row);
    }
    out
}

/// Every row of the vendored CSV.
pub(crate) fn load() -> Result<Vec<Row>, String> {
    let text =
        std::fs::read_to_string(crate::root().join(CSV)).map_err(|e| format!("{CSV}: {e}"))?;
    let mut rows = records(&text).into_iter();
    let header = rows.next().ok_or(format!("{CSV}: empty"))?;
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .ok_or(format!("{CSV}: no column {name}"))
    };
    let (p, n, r, w) = (
        col("Platform")?,
        col("Cookie / Data Key name")?,
        col("Retention period")?,
        col("Wildcard match")?,
    );
    Ok(rows
        .filter(|f| f.len() == header.len())
        .map(|f| Row {
            platform: f[p].clone(),
            name: f[n].clone(),
            retention: f[r].clone(),
            wildcard: f[w] == "1",
        })
        .collect())
}

/// An OCD retention (`2 years`, `30 Days`, `session`, `3 weeks`) in the
/// catalog's notation (`2y`, `30d`, `session`, `21d`); `None` for the vague
/// ones (`Unknown`, `Varies`, `forever`).
pub(crate) fn retention(s: &str) -> Option<String> {
    let s = s.trim().to_ascii_lowercase();
    if s == "session" || s.starts_with("end of session") {
        return Some("session".into());
    }
    let (n, unit) = s.split_once(' ')?;
    let n: u16 = n.parse().ok().filter(|n| *n > 0)?;
    let (n, unit) = match unit.trim_end_matches('s') {
        "second" => (n, "s"),
        "minute" | "min" => (n, "min"),
        "hour" => (n, "h"),
        "day" => (n, "d"),
        "week" => (n.checked_mul(7)?, "d"),
        "month" => (n, "mo"),
        "year" => (n, "y"),
        _ => return None,
    };
    Some(format!("{n}{unit}"))
}

/// The OCD row for a catalog cookie pattern among the given platforms:
/// the same name, or a wildcard row whose prefix the pattern ends with `*`.
pub(crate) fn row<'a>(rows: &'a [Row], platforms: &[String], pattern: &str) -> Option<&'a Row> {
    rows.iter().find(|r| {
        platforms.contains(&r.platform)
            && (r.name == pattern
                || (r.wildcard && pattern.strip_suffix('*') == Some(r.name.as_str())))
    })
}

/// The lifetime the OCD gives a catalog cookie pattern, in catalog notation.
pub(crate) fn lifetime(rows: &[Row], platforms: &[String], pattern: &str) -> Option<String> {
    row(rows, platforms, pattern).and_then(|r| retention(&r.retention))
}
