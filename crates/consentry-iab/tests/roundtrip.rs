//! Property tests: every model encodes to a string that decodes to the same
//! model (and re-encodes to the same string); arbitrary text never panics.

use std::collections::BTreeSet;

use consentry_iab::{
    decode_to_json, encode_from_json, GppString, PublisherRestriction, PublisherTc, Section,
    TcString, UsKind, UsSection, UsValue,
};
use proptest::prelude::*;

fn flags(width: u8) -> impl Strategy<Value = BTreeSet<u8>> {
    proptest::collection::btree_set(1..=width, 0..=width as usize)
}

fn vendors() -> impl Strategy<Value = BTreeSet<u16>> {
    prop_oneof![
        proptest::collection::btree_set(1u16..=60, 0..40),
        proptest::collection::btree_set(1u16..=3000, 0..80),
        proptest::collection::btree_set(1u16..=u16::MAX, 0..5),
        (1u16..2000, 1u16..500).prop_map(|(a, n)| (a..a.saturating_add(n)).collect()),
    ]
}

fn restriction() -> impl Strategy<Value = PublisherRestriction> {
    (1u8..=24, 0u8..=2, vendors()).prop_map(|(purpose_id, restriction_type, vendors)| {
        PublisherRestriction {
            purpose_id,
            restriction_type,
            vendors,
        }
    })
}

fn publisher() -> impl Strategy<Value = PublisherTc> {
    (flags(24), flags(24), 0u8..=20).prop_flat_map(|(consents, legitimate_interests, n)| {
        let custom = if n == 0 {
            Just(BTreeSet::new()).boxed()
        } else {
            flags(n).boxed()
        };
        let custom2 = if n == 0 {
            Just(BTreeSet::new()).boxed()
        } else {
            flags(n).boxed()
        };
        (custom, custom2).prop_map(move |(custom_consents, custom_legitimate_interests)| {
            PublisherTc {
                consents: consents.clone(),
                legitimate_interests: legitimate_interests.clone(),
                num_custom_purposes: n,
                custom_consents,
                custom_legitimate_interests,
            }
        })
    })
}

prop_compose! {
    fn tc()(
        dates in (0u64..1 << 36, 0u64..1 << 36),
        ids in (2u16..4096, 0u16..4096, 0u8..64, 0u16..4096, 0u8..64),
        lang in ("[A-Z]{2}", "[A-Z]{2}"),
        bools in proptest::array::uniform4(any::<bool>()),
        sets in (flags(12), flags(24), flags(24)),
        vend in (vendors(), vendors()),
        restrictions in proptest::collection::vec(restriction(), 0..4),
        segs in (proptest::option::of(vendors()), proptest::option::of(vendors()), proptest::option::of(publisher())),
    ) -> TcString {
        // One restriction per (purpose, type), none empty: what decoding yields.
        let mut seen = BTreeSet::new();
        let publisher_restrictions = restrictions
            .into_iter()
            .filter(|p| !p.vendors.is_empty() && seen.insert((p.purpose_id, p.restriction_type)))
            .collect();
        TcString {
            created: dates.0,
            last_updated: dates.1,
            cmp_id: ids.0,
            cmp_version: ids.1,
            consent_screen: ids.2,
            vendor_list_version: ids.3,
            policy_version: ids.4,
            consent_language: lang.0,
            publisher_country_code: lang.1,
            is_service_specific: bools[0],
            use_non_standard_texts: bools[1],
            purpose_one_treatment: bools[2],
            special_feature_optins: sets.0,
            purpose_consents: sets.1,
            purpose_legitimate_interests: sets.2,
            vendor_consents: vend.0,
            vendor_legitimate_interests: vend.1,
            publisher_restrictions,
            vendors_disclosed: segs.0,
            vendors_allowed: segs.1,
            publisher_tc: segs.2,
        }
    }
}

fn us() -> impl Strategy<Value = UsSection> {
    (
        0usize..5,
        any::<u64>(),
        proptest::option::of(any::<bool>()),
        any::<bool>(),
    )
        .prop_map(|(k, seed, gpc, v1)| {
            let kind = UsKind::ALL[k];
            let version = if v1 { 1 } else { kind.latest_version() };
            let mut s = UsSection::at_version(kind, version).unwrap();
            let mut x = seed | 1;
            let mut next = |m: u64| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x % m) as u8
            };
            for (name, v) in s.values.clone() {
                let value = match v {
                    UsValue::One(_) if name == "MspaCoveredTransaction" => {
                        UsValue::One(1 + next(2))
                    }
                    UsValue::One(_) => UsValue::One(next(3)),
                    UsValue::List(l) => UsValue::List(l.iter().map(|_| next(3)).collect()),
                };
                s.set(name, value).unwrap();
            }
            s.gpc = if kind == UsKind::Va { None } else { gpc };
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn tc_strings_round_trip(t in tc()) {
        let s = t.encode().unwrap();
        let back = TcString::decode(&s).unwrap();
        prop_assert_eq!(&back, &t);
        prop_assert_eq!(back.encode().unwrap(), s.clone());
        // Through the reference-named JSON as well.
        let json = decode_to_json(&s).unwrap();
        prop_assert_eq!(encode_from_json(&json).unwrap(), s);
    }

    #[test]
    fn gpp_strings_round_trip(tc in proptest::option::of(tc()), sections in proptest::collection::vec(us(), 0..5)) {
        let mut all: Vec<Section> = tc.into_iter().map(|t| Section::TcfEuV2(Box::new(t))).collect();
        let mut kinds = BTreeSet::new();
        all.extend(sections.into_iter().filter(|s| kinds.insert(s.kind)).map(Section::Us));
        all.sort_by_key(Section::id);
        prop_assume!(!all.is_empty());
        let gpp = GppString { sections: all };
        let s = gpp.encode().unwrap();
        let back = GppString::decode(&s).unwrap();
        prop_assert_eq!(&back, &gpp);
        let json = decode_to_json(&s).unwrap();
        prop_assert_eq!(encode_from_json(&json).unwrap(), s);
    }

    #[test]
    fn arbitrary_text_never_panics(s in "[A-Za-z0-9_~.\\-]{0,80}") {
        let _ = TcString::decode(&s);
        let _ = GppString::decode(&s);
        let _ = decode_to_json(&s);
    }

    #[test]
    fn mutated_strings_never_panic(t in tc(), at in any::<prop::sample::Index>(), ch in "[A-Za-z0-9_.~\\-]") {
        let mut s = t.encode().unwrap();
        let i = at.index(s.len());
        s.replace_range(i..=i, &ch);
        let _ = TcString::decode(&s);
        let _ = GppString::decode(&format!("DBABMA~{s}"));
    }
}
