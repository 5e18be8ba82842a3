//! The UI's strings: built-in translations and the site's overrides from the
//! policy's `ui.texts` (the language is chosen by
//! [`choose_language`](super::choose_language)).

use super::settings::Settings;

/// Every string the consent UI shows. `ui.texts.<lang>.<name>` in the policy
/// overrides one (names are [`Key::name`]); `{service}` in a placeholder
/// string stands for the service's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Key {
    /// Banner title (opt-in).
    Title,
    /// Banner text (opt-in).
    Text,
    /// "Accept all".
    AcceptAll,
    /// "Reject all".
    RejectAll,
    /// "Preferences": opens the dialog.
    Preferences,
    /// "Save choices" in the dialog.
    Save,
    /// "Close" (the accessible name of the × buttons).
    Close,
    /// "OK": dismisses a notice (opt-out and notice-only regimes).
    Ok,
    /// Notice title (opt-out regimes).
    OptOutTitle,
    /// Notice text (opt-out regimes).
    OptOutText,
    /// "Do Not Sell or Share My Personal Information".
    DoNotSell,
    /// Said when a Global Privacy Control signal was honoured.
    GpcHonoured,
    /// Notice text (notice-only regimes).
    NoticeText,
    /// Preferences dialog title.
    DialogTitle,
    /// Preferences dialog introduction.
    DialogText,
    /// "Always active", for the mandatory category.
    AlwaysActive,
    /// "Services" (a category's service list).
    Services,
    /// "Cookies".
    Cookies,
    /// "Provider".
    Provider,
    /// "Purpose".
    Purpose,
    /// "Privacy policy" (links).
    PrivacyPolicy,
    /// Placeholder text for a blocked embed (`{service}`).
    PlaceholderText,
    /// Placeholder button (`{service}`).
    PlaceholderAllow,
    /// Placeholder region's accessible name (`{service}`).
    PlaceholderLabel,
    /// The floating "Privacy settings" button.
    PrivacySettings,
    /// Label of the standard `mandatory` category.
    Mandatory,
    /// Description of the standard `mandatory` category.
    MandatoryText,
    /// Label of the standard `performance` category.
    Performance,
    /// Description of the standard `performance` category.
    PerformanceText,
    /// Label of the standard `functionality` category.
    Functionality,
    /// Description of the standard `functionality` category.
    FunctionalityText,
    /// Label of the standard `targeting` category.
    Targeting,
    /// Description of the standard `targeting` category.
    TargetingText,
    /// A cookie's lifetime when it ends with the browser session.
    Session,
    /// "Your consent ID" (the dialog, when choices are recorded).
    ConsentId,
    /// "Download receipt": the visitor's proof of their choices.
    DownloadReceipt,
}

impl Key {
    /// Every key. The built-in language files hold one line per key in this
    /// order: `lang/<code>.txt` the keys the dialog does not need,
    /// `lang/dialog/<code>.txt` the [`Key::dialog_only`] ones.
    pub const ALL: [Key; 36] = [
        Key::Title,
        Key::Text,
        Key::AcceptAll,
        Key::RejectAll,
        Key::Preferences,
        Key::Save,
        Key::Close,
        Key::Ok,
        Key::OptOutTitle,
        Key::OptOutText,
        Key::DoNotSell,
        Key::GpcHonoured,
        Key::NoticeText,
        Key::DialogTitle,
        Key::DialogText,
        Key::AlwaysActive,
        Key::Services,
        Key::Cookies,
        Key::Provider,
        Key::Purpose,
        Key::PrivacyPolicy,
        Key::PlaceholderText,
        Key::PlaceholderAllow,
        Key::PlaceholderLabel,
        Key::PrivacySettings,
        Key::Mandatory,
        Key::MandatoryText,
        Key::Performance,
        Key::PerformanceText,
        Key::Functionality,
        Key::FunctionalityText,
        Key::Targeting,
        Key::TargetingText,
        Key::Session,
        Key::ConsentId,
        Key::DownloadReceipt,
    ];

    /// The name used in the policy's `ui.texts` (camelCase).
    pub fn name(self) -> &'static str {
        NAMES[self as usize]
    }

    /// The key with this `ui.texts` name.
    pub fn from_name(name: &str) -> Option<Key> {
        NAMES.iter().position(|n| *n == name).map(|i| Key::ALL[i])
    }

    /// Whether only the preferences dialog shows this string: the browser
    /// build leaves these out of the engine and loads them on demand (see
    /// [`crate::dialog`]).
    pub fn dialog_only(self) -> bool {
        matches!(
            self,
            Key::Save
                | Key::DialogTitle
                | Key::DialogText
                | Key::AlwaysActive
                | Key::Services
                | Key::Cookies
                | Key::Provider
                | Key::Purpose
                | Key::Mandatory
                | Key::MandatoryText
                | Key::Performance
                | Key::PerformanceText
                | Key::Functionality
                | Key::FunctionalityText
                | Key::Targeting
                | Key::TargetingText
                | Key::Session
                | Key::ConsentId
                | Key::DownloadReceipt
        )
    }

    /// The line of this key in its language file (see [`Key::ALL`]).
    pub(crate) fn line(self) -> usize {
        Key::ALL[..self as usize]
            .iter()
            .filter(|k| k.dialog_only() == self.dialog_only())
            .count()
    }

    /// The label and description keys of a standard category.
    pub fn for_category(id: &str) -> Option<(Key, Key)> {
        Some(match id {
            crate::category::MANDATORY => (Key::Mandatory, Key::MandatoryText),
            crate::category::PERFORMANCE => (Key::Performance, Key::PerformanceText),
            crate::category::FUNCTIONALITY => (Key::Functionality, Key::FunctionalityText),
            crate::category::TARGETING => (Key::Targeting, Key::TargetingText),
            _ => return None,
        })
    }
}

