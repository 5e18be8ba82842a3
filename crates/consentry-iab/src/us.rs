//! The GPP US sections — `usnat` (7), `usca` (8), `usva` (9), `usco` (10),
//! `usct` (12) — as tables of @iabgpp/cmpapi's field names and widths, with
//! the optional GPC subsection.

use crate::bits::{BitReader, BitWriter};
use crate::IabError;

/// Which US section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum UsKind {
    /// `usnat`, id 7 (versions 1 and 2).
    Nat,
    /// `usca`, id 8.
    Ca,
    /// `usva`, id 9.
    Va,
    /// `usco`, id 10.
    Co,
    /// `usct`, id 12.
    Ct,
}

/// A field's shape: one 2-bit value, or a list of 2-bit values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One value 0..=2 (0 = not applicable, 1 = yes/opted out, 2 = no/did not).
    One,
    /// `n` values 0..=2.
    List(usize),
}

/// A field's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsValue {
    /// [`Shape::One`].
    One(u8),
    /// [`Shape::List`].
    List(Vec<u8>),
}

const MSPA_COVERED: &str = "MspaCoveredTransaction";

type Table = &'static [(&'static str, Shape)];

use Shape::{List, One};

const NAT_HEAD: Table = &[
    ("SharingNotice", One),
    ("SaleOptOutNotice", One),
    ("SharingOptOutNotice", One),
    ("TargetedAdvertisingOptOutNotice", One),
    ("SensitiveDataProcessingOptOutNotice", One),
    ("SensitiveDataLimitUseNotice", One),
    ("SaleOptOut", One),
    ("SharingOptOut", One),
    ("TargetedAdvertisingOptOut", One),
];
const NAT_V1: Table = &[
    ("SensitiveDataProcessing", List(12)),
    ("KnownChildSensitiveDataConsents", List(2)),
];
const NAT_V2: Table = &[
    ("SensitiveDataProcessing", List(16)),
    ("KnownChildSensitiveDataConsents", List(3)),
];
const NAT_TAIL: Table = &[
    ("PersonalDataConsents", One),
    (MSPA_COVERED, One),
    ("MspaOptOutOptionMode", One),
    ("MspaServiceProviderMode", One),
];
const CA: Table = &[
    ("SaleOptOutNotice", One),
    ("SharingOptOutNotice", One),
    ("SensitiveDataLimitUseNotice", One),
    ("SaleOptOut", One),
    ("SharingOptOut", One),
    ("SensitiveDataProcessing", List(9)),
    ("KnownChildSensitiveDataConsents", List(2)),
    ("PersonalDataConsents", One),
    (MSPA_COVERED, One),
    ("MspaOptOutOptionMode", One),
    ("MspaServiceProviderMode", One),
];
const VA_CO_CT_HEAD: Table = &[
    ("SharingNotice", One),
    ("SaleOptOutNotice", One),
    ("TargetedAdvertisingOptOutNotice", One),
    ("SaleOptOut", One),
    ("TargetedAdvertisingOptOut", One),
];
const MSPA: Table = &[
    (MSPA_COVERED, One),
    ("MspaOptOutOptionMode", One),
    ("MspaServiceProviderMode", One),
];
const VA_MID: Table = &[
    ("SensitiveDataProcessing", List(8)),
    ("KnownChildSensitiveDataConsents", One),
];
const CO_MID: Table = &[
    ("SensitiveDataProcessing", List(7)),
    ("KnownChildSensitiveDataConsents", One),
];
const CT_MID: Table = &[
    ("SensitiveDataProcessing", List(8)),
    ("KnownChildSensitiveDataConsents", List(3)),
];

impl UsKind {
    /// All kinds, in GPP section order.
    pub const ALL: [UsKind; 5] = [UsKind::Nat, UsKind::Ca, UsKind::Va, UsKind::Co, UsKind::Ct];

    /// GPP section id.
    pub fn id(self) -> u64 {
        match self {
            UsKind::Nat => 7,
            UsKind::Ca => 8,
            UsKind::Va => 9,
            UsKind::Co => 10,
            UsKind::Ct => 12,
        }
    }

