//! The dialog data: what only the preferences dialog shows, apart from the
//! engine so the browser's wasm stays small.
//!
//! That is the catalog's providers, privacy policy links, purposes and cookie
//! lifetimes, and every built-in language's dialog texts
//! ([`Key::dialog_only`]). Native builds keep it built in (the `dialog-data`
//! feature, on by default: the server renders everything and never loads
//! anything). The browser build leaves it out; `cargo xtask dist` writes it
//! with [`generate`] (from this crate, the one source of truth) into
//! `pkg/dist/consentry-dialog.json`, and the engine installs it with
//! [`install`] when the visitor opens the preferences. Decisions never depend
//! on it: hosts, paths, cookie names, storage keys, GCM types and categories
//! stay in the engine.
//!
//! The text is JSON:
//! `{"format":"consentry-dialog","v":1,"build":"<fingerprint>","services":[[id,
//! provider, policy URL, purpose, lifetimes]…],"texts":[["<lang>",[…]]…]}`,
//! the services in the catalog's order and the languages in
//! [`texts::languages`]' order.
//! [`parse`] checks all of it and refuses data made for another build (the
//! [`fingerprint`] of the catalog's ids and the languages), so a stale or
//! hostile file is a typed error, never a panic and never half installed.

use crate::json::Json;
use crate::ui::{texts, Key};
use crate::Error;
use std::string::String;
use std::vec::Vec;

/// The data format's name and version.
const FORMAT: &str = "consentry-dialog";
const VERSION: f64 = 1.0;
/// Bounds for hostile input: the whole text and any one string.
const MAX_TEXT: usize = 2 << 20;
const MAX_STRING: usize = 4096;

/// Validated dialog data. Plain vectors in the catalog's and the languages'
/// order (the data must list them so), not maps: a map's code costs the wasm
/// more than a scan of 400 entries costs time.
#[derive(Debug)]
pub struct DialogData {
    /// Per catalog entry, in order: provider, privacy policy, purpose,
    /// lifetimes (packed).
    services: Vec<[String; 4]>,
    /// Per built-in language, in order: the dialog-only texts in [`Key::ALL`] order.
    texts: Vec<Vec<String>>,
}

/// The dialog-only keys, in [`Key::ALL`] order.
fn dialog_keys() -> impl Iterator<Item = Key> {
    Key::ALL.into_iter().filter(|k| k.dialog_only())
}

/// What the data must match: FNV-1a (64 bits, hex) over the catalog's ids,
/// the built-in languages and the dialog's text names.
pub fn fingerprint() -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |s: &str| {
        for b in s.bytes().chain([b'\n']) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    };
    for e in crate::catalog::entries() {
        eat(e.id());
    }
    for l in texts::languages() {
        eat(l);
    }
    for k in dialog_keys() {
        eat(k.name());
    }
    let mut out = String::with_capacity(16);
    for i in (0..16).rev() {
        out.push(char::from(
            b"0123456789abcdef"[((h >> (i * 4)) & 15) as usize],
        ));
    }
    out
}

fn refuse(why: impl Into<String>) -> Error {
    Error::DialogData(why.into())
}

fn string(v: &Json, what: &str) -> Result<String, Error> {
    match v {
        Json::String(s) if s.len() <= MAX_STRING => Ok(s.clone()),
        Json::String(_) => Err(refuse([what, ": too long"].concat())),
        _ => Err(refuse([what, ": not a string"].concat())),
    }
}

