//! [`Json::parse`]: a small strict JSON reader, so the wasm build parses the
//! site's policy without serde or float-parsing tables.

use super::Json;
use crate::text::{concat, num};
use std::string::String;
use std::vec::Vec;

/// The reader's own recursion limit (serde_json's), far above the validator's
/// limit so the validator, not the reader, reports ordinary deep nesting.
const READ_DEPTH: usize = 128;

impl Json {
    /// Reads JSON text (RFC 8259, strict like serde_json: no trailing commas,
    /// comments, lone surrogates or duplicate keys). Hand-written so the wasm
    /// build carries neither serde nor float-parsing tables. Whole numbers
    /// below 2^128, and numbers of at most 15 significant digits with a
    /// decimal exponent within ±22, are correctly rounded; others may be a few
    /// ulps off (policy numbers are small whole numbers).
    pub fn parse(text: &str) -> Result<Json, String> {
        let mut r = Reader {
            s: text.as_bytes(),
            i: 0,
        };
        let v = r.value(0)?;
        r.ws();
        if r.i < r.s.len() {
            return Err(r.fail("trailing characters"));
        }
        Ok(v)
    }
}

struct Reader<'a> {
    s: &'a [u8],
    i: usize,
}

impl Reader<'_> {
    fn fail(&self, what: &str) -> String {
        concat(&[what, " at byte ", &num(self.i as u64)])
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.s.get(self.i) {
            self.i += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        let hit = self.s.get(self.i) == Some(&b);
        self.i += usize::from(hit);
        hit
    }

    fn word(&mut self, w: &str, v: Json) -> Result<Json, String> {
        if self.s[self.i..].starts_with(w.as_bytes()) {
            self.i += w.len();
            Ok(v)
        } else {
            Err(self.fail("expected a value"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, String> {
        if depth > READ_DEPTH {
            return Err(self.fail("nested too deeply"));
        }
        self.ws();
        match self.s.get(self.i) {
            Some(b'n') => self.word("null", Json::Null),
            Some(b't') => self.word("true", Json::Bool(true)),
            Some(b'f') => self.word("false", Json::Bool(false)),
            Some(b'"') => self.string().map(Json::String),
            Some(b'[') => {
                self.i += 1;
                let mut out = Vec::new();
                self.ws();
                if !self.eat(b']') {
                    loop {
                        out.push(self.value(depth + 1)?);
                        self.ws();
                        if self.eat(b']') {
                            break;
                        }
                        if !self.eat(b',') {
                            return Err(self.fail("expected `,` or `]`"));
                        }
                    }
                }
                Ok(Json::Array(out))
            }
            Some(b'{') => {
                self.i += 1;
                let mut out: Vec<(String, Json)> = Vec::new();
                self.ws();
                if !self.eat(b'}') {
                    loop {
                        self.ws();
                        if self.s.get(self.i) != Some(&b'"') {
                            return Err(self.fail("expected a key"));
                        }
                        let at = self.i;
                        let k = self.string()?;
                        self.ws();
                        if !self.eat(b':') {
                            return Err(self.fail("expected `:`"));
                        }
                        let v = self.value(depth + 1)?;
                        if out.iter().any(|(e, _)| *e == k) {
                            return Err(concat(&[
                                "duplicate key `",
                                &k,
                                "` at byte ",
                                &num(at as u64),
                            ]));
                        }
                        out.push((k, v));
                        self.ws();
                        if self.eat(b'}') {
                            break;
                        }
                        if !self.eat(b',') {
                            return Err(self.fail("expected `,` or `}`"));
                        }
                    }
                }
                Ok(Json::Object(out))
            }
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.fail("expected a value")),
        }
    }

    /// A string; `self.i` is at the opening quote.
    fn string(&mut self) -> Result<String, String> {
        self.i += 1;
        let mut out = Vec::new();
        loop {
            let start = self.i;
            while let Some(&b) = self.s.get(self.i) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.i += 1;
            }
            out.extend_from_slice(&self.s[start..self.i]);
            match self.s.get(self.i) {
                Some(b'"') => {
                    self.i += 1;
                    // Only whole UTF-8 runs of valid input and encoded chars were copied.
                    return String::from_utf8(out).map_err(|_| self.fail("invalid UTF-8"));
                }
                Some(b'\\') => {
                    self.i += 1;
                    let c = match self.s.get(self.i) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => self.unicode()?,
                        _ => return Err(self.fail("invalid escape")),
                    };
                    self.i += 1;
                    let mut buf = [0; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                Some(_) => return Err(self.fail("control character in string")),
                None => return Err(self.fail("unterminated string")),
            }
        }
    }

    /// `\uXXXX` (and its low surrogate); `self.i` is at the `u`, and is left
    /// on the last hex digit.
    fn unicode(&mut self) -> Result<char, String> {
        let hi = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&hi) {
            if !self.s[self.i + 1..].starts_with(b"\\u") {
                return Err(self.fail("lone surrogate"));
            }
            self.i += 2;
            let lo = self.hex4()?;
            if !(0xDC00..0xE000).contains(&lo) {
                return Err(self.fail("lone surrogate"));
            }
            0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
        } else {
            hi
        };
        char::from_u32(code).ok_or_else(|| self.fail("lone surrogate"))
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let mut n = 0;
        for _ in 0..4 {
            self.i += 1;
            let d = match self.s.get(self.i) {
                Some(&b @ b'0'..=b'9') => b - b'0',
                Some(&b @ b'a'..=b'f') => b - b'a' + 10,
                Some(&b @ b'A'..=b'F') => b - b'A' + 10,
                _ => return Err(self.fail("invalid \\u escape")),
            };
            n = n * 16 + u32::from(d);
        }
        Ok(n)
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while let Some(b'0'..=b'9') = self.s.get(self.i) {
            self.i += 1;
        }
        self.i - start
    }

    /// A number: up to 38 significant digits kept exactly, then scaled by
    /// its power of ten (one correctly rounded step when both are exact).
    fn number(&mut self) -> Result<Json, String> {
        let start = self.i;
        let neg = self.eat(b'-');
        let int_start = self.i;
        let int_len = self.digits();
        if int_len == 0 || (int_len > 1 && self.s[int_start] == b'0') {
            return Err(self.fail("invalid number"));
        }
        let has_dot = self.eat(b'.');
        let frac_start = self.i;
        let frac_len = if has_dot { self.digits() } else { 0 };
        if has_dot && frac_len == 0 {
            return Err(self.fail("invalid number"));
        }
        let mut exp: i64 = 0;
        if self.eat(b'e') || self.eat(b'E') {
            let neg_exp = self.eat(b'-');
            if !neg_exp {
                self.eat(b'+');
            }
            let exp_start = self.i;
            if self.digits() == 0 {
                return Err(self.fail("invalid number"));
            }
            for &d in &self.s[exp_start..self.i] {
                exp = (exp * 10 + i64::from(d - b'0')).min(100_000);
            }
            if neg_exp {
                exp = -exp;
            }
        }
        let int = &self.s[int_start..int_start + int_len];
        let frac = &self.s[frac_start..frac_start + frac_len];
        let mut mant: u128 = 0;
        let mut kept = 0;
        for &d in int.iter().chain(frac) {
            if kept < 38 {
                mant = mant * 10 + u128::from(d - b'0');
                if mant > 0 {
                    kept += 1;
                }
            } else {
                exp += 1;
            }
        }
        // Each digit past the 38th was dropped (×10 each); the fraction's
        // digits were read as whole units (÷10 each).
        exp -= frac_len as i64;
        let v = scale(mant, exp);
        if !v.is_finite() {
            self.i = start;
            return Err(self.fail("number out of range"));
        }
        Ok(Json::Number(if neg { -v } else { v }))
    }
}

/// `mant × 10^exp`: correctly rounded when the product is a whole number
/// below 2^128 or both factors are exact doubles; else within a few ulps.
fn scale(mut mant: u128, mut exp: i64) -> f64 {
    const POW10: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    if mant == 0 {
        return 0.0;
    }
    while exp > 0 && mant <= u128::MAX / 10 {
        mant *= 10;
        exp -= 1;
    }
    let m = mant as f64;
    if exp == 0 || (mant < 1 << 53 && exp >= -22) {
        return m / POW10[exp.unsigned_abs() as usize];
    }
    let mut v = m;
    let mut e = exp.clamp(-400, 400);
    while e > 0 {
        let k = e.min(22);
        v *= POW10[k as usize];
        e -= k;
    }
    while e < 0 {
        let k = (-e).min(22);
        v /= POW10[k as usize];
        e += k;
    }
    v
}

#[cfg(test)]
mod tests {
    use super::Json;
    use proptest::prelude::*;

    /// serde_json's reading of the same text, through the same tree.
    fn serde(text: &str) -> Option<Json> {
        serde_json::from_str(text).ok()
    }

    /// Equal trees, numbers within 1e-15 relative: serde_json's default float
    /// parsing is itself not correctly rounded (its `float_roundtrip` is off).
    fn close(a: &Json, b: &Json) -> bool {
        match (a, b) {
            (Json::Number(x), Json::Number(y)) => (x - y).abs() <= y.abs() * 1e-15,
            (Json::Array(x), Json::Array(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(x, y)| close(x, y))
            }
            (Json::Object(x), Json::Object(y)) => {
                x.len() == y.len()
                    && x.iter()
                        .zip(y)
                        .all(|(x, y)| x.0 == y.0 && close(&x.1, &y.1))
            }
            _ => a == b,
        }
    }

    #[test]
    fn reads_what_serde_json_reads() {
        for text in [
            r#"{"a": [1, -2, 3.5, -0.25e2, 1E+3, 0, -0], "b": {"c": null, "d": true, "e": false}}"#,
            r#" [ "x\"\\\/\b\f\n\r\t", "\u00e9\u4e2d\uD83D\uDE00", "ünï ☃", "" ] "#,
            r#"{"revision": 4294967296, "n": 123456789012345678901234567890, "f": 1e-7}"#,
            r#"[9007199254740993, 18446744073709551615, 1e30, 0.1, 1.5e-7, 123.456e5]"#,
            "\t\r\n 42 \n",
        ] {
            assert_eq!(Json::parse(text).ok(), serde(text), "{text}");
            assert!(serde(text).is_some(), "{text}");
        }
    }

    #[test]
    fn long_or_extreme_numbers_are_within_a_few_ulps() {
        for text in [
            "2.5e-300",
            "1.7976931348623157e308",
            "0.30000000000000004",
            "4.9e-324",
            "3.141592653589793238462643383279",
            "1234567890123456789.0123456789e-40",
        ] {
            let (Some(Json::Number(a)), Some(Json::Number(b))) =
                (Json::parse(text).ok(), serde(text))
            else {
                panic!("{text}");
            };
            assert!((a - b).abs() <= b.abs() * 1e-15, "{text}: {a} vs {b}");
        }
    }

    #[test]
    fn rejects_what_serde_json_rejects() {
        for text in [
            "",
            " ",
            "{",
            "[1,]",
            "{\"a\":1,}",
            "{'a':1}",
            "[01]",
            "[1.]",
            "[.5]",
            "[1e]",
            "[-]",
            "[+1]",
            "nul",
            "truex",
            "[1] 2",
            "\"\\x\"",
            "\"\\ud800\"",
            "\"\\udc00x\"",
            "\"\\ud800\\u0041\"",
            "\"a\nb\"",
            "\"open",
            "{\"a\" 1}",
            "{1:2}",
            "[1e400]",
            "[-1e400]",
            "{\"a\":1,\"a\":2}",
            "[NaN]",
            "// x\n1",
            "\"\\u12\"",
        ] {
            assert!(serde(text).is_none(), "serde_json reads {text:?}");
            let e = Json::parse(text).unwrap_err();
            assert!(e.contains(" at byte "), "{text:?}: {e}");
        }
    }

    #[test]
    fn hostile_nesting_is_an_error_not_a_stack_overflow() {
        let deep = "[".repeat(100_000);
        assert!(Json::parse(&deep)
            .unwrap_err()
            .contains("nested too deeply"));
        let ok = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert_eq!(Json::parse(&ok).ok(), serde(&ok));
    }

    fn values() -> impl Strategy<Value = serde_json::Value> {
        use serde_json::Value;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            // At most 15 significant digits: the reader is exact there.
            (-999_999_999_999_999i64..=999_999_999_999_999, -22i32..=22)
                .prop_map(|(m, e)| Value::from(format!("{m}e{e}").parse::<f64>().unwrap())),
            any::<String>().prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 64, 8, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
                prop::collection::btree_map(any::<String>(), inner, 0..8)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn agrees_with_serde_json(v in values(), pretty in any::<bool>()) {
            let text = if pretty {
                serde_json::to_string_pretty(&v).unwrap()
            } else {
                serde_json::to_string(&v).unwrap()
            };
            prop_assert!(close(&Json::parse(&text).unwrap(), &serde(&text).unwrap()), "{}", text);
        }

        #[test]
        fn never_panics(text in any::<String>()) {
            let _ = Json::parse(&text);
        }

        #[test]
        fn numbers_are_correctly_rounded_where_exact(
            m in 0u64..1 << 53,
            e in -22i32..=22,
            neg in any::<bool>(),
            big in any::<u128>(),
        ) {
            let sign = if neg { "-" } else { "" };
            for text in [format!("{sign}{m}e{e}"), format!("{sign}{big}")] {
                let want: f64 = text.parse().unwrap();
                prop_assert_eq!(Json::parse(&text).ok(), Some(Json::Number(want)));
            }
        }
    }
}
