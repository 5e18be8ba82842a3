//! The JSON Schema (2020-12) of a policy, from `consentry_core::schema`.

use consentry_core::schema::{
    Field, Format, Object, Req, Ty, MAX_TEXT, MAX_TIME, POLICY, RECEIPT_SHAPE, UI_TEXT_DOCS,
};
use consentry_core::ui::Key;
use consentry_core::{category, GcmType, Json};

/// The schema's `$id`: where the npm package publishes it.
pub(crate) const ID: &str = "https://example.invalid/consentry/schema/policy.schema.json";
/// The receipt schema's `$id`.
pub(crate) const RECEIPT_ID: &str = "https://example.invalid/consentry/schema/receipt.schema.json";

fn s(v: &str) -> Json {
    Json::String(v.into())
}

fn n(v: impl Into<f64>) -> Json {
    Json::Number(v.into())
}

fn obj<const N: usize>(fields: [(&str, Json); N]) -> Json {
    Json::Object(fields.into_iter().map(|(k, v)| (k.into(), v)).collect())
}

fn strings<'a>(v: impl IntoIterator<Item = &'a str>) -> Json {
    Json::Array(v.into_iter().map(s).collect())
}

fn reference(name: &str) -> Json {
    obj([("$ref", s(&format!("#/$defs/{name}")))])
}

/// Adds `description` to a schema object.
fn described(mut v: Json, doc: &str) -> Json {
    if let Json::Object(o) = &mut v {
        o.push(("description".into(), s(doc)));
    }
    v
}

/// The whole policy schema: the policy object inline, every other object in `$defs`.
pub(crate) fn policy() -> Json {
    document(
        &POLICY,
        ID,
        "Consentry policy",
        [
            ("Texts".to_string(), texts()),
            ("CategoryId".into(), category_id()),
            ("GcmType".into(), gcm_type()),
            ("CatalogServiceId".into(), catalog_id()),
            ("UiTexts".into(), ui_texts()),
        ],
    )
}

/// The consent receipt's schema (a stored receipt: the server's fields optional).
pub(crate) fn receipt() -> Json {
    document(
        &RECEIPT_SHAPE,
        RECEIPT_ID,
        "Consentry consent receipt",
        Vec::new(),
    )
}

/// `root` inline, every object it reaches in `$defs`, then `extra` defs.
fn document(
    root_object: &Object,
    id: &str,
    title: &str,
    extra: impl IntoIterator<Item = (String, Json)>,
) -> Json {
    let mut defs = Vec::new();
    collect(root_object, &mut defs);
    let mut root = vec![
        (
            "$schema".to_string(),
            s("https://json-schema.org/draft/2020-12/schema"),
        ),
        ("$id".into(), s(id)),
        ("title".into(), s(title)),
    ];
    let Json::Object(body) = object(root_object) else {
        unreachable!("object() builds an object")
    };
    root.extend(body);
    defs.extend(extra);
    root.push(("$defs".into(), Json::Object(defs)));
    Json::Object(root)
}

/// Every object reachable from `o` (not `o` itself), once, by title.
fn collect(o: &Object, defs: &mut Vec<(String, Json)>) {
    fn walk(t: &Ty, defs: &mut Vec<(String, Json)>) {
        match t {
            Ty::Object(o) if !defs.iter().any(|(k, _)| k == o.title) => {
                defs.push((o.title.into(), object(o)));
                collect(o, defs);
            }
            Ty::List(t, _) | Ty::Set(t, _) | Ty::Nullable(t) | Ty::Map { value: t, .. } => {
                walk(t, defs)
            }
            Ty::Either(a, b) => {
                walk(a, defs);
                walk(b, defs);
            }
            _ => {}
        }
    }
    for f in o.fields {
        walk(&f.ty, defs);
    }
}

fn object(o: &Object) -> Json {
    let props = o
        .fields
        .iter()
        .map(|f: &Field| (f.name.to_string(), described(ty(&f.ty), f.doc)))
        .collect();
    let required: Vec<&str> = o
        .fields
        .iter()
        .filter(|f| f.required == Req::Always)
        .map(|f| f.name)
        .collect();
    let mut v = vec![
        ("description".to_string(), s(o.doc)),
        ("type".into(), s("object")),
        ("properties".into(), Json::Object(props)),
    ];
    if !required.is_empty() {
        v.push(("required".into(), strings(required)));
    }
    v.push(("additionalProperties".into(), Json::Bool(false)));
    if o.fields.iter().any(|f| matches!(f.ty, Ty::CategoryId)) {
        v.extend(mandatory_rule(o));
    }
    Json::Object(v)
}

/// The validator refuses `optOut: true` on `mandatory`, which can never be
/// refused.
fn mandatory_rule(o: &Object) -> [(String, Json); 2] {
    let id = o.fields.iter().find(|f| matches!(f.ty, Ty::CategoryId));
    let opt_out = o.fields.iter().find(|f| f.name == "optOut");
    let (Some(id), Some(opt_out)) = (id, opt_out) else {
        panic!("{} has no id or optOut field", o.title)
    };
    let when = obj([
        (
            "properties",
            obj([(id.name, obj([("const", s(category::MANDATORY))]))]),
        ),
        ("required", strings([id.name])),
    ]);
    let then = obj([(
        "properties",
        obj([(opt_out.name, obj([("const", Json::Bool(false))]))]),
    )]);
    [("if".into(), when), ("then".into(), then)]
}

