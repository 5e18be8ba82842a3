//! The enforcement suites in Firefox and WebKit (Chromium runs every suite),
//! and the README's browser matrix, generated from what the runs reported.
//!
//! Each engine runs the files of [`SUITES`] with `CONSENTRY_ENGINE` set
//! (`tests/browser/engines.mjs` drives it; one logging proxy serves all three
//! engines). A test an engine cannot run says so with a `skip` reason in the
//! test file; those reasons land in the matrix.

use crate::{command, exit_ok, root, watchdog};
use std::collections::BTreeMap;
use std::time::Duration;

/// Each engine's deadline: Firefox takes about 5.5 minutes here, WebKit 3.
const LIMIT: Duration = Duration::from_secs(20 * 60);

/// The enforcement core, the attack classes and the IAB APIs (what ad
/// frames and ad scripts read), run in every engine; and the wasm warm-up,
/// which must start no worker where the engine needs none.
pub const SUITES: [&str; 18] = [
    "attacks.test.mjs",
    "after-choice.test.mjs",
    "withdraw-rehold.test.mjs",
    "dynamic.test.mjs",
    "iframes.test.mjs",
    "order.test.mjs",
    "tagged.test.mjs",
    "styles.test.mjs",
    "media.test.mjs",
    "remember.test.mjs",
    "withdraw.test.mjs",
    "csp.test.mjs",
    "guard.test.mjs",
    "beacons.test.mjs",
    "write.test.mjs",
    "ui-keyboard.test.mjs",
    "iab.test.mjs",
    "warm.test.mjs",
];

/// The service-worker layer and the cookie suites that need a secure
/// context (`cookieStore`), in both engines: the test site must be a
/// secure context, which Firefox is told (`dom.securecontext.allowlist`) and
/// WebKitGTK, which has no such switch, gets by serving the site as
/// `localhost` (see `SITE_HOST` in `tests/browser/harness.mjs`).
pub const SW_SUITES: [&str; 3] = [
    "sw.test.mjs",
    "attacks-sw.test.mjs",
    "cookies-early.test.mjs",
];

/// One engine's results: test name → `ok`, `FAIL` or `skipped: reason`.
pub type Results = BTreeMap<String, String>;

/// Runs [`SUITES`] in `engine` (`firefox`, `webkit`), adding to `totals`.
///
/// A test that timed out with nothing else failing is run once more, alone:
/// a browser driver now and then stops answering for a minute (WebKitGTK's
/// MiniBrowser, about once in ten full runs), which says nothing about the
/// page. An assertion failure is never run again, nor a second timeout.
pub fn run(engine: &str, totals: &mut (u64, u64)) -> Result<Results, String> {
    let files: Vec<String> = SUITES
        .iter()
        .chain(&SW_SUITES)
        .map(|f| format!("tests/browser/{f}"))
        .collect();
    run_files(engine, &files, totals)
}

fn run_files(engine: &str, files: &[String], totals: &mut (u64, u64)) -> Result<Results, String> {
    let first = pass(engine, files, None)?;
    let mut results = first.results;
    let stalled = &first.timeouts;
    let retry = first.failed > 0 && first.failed == stalled.len() as u64 && stalled.len() <= 3;
    if !retry {
        totals.0 += first.passed;
        totals.1 += first.failed;
        return if first.failed > 0 || first.ok {
            Ok(results)
        } else {
            Err(format!("{engine}: the test run failed"))
        };
    }
    let names: Vec<&str> = stalled.iter().map(|(n, _)| n.as_str()).collect();
    println!(
        "[{engine}] timed out, run again alone: {}",
        names.join("; ")
    );
    let mut again: Vec<String> = stalled.iter().map(|(_, f)| f.clone()).collect();
    again.sort();
    again.dedup();
    let pattern = format!(
        "^({})$",
        names
            .iter()
            .map(|n| escape(n))
            .collect::<Vec<_>>()
            .join("|")
    );
    let second = pass(engine, &again, Some(&pattern))?;
    for n in &names {
        let verdict = second.results.get(*n).cloned();
        results.insert((*n).to_string(), verdict.unwrap_or_else(|| "FAIL".into()));
    }
    totals.0 += first.passed + second.passed;
    // A test the second run did not report at all counts as failed.
    let unreported = (names.len() as u64).saturating_sub(second.passed + second.failed);
    totals.1 += second.failed + unreported;
    Ok(results)
}

