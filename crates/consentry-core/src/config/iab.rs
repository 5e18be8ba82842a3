//! The policy's `iab` section and the IAB fields of categories and services.

use super::{join, Ctx};
use crate::iab::{CategoryIab, IabConfig, UsUse};
use crate::json::Json;
use crate::schema::{self, IAB};
use crate::text::index;

fn two_letters(cx: &mut Ctx, v: &Json, path: &str) -> Option<String> {
    let s = cx.string(v, path)?;
    if s.len() == 2 && s.bytes().all(|b| b.is_ascii_alphabetic()) {
        Some(s.to_ascii_uppercase())
    } else {
        cx.err(path, "expected two letters");
        None
    }
}

/// `iab`: the CMP's identity and the GPP sections to write.
pub(super) fn iab_config(cx: &mut Ctx, v: &Json) -> Option<IabConfig> {
    const K: &str = "iab";
    let o = cx.object(v, K)?;
    let mut c = IabConfig::default();
    let mut has_cmp = false;
    for (k, v) in o {
        let p = join(K, k);
        match k.as_str() {
            "cmpId" => {
                if let Some(n) = cx.int(v, &p, 2, 4095) {
                    c.cmp_id = n as u16;
                    has_cmp = true;
                }
            }
            "cmpVersion" => {
                c.cmp_version = cx.int(v, &p, 0, 4095).map_or(c.cmp_version, |n| n as u16)
            }
            "consentScreen" => {
                c.consent_screen = cx.int(v, &p, 0, 63).map_or(c.consent_screen, |n| n as u8)
            }
            "publisherCountryCode" => {
                c.publisher_country_code =
                    two_letters(cx, v, &p).unwrap_or(c.publisher_country_code)
            }
            "consentLanguage" => {
                c.consent_language = two_letters(cx, v, &p).unwrap_or(c.consent_language)
            }
            "gppSections" => {
                repeats(cx, v, &p);
                c.gpp_sections = cx.list(v, &p, "a GPP US section", |s| {
                    schema::GPP_SECTIONS.contains(&s).then(|| s.to_string())
                });
            }
            "mspaCoveredTransaction" => {
                c.mspa_covered_transaction = cx.bool(v, &p).unwrap_or(c.mspa_covered_transaction)
            }
            "gvlUrl" => c.gvl_url = cx.url(v, &p).or(c.gvl_url.take()),
            "tcCookie" => c.tc_cookie = cx.bool(v, &p).unwrap_or(c.tc_cookie),
            _ => cx.unknown(K, k, IAB),
        }
    }
    if !has_cmp {
        cx.err(K, "`cmpId` is required");
    }
    Some(c)
}

/// Whole numbers from `min` to `max` (at most 31), each once, returned
/// ascending. A bit set, not a sort: slice sorting costs kilobytes of wasm.
fn numbers(cx: &mut Ctx, v: &Json, path: &str, min: u32, max: u32) -> Vec<u8> {
    let mut seen: u32 = 0;
    for (i, item) in cx.array(v, path).unwrap_or(&[]).iter().enumerate() {
        let p = index(path, i);
        if let Some(n) = cx.int(item, &p, min, max) {
            if seen & (1 << (n & 31)) != 0 {
                cx.err(&p, "duplicate value");
            }
            seen |= 1 << (n & 31);
        }
    }
    (0..32u8).filter(|n| seen & (1 << n) != 0).collect()
}

/// Reports each string repeated earlier in the array at `v` (its other
/// problems are the list reader's).
fn repeats(cx: &mut Ctx, v: &Json, path: &str) {
    let Json::Array(items) = v else { return };
    for (i, item) in items.iter().enumerate() {
        if let Json::String(s) = item {
            if items[..i]
                .iter()
                .any(|o| matches!(o, Json::String(t) if t == s))
            {
                cx.err(&index(path, i), "duplicate value");
            }
        }
    }
}

/// A category's `tcfPurposes`, `tcfSpecialFeatures` or `usUses`.
pub(super) fn category_field(cx: &mut Ctx, key: &str, v: &Json, path: &str, iab: &mut CategoryIab) {
    match key {
        "tcfPurposes" => iab.tcf_purposes = numbers(cx, v, path, 1, 11),
        "tcfSpecialFeatures" => iab.tcf_special_features = numbers(cx, v, path, 1, 2),
        _ => {
            repeats(cx, v, path);
            let uses = cx.list(
                v,
                path,
                "`sale`, `sharing` or `targetedAdvertising`",
                UsUse::parse,
            );
            // In declaration order, each once (no sort: see `numbers`).
            iab.us_uses = [UsUse::Sale, UsUse::Sharing, UsUse::TargetedAdvertising]
                .into_iter()
                .filter(|u| uses.contains(u))
                .collect();
        }
    }
}

/// A service's `gvlId`.
pub(super) fn gvl_id(cx: &mut Ctx, v: &Json, path: &str) -> Option<u16> {
    cx.int(v, path, 1, 65_535).map(|n| n as u16)
}
