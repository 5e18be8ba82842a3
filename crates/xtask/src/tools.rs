//! The build tools `dist` runs (wasm-bindgen, terser, wasm-opt, cargo for
//! the wasm crates) and the file helpers the build steps share.

use crate::dist::PROFILE;
use crate::{root, run, setup};
use std::path::{Path, PathBuf};

/// wasm-bindgen's glue; the `web` build also writes its TypeScript
/// declarations, which `tests/types/boundary/` checks `pkg/src/engine.d.ts`
/// against.
pub(crate) fn bindgen(wasm: &Path, out: &Path, target: &str) -> Result<(), String> {
    let out = out.to_string_lossy();
    let mut args = vec![
        "--target",
        target,
        "--out-dir",
        &out,
        "--out-name",
        "consentry",
    ];
    if target != "web" {
        args.push("--no-typescript");
    }
    let wasm = wasm.to_string_lossy();
    args.push(&wasm);
    run("wasm-bindgen", &args, &[])
}

/// How a minified script is compiled where it runs.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Compile {
    /// As the engine chooses: functions compiled on their first call.
    Lazy,
    /// Every function at once, with the script: V8's explicit compile hint
    /// (`//# allFunctionsCalledOnLoad`, Chromium 136+; other engines read a
    /// comment). For scripts whose functions run while the page loads: the
    /// browser compiles them on the thread that streams the script, instead
    /// of one by one on the main thread as each is first called.
    Eager,
}

/// Minifies a built script in place with terser (measured: -5.8 KB brotli
/// on the drop-in). `pure_getters=false`: reading a DOM property can have
/// effects (`document.cookie`, layout), so no unused read is dropped. `/*!`
/// comments stay.
pub(crate) fn minify(js: &Path, module: bool, compile: Compile) -> Result<(), String> {
    let terser = setup::tools_bin("terser");
    let js_s = js.to_string_lossy().into_owned();
    let mut args = vec![
        js_s.as_str(),
        "--compress",
        "pure_getters=false,passes=2",
        "--mangle",
        "--comments",
        "/^!/",
        "-o",
        js_s.as_str(),
    ];
    if module {
        args.push("--module");
    }
    // For a profile that names the guard's functions.
    if std::env::var_os("CONSENTRY_KEEP_FNAMES").is_some_and(|v| !v.is_empty()) {
        args.push("--keep-fnames");
    }
    run(&terser.to_string_lossy(), &args, &[])?;
    // The hint is read only as the file's first line.
    if compile == Compile::Eager {
        write(js, &format!("//# allFunctionsCalledOnLoad\n{}", read(js)?))?;
    }
    Ok(())
}

pub(crate) fn optimise(wasm: &Path) -> Result<(), String> {
    let opt = setup::tools_bin("wasm-opt");
    let wasm_s = wasm.to_string_lossy().into_owned();
    // The features current wasm-bindgen output uses. `--converge` repeats the
    // passes while they still shrink the module (measured: -0.5 KB brotli;
    // -Oz was no smaller than -Os here).
    run(
        &opt.to_string_lossy(),
        &[
            "-Os",
            "--converge",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-mutable-globals",
            "-o",
            &wasm_s,
            &wasm_s,
        ],
        &[],
    )
}

pub(crate) fn read(p: &Path) -> Result<String, String> {
    std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))
}

pub(crate) fn write(p: &Path, s: &str) -> Result<(), String> {
    std::fs::write(p, s).map_err(|e| format!("{}: {e}", p.display()))
}

pub(crate) fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            s.push(if i <= c.len() {
                A[(n >> shift) as usize & 63] as char
            } else {
                '='
            });
        }
    }
    s
}

pub(crate) fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// Builds a wasm crate of the workspace with the browser profile; the
/// module's path (`-` in the crate name read as `_`).
pub(crate) fn build_wasm(krate: &str) -> Result<std::path::PathBuf, String> {
    run(
        "cargo",
        &[
            "build",
            "-p",
            krate,
            "--target",
            "wasm32-unknown-unknown",
            "--profile",
            PROFILE,
        ],
        &[],
    )?;
    let file = krate.replace('-', "_");
    Ok(target_dir().join(format!("wasm32-unknown-unknown/{PROFILE}/{file}.wasm")))
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_rfc4648() {
        for (i, o) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(super::base64(i.as_bytes()), o);
        }
    }
}
