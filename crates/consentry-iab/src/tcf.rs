//! TCF v2 TC strings (policy version 5 = TCF v2.3): the core segment, the
//! disclosed-vendors and allowed-vendors segments and the publisher TC
//! segment, with @iabtcf/core's segment layout and 24-bit padding.

use std::collections::BTreeSet;

use crate::bits::{BitReader, BitWriter};
use crate::vendors::{read_restrictions, read_vendor_set, write_restrictions, write_vendor_set};
use crate::{IabError, PublisherRestriction, VendorSet};

/// A decoded (or to-be-encoded) TC string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TcString {
    /// Created, in deciseconds since the Unix epoch (36 bits).
    pub created: u64,
    /// Last updated, in deciseconds since the Unix epoch (36 bits).
    pub last_updated: u64,
    /// CMP id (12 bits).
    pub cmp_id: u16,
    /// CMP version (12 bits).
    pub cmp_version: u16,
    /// Consent screen (6 bits).
    pub consent_screen: u8,
    /// Two ASCII letters A–Z.
    pub consent_language: String,
    /// GVL version (12 bits).
    pub vendor_list_version: u16,
    /// TCF policy version (6 bits; 5 for TCF v2.2 and v2.3).
    pub policy_version: u8,
    /// IsServiceSpecific.
    pub is_service_specific: bool,
    /// UseNonStandardTexts (@iabtcf/core: `useNonStandardStacks`).
    pub use_non_standard_texts: bool,
    /// Special features opted in (1..=12).
    pub special_feature_optins: BTreeSet<u8>,
    /// Purposes consented (1..=24).
    pub purpose_consents: BTreeSet<u8>,
    /// Purposes under legitimate interest, transparency established (1..=24).
    pub purpose_legitimate_interests: BTreeSet<u8>,
    /// PurposeOneTreatment.
    pub purpose_one_treatment: bool,
    /// Two ASCII letters A–Z.
    pub publisher_country_code: String,
    /// Vendors consented.
    pub vendor_consents: VendorSet,
    /// Vendors under legitimate interest.
    pub vendor_legitimate_interests: VendorSet,
    /// Publisher restrictions, in encoding order.
    pub publisher_restrictions: Vec<PublisherRestriction>,
    /// Disclosed vendors segment (mandatory for TCF v2.3 strings that are stored).
    pub vendors_disclosed: Option<VendorSet>,
    /// Allowed vendors segment (deprecated since TCF v2.2; decoded, never required).
    pub vendors_allowed: Option<VendorSet>,
    /// Publisher TC segment.
    pub publisher_tc: Option<PublisherTc>,
}

/// The publisher TC segment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublisherTc {
    /// Publisher purposes consented (1..=24).
    pub consents: BTreeSet<u8>,
    /// Publisher purposes under legitimate interest (1..=24).
    pub legitimate_interests: BTreeSet<u8>,
    /// Number of custom purposes (6 bits).
    pub num_custom_purposes: u8,
    /// Custom purposes consented (1..=num_custom_purposes).
    pub custom_consents: BTreeSet<u8>,
    /// Custom purposes under legitimate interest (1..=num_custom_purposes).
    pub custom_legitimate_interests: BTreeSet<u8>,
}

impl Default for TcString {
    fn default() -> Self {
        Self {
            created: 0,
            last_updated: 0,
            cmp_id: 0,
            cmp_version: 0,
            consent_screen: 0,
            consent_language: "EN".into(),
            vendor_list_version: 0,
            policy_version: 5,
            is_service_specific: false,
            use_non_standard_texts: false,
            special_feature_optins: BTreeSet::new(),
            purpose_consents: BTreeSet::new(),
            purpose_legitimate_interests: BTreeSet::new(),
            purpose_one_treatment: false,
            publisher_country_code: "AA".into(),
            vendor_consents: VendorSet::new(),
            vendor_legitimate_interests: VendorSet::new(),
            publisher_restrictions: Vec::new(),
            vendors_disclosed: None,
            vendors_allowed: None,
            publisher_tc: None,
        }
    }
}

const MIN_CMP_ID: u16 = 2;
const SEG_DISCLOSED: u64 = 1;
const SEG_ALLOWED: u64 = 2;
const SEG_PUBLISHER: u64 = 3;

fn read_letters(r: &mut BitReader, field: &'static str) -> Result<String, IabError> {
    let mut s = String::new();
    for _ in 0..2 {
        let v = r.int(field, 6)?;
        if v > 25 {
            return Err(IabError::InvalidValue { field, value: v });
        }
        s.push(char::from(b'A' + v as u8));
    }
    Ok(s)
}

fn write_letters(w: &mut BitWriter, field: &'static str, s: &str) -> Result<(), IabError> {
    let up = s.to_ascii_uppercase();
    let b = up.as_bytes();
    if b.len() != 2 || !b.iter().all(u8::is_ascii_uppercase) {
        return Err(IabError::Encode {
            field,
            reason: format!("{s:?} is not two letters"),
        });
    }
    for &c in b {
        w.int(field, u64::from(c - b'A'), 6)?;
    }
    Ok(())
}

