//! An untyped input value, as it arrives from JavaScript or JSON, before validation.
//!
//! It is richer than JSON on purpose: a JavaScript caller can pass `undefined`, functions,
//! symbols, bigints, class instances, strings with lone surrogates and properties whose getter
//! throws. Each must become a clear validation issue naming the field, so each has a variant.

use std::borrow::Cow;

/// One property of an object: its key and value.
pub type Entry<'a> = (Cow<'a, str>, Input<'a>);

/// An untyped value to validate. Its strings borrow from the text it was read from when they
/// can ([`Input::from_description`] allocates for none of them).
#[derive(Debug, Clone, PartialEq)]
pub enum Input<'a> {
    /// JavaScript `undefined`, or a missing value.
    Undefined,
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number (any `f64`, including NaN and infinities from JavaScript).
    Number(f64),
    /// A well-formed string.
    String(Cow<'a, str>),
    /// A JavaScript string that is not well-formed UTF-16 (a lone surrogate); its length in
    /// UTF-16 code units.
    MalformedString(usize),
    /// A string too long to describe (over 65 536 UTF-16 code units), by its length: no field
    /// takes one, and copying it would only grow the memory.
    LongString(usize),
    /// An array and its elements (an array deeper than the description goes has none).
    Array(Vec<Input<'a>>),
    /// A plain object: its own enumerable properties in order. Properties whose value is
    /// `undefined` are left out, as `JSON.stringify` does.
    Object(Vec<(Cow<'a, str>, Input<'a>)>),
    /// Any other kind of value, named as a user would recognise it (`"function"`,
    /// `"symbol"`, `"bigint"`, `"Date"`, `"unreadable (its getter threw)"`).
    Other(Cow<'a, str>),
}

impl<'a> Input<'a> {
    /// The kind of value, as a validation message names it ("got number").
    pub fn kind(&self) -> &str {
        match self {
            Input::Undefined => "undefined",
            Input::Null => "null",
            Input::Bool(_) => "boolean",
            Input::Number(_) => "number",
            Input::String(_) | Input::MalformedString(_) | Input::LongString(_) => "string",
            Input::Array(_) => "array",
            Input::Object(_) => "object",
            Input::Other(kind) => kind,
        }
    }

    /// The value of an object's property, when this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Input<'a>> {
        match self {
            Input::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

impl<'a> From<&'a serde_json::Value> for Input<'a> {
    fn from(value: &'a serde_json::Value) -> Self {
        match value {
            serde_json::Value::Null => Input::Null,
            serde_json::Value::Bool(b) => Input::Bool(*b),
            serde_json::Value::Number(n) => Input::Number(n.as_f64().unwrap_or(f64::NAN)),
            serde_json::Value::String(s) => Input::String(Cow::Borrowed(s)),
            serde_json::Value::Array(items) => {
                Input::Array(items.iter().map(Input::from).collect())
            }
            serde_json::Value::Object(map) => Input::Object(
                map.iter()
                    .map(|(k, v)| (Cow::Borrowed(k.as_str()), Input::from(v)))
                    .collect(),
            ),
        }
    }
}

impl From<serde_json::Value> for Input<'static> {
    fn from(value: serde_json::Value) -> Self {
        Input::from(&value).into_owned()
    }
}

/// The deepest object level a description carries (the request's deepest field is at 2).
const MAX_DESCRIPTION_DEPTH: usize = 8;

impl<'a> Input<'a> {
    /// The same value, owning its strings.
    pub fn into_owned(self) -> Input<'static> {
        let own = |s: Cow<'_, str>| Cow::Owned(s.into_owned());
        match self {
            Input::Undefined => Input::Undefined,
            Input::Null => Input::Null,
            Input::Bool(b) => Input::Bool(b),
            Input::Number(n) => Input::Number(n),
            Input::String(s) => Input::String(own(s)),
            Input::MalformedString(n) => Input::MalformedString(n),
            Input::LongString(n) => Input::LongString(n),
            Input::Array(items) => Input::Array(items.into_iter().map(Input::into_owned).collect()),
            Input::Object(entries) => Input::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (own(k), v.into_owned()))
                    .collect(),
            ),
            Input::Other(kind) => Input::Other(own(kind)),
        }
    }

    /// Reads the description of a JavaScript value that `src/wasm/input.js` makes, in one
    /// pass without allocating for anything but the strings it keeps:
    ///
    /// ```text
    /// u undefined   n null   T true   F false   a(<value>)*. an array
    /// d<safe integer>;   h<16 hex digits: the IEEE 754 bits of any other number>;
    /// s<n>:<text>   a string of n UTF-16 code units     m<n>;  one with a lone surrogate
    /// l<n>;         a string too long to describe, by its length
    /// x<n>:<kind>   any other kind of value              o(<n>:<key><value>)*.  an object
    /// ```
    ///
    /// Lengths count UTF-16 code units (JavaScript's `length`), so no character needs
    /// escaping. Anything malformed is `Other("unreadable value")`.
    pub fn from_description(text: &'a str) -> Input<'a> {
        let mut reader = DescriptionReader { rest: text };
        match reader.value(0) {
            Some(input) if reader.rest.is_empty() => input,
            _ => Input::Other(Cow::Borrowed("unreadable value")),
        }
    }
}

