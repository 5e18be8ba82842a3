//! Idempotent installation of what the tests need and a fresh machine lacks.
//! Fast when everything is present: each step checks before it installs.

use crate::run;
use std::process::Command;

const WASM_TARGET: &str = "wasm32-unknown-unknown";

pub fn ensure() -> Result<(), String> {
    ensure_rust_target(WASM_TARGET)?;
    for c in ["rustfmt", "clippy"] {
        ensure_rust_component(c)?;
    }
    Ok(())
}

fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn ensure_rust_target(target: &str) -> Result<(), String> {
    let installed = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == target) {
        return Ok(());
    }
    run("rustup", &["target", "add", target], &[])
}

fn ensure_rust_component(name: &str) -> Result<(), String> {
    let probe = match name {
        "clippy" => output("cargo", &["clippy", "--version"]),
        _ => output("cargo", &["fmt", "--version"]),
    };
    if probe.is_some() {
        return Ok(());
    }
    run("rustup", &["component", "add", name], &[])
}
