//! The crate's one error type.

/// Why a string could not be decoded, a model encoded, or JSON read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IabError {
    /// The input (or one of its segments/sections) is empty.
    #[error("empty {0}")]
    Empty(&'static str),
    /// A character outside the base64url alphabet.
    #[error("invalid base64url character {ch:?} at position {at}")]
    Base64 {
        /// Character offset in the segment.
        at: usize,
        /// The offending character.
        ch: char,
    },
    /// The bits ran out before a field was complete.
    #[error("truncated: {field} needs {need} bits at bit {at}, the segment has {len}")]
    Truncated {
        /// Field being read.
        field: &'static str,
        /// Bit offset of the field.
        at: usize,
        /// Bits the field needs.
        need: usize,
        /// Bits in the segment.
        len: usize,
    },
    /// A Fibonacci code with no terminating `11`, or out of range.
    #[error("invalid Fibonacci code in {field} at bit {at}")]
    Fibonacci {
        /// Field being read.
        field: &'static str,
        /// Bit offset of the code.
        at: usize,
    },
    /// A field holds a value the specification does not allow.
    #[error("{field}: invalid value {value}")]
    InvalidValue {
        /// Field name (reference library spelling).
        field: &'static str,
        /// The value read or given.
        value: u64,
    },
    /// A version this crate does not implement.
    #[error("unsupported {what} version {version}")]
    Version {
        /// What carries the version.
        what: &'static str,
        /// The version found.
        version: u64,
    },
    /// The segments or sections are not arranged as the specification says.
    #[error("malformed {what}: {reason}")]
    Structure {
        /// TC string, GPP string, …
        what: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// A value cannot be encoded (out of the field's range).
    #[error("cannot encode {field}: {reason}")]
    Encode {
        /// Field name.
        field: &'static str,
        /// Why.
        reason: String,
    },
    /// JSON input does not describe a string (wrong type, unknown field, …).
    #[error("JSON {path}: {reason}")]
    Json {
        /// Where in the JSON.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// The policy's IAB configuration is inconsistent.
    #[error("IAB mapping: {0}")]
    Mapping(String),
}
