//! `consentry check policy.json`: validates a policy like the engine does.

use crate::error::Error;
use consentry_core::{Policy, Region};
use std::path::PathBuf;

/// Validate a policy file.
#[derive(clap::Args)]
pub struct Args {
    /// The policy file (JSON).
    policy: PathBuf,
}

pub fn run(a: Args) -> Result<(), Error> {
    let text = std::fs::read_to_string(&a.policy)
        .map_err(|e| Error::Input(format!("{}: {e}", a.policy.display())))?;
    let policy = match Policy::from_json(&text) {
        Ok(p) => p,
        Err(consentry_core::Error::Json(e)) => {
            return Err(Error::Input(format!(
                "{}: not JSON: {e}",
                a.policy.display()
            )))
        }
        Err(e) => {
            for p in e.problems() {
                println!("{}: {}", a.policy.display(), p);
            }
            return Err(Error::Failed(format!(
                "{}: {} problem(s)",
                a.policy.display(),
                e.problems().len()
            )));
        }
    };
    let ui_problems = consentry_core::ui::Settings::from_policy(&policy).problems;
    for p in &ui_problems {
        println!(
            "{}: warning: {}: {} (its default is used)",
            a.policy.display(),
            p.path,
            p.message
        );
    }
    println!(
        "{}: valid (revision {}, {} categories, {} services of which {} from the catalog)",
        a.policy.display(),
        policy.revision(),
        policy.categories().len(),
        policy.services().len(),
        policy.services().iter().filter(|s| s.from_catalog).count()
    );
    for r in ["DE", "US-CA", "JP"] {
        let regime = policy.regime_for(Region::parse(r).as_ref());
        println!("  regime in {r}: {}", regime.as_str());
    }
    println!("  policy hash: {}", policy.canonical_hash());
    Ok(())
}
