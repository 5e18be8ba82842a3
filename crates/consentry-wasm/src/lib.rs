//! consentry-wasm: under construction (issue 3).
#![forbid(unsafe_code)]
#![deny(missing_docs)]
