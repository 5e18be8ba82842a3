//! Decoded strings as JSON with the IAB reference libraries' field names —
//! `@iabtcf/core` for TC strings, `@iabgpp/cmpapi` for GPP strings — and
//! back: what `consentry iab decode|encode` prints and reads.

use serde_json::{Map, Value};

use crate::tc_json::{tc_from_json, tc_to_json, Naming};
use crate::{GppString, IabError, Section, TcString, UsKind, UsSection, UsValue};

/// Decodes a TC string or a GPP string (recognised by its `DB` header) to JSON.
pub fn decode_to_json(text: &str) -> Result<Value, IabError> {
    let text = text.trim();
    if text.starts_with("DB") {
        Ok(gpp_to_json(&GppString::decode(text)?))
    } else {
        Ok(tc_to_json(&TcString::decode(text)?, Naming::Tcf))
    }
}

/// Encodes JSON as printed by [`decode_to_json`]: a GPP string when it has
/// `sectionIds` or a section key, else a TC string.
pub fn encode_from_json(value: &Value) -> Result<String, IabError> {
    let obj = object(value, "")?;
    let is_gpp = obj.contains_key("sectionIds")
        || obj.contains_key("tcfeuv2")
        || UsKind::ALL.iter().any(|k| obj.contains_key(k.name()));
    if is_gpp {
        gpp_from_json(obj)?.encode()
    } else {
        tc_from_json(obj, "", Naming::Tcf)?.encode()
    }
}

/// A GPP string as JSON: `sectionIds` and one object per section.
pub fn gpp_to_json(gpp: &GppString) -> Value {
    let mut out = Map::new();
    out.insert("sectionIds".into(), gpp.section_ids().into());
    for s in &gpp.sections {
        let v = match s {
            Section::TcfEuV2(tc) => tc_to_json(tc, Naming::Gpp),
            Section::Us(us) => us_to_json(us),
        };
        out.insert(s.name().into(), v);
    }
    Value::Object(out)
}

/// Reads [`gpp_to_json`]'s shape. `sectionIds`, when given, must list exactly
/// the sections present.
pub fn gpp_from_json(obj: &Map<String, Value>) -> Result<GppString, IabError> {
    let mut sections = Vec::new();
    for (key, v) in obj {
        if key == "sectionIds" {
            continue;
        }
        let path = format!("/{key}");
        if key == "tcfeuv2" {
            let tc = tc_from_json(object(v, &path)?, &path, Naming::Gpp)?;
            sections.push(Section::TcfEuV2(Box::new(tc)));
        } else if let Some(kind) = UsKind::from_name(key) {
            sections.push(Section::Us(us_from_json(kind, object(v, &path)?, &path)?));
        } else {
            return Err(bad(&path, "unknown section"));
        }
    }
    sections.sort_by_key(Section::id);
    let gpp = GppString { sections };
    if let Some(ids) = obj.get("sectionIds") {
        let want: Vec<u64> = gpp.section_ids();
        if ids_of(ids, "/sectionIds")? != want {
            return Err(bad(
                "/sectionIds",
                "does not list exactly the sections given",
            ));
        }
    }
    Ok(gpp)
}

/// A US section with @iabgpp/cmpapi's names, plus `GpcSegmentIncluded`
/// (which its `toObject` leaves out) where the section has a GPC subsection.
pub fn us_to_json(us: &UsSection) -> Value {
    let mut out = Map::new();
    out.insert("Version".into(), us.version.into());
    for (name, v) in &us.values {
        let v = match v {
            UsValue::One(n) => Value::from(*n),
            UsValue::List(l) => Value::from(l.clone()),
        };
        out.insert((*name).into(), v);
    }
    if us.kind.has_gpc() {
        out.insert("GpcSegmentType".into(), 1.into());
        out.insert("GpcSegmentIncluded".into(), us.gpc.is_some().into());
        out.insert("Gpc".into(), us.gpc.unwrap_or(false).into());
    }
    Value::Object(out)
}

/// Reads [`us_to_json`]'s shape; missing fields keep @iabgpp/cmpapi's defaults.
/// Without `GpcSegmentIncluded`, the GPC subsection is written when the
/// section has one, as @iabgpp/cmpapi does by default.
pub fn us_from_json(
    kind: UsKind,
    obj: &Map<String, Value>,
    path: &str,
) -> Result<UsSection, IabError> {
    let mut us = UsSection::new(kind);
    if let Some(v) = obj.get("Version") {
        let version = uint(v, &format!("{path}/Version"))?;
        let version = u8::try_from(version).map_err(|_| bad(path, "Version too large"))?;
        us = UsSection::at_version(kind, version)?;
    }
    if kind.has_gpc() {
        let included = match obj.get("GpcSegmentIncluded") {
            Some(v) => boolean(v, &format!("{path}/GpcSegmentIncluded"))?,
            None => true,
        };
        let gpc = match obj.get("Gpc") {
            Some(v) => boolean(v, &format!("{path}/Gpc"))?,
            None => false,
        };
        us.gpc = included.then_some(gpc);
    }
    for (key, v) in obj {
        let p = format!("{path}/{key}");
        match key.as_str() {
            "Version" | "GpcSegmentIncluded" | "Gpc" if kind.has_gpc() || key == "Version" => {}
            "GpcSegmentType" if kind.has_gpc() => {
                if uint(v, &p)? != 1 {
                    return Err(bad(&p, "must be 1"));
                }
            }
            _ => {
                let value = match v {
                    Value::Array(items) => UsValue::List(
                        items
                            .iter()
                            .map(|i| small(i, &p))
                            .collect::<Result<_, _>>()?,
                    ),
                    other => UsValue::One(small(other, &p)?),
                };
                us.set(key, value).map_err(|e| bad(&p, &e.to_string()))?;
            }
        }
    }
    Ok(us)
}

// ---- shared readers -------------------------------------------------------

pub(crate) fn bad(path: &str, reason: &str) -> IabError {
    IabError::Json {
        path: if path.is_empty() {
            "/".into()
        } else {
            path.into()
        },
        reason: reason.into(),
    }
}

pub(crate) fn object<'a>(v: &'a Value, path: &str) -> Result<&'a Map<String, Value>, IabError> {
    v.as_object().ok_or_else(|| bad(path, "expected an object"))
}

pub(crate) fn uint(v: &Value, path: &str) -> Result<u64, IabError> {
    v.as_u64()
        .ok_or_else(|| bad(path, "expected a non-negative integer"))
}

fn small(v: &Value, path: &str) -> Result<u8, IabError> {
    u8::try_from(uint(v, path)?).map_err(|_| bad(path, "value too large"))
}

pub(crate) fn boolean(v: &Value, path: &str) -> Result<bool, IabError> {
    v.as_bool()
        .ok_or_else(|| bad(path, "expected true or false"))
}

/// A sorted, duplicate-free array of ids (any order accepted on input).
pub(crate) fn ids_of(v: &Value, path: &str) -> Result<Vec<u64>, IabError> {
    let items = v
        .as_array()
        .ok_or_else(|| bad(path, "expected an array of numbers"))?;
    let mut ids = items
        .iter()
        .map(|i| uint(i, path))
        .collect::<Result<Vec<_>, _>>()?;
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}
