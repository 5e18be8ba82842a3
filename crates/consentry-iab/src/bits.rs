//! Bit-level reading and writing, Fibonacci coding and base64url without
//! padding: the shared substrate of TC and GPP strings (both are big-endian
//! bit sequences, 6 bits per base64url character).

use crate::IabError;

const DICT: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Decodes base64url (no padding, no `=`) into bits, 6 per character.
pub fn base64url_decode(text: &str) -> Result<Vec<bool>, IabError> {
    let mut bits = Vec::with_capacity(text.len() * 6);
    for (at, ch) in text.chars().enumerate() {
        let v = match ch {
            'A'..='Z' => ch as u8 - b'A',
            'a'..='z' => ch as u8 - b'a' + 26,
            '0'..='9' => ch as u8 - b'0' + 52,
            '-' => 62,
            '_' => 63,
            _ => return Err(IabError::Base64 { at, ch }),
        };
        bits.extend((0..6).rev().map(|i| v >> i & 1 == 1));
    }
    Ok(bits)
}

/// Encodes bits as base64url; the caller pads to a multiple of 6 first.
fn base64url_encode(bits: &[bool]) -> String {
    bits.chunks(6)
        .map(|c| {
            let v = c.iter().fold(0usize, |a, &b| a << 1 | usize::from(b));
            char::from(DICT[v << (6 - c.len())])
        })
        .collect()
}

/// Appends bits most significant first.
#[derive(Debug, Default, Clone)]
pub struct BitWriter {
    bits: Vec<bool>,
}

impl BitWriter {
    /// An empty writer.
    pub fn new() -> Self {
        Self::default()
    }

    /// Bits written so far.
    pub fn len(&self) -> usize {
        self.bits.len()
    }

    /// Whether nothing was written.
    pub fn is_empty(&self) -> bool {
        self.bits.is_empty()
    }

    /// Writes `value` in `width` bits; errors when it does not fit.
    pub fn int(&mut self, field: &'static str, value: u64, width: usize) -> Result<(), IabError> {
        if width < 64 && value >> width != 0 {
            return Err(IabError::Encode {
                field,
                reason: format!("{value} does not fit in {width} bits"),
            });
        }
        self.bits
            .extend((0..width).rev().map(|i| value >> i & 1 == 1));
        Ok(())
    }

    /// Writes one bit.
    pub fn bool(&mut self, value: bool) {
        self.bits.push(value);
    }

    /// Writes a fixed-width bitfield where bit `i` (from 0) stands for id `i + 1`.
    pub fn bitfield(&mut self, width: usize, has: impl Fn(usize) -> bool) {
        self.bits.extend((1..=width).map(has));
    }

    /// Writes `value` (≥ 1) as a Fibonacci code ending in `11`.
    pub fn fibonacci(&mut self, field: &'static str, value: u64) -> Result<(), IabError> {
        if value == 0 {
            return Err(IabError::Encode {
                field,
                reason: "Fibonacci coding starts at 1".into(),
            });
        }
        let mut fib = vec![1u64, 2];
        while let Some(next) = fib[fib.len() - 1].checked_add(fib[fib.len() - 2]) {
            if next > value {
                break;
            }
            fib.push(next);
        }
        while fib.last().is_some_and(|&f| f > value) {
            fib.pop();
        }
        let mut code = vec![false; fib.len()];
        let mut rest = value;
        for (i, &f) in fib.iter().enumerate().rev() {
            if rest >= f {
                code[i] = true;
                rest -= f;
            }
        }
        self.bits.extend(code);
        self.bits.push(true);
        Ok(())
    }

    /// base64url of the bits zero-padded to a multiple of `lcm` bits
    /// (24 for @iabtcf/core's TC segments, see [`BitWriter::finish_gpp`]).
    pub fn finish_padded(mut self, lcm: usize) -> String {
        let rem = self.bits.len() % lcm;
        if rem != 0 {
            self.bits.resize(self.bits.len() + lcm - rem, false);
        }
        base64url_encode(&self.bits)
    }

    /// base64url as @iabgpp/cmpapi's compressed encoder pads: to whole bytes,
    /// then to whole characters.
    pub fn finish_gpp(mut self) -> String {
        while self.bits.len() % 8 != 0 {
            self.bits.push(false);
        }
        while self.bits.len() % 6 != 0 {
            self.bits.push(false);
        }
        base64url_encode(&self.bits)
    }
}

/// Reads bits most significant first; every read checks the length.
#[derive(Debug, Clone)]
pub struct BitReader {
    bits: Vec<bool>,
    pos: usize,
}

