//! One conformance suite for every `RecordStore`: SQLite and a real
//! PostgreSQL (`CONSENTRY_TEST_POSTGRES`, started by `cargo xtask test`).

mod common;

use common::records::{postgres_db, receipt};
use consentry_server::records::{self, verify, Appended, RecordStore};
use std::sync::Arc;

/// A store under test, and raw SQL on its database (to tamper with it).
struct Subject {
    store: Arc<dyn RecordStore>,
    location: String,
}

impl Subject {
    async fn sql(&self, sql: &str) {
        if let Some(path) = self.location.strip_prefix("sqlite:") {
            let c = rusqlite::Connection::open(path).unwrap();
            c.execute_batch(sql).unwrap();
        } else {
            let (c, conn) = tokio_postgres::connect(&self.location, tokio_postgres::NoTls)
                .await
                .unwrap();
            tokio::spawn(conn);
            c.batch_execute(sql).await.unwrap();
        }
    }

    async fn reopen(&self) -> Arc<dyn RecordStore> {
        records::open(&self.location).await.unwrap()
    }
}

async fn sqlite() -> (Subject, tempdir::Dir) {
    let dir = tempdir::Dir::new();
    let location = format!("sqlite:{}", dir.0.join("records.db").display());
    let store = records::open(&location).await.unwrap();
    (Subject { store, location }, dir)
}

async fn postgres() -> (Subject, ()) {
    let location = postgres_db().await;
    let store = records::open(&location).await.unwrap();
    (Subject { store, location }, ())
}

