//! The PostgreSQL record store, for several server instances sharing one
//! database. Each instance batches the receipts waiting into one
//! transaction (group commit); the chain's head row, locked `FOR UPDATE`,
//! orders the instances' transactions, so the chain stays one line.

use super::chain::link;
use super::sqlite::now_ms;
use super::store::{Appended, BoxFuture, ChainEnds, RecordStore, Row};
use crate::error::Error;
use consentry_core::receipt::{Digest, Receipt, Source};
use consentry_core::ConsentId;
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};
use tokio_postgres::{Client, NoTls};

/// Migrations in order; `consentry_schema.version` says how many ran.
const MIGRATIONS: [&str; 1] = [r"
CREATE TABLE consentry_records (
    n BIGINT PRIMARY KEY,
    consent_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    body TEXT NOT NULL,
    hash BYTEA NOT NULL,
    UNIQUE (consent_id, seq)
);
CREATE INDEX consentry_records_received_at ON consentry_records (received_at);
CREATE TABLE consentry_chain (
    id INT PRIMARY KEY CHECK (id = 1),
    first_n BIGINT NOT NULL,
    first_prev BYTEA NOT NULL,
    head_n BIGINT NOT NULL,
    head_hash BYTEA NOT NULL
);
INSERT INTO consentry_chain VALUES (1, 1, decode(repeat('00', 32), 'hex'), 0, decode(repeat('00', 32), 'hex'));
"];

const MAX_BATCH: usize = 1024;

enum Job {
    Append(Box<Receipt>, oneshot::Sender<Result<Appended, Error>>),
    Purge(u64, oneshot::Sender<Result<u64, Error>>),
}

/// The PostgreSQL store. Cloning shares it.
#[derive(Clone)]
pub struct PostgresStore {
    jobs: mpsc::UnboundedSender<Job>,
    read: Arc<Client>,
}

fn db(e: tokio_postgres::Error) -> Error {
    Error::Store(e.to_string())
}

fn digest(v: Vec<u8>) -> Digest {
    Digest(v.try_into().unwrap_or([0; 32]))
}

async fn connect(url: &str) -> Result<Client, Error> {
    let (client, conn) = tokio_postgres::connect(url, NoTls).await.map_err(db)?;
    tokio::spawn(async move {
        if let Err(e) = conn.await {
            eprintln!("consentry: postgres connection closed: {e}");
        }
    });
    Ok(client)
}

async fn migrate(c: &mut Client) -> Result<(), Error> {
    let tx = c.transaction().await.map_err(db)?;
    // One migrator at a time across instances.
    tx.batch_execute(
        "SELECT pg_advisory_xact_lock(7305818); \
         CREATE TABLE IF NOT EXISTS consentry_schema (version INT NOT NULL); \
         INSERT INTO consentry_schema SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM consentry_schema);",
    )
    .await
    .map_err(db)?;
    let done: i32 = tx
        .query_one("SELECT version FROM consentry_schema", &[])
        .await
        .map_err(db)?
        .get(0);
    let done = done as usize;
    if done > MIGRATIONS.len() {
        return Err(Error::Store(format!(
            "database schema version {done} is newer than this program ({})",
            MIGRATIONS.len()
        )));
    }
    for (i, m) in MIGRATIONS.iter().enumerate().skip(done) {
        tx.batch_execute(m).await.map_err(db)?;
        tx.execute(
            "UPDATE consentry_schema SET version = $1",
            &[&(i as i32 + 1)],
        )
        .await
        .map_err(db)?;
    }
    tx.commit().await.map_err(db)
}

impl PostgresStore {
    /// Connects (`postgres://user@host:port/db`), migrates, and starts this
    /// instance's writer task. Call inside a tokio runtime.
    pub async fn connect(url: &str) -> Result<PostgresStore, Error> {
        let mut write = connect(url).await?;
        migrate(&mut write).await?;
        let read = connect(url).await?;
        let (jobs, rx) = mpsc::unbounded_channel();
        tokio::spawn(writer(write, rx));
        Ok(PostgresStore {
            jobs,
            read: Arc::new(read),
        })
    }
}

fn closed() -> Error {
    Error::Store("the PostgreSQL writer stopped".into())
}

async fn writer(mut c: Client, mut rx: mpsc::UnboundedReceiver<Job>) {
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(j) => batch.push(j),
                Err(_) => break,
            }
        }
        let mut appends = Vec::new();
        for j in batch {
            match j {
                Job::Append(r, reply) => appends.push((r, reply)),
                Job::Purge(before, reply) => {
                    let _ = reply.send(purge(&mut c, before).await);
                }
            }
        }
        if appends.is_empty() {
            continue;
        }
        let receipts: Vec<&Receipt> = appends.iter().map(|(r, _)| r.as_ref()).collect();
        match append_batch(&mut c, &receipts).await {
            Ok(results) => {
                for ((_, reply), r) in appends.into_iter().zip(results) {
                    let _ = reply.send(Ok(r));
                }
            }
            Err(e) => {
                for (_, reply) in appends {
                    let _ = reply.send(Err(Error::Store(e.to_string())));
                }
            }
        }
    }
}

