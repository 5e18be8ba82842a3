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
    let report = vectors::run(&cases, |case, policy| {
        let d = Decider::new(policy, case.stored(policy), &case.signals);
        Ok(vectors::check(case, &d))
    });
    report.assert_passed(150);
    assert!(report.skipped.is_empty());
    println!("{} vector cases passed", report.cases);
}
