//! The SQLite record store (the default): one file, WAL, every commit
//! synced (`synchronous=FULL`), and group commit: one writer thread takes
//! every receipt waiting when it starts a transaction, so a burst costs one
//! fsync, and answers each only after that commit.

use super::chain::link;
use super::store::{Appended, BoxFuture, ChainEnds, RecordStore, Row};
use crate::error::Error;
use consentry_core::receipt::{Digest, Receipt, Source};
use consentry_core::ConsentId;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::path::Path;
use std::sync::{mpsc, Arc, Mutex};
use tokio::sync::oneshot;

/// Migrations in order; `PRAGMA user_version` says how many ran.
const MIGRATIONS: [&str; 1] = [r"
CREATE TABLE consentry_records (
    n INTEGER PRIMARY KEY,
    consent_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    body TEXT NOT NULL,
    hash BLOB NOT NULL,
    UNIQUE (consent_id, seq)
);
CREATE INDEX consentry_records_received_at ON consentry_records (received_at);
CREATE TABLE consentry_chain (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    first_n INTEGER NOT NULL,
    first_prev BLOB NOT NULL,
    head_n INTEGER NOT NULL,
    head_hash BLOB NOT NULL
);
INSERT INTO consentry_chain VALUES (1, 1, zeroblob(32), 0, zeroblob(32));
"];

/// Most receipts committed in one transaction.
const MAX_BATCH: usize = 1024;

enum Job {
    Append(Box<Receipt>, oneshot::Sender<Result<Appended, Error>>),
    Purge(u64, oneshot::Sender<Result<u64, Error>>),
}

/// How often the checkpointer copies the WAL into the database file.
const CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_millis(250);

/// The SQLite store. Cloning shares it.
#[derive(Clone)]
pub struct SqliteStore {
    jobs: mpsc::Sender<Job>,
    read: Arc<Mutex<Connection>>,
    /// The checkpointer thread stops once every clone is gone.
    _alive: Arc<()>,
}

fn db(e: rusqlite::Error) -> Error {
    Error::Store(e.to_string())
}

fn open(path: &Path) -> Result<Connection, Error> {
    let c = Connection::open(path).map_err(db)?;
    c.busy_timeout(std::time::Duration::from_secs(10))
        .map_err(db)?;
    c.execute_batch("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")
        .map_err(db)?;
    Ok(c)
}

fn migrate(c: &mut Connection) -> Result<(), Error> {
    let tx = c
        .transaction_with_behavior(TransactionBehavior::Exclusive)
        .map_err(db)?;
    let done: usize = tx
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(db)?;
    if done > MIGRATIONS.len() {
        return Err(Error::Store(format!(
            "database schema version {done} is newer than this program ({})",
            MIGRATIONS.len()
        )));
    }
    for (i, m) in MIGRATIONS.iter().enumerate().skip(done) {
        tx.execute_batch(m).map_err(db)?;
        tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))
            .map_err(db)?;
    }
    tx.commit().map_err(db)
}

pub(super) fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

fn digest(v: Vec<u8>) -> Digest {
    Digest(v.try_into().unwrap_or([0; 32]))
}

impl SqliteStore {
    /// Opens (creating and migrating) the database file and starts its writer thread.
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteStore, Error> {
        let path = path.as_ref();
        let mut write = open(path)?;
        migrate(&mut write)?;
        // Checkpoints run beside the writer, not inside its commits: an
        // automatic one would stall every receipt waiting behind it.
        write
            .execute_batch("PRAGMA wal_autocheckpoint=0;")
            .map_err(db)?;
        let read = open(path)?;
        let checkpoints = open(path)?;
        let (jobs, rx) = mpsc::channel();
        let spawn = |name: &str, f: Box<dyn FnOnce() + Send>| {
            std::thread::Builder::new()
                .name(name.into())
                .spawn(f)
                .map(drop)
                .map_err(|e| Error::Store(e.to_string()))
        };
        spawn(
            "consentry-sqlite-writer",
            Box::new(move || writer(write, rx)),
        )?;
        let alive = Arc::new(());
        let weak = Arc::downgrade(&alive);
        spawn(
            "consentry-sqlite-checkpoint",
            Box::new(move || {
                while weak.upgrade().is_some() {
                    std::thread::sleep(CHECKPOINT_EVERY);
                    // PASSIVE never blocks the writer; a failure is retried next time.
                    let _ = checkpoints.execute_batch("PRAGMA wal_checkpoint(PASSIVE);");
                }
            }),
        )?;
        Ok(SqliteStore {
            jobs,
            read: Arc::new(Mutex::new(read)),
            _alive: alive,
        })
    }

    async fn query<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> Result<T, Error> {
        let read = self.read.clone();
        tokio::task::spawn_blocking(move || {
            let c = read
                .lock()
                .map_err(|_| Error::Store("reader poisoned".into()))?;
            f(&c).map_err(db)
        })
        .await
        .map_err(|e| Error::Store(e.to_string()))?
    }
}

fn closed() -> Error {
    Error::Store("the SQLite writer stopped".into())
}

/// The writer thread: a batch per transaction, answers after the commit.
fn writer(mut c: Connection, rx: mpsc::Receiver<Job>) {
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(j) => batch.push(j),
                Err(_) => break,
            }
        }
        let (appends, purges): (Vec<_>, Vec<_>) = batch
            .into_iter()
            .partition(|j| matches!(j, Job::Append(..)));
        let mut results = Vec::with_capacity(appends.len());
        let outcome = (|| -> Result<(), Error> {
            let tx = c
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(db)?;
            for j in &appends {
                if let Job::Append(r, _) = j {
                    results.push(append(&tx, r)?);
                }
            }
            tx.commit().map_err(db)
        })();
        let mut results = results.into_iter();
        for j in appends {
            if let Job::Append(_, reply) = j {
                let r = match &outcome {
                    Ok(()) => results.next().ok_or_else(closed),
                    Err(e) => Err(Error::Store(e.to_string())),
                };
                let _ = reply.send(r);
            }
        }
        for j in purges {
            if let Job::Purge(before, reply) = j {
                let _ = reply.send(purge(&mut c, before));
            }
        }
    }
}

