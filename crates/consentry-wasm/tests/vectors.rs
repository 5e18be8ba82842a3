//! The shared vectors, run inside Chromium through the wasm engine's own
//! entry points (policy from a JS object, cookie as the browser sees it).
#![cfg(target_arch = "wasm32")]

use consentry_core::vectors::{self, Case};
use consentry_wasm::Engine;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Every file in tests/vectors; `vector_files_are_all_listed` (native) keeps
/// this list complete.
const FILES: &[(&str, &str)] = &[
    (
        "basics.json",
        include_str!("../../../tests/vectors/basics.json"),
    ),
    (
        "cleanup.json",
        include_str!("../../../tests/vectors/cleanup.json"),
    ),
    (
        "consent.json",
        include_str!("../../../tests/vectors/consent.json"),
    ),
    ("gcm.json", include_str!("../../../tests/vectors/gcm.json")),
    (
        "hostile.json",
        include_str!("../../../tests/vectors/hostile.json"),
    ),
    (
        "markup.json",
        include_str!("../../../tests/vectors/markup.json"),
    ),
    (
        "policy.json",
        include_str!("../../../tests/vectors/policy.json"),
    ),
    (
        "request.json",
        include_str!("../../../tests/vectors/request.json"),
    ),
    (
        "regimes.json",
        include_str!("../../../tests/vectors/regimes.json"),
    ),
    (
        "signals.json",
        include_str!("../../../tests/vectors/signals.json"),
    ),
    (
        "urls.json",
        include_str!("../../../tests/vectors/urls.json"),
    ),
];

fn policy_js(file: &str, case_name: &str) -> JsValue {
    // The policy text of the case (or file) as a JS object, via the browser's JSON.parse.
    let doc: serde_json::Value = serde_json::from_str(file).unwrap();
    let case = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| case_name.ends_with(&format!("#{}", c["name"].as_str().unwrap_or(""))))
        .cloned()
        .unwrap_or_default();
    let p = case
        .get("policy")
        .or_else(|| doc.get("policy"))
        .cloned()
        .unwrap_or(serde_json::json!({}));
    js_sys::JSON::parse(&p.to_string()).unwrap()
}

fn run(file: &str, text: &str) -> (usize, Vec<String>) {
    let cases: Vec<Case> = vectors::parse_file(file, text).unwrap();
    let mut failures = Vec::new();
    for case in &cases {
        let engine = Engine::new(policy_js(text, &case.name));
        if let Some(want) = case.expect.get("problems") {
            let got = match &engine {
                Ok(_) => String::new(),
                Err(e) => js_sys::Error::from(e.clone()).message().into(),
            };
            // The thrown message lists the problems one per line after a header line.
            let lines: Vec<serde_json::Value> = got.lines().skip(1).map(|l| l.into()).collect();
            if *want != serde_json::Value::Array(lines.clone()) {
                failures.push(format!(
                    "{}: problems: expected {want}, got {lines:?}",
                    case.name
                ));
            }
            continue;
        }
        let mut engine = match engine {
            Ok(e) => e,
            Err(e) => {
                failures.push(format!("{}: engine refused the policy: {e:?}", case.name));
                continue;
            }
        };
        let s = &case.signals;
        let region = s.region.as_ref().map(|r| r.as_str().to_string());
        let now_ms = case.now as f64 * 1000.0;
        if let Some(h) = &case.headers {
            // The raw request through the Node entry's reader, then its observe.
            let lines: Vec<String> = h.iter().map(|(n, v)| format!("{n}:{v}")).collect();
            let trusted = "cf-ipcountry cf-region-code";
            let read = consentry_wasm::read_request(&lines.join("\n"), trusted);
            let get = |k: &str| js_sys::Reflect::get(&read, &k.into()).unwrap_or_default();
            let got = (
                get("gpc").as_bool(),
                get("dnt").as_bool(),
                get("region").as_string(),
            );
            if got != (Some(s.gpc), Some(s.dnt), region.clone()) {
                failures.push(format!("{}: readRequest: {got:?}", case.name));
            }
            let cookies = get("cookies").as_string();
            engine.observe_request(cookies, s.gpc, s.dnt, region, now_ms);
        } else {
            match &case.cookie_header {
                Some(h) => engine.observe(h, s.gpc, s.dnt, region, now_ms),
                None => engine.observe_value(case.cookie.clone(), s.gpc, s.dnt, region, now_ms),
            }
        }
        failures.extend(vectors::check(case, engine.decider()));
        // Elements through the runtime's own entry point (attributes as a JS
        // object), not only the core's judge.
        for el in case.expect["elements"].as_array().into_iter().flatten() {
            let attrs = js_sys::Object::new();
            for (k, v) in el["attrs"].as_object().into_iter().flatten() {
                let _ = js_sys::Reflect::set(
                    &attrs,
                    &k.as_str().into(),
                    &v.as_str().unwrap_or_default().into(),
                );
            }
            let tag = el["tag"].as_str().unwrap_or_default();
            let v = engine.judge(&tag.to_ascii_lowercase(), attrs.into());
            let got = if v.is_null() {
                "ignored".to_string()
            } else {
                js_sys::Reflect::get(&v, &"decision".into())
                    .ok()
                    .and_then(|d| d.as_string())
                    .unwrap_or_default()
            };
            if el["expect"].as_str() != Some(got.as_str()) {
                failures.push(format!(
                    "{}: Engine.judge({tag} {}) = {got}",
                    case.name, el["attrs"]
                ));
            }
        }
        // The JS-facing answers agree with the decider's.
        for (k, _) in case.expect["decide"].as_object().into_iter().flatten() {
            let d = engine.decider().decide(k);
            if engine.decide(k) != d.to_string() || engine.allows(k, None) != d.is_allowed() {
                failures.push(format!("{}: JS decide({k}) disagrees", case.name));
            }
        }
    }
    (cases.len(), failures)
}

