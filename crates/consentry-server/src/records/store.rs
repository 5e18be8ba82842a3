//! The [`RecordStore`] trait: what the records endpoint and the CLI need of
//! a database, so SQLite and PostgreSQL pass one conformance suite.

use crate::error::Error;
use consentry_core::receipt::{Digest, Receipt, Source};
use consentry_core::ConsentId;
use std::future::Future;
use std::pin::Pin;

/// A boxed future, so stores can be chosen at run time (`Arc<dyn RecordStore>`).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// One stored record: a receipt at its place in the hash chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Position in the chain, from 1, without gaps (until a purge removes a prefix).
    pub n: u64,
    /// The receipt, `receivedAt` set.
    pub receipt: Receipt,
    /// The receipt's canonical JSON, exactly as hashed.
    pub body: String,
    /// `link(hash of record n - 1, n, body)`.
    pub hash: Digest,
}

/// A record as the database holds it, before its body is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Chain position.
    pub n: u64,
    /// The consent id column (the lookup key).
    pub consent_id: String,
    /// The seq column.
    pub seq: u32,
    /// The canonical JSON, as hashed.
    pub body: String,
    /// The stored chain hash.
    pub hash: Digest,
}

impl Row {
    /// The record, once its body reads as a stored receipt that matches the
    /// key columns.
    pub fn record(self) -> Result<Record, String> {
        let receipt = Receipt::from_json(&self.body, Source::Stored)
            .map_err(|e| format!("record {}: body unreadable: {e}", self.n))?;
        if receipt.consent_id.to_string() != self.consent_id || receipt.seq != self.seq {
            return Err(format!(
                "record {}: key columns differ from its body",
                self.n
            ));
        }
        if receipt.to_json() != self.body {
            return Err(format!("record {}: body is not canonical", self.n));
        }
        Ok(Record {
            n: self.n,
            receipt,
            body: self.body,
            hash: self.hash,
        })
    }
}

fn records(rows: Vec<Row>) -> Result<Vec<Record>, Error> {
    rows.into_iter()
        .map(|r| r.record().map_err(Error::Corrupt))
        .collect()
}

/// What became of an appended receipt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Appended {
    /// Stored now, at this chain position, durably.
    Stored(u64),
    /// The same (consent id, seq) with the same content was stored before,
    /// at this position: nothing written (a retry whose answer was lost).
    Duplicate(u64),
    /// The same (consent id, seq) was stored before with other content:
    /// nothing written.
    Conflict(u64),
}

/// The chain's ends, kept beside the records so that removing the newest
/// records, or a purge's prefix, is detected too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChainEnds {
    /// First position still stored (1, or just after the last purge).
    pub first_n: u64,
    /// Hash of the record before `first_n` (zeros before a purge).
    pub first_prev: Digest,
    /// Last position written (0 when empty).
    pub head_n: u64,
    /// Hash of record `head_n`.
    pub head_hash: Digest,
}

/// What [`verify`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// Records checked.
    pub checked: u64,
    /// The chain's ends.
    pub ends: ChainEnds,
    /// Every break found, in chain order (empty: intact).
    pub problems: Vec<String>,
}

impl Verification {
    /// No break found.
    pub fn is_intact(&self) -> bool {
        self.problems.is_empty()
    }
}

/// A durable, append-only, hash-chained store of consent records.
///
/// `append` answers only once the record is durable (committed, synced).
/// Every method is safe to call from several tasks at once; PostgreSQL
/// stores are also safe across processes.
pub trait RecordStore: Send + Sync + 'static {
    /// Appends a browser's receipt (its server fields set by the caller,
    /// `receivedAt` by the store): stored once per (consent id, seq).
    fn append(&self, receipt: Receipt) -> BoxFuture<'_, Result<Appended, Error>>;
    /// Every row of one consent id, by seq.
    fn rows_by_consent(&self, id: ConsentId) -> BoxFuture<'_, Result<Vec<Row>, Error>>;
    /// Up to `limit` rows received at or after `since_ms` and past chain
    /// position `after`, in chain order (page with the last `n`).
    fn rows(
        &self,
        since_ms: u64,
        after: u64,
        limit: usize,
    ) -> BoxFuture<'_, Result<Vec<Row>, Error>>;
    /// The chain's ends.
    fn ends(&self) -> BoxFuture<'_, Result<ChainEnds, Error>>;
    /// Deletes every record received before `before_ms` (a prefix of the
    /// chain: it stops at the first newer record) and moves the chain's
    /// start past them. Returns how many were deleted.
    fn purge(&self, before_ms: u64) -> BoxFuture<'_, Result<u64, Error>>;

    /// Every record of one consent id, by seq (the visitor's receipts).
    fn by_consent(&self, id: ConsentId) -> BoxFuture<'_, Result<Vec<Record>, Error>> {
        Box::pin(async move { records(self.rows_by_consent(id).await?) })
    }

    /// [`RecordStore::rows`], read.
    fn export(
        &self,
        since_ms: u64,
        after: u64,
        limit: usize,
    ) -> BoxFuture<'_, Result<Vec<Record>, Error>> {
        Box::pin(async move { records(self.rows(since_ms, after, limit).await?) })
    }
}

/// Walks the whole chain through [`RecordStore::export`] and checks every
/// link: a record changed, removed, inserted or moved breaks it.
pub async fn verify(store: &dyn RecordStore) -> Result<Verification, Error> {
    let ends = store.ends().await?;
    let mut v = Verification {
        checked: 0,
        ends,
        problems: Vec::new(),
    };
    let (mut expect_n, mut prev) = (ends.first_n.max(1), ends.first_prev);
    let mut after = 0;
    loop {
        let page = store.rows(0, after, 1000).await?;
        let Some(last) = page.last() else { break };
        after = last.n;
        for r in page {
            v.checked += 1;
            if r.n != expect_n {
                v.problems.push(format!(
                    "record {}: expected position {expect_n} (records removed or inserted)",
                    r.n
                ));
            }
            if super::chain::link(&prev, r.n, &r.body) != r.hash {
                v.problems.push(format!(
                    "record {}: hash does not match (changed, moved, or the record before it changed)",
                    r.n
                ));
            }
            expect_n = r.n + 1;
            prev = r.hash;
            if let Err(e) = r.record() {
                v.problems.push(e);
            }
        }
    }
    if ends.head_n + 1 != expect_n && !(ends.head_n == 0 && v.checked == 0) {
        v.problems.push(format!(
            "chain ends at {} but the head says {} (newest records removed?)",
            expect_n - 1,
            ends.head_n
        ));
    } else if prev != ends.head_hash && ends.head_n > 0 {
        v.problems
            .push("the last record's hash is not the head's".into());
    }
    Ok(v)
}
