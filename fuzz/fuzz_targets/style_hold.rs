//! Any style sheet text through the core's CSS reading
//! (`markup::hold_style`): never a panic, and the sheet it leaves applied
//! holds no URL the engine refuses (reading it again finds nothing to hold),
//! under two visitors: no consent, and GPC in an opt-out region.
#![no_main]

use consentry_core::markup;
use consentry_core::{Decider, Policy, Region, Signals};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn policy() -> &'static Policy {
    static P: OnceLock<Policy> = OnceLock::new();
    P.get_or_init(Policy::default)
}

fuzz_target!(|data: &[u8]| {
    let css = String::from_utf8_lossy(data);
    let gpc = Signals {
        gpc: true,
        region: Region::parse("US-CA"),
        ..Signals::default()
    };
    for signals in [Signals::default(), gpc] {
        let d = Decider::from_cookie(policy(), None, &signals, 0);
        if let Some(held) = markup::hold_style(&d, &css) {
            assert!(!held.verdict.decision.is_allowed());
            let again = markup::hold_style(&d, &held.text);
            assert!(again.is_none(), "a refused URL left in {:?}", held.text);
        }
    }
});
