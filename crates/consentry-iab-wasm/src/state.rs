//! The IAB state of one page: the policy, the site's GVL, and what the CMP
//! APIs answer for the visitor.

use crate::Error;
use consentry_core::{Decider, Policy, Regime, Region, Signals, Stored};
use consentry_iab::{decode_to_json, strings_for, tc_cookie, Gvl, IabError};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

/// GPP section id of `tcfeuv2`.
const TCFEUV2: u64 = 2;

/// The IAB strings of one page.
#[wasm_bindgen]
pub struct IabEngine {
    policy: Policy,
    gvl: Option<Gvl>,
}

#[wasm_bindgen]
impl IabEngine {
    /// The module for the site's policy (JSON text, as in the page's
    /// `consentry-config`). Throws when it is invalid or has no `iab` section.
    #[wasm_bindgen(constructor)]
    pub fn new(policy: &str) -> Result<IabEngine, JsValue> {
        Ok(IabEngine::from_json(policy)?)
    }

    /// The CMP id (`iab.cmpId`).
    #[wasm_bindgen(getter, js_name = cmpId)]
    pub fn cmp_id(&self) -> u16 {
        self.cfg().cmp_id
    }

    /// The CMP version (`iab.cmpVersion`).
    #[wasm_bindgen(getter, js_name = cmpVersion)]
    pub fn cmp_version(&self) -> u16 {
        self.cfg().cmp_version
    }

    /// Where the site's GVL is (`iab.gvlUrl`), if it said.
    #[wasm_bindgen(getter, js_name = gvlUrl)]
    pub fn gvl_url(&self) -> Option<String> {
        self.cfg().gvl_url.clone()
    }

    /// Takes the site's GVL JSON text (fetched from `gvlUrl`): from now on
    /// the state has a TC string. Throws when it is no GVL.
    #[wasm_bindgen(js_name = setGvl)]
    pub fn set_gvl(&mut self, text: &str) -> Result<(), JsValue> {
        Ok(self.load_gvl(text)?)
    }

    /// What the APIs answer now, as JSON text: `{gdprApplies, supportedAPIs,
    /// tcString, tc, gppString, gpp, applicableSections, displayStatus}` (`tc` and `gpp`
    /// as `decode_to_json` prints the strings), from the whole
    /// `document.cookie`, the signals, the region and the time (ms).
    pub fn state(
        &self,
        cookies: &str,
        gpc: bool,
        dnt: bool,
        region: Option<String>,
        now_ms: f64,
    ) -> Result<String, JsValue> {
        Ok(self
            .state_json(cookies, gpc, dnt, region.as_deref(), now_ms)?
            .to_string())
    }

    /// The `euconsent-v2` assignment that brings the cookie in line with the
    /// visitor's consent (`iab.tcCookie`), or `undefined` when nothing needs
    /// writing. Same arguments as [`IabEngine::state`], plus whether the
    /// page is https.
    pub fn cookie(
        &self,
        cookies: &str,
        gpc: bool,
        dnt: bool,
        region: Option<String>,
        now_ms: f64,
        secure: bool,
    ) -> Result<Option<String>, JsValue> {
        Ok(self.cookie_for(cookies, gpc, dnt, region.as_deref(), now_ms, secure)?)
    }

    /// `[tcString, gppString]` (each `""` when there is none) of one stored
    /// choice: `record` is the consent cookie's value as it was written, the
    /// signals and time those of the moment it was made. For its receipt.
    pub fn strings(
        &self,
        record: &str,
        gpc: bool,
        dnt: bool,
        region: Option<String>,
        now_ms: f64,
    ) -> Result<Vec<String>, JsValue> {
        let [tc, gpp] = self.strings_of_record(record, gpc, dnt, region.as_deref(), now_ms)?;
        Ok(vec![tc.unwrap_or_default(), gpp.unwrap_or_default()])
    }
}