impl BitReader {
    /// A reader over decoded base64url text.
    pub fn from_base64url(text: &str) -> Result<Self, IabError> {
        Ok(Self::new(base64url_decode(text)?))
    }

    /// A reader over bits.
    pub fn new(bits: Vec<bool>) -> Self {
        Self { bits, pos: 0 }
    }

    /// Bit offset of the next read.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// Bits left.
    pub fn remaining(&self) -> usize {
        self.bits.len() - self.pos
    }

    fn need(&self, field: &'static str, need: usize) -> Result<(), IabError> {
        if self.remaining() < need {
            return Err(IabError::Truncated {
                field,
                at: self.pos,
                need,
                len: self.bits.len(),
            });
        }
        Ok(())
    }

    /// Reads an unsigned integer of `width` (≤ 64) bits.
    pub fn int(&mut self, field: &'static str, width: usize) -> Result<u64, IabError> {
        self.need(field, width)?;
        let v = self.bits[self.pos..self.pos + width]
            .iter()
            .fold(0u64, |a, &b| a << 1 | u64::from(b));
        self.pos += width;
        Ok(v)
    }

    /// Reads one bit.
    pub fn bool(&mut self, field: &'static str) -> Result<bool, IabError> {
        Ok(self.int(field, 1)? == 1)
    }

    /// Reads a bitfield of `width` bits; returns the ids (from 1) that are set.
    pub fn bitfield(&mut self, field: &'static str, width: usize) -> Result<Vec<usize>, IabError> {
        self.need(field, width)?;
        let ids = (0..width)
            .filter(|i| self.bits[self.pos + i])
            .map(|i| i + 1)
            .collect();
        self.pos += width;
        Ok(ids)
    }

    /// Reads a Fibonacci code (ends at the first `11`).
    pub fn fibonacci(&mut self, field: &'static str) -> Result<u64, IabError> {
        let start = self.pos;
        let bad = IabError::Fibonacci { field, at: start };
        let (mut a, mut b) = (1u64, 2u64);
        let mut value = 0u64;
        let mut prev = false;
        loop {
            let Some(&bit) = self.bits.get(self.pos) else {
                return Err(bad);
            };
            self.pos += 1;
            if bit && prev {
                return Ok(value);
            }
            if bit {
                value = value.checked_add(a).ok_or(bad.clone())?;
            }
            prev = bit;
            let next = a.checked_add(b).ok_or(bad.clone())?;
            (a, b) = (b, next);
        }
    }

    /// Whether every unread bit is zero (padding).
    pub fn rest_is_zero(&self) -> bool {
        self.bits[self.pos..].iter().all(|b| !b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fib_bits(v: u64) -> String {
        let mut w = BitWriter::new();
        w.fibonacci("t", v).unwrap();
        w.bits.iter().map(|&b| if b { '1' } else { '0' }).collect()
    }

    #[test]
    fn fibonacci_codes_match_the_gpp_spec_table() {
        // GPP spec, "Fibonacci Encoding" table.
        assert_eq!(fib_bits(1), "11");
        assert_eq!(fib_bits(2), "011");
        assert_eq!(fib_bits(3), "0011");
        assert_eq!(fib_bits(4), "1011");
        assert_eq!(fib_bits(5), "00011");
        assert_eq!(fib_bits(6), "10011");
        assert_eq!(fib_bits(7), "01011");
        assert_eq!(fib_bits(12), "101011");
    }

    #[test]
    fn fibonacci_round_trips_and_rejects_unterminated() {
        for v in (1..2000).chain([u32::MAX as u64, 1 << 60]) {
            let mut w = BitWriter::new();
            w.fibonacci("t", v).unwrap();
            let mut r = BitReader::new(w.bits);
            assert_eq!(r.fibonacci("t").unwrap(), v);
        }
        let mut r = BitReader::new(vec![true, false, true, false]);
        assert!(matches!(r.fibonacci("t"), Err(IabError::Fibonacci { .. })));
        let mut r = BitReader::new(vec![false; 200]);
        assert!(r.fibonacci("t").is_err());
    }

    #[test]
    fn base64url_rejects_foreign_characters() {
        assert_eq!(
            base64url_decode("AB=").unwrap_err(),
            IabError::Base64 { at: 2, ch: '=' }
        );
        assert!(base64url_decode("A+").is_err());
        assert_eq!(base64url_decode("_-").unwrap().len(), 12);
    }

    #[test]
    fn reads_fail_past_the_end() {
        let mut r = BitReader::from_base64url("A").unwrap();
        assert_eq!(r.int("x", 6).unwrap(), 0);
        assert!(matches!(
            r.int("x", 1),
            Err(IabError::Truncated { field: "x", .. })
        ));
    }
}