async fn append_batch(c: &mut Client, batch: &[&Receipt]) -> Result<Vec<Appended>, Error> {
    let tx = c.transaction().await.map_err(db)?;
    let head = tx
        .query_one(
            "SELECT head_n, head_hash FROM consentry_chain WHERE id = 1 FOR UPDATE",
            &[],
        )
        .await
        .map_err(db)?;
    let (mut head_n, mut head_hash): (i64, Digest) = (head.get(0), digest(head.get(1)));
    let find = tx
        .prepare("SELECT n, body FROM consentry_records WHERE consent_id = $1 AND seq = $2")
        .await
        .map_err(db)?;
    let insert = tx
        .prepare(
            "INSERT INTO consentry_records (n, consent_id, seq, received_at, body, hash) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .await
        .map_err(db)?;
    let mut out = Vec::with_capacity(batch.len());
    for r in batch {
        let id = r.consent_id.to_string();
        let seq = i64::from(r.seq);
        if let Some(old) = tx.query_opt(&find, &[&id, &seq]).await.map_err(db)? {
            let (n, body): (i64, String) = (old.get(0), old.get(1));
            let same = Receipt::from_json(&body, Source::Stored)
                .is_ok_and(|old| old.submission() == r.submission());
            out.push(if same {
                Appended::Duplicate(n as u64)
            } else {
                Appended::Conflict(n as u64)
            });
            continue;
        }
        let mut r = (*r).clone();
        r.received_at.get_or_insert(now_ms());
        let n = head_n + 1;
        let body = r.to_json();
        let hash = link(&head_hash, n as u64, &body);
        let received = r.received_at.unwrap_or(0) as i64;
        tx.execute(&insert, &[&n, &id, &seq, &received, &body, &&hash.0[..]])
            .await
            .map_err(db)?;
        (head_n, head_hash) = (n, hash);
        out.push(Appended::Stored(n as u64));
    }
    tx.execute(
        "UPDATE consentry_chain SET head_n = $1, head_hash = $2 WHERE id = 1",
        &[&head_n, &&head_hash.0[..]],
    )
    .await
    .map_err(db)?;
    tx.commit().await.map_err(db)?;
    Ok(out)
}

async fn purge(c: &mut Client, before: u64) -> Result<u64, Error> {
    let tx = c.transaction().await.map_err(db)?;
    let head = tx
        .query_one(
            "SELECT head_n, head_hash FROM consentry_chain WHERE id = 1 FOR UPDATE",
            &[],
        )
        .await
        .map_err(db)?;
    let (head_n, head_hash): (i64, Vec<u8>) = (head.get(0), head.get(1));
    let keep: Option<i64> = tx
        .query_one(
            "SELECT min(n) FROM consentry_records WHERE received_at >= $1",
            &[&(before as i64)],
        )
        .await
        .map_err(db)?
        .get(0);
    let first_kept = keep.unwrap_or(head_n + 1);
    let prev: Option<Vec<u8>> = tx
        .query_opt(
            "SELECT hash FROM consentry_records WHERE n = $1",
            &[&(first_kept - 1)],
        )
        .await
        .map_err(db)?
        .map(|r| r.get(0));
    let deleted = tx
        .execute("DELETE FROM consentry_records WHERE n < $1", &[&first_kept])
        .await
        .map_err(db)?;
    if deleted > 0 {
        tx.execute(
            "UPDATE consentry_chain SET first_n = $1, first_prev = $2 WHERE id = 1",
            &[&first_kept, &prev.unwrap_or(head_hash)],
        )
        .await
        .map_err(db)?;
    }
    tx.commit().await.map_err(db)?;
    Ok(deleted)
}

fn row(r: &tokio_postgres::Row) -> Row {
    Row {
        n: r.get::<_, i64>(0) as u64,
        consent_id: r.get(1),
        seq: r.get::<_, i64>(2) as u32,
        body: r.get(3),
        hash: digest(r.get(4)),
    }
}

impl RecordStore for PostgresStore {
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
        Box::pin(async move {
            let rows = self
                .read
                .query(
                    "SELECT n, consent_id, seq, body, hash FROM consentry_records \
                     WHERE consent_id = $1 ORDER BY seq",
                    &[&id.to_string()],
                )
                .await
                .map_err(db)?;
            Ok(rows.iter().map(row).collect())
        })
    }

    fn rows(
        &self,
        since_ms: u64,
        after: u64,
        limit: usize,
    ) -> BoxFuture<'_, Result<Vec<Row>, Error>> {
        Box::pin(async move {
            let rows = self
                .read
                .query(
                    "SELECT n, consent_id, seq, body, hash FROM consentry_records \
                     WHERE n > $1 AND received_at >= $2 ORDER BY n LIMIT $3",
                    &[&(after as i64), &(since_ms as i64), &(limit as i64)],
                )
                .await
                .map_err(db)?;
            Ok(rows.iter().map(row).collect())
        })
    }

    fn ends(&self) -> BoxFuture<'_, Result<ChainEnds, Error>> {
        Box::pin(async move {
            let r = self
                .read
                .query_one(
                    "SELECT first_n, first_prev, head_n, head_hash FROM consentry_chain WHERE id = 1",
                    &[],
                )
                .await
                .map_err(db)?;
            Ok(ChainEnds {
                first_n: r.get::<_, i64>(0) as u64,
                first_prev: digest(r.get(1)),
                head_n: r.get::<_, i64>(2) as u64,
                head_hash: digest(r.get(3)),
            })
        })
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
