//! `consentry iab`: decode/encode round trips on the reference vectors, bad
//! strings, and the strings the mapping gives a visitor with GPC in California.

mod support;

use serde_json::Value;
use support::*;

const POLICY: &str = r#"{
  "iab": { "cmpId": 300, "cmpVersion": 4, "publisherCountryCode": "de", "consentLanguage": "EN",
           "gppSections": ["usnat", "usca"], "mspaCoveredTransaction": true },
  "catalog": false,
  "categories": [
    { "id": "targeting", "tcfPurposes": [1, 2, 3, 4], "usUses": ["sale", "sharing", "targetedAdvertising"],
      "services": [ { "id": "ads", "hosts": ["ads.example"], "gvlId": 755 } ] }
  ]
}"#;

const GVL: &str = r#"{ "gvlSpecificationVersion": 3, "vendorListVersion": 123, "tcfPolicyVersion": 5,
  "vendors": { "755": { "id": 755 } } }"#;

fn vectors(file: &str) -> Vec<String> {
    let text = std::fs::read_to_string(root().join("tests/vectors/iab").join(file)).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    v["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["string"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn decode_then_encode_gives_the_same_string() {
    let dir = TempDir::new("iab-roundtrip");
    let tc = vectors("tcf.json");
    let gpp = vectors("gpp.json");
    assert!(!tc.is_empty() && !gpp.is_empty());
    for s in [&tc[1], &tc[tc.len() - 1], &gpp[0], &gpp[gpp.len() - 1]] {
        let (code, json, err) = consentry(&["iab", "decode", s]);
        assert_eq!(code, 0, "{s}: {err}");
        assert!(json.contains("\n  "), "pretty JSON: {json}");
        let file = dir.0.join("x.json");
        std::fs::write(&file, &json).unwrap();
        let (code, out, err) = consentry(&["iab", "encode", file.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(out.trim(), s.as_str());
    }
}

#[test]
fn malformed_input_exits_3_with_the_reason() {
    let (code, _, err) = consentry(&["iab", "decode", "CQgX!!"]);
    assert_eq!(code, 3);
    assert!(err.contains("not a valid TC or GPP string"), "{err}");
    let dir = TempDir::new("iab-bad");
    let file = dir.0.join("bad.json");
    std::fs::write(&file, r#"{"sectionIds": [7], "usnat": {"SaleOptOut": 9}}"#).unwrap();
    let (code, _, err) = consentry(&["iab", "encode", file.to_str().unwrap()]);
    assert_eq!(code, 3, "{err}");
    std::fs::write(&file, "{ nope").unwrap();
    assert_eq!(consentry(&["iab", "encode", file.to_str().unwrap()]).0, 3);
}

#[test]
fn strings_with_gpc_in_california_opt_out() {
    let dir = TempDir::new("iab-strings");
    let policy = dir.0.join("policy.json");
    let gvl = dir.0.join("gvl.json");
    std::fs::write(&policy, POLICY).unwrap();
    std::fs::write(&gvl, GVL).unwrap();
    let (p, g) = (policy.to_str().unwrap(), gvl.to_str().unwrap());
    let run = |extra: &[&str]| {
        let mut args = vec![
            "iab",
            "strings",
            "--policy",
            p,
            "--gvl",
            g,
            "--now",
            "1788220800",
        ];
        args.extend_from_slice(extra);
        let (code, out, err) = consentry(&args);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str::<Value>(&out).unwrap()
    };
    let headers = [
        "--region-headers",
        "cloudflare",
        "-H",
        "CF-IPCountry: US",
        "-H",
        "CF-Region-Code: CA",
    ];
    let mut with_gpc = headers.to_vec();
    with_gpc.extend(["-H", "Sec-GPC: 1"]);
    let out = run(&with_gpc);
    let gpp = consentry_iab::decode_to_json(out["gppString"].as_str().unwrap()).unwrap();
    assert_eq!(gpp["usnat"]["Gpc"], true, "{gpp}");
    assert_eq!(gpp["usnat"]["SaleOptOut"], 1, "{gpp}");
    assert_eq!(gpp["usnat"]["SharingOptOut"], 1, "{gpp}");
    assert_eq!(gpp["usnat"]["TargetedAdvertisingOptOut"], 1, "{gpp}");
    assert_eq!(gpp["usca"]["Gpc"], true, "{gpp}");
    assert_eq!(gpp["usca"]["SaleOptOut"], 1, "{gpp}");
    assert!(out["tcString"].is_string(), "{out}");
    // Without GPC, accepting all: no opt-out, GPC off.
    let mut accept = headers.to_vec();
    accept.push("--accept-all");
    let out = run(&accept);
    let gpp = consentry_iab::decode_to_json(out["gppString"].as_str().unwrap()).unwrap();
    assert_eq!(gpp["usnat"]["Gpc"], false, "{gpp}");
    assert_eq!(gpp["usnat"]["SaleOptOut"], 2, "{gpp}");
    let tc = consentry_iab::decode_to_json(out["tcString"].as_str().unwrap()).unwrap();
    assert_eq!(tc["vendorConsents"], serde_json::json!([755]), "{tc}");
    assert_eq!(tc["vendorListVersion"], 123);
    // A bad GVL is an input error.
    std::fs::write(&gvl, "[]").unwrap();
    assert_eq!(
        consentry(&["iab", "strings", "--policy", p, "--gvl", g]).0,
        3
    );
}
