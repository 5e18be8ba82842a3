//! The npm package as users get it (`tests/packaging/`): `npm pack` of `pkg/`,
//! installed into temporary copies of `examples/vite` and `examples/node-ssr`,
//! the Vite build driven in Chromium, the Node server requested, the types
//! checked with `tsc --strict`, and the shared vectors through the Node decider.
//!
//! Installs are cached under `target/packaging/`: `npm ci` runs again only
//! when a lockfile changes, and npm's own cache (`~/.npm`) serves the tarballs.

use crate::{node_tests, root, run};
use std::path::Path;

/// Runs `tests/packaging/` (needs `pkg/dist`, built by `dist`), adding its totals.
pub fn run_all(totals: &mut (u64, u64)) -> Result<(), String> {
    // The tests reuse tests/browser/harness.mjs (playwright-core, fake trackers).
    npm_ci(&root().join("tests/browser"))?;
    let work = root().join("target/packaging");
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let vectors = work.join("vectors.json");
    crate::vectors::write(&vectors)?;
    let (work, vectors) = (work.to_string_lossy(), vectors.to_string_lossy());
    node_tests(
        "tests/packaging/",
        &[
            ("CONSENTRY_PACKAGING_DIR", &work),
            ("CONSENTRY_VECTORS", &vectors),
        ],
        std::time::Duration::from_secs(15 * 60),
        totals,
    )
}

/// `npm ci` in `dir` unless its `node_modules` was installed from this very
/// lockfile (a copy is kept beside the modules).
pub fn npm_ci(dir: &Path) -> Result<(), String> {
    let lock = std::fs::read(dir.join("package-lock.json"))
        .map_err(|e| format!("{}: {e}", dir.join("package-lock.json").display()))?;
    let stamp = dir.join("node_modules/.consentry-installed-lock");
    if std::fs::read(&stamp).ok().as_deref() == Some(&lock[..]) {
        return Ok(());
    }
    run(
        "npm",
        &[
            "ci",
            "--prefix",
            &dir.to_string_lossy(),
            "--no-audit",
            "--no-fund",
            "--prefer-offline",
        ],
        &[],
    )?;
    std::fs::write(&stamp, lock).map_err(|e| format!("{}: {e}", stamp.display()))
}
