//! The receipt's canonical JSON: fields in the format's order, no spaces,
//! server fields only when set. The same receipt always gives the same bytes,
//! which the server's hash chain and its replay check rely on.

use super::{Choices, Receipt, VERSION};
use crate::text::{push_hex, push_json_str, push_num};
use std::string::String;

fn list(out: &mut String, items: &[String]) {
    out.push('[');
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json_str(out, s);
    }
    out.push(']');
}

fn choices(out: &mut String, c: &Choices) {
    out.push_str("{\"granted\":");
    list(out, &c.granted);
    out.push_str(",\"refused\":");
    list(out, &c.refused);
    out.push('}');
}

/// `,"name":` (the first field has no comma: it is written by hand).
fn key(out: &mut String, name: &str) {
    out.push_str(",\"");
    out.push_str(name);
    out.push_str("\":");
}

fn quoted_hex(out: &mut String, name: &str, bytes: &[u8]) {
    key(out, name);
    out.push('"');
    push_hex(out, bytes);
    out.push('"');
}

fn bool(out: &mut String, name: &str, v: bool) {
    key(out, name);
    out.push_str(if v { "true" } else { "false" });
}

impl Receipt {
    /// The canonical JSON text. Written without `core::fmt`, which would
    /// cost the wasm engine kilobytes.
    pub fn to_json(&self) -> String {
        let mut o = String::with_capacity(512);
        o.push_str("{\"version\":");
        push_num(&mut o, VERSION.into());
        quoted_hex(&mut o, "consentId", &self.consent_id.0);
        key(&mut o, "seq");
        push_num(&mut o, self.seq.into());
        key(&mut o, "clientTime");
        push_num(&mut o, self.client_time);
        if let Some(t) = self.received_at {
            key(&mut o, "receivedAt");
            push_num(&mut o, t);
        }
        key(&mut o, "policyRevision");
        push_num(&mut o, self.policy_revision.into());
        quoted_hex(&mut o, "policyHash", &self.policy_hash.0);
        key(&mut o, "language");
        push_json_str(&mut o, &self.language);
        quoted_hex(&mut o, "textsHash", &self.texts_hash.0);
        key(&mut o, "surface");
        push_json_str(&mut o, self.surface.as_str());
        key(&mut o, "action");
        push_json_str(&mut o, self.action.as_str());
        key(&mut o, "categories");
        choices(&mut o, &self.categories);
        key(&mut o, "services");
        choices(&mut o, &self.services);
        key(&mut o, "regime");
        push_json_str(&mut o, self.regime.as_str());
        key(&mut o, "region");
        match &self.region {
            Some(r) => push_json_str(&mut o, r.as_str()),
            None => o.push_str("null"),
        }
        bool(&mut o, "gpc", self.gpc);
        bool(&mut o, "dnt", self.dnt);
        key(&mut o, "page");
        o.push_str("{\"origin\":");
        push_json_str(&mut o, &self.page.origin);
        o.push_str(",\"path\":");
        push_json_str(&mut o, &self.page.path);
        o.push('}');
        for (name, s) in [
            ("tcString", &self.tc_string),
            ("gppString", &self.gpp_string),
        ] {
            if let Some(s) = s {
                key(&mut o, name);
                push_json_str(&mut o, s);
            }
        }
        if let Some(ip) = &self.ip_prefix {
            key(&mut o, "ipPrefix");
            push_json_str(&mut o, ip);
        }
        if let Some(ua) = &self.user_agent {
            key(&mut o, "userAgent");
            push_json_str(&mut o, ua);
        }
        o.push('}');
        o
    }
}
