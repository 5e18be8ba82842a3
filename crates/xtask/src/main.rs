//! Consentry's developer commands: `cargo xtask <command>`.
//!
//! - `demo` — the demo site (`www/`) behind consentry-server with the drop-in,
//!   on 127.0.0.1 (builds the drop-in first; runs until Ctrl-C).
//! - `decide [policy.json]` — what Consentry decides for sample visitors.
//! - `test` — installs what is missing, then runs every check and test.
//! - `setup` — only the idempotent installs.
//! - `bench` — criterion benchmarks.
//! - `dist` — the browser build into `pkg/dist/`; `size` — its size report.
//! - `fuzz [target] [seconds]` — coverage-guided libFuzzer runs on stable Rust.
//! - `vectors` — the shared vectors with their cookies generated, as JSON.
//! - `postgres -- <command…>` — runs the command with a throwaway PostgreSQL
//!   cluster's URL in `CONSENTRY_TEST_POSTGRES` (what `test` does for the
//!   record store tests), then stops and removes the cluster.
//! - `packaging` — the npm package tests alone (`tests/packaging/`), after `dist`.
//! - `catalog` — compiles the catalog's data (`catalog/*.toml`, the Open
//!   Cookie Database) into `crates/consentry-core/src/catalog/generated.rs`;
//!   `catalog check` only checks it is up to date.
//! - `schema` — writes the policy's JSON Schema and TypeScript types (`pkg/schema/`,
//!   `pkg/types/policy.d.ts`) from `consentry_core::schema`, and the browser
//!   guard's tables (`pkg/src/guard-tables.js`) from the catalog and markup
//!   lists; `schema check`
//!   only checks them (up to date, `tsc --strict` over `tests/types/`).

mod budget;
mod catalog;
mod decide;
mod dialog;
mod dist;
mod engines;
mod fuzz;
mod guard_size;
mod iab_dist;
mod integrity;
mod packaging;
mod postgres;
mod schema;
mod setup;
mod size;
mod tables;
mod tools;
mod vectors;
mod watchdog;

use std::process::{Command, ExitCode};
use std::time::Duration;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("demo") => setup::ensure().and_then(|()| demo()),
        Some("decide") => decide::run(args.get(1).map(String::as_str)),
        Some("setup") => setup::ensure(),
        Some("test") => setup::ensure().and_then(|()| test()),
        Some("bench") => bench(&args[1..]),
        Some("dist") => setup::ensure().and_then(|()| build()).map(|_| ()),
        Some("size") => setup::ensure()
            .and_then(|()| size::size())
            .and_then(|()| budget::check(&root().join("pkg/dist"))),
        Some("vectors") => vectors::print(),
        Some("postgres") => setup::ensure_postgres().and_then(|()| {
            let rest = args[1..]
                .strip_prefix(&["--".to_string()])
                .unwrap_or(&args[1..]);
            postgres::with_cluster(rest)
        }),
        Some("packaging") => setup::ensure()
            .and_then(|()| build())
            .and_then(|_| packaging::run_all(&mut (0, 0))),
        Some("catalog") if args.get(1).is_some_and(|a| a == "check") => catalog::check(),
        Some("catalog") => catalog::write(),
        Some("schema") if args.get(1).is_some_and(|a| a == "check") => schema::check_all(),
        Some("schema") => schema::write(),
        // The enforcement suites in Firefox and/or WebKit as `test` runs them
        // (deadline, one retry of a lone timeout), on the dist already built.
        Some("engines") => {
            let chosen: Vec<&str> = match args.get(1).map(String::as_str) {
                Some(e) => vec![e],
                None => vec!["firefox", "webkit"],
            };
            let mut totals = (0, 0);
            chosen
                .iter()
                .try_for_each(|e| engines::run(e, &mut totals).map(|_| ()))
                .and_then(|()| {
                    println!("engines: {} passed, {} failed", totals.0, totals.1);
                    if totals.1 > 0 {
                        Err(format!("{} failed", totals.1))
                    } else {
                        Ok(())
                    }
                })
        }
        Some("fuzz") => fuzz::run(
            args.get(1).map(String::as_str),
            args.get(2).map(String::as_str),
        ),
        _ => {
            eprintln!("usage: cargo xtask <demo | decide [policy.json] | test | setup | bench [filter] | dist | size | engines [firefox|webkit] | fuzz [target] [secs] | vectors | packaging | catalog [check] | schema [check] | postgres -- <command…>>");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The demo site: the drop-in built, then the server example in the
/// foreground (its output inherited) until Ctrl-C.
fn demo() -> Result<(), String> {
    build()?;
    run("cargo", &[&["run"][..], &DEMO].concat(), &[])
}

/// The demo example and the feature it records with, for `cargo run|build`.
const DEMO: [&str; 6] = [
    "-p",
    "consentry-server",
    "--features",
    "records",
    "--example",
    "demo",
];

/// `dist`, then the integrity hashes; prints where and the `<script>` snippet.
fn build() -> Result<std::path::PathBuf, String> {
    let dist = dist::dist()?;
    let snippet = integrity::write(&dist)?;
    println!(
        "built {}\nput this first in <head>:\n  {snippet}",
        dist.display()
    );
    Ok(dist)
}

/// A command to run from the workspace root, echoed first.
pub(crate) fn command(program: &str, args: &[&str], env: &[(&str, &str)]) -> Command {
    eprintln!("+ {program} {}", args.join(" "));
    let mut c = Command::new(program);
    c.args(args).envs(env.iter().copied()).current_dir(root());
    c
}

pub(crate) fn exit_ok(
    program: &str,
    args: &[&str],
    status: std::process::ExitStatus,
) -> Result<(), String> {
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed ({status})", args.join(" ")))
    }
}

