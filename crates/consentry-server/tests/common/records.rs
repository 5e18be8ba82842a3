//! Shared helpers of the records tests: sample receipts, throwaway databases.

#![allow(dead_code)]

use consentry_core::receipt::{Action, Choices, Digest, Page, Receipt, Surface};
use consentry_core::{ConsentId, Regime};
use std::sync::atomic::{AtomicU32, Ordering};

/// A valid browser receipt for consent id `id` (its low bytes) and `seq`.
pub fn receipt(id: u64, seq: u32) -> Receipt {
    let mut bytes = [0x5a; 16];
    bytes[8..].copy_from_slice(&id.to_be_bytes());
    Receipt {
        consent_id: ConsentId(bytes),
        seq,
        client_time: 1_790_000_000_000 + u64::from(seq),
        received_at: None,
        policy_revision: 1,
        policy_hash: Digest([1; 32]),
        language: "en".into(),
        texts_hash: Digest([2; 32]),
        surface: Surface::Banner,
        action: Action::AcceptAll,
        categories: Choices {
            granted: vec!["mandatory".into(), "performance".into()],
            refused: vec![],
        },
        services: Choices::default(),
        regime: Regime::OptIn,
        region: consentry_core::Region::parse("DE"),
        gpc: false,
        dnt: false,
        page: Page {
            origin: "https://www.example.com".into(),
            path: "/".into(),
        },
        ip_prefix: None,
        tc_string: None,
        gpp_string: None,
        user_agent: None,
    }
}

/// The admin URL of the PostgreSQL server the tests use (`cargo xtask test`
/// starts a throwaway one). Never skipped: without it the test fails.
pub fn postgres_admin_url() -> String {
    std::env::var("CONSENTRY_TEST_POSTGRES").unwrap_or_else(|_| {
        panic!(
            "CONSENTRY_TEST_POSTGRES is not set: run through `cargo xtask test`, or \
             `cargo xtask postgres -- cargo test …`, which start a throwaway PostgreSQL"
        )
    })
}

static NEXT: AtomicU32 = AtomicU32::new(0);

/// A fresh, empty database on the test server; its URL.
pub async fn postgres_db() -> String {
    let admin = postgres_admin_url();
    let (client, conn) = tokio_postgres::connect(&admin, tokio_postgres::NoTls)
        .await
        .expect("connect to the test PostgreSQL");
    tokio::spawn(conn);
    let name = format!(
        "consentry_t{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    // CREATE DATABASE copies template1, which must not be in use: one at a time.
    static ONE: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    let _one = ONE.lock().await;
    for sql in [
        format!("DROP DATABASE IF EXISTS {name}"),
        format!("CREATE DATABASE {name}"),
    ] {
        client
            .batch_execute(&sql)
            .await
            .expect("create a test database");
    }
    let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
    format!("{base}/{name}")
}
