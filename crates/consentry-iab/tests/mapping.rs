//! The mapping from a Consentry policy, stored consent and signals to the
//! IAB strings, checked by decoding the strings it produces.

use consentry_core::{Consent, ConsentId, Decider, Policy, Region, Signals, Stored};
use consentry_iab::{decode_to_json, strings_for, Gvl, IabError};
use serde_json::Value;

const POLICY: &str = r#"{
  "iab": { "cmpId": 300, "cmpVersion": 4, "publisherCountryCode": "de", "consentLanguage": "FR",
           "gppSections": ["usca", "usnat", "usva"], "mspaCoveredTransaction": true },
  "catalog": false,
  "categories": [
    { "id": "performance", "tcfPurposes": [1, 7, 8, 9], "services": [
      { "id": "stats", "hosts": ["stats.example"], "gvlId": 12 } ] },
    { "id": "targeting", "tcfPurposes": [1, 2, 3, 4], "tcfSpecialFeatures": [1],
      "usUses": ["sale", "sharing", "targetedAdvertising"], "services": [
      { "id": "ads", "hosts": ["ads.example"], "gvlId": 755 },
      { "id": "gone", "hosts": ["gone.example"], "gvlId": 99 },
      { "id": "unlisted", "hosts": ["u.example"], "gvlId": 4000 } ] }
  ]
}"#;

const GVL: &str = r#"{ "gvlSpecificationVersion": 3, "vendorListVersion": 123, "tcfPolicyVersion": 5,
  "vendors": { "12": { "id": 12 }, "755": { "id": 755 }, "99": { "id": 99, "deletedDate": "2025-01-01T00:00:00Z" } } }"#;

const NOW: u64 = 1_788_220_800;

fn run(choice: Option<bool>, signals: Signals) -> Value {
    let policy = Policy::from_json(POLICY).unwrap();
    let stored = match choice {
        None => Stored::None,
        Some(all) => {
            let f = if all {
                Consent::accept_all
            } else {
                Consent::reject_all
            };
            Stored::Valid(f(&policy, ConsentId([7; 16]), NOW, &signals))
        }
    };
    let decider = Decider::new(&policy, stored, &signals);
    let gvl = Gvl::from_json(GVL).unwrap();
    let strings = strings_for(&decider, &signals, Some(&gvl), NOW + 5).unwrap();
    let tc = strings.tc_string().unwrap().unwrap();
    let gpp = strings.gpp_string().unwrap().unwrap();
    let mut out = decode_to_json(&gpp).unwrap();
    out["tc"] = decode_to_json(&tc).unwrap();
    out
}

fn us(region: &str, gpc: bool) -> Signals {
    Signals {
        gpc,
        dnt: false,
        region: Region::parse(region),
    }
}

#[test]
fn granted_categories_give_their_purposes_and_vendors_in_the_gvl() {
    let v = run(Some(true), us("DE", false));
    let tc = &v["tc"];
    assert_eq!(tc["cmpId"], 300);
    assert_eq!(tc["cmpVersion"], 4);
    assert_eq!(tc["vendorListVersion"], 123);
    assert_eq!(tc["policyVersion"], 5);
    assert_eq!(tc["consentLanguage"], "FR");
    assert_eq!(tc["publisherCountryCode"], "DE");
    assert_eq!(tc["isServiceSpecific"], true);
    assert_eq!(tc["createdDeciseconds"], NOW * 10);
    assert_eq!(
        tc["purposeConsents"],
        serde_json::json!([1, 2, 3, 4, 7, 8, 9])
    );
    assert_eq!(tc["specialFeatureOptins"], serde_json::json!([1]));
    // 99 is deleted from the GVL and 4000 not in it: left out, as @iabtcf/core does.
    assert_eq!(tc["vendorConsents"], serde_json::json!([12, 755]));
    assert_eq!(tc["vendorsDisclosed"], serde_json::json!([12, 755]));
    assert_eq!(tc["vendorLegitimateInterests"], serde_json::json!([]));
    assert_eq!(v["sectionIds"], serde_json::json!([2, 7, 8, 9]));
}

#[test]
fn refusal_consents_to_nothing_but_still_discloses_the_vendors() {
    let v = run(Some(false), us("DE", false));
    assert_eq!(v["tc"]["purposeConsents"], serde_json::json!([]));
    assert_eq!(v["tc"]["vendorConsents"], serde_json::json!([]));
    assert_eq!(v["tc"]["vendorsDisclosed"], serde_json::json!([12, 755]));
    assert_eq!(v["usnat"]["SaleOptOut"], 1);
}

