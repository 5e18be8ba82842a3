//! Receipts of the choices made with JavaScript off (the banner's form
//! posts): the server builds what the browser would have sent.

use crate::choice::{ChoiceForm, Post};
use crate::error::Error;
use crate::records::RecordStore;
use consentry_core::receipt::{texts_hash, Action, Context, Page, Receipt, Surface};
use consentry_core::ui::Ui;

/// Appends the receipt of `consent`, chosen through `form`, as the next
/// `seq` of its consent id.
pub(crate) async fn append(
    store: &dyn RecordStore,
    post: &Post,
    form: &ChoiceForm,
    consent: &consentry_core::Consent,
    action: &str,
    iab: &crate::iab_choice::IabChoice,
) -> Result<(), Error> {
    let policy = post.consent.policy();
    let h = |n: &str| post.headers.get(n).and_then(|v| v.to_str().ok());
    let visitor = h("accept-language")
        .map(crate::page::languages)
        .unwrap_or_default();
    let ui = Ui::new(policy, None, visitor.iter().map(String::as_str));
    let lang = ui.strings.lang().to_string();
    let origin = match h("origin") {
        Some(o) if o != "null" => o.to_string(),
        _ => {
            let scheme = if crate::choice::is_https(&post.headers) {
                "https"
            } else {
                "http"
            };
            format!("{scheme}://{}", h("host").unwrap_or("localhost"))
        }
    };
    let back = crate::choice::safe_back(&form.back);
    let page = Page::from_url(&format!("{origin}{back}"))
        .ok_or_else(|| Error::Store(format!("no page for origin {origin}")))?;
    let seq = store
        .rows_by_consent(consent.id)
        .await?
        .iter()
        .map(|r| r.seq)
        .max()
        .unwrap_or(0)
        + 1;
    let cx = Context {
        seq,
        client_time: post.now.saturating_mul(1000),
        policy_hash: policy.canonical_hash(),
        texts_hash: texts_hash(policy, &lang),
        language: lang,
        surface: if form.surface == "dialog" {
            Surface::Dialog
        } else {
            Surface::Banner
        },
        action: Action::parse(action).unwrap_or(Action::Custom),
        page,
    };
    let receipt = Receipt {
        tc_string: iab.tc.clone(),
        gpp_string: iab.gpp.clone(),
        ..Receipt::new(consent, policy, cx)
    };
    store.append(receipt).await?;
    Ok(())
}