/// Reads and checks dialog data: JSON of this format and version, made for
/// this build, every catalog service and built-in language present once,
/// links http(s), one lifetime per cookie, no string empty where a text
/// belongs.
pub fn parse(text: &str) -> Result<DialogData, Error> {
    if text.len() > MAX_TEXT {
        return Err(refuse("too large"));
    }
    let json = Json::parse(text).map_err(|e| refuse(["not JSON: ", &e].concat()))?;
    let Json::Object(top) = json else {
        return Err(refuse("not an object"));
    };
    let field = |name: &str| top.iter().find(|(k, _)| k == name).map(|(_, v)| v);
    if field("format") != Some(&Json::String(FORMAT.into())) {
        return Err(refuse("not consentry dialog data"));
    }
    if field("v") != Some(&Json::Number(VERSION)) {
        return Err(refuse("unsupported version"));
    }
    if field("build") != Some(&Json::String(fingerprint())) {
        return Err(refuse("made for another build of the engine"));
    }
    let mut data = DialogData {
        services: Vec::new(),
        texts: Vec::new(),
    };
    let Some(Json::Array(services)) = field("services") else {
        return Err(refuse("services: not an array"));
    };
    if services.len() != crate::catalog::entries().count() {
        return Err(refuse("services: not one per catalog service"));
    }
    for (s, entry) in services.iter().zip(crate::catalog::entries()) {
        let Json::Array(f) = s else {
            return Err(refuse("services: an item is not an array"));
        };
        let [id, provider, policy, purpose, lives] = f.as_slice() else {
            return Err(refuse(
                "services: an item is not [id, provider, policy, purpose, lifetimes]",
            ));
        };
        let id = string(id, "services: id")?;
        if id != entry.id() {
            return Err(refuse(
                ["services: ", &id, " where ", entry.id(), " belongs"].concat(),
            ));
        }
        let fields = [
            string(provider, "provider")?,
            string(policy, "privacy policy")?,
            string(purpose, "purpose")?,
            string(lives, "lifetimes")?,
        ];
        if fields[0].is_empty() || fields[2].is_empty() || !crate::is_safe_link(&fields[1]) {
            return Err(refuse(
                [&id, ": provider, purpose or privacy policy link unusable"].concat(),
            ));
        }
        let cookies = entry.unpack().cookies_count();
        let lives: Vec<&str> = fields[3].split(' ').filter(|l| !l.is_empty()).collect();
        if lives.len() != cookies
            || lives
                .iter()
                .any(|l| *l != "-" && crate::catalog::lifetime(l).is_none())
        {
            return Err(refuse([&id, ": not one lifetime per cookie"].concat()));
        }
        data.services.push(fields);
    }
    let Some(Json::Array(langs)) = field("texts") else {
        return Err(refuse("texts: not an array"));
    };
    if langs.len() != texts::languages().count() {
        return Err(refuse("texts: not one per built-in language"));
    }
    let want = dialog_keys().count();
    for (item, builtin) in langs.iter().zip(texts::languages()) {
        let Json::Array(pair) = item else {
            return Err(refuse("texts: an item is not [language, texts]"));
        };
        let [Json::String(lang), list] = pair.as_slice() else {
            return Err(refuse("texts: an item is not [language, texts]"));
        };
        if lang != builtin {
            return Err(refuse(
                ["texts: ", lang, " where ", builtin, " belongs"].concat(),
            ));
        }
        let Json::Array(list) = list else {
            return Err(refuse(["texts.", lang, ": not an array"].concat()));
        };
        let list = list
            .iter()
            .map(|t| string(t, "texts"))
            .collect::<Result<Vec<_>, _>>()?;
        if list.len() != want || list.iter().any(|t| t.trim().is_empty()) {
            return Err(refuse(
                ["texts.", lang, ": not one text per dialog string"].concat(),
            ));
        }
        data.texts.push(list);
    }
    Ok(data)
}

impl DialogData {
    /// A catalog service's provider, privacy policy, purpose and lifetimes.
    pub fn service(&self, id: &str) -> Option<(&str, &str, &str, &str)> {
        let i = crate::catalog::entries().position(|e| e.id() == id)?;
        self.service_at(i)
    }

