//! Streaming HTML rewriting (lol_html): blocked elements are neutralised
//! exactly as the browser runtime holds them ([`consentry_core::markup`]), so
//! the runtime can release them later without a reload, and the consent
//! facts are injected before the first script.
//!
//! - Untagged blocked scripts become `type="text/plain"` with the original
//!   type (or empty) in `data-consentry-type`; other blocked elements have
//!   each URL attribute moved to `data-consentry-<attr>`. Both get
//!   `data-consentry` = the block reason and `data-consentry-service`
//!   (`held_tag.rs`), written from the raw tag when one input chunk holds
//!   it, through lol_html's attribute API otherwise.
//! - Tagged markup (`data-category` / `data-service`) is inert as written and
//!   is left so; when blocked it only gains `data-consentry` (+ service).
//! - Allowed elements and elements already held are untouched; those the
//!   core's prefilter rules out ([`markup::host_marks`]: no URL that could
//!   name a host, no tagged markup) are left from their raw tag, unjudged
//!   (`plain.rs`).
//! - A `<base href>` on a host where a service not allowed has a rule is
//!   held like a URL element ([`markup::judge_base`]): the relative URLs
//!   judged as the page's own stay so.
//! - A `<noscript>`'s markup, which lol_html reads as text (as a browser
//!   with JavaScript on does) but a browser without JavaScript renders, is
//!   rewritten like a page, trackers held, nothing injected.
//! - A `<style>` loading URLs the engine refuses has them made inert, its
//!   original text kept for the browser ([`markup::hold_style`]).
//! - The snippet ([`crate::inject::snippet`]) goes before the first
//!   `<script>`, else at the end of `<head>`, else at the start of `<body>`,
//!   else (a page with `<html>` but none of those) at the end.
//!
//! Memory stays bounded by the chunk size plus the longest single tag
//! (lol_html buffers a start tag split across chunks until it is complete)
//! and the longest `<style>` text.

use crate::attributes;
use crate::current::{self, Io};
use crate::decision::Consent;
use crate::error::Error;
use crate::held_tag::{held_tag, hold_with, Edit};
use crate::inject;
use crate::noscript::{Fallback, NOSCRIPT};
pub use crate::page::{charset_of, PageContext, PageForm};
use crate::plain;
use crate::selector::{self, SELECTOR};
use crate::start_tag::{self, Scratch, JUDGED};
use crate::style::{Sheet, STYLE};
use crate::whole::Whole;
use bytes::Bytes;
use consentry_core::markup::{self, Verdict};
use consentry_core::ui::form::FormTarget;
use consentry_core::ui::Ui;
use consentry_core::Decider;
use encoding_rs::Encoding;
use lol_html::html_content::{ContentType, Element};
use lol_html::send::SendHandlerTypes;
use lol_html::{
    end, AsciiCompatibleEncoding, ElementContentHandlers, HtmlRewriter, OutputSink, Settings,
};
use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Output into the running rewriter's buffer ([`current`]).
struct Sink;

impl OutputSink for Sink {
    fn handle_chunk(&mut self, chunk: &[u8]) {
        current::emit(chunk);
    }
}

/// A streaming rewriter for one page: feed it chunks, take the output.
pub struct PageRewriter {
    rewriter: HtmlRewriter<'static, Sink, SendHandlerTypes>,
    /// The output so far and the input the handler reads start tags from.
    io: Io,
}

impl std::fmt::Debug for PageRewriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PageRewriter")
    }
}

impl PageRewriter {
    /// A rewriter for this visitor and response; fails only for a charset
    /// lol_html cannot stream (the page should then pass through).
    pub fn new(consent: &Consent, page: &PageContext) -> Result<PageRewriter, Error> {
        PageRewriter::build(consent, page, true)
    }

