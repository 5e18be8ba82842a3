//! TC strings as JSON, with @iabtcf/core's names (`cmpId`, id sets as
//! sorted arrays) or, inside GPP, @iabgpp/cmpapi's `tcfeuv2` names
//! (`CmpId`, purposes as boolean arrays). Dates are given both as ISO
//! strings and as deciseconds.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use crate::json::{bad, boolean, ids_of, object, uint};
use crate::{IabError, PublisherRestriction, PublisherTc, TcString};

/// Which reference library's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Naming {
    /// @iabtcf/core's TCModel.
    Tcf,
    /// @iabgpp/cmpapi's `tcfeuv2` section.
    Gpp,
}

fn key(n: Naming, tcf: &'static str) -> String {
    match n {
        Naming::Tcf => tcf.to_string(),
        Naming::Gpp => {
            let mut c = tcf.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        }
    }
}

/// Flags (purposes, special features): sorted ids or, for GPP, `width` booleans.
fn flags_json(n: Naming, set: &BTreeSet<u8>, width: usize) -> Value {
    match n {
        Naming::Tcf => Value::from(set.iter().copied().collect::<Vec<_>>()),
        Naming::Gpp => Value::from(
            (1..=width)
                .map(|i| set.contains(&(i as u8)))
                .collect::<Vec<_>>(),
        ),
    }
}

fn flags_from(v: &Value, path: &str) -> Result<BTreeSet<u8>, IabError> {
    if let Some(items) = v.as_array().filter(|a| a.iter().all(Value::is_boolean)) {
        if !items.is_empty() {
            return Ok(items
                .iter()
                .enumerate()
                .filter(|(_, b)| b.as_bool() == Some(true))
                .map(|(i, _)| (i + 1) as u8)
                .collect());
        }
    }
    ids_of(v, path)?
        .into_iter()
        .map(|i| u8::try_from(i).map_err(|_| bad(path, "id too large")))
        .collect()
}

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

fn restrictions_json(n: Naming, list: &[PublisherRestriction]) -> Value {
    let items = list.iter().map(|p| {
        let vendors: Vec<u16> = p.vendors.iter().copied().collect();
        match n {
            Naming::Tcf => json!({"purposeId": p.purpose_id, "restrictionType": p.restriction_type, "vendors": vendors}),
            Naming::Gpp => json!({"key": p.purpose_id, "type": p.restriction_type, "ids": vendors}),
        }
    });
    Value::from(items.collect::<Vec<_>>())
}

fn restrictions_from(
    n: Naming,
    v: &Value,
    path: &str,
) -> Result<Vec<PublisherRestriction>, IabError> {
    let (pk, tk, vk) = match n {
        Naming::Tcf => ("purposeId", "restrictionType", "vendors"),
        Naming::Gpp => ("key", "type", "ids"),
    };
    let items = v.as_array().ok_or_else(|| bad(path, "expected an array"))?;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let p = format!("{path}/{i}");
            let o = object(item, &p)?;
            let field = |k: &str| o.get(k).ok_or_else(|| bad(&p, &format!("missing {k}")));
            let purpose =
                u8::try_from(uint(field(pk)?, &p)?).map_err(|_| bad(&p, "purpose too large"))?;
            let kind =
                u8::try_from(uint(field(tk)?, &p)?).map_err(|_| bad(&p, "type too large"))?;
            let vendors = ids_of(field(vk)?, &p)?
                .into_iter()
                .map(|id| u16::try_from(id).map_err(|_| bad(&p, "vendor id too large")))
                .collect::<Result<_, _>>()?;
            Ok(PublisherRestriction {
                purpose_id: purpose,
                restriction_type: kind,
                vendors,
            })
        })
        .collect()
}

