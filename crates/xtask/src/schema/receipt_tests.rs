//! The receipt reader (`consentry_core::receipt`) and the generated receipt
//! JSON Schema agree: a valid receipt passes both, and each field missing,
//! of the wrong type or just outside its format fails both.

use super::json_schema;
use consentry_core::receipt::{Receipt, Source};
use consentry_core::schema::{Format, Req, Ty, RECEIPT_SHAPE};
use serde_json::{json, Value};

fn valid() -> Value {
    json!({
        "version": 1,
        "consentId": "0123456789abcdef0123456789abcdef",
        "seq": 1,
        "clientTime": 1_790_000_000_000u64,
        "policyRevision": 2,
        "policyHash": "a".repeat(64),
        "language": "pt-br",
        "textsHash": "b".repeat(64),
        "surface": "banner",
        "action": "accept-all",
        "categories": { "granted": ["mandatory", "performance"], "refused": [] },
        "services": { "granted": [], "refused": ["meta-pixel"] },
        "regime": "opt-in",
        "region": "US-CA",
        "gpc": false,
        "dnt": true,
        "page": { "origin": "https://www.example.com:8443", "path": "/a/b%20c" }
    })
}

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&super::pretty(&json_schema::receipt())).unwrap();
    jsonschema::validator_for(&schema).expect("the receipt schema compiles")
}

/// Values of the wrong form for a format.
fn bad_strings(f: Format) -> Vec<Value> {
    let long = json!("a".repeat(f.max_len() + 1));
    let mut v = vec![long, json!(5)];
    v.extend(
        match f {
            Format::ConsentId => vec!["0123456789ABCDEF0123456789ABCDEF", "0123"],
            Format::Sha256 => vec!["g".repeat(64).leak() as &str, "abc"],
            Format::Lang => vec!["EN", "e", "en_GB"],
            Format::Origin => vec![
                "https://a.com/",
                "ftp://a.com",
                "https://A.com",
                "https://a.com:x",
            ],
            Format::PagePath => vec!["a", "/a?b", "/a#b", "/a b", "/é"],
            Format::Region => vec!["DEU", "D"],
            Format::IpPrefix => vec!["203.0.113.0/16", "x/48"],
            Format::Id => vec!["Upper", ""],
            _ => vec![],
        }
        .into_iter()
        .map(|s| json!(s)),
    );
    v
}

fn bad_values(t: &Ty) -> Vec<Value> {
    match t {
        Ty::Int(min, max) => {
            let mut v = vec![json!(u64::from(*max) + 1), json!(1.5), json!("1")];
            if *min > 0 {
                v.push(json!(min - 1));
            }
            v
        }
        Ty::Time => vec![json!(-1), json!(1u64 << 53), json!(0.5)],
        Ty::Bool => vec![json!("true"), json!(0)],
        Ty::Enum(_) => vec![json!("nope"), json!(1)],
        Ty::Str(f) => bad_strings(*f),
        Ty::Nullable(inner) => bad_values(inner),
        Ty::Object(_) => vec![json!([]), json!("x")],
        Ty::List(..) | Ty::Set(..) => vec![json!("x")],
        _ => vec![],
    }
}

fn rust_ok(v: &Value, source: Source) -> bool {
    Receipt::from_json(&v.to_string(), source).is_ok()
}

#[test]
fn schema_and_reader_agree() {
    let schema = validator();
    let ok = valid();
    assert!(schema.is_valid(&ok) && rust_ok(&ok, Source::Client));
    let mut stored = ok.clone();
    stored["receivedAt"] = json!(1_790_000_000_100u64);
    stored["ipPrefix"] = json!("2001:db8:1::/48");
    stored["userAgent"] = json!("Mozilla/5.0");
    assert!(schema.is_valid(&stored) && rust_ok(&stored, Source::Stored));
    let mut failures = Vec::new();
    let mut check = |what: String, v: Value, source: Source| {
        let (s, r) = (schema.is_valid(&v), rust_ok(&v, source));
        if s || r {
            failures.push(format!("{what}: schema accepts {s}, reader accepts {r}"));
        }
    };
    for f in RECEIPT_SHAPE.fields {
        let source = if f.required == Req::Server {
            Source::Stored
        } else {
            Source::Client
        };
        let base = if source == Source::Stored {
            stored.clone()
        } else {
            ok.clone()
        };
        if f.required == Req::Always {
            let mut v = base.clone();
            v.as_object_mut().unwrap().remove(f.name);
            check(format!("{} missing", f.name), v, source);
        }
        for bad in bad_values(&f.ty) {
            let mut v = base.clone();
            v[f.name] = bad.clone();
            check(format!("{} = {bad}", f.name), v, source);
        }
    }
    for (path, bad) in [
        (["page", "origin"], bad_strings(Format::Origin)),
        (["page", "path"], bad_strings(Format::PagePath)),
        (
            ["categories", "granted"],
            vec![json!(["Upper"]), json!(vec!["x"; 257])],
        ),
    ] {
        for b in bad {
            let mut v = ok.clone();
            v[path[0]][path[1]] = b.clone();
            check(format!("{path:?} = {b}"), v, Source::Client);
        }
    }
    let mut unknown = ok.clone();
    unknown["extra"] = json!(1);
    check("unknown field".into(), unknown, Source::Client);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
