//! The browser engine: one policy, the visitor's state, and every decision.

use crate::error::Error;
use consentry_core::request::CookieHeader;
use consentry_core::{record, Decider, Json, Policy, Region, Signals, Stored};
use std::sync::Arc;
use wasm_bindgen::prelude::*;

/// The decision engine of one page.
#[wasm_bindgen]
pub struct Engine {
    policy: Arc<Policy>,
    signals: Signals,
    /// Set when the site's config was invalid: region is ignored so the
    /// fallback never relaxes to an opt-out regime.
    strict: bool,
    /// Whether the policy has the dialog's details: compiled with them (built
    /// in, or installed before), or completed by `loadDialogData`.
    pub(crate) completed: bool,
    decider: Decider<'static>,
}

#[wasm_bindgen]
impl Engine {
    /// An engine for the site's policy object (`undefined` → the safe default).
    /// Throws an `Error` listing every problem of an invalid policy.
    #[wasm_bindgen(constructor)]
    pub fn new(policy: JsValue) -> Result<Engine, JsValue> {
        Ok(Engine::with_policy(crate::policy::from_js(&policy)?, false))
    }

    /// The engine to use when the site's config is invalid: the default policy
    /// (full catalog), opt-in whatever the region — it never fails open.
    pub fn fallback() -> Engine {
        Engine::with_policy(Policy::default(), true)
    }

    /// Takes in what the page knows: the whole `document.cookie` string, the
    /// signals, the region (if the server said), and the time (ms since epoch).
    pub fn observe(
        &mut self,
        cookies: &str,
        gpc: bool,
        dnt: bool,
        region: Option<String>,
        now_ms: f64,
    ) {
        self.set_signals(gpc, dnt, region);
        let stored = Stored::from_cookie_header(cookies, &self.policy, secs(now_ms));
        self.decide_from(stored);
    }

    /// Like `observe`, for a server request read by `readRequest`: its joined
    /// `Cookie` headers, `None` when they were oversized (an invalid record).
    #[wasm_bindgen(js_name = observeRequest)]
    pub fn observe_request(
        &mut self,
        cookies: Option<String>,
        gpc: bool,
        dnt: bool,
        region: Option<String>,
        now_ms: f64,
    ) {
        self.set_signals(gpc, dnt, region);
        let header = match cookies {
            Some(c) => CookieHeader::Text(c.into()),
            None => CookieHeader::Oversized,
        };
        let stored = header.stored(&self.policy, secs(now_ms));
        self.decide_from(stored);
    }

    /// Like `observe`, from the consent cookie's value alone.
    #[wasm_bindgen(js_name = observeValue)]
    pub fn observe_value(
        &mut self,
        value: Option<String>,
        gpc: bool,
        dnt: bool,
        region: Option<String>,
        now_ms: f64,
    ) {
        self.set_signals(gpc, dnt, region);
        let stored = Stored::read(value.as_deref(), &self.policy, secs(now_ms));
        self.decide_from(stored);
    }

    /// `allow:<reason>` or `block:<reason>` for a category id, service id or URL.
    pub fn decide(&self, what: &str) -> String {
        self.decider.decide(what).to_string()
    }

    /// Whether a category id, service id or URL may run now; `base`, the
    /// document's base URL, reads a relative URL as the browser would.
    pub fn allows(&self, what: &str, base: Option<String>) -> bool {
        self.decider
            .decide_at(what, base.as_deref().unwrap_or(""))
            .is_allowed()
    }

    /// The whole consent state in one call: `1` or `0` for each category, then
    /// each service, in the order of [`Engine::categories`] and
    /// [`Engine::services`] (asking [`Engine::allows`] per id crossed the
    /// boundary ~400 times and looked each id up).
    pub fn allowed(&self) -> String {
        let p = self.decider.policy();
        let mut out = String::new();
        for i in 0..p.categories().len() {
            out.push(if self.decider.category_at(i).is_allowed() {
                '1'
            } else {
                '0'
            });
        }
        for i in 0..p.services().len() {
            out.push(if self.decider.service_at(i).is_allowed() {
                '1'
            } else {
                '0'
            });
        }
        out
    }

    /// Whether the banner (or notice) must be shown.
    #[wasm_bindgen(getter, js_name = bannerNeeded)]
    pub fn banner_needed(&self) -> bool {
        self.decider.banner_needed()
    }

