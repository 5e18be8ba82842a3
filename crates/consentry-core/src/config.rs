//! Policy validation: walks the loose JSON tree, reports every problem with
//! its path, and builds the compiled [`Policy`].

use crate::catalog;
use crate::category::{self, Category};
use crate::cookie::{self, ConsentCookie, SameSite};
use crate::error::Problems;
use crate::gcm::GcmType;
use crate::host::{self, HostIndex};
use crate::json::{self, Json};
use crate::policy::{DntMode, GcmConfig, GpcScope, Policy};
use crate::record::IdTable;
use crate::region::{Regime, Region};
use crate::schema::{self, CATEGORY, MAX_ID, MAX_LIST, MAX_TEXT, TOP};
use crate::service::Service;
use crate::text::{concat, index, num};
use ctx::Ctx;
use service::{from_entry, service_of};

mod ctx;
mod iab;
mod service;

/// Limits that keep the consent record small and hostile configs cheap.
pub(crate) const MAX_CATEGORIES: usize = 32;
pub(crate) const MAX_SERVICES: usize = 512;
/// 13 months: the longest consent lifetime regulators accept.
pub(crate) const MAX_LIFETIME_DAYS: u32 = 395;
const DEFAULT_LIFETIME_DAYS: u32 = 182;

/// `"a", "b" or "c"`.
fn one_of(names: &[&str]) -> String {
    let mut s = String::new();
    for (i, n) in names.iter().enumerate() {
        if i > 0 {
            s.push_str(if i + 1 == names.len() { " or " } else { ", " });
        }
        s.push('"');
        s.push_str(n);
        s.push('"');
    }
    s
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.into()
    } else {
        concat(&[path, ".", key])
    }
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_ID
        && s.bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-' || c == b'_')
}

pub(crate) fn is_lang(s: &str) -> bool {
    let mut parts = s.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_alphanumeric()))
}

/// Links shown to visitors: http(s) absolute, or relative. Never `javascript:`,
/// `data:` or anything else a browser would execute.
pub fn is_safe_link(s: &str) -> bool {
    if s.is_empty()
        || s.chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
    {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    if let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host = host.rsplit_once(':').map_or(host, |(h, _)| h);
        return !host.contains('@') && host::normalize_host(host).is_some();
    }
    // Relative: no scheme before the first `/`, `?` or `#`; not protocol-relative.
    let head = s.split(['/', '?', '#']).next().unwrap_or("");
    !s.starts_with("//") && !head.contains(':')
}

