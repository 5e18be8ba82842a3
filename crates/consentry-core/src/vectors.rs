//! Shared test vectors (`tests/vectors/*.json`): one reader and one checker
//! for every runner (native, wasm in Chromium, server), so they cannot drift.
//!
//! A file: `{ "description", "policy", "now"?, "cases": [case…] }`. A case:
//! - `name`; optional `policy` (replaces the file's), `now` (Unix seconds);
//! - the stored cookie, as one of: `"cookie": "raw value"` (or `null`), or
//!   `"consent": { "choice": "accept-all" | "reject-all" | "custom",
//!   "categories": [ids], "services": {id: bool}, "at", "revision", "gpc",
//!   "dnt", "region" }` encoded with the policy, optionally followed by
//!   `"mutate": { "truncate": n } | { "flip": byte_index } | { "append": "…" }
//!   | { "prefix": "…" }`;
//! - `"cookieHeader"`: a whole `Cookie` header instead (read with the policy's cookie name);
//! - `"signals": { "gpc", "dnt", "region" }`;
//! - `"headers": [[name, value, times?]…]`: the raw request instead (`{cookie}`
//!   in a value stands for the generated cookie; `times` repeats a header),
//!   read with the Cloudflare pair trusted; `signals` is then what the one
//!   parser ([`crate::request`]) must make of it;
//! - `"expect"`: any of `stored` (`none|valid|expired|revision-changed|invalid`),
//!   `banner`, `regime`, `categories` / `services` / `urls` / `decide`
//!   (`{key: "allow:granted"}`), `gcm` (`{type: "granted"|"denied"}`),
//!   `clearCookies` (`{ "present": [...], "clear": [...] }`),
//!   `clearStorage` (same), `cookieDomains` (`{ "host", "registrable", "variants" }`),
//!   `elements` (`[{ "tag", "attrs", "expect": "block:…" | "ignored", "tagged" }]`),
//!   `styles` (`[{ "css", "expect": "block:…" | "ignored", "text"?, "service"? }]`:
//!   a `<style>`'s text, [`crate::markup::hold_style`]; `text` the sheet left applied),
//!   `problems` (the policy must fail with exactly these `path: message` lines).

use crate::consent::{Consent, ConsentId};
use crate::decision::Decider;
use crate::json::Json;
use crate::policy::Policy;
use crate::record::{self, Stored};
use crate::region::Region;
use crate::signals::Signals;
use serde_json::Value;

/// Default `now` for cases that give none: 2026-09-01T00:00:00Z.
pub const DEFAULT_NOW: u64 = 1_788_220_800;

/// One case, ready to run.
#[derive(Debug)]
pub struct Case {
    /// `file.json#name`.
    pub name: String,
    /// The policy, or the problems it must fail with.
    pub policy: Result<Policy, Vec<String>>,
    /// Stored cookie value.
    pub cookie: Option<String>,
    /// Whole `Cookie` header, when the case gives one.
    pub cookie_header: Option<String>,
    /// Signals (expected from [`Case::headers`] when the case gives them).
    pub signals: Signals,
    /// Raw request headers, in order, when the case gives them.
    pub headers: Option<Vec<(String, String)>>,
    /// Current time, Unix seconds.
    pub now: u64,
    /// Expectations, as written.
    pub expect: Value,
}

impl Case {
    /// Reads the stored consent the way a browser would (cookie value) or a
    /// server would (whole header, or the raw request's `Cookie` headers).
    pub fn stored(&self, policy: &Policy) -> Stored {
        if let Some(h) = &self.headers {
            return crate::request::cookie_header(h).stored(policy, self.now);
        }
        match &self.cookie_header {
            Some(h) => Stored::from_cookie_header(h, policy, self.now),
            None => Stored::read(self.cookie.as_deref(), policy, self.now),
        }
    }
}

/// The `*.json` files in `dir`, in name order: the order [`load_dir`] reads.
pub fn json_files(dir: &std::path::Path) -> Result<Vec<std::path::PathBuf>, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    Ok(files)
}

