//! The `euconsent-v2` cookie's rule.

use super::{tc_set_cookie, TC_COOKIE};
use crate::cookie::cookie_values;
use crate::Decider;

/// The `Set-Cookie` value (or `document.cookie` assignment) that brings the
/// `euconsent-v2` cookie in line with the visitor's consent, or `None` when
/// nothing needs writing.
///
/// - `tc`: the visitor's TC string, when there is one (a GVL was supplied).
/// - `cookies`: the request's `Cookie` header or `document.cookie`, to see
///   the cookie's current value (an up-to-date cookie is not written again).
///
/// With a stored consent and a TC string the cookie takes the string, with
/// the consent cookie's domain, path and SameSite and the consent's remaining
/// lifetime. Without either it is deleted if present: a string that no
/// longer matches the visitor's consent is worse than none.
// `inline`: generated only in the crates that call it, so the browser
// engine, which never does, is built exactly as without it.
#[inline]
pub fn tc_cookie(
    decider: &Decider<'_>,
    tc: Option<&str>,
    cookies: &str,
    now: u64,
    secure: bool,
) -> Option<String> {
    let policy = decider.policy();
    if !policy.iab().is_some_and(|c| c.tc_cookie) {
        return None;
    }
    let current: Vec<&str> = cookie_values(cookies, TC_COOKIE).collect();
    let consent = decider.stored().valid();
    match (consent, tc) {
        (Some(c), Some(tc)) => {
            let life = c.remaining_secs(policy, now);
            (life > 0 && current != [tc]).then(|| tc_set_cookie(policy, tc, life, secure))
        }
        _ => (!current.is_empty()).then(|| tc_set_cookie(policy, "", 0, secure)),
    }
}
