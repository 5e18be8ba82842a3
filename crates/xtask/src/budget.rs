//! The size budget of the built files (`pkg/size-budget.json`, brotli bytes):
//! `cargo xtask test` and `cargo xtask size` fail when a file outgrows it, so
//! growth is a decision made in review, not an accident.

use crate::root;
use std::path::Path;

const BUDGET: &str = "pkg/size-budget.json";

/// Files over budget, as messages; empty when all fit. Reads the budget from
/// JSON `{ "<file>": <max brotli bytes>, … }` (keys starting with `$` are notes).
pub fn over(
    budget_json: &str,
    brotli_of: impl Fn(&str) -> Result<usize, String>,
) -> Result<Vec<String>, String> {
    let budget: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(budget_json).map_err(|e| format!("{BUDGET}: {e}"))?;
    let mut over = Vec::new();
    for (file, max) in budget.iter().filter(|(k, _)| !k.starts_with('$')) {
        let max = max
            .as_u64()
            .ok_or_else(|| format!("{BUDGET}: `{file}` must be a number of bytes"))?;
        let actual = brotli_of(file)? as u64;
        if actual > max {
            over.push(format!(
                "{file}: {actual} bytes brotli, budget {max} (+{})",
                actual - max
            ));
        }
    }
    if budget.keys().all(|k| k.starts_with('$')) {
        return Err(format!("{BUDGET}: no file budgets"));
    }
    Ok(over)
}

/// Checks the built files in `dist` against the budget, printing each figure.
pub fn check(dist_dir: &Path) -> Result<(), String> {
    let path = root().join(BUDGET);
    let json = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let over = over(&json, |file| {
        let (_, _, br) = crate::size::sizes(&dist_dir.join(file))?;
        println!("size budget: {file} = {br} bytes brotli");
        Ok(br)
    })?;
    if over.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "over the size budget ({BUDGET}):\n  {}",
            over.join("\n  ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::over;

    #[test]
    fn a_file_over_its_budget_is_reported() {
        let sizes = |f: &str| Ok(if f == "a.js" { 101 } else { 50 });
        let json = r#"{ "$note": "x", "a.js": 100, "b.wasm": 50 }"#;
        let o = over(json, sizes).unwrap();
        assert_eq!(o, ["a.js: 101 bytes brotli, budget 100 (+1)"]);
        assert!(over(r#"{ "a.js": 101 }"#, sizes).unwrap().is_empty());
    }

    #[test]
    fn a_broken_budget_is_an_error_not_a_pass() {
        let sizes = |_: &str| Ok(1);
        assert!(over("{", sizes).is_err());
        assert!(over(r#"{ "a.js": "big" }"#, sizes).is_err());
        assert!(over(r#"{ "$note": "only notes" }"#, sizes).is_err());
        assert!(over(r#"{ "gone.js": 10 }"#, |_| Err("gone.js: missing".into())).is_err());
    }
}