/// The TC string as JSON. `segments` lists the segments present
/// (@iabtcf/core's `Segment` names), since an empty set and an absent segment
/// differ in the string.
pub fn tc_to_json(tc: &TcString, n: Naming) -> Value {
    let ids = |s: &crate::VendorSet| Value::from(s.iter().copied().collect::<Vec<_>>());
    let mut o = Map::new();
    let mut put = |k: &'static str, v: Value| {
        o.insert(key(n, k), v);
    };
    put("version", 2.into());
    put("created", iso_from_deciseconds(tc.created).into());
    put("createdDeciseconds", tc.created.into());
    put("lastUpdated", iso_from_deciseconds(tc.last_updated).into());
    put("lastUpdatedDeciseconds", tc.last_updated.into());
    put("cmpId", tc.cmp_id.into());
    put("cmpVersion", tc.cmp_version.into());
    put("consentScreen", tc.consent_screen.into());
    put("consentLanguage", tc.consent_language.clone().into());
    put("vendorListVersion", tc.vendor_list_version.into());
    put("policyVersion", tc.policy_version.into());
    put("isServiceSpecific", tc.is_service_specific.into());
    put("useNonStandardStacks", tc.use_non_standard_texts.into());
    put(
        "specialFeatureOptins",
        flags_json(n, &tc.special_feature_optins, 12),
    );
    put("purposeConsents", flags_json(n, &tc.purpose_consents, 24));
    put(
        "purposeLegitimateInterests",
        flags_json(n, &tc.purpose_legitimate_interests, 24),
    );
    put("purposeOneTreatment", tc.purpose_one_treatment.into());
    put(
        "publisherCountryCode",
        tc.publisher_country_code.clone().into(),
    );
    put("vendorConsents", ids(&tc.vendor_consents));
    put(
        "vendorLegitimateInterests",
        ids(&tc.vendor_legitimate_interests),
    );
    put(
        "publisherRestrictions",
        restrictions_json(n, &tc.publisher_restrictions),
    );
    let p = tc.publisher_tc.clone().unwrap_or_default();
    let custom = usize::from(p.num_custom_purposes);
    put("publisherConsents", flags_json(n, &p.consents, 24));
    put(
        "publisherLegitimateInterests",
        flags_json(n, &p.legitimate_interests, 24),
    );
    put("numCustomPurposes", p.num_custom_purposes.into());
    put(
        "publisherCustomConsents",
        flags_json(n, &p.custom_consents, custom),
    );
    put(
        "publisherCustomLegitimateInterests",
        flags_json(n, &p.custom_legitimate_interests, custom),
    );
    put(
        "vendorsAllowed",
        ids(&tc.vendors_allowed.clone().unwrap_or_default()),
    );
    put(
        "vendorsDisclosed",
        ids(&tc.vendors_disclosed.clone().unwrap_or_default()),
    );
    if n == Naming::Gpp {
        // @iabgpp/cmpapi lists each segment's type among the fields.
        put("publisherPurposesSegmentType", 3.into());
        put("vendorsAllowedSegmentType", 2.into());
        put("vendorsDisclosedSegmentType", 1.into());
    }
    let mut segments = vec!["core"];
    if tc.vendors_disclosed.is_some() {
        segments.push("vendorsDisclosed");
    }
    if tc.vendors_allowed.is_some() {
        segments.push("vendorsAllowed");
    }
    if tc.publisher_tc.is_some() {
        segments.push("publisherTC");
    }
    o.insert("segments".into(), segments.into());
    Value::Object(o)
}

const TCF_KEYS: &[&str] = &[
    "version",
    "created",
    "createdDeciseconds",
    "lastUpdated",
    "lastUpdatedDeciseconds",
    "cmpId",
    "cmpVersion",
    "consentScreen",
    "consentLanguage",
    "vendorListVersion",
    "policyVersion",
    "isServiceSpecific",
    "useNonStandardStacks",
    "useNonStandardTexts",
    "specialFeatureOptins",
    "purposeConsents",
    "purposeLegitimateInterests",
    "purposeOneTreatment",
    "publisherCountryCode",
    "vendorConsents",
    "vendorLegitimateInterests",
    "publisherRestrictions",
    "publisherConsents",
    "publisherLegitimateInterests",
    "numCustomPurposes",
    "publisherCustomConsents",
    "publisherCustomLegitimateInterests",
    "vendorsAllowed",
    "vendorsDisclosed",
    "publisherPurposesSegmentType",
    "vendorsAllowedSegmentType",
    "vendorsDisclosedSegmentType",
];

