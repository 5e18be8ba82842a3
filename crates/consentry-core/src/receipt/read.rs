//! The strict receipt reader: every field checked against the format, every
//! problem reported with its JSON path, unknown fields refused.

use super::{Action, Choices, Digest, Page, Receipt, Surface, VERSION};
use crate::consent::ConsentId;
use crate::error::{Error, Problem, Problems};
use crate::json::Json;
use crate::region::{Regime, Region};
use crate::schema::{
    Format, MAX_LIST, MAX_TIME, RECEIPT, RECEIPT_CHOICES, RECEIPT_OPTIONAL_FIELDS, RECEIPT_PAGE,
    RECEIPT_SERVER_FIELDS,
};
use std::string::{String, ToString};
use std::vec::Vec;

/// Who wrote the receipt being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A browser's submission: the server's fields (`receivedAt`, `ipPrefix`,
    /// `userAgent`) are refused.
    Client,
    /// A stored receipt: `receivedAt` is required, the others optional.
    Stored,
}

impl Receipt {
    /// Reads a receipt from JSON text (at most [`super::MAX_BYTES`]).
    #[cfg(feature = "json")]
    pub fn from_json(text: &str, source: Source) -> Result<Receipt, Error> {
        if text.len() > super::MAX_BYTES {
            return Err(Error::Json(format!(
                "receipt too large ({} bytes, at most {})",
                text.len(),
                super::MAX_BYTES
            )));
        }
        let v: Json = serde_json::from_str(text).map_err(|e| Error::Json(e.to_string()))?;
        Receipt::from_value(&v, source)
    }

    /// Reads a receipt from a parsed JSON tree, collecting every problem.
    pub fn from_value(v: &Json, source: Source) -> Result<Receipt, Error> {
        let mut r = Reader::default();
        let out = r.receipt(v, source);
        match out {
            Some(rec) if r.problems.is_empty() => Ok(rec),
            _ => Err(Error::Receipt(Problems(r.problems))),
        }
    }
}

#[derive(Default)]
struct Reader {
    problems: Vec<Problem>,
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.into()
    } else {
        [path, ".", key].concat()
    }
}

/// `http(s)://host[:port]` in lower case: a DNS name or a bracketed IPv6.
pub(super) fn is_origin(s: &str) -> bool {
    let Some(rest) = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
    else {
        return false;
    };
    let (host, port) = match rest.rsplit_once(':') {
        Some((h, p)) if !rest.ends_with(']') => (h, Some(p)),
        _ => (rest, None),
    };
    let port_ok =
        port.is_none_or(|p| (1..=5).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_digit()));
    let host_ok = if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        // The characters of an IPv6 literal, not a full parse: the wasm
        // builds pages too, and `Ipv6Addr`'s parser costs it kilobytes.
        v6.len() <= 45
            && v6.bytes().filter(|&c| c == b':').count() >= 2
            && v6
                .bytes()
                .all(|c| c.is_ascii_hexdigit() || c == b':' || c == b'.')
    } else {
        !host.is_empty()
            && host.split('.').all(|l| {
                !l.is_empty()
                    && l.bytes().all(|c| {
                        c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-' || c == b'_'
                    })
            })
    };
    s.len() <= Format::Origin.max_len() && port_ok && host_ok
}

/// A path: `/`, then printable ASCII but `?` and `#`.
pub(super) fn is_path(s: &str) -> bool {
    s.starts_with('/')
        && s.len() <= Format::PagePath.max_len()
        && s.bytes()
            .all(|c| (b'!'..=b'~').contains(&c) && c != b'?' && c != b'#')
}

/// `a.b.c.0/24` or an IPv6 `/48` network with its host bits zero.
pub fn is_ip_prefix(s: &str) -> bool {
    match s.split_once('/') {
        Some((a, "24")) => a
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.octets()[3] == 0 && ip.to_string() == a),
        Some((a, "48")) => a
            .parse::<std::net::Ipv6Addr>()
            .is_ok_and(|ip| ip.segments()[3..].iter().all(|s| *s == 0) && ip.to_string() == a),
        _ => false,
    }
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= Format::Id.max_len()
        && s.bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-' || c == b'_')
}