    /// `opt-in`, `opt-out` or `notice-only`.
    #[wasm_bindgen(getter)]
    pub fn regime(&self) -> String {
        self.decider.regime().as_str().into()
    }

    /// What the consent cookie held: `none`, `valid`, `expired`, `revision-changed`, `invalid`.
    #[wasm_bindgen(getter)]
    pub fn stored(&self) -> String {
        self.decider.stored().status().into()
    }

    /// The Google Consent Mode v2 state as a JSON object literal.
    pub fn gcm(&self) -> String {
        self.decider.gcm().to_json()
    }

    /// Whether Google Consent Mode is enabled, and its `wait_for_update` (ms).
    #[wasm_bindgen(js_name = gcmWaitForUpdate)]
    pub fn gcm_wait_for_update(&self) -> Option<u32> {
        let c = self.policy.google_consent_mode();
        c.enabled.then_some(c.wait_for_update)
    }

    /// Records a choice (`accept-all`, `reject-all`, `custom` with the granted
    /// categories and a `{service: bool}` object), decides anew, and returns
    /// the `document.cookie` assignment that stores it. `id`: 16 random bytes.
    pub fn choose(
        &mut self,
        kind: &str,
        categories: Vec<String>,
        services: JsValue,
        id: &[u8],
        now_ms: f64,
        secure: bool,
    ) -> Result<String, JsValue> {
        let services = services_of(&services)?;
        self.record(kind, &categories, &services, id, now_ms, secure)
    }

    /// [`Engine::choose`] with the services already read.
    pub(crate) fn record(
        &mut self,
        kind: &str,
        categories: &[String],
        services: &[(String, bool)],
        id: &[u8],
        now_ms: f64,
        secure: bool,
    ) -> Result<String, JsValue> {
        let now = secs(now_ms);
        if id.len() != 16 {
            return Err(Error::ConsentId(id.len()).into());
        }
        // A change keeps the consent id of the choice it changes, so its
        // receipts form one numbered history (`id` is for a first choice).
        let kept = match self.decider.stored() {
            Stored::Valid(c) | Stored::Stale(c, _) => Some(c.id.0),
            _ => None,
        };
        let id = kept.as_ref().map_or(id, |k| &k[..]);
        let consent = crate::consent::choose(
            &self.policy,
            kind,
            categories,
            services,
            id,
            now,
            &self.signals,
        )?;
        let value = record::encode(&consent, &self.policy);
        let cookie = self
            .policy
            .cookie()
            .set_cookie(&value, self.policy.lifetime_secs(), secure);
        self.decide_from(Stored::Valid(consent));
        Ok(cookie)
    }

    /// Of the cookie names present, those to delete now.
    #[wasm_bindgen(js_name = cookiesToClear)]
    pub fn cookies_to_clear(&self, names: Vec<String>) -> Vec<String> {
        self.decider
            .cookies_to_clear(names.iter().map(String::as_str))
            .into_iter()
            .map(String::from)
            .collect()
    }

    /// Of the storage keys present, those to delete now.
    #[wasm_bindgen(js_name = storageToClear)]
    pub fn storage_to_clear(&self, keys: Vec<String>) -> Vec<String> {
        self.decider
            .storage_to_clear(keys.iter().map(String::as_str))
            .into_iter()
            .map(String::from)
            .collect()
    }

    /// Why a category, service or URL is blocked now (`no-consent`, …), or
    /// `undefined` when it may run: the runtime's question for a request.
    #[wasm_bindgen(js_name = blockReason)]
    pub fn block_reason(&self, what: &str) -> Option<String> {
        let d = self.decider.decide(what);
        (!d.is_allowed()).then(|| d.reason().to_string())
    }

    /// Whether a cookie of this name may be written now (the `document.cookie` guard).
    #[wasm_bindgen(js_name = cookieAllowed)]
    pub fn cookie_allowed(&self, name: &str) -> bool {
        self.decider.cookie_allowed(name)
    }

    /// The verdict for an element: `null` when Consentry does not govern it,
    /// else `{allowed, reason, decision, service, tagged, urlAttributes}`.
    pub fn judge(&self, tag: &str, attrs: JsValue) -> JsValue {
        crate::markup::judge(&self.decider, tag, &attrs)
    }

    /// A `<style>`'s text judged by the URLs it loads: `null` when all are
    /// allowed, else `{text, reason, service}`, `text` being the sheet with
    /// the refused URLs made inert.
    #[wasm_bindgen(js_name = holdStyle)]
    pub fn hold_style(&self, css: &str) -> JsValue {
        crate::markup::hold_style(&self.decider, css)
    }

