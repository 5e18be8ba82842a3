//! Style sheets written into the page (`<style>`). Their text loads URLs
//! (`@import`, fonts, backgrounds) the moment the browser reads it, and a
//! theme's inline `@import` of a font host is the classic case: no script
//! runs before it, so only the server can stop it on a first view.
//!
//! The URLs are found as the browser's CSS tokenizer finds them (CSS Syntax
//! Level 3): comments, strings and `url(` tokens, with escapes decoded
//! (`u\72 l(`, `www\2e tracker\2e com`). Each one the engine refuses is
//! replaced by [`INERT_URL`] (in `@font-face`, [`INERT_FONT_URL`]), which
//! no browser fetches, so the rest of the sheet (the site's own layout)
//! still applies. The original text waits in [`ORIGINAL_STYLE`] until
//! consent.
//!
//! Strings load only where CSS reads a URL from them: right after `@import`,
//! and inside `url(`, `src(`, `image(` and `image-set(` (prefixed too).
//! Elsewhere (`content`, a font family) a string is left as written.

use super::{loaded_decision, owner_id, Verdict};
use crate::decision::Decider;
use crate::text::sub;

/// The element this module governs.
pub const STYLE_TAG: &str = "style";

/// On a held `<style>`, its text as the site wrote it; the element's text is
/// then the sheet with the refused URLs made inert.
pub const ORIGINAL_STYLE: &str = "data-consentry-css";

/// What a refused URL becomes: the empty URL, which CSS defines as an
/// invalid resource. Measured in Chromium, Firefox and WebKit: no request
/// and no console error (`about:invalid` makes Chromium log one per URL).
pub const INERT_URL: &str = "";

/// What a refused URL in `@font-face` becomes: WebKit fetches the page
/// itself for an empty font URL, and an empty `data:` one loads nothing in
/// the three engines (a CSP without `data:` in `font-src` reports it).
pub const INERT_FONT_URL: &str = "data:,";

/// A style sheet with the URLs the engine refuses made inert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldStyle {
    /// The sheet to apply meanwhile: the text with each refused URL
    /// replaced by [`INERT_URL`].
    pub text: String,
    /// The first refused URL's decision and service (`url_attributes` empty:
    /// the text, not an attribute, is held).
    pub verdict: Verdict,
}

/// Judges a style sheet's text. `None`: every URL in it is allowed, and it
/// stays as written.
pub fn hold_style(d: &Decider<'_>, css: &str) -> Option<HeldStyle> {
    let mut text = String::new();
    let mut copied = 0;
    let mut first: Option<Verdict> = None;
    each_url(css, |start, end, url, quoted, font| {
        let (decision, owner) = loaded_decision(d, url, true);
        if decision.is_allowed() {
            return;
        }
        text.push_str(sub(css, copied..start));
        text.push_str(if quoted { "\"" } else { "url(" });
        text.push_str(if font { INERT_FONT_URL } else { INERT_URL });
        text.push_str(if quoted { "\"" } else { ")" });
        copied = end;
        if first.is_none() {
            first = Some(Verdict {
                decision,
                service: owner_id(d, owner),
                tagged: false,
                url_attributes: &[],
            });
        }
    });
    let verdict = first?;
    text.push_str(sub(css, copied..));
    Some(HeldStyle { text, verdict })
}

/// Every URL a sheet loads, in order: `f(start, end, url, quoted, font)`
/// with the byte range to replace (a whole `url(…)` token, or a string's
/// quotes and all), the URL with its escapes decoded, and whether it is
/// in an `@font-face` block.
pub fn each_url(css: &str, mut f: impl FnMut(usize, usize, &str, bool, bool)) {
    each_url_dyn(css, &mut f);
}