/// Every case of every `*.json` file in `dir`, files in name order.
pub fn load_dir(dir: &std::path::Path) -> Result<Vec<Case>, String> {
    let mut out = Vec::new();
    for f in json_files(dir)? {
        let text = std::fs::read_to_string(&f).map_err(|e| format!("{}: {e}", f.display()))?;
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.extend(parse_file(&name, &text)?);
    }
    Ok(out)
}

/// Parses one vector file into cases.
pub fn parse_file(file: &str, text: &str) -> Result<Vec<Case>, String> {
    let doc: Value = serde_json::from_str(text).map_err(|e| format!("{file}: {e}"))?;
    let cases = doc["cases"]
        .as_array()
        .ok_or_else(|| format!("{file}: no `cases` array"))?;
    let mut out = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        let name = format!("{file}#{}", c["name"].as_str().unwrap_or(&i.to_string()));
        out.push(case(&doc, c, name)?);
    }
    Ok(out)
}

fn case(doc: &Value, c: &Value, name: String) -> Result<Case, String> {
    let bad = |m: &str| format!("{name}: {m}");
    let pv = c
        .get("policy")
        .or_else(|| doc.get("policy"))
        .cloned()
        .unwrap_or(Value::Object(Default::default()));
    let pj: Json = serde_json::from_value(pv).map_err(|e| bad(&e.to_string()))?;
    let policy =
        Policy::from_value(&pj).map_err(|e| e.problems().iter().map(ToString::to_string).collect());
    let now = c["now"]
        .as_u64()
        .or_else(|| doc["now"].as_u64())
        .unwrap_or(DEFAULT_NOW);
    let signals = signals(&c["signals"]).map_err(|m| bad(&m))?;
    let cookie = match (&c.get("cookie"), &c.get("consent"), &policy) {
        (Some(v), _, _) => v.as_str().map(str::to_string),
        (None, Some(spec), Ok(p)) => Some(make_cookie(spec, p, now).map_err(|m| bad(&m))?),
        _ => None,
    };
    let cookie = match (cookie, c.get("mutate")) {
        (Some(v), Some(m)) => Some(mutate(&v, m).map_err(|m| bad(&m))?),
        (v, _) => v,
    };
    let cookie_header = c["cookieHeader"].as_str().map(|h| {
        // `{cookie}` in a header stands for the generated cookie value.
        h.replace("{cookie}", cookie.as_deref().unwrap_or(""))
    });
    let headers = match c.get("headers") {
        None => None,
        Some(h) => Some(headers(h, cookie.as_deref()).map_err(|m| bad(&m))?),
    };
    Ok(Case {
        name,
        policy,
        cookie,
        cookie_header,
        signals,
        headers,
        now,
        expect: c["expect"].clone(),
    })
}

fn headers(v: &Value, cookie: Option<&str>) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for h in v.as_array().ok_or("`headers` is not an array")? {
        let (Some(n), Some(v)) = (h[0].as_str(), h[1].as_str()) else {
            return Err(format!("bad header {h}"));
        };
        let v = v.replace("{cookie}", cookie.unwrap_or(""));
        let times = h
            .get(2)
            .map_or(Some(1), Value::as_u64)
            .ok_or("bad header count")?;
        out.extend((0..times).map(|_| (n.to_string(), v.clone())));
    }
    Ok(out)
}

fn signals(v: &Value) -> Result<Signals, String> {
    let region = match v["region"].as_str() {
        Some(r) => Some(Region::parse(r).ok_or_else(|| format!("bad region `{r}`"))?),
        None => None,
    };
    Ok(Signals {
        gpc: v["gpc"].as_bool().unwrap_or(false),
        dnt: v["dnt"].as_bool().unwrap_or(false),
        region,
    })
}

