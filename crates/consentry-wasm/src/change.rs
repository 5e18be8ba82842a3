//! The consent UI's changes to a choice (core's `change`), recorded by the
//! engine itself: it works out the complete choice from the current one and
//! records it like `choose`. One export for the three: each export costs its
//! own glue in the wasm.

use crate::decision::Engine;
use crate::error::Error;
use consentry_core::Json;
use wasm_bindgen::prelude::*;

/// `{id: bool}` read from JS; anything else counts as empty.
fn switches(v: &JsValue) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    if let Some(Json::Object(entries)) = crate::to_js::from_js(v) {
        for (k, v) in entries {
            if let Json::Bool(b) = v {
                out.push((k, b));
            }
        }
    }
    out
}

fn borrowed(v: &[(String, bool)]) -> Vec<(&str, bool)> {
    let mut out = Vec::with_capacity(v.len());
    for (k, b) in v {
        out.push((k.as_str(), *b));
    }
    out
}

#[wasm_bindgen]
impl Engine {
    /// Records a change to the current choice and returns the
    /// `document.cookie` assignment that stores it. `op`:
    /// - `grant`: one category or service (`arg`, its id) granted on top (a
    ///   placeholder's "Allow");
    /// - `switches`: the preferences dialog's switches saved (`arg`
    ///   `{category: on}` as left, `initial` as first shown);
    /// - `do-not-sell`: the opt-out categories refused, the rest kept.
    pub fn change(
        &mut self,
        op: &str,
        arg: JsValue,
        initial: JsValue,
        id: &[u8],
        now_ms: f64,
        secure: bool,
    ) -> Result<String, JsValue> {
        let d = self.decider();
        let c = match op {
            "grant" => d.grant(&arg.as_string().unwrap_or_default()),
            "switches" => {
                let (now, initial) = (switches(&arg), switches(&initial));
                d.with_switches(&borrowed(&now), &borrowed(&initial))
            }
            "do-not-sell" => d.do_not_sell(),
            other => return Err(Error::Choice(other.into()).into()),
        };
        self.record("custom", &c.categories, &c.services, id, now_ms, secure)
    }
}
