//! `cargo xtask schema`: the policy's JSON Schema (`pkg/schema/policy.schema.json`)
//! and TypeScript types (`pkg/types/policy.d.ts`), and the consent receipt's
//! (`pkg/schema/receipt.schema.json`, `pkg/types/receipt.d.ts`), generated from
//! the one description in `consentry_core::schema`, which the readers also use.
//! `cargo xtask test` regenerates them in memory and fails when the committed
//! files differ, then type-checks `tests/types/` with `tsc --strict`.

mod json_schema;
#[cfg(test)]
mod receipt_tests;
#[cfg(test)]
mod tests;
mod typescript;

use consentry_core::Json;
use std::fmt::Write as _;

/// Where the generated files go, relative to the workspace root.
const SCHEMA_FILE: &str = "pkg/schema/policy.schema.json";
const TYPES_FILE: &str = "pkg/types/policy.d.ts";
const RECEIPT_SCHEMA_FILE: &str = "pkg/schema/receipt.schema.json";
const RECEIPT_TYPES_FILE: &str = "pkg/types/receipt.d.ts";

/// The generated files: (path, contents).
fn generate() -> [(&'static str, String); 5] {
    [
        (SCHEMA_FILE, pretty(&json_schema::policy())),
        (TYPES_FILE, typescript::policy()),
        (RECEIPT_SCHEMA_FILE, pretty(&json_schema::receipt())),
        (RECEIPT_TYPES_FILE, typescript::receipt()),
        (crate::tables::FILE, crate::tables::guard()),
    ]
}

/// Writes both files.
pub(crate) fn write() -> Result<(), String> {
    for (path, text) in generate() {
        let file = crate::root().join(path);
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(&file, text).map_err(|e| format!("{path}: {e}"))?;
        println!("wrote {path}");
    }
    Ok(())
}

/// Fails when a committed output (path, text) differs from what generates
/// it; `from` and `command` name the source and the command that rewrites it.
pub(crate) fn stale_check(
    outputs: impl IntoIterator<Item = (&'static str, String)>,
    from: &str,
    command: &str,
) -> Result<(), String> {
    let stale: Vec<&str> = outputs
        .into_iter()
        .filter(|(path, text)| {
            std::fs::read_to_string(crate::root().join(path))
                .ok()
                .as_deref()
                != Some(text)
        })
        .map(|(path, _)| path)
        .collect();
    if stale.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} out of date with {from}; run `{command}` and commit the result",
            stale.join(" and ")
        ))
    }
}

/// Fails when a committed file differs from what the description generates.
pub(crate) fn check() -> Result<(), String> {
    stale_check(
        generate(),
        "consentry-core (schema, catalog, markup)",
        "cargo xtask schema",
    )
}

/// `cargo xtask schema check`: [`check`], then [`check_types`].
pub(crate) fn check_all() -> Result<(), String> {
    check()?;
    let mut totals = (0, 0);
    check_types(&mut totals)?;
    println!("tests: {} passed, {} failed", totals.0, totals.1);
    Ok(())
}

/// `tsc --strict --noEmit` over `tests/types/`: `*.ok.ts` must compile, and
/// each `*.fail.ts` must fail with errors on exactly the lines marked
/// `// error:`. Each file counts as one test in `totals`.
pub(crate) fn check_types(totals: &mut (u64, u64)) -> Result<(), String> {
    crate::run(
        "npm",
        &["ci", "--prefix", "tests/types", "--no-audit", "--no-fund"],
        &[],
    )?;
    check_types_in("tests/types", "es2022", totals)
}

/// [`check_types`] for `tests/types/boundary/`: the hand-written wasm
/// boundary (`pkg/src/engine.d.ts`) against wasm-bindgen's declarations of
/// the build, so it runs after `dist` (and after [`check_types`] installed tsc).
/// (`esnext`: the generated declarations use `Symbol.dispose`.)
pub(crate) fn check_boundary(totals: &mut (u64, u64)) -> Result<(), String> {
    check_types_in("tests/types/boundary", "esnext", totals)
}

