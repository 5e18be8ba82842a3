//! `consentry decide`: what the engine decides for URLs, categories and
//! services, given the visitor's consent (a cookie, or a choice) and signals.

use crate::error::Error;
use consentry_core::Decider;
use std::path::PathBuf;

/// Decide for URLs, categories or services.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  consentry decide --policy policy.json --region DE https://www.google-analytics.com/g/collect
  consentry decide --policy policy.json --grant performance --region DE performance targeting
  consentry decide --policy policy.json --cookie \"$COOKIE\" --gpc meta-pixel
  consentry decide --policy policy.json --region-headers cloudflare \\
    -H 'Sec-GPC: 1' -H 'CF-IPCountry: US' -H 'CF-Region-Code: CA' targeting")]
pub struct Args {
    /// The policy file (JSON).
    #[arg(long)]
    policy: PathBuf,
    /// URLs (`https://…`, `/path`, `cdn.example.com/x.js`), category ids or service ids.
    #[arg(required = true)]
    what: Vec<String>,
    #[command(flatten)]
    visitor: crate::visitor::VisitorArgs,
    /// Print one JSON object instead of lines.
    #[arg(long)]
    json: bool,
}

pub fn run(a: Args) -> Result<(), Error> {
    let policy = crate::policy::load(&a.policy)?;
    let (signals, stored, _now) = a.visitor.resolve(&policy)?;
    let d = Decider::new(&policy, stored, &signals);
    let decisions: Vec<(String, String)> = a
        .what
        .iter()
        .map(|w| (w.clone(), d.decide(w).to_string()))
        .collect();
    if a.json {
        let v = serde_json::json!({
            "regime": d.regime().as_str(),
            "consent": d.stored().status(),
            "bannerNeeded": d.banner_needed(),
            "signals": {
                "gpc": signals.gpc,
                "dnt": signals.dnt,
                "region": signals.region.as_ref().map(|r| r.as_str()),
            },
            "decisions": decisions.iter().map(|(w, v)| serde_json::json!({ "what": w, "decision": v })).collect::<Vec<_>>(),
        });
        println!("{v}");
    } else {
        println!(
            "regime {}, consent {}, banner {}",
            d.regime().as_str(),
            d.stored().status(),
            if d.banner_needed() {
                "needed"
            } else {
                "not needed"
            }
        );
        for (w, v) in decisions {
            println!("{v}\t{w}");
        }
    }
    Ok(())
}
