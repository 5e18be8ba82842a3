//! String search and slicing that stay small in the wasm build.
//!
//! `&s[a..b]`, `str::find` and memchr's `memmem` each link panic formatting
//! (`Debug` of strings and chars, the Unicode printable tables) or a SIMD
//! searcher into the browser engine; these two helpers do not. Measured with
//! `cargo xtask size`: about 10 KB brotli off the wasm, with the other callers
//! changed in the same commit.

/// `&s[range]`, for ranges whose ends are known to be char boundaries (next
/// to ASCII bytes). It panics like `&s[range]` would, but `str` indexing's
/// own panic message formats the string, char and range with `Debug`, which
/// links char escaping and the Unicode printable tables into the wasm.
#[inline]
pub(crate) fn sub<R: std::slice::SliceIndex<str, Output = str>>(s: &str, range: R) -> &str {
    s.get(range).expect("str sliced at a char boundary")
}

/// Where `needle` first occurs in `hay`. memchr's single-byte search finds
/// candidates (SIMD natively, a few hundred bytes in the wasm); a whole
/// `memmem` searcher or `str::find` would cost the wasm far more (see [`sub`]).
pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn sub_is_indexing() {
        assert_eq!(sub("US-CA", ..2), "US");
        assert_eq!(sub("host/path", 4..), "/path");
    }
}