fn make_cookie(spec: &Value, policy: &Policy, now: u64) -> Result<String, String> {
    let at = spec["at"].as_u64().unwrap_or(now.saturating_sub(60));
    let sig = signals(spec)?;
    let id = ConsentId([0x5a; 16]);
    let mut c = match spec["choice"].as_str().unwrap_or("custom") {
        "accept-all" => Consent::accept_all(policy, id, at, &sig),
        "reject-all" => Consent::reject_all(policy, id, at, &sig),
        "custom" => {
            let cats: Vec<&str> = spec["categories"]
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let svcs: Vec<(&str, bool)> = spec["services"]
                .as_object()
                .map(|o| {
                    o.iter()
                        .map(|(k, v)| (k.as_str(), v.as_bool().unwrap_or(false)))
                        .collect()
                })
                .unwrap_or_default();
            Consent::custom(policy, id, at, &sig, cats, svcs).map_err(|e| e.to_string())?
        }
        "none" => Consent::new(policy, id, at, &sig),
        other => return Err(format!("unknown choice `{other}`")),
    };
    if let Some(r) = spec["revision"].as_u64() {
        c.revision = u32::try_from(r).map_err(|_| "revision too large")?;
    }
    Ok(record::encode(&c, policy))
}

fn mutate(v: &str, m: &Value) -> Result<String, String> {
    if let Some(n) = m["truncate"].as_u64() {
        return Ok(v.chars().take(n as usize).collect());
    }
    if let Some(i) = m["flip"].as_u64() {
        // Swap one base64url character for another valid one.
        let mut chars: Vec<char> = v.chars().collect();
        let i = (i as usize).min(chars.len().saturating_sub(1));
        chars[i] = if chars[i] == 'A' { 'B' } else { 'A' };
        return Ok(chars.into_iter().collect());
    }
    if let Some(s) = m["append"].as_str() {
        return Ok(format!("{v}{s}"));
    }
    if let Some(s) = m["prefix"].as_str() {
        return Ok(format!("{s}{v}"));
    }
    Err("unknown mutation".into())
}

