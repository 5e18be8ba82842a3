//! The index from hosts to the services that load from them.

use super::HostRule;
use crate::text::sub;
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Maps hosts to `(path prefix, service index)` rules, longest path first.
///
/// Keys are suffix hashes computed right to left, so one pass over the URL's
/// host yields the key of every parent domain; each label boundary costs one
/// probe, and a hit is confirmed by comparing the host text. The rules of
/// one key are chained through one flat list (`next`), not a list per key:
/// indexing the default policy's ~600 rules then allocates a handful of
/// times, not once per rule.
#[derive(Debug, Clone)]
pub(crate) struct HostIndex {
    /// Key → the first of its rules in `rules`.
    map: HashMap<u64, usize, BuildHasherDefault<Prehashed>>,
    rules: Vec<Entry>,
    /// One bit per key's top 12 bits: most suffixes (`com`, `www.x.com`)
    /// are rejected here without a table probe.
    filter: Box<[u64; 64]>,
}

impl Default for HostIndex {
    fn default() -> Self {
        HostIndex {
            map: HashMap::default(),
            rules: Vec::new(),
            filter: Box::new([0; 64]),
        }
    }
}

fn filter_bit(k: u64) -> (usize, u64) {
    let b = (k >> 52) as usize;
    (b >> 6, 1 << (b & 63))
}

#[derive(Debug, Clone)]
struct Entry {
    /// The rule's own text: borrowed for the catalog's rules, so indexing
    /// the default policy copies no string.
    host: Cow<'static, str>,
    path: Cow<'static, str>,
    service: usize,
    /// The key's next rule in `rules`; `NONE` ends the chain.
    next: usize,
}

const NONE: usize = usize::MAX;

/// The keys are already well mixed hashes.
#[derive(Default, Clone, Copy)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Hash of a host (suffix), 8 bytes per step: suffixes are hashed one by one,
/// and word steps beat a per-byte rolling hash on these short names.
fn host_key(host: &str) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let b = host.as_bytes();
    let mut h = b.len() as u64;
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h.rotate_left(23) ^ w).wrapping_mul(K);
    }
    // Inline byte loop: a variable-length copy would be a memcpy call.
    let mut last = 0u64;
    for (i, &c) in chunks.remainder().iter().enumerate() {
        last |= u64::from(c) << (8 * i);
    }
    h = (h.rotate_left(23) ^ last).wrapping_mul(K);
    h ^ (h >> 31)
}

impl HostIndex {
    /// Room for `n` more rules without growing the rule list (the map grows
    /// as it would: reserving it too linked ~1.3 KB more of hashbrown).
    pub fn reserve(&mut self, n: usize) {
        self.rules.reserve(n);
    }

    /// The rules of one key, longest path first.
    fn chain(&self, k: u64) -> impl Iterator<Item = &Entry> {
        let mut at = self.map.get(&k).copied().unwrap_or(NONE);
        std::iter::from_fn(move || {
            let e = self.rules.get(at)?;
            at = e.next;
            Some(e)
        })
    }

    /// Adds a rule; returns the service already holding this exact rule, if any.
    pub fn insert(&mut self, rule: &HostRule, service: usize) -> Option<usize> {
        let k = host_key(&rule.host);
        if let Some(e) = self
            .chain(k)
            .find(|e| *e.host == *rule.host && *e.path == *rule.path)
        {
            return Some(e.service);
        }
        let (w, bit) = filter_bit(k);
        self.filter[w] |= bit;
        let new = self.rules.len();
        // Longest path first, equal lengths in insertion order: what a stable
        // sort after a push gives, without linking a sort into the wasm.
        let mut prev: Option<usize> = None;
        let mut at = self.map.get(&k).copied().unwrap_or(NONE);
        while let Some(e) = self.rules.get(at) {
            if e.path.len() < rule.path.len() {
                break;
            }
            prev = Some(at);
            at = e.next;
        }
        self.rules.push(Entry {
            host: rule.host.clone(),
            path: rule.path.clone(),
            service,
            next: at,
        });
        match prev {
            Some(p) => self.rules[p].next = new,
            None => {
                self.map.insert(k, new);
            }
        }
        None
    }

    /// The service whose rule matches this (normalised) host and path most
    /// specifically: the longest matching host, then the longest path prefix.
    pub fn lookup(&self, host: &str, path: &str) -> Option<usize> {
        self.lookup_lazy(host, || Cow::Borrowed(path))
    }

    /// [`HostIndex::lookup`], computing the path only if a matching host has
    /// path rules (most lookups never need it).
    pub fn lookup_lazy<'p>(
        &self,
        host: &str,
        path: impl FnOnce() -> Cow<'p, str>,
    ) -> Option<usize> {
        let mut path = Some(path);
        let mut computed: Option<Cow<'p, str>> = None;
        let mut suffix = host;
        loop {
            let k = host_key(suffix);
            let (w, bit) = filter_bit(k);
            if self.filter[w] & bit != 0 {
                for e in self.chain(k).filter(|e| *e.host == *suffix) {
                    if e.path.is_empty() {
                        return Some(e.service);
                    }
                    if computed.is_none() {
                        computed = path.take().map(|f| f());
                    }
                    if computed
                        .as_deref()
                        .is_some_and(|p| path_has_prefix(p, &e.path))
                    {
                        return Some(e.service);
                    }
                }
            }
            match suffix.bytes().position(|c| c == b'.') {
                Some(i) => suffix = sub(suffix, i + 1..),
                None => return None,
            }
        }
    }
}

impl HostIndex {
    /// Every service with a rule on this (normalised) host or a parent
    /// domain, whatever the rule's path.
    pub fn services_on(&self, host: &str) -> Vec<usize> {
        let mut out = Vec::new();
        let mut suffix = host;
        loop {
            out.extend(
                self.chain(host_key(suffix))
                    .filter(|e| *e.host == *suffix)
                    .map(|e| e.service),
            );
            match suffix.bytes().position(|c| c == b'.') {
                Some(i) => suffix = sub(suffix, i + 1..),
                None => return out,
            }
        }
    }
}

/// `/pagead` covers `/pagead`, `/pagead/x` and `/pagead2` alike: over-blocking a
/// look-alike path is the safe side.
fn path_has_prefix(path: &str, prefix: &str) -> bool {
    prefix.is_empty() || path.starts_with(prefix)
}