/// What one `node --test` run of some files reported.
struct Pass {
    results: Results,
    passed: u64,
    failed: u64,
    /// Top-level tests that failed by timing out: (name, file).
    timeouts: Vec<(String, String)>,
    ok: bool,
}

fn pass(engine: &str, files: &[String], pattern: Option<&str>) -> Result<Pass, String> {
    let mut args: Vec<String> = Vec::new();
    let program = if engine == "webkit" {
        args.extend(["-a".into(), "node".into()]);
        "xvfb-run"
    } else {
        "node"
    };
    args.extend(
        [
            "--test",
            "--test-reporter=tap",
            "--test-concurrency=1",
            "--test-force-exit",
        ]
        .map(String::from),
    );
    if let Some(p) = pattern {
        args.push(format!("--test-name-pattern={p}"));
    }
    args.extend(files.iter().cloned());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut p = Pass {
        results: Results::new(),
        passed: 0,
        failed: 0,
        timeouts: Vec::new(),
        ok: false,
    };
    let mut failing: Option<(String, Option<String>)> = None;
    let cmd = command(program, &args, &[("CONSENTRY_ENGINE", engine)]);
    let status = watchdog::run_lines(cmd, engine, LIMIT, |line| {
        println!("[{engine}] {line}");
        if let Some((name, verdict)) = top_level(line) {
            failing = (verdict == "FAIL").then(|| (name.clone(), None));
            p.results.insert(name, verdict);
        } else if let Some((name, file)) = &mut failing {
            // The YAML block under a top-level result: two spaces deep.
            if let Some(l) = line.strip_prefix("  location: '") {
                *file = l.split(".mjs:").next().map(|f| format!("{f}.mjs"));
            } else if line == "  failureType: 'testTimeoutFailure'" {
                if let Some(f) = file.take() {
                    p.timeouts.push((name.clone(), f));
                }
            } else if line == "  ..." {
                failing = None;
            }
        }
        let (passed, failed) = crate::tap_counts(line);
        p.passed += passed;
        p.failed += failed;
    })?;
    p.ok = exit_ok(program, &args, status).is_ok();
    Ok(p)
}

