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
