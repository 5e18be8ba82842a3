//! Any cookie header/value: decoding must not panic, and whatever decodes as
//! valid must re-encode to a value that decodes to the same record.
#![no_main]

use consentry_core::{record, Decider, Policy, Signals, Stored};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn policy() -> &'static Policy {
    static P: OnceLock<Policy> = OnceLock::new();
    P.get_or_init(Policy::default)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let p = policy();
    let now = 1_788_220_800;
    let stored = Stored::from_cookie_header(text, p, now);
    if let Stored::Valid(c) = &stored {
        let again = record::decode(&record::encode(c, p), p, now);
        assert_eq!(again.valid(), Some(c));
    }
    let d = Decider::new(p, stored, &Signals::default());
    let _ = d.banner_needed();
    let _ = d.gcm().to_json();
});
