//! What each mechanism of the guard weighs: `pkg/src/guard.js` cut at its
//! comment blocks (the sections it is written in), each section's marginal
//! brotli bytes over everything before it (comments and indentation
//! dropped, the generated tables and host matching first). Unminified, so
//! the figures are proportions of the minified guard, not its bytes.

use crate::root;
use std::io::Write;
use std::process::{Command, Stdio};

fn brotli(text: &str) -> Result<usize, String> {
    let mut child = Command::new("brotli")
        .args(["-q", "11", "-c"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("brotli: {e}"))?;
    child
        .stdin
        .take()
        .ok_or("brotli: no stdin")?
        .write_all(text.as_bytes())
        .map_err(|e| format!("brotli: {e}"))?;
    let out = child
        .wait_with_output()
        .map_err(|e| format!("brotli: {e}"))?;
    Ok(out.stdout.len())
}

/// Code lines only: no comments, no indentation.
fn code(lines: &[&str]) -> String {
    lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// (first line of the section's comment, line number, marginal brotli bytes).
pub fn sections() -> Result<Vec<(String, usize, usize)>, String> {
    let read = |p: &str| std::fs::read_to_string(root().join(p)).map_err(|e| format!("{p}: {e}"));
    let tables = read(crate::tables::FILE)? + &read("pkg/src/guard-match.js")?;
    let guard = read("pkg/src/guard.js")?;
    let lines: Vec<&str> = guard.lines().collect();
    // A section starts where a comment block at function or patch() depth
    // (indent 2 or 4) follows code.
    let mut starts = vec![0];
    for i in 1..lines.len() {
        let l = lines[i];
        let indent = l.len() - l.trim_start().len();
        let comment = l.trim_start().starts_with("//");
        let after_code = !lines[i - 1].trim_start().starts_with("//");
        if comment && after_code && (indent == 2 || indent == 4) {
            starts.push(i);
        }
    }
    starts.push(lines.len());
    let tl: Vec<&str> = tables.lines().collect();
    let mut prev = brotli(&code(&tl))?;
    let mut out = vec![(
        "(guard-tables.js + guard-match.js) tables and host matching".to_string(),
        0,
        prev,
    )];
    for w in starts.windows(2) {
        let upto: Vec<&str> = tl.iter().chain(&lines[..w[1]]).copied().collect();
        let n = brotli(&code(&upto))?;
        let title = lines[w[0]]
            .trim_start()
            .trim_start_matches('/')
            .trim_matches(|c: char| c == ' ' || c == '-');
        let title: String = title.chars().take(60).collect();
        out.push((title, w[0] + 1, n.saturating_sub(prev)));
        prev = n;
    }
    Ok(out)
}

/// Prints [`sections`] with their share.
pub fn report() -> Result<(), String> {
    let s = sections()?;
    let total: usize = s.iter().map(|x| x.2).sum();
    println!("\nThe guard by section (unminified, marginal brotli bytes; total {total}):");
    for (title, line, bytes) in &s {
        let at = if *line == 0 {
            String::new()
        } else {
            format!("guard.js:{line}")
        };
        println!(
            "  {bytes:>5}  {:>4.1}%  {at:<13} {title}",
            *bytes as f64 * 100.0 / total as f64
        );
    }
    Ok(())
}
