//! An untyped input value, as it arrives from JavaScript or JSON, before validation.
//!
//! It is richer than JSON on purpose: a JavaScript caller can pass `undefined`, functions,
//! symbols, bigints, class instances, strings with lone surrogates and properties whose getter
//! throws. Each must become a clear validation issue naming the field, so each has a variant.

/// An untyped value to validate.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// JavaScript `undefined`, or a missing value.
    Undefined,
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number (any `f64`, including NaN and infinities from JavaScript).
    Number(f64),
    /// A well-formed string.
    String(String),
    /// A JavaScript string that is not well-formed UTF-16 (a lone surrogate); its length in
    /// UTF-16 code units.
    MalformedString(usize),
    /// An array; its elements never matter to validation, only that it is one.
    Array,
    /// A plain object: its own enumerable properties in order. Properties whose value is
    /// `undefined` are left out, as `JSON.stringify` does.
    Object(Vec<(String, Input)>),
    /// Any other kind of value, named as a user would recognise it (`"function"`,
    /// `"symbol"`, `"bigint"`, `"Date"`, `"unreadable (its getter threw)"`).
    Other(String),
}

impl Input {
    /// The kind of value, as a validation message names it ("got number").
    pub fn kind(&self) -> &str {
        match self {
            Input::Undefined => "undefined",
            Input::Null => "null",
            Input::Bool(_) => "boolean",
            Input::Number(_) => "number",
            Input::String(_) | Input::MalformedString(_) => "string",
            Input::Array => "array",
            Input::Object(_) => "object",
            Input::Other(kind) => kind,
        }
    }

    /// The value of an object's property, when this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Input> {
        match self {
            Input::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

impl From<&serde_json::Value> for Input {
    fn from(value: &serde_json::Value) -> Self {
        match value {
            serde_json::Value::Null => Input::Null,
            serde_json::Value::Bool(b) => Input::Bool(*b),
            serde_json::Value::Number(n) => Input::Number(n.as_f64().unwrap_or(f64::NAN)),
            serde_json::Value::String(s) => Input::String(s.clone()),
            serde_json::Value::Array(_) => Input::Array,
            serde_json::Value::Object(map) => Input::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Input::from(v)))
                    .collect(),
            ),
        }
    }
}

impl From<serde_json::Value> for Input {
    fn from(value: serde_json::Value) -> Self {
        Input::from(&value)
    }
}

/// The key prefix that marks a value JSON cannot carry in the description JavaScript makes of
/// a value (`src/wasm/input.js`): `{"\u0000u": 0}` undefined, `{"\u0000d": "NaN"}` a number
/// JSON has no literal for, `{"\u0000m": 3}` a string with a lone surrogate (its UTF-16
/// length), `{"\u0000x": "Map instance"}` any other kind of value. Plain objects never have a
/// key that starts with it (the describer replaces a leading NUL).
pub const SPECIAL_KEY_PREFIX: char = '\u{0}';

impl Input {
    /// Reads the JSON description of a JavaScript value that `input.js` makes: JSON values as
    /// they are (an array's elements are not kept: validation only needs to know it is one),
    /// and the special objects of [`SPECIAL_KEY_PREFIX`]. Anything unreadable is
    /// `Other("unreadable value")`.
    pub fn from_description(text: &str) -> Input {
        serde_json::from_str(text)
            .unwrap_or_else(|_| Input::Other(String::from("unreadable value")))
    }
}

impl<'de> serde::Deserialize<'de> for Input {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(InputVisitor)
    }
}

struct InputVisitor;

impl<'de> serde::de::Visitor<'de> for InputVisitor {
    type Value = Input;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a described JavaScript value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Input, E> {
        Ok(Input::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Input, E> {
        Ok(Input::Number(v as f64))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Input, E> {
        Ok(Input::Number(v as f64))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Input, E> {
        Ok(Input::Number(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Input, E> {
        Ok(Input::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Input, E> {
        Ok(Input::String(v))
    }

    fn visit_unit<E>(self) -> Result<Input, E> {
        Ok(Input::Null)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Input, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(Input::Array)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Input, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if let Some(tag) = key.strip_prefix(SPECIAL_KEY_PREFIX) {
                // Read as an Input too: typed reads would link serde's error formatting.
                let arg = map.next_value::<Input>()?;
                let special = match (tag, arg) {
                    ("u", _) => Input::Undefined,
                    ("d", Input::String(text)) => Input::Number(match text.as_str() {
                        "Infinity" => f64::INFINITY,
                        "-Infinity" => f64::NEG_INFINITY,
                        _ => f64::NAN,
                    }),
                    ("m", Input::Number(len)) if len >= 0.0 => Input::MalformedString(len as usize),
                    ("x", Input::String(kind)) => Input::Other(kind),
                    _ => Input::Other(String::from("unreadable value")),
                };
                while map.next_key::<serde::de::IgnoredAny>()?.is_some() {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
                return Ok(special);
            }
            let value = map.next_value::<Input>()?;
            entries.push((key, value));
        }
        Ok(Input::Object(entries))
    }
}
