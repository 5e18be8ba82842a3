//! `consentry iab`: IAB TC and GPP strings, decoded to and encoded from the
//! reference libraries' JSON, and the strings Consentry's mapping gives a
//! visitor (for checking against other implementations).

use crate::error::Error;
use consentry_core::Decider;
use std::io::Read;
use std::path::PathBuf;

/// IAB TC (TCF v2.3) and GPP strings.
#[derive(clap::Subcommand)]
pub enum Command {
    /// Print a TC or GPP string's fields as JSON (`@iabtcf/core`, `@iabgpp/cmpapi` names).
    Decode {
        /// The TC or GPP string.
        string: String,
    },
    /// Read such JSON (a file, or `-`/nothing for stdin) and print the string.
    Encode {
        /// The JSON file; stdin when left out or `-`.
        file: Option<PathBuf>,
    },
    /// The TC and GPP strings the policy's `iab` mapping gives a visitor.
    #[command(after_help = "Example:
  consentry iab strings --policy policy.json --gvl vendor-list.json --region-headers cloudflare \\
    -H 'Sec-GPC: 1' -H 'CF-IPCountry: US' -H 'CF-Region-Code: CA'")]
    Strings(StringsArgs),
}

/// Arguments of `iab strings`.
#[derive(clap::Args)]
pub struct StringsArgs {
    /// The policy file (JSON), with an `iab` section.
    #[arg(long)]
    policy: PathBuf,
    /// The site's Global Vendor List (JSON); without it no TC string.
    #[arg(long)]
    gvl: Option<PathBuf>,
    #[command(flatten)]
    visitor: crate::visitor::VisitorArgs,
}

pub fn run(c: Command) -> Result<(), Error> {
    match c {
        Command::Decode { string } => {
            let v = consentry_iab::decode_to_json(string.trim())
                .map_err(|e| Error::Input(format!("not a valid TC or GPP string: {e}")))?;
            println!("{}", pretty(&v)?);
        }
        Command::Encode { file } => {
            let text = match file.as_deref() {
                None => read_stdin()?,
                Some(p) if p.as_os_str() == "-" => read_stdin()?,
                Some(p) => std::fs::read_to_string(p)
                    .map_err(|e| Error::Input(format!("{}: {e}", p.display())))?,
            };
            let v: serde_json::Value =
                serde_json::from_str(&text).map_err(|e| Error::Input(format!("not JSON: {e}")))?;
            let s = consentry_iab::encode_from_json(&v)
                .map_err(|e| Error::Input(format!("cannot encode: {e}")))?;
            println!("{s}");
        }
        Command::Strings(a) => strings(a)?,
    }
    Ok(())
}

fn strings(a: StringsArgs) -> Result<(), Error> {
    let policy = crate::policy::load(&a.policy)?;
    let gvl = match &a.gvl {
        None => None,
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .map_err(|e| Error::Input(format!("{}: {e}", p.display())))?;
            Some(
                consentry_iab::Gvl::from_json(&text)
                    .map_err(|e| Error::Input(format!("{}: {e}", p.display())))?,
            )
        }
    };
    let (signals, stored, now) = a.visitor.resolve(&policy)?;
    let d = Decider::new(&policy, stored, &signals);
    let e = |e: consentry_iab::IabError| Error::Input(e.to_string());
    let s = consentry_iab::strings_for(&d, &signals, gvl.as_ref(), now).map_err(e)?;
    let v = serde_json::json!({
        "tcString": s.tc_string().map_err(e)?,
        "gppString": s.gpp_string().map_err(e)?,
        "sectionIds": s.gpp.section_ids(),
    });
    println!("{}", pretty(&v)?);
    Ok(())
}

fn pretty(v: &serde_json::Value) -> Result<String, Error> {
    serde_json::to_string_pretty(v).map_err(|e| Error::Input(e.to_string()))
}

fn read_stdin() -> Result<String, Error> {
    let mut s = String::new();
    std::io::stdin()
        .read_to_string(&mut s)
        .map_err(|e| Error::Input(format!("stdin: {e}")))?;
    Ok(s)
}
