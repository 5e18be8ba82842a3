//! The consent cookie: a compact, versioned, checksummed binary record in
//! base64url (cookie-safe without quoting).
//!
//! Layout of version 1 (before base64url):
//! `version:u8 | revision:varint | timestamp:varint | flags:u8 | region_len:u8
//! region | id:[u8;16] | n_cat:varint | n_cat × fnv1a32(id):u32le | grant bits
//! | n_svc:varint | n_svc × fnv1a32(id):u32le | grant bits | checksum(all before):u32le`.
//!
//! Entries are keyed by a hash of the id, not a position, so a site may add or
//! reorder services without voiding consent; only chosen entries are stored.
//! The checksum catches truncation and corruption; it is not a signature (the
//! visitor may always edit their own choice).

use crate::consent::{Choice, Consent, ConsentId};
use crate::policy::Policy;
use crate::region::{Regime, Region};

/// The current record version.
pub const VERSION: u8 = 1;
/// Longer values are refused without decoding.
pub const MAX_LEN: usize = 3072;
/// Records dated further ahead than this (clock skew) are refused.
const MAX_FUTURE_SECS: u64 = 86_400;

/// Why a stored value gives no consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invalid {
    /// Not base64url, or the fields do not parse.
    Malformed,
    /// Longer than [`MAX_LEN`].
    Oversized,
    /// Written by a version this build does not know.
    UnknownVersion,
    /// Checksum mismatch: truncated or altered.
    Corrupt,
    /// Dated in the future.
    FromFuture,
}

/// Why a well-formed record no longer gives consent. Its refusals still count
/// (an opt-out is never lost), its grants do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stale {
    /// Older than the policy's consent lifetime.
    Expired,
    /// Made under another policy revision.
    RevisionChanged,
}

/// What the consent cookie says, read against a policy at a given time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    /// No cookie.
    None,
    /// Valid consent.
    Valid(Consent),
    /// A real record that no longer grants anything.
    Stale(Consent, Stale),
    /// Unreadable: treated as no consent.
    Invalid(Invalid),
}

impl Stored {
    /// Reads a cookie value (or its absence) against `policy` at `now` (Unix seconds).
    pub fn read(value: Option<&str>, policy: &Policy, now: u64) -> Stored {
        match value {
            None => Stored::None,
            Some(v) => decode(v, policy, now),
        }
    }

    /// Reads the first cookie of the policy's consent-cookie name from a
    /// `Cookie` header that decodes to a record; otherwise the first problem.
    pub fn from_cookie_header(header: &str, policy: &Policy, now: u64) -> Stored {
        let mut first_bad = Stored::None;
        for v in crate::cookie::cookie_values(header, &policy.cookie.name) {
            match decode(v, policy, now) {
                s @ (Stored::Valid(_) | Stored::Stale(..)) => return s,
                bad => {
                    if first_bad == Stored::None {
                        first_bad = bad;
                    }
                }
            }
        }
        first_bad
    }

    /// The valid consent, if any.
    pub fn valid(&self) -> Option<&Consent> {
        match self {
            Stored::Valid(c) => Some(c),
            _ => None,
        }
    }

    /// Short status name: `none`, `valid`, `expired`, `revision-changed`, `invalid`.
    pub fn status(&self) -> &'static str {
        match self {
            Stored::None => "none",
            Stored::Valid(_) => "valid",
            Stored::Stale(_, Stale::Expired) => "expired",
            Stored::Stale(_, Stale::RevisionChanged) => "revision-changed",
            Stored::Invalid(_) => "invalid",
        }
    }
}

/// FNV-1a, 32 bits: stable across platforms and languages, tiny in wasm.
pub fn fnv1a32(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Record checksum: 8 bytes per step (a serial byte-wise hash would cost more
/// than the rest of decoding), folded to 32 bits.
pub fn checksum(bytes: &[u8]) -> u32 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h: u64 = bytes.len() as u64 ^ 0x6363_6f6e_7365_6e74;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h ^ w).wrapping_mul(K).rotate_left(29);
    }
    // Inline byte loop: a variable-length copy would be a memcpy call.
    let mut last = 0u64;
    for (i, &c) in chunks.remainder().iter().enumerate() {
        last |= u64::from(c) << (8 * i);
    }
    h = (h ^ last).wrapping_mul(K);
    h ^= h >> 32;
    h = h.wrapping_mul(K);
    (h >> 32) as u32
}

