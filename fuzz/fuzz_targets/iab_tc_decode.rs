//! Any text as a TC string: an error or a model, never a panic; what decodes
//! re-encodes to a string that decodes to the same model, directly and
//! through the reference-named JSON.
#![no_main]

use consentry_iab::{decode_to_json, encode_from_json, TcString};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(tc) = TcString::decode(text) else { return };
    let again = tc.encode().expect("a decoded TC string re-encodes");
    assert_eq!(TcString::decode(&again).as_ref(), Ok(&tc));
    if !text.starts_with("DB") {
        let json = decode_to_json(text).expect("decodes as JSON too");
        assert_eq!(encode_from_json(&json).as_deref(), Ok(again.as_str()));
    }
});
