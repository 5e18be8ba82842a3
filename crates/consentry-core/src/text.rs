//! String search, slicing and building that stay small in the wasm build
//! (public so the bindings share them rather than writing them again).
//!
//! `&s[a..b]`, `str::find` and memchr's `memmem` each link panic formatting
//! (`Debug` of strings and chars, the Unicode printable tables) or a SIMD
//! searcher into the browser engine, and `format!`/`join` bring `fmt::write`
//! and a copy per type; these helpers do not (measured with `cargo xtask size`).

/// `&s[range]`, for ranges whose ends are known to be char boundaries (next
/// to ASCII bytes). It panics like `&s[range]` would, but `str` indexing's
/// own panic message formats the string, char and range with `Debug`, which
/// links char escaping and the Unicode printable tables into the wasm.
#[inline]
pub fn sub<R: std::slice::SliceIndex<str, Output = str>>(s: &str, range: R) -> &str {
    s.get(range).expect("str sliced at a char boundary")
}

/// Where `needle` first occurs in `hay`. memchr's single-byte search finds
/// candidates (SIMD natively, a few hundred bytes in the wasm); a whole
/// `memmem` searcher or `str::find` would cost the wasm far more (see [`sub`]).
pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let Some((&first, rest)) = needle.split_first() else {
        return Some(0);
    };
    let mut at = 0;
    while let Some(i) = memchr::memchr(first, hay.get(at..)?) {
        let start = at + i;
        if hay.get(start + 1..)?.starts_with(rest) {
            return Some(start);
        }
        at = start + 1;
    }
    None
}

/// The parts one after another: `format!("{a}{b}…")` for string arguments
/// without `fmt::write` and its argument tables at each call site.
pub fn concat(parts: &[&str]) -> String {
    let mut s = String::new();
    for p in parts {
        s.push_str(p);
    }
    s
}

/// `items.join(sep)`, without std's generic `join` (over 1 KB in the wasm
/// for each type it is used with).
pub fn join(items: &[&str], sep: &str) -> String {
    let mut s = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            s.push_str(sep);
        }
        s.push_str(item);
    }
    s
}

/// `n` in decimal, as `n.to_string()` writes it, without `fmt`.
pub fn num(n: u64) -> String {
    let mut s = String::new();
    push_num(&mut s, n);
    s
}

/// Appends lowercase hex digits of `bytes` (no `core::fmt`: it costs wasm).
pub fn push_hex(s: &mut String, bytes: &[u8]) {
    const H: &[u8; 16] = b"0123456789abcdef";
    for b in bytes {
        s.push(H[usize::from(b >> 4)] as char);
        s.push(H[usize::from(b & 15)] as char);
    }
}

/// Appends `v` as a JSON string: `\"` and `\\` escaped, control
/// characters and DEL as `\u00XX`, everything else as is. The one form both
/// canonical texts use (the receipt's, the policy's hashed JSON).
pub fn push_json_str(s: &mut String, v: &str) {
    s.push('"');
    for c in v.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                s.push_str("\\u00");
                push_hex(s, &[c as u8]);
            }
            c => s.push(c),
        }
    }
    s.push('"');
}

/// Appends `n` in decimal (see [`num`]).
pub fn push_num(s: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    s.push_str(std::str::from_utf8(&digits[i..]).unwrap_or_default());
}

/// `format!("{path}[{i}]")`.
pub fn index(path: &str, i: usize) -> String {
    concat(&[path, "[", &num(i as u64), "]"])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_and_hex() {
        let mut s = String::new();
        push_json_str(&mut s, "a\"b\\c\n\u{1}\u{7f}é€");
        assert_eq!(s, r#""a\"b\\c\u000a\u0001\u007fé€""#);
        #[cfg(feature = "json")]
        assert_eq!(
            serde_json::from_str::<String>(&s).unwrap(),
            "a\"b\\c\n\u{1}\u{7f}é€"
        );
        let mut h = String::new();
        push_hex(&mut h, &[0, 0x0f, 0xa5, 0xff]);
        assert_eq!(h, "000fa5ff");
    }

    #[test]
    fn find_matches_str_find() {
        for (hay, needle) in [
            ("a=1; b=2", "b"),
            ("abc", "abcd"),
            ("", "x"),
            ("x", ""),
            ("{service} x {service}", "{service}"),
        ] {
            assert_eq!(
                find(hay.as_bytes(), needle.as_bytes()),
                hay.find(needle),
                "{hay:?} / {needle:?}"
            );
        }
    }

    #[test]
    fn helpers_match_format() {
        assert_eq!(concat(&["a", "", "bc"]), "abc");
        assert_eq!(join(&["a", "b", "c"], ", "), ["a", "b", "c"].join(", "));
        assert_eq!(join(&[], ", "), "");
        for n in [0, 7, 10, 395, u64::MAX] {
            assert_eq!(num(n), n.to_string());
        }
        assert_eq!(index("x.y", 12), "x.y[12]");
    }

    #[test]
    fn sub_is_indexing() {
        assert_eq!(sub("US-CA", ..2), "US");
        assert_eq!(sub("host/path", 4..), "/path");
    }
}
