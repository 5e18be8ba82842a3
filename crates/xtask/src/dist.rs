//! `cargo xtask dist`: the browser build into `pkg/dist/`; `cargo xtask size`:
//! what it weighs raw, gzip and brotli, with a breakdown of the wasm.
//!
//! The drop-in is two stages:
//! - `consentry.js`, the only parser-blocking file: the guard
//!   (`pkg/src/guard.js` with its generated tables) and the loader, which
//!   carries the engine's SRI hashes;
//! - `consentry-engine.js` (the wasm-bindgen `no-modules` glue, the engine
//!   stage `runtime.js`, the UI) and `consentry_bg.wasm`, fetched beside it
//!   asynchronously, the wasm compiled off the main thread.
//!
//! `consentry.mjs` (the ES module) holds all of it but the wasm.
//!
//! `consentry-dialog.json` is what only the preferences dialog shows (the
//! catalog's providers, purposes, links and lifetimes, every language's
//! dialog texts), written by consentry-core's `dialog::generate` and left out
//! of the wasm: the engine fetches it, with the SRI hash the loader carries,
//! when the dialog is about to open.

use crate::tools::{bindgen, build_wasm, minify, optimise, read, write, Compile};
use crate::{root, setup};
use std::path::PathBuf;

pub(crate) const PROFILE: &str = "wasm-release";
/// The preferences dialog's data, beside the engine.
pub(crate) const DIALOG: &str = "consentry-dialog.json";

pub fn dist() -> Result<PathBuf, String> {
    setup::ensure_node_tools()?;
    // Read by consentry-core at compile time (see pkg/README.md).
    if let Some(langs) = std::env::var_os("CONSENTRY_UI_LANGS") {
        println!(
            "UI languages built in: en + {} (CONSENTRY_UI_LANGS)",
            langs.to_string_lossy()
        );
    }
    let raw = build_wasm("consentry-wasm")?;
    let out = root().join("pkg/dist");
    let parts = out.join("parts");
    std::fs::create_dir_all(&parts).map_err(|e| e.to_string())?;
    let esm = out.join("parts-esm");
    std::fs::create_dir_all(&esm).map_err(|e| e.to_string())?;
    bindgen(&raw, &parts, "no-modules")?;
    bindgen(&raw, &esm, "web")?;
    let wasm = parts.join("consentry_bg.wasm");
    let esm_wasm = esm.join("consentry_bg.wasm");
    // Both glues share one wasm (checked below): optimise it once.
    let same = std::fs::read(&wasm).ok() == std::fs::read(&esm_wasm).ok();
    optimise(&wasm)?;
    if same {
        std::fs::copy(&wasm, &esm_wasm).map_err(|e| e.to_string())?;
    }
    if !same {
        return Err("the no-modules and web builds differ in their wasm: the drop-in and the ES module can no longer share consentry_bg.wasm".into());
    }
    std::fs::copy(&wasm, out.join("consentry_bg.wasm")).map_err(|e| e.to_string())?;
    write(&out.join(DIALOG), &consentry_core::dialog::generate())?;
    let iab = crate::iab_dist::build(&out)?;
    let engine_js = engine_source()?;
    // The engine script: glue, engine stage and UI inside one function scope,
    // so the glue's `wasm_bindgen` binding does not leak into the page. It
    // carries the dialog data's hash (the guard carries the engine's).
    let glue = read(&parts.join("consentry.js"))?;
    let dialog_sri =
        crate::integrity::sri(&std::fs::read(out.join(DIALOG)).map_err(|e| e.to_string())?);
    write(
        &out.join("consentry-engine.js"),
        &engine(
            &glue,
            &engine_js,
            &dialog_sri,
            &read(&root().join("pkg/src/iab-load.js"))?,
            &iab,
            &read(&root().join("pkg/src/warm.js"))?,
        ),
    )?;
    // Eager: its start-up task is the first call of most of its functions
    // (measured: ~75 compiled lazily in that task, 14.6 ms of main thread).
    minify(&out.join("consentry-engine.js"), false, Compile::Eager)?;
    // The guard, with the hashes of what it loads.
    let hash = |f: &str| -> Result<String, String> {
        let bytes = std::fs::read(out.join(f)).map_err(|e| format!("{f}: {e}"))?;
        Ok(crate::integrity::sri(&bytes))
    };
    let guard_js = guard(&hash("consentry-engine.js")?, &hash("consentry_bg.wasm")?)?;
    write(&out.join("consentry.js"), &guard_js)?;
    minify(&out.join("consentry.js"), false, Compile::Eager)?;
    // The optional service worker: the same glue and wasm, the guard's tables.
    let glue = read(&parts.join("consentry.js"))?;
    write(
        &out.join("consentry-sw.js"),
        &service_worker(&glue, &hash("consentry_bg.wasm")?)?,
    )?;
    minify(&out.join("consentry-sw.js"), false, Compile::Lazy)?;
    // The ES module: guard, engine stage and UI; the wasm as its own file.
    let glue = read(&esm.join("consentry.js"))?;
    write(
        &out.join("consentry.mjs"),
        &module(&glue, &engine_js, &hash(DIALOG)?, &iab)?,
    )?;
    // Eager for the same reason as the guard and the engine, which it holds:
    // ~200 functions compiled lazily during `start()` otherwise.
    minify(&out.join("consentry.mjs"), true, Compile::Eager)?;
    // Node (the package's `node` condition): imports consentry.mjs for the glue
    // and loads the same wasm file from disk.
    std::fs::copy(root().join("pkg/src/node.js"), out.join("node.js"))
        .map_err(|e| format!("pkg/src/node.js: {e}"))?;
    Ok(out)
}

