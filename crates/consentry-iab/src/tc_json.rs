//! TC strings as JSON, with @iabtcf/core's names (`cmpId`, id sets as
//! sorted arrays) or, inside GPP, @iabgpp/cmpapi's `tcfeuv2` names
//! (`CmpId`, purposes as boolean arrays). Dates are given both as ISO
//! strings and as deciseconds.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use crate::dates::{deciseconds_from_iso, iso_from_deciseconds};
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
        // No flag field is wider than 64 bits (custom purposes: 6-bit count).
        if items.len() > 64 {
            return Err(bad(path, "more than 64 flags"));
        }
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
