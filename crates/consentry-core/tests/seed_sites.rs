//! The seed sites (`examples/seed-sites/<name>/`): each policy validates with
//! no problems, holds the categories and services its README lists, is the
//! config inlined in its page, and owns every third party the page loads.

use consentry_core::ui::Settings;
use consentry_core::{Policy, UrlOwner};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn sites() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/seed-sites");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("policy.json").is_file())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 5, "only {} seed sites", dirs.len());
    dirs
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The backticked words of the README line starting with `**Categories:**`.
fn readme_categories(readme: &str) -> Vec<String> {
    let line = readme
        .lines()
        .find(|l| l.starts_with("**Categories:**"))
        .expect("a `**Categories:**` line");
    line.split('`')
        .skip(1)
        .step_by(2)
        .map(String::from)
        .collect()
}

/// `(service, category)` from the README table rows "| `service` | `category` | …".
fn readme_services(readme: &str) -> BTreeSet<(String, String)> {
    readme
        .lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let code = |c: &str| c.strip_prefix('`')?.strip_suffix('`').map(String::from);
            Some((code(cells.get(1)?)?, code(cells.get(2)?)?))
        })
        .collect()
}

/// `(service, category)` as declared in the policy file (catalog entries the
/// policy does not name are left out).
fn declared_services(policy: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for c in policy["categories"].as_array().unwrap() {
        let cat = c["id"].as_str().unwrap().to_string();
        for s in c["services"].as_array().into_iter().flatten() {
            let id = s.as_str().or_else(|| s["id"].as_str()).unwrap();
            out.insert((id.to_string(), cat.clone()));
        }
    }
    out
}

/// The JSON inside `<script type="application/json" id="consentry-config">`.
fn inline_config(html: &str) -> Value {
    let open = r#"<script type="application/json" id="consentry-config">"#;
    let start = html.find(open).expect("a consentry-config element") + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).expect("inline config is JSON")
}

/// Every absolute https URL in a `src` attribute, entities decoded.
fn third_party_urls(html: &str) -> Vec<String> {
    html.split("src=\"https://")
        .skip(1)
        .map(|rest| format!("https://{}", &rest[..rest.find('"').unwrap()]).replace("&amp;", "&"))
        .collect()
}

#[test]
fn every_seed_policy_validates_and_matches_its_readme_and_page() {
    for dir in sites() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let text = read(&dir.join("policy.json"));
        let policy =
            Policy::from_json(&text).unwrap_or_else(|e| panic!("{name}: invalid policy: {e}"));
        let ui = Settings::from_policy(&policy);
        assert!(
            ui.problems.is_empty(),
            "{name}: ui problems {:?}",
            ui.problems
        );

        let readme = read(&dir.join("README.md"));
        let cats: Vec<String> = policy.categories().iter().map(|c| c.id.clone()).collect();
        assert_eq!(cats, readme_categories(&readme), "{name}: categories");

        let json: Value = serde_json::from_str(&text).unwrap();
        let declared = declared_services(&json);
        assert_eq!(declared, readme_services(&readme), "{name}: services");
        for (id, cat) in &declared {
            let (_, s) = policy.service(id).unwrap();
            assert_eq!(&policy.categories()[s.category].id, cat, "{name}: {id}");
        }

        let html = read(&dir.join("index.html"));
        assert_eq!(inline_config(&html), json, "{name}: inline config differs");
        let head = &html[..html.find("</head>").unwrap()];
        let config_at = head.find("id=\"consentry-config\"").unwrap();
        let drop_in_at = head.find(r#"<script src="/consentry.js"></script>"#);
        let first_third_party = head.find("src=\"https://");
        assert!(
            drop_in_at.is_some_and(|d| config_at < d && first_third_party.is_none_or(|t| d < t)),
            "{name}: the config, then the drop-in, before any third party"
        );
        let urls = third_party_urls(&html);
        assert!(!urls.is_empty(), "{name}: the page loads no third party");
        for url in urls {
            let UrlOwner::Service(i) = policy.service_for_url(&url) else {
                panic!("{name}: {url} belongs to no service of the policy");
            };
            let s = &policy.services()[i];
            assert!(
                declared.iter().any(|(id, _)| *id == s.id),
                "{name}: {url} is {} which the policy does not declare",
                s.id
            );
        }
    }
}
