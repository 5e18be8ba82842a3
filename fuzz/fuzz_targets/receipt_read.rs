//! Any receipt text, as a browser or an attacker posts it: a receipt or a
//! list of problems, never a panic; an accepted receipt writes canonical
//! JSON that reads back to itself.
#![no_main]

use consentry_core::receipt::{Receipt, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for source in [Source::Client, Source::Stored] {
        match Receipt::from_json(text, source) {
            Ok(r) => {
                let canonical = r.to_json();
                let back = Receipt::from_json(&canonical, source).expect("canonical JSON reads back");
                assert_eq!(back, r);
                assert_eq!(back.to_json(), canonical);
            }
            Err(e) => {
                let _ = e.to_string();
            }
        }
    }
});
