//! Recording the visitor's choices.

use crate::error::Error;
use consentry_core::{Consent, ConsentId, Policy, Signals};

/// Builds a record for a choice: `accept-all`, `reject-all` or `custom`.
pub(crate) fn choose(
    policy: &Policy,
    kind: &str,
    categories: &[String],
    services: &[(String, bool)],
    id: &[u8],
    now: u64,
    signals: &Signals,
) -> Result<Consent, Error> {
    let id = ConsentId(id.try_into().map_err(|_| Error::ConsentId(id.len()))?);
    Ok(match kind {
        "accept-all" => Consent::accept_all(policy, id, now, signals),
        "reject-all" => Consent::reject_all(policy, id, now, signals),
        "custom" => Consent::custom(
            policy,
            id,
            now,
            signals,
            categories.iter().map(String::as_str),
            services.iter().map(|(s, g)| (s.as_str(), *g)),
        )?,
        other => return Err(Error::Choice(other.into())),
    })
}
