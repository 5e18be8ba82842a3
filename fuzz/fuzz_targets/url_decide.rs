//! Any URL: a decision, never a panic.
#![no_main]

use consentry_core::{Decider, Policy, Signals};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn policy() -> &'static Policy {
    static P: OnceLock<Policy> = OnceLock::new();
    P.get_or_init(Policy::default)
}

fuzz_target!(|data: &[u8]| {
    let Ok(url) = std::str::from_utf8(data) else { return };
    let d = Decider::from_cookie(policy(), None, &Signals::default(), 0);
    let _ = d.url(url);
    let _ = d.decide(url);
});
