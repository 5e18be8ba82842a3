//! The consent UI, defined once as data: the banner (or the opt-out /
//! notice-only notice), the preferences dialog, blocked-embed placeholders
//! and the floating "Privacy settings" button.
//!
//! A [`View`] is a tree of [`Node`]s whose tags and attribute names come from
//! fixed allow-lists ([`TAGS`], [`ATTRS`]); strings from the policy only ever
//! become text or attribute values, and links only http(s) or relative URLs.
//! The browser runtime materialises views with DOM calls, and the server
//! renders the same views with [`View::to_html`] (everything escaped), so the
//! markup exists in one place.
//!
//! Strings come in 15 built-in languages ([`texts::languages`]). One rule,
//! [`choose_language`], picks the language of every view, in the browser and
//! on the server: the policy's `ui.language`, else the page's `<html lang>`,
//! else the visitor's languages, else English — the first that has texts.
//! The policy's `ui` section ([`Settings`]) may fix the language, overrides
//! any string per language, and sets the behaviour:
//!
//! ```json
//! { "ui": {
//!     "language": "de",
//!     "texts": { "de": { "title": "Ihre Privatsphäre" }, "en": { "title": "Your privacy" } },
//!     "closeRefuses": true,
//!     "floatingButton": true,
//!     "buttonOrder": ["reject", "accept", "preferences"] } }
//! ```
//!
//! ```
//! use consentry_core::{ui::Ui, Decider, Policy, Region, Signals};
//!
//! let policy = Policy::default();
//! let signals = Signals { gpc: false, dnt: false, region: Region::parse("DE") };
//! let d = Decider::from_cookie(&policy, None, &signals, 1_790_000_000);
//! // The page says `<html lang="de-AT">`, the browser prefers French.
//! let ui = Ui::new(&policy, Some("de-AT"), ["fr"]);
//! let html = ui.banner(&d).to_html();
//! assert!(html.contains(r#"data-consentry="reject-all">Alle ablehnen</button>"#));
//! ```

mod builtin;
mod details;
pub mod form;
mod language;
mod node;
mod settings;
pub mod texts;
mod view;

#[cfg(test)]
mod tests;

#[cfg(feature = "dialog-data")]
pub(crate) use builtin::dialog_lines;
pub use language::choose_language;
pub use node::{Node, View, ATTRS, TAGS};
pub use settings::{Button, Settings};
pub use texts::{Key, Strings};
pub use view::Ui;