    /// GPP section name (`usnat`, …).
    pub fn name(self) -> &'static str {
        match self {
            UsKind::Nat => "usnat",
            UsKind::Ca => "usca",
            UsKind::Va => "usva",
            UsKind::Co => "usco",
            UsKind::Ct => "usct",
        }
    }

    /// Whether the GPP specification gives the section a GPC subsection
    /// (every US section but `usva`).
    pub fn has_gpc(self) -> bool {
        self != UsKind::Va
    }

    /// The kind for a section id.
    pub fn from_id(id: u64) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.id() == id)
    }

    /// The kind for a section name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The newest version, which the encoder writes by default.
    pub fn latest_version(self) -> u8 {
        if self == UsKind::Nat {
            2
        } else {
            1
        }
    }

    /// The core segment's fields after `Version` for `version`, or `None`
    /// when the version is unknown.
    pub fn fields(self, version: u8) -> Option<Vec<(&'static str, Shape)>> {
        let parts: &[Table] = match (self, version) {
            (UsKind::Nat, 1) => &[NAT_HEAD, NAT_V1, NAT_TAIL],
            (UsKind::Nat, 2) => &[NAT_HEAD, NAT_V2, NAT_TAIL],
            (UsKind::Ca, 1) => &[CA],
            (UsKind::Va, 1) => &[VA_CO_CT_HEAD, VA_MID, MSPA],
            (UsKind::Co, 1) => &[VA_CO_CT_HEAD, CO_MID, MSPA],
            (UsKind::Ct, 1) => &[VA_CO_CT_HEAD, CT_MID, MSPA],
            _ => return None,
        };
        Some(parts.iter().flat_map(|t| t.iter().copied()).collect())
    }
}

/// A decoded US section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsSection {
    /// Which section.
    pub kind: UsKind,
    /// Section version.
    pub version: u8,
    /// Field values in table order (see [`UsKind::fields`]).
    pub values: Vec<(&'static str, UsValue)>,
    /// The GPC subsection: `None` when absent, else the GPC flag.
    pub gpc: Option<bool>,
}

impl UsSection {
    /// A section at the latest version with @iabgpp/cmpapi's defaults: every
    /// field 0 (not applicable) except MspaCoveredTransaction = 1, and no GPC
    /// subsection.
    pub fn new(kind: UsKind) -> Self {
        let version = kind.latest_version();
        // Every kind has a table for its latest version; the fallback is never taken.
        Self::at_version(kind, version).unwrap_or(Self {
            kind,
            version,
            values: Vec::new(),
            gpc: None,
        })
    }

    /// [`UsSection::new`] at a given version.
    pub fn at_version(kind: UsKind, version: u8) -> Result<Self, IabError> {
        let table = kind.fields(version).ok_or(IabError::Version {
            what: kind.name(),
            version: version.into(),
        })?;
        let values = table
            .into_iter()
            .map(|(name, shape)| {
                let v = match shape {
                    One if name == MSPA_COVERED => UsValue::One(1),
                    One => UsValue::One(0),
                    List(n) => UsValue::List(vec![0; n]),
                };
                (name, v)
            })
            .collect();
        Ok(Self {
            kind,
            version,
            values,
            gpc: None,
        })
    }

