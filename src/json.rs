//! A small JSON tree for reading answers: objects keep their keys in the order they came (so a
//! field the library passes through is written back as the service sent it), and reading one
//! never fails on an unexpected type, only on text that is not JSON.
//!
//! Why not `serde_json::Value` or typed `Deserialize` structs: `Value`'s `BTreeMap` and the
//! error messages typed deserialisation formats (an unexpected float is printed with core's
//! float formatter) cost the wasm kilobytes that reading a handful of fields does not need.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// A JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A non-negative integer.
    Unsigned(u64),
    /// A negative integer.
    Signed(i64),
    /// Any other number.
    Float(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, its keys in order (a repeated key keeps every occurrence; [`Json::get`]
    /// finds the first).
    Object(Vec<(String, Json)>),
}

impl Json {
    /// Parses JSON text; `None` when it is not JSON.
    pub fn parse(bytes: &[u8]) -> Option<Json> {
        serde_json::from_slice(bytes).ok()
    }

    /// The value of an object's key.
    pub fn get(&self, key: &str) -> Option<&Json> {
        self.as_object()?
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// The string, when this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The entries, when this is an object.
    pub fn as_object(&self) -> Option<&[(String, Json)]> {
        match self {
            Json::Object(entries) => Some(entries),
            _ => None,
        }
    }

    /// The elements, when this is an array.
    pub fn as_array(&self) -> Option<&[Json]> {
        match self {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The kind of value, as a message names it ("got number").
    pub fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "boolean",
            Json::Unsigned(_) | Json::Signed(_) | Json::Float(_) => "number",
            Json::String(_) => "string",
            Json::Array(_) => "array",
            Json::Object(_) => "object",
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JSON")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
        Ok(match u64::try_from(v) {
            Ok(u) => Json::Unsigned(u),
            Err(_) => Json::Signed(v),
        })
    }
    fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
        Ok(Json::Unsigned(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Json, E> {
        Ok(Json::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Json, E> {
        Ok(Json::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Json, E> {
        Ok(Json::String(v))
    }
    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Json>()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<JsonKey>()? {
            entries.push((key.0, map.next_value::<Json>()?));
        }
        Ok(Json::Object(entries))
    }
}

/// An object key: JSON keys are always strings.
struct JsonKey(String);

impl<'de> Deserialize<'de> for JsonKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = JsonKey;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E>(self, v: &str) -> Result<JsonKey, E> {
                Ok(JsonKey(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<JsonKey, E> {
                Ok(JsonKey(v))
            }
        }
        deserializer.deserialize_any(KeyVisitor)
    }
}

impl Json {
    /// Appends this value as JSON text, objects in their order.
    pub fn write(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Unsigned(n) => push_u64(out, *n),
            Json::Signed(n) => {
                out.push('-');
                push_u64(out, n.unsigned_abs());
            }
            // As serde_json writes a float (the shortest text that reads back the same); JSON has
            // no NaN or infinities, and serde_json reads neither.
            Json::Float(n) => {
                out.push_str(&serde_json::to_string(n).unwrap_or_else(|_| String::from("0")))
            }
            Json::String(text) => write_str(out, text),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Json::Object(entries) => {
                out.push('{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_str(out, k);
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// Appends a string as a JSON string literal: quotes, backslashes and control characters
/// escaped, everything else as it is.
pub fn write_str(out: &mut String, text: &str) {
    out.push('"');
    let clean = |b: u8| b >= 0x20 && b != b'"' && b != b'\\';
    if text.bytes().all(clean) {
        out.push_str(text);
    } else {
        for c in text.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if (c as u32) < 0x20 => {
                    out.push_str("\\u00");
                    out.push(hex_digit(c as u32 >> 4));
                    out.push(hex_digit(c as u32 & 0xf));
                }
                c => out.push(c),
            }
        }
    }
    out.push('"');
}

fn hex_digit(n: u32) -> char {
    char::from_digit(n, 16).unwrap_or('0')
}

/// Appends a whole number.
pub fn push_u64(out: &mut String, n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            *d = b'0' + (rest % 10) as u8;
        }
        rest /= 10;
        if rest == 0 || at == 0 {
            break;
        }
    }
    for d in digits.get(at..).unwrap_or_default() {
        out.push(char::from(*d));
    }
}

/// Appends a non-negative duration-like number with at most three decimals: no float formatter
/// for it (numbers from beyond 2^63 thousandths are written as the largest whole number).
pub fn push_f64(out: &mut String, n: f64) {
    if !n.is_finite() {
        out.push('0');
        return;
    }
    if n < 0.0 {
        out.push('-');
    }
    let thousandths = (n.abs() * 1000.0).round();
    if thousandths >= 9.0e18 {
        // Beyond what the thousandths fit in: the integer part is all that matters.
        push_u64(out, u64::MAX);
        return;
    }
    let thousandths = thousandths as u64;
    push_u64(out, thousandths / 1000);
    let frac = thousandths % 1000;
    if frac > 0 {
        out.push('.');
        let digits = [frac / 100, frac / 10 % 10, frac % 10];
        let keep = if frac % 100 == 0 {
            1
        } else if frac % 10 == 0 {
            2
        } else {
            3
        };
        for d in digits.iter().take(keep) {
            out.push(char::from(b'0' + *d as u8));
        }
    }
}

/// An object being written: `{ "key": value, ... }`.
pub struct ObjectWriter<'a> {
    out: &'a mut String,
    empty: bool,
}

impl<'a> ObjectWriter<'a> {
    /// Starts an object at the end of `out`.
    pub fn new(out: &'a mut String) -> Self {
        out.push('{');
        ObjectWriter { out, empty: true }
    }

    fn key(&mut self, key: &str) -> &mut String {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        write_str(self.out, key);
        self.out.push(':');
        self.out
    }

    /// A string member.
    pub fn str(&mut self, key: &str, value: &str) -> &mut Self {
        write_str(self.key(key), value);
        self
    }

    /// A string member, or `null`.
    pub fn opt_str(&mut self, key: &str, value: Option<&str>) -> &mut Self {
        match value {
            Some(v) => self.str(key, v),
            None => self.raw(key, "null"),
        }
    }

    /// A whole number member.
    pub fn u64(&mut self, key: &str, value: u64) -> &mut Self {
        push_u64(self.key(key), value);
        self
    }

    /// A whole number member, or `null`.
    pub fn opt_u64(&mut self, key: &str, value: Option<u64>) -> &mut Self {
        match value {
            Some(v) => self.u64(key, v),
            None => self.raw(key, "null"),
        }
    }

    /// A number member (three decimals at most).
    pub fn f64(&mut self, key: &str, value: f64) -> &mut Self {
        push_f64(self.key(key), value);
        self
    }

    /// A boolean member.
    pub fn bool(&mut self, key: &str, value: bool) -> &mut Self {
        self.raw(key, if value { "true" } else { "false" })
    }

    /// A member whose value is JSON text already written.
    pub fn raw(&mut self, key: &str, json: &str) -> &mut Self {
        self.key(key).push_str(json);
        self
    }

    /// A member written by `write`, appending to the text.
    pub fn with(&mut self, key: &str, write: impl FnOnce(&mut String)) -> &mut Self {
        write(self.key(key));
        self
    }

    /// Closes the object.
    pub fn end(&mut self) {
        self.out.push('}');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_json_reads_back_as_the_same_value() {
        let text = r#"{"a":[1,-2,1.5,true,null,"x\"y\\z\n\u0001é"],"b":{},"c":1742903403221}"#;
        let value = Json::parse(text.as_bytes());
        let mut out = String::new();
        if let Some(v) = &value {
            v.write(&mut out);
        }
        assert_eq!(Json::parse(out.as_bytes()), value);
        assert_eq!(out, text);
    }

    #[test]
    fn numbers_are_written_without_a_float_formatter() {
        let cases = [
            (0.0, "0"),
            (12.5, "12.5"),
            (0.125, "0.125"),
            (3.1, "3.1"),
            (-2.25, "-2.25"),
            (1234.0004, "1234"),
        ];
        for (n, text) in cases {
            let mut out = String::new();
            push_f64(&mut out, n);
            assert_eq!(out, text);
        }
        let mut out = String::new();
        push_u64(&mut out, u64::MAX);
        assert_eq!(out, "18446744073709551615");
    }
}