/// Reads [`tc_to_json`]'s shape. Missing fields keep [`TcString::default`];
/// without `segments`, a segment is written when one of its fields is given
/// (the disclosed-vendors segment always: TCF v2.3 requires it).
pub fn tc_from_json(o: &Map<String, Value>, path: &str, n: Naming) -> Result<TcString, IabError> {
    for k in o.keys() {
        if k != "segments" && !TCF_KEYS.iter().any(|t| key(n, t) == *k) {
            return Err(bad(&format!("{path}/{k}"), "unknown field"));
        }
    }
    let get = |k: &'static str| {
        o.get(&key(n, k))
            .map(|v| (v, format!("{path}/{}", key(n, k))))
    };
    let int = |k: &'static str, max: u64| -> Result<Option<u64>, IabError> {
        get(k)
            .map(|(v, p)| {
                uint(v, &p).and_then(|x| {
                    if x > max {
                        Err(bad(&p, "too large"))
                    } else {
                        Ok(x)
                    }
                })
            })
            .transpose()
    };
    let flag = |k: &'static str| get(k).map(|(v, p)| boolean(v, &p)).transpose();
    let flags = |k: &'static str| get(k).map(|(v, p)| flags_from(v, &p)).transpose();
    let text = |k: &'static str| -> Result<Option<String>, IabError> {
        get(k)
            .map(|(v, p)| {
                v.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| bad(&p, "expected a string"))
            })
            .transpose()
    };
    let vendors = |k: &'static str| -> Result<Option<crate::VendorSet>, IabError> {
        get(k)
            .map(|(v, p)| {
                ids_of(&v.clone(), &p)?
                    .into_iter()
                    .map(|i| u16::try_from(i).map_err(|_| bad(&p, "vendor id too large")))
                    .collect()
            })
            .transpose()
    };
    let date = |ds: &'static str, iso: &'static str| -> Result<Option<u64>, IabError> {
        if let Some(v) = int(ds, (1 << 36) - 1)? {
            return Ok(Some(v));
        }
        get(iso)
            .map(|(v, p)| {
                v.as_str()
                    .ok_or_else(|| bad(&p, "expected a string"))
                    .and_then(|s| deciseconds_from_iso(s, &p))
            })
            .transpose()
    };
    if let Some(v) = int("version", 63)? {
        if v != 2 {
            return Err(bad(&format!("{path}/version"), "only version 2"));
        }
    }
    let d = TcString::default();
    let nonstd = match flag("useNonStandardStacks")? {
        Some(b) => Some(b),
        None => flag("useNonStandardTexts")?,
    };
    let mut tc = TcString {
        created: date("createdDeciseconds", "created")?.unwrap_or(d.created),
        last_updated: date("lastUpdatedDeciseconds", "lastUpdated")?.unwrap_or(d.last_updated),
        cmp_id: int("cmpId", 4095)?.map_or(d.cmp_id, |v| v as u16),
        cmp_version: int("cmpVersion", 4095)?.map_or(d.cmp_version, |v| v as u16),
        consent_screen: int("consentScreen", 63)?.map_or(d.consent_screen, |v| v as u8),
        consent_language: text("consentLanguage")?.unwrap_or(d.consent_language),
        vendor_list_version: int("vendorListVersion", 4095)?
            .map_or(d.vendor_list_version, |v| v as u16),
        policy_version: int("policyVersion", 63)?.map_or(d.policy_version, |v| v as u8),
        is_service_specific: flag("isServiceSpecific")?.unwrap_or(d.is_service_specific),
        use_non_standard_texts: nonstd.unwrap_or(false),
        special_feature_optins: flags("specialFeatureOptins")?.unwrap_or_default(),
        purpose_consents: flags("purposeConsents")?.unwrap_or_default(),
        purpose_legitimate_interests: flags("purposeLegitimateInterests")?.unwrap_or_default(),
        purpose_one_treatment: flag("purposeOneTreatment")?.unwrap_or(false),
        publisher_country_code: text("publisherCountryCode")?.unwrap_or(d.publisher_country_code),
        vendor_consents: vendors("vendorConsents")?.unwrap_or_default(),
        vendor_legitimate_interests: vendors("vendorLegitimateInterests")?.unwrap_or_default(),
        publisher_restrictions: match get("publisherRestrictions") {
            Some((v, p)) => restrictions_from(n, v, &p)?,
            None => Vec::new(),
        },
        vendors_disclosed: vendors("vendorsDisclosed")?,
        vendors_allowed: vendors("vendorsAllowed")?,
        publisher_tc: None,
    };
    let pub_keys = [
        "publisherConsents",
        "publisherLegitimateInterests",
        "numCustomPurposes",
        "publisherCustomConsents",
        "publisherCustomLegitimateInterests",
    ];
    let has_pub = pub_keys.iter().any(|k| get(k).is_some());
    let publisher = PublisherTc {
        consents: flags("publisherConsents")?.unwrap_or_default(),
        legitimate_interests: flags("publisherLegitimateInterests")?.unwrap_or_default(),
        num_custom_purposes: int("numCustomPurposes", 63)?.map_or(0, |v| v as u8),
        custom_consents: flags("publisherCustomConsents")?.unwrap_or_default(),
        custom_legitimate_interests: flags("publisherCustomLegitimateInterests")?
            .unwrap_or_default(),
    };
    match o.get("segments") {
        Some(list) => {
            let p = format!("{path}/segments");
            let names = list
                .as_array()
                .ok_or_else(|| bad(&p, "expected an array"))?;
            let mut want = BTreeSet::new();
            for s in names {
                match s.as_str() {
                    Some(
                        name @ ("core" | "vendorsDisclosed" | "vendorsAllowed" | "publisherTC"),
                    ) => {
                        want.insert(name);
                    }
                    _ => return Err(bad(&p, "unknown segment")),
                }
            }
            let keep = |set: Option<crate::VendorSet>, name| {
                if want.contains(name) {
                    Some(set.unwrap_or_default())
                } else {
                    None
                }
            };
            tc.vendors_disclosed = keep(tc.vendors_disclosed.take(), "vendorsDisclosed");
            tc.vendors_allowed = keep(tc.vendors_allowed.take(), "vendorsAllowed");
            tc.publisher_tc = want.contains("publisherTC").then_some(publisher);
        }
        None => {
            tc.vendors_disclosed.get_or_insert_with(Default::default);
            tc.vendors_allowed = tc.vendors_allowed.filter(|s| !s.is_empty());
            tc.publisher_tc = has_pub.then_some(publisher);
        }
    }
    Ok(tc)
}
