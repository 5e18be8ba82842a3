//! Searches over a raw start tag 16 bytes per SIMD compare, into bit
//! masks: the tokenizer's ([`crate::attributes`]) ends of names and values,
//! and the prefilter's ([`crate::plain`]) marks, where a `//` across two
//! bytes is a shift of the `/` mask and non-ASCII bytes are the bytes' own
//! high bits. `wide` (0.7: Rust 1.61, within the workspace's 1.85; 1.x
//! needs 1.89) compiles to SSE2 compares and `pmovmskb` on x86-64
//! (NEON or scalar code elsewhere); LLVM does not vectorize the byte loops.
//!
//! Tried and dropped: the whole tag classified 64 bytes at a time (space,
//! `/`, `>`/`=`, quotes) and the attribute scan jumping between set bits:
//! ~160 instructions per 64 bytes, no fewer in all than the byte loops, and
//! slower on the clock.

use wide::u8x16;

/// Sixteen bytes of `bytes` from `at`, zero past its end (no class
/// searched for holds a zero byte).
#[inline(always)]
fn chunk(bytes: &[u8], at: usize) -> u8x16 {
    let mut c = [0u8; 16];
    if let Some(s) = bytes.get(at..at + 16) {
        c.copy_from_slice(s);
    } else if at < bytes.len() {
        c[..bytes.len() - at].copy_from_slice(&bytes[at..]);
    }
    u8x16::new(c)
}

/// The first byte of `hay` in a class (`class`: its bytes set in a lane
/// mask of 16), 16 bytes per step: one compare per byte of the class in
/// place of a compare and a branch per byte of `hay`.
#[inline(always)]
pub(crate) fn first(hay: &[u8], class: impl Fn(u8x16) -> u8x16) -> Option<usize> {
    let mut at = 0;
    while at < hay.len() {
        let m = bits(class(chunk(hay, at)));
        if m != 0 {
            // Zero padding past the end is in no class searched for.
            return Some(at + m.trailing_zeros() as usize);
        }
        at += 16;
    }
    None
}

/// A lane mask's lanes as bits (`pmovmskb`): its high bits, the sign.
#[inline(always)]
fn bits(m: u8x16) -> u32 {
    // Sixteen bits: the sign never set.
    m.move_mask() as u32
}

/// Lanes equal to `c`.
#[inline(always)]
pub(crate) fn eq(v: u8x16, c: u8) -> u8x16 {
    v.cmp_eq(u8x16::splat(c))
}

/// HTML's ASCII whitespace: `\t \n \x0C \r` and space.
#[inline(always)]
pub(crate) fn space(v: u8x16) -> u8x16 {
    eq(v, b' ') | eq(v, b'\t') | eq(v, b'\n') | eq(v, b'\x0C') | eq(v, b'\r')
}

/// Whether `value` holds a non-ASCII byte or one of the core's host marks
/// ([`consentry_core::markup::HOST_MARKS`], written out here, a test
/// checks them): `:` `\` `&` `//`, and with `ALL` also `\t` `\n` `\r`.
pub(crate) fn suspect<const ALL: bool>(value: &[u8]) -> bool {
    // Whole chunks, then the last 16 bytes (overlapping: a byte tested
    // twice, no copy to a padded buffer); a shorter value padded.
    let n = value.len();
    if n < 16 {
        return hits::<ALL>(chunk(value, 0), 0) != 0;
    }
    // A `/` ending the chunk before.
    let mut carry = 0u32;
    let mut at = 0;
    while at + 16 <= n {
        let v = chunk(value, at);
        if hits::<ALL>(v, carry) != 0 {
            return true;
        }
        carry = bits(eq(v, b'/')) >> 15;
        at += 16;
    }
    // A `//` across the last whole chunk's end lies inside the last 16.
    at < n && hits::<ALL>(chunk(value, n - 16), 0) != 0
}

/// The lanes of `v` holding a mark or a non-ASCII byte, or starting a `//`
/// (`carry`: a `/` just before the first lane).
#[inline(always)]
fn hits<const ALL: bool>(v: u8x16, carry: u32) -> u32 {
    let mut m = eq(v, b':') | eq(v, b'\\') | eq(v, b'&');
    if ALL {
        m = m | eq(v, b'\t') | eq(v, b'\n') | eq(v, b'\r');
    }
    let slash = bits(eq(v, b'/'));
    let pairs = slash & (slash >> 1) | (carry & slash);
    // `bits` of the bytes themselves: their high bits, non-ASCII.
    bits(m) | bits(v) | pairs
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

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn finds_the_first_as_a_byte_loop(
            hay in prop::collection::vec(
                prop::sample::select(b"a/=>\"' \t\n\x0C\r\x0B\0\xA0\xFF".to_vec()), 0..70),
            q in prop::sample::select(b"\"'/=".to_vec()),
        ) {
            let is_space = |b: u8| matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ');
            prop_assert_eq!(first(&hay, |v| eq(v, q)), hay.iter().position(|&b| b == q));
            prop_assert_eq!(first(&hay, space), hay.iter().position(|&b| is_space(b)));
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
