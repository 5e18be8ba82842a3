//! The visitor a subcommand judges for: a consent (cookie or choice), the
//! signals and request headers, and the time. Shared by `decide` and `iab strings`.

use crate::error::Error;
use consentry_core::request::{self, RegionPair};
use consentry_core::{record, Consent, ConsentId, Policy, Region, Signals, Stored};

/// The visitor's consent, signals and headers.
#[derive(clap::Args)]
pub struct VisitorArgs {
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
}

impl VisitorArgs {
    /// The signals, the stored consent and the time (Unix seconds).
    pub fn resolve(&self, policy: &Policy) -> Result<(Signals, Stored, u64), Error> {
        let region = match &self.region {
            None => None,
            Some(r) => Some(
                Region::parse(r)
                    .ok_or_else(|| Error::Input(format!("not a region code: `{r}`")))?,
            ),
        };
        let headers = self
            .headers
            .iter()
            .map(|h| {
                h.split_once(':')
                    .map(|(n, v)| (n.trim().to_owned(), v.trim().as_bytes().to_vec()))
                    .filter(|(n, _)| !n.is_empty())
                    .ok_or_else(|| Error::Input(format!("not a header (`Name: value`): `{h}`")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let pairs = self
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
            gpc: self.gpc || from_headers.gpc,
            dnt: self.dnt || from_headers.dnt,
            region: region.or(from_headers.region),
        };
        let now = self.now.unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        });
        let id = ConsentId([0; 16]);
        let consent = if self.accept_all {
            Some(Consent::accept_all(policy, id, now, &signals))
        } else if self.reject_all {
            Some(Consent::reject_all(policy, id, now, &signals))
        } else if !self.grant.is_empty() {
            let grant = self.grant.iter().map(String::as_str);
            Some(
                Consent::custom(policy, id, now, &signals, grant, [])
                    .map_err(|e| Error::Input(e.to_string()))?,
            )
        } else {
            None
        };
        let stored = match (&self.cookie, &consent) {
            (Some(c), _) => Stored::read(Some(c), policy, now),
            (None, Some(c)) => Stored::read(Some(&record::encode(c, policy)), policy, now),
            (None, None) if !headers.is_empty() => {
                request::cookie_header(&headers).stored(policy, now)
            }
            (None, None) => Stored::read(None, policy, now),
        };
        Ok((signals, stored, now))
    }
}
