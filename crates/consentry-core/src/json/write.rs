//! JSON text from any `Serialize` value, without serde_json: the wasm
//! engine hands its results to JavaScript this way, and the receipt's policy
//! hash is taken over it, so the browser and the server hash the same bytes
//! without float formatting or serde_json in the wasm.

use serde::ser::{self, Serialize};
use std::string::String;

/// `v` as compact JSON text: fields in declaration order, strings escaped
/// as [`crate::text::push_json_str`] does. `None` for what this writer refuses:
/// floats (none of the crate's types has one) and non-string map keys.
pub fn to_json_text<T: Serialize + ?Sized>(v: &T) -> Option<String> {
    let mut w = Writer(String::new());
    v.serialize(&mut w).ok()?;
    Some(w.0)
}

/// The only failure: a value JSON text cannot hold here (floats).
#[derive(Debug)]
struct Unsupported;

impl core::fmt::Display for Unsupported {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("unsupported value")
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: core::fmt::Display>(_: T) -> Self {
        Unsupported
    }
}

struct Writer(String);

impl Writer {
    fn str(&mut self, s: &str) {
        crate::text::push_json_str(&mut self.0, s);
    }

    fn uint(&mut self, n: u64) {
        crate::text::push_num(&mut self.0, n);
    }
}

/// A JSON array or object being written: whether an item came yet.
struct Compound<'a> {
    w: &'a mut Writer,
    first: bool,
    close: char,
}

impl Compound<'_> {
    fn comma(&mut self) {
        if !self.first {
            self.w.0.push(',');
        }
        self.first = false;
    }
}

type R = Result<(), Unsupported>;

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = ser::Impossible<(), Unsupported>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = ser::Impossible<(), Unsupported>;

    fn serialize_bool(self, v: bool) -> R {
        self.0.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> R {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> R {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> R {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> R {
        if v < 0 {
            self.0.push('-');
        }
        self.uint(v.unsigned_abs());
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> R {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> R {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> R {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> R {
        self.uint(v);
        Ok(())
    }
    fn serialize_f32(self, _: f32) -> R {
        Err(Unsupported)
    }
    fn serialize_f64(self, _: f64) -> R {
        Err(Unsupported)
    }
    fn serialize_char(self, v: char) -> R {
        self.str(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> R {
        self.str(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> R {
        use ser::SerializeSeq;
        let mut s = self.serialize_seq(Some(v.len()))?;
        for b in v {
            s.serialize_element(b)?;
        }
        s.end()
    }
    fn serialize_none(self) -> R {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> R {
        v.serialize(self)
    }
    fn serialize_unit(self) -> R {
        self.0.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> R {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> R {
        self.str(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, v: &T) -> R {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> R {
        self.0.push('{');
        self.str(variant);
        self.0.push(':');
        v.serialize(&mut *self)?;
        self.0.push('}');
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, Unsupported> {
        self.0.push('[');
        Ok(Compound {
            w: self,
            first: true,
            close: ']',
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>, Unsupported> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<Compound<'a>, Unsupported> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>, Unsupported> {
        self.0.push('{');
        Ok(Compound {
            w: self,
            first: true,
            close: '}',
        })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Compound<'a>, Unsupported> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        Err(Unsupported)
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> R {
        self.comma();
        v.serialize(&mut *self.w)
    }
    fn end(self) -> R {
        self.w.0.push(self.close);
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> R {
        ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> R {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> R {
        ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> R {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;
    /// Keys must be strings (JSON's only key type); every map here has them.
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> R {
        self.comma();
        let start = self.w.0.len();
        k.serialize(&mut *self.w)?;
        if self.w.0.as_bytes().get(start) != Some(&b'"') {
            return Err(Unsupported);
        }
        self.w.0.push(':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> R {
        v.serialize(&mut *self.w)
    }
    fn end(self) -> R {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> R {
        self.comma();
        self.w.str(key);
        self.w.0.push(':');
        v.serialize(&mut *self.w)
    }
    fn end(self) -> R {
        ser::SerializeSeq::end(self)
    }
}

#[cfg(test)]
mod tests {
    use super::{ser::Serialize, Writer};
    use std::collections::BTreeMap;

    /// The text written, read back by serde_json.
    fn written<T: Serialize>(v: &T) -> serde_json::Value {
        let mut w = Writer(String::new());
        v.serialize(&mut w).unwrap();
        serde_json::from_str(&w.0).unwrap()
    }

    /// The same JSON serde_json makes, for the shapes the engine returns.
    #[test]
    fn writes_what_serde_json_writes() {
        let policy = crate::Policy::default();
        assert_eq!(written(&policy), serde_json::to_value(&policy).unwrap());
        let map: BTreeMap<&str, (u8, i64, Option<bool>, char)> = [
            ("a\"\\\n\u{1}é", (0, i64::MIN, None, '\u{1f}')),
            ("b", (255, 7, Some(true), 'x')),
        ]
        .into_iter()
        .collect();
        assert_eq!(written(&map), serde_json::to_value(&map).unwrap());
        assert_eq!(written(&u64::MAX), serde_json::Value::from(u64::MAX));
    }

    #[test]
    fn floats_are_refused_not_misprinted() {
        let mut w = Writer(String::new());
        assert!(1.5f64.serialize(&mut w).is_err());
    }
}
