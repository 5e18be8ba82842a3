//! The program's one error type and its exit codes.

/// The exit codes, as `--help` shows them.
pub const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  the check failed: invalid policy (check), broken hash chain (records verify)
  2  usage error (unknown option, missing argument)
  3  an input could not be read: file missing, policy invalid, bad date or id
  4  the record database could not be opened or failed
  5  the server could not start (address in use, …)";

/// Errors of the `consentry` program.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// What was checked is wrong (exit 1).
    #[error("{0}")]
    Failed(String),
    /// An input could not be read (exit 3).
    #[error("{0}")]
    Input(String),
    /// The record store failed (exit 4).
    #[error("{0}")]
    Store(#[from] consentry_server::Error),
    /// The server could not start (exit 5).
    #[error("{0}")]
    Serve(String),
}

impl Error {
    /// The process exit code.
    pub fn code(&self) -> u8 {
        match self {
            Error::Failed(_) => 1,
            Error::Input(_) => 3,
            Error::Store(_) => 4,
            Error::Serve(_) => 5,
        }
    }
}

/// A multi-threaded tokio runtime for the async subcommands.
pub fn runtime() -> Result<tokio::runtime::Runtime, Error> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Serve(format!("cannot start the runtime: {e}")))
}
