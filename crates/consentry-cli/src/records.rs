//! `consentry records …`: the consent record log's export, verification
//! and purge, on the same database `serve` writes.

use crate::error::{runtime, Error};
use consentry_core::ConsentId;
use consentry_server::records::{self, verify, Record, DEFAULT_RETENTION_DAYS};
use std::io::Write as _;

/// The record database.
#[derive(clap::Args)]
pub struct Db {
    /// The record database: `sqlite:PATH` or `postgres://user@host:port/db`.
    #[arg(long, env = "CONSENTRY_DB")]
    db: String,
}

#[derive(clap::Subcommand)]
pub enum Command {
    /// Write records to standard output: one visitor's, or all since a date.
    Export(Export),
    /// Check the hash chain: exit 1 if a record was changed, removed or reordered.
    Verify(Db),
    /// Delete records older than the retention period (a prefix of the chain).
    Purge(Purge),
    /// Append an export (`records export --format jsonl`, read from standard
    /// input) to this database in order, keeping each receipt's server time:
    /// how a log moves from SQLite to PostgreSQL.
    Import(Db),
}

/// Export records.
#[derive(clap::Args)]
#[group(id = "which", required = true, multiple = false, args = ["consent_id", "since"])]
pub struct Export {
    #[command(flatten)]
    db: Db,
    /// One visitor's records: their consent id (32 hex digits, shown in the dialog).
    #[arg(long)]
    consent_id: Option<String>,
    /// Every record received on or after this UTC date (`2026-01-31`) or time (`2026-01-31T12:00:00Z`).
    #[arg(long)]
    since: Option<String>,
    /// `jsonl`: one `{"n","hash","receipt"}` object a line, the chain re-checkable from it; `csv`: one row a record.
    #[arg(long, value_enum, default_value = "jsonl")]
    format: Format,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Jsonl,
    Csv,
}

/// Purge old records.
#[derive(clap::Args)]
pub struct Purge {
    #[command(flatten)]
    db: Db,
    /// Keep records received in the last N days (default: 1095, three years; see the README).
    #[arg(long, default_value_t = DEFAULT_RETENTION_DAYS)]
    older_than_days: u32,
}

pub fn run(c: Command) -> Result<(), Error> {
    runtime()?.block_on(async move {
        match c {
            Command::Export(a) => export(a).await,
            Command::Verify(a) => check(a).await,
            Command::Purge(a) => purge(a).await,
            Command::Import(a) => import(a).await,
        }
    })
}

