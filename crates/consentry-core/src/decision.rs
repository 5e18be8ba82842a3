//! Decisions: may this category, service or URL run now, and why (not).

use crate::consent::{Choice, Consent};
use crate::gcm::{GcmState, GcmType};
use crate::policy::{DntMode, GpcScope, Policy, UrlOwner};
use crate::record::{Stale, Stored};
use crate::region::Regime;
use crate::signals::Signals;
use serde::{Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

/// The answer for one category, service or URL, with its reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Decision {
    /// Allowed: strictly necessary.
    Mandatory,
    /// Allowed: the visitor granted it.
    Granted,
    /// Allowed: opt-out regime and the visitor has not opted out.
    OptOutDefault,
    /// Allowed: notice-only regime.
    NoticeOnly,
    /// Allowed: the URL belongs to no known service (first party or unlisted).
    Unlisted,
    /// Blocked: no choice made yet (opt-in regime).
    NoConsent,
    /// Blocked: the visitor refused it.
    Refused,
    /// Blocked: Global Privacy Control opt-out of sale/sharing.
    Gpc,
    /// Blocked: Do Not Track, honoured by the policy as an opt-out.
    Dnt,
    /// Blocked: the stored consent has expired.
    Expired,
    /// Blocked: the policy revision changed since consent was given.
    RevisionChanged,
    /// Blocked: the stored consent is unreadable, truncated or tampered with.
    InvalidConsent,
    /// Blocked: no such category or service in the policy.
    Unknown,
    /// Blocked: a URL whose host cannot be read safely.
    UnreadableUrl,
}

impl Decision {
    /// Whether it may run.
    pub fn is_allowed(self) -> bool {
        matches!(
            self,
            Decision::Mandatory
                | Decision::Granted
                | Decision::OptOutDefault
                | Decision::NoticeOnly
                | Decision::Unlisted
        )
    }

    /// Stable name of the reason, e.g. `no-consent`.
    pub fn reason(self) -> &'static str {
        match self {
            Decision::Mandatory => "mandatory",
            Decision::Granted => "granted",
            Decision::OptOutDefault => "opt-out-default",
            Decision::NoticeOnly => "notice-only",
            Decision::Unlisted => "unlisted",
            Decision::NoConsent => "no-consent",
            Decision::Refused => "refused",
            Decision::Gpc => "gpc",
            Decision::Dnt => "dnt",
            Decision::Expired => "expired",
            Decision::RevisionChanged => "revision-changed",
            Decision::InvalidConsent => "invalid-consent",
            Decision::Unknown => "unknown",
            Decision::UnreadableUrl => "unreadable-url",
        }
    }
}

impl fmt::Display for Decision {
    /// `allow:granted`, `block:no-consent`, …
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verb = if self.is_allowed() { "allow" } else { "block" };
        f.write_str(verb)?;
        f.write_str(":")?;
        f.write_str(self.reason())
    }
}

impl Serialize for Decision {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The policy a [`Decider`] reads: borrowed, or shared so the decider can
/// live on its own (in a browser engine or a request extension).
#[derive(Debug, Clone)]
enum PolicyRef<'p> {
    Borrowed(&'p Policy),
    Shared(Arc<Policy>),
}

impl std::ops::Deref for PolicyRef<'_> {
    type Target = Policy;
    fn deref(&self) -> &Policy {
        match self {
            PolicyRef::Borrowed(p) => p,
            PolicyRef::Shared(p) => p,
        }
    }
}

/// Every decision for one visitor at one moment: computed once per page view
/// or request, then each query is a lookup.
#[derive(Debug, Clone)]
pub struct Decider<'p> {
    policy: PolicyRef<'p>,
    stored: Stored,
    regime: Regime,
    /// Applicable opt-out signals.
    gpc: bool,
    dnt: bool,
    /// The decision for a category nobody chose for.
    default: Decision,
    /// Computed up front (few); services are derived on demand from these,
    /// so a request that asks about one URL pays for one service, not all.
    categories: Vec<Decision>,
}

impl<'p> Decider<'p> {
    /// Decides from what the consent cookie held and the current signals.
    pub fn new(policy: &'p Policy, stored: Stored, signals: &Signals) -> Decider<'p> {
        Decider::build(PolicyRef::Borrowed(policy), stored, signals)
    }

    /// Like [`Decider::new`], sharing ownership of the policy.
    pub fn shared(policy: Arc<Policy>, stored: Stored, signals: &Signals) -> Decider<'static> {
        Decider::build(PolicyRef::Shared(policy), stored, signals)
    }

