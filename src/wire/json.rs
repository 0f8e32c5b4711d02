//! A small JSON tree for reading answers: objects keep their keys in the order they came (so a
//! field the library passes through is written back as the service sent it), and reading one
//! never fails on an unexpected type, only on text that is not JSON.
//!
//! Why not `serde_json`: its `Value`'s `BTreeMap`, its float parsing and formatting and serde's
//! visitor machinery cost the wasm about 13 KB for reading a handful of fields; this parser is a
//! tenth of that. A number that is not a 64-bit integer is kept as the text it came as, so it
//! is written back exactly as the service sent it, and no float is ever parsed or formatted.

/// How deep arrays and objects may nest: deeper text is not read, so a hostile answer cannot
/// exhaust the stack.
const MAX_DEPTH: usize = 128;

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
    /// Any other number (a fraction, an exponent, beyond 64 bits), as its JSON text.
    Number(String),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, its keys in order (never one twice: [`Json::parse`] refuses that).
    Object(Vec<(String, Json)>),
}

impl Json {
    /// Parses JSON text (RFC 8259, whitespace around it allowed); `None` when it is not JSON
    /// or an object in it has a key twice.
    pub fn parse(bytes: &[u8]) -> Option<Json> {
        Json::parse_answer(bytes).ok()
    }

    /// [`Json::parse`], saying why not: `Err(Some(key))` when an object has `key` twice (readers
    /// disagree on which one counts: `JSON.parse` keeps the last, a check of the first would
    /// pass a result of another shape), `Err(None)` when it is not JSON.
    pub fn parse_answer(bytes: &[u8]) -> Result<Json, Option<String>> {
        let mut parser = Parser {
            bytes,
            at: 0,
            duplicate: None,
        };
        let value = parser.value(0);
        parser.skip_whitespace();
        match value {
            Some(value) if parser.at == bytes.len() => Ok(value),
            _ => Err(parser.duplicate),
        }
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
            Json::Unsigned(_) | Json::Signed(_) | Json::Number(_) => "number",
            Json::String(_) => "string",
            Json::Array(_) => "array",
            Json::Object(_) => "object",
        }
    }
}

struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
    /// A key an object had twice (the parse then fails).
    duplicate: Option<String>,
}

