//! The built-in translations: `lang/<code>.txt` (what the banner, notices,
//! placeholders and floating button show) and `lang/dialog/<code>.txt` (what
//! only the preferences dialog shows, [`Key::dialog_only`]), one line per key
//! in [`Key::ALL`] order.
//!
//! Without the `dialog-data` feature (the browser's wasm) the dialog files
//! are left out but English's, the last resort of every string; the others
//! come from the dialog data installed at run time ([`crate::dialog`]).

use super::texts::Key;

/// Includes one language's files, unless the build leaves it out ([`kept`]).
macro_rules! lang {
    ($code:literal) => {
        (
            $code,
            kept($code, include_str!(concat!("lang/", $code, ".txt"))),
            dialog_file!($code),
        )
    };
}

#[cfg(feature = "dialog-data")]
macro_rules! dialog_file {
    ($code:literal) => {
        kept($code, include_str!(concat!("lang/dialog/", $code, ".txt")))
    };
}

#[cfg(not(feature = "dialog-data"))]
macro_rules! dialog_file {
    ($code:literal) => {
        english_only($code, include_str!("lang/dialog/en.txt"))
    };
}

/// English's dialog texts, the fallback when the dialog data cannot be loaded.
#[cfg(not(feature = "dialog-data"))]
const fn english_only(code: &str, en: &'static str) -> &'static str {
    match code.as_bytes() {
        b"en" => en,
        _ => "",
    }
}

/// The built-in languages (base language subtags): code, the banner's texts,
/// the dialog's texts.
const BUILTIN: [(&str, &str, &str); 15] = [
    lang!("en"),
    lang!("de"),
    lang!("fr"),
    lang!("es"),
    lang!("it"),
    lang!("nl"),
    lang!("pt"),
    lang!("pl"),
    lang!("sv"),
    lang!("da"),
    lang!("fi"),
    lang!("cs"),
    lang!("ja"),
    lang!("zh"),
    lang!("ar"),
];

/// `text`, or `""` when the build environment variable `CONSENTRY_UI_LANGS`
/// (a comma-separated list such as `en,de`, read at compile time) leaves the
/// language out, so a browser build can drop texts it never shows. English,
/// the last resort of every string, is always kept; unset keeps all.
const fn kept(code: &str, text: &'static str) -> &'static str {
    match option_env!("CONSENTRY_UI_LANGS") {
        Some(list) if !listed(list.as_bytes(), code.as_bytes()) => "",
        _ => text,
    }
}

/// Whether `code` is English or an item of the comma-separated `list`.
const fn listed(list: &[u8], code: &[u8]) -> bool {
    if code.len() == 2 && code[0] == b'e' && code[1] == b'n' {
        return true;
    }
    let mut start = 0;
    while start <= list.len() {
        let mut end = start;
        while end < list.len() && list[end] != b',' {
            end += 1;
        }
        if end - start == code.len() {
            let mut i = 0;
            while i < code.len() && list[start + i] == code[i] {
                i += 1;
            }
            if i == code.len() {
                return true;
            }
        }
        start = end + 1;
    }
    false
}

/// The base language subtags with built-in texts.
pub fn languages() -> impl Iterator<Item = &'static str> {
    BUILTIN
        .iter()
        .filter(|(_, text, _)| !text.is_empty())
        .map(|(l, _, _)| *l)
}

/// The built-in text of `key` in a base language, if that language is built
/// in (a dialog text of a browser build: once the dialog data is installed).
pub fn builtin(lang: &str, key: Key) -> Option<&'static str> {
    let (_, banner, dialog) = BUILTIN.iter().find(|(l, _, _)| *l == lang)?;
    let text = if key.dialog_only() { *dialog } else { *banner };
    let found = text
        .lines()
        .nth(key.line())
        .map(str::trim)
        .filter(|s| !s.is_empty());
    #[cfg(not(feature = "dialog-data"))]
    if found.is_none() && key.dialog_only() {
        return crate::dialog::installed()?.text(lang, key);
    }
    found
}

/// The built-in dialog texts of a base language, in [`Key::ALL`] order (for
/// generating the dialog data).
#[cfg(feature = "dialog-data")]
pub(crate) fn dialog_lines(lang: &str) -> Option<&'static str> {
    BUILTIN
        .iter()
        .find(|(l, _, _)| *l == lang)
        .map(|(_, _, d)| *d)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_language_list_is_matched_item_by_item() {
        let listed = |list: &str, code: &str| super::listed(list.as_bytes(), code.as_bytes());
        assert!(listed("de,fr", "de") && listed("de,fr", "fr") && listed("", "en"));
        assert!(!listed("de,fr", "d") && !listed("de,fr", "e,") && !listed("def", "de"));
        assert!(!listed("", "de") && !listed(",", "de") && !listed("fr,", "ar"));
    }
}
