//! Runs every shared vector in `tests/vectors/*.json` against the native core.

use consentry_core::vectors::{self, Case};
use consentry_core::Decider;
use std::path::Path;

fn cases() -> Vec<Case> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors");
    vectors::load_dir(&dir).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn shared_vectors() {
    let cases = cases();
    let mut failures = Vec::new();
    for case in &cases {
        if let Some(f) = vectors::check_problems(case) {
            failures.extend(f);
            continue;
        }
        match &case.policy {
            Ok(policy) => {
                let d = Decider::new(policy, case.stored(policy), &case.signals);
                failures.extend(vectors::check(case, &d));
            }
            Err(p) => failures.push(format!("{}: policy invalid: {p:?}", case.name)),
        }
    }
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(cases.len() >= 150, "only {} vector cases", cases.len());
    println!("{} vector cases passed", cases.len());
}
