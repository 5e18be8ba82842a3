//! Cookie categories: `mandatory`, `performance`, `functionality`, `targeting`
//! and any the site defines.

use crate::gcm::GcmType;
use crate::iab::CategoryIab;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

/// Strictly necessary; can never be refused.
pub const MANDATORY: &str = "mandatory";
/// Analytics and measurement.
pub const PERFORMANCE: &str = "performance";
/// Preferences, chat, embedded media.
pub const FUNCTIONALITY: &str = "functionality";
/// Advertising, cross-site tracking, sale/sharing of personal data.
pub const TARGETING: &str = "targeting";
/// The four standard categories in their usual order.
pub const STANDARD: [&str; 4] = [MANDATORY, PERFORMANCE, FUNCTIONALITY, TARGETING];

/// Text per language tag (`en`, `ja`, `pt-BR`), in tag order: a map kept as
/// a sorted `Vec` (a handful of languages at most), which costs the wasm a
/// fraction of what `BTreeMap` did. It serializes as a JSON object.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Texts(Vec<(String, String)>);

impl Texts {
    /// No texts.
    pub const fn new() -> Texts {
        Texts(Vec::new())
    }

    fn find(&self, lang: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(lang))
    }

    /// Puts `lang`'s text first (where a catalog entry's English purpose
    /// sits), unless it has one.
    pub(crate) fn insert_first(&mut self, lang: &str, text: &str) {
        if !self.contains_key(lang) {
            self.0.insert(0, (lang.into(), text.into()));
        }
    }

    /// Sets the text for `lang`; the text it replaces, if any.
    pub fn insert(&mut self, lang: String, text: String) -> Option<String> {
        match self.find(&lang) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, text)),
            Err(i) => {
                self.0.insert(i, (lang, text));
                None
            }
        }
    }

    /// The text for exactly `lang`.
    pub fn get(&self, lang: &str) -> Option<&String> {
        self.find(lang).ok().map(|i| &self.0[i].1)
    }

    /// Whether there is a text for exactly `lang`.
    pub fn contains_key(&self, lang: &str) -> bool {
        self.find(lang).is_ok()
    }

    /// `(tag, text)` pairs in tag order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &String)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// The language tags, in order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    /// The texts, in tag order.
    pub fn values(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(_, v)| v)
    }

    /// How many languages.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is no text.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Extend<(String, String)> for Texts {
    fn extend<I: IntoIterator<Item = (String, String)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl FromIterator<(String, String)> for Texts {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Texts {
        let mut t = Texts::new();
        t.extend(iter);
        t
    }
}

impl IntoIterator for Texts {
    type Item = (String, String);
    type IntoIter = std::vec::IntoIter<(String, String)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl std::ops::Index<&str> for Texts {
    type Output = String;
    /// Panics when there is no text for `lang`, like `BTreeMap`'s.
    fn index(&self, lang: &str) -> &String {
        self.get(lang).expect("no text for this language")
    }
}

impl std::fmt::Debug for Texts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Serialize for Texts {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// The text for `lang`, else its base language, else English, else any.
pub fn text<'a>(texts: &'a Texts, lang: &str) -> Option<&'a str> {
    let base = lang.split('-').next().unwrap_or(lang);
    texts
        .get(lang)
        .or_else(|| texts.get(base))
        .or_else(|| texts.get("en"))
        .or_else(|| texts.values().next())
        .map(String::as_str)
}

/// A category of the site's policy.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Category {
    /// Stable id.
    pub id: String,
    /// Name shown to visitors, per language.
    pub label: Texts,
    /// Explanation shown to visitors, per language.
    pub description: Texts,
    /// True only for `mandatory`: always allowed, never refusable.
    pub mandatory: bool,
    /// Whether opt-out signals (GPC, and DNT if the policy honours it) refuse
    /// it: the "sale or sharing" of US state laws. Default: `targeting` only.
    pub opt_out: bool,
    /// Google Consent Mode types this category grants.
    pub gcm: Vec<GcmType>,
    /// Indices into [`crate::Policy::services`].
    pub services: Vec<usize>,
    /// Its IAB meaning (TCF purposes, US uses), for `consentry-iab`.
    #[serde(skip_serializing_if = "CategoryIab::is_empty")]
    pub iab: CategoryIab,
}

impl Category {
    /// A category with the built-in English texts and defaults for its id.
    pub fn standard(id: &str) -> Category {
        let (label, description) = match id {
            MANDATORY => (
                "Strictly necessary",
                "Needed for the site to work, such as security, load balancing and remembering your privacy choices. Always on.",
            ),
            PERFORMANCE => (
                "Performance and analytics",
                "Help us understand how the site is used so we can improve it.",
            ),
            FUNCTIONALITY => (
                "Functionality",
                "Remember your preferences and enable features such as chat and embedded videos.",
            ),
            TARGETING => (
                "Targeting and advertising",
                "Used by us and our partners to show relevant ads and measure them, which may count as selling or sharing your personal information.",
            ),
            _ => ("", ""),
        };
        let en = |s: &str| {
            let mut t = Texts::new();
            if !s.is_empty() {
                t.insert("en".into(), s.into());
            }
            t
        };
        Category {
            id: id.into(),
            label: en(label),
            description: en(description),
            mandatory: id == MANDATORY,
            opt_out: id == TARGETING,
            gcm: GcmType::defaults_for(id).to_vec(),
            services: Vec::new(),
            iab: CategoryIab::default(),
        }
    }
}
