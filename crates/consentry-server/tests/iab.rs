//! `Consent::iab_strings` (feature `iab`): the request's headers decide the
//! strings (GPC and region from headers, the GVL's version in the TC string).

use consentry_core::Policy;
use consentry_server::consentry_iab::{decode_to_json, Gvl};
use consentry_server::{Consent, RegionHeader, RegionSource};
use http::{HeaderMap, HeaderValue};
use std::sync::Arc;

const NOW: u64 = 1_788_220_800;

fn policy(iab: bool) -> Arc<Policy> {
    let iab = if iab {
        r#""iab": { "cmpId": 300, "gppSections": ["usnat", "usca"], "mspaCoveredTransaction": true },"#
    } else {
        ""
    };
    Arc::new(
        Policy::from_json(&format!(
            r#"{{ {iab} "catalog": false, "categories": [
              {{ "id": "targeting", "tcfPurposes": [1, 3], "usUses": ["sale", "sharing"],
                 "services": [ {{ "id": "ads", "hosts": ["ads.example"], "gvlId": 755 }} ] }} ] }}"#
        ))
        .unwrap(),
    )
}

fn consent(policy: &Arc<Policy>, headers: &[(&'static str, &'static str)]) -> Consent {
    let mut h = HeaderMap::new();
    for (k, v) in headers {
        h.append(*k, HeaderValue::from_static(v));
    }
    let source = RegionSource::new().header(RegionHeader::cloudflare());
    Consent::from_headers(policy, &h, &source, NOW)
}

#[test]
fn request_headers_decide_the_strings() {
    let gvl = Gvl::from_json(
        r#"{ "gvlSpecificationVersion": 3, "vendorListVersion": 77, "tcfPolicyVersion": 5,
             "vendors": { "755": { "id": 755 } } }"#,
    )
    .unwrap();
    let p = policy(true);
    let ca = [("cf-ipcountry", "US"), ("cf-region-code", "CA")];
    let c = consent(&p, &[ca[0], ca[1], ("sec-gpc", "1")]);
    let s = c.iab_strings(Some(&gvl), NOW).unwrap();
    let gpp = decode_to_json(&s.gpp_string().unwrap().unwrap()).unwrap();
    assert_eq!(gpp["usca"]["Gpc"], true, "{gpp}");
    assert_eq!(gpp["usca"]["SaleOptOut"], 1, "{gpp}");
    assert_eq!(gpp["usnat"]["SharingOptOut"], 1, "{gpp}");
    let tc = decode_to_json(&s.tc_string().unwrap().unwrap()).unwrap();
    assert_eq!(tc["vendorListVersion"], 77);
    assert_eq!(tc["vendorConsents"], serde_json::json!([]));
    assert_eq!(tc["vendorsDisclosed"], serde_json::json!([755]));

    // Without GPC the same request is not flagged.
    let c = consent(&p, &ca);
    let gpp = decode_to_json(
        &c.iab_strings(None, NOW)
            .unwrap()
            .gpp_string()
            .unwrap()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(gpp["usca"]["Gpc"], false, "{gpp}");
    assert!(c.iab_strings(None, NOW).unwrap().tc.is_none());

    // A policy without an `iab` section is an error, not empty strings.
    assert!(consent(&policy(false), &ca).iab_strings(None, NOW).is_err());
}
