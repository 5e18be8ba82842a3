//! `<style>` elements ([`markup::hold_style`]). A sheet's text loads its
//! `@import`s, fonts and backgrounds as soon as the parser reads it (the
//! preload scanner even earlier), before any script: on a first view only
//! the server can stop it.
//!
//! The text is buffered to the end tag and judged whole. A sheet with
//! nothing refused is written back as it came; otherwise the refused URLs
//! are made inert in place (the site's own rules still apply), and the
//! start tag gains [`markup::HELD`], [`markup::SERVICE`] and the original
//! text in [`markup::ORIGINAL_STYLE`], which the browser engine puts back
//! once consent allows it. The start tag is written again from its
//! attributes either way: it leaves the output before its text is read.
//!
//! Memory: one sheet's text at a time (a `<style>` cannot nest). A sheet
//! costs a few allocations (its attributes, text and start tag), allowed or
//! not; governed tags still cost none unless held.

use crate::decision::Consent;
use consentry_core::markup;
use lol_html::html_content::{ContentType, Element, EndTag, TextChunk};
use lol_html::send::SendHandlerTypes;
use lol_html::{ElementContentHandlers, Selector};
use std::borrow::Cow;
use std::sync::{Arc, LazyLock, Mutex};

static STYLE: LazyLock<Selector> =
    LazyLock::new(|| markup::STYLE_TAG.parse().expect("a tag name is a selector"));

/// The sheet being read: its start tag's attributes (raw values, as
/// lol_html gives them) and its text so far.
#[derive(Default)]
struct Open {
    attributes: Vec<(String, String)>,
    text: String,
}

/// The `<style>` handlers of one page, and what a page cut off inside a
/// sheet still owes ([`Styles::unfinished`]).
#[derive(Clone)]
pub(crate) struct Styles {
    consent: Consent,
    open: Arc<Mutex<Option<Open>>>,
}

type Handlers = (
    Cow<'static, Selector>,
    ElementContentHandlers<'static, SendHandlerTypes>,
);

impl Styles {
    pub(crate) fn new(consent: &Consent) -> Styles {
        Styles {
            consent: consent.clone(),
            open: Arc::default(),
        }
    }

    /// The element and text handlers for `style`.
    pub(crate) fn handlers(&self) -> Handlers {
        let (on_el, on_text) = (self.clone(), self.clone());
        let element = move |el: &mut Element<'_, '_, SendHandlerTypes>| {
            let attributes = el
                .attributes()
                .iter()
                .map(|a| (a.name(), a.value()))
                .collect();
            el.remove_and_keep_content();
            *on_el.lock() = Some(Open {
                attributes,
                text: String::new(),
            });
            let done = on_el.clone();
            // No end tag (the page ends inside the sheet): `unfinished`.
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
                open.text.push_str(chunk.as_str());
                chunk.remove();
            }
            Ok(())
        };
        (
            Cow::Borrowed(&*STYLE),
            ElementContentHandlers::default()
                .element(element)
                .text(text),
        )
    }

    /// The sheet a page ended inside, written out (at the document's end).
    pub(crate) fn unfinished(&self) -> Option<String> {
        self.finish()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Open>> {
        match self.open.lock() {
            Ok(o) => o,
            Err(p) => p.into_inner(),
        }
    }

    /// The open sheet, judged and written: start tag, text, end tag.
    fn finish(&self) -> Option<String> {
        let open = self.lock().take()?;
        let held = markup::hold_style(self.consent.decider(), &open.text);
        let mut html = String::with_capacity(open.text.len() * 2 + 64);
        html.push_str("<style");
        let ours = [markup::HELD, markup::SERVICE, markup::ORIGINAL_STYLE];
        for (name, value) in &open.attributes {
            // Marks written by the page give way to the verdict's.
            if held.is_some() && ours.contains(&name.as_str()) {
                continue;
            }
            attribute(&mut html, name, value, false);
        }
        let text = match &held {
            None => &open.text,
            Some(h) => {
                attribute(&mut html, markup::HELD, h.verdict.decision.reason(), true);
                if let Some(s) = &h.verdict.service {
                    attribute(&mut html, markup::SERVICE, s, true);
                }
                attribute(&mut html, markup::ORIGINAL_STYLE, &open.text, true);
                &h.text
            }
        };
        html.push('>');
        html.push_str(text);
        html.push_str("</style>");
        Some(html)
    }
}

/// ` name="value"`: a raw value (entities as written) needs only its double
/// quotes escaped, as lol_html writes an attribute; a text value its `&` too.
fn attribute(html: &mut String, name: &str, value: &str, text: bool) {
    html.push(' ');
    html.push_str(name);
    html.push_str("=\"");
    for c in value.chars() {
        match c {
            '"' => html.push_str("&quot;"),
            '&' if text => html.push_str("&amp;"),
            c => html.push(c),
        }
    }
    html.push('"');
}