pub(crate) fn compile(root: &Json) -> Result<Policy, Problems> {
    let mut cx = Ctx {
        problems: Vec::new(),
        site_ids: Vec::new(),
        site_hosts: HostIndex::default(),
        category_ids: Vec::new(),
    };
    if json::too_deep(root) {
        cx.err("", "nested too deeply");
        return Err(Problems(cx.problems));
    }
    let mut p = Policy {
        revision: 1,
        lifetime_days: DEFAULT_LIFETIME_DAYS,
        cookie: ConsentCookie::default(),
        default_regime: Regime::OptIn,
        regions: Vec::new(),
        gpc: GpcScope::Everywhere,
        dnt: DntMode::Ignore,
        google_consent_mode: GcmConfig {
            enabled: false,
            wait_for_update: 500,
        },
        privacy_policy_url: None,
        gpc_last_update: None,
        records_url: None,
        iab: None,
        categories: Vec::new(),
        services: Vec::new(),
        declared: 0,
        ui: None,
        hosts: HostIndex::default(),
        category_ids: IdTable::default(),
        service_ids: IdTable::default(),
    };
    let mut use_catalog = true;
    let mut drafts: Vec<(usize, Service)> = Vec::new();
    let top = cx.object(root, "").unwrap_or(&[]);
    for (k, v) in top {
        let k = k.as_str();
        match k {
            "$schema" => {
                cx.string(v, k);
            }
            "revision" => p.revision = cx.int(v, k, 0, u32::MAX).unwrap_or(p.revision),
            "consentLifetimeDays" => {
                p.lifetime_days = cx
                    .int(v, k, 1, MAX_LIFETIME_DAYS)
                    .unwrap_or(p.lifetime_days)
            }
            "cookie" => p.cookie = consent_cookie(&mut cx, v),
            "defaultRegime" => {
                if let Some(r) = regime(&mut cx, v, k) {
                    p.default_regime = r;
                }
            }
            "regions" => {
                for (code, r) in cx.object(v, k).unwrap_or(&[]) {
                    let path = join(k, code);
                    let region = Region::parse(code);
                    if region.is_none() {
                        cx.err(&path, "not a region code (e.g. DE, US-CA)");
                    }
                    if let (Some(region), Some(r)) = (region, regime(&mut cx, r, &path)) {
                        p.regions.push((region, r));
                    }
                }
            }
            "gpc" => {
                let s = cx.string(v, k);
                let all = [GpcScope::Everywhere, GpcScope::OptOutRegimes];
                p.gpc = cx.choice(s, k, &schema::GPC, all).unwrap_or(p.gpc);
            }
            "dnt" => {
                let s = cx.string(v, k);
                let all = [DntMode::Ignore, DntMode::OptOut];
                p.dnt = cx.choice(s, k, &schema::DNT, all).unwrap_or(p.dnt);
            }
            "googleConsentMode" => {
                p.google_consent_mode = gcm_config(&mut cx, v, p.google_consent_mode)
            }
            "catalog" => use_catalog = cx.bool(v, k).unwrap_or(use_catalog),
            "privacyPolicyUrl" => p.privacy_policy_url = cx.url(v, k),
            "gpcLastUpdate" => p.gpc_last_update = cx.date(v, k),
            "records" => p.records_url = records(&mut cx, v),
            "categories" => {
                for (i, c) in cx.array(v, k).unwrap_or(&[]).iter().enumerate() {
                    let path = index("categories", i);
                    if let Some((cat, svcs)) = category_of(&mut cx, c, &path) {
                        let idx = p.categories.len();
                        p.categories.push(cat);
                        drafts.extend(svcs.into_iter().map(|d| (idx, d)));
                    }
                }
            }
            "ui" => p.ui = cx.object(v, k).map(|_| v.clone()),
            "iab" => p.iab = iab::iab_config(&mut cx, v),
            _ => cx.unknown("", k, TOP),
        }
    }

    // `mandatory` always exists and comes first.
    match p
        .categories
        .iter()
        .position(|c| c.id == category::MANDATORY)
    {
        Some(0) => {}
        Some(i) => {
            let m = p.categories.remove(i);
            p.categories.insert(0, m);
            for (ci, _) in drafts.iter_mut() {
                *ci = if *ci == i {
                    0
                } else if *ci < i {
                    *ci + 1
                } else {
                    *ci
                };
            }
        }
        None => {
            p.categories
                .insert(0, Category::standard(category::MANDATORY));
            for (ci, _) in drafts.iter_mut() {
                *ci += 1;
            }
        }
    }

    // Site-declared services (duplicates were reported and dropped as read).
    for (ci, d) in drafts {
        let idx = p.services.len();
        for rule in &d.hosts {
            p.hosts.insert(rule, idx);
        }
        let mut s = d;
        s.category = ci;
        p.categories[ci].services.push(idx);
        p.services.push(s);
    }

    p.declared = p.services.len();
    // The rest of the catalog, under each entry's default category. A host rule
    // the site already claimed stays with the site's service.
    if use_catalog {
        // About 1.5 host rules per entry: one allocation, not a growth series.
        p.hosts.reserve(catalog::entries().len() * 2);
        for e in catalog::entries() {
            // Catalog ids are unique: only the site's own services can clash.
            let e = e.unpack();
            if p.services[..p.declared].iter().any(|s| s.id == e.id) {
                continue;
            }
            let ci = match p.categories.iter().position(|c| c.id == e.category) {
                Some(ci) => ci,
                None => {
                    p.categories.push(Category::standard(e.category));
                    p.categories.len() - 1
                }
            };
            let idx = p.services.len();
            let mut s = from_entry(&e);
            s.category = ci;
            s.hosts.retain(|rule| p.hosts.insert(rule, idx).is_none());
            p.categories[ci].services.push(idx);
            p.services.push(s);
        }
    }

    if p.categories.len() > MAX_CATEGORIES {
        cx.err(
            "categories",
            concat(&[
                "too many categories (at most ",
                &num(MAX_CATEGORIES as u64),
                ")",
            ]),
        );
    }
    if p.services.len() > MAX_SERVICES {
        cx.err(
            "categories",
            concat(&[
                "too many services (at most ",
                &num(MAX_SERVICES as u64),
                ")",
            ]),
        );
    }
    p.category_ids = id_table(
        &mut cx,
        p.categories.iter().map(|c| c.id.as_str()),
        "category",
    );
    p.service_ids = id_table(&mut cx, p.services.iter().map(|s| &*s.id), "service");

    if cx.problems.is_empty() {
        Ok(p)
    } else {
        Err(Problems(cx.problems))
    }
}

