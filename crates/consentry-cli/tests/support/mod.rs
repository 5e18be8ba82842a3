//! Helpers of the CLI tests: the built `consentry` binary as a server,
//! a tiny HTTP/1.1 client, sample receipts, throwaway databases.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub const BIN: &str = env!("CARGO_BIN_EXE_consentry");

/// The repository's root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn policy() -> String {
    root()
        .join("www/policy.json")
        .to_string_lossy()
        .into_owned()
}

/// A temporary directory removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        use std::sync::atomic::{AtomicU32, Ordering};
        static N: AtomicU32 = AtomicU32::new(0);
        let p = std::env::temp_dir().join(format!(
            "consentry-cli-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `consentry serve` running; killed (SIGKILL) on drop.
pub struct Server {
    pub child: Child,
    pub addr: SocketAddr,
}

impl Server {
    /// Starts `consentry serve --db db` on a free port with a rate limit no
    /// load test reaches, and waits until it listens.
    pub fn start(db: &str, extra: &[&str]) -> Server {
        let mut child = Command::new(BIN)
            .args([
                "serve",
                "--policy",
                &policy(),
                "--db",
                db,
                "--listen",
                "127.0.0.1:0",
            ])
            .args([
                "--rate-per-minute",
                "100000000",
                "--rate-burst",
                "100000000",
            ])
            .args(extra)
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("start consentry serve");
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let addr = loop {
            let line = lines
                .next()
                .expect("consentry serve exited before listening")
                .unwrap();
            if let Some(rest) = line.split("serving on http://").nth(1) {
                break rest.split(' ').next().unwrap().parse().unwrap();
            }
        };
        // Keep draining the log so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server { child, addr }
    }

    /// SIGKILL: no shutdown, no flush.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// One HTTP/1.1 request on its own connection: (status, body).
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> std::io::Result<(u16, String)> {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
    s.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes())?;
    let mut out = String::new();
    s.read_to_string(&mut out)?;
    let status = out
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("no status line: {out:?}")))?;
    let body = out
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Ok((status, body))
}

pub fn post_receipt(addr: SocketAddr, json: &str) -> std::io::Result<u16> {
    request(
        addr,
        "POST",
        "/consentry/records",
        &[("content-type", "application/json")],
        json,
    )
    .map(|r| r.0)
}

/// A valid receipt JSON for consent id `id` and `seq`.
pub fn receipt(id: u64, seq: u32) -> String {
    format!(
        r#"{{"version":1,"consentId":"{:032x}","seq":{seq},"clientTime":1790000000000,"policyRevision":1,"policyHash":"{}","language":"en","textsHash":"{}","surface":"banner","action":"accept-all","categories":{{"granted":["mandatory","performance"],"refused":[]}},"services":{{"granted":[],"refused":[]}},"regime":"opt-in","region":"DE","gpc":false,"dnt":false,"page":{{"origin":"https://www.example.com","path":"/"}}}}"#,
        u128::from(id) | (0x5a5a_u128 << 112),
        "a".repeat(64),
        "b".repeat(64)
    )
}

/// `consentry` with these arguments: (exit code, stdout, stderr).
pub fn consentry(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A fresh database on the test PostgreSQL (`CONSENTRY_TEST_POSTGRES`,
/// started by `cargo xtask test`); never skipped.
pub fn postgres_db(tag: &str) -> String {
    let admin = std::env::var("CONSENTRY_TEST_POSTGRES").unwrap_or_else(|_| {
        panic!("CONSENTRY_TEST_POSTGRES is not set: run through `cargo xtask test` or `cargo xtask postgres -- cargo test …`")
    });
    let name = format!("consentry_cli_{tag}_{}", std::process::id());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let (c, conn) = tokio_postgres::connect(&admin, tokio_postgres::NoTls)
            .await
            .unwrap();
        tokio::spawn(conn);
        c.batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
            .await
            .unwrap();
        c.batch_execute(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap();
    });
    let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
    format!("{base}/{name}")
}
