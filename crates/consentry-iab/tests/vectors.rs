//! tests/vectors/iab: strings made by the IAB reference encoders must decode
//! to the JSON their decoders read, and that JSON must encode to the same
//! string; malformed strings must be typed errors. `ours.json` holds our
//! encoder's strings, which check.mjs decodes with the reference libraries.

use std::path::PathBuf;

use consentry_iab::{decode_to_json, encode_from_json, GppString, TcString};
use serde_json::Value;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors/iab")
}

fn vectors(file: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(dir().join(file)).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    v["vectors"].as_array().unwrap().clone()
}

/// Every key of the reference's JSON must match ours; our only extra key is
/// `segments` (which segments the TC string has).
fn same(ours: &Value, theirs: &Value, path: &str) -> Result<(), String> {
    match (ours, theirs) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                let o = a.get(k).ok_or(format!("{path}/{k}: missing"))?;
                same(o, v, &format!("{path}/{k}"))?;
            }
            match a.keys().find(|k| !b.contains_key(*k) && *k != "segments") {
                Some(extra) => Err(format!("{path}/{extra}: not in the reference")),
                None => Ok(()),
            }
        }
        _ if ours == theirs => Ok(()),
        _ => Err(format!("{path}: ours {ours} reference {theirs}")),
    }
}

fn check_file(file: &str) -> usize {
    let mut failures = Vec::new();
    let all = vectors(file);
    for v in &all {
        let name = v["name"].as_str().unwrap();
        let string = v["string"].as_str().unwrap();
        match decode_to_json(string) {
            Ok(ours) => {
                if let Err(e) = same(&ours, &v["json"], "") {
                    failures.push(format!("{name}: decode {e}"));
                }
                // Our JSON (which carries `segments`) must give the reference's string back.
                match encode_from_json(&ours) {
                    Ok(s) if s == string => {}
                    Ok(s) => failures.push(format!("{name}: encode gave {s}, reference {string}")),
                    Err(e) => failures.push(format!("{name}: encode failed: {e}")),
                }
            }
            Err(e) => failures.push(format!("{name}: decode failed: {e}")),
        }
    }
    assert!(failures.is_empty(), "{file}:\n{}", failures.join("\n"));
    all.len()
}

#[test]
fn reference_tc_strings_decode_and_reencode_exactly() {
    assert!(check_file("tcf.json") >= 30);
}

#[test]
fn reference_gpp_strings_decode_and_reencode_exactly() {
    assert!(check_file("gpp.json") >= 20);
}

#[test]
fn malformed_strings_are_typed_errors() {
    for v in vectors("invalid.json") {
        let s = v["string"].as_str().unwrap();
        let rejected = match v["kind"].as_str().unwrap() {
            "tcf" => TcString::decode(s).is_err(),
            _ => GppString::decode(s).is_err(),
        };
        assert!(rejected, "{} was accepted", v["name"]);
        assert!(decode_to_json(s).is_err() || v["kind"] == "tcf" && s.starts_with("DB"));
    }
}

#[test]
fn json_that_describes_no_string_is_a_typed_error() {
    use serde_json::json;
    for bad in [
        json!([]),
        json!({"cmpId": 1}),
        json!({"cmpId": 5000}),
        json!({"cmpId": 2, "purposeConsents": [25]}),
        json!({"cmpId": 2, "purposeConsents": vec![true; 300]}),
        json!({"cmpId": 2, "vendorConsents": [70000]}),
        json!({"cmpId": 2, "consentLanguage": "E"}),
        json!({"cmpId": 2, "created": "yesterday"}),
        json!({"cmpId": 2, "segments": ["core", "extra"]}),
        json!({"cmpId": 2, "cmpid": 3}),
        json!({"cmpId": 2, "publisherRestrictions": [{"purposeId": 2, "restrictionType": 3, "vendors": [1]}]}),
        json!({"usnat": {"SaleOptOut": 3}}),
        json!({"usnat": {"SaleOptOut": 1, "Version": 7}}),
        json!({"usnat": {"SensitiveDataProcessing": [0, 0]}}),
        json!({"usva": {"Gpc": true}}),
        json!({"usfl": {}}),
        json!({"sectionIds": [8], "usnat": {}}),
        json!({"usca": {"MspaCoveredTransaction": 0}}),
    ] {
        let r = encode_from_json(&bad);
        assert!(r.is_err(), "{bad} gave {r:?}");
    }
}
