//! Consentry's developer commands: `cargo xtask <command>`.
//!
//! - `demo [policy.json]` — the quick-start demo (decisions for sample visitors).
//! - `test` — installs what is missing, then runs every check and test.
//! - `setup` — only the idempotent installs.
//! - `bench` — criterion benchmarks.
//! - `dist` — the browser build into `pkg/dist/`; `size` — its size report.
//! - `fuzz [target] [seconds]` — coverage-guided libFuzzer runs on stable Rust.

mod demo;
mod dist;
mod fuzz;
mod setup;

use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("demo") => demo::run(args.get(1).map(String::as_str)),
        Some("setup") => setup::ensure(),
        Some("test") => setup::ensure().and_then(|()| test()),
        Some("bench") => bench(&args[1..]),
        Some("dist") => setup::ensure()
            .and_then(|()| dist::dist())
            .map(|p| println!("built {}", p.display())),
        Some("size") => setup::ensure().and_then(|()| dist::size()),
        Some("fuzz") => fuzz::run(
            args.get(1).map(String::as_str),
            args.get(2).map(String::as_str),
        ),
        _ => {
            eprintln!("usage: cargo xtask <demo [policy.json] | test | setup | bench [filter] | dist | size | fuzz [target] [secs]>");
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

/// Runs a command from the workspace root, failing on a non-zero exit.
pub(crate) fn run(program: &str, args: &[&str], env: &[(&str, &str)]) -> Result<(), String> {
    eprintln!("+ {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .envs(env.iter().copied())
        .current_dir(root())
        .status()
        .map_err(|e| format!("cannot start {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed ({status})", args.join(" ")))
    }
}

pub(crate) fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("xtask lives in crates/xtask")
        .to_path_buf()
}

fn test() -> Result<(), String> {
    let deny = [("RUSTDOCFLAGS", "-D warnings")];
    run("cargo", &["fmt", "--all", "--check"], &[])?;
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
    run("cargo", &["bench", "-p", "consentry-core", "--no-run"], &[])?;
    run("cargo", &["test", "--workspace", "--all-features"], &[])?;
    // The same vectors inside headless Chromium, through the wasm engine.
    run(
        "cargo",
        &[
            "test",
            "-p",
            "consentry-wasm",
            "--target",
            "wasm32-unknown-unknown",
        ],
        &[
            (
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                "wasm-bindgen-test-runner",
            ),
            ("CHROMEDRIVER", "/usr/bin/chromedriver"),
        ],
    )?;
    // A short pass of every fuzz target; `cargo xtask fuzz <target> <secs>` goes longer.
    fuzz::run(None, Some("5"))
}

fn bench(filter: &[String]) -> Result<(), String> {
    let mut args = vec!["bench", "-p", "consentry-core", "--bench", "decide", "--"];
    args.extend(filter.iter().map(String::as_str));
    run("cargo", &args, &[])
}
