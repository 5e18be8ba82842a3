//! Records throughput and latency, end to end: the release `consentry serve`
//! over HTTP/1.1 keep-alive, every receipt acknowledged only once durable.
//!
//! - sustained: 32 clients post as fast as answers come, 10 s: acknowledged/s;
//! - paced: 500 receipts/s on a fixed schedule, 10 s: latency percentiles,
//!   measured from each request's scheduled time (no coordinated omission).
//!
//! SQLite always; PostgreSQL with two server instances when
//! `CONSENTRY_TEST_POSTGRES` is set (`cargo xtask postgres -- cargo bench -p
//! consentry-cli --bench records`).

#[path = "../tests/support/mod.rs"]
mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::{receipt, Server, TempDir};

const SECS: u64 = 10;

/// One keep-alive connection.
struct Conn {
    r: BufReader<TcpStream>,
    w: TcpStream,
}

impl Conn {
    fn new(addr: SocketAddr) -> Conn {
        let s = TcpStream::connect(addr).unwrap();
        s.set_nodelay(true).unwrap();
        Conn {
            r: BufReader::new(s.try_clone().unwrap()),
            w: s,
        }
    }

    fn post(&mut self, body: &str) -> u16 {
        write!(
            self.w,
            "POST /consentry/records HTTP/1.1\r\nhost: bench\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut line = String::new();
        self.r.read_line(&mut line).unwrap();
        let status = line.split(' ').nth(1).unwrap().parse().unwrap();
        let mut len = 0;
        loop {
            line.clear();
            self.r.read_line(&mut line).unwrap();
            if line == "\r\n" {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                len = v.trim().parse().unwrap();
            }
        }
        let mut buf = vec![0; len];
        self.r.read_exact(&mut buf).unwrap();
        status
    }
}

fn ok(s: u16) {
    assert!(s == 201 || s == 200, "status {s}");
}

/// Acknowledged receipts per second with `clients` posting back to back.
fn sustained(targets: &[SocketAddr], base: u64) -> f64 {
    let clients = 32u64;
    let done = Arc::new(AtomicU64::new(0));
    let end = Instant::now() + Duration::from_secs(SECS);
    let start = Instant::now();
    let handles: Vec<_> = (0..clients)
        .map(|c| {
            let (done, to) = (done.clone(), targets[c as usize % targets.len()]);
            std::thread::spawn(move || {
                let mut conn = Conn::new(to);
                let mut k = 0;
                while Instant::now() < end {
                    k += 1;
                    ok(conn.post(&receipt(base + c * 10_000_000 + k, 1)));
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    done.load(Ordering::Relaxed) as f64 / start.elapsed().as_secs_f64()
}

/// Latencies (ms) at `rate` receipts/s, each from its scheduled send time.
fn paced(targets: &[SocketAddr], base: u64, rate: u64) -> Vec<f64> {
    let clients = 32u64;
    let t0 = Instant::now() + Duration::from_millis(100);
    let total = rate * SECS;
    let handles: Vec<_> = (0..clients)
        .map(|c| {
            let to = targets[c as usize % targets.len()];
            std::thread::spawn(move || {
                let mut conn = Conn::new(to);
                let mut lat = Vec::new();
                let mut i = c;
                while i < total {
                    let due = t0 + Duration::from_secs_f64(i as f64 / rate as f64);
                    if let Some(wait) = due.checked_duration_since(Instant::now()) {
                        std::thread::sleep(wait);
                    }
                    ok(conn.post(&receipt(base + i, 1)));
                    lat.push(due.elapsed().as_secs_f64() * 1000.0);
                    i += clients;
                }
                lat
            })
        })
        .collect();
    let mut all: Vec<f64> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    all.sort_by(f64::total_cmp);
    all
}

fn pct(v: &[f64], p: f64) -> f64 {
    v[((v.len() as f64 * p) as usize).min(v.len() - 1)]
}

fn report(name: &str, targets: &[SocketAddr]) {
    let rate = sustained(targets, 1 << 40);
    println!("{name}: sustained {rate:.0} acknowledged receipts/s (32 clients, {SECS} s)");
    let lat = paced(targets, 2 << 40, 500);
    println!(
        "{name}: at 500 receipts/s: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({} receipts)",
        pct(&lat, 0.50),
        pct(&lat, 0.99),
        lat[lat.len() - 1],
        lat.len()
    );
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` would pass nothing useful.
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let dir = TempDir::new("bench");
    let db = format!("sqlite:{}", dir.0.join("records.db").display());
    let s = Server::start(&db, &["--retention-days", "0"]);
    report("SQLite, 1 instance", &[s.addr]);
    drop(s);
    match std::env::var("CONSENTRY_TEST_POSTGRES") {
        Ok(_) => {
            let db = support::postgres_db("bench");
            let a = Server::start(&db, &["--retention-days", "0"]);
            let b = Server::start(&db, &["--retention-days", "0"]);
            report("PostgreSQL, 2 instances", &[a.addr, b.addr]);
        }
        Err(_) => println!("PostgreSQL: not measured (CONSENTRY_TEST_POSTGRES unset; run through `cargo xtask postgres -- cargo bench -p consentry-cli --bench records`)"),
    }
}