fn read_flags(
    r: &mut BitReader,
    field: &'static str,
    width: usize,
) -> Result<BTreeSet<u8>, IabError> {
    Ok(r.bitfield(field, width)?
        .into_iter()
        .map(|i| i as u8)
        .collect())
}

fn write_flags(
    w: &mut BitWriter,
    field: &'static str,
    set: &BTreeSet<u8>,
    width: usize,
) -> Result<(), IabError> {
    if let Some(&bad) = set.iter().find(|&&i| i == 0 || usize::from(i) > width) {
        return Err(IabError::Encode {
            field,
            reason: format!("id {bad} outside 1..={width}"),
        });
    }
    w.bitfield(width, |i| set.contains(&(i as u8)));
    Ok(())
}

impl TcString {
    /// Decodes a TC string: the core segment first, then at most one of each
    /// other segment. Every malformed input is an error.
    ///
    /// As @iabtcf/core, a CMP id below 2 is rejected (ids 0 and 1 are never
    /// assigned); inside a GPP string see [`TcString::decode_in_gpp`].
    pub fn decode(text: &str) -> Result<Self, IabError> {
        Self::decode_with(text, MIN_CMP_ID)
    }

    /// Decodes a GPP `tcfeuv2` section: as [`TcString::decode`], but any CMP
    /// id is accepted, as @iabgpp/cmpapi does.
    pub fn decode_in_gpp(text: &str) -> Result<Self, IabError> {
        Self::decode_with(text, 0)
    }

    fn decode_with(text: &str, min_cmp_id: u16) -> Result<Self, IabError> {
        let mut segments = text.split('.');
        let core = segments
            .next()
            .filter(|s| !s.is_empty())
            .ok_or(IabError::Empty("TC string"))?;
        let mut tc = Self::decode_core(core)?;
        if tc.cmp_id < min_cmp_id {
            return Err(IabError::InvalidValue {
                field: "cmpId",
                value: tc.cmp_id.into(),
            });
        }
        let mut seen = BTreeSet::new();
        for seg in segments {
            if seg.is_empty() {
                return Err(IabError::Empty("TC string segment"));
            }
            let mut r = BitReader::from_base64url(seg)?;
            let kind = r.int("segmentType", 3)?;
            if !seen.insert(kind) {
                return Err(IabError::Structure {
                    what: "TC string",
                    reason: format!("segment type {kind} appears twice"),
                });
            }
            match kind {
                SEG_DISCLOSED => {
                    tc.vendors_disclosed = Some(read_vendor_set(&mut r, "vendorsDisclosed")?)
                }
                SEG_ALLOWED => {
                    tc.vendors_allowed = Some(read_vendor_set(&mut r, "vendorsAllowed")?)
                }
                SEG_PUBLISHER => tc.publisher_tc = Some(read_publisher(&mut r)?),
                other => {
                    return Err(IabError::Structure {
                        what: "TC string",
                        reason: format!("segment type {other} after the core segment"),
                    })
                }
            }
        }
        Ok(tc)
    }

    fn decode_core(seg: &str) -> Result<Self, IabError> {
        let mut r = BitReader::from_base64url(seg)?;
        let version = r.int("version", 6)?;
        if version != 2 {
            return Err(IabError::Version {
                what: "TC string",
                version,
            });
        }
        Ok(Self {
            created: r.int("created", 36)?,
            last_updated: r.int("lastUpdated", 36)?,
            cmp_id: r.int("cmpId", 12)? as u16,
            cmp_version: r.int("cmpVersion", 12)? as u16,
            consent_screen: r.int("consentScreen", 6)? as u8,
            consent_language: read_letters(&mut r, "consentLanguage")?,
            vendor_list_version: r.int("vendorListVersion", 12)? as u16,
            policy_version: r.int("policyVersion", 6)? as u8,
            is_service_specific: r.bool("isServiceSpecific")?,
            use_non_standard_texts: r.bool("useNonStandardTexts")?,
            special_feature_optins: read_flags(&mut r, "specialFeatureOptins", 12)?,
            purpose_consents: read_flags(&mut r, "purposeConsents", 24)?,
            purpose_legitimate_interests: read_flags(&mut r, "purposeLegitimateInterests", 24)?,
            purpose_one_treatment: r.bool("purposeOneTreatment")?,
            publisher_country_code: read_letters(&mut r, "publisherCountryCode")?,
            vendor_consents: read_vendor_set(&mut r, "vendorConsents")?,
            vendor_legitimate_interests: read_vendor_set(&mut r, "vendorLegitimateInterests")?,
            publisher_restrictions: read_restrictions(&mut r)?,
            vendors_disclosed: None,
            vendors_allowed: None,
            publisher_tc: None,
        })
    }

    /// Encodes the string as @iabtcf/core does: core, then disclosed vendors,
    /// allowed vendors and publisher TC when present, each padded to 24 bits.
    /// A CMP id below 2 is refused, as @iabtcf/core's decoder would reject
    /// the string; see [`TcString::encode_in_gpp`].
    pub fn encode(&self) -> Result<String, IabError> {
        if self.cmp_id < MIN_CMP_ID {
            return Err(IabError::Encode {
                field: "cmpId",
                reason: format!("{} is below 2", self.cmp_id),
            });
        }
        self.encode_in_gpp()
    }

