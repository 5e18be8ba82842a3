//! Documents written into a URL. A frame whose `src` is a `data:` URL gets a
//! document with an opaque origin: no script of the page (nor a service
//! worker) can reach what it loads. The only place to judge it is its URL,
//! which holds the whole document: it is judged by every host it names.

use crate::host::percent_decode_bytes as percent_decode;
use crate::text::sub;

/// The elements whose URL loads a document of its own (a frame, an object or
/// an embed showing HTML, SVG or XML), a meta refresh, which sends its
/// document's frame to one (a frame's meta refresh to a `data:` document
/// loaded what it named in every engine), and a link, whose `data:` style
/// sheet loads what it imports (every engine, JavaScript off too: session 23).
pub const DOCUMENT_TAGS: [&str; 6] = ["iframe", "frame", "object", "embed", "meta", "link"];

/// How deep `;base64,` URLs inside a decoded document are decoded in turn.
const NESTED: usize = 3;
/// How many `;base64,` URLs of one document are decoded (the rest of its
/// text is scanned as written).
const NESTED_PER_DOCUMENT: usize = 16;

/// The text of a `data:` URL whose media type can be a document that loads
/// something (anything but images other than SVG, audio, video and fonts),
/// decoded as the browser would (percent-decoding, then base64 when marked);
/// with every `;base64,` URL it holds decoded after it, a few levels deep.
/// A `javascript:` URL's code, percent-decoded, too: its string result is a
/// document, parsed where no observer looks, so it is judged by the hosts
/// its code names. `None` for any other URL.
pub fn data_document(url: &str) -> Option<String> {
    let url = crate::host::trim_c0(url);
    // Browsers delete every tab and newline of a URL (`da<tab>ta:`).
    if memchr::memchr3(b'\t', b'\n', b'\r', url.as_bytes()).is_some() {
        let clean: String = url
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .collect();
        return data_document(&clean);
    }
    if url
        .as_bytes()
        .get(..11)
        .is_some_and(|h| h.eq_ignore_ascii_case(b"javascript:"))
    {
        return Some(String::from_utf8_lossy(&percent_decode(sub(url, 11..))).into_owned());
    }
    let head = url.get(..5)?;
    if !head.eq_ignore_ascii_case("data:") {
        return None;
    }
    let rest = sub(url, 5..);
    let comma = rest.bytes().position(|c| c == b',')?;
    let (meta, body) = (sub(rest, ..comma), sub(rest, comma + 1..));
    let media = meta
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let inert = ["image/", "audio/", "video/", "font/"]
        .iter()
        .any(|p| media.starts_with(p))
        && find_ascii_ci(media.as_bytes(), b"svg").is_none();
    if inert {
        return None;
    }
    // Read both ways when the media type ends in `base64` (with or without
    // the `;` the browser needs): no base64 text holds a host name, so
    // scanning the percent-decoded text too costs no false match.
    let bytes = percent_decode(body);
    let mut text = String::new();
    push_readings(&bytes, &mut text);
    if meta.trim_end().to_ascii_lowercase().ends_with("base64") {
        text.push('\n');
        push_readings(&unbase64(&bytes), &mut text);
    }
    let mut inner = String::new();
    nested(&text, NESTED, &mut inner);
    text.push_str(&inner);
    Some(text)
}

/// Appends `bytes` read as UTF-8 to `out`, and, when they hold a NUL or an
/// ESC, read again without them: a document in UTF-16 (a charset parameter
/// or a byte-order mark) has a NUL beside each ASCII letter, and one in
/// ISO-2022-JP (a `<meta charset>` is enough) can split a host with an
/// escape that switches to ASCII and reads as nothing (`www.face ESC(B
/// book.com`), so the browser reads a host that UTF-8 does not. Reading both
/// ways only adds hosts: the safe side.
fn push_readings(bytes: &[u8], out: &mut String) {
    out.push_str(&String::from_utf8_lossy(bytes));
    if memchr::memchr2(0, 0x1b, bytes).is_none() {
        return;
    }
    let mut plain = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            0 => i += 1,
            // ISO-2022-JP's escapes: ESC ( B|J|I, ESC $ @|B.
            0x1b => i += 1 + escape_len(&bytes[i + 1..]),
            b => {
                plain.push(b);
                i += 1;
            }
        }
    }
    out.push('\n');
    out.push_str(&String::from_utf8_lossy(&plain));
}

