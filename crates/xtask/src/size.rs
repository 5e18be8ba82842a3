//! `cargo xtask size`: what each built file weighs raw, gzip and brotli,
//! the sources' shares, the guard by section and the wasm's largest items.

use crate::dist::{dist, DIALOG};
use crate::{root, run, setup};
use std::path::Path;
use std::process::Command;

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

pub(crate) fn sizes(p: &Path) -> Result<(usize, usize, usize), String> {
    let raw = std::fs::metadata(p).map_err(|e| e.to_string())?.len() as usize;
    let gz = compressed(p, "gzip", &["-9", "-c"])?;
    let br = compressed(p, "brotli", &["-q", "11", "-c"])?;
    Ok((raw, gz, br))
}

pub fn size() -> Result<(), String> {
    let out = dist()?;
    println!("\nConsentry drop-in size report ({})", out.display());
    println!(
        "{:<34} {:>9} {:>9} {:>9}",
        "file", "raw", "gzip -9", "brotli"
    );
    let row = |name: &str, p: &Path| -> Result<(), String> {
        let (raw, gz, br) = sizes(p)?;
        println!("{name:<34} {raw:>9} {gz:>9} {br:>9}");
        Ok(())
    };
    row("consentry.js (guard, blocking)", &out.join("consentry.js"))?;
    row(
        "consentry-engine.js (async)",
        &out.join("consentry-engine.js"),
    )?;
    row("consentry_bg.wasm (async)", &out.join("consentry_bg.wasm"))?;
    row("consentry-dialog.json (on demand)", &out.join(DIALOG))?;
    row(
        "consentry-iab.js (IAB policies)",
        &out.join(crate::iab_dist::JS),
    )?;
    row(
        "consentry_iab_bg.wasm (IAB policies)",
        &out.join(crate::iab_dist::WASM),
    )?;
    row("consentry.mjs (ES module)", &out.join("consentry.mjs"))?;
    row(
        "consentry-sw.js (service worker)",
        &out.join("consentry-sw.js"),
    )?;
    println!("breakdown (sources, unminified):");
    row("  wasm-bindgen glue", &out.join("parts/consentry.js"))?;
    row("  guard.js", &root().join("pkg/src/guard.js"))?;
    row("  guard-tables.js", &root().join(crate::tables::FILE))?;
    for f in [
        "hold.js",
        "cookies.js",
        "records.js",
        "iab-load.js",
        "warm.js",
        "runtime.js",
        "iab-api.js",
        "iab-start.js",
    ] {
        row(&format!("  {f}"), &root().join("pkg/src").join(f))?;
    }
    row("  ui.js", &root().join("pkg/src/ui.js"))?;
    row("  consentry.css", &root().join("pkg/src/consentry.css"))?;
    crate::guard_size::report()?;
    let twiggy = setup::ensure_twiggy()?;
    let wasm = out.join("parts/consentry_bg.wasm");
    println!("\nLargest items in the wasm (twiggy top):");
    run(&twiggy, &["top", "-n", "25", &wasm.to_string_lossy()], &[])
}
