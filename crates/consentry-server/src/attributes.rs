//! A raw start tag's name and attributes as the HTML tokenizer reads them, from
//! "before attribute name" on: names as written, values raw, and where
//! each lies ([`Span`]), for the rewriter's prefilter ([`crate::plain`]),
//! its reading of judged values ([`crate::start_tag`]) and its held tags
//! ([`crate::held_tag`]).

use crate::classify::{eq, first, space};
use std::ops::Range;

/// HTML's ASCII whitespace, as [`CLASS`] is checked against.
#[cfg(test)]
fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

/// Per byte: bit 0 whitespace, bit 1 whitespace or `/` (skipped before an
/// attribute name). One load per byte where the `match` cost a range test,
/// a shift and a compare.
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        if matches!(b as u8, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ') {
            t[b] = 0b11;
        } else if b as u8 == b'/' {
            t[b] = 0b10;
        }
        b += 1;
    }
    t
};

/// [`is_space`] by [`CLASS`].
#[inline(always)]
fn space_at(raw: &[u8], i: usize) -> bool {
    raw.get(i).is_some_and(|&b| CLASS[usize::from(b)] & 1 != 0)
}

/// The tag name of a raw start tag (`<name ...>`), as written.
pub(crate) fn name(raw: &[u8]) -> Option<&[u8]> {
    let rest = raw.strip_prefix(b"<")?;
    let end = rest
        .iter()
        .position(|&b| CLASS[usize::from(b)] & 2 != 0 || b == b'>')?;
    (end > 0 && raw.last() == Some(&b'>')).then(|| &rest[..end])
}

/// Where one attribute lies in a raw start tag.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Span {
    /// The name as written.
    pub(crate) name: Range<usize>,
    /// The value without its quotes; `None`: no `=`.
    pub(crate) value: Option<Range<usize>>,
    /// The end of the attribute as the tokenizer keeps it: after the
    /// closing quote, the value, or the name.
    pub(crate) end: usize,
}

/// The attributes of a raw start tag as the tokenizer reads them (name as
/// written, raw value), from "before attribute name" on; an `Err` item for
/// a tag it does not understand (the tag is known to end with its `>`).
pub(crate) fn attributes(raw: &[u8]) -> impl Iterator<Item = Result<(&[u8], &[u8]), ()>> {
    spans(raw).map(move |s| {
        let s = s?;
        Ok((&raw[s.name], s.value.map_or(&b""[..], |v| &raw[v])))
    })
}

/// [`attributes`] as positions in `raw`.
pub(crate) fn spans(raw: &[u8]) -> Spans<'_> {
    let name = name(raw);
    Spans {
        raw,
        i: name.map_or(raw.len(), |n| 1 + n.len()),
        failed: name.is_none(),
    }
}

/// The iterator of [`spans`]: a plain struct, so the scan inlines into the
/// caller's loop (a closure's result crossed a call per attribute).
pub(crate) struct Spans<'a> {
    raw: &'a [u8],
    i: usize,
    failed: bool,
}

impl Iterator for Spans<'_> {
    type Item = Result<Span, ()>;

    #[inline(always)]
    fn next(&mut self) -> Option<Result<Span, ()>> {
        let (raw, mut i) = (self.raw, self.i);
        if self.failed {
            self.failed = false;
            self.i = raw.len();
            return Some(Err(()));
        }
        while raw.get(i).is_some_and(|&b| CLASS[usize::from(b)] & 2 != 0) {
            i += 1;
        }
        if i >= raw.len() || raw[i] == b'>' {
            self.i = i;
            return None;
        }
        let start = i;
        // The first character is part of the name even when it is `=`.
        i += 1;
        let name_end = |v| space(v) | eq(v, b'/') | eq(v, b'>') | eq(v, b'=');
        i += first(&raw[i..], name_end).unwrap_or(raw.len() - i);
        let name = start..i;
        let end = i;
        while space_at(raw, i) {
            i += 1;
        }
        if raw.get(i) != Some(&b'=') {
            self.i = i;
            return Some(Ok(Span {
                name,
                value: None,
                end,
            }));
        }
        i += 1;
        while space_at(raw, i) {
            i += 1;
        }
        let (value, end) = match raw.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let Some(len) = first(&raw[i + 1..], |v| eq(v, q)) else {
                    self.i = raw.len();
                    return Some(Err(()));
                };
                let v = i + 1..i + 1 + len;
                i += len + 2;
                (v, i)
            }
            // `name=` and no value: read as empty.
            Some(b'>') | None => (i..i, i),
            Some(_) => {
                let len = first(&raw[i..], |v| space(v) | eq(v, b'>')).unwrap_or(raw.len() - i);
                let v = i..i + len;
                i += len;
                (v, i)
            }
        };
        self.i = i;
        Some(Ok(Span {
            name,
            value: Some(value),
            end,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_the_definition() {
        for b in 0..=255u8 {
            let c = CLASS[usize::from(b)];
            assert_eq!(c & 1 != 0, is_space(b), "{b}");
            assert_eq!(c & 2 != 0, is_space(b) || b == b'/', "{b}");
        }
    }
}
