//! Crash test: a load generator posts receipts and keeps every one the
//! server acknowledged; a server is SIGKILLed mid-run and restarted; every
//! acknowledged receipt must be stored exactly once and the chain intact.
//! Unacknowledged receipts stay in the generator's outbox and are sent
//! again, as the browser does on its next page view.

mod support;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::*;

/// Where the workers send: one address per server instance.
type Targets = Arc<Mutex<Vec<SocketAddr>>>;

struct Load {
    acked: Arc<Mutex<HashMap<(u64, u32), u16>>>,
    outbox: Arc<Mutex<Vec<(u64, u32)>>>,
    count: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    workers: Vec<std::thread::JoinHandle<()>>,
}

impl Load {
    fn start(targets: Targets, workers: u64) -> Load {
        let acked = Arc::new(Mutex::new(HashMap::new()));
        let outbox = Arc::new(Mutex::new(Vec::new()));
        let count = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let handles = (0..workers)
            .map(|w| {
                let (acked, outbox, count, stop, targets) = (
                    acked.clone(),
                    outbox.clone(),
                    count.clone(),
                    stop.clone(),
                    targets.clone(),
                );
                std::thread::spawn(move || {
                    let mut k = 0u64;
                    while !stop.load(Ordering::Relaxed) {
                        k += 1;
                        // Three choices per visitor: seq 1..=3.
                        let key = (w * 1_000_000 + k.div_ceil(3), ((k - 1) % 3) as u32 + 1);
                        let to = {
                            let t = targets.lock().unwrap();
                            t[(k as usize + w as usize) % t.len()]
                        };
                        match post_receipt(to, &receipt(key.0, key.1)) {
                            Ok(s @ (200 | 201)) => {
                                assert!(
                                    acked.lock().unwrap().insert(key, s).is_none(),
                                    "acked twice"
                                );
                                count.fetch_add(1, Ordering::Relaxed);
                            }
                            Ok(s) if s >= 500 => outbox.lock().unwrap().push(key),
                            Ok(s) => panic!("unexpected status {s}"),
                            // Killed mid-request: the answer never came.
                            Err(_) => outbox.lock().unwrap().push(key),
                        }
                    }
                })
            })
            .collect();
        Load {
            acked,
            outbox,
            count,
            stop,
            workers: handles,
        }
    }

    fn wait_for(&self, n: usize) {
        let t = Instant::now();
        while self.count.load(Ordering::Relaxed) < n {
            assert!(
                t.elapsed() < Duration::from_secs(120),
                "load stalled at {}",
                self.count.load(Ordering::Relaxed)
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Stops the workers, then sends the outbox until every receipt is acknowledged.
    fn finish(self, to: SocketAddr) -> HashMap<(u64, u32), u16> {
        self.stop.store(true, Ordering::Relaxed);
        for w in self.workers {
            w.join().unwrap();
        }
        let mut acked = self.acked.lock().unwrap().clone();
        let outbox = self.outbox.lock().unwrap().clone();
        for key in outbox {
            let s = post_receipt(to, &receipt(key.0, key.1)).unwrap();
            assert!(s == 200 || s == 201, "outbox resend: {s}");
            acked.insert(key, s);
        }
        acked
    }
}

/// Every acknowledged receipt exactly once, nothing else, chain intact.
fn check_store(db: &str, acked: &HashMap<(u64, u32), u16>) {
    let (code, out, err) = consentry(&["records", "export", "--db", db, "--since", "1970-01-01"]);
    assert_eq!(code, 0, "{err}");
    let mut seen: HashMap<(u64, u32), usize> = HashMap::new();
    for line in out.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let id =
            u128::from_str_radix(v["receipt"]["consentId"].as_str().unwrap(), 16).unwrap() as u64;
        let seq = v["receipt"]["seq"].as_u64().unwrap() as u32;
        *seen.entry((id, seq)).or_default() += 1;
    }
    for key in acked.keys() {
        assert_eq!(
            seen.get(key),
            Some(&1),
            "acknowledged {key:?} stored {:?} times",
            seen.get(key)
        );
    }
    assert_eq!(
        seen.len(),
        acked.len(),
        "stored receipts nobody was told about"
    );
    let (code, out, _) = consentry(&["records", "verify", "--db", db]);
    assert_eq!(code, 0, "{out}");
    eprintln!(
        "{} receipts acknowledged and stored once; {}",
        acked.len(),
        out.lines().last().unwrap_or("")
    );
}

#[test]
fn sqlite_survives_sigkill() {
    let dir = TempDir::new("crash");
    let db = format!("sqlite:{}", dir.0.join("records.db").display());
    let mut server = Server::start(&db, &[]);
    let targets: Targets = Arc::new(Mutex::new(vec![server.addr]));
    let load = Load::start(targets.clone(), 8);
    load.wait_for(400);
    server.kill();
    let killed_at = load.count.load(Ordering::Relaxed);
    std::thread::sleep(Duration::from_millis(300));
    let server = Server::start(&db, &[]);
    *targets.lock().unwrap() = vec![server.addr];
    load.wait_for(killed_at + 400);
    let acked = load.finish(server.addr);
    drop(server);
    check_store(&db, &acked);
}

#[test]
fn postgres_two_instances_survive_sigkill() {
    let db = postgres_db("crash");
    let mut a = Server::start(&db, &[]);
    let b = Server::start(&db, &[]);
    let targets: Targets = Arc::new(Mutex::new(vec![a.addr, b.addr]));
    let load = Load::start(targets.clone(), 8);
    load.wait_for(400);
    a.kill();
    let killed_at = load.count.load(Ordering::Relaxed);
    std::thread::sleep(Duration::from_millis(300));
    let a = Server::start(&db, &[]);
    *targets.lock().unwrap() = vec![a.addr, b.addr];
    load.wait_for(killed_at + 400);
    let acked = load.finish(b.addr);
    drop((a, b));
    check_store(&db, &acked);
}
