//! The TC string's vendor sections: a vendor id set in bitfield or range form
//! (the encoder picks the form exactly as @iabtcf/core's `VendorVectorEncoder`
//! does), and publisher restrictions.

use std::collections::BTreeSet;

use crate::bits::{BitReader, BitWriter};
use crate::IabError;

/// A set of vendor ids (1..=65535).
pub type VendorSet = BTreeSet<u16>;

const MAX_ID_BITS: usize = 16;
const NUM_ENTRIES_BITS: usize = 12;

/// One publisher restriction: for `purpose_id`, `vendors` are restricted to
/// `restriction_type`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublisherRestriction {
    /// Purpose 1..=24 (6 bits).
    pub purpose_id: u8,
    /// 0 = not allowed, 1 = require consent, 2 = require legitimate interest.
    pub restriction_type: u8,
    /// Vendors the restriction applies to.
    pub vendors: VendorSet,
}

/// Reads a vendor section: MaxVendorId, IsRangeEncoding, then bitfield or ranges.
pub fn read_vendor_set(r: &mut BitReader, field: &'static str) -> Result<VendorSet, IabError> {
    let max_id = r.int(field, MAX_ID_BITS)? as usize;
    if r.bool(field)? {
        let ids = read_ranges(r, field)?;
        if let Some(&last) = ids.iter().next_back() {
            if usize::from(last) > max_id {
                return Err(IabError::InvalidValue {
                    field,
                    value: u64::from(last),
                });
            }
        }
        Ok(ids)
    } else {
        Ok(r.bitfield(field, max_id)?
            .into_iter()
            .map(|i| i as u16)
            .collect())
    }
}

/// Reads NumEntries then entries of IsARange, StartOrOnlyVendorId[, EndVendorId].
fn read_ranges(r: &mut BitReader, field: &'static str) -> Result<VendorSet, IabError> {
    let n = r.int(field, NUM_ENTRIES_BITS)?;
    let mut ids = VendorSet::new();
    for _ in 0..n {
        let is_range = r.bool(field)?;
        let start = r.int(field, 16)? as u16;
        let end = if is_range {
            r.int(field, 16)? as u16
        } else {
            start
        };
        if start == 0 {
            return Err(IabError::InvalidValue { field, value: 0 });
        }
        if end < start {
            return Err(IabError::Structure {
                what: "TC string",
                reason: format!("{field}: range {start}-{end} ends before it starts"),
            });
        }
        ids.extend(start..=end);
    }
    Ok(ids)
}

/// Writes entries for the runs of consecutive ids.
fn write_runs(w: &mut BitWriter, field: &'static str, runs: &[(u16, u16)]) -> Result<(), IabError> {
    w.int(field, runs.len() as u64, NUM_ENTRIES_BITS)?;
    for &(start, end) in runs {
        w.bool(start != end);
        w.int(field, u64::from(start), 16)?;
        if start != end {
            w.int(field, u64::from(end), 16)?;
        }
    }
    Ok(())
}

fn runs(ids: &VendorSet) -> Vec<(u16, u16)> {
    let mut out: Vec<(u16, u16)> = Vec::new();
    for &id in ids {
        match out.last_mut() {
            Some((_, end)) if u32::from(*end) + 1 == u32::from(id) => *end = id,
            _ => out.push((id, id)),
        }
    }
    out
}

/// Whether @iabtcf/core would choose range encoding for `ids`. Its estimate
/// counts 16 bits for a single id and 33 for a range, and decides on the
/// length accumulated before the last id's own entry is added; it is followed
/// here bit for bit so that our strings equal the reference library's.
pub fn reference_prefers_range(ids: &VendorSet) -> bool {
    let Some(&max) = ids.iter().next_back() else {
        return false;
    };
    let max = usize::from(max);
    let header = MAX_ID_BITS + 1;
    let bitfield_len = header + max;
    let min_range_len = 16 * 2 + 1 + NUM_ENTRIES_BITS;
    let mut range_len = header + NUM_ENTRIES_BITS;
    let mut in_range = false;
    let mut smaller = false;
    for id in 1..=max {
        smaller = max > min_range_len && range_len < bitfield_len;
        if smaller && ids.contains(&(id as u16)) {
            let next = id < max && ids.contains(&(id as u16 + 1));
            if !next {
                range_len += 16;
                in_range = false;
            } else if !in_range {
                range_len += 1 + 16;
                in_range = true;
            }
        }
    }
    smaller
}