    /// Encodes a GPP `tcfeuv2` section: any CMP id, as @iabgpp/cmpapi allows.
    pub fn encode_in_gpp(&self) -> Result<String, IabError> {
        let mut out = vec![self.encode_core()?];
        let segs = [
            (SEG_DISCLOSED, "vendorsDisclosed", &self.vendors_disclosed),
            (SEG_ALLOWED, "vendorsAllowed", &self.vendors_allowed),
        ];
        for (kind, field, set) in segs {
            if let Some(set) = set {
                let mut w = BitWriter::new();
                w.int("segmentType", kind, 3)?;
                write_vendor_set(&mut w, field, set)?;
                out.push(w.finish_padded(24));
            }
        }
        if let Some(p) = &self.publisher_tc {
            out.push(write_publisher(p)?);
        }
        Ok(out.join("."))
    }

    fn encode_core(&self) -> Result<String, IabError> {
        let mut w = BitWriter::new();
        w.int("version", 2, 6)?;
        w.int("created", self.created, 36)?;
        w.int("lastUpdated", self.last_updated, 36)?;
        w.int("cmpId", self.cmp_id.into(), 12)?;
        w.int("cmpVersion", self.cmp_version.into(), 12)?;
        w.int("consentScreen", self.consent_screen.into(), 6)?;
        write_letters(&mut w, "consentLanguage", &self.consent_language)?;
        w.int("vendorListVersion", self.vendor_list_version.into(), 12)?;
        w.int("policyVersion", self.policy_version.into(), 6)?;
        w.bool(self.is_service_specific);
        w.bool(self.use_non_standard_texts);
        write_flags(
            &mut w,
            "specialFeatureOptins",
            &self.special_feature_optins,
            12,
        )?;
        write_flags(&mut w, "purposeConsents", &self.purpose_consents, 24)?;
        write_flags(
            &mut w,
            "purposeLegitimateInterests",
            &self.purpose_legitimate_interests,
            24,
        )?;
        w.bool(self.purpose_one_treatment);
        write_letters(&mut w, "publisherCountryCode", &self.publisher_country_code)?;
        write_vendor_set(&mut w, "vendorConsents", &self.vendor_consents)?;
        write_vendor_set(
            &mut w,
            "vendorLegitimateInterests",
            &self.vendor_legitimate_interests,
        )?;
        write_restrictions(&mut w, &self.publisher_restrictions)?;
        Ok(w.finish_padded(24))
    }
}

fn read_publisher(r: &mut BitReader) -> Result<PublisherTc, IabError> {
    let consents = read_flags(r, "publisherConsents", 24)?;
    let legitimate_interests = read_flags(r, "publisherLegitimateInterests", 24)?;
    let n = r.int("numCustomPurposes", 6)? as u8;
    Ok(PublisherTc {
        consents,
        legitimate_interests,
        num_custom_purposes: n,
        custom_consents: read_flags(r, "publisherCustomConsents", n.into())?,
        custom_legitimate_interests: read_flags(r, "publisherCustomLegitimateInterests", n.into())?,
    })
}

fn write_publisher(p: &PublisherTc) -> Result<String, IabError> {
    let mut w = BitWriter::new();
    w.int("segmentType", SEG_PUBLISHER, 3)?;
    write_flags(&mut w, "publisherConsents", &p.consents, 24)?;
    write_flags(
        &mut w,
        "publisherLegitimateInterests",
        &p.legitimate_interests,
        24,
    )?;
    w.int("numCustomPurposes", p.num_custom_purposes.into(), 6)?;
    let n = p.num_custom_purposes.into();
    write_flags(&mut w, "publisherCustomConsents", &p.custom_consents, n)?;
    write_flags(
        &mut w,
        "publisherCustomLegitimateInterests",
        &p.custom_legitimate_interests,
        n,
    )?;
    Ok(w.finish_padded(24))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_structure() {
        assert_eq!(TcString::decode(""), Err(IabError::Empty("TC string")));
        assert!(matches!(
            TcString::decode("BOw"),
            Err(IabError::Version { .. })
        ));
        assert!(matches!(
            TcString::decode("CAAA"),
            Err(IabError::Truncated { .. })
        ));
        let tc = TcString {
            cmp_id: 2,
            ..TcString::default()
        };
        let ok = tc.encode().unwrap();
        assert!(TcString::decode(&format!("{ok}.")).is_err());
        assert!(TcString::decode(&format!("{ok}.{ok}")).is_err());
        assert_eq!(TcString::decode(&ok).unwrap(), tc);
        assert!(TcString::default().encode().is_err());
        let one = TcString {
            cmp_id: 1,
            ..TcString::default()
        }
        .encode_in_gpp()
        .unwrap();
        assert!(matches!(
            TcString::decode(&one),
            Err(IabError::InvalidValue { field: "cmpId", .. })
        ));
        assert!(TcString::decode_in_gpp(&one).is_ok());
    }
}
