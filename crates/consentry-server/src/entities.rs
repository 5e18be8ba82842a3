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
        let end = rest
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
            .unwrap_or(rest.len());
        let name = &rest[..end];
        let decoded = if let Some(num) = name.strip_prefix('#') {
            let n = match num.strip_prefix(['x', 'X']) {
                Some(h) => u32::from_str_radix(h, 16).ok(),
                None => num.parse::<u32>().ok(),
            };
            n.map(|n| char::from_u32(n).unwrap_or('\u{FFFD}'))
        } else {
            NAMED.iter().find(|(k, _)| *k == name).map(|(_, c)| *c)
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
        assert_eq!(decode_entities("&#99999999999;"), "&#99999999999;");
    }
}