    fn build(policy: PolicyRef<'p>, stored: Stored, signals: &Signals) -> Decider<'p> {
        let regime = policy.regime_for(signals.region.as_ref());
        let applies = policy.gpc == GpcScope::Everywhere || regime == Regime::OptOut;
        let default = match (regime, &stored) {
            (Regime::OptOut, _) => Decision::OptOutDefault,
            (Regime::NoticeOnly, _) => Decision::NoticeOnly,
            (Regime::OptIn, Stored::Stale(_, Stale::Expired)) => Decision::Expired,
            (Regime::OptIn, Stored::Stale(_, Stale::RevisionChanged)) => Decision::RevisionChanged,
            (Regime::OptIn, Stored::Invalid(_)) => Decision::InvalidConsent,
            (Regime::OptIn, _) => Decision::NoConsent,
        };
        let mut d = Decider {
            gpc: signals.gpc && applies,
            dnt: signals.dnt && applies && policy.dnt == DntMode::OptOut,
            policy,
            stored,
            regime,
            default,
            categories: Vec::new(),
        };
        d.categories = (0..d.policy.categories.len())
            .map(|i| {
                let c = &d.policy.categories[i];
                if c.mandatory {
                    return Decision::Mandatory;
                }
                d.resolve(d.choice(|r| r.category_choice(i)), c.opt_out)
            })
            .collect();
        d
    }

    /// The recorded choice: from a valid record, or only a refusal from a
    /// stale one (an opt-out is never lost; an old grant never counts).
    fn choice(&self, of: impl Fn(&Consent) -> Choice) -> Choice {
        match &self.stored {
            Stored::Valid(c) => of(c),
            Stored::Stale(c, _) => match of(c) {
                Choice::Refused => Choice::Refused,
                _ => Choice::Unset,
            },
            _ => Choice::Unset,
        }
    }

    /// Each applicable opt-out signal refuses `optOut` categories; a grant
    /// beats a signal only if the visitor made it with that same signal on.
    fn resolve(&self, choice: Choice, opt_out: bool) -> Decision {
        let record = match &self.stored {
            Stored::Valid(c) | Stored::Stale(c, _) => Some(c),
            _ => None,
        };
        let gpc_blocks = opt_out && self.gpc;
        let dnt_blocks = opt_out && self.dnt;
        match choice {
            Choice::Refused => Decision::Refused,
            Choice::Granted if gpc_blocks && !record.is_some_and(|r| r.gpc) => Decision::Gpc,
            Choice::Granted if dnt_blocks && !record.is_some_and(|r| r.dnt) => Decision::Dnt,
            Choice::Granted => Decision::Granted,
            Choice::Unset if gpc_blocks => Decision::Gpc,
            Choice::Unset if dnt_blocks => Decision::Dnt,
            Choice::Unset => self.default,
        }
    }

    /// Reads the consent cookie value and decides.
    pub fn from_cookie(
        policy: &'p Policy,
        cookie: Option<&str>,
        signals: &Signals,
        now: u64,
    ) -> Decider<'p> {
        Decider::new(policy, Stored::read(cookie, policy, now), signals)
    }

    /// The policy decided against.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The regime in force for this visitor.
    pub fn regime(&self) -> Regime {
        self.regime
    }

    /// What the consent cookie held.
    pub fn stored(&self) -> &Stored {
        &self.stored
    }

    /// Decision for a category id.
    pub fn category(&self, id: &str) -> Decision {
        self.policy
            .category(id)
            .map_or(Decision::Unknown, |(i, _)| self.categories[i])
    }

    /// Decision for the category at this index.
    pub fn category_at(&self, index: usize) -> Decision {
        self.categories
            .get(index)
            .copied()
            .unwrap_or(Decision::Unknown)
    }

    /// Decision for a service id.
    pub fn service(&self, id: &str) -> Decision {
        self.policy
            .service(id)
            .map_or(Decision::Unknown, |(i, _)| self.service_at(i))
    }

    /// Decision for the service at this index: its own recorded choice if
    /// any, else its category's decision.
    pub fn service_at(&self, index: usize) -> Decision {
        let Some(s) = self.policy.services.get(index) else {
            return Decision::Unknown;
        };
        let cat = &self.policy.categories[s.category];
        if cat.mandatory {
            return Decision::Mandatory;
        }
        match self.choice(|r| r.service_choice(index)) {
            Choice::Unset => self.categories[s.category],
            c => self.resolve(c, cat.opt_out),
        }
    }

    /// Decision for a URL: that of the service it loads from; `Unlisted` for
    /// relative URLs and hosts of no known service.
    pub fn url(&self, url: &str) -> Decision {
        match self.policy.service_for_url(url) {
            UrlOwner::Service(s) => self.service_at(s),
            UrlOwner::Unlisted => Decision::Unlisted,
            UrlOwner::Unreadable => Decision::UnreadableUrl,
        }
    }

