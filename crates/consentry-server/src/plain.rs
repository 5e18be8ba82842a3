//! The core's prefilter ([`markup::host_marks`]) read from a raw start tag:
//! an element whose URL attributes hold no mark (and that carries no tagged
//! markup) can only be allowed, so the rewriter leaves it without decoding
//! its values or asking the core. One pass over the tag, allocation-free.

use crate::start_tag::{self, JUDGED};
use consentry_core::markup;
use std::sync::LazyLock;

/// Per judged attribute, a byte table of its marks: [`MARK`] for a byte
/// that is one, else the second byte of the two-byte mark it starts (0:
/// none). One pass over a value; `memchr` per mark costs more on URLs this
/// short.
static TABLES: LazyLock<[[u8; 256]; JUDGED.len()]> = LazyLock::new(|| {
    JUDGED.map(|attr| {
        let mut t = [0u8; 256];
        for m in markup::host_marks(attr) {
            match *m.as_bytes() {
                [a] => t[usize::from(a)] = MARK,
                [a, b] if t[usize::from(a)] == 0 && b != 0 && b != MARK => t[usize::from(a)] = b,
                _ => panic!("a mark this table cannot hold: {m:?}"),
            }
        }
        t
    })
});

const MARK: u8 = 0xFF;

fn marked(value: &[u8], slot: usize) -> bool {
    let t = &TABLES[slot];
    value
        .iter()
        .enumerate()
        .any(|(i, &b)| match t[usize::from(b)] {
            0 => false,
            MARK => true,
            second => value.get(i + 1) == Some(&second),
        })
}

/// Bit sets over [`JUDGED`]: each judged tag's URL attributes, the held
/// mark, the tagged-markup attributes.
struct Slots {
    urls: Vec<(&'static str, u32)>,
    held: u32,
    tagged: u32,
}

static SLOTS: LazyLock<Slots> = LazyLock::new(|| {
    let mask = |attrs: &[&str]| {
        attrs
            .iter()
            .filter_map(|a| start_tag::slot(a))
            .fold(0u32, |m, s| m | 1 << s)
    };
    let mut urls: Vec<(&str, u32)> = markup::TAGS
        .iter()
        .map(|t| (*t, mask(markup::url_attributes(t))))
        .collect();
    urls.push(("base", mask(&markup::BASE_ATTRIBUTES)));
    Slots {
        urls,
        held: mask(&[markup::HELD]),
        tagged: mask(&[markup::TAG_CATEGORY, markup::TAG_SERVICE]),
    }
});

/// Whether the core can only allow this element (`tag` as the rewriter
/// names it), read from its raw start tag; `false` when unsure.
pub(crate) fn plainly_allowed(raw: &[u8], tag: &str) -> bool {
    let slots = &*SLOTS;
    let Some(&(_, urls)) = slots.urls.iter().find(|(t, _)| t.eq_ignore_ascii_case(tag)) else {
        // Not one the core judges.
        return true;
    };
    let (held, tagged) = (slots.held, slots.tagged);
    // The tokenizer keeps the first of a repeated name.
    let mut seen = 0u32;
    for a in start_tag::attributes(raw) {
        let Ok((name, value)) = a else { return false };
        let Some(slot) = start_tag::judged_slot(name) else {
            continue;
        };
        let b = 1 << slot;
        if seen & b != 0 {
            continue;
        }
        seen |= b;
        if b & held != 0 {
            // Already held: the core leaves it.
            return true;
        }
        if b & tagged != 0 || (b & urls != 0 && (!value.is_ascii() || marked(value, slot))) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hostile::{escapes, tag};
    use proptest::prelude::*;

    #[test]
    fn reads_marks_and_tags() {
        for (raw, tag, plain) in [
            (
                "<img src=\"/a.png\" srcset=\"/a.png 1x, /b.png 2x\" sizes=\"(x: 1px)\">",
                "img",
                true,
            ),
            ("<img src=\"/\r/t.example/x\">", "img", false),
            ("<img srcset=\"/a 1x,//t.example/x 2x\">", "img", false),
            ("<img src=/a.png data-category=x>", "img", false),
            (
                "<img src=/a.png data-consentry=refused data-category=x>",
                "img",
                true,
            ),
            ("<img src=/a.png SRC=https://t.example/>", "img", true),
            ("<img src=\"/caf\u{e9}\">", "img", false),
            ("<base href=\"https://t.example/\">", "base", false),
            ("<div src=\"https://t.example/\">", "div", true),
            ("<img src=\"/a>", "img", false),
        ] {
            assert_eq!(plainly_allowed(raw.as_bytes(), tag), plain, "{raw}");
        }
    }

    // What this lets pass is never judged: anything the rewriter would hold
    // under some consent must fail it. Checked to fail on a table that
    // forgets the carriage return.
    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]
        #[test]
        fn never_passes_an_element_held(tags in prop::collection::vec(tag(), 1..6)) {
            let page = tags.concat();
            let missed = escapes(page.as_bytes(), |raw, tag, _| plainly_allowed(raw, tag));
            prop_assert!(missed.is_empty(), "passed but held: {missed:?}");
        }
    }
}