    /// `inject: false` for a fragment of a page ([`rewrite_fragment`]): its
    /// trackers held, nothing added.
    fn build(consent: &Consent, page: &PageContext, inject: bool) -> Result<PageRewriter, Error> {
        let encoding = match &page.charset {
            None => AsciiCompatibleEncoding::utf_8(),
            Some(label) => Encoding::for_label(label.as_bytes())
                .and_then(AsciiCompatibleEncoding::new)
                .ok_or_else(|| Error::UnsupportedCharset(label.clone()))?,
        };
        let snippet: Arc<str> = inject::snippet(consent, page.nonce.as_deref()).into();
        let done = Arc::new(AtomicBool::new(!inject));
        let seen_html = Arc::new(AtomicBool::new(false));
        let take = |done: &AtomicBool| !done.swap(true, Ordering::Relaxed);

        // Rendered at `<body>`, once `<html lang>` is known. The language is
        // consentry-core's to choose (`ui::choose_language`, through
        // `Ui::new`) from the page's and the visitor's languages as they are,
        // the rule the browser's UI follows, so a banner the drop-in adopts
        // matches its dialog.
        let banner_due = inject && page.banner && consent.banner_needed();
        let visitor = page.languages.clone();
        let form = page.form.clone();
        let mut page_lang: Option<String> = None;
        let (c, s, d, h) = (
            consent.clone(),
            snippet.clone(),
            done.clone(),
            seen_html.clone(),
        );
        let mut scratch = Scratch::default();
        // One handler for every tag of interest: lol_html's selector VM costs
        // per selector on every start and end tag, more than the dispatch.
        // The name and the judged attributes are read from the input itself
        // ([`start_tag`]): lol_html's accessors allocate for each.
        let handler = move |el: &mut Element<'_, '_, SendHandlerTypes>| {
            let mut srcdoc_frame = false;
            current::with_window(|w| {
                let raw = w.get(el.source_location().bytes());
                let known = raw.and_then(attributes::name).and_then(selector::known_id);
                let owned;
                let tag = match known {
                    Some(id) => selector::tag(id),
                    // Read from the input and none of ours: what an `<svg>`
                    // holds besides SVG's family (`<title>`, `<stop>`…).
                    None if raw.is_some_and(|r| attributes::name(r).is_some()) => return,
                    None => {
                        owned = el.tag_name();
                        owned.as_str()
                    }
                };
                let mut judge = |el: &mut Element<'_, '_, SendHandlerTypes>, tag: &str| {
                    hold(&c, el, tag, raw.zip(known), &mut scratch);
                };
                match tag {
                    "script" => {
                        if take(&d) {
                            el.before(&s, ContentType::Html);
                        }
                        judge(el, "script");
                    }
                    "head" => {
                        if !d.load(Ordering::Relaxed) {
                            let (s, d) = (s.clone(), d.clone());
                            // No end tag to hook (e.g. `<head/>`): body or the end will do.
                            let _ = el.on_end_tag(Box::new(move |end| {
                                if take(&d) {
                                    end.before(&s, ContentType::Html);
                                }
                                Ok(())
                            }));
                        }
                    }
                    "body" => {
                        // One prepend: the snippet (if still due) stays before the banner.
                        let mut start = String::new();
                        if take(&d) {
                            start.push_str(&s);
                        }
                        if banner_due {
                            let visitor = visitor.iter().map(String::as_str);
                            let ui = Ui::new(c.policy(), page_lang.as_deref(), visitor);
                            let view = ui.banner(c.decider());
                            let view = match &form {
                                Some(f) => view.into_form(&FormTarget {
                                    action: &f.action,
                                    back: &f.back,
                                    token: f.token.as_deref(),
                                }),
                                None => view,
                            };
                            start.push_str(&view.to_html());
                        }
                        if !start.is_empty() {
                            el.prepend(&start, ContentType::Html);
                        }
                        // `<body background>` fetches too.
                        judge(el, "body");
                    }
                    "html" => {
                        h.store(true, Ordering::Relaxed);
                        page_lang = el.get_attribute("lang");
                    }
                    // A frame with a document written in its `srcdoc`.
                    "iframe" if raw.is_none_or(crate::srcdoc::named) => srcdoc_frame = true,
                    _ => judge(el, tag),
                }
            });
            if srcdoc_frame {
                // Outside the window's borrow: rewriting its document runs a
                // rewriter of its own, which installs its own window.
                crate::srcdoc::hold(&c, el);
                hold(&c, el, "iframe", None, &mut scratch);
            }
            Ok(())
        };
        let tags = (
            Cow::Borrowed(&*SELECTOR),
            ElementContentHandlers::default().element(handler),
        );
        let styles = Whole::<Sheet>::new(consent);
        let style_handlers = styles.handlers(&STYLE);
        let noscripts = Whole::<Fallback>::new(consent);
        let noscript_handlers = noscripts.handlers(&NOSCRIPT);
        let (s6, d6) = (snippet, done);
        let doc_end = end!(move |end| {
            if let Some(sheet) = styles.unfinished() {
                end.append(&sheet, ContentType::Html);
            }
            if let Some(rest) = noscripts.unfinished() {
                end.append(&rest, ContentType::Html);
            }
            if seen_html.load(Ordering::Relaxed) && take(&d6) {
                end.append(&s6, ContentType::Html);
            }
            Ok(())
        });
        let settings = Settings::new_send()
            .with_encoding(encoding)
            .with_strict(false)
            .with_adjust_charset_on_meta_tag(page.charset.is_none())
            .append_element_content_handler(tags)
            .append_element_content_handler(style_handlers)
            .append_element_content_handler(noscript_handlers)
            .append_document_content_handler(doc_end);
        Ok(PageRewriter {
            rewriter: HtmlRewriter::new(settings, Sink),
            io: Io::default(),
        })
    }

    /// Feeds a chunk; returns the output ready so far (possibly empty).
    pub fn write(&mut self, chunk: &[u8]) -> Result<Bytes, Error> {
        self.write_bytes(Bytes::copy_from_slice(chunk))
    }

    /// [`PageRewriter::write`] for a chunk it may keep: the rewriter reads
    /// start tags from the last two chunks, shared, not copied.
    pub fn write_bytes(&mut self, chunk: Bytes) -> Result<Bytes, Error> {
        self.io.window.push(chunk.clone());
        let rewriter = &mut self.rewriter;
        self.io
            .run(|| rewriter.write(&chunk))
            .map_err(|e| Error::Rewrite(e.to_string()))?;
        Ok(self.take())
    }

