//! `consentry decide`: what the engine decides for URLs, categories and
//! services, given the visitor's consent (a cookie, or a choice) and signals.

use crate::error::Error;
use consentry_core::{record, Consent, ConsentId, Decider, Region, Signals, Stored};
use std::path::PathBuf;

/// Decide for URLs, categories or services.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  consentry decide --policy policy.json --region DE https://www.google-analytics.com/g/collect
  consentry decide --policy policy.json --grant performance --region DE performance targeting
  consentry decide --policy policy.json --cookie \"$COOKIE\" --gpc meta-pixel")]
pub struct Args {
    /// The policy file (JSON).
    #[arg(long)]
    policy: PathBuf,
    /// URLs (`https://…`, `/path`, `cdn.example.com/x.js`), category ids or service ids.
    #[arg(required = true)]
    what: Vec<String>,
    /// The consent cookie's value, as the browser stores it.
    #[arg(long, conflicts_with_all = ["accept_all", "reject_all", "grant"])]
    cookie: Option<String>,
    /// Decide as if the visitor accepted all.
    #[arg(long, conflicts_with_all = ["reject_all", "grant"])]
    accept_all: bool,
    /// Decide as if the visitor rejected all.
    #[arg(long, conflicts_with = "grant")]
    reject_all: bool,
    /// Decide as if the visitor granted these categories only (comma-separated).
    #[arg(long, value_delimiter = ',')]
    grant: Vec<String>,
    /// The visitor's region (`DE`, `US-CA`); unknown when left out.
    #[arg(long)]
    region: Option<String>,
    /// Global Privacy Control is on.
    #[arg(long)]
    gpc: bool,
    /// Do Not Track is on.
    #[arg(long)]
    dnt: bool,
    /// Print one JSON object instead of lines.
    #[arg(long)]
    json: bool,
}

pub fn run(a: Args) -> Result<(), Error> {
    let policy = crate::policy::load(&a.policy)?;
    let region = match &a.region {
        None => None,
        Some(r) => Some(
            Region::parse(r).ok_or_else(|| Error::Input(format!("not a region code: `{r}`")))?,
        ),
    };
    let signals = Signals {
        gpc: a.gpc,
        dnt: a.dnt,
        region,
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let id = ConsentId([0; 16]);
    let consent = if a.accept_all {
        Some(Consent::accept_all(&policy, id, now, &signals))
    } else if a.reject_all {
        Some(Consent::reject_all(&policy, id, now, &signals))
    } else if !a.grant.is_empty() {
        let grant = a.grant.iter().map(String::as_str);
        Some(
            Consent::custom(&policy, id, now, &signals, grant, [])
                .map_err(|e| Error::Input(e.to_string()))?,
        )
    } else {
        None
    };
    let stored = match (&a.cookie, &consent) {
        (Some(c), _) => Stored::read(Some(c), &policy, now),
        (None, Some(c)) => Stored::read(Some(&record::encode(c, &policy)), &policy, now),
        (None, None) => Stored::read(None, &policy, now),
    };
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
