//! The crate's one error type.

/// Errors of consentry-server.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The policy could not be read.
    #[error(transparent)]
    Policy(#[from] consentry_core::Error),
    /// A date that is not `YYYY-MM-DD` (the GPC resource's `lastUpdate`).
    #[error("not a YYYY-MM-DD date: `{0}`")]
    InvalidDate(String),
    /// The page's charset is one the streaming rewriter cannot read
    /// (UTF-16, ISO-2022-JP, `replacement`, or an unknown label).
    #[error("unsupported charset `{0}`")]
    UnsupportedCharset(String),
    /// The HTML rewriter stopped (it never does on malformed HTML; this
    /// covers internal limits).
    #[error("html rewriting failed: {0}")]
    Rewrite(String),
    /// The inner response body failed.
    #[error("response body failed: {0}")]
    Body(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// A handler asked for [`Consent`](crate::Consent) but no
    /// [`ConsentLayer`](crate::ConsentLayer) ran for the request.
    #[error("no Consent in the request: is ConsentLayer installed?")]
    MissingLayer,
    /// The record store's database failed (connection, I/O, SQL).
    #[error("record store: {0}")]
    Store(String),
    /// A stored record does not read back as it was written.
    #[error("corrupt record: {0}")]
    Corrupt(String),
    /// A record store's location is not `sqlite:PATH` or `postgres://…`.
    #[error("not a record store location: `{0}` (sqlite:PATH or postgres://…)")]
    StoreUrl(String),
}
