//! The receipt's canonical JSON: fields in the format's order, no spaces,
//! server fields only when set. The same receipt always gives the same bytes,
//! which the server's hash chain and its replay check rely on.

use super::{Choices, Receipt, VERSION};
use std::fmt::Write as _;
use std::string::String;

/// `s` as a JSON string: `"` and `\` escaped, control characters as `\u00XX`.
fn string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn list(out: &mut String, items: &[String]) {
    out.push('[');
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        string(out, s);
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

impl Receipt {
    /// The canonical JSON text.
    pub fn to_json(&self) -> String {
        let mut o = String::with_capacity(512);
        let _ = write!(
            o,
            "{{\"version\":{VERSION},\"consentId\":\"{}\",\"seq\":{},\"clientTime\":{}",
            self.consent_id, self.seq, self.client_time
        );
        if let Some(t) = self.received_at {
            let _ = write!(o, ",\"receivedAt\":{t}");
        }
        let _ = write!(
            o,
            ",\"policyRevision\":{},\"policyHash\":\"{}\",\"language\":",
            self.policy_revision, self.policy_hash
        );
        string(&mut o, &self.language);
        let _ = write!(
            o,
            ",\"textsHash\":\"{}\",\"surface\":\"{}\",\"action\":\"{}\",\"categories\":",
            self.texts_hash, self.surface, self.action
        );
        choices(&mut o, &self.categories);
        o.push_str(",\"services\":");
        choices(&mut o, &self.services);
        let _ = write!(o, ",\"regime\":\"{}\",\"region\":", self.regime.as_str());
        match &self.region {
            Some(r) => string(&mut o, r.as_str()),
            None => o.push_str("null"),
        }
        let _ = write!(
            o,
            ",\"gpc\":{},\"dnt\":{},\"page\":{{\"origin\":",
            self.gpc, self.dnt
        );
        string(&mut o, &self.page.origin);
        o.push_str(",\"path\":");
        string(&mut o, &self.page.path);
        o.push('}');
        if let Some(ip) = &self.ip_prefix {
            o.push_str(",\"ipPrefix\":");
            string(&mut o, ip);
        }
        if let Some(ua) = &self.user_agent {
            o.push_str(",\"userAgent\":");
            string(&mut o, ua);
        }
        o.push('}');
        o
    }
}
