//! The browser's path for a page's config: any text through core's own JSON
//! reader (`Json::parse`, what the wasm uses instead of serde), then policy
//! validation: a tree or an error, a policy or a list of problems, never a panic.
#![no_main]

use consentry_core::{Decider, Json, Policy, Signals};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(tree) = Json::parse(text) else { return };
    match Policy::from_value(&tree) {
        Ok(p) => {
            let d = Decider::from_cookie(&p, None, &Signals::default(), 0);
            let _ = d.banner_needed();
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
