//! The dialog data's reader: what the build generates reads back; anything
//! else is a typed error, never a panic.

use super::*;

fn generated() -> String {
    generate()
}

fn refused(text: &str) -> String {
    match parse(text) {
        Err(Error::DialogData(why)) => why,
        other => panic!("accepted or wrong error: {other:?}"),
    }
}

use serde_json::{json, Value};

/// The generated text with one edit applied to its JSON.
fn edited(edit: impl FnOnce(&mut Value)) -> String {
    let mut top: Value = serde_json::from_str(&generated()).unwrap();
    edit(&mut top);
    top.to_string()
}

#[test]
fn generated_data_reads_back_with_every_service_and_language() {
    let data = parse(&generated()).unwrap();
    let ga = data.service("google-analytics").unwrap();
    assert_eq!(ga.0, "Google LLC");
    assert_eq!(ga.1, "https://policies.google.com/privacy");
    assert!(ga.2.starts_with("Measures visits"));
    assert!(ga.3.starts_with("2_year"));
    assert_eq!(data.text("de", Key::Save), Some("Auswahl speichern"));
    assert_eq!(
        data.text("en", Key::Title),
        None,
        "banner texts stay in the engine"
    );
    assert_eq!(generated(), generated(), "deterministic");
}

#[test]
fn generated_data_matches_what_is_built_in() {
    let data = parse(&generated()).unwrap();
    for l in texts::languages() {
        for k in dialog_keys() {
            assert_eq!(data.text(l, k), texts::builtin(l, k), "{l} {k:?}");
        }
    }
    for e in crate::catalog::entries() {
        let f = e.unpack();
        let (p, u, d, _) = data.service(e.id()).unwrap();
        assert_eq!((p, u, d), (f.provider, f.privacy_policy, f.purpose));
    }
}

#[test]
fn malformed_data_is_refused() {
    for bad in [
        "",
        "null",
        "[]",
        "{",
        "{\"format\":\"consentry-dialog\"}",
        "\u{0}",
    ] {
        refused(bad);
    }
    assert!(refused(&"x".repeat(MAX_TEXT + 1)).contains("too large"));
    let deep = "[".repeat(10_000);
    refused(&deep);
}

#[test]
fn data_for_another_build_or_version_is_refused() {
    let other = edited(|t| t["build"] = json!("0123456789abcdef"));
    assert!(refused(&other).contains("another build"));
    let v2 = edited(|t| t["v"] = json!(2));
    assert!(refused(&v2).contains("version"));
    let fmt = edited(|t| t["format"] = json!("x"));
    assert!(refused(&fmt).contains("not consentry"));
}

#[test]
fn hostile_service_fields_are_refused() {
    let js = edited(|t| t["services"][0][2] = json!("javascript:alert(1)"));
    assert!(refused(&js).contains("link unusable"));
    let unknown = edited(|t| t["services"][0][0] = json!("no-such-service"));
    assert!(refused(&unknown).contains("where google-analytics belongs"));
    let lives = edited(|t| t["services"][0][4] = json!("2_year"));
    assert!(refused(&lives).contains("one lifetime per cookie"));
    let bad_life = edited(|t| t["services"][0][4] = json!("forever ".repeat(14)));
    assert!(refused(&bad_life).contains("one lifetime per cookie"));
    let long = edited(|t| t["services"][0][3] = json!("a".repeat(MAX_STRING + 1)));
    assert!(refused(&long).contains("too long"));
    let num = edited(|t| t["services"][0][1] = json!(1));
    assert!(refused(&num).contains("not a string"));
    let short = edited(|t| t["services"][0].as_array_mut().unwrap().truncate(3));
    refused(&short);
    let missing = edited(|t| {
        t["services"].as_array_mut().unwrap().pop();
    });
    assert!(refused(&missing).contains("not one per catalog service"));
    let twice = edited(|t| {
        let list = t["services"].as_array_mut().unwrap();
        let first = list[0].clone();
        list.pop();
        list.push(first);
    });
    assert!(refused(&twice).contains("belongs"));
    let not_list = edited(|t| t["services"] = json!({}));
    assert!(refused(&not_list).contains("not an array"));
}

#[test]
fn hostile_texts_are_refused() {
    let unknown = edited(|t| t["texts"].as_array_mut().unwrap().push(json!(["xx", []])));
    assert!(refused(&unknown).contains("not one per built-in language"));
    let swapped = edited(|t| t["texts"].as_array_mut().unwrap().swap(1, 2));
    assert!(refused(&swapped).contains("belongs"));
    let short = edited(|t| {
        t["texts"][1][1].as_array_mut().unwrap().pop();
    });
    assert!(refused(&short).contains("one text per dialog string"));
    let empty = edited(|t| t["texts"][1][1][0] = json!("  "));
    refused(&empty);
    let shape = edited(|t| t["texts"][1] = json!({"de": []}));
    assert!(refused(&shape).contains("[language, texts]"));
    let gone = edited(|t| {
        t["texts"].as_array_mut().unwrap().pop();
    });
    assert!(refused(&gone).contains("not one per built-in language"));
}

#[test]
fn a_policy_completed_later_equals_one_compiled_with_the_data() {
    // Built in here: emptying then completing must give back the same policy.
    let full = crate::Policy::default();
    let mut bare = full.clone();
    for s in bare.services.iter_mut() {
        s.provider = "".into();
        s.privacy_policy_url = None;
        s.description = crate::Texts::new();
        s.lifetimes.iter_mut().for_each(|l| *l = None);
    }
    assert_ne!(crate::to_json_text(&bare), crate::to_json_text(&full));
    bare.complete_dialog_data();
    assert_eq!(crate::to_json_text(&bare), crate::to_json_text(&full));
    let ga = |p: &crate::Policy| p.service("google-analytics").unwrap().1.lifetimes.clone();
    assert_eq!(ga(&bare), ga(&full));
}
