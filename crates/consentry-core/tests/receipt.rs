//! Consent receipts: built from a consent, written canonically, read back
//! strictly, every bad field reported at its path.

use consentry_core::receipt::{self, Action, Context, Digest, Page, Receipt, Source, Surface};
use consentry_core::{Consent, ConsentId, Policy, Region, Signals};
use serde_json::{json, Value};

fn policy() -> Policy {
    Policy::from_json(
        r#"{ "revision": 3, "categories": [
            { "id": "performance", "services": ["google-analytics"] },
            { "id": "targeting", "services": ["meta-pixel"] } ] }"#,
    )
    .unwrap()
}

fn sample() -> Receipt {
    let p = policy();
    let signals = Signals {
        gpc: true,
        dnt: false,
        region: Region::parse("de"),
    };
    let consent = Consent::custom(
        &p,
        ConsentId([0xab; 16]),
        1_790_000_000,
        &signals,
        ["performance"],
        [("meta-pixel", true)],
    )
    .unwrap();
    Receipt::new(
        &consent,
        &p,
        Context {
            seq: 2,
            client_time: 1_790_000_000_123,
            policy_hash: p.canonical_hash(),
            language: "de".into(),
            texts_hash: receipt::texts_hash(&p, "de"),
            surface: Surface::Dialog,
            action: Action::Custom,
            page: Page::from_url("https://Shop.Example.com/cart?email=a@b.c#x").unwrap(),
        },
    )
}

#[test]
fn built_from_a_consent() {
    let r = sample();
    assert_eq!(r.categories.granted, ["mandatory", "performance"]);
    assert_eq!(r.categories.refused, ["targeting", "functionality"]);
    assert_eq!(r.services.granted, ["meta-pixel"]);
    assert!(r.services.refused.is_empty());
    assert_eq!(r.policy_revision, 3);
    assert_eq!(r.regime.as_str(), "opt-in");
    assert_eq!(r.region.as_ref().map(Region::as_str), Some("DE"));
    assert!(r.gpc && !r.dnt);
    // The query (here an e-mail address) and the fragment never get in.
    assert_eq!(r.page.origin, "https://shop.example.com");
    assert_eq!(r.page.path, "/cart");
    assert!(!r.to_json().contains("email"));
}

