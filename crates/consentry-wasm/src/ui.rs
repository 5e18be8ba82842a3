//! The consent UI's views (consentry-core's `ui`), for `pkg/src/ui.js`.

use crate::decision::Engine;
use crate::to_js::to_js;
use consentry_core::ui::{Settings, Ui};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// What ui.js needs besides the views.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Info<'a> {
    lang: &'a str,
    dir: &'a str,
    #[serde(flatten)]
    settings: &'a Settings,
    /// Problems of the policy's `ui` section, one line each (each ignored).
    problems: Vec<String>,
}

#[wasm_bindgen]
impl Engine {
    /// A part of the consent UI as a node tree `{tag, attrs: [[name, value]…],
    /// text, children}` for the current state: `kind` is `banner`, `dialog`,
    /// `placeholder` (`extra`: the service id), `dialog` (`extra`: ids of the
    /// catalog services met on this page, listed besides the site's own) or `floating`; `settings`
    /// gives `{lang, dir, closeRefuses, floatingButton, buttonOrder, problems}`.
    /// The language comes from `page` (`<html lang>`, or `null`) and
    /// `visitor` (`navigator.languages`), passed as they are: the choice is
    /// consentry-core's one rule (`ui::choose_language`), the same as on the
    /// server. `null` for an unknown kind.
    pub fn ui(
        &self,
        kind: &str,
        page: Option<String>,
        visitor: Vec<String>,
        extra: JsValue,
    ) -> JsValue {
        let d = self.decider();
        let policy = d.policy();
        let ui = Ui::new(policy, page.as_deref(), visitor.iter().map(String::as_str));
        match kind {
            "banner" => to_js(&ui.banner(d)),
            "dialog" => {
                // `extra`: ids of the catalog services met on this page.
                let seen: Vec<String> = extra
                    .dyn_ref::<js_sys::Array>()
                    .map(|a| a.iter().filter_map(|v| v.as_string()).take(512).collect())
                    .unwrap_or_default();
                let seen: Vec<&str> = seen.iter().map(String::as_str).collect();
                to_js(&ui.dialog(d, &seen))
            }
            "placeholder" => to_js(&ui.placeholder(policy, &extra.as_string().unwrap_or_default())),
            "floating" => to_js(&ui.floating()),
            "settings" => to_js(&Info {
                lang: ui.strings.lang(),
                dir: ui.strings.dir(),
                settings: &ui.settings,
                problems: ui.settings.problems.iter().map(|p| p.to_string()).collect(),
            }),
            _ => JsValue::NULL,
        }
    }
}
