use wasm_bindgen::JsValue;

/// Errors of the IAB module; they reach JavaScript as `Error` objects.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An invalid policy (the main engine reports it too).
    #[error(transparent)]
    Core(#[from] consentry_core::Error),
    /// The policy has no `iab` section, or a GVL or value does not fit.
    #[error(transparent)]
    Iab(#[from] consentry_iab::IabError),
}

impl From<Error> for JsValue {
    fn from(e: Error) -> JsValue {
        js_sys::Error::new(&e.to_string()).into()
    }
}
