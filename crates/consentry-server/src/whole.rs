//! Elements read whole before anything of them is written: lol_html hands
//! their content over as text chunks, which are taken out of the output,
//! buffered to the end tag and written back as the element's kind decides
//! (a `<style>` judged by its text, a `<noscript>` rewritten as markup).
//! A page that ends inside one gets it written at the document's end
//! ([`Whole::unfinished`]). Memory: one element's content at a time.

use crate::decision::Consent;
use lol_html::html_content::{ContentType, Element, EndTag, TextChunk};
use lol_html::send::SendHandlerTypes;
use lol_html::{ElementContentHandlers, Selector};
use std::borrow::Cow;
use std::sync::{Arc, Mutex, MutexGuard};

/// One kind of element read whole.
pub(crate) trait Kind: Send + 'static {
    /// What its start tag says (it may take the tag out of the output).
    fn start(el: &mut Element<'_, '_, SendHandlerTypes>) -> Self;
    /// Where its content goes.
    fn text(&mut self) -> &mut String;
    /// What is written in place of its content (and of its start tag, if
    /// `start` took it out) before its end tag.
    fn finish(self, consent: &Consent) -> String;
}

/// The handlers of one page for one kind, and the element open now.
pub(crate) struct Whole<K> {
    consent: Consent,
    open: Arc<Mutex<Option<K>>>,
}

impl<K> Clone for Whole<K> {
    fn clone(&self) -> Self {
        Whole {
            consent: self.consent.clone(),
            open: self.open.clone(),
        }
    }
}

type Handlers = (
    Cow<'static, Selector>,
    ElementContentHandlers<'static, SendHandlerTypes>,
);

impl<K: Kind> Whole<K> {
    pub(crate) fn new(consent: &Consent) -> Whole<K> {
        Whole {
            consent: consent.clone(),
            open: Arc::new(Mutex::new(None)),
        }
    }

    /// The element and text handlers for the elements `selector` matches.
    pub(crate) fn handlers(&self, selector: &'static Selector) -> Handlers {
        let (on_el, on_text) = (self.clone(), self.clone());
        let element = move |el: &mut Element<'_, '_, SendHandlerTypes>| {
            *on_el.lock() = Some(K::start(el));
            let done = on_el.clone();
            // No end tag (the page ends inside it): `unfinished`.
            let _ = el.on_end_tag(Box::new(move |end: &mut EndTag<'_>| {
                if let Some(html) = done.unfinished() {
                    end.before(&html, ContentType::Html);
                }
                Ok(())
            }));
            Ok(())
        };
        let text = move |chunk: &mut TextChunk<'_>| {
            if let Some(open) = on_text.lock().as_mut() {
                open.text().push_str(chunk.as_str());
                chunk.remove();
            }
            Ok(())
        };
        (
            Cow::Borrowed(selector),
            ElementContentHandlers::default()
                .element(element)
                .text(text),
        )
    }

    /// The element open now, finished: at its end tag, or at the
    /// document's end for a page cut off inside it.
    pub(crate) fn unfinished(&self) -> Option<String> {
        let open = self.lock().take()?;
        Some(open.finish(&self.consent))
    }

    fn lock(&self) -> MutexGuard<'_, Option<K>> {
        match self.open.lock() {
            Ok(o) => o,
            Err(p) => p.into_inner(),
        }
    }
}
