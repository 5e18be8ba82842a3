//! Cookie helpers exposed to the runtime.

use consentry_core::cookie;
use wasm_bindgen::prelude::*;

/// The `Domain` values to delete a cookie under, for `host` (host-only first,
/// as an empty string). `registrable` comes from the runtime's probe (the
/// browser refuses cookies on public suffixes), as there is no suffix list here.
#[wasm_bindgen(js_name = domainVariants)]
pub fn domain_variants(host: &str, registrable: Option<String>) -> Vec<String> {
    cookie::domain_variants(host, registrable.as_deref())
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect()
}

/// The `Path` values to delete a cookie under, for the current path.
#[wasm_bindgen(js_name = pathVariants)]
pub fn path_variants(path: &str) -> Vec<String> {
    cookie::path_variants(path)
}
