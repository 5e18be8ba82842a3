//! The IAB side of a choice posted with JavaScript off: the `euconsent-v2`
//! cookie (policies with `iab.tcCookie`) and the strings for its receipt,
//! as the browser's IAB module would have made them.

use crate::Consent;

/// What a choice gives ad tech.
#[derive(Debug, Default)]
// The strings are read by the receipts (feature `records`).
#[cfg_attr(not(feature = "records"), allow(dead_code))]
pub(crate) struct IabChoice {
    /// The `euconsent-v2` `Set-Cookie`, when the cookie must change.
    pub cookie: Option<String>,
    /// The TC string (feature `iab`, with the site's vendor list).
    pub tc: Option<String>,
    /// The GPP string (feature `iab`).
    pub gpp: Option<String>,
}

/// For the visitor's consent `after` the choice (its cookie text is the
/// request's). `gvl`: the site's vendor list, if the layer was given one.
pub(crate) fn after_choice(
    after: &Consent,
    #[cfg(feature = "iab")] gvl: Option<&consentry_iab::Gvl>,
    now: u64,
    secure: bool,
) -> IabChoice {
    if after.policy().iab().is_none() {
        return IabChoice::default();
    }
    #[cfg(feature = "iab")]
    {
        let made = consentry_iab::strings_for(after.decider(), after.signals(), gvl, now)
            .and_then(|s| Ok((s.tc_string()?, s.gpp_string()?)));
        if let Ok((tc, gpp)) = made {
            let cookie = consentry_iab::tc_cookie(
                after.decider(),
                tc.as_deref(),
                after.cookie_text(),
                now,
                secure,
            );
            return IabChoice { cookie, tc, gpp };
        }
    }
    // No strings (feature off, or a value that does not fit): a cookie left
    // in place would still speak for the previous choice; the core's rule
    // deletes it when there is no TC string.
    let cookie =
        consentry_core::iab::tc_cookie(after.decider(), None, after.cookie_text(), now, secure);
    IabChoice {
        cookie,
        ..IabChoice::default()
    }
}
