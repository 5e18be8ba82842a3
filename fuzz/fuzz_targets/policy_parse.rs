//! Any policy text: a policy or a list of problems, never a panic.
#![no_main]

use consentry_core::{Decider, Policy, Signals};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match Policy::from_json(text) {
        Ok(p) => {
            let d = Decider::from_cookie(&p, None, &Signals::default(), 0);
            for c in p.categories() {
                let _ = d.category(&c.id);
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
