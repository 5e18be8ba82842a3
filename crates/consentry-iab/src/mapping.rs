//! From Consentry's decision (policy + stored consent + signals) to the IAB
//! strings: the policy says which TCF purposes and special features each
//! category stands for, each service's GVL vendor id, which categories are
//! US "sale", "sharing" and "targeted advertising", and who the CMP is.
//!
//! What the mapping cannot express is listed in the crate documentation.

use consentry_core::{Decider, Decision, Signals, UsUse};

use crate::{GppString, Gvl, IabError, Section, TcString, UsKind, UsSection, UsValue, VendorSet};

/// The strings for one visitor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IabStrings {
    /// The TC string (when the policy has `iab` and a GVL was supplied).
    pub tc: Option<TcString>,
    /// The GPP string's model: `tcfeuv2` when `tc` is set, then the policy's
    /// `iab.gppSections`.
    pub gpp: GppString,
}

impl IabStrings {
    /// The encoded TC string.
    pub fn tc_string(&self) -> Result<Option<String>, IabError> {
        self.tc.as_ref().map(TcString::encode).transpose()
    }

    /// The encoded GPP string, `None` when it would have no section.
    pub fn gpp_string(&self) -> Result<Option<String>, IabError> {
        if self.gpp.sections.is_empty() {
            return Ok(None);
        }
        self.gpp.encode().map(Some)
    }
}

/// TCF consent is affirmative: only what the visitor granted counts (not
/// mandatory, opt-out defaults or notice-only).
fn tcf_consented(d: Decision) -> bool {
    d == Decision::Granted
}

/// Builds the strings for `decider`'s visitor. `gvl` is the site's GVL (its
/// version goes in the TC string; vendors not in it are left out, as
/// @iabtcf/core does); `now` (Unix seconds) dates a string for which no
/// consent is stored.
pub fn strings_for(
    decider: &Decider<'_>,
    signals: &Signals,
    gvl: Option<&Gvl>,
    now: u64,
) -> Result<IabStrings, IabError> {
    let policy = decider.policy();
    let Some(cfg) = policy.iab() else {
        return Err(IabError::Mapping("the policy has no `iab` section".into()));
    };
    let consent = decider.stored().valid();
    let tc = match gvl {
        Some(gvl) => {
            let mut tc = TcString {
                created: consent.map_or(now, |c| c.timestamp) * 10,
                cmp_id: cfg.cmp_id,
                cmp_version: cfg.cmp_version,
                consent_screen: cfg.consent_screen,
                consent_language: cfg.consent_language.clone(),
                vendor_list_version: gvl.vendor_list_version,
                policy_version: gvl.tcf_policy_version,
                // A site's CMP: consent is for this site only (TCF v2.2+).
                is_service_specific: true,
                publisher_country_code: cfg.publisher_country_code.clone(),
                vendors_disclosed: Some(VendorSet::new()),
                ..TcString::default()
            };
            tc.last_updated = tc.created;
            for (i, cat) in policy.categories().iter().enumerate() {
                if tcf_consented(decider.category_at(i)) {
                    tc.purpose_consents.extend(&cat.iab.tcf_purposes);
                    tc.special_feature_optins
                        .extend(&cat.iab.tcf_special_features);
                }
            }
            let disclosed = tc.vendors_disclosed.get_or_insert_with(VendorSet::new);
            for (i, s) in policy.services().iter().enumerate() {
                let Some(id) = s.gvl_id.filter(|id| gvl.vendor_ids.contains(id)) else {
                    continue;
                };
                disclosed.insert(id);
                if tcf_consented(decider.service_at(i)) {
                    tc.vendor_consents.insert(id);
                }
            }
            Some(tc)
        }
        None => None,
    };
    let mut sections: Vec<Section> = tc
        .iter()
        .cloned()
        .map(|t| Section::TcfEuV2(Box::new(t)))
        .collect();
    for name in &cfg.gpp_sections {
        let kind = UsKind::from_name(name)
            .ok_or_else(|| IabError::Mapping(format!("unknown GPP section {name}")))?;
        sections.push(Section::Us(us_section(
            decider,
            signals,
            kind,
            cfg.mspa_covered_transaction,
        )?));
    }
    sections.sort_by_key(Section::id);
    sections.dedup_by_key(|s| s.id());
    Ok(IabStrings {
        tc,
        gpp: GppString { sections },
    })
}

/// 1 = opted out, 2 = did not opt out, 0 = no category stands for the use.
fn opt_out(decider: &Decider<'_>, signals: &Signals, us: UsUse) -> u8 {
    let policy = decider.policy();
    let granted_under_gpc = decider.stored().valid().is_some_and(|c| c.gpc);
    let mut mapped = false;
    let mut out = false;
    for (i, cat) in policy.categories().iter().enumerate() {
        // Without `usUses`, an `optOut` category (GPC refuses it) is all three.
        let stands_for = if cat.iab.us_uses.is_empty() {
            cat.opt_out
        } else {
            cat.iab.us_uses.contains(&us)
        };
        if !stands_for || cat.mandatory {
            continue;
        }
        mapped = true;
        let d = decider.category_at(i);
        // GPC is an opt-out the laws require to honour, unless the visitor
        // granted the category knowing GPC was on.
        if !d.is_allowed() || (signals.gpc && !(granted_under_gpc && d == Decision::Granted)) {
            out = true;
        }
    }
    match (mapped, out) {
        (false, _) => 0,
        (true, true) => 1,
        (true, false) => 2,
    }
}

fn us_section(
    decider: &Decider<'_>,
    signals: &Signals,
    kind: UsKind,
    mspa: bool,
) -> Result<UsSection, IabError> {
    let mut s = UsSection::new(kind);
    let uses = [
        (UsUse::Sale, "SaleOptOut", "SaleOptOutNotice"),
        (UsUse::Sharing, "SharingOptOut", "SharingOptOutNotice"),
        (
            UsUse::TargetedAdvertising,
            "TargetedAdvertisingOptOut",
            "TargetedAdvertisingOptOutNotice",
        ),
    ];
    let mut any = false;
    let set = |s: &mut UsSection, field: &str, v: u8| -> Result<(), IabError> {
        if s.get(field).is_some() {
            s.set(field, UsValue::One(v))?;
        }
        Ok(())
    };
    for (us, field, notice) in uses {
        let v = opt_out(decider, signals, us);
        any |= v != 0;
        set(&mut s, field, v)?;
        // The banner that offers the choice is the notice.
        set(&mut s, notice, if v == 0 { 0 } else { 1 })?;
    }
    set(&mut s, "SharingNotice", if any { 1 } else { 0 })?;
    set(&mut s, "MspaCoveredTransaction", if mspa { 1 } else { 2 })?;
    set(&mut s, "MspaOptOutOptionMode", if mspa { 1 } else { 0 })?;
    set(&mut s, "MspaServiceProviderMode", if mspa { 2 } else { 0 })?;
    if kind.has_gpc() {
        s.gpc = Some(signals.gpc);
    }
    Ok(s)
}
