//! Consent records (feature `records`): the site's proof of every choice.
//!
//! - [`router`]: the records endpoint for axum. `POST` takes a browser's
//!   [`Receipt`](consentry_core::receipt::Receipt) (strictly validated: 400
//!   with each problem's path; 413 over
//!   [`MAX_BYTES`](consentry_core::receipt::MAX_BYTES), 415 without
//!   `application/json`, 429 past the per-network [`RateLimit`], 403 from an
//!   origin not allowed) and answers 201 only once it is durable, 200 for a
//!   replay of the same (consent id, seq), 409 for a different receipt under
//!   one already stored. `GET path/{consentId}` gives the visitor their own
//!   receipts; `GET path?since=…` exports, with the admin token.
//! - [`RecordStore`]: [`SqliteStore`] (the default: WAL, synced commits,
//!   group commit) and [`PostgresStore`] (several server instances, one
//!   database), both with embedded migrations and one conformance suite.
//! - A hash chain over every record: [`verify`] finds a record changed,
//!   removed, inserted or moved; [`RecordStore::purge`] removes what is past
//!   the retention period ([`DEFAULT_RETENTION_DAYS`]) and moves the chain's
//!   start.

mod chain;
pub(crate) mod choice;
mod http;
mod limit;
mod postgres;
mod sqlite;
mod store;

pub use chain::link;
pub use http::{router, ClientIp, RecordsConfig};
pub use limit::RateLimit;
pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;
pub use store::{verify, Appended, BoxFuture, ChainEnds, Record, RecordStore, Row, Verification};

use crate::error::Error;
use std::sync::Arc;

/// Default retention: 3 years (1,095 days) after receipt. A consent lasts at
/// most 13 months (`consentLifetimeDays` ≤ 395), so every consent still in
/// force can be proved; the rest of the period covers a complaint or audit
/// about processing done under it arriving later (general limitation periods
/// of three years are common, e.g. § 195 BGB). Keeping records longer would
/// keep more data than the purpose needs (GDPR Art. 5(1)(e)).
pub const DEFAULT_RETENTION_DAYS: u32 = 1095;

/// Opens the store at `location`: `sqlite:PATH` (created if missing) or
/// `postgres://user@host:port/db` (also `postgresql://`).
pub async fn open(location: &str) -> Result<Arc<dyn RecordStore>, Error> {
    if let Some(path) = location.strip_prefix("sqlite:") {
        let path = path.strip_prefix("//").unwrap_or(path);
        if path.is_empty() {
            return Err(Error::StoreUrl(location.into()));
        }
        let path = path.to_string();
        let store = tokio::task::spawn_blocking(move || SqliteStore::open(path))
            .await
            .map_err(|e| Error::Store(e.to_string()))??;
        Ok(Arc::new(store))
    } else if location.starts_with("postgres://") || location.starts_with("postgresql://") {
        Ok(Arc::new(PostgresStore::connect(location).await?))
    } else {
        Err(Error::StoreUrl(location.into()))
    }
}

/// Compares a presented token with the configured one in constant time (for
/// equal lengths; the length itself is not secret enough to hide).
pub fn token_matches(given: &str, expected: &str) -> bool {
    use subtle::ConstantTimeEq;
    !expected.is_empty() && bool::from(given.as_bytes().ct_eq(expected.as_bytes()))
}

/// One export line: `{"n":…,"hash":"…","receipt":{…}}`, the receipt exactly
/// as hashed, so an auditor can re-check the chain from the export alone.
pub fn export_line(r: &Record) -> String {
    format!(
        "{{\"n\":{},\"hash\":\"{}\",\"receipt\":{}}}",
        r.n, r.hash, r.body
    )
}
