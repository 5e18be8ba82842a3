//! The hash chain: each record's hash covers the previous record's hash,
//! its own position and its canonical JSON, so changing, removing,
//! inserting or reordering any record breaks every link after it.
//!
//! Anyone who can rewrite the whole database can also rebuild the chain:
//! keep the head hash `consentry records verify` prints somewhere else
//! (a ticket, a log shipped off the host) to pin the history up to it.

use consentry_core::receipt::Digest;
use sha2::{Digest as _, Sha256};

/// Domain separation: a chain hash is never mistaken for another SHA-256.
const TAG: &[u8] = b"consentry-records-chain-v1\n";

/// The hash of record `n` with canonical JSON `body`, after `prev`.
pub fn link(prev: &Digest, n: u64, body: &str) -> Digest {
    let mut h = Sha256::new();
    h.update(TAG);
    h.update(prev.0);
    h.update(n.to_be_bytes());
    h.update(body.as_bytes());
    Digest(h.finalize().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_input_counts() {
        let z = Digest::default();
        let a = link(&z, 1, "{}");
        assert_ne!(a, link(&z, 2, "{}"));
        assert_ne!(a, link(&z, 1, "{ }"));
        assert_ne!(a, link(&a, 1, "{}"));
        assert_eq!(a, link(&z, 1, "{}"));
    }
}
