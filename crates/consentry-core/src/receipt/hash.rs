//! The digests a receipt carries: of the canonical policy and of the texts
//! the UI can show in one language.

use super::Digest;
use crate::policy::Policy;
use crate::ui::{Key, Settings, Strings};
use std::string::String;

impl Policy {
    /// The compiled policy as canonical JSON: every category and service (the
    /// catalog merged in) with its hosts, cookies and texts, regimes, signal
    /// handling and cookie settings, in a fixed order. Two policy files that
    /// compile to the same rules give the same text; a catalog update that
    /// changes what visitors were told changes it.
    pub fn canonical_json(&self) -> String {
        // Every part is plain data (strings, integers, vectors): it cannot fail.
        crate::to_json_text(self).unwrap_or_default()
    }

    /// SHA-256 of [`Policy::canonical_json`]: the receipt's `policyHash`.
    pub fn canonical_hash(&self) -> Digest {
        Digest::sha256(self.canonical_json().as_bytes())
    }
}

/// SHA-256 of every text the banner, dialog and placeholders can show in
/// `lang` (the UI's strings with the site's overrides, then each category's
/// label and description), one `name=text` line each: the receipt's
/// `textsHash`. The canonical policy hash covers service names and purposes.
pub fn texts_hash(policy: &Policy, lang: &str) -> Digest {
    let settings = Settings::from_policy(policy);
    let strings = Strings::for_lang(&settings, lang);
    let ui = crate::ui::Ui { settings, strings };
    let strings = &ui.strings;
    let mut text = String::new();
    let mut line = |name: &str, value: &str| {
        for part in [name, "=", value, "\n"] {
            text.push_str(part);
        }
    };
    line("lang", strings.lang());
    for key in Key::ALL {
        line(key.name(), strings.get(key));
    }
    for c in &policy.categories {
        let (label, description) = ui.category_texts(c);
        line(&["category.", &c.id, ".label"].concat(), &label);
        line(&["category.", &c.id, ".description"].concat(), &description);
    }
    Digest::sha256(text.as_bytes())
}
