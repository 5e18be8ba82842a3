//! The visitor's consent: a choice per category and per service, plus the
//! facts needed to prove it later (when, under which revision, regime and
//! signals, with a random id).

use crate::error::Error;
use crate::policy::Policy;
use crate::region::{Regime, Region};
use crate::signals::Signals;
use std::fmt;

/// What the visitor said about one category or service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Choice {
    /// Nothing said (a service then follows its category).
    #[default]
    Unset,
    /// Granted.
    Granted,
    /// Refused.
    Refused,
}

/// Random id of one consent record, for the site's proof-of-consent log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ConsentId(pub [u8; 16]);

impl fmt::Display for ConsentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

/// A consent record, tied to the policy it was made under (choices are kept
/// by category/service index of that policy).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consent {
    /// Random id (the caller supplies the randomness: `crypto.getRandomValues`, `getrandom`).
    pub id: ConsentId,
    /// When the choice was made, Unix seconds.
    pub timestamp: u64,
    /// Policy revision it was made under.
    pub revision: u32,
    /// Regime that applied.
    pub regime: Regime,
    /// GPC was on when the choice was made (a grant then overrides GPC knowingly).
    pub gpc: bool,
    /// DNT was on when the choice was made.
    pub dnt: bool,
    /// Region, if known.
    pub region: Option<Region>,
    pub(crate) categories: Vec<Choice>,
    pub(crate) services: Vec<Choice>,
}

impl Consent {
    /// A record with nothing chosen yet (mandatory is always granted).
    pub fn new(policy: &Policy, id: ConsentId, now: u64, signals: &Signals) -> Consent {
        let categories = policy
            .categories
            .iter()
            .map(|c| {
                if c.mandatory {
                    Choice::Granted
                } else {
                    Choice::Unset
                }
            })
            .collect();
        Consent {
            id,
            timestamp: now,
            revision: policy.revision,
            regime: policy.regime_for(signals.region.as_ref()),
            gpc: signals.gpc,
            dnt: signals.dnt,
            region: signals.region.clone(),
            categories,
            services: vec![Choice::Unset; policy.services.len()],
        }
    }

    /// Every category granted.
    pub fn accept_all(policy: &Policy, id: ConsentId, now: u64, signals: &Signals) -> Consent {
        let mut c = Consent::new(policy, id, now, signals);
        c.categories.fill(Choice::Granted);
        c
    }

    /// Every category but `mandatory` refused.
    pub fn reject_all(policy: &Policy, id: ConsentId, now: u64, signals: &Signals) -> Consent {
        let mut c = Consent::new(policy, id, now, signals);
        for (choice, cat) in c.categories.iter_mut().zip(&policy.categories) {
            *choice = if cat.mandatory {
                Choice::Granted
            } else {
                Choice::Refused
            };
        }
        c
    }

    /// The visitor's own selection, as saved from a preferences dialog: the
    /// listed categories granted, every other one refused, plus per-service
    /// choices that override their category.
    pub fn custom<'a>(
        policy: &Policy,
        id: ConsentId,
        now: u64,
        signals: &Signals,
        categories: impl IntoIterator<Item = &'a str>,
        services: impl IntoIterator<Item = (&'a str, bool)>,
    ) -> Result<Consent, Error> {
        let mut c = Consent::reject_all(policy, id, now, signals);
        for cat in categories {
            c.set_category(policy, cat, true)?;
        }
        for (svc, granted) in services {
            c.set_service(policy, svc, granted)?;
        }
        Ok(c)
    }

    /// Grants or refuses one category. Refusing `mandatory` is ignored.
    pub fn set_category(&mut self, policy: &Policy, id: &str, granted: bool) -> Result<(), Error> {
        let (i, cat) = policy.category(id).ok_or_else(|| Error::Unknown {
            kind: "category",
            id: id.into(),
        })?;
        self.categories[i] = if granted || cat.mandatory {
            Choice::Granted
        } else {
            Choice::Refused
        };
        Ok(())
    }

    /// Grants or refuses one service, overriding its category.
    pub fn set_service(&mut self, policy: &Policy, id: &str, granted: bool) -> Result<(), Error> {
        let (i, _) = policy.service(id).ok_or_else(|| Error::Unknown {
            kind: "service",
            id: id.into(),
        })?;
        self.services[i] = if granted {
            Choice::Granted
        } else {
            Choice::Refused
        };
        Ok(())
    }

    /// The choice for the category at this policy index.
    pub fn category_choice(&self, index: usize) -> Choice {
        self.categories.get(index).copied().unwrap_or_default()
    }

    /// The choice for the service at this policy index.
    pub fn service_choice(&self, index: usize) -> Choice {
        self.services.get(index).copied().unwrap_or_default()
    }

    /// Ids of the granted categories.
    pub fn granted_categories<'p>(&self, policy: &'p Policy) -> Vec<&'p str> {
        policy
            .categories
            .iter()
            .zip(&self.categories)
            .filter(|(_, c)| **c == Choice::Granted)
            .map(|(cat, _)| cat.id.as_str())
            .collect()
    }

    /// `(service id, granted)` for every per-service choice.
    pub fn service_choices<'p>(&self, policy: &'p Policy) -> Vec<(&'p str, bool)> {
        policy
            .services
            .iter()
            .zip(&self.services)
            .filter(|(_, c)| **c != Choice::Unset)
            .map(|(s, c)| (&*s.id, *c == Choice::Granted))
            .collect()
    }

    /// Seconds until this record expires under `policy` (0 if it has).
    pub fn remaining_secs(&self, policy: &Policy, now: u64) -> u64 {
        (self.timestamp + policy.lifetime_secs()).saturating_sub(now)
    }
}
