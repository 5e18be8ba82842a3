//! GPP strings: the header (type 3, version 1, Fibonacci-coded section ids)
//! and `~`-separated sections.

use crate::bits::{BitReader, BitWriter};
use crate::{IabError, TcString, UsKind, UsSection};

/// One section of a GPP string.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Section {
    /// `tcfeuv2` (id 2): a TC string.
    TcfEuV2(Box<TcString>),
    /// A US section.
    Us(UsSection),
}

impl Section {
    /// GPP section id.
    pub fn id(&self) -> u64 {
        match self {
            Section::TcfEuV2(_) => TCFEUV2_ID,
            Section::Us(us) => us.kind.id(),
        }
    }

    /// GPP section name.
    pub fn name(&self) -> &'static str {
        match self {
            Section::TcfEuV2(_) => "tcfeuv2",
            Section::Us(us) => us.kind.name(),
        }
    }
}

/// The `tcfeuv2` section id.
pub const TCFEUV2_ID: u64 = 2;

/// A GPP string: its sections in ascending id order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GppString {
    /// Sections, ascending by id, at most one per id.
    pub sections: Vec<Section>,
}

impl GppString {
    /// Section ids, in order.
    pub fn section_ids(&self) -> Vec<u64> {
        self.sections.iter().map(Section::id).collect()
    }

    /// Decodes a GPP string. Sections this crate does not implement are an
    /// error ([`IabError::Structure`]) rather than silently dropped.
    pub fn decode(text: &str) -> Result<Self, IabError> {
        let mut parts = text.split('~');
        let header = parts
            .next()
            .filter(|s| !s.is_empty())
            .ok_or(IabError::Empty("GPP string"))?;
        let ids = decode_header(header)?;
        let bodies: Vec<&str> = parts.collect();
        if bodies.len() != ids.len() {
            return Err(IabError::Structure {
                what: "GPP string",
                reason: format!(
                    "header lists {} sections, the string has {}",
                    ids.len(),
                    bodies.len()
                ),
            });
        }
        let mut sections = Vec::with_capacity(ids.len());
        for (&id, body) in ids.iter().zip(bodies) {
            if body.is_empty() {
                return Err(IabError::Empty("GPP section"));
            }
            let section = if id == TCFEUV2_ID {
                Section::TcfEuV2(Box::new(TcString::decode_in_gpp(body)?))
            } else if let Some(kind) = UsKind::from_id(id) {
                Section::Us(UsSection::decode(kind, body)?)
            } else {
                return Err(IabError::Structure {
                    what: "GPP string",
                    reason: format!("section id {id} is not supported"),
                });
            };
            sections.push(section);
        }
        Ok(Self { sections })
    }

    /// Encodes the header and sections (sorted by id; a repeated id is an error).
    pub fn encode(&self) -> Result<String, IabError> {
        let mut sorted: Vec<&Section> = self.sections.iter().collect();
        sorted.sort_by_key(|s| s.id());
        if sorted.windows(2).any(|w| w[0].id() == w[1].id()) {
            return Err(IabError::Encode {
                field: "sectionIds",
                reason: "a section appears twice".into(),
            });
        }
        let ids: Vec<u64> = sorted.iter().map(|s| s.id()).collect();
        let mut out = encode_header(&ids)?;
        for s in sorted {
            out.push('~');
            out.push_str(&match s {
                Section::TcfEuV2(tc) => tc.encode_in_gpp()?,
                Section::Us(us) => us.encode()?,
            });
        }
        Ok(out)
    }
}

const HEADER_TYPE: u64 = 3;
const HEADER_VERSION: u64 = 1;

/// Decodes the header segment into ascending section ids.
pub fn decode_header(text: &str) -> Result<Vec<u64>, IabError> {
    let mut r = BitReader::from_base64url(text)?;
    let kind = r.int("Type", 6)?;
    if kind != HEADER_TYPE {
        return Err(IabError::InvalidValue {
            field: "Type",
            value: kind,
        });
    }
    let version = r.int("Version", 6)?;
    if version != HEADER_VERSION {
        return Err(IabError::Version {
            what: "GPP header",
            version,
        });
    }
    let count = r.int("SectionIds", 12)?;
    let mut ids = Vec::new();
    let mut offset = 0u64;
    let too_big = |_| IabError::InvalidValue {
        field: "SectionIds",
        value: u64::MAX,
    };
    for _ in 0..count {
        let is_range = r.bool("SectionIds")?;
        let start = offset
            .checked_add(r.fibonacci("SectionIds")?)
            .ok_or(0)
            .map_err(too_big)?;
        let end = if is_range {
            start
                .checked_add(r.fibonacci("SectionIds")?)
                .ok_or(0)
                .map_err(too_big)?
        } else {
            start
        };
        // Ids are small; a range this long is garbage, not a header.
        if end - start > 64 || ids.len() > 64 {
            return Err(IabError::InvalidValue {
                field: "SectionIds",
                value: end,
            });
        }
        ids.extend(start..=end);
        offset = end;
    }
    Ok(ids)
}

/// Encodes the header for ascending, distinct section ids (≥ 1).
pub fn encode_header(ids: &[u64]) -> Result<String, IabError> {
    let mut w = BitWriter::new();
    w.int("Type", HEADER_TYPE, 6)?;
    w.int("Version", HEADER_VERSION, 6)?;
    let mut groups: Vec<(u64, u64)> = Vec::new();
    for &id in ids {
        match groups.last_mut() {
            Some((_, end)) if *end + 1 == id => *end = id,
            _ => groups.push((id, id)),
        }
    }
    w.int("SectionIds", groups.len() as u64, 12)?;
    let mut offset = 0;
    for (start, end) in groups {
        let bad = || IabError::Encode {
            field: "SectionIds",
            reason: "ids must ascend from 1".into(),
        };
        let delta = start
            .checked_sub(offset)
            .filter(|&d| d > 0)
            .ok_or_else(bad)?;
        w.bool(start != end);
        w.fibonacci("SectionIds", delta)?;
        if start != end {
            w.fibonacci("SectionIds", end - start)?;
        }
        offset = end;
    }
    Ok(w.finish_gpp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_of_the_gpp_spec_examples() {
        // GPP spec: "DBABMA" lists section 2 (tcfeuv2); "DBACNY" lists 2 and 6,
        // which @iabgpp/cmpapi writes "DBACNYA" (it pads to whole bytes first).
        assert_eq!(decode_header("DBABMA").unwrap(), vec![2]);
        assert_eq!(encode_header(&[2]).unwrap(), "DBABMA");
        assert_eq!(decode_header("DBACNY").unwrap(), vec![2, 6]);
        assert_eq!(encode_header(&[2, 6]).unwrap(), "DBACNYA");
    }

    #[test]
    fn section_count_must_match_the_header() {
        assert!(matches!(
            GppString::decode("DBABMA"),
            Err(IabError::Structure { .. })
        ));
        assert!(matches!(
            GppString::decode("DBABMA~"),
            Err(IabError::Empty(_))
        ));
        assert!(matches!(
            GppString::decode("CBABMA"),
            Err(IabError::InvalidValue { .. })
        ));
    }
}