/// How many bytes after an ESC form an ISO-2022-JP escape sequence.
fn escape_len(rest: &[u8]) -> usize {
    match rest {
        [b'(', b'B' | b'J' | b'I', ..] | [b'$', b'@' | b'B', ..] => 2,
        _ => 0,
    }
}

/// Appends the decoded text of each `;base64,` URL in `text` to `out`.
fn nested(text: &str, depth: usize, out: &mut String) {
    if depth == 0 {
        return;
    }
    let mut from = 0;
    for _ in 0..NESTED_PER_DOCUMENT {
        let Some(at) = find_ascii_ci(&text.as_bytes()[from..], b";base64,") else {
            return;
        };
        // Its payload ends where base64 (percent-encoded or not) does, so
        // the payloads of one text are disjoint: linear work per level.
        from += at + 8;
        let tail = sub(text, from..);
        let end = tail
            .bytes()
            .position(|c| !(c.is_ascii_alphanumeric() || b"+/-_=% \t\n\r\x0c".contains(&c)))
            .unwrap_or(tail.len());
        let mut inner = String::new();
        push_readings(&unbase64(&percent_decode(sub(tail, ..end))), &mut inner);
        out.push('\n');
        out.push_str(&inner);
        nested(&inner, depth - 1, out);
    }
}

/// The host names a text holds: each run of ASCII letters, digits, `-` and
/// `.` with a dot inside it. A run joined to a host by junk before a dot
/// (`2Fwww.tracker.com` from a percent-encoded `//`) still names a
/// subdomain of it, which is how hosts are matched.
pub fn named_hosts(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '.'))
        .map(|t| t.trim_matches('.'))
        .filter(|t| t.contains('.'))
}

/// Where `needle` (lower-case ASCII) first occurs in `hay`, ASCII case
/// ignored. A plain loop: a substring searcher cost the wasm ~4 KB.
fn find_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// Forgiving base64 (whitespace skipped), read up to the first byte that is
/// neither base64, whitespace nor `=`: what follows a URL's payload inside a
/// document (a closing quote) ends it.
fn unbase64(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in b {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' => continue,
            _ => break,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{data_document, named_hosts};

    #[test]
    fn decodes_percent_base64_and_nested_base64() {
        let doc = |u: &str| data_document(u).unwrap_or_default();
        assert!(doc("data:text/html,<img src=//a.tracker.com/p>").contains("a.tracker.com"));
        assert!(
            doc("DATA:text/html,%3Cimg%20src%3D%22https%3A%2F%2Fx.tracker.com%22%3E")
                .contains("x.tracker.com")
        );
        // base64 of `<img src=//b.tracker.com>`
        assert!(
            doc("data:text/html;base64,PGltZyBzcmM9Ly9iLnRyYWNrZXIuY29tPg==")
                .contains("b.tracker.com")
        );
        assert!(doc("data:;BASE64, PGltZyBzcmM9Ly9i\nLnRyYWNrZXIuY29tPg").contains("b.tracker.com"));
        // A base64 frame inside a percent-encoded one.
        let nested = "data:text/html,<iframe src=\"data:text/html;base64,PGltZyBzcmM9Ly9iLnRyYWNrZXIuY29tPg==\"></iframe>";
        assert!(doc(nested).contains("b.tracker.com"));
        assert!(data_document("data:image/png;base64,AAAA").is_none());
        assert!(data_document("data:image/svg+xml,<svg/>").is_some());
        assert!(data_document("https://x.com/").is_none());
        assert!(data_document("data:text/html").is_none());
        assert!(doc(" da\tta:text/html,<img src=//c.tr\nacker.com>").contains("c.tracker.com"));
    }

    #[test]
    fn finds_hosts_however_they_are_joined() {
        let hosts: Vec<_> =
            named_hosts("<img src='https%3A%2F%2Fwww.t.com/x'> 1.5 a..b. x-y").collect();
        assert_eq!(hosts, ["2Fwww.t.com", "1.5", "a..b"]);
    }

    #[test]
    fn hostile_payloads_end() {
        let deep = "data:text/html;base64,".repeat(200);
        assert!(data_document(&deep).is_some());
        assert!(data_document("data:,%").is_some());
        assert!(data_document("data:,%E2%82").is_some());
        assert!(data_document("data:\u{e9},x").is_some());
    }
}
