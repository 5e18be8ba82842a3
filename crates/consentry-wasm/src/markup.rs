//! Element verdicts for the runtime's interception layer.

use consentry_core::markup::{self, Verdict};
use consentry_core::Decider;
use wasm_bindgen::prelude::*;

/// What the runtime needs to know about one element, as a JS object.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ElementVerdict {
    allowed: bool,
    /// The reason alone (`no-consent`, `granted`, …), so no caller slices `decision`.
    reason: &'static str,
    decision: String,
    service: Option<String>,
    tagged: bool,
    url_attributes: &'static [&'static str],
}

/// Judges an element given its tag and a `{name: value}` attribute object.
pub(crate) fn judge(d: &Decider<'_>, tag: &str, attrs: &JsValue) -> JsValue {
    let get = |name: &str| {
        js_sys::Reflect::get(attrs, &JsValue::from_str(name))
            .ok()
            .and_then(|v| v.as_string())
    };
    // Collect the few attributes judge() asks for; borrowing from JS is not possible.
    let owned: Vec<(&str, Option<String>)> =
        markup::ATTRIBUTES.iter().map(|n| (*n, get(n))).collect();
    let attr = |n: &str| {
        owned
            .iter()
            .find(|(k, _)| *k == n)
            .and_then(|(_, v)| v.as_deref())
    };
    // `<base href>` as consentry-server holds it (the Node rewriter asks here).
    let verdict: Option<Verdict> = if tag.eq_ignore_ascii_case("base") {
        markup::judge_base(d, attr)
    } else {
        markup::judge(d, tag, attr)
    };
    match verdict {
        None => JsValue::NULL,
        Some(v) => crate::to_js::to_js(&ElementVerdict {
            allowed: v.decision.is_allowed(),
            reason: v.decision.reason(),
            decision: v.decision.to_string(),
            service: v.service,
            tagged: v.tagged,
            url_attributes: v.url_attributes,
        }),
    }
}

/// What the runtime needs to put a held `<style>` back, as a JS object.
#[derive(serde::Serialize)]
pub(crate) struct StyleVerdict {
    text: String,
    reason: &'static str,
    service: Option<String>,
}

/// `markup::hold_style` for the runtime: `null` when the sheet may apply as written.
pub(crate) fn hold_style(d: &Decider<'_>, css: &str) -> JsValue {
    match markup::hold_style(d, css) {
        None => JsValue::NULL,
        Some(h) => crate::to_js::to_js(&StyleVerdict {
            text: h.text,
            reason: h.verdict.decision.reason(),
            service: h.verdict.service,
        }),
    }
}