/// `name` as a literal inside a JavaScript regular expression.
fn escape(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if "\\^$.|?*+()[]{}/".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A top-level TAP result line (`ok 3 - name # SKIP why`, `not ok 4 - name`).
fn top_level(line: &str) -> Option<(String, String)> {
    let (ok, rest) = if let Some(r) = line.strip_prefix("ok ") {
        (true, r)
    } else {
        (false, line.strip_prefix("not ok ")?)
    };
    let (_, rest) = rest.split_once(" - ")?;
    let (name, skip) = match rest.split_once(" # SKIP") {
        Some((n, why)) => (n, Some(why.trim().to_string())),
        None => (rest, None),
    };
    let verdict = match (ok, skip) {
        (_, Some(why)) if !why.is_empty() => format!("skipped: {why}"),
        (_, Some(_)) => "skipped".into(),
        (true, None) => "ok".into(),
        (false, None) => "FAIL".into(),
    };
    Some((name.trim().to_string(), verdict))
}

/// Rewrites the README's browser matrix (between its two markers) from the runs.
pub fn write_matrix(runs: &[(&str, Results)]) -> Result<(), String> {
    let path = root().join("README.md");
    let readme = std::fs::read_to_string(&path).map_err(|e| format!("README.md: {e}"))?;
    let (start, end) = (
        "<!-- browser-matrix:start -->",
        "<!-- browser-matrix:end -->",
    );
    let (Some(a), Some(b)) = (readme.find(start), readme.find(end)) else {
        return Err("README.md: the browser-matrix markers are missing".into());
    };
    let mut names: Vec<&String> = runs.iter().flat_map(|(_, r)| r.keys()).collect();
    names.sort();
    names.dedup();
    let mut t = String::from(
        "\n_Generated by `cargo xtask test` from the runs (do not edit): Chromium runs every suite; \
         Firefox ESR and WebKitGTK run the enforcement core, embeds, the attack classes, the keyboard UI \
         and the service-worker layer (\"—\": not run in that engine)._\n\n\
         | test | Chromium |",
    );
    for (e, _) in runs {
        let label = match *e {
            "firefox" => "Firefox ESR",
            "webkit" => "WebKitGTK",
            other => other,
        };
        t.push_str(&format!(" {label} |"));
    }
    t.push_str("\n|---|---|");
    for _ in runs {
        t.push_str("---|");
    }
    t.push('\n');
    for n in names {
        t.push_str(&format!("| {} | ok |", n.replace('|', "\\|")));
        for (_, r) in runs {
            t.push_str(&format!(" {} |", r.get(n).map_or("—", String::as_str)));
        }
        t.push('\n');
    }
    let out = format!("{}{start}\n{t}{}", &readme[..a], &readme[b..]);
    if out != readme {
        std::fs::write(&path, out).map_err(|e| format!("README.md: {e}"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{run_files, top_level};

    /// Test files in a scratch folder: `stalls` times out on its first run
    /// only (a marker file remembers), `fails` fails an assertion each time.
    fn scratch(tag: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-engines-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let marker = dir.join("ran-once");
        let stalls = format!(
            "import test from 'node:test'; import fs from 'node:fs';\n\
             test('quick (a)', () => {{}});\n\
             test('stalls once', {{ timeout: 300 }}, async () => {{\n\
               if (fs.existsSync({m:?})) return;\n\
               fs.writeFileSync({m:?}, '1'); await new Promise((r) => setTimeout(r, 5000));\n\
             }});\n",
            m = marker.to_string_lossy()
        );
        let fails = "import test from 'node:test'; import assert from 'node:assert';\n\
                     test('quick (b)', () => {});\n\
                     test('fails', () => assert.equal(1, 2));\n";
        std::fs::write(dir.join("stalls.test.mjs"), stalls).unwrap();
        std::fs::write(dir.join("fails.test.mjs"), fails).unwrap();
        dir
    }

    #[test]
    fn a_timeout_alone_is_run_once_more_an_assertion_never() {
        let dir = scratch("retry");
        let file = |f: &str| dir.join(f).to_string_lossy().into_owned();
        let mut totals = (0, 0);
        let r = run_files("node", &[file("stalls.test.mjs")], &mut totals).unwrap();
        assert_eq!(r.get("stalls once").map(String::as_str), Some("ok"));
        assert_eq!(totals, (2, 0));

        let _ = std::fs::remove_file(dir.join("ran-once"));
        let mut totals = (0, 0);
        let r = run_files(
            "node",
            &[file("stalls.test.mjs"), file("fails.test.mjs")],
            &mut totals,
        )
        .unwrap();
        assert_eq!(r.get("fails").map(String::as_str), Some("FAIL"));
        assert_eq!(r.get("stalls once").map(String::as_str), Some("FAIL"));
        assert_eq!(totals, (2, 2));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn reads_top_level_tap_lines_only() {
        assert_eq!(
            top_level("ok 3 - a test"),
            Some(("a test".into(), "ok".into()))
        );
        assert_eq!(top_level("not ok 4 - b"), Some(("b".into(), "FAIL".into())));
        assert_eq!(
            top_level("ok 5 - c # SKIP no service workers in WebKitGTK's MiniBrowser"),
            Some((
                "c".into(),
                "skipped: no service workers in WebKitGTK's MiniBrowser".into()
            ))
        );
        assert_eq!(top_level("    ok 1 - a subtest"), None);
        assert_eq!(top_level("# pass 3"), None);
    }
}
