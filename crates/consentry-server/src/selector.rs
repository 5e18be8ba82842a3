//! Which elements the rewriter asks lol_html for: every tag the core
//! governs ([`markup::TAGS`]) but links, whose pings only a click sends
//! ([`markup::ACTIVATION_TAGS`], left to the browser's guard), and the
//! rewriter's own.
//!
//! The core's prefilter as a selector ([`markup::selector`]: the common
//! tags only when a URL attribute could name a host) was measured and is
//! not used: lol_html lexes the attributes of any element an attribute test
//! looks at, which is what handing it over costs already, then pays ~30 ns
//! per test (7 marks per URL attribute); on the 1 MB srcset page its floor
//! alone was 1.6× that of whole tags. The rewriter applies the same marks to
//! the raw tag instead ([`crate::plain`]). [`prefilter_selector`] stays for
//! the benchmark's comparison, checked against lol_html like the rewriter.

use consentry_core::markup;
use lol_html::Selector;
use std::sync::LazyLock;

/// Elements the rewriter handles besides the core's: where the snippet and
/// the banner go, and `<base>`, which redirects relative URLs.
pub(crate) const OWN: [&str; 4] = ["head", "body", "html", "base"];

/// Parsed once per process, not per response.
pub(crate) static SELECTOR: LazyLock<Selector> =
    LazyLock::new(|| selector().parse().expect("tag names are valid selectors"));

/// The CSS selector the rewriter hands lol_html (every element it looks at),
/// e.g. for measuring lol_html's own cost on the same selector.
pub fn selector() -> String {
    // Links only matter when followed: left to the browser's guard
    // (markup::ACTIVATION_TAGS), since every link handed over costs.
    let mut tags: Vec<&str> = markup::TAGS
        .into_iter()
        .filter(|t| !markup::ACTIVATION_TAGS.contains(t) && !markup::SVG_TAGS.contains(t))
        .collect();
    tags.extend(OWN.iter().filter(|t| !markup::TAGS.contains(t)));
    // SVG's family in two entries: every entry costs lol_html a test on
    // every tag (its 21 names had cost +22 % on a page without any SVG,
    // measured), and only inside an `<svg>` does the HTML parser make
    // SVG elements (a `<rect>` outside one is an unknown HTML element,
    // whose presentation attributes load nothing).
    tags.extend(["svg", SVG_DESCENDANTS]);
    tags.join(", ")
}

/// Every element inside an `<svg>`: SVG's family ([`markup::SVG_TAGS`]) as
/// the HTML parser makes it.
pub(crate) const SVG_DESCENDANTS: &str = "svg *";

/// [`selector`] with the core's prefilter ([`markup::selector`]) in place
/// of the governed tags; `script` stays whole, the snippet going before
/// the first.
pub fn prefilter_selector() -> String {
    let mut s = markup::selector();
    for t in ["script"].iter().chain(&OWN) {
        s.push_str(", ");
        s.push_str(t);
    }
    s
}

/// A tag name of up to 16 bytes (SVG's `foreignObject` is 13), lower-cased,
/// as one number: a name is found among the rewriter's in one compare per
/// candidate.
pub(crate) fn packed(name: &[u8]) -> Option<u128> {
    let mut b = [0u8; 16];
    b.get_mut(..name.len())?.copy_from_slice(name);
    b.make_ascii_lowercase();
    // A zero byte would pack like a shorter name.
    (!name.contains(&0)).then(|| u128::from_le_bytes(b))
}

/// Every tag the rewriter names ([`markup::TAGS`] and [`OWN`]), packed.
static NAMES: LazyLock<Vec<(u128, &'static str)>> = LazyLock::new(|| {
    markup::TAGS
        .into_iter()
        .chain(OWN)
        .map(|t| (packed(t.as_bytes()).expect("tag names are short"), t))
        .collect()
});

/// The tag as the core and the rewriter spell it, for a name
/// as written; `None`: not one of theirs.
#[cfg(test)]
pub(crate) fn known(name: &[u8]) -> Option<&'static str> {
    known_id(name).map(tag)
}