fn check_types_in(rel_dir: &str, target: &str, totals: &mut (u64, u64)) -> Result<(), String> {
    let dir = crate::root().join(rel_dir);
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".ok.ts") || n.ends_with(".fail.ts"))
        .collect();
    files.sort();
    let mut failed = Vec::new();
    for name in &files {
        let rel = format!("{rel_dir}/{name}");
        let source = std::fs::read_to_string(dir.join(name)).map_err(|e| format!("{rel}: {e}"))?;
        let out = crate::command(
            "tests/types/node_modules/.bin/tsc",
            &[
                "--strict", "--noEmit", "--target", target, "--module", "nodenext", &rel,
            ],
            &[],
        )
        .output()
        .map_err(|e| format!("cannot start tsc: {e}"))?;
        let log = String::from_utf8_lossy(&out.stdout);
        print!("{log}");
        let verdict = if name.ends_with(".ok.ts") {
            if out.status.success() {
                Ok(())
            } else {
                Err("does not compile".to_string())
            }
        } else {
            expected_errors(&rel, &source, &log)
        };
        match verdict {
            Ok(()) => {
                totals.0 += 1;
                println!("ok - tsc {rel}");
            }
            Err(why) => {
                totals.1 += 1;
                println!("not ok - tsc {rel}: {why}");
                failed.push(rel);
            }
        }
    }
    if files.is_empty() {
        return Err(format!("no *.ok.ts or *.fail.ts in {rel_dir}"));
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("type tests failed: {}", failed.join(", ")))
    }
}

/// Whether tsc's errors for `rel` fall on exactly the lines of code that end
/// in a `// error:` comment.
fn expected_errors(rel: &str, source: &str, log: &str) -> Result<(), String> {
    let marked: Vec<usize> = source
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("// error:") && !l.trim_start().starts_with("//"))
        .map(|(i, _)| i + 1)
        .collect();
    // tsc prints `path(line,col): error TS…`.
    let mut got: Vec<usize> = log
        .lines()
        .filter_map(|l| l.strip_prefix(rel)?.strip_prefix('(')?.split(',').next())
        .filter_map(|n| n.parse().ok())
        .collect();
    got.dedup();
    if marked.is_empty() {
        Err("no line is marked `// error:`".into())
    } else if got == marked {
        Ok(())
    } else {
        Err(format!("errors on lines {got:?}, expected {marked:?}"))
    }
}

/// JSON text with two-space indents, keys in the order given; an array or
/// object that fits in a line of 100 stays on one. Independent of
/// serde_json's features.
fn pretty(v: &Json) -> String {
    let mut out = String::new();
    write_json(&mut out, v, 0, 0);
    out.push('\n');
    out
}

/// `v` at `indent`, its first line starting at `column`.
fn write_json(out: &mut String, v: &Json, indent: usize, column: usize) {
    let line = compact(v);
    let container = matches!(v, Json::Array(_) | Json::Object(_));
    if !container || column + line.len() <= 100 {
        out.push_str(&line);
        return;
    }
    let pad = "  ".repeat(indent + 1);
    let (open, close) = if matches!(v, Json::Array(_)) {
        ('[', ']')
    } else {
        ('{', '}')
    };
    out.push(open);
    let mut first = true;
    let mut item = |out: &mut String, key: Option<&str>, x: &Json| {
        out.push_str(if first { "\n" } else { ",\n" });
        first = false;
        out.push_str(&pad);
        if let Some(k) = key {
            quote(out, k);
            out.push_str(": ");
        }
        let col = pad.len() + key.map_or(0, |k| k.len() + 4);
        write_json(out, x, indent + 1, col);
    };
    match v {
        Json::Array(a) => a.iter().for_each(|x| item(out, None, x)),
        Json::Object(o) => o.iter().for_each(|(k, x)| item(out, Some(k), x)),
        _ => {}
    }
    let _ = write!(out, "\n{}{close}", "  ".repeat(indent));
}

/// `v` on one line.
fn compact(v: &Json) -> String {
    let mut out = String::new();
    match v {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => {
            let _ = write!(out, "{}", *n as i64);
        }
        Json::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Json::String(s) => quote(&mut out, s),
        Json::Array(a) => {
            let items: Vec<String> = a.iter().map(compact).collect();
            let _ = write!(out, "[{}]", items.join(", "));
        }
        Json::Object(o) => {
            let items: Vec<String> = o
                .iter()
                .map(|(k, x)| {
                    let mut kv = String::new();
                    quote(&mut kv, k);
                    format!("{kv}: {}", compact(x))
                })
                .collect();
            let _ = write!(out, "{{{}}}", items.join(", "));
        }
    }
    out
}

fn quote(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
