//! Consent receipts: the proof, kept by the site, of one choice a visitor
//! made (GDPR Art. 7(1): the controller must be able to *demonstrate*
//! consent). One receipt per choice: a first choice, a change, a withdrawal,
//! or the opt-out a GPC signal makes.
//!
//! The format (version [`VERSION`]) is described once, in
//! [`schema::RECEIPT_SHAPE`](crate::schema) (with the `schema` feature); the
//! reader here takes its field lists from the same place, and `cargo xtask
//! schema` writes its JSON Schema (`pkg/schema/receipt.schema.json`) and
//! TypeScript types (`pkg/types/receipt.d.ts`) from it.
//!
//! A receipt says who chose (the random consent id of the cookie, never a
//! person), when (the browser's clock, and the server's on arrival), under
//! which policy (revision and SHA-256 of the canonical compiled policy),
//! having seen what (language and SHA-256 of every text the UI can show,
//! the surface), what was chosen (action, categories and services granted
//! and refused), in which circumstances (regime, region, GPC, DNT) and on
//! which page (origin and path; never the query, which can carry personal
//! data). It carries no IP address: the server may add the /24 or /48
//! network and the User-Agent, each off by default.

use crate::consent::{Choice, Consent, ConsentId};
use crate::policy::Policy;
use crate::region::{Regime, Region};
use crate::schema::{Format, ACTIONS, SURFACES};
use std::fmt;
use std::string::String;
use std::vec::Vec;

#[cfg(feature = "hash")]
mod hash;
mod read;
mod write;

#[cfg(feature = "hash")]
pub use hash::texts_hash;
pub use read::{is_ip_prefix, Source};

/// The receipt format version this crate writes and reads.
pub const VERSION: u32 = 1;
/// Largest receipt accepted, in bytes of JSON (a full one with 256 ids in
/// each list is about 11 KB).
pub const MAX_BYTES: usize = 16 * 1024;

/// Where the choice was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Surface {
    /// The first-layer banner or notice.
    Banner,
    /// The preferences dialog.
    Dialog,
    /// A blocked embed's placeholder.
    Placeholder,
    /// The site's own code, through the JavaScript API.
    Api,
}

/// What the visitor did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Accept all.
    AcceptAll,
    /// Reject all.
    RejectAll,
    /// A selection of their own.
    Custom,
    /// Withdrew a consent given before.
    Withdraw,
    /// The opt-out a Global Privacy Control signal made.
    Gpc,
}

macro_rules! names {
    ($t:ty, $names:expr, [$($v:ident),*]) => {
        impl $t {
            const ALL: &'static [$t] = &[$(<$t>::$v),*];
            /// The value's name in a receipt.
            pub fn as_str(self) -> &'static str {
                $names[self as usize]
            }
            /// The value of a name, if it is one.
            pub fn parse(s: &str) -> Option<$t> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s)
            }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
names!(Surface, SURFACES, [Banner, Dialog, Placeholder, Api]);
names!(
    Action,
    ACTIONS,
    [AcceptAll, RejectAll, Custom, Withdraw, Gpc]
);

/// A SHA-256 digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Digest(pub [u8; 32]);

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        hex(&self.0, f)
    }
}

impl Digest {
    /// Reads 64 lowercase hex digits.
    pub fn from_hex(s: &str) -> Option<Digest> {
        Some(Digest(unhex(s)?))
    }

    /// SHA-256 of `bytes`.
    #[cfg(feature = "hash")]
    pub fn sha256(bytes: &[u8]) -> Digest {
        use sha2::Digest as _;
        Digest(sha2::Sha256::digest(bytes).into())
    }
}

impl ConsentId {
    /// Reads 32 lowercase hex digits (the form [`fmt::Display`] writes).
    pub fn from_hex(s: &str) -> Option<ConsentId> {
        Some(ConsentId(unhex(s)?))
    }
}

fn hex(bytes: &[u8], f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let mut s = String::with_capacity(2 * bytes.len());
    crate::text::push_hex(&mut s, bytes);
    f.write_str(&s)
}

/// Exactly `2 * N` lowercase hex digits.
fn unhex<const N: usize>(s: &str) -> Option<[u8; N]> {
    let b = s.as_bytes();
    if b.len() != 2 * N {
        return None;
    }
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    let mut out = [0; N];
    for (i, o) in out.iter_mut().enumerate() {
        *o = digit(b[2 * i])? << 4 | digit(b[2 * i + 1])?;
    }
    Some(out)
}

/// Whether `s` can be an IAB TC or GPP string: base64url characters and the
/// `.` and `~` separators, at most [`Format::IabString`]'s length. The
/// strings' own meaning is checked by `consentry-iab`, not here.
pub fn is_iab_string(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= Format::IabString.max_len()
        && s.bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'~'))
}

/// Ids granted and refused (never both).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Choices {
    /// Granted, in policy order.
    pub granted: Vec<String>,
    /// Refused, in policy order.
    pub refused: Vec<String>,
}

/// The page a choice was made on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// `https://www.example.com` (scheme, host, port).
    pub origin: String,
    /// `/shop/cart`: never the query or fragment.
    pub path: String,
}

