//! The core's prefilter ([`markup::host_marks`]) read from a raw start tag:
//! an element whose URL attributes hold no mark (and that carries no tagged
//! markup) can only be allowed, so the rewriter leaves it without decoding
//! its values or asking the core. One pass over the tag, allocation-free.

use crate::attributes::attributes;
use crate::classify;
use crate::selector;
use crate::start_tag::{self, JUDGED};
use consentry_core::markup;
use std::sync::LazyLock;

/// Which of the core's mark sets a judged attribute's values are tested
/// with: all of [`markup::HOST_MARKS`], or the first four (list values).
static ALL_MARKS: LazyLock<[bool; JUDGED.len()]> = LazyLock::new(|| {
    JUDGED.map(|attr| match markup::host_marks(attr) {
        m if m == markup::HOST_MARKS => true,
        m if m == &markup::HOST_MARKS[..4] => false,
        m => panic!("marks the block test does not know: {m:?}"),
    })
});

/// Whether a value holds a mark its attribute is tested for, or a
/// non-ASCII byte (whose meaning depends on the page's encoding).
fn suspect(value: &[u8], slot: usize) -> bool {
    if ALL_MARKS[slot] {
        classify::suspect::<true>(value)
    } else {
        classify::suspect::<false>(value)
    }
}

/// Bit sets over [`JUDGED`]: each judged tag's URL attributes, the held
/// mark, the tagged-markup attributes.
struct Slots {
    /// By [`selector::known_id`]; `None`: a tag the core does not judge.
    urls: Vec<Option<u32>>,
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
    let urls = selector::names()
        .map(|t| match t {
            "base" => Some(mask(&markup::BASE_ATTRIBUTES)),
            t if markup::TAGS.contains(&t) => Some(mask(markup::url_attributes(t))),
            _ => None,
        })
        .collect();
    Slots {
        urls,
        held: mask(&[markup::HELD]),
        tagged: mask(&[markup::TAG_CATEGORY, markup::TAG_SERVICE]),
    }
});

/// Whether the core can only allow this element (`tag` as the rewriter
/// names it), read from its raw start tag; `false` when unsure.
#[cfg(test)]
pub(crate) fn plainly_allowed(raw: &[u8], tag: &str) -> bool {
    selector::known_id(tag.as_bytes()).is_none_or(|id| plainly_allowed_id(raw, id))
}

/// [`plainly_allowed`] for the tag [`selector::known_id`] numbers `id`.
pub(crate) fn plainly_allowed_id(raw: &[u8], id: usize) -> bool {
    let slots = &*SLOTS;
    let Some(urls) = slots.urls[id] else {
        // Not one the core judges.
        return true;
    };
    let (held, tagged) = (slots.held, slots.tagged);
    // The tokenizer keeps the first of a repeated name.
    let mut seen = 0u32;
    for a in attributes(raw) {
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
        if b & tagged != 0 || (b & urls != 0 && suspect(value, slot)) {
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

    /// The marks as the core states them, searched the plain way.
    fn suspect_naive(value: &[u8], slot: usize) -> bool {
        !value.is_ascii()
            || markup::host_marks(JUDGED[slot])
                .iter()
                .any(|m| value.windows(m.len()).any(|w| w == m.as_bytes()))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        // Every length around the 16-byte chunks' ends, a pair split across one.
        #[test]
        fn finds_marks_where_the_core_says(
            value in prop::collection::vec(
                prop::sample::select(b"a/:\\&\t\n\r 0\xC3".to_vec()), 0..100),
            slot in 0..JUDGED.len(),
        ) {
            prop_assert_eq!(suspect(&value, slot), suspect_naive(&value, slot));
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
