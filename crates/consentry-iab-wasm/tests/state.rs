//! The state the browser's CMP APIs answer, natively.

use consentry_core::{record, Consent, ConsentId, Policy, Signals};
use consentry_iab_wasm::IabEngine;
use serde_json::json;

const POLICY: &str = r#"{
  "iab": { "cmpId": 300, "cmpVersion": 4, "gppSections": ["usnat"], "gvlUrl": "/gvl.json" },
  "catalog": false,
  "categories": [
    { "id": "targeting", "tcfPurposes": [1, 2, 3, 4], "usUses": ["sale", "sharing", "targetedAdvertising"],
      "services": [ { "id": "ads", "hosts": ["ads.example"], "gvlId": 755 } ] }
  ]
}"#;

const GVL: &str =
    r#"{ "vendorListVersion": 123, "tcfPolicyVersion": 5, "vendors": { "755": { "id": 755 } } }"#;

const NOW_MS: f64 = 1_788_220_800_000.0;

fn accepted_cookie() -> String {
    let policy = Policy::from_json(POLICY).unwrap();
    let c = Consent::accept_all(
        &policy,
        ConsentId([7; 16]),
        1_788_220_000,
        &Signals::default(),
    );
    format!("other=1; consentry={}", record::encode(&c, &policy))
}

#[test]
fn without_a_gvl_only_the_gpp_sections() {
    let e = IabEngine::from_json(POLICY).unwrap();
    assert_eq!(e.gvl_url().as_deref(), Some("/gvl.json"));
    assert_eq!((e.cmp_id(), e.cmp_version()), (300, 4));
    let s = e.state_json("", false, false, None, NOW_MS).unwrap();
    assert_eq!(s["tcString"], json!(null));
    assert_eq!(s["gpp"]["sectionIds"], json!([7]));
    // No region: the policy's default regime (opt-in) — GDPR applies.
    assert_eq!(s["gdprApplies"], true);
    assert_eq!(s["applicableSections"], json!([-1]));
    assert_eq!(s["displayStatus"], "visible");
}

#[test]
fn the_strings_follow_the_stored_choice() {
    let mut e = IabEngine::from_json(POLICY).unwrap();
    e.load_gvl(GVL).unwrap();
    let before = e.state_json("", false, false, Some("DE"), NOW_MS).unwrap();
    assert_eq!(before["tc"]["cmpId"], 300);
    assert_eq!(before["tc"]["vendorListVersion"], 123);
    assert_eq!(before["tc"]["purposeConsents"], json!([]));
    assert_eq!(before["tc"]["vendorsDisclosed"], json!([755]));
    assert_eq!(before["gpp"]["sectionIds"], json!([2, 7]));
    assert_eq!(before["applicableSections"], json!([2]));
    assert_eq!(before["supportedAPIs"], json!(["2:tcfeuv2", "7:usnat"]));
    let after = e
        .state_json(&accepted_cookie(), false, false, Some("DE"), NOW_MS)
        .unwrap();
    assert_eq!(after["tc"]["purposeConsents"], json!([1, 2, 3, 4]));
    assert_eq!(after["tc"]["vendorConsents"], json!([755]));
    assert_eq!(after["displayStatus"], "hidden");
    // The decoded fields are the string's own.
    let tc = after["tcString"].as_str().unwrap();
    assert_eq!(consentry_iab::decode_to_json(tc).unwrap(), after["tc"]);
}

#[test]
fn in_an_opt_out_region_the_us_sections_apply() {
    let policy = POLICY.replace(
        "\"catalog\"",
        "\"regions\": {\"US\": \"opt-out\"}, \"catalog\"",
    );
    let e = IabEngine::from_json(&policy).unwrap();
    let s = e
        .state_json("", true, false, Some("US-CA"), NOW_MS)
        .unwrap();
    assert_eq!(s["gdprApplies"], false);
    assert_eq!(s["applicableSections"], json!([7]));
    assert_eq!(s["gpp"]["usnat"]["Gpc"], true);
}

#[test]
fn a_policy_without_iab_or_a_bad_gvl_is_refused() {
    assert!(IabEngine::from_json("{}").is_err());
    let mut e = IabEngine::from_json(POLICY).unwrap();
    assert!(e.load_gvl("{\"vendors\": 1}").is_err());
}

#[test]
fn the_tc_cookie_follows_the_consent_where_the_policy_enables_it() {
    let off = {
        let mut e = IabEngine::from_json(POLICY).unwrap();
        e.load_gvl(GVL).unwrap();
        e
    };
    let cookies = accepted_cookie();
    assert_eq!(
        off.cookie_for(&cookies, false, false, None, NOW_MS, true)
            .unwrap(),
        None
    );
    let policy = POLICY.replace("\"gvlUrl\"", "\"tcCookie\": true, \"gvlUrl\"");
    let mut e = IabEngine::from_json(&policy).unwrap();
    // No vendor list yet: no TC string, so nothing to write (or a stale one deleted).
    assert_eq!(
        e.cookie_for(&cookies, false, false, None, NOW_MS, true)
            .unwrap(),
        None
    );
    assert!(e
        .cookie_for(
            &format!("{cookies}; euconsent-v2=COld"),
            false,
            false,
            None,
            NOW_MS,
            true
        )
        .unwrap()
        .unwrap()
        .starts_with("euconsent-v2=; Path=/; Max-Age=0"));
    e.load_gvl(GVL).unwrap();
    let set = e
        .cookie_for(&cookies, false, false, None, NOW_MS, false)
        .unwrap()
        .unwrap();
    let state = e.state_json(&cookies, false, false, None, NOW_MS).unwrap();
    let tc = state["tcString"].as_str().unwrap();
    assert!(
        set.starts_with(&format!("euconsent-v2={tc}; Path=/; Max-Age=")),
        "{set}"
    );
    assert!(!set.contains("Secure"));
    // Written once: with the cookie in place there is nothing to do.
    let both = format!("{cookies}; euconsent-v2={tc}");
    assert_eq!(
        e.cookie_for(&both, false, false, None, NOW_MS, false)
            .unwrap(),
        None
    );
}

#[test]
fn the_strings_of_a_recorded_choice_are_those_of_its_cookie_value() {
    let mut e = IabEngine::from_json(POLICY).unwrap();
    let cookies = accepted_cookie();
    let value = cookies.split("consentry=").nth(1).unwrap();
    let [tc, gpp] = e
        .strings_of_record(value, false, false, Some("DE"), NOW_MS)
        .unwrap();
    assert_eq!(tc, None, "no TC string without the vendor list");
    assert!(gpp.is_some());
    e.load_gvl(GVL).unwrap();
    let [tc, gpp] = e
        .strings_of_record(value, false, false, Some("DE"), NOW_MS)
        .unwrap();
    let state = e
        .state_json(&cookies, false, false, Some("DE"), NOW_MS)
        .unwrap();
    assert_eq!(tc.as_deref(), state["tcString"].as_str());
    assert_eq!(gpp.as_deref(), state["gppString"].as_str());
    // A value that is no consent record: the strings of no consent.
    let [none, _] = e
        .strings_of_record("garbage", false, false, Some("DE"), NOW_MS)
        .unwrap();
    let empty = e.state_json("", false, false, Some("DE"), NOW_MS).unwrap();
    assert_eq!(none.as_deref(), empty["tcString"].as_str());
}
