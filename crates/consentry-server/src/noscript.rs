//! `<noscript>`: lol_html reads its content as text, as a browser with
//! JavaScript on does, but a browser without JavaScript renders it, and
//! trackers put their no-JavaScript fallback there (Meta's pixel is
//! `<noscript><img src="https://www.facebook.com/tr?…&noscript=1">`). Its
//! text is buffered to the end tag and rewritten as a fragment of the page
//! (`rewrite_fragment`): trackers held, sheets judged, nothing injected.
//! If that fails the content is dropped: it is only ever a fallback.

use crate::decision::Consent;
use crate::rewrite::rewrite_fragment;
use lol_html::html_content::{ContentType, Element, EndTag, TextChunk};
use lol_html::send::SendHandlerTypes;
use lol_html::{ElementContentHandlers, Selector};
use std::borrow::Cow;
use std::sync::{Arc, LazyLock, Mutex};

static NOSCRIPT: LazyLock<Selector> =
    LazyLock::new(|| "noscript".parse().expect("a tag name is a selector"));

/// The `<noscript>` handlers of one page, and its content so far.
#[derive(Clone)]
pub(crate) struct Noscripts {
    consent: Consent,
    open: Arc<Mutex<Option<String>>>,
}

type Handlers = (
    Cow<'static, Selector>,
    ElementContentHandlers<'static, SendHandlerTypes>,
);

impl Noscripts {
    pub(crate) fn new(consent: &Consent) -> Noscripts {
        Noscripts {
            consent: consent.clone(),
            open: Arc::default(),
        }
    }

    /// The element and text handlers for `noscript`.
    pub(crate) fn handlers(&self) -> Handlers {
        let (on_el, on_text) = (self.clone(), self.clone());
        let element = move |el: &mut Element<'_, '_, SendHandlerTypes>| {
            *on_el.lock() = Some(String::new());
            let done = on_el.clone();
            // No end tag (the page ends inside it): `unfinished`.
            let _ = el.on_end_tag(Box::new(move |end: &mut EndTag<'_>| {
                if let Some(html) = done.finish() {
                    end.before(&html, ContentType::Html);
                }
                Ok(())
            }));
            Ok(())
        };
        let text = move |chunk: &mut TextChunk<'_>| {
            if let Some(open) = on_text.lock().as_mut() {
                open.push_str(chunk.as_str());
                chunk.remove();
            }
            Ok(())
        };
        (
            Cow::Borrowed(&*NOSCRIPT),
            ElementContentHandlers::default()
                .element(element)
                .text(text),
        )
    }

    /// The content a page ended inside, rewritten (at the document's end).
    pub(crate) fn unfinished(&self) -> Option<String> {
        self.finish()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<String>> {
        match self.open.lock() {
            Ok(o) => o,
            Err(p) => p.into_inner(),
        }
    }

    fn finish(&self) -> Option<String> {
        let html = self.lock().take()?;
        Some(rewrite_fragment(&self.consent, &html).unwrap_or_default())
    }
}
