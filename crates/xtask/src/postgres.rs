//! A throwaway PostgreSQL cluster for the record store tests: initialised
//! in a temporary directory, listening on 127.0.0.1 on a free port (socket
//! in the same directory), run as the `postgres` user when we are root (the
//! server refuses root), stopped and removed when dropped. A cluster that
//! cannot start is an error: the PostgreSQL tests are never skipped.

use crate::run;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The environment variable the tests read the admin URL from.
pub const ENV: &str = "CONSENTRY_TEST_POSTGRES";

pub struct Cluster {
    dir: PathBuf,
    bin: PathBuf,
    as_postgres: bool,
    pub url: String,
}

/// The newest `/usr/lib/postgresql/<version>/bin` (Debian's layout).
fn bin_dir() -> Result<PathBuf, String> {
    let root = Path::new("/usr/lib/postgresql");
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir(root)
        .map_err(|e| {
            format!(
                "{}: {e} (is Debian's postgresql installed?)",
                root.display()
            )
        })?
        .filter_map(|e| {
            let e = e.ok()?;
            let v = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((v, bin))
        })
        .collect();
    versions.sort();
    versions
        .pop()
        .map(|(_, b)| b)
        .ok_or_else(|| format!("no PostgreSQL server under {}", root.display()))
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn free_port() -> Result<u16, String> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(l.local_addr().map_err(|e| e.to_string())?.port())
}

impl Cluster {
    pub fn start() -> Result<Cluster, String> {
        let bin = bin_dir()?;
        let dir = std::env::temp_dir().join(format!("consentry-pg-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let as_postgres = is_root();
        let mut cluster = Cluster {
            dir,
            bin,
            as_postgres,
            url: String::new(),
        };
        if as_postgres {
            let d = cluster.dir.to_string_lossy().into_owned();
            run("chown", &["-R", "postgres:postgres", &d], &[])?;
        }
        let data = cluster.dir.join("data").to_string_lossy().into_owned();
        cluster.pg(
            "initdb",
            &["-A", "trust", "-U", "postgres", "-E", "UTF8", "-D", &data],
        )?;
        let port = free_port()?;
        let opts = format!(
            "-c listen_addresses=127.0.0.1 -p {port} -k {} -c fsync=on -c max_connections=200",
            cluster.dir.display()
        );
        let log = cluster.dir.join("log").to_string_lossy().into_owned();
        cluster
            .pg(
                "pg_ctl",
                &[
                    "-D", &data, "-o", &opts, "-l", &log, "-w", "-t", "60", "start",
                ],
            )
            .map_err(|e| {
                let log = std::fs::read_to_string(&log).unwrap_or_default();
                format!("PostgreSQL did not start: {e}\n{log}")
            })?;
        cluster.url = format!("postgres://postgres@127.0.0.1:{port}/postgres");
        println!("PostgreSQL test cluster at {}", cluster.url);
        Ok(cluster)
    }

    /// Runs a server program (as `postgres` when we are root).
    fn pg(&self, program: &str, args: &[&str]) -> Result<(), String> {
        let exe = self.bin.join(program).to_string_lossy().into_owned();
        if self.as_postgres {
            let mut all = vec!["-u", "postgres", "--", exe.as_str()];
            all.extend(args);
            run("runuser", &all, &[])
        } else {
            run(&exe, args, &[])
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.dir.join("data").to_string_lossy().into_owned();
        if !self.url.is_empty() {
            let _ = self.pg("pg_ctl", &["-D", &data, "-m", "immediate", "-w", "stop"]);
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `cargo xtask postgres -- <command…>`: the command with a throwaway
/// cluster's URL in [`ENV`].
pub fn with_cluster(cmd: &[String]) -> Result<(), String> {
    let (program, args) = cmd
        .split_first()
        .ok_or("usage: cargo xtask postgres -- <command> [args…]")?;
    let cluster = Cluster::start()?;
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run(program, &args, &[(ENV, &cluster.url)])
}
