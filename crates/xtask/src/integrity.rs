//! Subresource Integrity for the built files, so a site can pin the exact
//! drop-in it reviewed (`<script src integrity="sha384-…">`).

use crate::tools::base64;
use sha2::{Digest, Sha384};
use std::path::Path;

/// The files a page or bundler fetches by URL.
pub const FILES: [&str; 8] = [
    "consentry.js",
    "consentry-engine.js",
    "consentry-sw.js",
    "consentry.mjs",
    "consentry_bg.wasm",
    crate::dist::DIALOG,
    crate::iab_dist::JS,
    crate::iab_dist::WASM,
];

/// `sha384-<base64>` of some bytes: the form browsers check.
pub fn sri(bytes: &[u8]) -> String {
    format!("sha384-{}", base64(&Sha384::digest(bytes)))
}

/// Writes `integrity.json` (file → hash) beside the built files and returns
/// the drop-in snippet to paste first in `<head>`.
pub fn write(dist: &Path) -> Result<String, String> {
    let mut map = serde_json::Map::new();
    for f in FILES {
        let bytes = std::fs::read(dist.join(f)).map_err(|e| format!("{f}: {e}"))?;
        map.insert(f.to_owned(), sri(&bytes).into());
    }
    let json = serde_json::to_string_pretty(&map).map_err(|e| e.to_string())?;
    std::fs::write(dist.join("integrity.json"), json + "\n").map_err(|e| e.to_string())?;
    Ok(format!(
        "<script src=\"/consentry.js\" integrity=\"{}\" crossorigin=\"anonymous\"></script>",
        map["consentry.js"].as_str().unwrap_or_default()
    ))
}

#[cfg(test)]
mod tests {
    use super::sri;

    #[test]
    fn sri_of_known_input() {
        // `printf abc | openssl dgst -sha384 -binary | base64`
        assert_eq!(
            sri(b"abc"),
            "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn"
        );
    }
}
