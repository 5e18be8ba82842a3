//! The `euconsent-v2` cookie: written only where the policy enables it, with
//! the consent cookie's attributes and the consent's remaining lifetime,
//! left alone when up to date, deleted when no consent or string backs it.

use consentry_core::{Consent, ConsentId, Decider, Policy, Signals, Stored};
use consentry_iab::{strings_for, tc_cookie, Gvl, TC_COOKIE};

const NOW: u64 = 1_788_220_800;
const GVL: &str =
    r#"{ "vendorListVersion": 9, "tcfPolicyVersion": 5, "vendors": { "755": { "id": 755 } } }"#;

fn policy(tc_cookie: bool) -> Policy {
    Policy::from_json(&format!(
        r#"{{ "iab": {{ "cmpId": 300, "tcCookie": {tc_cookie} }},
             "cookie": {{ "domain": "shop.example", "sameSite": "strict" }},
             "consentLifetimeDays": 30, "catalog": false,
             "categories": [ {{ "id": "targeting", "tcfPurposes": [1, 2], "services": [
               {{ "id": "ads", "hosts": ["ads.example"], "gvlId": 755 }} ] }} ] }}"#
    ))
    .unwrap()
}

/// The assignment for a visitor who accepted all (at `NOW`) or chose nothing.
fn cookie(p: &Policy, accepted: bool, with_gvl: bool, cookies: &str, now: u64) -> Option<String> {
    let signals = Signals::default();
    let stored = if accepted {
        Stored::Valid(Consent::accept_all(p, ConsentId([1; 16]), NOW, &signals))
    } else {
        Stored::None
    };
    let d = Decider::new(p, stored, &signals);
    let gvl = Gvl::from_json(GVL).unwrap();
    let s = strings_for(&d, &signals, with_gvl.then_some(&gvl), now).unwrap();
    let tc = s.tc_string().unwrap();
    tc_cookie(&d, tc.as_deref(), cookies, now, true)
}

fn tc_of(p: &Policy) -> String {
    let set = cookie(p, true, true, "", NOW).unwrap();
    set.strip_prefix("euconsent-v2=")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn a_stored_consent_writes_the_tc_string_with_the_consent_cookies_attributes() {
    let p = policy(true);
    let set = cookie(&p, true, true, "other=1", NOW + 60).unwrap();
    let tc = tc_of(&p);
    assert!(!tc.is_empty());
    assert_eq!(
        set,
        format!(
            "{TC_COOKIE}={tc}; Path=/; Max-Age={}; SameSite=Strict; Domain=shop.example; Secure",
            30 * 86_400 - 60
        )
    );
    // The string is the TC string of the consent, dated by it, not by now.
    assert_eq!(
        cookie(&p, true, true, "", NOW + 3600)
            .unwrap()
            .split(';')
            .next(),
        set.split(';').next()
    );
}

#[test]
fn an_up_to_date_cookie_is_not_written_again_a_stale_one_is() {
    let p = policy(true);
    let tc = tc_of(&p);
    assert_eq!(
        cookie(&p, true, true, &format!("a=1; euconsent-v2={tc}; b=2"), NOW),
        None
    );
    assert!(cookie(&p, true, true, "euconsent-v2=COld", NOW).is_some());
    // Two cookies of that name (another path or domain): rewritten.
    assert!(cookie(
        &p,
        true,
        true,
        &format!("euconsent-v2={tc}; euconsent-v2=COld"),
        NOW
    )
    .is_some());
}

#[test]
fn without_consent_or_without_a_tc_string_the_cookie_is_deleted_if_present() {
    let p = policy(true);
    let gone = "euconsent-v2=; Path=/; Max-Age=0; SameSite=Strict; Domain=shop.example; Secure";
    assert_eq!(
        cookie(&p, false, true, "euconsent-v2=COld", NOW).as_deref(),
        Some(gone)
    );
    assert_eq!(
        cookie(&p, true, false, "euconsent-v2=COld", NOW).as_deref(),
        Some(gone)
    );
    assert_eq!(cookie(&p, false, true, "other=1", NOW), None);
    // An expired consent is no consent.
    assert_eq!(cookie(&p, true, true, "", NOW + 31 * 86_400), None);
}

#[test]
fn sites_that_do_not_enable_it_never_get_the_cookie() {
    let p = policy(false);
    assert_eq!(cookie(&p, true, true, "", NOW), None);
    assert_eq!(cookie(&p, false, true, "euconsent-v2=theirs", NOW), None);
    assert!(
        Policy::from_json(r#"{"iab": {"cmpId": 2, "tcCookie": "yes"}}"#)
            .unwrap_err()
            .to_string()
            .contains("iab.tcCookie")
    );
}
