//! The validator's context: the problems found so far, each with its path,
//! and typed readers of the loose JSON tree that report what they reject.

use super::{is_lang, is_safe_link, join, one_of, MAX_LIST, MAX_TEXT};
use crate::category::Texts;
use crate::error::Problem;
use crate::host::HostIndex;
use crate::json::Json;
use crate::service::Service;
use crate::text::{concat, index, join as join_list, num};

pub(super) struct Ctx {
    pub(super) problems: Vec<Problem>,
    /// Ids and host rules of site services read so far, so duplicates are
    /// reported where they occur (document order).
    pub(super) site_ids: Vec<std::borrow::Cow<'static, str>>,
    pub(super) site_hosts: HostIndex,
    pub(super) category_ids: Vec<String>,
}

impl Ctx {
    pub(super) fn err(&mut self, path: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            path: path.into(),
            message: message.into(),
        });
    }

    pub(super) fn object<'a>(&mut self, v: &'a Json, path: &str) -> Option<&'a [(String, Json)]> {
        match v {
            Json::Object(o) => Some(o),
            other => {
                self.err(path, concat(&["expected an object, found ", other.kind()]));
                None
            }
        }
    }

    pub(super) fn array<'a>(&mut self, v: &'a Json, path: &str) -> Option<&'a [Json]> {
        match v {
            Json::Array(a) if a.len() > MAX_LIST => {
                self.err(
                    path,
                    concat(&["too many entries (at most ", &num(MAX_LIST as u64), ")"]),
                );
                None
            }
            Json::Array(a) => Some(a),
            other => {
                self.err(path, concat(&["expected an array, found ", other.kind()]));
                None
            }
        }
    }

    pub(super) fn string<'a>(&mut self, v: &'a Json, path: &str) -> Option<&'a str> {
        match v {
            Json::String(s) if s.len() > MAX_TEXT => {
                self.err(
                    path,
                    concat(&["too long (at most ", &num(MAX_TEXT as u64), " bytes)"]),
                );
                None
            }
            Json::String(s) => Some(s),
            other => {
                self.err(path, concat(&["expected a string, found ", other.kind()]));
                None
            }
        }
    }

    pub(super) fn bool(&mut self, v: &Json, path: &str) -> Option<bool> {
        match v {
            Json::Bool(b) => Some(*b),
            other => {
                self.err(
                    path,
                    concat(&["expected true or false, found ", other.kind()]),
                );
                None
            }
        }
    }

    pub(super) fn int(&mut self, v: &Json, path: &str, min: u32, max: u32) -> Option<u32> {
        match v {
            Json::Number(n) if n.fract() == 0.0 && *n >= f64::from(min) && *n <= f64::from(max) => {
                Some(*n as u32)
            }
            Json::Number(_) => {
                self.err(
                    path,
                    concat(&[
                        "expected a whole number from ",
                        &num(min.into()),
                        " to ",
                        &num(max.into()),
                    ]),
                );
                None
            }
            other => {
                self.err(path, concat(&["expected a number, found ", other.kind()]));
                None
            }
        }
    }

    /// The value paired with `s` among `names` (the schema's enum values, in
    /// the order of `values`); reports anything else.
    pub(super) fn choice<T: Copy, const N: usize>(
        &mut self,
        s: Option<&str>,
        path: &str,
        names: &[&str; N],
        values: [T; N],
    ) -> Option<T> {
        let i = names.iter().position(|n| Some(*n) == s);
        if i.is_none() && s.is_some() {
            self.err(path, concat(&["expected ", &one_of(names)]));
        }
        i.map(|i| values[i])
    }

    pub(super) fn unknown(&mut self, path: &str, key: &str, allowed: &[&str]) {
        self.err(
            &join(path, key),
            concat(&[
                "unknown field (expected one of: ",
                &join_list(allowed, ", "),
                ")",
            ]),
        );
    }

    /// Records a site service's id and host rules; false (with the problems
    /// reported) when the id was already taken.
    pub(super) fn claim(&mut self, s: &Service, path: &str) -> bool {
        if self.site_ids.contains(&s.id) {
            self.err(
                &join(path, "id"),
                concat(&["duplicate service `", &s.id, "`"]),
            );
            return false;
        }
        let idx = self.site_ids.len();
        self.site_ids.push(s.id.clone());
        for (h, rule) in s.hosts.iter().enumerate() {
            if let Some(other) = self.site_hosts.insert(rule, idx) {
                let msg = concat(&[
                    "`",
                    &rule.host,
                    &rule.path,
                    "` is already claimed by service `",
                    &self.site_ids[other],
                    "`",
                ]);
                self.err(&index(&join(path, "hosts"), h), msg);
            }
        }
        true
    }

    pub(super) fn texts(&mut self, v: &Json, path: &str) -> Texts {
        let mut t = Texts::new();
        match v {
            Json::String(_) => {
                if let Some(s) = self.string(v, path) {
                    t.insert("en".into(), s.into());
                }
            }
            Json::Object(o) => {
                for (lang, s) in o {
                    let p = join(path, lang);
                    if !is_lang(lang) {
                        self.err(&p, "not a language tag (e.g. en, pt-BR)");
                    } else if let Some(s) = self.string(s, &p) {
                        t.insert(lang.clone(), s.into());
                    }
                }
            }
            other => self.err(
                path,
                concat(&[
                    "expected a string or an object of language → text, found ",
                    other.kind(),
                ]),
            ),
        }
        t
    }

    pub(super) fn url(&mut self, v: &Json, path: &str) -> Option<String> {
        let s = self.string(v, path)?;
        if is_safe_link(s) {
            Some(s.into())
        } else {
            self.err(path, "not an http(s) or relative URL");
            None
        }
    }

    /// `YYYY-MM-DD` with a month 01-12 and a day 01-31 (the schema's pattern).
    pub(super) fn date(&mut self, v: &Json, path: &str) -> Option<String> {
        let s = self.string(v, path)?;
        let b = s.as_bytes();
        let num = |i: usize| {
            b[i..i + 2]
                .iter()
                .all(u8::is_ascii_digit)
                .then(|| (b[i] - b'0') * 10 + (b[i + 1] - b'0'))
        };
        let ok = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b[..4].iter().all(u8::is_ascii_digit)
            && matches!(num(5), Some(1..=12))
            && matches!(num(8), Some(1..=31));
        if ok {
            Some(s.into())
        } else {
            self.err(path, "not a date (YYYY-MM-DD)");
            None
        }
    }

    pub(super) fn list<T>(
        &mut self,
        v: &Json,
        path: &str,
        what: &str,
        f: impl Fn(&str) -> Option<T>,
    ) -> Vec<T> {
        let mut out = Vec::new();
        for (i, item) in self.array(v, path).unwrap_or(&[]).iter().enumerate() {
            let p = index(path, i);
            if let Some(s) = self.string(item, &p) {
                match f(s) {
                    Some(x) => out.push(x),
                    None => self.err(&p, concat(&["not ", what])),
                }
            }
        }
        out
    }
}