/// Encodes a record for the consent cookie.
pub fn encode(consent: &Consent, policy: &Policy) -> String {
    let mut b = Vec::with_capacity(64);
    b.push(VERSION);
    varint(&mut b, u64::from(consent.revision));
    varint(&mut b, consent.timestamp);
    b.push(consent.regime.to_bits() | (u8::from(consent.gpc) << 2) | (u8::from(consent.dnt) << 3));
    let region = consent.region.as_ref().map_or("", |r| r.as_str());
    b.push(region.len() as u8);
    b.extend_from_slice(region.as_bytes());
    b.extend_from_slice(&consent.id.0);
    let cats = policy
        .categories
        .iter()
        .map(|c| c.id.as_str())
        .zip(consent.categories.iter());
    entries(&mut b, cats);
    let svcs = policy
        .services
        .iter()
        .map(|s| &*s.id)
        .zip(consent.services.iter());
    entries(&mut b, svcs);
    let sum = checksum(&b);
    b.extend_from_slice(&sum.to_le_bytes());
    base64url(&b)
}

fn entries<'a>(b: &mut Vec<u8>, items: impl Iterator<Item = (&'a str, &'a Choice)>) {
    let chosen: Vec<(&str, bool)> = items
        .filter(|(_, c)| **c != Choice::Unset)
        .map(|(id, c)| (id, *c == Choice::Granted))
        .collect();
    varint(b, chosen.len() as u64);
    for (id, _) in &chosen {
        b.extend_from_slice(&fnv1a32(id.as_bytes()).to_le_bytes());
    }
    let mut bits = vec![0u8; chosen.len().div_ceil(8)];
    for (i, (_, granted)) in chosen.iter().enumerate() {
        if *granted {
            bits[i / 8] |= 1 << (i % 8);
        }
    }
    b.extend_from_slice(&bits);
}

fn varint(b: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            b.push(byte);
            return;
        }
        b.push(byte | 0x80);
    }
}

/// Decodes a cookie value against `policy` at `now`. Never panics; anything
/// doubtful is [`Stored::Invalid`], which grants nothing.
pub fn decode(value: &str, policy: &Policy, now: u64) -> Stored {
    if value.len() > MAX_LEN {
        return Stored::Invalid(Invalid::Oversized);
    }
    let Some(bytes) = unbase64url(value) else {
        return Stored::Invalid(Invalid::Malformed);
    };
    match bytes.first() {
        None => return Stored::Invalid(Invalid::Malformed),
        Some(&VERSION) => {}
        Some(_) => return Stored::Invalid(Invalid::UnknownVersion),
    }
    if bytes.len() < 4 + 1 {
        return Stored::Invalid(Invalid::Malformed);
    }
    let (body, sum) = bytes.split_at(bytes.len() - 4);
    if checksum(body).to_le_bytes() != sum {
        return Stored::Invalid(Invalid::Corrupt);
    }
    let Some(consent) = parse(&body[1..], policy) else {
        return Stored::Invalid(Invalid::Malformed);
    };
    if consent.timestamp > now.saturating_add(MAX_FUTURE_SECS) {
        return Stored::Invalid(Invalid::FromFuture);
    }
    if consent.revision != policy.revision {
        return Stored::Stale(consent, Stale::RevisionChanged);
    }
    if now >= consent.timestamp.saturating_add(policy.lifetime_secs()) {
        return Stored::Stale(consent, Stale::Expired);
    }
    Stored::Valid(consent)
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.0.len() {
            return None;
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Some(a)
    }
    fn byte(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
    fn varint(&mut self) -> Option<u64> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            let part = u64::from(b & 0x7f);
            if shift == 63 && part > 1 {
                return None;
            }
            v |= part << shift;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }
}

fn parse(body: &[u8], policy: &Policy) -> Option<Consent> {
    let mut r = Reader(body);
    let revision = u32::try_from(r.varint()?).ok()?;
    let timestamp = r.varint()?;
    let flags = r.byte()?;
    if flags & !0b1111 != 0 {
        return None;
    }
    let regime = Regime::from_bits(flags & 0b11)?;
    let region_len = usize::from(r.byte()?);
    if region_len > 6 {
        return None;
    }
    let region = match region_len {
        0 => None,
        n => Some(Region::parse(core::str::from_utf8(r.take(n)?).ok()?)?),
    };
    let id = ConsentId(r.take(16)?.try_into().ok()?);
    let categories = choices(&mut r, &policy.category_ids, policy.categories.len())?;
    let services = choices(&mut r, &policy.service_ids, policy.services.len())?;
    if !r.0.is_empty() {
        return None;
    }
    let mut consent = Consent {
        id,
        timestamp,
        revision,
        regime,
        gpc: flags & 0b100 != 0,
        dnt: flags & 0b1000 != 0,
        region,
        categories,
        services,
    };
    for (c, cat) in consent.categories.iter_mut().zip(&policy.categories) {
        if cat.mandatory {
            *c = Choice::Granted;
        }
    }
    Some(consent)
}