fn ty(t: &Ty) -> Json {
    match t {
        Ty::Bool => obj([("type", s("boolean"))]),
        Ty::Int(min, max) => obj([
            ("type", s("integer")),
            ("minimum", n(*min)),
            ("maximum", n(*max)),
        ]),
        Ty::Time => obj([
            ("type", s("integer")),
            ("minimum", n(0)),
            ("maximum", n(MAX_TIME as f64)),
        ]),
        Ty::Str(f) => string(*f),
        Ty::Enum(values) => obj([
            ("type", s("string")),
            ("enum", strings(values.iter().copied())),
        ]),
        Ty::EnumAnyCase(values) => {
            let any_case = |v: &str| -> String {
                v.chars()
                    .map(|c| format!("[{}{}]", c.to_ascii_uppercase(), c.to_ascii_lowercase()))
                    .collect()
            };
            let alts: Vec<String> = values.iter().map(|v| any_case(v)).collect();
            obj([
                ("type", s("string")),
                (
                    "anyOf",
                    Json::Array(vec![
                        obj([("enum", strings(values.iter().copied()))]),
                        obj([("pattern", s(&format!("^(?:{})$", alts.join("|"))))]),
                    ]),
                ),
            ])
        }
        Ty::Gcm => reference("GcmType"),
        Ty::CategoryId => reference("CategoryId"),
        Ty::CatalogId => reference("CatalogServiceId"),
        Ty::Texts => reference("Texts"),
        Ty::UiTexts => reference("UiTexts"),
        Ty::Object(o) => reference(o.title),
        Ty::List(item, max) => obj([
            ("type", s("array")),
            ("items", ty(item)),
            ("maxItems", n(*max as f64)),
        ]),
        Ty::Set(item, max) => obj([
            ("type", s("array")),
            ("items", ty(item)),
            ("maxItems", n(*max as f64)),
            ("uniqueItems", Json::Bool(true)),
        ]),
        Ty::Permutation(values) => obj([
            ("type", s("array")),
            (
                "items",
                obj([
                    ("type", s("string")),
                    ("enum", strings(values.iter().copied())),
                ]),
            ),
            ("minItems", n(values.len() as f64)),
            ("maxItems", n(values.len() as f64)),
            ("uniqueItems", Json::Bool(true)),
        ]),
        Ty::Map { key, value, max } => {
            let mut v = vec![
                ("type".to_string(), s("object")),
                ("propertyNames".into(), pattern_only(*key)),
                ("additionalProperties".into(), ty(value)),
            ];
            if let Some(max) = max {
                v.push(("maxProperties".into(), n(*max as f64)));
            }
            Json::Object(v)
        }
        Ty::Either(a, b) => obj([("anyOf", Json::Array(vec![ty(a), ty(b)]))]),
        Ty::Nullable(t) => obj([(
            "anyOf",
            Json::Array(vec![ty(t), obj([("type", s("null"))])]),
        )]),
    }
}

/// A string of this form. `maxLength` counts characters where the validator
/// counts bytes, so it is only exact for ASCII.
fn string(f: Format) -> Json {
    let mut v = vec![("type".to_string(), s("string"))];
    if f == Format::UiText {
        v.push(("minLength".into(), n(1)));
    }
    v.push(("maxLength".into(), n(f.max_len() as f64)));
    if let Some(p) = f.pattern() {
        v.push(("pattern".into(), s(p)));
    }
    Json::Object(v)
}

fn pattern_only(f: Format) -> Json {
    let p = f.pattern().expect("map keys have a pattern");
    obj([("pattern", s(p))])
}

fn texts() -> Json {
    let text = || string(Format::Text);
    obj([
        (
            "description",
            s("Text shown to visitors: a string (English) or an object of language tag → text."),
        ),
        (
            "anyOf",
            Json::Array(vec![
                text(),
                obj([
                    ("type", s("object")),
                    ("propertyNames", pattern_only(Format::Lang)),
                    ("additionalProperties", text()),
                ]),
            ]),
        ),
    ])
}

fn category_id() -> Json {
    described(
        obj([
            ("type", s("string")),
            ("maxLength", n(Format::Id.max_len() as f64)),
            ("pattern", s(Format::Id.pattern().unwrap_or_default())),
            ("examples", strings(category::STANDARD)),
        ]),
        "A built-in category (mandatory, performance, functionality, targeting) or the site's own id.",
    )
}

fn gcm_type() -> Json {
    described(
        obj([
            ("type", s("string")),
            ("enum", strings(GcmType::ALL.map(GcmType::as_str))),
        ]),
        "A Google Consent Mode v2 type.",
    )
}

fn catalog_id() -> Json {
    described(
        obj([
            ("type", s("string")),
            ("enum", strings(consentry_core::catalog_ids())),
        ]),
        "The id of a service in Consentry's built-in catalog.",
    )
}

fn ui_texts() -> Json {
    let props = Key::ALL
        .iter()
        .zip(UI_TEXT_DOCS)
        .map(|(k, doc)| (k.name().to_string(), described(string(Format::UiText), doc)))
        .collect();
    obj([
        (
            "description",
            s(&format!(
                "One language's texts, each replacing a built-in string (at most {MAX_TEXT} bytes, not blank)."
            )),
        ),
        ("type", s("object")),
        ("properties", Json::Object(props)),
        ("additionalProperties", Json::Bool(false)),
    ])
}
