//! `cargo xtask dist`: the browser build (release wasm → wasm-bindgen →
//! wasm-opt from npm `binaryen`) into `pkg/dist/`; `cargo xtask size`: what it
//! weighs raw, gzip and brotli, with a breakdown of the wasm.

use crate::{root, run, setup};
use std::path::{Path, PathBuf};
use std::process::Command;

const CRATE: &str = "consentry_wasm";

pub fn dist() -> Result<PathBuf, String> {
    setup::ensure_node_tools()?;
    let profile = "wasm-release";
    run(
        "cargo",
        &[
            "build",
            "-p",
            "consentry-wasm",
            "--target",
            "wasm32-unknown-unknown",
            "--profile",
            profile,
        ],
        &[],
    )?;
    let target = target_dir();
    let raw = target.join(format!("wasm32-unknown-unknown/{profile}/{CRATE}.wasm"));
    let out = root().join("pkg/dist");
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let raw_s = raw.to_string_lossy().into_owned();
    let out_s = out.to_string_lossy().into_owned();
    run(
        "wasm-bindgen",
        &[
            "--target",
            "web",
            "--out-dir",
            &out_s,
            "--out-name",
            "consentry",
            &raw_s,
        ],
        &[],
    )?;
    let wasm = out.join("consentry_bg.wasm");
    let wasm_s = wasm.to_string_lossy().into_owned();
    let opt = setup::tools_bin("wasm-opt");
    // Bulk memory etc. are what current wasm-bindgen output uses.
    run(
        &opt.to_string_lossy(),
        &[
            "-Os",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-mutable-globals",
            "-o",
            &wasm_s,
            &wasm_s,
        ],
        &[],
    )?;
    Ok(out)
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

fn compressed(path: &Path, program: &str, args: &[&str]) -> Result<usize, String> {
    let out = Command::new(program)
        .args(args)
        .arg(path)
        .output()
        .map_err(|e| format!("{program}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{program} failed on {}", path.display()));
    }
    Ok(out.stdout.len())
}

pub fn size() -> Result<(), String> {
    let out = dist()?;
    println!("\nConsentry drop-in size report ({})", out.display());
    println!(
        "{:<28} {:>9} {:>9} {:>9}",
        "file", "raw", "gzip -9", "brotli"
    );
    let mut total = (0, 0, 0);
    for name in ["consentry_bg.wasm", "consentry.js"] {
        let p = out.join(name);
        let raw = std::fs::metadata(&p).map_err(|e| e.to_string())?.len() as usize;
        let gz = compressed(&p, "gzip", &["-9", "-c"])?;
        let br = compressed(&p, "brotli", &["-q", "11", "-c"])?;
        total = (total.0 + raw, total.1 + gz, total.2 + br);
        println!("{name:<28} {raw:>9} {gz:>9} {br:>9}");
    }
    println!(
        "{:<28} {:>9} {:>9} {:>9}",
        "total", total.0, total.1, total.2
    );
    let twiggy = setup::ensure_twiggy()?;
    let wasm = out.join("consentry_bg.wasm");
    println!("\nLargest items in the wasm (twiggy top):");
    run(&twiggy, &["top", "-n", "25", &wasm.to_string_lossy()], &[])
}
