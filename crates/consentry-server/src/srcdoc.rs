//! An `<iframe srcdoc>`'s document, rewritten as a fragment of the page:
//! with JavaScript off the browser loads what it names (every engine had
//! loaded a tracker's image from one, session 23), so its trackers are held
//! in place, in the form the browser's engine releases inside that frame.

use crate::decision::Consent;
use crate::entities::decode_entities;
use crate::rewrite::rewrite_fragment;
use lol_html::html_content::Element;
use lol_html::send::SendHandlerTypes;
use std::cell::Cell;

thread_local! {
    /// How deep in `srcdoc`s within `srcdoc`s this thread is rewriting.
    static DEPTH: Cell<u8> = const { Cell::new(0) };
}

/// Nesting beyond this is emptied rather than rewritten (each level is a
/// rewriter on the stack).
const MAX_DEPTH: u8 = 4;

/// Whether a raw start tag may carry a `srcdoc` (its value is read through
/// lol_html, the page's encoding decoded, only then: reading allocates).
pub(crate) fn named(raw: &[u8]) -> bool {
    raw.windows(6).any(|w| w.eq_ignore_ascii_case(b"srcdoc"))
}

/// Rewrites the `srcdoc` of an iframe if it holds anything refused; a
/// document that cannot be rewritten, or nested too deep, is emptied.
/// Whether it was rewritten. Not to be called while a rewriter's window
/// is borrowed: it runs a rewriter of its own.
pub(crate) fn hold(consent: &Consent, el: &mut Element<'_, '_, SendHandlerTypes>) -> bool {
    let Some(value) = el.get_attribute("srcdoc") else {
        return false;
    };
    let text = decode_entities(&value);
    let depth = DEPTH.with(Cell::get);
    let held = if depth >= MAX_DEPTH {
        Some(String::new())
    } else {
        DEPTH.with(|d| d.set(depth + 1));
        let out = rewrite_fragment(consent, &text);
        DEPTH.with(|d| d.set(depth));
        match out {
            Some(o) if o == *text => None,
            Some(o) => Some(o),
            None => Some(String::new()),
        }
    };
    let Some(h) = held else { return false };
    // lol_html escapes the quotes; a `&` must stay one once the browser
    // decodes the attribute.
    let _ = el.set_attribute("srcdoc", &h.replace('&', "&amp;"));
    true
}
