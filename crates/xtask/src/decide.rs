//! `cargo xtask decide [policy.json]`: loads a policy and shows what Consentry
//! decides for a handful of realistic visitors.

use consentry_core::{record, Consent, ConsentId, Decider, Policy, Region, Signals, Stored};

const URLS: &[&str] = &[
    "https://www.googletagmanager.com/gtag/js?id=G-DEMO",
    "https://static.hotjar.com/c/hotjar-1.js",
    "https://www.youtube.com/embed/dQw4w9WgXcQ",
    "https://connect.facebook.net/en_US/fbevents.js",
    "https://js.hs-scripts.com/123.js",
    "https://beacon.salesinteract.example/open.gif",
    "/assets/app.js",
];

pub fn run(path: Option<&str>) -> Result<(), String> {
    let default = crate::root().join("examples/seed-sites/salesinteract/policy.json");
    let path = path.map(std::path::PathBuf::from).unwrap_or(default);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let policy = Policy::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    println!(
        "Consentry decisions — policy {} (revision {})",
        path.display(),
        policy.revision()
    );
    println!(
        "{} categories, {} services ({} from the built-in catalog)\n",
        policy.categories().len(),
        policy.services().len(),
        policy.services().iter().filter(|s| s.from_catalog).count()
    );
    let sig = |region: &str, gpc: bool| Signals {
        gpc,
        dnt: false,
        region: Region::parse(region),
    };
    let de = sig("DE", false);
    let id = ConsentId(*b"consentry-demo!!");
    let perf_only = Consent::custom(&policy, id, now - 3600, &de, ["performance"], [])
        .map_err(|e| e.to_string())?;
    let ca = sig("US-CA", false);
    let ca_out = Consent::reject_all(&policy, id, now - 3600, &ca);
    let cookie = |c: &Consent| Some(record::encode(c, &policy));
    let mut tampered = record::encode(&Consent::accept_all(&policy, id, now, &de), &policy);
    tampered.insert(10, 'x');
    let visitors: Vec<(&str, Signals, Option<String>)> = vec![
        ("Berlin, first visit", de.clone(), None),
        (
            "Berlin, allowed performance only",
            de.clone(),
            cookie(&perf_only),
        ),
        (
            "Berlin, tampered consent cookie",
            de.clone(),
            Some(tampered),
        ),
        ("California, first visit", ca.clone(), None),
        (
            "California, Global Privacy Control on",
            sig("US-CA", true),
            None,
        ),
        ("California, opted out of sale/sharing", ca, cookie(&ca_out)),
    ];
    for (who, signals, value) in &visitors {
        let d = Decider::new(
            &policy,
            Stored::read(value.as_deref(), &policy, now),
            signals,
        );
        println!(
            "── {who}  [regime {}, stored consent: {}, banner: {}]",
            d.regime(),
            d.stored().status(),
            if d.banner_needed() { "shown" } else { "hidden" }
        );
        for c in policy.categories() {
            println!("   category {:<14} {}", c.id, d.category(&c.id));
        }
        for u in URLS {
            println!("   {:<54} {}", shorten(u), d.url(u));
        }
        println!("   gtag consent {}\n", d.gcm().to_json());
    }
    let stored = visitors[1].2.as_deref().unwrap_or_default();
    println!(
        "The consent cookie after \"performance only\" ({} bytes):\n  {}={stored}",
        stored.len(),
        policy.cookie().name
    );
    Ok(())
}

fn shorten(u: &str) -> String {
    if u.len() > 54 {
        format!("{}…", &u[..53])
    } else {
        u.to_string()
    }
}
