//! Character references in attribute values, decoded as far as reading a
//! URL needs.

use std::borrow::Cow;

/// Decodes the character references a browser would decode in an attribute
/// value before reading it as a URL: numeric ones and the named ones that
/// spell URL punctuation, so `google&#x2d;analytics.com` is judged as the
/// browser will fetch it. Unknown names stay as written.
pub(crate) fn decode_entities(v: &str) -> Cow<'_, str> {
    if !v.contains('&') {
        return Cow::Borrowed(v);
    }
    let mut out = String::with_capacity(v.len());
    decode_entities_into(v, &mut out);
    Cow::Owned(out)
}

pub(crate) fn decode_entities_into(v: &str, out: &mut String) {
    const NAMED: [(&str, char); 16] = [
        ("amp", '&'),
        ("colon", ':'),
        ("sol", '/'),
        ("period", '.'),
        ("quest", '?'),
        ("num", '#'),
        ("equals", '='),
        ("lowbar", '_'),
        ("commat", '@'),
        ("bsol", '\\'),
        ("Tab", '\t'),
        ("NewLine", '\n'),
        ("quot", '"'),
        ("apos", '\''),
        ("lt", '<'),
        ("gt", '>'),
    ];
    let mut rest = v;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        // A numeric reference ends at its last digit, `;` or not (the
        // tokenizer's rule: `&#104ttps` is `https`, in every engine).
        let (end, decoded) = if let Some(num) = rest.strip_prefix('#') {
            let (hex, digits) = match num.strip_prefix(['x', 'X']) {
                Some(h) => (true, h),
                None => (false, num),
            };
            let len = digits
                .find(|c: char| {
                    !(if hex {
                        c.is_ascii_hexdigit()
                    } else {
                        c.is_ascii_digit()
                    })
                })
                .unwrap_or(digits.len());
            let start = rest.len() - digits.len();
            (start + len, (len > 0).then(|| numeric(&digits[..len], hex)))
        } else {
            let end = rest
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(rest.len());
            let name = &rest[..end];
            (end, NAMED.iter().find(|(k, _)| *k == name).map(|(_, c)| *c))
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
            }
            None => out.push('&'),
        }
    }
    out.push_str(rest);
}

/// A numeric reference's character as the tokenizer makes it: out of
/// range, zero or a surrogate is U+FFFD.
fn numeric(digits: &str, hex: bool) -> char {
    let n = u32::from_str_radix(digits, if hex { 16 } else { 10 }).unwrap_or(u32::MAX);
    match n {
        0 => '\u{FFFD}',
        n => char::from_u32(n).unwrap_or('\u{FFFD}'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities() {
        assert_eq!(decode_entities("a&amp;b"), "a&b");
        assert_eq!(
            decode_entities("google&#x2d;analytics&period;com"),
            "google-analytics.com"
        );
        assert_eq!(
            decode_entities("https&colon;&sol;&sol;x&#46;y"),
            "https://x.y"
        );
        assert_eq!(decode_entities("&unknown; &"), "&unknown; &");
        assert_eq!(decode_entities("&#99999999999;"), "\u{FFFD}");
        // Numeric references without `;` end at their last digit.
        assert_eq!(
            decode_entities("&#104ttps://x&#x2Ey/&#46&#x2e;z"),
            "https://x.y/..z"
        );
        assert_eq!(decode_entities("&#; &#x; &#q"), "&#; &#x; &#q");
    }
}
