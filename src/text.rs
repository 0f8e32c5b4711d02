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
}
