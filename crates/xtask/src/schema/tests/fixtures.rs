//! The shipped policies, the shared vectors' policies and hand-picked bad
//! ones, through both the validator and the generated JSON Schema.

use super::{check_all, rust_problems};
use serde_json::{json, Value};

fn read(path: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn shipped_policies_pass_both() {
    let files = crate::example_policies().expect("example policies");
    assert!(files.len() > 1, "{files:?}");
    check_all(files.iter().map(|f| (f.clone(), read(f.as_ref()), true)));
}

/// Every policy of the shared vectors: those expected to be rejected must be
/// rejected by both, except for rules no JSON Schema can state (duplicates
/// across the document, limits on catalog-merged totals).
#[test]
fn vector_policies_agree() {
    let dir = crate::root().join("tests/vectors");
    let mut cases = Vec::new();
    let mut beyond_schema = 0;
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for file in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
    {
        let v = read(file);
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        if let Some(p) = v.get("policy") {
            cases.push((name.clone(), p.clone(), true));
        }
        for case in v["cases"].as_array().into_iter().flatten() {
            let Some(p) = case.get("policy") else {
                continue;
            };
            let what = format!("{name}: {}", case["name"]);
            let problems = case["expect"]["problems"].as_array();
            let schema_blind = problems.is_some_and(|ps| {
                ps.iter().all(|m| {
                    let m = m.as_str().unwrap_or("");
                    [
                        "duplicate",
                        "already claimed",
                        "too many services",
                        "too many categories",
                        "share a record hash",
                    ]
                    .iter()
                    .any(|w| m.contains(w))
                })
            });
            if schema_blind {
                beyond_schema += 1;
            } else {
                // Expected valid unless problems are listed; the `ui` section's
                // lenient problems count as invalid for both.
                let valid = problems.is_none() && rust_problems(p).is_empty();
                cases.push((what, p.clone(), valid));
            }
        }
    }
    assert!(cases.len() > 50, "{} vector policies", cases.len());
    assert!(
        beyond_schema < 15,
        "{beyond_schema} vector policies skipped"
    );
    check_all(cases);
}

#[test]
fn invalid_policies_are_rejected_by_both() {
    let cases = [
        json!([]),
        json!({"categories": [{"id": "Performance"}]}),
        json!({"categories": [{"id": "performance", "services": ["no-such-service"]}]}),
        json!({"categories": [{"id": "social", "services": [{"hosts": ["a.example.com"]}]}]}),
        json!({"categories": [{"id": "social", "label": {"english": "Social"}}]}),
        json!({"gpc": "sometimes"}),
        json!({"consentLifetimeDays": 400}),
        json!({"privacyPolicyUrl": "javascript:alert(1)"}),
        json!({"privacyPolicyUrl": "//evil.example/x"}),
        json!({"cookie": {"path": "shop"}}),
        json!({"cookie": {"name": "a;b"}}),
        json!({"regions": {"Germany": "opt-in"}}),
        json!({"googleConsentMode": "yes"}),
        json!({"ui": {"buttonOrder": ["accept", "accept", "reject"]}}),
        json!({"ui": {"texts": {"en": {"title": "  "}}}}),
        json!({"categories": [{"id": "mandatory", "optOut": true}]}),
    ];
    check_all(cases.into_iter().map(|p| (p.to_string(), p, false)));
}
