//! Property tests of the consent record and the decisions built on it.

use consentry_core::record::{self, checksum};
use consentry_core::{Consent, ConsentId, Decider, Decision, Policy, Region, Signals, Stored};
use proptest::prelude::*;
use std::sync::OnceLock;

const NOW: u64 = 1_788_220_800;

/// A site with 100 services of its own plus the whole catalog.
fn policy() -> &'static Policy {
    static P: OnceLock<Policy> = OnceLock::new();
    P.get_or_init(|| {
        let svc = |c: &str, i: usize| {
            format!(
                r#"{{"id":"{c}-svc-{i}","hosts":["s{i}.{c}.example"],"cookies":["_{c}{i}_*"]}}"#
            )
        };
        let cat = |c: &str, n: usize| {
            let s: Vec<String> = (0..n).map(|i| svc(c, i)).collect();
            format!(r#"{{"id":"{c}","services":[{}]}}"#, s.join(","))
        };
        let json = format!(
            r#"{{"revision":7,"categories":[{},{},{},{},{}]}}"#,
            cat("mandatory", 5),
            cat("performance", 30),
            cat("functionality", 25),
            cat("targeting", 30),
            cat("social", 10)
        );
        Policy::from_json(&json).unwrap()
    })
}

fn regions() -> impl Strategy<Value = Option<Region>> {
    prop::sample::select(vec![
        None,
        Some("DE"),
        Some("US-CA"),
        Some("US-FL"),
        Some("JP"),
        Some("GB"),
    ])
    .prop_map(|r| r.and_then(Region::parse))
}

fn signals() -> impl Strategy<Value = Signals> {
    (any::<bool>(), any::<bool>(), regions()).prop_map(|(gpc, dnt, region)| Signals {
        gpc,
        dnt,
        region,
    })
}

/// A random record: per category and per service granted / refused / unset.
fn consent() -> impl Strategy<Value = Consent> {
    let p = policy();
    (
        prop::collection::vec(0u8..3, p.categories().len()),
        prop::collection::vec(0u8..3, p.services().len()),
        any::<[u8; 16]>(),
        0u64..(182 * 86_400),
        signals(),
    )
        .prop_map(move |(cats, svcs, id, age, sig)| {
            let mut c = Consent::new(p, ConsentId(id), NOW - age, &sig);
            for (cat, v) in p.categories().iter().zip(cats) {
                if v > 0 {
                    c.set_category(p, &cat.id, v == 1).unwrap();
                }
            }
            for (s, v) in p.services().iter().zip(svcs) {
                if v > 0 {
                    c.set_service(p, &s.id, v == 1).unwrap();
                }
            }
            c
        })
}

fn base64url(data: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut s = String::new();
    for chunk in data.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            s.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    s
}

