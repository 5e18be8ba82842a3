//! The preferences dialog's data (`pkg/dist/consentry-dialog.json`), built
//! by `dist` from consentry-core and not committed: `cargo xtask test` checks
//! that the built file is exactly what the core generates now and runs the
//! core's browser-build side (no `dialog-data` feature) against it.

use crate::dist::DIALOG;
use std::path::Path;

/// After `dist`: the file equals `consentry_core::dialog::generate()`, and
/// the feature-off core installs it (~40 s: the core's tests under other
/// features).
pub fn check(dist: &Path, totals: &mut (u64, u64)) -> Result<(), String> {
    let path = dist.join(DIALOG);
    let built = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    if built != consentry_core::dialog::generate() {
        return Err(format!(
            "{} differs from consentry_core::dialog::generate(); run `cargo xtask dist`",
            path.display()
        ));
    }
    crate::run_tests(
        &[
            "test",
            "-p",
            "consentry-core",
            "--no-default-features",
            "--features",
            "json",
            "--lib",
            "dialog::without",
            "--",
            "--ignored",
        ],
        &[("CONSENTRY_DIALOG_DATA", &path.to_string_lossy())],
        totals,
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_dialog_data_is_generated_deterministically_from_the_core() {
        let text = consentry_core::dialog::generate();
        assert_eq!(text, consentry_core::dialog::generate());
        consentry_core::dialog::parse(&text).expect("the generated data reads back");
        assert!(text.contains("\"Google LLC\"") && text.contains("\"Auswahl speichern\""));
    }
}
