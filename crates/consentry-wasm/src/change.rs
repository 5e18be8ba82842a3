//! The consent UI's changes to a choice (core's `change`), for the runtime:
//! each answers `{categories: [...], services: {id: granted}}`, the complete
//! choice the runtime records with `choose("custom", …)`.

use crate::decision::Engine;
use consentry_core::change::ChoiceSet;
use consentry_core::Json;
use serde::ser::{Serialize, SerializeMap, SerializeStruct, Serializer};
use wasm_bindgen::prelude::*;

/// The services as a JSON object, in the order core gives them.
struct Services<'a>(&'a [(String, bool)]);

impl Serialize for Services<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (id, granted) in self.0 {
            m.serialize_entry(id, granted)?;
        }
        m.end()
    }
}

fn to_js(c: &ChoiceSet) -> JsValue {
    struct Out<'a>(&'a ChoiceSet);
    impl Serialize for Out<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut st = s.serialize_struct("Choice", 2)?;
            st.serialize_field("categories", &self.0.categories)?;
            st.serialize_field("services", &Services(&self.0.services))?;
            st.end()
        }
    }
    crate::to_js::to_js(&Out(c))
}

/// `{id: bool}` read from JS; anything else counts as empty.
fn switches(v: &JsValue) -> Vec<(String, bool)> {
    match crate::to_js::from_js(v) {
        Some(Json::Object(entries)) => entries
            .into_iter()
            .filter_map(|(k, v)| match v {
                Json::Bool(b) => Some((k, b)),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn borrowed(v: &[(String, bool)]) -> Vec<(&str, bool)> {
    v.iter().map(|(k, b)| (k.as_str(), *b)).collect()
}

#[wasm_bindgen]
impl Engine {
    /// The current choice with one category or service granted (a
    /// placeholder's "Allow").
    #[wasm_bindgen(js_name = grantChoice)]
    pub fn grant_choice(&self, id: &str) -> JsValue {
        to_js(&self.decider().grant(id))
    }

    /// The preferences dialog's switches saved (`{category: on}` as left and
    /// as first shown).
    #[wasm_bindgen(js_name = switchesChoice)]
    pub fn switches_choice(&self, now: JsValue, initial: JsValue) -> JsValue {
        let (now, initial) = (switches(&now), switches(&initial));
        to_js(
            &self
                .decider()
                .with_switches(&borrowed(&now), &borrowed(&initial)),
        )
    }

    /// "Do not sell or share": the opt-out categories refused.
    #[wasm_bindgen(js_name = doNotSellChoice)]
    pub fn do_not_sell_choice(&self) -> JsValue {
        to_js(&self.decider().do_not_sell())
    }
}
