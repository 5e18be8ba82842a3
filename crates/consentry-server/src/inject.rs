//! What the rewriter injects into a page: the Google Consent Mode v2 default
//! (the current state, so tags read it before they load) and the facts the
//! client cannot see (`<script type="application/json" id="consentry-server">`).

use crate::decision::Consent;
use http::header::HeaderMap;

/// The `id` of the injected JSON facts element.
pub const FACTS_ID: &str = "consentry-server";

/// The markup injected into a page for this visitor: the GCM default script
/// (when the policy enables Consent Mode; with `nonce` if given) followed by
/// the facts element. Plain ASCII.
pub fn snippet(consent: &Consent, nonce: Option<&str>) -> String {
    let mut s = String::with_capacity(512);
    let gcm = consent.policy().google_consent_mode();
    if gcm.enabled {
        s.push_str("<script");
        if let Some(n) = nonce {
            s.push_str(" nonce=\"");
            s.push_str(n);
            s.push('"');
        }
        s.push_str(">window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag('consent','default',{");
        let state = consent.gcm().to_json();
        s.push_str(&state[1..state.len() - 1]);
        s.push_str(",\"wait_for_update\":");
        s.push_str(&gcm.wait_for_update.to_string());
        s.push_str("});</script>");
    }
    s.push_str("<script type=\"application/json\" id=\"");
    s.push_str(FACTS_ID);
    s.push_str("\">");
    s.push_str(&facts_json(consent));
    s.push_str("</script>");
    s
}

/// `{"region":"US-CA"|null,"regime":"opt-out","gpc":true,"banner":true}`,
/// safe inside `<script>` (`<`, `>`, `&` and non-ASCII escaped).
pub fn facts_json(consent: &Consent) -> String {
    let region = consent.region().map(|r| r.as_str());
    let mut s = String::with_capacity(80);
    s.push_str("{\"region\":");
    match region {
        Some(r) => json_string(&mut s, r),
        None => s.push_str("null"),
    }
    s.push_str(",\"regime\":");
    json_string(&mut s, consent.regime().as_str());
    s.push_str(",\"gpc\":");
    s.push_str(bool_str(consent.signals().gpc));
    s.push_str(",\"banner\":");
    s.push_str(bool_str(consent.banner_needed()));
    s.push('}');
    s
}

fn bool_str(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

/// Appends `v` as a JSON string that is also safe in HTML script data.
pub(crate) fn json_string(out: &mut String, v: &str) {
    out.push('"');
    for c in v.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            c => {
                let mut buf = [0u16; 2];
                for u in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{u:04x}"));
                }
            }
        }
    }
    out.push('"');
}

/// The script nonce of a response's Content Security Policy: from the first
/// policy (`Content-Security-Policy`, else `…-Report-Only`) whose governing
/// directive for scripts (`script-src-elem`, else `script-src`, else
/// `default-src`) lists a `'nonce-…'` source with a well-formed value.
pub fn csp_nonce(headers: &HeaderMap) -> Option<String> {
    let enforced = headers.get_all("content-security-policy");
    let report = headers.get_all("content-security-policy-report-only");
    enforced
        .iter()
        .chain(report.iter())
        .filter_map(|v| v.to_str().ok())
        .find_map(nonce_in_policy)
}

fn nonce_in_policy(policy: &str) -> Option<String> {
    let directives: Vec<(&str, &str)> = policy
        .split(';')
        .filter_map(|d| {
            let d = d.trim();
            let (name, rest) = d.split_once(char::is_whitespace).unwrap_or((d, ""));
            (!name.is_empty()).then_some((name, rest))
        })
        .collect();
    let governing = ["script-src-elem", "script-src", "default-src"]
        .iter()
        .find_map(|want| {
            directives
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(want))
        })?;
    governing.1.split_ascii_whitespace().find_map(|src| {
        let v = src.strip_prefix("'nonce-")?.strip_suffix('\'')?;
        let ok = !v.is_empty()
            && v.len() <= 256
            && v.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+/=-_".contains(&b));
        ok.then(|| v.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces() {
        let n = |p: &str| nonce_in_policy(p);
        assert_eq!(
            n("script-src 'self' 'nonce-abc+/='").as_deref(),
            Some("abc+/=")
        );
        assert_eq!(n("default-src 'nonce-d'; img-src *").as_deref(), Some("d"));
        // script-src governs: no nonce there means none, whatever default-src says.
        assert_eq!(n("default-src 'nonce-d'; script-src 'self'"), None);
        assert_eq!(
            n("script-src-elem 'nonce-e'; script-src 'nonce-s'").as_deref(),
            Some("e")
        );
        assert_eq!(n("script-src 'nonce-\"><x'"), None);
        assert_eq!(n(""), None);
    }

    #[test]
    fn json_is_html_safe() {
        let mut s = String::new();
        json_string(&mut s, "</script><!--&\"é\n");
        assert_eq!(s, r#""\u003c/script\u003e\u003c!--\u0026\"\u00e9\u000a""#);
    }
}