    /// Every category id, in policy order (`mandatory` first).
    pub fn categories(&self) -> Vec<String> {
        self.policy
            .categories()
            .iter()
            .map(|c| c.id.clone())
            .collect()
    }

    /// Every service id, in policy order.
    pub fn services(&self) -> Vec<String> {
        self.policy
            .services()
            .iter()
            .map(|s| s.id.to_string())
            .collect()
    }

    /// `[name, category id]` of a service, for placeholders; `undefined` if unknown.
    #[wasm_bindgen(js_name = serviceInfo)]
    pub fn service_info(&self, id: &str) -> Option<Vec<String>> {
        let (_, s) = self.policy.service(id)?;
        let category = self.policy.categories().get(s.category)?;
        Some(vec![s.name.to_string(), category.id.clone()])
    }

    /// The consent cookie's name.
    #[wasm_bindgen(getter, js_name = cookieName)]
    pub fn cookie_name(&self) -> String {
        self.policy.cookie().name.clone()
    }

    /// The policy as compiled (categories, services with the catalog merged),
    /// for the UI and for inspection.
    #[wasm_bindgen(js_name = policy)]
    pub fn policy_js(&self) -> JsValue {
        crate::to_js::to_js(&*self.policy)
    }
}

impl Engine {
    fn with_policy(policy: Policy, strict: bool) -> Engine {
        let policy = Arc::new(policy);
        let decider = Decider::shared(policy.clone(), Stored::None, &Signals::default());
        Engine {
            policy,
            signals: Signals::default(),
            strict,
            completed: !consentry_core::dialog::needed(),
            decider,
        }
    }

    /// Completes the policy with the installed dialog data, keeping the
    /// visitor's state (texts only: no decision changes).
    pub(crate) fn complete_dialog_data(&mut self) {
        if self.completed {
            return;
        }
        let stored = self.decider.stored().clone();
        // The decider lets go of the policy (for a moment it decides over one
        // without the catalog: the default compiles every catalog service,
        // several ms in the browser), so the engine holds the only reference
        // and completes it in place: copying a policy would cost the wasm
        // more code.
        let bare = Json::Object(vec![("catalog".into(), Json::Bool(false))]);
        let placeholder = Policy::from_value(&bare).unwrap_or_default();
        self.decider = Decider::shared(Arc::new(placeholder), Stored::None, &self.signals);
        if let Some(policy) = Arc::get_mut(&mut self.policy) {
            policy.complete_dialog_data();
            self.completed = true;
        }
        self.decide_from(stored);
    }

    fn set_signals(&mut self, gpc: bool, dnt: bool, region: Option<String>) {
        let region = if self.strict {
            None
        } else {
            region.as_deref().and_then(Region::parse)
        };
        self.signals = Signals { gpc, dnt, region };
    }

    fn decide_from(&mut self, stored: Stored) {
        self.decider = Decider::shared(self.policy.clone(), stored, &self.signals);
    }

    /// The decider behind every answer (for tests and Rust callers).
    pub fn decider(&self) -> &Decider<'static> {
        &self.decider
    }
}

/// The `{service: bool}` object of a custom choice (`undefined`/`null`: none),
/// sorted by id like the map it used to be read into.
fn services_of(v: &JsValue) -> Result<Vec<(String, bool)>, Error> {
    if v.is_undefined() || v.is_null() {
        return Ok(Vec::new());
    }
    let bad = || Error::Config("services must be an object of true/false".into());
    let Some(Json::Object(entries)) = crate::to_js::from_js(v) else {
        return Err(bad());
    };
    let mut out = Vec::with_capacity(entries.len());
    for (id, granted) in entries {
        let Json::Bool(granted) = granted else {
            return Err(bad());
        };
        // Sorted as it goes (keys are unique): smaller in the wasm than a sort.
        let (Ok(at) | Err(at)) = out.binary_search_by(|e: &(String, bool)| e.0.cmp(&id));
        out.insert(at, (id, granted));
    }
    Ok(out)
}

/// JS time (ms, possibly fractional or absurd) to Unix seconds, never panicking.
pub(crate) fn secs(now_ms: f64) -> u64 {
    if now_ms.is_finite() && now_ms > 0.0 {
        (now_ms / 1000.0) as u64
    } else {
        0
    }
}
