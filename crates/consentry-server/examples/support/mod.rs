//! Shared by the server examples: the repository's directories and the
//! drop-in served from `pkg/dist/`.
#![allow(dead_code)] // each example uses what it needs

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use std::path::{Path, PathBuf};

/// The built files a page may fetch: the drop-in (guard, engine script and
/// wasm), the dialog's data on demand, the ES module and the optional
/// service worker.
pub const DROP_IN_FILES: [&str; 6] = [
    "consentry.js",
    "consentry-engine.js",
    "consentry-sw.js",
    "consentry.mjs",
    "consentry_bg.wasm",
    "consentry-dialog.json",
];

/// `$var`, else `default` relative to this crate (the repository's layout).
pub fn dir_from_env(var: &str, default: &str) -> PathBuf {
    std::env::var_os(var).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(default),
        PathBuf::from,
    )
}

/// One of [`DROP_IN_FILES`] read from `dist` on each request (a rebuild is
/// picked up), or a 404 saying how to build it.
pub fn drop_in(dist: &Path, file: &str) -> Response {
    if !DROP_IN_FILES.contains(&file) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let path = dist.join(file);
    match std::fs::read(&path) {
        Ok(bytes) => {
            let kind = if file.ends_with(".wasm") {
                "application/wasm"
            } else if file.ends_with(".json") {
                "application/json"
            } else {
                "text/javascript"
            };
            ([(header::CONTENT_TYPE, kind)], bytes).into_response()
        }
        Err(e) => (
            StatusCode::NOT_FOUND,
            format!(
                "{}: {e}\nbuild the drop-in with `cargo xtask dist`, or point CONSENTRY_DIST at a build\n",
                path.display()
            ),
        )
            .into_response(),
    }
}