    /// Decision for a category id, a service id, or a URL. With a scheme or a
    /// leading `/` or `.` it is a URL; otherwise, if its first segment has a
    /// dot (`cdn.example.com/x.js`, `example.com`), a host and path — never a
    /// relative path, so a tracker named without its scheme is still found.
    pub fn decide(&self, what: &str) -> Decision {
        if let Some((i, _)) = self.policy.category(what) {
            return self.categories[i];
        }
        if let Some((i, _)) = self.policy.service(what) {
            return self.service_at(i);
        }
        let first = what.split(['/', '?', '#']).next().unwrap_or("");
        if what.contains(':') || what.starts_with(['/', '.', '\\']) {
            self.url(what)
        } else if first.contains('.') {
            self.url(&crate::text::concat(&["//", what]))
        } else {
            Decision::Unknown
        }
    }

    /// [`Decider::decide`] for a page whose base URL is `base`: a relative URL
    /// (`/x`, `./x`, `../x`) is read against it, as the browser would fetch it,
    /// so a `<base href>` on a tracker's host is no way around a decision.
    pub fn decide_at(&self, what: &str, base: &str) -> Decision {
        self.decide(&resolve_url(what, base))
    }

    /// Whether the banner (or, in opt-out regimes, the notice) must be shown:
    /// no valid record, or (opt-in) a category the visitor was never asked about.
    pub fn banner_needed(&self) -> bool {
        match &self.stored {
            Stored::Valid(c) => {
                self.regime == Regime::OptIn
                    && self
                        .policy
                        .categories
                        .iter()
                        .enumerate()
                        .any(|(i, cat)| !cat.mandatory && c.category_choice(i) == Choice::Unset)
            }
            _ => true,
        }
    }

    /// Google Consent Mode v2 state: a type is granted when a category mapped to it is allowed.
    pub fn gcm(&self) -> GcmState {
        let mut st = GcmState::default();
        st.grant(GcmType::SecurityStorage);
        for (cat, d) in self.policy.categories.iter().zip(&self.categories) {
            if d.is_allowed() {
                for t in &cat.gcm {
                    st.grant(*t);
                }
            }
        }
        st
    }

    /// Whether a cookie (or storage key) of this name may exist now: false when
    /// it belongs to a blocked service and to no allowed one. The consent
    /// cookie itself is always allowed.
    pub fn cookie_allowed(&self, name: &str) -> bool {
        if name == self.policy.cookie.name {
            return true;
        }
        self.owner_allowed(name, |s| &s.cookies)
    }

    /// Like [`Decider::cookie_allowed`] for localStorage/sessionStorage keys.
    pub fn storage_allowed(&self, key: &str) -> bool {
        self.owner_allowed(key, |s| &s.storage)
    }

    fn owner_allowed(
        &self,
        name: &str,
        patterns: impl Fn(&crate::Service) -> &Vec<crate::CookiePattern>,
    ) -> bool {
        let mut blocked = false;
        for (i, s) in self.policy.services.iter().enumerate() {
            if patterns(s).iter().any(|p| p.matches(name)) {
                if self.service_at(i).is_allowed() {
                    return true;
                }
                blocked = true;
            }
        }
        !blocked
    }

    /// Of the cookie names present, those to delete now (after a withdrawal, or
    /// left over from before consent); each name once, in first-seen order.
    pub fn cookies_to_clear<'a>(&self, present: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
        unique_where(present, |n| !self.cookie_allowed(n))
    }

    /// Of the storage keys present, those to delete now; each key once.
    pub fn storage_to_clear<'a>(&self, present: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
        unique_where(present, |k| !self.storage_allowed(k))
    }
}

fn unique_where<'a>(
    items: impl IntoIterator<Item = &'a str>,
    keep: impl Fn(&str) -> bool,
) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for n in items {
        if !out.contains(&n) && keep(n) {
            out.push(n);
        }
    }
    out
}

/// `what` read against a page's base URL when it is a relative URL (`/x`,
/// `./x`, `../x`), else as it is.
fn resolve_url<'a>(what: &'a str, base: &str) -> Cow<'a, str> {
    let rooted = what.starts_with('/') && !what.starts_with("//");
    let dotted = what.starts_with("./") || what.starts_with("../");
    match origin_of(base) {
        Some(origin) if rooted => Cow::Owned(crate::text::concat(&[origin, what])),
        Some(origin) if dotted => Cow::Owned(crate::text::concat(&[origin, "/", what])),
        _ => Cow::Borrowed(what),
    }
}

/// `scheme://authority` of an absolute URL, if it is one.
fn origin_of(base: &str) -> Option<&str> {
    // Bytes, not `str::find("://")`: a substring searcher costs kilobytes of wasm.
    let b = base.as_bytes();
    let start = b.windows(3).position(|w| w == b"://")? + 3;
    let mut end = start;
    while end < b.len() && !matches!(b[end], b'/' | b'?' | b'#') {
        end += 1;
    }
    base.get(..end)
}