/// Unix milliseconds of `YYYY-MM-DD` (midnight UTC) or `YYYY-MM-DDTHH:MM:SSZ`.
pub fn parse_time(s: &str) -> Option<u64> {
    let (date, time) = match s.split_once('T') {
        Some((d, t)) => (d, Some(t.strip_suffix('Z')?)),
        None => (s, None),
    };
    let mut d = date.split('-');
    let (y, m, day): (i64, i64, i64) = (
        d.next()?.parse().ok()?,
        d.next()?.parse().ok()?,
        d.next()?.parse().ok()?,
    );
    if d.next().is_some() || !(1970..=9999).contains(&y) || !(1..=12).contains(&m) {
        return None;
    }
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if day < 1 || day > month_days[(m - 1) as usize] {
        return None;
    }
    // Days from the civil date (H. Hinnant's algorithm).
    let (yy, mm) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = yy.div_euclid(400);
    let yoe = yy - era * 400;
    let doy = (153 * mm + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = match time {
        None => 0,
        Some(t) => {
            let mut p = t.split(':');
            let (h, mi, se): (i64, i64, i64) = (
                p.next()?.parse().ok()?,
                p.next()?.parse().ok()?,
                p.next()?.parse().ok()?,
            );
            if p.next().is_some() || h > 23 || mi > 59 || se > 59 || h < 0 || mi < 0 || se < 0 {
                return None;
            }
            h * 3600 + mi * 60 + se
        }
    };
    u64::try_from((days * 86_400 + secs) * 1000).ok()
}

/// A CSV field: quoted when needed; a leading `=`, `+`, `-` or `@` defused
/// so a spreadsheet does not run it as a formula.
fn csv(field: &str) -> String {
    let field = if field.starts_with(['=', '+', '-', '@']) {
        format!("'{field}")
    } else {
        field.to_string()
    };
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}

const CSV_HEADER: &str = "n,hash,consent_id,seq,client_time,received_at,policy_revision,policy_hash,language,texts_hash,surface,action,categories_granted,categories_refused,services_granted,services_refused,regime,region,gpc,dnt,origin,path,ip_prefix,user_agent";

fn csv_line(r: &Record) -> String {
    let t = &r.receipt;
    let fields = [
        r.n.to_string(),
        r.hash.to_string(),
        t.consent_id.to_string(),
        t.seq.to_string(),
        t.client_time.to_string(),
        t.received_at.map(|v| v.to_string()).unwrap_or_default(),
        t.policy_revision.to_string(),
        t.policy_hash.to_string(),
        t.language.clone(),
        t.texts_hash.to_string(),
        t.surface.to_string(),
        t.action.to_string(),
        t.categories.granted.join(" "),
        t.categories.refused.join(" "),
        t.services.granted.join(" "),
        t.services.refused.join(" "),
        t.regime.as_str().to_string(),
        t.region
            .as_ref()
            .map(|r| r.as_str().to_string())
            .unwrap_or_default(),
        t.gpc.to_string(),
        t.dnt.to_string(),
        t.page.origin.clone(),
        t.page.path.clone(),
        t.ip_prefix.clone().unwrap_or_default(),
        t.user_agent.clone().unwrap_or_default(),
    ];
    fields.iter().map(|f| csv(f)).collect::<Vec<_>>().join(",")
}

async fn export(a: Export) -> Result<(), Error> {
    let store = records::open(&a.db.db).await?;
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    if let Format::Csv = a.format {
        writeln!(out, "{CSV_HEADER}").map_err(|e| Error::Serve(format!("stdout: {e}")))?;
    }
    let mut write = |r: &Record| -> Result<(), Error> {
        let line = match a.format {
            Format::Jsonl => records::export_line(r),
            Format::Csv => csv_line(r),
        };
        writeln!(out, "{line}").map_err(|e| Error::Serve(format!("stdout: {e}")))
    };
    if let Some(id) = &a.consent_id {
        let id = ConsentId::from_hex(id).ok_or_else(|| {
            Error::Input(format!(
                "not a consent id (32 lowercase hex digits): `{id}`"
            ))
        })?;
        for r in store.by_consent(id).await? {
            write(&r)?;
        }
    } else if let Some(since) = &a.since {
        let since = parse_time(since).ok_or_else(|| {
            Error::Input(format!(
                "not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ): `{since}`"
            ))
        })?;
        let mut after = 0;
        loop {
            let page = store.export(since, after, 1000).await?;
            let Some(last) = page.last() else { break };
            after = last.n;
            for r in &page {
                write(r)?;
            }
        }
    }
    out.flush()
        .map_err(|e| Error::Serve(format!("stdout: {e}")))
}

async fn check(a: Db) -> Result<(), Error> {
    let store = records::open(&a.db).await?;
    let v = verify(store.as_ref()).await?;
    for p in &v.problems {
        println!("broken: {p}");
    }
    println!(
        "{} record(s) checked, chain {}..{}, head {}",
        v.checked, v.ends.first_n, v.ends.head_n, v.ends.head_hash
    );
    if v.is_intact() {
        println!("intact");
        Ok(())
    } else {
        Err(Error::Failed(format!(
            "hash chain broken ({} problem(s))",
            v.problems.len()
        )))
    }
}

async fn purge(a: Purge) -> Result<(), Error> {
    let store = records::open(&a.db.db).await?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    let before = now.saturating_sub(u64::from(a.older_than_days) * 86_400_000);
    let n = store.purge(before).await?;
    println!(
        "purged {n} record(s) received more than {} day(s) ago",
        a.older_than_days
    );
    Ok(())
}

/// Reads JSON lines `{"n","hash","receipt"}` and appends each receipt; the
/// export's own chain is checked on the way, so a damaged export stops the
/// import at the first broken line. Receipts already present (same consent
/// id and seq and content) are skipped, so an interrupted import can be rerun.
async fn import(a: Db) -> Result<(), Error> {
    use consentry_core::receipt::{Digest, Receipt, Source};
    use std::io::BufRead as _;
    let store = records::open(&a.db).await?;
    let (mut prev, mut last_n, mut added, mut skipped) = (None::<Digest>, 0u64, 0u64, 0u64);
    for (i, line) in std::io::stdin().lock().lines().enumerate() {
        let line = line.map_err(|e| Error::Input(format!("stdin: {e}")))?;
        if line.trim().is_empty() {
            continue;
        }
        let bad = |why: String| Error::Input(format!("line {}: {why}", i + 1));
        let v: serde_json::Value = serde_json::from_str(&line).map_err(|e| bad(e.to_string()))?;
        let n = v["n"].as_u64().ok_or_else(|| bad("no `n`".into()))?;
        let hash = v["hash"]
            .as_str()
            .and_then(Digest::from_hex)
            .ok_or_else(|| bad("no `hash`".into()))?;
        let receipt = Receipt::from_json(&v["receipt"].to_string(), Source::Stored)
            .map_err(|e| bad(e.to_string()))?;
        // Each line links to the one before it (the first to whatever preceded the export).
        if let Some(p) = prev {
            if n != last_n + 1 || records::link(&p, n, &receipt.to_json()) != hash {
                return Err(Error::Failed(format!(
                    "line {}: the export's chain is broken here",
                    i + 1
                )));
            }
        }
        (prev, last_n) = (Some(hash), n);
        match store.append(receipt).await? {
            records::Appended::Stored(_) => added += 1,
            records::Appended::Duplicate(_) => skipped += 1,
            records::Appended::Conflict(n) => {
                return Err(Error::Failed(format!(
                    "line {}: another receipt with this consent id and seq is already stored (record {n})",
                    i + 1
                )))
            }
        }
    }
    println!("imported {added} record(s), {skipped} already present");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        assert_eq!(parse_time("1970-01-01"), Some(0));
        assert_eq!(parse_time("2000-03-01"), Some(951_868_800_000));
        assert_eq!(parse_time("2024-02-29T12:30:15Z"), Some(1_709_209_815_000));
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-1-1x",
            "yesterday",
            "2024-01-01T25:00:00Z",
            "2024-01-01T10:00:00",
        ] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn csv_fields() {
        assert_eq!(csv("plain"), "plain");
        assert_eq!(csv("a,b"), "\"a,b\"");
        assert_eq!(csv("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    }
}