impl Page {
    /// The page of an absolute http(s) URL, its query and fragment dropped;
    /// `None` for anything else.
    pub fn from_url(url: &str) -> Option<Page> {
        // Byte scans and `get`, not `split_once("://")` and indexing:
        // substring search and slicing panics cost the wasm kilobytes.
        let b = url.as_bytes();
        let sep = b.windows(3).position(|w| w == b"://")?;
        let scheme = url.get(..sep)?.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return None;
        }
        let rest = url.get(sep + 3..)?;
        let stop = |s: &str, at: &[u8]| s.bytes().position(|c| at.contains(&c)).unwrap_or(s.len());
        let end = stop(rest, b"/?#");
        let origin = [&scheme, "://", &rest.get(..end)?.to_ascii_lowercase()].concat();
        let tail = rest.get(end..)?;
        let path = tail.get(..stop(tail, b"?#"))?;
        let page = Page {
            origin,
            path: if path.is_empty() {
                "/".into()
            } else {
                path.into()
            },
        };
        (read::is_origin(&page.origin) && read::is_path(&page.path)).then_some(page)
    }
}

/// One consent receipt. Build it with [`Receipt::new`] where the choice is
/// made; read one with [`Receipt::from_json`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// The consent id of the visitor's cookie.
    pub consent_id: ConsentId,
    /// This choice's number for the id, from 1.
    pub seq: u32,
    /// When the visitor chose, Unix milliseconds, by the browser's clock.
    pub client_time: u64,
    /// When the server received it, Unix milliseconds (set by the server).
    pub received_at: Option<u64>,
    /// The policy revision.
    pub policy_revision: u32,
    /// SHA-256 of the canonical compiled policy.
    pub policy_hash: Digest,
    /// Language of the texts shown.
    pub language: String,
    /// SHA-256 of the texts the UI can show in that language.
    pub texts_hash: Digest,
    /// Where the choice was made.
    pub surface: Surface,
    /// What the visitor did.
    pub action: Action,
    /// Categories granted and refused.
    pub categories: Choices,
    /// Services granted and refused on their own.
    pub services: Choices,
    /// The regime that applied.
    pub regime: Regime,
    /// The region, when known.
    pub region: Option<Region>,
    /// Global Privacy Control was on.
    pub gpc: bool,
    /// Do Not Track was on.
    pub dnt: bool,
    /// The page, without query or fragment.
    pub page: Page,
    /// The TC string the choice gave ad tech, when the policy has `iab` and
    /// the site's vendor list was loaded.
    pub tc_string: Option<String>,
    /// The GPP string the choice gave ad tech, when the policy has `iab`.
    pub gpp_string: Option<String>,
    /// The visitor's /24 or /48 network (set by the server, off by default).
    pub ip_prefix: Option<String>,
    /// The User-Agent (set by the server, off by default).
    pub user_agent: Option<String>,
}

/// What the place a choice is made in knows besides the [`Consent`].
#[derive(Debug, Clone)]
pub struct Context {
    /// This choice's number for the consent id, from 1.
    pub seq: u32,
    /// Now, Unix milliseconds.
    pub client_time: u64,
    /// SHA-256 of the canonical policy ([`Policy::canonical_hash`]).
    pub policy_hash: Digest,
    /// Language of the UI ([`crate::ui::Strings::lang`]).
    pub language: String,
    /// SHA-256 of its texts ([`texts_hash`]).
    pub texts_hash: Digest,
    /// Where the choice was made.
    pub surface: Surface,
    /// What the visitor did.
    pub action: Action,
    /// The page.
    pub page: Page,
}

impl Receipt {
    /// The receipt of `consent`, made under `policy`.
    pub fn new(consent: &Consent, policy: &Policy, cx: Context) -> Receipt {
        fn split<'a>(items: impl Iterator<Item = (&'a str, Choice)>) -> Choices {
            let mut c = Choices::default();
            for (id, choice) in items {
                match choice {
                    Choice::Granted => c.granted.push(id.into()),
                    Choice::Refused => c.refused.push(id.into()),
                    Choice::Unset => {}
                }
            }
            c
        }
        let categories = policy.categories.iter().enumerate();
        let services = policy.services.iter().enumerate();
        Receipt {
            consent_id: consent.id,
            seq: cx.seq,
            client_time: cx.client_time,
            received_at: None,
            policy_revision: consent.revision,
            policy_hash: cx.policy_hash,
            language: cx.language,
            texts_hash: cx.texts_hash,
            surface: cx.surface,
            action: cx.action,
            categories: split(categories.map(|(i, c)| (c.id.as_str(), consent.category_choice(i)))),
            services: split(services.map(|(i, s)| (&*s.id, consent.service_choice(i)))),
            regime: consent.regime,
            region: consent.region.clone(),
            gpc: consent.gpc,
            dnt: consent.dnt,
            page: cx.page,
            tc_string: None,
            gpp_string: None,
            ip_prefix: None,
            user_agent: None,
        }
    }

    /// The same receipt without what the server adds: what the browser
    /// submitted, which decides whether a second submission of the same
    /// (consent id, seq) is a replay or a conflict.
    pub fn submission(&self) -> Receipt {
        Receipt {
            received_at: None,
            ip_prefix: None,
            user_agent: None,
            ..self.clone()
        }
    }
}