/// A tag name as written, as its place among the rewriter's names
/// ([`names`], [`tag`]), which [`crate::plain`] keeps its tables by;
/// `None`: not one of theirs.
pub(crate) fn known_id(name: &[u8]) -> Option<usize> {
    let key = packed(name)?;
    NAMES.iter().position(|(k, _)| *k == key)
}

/// The tag [`known_id`] numbers `id`, as the core spells it.
pub(crate) fn tag(id: usize) -> &'static str {
    NAMES[id].1
}

/// The tag names [`known_id`] numbers, in its order.
pub(crate) fn names() -> impl Iterator<Item = &'static str> {
    NAMES.iter().map(|(_, t)| *t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hostile::{escapes, tag};
    use lol_html::html_content::Element;
    use lol_html::{HtmlRewriter, Settings};
    use proptest::prelude::*;
    use std::collections::HashSet;

    /// Where the elements `sel` matches start, lol_html doing the matching.
    fn matched(sel: &Selector, page: &[u8]) -> HashSet<usize> {
        let mut at = HashSet::new();
        let handlers =
            lol_html::ElementContentHandlers::default().element(|el: &mut Element<'_, '_>| {
                at.insert(el.source_location().bytes().start);
                Ok(())
            });
        let settings = Settings::new()
            .append_element_content_handler((std::borrow::Cow::Borrowed(sel), handlers));
        let mut r = HtmlRewriter::new(settings, |_: &[u8]| {});
        r.write(page).unwrap();
        r.end().unwrap();
        at
    }

    fn skipped_by(sel: &Selector, page: &str) -> Vec<String> {
        let seen = matched(sel, page.as_bytes());
        escapes(page.as_bytes(), |_, _, at| !seen.contains(&at))
    }

    static PREFILTER: LazyLock<Selector> = LazyLock::new(|| prefilter_selector().parse().unwrap());

    // The prefilter must be a superset of what the rewriter holds: an element
    // lol_html skips is never judged, so a miss lets a tracker through.
    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]
        #[test]
        fn the_selectors_hand_over_every_element_held(
            tags in prop::collection::vec(tag(), 1..6),
        ) {
            let page = tags.concat();
            for sel in [&*PREFILTER, &*SELECTOR] {
                let missed = skipped_by(sel, &page);
                prop_assert!(missed.is_empty(), "skipped but held: {missed:?}");
            }
        }
    }

    /// The property test can fail: a selector that forgets one mark (a tab
    /// inside the scheme-relative prefix) misses such an element.
    #[test]
    fn a_selector_missing_a_mark_is_caught() {
        let page = "<img src=\"/\t/www.facebook.com/tr\"><img src=\"/a.png\">";
        let weak = prefilter_selector().replace("img[src*=\"\\9 \"], ", "");
        assert_ne!(weak, prefilter_selector());
        assert_eq!(skipped_by(&weak.parse().unwrap(), page).len(), 1);
        assert!(skipped_by(&PREFILTER, page).is_empty());
    }

    #[test]
    fn a_zero_byte_is_no_name() {
        for n in 1..=16 {
            for at in 0..n {
                let mut v = vec![b'a'; n];
                assert!(packed(&v).is_some());
                v[at] = 0;
                assert_eq!(packed(&v), None, "{n} {at}");
            }
        }
        assert_eq!(packed(&[b'a'; 17]), None);
        assert_eq!(packed(b"img"), packed(b"IMG"));
        assert_ne!(packed(b"img"), packed(b"imgs"));
    }

    #[test]
    fn knows_every_tag_in_any_case() {
        for t in markup::TAGS.into_iter().chain(OWN) {
            assert_eq!(known(t.as_bytes()), Some(t));
            assert_eq!(known(t.to_ascii_uppercase().as_bytes()), Some(t));
        }
        assert_eq!(known(b"div"), None);
        assert_eq!(known(b"blockquote"), None);
    }

    #[test]
    fn base_is_handed_over() {
        let page = "<base href=\"https://www.facebook.com/\"><base href=\"/x/\">";
        assert!(skipped_by(&SELECTOR, page).is_empty());
        let weak: Selector = selector().replace(", base", "").parse().unwrap();
        assert_eq!(skipped_by(&weak, page).len(), 1);
    }
}