mod tempdir {
    /// A temporary directory removed on drop.
    pub struct Dir(pub std::path::PathBuf);
    impl Dir {
        pub fn new() -> Dir {
            use std::sync::atomic::{AtomicU32, Ordering};
            static N: AtomicU32 = AtomicU32::new(0);
            let p = std::env::temp_dir().join(format!(
                "consentry-records-{}-{}",
                std::process::id(),
                N.fetch_add(1, Ordering::Relaxed)
            ));
            std::fs::create_dir_all(&p).unwrap();
            Dir(p)
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

async fn appends_and_reads(s: Subject) {
    let st = &s.store;
    assert_eq!(st.append(receipt(1, 1)).await.unwrap(), Appended::Stored(1));
    assert_eq!(st.append(receipt(2, 1)).await.unwrap(), Appended::Stored(2));
    assert_eq!(st.append(receipt(1, 2)).await.unwrap(), Appended::Stored(3));
    let mine = st.by_consent(receipt(1, 1).consent_id).await.unwrap();
    assert_eq!(
        mine.iter().map(|r| r.receipt.seq).collect::<Vec<_>>(),
        [1, 2]
    );
    let r = &mine[0].receipt;
    assert!(r.received_at.is_some(), "the store sets receivedAt");
    assert_eq!(r.submission(), receipt(1, 1));
    assert!(st
        .by_consent(receipt(9, 1).consent_id)
        .await
        .unwrap()
        .is_empty());
    let all = st.export(0, 0, 100).await.unwrap();
    assert_eq!(all.iter().map(|r| r.n).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(
        st.export(0, 1, 1).await.unwrap()[0].n,
        2,
        "pages by position"
    );
    let future = r.received_at.unwrap() + 3_600_000;
    assert!(
        st.export(future, 0, 100).await.unwrap().is_empty(),
        "since filters"
    );
    let v = verify(st.as_ref()).await.unwrap();
    assert!(v.is_intact(), "{:?}", v.problems);
    assert_eq!((v.checked, v.ends.head_n), (3, 3));
    // Migrations run once: reopening keeps everything.
    let again = s.reopen().await;
    assert_eq!(again.export(0, 0, 100).await.unwrap(), all);
    assert_eq!(
        again.append(receipt(3, 1)).await.unwrap(),
        Appended::Stored(4)
    );
}

async fn stores_each_id_and_seq_once(s: Subject) {
    let st = &s.store;
    assert_eq!(st.append(receipt(1, 1)).await.unwrap(), Appended::Stored(1));
    assert_eq!(
        st.append(receipt(1, 1)).await.unwrap(),
        Appended::Duplicate(1)
    );
    let mut other = receipt(1, 1);
    other.action = consentry_core::receipt::Action::RejectAll;
    assert_eq!(st.append(other).await.unwrap(), Appended::Conflict(1));
    let all = st.export(0, 0, 100).await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(
        all[0].receipt.submission(),
        receipt(1, 1),
        "the first stays"
    );
    // Many at once, replays among them: each stored once, the chain one line.
    let mut tasks = Vec::new();
    for i in 0..200u64 {
        let st = st.clone();
        tasks.push(tokio::spawn(async move {
            st.append(receipt(100 + i % 150, 1)).await
        }));
    }
    let mut stored = 0;
    for t in tasks {
        if let Appended::Stored(_) = t.await.unwrap().unwrap() {
            stored += 1;
        }
    }
    assert_eq!(stored, 150);
    let v = verify(st.as_ref()).await.unwrap();
    assert!(v.is_intact(), "{:?}", v.problems);
    assert_eq!(v.checked, 151);
}

async fn verify_finds_tampering(s: Subject) {
    for i in 1..=5 {
        s.store.append(receipt(i, 1)).await.unwrap();
    }
    let intact = verify(s.store.as_ref()).await.unwrap();
    assert!(intact.is_intact(), "{:?}", intact.problems);
    async fn broken_(st: &dyn RecordStore, what: &str) -> records::Verification {
        let v = verify(st).await.unwrap();
        assert!(!v.is_intact(), "{what} went unnoticed");
        v
    }
    let broken = |what: &'static str| broken_(s.store.as_ref(), what);
    // Changed: a refusal rewritten as a grant (the hash left alone).
    s.sql("UPDATE consentry_records SET body = replace(body, '\"accept-all\"', '\"reject-all\"') WHERE n = 2").await;
    broken("a changed record").await;
    s.sql("UPDATE consentry_records SET body = replace(body, '\"reject-all\"', '\"accept-all\"') WHERE n = 2").await;
    assert!(verify(s.store.as_ref()).await.unwrap().is_intact());
    // Reordered: records 2 and 3 swap places (bodies and hashes).
    s.sql(
        "UPDATE consentry_records SET n = 1000 WHERE n = 2; \
         UPDATE consentry_records SET n = 2 WHERE n = 3; \
         UPDATE consentry_records SET n = 3 WHERE n = 1000;",
    )
    .await;
    broken("reordered records").await;
    s.sql(
        "UPDATE consentry_records SET n = 1000 WHERE n = 2; \
         UPDATE consentry_records SET n = 2 WHERE n = 3; \
         UPDATE consentry_records SET n = 3 WHERE n = 1000;",
    )
    .await;
    assert!(verify(s.store.as_ref()).await.unwrap().is_intact());
    // A key column changed without the body: the receipt moves to another visitor.
    s.sql("UPDATE consentry_records SET seq = 9 WHERE n = 4")
        .await;
    broken("a changed key column").await;
    s.sql("UPDATE consentry_records SET seq = 1 WHERE n = 4")
        .await;
    // Removed: one in the middle, then the newest.
    s.sql("DELETE FROM consentry_records WHERE n = 5").await;
    let v = broken("the newest record removed").await;
    assert!(v.problems[0].contains("head"), "{:?}", v.problems);
    s.sql("DELETE FROM consentry_records WHERE n = 3").await;
    broken("a record removed").await;
}

async fn purges_a_prefix(s: Subject) {
    let day = 86_400_000;
    for (i, at) in [(1, 10 * day), (2, 20 * day), (3, 30 * day), (4, 40 * day)] {
        let mut r = receipt(i, 1);
        r.received_at = Some(at);
        s.store.append(r).await.unwrap();
    }
    assert_eq!(s.store.purge(25 * day).await.unwrap(), 2);
    let left = s.store.export(0, 0, 100).await.unwrap();
    assert_eq!(left.iter().map(|r| r.n).collect::<Vec<_>>(), [3, 4]);
    let v = verify(s.store.as_ref()).await.unwrap();
    assert!(v.is_intact(), "{:?}", v.problems);
    assert_eq!(v.ends.first_n, 3);
    // Removing the first kept record is still noticed after a purge.
    assert_eq!(s.store.purge(25 * day).await.unwrap(), 0);
    // Everything past retention: an empty, intact chain that goes on.
    assert_eq!(s.store.purge(100 * day).await.unwrap(), 2);
    assert!(verify(s.store.as_ref()).await.unwrap().is_intact());
    assert_eq!(
        s.store.append(receipt(5, 1)).await.unwrap(),
        Appended::Stored(5)
    );
    let v = verify(s.store.as_ref()).await.unwrap();
    assert!(v.is_intact(), "{:?}", v.problems);
    s.sql("DELETE FROM consentry_records WHERE n = 5").await;
    assert!(!verify(s.store.as_ref()).await.unwrap().is_intact());
}

macro_rules! suite {
    ($backend:ident: $($test:ident),*) => {
        mod $backend {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $test() {
                    let (subject, _keep) = super::$backend().await;
                    super::$test(subject).await;
                }
            )*
        }
    };
}

suite!(sqlite: appends_and_reads, stores_each_id_and_seq_once, verify_finds_tampering, purges_a_prefix);
suite!(postgres: appends_and_reads, stores_each_id_and_seq_once, verify_finds_tampering, purges_a_prefix);