/// The guard's source: its generated tables, what it holds, then the guard.
fn guard_source() -> Result<String, String> {
    Ok(read(&root().join(crate::tables::FILE))?
        + "\n"
        + &read(&root().join("pkg/src/guard-match.js"))?
        + "\n"
        + &read(&root().join("pkg/src/guard.js"))?)
}

/// The engine stage's source: holding and release, cookies, the runtime, the
/// UI (with its stylesheet) and boot.
fn engine_source() -> Result<String, String> {
    let mut s = String::new();
    for f in ["hold.js", "cookies.js", "records.js", "runtime.js"] {
        s += &read(&root().join("pkg/src").join(f))?;
        s.push('\n');
    }
    Ok(s + &ui_source()? + "\n" + &read(&root().join("pkg/src/boot.js"))?)
}

/// `consentry.js`: the guard and the loader in one function scope.
fn guard(engine_sri: &str, wasm_sri: &str) -> Result<String, String> {
    let mut s = String::from(
        "/*! Consentry drop-in — cookie and tracker consent enforcement. */\n\
         (function () {\n\"use strict\";\nif (window.consentry) return;\n",
    );
    s.push_str(&guard_source()?);
    s.push_str(&format!(
        "\nvar consentryIntegrity = {{ engine: \"{engine_sri}\", wasm: \"{wasm_sri}\" }};\n"
    ));
    s.push_str(&read(&root().join("pkg/src/loader.js"))?);
    s.push_str("})();\n");
    Ok(s)
}

/// `consentry-engine.js`: hands itself to the guard that loaded it.
/// It carries the IAB module's hashes (`G.iab`) and passes on its own nonce
/// and `crossorigin`, which the loader copied from consentry.js, for the
/// module's script.
/// The IAB module's loader is the drop-in's only: the ES module has no
/// `G.iab` and never loads it.
fn engine(
    glue: &str,
    engine_js: &str,
    dialog_sri: &str,
    iab_load: &str,
    iab: &(String, String),
    warm: &str,
) -> String {
    let mut s = String::with_capacity(glue.len() + engine_js.len() + 512);
    s.push_str("/*! Consentry engine — loaded by consentry.js. */\n");
    s.push_str("(function () {\n\"use strict\";\n");
    // The glue made with the built-ins the guard saved before page code
    // (`consentryPrim` in pkg/src/guard-match.js): page code that replaced
    // `JSON.parse` had forged the engine's answers.
    s.push_str("var consentryGlue = function (JSON, Reflect, TextDecoder, TextEncoder, consentryCharCode, consentrySlice) {\n");
    s.push_str(&prim_glue(glue));
    s.push_str("\nreturn wasm_bindgen;\n};\n");
    // Run as a worker, the same file warms the wasm up (pkg/src/warm.js).
    s.push_str(warm);
    s.push_str("\nif (typeof window === \"undefined\") { consentryWarm(self, consentryGlue(JSON, Reflect, TextDecoder, TextEncoder, function (s, i) { return s.charCodeAt(i); }, function (s, i) { return s.slice(i); })); return; }\nvar boot = window.__consentryBoot;\nif (typeof boot !== \"function\") return;\nvar me = document.currentScript;\n");
    s.push_str(&format!(
        "var consentryDialogIntegrity = \"{dialog_sri}\";\n"
    ));
    s.push_str(iab_load);
    s.push('\n');
    s.push_str(engine_js);
    s.push_str(&format!(
        "\nboot(function (G, wasm) {{\n\
         G.iab = {{ js: \"{}\", wasm: \"{}\" }};\n\
         if (me) {{ G.nonce = me.nonce; G.crossOrigin = G.getAttr.call(me, \"crossorigin\"); }}\n",
        iab.0, iab.1
    ));
    s.push_str(
        "var P = G.prim, wasm_bindgen = consentryGlue(P[0], P[1], P[2], P[3], P[4], P[5]);\n\
         consentryBoot(wasm_bindgen, consentryWarmed(wasm, G).then(function (m) { wasm_bindgen.initSync({ module: m }); }), G);\n\
         });\n})();\n",
    );
    s
}