/// Runs a command from the workspace root, failing on a non-zero exit.
pub(crate) fn run(program: &str, args: &[&str], env: &[(&str, &str)]) -> Result<(), String> {
    let status = command(program, args, env)
        .status()
        .map_err(|e| format!("cannot start {program}: {e}"))?;
    exit_ok(program, args, status)
}

pub(crate) fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("xtask lives in crates/xtask")
        .to_path_buf()
}

/// Like [`run`] for `cargo`, echoing stdout and adding up its `test result:` lines.
fn run_tests(args: &[&str], env: &[(&str, &str)], totals: &mut (u64, u64)) -> Result<(), String> {
    run_lines("cargo", args, env, |line| {
        if let Some(rest) = line.trim().strip_prefix("test result: ") {
            // "ok. 14 passed; 0 failed; 0 ignored; …"
            let count = |word: &str| -> u64 {
                rest.split(';')
                    .find_map(|p| p.trim().strip_suffix(word))
                    .and_then(|n| n.rsplit(' ').next())
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(0)
            };
            totals.0 += count(" passed");
            totals.1 += count(" failed");
        }
    })
}

/// Runs a command, echoing each stdout line and handing it to `on_line`.
fn run_lines(
    program: &str,
    args: &[&str],
    env: &[(&str, &str)],
    mut on_line: impl FnMut(&str),
) -> Result<(), String> {
    use std::io::{BufRead, BufReader};
    let mut child = command(program, args, env)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {program}: {e}"))?;
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            println!("{line}");
            on_line(&line);
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    exit_ok(program, args, status)
}

