//! libFuzzer with coverage instrumentation on stable Rust: the same
//! sanitizer-coverage flags cargo-fuzz passes, minus the nightly-only sanitizers.

use crate::root;

const TARGETS: [&str; 10] = [
    "cookie_decode",
    "json_read",
    "policy_parse",
    "url_decide",
    "receipt_read",
    "iab_tc_decode",
    "iab_gpp_decode",
    "markup_judge",
    "html_rewrite",
    "style_hold",
];
const FLAGS: &str = "--cfg fuzzing -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
    -Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
    -Cllvm-args=-sanitizer-coverage-trace-compares -Cdebug-assertions -Coverflow-checks";
const HOST: &str = "x86_64-unknown-linux-gnu";

pub fn run(target: Option<&str>, secs: Option<&str>) -> Result<(), String> {
    let secs = secs.unwrap_or("60");
    secs.parse::<u32>()
        .map_err(|_| format!("not a number of seconds: {secs}"))?;
    let targets: Vec<&str> = match target {
        None | Some("all") => TARGETS.to_vec(),
        Some(t) if TARGETS.contains(&t) => vec![t],
        Some(t) => return Err(format!("unknown fuzz target {t} (one of {TARGETS:?})")),
    };
    // An explicit --target keeps the flags off build scripts and proc macros.
    crate::run(
        "cargo",
        &[
            "build",
            "--release",
            "--manifest-path",
            "fuzz/Cargo.toml",
            "--bins",
            "--target",
            HOST,
            "--target-dir",
            "fuzz/target/instrumented",
        ],
        &[("RUSTFLAGS", FLAGS)],
    )?;
    for t in targets {
        let corpus = root().join("fuzz/corpus").join(t);
        std::fs::create_dir_all(&corpus).map_err(|e| e.to_string())?;
        let bin = format!("fuzz/target/instrumented/{HOST}/release/{t}");
        let corpus = corpus.to_string_lossy().into_owned();
        let time = format!("-max_total_time={secs}");
        // Committed seeds (read, never written) beside the growing corpus.
        let seeds = root().join("fuzz/seeds").join(t);
        let seeds = seeds.to_string_lossy().into_owned();
        let mut args = vec![
            time.as_str(),
            "-max_len=4096",
            "-print_final_stats=1",
            &corpus,
        ];
        if std::path::Path::new(&seeds).is_dir() {
            args.push(&seeds);
        }
        crate::run(&bin, &args, &[])?;
    }
    Ok(())
}
