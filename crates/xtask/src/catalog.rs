//! `cargo xtask catalog`: the built-in catalog, kept as reviewable data in
//! `catalog/*.toml` (one file per area), compiled into the packed Rust the
//! engine reads (`crates/consentry-core/src/catalog/generated.rs`). The
//! guard's host table is then generated from the compiled core by
//! `cargo xtask schema` (see `tables.rs`). `catalog check` (and the test
//! below) fails when the committed Rust is stale.
//!
//! A service's cookie lifetimes come from the Open Cookie Database (vendored
//! under `catalog/vendor/`) for the platforms its `ocd` list names; a
//! `lifetimes` entry in the data is the vendor's own documentation and wins,
//! and `vendor_overrides` says where and why.

mod ocd;
mod readme;
#[cfg(test)]
pub(crate) mod tests;

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The areas, in the engine's order; each is `catalog/<area>.toml`.
pub(crate) const AREAS: &[&str] = &[
    "analytics",
    "advertising",
    "social",
    "media",
    "support",
    "marketing",
    "fonts-and-maps",
    "security",
];

/// Where the generated Rust goes, relative to the workspace root.
pub(crate) const FILE: &str = "crates/consentry-core/src/catalog/generated.rs";

/// One service as the data file writes it.
#[derive(Debug, Clone)]
pub(crate) struct Service {
    pub area: &'static str,
    pub id: String,
    pub name: String,
    pub provider: String,
    pub category: String,
    pub hosts: Vec<String>,
    pub cookies: Vec<String>,
    pub storage: Vec<String>,
    pub gcm: Vec<String>,
    pub policy: String,
    pub purpose: String,
    /// IAB TCF Global Vendor List id, where the vendor has one.
    pub gvl: Option<i64>,
    /// Open Cookie Database platform names mapped onto this service.
    pub ocd: Vec<String>,
    /// Lifetimes from the vendor's documentation (pattern → `2y`, `13mo`,
    /// `90d`, `24h`, `30min`, `10s`, `session`); they win over the OCD.
    pub lifetimes: BTreeMap<String, String>,
    /// Why the vendor's documentation wins over the OCD where they differ
    /// (required by a test, read nowhere else).
    #[cfg_attr(not(test), allow(dead_code))]
    pub vendor_overrides: Option<String>,
}

const KEYS: &[&str] = &[
    "id",
    "name",
    "provider",
    "category",
    "hosts",
    "cookies",
    "storage",
    "gcm",
    "policy",
    "purpose",
    "gvl",
    "ocd",
    "lifetimes",
    "vendor_overrides",
];