fn test() -> Result<(), String> {
    let deny = [("RUSTDOCFLAGS", "-D warnings")];
    run("cargo", &["fmt", "--all", "--check"], &[])?;
    catalog::check()?;
    schema::check()?;
    run(
        "cargo",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    )?;
    run(
        "cargo",
        &[
            "clippy",
            "-p",
            "consentry-wasm",
            "-p",
            "consentry-iab-wasm",
            "--all-targets",
            "--target",
            "wasm32-unknown-unknown",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    )?;
    // The core must stay free of web/wasm dependencies yet build for wasm32.
    run(
        "cargo",
        &[
            "build",
            "-p",
            "consentry-core",
            "--no-default-features",
            "--target",
            "wasm32-unknown-unknown",
        ],
        &[],
    )?;
    run(
        "cargo",
        &["doc", "--workspace", "--no-deps", "--all-features"],
        &deny,
    )?;
    run("cargo", &["bench", "--workspace", "--no-run"], &[])?;
    let mut totals = (0, 0);
    // A real PostgreSQL for the record store tests, removed when `test` returns.
    let cluster = postgres::Cluster::start()?;
    run_tests(
        &["test", "--workspace", "--all-features"],
        &[(postgres::ENV, &cluster.url)],
        &mut totals,
    )?;
    // The generated policy types under `tsc --strict`: misspellings must not compile.
    schema::check_types(&mut totals)?;
    // IAB strings the other way: our encoder's strings (tests/vectors/iab/ours.json,
    // kept current by `cargo test -p consentry-iab`) read by @iabtcf/core and @iabgpp/cmpapi.
    packaging::npm_ci(&root().join("tests/vectors/iab"))?;
    run("node", &["tests/vectors/iab/check.mjs"], &[])?;
    // Every policy the repository ships, through the users' validator.
    let policies = example_policies()?;
    let mut args = vec![
        "run",
        "-q",
        "-p",
        "consentry-core",
        "--example",
        "check",
        "--",
    ];
    args.extend(policies.iter().map(String::as_str));
    run("cargo", &args, &[])?;
    // The same vectors inside headless Chromium, through the wasm engine;
    // again with the dialog data built in, so what waits for it in the
    // drop-in (the receipt's content) runs in the browser too.
    for features in [&[][..], &["--features", "dialog-data"]] {
        let mut args = vec![
            "test",
            "-p",
            "consentry-wasm",
            "--target",
            "wasm32-unknown-unknown",
        ];
        args.extend(features);
        run_tests(
            &args,
            &[
                (
                    "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                    "wasm-bindgen-test-runner",
                ),
                ("CHROMEDRIVER", "/usr/bin/chromedriver"),
            ],
            &mut totals,
        )?;
    }
    // The drop-in as users get it, within its size budget, driven in headless Chromium.
    let dist = build()?;
    budget::check(&dist)?;
    dialog::check(&dist, &mut totals)?;
    schema::check_boundary(&mut totals)?;
    run(
        "cargo",
        &["build", "-p", "consentry-server", "--example", "axum_ssr"],
        &[],
    )?;
    run("cargo", &[&["build"][..], &DEMO].concat(), &[])?;
    // records.test.mjs compares the engine's policy hash with `consentry check`;
    // iab.test.mjs decodes the browser's strings with `consentry iab decode`.
    run("cargo", &["build", "-p", "consentry-cli"], &[])?;
    run(
        "cargo",
        &["build", "-p", "consentry-server", "--example", "seed_sites"],
        &[],
    )?;
    // The npm package as users install it: tarball, examples, types, Node decider.
    packaging::run_all(&mut totals)?;
    browser_tests(&mut totals)?;
    // A short pass of every fuzz target; `cargo xtask fuzz <target> <secs>` goes longer.
    fuzz::run(None, Some("5"))?;
    println!("tests: {} passed, {} failed", totals.0, totals.1);
    Ok(())
}

/// `www/policy.json` and every `policy.json` under `examples/`.
fn example_policies() -> Result<Vec<String>, String> {
    fn walk(dir: &std::path::Path, out: &mut Vec<String>) -> Result<(), String> {
        let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries.map_while(Result::ok) {
            let p = entry.path();
            if p.file_name().is_some_and(|n| n == "node_modules") {
                continue;
            }
            if p.is_dir() {
                walk(&p, out)?;
            } else if p.file_name().is_some_and(|n| n == "policy.json") {
                out.push(p.to_string_lossy().into_owned());
            }
        }
        Ok(())
    }
    let mut out = vec![root()
        .join("www/policy.json")
        .to_string_lossy()
        .into_owned()];
    walk(&root().join("examples"), &mut out)?;
    out.sort();
    Ok(out)
}

/// `node --test tests/browser/` (playwright-core + Debian chromium), then the
/// enforcement suites in Firefox and WebKit, and the README's browser matrix.
fn browser_tests(totals: &mut (u64, u64)) -> Result<(), String> {
    packaging::npm_ci(&root().join("tests/browser"))?;
    // Wall time per engine, printed at the end: how CI's time is split.
    let mut times = Vec::new();
    let t = std::time::Instant::now();
    // About 11 minutes here; CI has been up to twice as slow.
    node_tests("tests/browser/", &[], Duration::from_secs(40 * 60), totals)?;
    times.push(("chromium (every suite)", t.elapsed()));
    let mut runs = Vec::new();
    for engine in ["firefox", "webkit"] {
        let before = totals.1;
        let t = std::time::Instant::now();
        let results = engines::run(engine, totals)?;
        times.push((engine, t.elapsed()));
        if totals.1 > before {
            return Err(format!("{engine}: {} failed", totals.1 - before));
        }
        runs.push((engine, results));
    }
    for (engine, d) in times {
        println!("browser e2e wall time: {engine}: {:.0} s", d.as_secs_f64());
    }
    engines::write_matrix(&runs)
}

/// `node --test` on `path`, one file at a time, adding up its TAP `# pass` /
/// `# fail` lines; killed past `limit`. `--test-force-exit`: a file whose
/// tests have ended exits even if a hung browser left a handle open.
pub(crate) fn node_tests(
    path: &str,
    env: &[(&str, &str)],
    limit: std::time::Duration,
    totals: &mut (u64, u64),
) -> Result<(), String> {
    let args = [
        "--test",
        "--test-reporter=tap",
        "--test-concurrency=1",
        "--test-force-exit",
        path,
    ];
    let status = watchdog::run_lines(command("node", &args, env), path, limit, |line| {
        println!("{line}");
        let (passed, failed) = tap_counts(line);
        totals.0 += passed;
        totals.1 += failed;
    })?;
    exit_ok("node", &args, status)
}

/// What a TAP summary line of `node --test` adds to (passed, failed): a
/// test past its timeout is "cancelled", not "fail", and counts as failed.
pub(crate) fn tap_counts(line: &str) -> (u64, u64) {
    let count = |p: &str| {
        line.strip_prefix(p)
            .and_then(|n| n.trim().parse::<u64>().ok())
            .unwrap_or(0)
    };
    (count("# pass "), count("# fail ") + count("# cancelled "))
}

fn bench(filter: &[String]) -> Result<(), String> {
    let mut args = vec!["bench", "-p", "consentry-core", "--bench", "decide", "--"];
    args.extend(filter.iter().map(String::as_str));
    run("cargo", &args, &[])
}
