//! Any element the core governs, with any attribute values (hostile `data:`
//! documents, refresh contents, lists): a verdict or none, never a panic,
//! and a held verdict always names attributes that hold it.
#![no_main]

use consentry_core::markup::{self, ATTRIBUTES, TAGS};
use consentry_core::{Decider, Policy, Signals};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn policy() -> &'static Policy {
    static P: OnceLock<Policy> = OnceLock::new();
    P.get_or_init(Policy::default)
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    // Values for the judged attributes, in their order, split at NUL; a
    // segment starting with 0x01 is an absent attribute.
    let text = String::from_utf8_lossy(rest);
    let values: Vec<Option<&str>> = text
        .split('\0')
        .map(|s| (!s.starts_with('\u{1}')).then_some(s))
        .collect();
    let attr = |name: &str| {
        let i = ATTRIBUTES.iter().position(|a| *a == name)?;
        values.get(i).copied().flatten()
    };
    let d = Decider::from_cookie(policy(), None, &Signals::default(), 0);
    let tag = TAGS[usize::from(pick) % TAGS.len()];
    if let Some(v) = markup::judge(&d, tag, attr) {
        if !v.decision.is_allowed() && !v.tagged {
            assert!(tag == "script" || !v.url_attributes.is_empty(), "{tag} held by nothing");
        }
    }
    let _ = markup::judge_base(&d, attr);
    for v in values.iter().flatten() {
        let _ = markup::refresh_url(v);
        if let Some(doc) = markup::data_document(v) {
            let _ = markup::named_hosts(&doc).count();
        }
        for a in ATTRIBUTES {
            let _ = markup::candidates(a, v).count();
        }
    }
});
