//! `consentry`: Consentry for sites not written in Rust (PHP, WordPress,
//! Django, static hosting), as a sidecar behind their reverse proxy, and the
//! tools around the consent record log.
//!
//! Each subcommand lives in its own module; add one by adding a variant to
//! [`Command`] and a module with its `Args` and `run`.
//!
//! Exit codes (also in `consentry --help`): see [`error::EXIT_CODES`].
#![forbid(unsafe_code)]

mod check;
mod decide;
mod error;
mod iab;
mod policy;
mod records;
mod serve;
mod visitor;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Consentry: consent enforcement and proof of consent, as a sidecar.
#[derive(Parser)]
#[command(name = "consentry", version, about, long_about = None, after_help = error::EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the records endpoint, /.well-known/gpc.json and the drop-in files.
    Serve(serve::Args),
    /// Validate a policy file: every problem with its JSON path.
    Check(check::Args),
    /// What Consentry decides for URLs, categories or services, given a consent and signals.
    Decide(decide::Args),
    /// The consent record log: export, verify, purge.
    #[command(subcommand)]
    Records(records::Command),
    /// IAB TC and GPP strings: decode, encode, and what the policy maps a visitor to.
    #[command(subcommand)]
    Iab(iab::Command),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve(a) => serve::run(a),
        Command::Check(a) => check::run(a),
        Command::Decide(a) => decide::run(a),
        Command::Records(c) => records::run(c),
        Command::Iab(c) => iab::run(c),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("consentry: {e}");
            ExitCode::from(e.code())
        }
    }
}