fn id_table<'a>(cx: &mut Ctx, ids: impl ExactSizeIterator<Item = &'a str>, kind: &str) -> IdTable {
    IdTable::build(ids).unwrap_or_else(|| {
        cx.err(
            "categories",
            concat(&["two ", kind, " ids share a record hash; rename one"]),
        );
        IdTable::default()
    })
}

fn regime(cx: &mut Ctx, v: &Json, path: &str) -> Option<Regime> {
    let s = cx.string(v, path)?;
    let r = Regime::parse(s);
    if r.is_none() {
        cx.err(path, concat(&["expected ", &one_of(&schema::REGIMES)]));
    }
    r
}

fn gcm_config(cx: &mut Ctx, v: &Json, mut c: GcmConfig) -> GcmConfig {
    const K: &str = "googleConsentMode";
    if let Json::Bool(b) = v {
        c.enabled = *b;
        return c;
    }
    for (k, v) in cx.object(v, K).unwrap_or(&[]) {
        let path = join(K, k);
        match k.as_str() {
            "enabled" => c.enabled = cx.bool(v, &path).unwrap_or(c.enabled),
            "waitForUpdate" => {
                c.wait_for_update = cx
                    .int(v, &path, 0, schema::MAX_WAIT_FOR_UPDATE)
                    .unwrap_or(c.wait_for_update)
            }
            _ => cx.unknown(K, k, schema::GOOGLE_CONSENT_MODE),
        }
    }
    c
}

/// `records`: `{ "url": … }`, the url required.
fn records(cx: &mut Ctx, v: &Json) -> Option<String> {
    let fields = cx.object(v, "records")?;
    let mut url = None;
    for (k, v) in fields {
        match k.as_str() {
            "url" => url = cx.url(v, "records.url"),
            _ => cx.unknown("records", k, schema::RECORDS),
        }
    }
    if !fields.iter().any(|(k, _)| k == "url") {
        cx.err("records.url", "required: where receipts are posted");
    }
    url
}

