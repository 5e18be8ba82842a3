//! The browser build's side (no `dialog-data`): the details are missing
//! until the data `cargo xtask dist` wrote is installed, and then complete.
//! Run by `cargo xtask test` after `dist`, with
//! `CONSENTRY_DIALOG_DATA=pkg/dist/consentry-dialog.json`.

use super::*;
use crate::ui::Ui;
use crate::{Decider, Policy, Signals, Stored};

fn dialog_html(p: &Policy) -> String {
    let d = Decider::new(p, Stored::None, &Signals::default());
    Ui::new(p, Some("de"), [])
        .dialog(&d, &["google-analytics"])
        .to_html()
}

#[test]
#[ignore = "needs the dialog data `cargo xtask dist` writes (CONSENTRY_DIALOG_DATA)"]
fn the_details_are_missing_until_installed_then_complete() {
    let path = std::env::var("CONSENTRY_DIALOG_DATA").expect("CONSENTRY_DIALOG_DATA");
    let text = std::fs::read_to_string(path).expect("the dialog data file");

    assert!(needed());
    let before = Policy::default();
    let ga = &before.service("google-analytics").unwrap().1;
    assert!(ga.provider.is_empty() && ga.privacy_policy_url.is_none());
    assert!(ga.description.is_empty() && ga.lifetimes.iter().all(Option::is_none));
    assert_eq!(texts::builtin("de", Key::Save), None, "not in the build");
    assert_eq!(
        texts::builtin("en", Key::Save),
        Some("Save choices"),
        "English stays"
    );
    assert_eq!(
        texts::builtin("de", Key::AcceptAll),
        Some("Alle akzeptieren")
    );
    let html = dialog_html(&before);
    assert!(html.contains("data-consentry=\"details-unavailable\""));
    assert!(html.contains("Die Details der Dienste konnten nicht geladen werden"));

    // Refused data installs nothing.
    assert!(install("{}").is_err());
    assert!(install(&text.replace("\"v\":1", "\"v\":2")).is_err());
    assert!(
        install(&text.replace("https://policies.google.com/", "javascript:alert(1)//")).is_err()
    );
    assert!(needed());

    install(&text).unwrap();
    assert!(!needed());
    assert_eq!(texts::builtin("de", Key::Save), Some("Auswahl speichern"));
    let after = Policy::default();
    let ga = &after.service("google-analytics").unwrap().1;
    assert_eq!(ga.provider, "Google LLC");
    assert!(ga.lifetimes.iter().any(Option::is_some));
    let mut completed = before.clone();
    completed.complete_dialog_data();
    assert_eq!(
        crate::to_json_text(&completed),
        crate::to_json_text(&after),
        "a policy completed later is the one compiled with the data"
    );
    let html = dialog_html(&completed);
    assert!(!html.contains("details-unavailable") && html.contains("Google LLC"));
    assert!(install(&text).is_ok(), "installing again is harmless");
}
