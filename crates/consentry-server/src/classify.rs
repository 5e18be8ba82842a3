//! The prefilter's ([`crate::plain`]) mark test, 16 bytes per SIMD compare
//! into bit masks: a `//` across two bytes is a shift of the `/` mask, and
//! non-ASCII bytes are the bytes' own high bits. `wide` compiles to SSE2
//! compares and `pmovmskb` on x86-64 (NEON or scalar code elsewhere).
//!
//! Tried and dropped: the whole tag classified 64 bytes at a time (space,
//! `/`, `>`/`=`, quotes) and the attribute scan jumping between set bits:
//! ~160 instructions per 64 bytes, no fewer in all than the byte loops, and
//! slower on the clock.

use wide::u8x16;

/// Sixteen bytes of `bytes` from `at`, zero past its end (no mark is zero).
fn chunk(bytes: &[u8], at: usize) -> u8x16 {
    let mut c = [0u8; 16];
    if let Some(s) = bytes.get(at..at + 16) {
        c.copy_from_slice(s);
    } else if at < bytes.len() {
        c[..bytes.len() - at].copy_from_slice(&bytes[at..]);
    }
    u8x16::new(c)
}

/// Whether `value` holds a non-ASCII byte or one of the core's host marks
/// ([`consentry_core::markup::HOST_MARKS`], written out here, a test
/// checks them): `:` `\` `&` `//`, and with `ALL` also `\t` `\n` `\r`.
pub(crate) fn suspect<const ALL: bool>(value: &[u8]) -> bool {
    // A `/` ending the chunk before.
    let mut carry = 0u32;
    for at in (0..value.len()).step_by(16) {
        let v = chunk(value, at);
        let eq = |c: u8| v.simd_eq(u8x16::splat(c));
        let mut m = eq(b':') | eq(b'\\') | eq(b'&');
        if ALL {
            m = m | eq(b'\t') | eq(b'\n') | eq(b'\r');
        }
        let slash = eq(b'/').to_bitmask();
        // A `//` within the chunk, or across its start.
        let pairs = slash & (slash >> 1) | (carry & slash);
        // `to_bitmask` of the bytes themselves: their high bits.
        if m.to_bitmask() | v.to_bitmask() | pairs != 0 {
            return true;
        }
        carry = slash >> 15;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use consentry_core::markup;
    use proptest::prelude::*;

    fn naive_suspect(value: &[u8], all: bool) -> bool {
        let marks = if all {
            &markup::HOST_MARKS[..]
        } else {
            &markup::HOST_MARKS[..4]
        };
        !value.is_ascii()
            || marks
                .iter()
                .any(|m| value.windows(m.len()).any(|w| w == m.as_bytes()))
    }

    #[test]
    fn marks_are_the_cores() {
        assert_eq!(markup::HOST_MARKS, [":", "//", "\\", "&", "\t", "\n", "\r"]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        // Lengths around the 16-byte chunks' ends, a pair split across one.
        #[test]
        fn finds_suspects_as_the_core_states_marks(
            value in prop::collection::vec(
                prop::sample::select(b"a/:\\&\t\n\r 0\x80\xC3".to_vec()), 0..70),
        ) {
            prop_assert_eq!(suspect::<true>(&value), naive_suspect(&value, true));
            prop_assert_eq!(suspect::<false>(&value), naive_suspect(&value, false));
        }
    }

    #[test]
    fn a_pair_across_every_boundary() {
        for at in 0..69 {
            let mut v = vec![b'a'; 70];
            v[at] = b'/';
            assert!(!suspect::<true>(&v), "{at}");
            v[at + 1] = b'/';
            assert!(suspect::<true>(&v), "{at}");
            assert!(suspect::<false>(&v), "{at}");
        }
    }
}
