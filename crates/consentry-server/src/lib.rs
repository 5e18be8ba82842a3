//! consentry-server: under construction (issue 5).
#![forbid(unsafe_code)]
#![deny(missing_docs)]
