//! The policy's `ui` section, read leniently: a bad value is reported and
//! replaced by its safe default, never an error — the UI must not stand in
//! the way of enforcement.

use super::texts::{normalize, Key};
use crate::error::Problem;
use crate::json::Json;
use crate::policy::Policy;
use crate::schema::{self, MAX_TEXT, MAX_UI_LANGS as MAX_LANGS};
use crate::text::{concat, join, num};
use serde::Serialize;

/// A first-layer button whose position `ui.buttonOrder` sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Button {
    /// "Reject all".
    Reject,
    /// "Accept all".
    Accept,
    /// "Preferences".
    Preferences,
}

impl Button {
    fn parse(s: &str) -> Option<Button> {
        let all = [Button::Reject, Button::Accept, Button::Preferences];
        schema::BUTTONS.iter().position(|b| *b == s).map(|i| all[i])
    }
}

/// The UI settings of a policy (`ui` object).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// `ui.language`: the language to use whatever the page or browser says.
    pub language: Option<String>,
    /// `ui.closeRefuses`: closing the banner or dialog (× or Esc) without a
    /// stored choice counts as "Reject all" and is remembered. Default false:
    /// then the banner has no × and Esc only closes the dialog.
    pub close_refuses: bool,
    /// `ui.floatingButton`: show a floating "Privacy settings" button once a
    /// choice is stored. Default false.
    pub floating_button: bool,
    /// `ui.buttonOrder`: the first layer's buttons, in order. Default
    /// reject, accept, preferences.
    pub button_order: [Button; 3],
    /// `ui.texts`: the site's strings per language tag (normalised).
    #[serde(skip)]
    pub(crate) texts: Vec<(String, Vec<(Key, String)>)>,
    /// What was wrong in the `ui` section (each ignored).
    #[serde(skip)]
    pub problems: Vec<Problem>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            language: None,
            close_refuses: false,
            floating_button: false,
            button_order: [Button::Reject, Button::Accept, Button::Preferences],
            texts: Vec::new(),
            problems: Vec::new(),
        }
    }
}

impl Settings {
    /// The settings of a policy (defaults when it has no `ui` section).
    pub fn from_policy(policy: &Policy) -> Settings {
        policy.ui().map(Settings::from_json).unwrap_or_default()
    }

    /// Reads a `ui` object. Never fails: each bad value is recorded in
    /// [`Settings::problems`] and left at its default.
    pub fn from_json(ui: &Json) -> Settings {
        let mut s = Settings::default();
        let Json::Object(fields) = ui else {
            s.problem("ui", "expected an object");
            return s;
        };
        for (k, v) in fields {
            let path = concat(&["ui.", k]);
            match (k.as_str(), v) {
                ("language", Json::String(l)) => match normalize(l) {
                    Some(l) => s.language = Some(l),
                    None => s.problem(&path, "not a language tag (e.g. en, pt-BR)"),
                },
                ("closeRefuses", Json::Bool(b)) => s.close_refuses = *b,
                ("floatingButton", Json::Bool(b)) => s.floating_button = *b,
                ("buttonOrder", Json::Array(a)) => match button_order(a) {
                    Some(order) => s.button_order = order,
                    None => s.problem(
                        &path,
                        "expected \"reject\", \"accept\" and \"preferences\", each once",
                    ),
                },
                ("texts", Json::Object(langs)) => s.read_texts(langs),
                (k, v) if schema::UI.contains(&k) => {
                    s.problem(&path, concat(&["wrong type (", v.kind(), ")"]))
                }
                _ => s.problem(
                    &path,
                    concat(&[
                        "unknown field (expected one of: ",
                        &join(schema::UI, ", "),
                        ")",
                    ]),
                ),
            }
        }
        s
    }

    fn problem(&mut self, path: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            path: path.into(),
            message: message.into(),
        });
    }

    fn read_texts(&mut self, langs: &[(String, Json)]) {
        for (lang, texts) in langs {
            let path = concat(&["ui.texts.", lang]);
            let Some(tag) = normalize(lang) else {
                self.problem(&path, "not a language tag (e.g. en, pt-BR)");
                continue;
            };
            let Json::Object(texts) = texts else {
                self.problem(&path, "expected an object of text name → string");
                continue;
            };
            if self.texts.len() >= MAX_LANGS {
                self.problem(
                    &path,
                    concat(&["too many languages (at most ", &num(MAX_LANGS as u64), ")"]),
                );
                break;
            }
            let mut out = Vec::new();
            for (name, text) in texts {
                let p = concat(&[&path, ".", name]);
                match (Key::from_name(name), text) {
                    (None, _) => self.problem(&p, "unknown text name"),
                    (Some(_), Json::String(t)) if t.trim().is_empty() => {
                        self.problem(&p, "empty (the built-in text is used)")
                    }
                    (Some(_), Json::String(t)) if t.len() > MAX_TEXT => self.problem(
                        &p,
                        concat(&["too long (at most ", &num(MAX_TEXT as u64), " bytes)"]),
                    ),
                    (Some(key), Json::String(t)) => out.push((key, t.clone())),
                    (Some(_), other) => {
                        self.problem(&p, concat(&["expected a string, found ", other.kind()]))
                    }
                }
            }
            match self.texts.iter_mut().find(|(l, _)| *l == tag) {
                Some((_, existing)) => existing.extend(out),
                None => self.texts.push((tag, out)),
            }
        }
    }
}

/// A permutation of the three buttons, or `None`.
fn button_order(a: &[Json]) -> Option<[Button; 3]> {
    let button = |v: &Json| match v {
        Json::String(s) => Button::parse(s),
        _ => None,
    };
    let [x, y, z] = a else { return None };
    let [x, y, z] = [button(x)?, button(y)?, button(z)?];
    (x != y && y != z && x != z).then_some([x, y, z])
}
