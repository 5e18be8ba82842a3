//! Values to and from JavaScript as JSON text, so no serde-wasm-bindgen (and
//! none of its float formatting) ships in the wasm: a value is written as
//! JSON by core's [`to_json_text`] and turned into a JS value by the
//! browser's `JSON.parse`; a JS value comes in through `JSON.stringify` and
//! core's [`Json::parse`].

use consentry_core::{to_json_text, Json};
use serde::Serialize;
use wasm_bindgen::JsValue;

/// `v` as a plain JS value (`null` if it cannot be written, which only a
/// float could cause: none is serialized).
pub(crate) fn to_js<T: Serialize + ?Sized>(v: &T) -> JsValue {
    match to_json_text(v) {
        Some(text) => js_sys::JSON::parse(&text).unwrap_or(JsValue::NULL),
        None => JsValue::NULL,
    }
}

/// A JS value read as JSON (`JSON.stringify`, then core's reader); `None`
/// for what JSON cannot hold (functions, symbols, BigInts, cycles).
pub(crate) fn from_js(v: &JsValue) -> Option<Json> {
    let text = js_sys::JSON::stringify(v).ok()?.as_string()?;
    Json::parse(&text).ok()
}
