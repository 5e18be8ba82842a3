//! A judged attribute's index ([`JUDGED`]) from its name as written, in
//! any case, without a lower-cased copy: the prefilter asks for every
//! attribute of every element handed over (~6 per `<img>`), where a copy,
//! `make_ascii_lowercase` and a `match` on byte strings cost ~60
//! instructions each.

use crate::start_tag::JUDGED;

/// A name of 1 to 16 bytes as two words: its first and last eight bytes
/// (four, two, one for shorter names), overlapping, so no copy to a buffer.
#[inline(always)]
fn words(name: &[u8]) -> Option<(u64, u64)> {
    let n = name.len();
    Some(match n {
        8..=16 => (
            u64::from_le_bytes(name[..8].try_into().ok()?),
            u64::from_le_bytes(name[n - 8..].try_into().ok()?),
        ),
        4..=7 => (
            u64::from(u32::from_le_bytes(name[..4].try_into().ok()?)),
            u64::from(u32::from_le_bytes(name[n - 4..].try_into().ok()?)),
        ),
        2..=3 => (
            u64::from(u16::from_le_bytes(name[..2].try_into().ok()?)),
            u64::from(u16::from_le_bytes(name[n - 2..].try_into().ok()?)),
        ),
        1 => (u64::from(name[0]), u64::from(name[0])),
        _ => return None,
    })
}

/// [`words`] at compile time, for [`SLOTS`].
const fn const_words(name: &[u8]) -> (u64, u64) {
    const fn le(b: &[u8], at: usize, w: usize) -> u64 {
        let mut x = 0u64;
        let mut i = 0;
        while i < w {
            x |= (b[at + i] as u64) << (8 * i);
            i += 1;
        }
        x
    }
    let n = name.len();
    let w = match n {
        8..=16 => 8,
        4..=7 => 4,
        2..=3 => 2,
        _ => 1,
    };
    (le(name, 0, w), le(name, n - w, w))
}

/// Bit 5 of every byte: an ASCII letter's case.
const CASE: u64 = 0x2020_2020_2020_2020;

/// Where a name of `n` bytes with these [`words`] falls in [`SLOTS`]; its
/// letters' case does not count.
#[inline(always)]
const fn bucket(n: usize, (a, b): (u64, u64)) -> usize {
    (((a | CASE) ^ (b | CASE).rotate_left(19) ^ n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 57)
        as usize
}

/// A judged name in [`SLOTS`]: its length, [`words`], the bits where a
/// name may differ (the case of its letters), its index in [`JUDGED`].
#[derive(Clone, Copy)]
struct Entry {
    n: usize,
    words: (u64, u64),
    case: (u64, u64),
    slot: usize,
}

/// [`JUDGED`] by [`bucket`], one name per bucket (a collision fails the
/// build): a name as written is found in a multiply and a few compares,
/// where a lower-cased copy and a `match` cost ~60 instructions.
static SLOTS: [Option<Entry>; 128] = {
    let mut t: [Option<Entry>; 128] = [None; 128];
    let mut i = 0;
    while i < JUDGED.len() {
        let k = JUDGED[i].as_bytes();
        assert!(!k.is_empty() && k.len() <= 16, "judged names are short");
        let w = const_words(k);
        // Letters' bit 5; a judged name is lower-case.
        let mut letters = [0u8; 16];
        let mut j = 0;
        while j < k.len() {
            if k[j].is_ascii_lowercase() {
                letters[j] = 0x20;
            }
            j += 1;
        }
        let case = const_words(letters.split_at(k.len()).0);
        let h = bucket(k.len(), w);
        assert!(t[h].is_none(), "two judged names in one bucket");
        t[h] = Some(Entry {
            n: k.len(),
            words: w,
            case,
            slot: i,
        });
        i += 1;
    }
    t
};

/// The index in [`JUDGED`] of an attribute name as written (any case).
#[inline]
pub(crate) fn judged_slot(attr: &[u8]) -> Option<usize> {
    let (a, b) = words(attr)?;
    let e = SLOTS[bucket(attr.len(), (a, b))]?;
    (e.n == attr.len() && (a ^ e.words.0) & !e.case.0 == 0 && (b ^ e.words.1) & !e.case.1 == 0)
        .then_some(e.slot)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_judged_name_in_any_case() {
        for (i, k) in JUDGED.iter().enumerate() {
            assert_eq!(judged_slot(k.as_bytes()), Some(i), "{k}");
            let upper = k.to_ascii_uppercase();
            assert_eq!(judged_slot(upper.as_bytes()), Some(i), "{k}");
            // One byte off, or bit 5 flipped where that is not a case.
            for at in 0..k.len() {
                for flip in [1u8, 0x20, 0x40] {
                    let mut v = k.as_bytes().to_vec();
                    v[at] ^= flip;
                    let same = v.eq_ignore_ascii_case(k.as_bytes());
                    assert_eq!(judged_slot(&v) == Some(i), same, "{v:?}");
                }
            }
        }
        for n in [
            "",
            "a",
            "alt",
            "srcsetx",
            "xsrc",
            "src\0",
            "xlink\x1ahref",
            "sizes",
        ] {
            assert_eq!(judged_slot(n.as_bytes()), None, "{n:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        // Judged names changed a byte at a time, and random short names.
        #[test]
        fn finds_judged_names_as_a_search_would(
            k in 0..JUDGED.len(),
            edits in proptest::collection::vec((0usize..16, proptest::sample::select(
                b"aAsSrRcC-:\x1a\x0d\0xX".to_vec())), 0..3),
            cut in 0usize..17,
        ) {
            let mut v = JUDGED[k].as_bytes().to_vec();
            for (at, b) in edits {
                if let Some(c) = v.get_mut(at) { *c = b; } else { v.push(b); }
            }
            v.truncate(cut.max(1));
            let want = JUDGED.iter().position(|j| j.as_bytes().eq_ignore_ascii_case(&v));
            proptest::prop_assert_eq!(judged_slot(&v), want, "{:?}", v);
        }
    }
}