fn string(t: &toml::Table, key: &str, at: &str) -> Result<String, String> {
    match t.get(key) {
        Some(toml::Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
        _ => Err(format!("{at}: `{key}` must be a non-empty string")),
    }
}

fn list(t: &toml::Table, key: &str, at: &str) -> Result<Vec<String>, String> {
    match t.get(key) {
        None => Ok(Vec::new()),
        Some(toml::Value::Array(a)) => a
            .iter()
            .map(|v| match v {
                // OCD platform names may hold spaces; no list item is blank.
                toml::Value::String(s)
                    if !s.trim().is_empty()
                        && (key == "ocd" || !s.contains(char::is_whitespace)) =>
                {
                    Ok(s.clone())
                }
                _ => Err(format!(
                    "{at}: `{key}` items must be strings without spaces"
                )),
            })
            .collect(),
        Some(_) => Err(format!("{at}: `{key}` must be an array of strings")),
    }
}

/// Every service of one area's file text.
pub(crate) fn parse(area: &'static str, text: &str) -> Result<Vec<Service>, String> {
    let doc: toml::Table = text.parse().map_err(|e| format!("{area}: {e}"))?;
    if let Some(k) = doc.keys().find(|k| *k != "service") {
        return Err(format!("{area}: unknown top-level key `{k}`"));
    }
    let Some(toml::Value::Array(items)) = doc.get("service") else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let toml::Value::Table(t) = item else {
            return Err(format!("{area}: service {i} is not a table"));
        };
        let at = format!("{area}.toml service {}", i + 1);
        if let Some(k) = t.keys().find(|k| !KEYS.contains(&k.as_str())) {
            return Err(format!("{at}: unknown key `{k}`"));
        }
        let id = string(t, "id", &at)?;
        let at = format!("{area}.toml `{id}`");
        let lifetimes = match t.get("lifetimes") {
            None => BTreeMap::new(),
            Some(toml::Value::Table(l)) => l
                .iter()
                .map(|(k, v)| match v {
                    toml::Value::String(s) if lifetime(s).is_some() => Ok((k.clone(), s.clone())),
                    _ => Err(format!("{at}: lifetime of `{k}` is not like 2y, 13mo, 90d, 24h, 30min, 10s or session")),
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(format!("{at}: `lifetimes` must be a table")),
        };
        let gvl = match t.get("gvl") {
            None => None,
            Some(toml::Value::Integer(n)) if *n > 0 => Some(*n),
            Some(_) => return Err(format!("{at}: `gvl` must be a positive integer")),
        };
        let s = Service {
            area,
            name: string(t, "name", &at)?,
            provider: string(t, "provider", &at)?,
            category: string(t, "category", &at)?,
            hosts: list(t, "hosts", &at)?,
            cookies: list(t, "cookies", &at)?,
            storage: list(t, "storage", &at)?,
            gcm: list(t, "gcm", &at)?,
            policy: string(t, "policy", &at)?,
            purpose: string(t, "purpose", &at)?,
            gvl,
            ocd: list(t, "ocd", &at)?,
            lifetimes,
            vendor_overrides: match t.get("vendor_overrides") {
                None => None,
                Some(_) => Some(string(t, "vendor_overrides", &at)?),
            },
            id,
        };
        let fields = [
            &s.id,
            &s.name,
            &s.provider,
            &s.category,
            &s.policy,
            &s.purpose,
        ];
        if fields.iter().any(|f| f.contains(['\t', '\n'])) {
            return Err(format!("{at}: a field contains a tab or a line break"));
        }
        out.push(s);
    }
    Ok(out)
}

/// Every service of every area, in the engine's order.
pub(crate) fn load() -> Result<Vec<Service>, String> {
    let mut all = Vec::new();
    for area in AREAS {
        let path = crate::root().join(format!("catalog/{area}.toml"));
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        all.extend(parse(area, &text)?);
    }
    Ok(all)
}

/// A data lifetime (`2y`, `13mo`, `session`) in the packed form the core
/// reads after a cookie's `=` (`2_year`, `13_month`, `session`: what
/// `Lifetime::parse` reads, the space written `_`).
pub(crate) fn lifetime(s: &str) -> Option<String> {
    if s == "session" {
        return Some("session".into());
    }
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let n: u16 = s[..digits]
        .parse()
        .ok()
        .filter(|n| (1..=9999).contains(n))?;
    let unit = match &s[digits..] {
        "s" => "second",
        "min" => "minute",
        "h" => "hour",
        "d" => "day",
        "mo" => "month",
        "y" => "year",
        _ => return None,
    };
    Some(format!("{n}_{unit}"))
}

/// The generated Rust's text. Each entry is the decision fields and the IAB
/// GVL vendor id (part of the compiled policy, so of its hash, in every
/// build), then (inside `dialog_fields!`, which the core's `dialog-data`
/// feature empties) the fields only the preferences dialog shows — provider,
/// privacy policy, purpose — and the cookies' lifetimes (`2_year`, `-` when
/// unknown, one per cookie): the vendor's from the data, else the OCD's.
pub(crate) fn generate(services: &[Service]) -> Result<String, String> {
    let ocd = ocd::load()?;
    let mut s = String::from(
        "//! Generated by `cargo xtask catalog` from `catalog/*.toml` and the Open\n\
         //! Cookie Database; do not edit.\n\n\
         use super::CatalogEntry;\n\n\
         /// Every service, packed (see [`CatalogEntry`]).\n\
         pub(super) static ENTRIES: &[CatalogEntry] = &[\n",
    );
    // One lifetime per pattern, the first service's that knows it (a
    // pattern two services share, like `ajs_anonymous_id`, reads the same).
    let mut known: BTreeMap<&str, String> = BTreeMap::new();
    for v in services {
        for c in &v.cookies {
            if let Some(l) = v
                .lifetimes
                .get(c)
                .cloned()
                .or_else(|| ocd::lifetime(&ocd, &v.ocd, c))
            {
                known.entry(c).or_insert(l);
            }
        }
    }
    for v in services {
        let mut lifetimes = Vec::new();
        for c in &v.cookies {
            match known.get(c.as_str()) {
                Some(l) => lifetimes
                    .push(lifetime(l).ok_or_else(|| format!("{}: bad lifetime {l}", v.id))?),
                None => lifetimes.push("-".into()),
            }
        }
        let decision = [
            v.id.clone(),
            v.name.clone(),
            v.category.clone(),
            v.hosts.join(" "),
            v.cookies.join(" "),
            v.storage.join(" "),
            v.gcm.join(" "),
            v.gvl.map_or(String::new(), |g| g.to_string()),
        ]
        .join("\t");
        let dialog = [
            String::new(),
            v.provider.clone(),
            v.policy.clone(),
            v.purpose.clone(),
            lifetimes.join(" "),
        ]
        .join("\t");
        let _ = writeln!(
            s,
            "    CatalogEntry(concat!({decision:?}, dialog_fields!({dialog:?}))),"
        );
    }
    s.push_str("];\n");
    Ok(s)
}

/// The generated files: (path, contents).
fn outputs() -> Result<[(&'static str, String); 2], String> {
    let services = load()?;
    let rust = generate(&services)?;
    // Known lifetimes: the last dialog field's items other than `-`.
    let lifetimes: usize = rust
        .lines()
        .filter_map(|l| l.strip_prefix("    CatalogEntry(")?.split("\\t").last())
        .map(|c| {
            c.split(['"', ' '])
                .filter(|i| !i.is_empty() && *i != "-" && !i.starts_with(')'))
                .count()
        })
        .sum();
    let path = crate::root().join(readme::FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let md = readme::splice(&text, &readme::table(&services, lifetimes))?;
    Ok([(FILE, rust), (readme::FILE, md)])
}

/// Writes the generated Rust and the README's table.
pub(crate) fn write() -> Result<(), String> {
    for (path, text) in outputs()? {
        std::fs::write(crate::root().join(path), text).map_err(|e| format!("{path}: {e}"))?;
        println!("wrote {path}");
    }
    println!("run `cargo xtask schema` for the guard's table");
    Ok(())
}

/// Fails when a committed output differs from what the data generates.
pub(crate) fn check() -> Result<(), String> {
    crate::schema::stale_check(outputs()?, "catalog/*.toml", "cargo xtask catalog")
}
