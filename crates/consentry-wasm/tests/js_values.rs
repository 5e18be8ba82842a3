//! Values crossing the JS boundary as JSON text (`to_js`): what the runtime
//! and the UI read from the engine, and what they pass in.
#![cfg(target_arch = "wasm32")]

use consentry_wasm::Engine;
use js_sys::{Reflect, JSON};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn js(text: &str) -> JsValue {
    JSON::parse(text).unwrap()
}

fn stringify(v: &JsValue) -> String {
    JSON::stringify(v).unwrap().as_string().unwrap()
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap()
}

#[wasm_bindgen_test]
fn judge_returns_the_verdict_object() {
    let e = Engine::new(JsValue::UNDEFINED).unwrap();
    let v = e.judge(
        "script",
        js(r#"{"src": "https://www.google-analytics.com/analytics.js"}"#),
    );
    assert_eq!(
        stringify(&v),
        r#"{"allowed":false,"reason":"no-consent","decision":"block:no-consent","service":"google-analytics","tagged":false,"urlAttributes":[]}"#
    );
    assert!(e.judge("p", js("{}")).is_null());
    assert_eq!(
        e.block_reason("https://www.google-analytics.com/g/collect")
            .as_deref(),
        Some("no-consent")
    );
    assert_eq!(e.block_reason("/own.js"), None);
}

#[wasm_bindgen_test]
fn choice_changes_are_recorded_by_the_engine() {
    let policy = js(
        r#"{"categories": [{"id": "performance", "services": ["google-analytics"]},
                           {"id": "targeting", "optOut": true, "services": ["meta-pixel"]}]}"#,
    );
    let mut e = Engine::new(policy).unwrap();
    e.observe("", false, false, Some("DE".into()), 1.7e12);
    let none = JsValue::UNDEFINED;
    let cookie = e
        .change(
            "grant",
            "meta-pixel".into(),
            none.clone(),
            &[7; 16],
            1.7e12,
            true,
        )
        .unwrap();
    assert!(cookie.starts_with("consentry="), "{cookie}");
    assert!(
        e.allows("meta-pixel", None)
            && !e.allows("targeting", None)
            && !e.allows("performance", None)
    );
    // The state in one call: the categories (mandatory, performance,
    // targeting, then the catalog's functionality), then the services
    // (google-analytics, meta-pixel, then the rest of the catalog).
    let (cats, svcs, allowed) = (e.categories(), e.services(), e.allowed());
    assert_eq!(cats[..3], ["mandatory", "performance", "targeting"]);
    assert_eq!(svcs[..2], ["google-analytics", "meta-pixel"]);
    assert_eq!(allowed.len(), cats.len() + svcs.len());
    assert_eq!(&allowed[..cats.len() + 2], "100001");
    assert!(allowed[cats.len() + 2..].bytes().all(|b| b == b'0'));
    e.change(
        "switches",
        js(r#"{"performance": true, "targeting": false}"#),
        js(r#"{"performance": false, "targeting": false}"#),
        &[7; 16],
        1.7e12,
        true,
    )
    .unwrap();
    // targeting untouched: the single grant stays.
    assert!(
        e.allows("performance", None)
            && e.allows("meta-pixel", None)
            && !e.allows("targeting", None)
    );
    e.change(
        "do-not-sell",
        none.clone(),
        none.clone(),
        &[7; 16],
        1.7e12,
        true,
    )
    .unwrap();
    assert!(e.allows("performance", None) && !e.allows("meta-pixel", None));
    let each: String = (e.categories().into_iter())
        .chain(e.services())
        .map(|id| if e.allows(&id, None) { '1' } else { '0' })
        .collect();
    assert_eq!(e.allowed(), each);
    assert!(
        e.change("grant", "x".into(), none.clone(), &[1; 3], 1.7e12, true)
            .is_err(),
        "a bad id is an error"
    );
    assert!(
        e.change("sell-all", none.clone(), none, &[7; 16], 1.7e12, true)
            .is_err(),
        "an unknown change is an error"
    );
}

#[wasm_bindgen_test]
fn ui_policy_and_settings_are_plain_objects() {
    let mut e = Engine::new(js(
        r#"{"ui": {"texts": {"en": {"title": "Q\"uote\\ \u0001 é"}}, "closeRefuses": true}}"#,
    ))
    .unwrap();
    e.observe("", false, false, Some("DE".into()), 1.7e12);
    let banner = e.ui("banner", Some("en".into()), vec![], JsValue::UNDEFINED);
    assert!(
        stringify(&banner).contains(r#""text":"Q\"uote\\ \u0001 é""#),
        "{}",
        stringify(&banner)
    );
    let settings = e.ui(
        "settings",
        Some("de".into()),
        vec!["en-GB".into()],
        JsValue::UNDEFINED,
    );
    assert_eq!(get(&settings, "lang").as_string().as_deref(), Some("de"));
    assert_eq!(get(&settings, "closeRefuses").as_bool(), Some(true));
    assert!(e.ui("nope", None, vec![], JsValue::UNDEFINED).is_null());
    let policy = e.policy_js();
    let services = get(&policy, "services");
    assert!(js_sys::Array::is_array(&services));
    assert!(js_sys::Array::from(&services).length() > 100);
}

#[wasm_bindgen_test]
fn choose_reads_the_services_object() {
    let mut e = Engine::new(JsValue::UNDEFINED).unwrap();
    e.observe("", false, false, Some("DE".into()), 1.7e12);
    e.choose(
        "custom",
        vec![],
        js(r#"{"youtube": true, "hotjar": false}"#),
        &[2; 16],
        1.7e12,
        false,
    )
    .unwrap();
    assert!(e.allows("youtube", None));
    assert!(!e.allows("hotjar", None));
    for bad in [
        r#"{"youtube": 1}"#,
        "[true]",
        r#"{"no-such-service": true}"#,
    ] {
        assert!(e
            .choose("custom", vec![], js(bad), &[2; 16], 1.7e12, false)
            .is_err());
    }
}

#[wasm_bindgen_test]
fn a_policy_json_cannot_hold_is_an_error() {
    let f = js_sys::Function::new_no_args("return 1");
    assert!(Engine::new(f.into()).is_err());
    assert!(Engine::new(JsValue::from_str("{}")).is_err());
    assert!(Engine::new(JsValue::NULL).is_err());
}