struct DescriptionReader<'a> {
    rest: &'a str,
}

impl<'a> DescriptionReader<'a> {
    fn value(&mut self, depth: usize) -> Option<Input<'a>> {
        let tag = self.rest.as_bytes().first().copied()?;
        self.rest = self.rest.get(1..)?;
        Some(match tag {
            b'u' => Input::Undefined,
            b'n' => Input::Null,
            b'T' => Input::Bool(true),
            b'F' => Input::Bool(false),
            b'a' if depth < MAX_DESCRIPTION_DEPTH => {
                let mut items = Vec::new();
                while !self.rest.starts_with('.') {
                    items.push(self.value(depth + 1)?);
                }
                self.rest = self.rest.get(1..)?;
                Input::Array(items)
            }
            b'd' => Input::Number(integer(self.until(b';')?)?),
            b'h' => Input::Number(float_bits(self.until(b';')?)?),
            b'm' => Input::MalformedString(whole_number(self.until(b';')?)?),
            b'l' => Input::LongString(whole_number(self.until(b';')?)?),
            b's' => Input::String(Cow::Borrowed(self.counted()?)),
            b'x' => Input::Other(Cow::Borrowed(self.counted()?)),
            b'o' if depth < MAX_DESCRIPTION_DEPTH => {
                let mut entries = Vec::new();
                while !self.rest.starts_with('.') {
                    let key = Cow::Borrowed(self.counted()?);
                    let value = self.value(depth + 1)?;
                    entries.push((key, value));
                }
                self.rest = self.rest.get(1..)?;
                Input::Object(entries)
            }
            _ => return None,
        })
    }

    /// The text up to `end`, which is consumed.
    fn until(&mut self, end: u8) -> Option<&'a str> {
        let at = self.rest.bytes().position(|b| b == end)?;
        let text = self.rest.get(..at)?;
        self.rest = self.rest.get(at + 1..)?;
        Some(text)
    }

    /// `<n>:` and then n UTF-16 code units of text.
    fn counted(&mut self) -> Option<&'a str> {
        let units = whole_number(self.until(b':')?)?;
        let bytes = self.rest.as_bytes();
        // ASCII, the common case: one byte per code unit.
        let end = if bytes.get(..units).is_some_and(|b| b.is_ascii()) {
            units
        } else {
            let mut seen = 0;
            let mut end = 0;
            for c in self.rest.chars() {
                if seen >= units {
                    break;
                }
                seen += c.len_utf16();
                end += c.len_utf8();
            }
            if seen != units {
                return None;
            }
            end
        };
        let text = self.rest.get(..end)?;
        self.rest = self.rest.get(end..)?;
        Some(text)
    }
}

/// A length: decimal digits only.
fn whole_number(text: &str) -> Option<usize> {
    if text.is_empty() || text.len() > 15 {
        return None;
    }
    text.bytes().try_fold(0usize, |n, b| {
        b.is_ascii_digit().then(|| n * 10 + usize::from(b - b'0'))
    })
}

/// A safe integer as JavaScript writes it: an optional `-` and at most 16 digits.
fn integer(text: &str) -> Option<f64> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    if digits.is_empty() || digits.len() > 16 {
        return None;
    }
    let n = digits.bytes().try_fold(0u64, |n, b| {
        b.is_ascii_digit().then(|| n * 10 + u64::from(b - b'0'))
    })? as f64;
    Some(if negative { -n } else { n })
}

/// Any other number: the 16 hex digits of its IEEE 754 bits, so no decimal text is parsed.
fn float_bits(text: &str) -> Option<f64> {
    (text.len() == 16 && text.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| u64::from_str_radix(text, 16).ok())
        .flatten()
        .map(f64::from_bits)
}
