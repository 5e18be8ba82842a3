//! The description, the validator and the generated JSON Schema agree: every
//! described field and value is accepted by both, anything else rejected by
//! both, and the shipped policies pass both.

use super::json_schema;
use consentry_core::schema::{self, Format, Object, Req, Ty, POLICY, UI_TEXT_DOCS};
use consentry_core::ui::{Key, Settings};
use consentry_core::{GcmType, Json, Policy};
use serde_json::{json, Map, Value};
use std::rc::Rc;

mod fixtures;

fn to_value(j: &Json) -> Value {
    match j {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) if n.fract() == 0.0 => json!(*n as i64),
        Json::Number(n) => json!(n),
        Json::String(s) => Value::String(s.clone()),
        Json::Array(a) => Value::Array(a.iter().map(to_value).collect()),
        Json::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), to_value(v))).collect()),
    }
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&to_value(&json_schema::policy())).expect("the schema compiles")
}

/// The validator's problems, those of the lenient `ui` reader included.
pub(super) fn rust_problems(policy: &Value) -> Vec<String> {
    match Policy::from_json(&policy.to_string()) {
        Err(e) => vec![e.to_string()],
        Ok(p) => Settings::from_policy(&p)
            .problems
            .iter()
            .map(|p| format!("{}: {}", p.path, p.message))
            .collect(),
    }
}

