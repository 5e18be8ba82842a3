//! `consentry decide`: what the engine decides for URLs, categories and
//! services, given the visitor's consent (a cookie, or a choice) and signals.

use crate::error::Error;
use consentry_core::request::{self, RegionPair};
use consentry_core::{record, Consent, ConsentId, Decider, Region, Signals, Stored};
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
    /// A request header (`Name: value`, repeatable), read as the server reads
    /// it: `Sec-GPC`, `DNT`, `Cookie` (with the 16 KiB rule) and the trusted
    /// region headers. Adds to `--gpc`/`--dnt`; `--cookie`, `--region` and a
    /// choice take precedence.
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    headers: Vec<String>,
    /// Region header pairs to trust in `--header`s (comma-separated:
    /// cloudflare, cloudfront, vercel).
    #[arg(long, value_delimiter = ',')]
    region_headers: Vec<String>,
    /// Decide at this time (Unix seconds) instead of now: a cookie's expiry,
    /// a policy's re-ask date.
    #[arg(long)]
    now: Option<u64>,
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
    let headers = a
        .headers
        .iter()
        .map(|h| {
            h.split_once(':')
                .map(|(n, v)| (n.trim().to_owned(), v.trim().as_bytes().to_vec()))
                .filter(|(n, _)| !n.is_empty())
                .ok_or_else(|| Error::Input(format!("not a header (`Name: value`): `{h}`")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let pairs = a
        .region_headers
        .iter()
        .map(|n| {
            RegionPair::named(n).ok_or_else(|| {
                Error::Input(format!(
                    "unknown region headers `{n}` (cloudflare, cloudfront, vercel)"
                ))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let from_headers = request::signals(&headers, &pairs);
    let signals = Signals {
        gpc: a.gpc || from_headers.gpc,
        dnt: a.dnt || from_headers.dnt,
        region: region.or(from_headers.region),
    };
    let now = a.now.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    });
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
        (None, None) if !headers.is_empty() => {
            request::cookie_header(&headers).stored(&policy, now)
        }
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