fn choices(r: &mut Reader<'_>, ids_table: &IdTable, len: usize) -> Option<Vec<Choice>> {
    let n = usize::try_from(r.varint()?).ok()?;
    if n > crate::config::MAX_SERVICES {
        return None;
    }
    let ids = r.take(n * 4)?;
    let bits = r.take(n.div_ceil(8))?;
    if n % 8 != 0 && bits[n / 8] >> (n % 8) != 0 {
        return None;
    }
    let mut out = vec![Choice::Unset; len];
    for (i, h) in ids.chunks_exact(4).enumerate() {
        let h = u32::from_le_bytes([h[0], h[1], h[2], h[3]]);
        // Unknown hashes belong to categories/services the site has since removed.
        if let Some(index) = ids_table.get(h) {
            let slot = &mut out[index];
            if *slot != Choice::Unset {
                return None; // the same entry twice: not something we wrote
            }
            let granted = bits[i / 8] & (1 << (i % 8)) != 0;
            *slot = if granted {
                Choice::Granted
            } else {
                Choice::Refused
            };
        }
    }
    Some(out)
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64url(data: &[u8]) -> String {
    let mut s = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        let chars = chunk.len() + 1;
        for i in 0..chars {
            s.push(B64[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    s
}

const UNB64: [u8; 256] = {
    let mut t = [0xffu8; 256];
    let mut i = 0;
    while i < 64 {
        t[B64[i] as usize] = i as u8;
        i += 1;
    }
    t
};

fn unbase64url(s: &str) -> Option<Vec<u8>> {
    let s = s.as_bytes();
    if s.len() % 4 == 1 {
        return None;
    }
    let full = s.len() / 4;
    let tail_bytes = (s.len() % 4).saturating_sub(1);
    // Pre-sized and written through `chunks_exact_mut`: no capacity check per chunk.
    let mut out = vec![0u8; full * 3 + tail_bytes];
    let mut chunks = s.chunks_exact(4);
    for (c, o) in (&mut chunks).zip(out.chunks_exact_mut(3)) {
        let (a, b, c, d) = (
            UNB64[usize::from(c[0])],
            UNB64[usize::from(c[1])],
            UNB64[usize::from(c[2])],
            UNB64[usize::from(c[3])],
        );
        if (a | b | c | d) & 0x80 != 0 {
            return None;
        }
        let n = u32::from(a) << 18 | u32::from(b) << 12 | u32::from(c) << 6 | u32::from(d);
        o.copy_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut n = 0u32;
        for (i, &c) in rest.iter().enumerate() {
            let v = UNB64[usize::from(c)];
            if v == 0xff {
                return None;
            }
            n |= u32::from(v) << (18 - 6 * i);
        }
        let bytes = rest.len() - 1;
        // Canonical only: the unused low bits of the last char must be zero.
        if n & ((1 << (8 * (3 - bytes))) - 1) != 0 {
            return None;
        }
        for i in 0..bytes {
            out[full * 3 + i] = (n >> (16 - 8 * i)) as u8;
        }
    }
    Some(out)
}

/// Record key (a hash of the id) → policy index, open addressing: decoding
/// looks up every stored entry, and a binary search per entry was the cost.
#[derive(Debug, Clone, Default)]
pub(crate) struct IdTable {
    /// `(hash, index + 1)`; `index + 1 == 0` marks an empty slot.
    slots: Vec<(u32, u32)>,
    shift: u32,
}

impl IdTable {
    /// `None` when two ids share a hash.
    pub(crate) fn build<'a>(ids: impl ExactSizeIterator<Item = &'a str>) -> Option<IdTable> {
        let bits = (ids.len() * 2).next_power_of_two().max(8).trailing_zeros();
        let mut t = IdTable {
            slots: vec![(0, 0); 1 << bits],
            shift: 32 - bits,
        };
        for (i, id) in ids.enumerate() {
            let h = fnv1a32(id.as_bytes());
            let mut s = t.slot(h);
            while t.slots[s].1 != 0 {
                if t.slots[s].0 == h {
                    return None;
                }
                s = (s + 1) & (t.slots.len() - 1);
            }
            t.slots[s] = (h, i as u32 + 1);
        }
        Some(t)
    }

    fn slot(&self, h: u32) -> usize {
        (h.wrapping_mul(0x9E37_79B1) >> self.shift) as usize
    }

    pub(crate) fn get(&self, h: u32) -> Option<usize> {
        if self.slots.is_empty() {
            return None;
        }
        let mut s = self.slot(h);
        loop {
            match self.slots[s] {
                (_, 0) => return None,
                (k, i) if k == h => return Some(i as usize - 1),
                _ => s = (s + 1) & (self.slots.len() - 1),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trip_all_lengths() {
        for len in 0..40 {
            let data: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            let enc = base64url(&data);
            assert_eq!(unbase64url(&enc).as_deref(), Some(&data[..]));
        }
    }

    #[test]
    fn base64_rejects_non_canonical_and_bad_chars() {
        assert_eq!(unbase64url("QQ").as_deref(), Some(&b"A"[..]));
        assert!(unbase64url("QR").is_none());
        assert!(unbase64url("Q").is_none());
        assert!(unbase64url("QQ==").is_none());
        assert!(unbase64url("Q+Q/").is_none());
    }
}