#[wasm_bindgen_test]
fn shared_vectors_in_the_browser() {
    let mut total = 0;
    let mut failures = Vec::new();
    for (file, text) in FILES {
        let (n, f) = run(file, text);
        total += n;
        failures.extend(f);
    }
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(total >= 150, "only {total} cases");
    web_sys_log(&format!("{total} vector cases passed in the browser"));
}

fn web_sys_log(s: &str) {
    wasm_bindgen_test::console_log!("{}", s);
}

#[wasm_bindgen_test]
fn invalid_config_falls_back_to_strict_blocking() {
    let bad = js_sys::JSON::parse(r#"{"categories": 3, "zzz": true}"#).unwrap();
    let err = Engine::new(bad).err().expect("invalid policy is refused");
    let msg: String = js_sys::Error::from(err).message().into();
    assert!(
        msg.contains("categories: expected an array") && msg.contains("zzz: unknown field"),
        "{msg}"
    );
    let mut e = Engine::fallback();
    // Even a Californian (opt-out) gets opt-in blocking from the fallback.
    e.observe("", false, false, Some("US-CA".into()), 1.7e12);
    assert_eq!(e.regime(), "opt-in");
    assert!(!e.allows("https://www.google-analytics.com/g/collect", None));
    assert!(e.allows("mandatory", None));
}

#[wasm_bindgen_test]
fn choose_writes_a_cookie_the_next_page_reads() {
    let mut e = Engine::new(JsValue::UNDEFINED).unwrap();
    e.observe("", false, false, Some("DE".into()), 1.7e12);
    assert!(e.banner_needed());
    let set = e
        .choose(
            "custom",
            vec!["performance".into()],
            JsValue::UNDEFINED,
            &[1; 16],
            1.7e12,
            true,
        )
        .unwrap();
    assert!(
        set.starts_with("consentry=") && set.contains("SameSite=Lax") && set.ends_with("; Secure"),
        "{set}"
    );
    let pair = set.split(';').next().unwrap().to_string();
    let mut next = Engine::new(JsValue::UNDEFINED).unwrap();
    next.observe(
        &format!("_ga=1; {pair}; other=2"),
        false,
        false,
        Some("DE".into()),
        1.7e12 + 5000.0,
    );
    assert_eq!(next.stored(), "valid");
    assert!(!next.banner_needed());
    assert!(next.allows("https://www.google-analytics.com/g/collect", None));
    assert!(!next.allows("targeting", None));
    assert!(e
        .choose("custom", vec![], JsValue::UNDEFINED, &[1; 3], 1.7e12, true)
        .is_err());
}

#[wasm_bindgen_test]
fn a_change_keeps_the_consent_id_and_its_receipt_names_it() {
    let policy = js_sys::JSON::parse(r#"{"records":{"url":"/consentry/records"}}"#).unwrap();
    let mut e = Engine::new(policy).unwrap();
    assert_eq!(e.records_url().as_deref(), Some("/consentry/records"));
    e.observe("", false, false, Some("DE".into()), 1.7e12);
    assert_eq!(e.consent_id(), None);
    assert_eq!(
        e.receipt(
            1,
            1.7e12,
            "banner",
            "accept-all",
            "https://a.example/",
            None,
            vec![],
            None,
            None,
            None
        ),
        None,
        "no receipt without a choice"
    );
    let accepted = e
        .choose(
            "accept-all",
            vec![],
            JsValue::UNDEFINED,
            &[1; 16],
            1.7e12,
            true,
        )
        .unwrap();
    // The cookie value as written: what a receipt made later is of.
    let accepted = accepted
        .split(';')
        .next()
        .unwrap()
        .split_once('=')
        .unwrap()
        .1
        .to_string();
    let first = e.consent_id().unwrap();
    assert_eq!(first, "01".repeat(16));
    e.choose(
        "reject-all",
        vec![],
        JsValue::UNDEFINED,
        &[2; 16],
        1.7e12 + 1e3,
        true,
    )
    .unwrap();
    assert_eq!(e.consent_id().unwrap(), first, "a change keeps the id");
    let receipt = |e: &Engine| {
        e.receipt(
            2,
            1.7e12 + 1e3,
            "dialog",
            "reject-all",
            "https://a.example/shop?email=x#y",
            Some("de".into()),
            vec!["en-US".into()],
            None,
            None,
            None,
        )
    };
    // The drop-in's build: the receipt hashes the dialog's texts, so it
    // waits for the dialog data (`cargo xtask test` runs this file again
    // with the data built in, for the rest).
    #[cfg(feature = "dialog-data")]
    assert!(!e.dialog_data_needed(), "the dialog data is built in");
    if e.dialog_data_needed() {
        assert_eq!(receipt(&e), None, "no receipt before the dialog data");
        return;
    }
    let r = receipt(&e).unwrap();
    // The same reader the server uses accepts it; the query never gets in.
    let read =
        consentry_core::receipt::Receipt::from_json(&r, consentry_core::receipt::Source::Client)
            .unwrap();
    assert_eq!(read.consent_id.to_string(), first);
    assert_eq!((read.seq, read.language.as_str()), (2, "de"));
    assert_eq!(read.page.path, "/shop");
    assert_eq!(read.to_json(), r, "canonical as written");
    assert!(read.categories.granted == ["mandatory"]);
    // A receipt made once the dialog data came, of the choice made before it
    // (accept all), not of the one stored by then (reject all).
    let snap = e
        .receipt(
            1,
            1.7e12,
            "banner",
            "accept-all",
            "https://a.example/",
            None,
            vec![],
            Some(accepted.clone()),
            None,
            None,
        )
        .unwrap();
    let snap =
        consentry_core::receipt::Receipt::from_json(&snap, consentry_core::receipt::Source::Client)
            .unwrap();
    assert_eq!(snap.categories.refused, Vec::<String>::new());
    assert!(snap.categories.granted.len() > 1, "{:?}", snap.categories);
    assert_eq!((snap.tc_string, snap.gpp_string), (None, None));
    // The IAB strings of that choice (from the IAB module) go in as given;
    // what is not one is left out rather than recorded.
    let with_iab = |tc: &str, gpp: &str| {
        let text = e
            .receipt(
                1,
                1.7e12,
                "banner",
                "accept-all",
                "https://a.example/",
                None,
                vec![],
                Some(accepted.clone()),
                Some(tc.into()),
                Some(gpp.into()),
            )
            .unwrap();
        consentry_core::receipt::Receipt::from_json(&text, consentry_core::receipt::Source::Client)
            .unwrap()
    };
    let r = with_iab("CQabc.IAAA", "DBABMA~CQabc.IAAA");
    assert_eq!(r.tc_string.as_deref(), Some("CQabc.IAAA"));
    assert_eq!(r.gpp_string.as_deref(), Some("DBABMA~CQabc.IAAA"));
    let r = with_iab("\"}<x>", "");
    assert_eq!((r.tc_string, r.gpp_string), (None, None));
    assert_eq!(
        e.receipt(
            1,
            1.7e12,
            "banner",
            "accept-all",
            "https://a.example/",
            None,
            vec![],
            Some("garbage".into()),
            None,
            None
        ),
        None,
        "an unreadable snapshot records nothing"
    );
    for bad in [
        ("nowhere", "accept-all", "https://a.example/"),
        ("api", "accept", "https://a.example/"),
        ("api", "custom", "file:///etc"),
    ] {
        assert_eq!(
            e.receipt(
                3,
                1.7e12,
                bad.0,
                bad.1,
                bad.2,
                None,
                vec![],
                None,
                None,
                None
            ),
            None,
            "{bad:?}"
        );
    }
}