/// Is this decision a grant the record itself does not contain?
fn granted_without_record(p: &Policy, d: &Decider<'_>, c: Option<&Consent>) -> Option<String> {
    use consentry_core::Choice::Granted;
    for (i, cat) in p.categories().iter().enumerate() {
        if d.category_at(i) == Decision::Granted
            && c.is_none_or(|c| c.category_choice(i) != Granted)
        {
            return Some(format!("category {} granted", cat.id));
        }
    }
    for (i, s) in p.services().iter().enumerate() {
        let own = c.is_some_and(|c| c.service_choice(i) == Granted);
        let via_cat = c.is_some_and(|c| c.category_choice(s.category) == Granted);
        if d.service_at(i) == Decision::Granted && !own && !via_cat {
            return Some(format!("service {} granted", s.id));
        }
    }
    None
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn encode_decode_round_trip(c in consent()) {
        let p = policy();
        let v = record::encode(&c, p);
        // Worst case: a choice of its own for every one of ~500 services (the
        // 100 here and the built-in catalog's), 4 bytes of id hash each; it
        // must still fit what decode accepts, or the consent would be lost.
        prop_assert!(v.len() <= record::MAX_LEN, "record of {} chars", v.len());
        prop_assert!(v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        prop_assert_eq!(record::decode(&v, p, NOW), Stored::Valid(c));
    }

    #[test]
    fn decode_never_panics_on_any_text(s in ".{0,400}") {
        let p = policy();
        let stored = record::decode(&s, p, NOW);
        let d = Decider::new(p, stored.clone(), &Signals::default());
        prop_assert_eq!(granted_without_record(p, &d, stored.valid()), None);
        let _ = Stored::from_cookie_header(&s, p, NOW);
    }

    #[test]
    fn decode_never_panics_past_the_checksum(body in prop::collection::vec(any::<u8>(), 0..600)) {
        // Random bodies with a correct version byte and checksum reach the field parser.
        let p = policy();
        let mut b = vec![record::VERSION];
        b.extend_from_slice(&body);
        let sum = checksum(&b);
        b.extend_from_slice(&sum.to_le_bytes());
        let stored = record::decode(&base64url(&b), p, NOW);
        if let Stored::Valid(c) = &stored {
            let again = record::decode(&record::encode(c, p), p, NOW);
            prop_assert_eq!(again.valid(), Some(c));
        }
    }

    #[test]
    fn tampering_never_adds_a_grant(
        c in consent(),
        sig in signals(),
        cut in 0usize..2000,
        flip in 0usize..2000,
        junk in "[A-Za-z0-9_-]{0,8}",
        how in 0u8..3,
    ) {
        let p = policy();
        let v = record::encode(&c, p);
        let bad = match how {
            0 => v.chars().take(cut % (v.len() + 1)).collect::<String>(),
            1 => {
                let mut ch: Vec<char> = v.chars().collect();
                let i = flip % ch.len();
                ch[i] = if ch[i] == 'A' { 'B' } else { 'A' };
                ch.into_iter().collect()
            }
            _ => format!("{v}{junk}"),
        };
        let stored = record::decode(&bad, p, NOW);
        let d = Decider::new(p, stored, &sig);
        // Whatever survives, nothing is granted beyond what the visitor granted.
        prop_assert_eq!(granted_without_record(p, &d, Some(&c)), None);
        if bad != v {
            prop_assert!(!matches!(d.stored(), Stored::Valid(x) if *x != c));
        }
    }

    #[test]
    fn nothing_but_mandatory_before_consent_in_opt_in(sig in signals(), svc in 0usize..100) {
        let p = policy();
        let d = Decider::from_cookie(p, None, &sig, NOW);
        if d.regime() == consentry_core::Regime::OptIn {
            for (i, s) in p.services().iter().enumerate() {
                let allowed = d.service_at(i).is_allowed();
                prop_assert_eq!(allowed, p.categories()[s.category].mandatory, "{}", s.id);
            }
            let host = format!("https://x.s{}.targeting.example/p.gif", svc % 30);
            prop_assert!(!d.url(&host).is_allowed());
        }
    }

    #[test]
    /// The name search finds exactly the values a full split of the header finds.
    fn cookie_values_match_a_full_parse(
        parts in prop::collection::vec(
            ("[ \t]{0,2}", "(consentry|xconsentry|consentryx|a|consentry )", "[ \t]{0,2}", "=?", "[a-z=\" ]{0,8}"),
            0..8,
        ),
        seps in prop::collection::vec("(;|; |;;| )", 8),
    ) {
        let header: String = parts
            .iter()
            .zip(&seps)
            .map(|((a, n, b, eq, v), sep)| format!("{a}{n}{b}{eq}{v}{sep}"))
            .collect();
        let want: Vec<&str> = consentry_core::cookie::parse_cookie_header(&header)
            .filter(|(n, _)| *n == "consentry")
            .map(|(_, v)| v)
            .collect();
        let got: Vec<&str> = consentry_core::cookie::cookie_values(&header, "consentry").collect();
        prop_assert_eq!(got, want, "header {:?}", header);
    }

    #[test]
    fn urls_never_panic(url in "\\PC{0,200}") {
        let d = Decider::from_cookie(policy(), None, &Signals::default(), NOW);
        let _ = d.url(&url);
        let _ = d.decide(&url);
    }
}

#[test]
fn record_with_every_service_chosen_stays_small() {
    let p = policy();
    let c = Consent::accept_all(
        p,
        ConsentId([9; 16]),
        NOW,
        &Signals {
            region: Region::parse("US-CA"),
            ..Signals::default()
        },
    );
    let mut c = c;
    for s in p.services().iter().take(100) {
        c.set_service(p, &s.id, true).unwrap();
    }
    let v = record::encode(&c, p);
    assert!(v.len() < 1024, "100-service record is {} chars", v.len());
}

/// A relative URL is judged where the page's base puts it: a `<base href>` on
/// a tracker's host is no way around a decision.
#[test]
fn relative_urls_are_read_against_the_base() {
    use consentry_core::{Decider, Policy, Signals};
    let p = Policy::default();
    let d = Decider::from_cookie(&p, None, &Signals::default(), 0);
    let fb = "https://www.facebook.com/";
    assert!(!d.decide_at("/tr?id=1", fb).is_allowed());
    assert!(!d.decide_at("./tr?id=1", fb).is_allowed());
    assert!(!d
        .decide_at("../x/../tr", "https://www.facebook.com/a/b")
        .is_allowed());
    assert!(d
        .decide_at("/tr?id=1", "https://shop.example/")
        .is_allowed());
    assert!(!d
        .decide_at("https://www.facebook.com/tr", "https://shop.example/")
        .is_allowed());
    assert!(!d
        .decide_at("meta-pixel", "https://shop.example/")
        .is_allowed());
    assert!(
        d.decide_at("/tr", "not a url").is_allowed(),
        "no base: a path is first-party"
    );
}
