//! A service of the policy: a catalog id, or an object defining a service or
//! overriding the catalog entry with its id.

use super::{join, usable_id, Ctx};
use crate::catalog::{self, Fields};
use crate::category::Texts;
use crate::cookie::{CookiePattern, Lifetime};
use crate::gcm::GcmType;
use crate::host::HostRule;
use crate::json::Json;
use crate::schema::{self, SERVICE};
use crate::service::Service;
use crate::text::{concat, index};
use std::borrow::Cow;

pub(super) fn from_entry(e: &Fields) -> Service {
    // The dialog's fields are empty in a browser build until its dialog
    // data is installed (`crate::dialog`).
    let mut description = Texts::new();
    if !e.purpose.is_empty() {
        description.insert("en".into(), e.purpose.into());
    }
    let (mut cookies, mut lifetimes) = (Vec::new(), Vec::new());
    for (c, life) in e.cookies_with_lifetimes() {
        cookies.push(CookiePattern::from_catalog(c));
        lifetimes.push(life);
    }
    Service {
        id: Cow::Borrowed(e.id),
        name: Cow::Borrowed(e.name),
        provider: Cow::Borrowed(e.provider),
        category: 0,
        hosts: e.hosts().map(HostRule::from_catalog).collect(),
        cookies,
        lifetimes,
        storage: e.storage().map(CookiePattern::from_catalog).collect(),
        gcm: e.gcm().filter_map(GcmType::parse).collect(),
        privacy_policy_url: (!e.privacy_policy.is_empty()).then(|| e.privacy_policy.into()),
        description,
        from_catalog: true,
        gvl_id: e.gvl.parse().ok(),
    }
}

/// A service's `cookies`: names (patterns), or `{ name, lifetime }` objects.
fn cookies(cx: &mut Ctx, v: &Json, path: &str) -> (Vec<CookiePattern>, Vec<Option<Lifetime>>) {
    let mut out = (Vec::new(), Vec::new());
    for (i, item) in cx.array(v, path).unwrap_or(&[]).iter().enumerate() {
        let p = index(path, i);
        let (name, lifetime) = match item {
            Json::Object(o) => {
                let (mut name, mut lifetime) = (None, None);
                for (k, v) in o {
                    let kp = join(&p, k);
                    match k.as_str() {
                        "name" => name = cx.string(v, &kp).map(|n| (n, kp)),
                        "lifetime" => {
                            lifetime = cx.string(v, &kp).and_then(|l| {
                                let parsed = Lifetime::parse(l);
                                if parsed.is_none() {
                                    cx.err(
                                        &kp,
                                        "not a lifetime (`session`, `30 minutes`, `2 years`…)",
                                    );
                                }
                                parsed
                            })
                        }
                        _ => cx.unknown(&p, k, schema::SERVICE_COOKIE),
                    }
                }
                if name.is_none() && !o.iter().any(|(k, _)| k == "name") {
                    cx.err(&join(&p, "name"), "missing");
                }
                (name, lifetime)
            }
            other => (cx.string(other, &p).map(|n| (n, p.clone())), None),
        };
        if let Some((name, np)) = name {
            match CookiePattern::parse(name) {
                Some(c) => {
                    out.0.push(c);
                    out.1.push(lifetime);
                }
                None => cx.err(&np, "not a cookie name or pattern"),
            }
        }
    }
    out
}

pub(super) fn service_of(cx: &mut Ctx, v: &Json, path: &str) -> Option<Service> {
    if let Json::String(id) = v {
        return match catalog::get(id) {
            Some(e) => Some(from_entry(&e.unpack())),
            None => {
                cx.err(
                    path,
                    concat(&[
                        "unknown catalog service `",
                        id,
                        "` (give an object to define it)",
                    ]),
                );
                None
            }
        };
    }
    let o = cx.object(v, path)?;
    let id = usable_id(cx, o, path);
    let valid_id = id.is_some();
    let id = id.unwrap_or_default();
    let mut s = match catalog::get(&id) {
        Some(e) => from_entry(&e.unpack()),
        None => Service {
            id: Cow::Owned(id.clone()),
            name: Cow::Owned(id.clone()),
            provider: Cow::Borrowed(""),
            category: 0,
            hosts: Vec::new(),
            cookies: Vec::new(),
            lifetimes: Vec::new(),
            storage: Vec::new(),
            gcm: Vec::new(),
            privacy_policy_url: None,
            description: Texts::new(),
            from_catalog: false,
            gvl_id: None,
        },
    };
    for (k, v) in o {
        let p = join(path, k);
        match k.as_str() {
            "name" => s.name = cx.string(v, &p).map(owned).unwrap_or(s.name),
            "provider" => s.provider = cx.string(v, &p).map(owned).unwrap_or(s.provider),
            "hosts" => s.hosts = cx.list(v, &p, "a host", HostRule::parse),
            "cookies" => (s.cookies, s.lifetimes) = cookies(cx, v, &p),
            "storage" => {
                s.storage = cx.list(v, &p, "a storage key or pattern", CookiePattern::parse)
            }
            "gcm" => s.gcm = cx.list(v, &p, "a Google Consent Mode type", GcmType::parse),
            "privacyPolicyUrl" => s.privacy_policy_url = cx.url(v, &p),
            "gvlId" => s.gvl_id = super::iab::gvl_id(cx, v, &p).or(s.gvl_id),
            "description" => s.description.extend(cx.texts(v, &p)),
            "id" => {
                if cx.string(v, &p).is_some() && !valid_id {
                    cx.err(&p, "not an id (lowercase letters, digits, `-`, `_`)");
                }
            }
            _ => cx.unknown(path, k, SERVICE),
        }
    }
    valid_id.then_some(s)
}

fn owned(s: &str) -> Cow<'static, str> {
    Cow::Owned(s.into())
}