fn schema_problems(v: &jsonschema::Validator, policy: &Value) -> Vec<String> {
    v.iter_errors(policy)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// Fails unless both accept (`true`) or both reject (`false`) `policy`.
fn agree(v: &jsonschema::Validator, what: &str, policy: &Value, valid: bool) -> Result<(), String> {
    let (rust, schema) = (rust_problems(policy), schema_problems(v, policy));
    if rust.is_empty() == valid && schema.is_empty() == valid {
        return Ok(());
    }
    let verdict = |p: &[String]| {
        if p.is_empty() {
            "accepts".into()
        } else {
            format!("rejects {p:?}")
        }
    };
    Err(format!(
        "{what}: expected {}; validator {}, schema {}\n  {policy}",
        if valid { "valid" } else { "invalid" },
        verdict(&rust),
        verdict(&schema)
    ))
}

pub(super) fn check_all(cases: impl IntoIterator<Item = (String, Value, bool)>) {
    let v = validator();
    let mut n = 0;
    let failures: Vec<String> = cases
        .into_iter()
        .inspect(|_| n += 1)
        .filter_map(|(what, policy, valid)| agree(&v, &what, &policy, valid).err())
        .collect();
    assert!(n > 0, "no cases");
    assert!(
        failures.is_empty(),
        "{} of {n} cases disagree:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn sample_str(f: Format) -> Vec<&'static str> {
    match f {
        Format::Text => vec!["Some text", ""],
        Format::Id => vec!["my-service_2"],
        Format::Url => vec![
            "https://example.com/privacy?x=1",
            "/privacy",
            "privacy.html",
            "#top",
        ],
        Format::Host => vec!["cdn.example.com", "example.com/track"],
        Format::CookieName => vec!["_ga"],
        Format::CookiePattern => vec!["_ga_*", "*session"],
        Format::Domain => vec!["example.com", ".example.co.uk"],
        Format::Path => vec!["/", "/shop"],
        Format::Lang => vec!["en", "pt-BR"],
        Format::UiLang => vec!["de", "pt-BR"],
        Format::Region => vec!["DE", "US-CA"],
        Format::UiText => vec!["Hello"],
        Format::Lifetime => vec!["session", "1 day", "30 minutes", "13 months", "2 years"],
        Format::Letters2 => vec!["DE", "en"],
        Format::Date => vec!["2026-01-15", "2024-02-29"],
        // Receipt formats (not in a policy).
        Format::ConsentId
        | Format::Sha256
        | Format::Origin
        | Format::PagePath
        | Format::IpPrefix
        | Format::UserAgent
        | Format::IabString => vec![],
    }
}

/// Valid values of a type, every enum value among them.
fn samples(t: &Ty) -> Vec<Value> {
    match t {
        Ty::Bool => vec![json!(true), json!(false)],
        Ty::Int(min, max) => vec![json!(min), json!(max)],
        Ty::Time => vec![json!(0)],
        Ty::Str(f) => sample_str(*f).into_iter().map(|s| json!(s)).collect(),
        Ty::Enum(values) => values.iter().map(|s| json!(s)).collect(),
        Ty::EnumAnyCase(values) => values
            .iter()
            .flat_map(|s| [json!(s), json!(s.to_ascii_uppercase())])
            .collect(),
        Ty::Gcm => GcmType::ALL.iter().map(|g| json!(g.as_str())).collect(),
        Ty::CategoryId => vec![json!("performance"), json!("newsletter")],
        Ty::CatalogId => consentry_core::catalog_ids().map(|s| json!(s)).collect(),
        Ty::Texts => vec![json!("Text"), json!({"en": "Text", "pt-BR": "Texto"})],
        Ty::UiTexts => {
            let all: Map<String, Value> = Key::ALL
                .iter()
                .map(|k| (k.name().into(), json!("x")))
                .collect();
            vec![Value::Object(all)]
        }
        // Every sample, in lists no longer than the limit (the catalog has
        // more ids than one list may hold).
        Ty::List(item, max) | Ty::Set(item, max) => std::iter::once(json!([]))
            .chain(
                samples(item)
                    .chunks((*max).max(1))
                    .map(|c| Value::Array(c.to_vec())),
            )
            .collect(),
        Ty::Permutation(values) => {
            let mut rev = values.to_vec();
            rev.reverse();
            vec![json!(values), json!(rev)]
        }
        Ty::Map { key, value, .. } => samples(value)
            .into_iter()
            .map(|v| json!({ sample_str(*key)[0]: v }))
            .collect(),
        Ty::Object(o) => vec![Value::Object(minimal(o))],
        Ty::Either(a, b) => [samples(a), samples(b)].concat(),
        Ty::Nullable(t) => [vec![Value::Null], samples(t)].concat(),
    }
}

/// Values each validator must refuse: just past a bound or limit.
fn outside(t: &Ty) -> Vec<Value> {
    match t {
        Ty::Int(min, max) => {
            let mut v = vec![json!(u64::from(*max) + 1), json!(1.5)];
            if *min > 0 {
                v.push(json!(min - 1));
            }
            v
        }
        Ty::Str(f) => vec![json!("a".repeat(f.max_len() + 1)), json!(5)],
        Ty::Enum(_) | Ty::EnumAnyCase(_) | Ty::Gcm | Ty::CatalogId => vec![json!("nope")],
        Ty::List(item, max) => vec![
            Value::Array(vec![samples(item)[0].clone(); max + 1]),
            json!("x"),
        ],
        // One item twice is the smallest breach.
        Ty::Set(item, _) => vec![Value::Array(vec![samples(item)[0].clone(); 2]), json!("x")],
        Ty::Permutation(values) => vec![json!(&values[..values.len() - 1])],
        Ty::Bool => vec![json!("true")],
        _ => vec![],
    }
}

/// An object holding only its required fields.
fn minimal(o: &Object) -> Map<String, Value> {
    o.fields
        .iter()
        .filter(|f| f.required == Req::Always)
        .map(|f| (f.name.to_string(), samples(&f.ty)[0].clone()))
        .collect()
}

type Place = Rc<dyn Fn(Value) -> Value>;

/// Where each object occurs: `place` puts one of it into a whole policy.
fn places(o: &'static Object, place: Place, out: &mut Vec<(&'static Object, Place)>) {
    out.push((o, place.clone()));
    for f in o.fields {
        let (o_min, name, place) = (minimal(o), f.name, place.clone());
        let into_field: Place = Rc::new(move |x| {
            let mut m = o_min.clone();
            m.insert(name.into(), x);
            place(Value::Object(m))
        });
        nested(&f.ty, into_field, out);
    }
}

fn nested(t: &Ty, place: Place, out: &mut Vec<(&'static Object, Place)>) {
    match t {
        Ty::Object(o) => places(o, place, out),
        Ty::List(item, _) | Ty::Set(item, _) => {
            nested(item, Rc::new(move |x| place(json!([x]))), out)
        }
        Ty::Nullable(t) => nested(t, place, out),
        Ty::Either(a, b) => {
            nested(a, place.clone(), out);
            nested(b, place, out);
        }
        Ty::Map { key, value, .. } => {
            let k = sample_str(*key)[0];
            nested(value, Rc::new(move |x| place(json!({ k: x }))), out);
        }
        _ => {}
    }
}

fn all_places() -> Vec<(&'static Object, Place)> {
    let mut out = Vec::new();
    places(&POLICY, Rc::new(|x| x), &mut out);
    out
}

fn with(o: &Object, field: &str, value: Value) -> Value {
    let mut m = minimal(o);
    m.insert(field.into(), value);
    Value::Object(m)
}

#[test]
fn every_described_field_and_value_is_accepted() {
    let mut cases = Vec::new();
    for (o, place) in all_places() {
        for f in o.fields {
            for v in samples(&f.ty) {
                let what = format!("{}.{} = {v}", o.title, f.name);
                cases.push((what, place(with(o, f.name, v)), true));
            }
        }
    }
    check_all(cases);
}

#[test]
fn values_past_each_bound_are_rejected() {
    let mut cases = Vec::new();
    for (o, place) in all_places() {
        for f in o.fields {
            for v in outside(&f.ty) {
                let what = format!("{}.{} = {v}", o.title, f.name);
                cases.push((what, place(with(o, f.name, v)), false));
            }
        }
    }
    check_all(cases);
}

#[test]
fn unknown_fields_are_rejected() {
    let mut cases: Vec<_> = all_places()
        .into_iter()
        .map(|(o, place)| {
            (
                format!("{}.zzz", o.title),
                place(with(o, "zzz", json!(1))),
                false,
            )
        })
        .collect();
    cases.push((
        "UiTexts.zzz".into(),
        json!({"ui": {"texts": {"en": {"zzz": "x"}}}}),
        false,
    ));
    // The validator names every described field, in the description's order.
    let problems = rust_problems(&json!({"cookie": {"zzz": 1}}));
    assert!(
        problems[0].contains(&schema::COOKIE.join(", ")),
        "{problems:?}"
    );
    check_all(cases);
}

/// A variant's name as policies spell it: `OptOutRegimes` → `opt-out-regimes`.
fn kebab(variant: impl std::fmt::Debug) -> String {
    let mut out = String::new();
    for (i, c) in format!("{variant:?}").chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('-');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

#[test]
fn enum_values_parse_to_their_variants() {
    let policy = |v: Value| Policy::from_json(&v.to_string()).expect("valid");
    for name in schema::GPC {
        assert_eq!(kebab(policy(json!({ "gpc": name })).gpc_scope()), name);
    }
    for name in schema::DNT {
        assert_eq!(kebab(policy(json!({ "dnt": name })).dnt_mode()), name);
    }
    for name in schema::SAME_SITE {
        let p = policy(json!({ "cookie": { "sameSite": name } }));
        assert_eq!(kebab(p.cookie().same_site), name);
    }
    for name in schema::REGIMES {
        assert_eq!(
            kebab(policy(json!({ "defaultRegime": name })).regime_for(None)),
            name
        );
    }
    for (i, name) in schema::BUTTONS.iter().enumerate() {
        let mut order = schema::BUTTONS;
        order.swap(0, i);
        let s = Settings::from_policy(&policy(json!({ "ui": { "buttonOrder": order } })));
        assert_eq!(kebab(s.button_order[0]), *name);
    }
}

#[test]
fn every_field_has_a_doc() {
    fn docs(t: &Ty, out: &mut Vec<(String, &'static str)>) {
        match t {
            Ty::Object(o) => {
                out.push((o.title.into(), o.doc));
                for f in o.fields {
                    out.push((format!("{}.{}", o.title, f.name), f.doc));
                    docs(&f.ty, out);
                }
            }
            Ty::List(t, _) | Ty::Set(t, _) | Ty::Nullable(t) | Ty::Map { value: t, .. } => {
                docs(t, out)
            }
            Ty::Either(a, b) => {
                docs(a, out);
                docs(b, out);
            }
            _ => {}
        }
    }
    let mut all = Vec::new();
    docs(&Ty::Object(&POLICY), &mut all);
    all.extend(
        Key::ALL
            .iter()
            .zip(UI_TEXT_DOCS)
            .map(|(k, d)| (k.name().into(), d)),
    );
    assert!(all.len() > 60, "{} docs", all.len());
    let missing: Vec<_> = all.iter().filter(|(_, d)| d.trim().len() < 8).collect();
    assert!(missing.is_empty(), "{missing:?}");
}

#[test]
fn the_schema_is_valid_2020_12() {
    let s = to_value(&json_schema::policy());
    assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
    if let Err(e) = jsonschema::meta::validate(&s) {
        panic!("{e}");
    }
}

#[test]
fn tsc_errors_must_fall_on_the_marked_lines() {
    let src = "// header `// error:` is not a mark\nconst a = 1; // error: x\nconst b = 2;\n";
    let err = |line: usize| format!("t.ts({line},7): error TS2322: …\n");
    assert!(super::expected_errors("t.ts", src, &err(2)).is_ok());
    assert!(super::expected_errors("t.ts", src, "").is_err());
    assert!(super::expected_errors("t.ts", src, &(err(2) + &err(3))).is_err());
    assert!(super::expected_errors("t.ts", "const a = 1;\n", "").is_err());
}