    /// The same, by the entry's position in the catalog.
    pub(crate) fn service_at(&self, i: usize) -> Option<(&str, &str, &str, &str)> {
        let [a, b, c, d] = self.services.get(i)?;
        Some((a, b, c, d))
    }

    /// A dialog-only text in a base language.
    pub fn text(&self, lang: &str, key: Key) -> Option<&str> {
        if !key.dialog_only() {
            return None;
        }
        let i = texts::languages().position(|l| l == lang)?;
        let t = self.texts.get(i)?.get(key.line())?;
        Some(t.as_str())
    }
}

/// The dialog data of this build as JSON text: what `cargo xtask dist`
/// writes beside the browser build. Deterministic: the same sources give the
/// same bytes.
#[cfg(feature = "dialog-data")]
pub fn generate() -> String {
    #[derive(serde::Serialize)]
    struct Out<'a> {
        format: &'a str,
        v: u8,
        build: String,
        services: Vec<[&'a str; 5]>,
        texts: Vec<(&'a str, Vec<&'a str>)>,
    }
    let services = crate::catalog::entries()
        .map(|e| {
            let [p, u, d, l] = e.dialog_fields();
            [e.id(), p, u, d, l]
        })
        .collect();
    let texts = texts::languages()
        .map(|l| {
            let lines = crate::ui::dialog_lines(l).unwrap_or("");
            (l, lines.lines().map(str::trim).collect())
        })
        .collect();
    let out = Out {
        format: FORMAT,
        v: 1,
        build: fingerprint(),
        services,
        texts,
    };
    crate::to_json_text(&out).unwrap_or_default()
}

impl crate::Policy {
    /// Fills in what a policy compiled before the dialog data was installed
    /// lacks, exactly as if it had been built in: each catalog service's
    /// provider, privacy policy, English purpose and (for its catalog
    /// cookies) lifetimes, where the site did not give its own.
    pub fn complete_dialog_data(&mut self) {
        for s in self.services.iter_mut().filter(|s| s.from_catalog) {
            let Some(e) = crate::catalog::get(&s.id) else {
                continue;
            };
            let f = e.unpack();
            if s.provider.is_empty() {
                s.provider = f.provider.into();
            }
            if s.privacy_policy_url.is_none() && !f.privacy_policy.is_empty() {
                s.privacy_policy_url = Some(f.privacy_policy.into());
            }
            if !f.purpose.is_empty() {
                s.description.insert_first("en", f.purpose);
            }
            let catalog: Vec<_> = f.cookies_with_lifetimes().collect();
            let same = catalog.len() == s.cookies.len()
                && catalog
                    .iter()
                    .zip(&s.cookies)
                    .all(|((c, _), p)| *c == p.as_str());
            if same && s.lifetimes.iter().all(Option::is_none) {
                s.lifetimes = catalog.into_iter().map(|(_, l)| l).collect();
            }
        }
    }
}

static INSTALLED: std::sync::OnceLock<DialogData> = std::sync::OnceLock::new();

/// Checks dialog data ([`parse`]) and installs it for this process: policies
/// compiled afterwards have the catalog's dialog fields and the UI the
/// dialog's texts (a policy compiled before is completed with
/// [`crate::Policy::complete_dialog_data`]). Installing again is harmless:
/// valid data for this build is the same data, so the first stays.
pub fn install(text: &str) -> Result<&'static DialogData, Error> {
    let data = parse(text)?;
    Ok(INSTALLED.get_or_init(|| data))
}

/// The installed dialog data, if any.
pub fn installed() -> Option<&'static DialogData> {
    INSTALLED.get()
}

/// Whether this build leaves the dialog data out and none is installed yet:
/// the preferences dialog then lacks the details until [`install`].
pub fn needed() -> bool {
    cfg!(not(feature = "dialog-data")) && installed().is_none()
}

#[cfg(all(test, feature = "dialog-data"))]
mod tests;
#[cfg(all(test, not(feature = "dialog-data")))]
mod without;
