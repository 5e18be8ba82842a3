//! Idempotent installation of what the tests need and a fresh machine lacks.
//! Fast when everything is present: each step checks before it installs.

use crate::{root, run};
use std::process::Command;

const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Debian packages for the browser tests. Never Debian's `binaryen`: its
/// wasm-opt emits modules that crash current wasm-bindgen output.
/// `fonts-noto-cjk`: Japanese and Chinese glyphs for the UI screenshots
/// (without it CJK text renders as tofu boxes).
/// `firefox-esr`, `webkit2gtk-driver` (WebKitWebDriver and MiniBrowser) and
/// `xvfb` with `xauth` for `xvfb-run` (WebKitGTK needs a display): the
/// enforcement suites in the other two engines.
/// `postgresql`: the server the record store tests run against (see `postgres.rs`).
const APT_PACKAGES: [&str; 9] = [
    "chromium",
    "chromium-driver",
    "brotli",
    "fonts-noto-cjk",
    "firefox-esr",
    "webkit2gtk-driver",
    "xvfb",
    "xauth",
    "postgresql",
];
/// npm tools, pinned; installed under `.ci-tools/` (git-ignored).
const NPM_TOOLS: [(&str, &str); 2] = [("binaryen", "132.0.0"), ("terser", "5.51.4")];
const TWIGGY: &str = "0.8.0";

pub fn ensure() -> Result<(), String> {
    ensure_rust_target(WASM_TARGET)?;
    for c in ["rustfmt", "clippy"] {
        ensure_rust_component(c)?;
    }
    ensure_apt(&APT_PACKAGES)?;
    ensure_wasm_bindgen_cli()
}

/// Debian's PostgreSQL server alone (for `cargo xtask postgres`).
pub fn ensure_postgres() -> Result<(), String> {
    ensure_apt(&["postgresql"])
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

fn ensure_apt(packages: &[&str]) -> Result<(), String> {
    let missing: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|p| {
            output("dpkg-query", &["-W", "-f=${Status}", p])
                .is_none_or(|s| !s.contains("install ok installed"))
        })
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let root_user = output("id", &["-u"]).is_some_and(|u| u.trim() == "0");
    let (prog, mut args): (&str, Vec<&str>) = if root_user {
        ("apt-get", vec![])
    } else {
        ("sudo", vec!["apt-get"])
    };
    let env = [("DEBIAN_FRONTEND", "noninteractive")];
    let mut update = args.clone();
    update.extend(["update", "-qq"]);
    run(prog, &update, &env)?;
    args.extend(["install", "-y", "-qq", "--no-install-recommends"]);
    args.extend(missing);
    run(prog, &args, &env)
}

/// The wasm-bindgen version Cargo.lock pins; the CLI must match it exactly.
pub fn locked_wasm_bindgen() -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(l) = lines.next() {
        if l == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|v| v.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    Err("wasm-bindgen is not in Cargo.lock".into())
}

fn ensure_wasm_bindgen_cli() -> Result<(), String> {
    let want = locked_wasm_bindgen()?;
    let have = output("wasm-bindgen", &["--version"]).unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(want.as_str()) {
        return Ok(());
    }
    let args = [
        "install",
        "-f",
        "wasm-bindgen-cli",
        "--version",
        want.as_str(),
    ];
    // `--locked` can fail on a lagging registry mirror (a yanked dependency).
    let mut locked = args.to_vec();
    locked.push("--locked");
    run("cargo", &locked, &[]).or_else(|_| run("cargo", &args, &[]))
}

fn tools_dir() -> std::path::PathBuf {
    root().join(".ci-tools")
}

/// A binary installed by [`ensure_node_tools`].
pub fn tools_bin(name: &str) -> std::path::PathBuf {
    tools_dir().join("node_modules/.bin").join(name)
}

/// npm packages the build uses, at their pinned versions.
pub fn ensure_node_tools() -> Result<(), String> {
    let dir = tools_dir();
    let installed = |name: &str, version: &str| {
        std::fs::read_to_string(dir.join("node_modules").join(name).join("package.json"))
            .is_ok_and(|p| p.contains(&format!("\"version\": \"{version}\"")))
    };
    let missing: Vec<String> = NPM_TOOLS
        .iter()
        .filter(|(n, v)| !installed(n, v))
        .map(|(n, v)| format!("{n}@{v}"))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let pkg = dir.join("package.json");
    if !pkg.exists() {
        std::fs::write(&pkg, "{\"private\": true}\n").map_err(|e| e.to_string())?;
    }
    let dir_s = dir.to_string_lossy().into_owned();
    let mut args = vec![
        "install",
        "--prefix",
        dir_s.as_str(),
        "--no-audit",
        "--no-fund",
    ];
    args.extend(missing.iter().map(String::as_str));
    run("npm", &args, &[])
}

/// `twiggy` (wasm size profiler) from crates.io, installed on first use.
pub fn ensure_twiggy() -> Result<String, String> {
    let have = output("twiggy", &["--version"]).unwrap_or_default();
    if !have.contains(TWIGGY) {
        run("cargo", &["install", "twiggy", "--version", TWIGGY], &[])?;
    }
    Ok("twiggy".into())
}