#[test]
fn no_choice_yet_in_an_opt_out_state_is_no_opt_out_and_no_tcf_consent() {
    let v = run(None, us("US-CA", false));
    assert_eq!(
        v["tc"]["purposeConsents"],
        serde_json::json!([]),
        "opt-out defaults are not TCF consent"
    );
    assert_eq!(v["tc"]["createdDeciseconds"], (NOW + 5) * 10);
    for s in ["usnat", "usca"] {
        assert_eq!(v[s]["SaleOptOut"], 2, "{s}");
        assert_eq!(v[s]["SharingOptOut"], 2, "{s}");
        assert_eq!(v[s]["SaleOptOutNotice"], 1, "{s}");
        assert_eq!(v[s]["Gpc"], false, "{s}");
        assert_eq!(v[s]["GpcSegmentIncluded"], true, "{s}");
        assert_eq!(v[s]["MspaCoveredTransaction"], 1, "{s}");
    }
    assert_eq!(v["usnat"]["TargetedAdvertisingOptOut"], 2);
    assert_eq!(v["usva"]["TargetedAdvertisingOptOut"], 2);
    assert!(v["usva"].get("Gpc").is_none(), "usva has no GPC subsection");
}

#[test]
fn gpc_sets_the_gpc_fields_and_every_required_opt_out() {
    let v = run(None, us("US-CA", true));
    for s in ["usnat", "usca"] {
        assert_eq!(v[s]["Gpc"], true, "{s}");
        assert_eq!(v[s]["SaleOptOut"], 1, "{s}");
        assert_eq!(v[s]["SharingOptOut"], 1, "{s}");
    }
    assert_eq!(v["usnat"]["TargetedAdvertisingOptOut"], 1);
    assert_eq!(v["usva"]["SaleOptOut"], 1);
    assert_eq!(v["usva"]["TargetedAdvertisingOptOut"], 1);
    // Accepting everything while GPC is on is a knowing grant: no opt-out, GPC still said.
    let v = run(Some(true), us("US-CA", true));
    assert_eq!(v["usca"]["SaleOptOut"], 2);
    assert_eq!(v["usca"]["Gpc"], true);
}

#[test]
fn a_category_without_us_uses_counts_through_its_opt_out_flag() {
    let policy = Policy::from_json(
        r#"{"iab": {"cmpId": 2, "gppSections": ["usco"]}, "catalog": false, "categories": [{"id": "targeting"}]}"#,
    )
    .unwrap();
    let signals = us("US-CO", true);
    let d = Decider::new(&policy, Stored::None, &signals);
    let s = strings_for(&d, &signals, None, NOW).unwrap();
    assert!(s.tc.is_none(), "no GVL, no TC string");
    let v = decode_to_json(&s.gpp_string().unwrap().unwrap()).unwrap();
    assert_eq!(v["usco"]["SaleOptOut"], 1);
    assert_eq!(v["usco"]["TargetedAdvertisingOptOut"], 1);
    assert_eq!(v["usco"]["MspaCoveredTransaction"], 2);
    assert_eq!(v["usco"]["Gpc"], true);
}

#[test]
fn policy_errors() {
    let policy = Policy::from_json(r#"{"catalog": false}"#).unwrap();
    let d = Decider::new(&policy, Stored::None, &Signals::default());
    assert!(matches!(
        strings_for(&d, &Signals::default(), None, NOW),
        Err(IabError::Mapping(_))
    ));
    for bad in [
        r#"{"iab": {}}"#,
        r#"{"iab": {"cmpId": 1}}"#,
        r#"{"iab": {"cmpId": 5, "gppSections": ["usfl"]}}"#,
        r#"{"iab": {"cmpId": 5, "publisherCountryCode": "DEU"}}"#,
        r#"{"categories": [{"id": "targeting", "tcfPurposes": [12]}]}"#,
        r#"{"categories": [{"id": "targeting", "usUses": ["selling"]}]}"#,
        r#"{"categories": [{"id": "x", "services": [{"id": "s", "gvlId": 0}]}]}"#,
    ] {
        assert!(Policy::from_json(bad).is_err(), "{bad}");
    }
    assert!(
        Gvl::from_json(r#"{"vendorListVersion": 5000, "tcfPolicyVersion": 5, "vendors": {}}"#)
            .is_err()
    );
    assert!(Gvl::from_json(
        r#"{"vendorListVersion": 5, "tcfPolicyVersion": 5, "vendors": {"x": {}}}"#
    )
    .is_err());
}

#[test]
fn gvl_url_is_read_and_checked_like_every_policy_link() {
    let p =
        Policy::from_json(r#"{"iab": {"cmpId": 2, "gvlUrl": "/iab/vendor-list.json"}}"#).unwrap();
    assert_eq!(
        p.iab().unwrap().gvl_url.as_deref(),
        Some("/iab/vendor-list.json")
    );
    assert_eq!(
        Policy::from_json(r#"{"iab": {"cmpId": 2}}"#)
            .unwrap()
            .iab()
            .unwrap()
            .gvl_url,
        None
    );
    let e = Policy::from_json(r#"{"iab": {"cmpId": 2, "gvlUrl": "javascript:alert(1)"}}"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("iab.gvlUrl"), "{e}");
}
