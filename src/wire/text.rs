//! Substring search without core's `&str` pattern machinery (`StrSearcher`, the two-way
//! searcher and the slicing panics they carry cost the wasm about 4 KB for the few short
//! texts searched here: error bodies, messages, secrets).

/// The byte offset of the first occurrence of `needle` in `haystack`.
pub fn find(haystack: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w == needle.as_bytes())
}

/// Whether `haystack` contains `needle`.
pub fn contains(haystack: &str, needle: &str) -> bool {
    find(haystack, needle).is_some()
}

/// `haystack` with every occurrence of `needle` (not empty) replaced by `with`.
pub fn replace_all(haystack: &str, needle: &str, with: &str) -> String {
    let mut out = String::with_capacity(haystack.len());
    let mut rest = haystack;
    while let Some(at) = find(rest, needle).filter(|_| !needle.is_empty()) {
        // `at` and `at + needle.len()` are char boundaries: a valid UTF-8 needle matches whole
        // characters only.
        out.push_str(rest.get(..at).unwrap_or_default());
        out.push_str(with);
        rest = rest.get(at + needle.len()..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// The parts with `sep` between them: what `[T]::join` does, without core's generic join
/// (two instantiations of it cost the wasm 2 KB).
pub fn join<S: AsRef<str>>(parts: &[S], sep: &str) -> String {
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(part.as_ref());
    }
    out
}

/// A whole number for `format!`, written by [`crate::wire::json::push_u64`] instead of core's
/// integer formatting (`Formatter::pad_integral` and the `Display` of each integer type cost
/// the wasm about 1.9 KB).
#[derive(Clone, Copy)]
pub struct Dec(pub u64);

impl Dec {
    /// A count or a position (a `usize` always fits in a `u64` here: wasm32 and 64-bit hosts).
    pub fn of(n: usize) -> Dec {
        Dec(u64::try_from(n).unwrap_or(u64::MAX))
    }
}

impl std::fmt::Display for Dec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut text = String::new();
        crate::wire::json::push_u64(&mut text, self.0);
        f.write_str(&text)
    }
}

/// What `value.to_string()` gives, without `ToString`'s `expect` (a panic path in the wasm):
/// writing into a `String` cannot fail, and a `Display` that fails leaves what it wrote.
pub fn to_text(value: &dyn std::fmt::Display) -> String {
    let mut out = String::new();
    let _ = std::fmt::write(&mut out, format_args!("{value}"));
    out
}

/// Appends `n` in decimal with leading zeros up to `width` digits.
pub fn push_padded(out: &mut String, n: u64, width: usize) {
    let mut digits = String::new();
    crate::wire::json::push_u64(&mut digits, n);
    for _ in digits.len()..width {
        out.push('0');
    }
    out.push_str(&digits);
}

/// How many characters: what `str::chars().count()` says, without core's unrolled counter.
pub fn char_count(text: &str) -> usize {
    text.bytes().filter(|b| b & 0xC0 != 0x80).count()
}

/// The bytes as text, each invalid UTF-8 sequence replaced by U+FFFD, as
/// `String::from_utf8_lossy` does (its maximal-subpart rule), on core's `from_utf8` alone.
pub fn utf8_lossy(mut bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    loop {
        match std::str::from_utf8(bytes) {
            Ok(text) => {
                out.push_str(text);
                return out;
            }
            Err(e) => {
                let (good, rest) = bytes.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(good).unwrap_or_default());
                out.push('\u{FFFD}');
                // The invalid sequence's length, or the rest when it is cut off at the end.
                let skip = e.error_len().unwrap_or(rest.len()).max(1);
                bytes = rest.get(skip..).unwrap_or_default();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_and_replaces_whole_occurrences() {
        assert_eq!(find("abcabc", "ca"), Some(2));
        assert_eq!(find("abc", "abcd"), None);
        assert!(contains("é<title>", "<title"));
        assert_eq!(replace_all("xSECRETySECRET", "SECRET", "***"), "x***y***");
        assert_eq!(replace_all("ééé", "é", "e"), "eee");
        assert_eq!(replace_all("abc", "", "-"), "abc");
    }

    #[test]
    fn writes_whole_numbers_as_std_does() {
        for n in [0, 1, 9, 10, 99, 100, 4294967295, 4294967296, u64::MAX] {
            assert_eq!(format!("<{}>", Dec(n)), format!("<{n}>"));
            assert_eq!(to_text(&Dec(n)), n.to_string());
        }
        assert_eq!(format!("{}", Dec::of(usize::MAX)), usize::MAX.to_string());
        for (n, width) in [(0, 2), (7, 2), (12, 2), (2026, 4), (123, 2), (5, 0)] {
            let mut out = String::from("x");
            push_padded(&mut out, n, width);
            assert_eq!(out, format!("x{n:0width$}"));
        }
    }

    #[test]
    fn joins_and_counts_as_std_does() {
        assert_eq!(join(&["a", "b", "c"], ", "), "a, b, c");
        assert_eq!(join::<&str>(&[], ";"), "");
        assert_eq!(char_count("aé😀"), "aé😀".chars().count());
    }
}
