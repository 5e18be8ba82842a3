//! The consent UI's language: one rule, [`choose_language`], for every view
//! in the browser and for the banner consentry-server renders.

use super::settings::Settings;
use super::texts::{base, builtin, normalize, Key};

/// The language the consent UI speaks to this visitor. The only place the
/// choice is made: [`Ui::new`](super::Ui::new) calls it, and through it the
/// banner, the preferences dialog, blocked-embed placeholders and the
/// floating button in the browser, and consentry-server's banner, so a banner
/// rendered by the server and the dialog the drop-in opens from it always
/// agree.
///
/// The inputs, as they are (callers only gather them, they never rank them):
///
/// - `settings`: the policy's `ui` section, with `ui.language` and the
///   languages the site has texts for (`ui.texts`);
/// - `page`: the page's language, `<html lang>` (`None` or blank: none);
/// - `visitor`: the visitor's languages, preferred first — in the browser
///   `navigator.languages`, on the server `Accept-Language` by quality.
///
/// A tag is *available* when it or its primary language has texts: built
/// into this build (15 languages, fewer with `CONSENTRY_UI_LANGS`) or in the
/// policy's `ui.texts` (`ja-JP` and `ja` both use the Japanese texts, `en-GB`
/// the English ones, `hu-HU` a site's `hu` texts). Tags that are not
/// well-formed (2–3 letters, then subtags of 1–8 letters or digits) are
/// skipped. The language is the first available of:
///
/// 1. the policy's `ui.language` — the site's own choice, whatever the page
///    or browser says;
/// 2. the page's language;
/// 3. the visitor's languages, in their order;
/// 4. English.
///
/// The page comes before the browser because it is the language the visitor
/// is reading the site in — on a site with several language versions, the
/// version they chose, whatever their browser's default — and the consent
/// UI is part of that page: the site's texts, its categories' descriptions
/// and the privacy policy it links to are written for it. The visitor's
/// languages decide when the page declares none, or one the UI has no texts
/// for. A site whose pages do not say their language can leave `<html lang>`
/// out and let the browser decide; one that wants a fixed language sets
/// `ui.language`.
///
/// Returns the tag lowercased, with its region (`ja-jp`, `en-gb`), for the
/// views' `lang` attribute.
///
/// ```
/// use consentry_core::{ui::{choose_language, Settings}, Policy};
///
/// let site = Settings::from_policy(&Policy::default());
/// // A Japanese page, an English browser: the page's language.
/// assert_eq!(choose_language(&site, Some("ja-JP"), ["en-GB", "en"]), "ja-jp");
/// // A page in a language without texts: the browser's first one with texts.
/// assert_eq!(choose_language(&site, Some("tlh"), ["hu", "fr-CH"]), "fr-ch");
/// // Neither: English.
/// assert_eq!(choose_language(&site, None, []), "en");
/// ```
pub fn choose_language<'a>(
    settings: &Settings,
    page: Option<&str>,
    visitor: impl IntoIterator<Item = &'a str>,
) -> String {
    let usable = |tag: &str| normalize(tag).filter(|t| available(settings, t));
    settings
        .language
        .as_deref()
        .and_then(usable)
        .or_else(|| page.and_then(usable))
        .or_else(|| visitor.into_iter().find_map(usable))
        .unwrap_or_else(|| "en".into())
}

/// Whether the UI has texts for a normalised tag: built in for its primary
/// language, or the site's for the tag or its primary language.
fn available(settings: &Settings, tag: &str) -> bool {
    let b = base(tag);
    builtin(&b, Key::Title).is_some() || settings.texts.iter().any(|(l, _)| l == tag || *l == b)
}