fn consent_cookie(cx: &mut Ctx, v: &Json) -> ConsentCookie {
    let mut c = ConsentCookie::default();
    for (k, v) in cx.object(v, "cookie").unwrap_or(&[]) {
        let path = join("cookie", k);
        match k.as_str() {
            "name" => match cx.string(v, &path) {
                Some(n) if cookie::is_cookie_name(n) => c.name = n.into(),
                Some(_) => cx.err(&path, "not a cookie name"),
                None => {}
            },
            "domain" => match v {
                Json::Null => c.domain = None,
                _ => {
                    if let Some(d) = cx.string(v, &path) {
                        match host::normalize_host(d.trim_start_matches('.')) {
                            Some(h) if h.contains('.') => c.domain = Some(h.into_owned()),
                            _ => cx.err(&path, "not a domain"),
                        }
                    }
                }
            },
            "path" => match cx.string(v, &path) {
                Some(p)
                    if p.starts_with('/')
                        && p.bytes().all(|b| b.is_ascii_graphic() && b != b';') =>
                {
                    c.path = p.into()
                }
                Some(_) => cx.err(
                    &path,
                    "must start with `/` and hold no `;`, spaces or control characters",
                ),
                None => {}
            },
            "sameSite" => {
                let s = cx.string(v, &path).map(str::to_ascii_lowercase);
                let all = [SameSite::Lax, SameSite::Strict, SameSite::None];
                let chosen = cx.choice(s.as_deref(), &path, &schema::SAME_SITE, all);
                c.same_site = chosen.unwrap_or(c.same_site);
            }
            _ => cx.unknown("cookie", k, schema::COOKIE),
        }
    }
    c
}

/// The object's `id` if it is a valid id; reports a missing one here (a bad
/// one is reported where the key stands, to keep document order).
fn usable_id(cx: &mut Ctx, o: &[(String, Json)], path: &str) -> Option<String> {
    match o.iter().find(|(k, _)| k == "id").map(|(_, v)| v) {
        None => {
            cx.err(path, "missing field `id`");
            None
        }
        Some(Json::String(s)) if is_id(s) => Some(s.clone()),
        Some(_) => None,
    }
}

fn category_of(cx: &mut Ctx, v: &Json, path: &str) -> Option<(Category, Vec<Service>)> {
    let o = cx.object(v, path)?;
    let id = usable_id(cx, o, path);
    // Keep checking the rest even without a usable id: every problem counts.
    let mut cat = Category::standard(id.as_deref().unwrap_or(""));
    let mut drafts = Vec::new();
    let mut ok = id.is_some();
    for (k, v) in o {
        let p = join(path, k);
        match k.as_str() {
            "id" => match (cx.string(v, &p), &id) {
                (Some(_), None) => cx.err(&p, "not an id (lowercase letters, digits, `-`, `_`)"),
                (Some(i), Some(_)) if cx.category_ids.iter().any(|c| c == i) => {
                    cx.err(&p, concat(&["duplicate category `", i, "`"]));
                    ok = false;
                }
                (Some(i), Some(_)) => cx.category_ids.push(i.into()),
                _ => {}
            },
            "label" => cat.label.extend(cx.texts(v, &p)),
            "description" => cat.description.extend(cx.texts(v, &p)),
            "optOut" => {
                if let Some(b) = cx.bool(v, &p) {
                    if cat.mandatory && b {
                        cx.err(&p, "`mandatory` cannot be opted out of");
                    } else {
                        cat.opt_out = b;
                    }
                }
            }
            "gcm" => cat.gcm = cx.list(v, &p, "a Google Consent Mode type", GcmType::parse),
            "tcfPurposes" | "tcfSpecialFeatures" | "usUses" => {
                iab::category_field(cx, k, v, &p, &mut cat.iab)
            }
            "services" => {
                for (i, s) in cx.array(v, &p).unwrap_or(&[]).iter().enumerate() {
                    let sp = index(&p, i);
                    if let Some(service) = service_of(cx, s, &sp) {
                        if cx.claim(&service, &sp) {
                            drafts.push(service);
                        }
                    }
                }
            }
            _ => cx.unknown(path, k, CATEGORY),
        }
    }
    let id = id.filter(|_| ok)?;
    if cat.label.is_empty() {
        cat.label.insert("en".into(), id);
    }
    Some((cat, drafts))
}
