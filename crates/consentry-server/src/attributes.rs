//! A raw start tag's name and attributes as the HTML tokenizer reads them, from
//! "before attribute name" on: names as written, values raw, and where
//! each lies ([`Span`]), for the rewriter's prefilter ([`crate::plain`]),
//! its reading of judged values ([`crate::start_tag`]) and its held tags
//! ([`crate::held_tag`]).

use std::ops::Range;

/// HTML's ASCII whitespace.
pub(crate) fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

/// The tag name of a raw start tag (`<name ...>`), as written.
pub(crate) fn name(raw: &[u8]) -> Option<&[u8]> {
    let rest = raw.strip_prefix(b"<")?;
    let end = rest
        .iter()
        .position(|&b| is_space(b) || b == b'/' || b == b'>')?;
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

/// The first `q` in `hay`, eight bytes at a time (an exact zero-byte test
/// on a word): `memchr`'s dispatch and vector set-up cost more than the
/// search on a value this short.
#[inline]
fn find_quote(q: u8, hay: &[u8]) -> Option<usize> {
    const LOW: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let needle = u64::from_le_bytes([q; 8]);
    let mut words = hay.chunks_exact(8);
    let mut at = 0;
    for w in &mut words {
        let x = u64::from_le_bytes(w.try_into().expect("eight bytes")) ^ needle;
        // The high bit of each byte of `x` that is zero.
        let zero = !(((x & LOW) + LOW) | x | LOW);
        if zero != 0 {
            return Some(at + zero.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    words
        .remainder()
        .iter()
        .position(|&b| b == q)
        .map(|p| at + p)
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

    #[inline]
    fn next(&mut self) -> Option<Result<Span, ()>> {
        let (raw, mut i) = (self.raw, self.i);
        if self.failed {
            self.failed = false;
            self.i = raw.len();
            return Some(Err(()));
        }
        while i < raw.len() && (is_space(raw[i]) || raw[i] == b'/') {
            i += 1;
        }
        if i >= raw.len() || raw[i] == b'>' {
            self.i = i;
            return None;
        }
        let start = i;
        // The first character is part of the name even when it is `=`.
        i += 1;
        while i < raw.len() && !(is_space(raw[i]) || matches!(raw[i], b'/' | b'>' | b'=')) {
            i += 1;
        }
        let name = start..i;
        let end = i;
        while i < raw.len() && is_space(raw[i]) {
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
        while i < raw.len() && is_space(raw[i]) {
            i += 1;
        }
        let (value, end) = match raw.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let Some(len) = find_quote(q, &raw[i + 1..]) else {
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
                let len = raw[i..]
                    .iter()
                    .position(|&b| is_space(b) || b == b'>')
                    .unwrap_or(raw.len() - i);
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
    fn finds_the_first_quote() {
        let hay = b"a\"b'c\"\x7f\xff\"\"";
        for start in 0..hay.len() {
            for q in [b'"', b'\'', 0x7f, 0xff, 0, b'z'] {
                let h = &hay[start..];
                assert_eq!(
                    find_quote(q, h),
                    h.iter().position(|&b| b == q),
                    "{q} {start}"
                );
            }
        }
        let long: Vec<u8> = (0..40)
            .map(|i| if i == 37 { b'"' } else { b'"' ^ 0x80 })
            .collect();
        assert_eq!(find_quote(b'"', &long), Some(37));
        assert_eq!(find_quote(b'\'', &long), None);
    }
}