/// Checks a decider against a case's expectations; returns every mismatch.
pub fn check(case: &Case, d: &Decider<'_>) -> Vec<String> {
    let mut out = Vec::new();
    let e = &case.expect;
    let mut eq = |what: String, want: &Value, got: Value| {
        if *want != got {
            out.push(format!("{}: {what}: expected {want}, got {got}", case.name));
        }
    };
    if let Some(w) = e.get("stored") {
        eq("stored".into(), w, d.stored().status().into());
    }
    if let Some(w) = e.get("banner") {
        eq("banner".into(), w, d.banner_needed().into());
    }
    if let Some(w) = e.get("regime") {
        eq("regime".into(), w, d.regime().as_str().into());
    }
    type Query<'a> = &'a dyn Fn(&str) -> String;
    let maps: [(&str, Query<'_>); 4] = [
        ("categories", &|k| d.category(k).to_string()),
        ("services", &|k| d.service(k).to_string()),
        ("urls", &|k| d.url(k).to_string()),
        ("decide", &|k| d.decide(k).to_string()),
    ];
    for (key, f) in maps {
        for (k, w) in e[key].as_object().into_iter().flatten() {
            eq(format!("{key}[{k}]"), w, f(k).into());
        }
    }
    let gcm = d.gcm();
    for (k, w) in e["gcm"].as_object().into_iter().flatten() {
        let got = gcm
            .entries()
            .find(|(t, _)| t == k)
            .map(|(_, v)| v)
            .unwrap_or("missing");
        eq(format!("gcm[{k}]"), w, got.into());
    }
    for key in ["clearCookies", "clearStorage"] {
        if let Some(c) = e.get(key) {
            let present = c["present"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str);
            let got = if key == "clearCookies" {
                d.cookies_to_clear(present)
            } else {
                d.storage_to_clear(present)
            };
            let got = Value::Array(got.into_iter().map(Value::from).collect());
            eq(format!("{key}.clear"), &c["clear"], got);
        }
    }
    // `elements`: [{ "tag", "attrs": {…}, "expect": "block:…" | "ignored", "tagged"? }]
    for (i, el) in e["elements"].as_array().into_iter().flatten().enumerate() {
        let attrs = el["attrs"].as_object();
        let get = |n: &str| attrs.and_then(|a| a.get(n)).and_then(Value::as_str);
        let v = crate::markup::judge(d, el["tag"].as_str().unwrap_or(""), get);
        let got = v
            .as_ref()
            .map_or("ignored".to_string(), |v| v.decision.to_string());
        eq(format!("elements[{i}]"), &el["expect"], got.into());
        if let Some(t) = el.get("tagged") {
            eq(
                format!("elements[{i}].tagged"),
                t,
                v.is_some_and(|v| v.tagged).into(),
            );
        }
    }
    // `styles`: [{ "css", "expect": "block:…" | "ignored", "text"?, "service"? }]
    for (i, st) in e["styles"].as_array().into_iter().flatten().enumerate() {
        let held = crate::markup::hold_style(d, st["css"].as_str().unwrap_or(""));
        let got = held
            .as_ref()
            .map_or("ignored".to_string(), |h| h.verdict.decision.to_string());
        eq(format!("styles[{i}]"), &st["expect"], got.into());
        if let Some(t) = st.get("text") {
            let got = held.as_ref().map_or(Value::Null, |h| h.text.clone().into());
            eq(format!("styles[{i}].text"), t, got);
        }
        if let Some(t) = st.get("service") {
            let got = held
                .and_then(|h| h.verdict.service)
                .map_or(Value::Null, Value::from);
            eq(format!("styles[{i}].service"), t, got);
        }
    }
    if let Some(c) = e.get("cookieDomains") {
        let host = c["host"].as_str().unwrap_or("");
        let got: Vec<Value> = crate::cookie::domain_variants(host, c["registrable"].as_str())
            .into_iter()
            .map(|v| v.map_or(Value::Null, Value::from))
            .collect();
        eq(
            "cookieDomains.variants".into(),
            &c["variants"],
            Value::Array(got),
        );
    }
    if let Some(h) = &case.headers {
        // The one request parser, natively; each runtime checks its own entry too.
        let got = crate::request::signals(h, &[crate::request::RegionPair::CLOUDFLARE]);
        if got != case.signals {
            out.push(format!(
                "{}: request signals: expected {:?}, got {got:?}",
                case.name, case.signals
            ));
        }
    }
    out
}

/// Checks a case whose policy must fail validation; `None` if the case
/// expects a valid policy.
pub fn check_problems(case: &Case) -> Option<Vec<String>> {
    let want = case.expect.get("problems")?;
    let got: Vec<Value> = match &case.policy {
        Ok(_) => Vec::new(),
        Err(p) => p.iter().cloned().map(Value::from).collect(),
    };
    let got = Value::Array(got);
    Some(if *want == got {
        Vec::new()
    } else {
        vec![format!(
            "{}: problems: expected {want}, got {got}",
            case.name
        )]
    })
}

/// What one runner made of every case.
#[derive(Debug, Default)]
pub struct Report {
    /// Cases run.
    pub cases: usize,
    /// Every mismatch, `file#case: what: expected …, got …`.
    pub failures: Vec<String>,
    /// Cases this runner cannot express, with the reason.
    pub skipped: Vec<String>,
}

impl Report {
    /// Panics listing every failure, or if fewer than `min` cases ran.
    pub fn assert_passed(&self, min: usize) {
        assert!(
            self.failures.is_empty(),
            "{} failure(s):\n{}",
            self.failures.len(),
            self.failures.join("\n")
        );
        assert!(self.cases >= min, "only {} vector cases", self.cases);
    }
}

/// The one driver for every runner: cases that expect policy problems are
/// checked here; for the others `decide` returns the mismatches (usually from
/// [`check`]) or `Err(reason)` when the runner cannot express the case.
pub fn run(
    cases: &[Case],
    mut decide: impl FnMut(&Case, &Policy) -> Result<Vec<String>, String>,
) -> Report {
    let mut report = Report {
        cases: cases.len(),
        ..Report::default()
    };
    for case in cases {
        if let Some(f) = check_problems(case) {
            report.failures.extend(f);
            continue;
        }
        match &case.policy {
            Ok(policy) => match decide(case, policy) {
                Ok(f) => report.failures.extend(f),
                Err(why) => report.skipped.push(format!("{}: {why}", case.name)),
            },
            Err(p) => report
                .failures
                .push(format!("{}: policy invalid: {p:?}", case.name)),
        }
    }
    report
}