const NAMES: [&str; 36] = [
    "title",
    "text",
    "acceptAll",
    "rejectAll",
    "preferences",
    "save",
    "close",
    "ok",
    "optOutTitle",
    "optOutText",
    "doNotSell",
    "gpcHonoured",
    "noticeText",
    "dialogTitle",
    "dialogText",
    "alwaysActive",
    "services",
    "cookies",
    "provider",
    "purpose",
    "privacyPolicy",
    "placeholderText",
    "placeholderAllow",
    "placeholderLabel",
    "privacySettings",
    "mandatory",
    "mandatoryText",
    "performance",
    "performanceText",
    "functionality",
    "functionalityText",
    "targeting",
    "targetingText",
    "session",
    "consentId",
    "downloadReceipt",
];

pub use super::builtin::{builtin, languages};

/// Languages written right to left (base subtags).
const RTL: [&str; 6] = ["ar", "fa", "he", "ur", "ps", "yi"];

/// The primary language subtag, lowercased (`pt-BR` → `pt`).
pub(crate) fn base(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// A usable language tag: 2–3 letters, then `-`/`_`-separated alphanumeric
/// subtags of 1–8, lowercased, `_` as `-`.
pub(crate) fn normalize(tag: &str) -> Option<String> {
    let tag = tag.trim();
    let mut parts = tag.split(['-', '_']);
    let first = parts.next()?;
    let ok = (2..=3).contains(&first.len())
        && first.bytes().all(|c| c.is_ascii_alphabetic())
        && parts
            .all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_alphanumeric()));
    ok.then(|| tag.to_ascii_lowercase().replace('_', "-"))
}

/// The UI's strings in one language: the site's overrides, the built-in
/// translation, then English. Never an empty string.
#[derive(Debug, Clone, PartialEq)]
pub struct Strings {
    /// The chosen language tag, lowercased (`de`, `pt-br`, or a site language).
    lang: String,
    /// The site's texts for this tag, then for its base language.
    own: Vec<(Key, String)>,
    /// The site's English texts.
    en: Vec<(Key, String)>,
}

impl Strings {
    /// The strings in the language [`choose_language`](super::choose_language)
    /// picks from the policy, the page's language and the visitor's languages.
    pub fn choose<'a>(
        settings: &Settings,
        page: Option<&str>,
        visitor: impl IntoIterator<Item = &'a str>,
    ) -> Strings {
        Strings::for_lang(settings, &super::choose_language(settings, page, visitor))
    }

    /// The strings for one language tag, with the site's overrides.
    pub fn for_lang(settings: &Settings, lang: &str) -> Strings {
        let lang = normalize(lang).unwrap_or_else(|| "en".into());
        let b = base(&lang);
        let texts = |out: &mut Vec<(Key, String)>, want: &str| {
            for (l, t) in &settings.texts {
                if l == want {
                    out.extend_from_slice(t);
                }
            }
        };
        let (mut own, mut en) = (Vec::new(), Vec::new());
        texts(&mut own, &lang);
        if b != lang {
            texts(&mut own, &b);
        }
        texts(&mut en, "en");
        Strings { own, en, lang }
    }

    /// The language tag in use (for the `lang` attribute).
    pub fn lang(&self) -> &str {
        &self.lang
    }

    /// `rtl` for right-to-left languages, else `ltr`.
    pub fn dir(&self) -> &'static str {
        if RTL.contains(&base(&self.lang).as_str()) {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// The string for `key`: the site's text in this language (exact tag, then
    /// base language), the built-in translation, the site's English text, the
    /// built-in English.
    pub fn get(&self, key: Key) -> &str {
        let find =
            |v: &'_ [(Key, String)]| -> Option<usize> { v.iter().position(|(k, _)| *k == key) };
        if let Some(i) = find(&self.own) {
            return &self.own[i].1;
        }
        if let Some(s) = builtin(&base(&self.lang), key) {
            return s;
        }
        if let Some(i) = find(&self.en) {
            return &self.en[i].1;
        }
        builtin("en", key).unwrap_or("?")
    }

    /// `get(key)` with `{service}` replaced by `name`.
    pub fn with_service(&self, key: Key, name: &str) -> String {
        // `str::replace` without its slicing (and the panic formatting that
        // links into the wasm): the pattern is ASCII, so every match starts
        // and ends at a char boundary.
        const SERVICE: &str = "{service}";
        let mut rest = self.get(key);
        let mut out = String::with_capacity(rest.len());
        while let Some(i) = crate::text::find(rest.as_bytes(), SERVICE.as_bytes()) {
            out.push_str(crate::text::sub(rest, ..i));
            out.push_str(name);
            rest = crate::text::sub(rest, i + SERVICE.len()..);
        }
        out.push_str(rest);
        out
    }
}