/// Writes a vendor section in the form @iabtcf/core would pick.
pub fn write_vendor_set(
    w: &mut BitWriter,
    field: &'static str,
    ids: &VendorSet,
) -> Result<(), IabError> {
    if ids.contains(&0) {
        return Err(IabError::Encode {
            field,
            reason: "vendor id 0".into(),
        });
    }
    let max = ids.iter().next_back().copied().unwrap_or(0);
    w.int(field, u64::from(max), MAX_ID_BITS)?;
    if reference_prefers_range(ids) {
        w.bool(true);
        write_runs(w, field, &runs(ids))
    } else {
        w.bool(false);
        w.bitfield(usize::from(max), |i| ids.contains(&(i as u16)));
        Ok(())
    }
}

/// Reads NumPubRestrictions and the restrictions. Repeated (purpose, type)
/// pairs are merged and restrictions without vendors dropped, as @iabtcf/core
/// keeps them in a map keyed by the pair.
pub fn read_restrictions(r: &mut BitReader) -> Result<Vec<PublisherRestriction>, IabError> {
    const F: &str = "publisherRestrictions";
    let n = r.int(F, 12)?;
    let mut out: Vec<PublisherRestriction> = Vec::new();
    for _ in 0..n {
        let purpose_id = r.int(F, 6)? as u8;
        let restriction_type = r.int(F, 2)? as u8;
        if purpose_id == 0 {
            return Err(IabError::InvalidValue { field: F, value: 0 });
        }
        if restriction_type == 3 {
            return Err(IabError::InvalidValue {
                field: "restrictionType",
                value: 3,
            });
        }
        let vendors = read_ranges(r, F)?;
        if vendors.is_empty() {
            continue;
        }
        match out
            .iter_mut()
            .find(|p| p.purpose_id == purpose_id && p.restriction_type == restriction_type)
        {
            Some(p) => p.vendors.extend(vendors),
            None => out.push(PublisherRestriction {
                purpose_id,
                restriction_type,
                vendors,
            }),
        }
    }
    Ok(out)
}

/// Writes the restrictions in order, skipping those without vendors. Vendor
/// runs are runs of consecutive ids: @iabtcf/core also bridges gaps of ids
/// absent from its GVL, which needs the GVL and is not done here.
pub fn write_restrictions(
    w: &mut BitWriter,
    list: &[PublisherRestriction],
) -> Result<(), IabError> {
    const F: &str = "publisherRestrictions";
    let live: Vec<&PublisherRestriction> = list.iter().filter(|p| !p.vendors.is_empty()).collect();
    w.int(F, live.len() as u64, 12)?;
    for p in live {
        if p.purpose_id == 0 || p.restriction_type > 2 || p.vendors.contains(&0) {
            return Err(IabError::Encode {
                field: F,
                reason: format!("purpose {} type {}", p.purpose_id, p.restriction_type),
            });
        }
        w.int(F, u64::from(p.purpose_id), 6)?;
        w.int(F, u64::from(p.restriction_type), 2)?;
        write_runs(w, F, &runs(&p.vendors))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(ids: impl IntoIterator<Item = u16>) -> VendorSet {
        ids.into_iter().collect()
    }

    #[test]
    fn small_sets_use_a_bitfield_and_sparse_large_ids_use_ranges() {
        assert!(!reference_prefers_range(&set([1, 2, 3])));
        assert!(!reference_prefers_range(&set([])));
        assert!(reference_prefers_range(&set([1000])));
        assert!(reference_prefers_range(&set(1..=2000)));
        // 45 is the reference's minimum: a bitfield up to id 45 always.
        assert!(!reference_prefers_range(&set([45])));
        assert!(reference_prefers_range(&set([46])));
    }

    #[test]
    fn range_entries_must_be_ordered_and_within_max() {
        let mut w = BitWriter::new();
        w.int("t", 10, 16).unwrap();
        w.bool(true);
        w.int("t", 1, 12).unwrap();
        w.bool(true);
        w.int("t", 9, 16).unwrap();
        w.int("t", 3, 16).unwrap();
        let mut r = BitReader::new(bits(w));
        assert!(matches!(
            read_vendor_set(&mut r, "v"),
            Err(IabError::Structure { .. })
        ));
    }

    fn bits(w: BitWriter) -> Vec<bool> {
        crate::bits::base64url_decode(&w.finish_padded(6)).unwrap()
    }
}
