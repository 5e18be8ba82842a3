//! How a held element's start tag changes ([`hold_with`], the
//! convention of [`markup`]), made either through lol_html's attribute API
//! (`rewrite::apply`) or, cheaper, on the tag as written ([`held_tag`]:
//! lol_html's API builds every attribute, allocating for each, and then a
//! string per name and value set): byte for byte what lol_html would
//! serialize. Tags the raw edits cannot write exactly (`name=` with no
//! value, any non-ASCII byte: lol_html encodes a replacement in the page's
//! encoding, which a `<meta charset>` may change mid-stream) are left to
//! lol_html.

use crate::attributes::{self, spans, Span};
use consentry_core::markup::{self, Verdict};
use std::borrow::Cow;

/// Attribute edits with lol_html's meaning: names in any case, the first of
/// a repeated name read and set, every one removed.
pub(crate) trait Edit<'a> {
    /// The first value of `name`, as written.
    fn get(&self, name: &str) -> Option<Cow<'a, str>>;
    /// Every attribute of this name goes.
    fn remove(&mut self, name: &str);
    /// The first attribute named `prefix` + `name` gets the value, its name
    /// kept as written; else one is added at the end.
    fn set(&mut self, prefix: &'static str, name: &'static str, value: Cow<'a, str>);
}

/// Holds an element as `v` says: an untagged script becomes inert text
/// (its type kept aside), other elements' URL attributes move aside; the
/// reason and the service are marked.
pub(crate) fn hold_with<'a>(e: &mut impl Edit<'a>, tag: &str, v: &'a Verdict) {
    if !v.tagged {
        if tag == "script" {
            let original = e.get("type").unwrap_or_default();
            e.set("", markup::ORIGINAL_TYPE, original);
            e.set("", "type", Cow::Borrowed("text/plain"));
        } else {
            for &attr in v.url_attributes {
                if let Some(value) = e.get(attr) {
                    e.remove(attr);
                    e.set(markup::MOVED_PREFIX, attr, value);
                }
            }
        }
    }
    e.set("", markup::HELD, Cow::Borrowed(v.decision.reason()));
    if let Some(s) = &v.service {
        e.set("", markup::SERVICE, Cow::Borrowed(s));
    }
}

/// One attribute of the tag being edited: as written, or set (a name of
/// `prefix` + `name`, the name as written when one was there).
enum Attr<'a> {
    Raw(Span),
    Set {
        prefix: &'static str,
        name: &'a str,
        value: Cow<'a, str>,
    },
}

struct Tag<'a> {
    raw: &'a str,
    attrs: Vec<Attr<'a>>,
}

/// Two names given as prefix and rest, compared whole in any case.
fn same(a: (&str, &str), b: (&str, &str)) -> bool {
    fn bytes<'s>((p, n): (&'s str, &'s str)) -> impl Iterator<Item = u8> + 's {
        p.bytes().chain(n.bytes()).map(|c| c.to_ascii_lowercase())
    }
    a.0.len() + a.1.len() == b.0.len() + b.1.len() && bytes(a).eq(bytes(b))
}

impl<'a> Tag<'a> {
    fn is(&self, a: &Attr<'a>, prefix: &str, name: &str) -> bool {
        let written = match a {
            Attr::Raw(s) => ("", &self.raw[s.name.clone()]),
            Attr::Set { prefix, name, .. } => (*prefix, *name),
        };
        same(written, (prefix, name))
    }

    fn find(&self, prefix: &str, name: &str) -> Option<usize> {
        self.attrs.iter().position(|a| self.is(a, prefix, name))
    }
}

impl<'a> Edit<'a> for Tag<'a> {
    fn get(&self, name: &str) -> Option<Cow<'a, str>> {
        let raw = self.raw;
        Some(match &self.attrs[self.find("", name)?] {
            Attr::Raw(s) => Cow::Borrowed(s.value.clone().map_or("", |v| &raw[v])),
            Attr::Set { value, .. } => value.clone(),
        })
    }

    fn remove(&mut self, name: &str) {
        let mut i = 0;
        while i < self.attrs.len() {
            if self.is(&self.attrs[i], "", name) {
                self.attrs.remove(i);
            } else {
                i += 1;
            }
        }
    }

    fn set(&mut self, prefix: &'static str, name: &'static str, value: Cow<'a, str>) {
        let raw = self.raw;
        match self.find(prefix, name) {
            Some(i) => {
                let a = &mut self.attrs[i];
                if let Attr::Raw(s) = a {
                    *a = Attr::Set {
                        prefix: "",
                        name: &raw[s.name.clone()],
                        value,
                    };
                } else if let Attr::Set { value: v, .. } = a {
                    *v = value;
                }
            }
            None => self.attrs.push(Attr::Set {
                prefix,
                name,
                value,
            }),
        }
    }
}

/// The start tag `raw` (of a `tag` the rewriter names) held as `v` says;
/// `None`: left to lol_html.
pub(crate) fn held_tag<'a>(raw: &'a [u8], tag: &str, v: &'a Verdict) -> Option<String> {
    if !raw.is_ascii() {
        return None;
    }
    let raw = std::str::from_utf8(raw).ok()?;
    let name = std::str::from_utf8(attributes::name(raw.as_bytes())?).ok()?;
    let mut attrs = Vec::with_capacity(8);
    for s in spans(raw.as_bytes()) {
        let s = s.ok()?;
        // `name=` then `>`: lol_html keeps no value, where this reads one.
        if s.value
            .as_ref()
            .is_some_and(|v| v.is_empty() && s.end == v.end)
        {
            return None;
        }
        attrs.push(Attr::Raw(s));
    }
    let last_end = match attrs.last() {
        Some(Attr::Raw(s)) => s.end,
        _ => 1 + name.len(),
    };
    // A `/` the tokenizer read as such, not as the end of a value.
    let self_closing = raw.ends_with("/>") && raw.len() - 2 >= last_end;
    let mut t = Tag { raw, attrs };
    hold_with(&mut t, tag, v);
    Some(write(&t, name, self_closing))
}

/// As lol_html serializes a start tag it has changed.
fn write(t: &Tag<'_>, name: &str, self_closing: bool) -> String {
    let mut out = String::with_capacity(t.raw.len() + 96);
    out.push('<');
    out.push_str(name);
    for a in &t.attrs {
        out.push(' ');
        match a {
            Attr::Raw(s) => out.push_str(&t.raw[s.name.start..s.end]),
            Attr::Set {
                prefix,
                name,
                value,
            } => {
                out.push_str(prefix);
                out.push_str(name);
                out.push_str("=\"");
                let mut rest = &value[..];
                while let Some(q) = rest.find('"') {
                    out.push_str(&rest[..q]);
                    out.push_str("&quot;");
                    rest = &rest[q + 1..];
                }
                out.push_str(rest);
                out.push('"');
            }
        }
    }
    if self_closing {
        if !t.attrs.is_empty() {
            out.push(' ');
        }
        out.push_str("/>");
    } else {
        out.push('>');
    }
    out
}
