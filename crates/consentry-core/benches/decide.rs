//! Targets (issue 2): a URL decision < 200 ns; decoding a 20-service consent
//! cookie < 500 ns — against a policy holding the full catalog.

use consentry_core::{record, Consent, ConsentId, Decider, Policy, Region, Signals, Stored};
use criterion::{black_box, criterion_group, criterion_main, Criterion};

const NOW: u64 = 1_788_220_800;

fn policy() -> Policy {
    Policy::from_json(
        r#"{
        "revision": 4,
        "categories": [
            { "id": "mandatory", "services": [{ "id": "session", "cookies": ["sid"] }] },
            { "id": "performance", "services": ["google-analytics", "hotjar", "mixpanel", "microsoft-clarity", "segment"] },
            { "id": "functionality", "services": ["youtube", "vimeo", "intercom", "snapengage", "hubspot"] },
            { "id": "targeting", "services": ["google-ads", "meta-pixel", "linkedin-insight", "tiktok-pixel", "x-twitter",
                { "id": "own-beacon", "hosts": ["beacon.example.com", "cdn.example.com/px"], "cookies": ["_ob_*"] }] }
        ]
    }"#,
    )
    .expect("bench policy is valid")
}

fn twenty_service_cookie(p: &Policy, sig: &Signals) -> String {
    let mut c = Consent::custom(
        p,
        ConsentId([3; 16]),
        NOW - 3600,
        sig,
        ["performance", "functionality"],
        [],
    )
    .unwrap();
    for (i, s) in p.services().iter().take(20).enumerate() {
        c.set_service(p, &s.id, i % 3 != 0).unwrap();
    }
    record::encode(&c, p)
}

fn benches(c: &mut Criterion) {
    let p = policy();
    let sig = Signals {
        gpc: false,
        dnt: false,
        region: Region::parse("DE"),
    };
    let cookie = twenty_service_cookie(&p, &sig);
    let d = Decider::from_cookie(&p, Some(&cookie), &sig, NOW);
    println!(
        "policy: {} services ({} catalog); cookie: {} chars",
        p.services().len(),
        p.services().iter().filter(|s| s.from_catalog).count(),
        cookie.len()
    );

    c.bench_function("decode_cookie_20_services", |b| {
        b.iter(|| record::decode(black_box(&cookie), &p, NOW))
    });
    c.bench_function("decide_url_tracker", |b| {
        b.iter(|| {
            d.url(black_box(
                "https://www.google-analytics.com/g/collect?v=2&tid=G-XXXX&cid=1",
            ))
        })
    });
    c.bench_function("decide_url_deep_subdomain", |b| {
        b.iter(|| {
            d.url(black_box(
                "https://a.b.c.region1.google-analytics.com/g/collect",
            ))
        })
    });
    c.bench_function("decide_url_first_party", |b| {
        b.iter(|| d.url(black_box("https://www.example.com/assets/app.3f9a.js")))
    });
    c.bench_function("decide_url_path_rule", |b| {
        b.iter(|| d.url(black_box("https://cdn.example.com/px/1.gif?e=view")))
    });
    c.bench_function("decide_category", |b| {
        b.iter(|| d.category(black_box("targeting")))
    });
    c.bench_function("decider_from_cookie", |b| {
        b.iter(|| Decider::new(&p, Stored::read(Some(black_box(&cookie)), &p, NOW), &sig))
    });
    c.bench_function("decode_and_decide_one_url", |b| {
        b.iter(|| {
            let d = Decider::from_cookie(&p, Some(black_box(&cookie)), &sig, NOW);
            d.url(black_box("https://connect.facebook.net/en_US/fbevents.js"))
        })
    });
    c.bench_function("gcm_state", |b| b.iter(|| black_box(&d).gcm()));
    // What every page view pays once in the browser: the default policy (no
    // config: the whole catalog), and a site's policy on top of the catalog.
    c.bench_function("compile_default_policy", |b| {
        b.iter(|| Policy::from_json(black_box("{}")))
    });
    c.bench_function("compile_site_policy", |b| b.iter(policy));
}

criterion_group! {
    name = decide;
    config = Criterion::default().warm_up_time(std::time::Duration::from_millis(500)).measurement_time(std::time::Duration::from_secs(2));
    targets = benches
}
criterion_main!(decide);