    /// Ends the input; returns the rest of the output.
    pub fn end(self) -> Result<Bytes, Error> {
        let PageRewriter { rewriter, mut io } = self;
        io.run(|| rewriter.end())
            .map_err(|e| Error::Rewrite(e.to_string()))?;
        Ok(Bytes::from(io.out))
    }

    fn take(&mut self) -> Bytes {
        let o = &mut self.io.out;
        if o.is_empty() {
            return Bytes::new();
        }
        let cap = o.capacity();
        Bytes::from(std::mem::replace(o, Vec::with_capacity(cap)))
    }
}

/// Rewrites a whole page at once (tests, small pages).
pub fn rewrite_page(consent: &Consent, page: &PageContext, html: &[u8]) -> Result<Vec<u8>, Error> {
    let mut r = PageRewriter::new(consent, page)?;
    let mut out = r.write(html)?.to_vec();
    out.extend_from_slice(&r.end()?);
    Ok(out)
}

/// A fragment of a page (a `<noscript>`'s markup) with its trackers held
/// as in a page, nothing injected; `None` if lol_html fails on it.
pub(crate) fn rewrite_fragment(consent: &Consent, html: &str) -> Option<String> {
    let mut r = PageRewriter::build(consent, &PageContext::default(), false).ok()?;
    let mut out = r.write(html.as_bytes()).ok()?.to_vec();
    out.extend_from_slice(&r.end().ok()?);
    String::from_utf8(out).ok()
}

/// Judges one element with the shared convention and holds it if blocked;
/// `raw`: its start tag as written, when the input still holds it, and the
/// tag's [`selector::known_id`].
fn hold(
    consent: &Consent,
    el: &mut Element<'_, '_, SendHandlerTypes>,
    tag: &str,
    raw: Option<(&[u8], usize)>,
    scratch: &mut Scratch,
) {
    if raw.is_some_and(|(raw, id)| plain::plainly_allowed_id(raw, id)) {
        return;
    }
    let raw = raw.map(|(raw, _)| raw);
    let d = consent.decider();
    let verdict = match raw.and_then(|raw| start_tag::values(raw, scratch)) {
        Some(values) => judge(d, tag, |n| values.get(n)),
        None => {
            // From lol_html: attributes read only when `judge` asks (most
            // elements need a few of them), values decoded as a browser reads them.
            let attrs: [std::cell::OnceCell<Option<String>>; JUDGED.len()] = Default::default();
            let el = &*el;
            judge(d, tag, |n| {
                let i = start_tag::slot(n)?;
                attrs[i]
                    .get_or_init(|| {
                        el.get_attribute(n)
                            .map(|v| match crate::entities::decode_entities(&v) {
                                Cow::Borrowed(_) => v,
                                Cow::Owned(d) => d,
                            })
                    })
                    .as_deref()
            })
        }
    };
    let Some(v) = verdict else { return };
    if v.decision.is_allowed() {
        return;
    }
    // `<body>`'s start tag may carry the banner after it, which makes
    // lol_html drop a self-closing `/`: left to it.
    if tag != "body" {
        if let Some(held) = raw.and_then(|raw| held_tag(raw, tag, &v)) {
            el.start_tag().replace(&held, ContentType::Html);
            return;
        }
    }
    apply(el, tag, &v);
}

/// The core's judgement of an element the rewriter judges. An HTML link
/// ([`markup::ACTIVATION_TAGS`]) is not handed over (its `ping` left to the
/// browser's guard); an SVG `<a>`, handed over with SVG's family, is judged
/// whole: its presentation attributes load (`mask`, `cursor`, `fill`: every
/// engine with JavaScript off, session 23).
pub(crate) fn judge<'v>(
    d: &Decider<'_>,
    tag: &str,
    attr: impl Fn(&str) -> Option<&'v str>,
) -> Option<Verdict> {
    match tag {
        "base" => markup::judge_base(d, attr),
        _ => markup::judge(d, tag, attr),
    }
}

/// lol_html's attribute API, for [`hold_with`].
struct Lol<'e, 'r, 't>(&'e mut Element<'r, 't, SendHandlerTypes>);

impl<'a> Edit<'a> for Lol<'_, '_, '_> {
    fn get(&self, name: &str) -> Option<Cow<'a, str>> {
        self.0.get_attribute(name).map(Cow::Owned)
    }

    fn remove(&mut self, name: &str) {
        self.0.remove_attribute(name);
    }

    fn set(&mut self, prefix: &'static str, name: &'static str, value: Cow<'a, str>) {
        let name = match prefix {
            "" => Cow::Borrowed(name),
            p => Cow::Owned(format!("{p}{name}")),
        };
        // The core's names and values are valid.
        let _ = self.0.set_attribute(&name, &value);
    }
}

/// The held form through lol_html's attribute API: a tag the raw edits
/// ([`held_tag`]) cannot write.
fn apply(el: &mut Element<'_, '_, SendHandlerTypes>, tag: &str, v: &Verdict) {
    hold_with(&mut Lol(el), tag, v);
}