#[test]
fn canonical_json_round_trips() {
    let r = sample();
    let text = r.to_json();
    assert!(
        text.starts_with(r#"{"version":1,"consentId":"abababababababababababababababab","seq":2,"#)
    );
    assert_eq!(Receipt::from_json(&text, Source::Client).unwrap(), r);
    // A server copy: the server's fields back, and the submission without them.
    let mut stored = r.clone();
    stored.received_at = Some(1_790_000_000_500);
    stored.ip_prefix = Some("203.0.113.0/24".into());
    stored.user_agent = Some("Mozilla/5.0 \"quoted\" \\ back".into());
    let back = Receipt::from_json(&stored.to_json(), Source::Stored).unwrap();
    assert_eq!(back, stored);
    assert_eq!(back.submission(), r);
    // Same receipt, same bytes: key order or spacing of the input never matters.
    let v: Value = serde_json::from_str(&text).unwrap();
    let reordered = serde_json::to_string_pretty(&v).unwrap();
    assert_eq!(
        Receipt::from_json(&reordered, Source::Client)
            .unwrap()
            .to_json(),
        text
    );
}

#[test]
fn iab_strings_are_kept_in_the_format_order_and_optional() {
    let mut r = sample();
    r.tc_string = Some("CQabc.IAAA".into());
    r.gpp_string = Some("DBABMA~CQabc.IAAA".into());
    r.received_at = Some(1_790_000_000_500);
    r.user_agent = Some("UA".into());
    let text = r.to_json();
    assert!(
        text.ends_with(
            r#""page":{"origin":"https://shop.example.com","path":"/cart"},"tcString":"CQabc.IAAA","gppString":"DBABMA~CQabc.IAAA","userAgent":"UA"}"#
        ),
        "{text}"
    );
    assert_eq!(Receipt::from_json(&text, Source::Stored).unwrap(), r);
    // A browser may submit them (they are not the server's fields).
    r.received_at = None;
    r.user_agent = None;
    assert_eq!(Receipt::from_json(&r.to_json(), Source::Client).unwrap(), r);
    // Without them a receipt is written exactly as before they existed.
    assert!(!sample().to_json().contains("String"));
}

fn problems(v: &Value, source: Source) -> Vec<String> {
    match Receipt::from_json(&v.to_string(), source) {
        Ok(_) => vec![],
        Err(e) => e.problems().iter().map(|p| p.to_string()).collect(),
    }
}

fn with(path: &[&str], value: Value) -> Value {
    let mut v: Value = serde_json::from_str(&sample().to_json()).unwrap();
    let mut at = &mut v;
    for k in &path[..path.len() - 1] {
        at = &mut at[*k];
    }
    let last = path[path.len() - 1];
    if value.is_null() && last != "region" {
        at.as_object_mut().unwrap().remove(last);
    } else {
        at[last] = value;
    }
    v
}

#[test]
fn every_bad_field_is_reported_at_its_path() {
    let cases: Vec<(Value, &str)> = vec![
        (with(&["version"], json!(2)), "version: unsupported version"),
        (
            with(&["consentId"], json!("ABAB")),
            "consentId: not 32 lowercase hex digits",
        ),
        (
            with(&["consentId"], json!(7)),
            "consentId: expected a string, found a number",
        ),
        (
            with(&["seq"], json!(0)),
            "seq: expected a whole number from 1",
        ),
        (with(&["seq"], json!(1.5)), "seq: expected a whole number"),
        (
            with(&["seq"], json!("1")),
            "seq: expected a number, found a string",
        ),
        (
            with(&["clientTime"], json!(-1)),
            "clientTime: expected a whole number",
        ),
        (
            with(&["clientTime"], json!(1e300)),
            "clientTime: expected a whole number",
        ),
        (
            with(&["policyHash"], json!("00")),
            "policyHash: not 64 lowercase hex digits",
        ),
        (
            with(&["language"], json!("<script>")),
            "language: not a language tag",
        ),
        (with(&["surface"], json!("popup")), "surface: not a surface"),
        (with(&["action"], json!("accept")), "action: not an action"),
        (with(&["regime"], json!("gdpr")), "regime: not a regime"),
        (with(&["region"], json!("de")), "region: not a region code"),
        (
            with(&["gpc"], json!("true")),
            "gpc: expected true or false, found a string",
        ),
        (
            with(&["page", "path"], json!("/a?b=c")),
            "page.path: not a path",
        ),
        (
            with(&["page", "path"], json!("/a\u{0}b")),
            "page.path: not a path",
        ),
        (
            with(&["page", "path"], json!("/é")),
            "page.path: not a path",
        ),
        (
            with(&["page", "path"], json!(format!("/{}", "a".repeat(3000)))),
            "page.path: too long",
        ),
        (
            with(&["page", "origin"], json!("javascript:alert(1)")),
            "page.origin: not an http(s) origin",
        ),
        (
            with(&["page", "origin"], json!("https://a.com/x")),
            "page.origin: not an http(s) origin",
        ),
        (
            with(&["page", "extra"], json!(1)),
            "page.extra: unknown field",
        ),
        (
            with(&["tcString"], json!("CQ<script>")),
            "tcString: not an IAB TC or GPP string",
        ),
        (
            with(&["gppString"], json!("")),
            "gppString: not an IAB TC or GPP string",
        ),
        (
            with(&["gppString"], json!("D".repeat(4097))),
            "gppString: too long",
        ),
        (
            with(&["tcString"], json!(5)),
            "tcString: expected a string, found a number",
        ),
        (
            with(&["categories", "granted"], json!(["Performance"])),
            "categories.granted[0]: not an id",
        ),
        (
            with(&["categories", "granted"], json!(["targeting"])),
            "categories.refused[0]: `targeting` listed twice",
        ),
        (
            with(
                &["categories"],
                json!({"granted": [], "refused": ["mandatory"]}),
            ),
            "categories.refused: `mandatory` cannot be refused",
        ),
        (
            with(&["services", "refused"], json!({})),
            "services.refused: expected an array, found an object",
        ),
        (
            with(&["services"], json!([])),
            "services: expected an object, found an array",
        ),
        (
            with(&["categories", "granted"], json!(vec!["x"; 257])),
            "categories.granted: too many entries",
        ),
        (
            with(&["evil"], json!({"__proto__": 1})),
            "evil: unknown field",
        ),
        (with(&["textsHash"], Value::Null), "textsHash: missing"),
        (
            with(&["receivedAt"], json!(5)),
            "receivedAt: set by the server only",
        ),
        (
            with(&["ipPrefix"], json!("203.0.113.7/24")),
            "ipPrefix: set by the server only",
        ),
    ];
    for (v, want) in cases {
        let got = problems(&v, Source::Client);
        assert!(
            got.iter().any(|p| p.starts_with(want)),
            "want `{want}`, got {got:?}"
        );
    }
    // Several problems at once, each reported.
    let mut v = with(&["seq"], json!(0));
    v["gpc"] = json!(null);
    v["page"]["path"] = json!("x");
    assert_eq!(problems(&v, Source::Client).len(), 3);
    // Not an object at all, or not JSON.
    assert_eq!(
        problems(&json!([1]), Source::Client),
        ["expected an object, found an array"]
    );
    assert!(Receipt::from_json("{\"seq\":1,\"seq\":2}", Source::Client).is_err());
    assert!(Receipt::from_json(&" ".repeat(receipt::MAX_BYTES + 1), Source::Client).is_err());
}

#[test]
fn stored_receipts_need_the_server_time() {
    let text = sample().to_json();
    let got = problems(&serde_json::from_str(&text).unwrap(), Source::Stored);
    assert_eq!(got, ["receivedAt: missing"]);
    let bad_prefix = {
        let mut v: Value = serde_json::from_str(&text).unwrap();
        v["receivedAt"] = json!(1);
        v["ipPrefix"] = json!("203.0.113.7/24");
        v
    };
    assert_eq!(
        problems(&bad_prefix, Source::Stored),
        ["ipPrefix: not a /24 or /48 network"]
    );
}

#[test]
fn ip_prefixes() {
    for ok in ["203.0.113.0/24", "2001:db8:1::/48", "::/48"] {
        assert!(receipt::is_ip_prefix(ok), "{ok}");
    }
    for bad in [
        "203.0.113.7/24",
        "203.0.113.0/16",
        "2001:db8:1:2::/48",
        "2001:DB8::/48",
        "1.2.3.0",
        "x/24",
    ] {
        assert!(!receipt::is_ip_prefix(bad), "{bad}");
    }
}

#[test]
fn hashes_follow_what_was_shown() {
    let p = policy();
    assert_eq!(p.canonical_hash(), policy().canonical_hash());
    let other = Policy::from_json(r#"{ "revision": 4 }"#).unwrap();
    assert_ne!(p.canonical_hash(), other.canonical_hash());
    assert_ne!(receipt::texts_hash(&p, "de"), receipt::texts_hash(&p, "en"));
    let worded = Policy::from_json(
        r#"{ "revision": 3, "ui": { "texts": { "en": { "title": "Cookies?" } } },
             "categories": [
            { "id": "performance", "services": ["google-analytics"] },
            { "id": "targeting", "services": ["meta-pixel"] } ] }"#,
    )
    .unwrap();
    assert_ne!(
        receipt::texts_hash(&p, "en"),
        receipt::texts_hash(&worded, "en")
    );
    assert_eq!(
        receipt::texts_hash(&p, "fr"),
        receipt::texts_hash(&worded, "fr")
    );
    let d = Digest::sha256(b"abc");
    assert_eq!(
        d.to_string(),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert_eq!(Digest::from_hex(&d.to_string()), Some(d));
}
