//! The IAB module of the drop-in (issue 16): `consentry-iab.js` (the
//! wasm-bindgen `no-modules` glue of crate consentry-iab-wasm and the CMP
//! APIs, `pkg/src/iab-api.js`) and `consentry_iab_bg.wasm`. The engine loads
//! both, checked against the hashes it carries, only when the policy has an
//! `iab` section (`pkg/src/iab-load.js`), so the main wasm and the guard do
//! not grow with the encoders.

use crate::tools::{build_wasm, minify, optimise, read, write, Compile};
use crate::{root, run};
use std::path::Path;

/// The module's script, beside the engine.
pub(crate) const JS: &str = "consentry-iab.js";
/// The module's wasm, beside the engine.
pub(crate) const WASM: &str = "consentry_iab_bg.wasm";

/// Builds both files into `out`; returns their SRI hashes (script, wasm).
pub(crate) fn build(out: &Path) -> Result<(String, String), String> {
    let raw = build_wasm("consentry-iab-wasm")?;
    let parts = out.join("parts-iab");
    std::fs::create_dir_all(&parts).map_err(|e| e.to_string())?;
    run(
        "wasm-bindgen",
        &[
            "--target",
            "no-modules",
            // Its own global name: inside the wrapper below it is a local, but
            // it must never be taken for the engine's `wasm_bindgen`.
            "--no-modules-global",
            "consentryIabWasm",
            "--no-typescript",
            "--out-dir",
            &parts.to_string_lossy(),
            "--out-name",
            "consentry_iab",
            &raw.to_string_lossy(),
        ],
        &[],
    )?;
    let wasm = parts.join(WASM);
    optimise(&wasm)?;
    std::fs::copy(&wasm, out.join(WASM)).map_err(|e| e.to_string())?;
    let glue = read(&parts.join("consentry_iab.js"))?;
    let api = read(&root().join("pkg/src/iab-api.js"))?;
    let start = read(&root().join("pkg/src/iab-start.js"))?;
    // One function scope; it hands itself to the engine that inserted it
    // (`__consentryIab` checks `document.currentScript`).
    let js = format!(
        "/*! Consentry IAB module — loaded by consentry-engine.js for IAB policies. */\n\
         (function () {{\n\"use strict\";\nvar hand = window.__consentryIab;\n\
         if (typeof hand !== \"function\") return;\n{glue}\n{api}\n{start}\n\
         hand(function (G, win, doc, policy, read, wasm) {{\n\
         return consentryIabStart(consentryIabWasm, G, win, doc, policy, read, wasm);\n}});\n}})();\n"
    );
    write(&out.join(JS), &js)?;
    minify(&out.join(JS), false, Compile::Lazy)?;
    let sri = |f: &str| -> Result<String, String> {
        let bytes = std::fs::read(out.join(f)).map_err(|e| format!("{f}: {e}"))?;
        Ok(crate::integrity::sri(&bytes))
    };
    Ok((sri(JS)?, sri(WASM)?))
}