/// The glue with a string's `charCodeAt` and `slice` called through the
/// factory's saved ones; fails the build if wasm-bindgen stops writing them
/// so (then the replacement needs a look).
fn prim_glue(glue: &str) -> String {
    let mut g = glue.to_string();
    for (from, to) in [
        ("arg.charCodeAt(offset)", "consentryCharCode(arg, offset)"),
        (
            "arg = arg.slice(offset)",
            "arg = consentrySlice(arg, offset)",
        ),
    ] {
        assert_eq!(g.matches(from).count(), 1, "the glue's `{from}` moved");
        g = g.replace(from, to);
    }
    g
}

/// `consentry-sw.js`: the `no-modules` glue, the guard's tables and host
/// matching, and the worker (`pkg/src/sw.js`) in one function scope. As the
/// site's only worker it takes control at once; imported into the site's own
/// worker (`importScripts`) it leaves the lifecycle to that worker.
fn service_worker(glue: &str, wasm_sri: &str) -> Result<String, String> {
    let mut s = String::from(
        "/*! Consentry service worker — the network layer. */\n(function () {\n\"use strict\";\n",
    );
    s.push_str(glue);
    s.push('\n');
    s.push_str(&read(&root().join(crate::tables::FILE))?);
    s.push('\n');
    s.push_str(&read(&root().join("pkg/src/guard-match.js"))?);
    s.push('\n');
    s.push_str(&read(&root().join("pkg/src/sw.js"))?);
    s.push_str(&format!(
        r#"
// The wasm beside the worker's script, unless the site's own worker says
// where (`self.consentryWasm`, set before importScripts).
var at = self.consentryWasm || new URL("consentry_bg.wasm", self.location.href).href;
consentrySw(self, wasm_bindgen, consentryTables, {{ wasm: at, integrity: "{wasm_sri}" }});
if (/\/consentry-sw\.js$/.test(self.location.pathname)) {{
  self.addEventListener("install", function () {{ self.skipWaiting(); }});
  self.addEventListener("activate", function (e) {{ e.waitUntil(self.clients.claim()); }});
}}
}})();
"#
    ));
    Ok(s)
}