    /// A field's value.
    pub fn get(&self, name: &str) -> Option<&UsValue> {
        self.values.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// Sets a field; errors for unknown names, wrong shapes or values.
    pub fn set(&mut self, name: &str, value: UsValue) -> Result<(), IabError> {
        let slot = self
            .values
            .iter_mut()
            .find(|(n, _)| *n == name)
            .ok_or_else(|| IabError::Encode {
                field: "field",
                reason: format!("{} has no field {name}", self.kind.name()),
            })?;
        let field = slot.0;
        match (&slot.1, &value) {
            (UsValue::One(_), UsValue::One(v)) => check(field, *v)?,
            (UsValue::List(a), UsValue::List(b)) if a.len() == b.len() => {
                b.iter().try_for_each(|&v| check(field, v))?
            }
            _ => {
                return Err(IabError::Encode {
                    field,
                    reason: "wrong shape".into(),
                })
            }
        }
        slot.1 = value;
        Ok(())
    }

    /// Decodes a section (core segment, optionally `.` and the GPC subsection).
    pub fn decode(kind: UsKind, text: &str) -> Result<Self, IabError> {
        let mut parts = text.split('.');
        let core = parts
            .next()
            .filter(|s| !s.is_empty())
            .ok_or(IabError::Empty("US section"))?;
        let mut r = BitReader::from_base64url(core)?;
        let version = r.int("Version", 6)?;
        let table = u8::try_from(version)
            .ok()
            .and_then(|v| kind.fields(v))
            .ok_or(IabError::Version {
                what: kind.name(),
                version,
            })?;
        let mut values = Vec::with_capacity(table.len());
        for (name, shape) in table {
            let v = match shape {
                One => UsValue::One(read2(&mut r, name)?),
                List(n) => UsValue::List(
                    (0..n)
                        .map(|_| read2(&mut r, name))
                        .collect::<Result<_, _>>()?,
                ),
            };
            values.push((name, v));
        }
        let gpc = match (parts.next(), parts.next()) {
            (None, _) => None,
            (Some(_), None) if !kind.has_gpc() => {
                return Err(IabError::Structure {
                    what: "US section",
                    reason: format!("{} has no GPC subsection", kind.name()),
                })
            }
            (Some(sub), None) => Some(decode_gpc(sub)?),
            (Some(_), Some(_)) => {
                return Err(IabError::Structure {
                    what: "US section",
                    reason: format!("{} has more than one subsection", kind.name()),
                })
            }
        };
        Ok(Self {
            kind,
            version: version as u8,
            values,
            gpc,
        })
    }

    /// Encodes as @iabgpp/cmpapi does (bytes, then characters, zero padded).
    pub fn encode(&self) -> Result<String, IabError> {
        let table = self.kind.fields(self.version).ok_or(IabError::Version {
            what: self.kind.name(),
            version: self.version.into(),
        })?;
        let mut w = BitWriter::new();
        w.int("Version", self.version.into(), 6)?;
        for (name, shape) in table {
            match (shape, self.get(name)) {
                (One, Some(UsValue::One(v))) => write2(&mut w, name, *v)?,
                (List(n), Some(UsValue::List(vs))) if vs.len() == n => {
                    vs.iter().try_for_each(|&v| write2(&mut w, name, v))?
                }
                _ => {
                    return Err(IabError::Encode {
                        field: name,
                        reason: "missing or wrong shape".into(),
                    })
                }
            }
        }
        let mut out = w.finish_gpp();
        if let Some(gpc) = self.gpc {
            if !self.kind.has_gpc() {
                return Err(IabError::Encode {
                    field: "Gpc",
                    reason: format!("{} has no GPC subsection", self.kind.name()),
                });
            }
            let mut w = BitWriter::new();
            w.int("GpcSegmentType", 1, 2)?;
            w.bool(gpc);
            out.push('.');
            out.push_str(&w.finish_gpp());
        }
        Ok(out)
    }
}

fn check(field: &'static str, v: u8) -> Result<(), IabError> {
    let ok = if field == MSPA_COVERED {
        (1..=2).contains(&v)
    } else {
        v <= 2
    };
    if ok {
        Ok(())
    } else {
        Err(IabError::InvalidValue {
            field,
            value: v.into(),
        })
    }
}

fn read2(r: &mut BitReader, field: &'static str) -> Result<u8, IabError> {
    let v = r.int(field, 2)? as u8;
    check(field, v)?;
    Ok(v)
}

fn write2(w: &mut BitWriter, field: &'static str, v: u8) -> Result<(), IabError> {
    check(field, v).map_err(|_| IabError::Encode {
        field,
        reason: format!("{v} is not allowed"),
    })?;
    w.int(field, v.into(), 2)
}

fn decode_gpc(text: &str) -> Result<bool, IabError> {
    if text.is_empty() {
        return Err(IabError::Empty("GPC subsection"));
    }
    let mut r = BitReader::from_base64url(text)?;
    let kind = r.int("GpcSegmentType", 2)?;
    if kind != 1 {
        return Err(IabError::InvalidValue {
            field: "GpcSegmentType",
            value: kind,
        });
    }
    r.bool("Gpc")
}
