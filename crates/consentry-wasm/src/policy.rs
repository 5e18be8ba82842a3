//! Reading the site's policy from a JS value.

use crate::error::Error;
use consentry_core::{Json, Policy};
use wasm_bindgen::JsValue;

/// `undefined` (no config at all) → the safe default policy; anything else is
/// validated exactly as the native parser validates JSON, so `null` or a
/// string is an invalid policy, not a silent default.
pub(crate) fn from_js(v: &JsValue) -> Result<Policy, Error> {
    if v.is_undefined() {
        return Ok(Policy::default());
    }
    let tree: Json = crate::to_js::from_js(v)
        .ok_or_else(|| Error::Config("not representable as JSON".into()))?;
    Ok(Policy::from_value(&tree)?)
}