/// `consentry.mjs`: the `web` glue, the guard, the engine stage, and `start()`.
/// It loads the IAB module beside itself as the drop-in's engine does.
fn module(
    glue: &str,
    engine_js: &str,
    dialog_sri: &str,
    iab: &(String, String),
) -> Result<String, String> {
    let mut s = String::with_capacity(glue.len() + engine_js.len() + 8192);
    s.push_str(glue);
    s.push('\n');
    s.push_str(&guard_source()?);
    s.push('\n');
    s.push_str(&read(&root().join("pkg/src/iab-load.js"))?);
    s.push('\n');
    s.push_str(engine_js);
    s.push_str(
        &r#"
/**
 * Starts the runtime once per page and returns the API (`window.consentry`).
 * `wasm`: where to load the engine from (URL, Response, bytes or
 * WebAssembly.Module); by default `consentry_bg.wasm` next to this module.
 * A module loads after the parser: elements already in the HTML are held only
 * if the drop-in script or the server rewriter held them.
 */
export async function start(wasm) {
  if (window.consentry) return window.consentry;
  const fetch0 = window.fetch;
  const G = consentryGuard(window, document, consentryTables);
  window.consentry = G.api;
  const wb = { Engine: Engine, domainVariants: domainVariants, pathVariants: pathVariants };
  const ready = __wbg_init({ module_or_path: wasm === undefined ? new URL("consentry_bg.wasm", import.meta.url) : wasm });
  // The dialog's data, fetched beside this module when the dialog opens.
  const dialogUrl = new URL("consentry-dialog.json", import.meta.url);
  G.dialogData = () => fetch(dialogUrl, { integrity: "DIALOG_SRI", credentials: "same-origin" }).then((r) => {
    if (!r.ok) throw new Error("consentry-dialog.json: HTTP " + r.status);
    return r.text();
  });
  // The IAB module (policies with `iab` only), beside this module.
  G.at = (f) => new URL(f, import.meta.url).href;
  G.fetch0 = fetch0;
  G.iab = { js: "IAB_JS", wasm: "IAB_WASM" };
  await consentryBoot(wb, ready, G);
  return window.consentry;
}

/** Returns the policy unchanged; in TypeScript it types the literal. */
export function definePolicy(policy) {
  return policy;
}
"#
        .replace("DIALOG_SRI", dialog_sri)
        .replace("IAB_JS", &iab.0)
        .replace("IAB_WASM", &iab.1),
    );
    Ok(s)
}

/// The consent UI (`pkg/src/ui.js`) preceded by its stylesheet as the string
/// `consentryCss`, to follow the runtime in both builds.
fn ui_source() -> Result<String, String> {
    let css = read(&root().join("pkg/src/consentry.css"))?;
    let ui = read(&root().join("pkg/src/ui.js"))?;
    Ok(format!(
        "var consentryCss = {};\n{ui}",
        js_string(&minify_css(&css))
    ))
}

/// CSS without comments and needless whitespace (measured: -0.7 KB brotli).
/// Quoted strings are copied as they are; a space is kept wherever it could
/// be a descendant combinator or separate values.
fn minify_css(css: &str) -> String {
    const TIGHT: &[char] = &['{', '}', ';', ',', '>'];
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                for d in chars.by_ref() {
                    if prev == '*' && d == '/' {
                        break;
                    }
                    prev = d;
                }
                space = true;
            }
            c if c.is_whitespace() => space = true,
            c => {
                let last = out.chars().last();
                if space
                    && last.is_some_and(|l| !TIGHT.contains(&l) && l != ':')
                    && !TIGHT.contains(&c)
                {
                    out.push(' ');
                }
                space = false;
                if c == '}' && last == Some(';') {
                    out.pop();
                }
                out.push(c);
                if c == '"' || c == '\'' {
                    while let Some(d) = chars.next() {
                        out.push(d);
                        if d == '\\' {
                            out.extend(chars.next());
                        } else if d == c {
                            break;
                        }
                    }
                }
            }
        }
    }
    out
}

/// A double-quoted JS string literal: ASCII only, safe in a script element.
fn js_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '<' => out.push_str("\\u003c"),
            ' '..='~' => out.push(c),
            c => {
                let mut buf = [0u16; 2];
                for u in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{u:04x}"));
                }
            }
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn minify_css_keeps_meaning() {
        let css = "/* note */\n.a  .b:focus ,\n.c > .d {\n  color: red;\n  font-family: \"Segoe  UI\", x;\n  content: \"\\\"/* no */\" / \"\";\n}\n.e :is(.f) { margin: 0 auto; }\n";
        assert_eq!(
            super::minify_css(css),
            ".a .b:focus,.c>.d{color:red;font-family:\"Segoe  UI\",x;content:\"\\\"/* no */\" / \"\"}.e :is(.f){margin:0 auto}"
        );
    }

    #[test]
    fn js_string_escapes() {
        assert_eq!(
            super::js_string("a\"b\\c\nd</style>\u{2028}é\t😀"),
            r#""a\"b\\c\nd\u003c/style>\u2028\u00e9\u0009\ud83d\ude00""#
        );
    }
}
