//! Consent receipts (core's `receipt`): the proof of a choice, built here
//! where the choice is made and posted by the outbox in `pkg/src/records.js`.
//! The hashes are taken in the wasm, over the same canonical bytes as on the
//! server, so a receipt can be checked against the policy it names.

use crate::decision::Engine;
use consentry_core::receipt::{is_iab_string, texts_hash, Action, Context, Page, Receipt, Surface};
use consentry_core::ui::Ui;
use consentry_core::Stored;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Engine {
    /// Where receipts are posted (the policy's `records.url`); `undefined`
    /// when the site does not record choices.
    #[wasm_bindgen(getter, js_name = recordsUrl)]
    pub fn records_url(&self) -> Option<String> {
        self.decider().policy().records_url().map(String::from)
    }

    /// The stored choice's consent id (32 hex digits), `undefined` without a
    /// valid choice: what the dialog shows the visitor.
    #[wasm_bindgen(getter, js_name = consentId)]
    pub fn consent_id(&self) -> Option<String> {
        match self.decider().stored() {
            Stored::Valid(c) => Some(c.id.to_string()),
            _ => None,
        }
    }

    /// The receipt of the stored choice as canonical JSON (format v1):
    /// choice number `seq` for its consent id, made at `now_ms` on
    /// `surface` (`banner`, `dialog`, `placeholder`, `api`) by `action`
    /// (`accept-all`, `reject-all`, `custom`, `withdraw`, `gpc`) on the
    /// page `url` (query and fragment dropped), in the language the UI
    /// chooses from `page_lang` and `visitor` (as `ui()` does).
    /// `record`: the consent cookie's value as the choice wrote it (a
    /// receipt made later, once the dialog data has loaded, is of that
    /// choice, not of the one stored by then); without it, the stored choice.
    /// `undefined` without a valid choice, for an unknown surface or action,
    /// or a page that is not http(s): nothing is recorded then; also until
    /// `loadDialogData` has completed the policy (see `dialogDataNeeded`).
    /// `tc` and `gpp`: the IAB strings the IAB module made of that choice
    /// (policies with `iab`); anything that is not one is left out.
    #[allow(clippy::too_many_arguments)]
    pub fn receipt(
        &self,
        seq: u32,
        now_ms: f64,
        surface: &str,
        action: &str,
        url: &str,
        page_lang: Option<String>,
        visitor: Vec<String>,
        record: Option<String>,
        tc: Option<String>,
        gpp: Option<String>,
    ) -> Option<String> {
        // The policy's hash covers the catalog's dialog fields: without them
        // it would not match the server's (ui.js loads them first).
        if self.dialog_data_needed() {
            return None;
        }
        let d = self.decider();
        let policy = d.policy();
        let client_time = if now_ms.is_finite() && now_ms > 0.0 {
            now_ms as u64
        } else {
            0
        };
        let snapshot =
            record.map(|v| Stored::read(Some(&v), policy, crate::decision::secs(now_ms)));
        let Stored::Valid(consent) = snapshot.as_ref().unwrap_or(d.stored()) else {
            return None;
        };
        let ui = Ui::new(
            policy,
            page_lang.as_deref(),
            visitor.iter().map(String::as_str),
        );
        let language = String::from(ui.strings.lang());
        let cx = Context {
            seq: seq.max(1),
            client_time,
            policy_hash: policy.canonical_hash(),
            texts_hash: texts_hash(policy, &language),
            language,
            surface: Surface::parse(surface)?,
            action: Action::parse(action)?,
            page: Page::from_url(url)?,
        };
        let iab = |s: Option<String>| s.filter(|s| is_iab_string(s));
        Some(
            Receipt {
                tc_string: iab(tc),
                gpp_string: iab(gpp),
                ..Receipt::new(consent, policy, cx)
            }
            .to_json(),
        )
    }
}
