//! Our encoder's strings for the reference decoders: `tests/vectors/iab/ours.json`
//! holds strings this crate encodes with the JSON it means by them;
//! `node tests/vectors/iab/check.mjs` decodes each with @iabtcf/core or
//! @iabgpp/cmpapi and compares. This test fails when the file is stale;
//! `CONSENTRY_IAB_WRITE=1 cargo test -p consentry-iab --test ours` rewrites it.

use std::collections::BTreeSet;
use std::path::PathBuf;

use consentry_iab::{
    decode_to_json, GppString, PublisherRestriction, PublisherTc, Section, TcString, UsKind,
    UsSection, UsValue, VendorSet,
};
use serde_json::{json, Value};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() % 1_000_000) as f64 / 1e6 < p
    }
    fn flags(&mut self, width: u8, p: f64) -> BTreeSet<u8> {
        (1..=width).filter(|_| self.chance(p)).collect()
    }
    fn vendors(&mut self, max: u16, p: f64) -> VendorSet {
        (1..=max).filter(|_| self.chance(p)).collect()
    }
}

fn tc(rng: &mut Rng, i: u64) -> TcString {
    let max = [20u16, 45, 46, 300, 900, 65535][i as usize % 6];
    let density = [0.02, 0.5, 0.95][i as usize % 3];
    let sparse = if max == 65535 { 0.0005 } else { density };
    let mut t = TcString {
        created: 17_722_800_003 + rng.below(1_000_000),
        cmp_id: 2 + rng.below(4094) as u16,
        cmp_version: rng.below(4096) as u16,
        consent_screen: rng.below(64) as u8,
        vendor_list_version: rng.below(4096) as u16,
        is_service_specific: rng.chance(0.3),
        use_non_standard_texts: rng.chance(0.2),
        special_feature_optins: rng.flags(12, 0.4),
        purpose_consents: rng.flags(24, 0.5),
        purpose_legitimate_interests: rng.flags(24, 0.3),
        purpose_one_treatment: rng.chance(0.2),
        publisher_country_code: ["DE", "FR", "AA", "ZZ"][i as usize % 4].into(),
        vendor_consents: rng.vendors(max, sparse),
        vendor_legitimate_interests: rng.vendors(max, sparse / 2.0),
        vendors_disclosed: rng.chance(0.8).then(|| {
            (1..=max)
                .filter(|_| {
                    rng.chance(if max == 65535 {
                        sparse
                    } else {
                        sparse.max(0.3)
                    })
                })
                .collect()
        }),
        ..TcString::default()
    };
    t.last_updated = t.created + rng.below(100_000);
    t.consent_language = ["EN", "DE", "FR", "ZH"][i as usize % 4].into();
    if i % 4 == 0 {
        for _ in 0..rng.below(4) {
            t.publisher_restrictions.push(PublisherRestriction {
                purpose_id: 1 + rng.below(11) as u8,
                restriction_type: rng.below(3) as u8,
                vendors: rng.vendors(max.min(3000), 0.05),
            });
        }
        // The reference keeps one restriction per (purpose, type); so do we.
        let mut seen = BTreeSet::new();
        t.publisher_restrictions
            .retain(|p| !p.vendors.is_empty() && seen.insert((p.purpose_id, p.restriction_type)));
    }
    if i % 3 == 0 {
        let n = rng.below(10) as u8;
        t.publisher_tc = Some(PublisherTc {
            consents: rng.flags(24, 0.5),
            legitimate_interests: rng.flags(24, 0.3),
            num_custom_purposes: n,
            custom_consents: rng.flags(n, 0.5),
            custom_legitimate_interests: rng.flags(n, 0.5),
        });
    }
    t
}

fn us(rng: &mut Rng, kind: UsKind, version: u8, gpc: bool) -> UsSection {
    let mut s = UsSection::at_version(kind, version).unwrap();
    for (name, v) in s.values.clone() {
        let value = match v {
            UsValue::One(_) if name == "MspaCoveredTransaction" => {
                UsValue::One(1 + rng.below(2) as u8)
            }
            UsValue::One(_) => UsValue::One(rng.below(3) as u8),
            UsValue::List(l) => UsValue::List(l.iter().map(|_| rng.below(3) as u8).collect()),
        };
        s.set(name, value).unwrap();
    }
    s.gpc = (gpc && kind != UsKind::Va).then(|| rng.chance(0.5));
    s
}

fn generate() -> Value {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut out = Vec::new();
    let mut push = |name: String, string: String| {
        let json = decode_to_json(&string).unwrap();
        out.push(json!({"name": name, "string": string, "json": json}));
    };
    push(
        "tc default with cmp id 2".into(),
        TcString {
            cmp_id: 2,
            ..TcString::default()
        }
        .encode()
        .unwrap(),
    );
    for i in 0..30 {
        push(format!("tc random {i}"), tc(&mut rng, i).encode().unwrap());
    }
    for kind in UsKind::ALL {
        for version in 1..=kind.latest_version() {
            for gpc in [false, true] {
                let gpp = GppString {
                    sections: vec![Section::Us(us(&mut rng, kind, version, gpc))],
                };
                push(
                    format!("{} v{version} gpc subsection {gpc}", kind.name()),
                    gpp.encode().unwrap(),
                );
            }
        }
    }
    for i in 0..10 {
        let mut sections = vec![];
        if i % 2 == 0 {
            let mut t = tc(&mut rng, i);
            t.is_service_specific = true;
            sections.push(Section::TcfEuV2(Box::new(t)));
        }
        for kind in UsKind::ALL {
            if rng.chance(0.6) {
                let gpc = rng.chance(0.7);
                sections.push(Section::Us(us(&mut rng, kind, kind.latest_version(), gpc)));
            }
        }
        push(
            format!("gpp mixed {i}"),
            GppString { sections }.encode().unwrap(),
        );
    }
    json!({"generatedBy": "cargo test -p consentry-iab --test ours (CONSENTRY_IAB_WRITE=1)", "vectors": out})
}

/// Objects with their keys in order: `serde_json`'s `preserve_order` (on when
/// the workspace is built with all features) must not change the file.
fn sorted(v: Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut kv: Vec<(String, Value)> = m.into_iter().collect();
            kv.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(kv.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        Value::Array(a) => Value::Array(a.into_iter().map(sorted).collect()),
        v => v,
    }
}

#[test]
fn ours_json_is_current() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors/iab/ours.json");
    let v = sorted(generate());
    let items: Vec<String> = v["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.to_string())
        .collect();
    let text = format!(
        "{{\"generatedBy\": {}, \"vectors\": [\n{}\n]}}\n",
        v["generatedBy"],
        items.join(",\n")
    );
    if std::env::var_os("CONSENTRY_IAB_WRITE").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "{} is stale: rerun with CONSENTRY_IAB_WRITE=1, then node check.mjs",
        path.display()
    );
}
