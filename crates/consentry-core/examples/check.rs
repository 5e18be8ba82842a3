//! Validates policy files the way every Consentry runtime will read them.
//!
//! `cargo run -p consentry-core --example check -- policy.json [more.json …]`
//!
//! Prints every problem with its JSON path, or a summary of what the policy
//! holds and what a first visitor from the EU, from California with Global
//! Privacy Control, and from elsewhere gets. Exits non-zero if any file is
//! invalid, so it can guard a site's CI.

use consentry_core::{Decider, Policy, Region, Signals};
use std::process::ExitCode;

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: check <policy.json>…");
        return ExitCode::from(2);
    }
    let mut ok = true;
    for path in &paths {
        match std::fs::read_to_string(path).map_err(|e| e.to_string()) {
            Err(e) => {
                ok = false;
                eprintln!("{path}: cannot read: {e}");
            }
            Ok(text) => match Policy::from_json(&text) {
                Err(e) => {
                    ok = false;
                    eprintln!("{path}: invalid\n{e}");
                }
                Ok(policy) => summary(path, &policy),
            },
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn summary(path: &str, policy: &Policy) {
    let catalog = policy.services().iter().filter(|s| s.from_catalog).count();
    println!(
        "{path}: valid (revision {}; {} services, {catalog} from the catalog)",
        policy.revision(),
        policy.services().len()
    );
    for (i, c) in policy.categories().iter().enumerate() {
        let services: Vec<&str> = policy
            .services()
            .iter()
            .filter(|s| s.category == i)
            .map(|s| &*s.id)
            .collect();
        println!("  {:<14} {}", c.id, services.join(", "));
    }
    for (who, region, gpc) in [
        ("EU (DE)", "DE", false),
        ("California + GPC", "US-CA", true),
        ("elsewhere (BR)", "BR", false),
    ] {
        let signals = Signals {
            gpc,
            dnt: false,
            region: Region::parse(region),
        };
        let d = Decider::from_cookie(policy, None, &signals, 0);
        let allowed: Vec<&str> = policy
            .categories()
            .iter()
            .filter(|c| d.category(&c.id).is_allowed())
            .map(|c| c.id.as_str())
            .collect();
        println!(
            "  first visit, {who:<17} regime {:<11} banner {:<5} allowed: {}",
            d.regime().to_string(),
            d.banner_needed(),
            allowed.join(", ")
        );
    }
}
