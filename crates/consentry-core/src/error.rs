use core::fmt;
use std::string::String;
use std::vec::Vec;

/// A single problem found in a policy, with the JSON path where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where, e.g. `categories[2].services[0].hosts[1]`; empty for the document root.
    pub path: String,
    /// What is wrong, e.g. `not a host`.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            f.write_str(&self.path)?;
            f.write_str(": ")?;
            f.write_str(&self.message)
        }
    }
}

/// Every problem of an invalid policy, one per line when displayed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            fmt::Display::fmt(p, f)?;
        }
        Ok(())
    }
}

/// Errors of consentry-core.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The policy text is not JSON at all.
    #[error("policy is not valid JSON: {0}")]
    Json(String),
    /// The policy is JSON but breaks one or more rules.
    #[error("invalid policy ({count} problem(s)):\n{problems}", count = .0.0.len(), problems = .0)]
    Policy(Problems),
    /// A consent receipt breaks one or more rules of its format.
    #[error("invalid receipt ({count} problem(s)):\n{problems}", count = .0.0.len(), problems = .0)]
    Receipt(Problems),
    /// The visitor's choice names a category or service the policy lacks.
    #[error("unknown {kind} `{id}`")]
    Unknown {
        /// `category` or `service`.
        kind: &'static str,
        /// The id given.
        id: String,
    },
    /// The preferences dialog's data (`consentry-dialog.json`) was refused:
    /// malformed, hostile, or made for another build.
    #[error("dialog data refused: {0}")]
    DialogData(String),
}

impl Error {
    /// The individual policy problems, if this is a policy error.
    pub fn problems(&self) -> &[Problem] {
        match self {
            Error::Policy(p) | Error::Receipt(p) => &p.0,
            _ => &[],
        }
    }
}
