use wasm_bindgen::JsValue;

/// Errors of the browser engine; they reach JavaScript as `Error` objects.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// From the core (an invalid policy lists every problem, one per line).
    #[error(transparent)]
    Core(#[from] consentry_core::Error),
    /// The config is not a JSON-like object.
    #[error("policy is not a JSON object: {0}")]
    Config(String),
    /// A consent id must be 16 random bytes.
    #[error("consent id must be 16 bytes, got {0}")]
    ConsentId(usize),
    /// Unknown choice kind.
    #[error("unknown choice `{0}` (accept-all, reject-all or custom)")]
    Choice(String),
}

impl From<Error> for JsValue {
    fn from(e: Error) -> JsValue {
        js_sys::Error::new(&e.to_string()).into()
    }
}