/// One copy of the reader for every caller (a sheet, an SVG presentation
/// attribute): generic, it was compiled once per closure (+1.1 KB of wasm).
fn each_url_dyn(css: &str, f: &mut dyn FnMut(usize, usize, &str, bool, bool)) {
    let b = css.as_bytes();
    let mut i = 0;
    // Per open parenthesis: whether a string directly inside it is a URL.
    let mut open: Vec<bool> = Vec::new();
    let mut after_import = false;
    // Braces open, and how many were open outside the `@font-face` block
    // the reader is in (`font_face_next`: its block comes next).
    let (mut depth, mut font_face, mut font_face_next) = (0usize, None::<usize>, false);
    while let Some(&c) = b.get(i) {
        match c {
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = crate::text::find(&b[i + 2..], b"*/").map_or(b.len(), |e| i + e + 4);
                continue;
            }
            b' ' | b'\t' | b'\n' | b'\r' | 0x0c => {
                i += 1;
                continue;
            }
            b'"' | b'\'' => {
                let (end, value) = string(css, i);
                if let Some(v) = value {
                    if after_import || open.last() == Some(&true) {
                        f(i, end, &v, true, font_face.is_some());
                    }
                }
                i = end;
            }
            b'(' => {
                open.push(false);
                i += 1;
            }
            b')' => {
                open.pop();
                i += 1;
            }
            b'{' => {
                if std::mem::take(&mut font_face_next) && font_face.is_none() {
                    font_face = Some(depth);
                }
                depth += 1;
                i += 1;
            }
            b'}' => {
                depth = depth.saturating_sub(1);
                if font_face == Some(depth) {
                    font_face = None;
                }
                i += 1;
            }
            b';' => {
                font_face_next = false;
                i += 1;
            }
            b'@' if starts_ident(b, i + 1) => {
                let (end, name) = ident(css, i + 1);
                i = end;
                after_import = name.eq_ignore_ascii_case("import");
                font_face_next = name.eq_ignore_ascii_case("font-face");
                continue;
            }
            _ if starts_ident(b, i) => {
                let start = i;
                let (end, name) = ident(css, i);
                i = end;
                if b.get(i) == Some(&b'(') {
                    i += 1;
                    let is = |n: &str| name.eq_ignore_ascii_case(n);
                    if is("url") {
                        let ws = skip_ws(b, i);
                        if !matches!(b.get(ws), Some(b'"' | b'\'')) {
                            let (end, value) = url_token(css, ws);
                            if let Some(v) = value {
                                f(start, end, &v, false, font_face.is_some());
                            }
                            i = end;
                            after_import = false;
                            continue;
                        }
                    }
                    open.push(
                        is("url")
                            || is("src")
                            || is("image")
                            || is("image-set")
                            || is("-webkit-image-set"),
                    );
                }
            }
            _ => i += 1,
        }
        after_import = false;
    }
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r' | 0x0c)) {
        i += 1;
    }
    i
}

fn newline(c: u8) -> bool {
    matches!(c, b'\n' | b'\r' | 0x0c)
}

/// A backslash at `i` that escapes something (not a newline, not the end).
fn valid_escape(b: &[u8], i: usize) -> bool {
    b.get(i) == Some(&b'\\') && b.get(i + 1).is_some_and(|&c| !newline(c))
}

fn name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c >= 0x80
}

fn name_char(c: u8) -> bool {
    name_start(c) || c.is_ascii_digit() || c == b'-'
}

/// Whether an identifier starts at `i` (CSS Syntax 3, §4.3.9).
fn starts_ident(b: &[u8], i: usize) -> bool {
    match b.get(i) {
        Some(b'-') => {
            b.get(i + 1).is_some_and(|&c| name_start(c) || c == b'-') || valid_escape(b, i + 1)
        }
        Some(&c) if name_start(c) => true,
        Some(b'\\') => valid_escape(b, i),
        _ => false,
    }
}

