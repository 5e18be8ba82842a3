//! The site-supplied Global Vendor List: only what the strings need from it.
//! Nothing is fetched; the site passes the JSON it downloaded.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::IabError;

/// What the mapping reads from a GVL JSON (`vendor-list.json`, v3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gvl {
    /// `vendorListVersion` (written in TC strings).
    pub vendor_list_version: u16,
    /// `tcfPolicyVersion` (written in TC strings; 5 for TCF v2.2/v2.3).
    pub tcf_policy_version: u8,
    /// Vendors listed and not deleted (`deletedDate` absent).
    pub vendor_ids: BTreeSet<u16>,
}

impl Gvl {
    /// Reads a GVL from its JSON text.
    pub fn from_json(text: &str) -> Result<Gvl, IabError> {
        let v: Value = serde_json::from_str(text).map_err(|e| gvl_err("/", &e.to_string()))?;
        Gvl::from_value(&v)
    }

    /// Reads a GVL from parsed JSON.
    pub fn from_value(v: &Value) -> Result<Gvl, IabError> {
        let num = |k: &str, max: u64| {
            v.get(k)
                .and_then(Value::as_u64)
                .filter(|&n| n <= max)
                .ok_or_else(|| gvl_err(k, &format!("expected a whole number up to {max}")))
        };
        let vendor_list_version = num("vendorListVersion", 4095)? as u16;
        let tcf_policy_version = num("tcfPolicyVersion", 63)? as u8;
        let vendors = v
            .get("vendors")
            .and_then(Value::as_object)
            .ok_or_else(|| gvl_err("vendors", "expected an object"))?;
        let mut vendor_ids = BTreeSet::new();
        for (key, vendor) in vendors {
            let id: u16 = key
                .parse()
                .ok()
                .filter(|&id| id > 0)
                .ok_or_else(|| gvl_err(&format!("vendors/{key}"), "not a vendor id"))?;
            if vendor.get("deletedDate").is_none() {
                vendor_ids.insert(id);
            }
        }
        Ok(Gvl {
            vendor_list_version,
            tcf_policy_version,
            vendor_ids,
        })
    }
}

fn gvl_err(path: &str, reason: &str) -> IabError {
    IabError::Json {
        path: format!("GVL {path}"),
        reason: reason.into(),
    }
}