impl Reader {
    fn err(&mut self, path: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            path: path.into(),
            message: message.into(),
        });
    }

    /// The object's fields by name, in `names` order; unknown and duplicate
    /// fields reported. `None` when it is not an object.
    fn fields<'a>(
        &mut self,
        v: &'a Json,
        path: &str,
        names: &[&str],
    ) -> Option<Vec<Option<&'a Json>>> {
        let Json::Object(o) = v else {
            self.err(path, ["expected an object, found ", v.kind()].concat());
            return None;
        };
        let mut out = vec![None; names.len()];
        for (k, val) in o {
            match names.iter().position(|n| n == k) {
                Some(i) => out[i] = Some(val),
                None => self.err(&join(path, k), "unknown field"),
            }
        }
        Some(out)
    }

    fn need<'a>(&mut self, v: Option<&'a Json>, path: &str, name: &str) -> Option<&'a Json> {
        if v.is_none() {
            self.err(&join(path, name), "missing");
        }
        v
    }

    fn int(&mut self, v: &Json, path: &str, min: u64, max: u64) -> Option<u64> {
        match v {
            Json::Number(n) if n.fract() == 0.0 && *n >= min as f64 && *n <= max as f64 => {
                Some(*n as u64)
            }
            Json::Number(_) => {
                self.err(path, format!("expected a whole number from {min} to {max}"));
                None
            }
            other => {
                self.err(path, ["expected a number, found ", other.kind()].concat());
                None
            }
        }
    }

    fn bool(&mut self, v: &Json, path: &str) -> Option<bool> {
        match v {
            Json::Bool(b) => Some(*b),
            other => {
                self.err(
                    path,
                    ["expected true or false, found ", other.kind()].concat(),
                );
                None
            }
        }
    }

    /// A string of `format`, checked by `ok`.
    fn string(
        &mut self,
        v: &Json,
        path: &str,
        format: Format,
        what: &str,
        ok: impl Fn(&str) -> bool,
    ) -> Option<String> {
        match v {
            Json::String(s) if s.len() > format.max_len() => {
                self.err(
                    path,
                    format!("too long (at most {} bytes)", format.max_len()),
                );
                None
            }
            Json::String(s) if ok(s) => Some(s.clone()),
            Json::String(_) => {
                self.err(path, ["not ", what].concat());
                None
            }
            other => {
                self.err(path, ["expected a string, found ", other.kind()].concat());
                None
            }
        }
    }

    fn choices(&mut self, v: &Json, path: &str) -> Option<Choices> {
        let f = self.fields(v, path, RECEIPT_CHOICES)?;
        let mut lists = [Vec::new(), Vec::new()];
        for (i, name) in RECEIPT_CHOICES.iter().enumerate() {
            let p = join(path, name);
            let Some(Json::Array(items)) = self.need(f[i], path, name) else {
                if let Some(other) = f[i] {
                    self.err(&p, ["expected an array, found ", other.kind()].concat());
                }
                continue;
            };
            if items.len() > MAX_LIST {
                self.err(&p, format!("too many entries (at most {MAX_LIST})"));
                continue;
            }
            for (j, item) in items.iter().enumerate() {
                let ip = format!("{p}[{j}]");
                if let Some(id) = self.string(item, &ip, Format::Id, "an id", is_id) {
                    if lists[0].contains(&id) || lists[1].contains(&id) {
                        self.err(&ip, format!("`{id}` listed twice"));
                    } else {
                        lists[i].push(id);
                    }
                }
            }
        }
        let [granted, refused] = lists;
        Some(Choices { granted, refused })
    }

    fn page(&mut self, v: &Json, path: &str) -> Option<Page> {
        let f = self.fields(v, path, RECEIPT_PAGE)?;
        let origin = self.need(f[0], path, "origin").and_then(|v| {
            let p = join(path, "origin");
            self.string(
                v,
                &p,
                Format::Origin,
                "an http(s) origin in lower case",
                is_origin,
            )
        });
        let path_v = self.need(f[1], path, "path").and_then(|v| {
            let p = join(path, "path");
            self.string(
                v,
                &p,
                Format::PagePath,
                "a path without query or fragment",
                is_path,
            )
        });
        Some(Page {
            origin: origin?,
            path: path_v?,
        })
    }

    fn receipt(&mut self, v: &Json, source: Source) -> Option<Receipt> {
        let f = self.fields(v, "", RECEIPT)?;
        let at = |name: &str| RECEIPT.iter().position(|n| *n == name).unwrap_or(0);
        let get = |r: &mut Reader, name: &str| -> Option<&Json> {
            let v = f[at(name)];
            let server = RECEIPT_SERVER_FIELDS.contains(&name);
            match (server, source) {
                (true, Source::Client) => {
                    if v.is_some() {
                        r.err(name, "set by the server only");
                    }
                    None
                }
                (true, Source::Stored) if name != "receivedAt" => v,
                _ if RECEIPT_OPTIONAL_FIELDS.contains(&name) => v,
                _ => r.need(v, "", name),
            }
        };
        let version = get(self, "version").and_then(|v| self.int(v, "version", 0, u64::MAX >> 11));
        if version.is_some_and(|v| v != u64::from(VERSION)) {
            self.err(
                "version",
                format!("unsupported version (this reader knows {VERSION})"),
            );
        }
        let consent_id = get(self, "consentId").and_then(|v| {
            self.string(
                v,
                "consentId",
                Format::ConsentId,
                "32 lowercase hex digits",
                |s| ConsentId::from_hex(s).is_some(),
            )
        });
        let seq = get(self, "seq").and_then(|v| self.int(v, "seq", 1, u32::MAX.into()));
        let client_time =
            get(self, "clientTime").and_then(|v| self.int(v, "clientTime", 0, MAX_TIME));
        let received_at =
            get(self, "receivedAt").and_then(|v| self.int(v, "receivedAt", 0, MAX_TIME));
        let revision = get(self, "policyRevision")
            .and_then(|v| self.int(v, "policyRevision", 0, u32::MAX.into()));
        let digest = |r: &mut Reader, name: &str| {
            get(r, name).and_then(|v| {
                r.string(v, name, Format::Sha256, "64 lowercase hex digits", |s| {
                    Digest::from_hex(s).is_some()
                })
            })
        };
        let policy_hash = digest(self, "policyHash");
        let texts_hash = digest(self, "textsHash");
        let language = get(self, "language").and_then(|v| {
            self.string(
                v,
                "language",
                Format::Lang,
                "a language tag",
                crate::config::is_lang,
            )
        });
        let surface = get(self, "surface").and_then(|v| {
            self.string(v, "surface", Format::Id, "a surface", |s| {
                Surface::parse(s).is_some()
            })
        });
        let action = get(self, "action").and_then(|v| {
            self.string(v, "action", Format::Id, "an action", |s| {
                Action::parse(s).is_some()
            })
        });
        let categories = get(self, "categories").and_then(|v| self.choices(v, "categories"));
        let services = get(self, "services").and_then(|v| self.choices(v, "services"));
        let regime = get(self, "regime").and_then(|v| {
            self.string(v, "regime", Format::Id, "a regime", |s| {
                Regime::parse(s).is_some()
            })
        });
        let region = get(self, "region").and_then(|v| match v {
            Json::Null => Some(None),
            v => self
                .string(v, "region", Format::Region, "a region code", |s| {
                    Region::parse(s).is_some_and(|r| r.as_str() == s)
                })
                .map(|s| Region::parse(&s)),
        });
        let gpc = get(self, "gpc").and_then(|v| self.bool(v, "gpc"));
        let dnt = get(self, "dnt").and_then(|v| self.bool(v, "dnt"));
        let page = get(self, "page").and_then(|v| self.page(v, "page"));
        let iab = |r: &mut Reader, name: &str| {
            get(r, name).and_then(|v| {
                r.string(v, name, Format::IabString, "an IAB TC or GPP string", |s| {
                    super::is_iab_string(s)
                })
            })
        };
        let tc_string = iab(self, "tcString");
        let gpp_string = iab(self, "gppString");
        let ip_prefix = get(self, "ipPrefix").and_then(|v| {
            self.string(
                v,
                "ipPrefix",
                Format::IpPrefix,
                "a /24 or /48 network",
                is_ip_prefix,
            )
        });
        let user_agent = get(self, "userAgent").and_then(|v| {
            self.string(v, "userAgent", Format::UserAgent, "printable ASCII", |s| {
                s.bytes().all(|c| (b' '..=b'~').contains(&c))
            })
        });
        if let Some(c) = &categories {
            if c.refused.iter().any(|id| id == crate::category::MANDATORY) {
                self.err("categories.refused", "`mandatory` cannot be refused");
            }
        }
        Some(Receipt {
            consent_id: ConsentId::from_hex(&consent_id?)?,
            seq: u32::try_from(seq?).ok()?,
            client_time: client_time?,
            received_at,
            policy_revision: u32::try_from(revision?).ok()?,
            policy_hash: Digest::from_hex(&policy_hash?)?,
            language: language?,
            texts_hash: Digest::from_hex(&texts_hash?)?,
            surface: Surface::parse(&surface?)?,
            action: Action::parse(&action?)?,
            categories: categories?,
            services: services?,
            regime: Regime::parse(&regime?)?,
            region: region?,
            gpc: gpc?,
            dnt: dnt?,
            page: page?,
            tc_string,
            gpp_string,
            ip_prefix,
            user_agent,
        })
    }
}
