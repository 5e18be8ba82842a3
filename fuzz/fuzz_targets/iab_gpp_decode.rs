//! Any text as a GPP string: an error or a model, never a panic; what decodes
//! re-encodes to a string that decodes to the same model, directly and
//! through the reference-named JSON.
#![no_main]

use consentry_iab::{decode_to_json, encode_from_json, GppString};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(gpp) = GppString::decode(text) else { return };
    let again = gpp.encode().expect("a decoded GPP string re-encodes");
    assert_eq!(GppString::decode(&again).as_ref(), Ok(&gpp));
    if text.trim() == text {
        let json = decode_to_json(text).expect("decodes as JSON too");
        assert_eq!(encode_from_json(&json).as_deref(), Ok(again.as_str()));
    }
});
