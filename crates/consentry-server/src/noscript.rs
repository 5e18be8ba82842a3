//! `<noscript>`: lol_html reads its content as text, as a browser with
//! JavaScript on does, but a browser without JavaScript renders it, and
//! trackers put their no-JavaScript fallback there (Meta's pixel is
//! `<noscript><img src="https://www.facebook.com/tr?…&noscript=1">`). Its
//! content is read whole ([`crate::whole`]) and rewritten as a fragment of
//! the page (`rewrite_fragment`): trackers held, sheets judged, nothing
//! injected. If that fails the content is dropped: it is only a fallback.

use crate::decision::Consent;
use crate::rewrite::rewrite_fragment;
use crate::whole::Kind;
use lol_html::html_content::Element;
use lol_html::send::SendHandlerTypes;
use lol_html::Selector;
use std::sync::LazyLock;

pub(crate) static NOSCRIPT: LazyLock<Selector> =
    LazyLock::new(|| "noscript".parse().expect("a tag name is a selector"));

/// A `<noscript>`'s markup so far (its tags stay as written).
pub(crate) struct Fallback(String);

impl Kind for Fallback {
    fn start(_: &mut Element<'_, '_, SendHandlerTypes>) -> Self {
        Fallback(String::new())
    }

    fn text(&mut self) -> &mut String {
        &mut self.0
    }

    fn finish(self, consent: &Consent) -> String {
        rewrite_fragment(consent, &self.0).unwrap_or_default()
    }
}