/// The first key `entries` has twice, if any: by an open-addressing table of the keys' hashes
/// (a sort would cost the wasm kilobytes; comparing every pair, a hang on a large object).
fn repeated_key(entries: &[(String, Json)]) -> Option<&str> {
    let hash = |key: &str| {
        key.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    let mut table = vec![usize::MAX; (entries.len() * 2).next_power_of_two()];
    let mask = table.len() - 1;
    for (i, (key, _)) in entries.iter().enumerate() {
        let mut slot = hash(key) as usize & mask;
        while let Some(&seen) = table.get(slot) {
            if seen == usize::MAX {
                break;
            }
            if entries.get(seen).is_some_and(|(k, _)| k == key) {
                return Some(key);
            }
            slot = (slot + 1) & mask;
        }
        if let Some(free) = table.get_mut(slot) {
            *free = i;
        }
    }
    None
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.at += 1;
        Some(b)
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn literal(&mut self, word: &[u8], value: Json) -> Option<Json> {
        let end = self.at + word.len();
        (self.bytes.get(self.at..end)? == word).then(|| {
            self.at = end;
            value
        })
    }

    fn value(&mut self, depth: usize) -> Option<Json> {
        self.skip_whitespace();
        match self.peek()? {
            b'{' if depth < MAX_DEPTH => {
                self.at += 1;
                let mut entries = Vec::new();
                self.skip_whitespace();
                if self.peek() == Some(b'}') {
                    self.at += 1;
                    return Some(Json::Object(entries));
                }
                loop {
                    self.skip_whitespace();
                    if self.next()? != b'"' {
                        return None;
                    }
                    let key = self.string()?;
                    self.skip_whitespace();
                    if self.next()? != b':' {
                        return None;
                    }
                    entries.push((key, self.value(depth + 1)?));
                    self.skip_whitespace();
                    match self.next()? {
                        b',' => {}
                        b'}' => {
                            if let Some(key) = repeated_key(&entries) {
                                self.duplicate = Some(key.to_owned());
                                return None;
                            }
                            return Some(Json::Object(entries));
                        }
                        _ => return None,
                    }
                }
            }
            b'[' if depth < MAX_DEPTH => {
                self.at += 1;
                let mut items = Vec::new();
                self.skip_whitespace();
                if self.peek() == Some(b']') {
                    self.at += 1;
                    return Some(Json::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.skip_whitespace();
                    match self.next()? {
                        b',' => {}
                        b']' => return Some(Json::Array(items)),
                        _ => return None,
                    }
                }
            }
            b'"' => {
                self.at += 1;
                self.string().map(Json::String)
            }
            b't' => self.literal(b"true", Json::Bool(true)),
            b'f' => self.literal(b"false", Json::Bool(false)),
            b'n' => self.literal(b"null", Json::Null),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    /// The digits from here on; how many.
    fn digits(&mut self) -> usize {
        let start = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
        self.at - start
    }

    fn number(&mut self) -> Option<Json> {
        let start = self.at;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        let int_start = self.at;
        let int_digits = self.digits();
        // One or more digits, without a leading zero.
        if int_digits == 0 || (int_digits > 1 && self.bytes.get(int_start) == Some(&b'0')) {
            return None;
        }
        let mut whole = true;
        if self.peek() == Some(b'.') {
            self.at += 1;
            whole = false;
            if self.digits() == 0 {
                return None;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            whole = false;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if self.digits() == 0 {
                return None;
            }
        }
        let text = std::str::from_utf8(self.bytes.get(start..self.at)?).ok()?;
        if whole {
            let magnitude = text
                .get(usize::from(negative)..)?
                .bytes()
                .try_fold(0u64, |n, b| {
                    n.checked_mul(10)?.checked_add(u64::from(b - b'0'))
                });
            match (negative, magnitude) {
                (false, Some(n)) => return Some(Json::Unsigned(n)),
                (true, Some(n)) if n > 0 && n <= 1 << 63 => {
                    return Some(Json::Signed(0i64.wrapping_sub_unsigned(n)))
                }
                _ => {}
            }
        }
        Some(Json::Number(text.to_owned()))
    }

    /// A string's contents after its opening quote, through the closing one.
    fn string(&mut self) -> Option<String> {
        let mut out: Vec<u8> = Vec::new();
        loop {
            // The run of plain bytes up to a quote, a backslash or a control character.
            let start = self.at;
            while self
                .peek()
                .is_some_and(|b| b != b'"' && b != b'\\' && b >= 0x20)
            {
                self.at += 1;
            }
            out.extend_from_slice(self.bytes.get(start..self.at)?);
            match self.next()? {
                b'"' => return String::from_utf8(out).ok(),
                b'\\' => {
                    let c = match self.next()? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.escaped_char()?,
                        _ => return None,
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                // A raw control character: not JSON.
                _ => return None,
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let hex = self.bytes.get(self.at..self.at + 4)?;
        let n = std::str::from_utf8(hex)
            .ok()
            .and_then(|h| u32::from_str_radix(h, 16).ok())?;
        // from_str_radix takes a sign: only the four hex digits are an escape.
        if !hex.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        self.at += 4;
        Some(n)
    }

    /// The character of a `\uXXXX` escape (a surrogate pair's second half included); a lone
    /// surrogate becomes U+FFFD, as a browser's JSON.parse then TextEncoder would write it.
    fn escaped_char(&mut self) -> Option<char> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) && self.bytes.get(self.at..self.at + 2) == Some(b"\\u")
        {
            let save = self.at;
            self.at += 2;
            let second = self.hex4()?;
            if (0xDC00..0xE000).contains(&second) {
                return char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00));
            }
            self.at = save;
        }
        Some(char::from_u32(first).unwrap_or('\u{FFFD}'))
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
            // The number's own text, as parsed.
            Json::Number(text) => out.push_str(text),
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