fn append(tx: &rusqlite::Transaction<'_>, r: &Receipt) -> Result<Appended, Error> {
    let id = r.consent_id.to_string();
    let existing: Option<(u64, String)> = tx
        .query_row(
            "SELECT n, body FROM consentry_records WHERE consent_id = ?1 AND seq = ?2",
            params![id, r.seq],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()
        .map_err(db)?;
    if let Some((n, body)) = existing {
        let same = Receipt::from_json(&body, Source::Stored)
            .is_ok_and(|old| old.submission() == r.submission());
        return Ok(if same {
            Appended::Duplicate(n)
        } else {
            Appended::Conflict(n)
        });
    }
    let (head_n, head_hash): (u64, Vec<u8>) = tx
        .query_row(
            "SELECT head_n, head_hash FROM consentry_chain WHERE id = 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .map_err(db)?;
    let mut r = r.clone();
    let received = now_ms();
    r.received_at.get_or_insert(received);
    let n = head_n + 1;
    let body = r.to_json();
    let hash = link(&digest(head_hash), n, &body);
    tx.execute(
        "INSERT INTO consentry_records (n, consent_id, seq, received_at, body, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![n, id, r.seq, r.received_at, body, &hash.0[..]],
    )
    .map_err(db)?;
    tx.execute(
        "UPDATE consentry_chain SET head_n = ?1, head_hash = ?2 WHERE id = 1",
        params![n, &hash.0[..]],
    )
    .map_err(db)?;
    Ok(Appended::Stored(n))
}

fn purge(c: &mut Connection, before: u64) -> Result<u64, Error> {
    let tx = c
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(db)?;
    // The prefix ends at the first record that must stay.
    let keep: Option<u64> = tx
        .query_row(
            "SELECT min(n) FROM consentry_records WHERE received_at >= ?1",
            [before],
            |r| r.get(0),
        )
        .map_err(db)?;
    let (head_n, head_hash): (u64, Vec<u8>) = tx
        .query_row(
            "SELECT head_n, head_hash FROM consentry_chain WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(db)?;
    let first_kept = keep.unwrap_or(head_n + 1);
    let prev: Option<Vec<u8>> = tx
        .query_row(
            "SELECT hash FROM consentry_records WHERE n = ?1",
            [first_kept - 1],
            |r| r.get(0),
        )
        .optional()
        .map_err(db)?;
    let deleted = tx
        .execute("DELETE FROM consentry_records WHERE n < ?1", [first_kept])
        .map_err(db)?;
    if deleted > 0 {
        let prev = prev.unwrap_or(head_hash);
        tx.execute(
            "UPDATE consentry_chain SET first_n = ?1, first_prev = ?2 WHERE id = 1",
            params![first_kept, prev],
        )
        .map_err(db)?;
    }
    tx.commit().map_err(db)?;
    Ok(deleted as u64)
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok(Row {
        n: r.get(0)?,
        consent_id: r.get(1)?,
        seq: r.get(2)?,
        body: r.get(3)?,
        hash: digest(r.get(4)?),
    })
}

impl RecordStore for SqliteStore {
    fn append(&self, receipt: Receipt) -> BoxFuture<'_, Result<Appended, Error>> {
        Box::pin(async move {
            let (tx, rx) = oneshot::channel();
            self.jobs
                .send(Job::Append(Box::new(receipt), tx))
                .map_err(|_| closed())?;
            rx.await.map_err(|_| closed())?
        })
    }

    fn rows_by_consent(&self, id: ConsentId) -> BoxFuture<'_, Result<Vec<Row>, Error>> {
        Box::pin(self.query(move |c| {
            let mut q = c.prepare_cached(
                "SELECT n, consent_id, seq, body, hash FROM consentry_records WHERE consent_id = ?1 ORDER BY seq",
            )?;
            let rows = q.query_map([id.to_string()], row)?;
            rows.collect()
        }))
    }

    fn rows(
        &self,
        since_ms: u64,
        after: u64,
        limit: usize,
    ) -> BoxFuture<'_, Result<Vec<Row>, Error>> {
        Box::pin(self.query(move |c| {
            let mut q = c.prepare_cached(
                "SELECT n, consent_id, seq, body, hash FROM consentry_records \
                 WHERE n > ?1 AND received_at >= ?2 ORDER BY n LIMIT ?3",
            )?;
            let rows = q.query_map(params![after, since_ms, limit as u64], row)?;
            rows.collect()
        }))
    }

    fn ends(&self) -> BoxFuture<'_, Result<ChainEnds, Error>> {
        Box::pin(self.query(|c| {
            c.query_row(
                "SELECT first_n, first_prev, head_n, head_hash FROM consentry_chain WHERE id = 1",
                [],
                |r| {
                    Ok(ChainEnds {
                        first_n: r.get(0)?,
                        first_prev: digest(r.get(1)?),
                        head_n: r.get(2)?,
                        head_hash: digest(r.get(3)?),
                    })
                },
            )
        }))
    }

    fn purge(&self, before_ms: u64) -> BoxFuture<'_, Result<u64, Error>> {
        Box::pin(async move {
            let (tx, rx) = oneshot::channel();
            self.jobs
                .send(Job::Purge(before_ms, tx))
                .map_err(|_| closed())?;
            rx.await.map_err(|_| closed())?
        })
    }
}
