//! `<style>` elements ([`markup::hold_style`]). A sheet's text loads its
//! `@import`s, fonts and backgrounds as soon as the parser reads it (the
//! preload scanner even earlier), before any script: on a first view only
//! the server can stop it.
//!
//! The text is read whole ([`crate::whole`]) and judged. A sheet with
//! nothing refused is written back as it came; otherwise the refused URLs
//! are made inert in place (the site's own rules still apply), and the
//! start tag gains [`markup::HELD`], [`markup::SERVICE`] and the original
//! text in [`markup::ORIGINAL_STYLE`], which the browser engine puts back
//! once consent allows it. The start tag is written again from its
//! attributes either way: it leaves the output before its text is read.
//!
//! A sheet costs a few allocations (its attributes, text and start tag),
//! allowed or not; governed tags still cost none unless held.

use crate::decision::Consent;
use crate::whole::Kind;
use consentry_core::markup;
use lol_html::html_content::Element;
use lol_html::send::SendHandlerTypes;
use lol_html::Selector;
use std::sync::LazyLock;

pub(crate) static STYLE: LazyLock<Selector> =
    LazyLock::new(|| markup::STYLE_TAG.parse().expect("a tag name is a selector"));

/// A sheet being read: its start tag's attributes (raw values, as lol_html
/// gives them; the tag itself is taken out) and its text so far.
pub(crate) struct Sheet {
    attributes: Vec<(String, String)>,
    text: String,
}

impl Kind for Sheet {
    fn start(el: &mut Element<'_, '_, SendHandlerTypes>) -> Self {
        let attributes = el
            .attributes()
            .iter()
            .map(|a| (a.name(), a.value()))
            .collect();
        el.remove_and_keep_content();
        Sheet {
            attributes,
            text: String::new(),
        }
    }

    fn text(&mut self) -> &mut String {
        &mut self.text
    }

    /// The sheet judged and written: start tag, text, end tag.
    fn finish(self, consent: &Consent) -> String {
        let open = self;
        let held = markup::hold_style(consent.decider(), &open.text);
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
        html
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