/// Decodes the escape at `i` (a valid one) into `out`; returns the index
/// after it.
fn escape(css: &str, i: usize, out: &mut String) -> usize {
    let b = css.as_bytes();
    let mut j = i + 1;
    let mut cp: u32 = 0;
    while j < i + 7 && b.get(j).is_some_and(u8::is_ascii_hexdigit) {
        let d = b[j];
        cp = cp * 16
            + u32::from(if d <= b'9' {
                d - b'0'
            } else {
                (d | 0x20) - b'a' + 10
            });
        j += 1;
    }
    if j > i + 1 {
        out.push(
            char::from_u32(cp)
                .filter(|&c| c != '\0')
                .unwrap_or('\u{fffd}'),
        );
        // One whitespace after a hex escape belongs to it (CR LF is one).
        if b.get(j) == Some(&b'\r') && b.get(j + 1) == Some(&b'\n') {
            j += 2;
        } else if matches!(b.get(j), Some(b' ' | b'\t' | b'\n' | b'\r' | 0x0c)) {
            j += 1;
        }
        return j;
    }
    match css.get(j..).and_then(|r| r.chars().next()) {
        Some(c) => {
            push(out, c);
            j + c.len_utf8()
        }
        None => {
            out.push('\u{fffd}');
            j
        }
    }
}

fn push(out: &mut String, c: char) {
    out.push(if c == '\0' { '\u{fffd}' } else { c });
}

/// The next char at `i` (a char boundary) and its length.
fn char_at(css: &str, i: usize) -> (char, usize) {
    css.get(i..)
        .and_then(|r| r.chars().next())
        .map_or(('\u{fffd}', 1), |c| (c, c.len_utf8()))
}

fn ident(css: &str, mut i: usize) -> (usize, String) {
    let b = css.as_bytes();
    let mut name = String::new();
    loop {
        match b.get(i) {
            Some(&c) if name_char(c) => {
                let (ch, n) = char_at(css, i);
                push(&mut name, ch);
                i += n;
            }
            Some(b'\\') if valid_escape(b, i) => i = escape(css, i, &mut name),
            _ => return (i, name),
        }
    }
}

/// A string token from its opening quote at `i`: its end and value, `None`
/// for a bad string (an unescaped newline ends it; it loads nothing).
fn string(css: &str, i: usize) -> (usize, Option<String>) {
    let b = css.as_bytes();
    let quote = b[i];
    let mut j = i + 1;
    let mut value = String::new();
    loop {
        match b.get(j) {
            None => return (j, Some(value)),
            Some(&c) if c == quote => return (j + 1, Some(value)),
            Some(&c) if newline(c) => return (j, None),
            Some(b'\\') => match b.get(j + 1) {
                None => j += 1,
                Some(b'\r') if b.get(j + 2) == Some(&b'\n') => j += 3,
                Some(&c) if newline(c) => j += 2,
                Some(_) => j = escape(css, j, &mut value),
            },
            Some(_) => {
                let (ch, n) = char_at(css, j);
                push(&mut value, ch);
                j += n;
            }
        }
    }
}

/// An unquoted `url(` token from `i`, after its opening whitespace: its end
/// and value, `None` for a bad URL (which loads nothing).
fn url_token(css: &str, mut i: usize) -> (usize, Option<String>) {
    let b = css.as_bytes();
    let mut value = String::new();
    loop {
        match b.get(i) {
            None => return (i, Some(value)),
            Some(b')') => return (i + 1, Some(value)),
            Some(b' ' | b'\t' | b'\n' | b'\r' | 0x0c) => {
                i = skip_ws(b, i);
                match b.get(i) {
                    None => return (i, Some(value)),
                    Some(b')') => return (i + 1, Some(value)),
                    _ => return (bad_url(b, i), None),
                }
            }
            Some(b'"' | b'\'' | b'(' | 0..=0x08 | 0x0b | 0x0e..=0x1f | 0x7f) => {
                return (bad_url(b, i), None)
            }
            Some(b'\\') if valid_escape(b, i) => i = escape(css, i, &mut value),
            Some(b'\\') => return (bad_url(b, i), None),
            Some(_) => {
                let (ch, n) = char_at(css, i);
                push(&mut value, ch);
                i += n;
            }
        }
    }
}

/// The end of a bad URL's remnants: its `)` (escapes skipped) or the end.
fn bad_url(b: &[u8], mut i: usize) -> usize {
    while let Some(&c) = b.get(i) {
        i += 1;
        if c == b')' {
            return i;
        }
        if c == b'\\' && valid_escape(b, i - 1) {
            i += 1;
        }
    }
    i
}

#[cfg(test)]
#[path = "style_tests.rs"]
mod tests;