/// Where the visitor's consent is read from.
enum Cookie<'a> {
    /// The whole `document.cookie` (or `Cookie` header).
    Header(&'a str),
    /// The consent cookie's value alone (a recorded choice).
    Value(&'a str),
}

impl IabEngine {
    /// The visitor's decider, signals (region as the engine read it) and
    /// the time in Unix seconds.
    fn visitor(
        &self,
        cookie: Cookie<'_>,
        gpc: bool,
        dnt: bool,
        region: Option<&str>,
        now_ms: f64,
    ) -> (Decider<'_>, Signals, u64) {
        let now = secs(now_ms);
        let signals = Signals {
            gpc,
            dnt,
            region: region.and_then(Region::parse),
        };
        let stored = match cookie {
            Cookie::Header(h) => Stored::from_cookie_header(h, &self.policy, now),
            Cookie::Value(v) => Stored::read(Some(v), &self.policy, now),
        };
        (Decider::new(&self.policy, stored, &signals), signals, now)
    }
}

impl IabEngine {
    /// [`IabEngine::new`] for Rust callers.
    pub fn from_json(policy: &str) -> Result<IabEngine, Error> {
        let policy = Policy::from_json(policy)?;
        if policy.iab().is_none() {
            return Err(IabError::Mapping("the policy has no `iab` section".into()).into());
        }
        Ok(IabEngine { policy, gvl: None })
    }

    /// [`IabEngine::set_gvl`] for Rust callers.
    pub fn load_gvl(&mut self, text: &str) -> Result<(), Error> {
        self.gvl = Some(Gvl::from_json(text)?);
        Ok(())
    }

    fn cfg(&self) -> &consentry_core::iab::IabConfig {
        // Checked in `from_json`.
        self.policy.iab().expect("iab section")
    }

    /// [`IabEngine::state`] as a JSON value.
    pub fn state_json(
        &self,
        cookies: &str,
        gpc: bool,
        dnt: bool,
        region: Option<&str>,
        now_ms: f64,
    ) -> Result<Value, Error> {
        let cookie = Cookie::Header(cookies);
        let (decider, signals, now) = self.visitor(cookie, gpc, dnt, region, now_ms);
        let strings = strings_for(&decider, &signals, self.gvl.as_ref(), now)?;
        let tc_string = strings.tc_string()?;
        let gpp_string = strings.gpp_string()?;
        // The answers carry the strings' own decoding, so what an ad script
        // reads field by field is exactly what the string says.
        let decoded = |s: &Option<String>| -> Result<Value, Error> {
            Ok(match s {
                Some(s) => decode_to_json(s)?,
                None => Value::Null,
            })
        };
        // GDPR applies where the visitor's regime is opt-in (the EU/EEA/UK
        // style regions of the policy); elsewhere the US sections written.
        let gdpr = decider.regime() == Regime::OptIn;
        let ids = strings.gpp.section_ids();
        let applicable: Vec<i64> = if gdpr {
            ids.iter()
                .filter(|&&i| i == TCFEUV2)
                .map(|&i| i as i64)
                .collect()
        } else {
            ids.iter()
                .filter(|&&i| i != TCFEUV2)
                .map(|&i| i as i64)
                .collect()
        };
        let applicable = if applicable.is_empty() {
            vec![-1]
        } else {
            applicable
        };
        let supported: Vec<String> = strings
            .gpp
            .sections
            .iter()
            .map(|s| format!("{}:{}", s.id(), s.name()))
            .collect();
        Ok(json!({
            "gdprApplies": gdpr,
            "supportedAPIs": supported,
            "tcString": tc_string,
            "tc": decoded(&tc_string)?,
            "gppString": gpp_string,
            "gpp": decoded(&gpp_string)?,
            "applicableSections": applicable,
            "displayStatus": if decider.banner_needed() { "visible" } else { "hidden" },
        }))
    }
}

impl IabEngine {
    /// [`IabEngine::cookie`] for Rust callers.
    pub fn cookie_for(
        &self,
        cookies: &str,
        gpc: bool,
        dnt: bool,
        region: Option<&str>,
        now_ms: f64,
        secure: bool,
    ) -> Result<Option<String>, Error> {
        if !self.cfg().tc_cookie {
            return Ok(None);
        }
        let cookie = Cookie::Header(cookies);
        let (decider, signals, now) = self.visitor(cookie, gpc, dnt, region, now_ms);
        let tc = strings_for(&decider, &signals, self.gvl.as_ref(), now)?.tc_string()?;
        Ok(tc_cookie(&decider, tc.as_deref(), cookies, now, secure))
    }

    /// [`IabEngine::strings`] for Rust callers: `[tc, gpp]`.
    pub fn strings_of_record(
        &self,
        record: &str,
        gpc: bool,
        dnt: bool,
        region: Option<&str>,
        now_ms: f64,
    ) -> Result<[Option<String>; 2], Error> {
        let cookie = Cookie::Value(record);
        let (decider, signals, now) = self.visitor(cookie, gpc, dnt, region, now_ms);
        let strings = strings_for(&decider, &signals, self.gvl.as_ref(), now)?;
        Ok([strings.tc_string()?, strings.gpp_string()?])
    }
}

/// JS time (ms, possibly fractional or absurd) to Unix seconds, never panicking.
fn secs(now_ms: f64) -> u64 {
    if now_ms.is_finite() && now_ms > 0.0 {
        (now_ms / 1000.0) as u64
    } else {
        0
    }
}
