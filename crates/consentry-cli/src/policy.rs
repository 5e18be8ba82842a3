//! Reading a policy file, shared by the subcommands.

use crate::error::Error;
use consentry_core::Policy;
use std::path::Path;

/// The policy at `path`, or an input error naming the file and every problem.
pub fn load(path: &Path) -> Result<Policy, Error> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::Input(format!("{}: {e}", path.display())))?;
    Policy::from_json(&text).map_err(|e| Error::Input(format!("{}: {e}", path.display())))
}
