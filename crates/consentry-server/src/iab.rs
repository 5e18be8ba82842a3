//! The IAB TC and GPP strings for a request (feature `iab`), for example to
//! pass to a server-side ad request.

use crate::Consent;
use consentry_iab::{Gvl, IabError, IabStrings};

impl Consent {
    /// The TC and GPP strings the policy's `iab` mapping gives this request's
    /// visitor. `gvl` is the site's Global Vendor List (no TC string without
    /// it); `now` (Unix seconds) dates the strings when no consent is stored.
    /// An error when the policy has no `iab` section or a value does not fit.
    pub fn iab_strings(&self, gvl: Option<&Gvl>, now: u64) -> Result<IabStrings, IabError> {
        consentry_iab::strings_for(self.decider(), self.signals(), gvl, now)
    }
}
