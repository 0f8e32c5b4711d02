//! What every validator is built from: [`ValidationIssue`], one broken rule naming the field
//! and the rule, the JSON array issues reach JavaScript as, and the checks of a string, its
//! length, its ends, its control characters and an object's unknown keys.
//!
//! Validation collects every problem at once, each as a [`ValidationIssue`] naming the field
//! and the rule. Messages never contain a field's value (it may be a password), only its kind
//! and length. Lengths are counted in UTF-16 code units, as JavaScript's `String.length` and
//! HTML's `maxlength` count, so a console form and the library agree.

use serde::Serialize;

use crate::wire::input::{Entry, Input};
use crate::wire::json::ObjectWriter;
use crate::wire::text::Dec;

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValidationIssue {
    /// Where: a dotted path such as `kafka_name` or `connect_info.pwd`; empty for the whole
    /// argument.
    pub path: String,
    /// Which rule: `required`, `type`, `min_length`, `max_length`, `well_formed`,
    /// `control_character`, `unknown_field`, `requires`, or for options `format`, `range`
    /// and `provider`.
    pub rule: &'static str,
    /// The bound the rule names (the length limit), when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
    /// A sentence a console user can act on. Never contains the value.
    pub message: String,
}

impl ValidationIssue {
    /// An issue without a numeric limit.
    pub fn new(path: impl Into<String>, rule: &'static str, message: impl Into<String>) -> Self {
        ValidationIssue {
            path: path.into(),
            rule,
            limit: None,
            message: message.into(),
        }
    }

    pub(crate) fn with_limit(mut self, limit: usize) -> Self {
        self.limit = Some(u64::try_from(limit).unwrap_or(u64::MAX));
        self
    }
}

/// Appends issues as a JSON array of `{ path, rule, limit?, message }`, as JavaScript gets them.
pub fn write_issues(out: &mut String, issues: &[ValidationIssue]) {
    out.push('[');
    let (listed, more) = listed_issues(issues);
    for (i, issue) in listed.iter().chain(more.as_ref()).enumerate() {
        if i > 0 {
            out.push(',');
        }
        let mut o = ObjectWriter::new(out);
        o.str("path", &issue.path).str("rule", issue.rule);
        if let Some(limit) = issue.limit {
            o.u64("limit", limit);
        }
        o.str("message", &issue.message).end();
    }
    out.push(']');
}

/// The issue for a value placed in a URL path that a URL parser would not keep as one segment:
/// `.` and `..` (and their percent-encodings, which WHATWG URL parsers also resolve) move the
/// request to another path than the one previewed, credentials attached.
pub fn dot_segment_problem(path: &str, value: &str) -> Option<ValidationIssue> {
    let lower = value.to_ascii_lowercase();
    let is_dot_segment = matches!(
        lower.as_str(),
        "." | ".." | "%2e" | "%2e%2e" | ".%2e" | "%2e."
    );
    is_dot_segment.then(|| {
        ValidationIssue::new(
            path,
            "format",
            format!("{path} must not be \".\" or \"..\" (a URL would resolve it to another path): use the id itself"),
        )
    })
}

/// The most issues an error lists; past it, one more issue says how many were left out.
pub const MAX_LISTED_ISSUES: usize = 50;

/// The issues to list (at most [`MAX_LISTED_ISSUES`], the last of them a summary of the rest
/// when there are more): a hostile input with a million unknown keys gets a short error.
pub fn listed_issues(issues: &[ValidationIssue]) -> (&[ValidationIssue], Option<ValidationIssue>) {
    if issues.len() <= MAX_LISTED_ISSUES {
        return (issues, None);
    }
    let shown = MAX_LISTED_ISSUES - 1;
    let rest = issues.len() - shown;
    let summary = ValidationIssue::new(
        "",
        "too_many_issues",
        format!(
            "and {} more problems, not listed (fix the ones above first)",
            Dec::of(rest)
        ),
    )
    .with_limit(MAX_LISTED_ISSUES);
    (issues.get(..shown).unwrap_or(issues), Some(summary))
}

/// Issues as that JSON array.
pub fn issues_json(issues: &[ValidationIssue]) -> String {
    let mut out = String::new();
    write_issues(&mut out, issues);
    out
}

/// The length of a string as JavaScript counts it (UTF-16 code units).
pub fn utf16_len(s: &str) -> usize {
    if s.is_ascii() {
        return s.len();
    }
    s.chars().map(char::len_utf16).sum()
}

/// Shortens a name taken from the caller's input (an unknown key) for use in a message.
pub(crate) fn display_name(name: &str) -> String {
    const MAX: usize = 64;
    if crate::wire::text::char_count(name) <= MAX {
        name.to_owned()
    } else {
        let mut short: String = name.chars().take(MAX).collect();
        short.push('…');
        short
    }
}

/// Checks a string field; records issues and returns the value when it is usable.
///
/// `what` explains the field in a `required` message; `length` is the inclusive UTF-16 range.
pub(crate) fn check_string(
    value: Option<&Input>,
    path: &str,
    what: &str,
    length: Option<(usize, usize)>,
    issues: &mut Vec<ValidationIssue>,
) -> Option<String> {
    match value {
        None | Some(Input::Undefined) => {
            issues.push(ValidationIssue::new(
                path,
                "required",
                format!("{path} is required: {what}"),
            ));
            None
        }
        Some(Input::String(s)) => {
            let len = utf16_len(s);
            check_length(path, len, length, issues).then(|| s.to_string())
        }
        Some(Input::LongString(len)) => {
            if check_length(path, *len, length, issues) {
                issues.push(
                    ValidationIssue::new(
                        path,
                        "max_length",
                        format!(
                            "{path} is too long ({} characters; no value here is longer than 65536)",
                            Dec::of(*len)
                        ),
                    )
                    .with_limit(65536),
                );
            }
            None
        }
        Some(Input::MalformedString(len)) => {
            check_length(path, *len, length, issues);
            issues.push(ValidationIssue::new(
                path,
                "well_formed",
                format!("{path} must be well-formed Unicode text (it contains a lone surrogate)"),
            ));
            None
        }
        Some(other) => {
            issues.push(ValidationIssue::new(
                path,
                "type",
                format!("{path} must be a string (got {})", other.kind()),
            ));
            None
        }
    }
}

/// [`check_string`] for an id or a name a person pastes: leading or trailing whitespace is its
/// own issue (never trimmed silently, and reported instead of a length it would explain).
pub(crate) fn check_text(
    value: Option<&Input>,
    path: &str,
    what: &str,
    length: Option<(usize, usize)>,
    issues: &mut Vec<ValidationIssue>,
) -> Option<String> {
    if let Some(Input::String(s)) = value {
        if let Some(issue) = edge_space_issue(path, s) {
            issues.push(issue);
            return None;
        }
    }
    check_string(value, path, what, length, issues)
}

/// The issue for a value with whitespace at either end: which end, and what it is.
pub(crate) fn edge_space_issue(path: &str, s: &str) -> Option<ValidationIssue> {
    let name = |c: char| match c {
        ' ' => "space",
        '\t' => "tab",
        '\n' | '\r' => "line break",
        _ => "whitespace character",
    };
    // Other control characters have their own rule, which names their position.
    let edge = |c: &char| c.is_whitespace() && (!c.is_control() || matches!(c, '\t' | '\n' | '\r'));
    let first = s.chars().next().filter(edge);
    let last = s.chars().next_back().filter(edge);
    let which = match (first, last) {
        (None, None) => return None,
        (Some(c), None) => format!("a leading {}", name(c)),
        (None, Some(c)) => format!("a trailing {}", name(c)),
        (Some(a), Some(b)) => format!("a leading {} and a trailing {}", name(a), name(b)),
    };
    Some(ValidationIssue::new(
        path,
        "whitespace",
        format!("{path} has {which}: remove it (values are sent as they are, never trimmed)"),
    ))
}

pub(crate) fn check_length(
    path: &str,
    len: usize,
    length: Option<(usize, usize)>,
    issues: &mut Vec<ValidationIssue>,
) -> bool {
    let Some((min, max)) = length else {
        return true;
    };
    let rule = if len < min {
        ValidationIssue::new(path, "min_length", "").with_limit(min)
    } else if len > max {
        ValidationIssue::new(path, "max_length", "").with_limit(max)
    } else {
        return true;
    };
    let message = if min == max {
        format!(
            "{path} must be {} characters (got {})",
            Dec::of(min),
            Dec::of(len)
        )
    } else {
        format!(
            "{path} must be {} to {} characters (got {})",
            Dec::of(min),
            Dec::of(max),
            Dec::of(len)
        )
    };
    issues.push(ValidationIssue { message, ..rule });
    false
}

/// Reports every key of `entries` that is not in `known`, with a "did you mean" hint when the
/// key looks like a known one (`kafkaName` -> `kafka_name`, `password` -> `pwd`): "x is not a
/// field of the request" (or of the object at `prefix`).
pub(crate) fn check_unknown_fields(
    entries: &[Entry<'_>],
    prefix: &str,
    known: &[&str],
    aliases: &[(&str, &str)],
    issues: &mut Vec<ValidationIssue>,
) {
    // Most objects have no unknown key: the words are made only when one is found.
    if entries.iter().all(|(key, _)| known.contains(&key.as_ref())) {
        return;
    }
    let of = if prefix.is_empty() {
        String::from("a field of the request")
    } else {
        format!("a field of {prefix}")
    };
    check_unknown_fields_of(entries, prefix, known, aliases, &of, "the fields", issues);
}

/// [`check_unknown_fields`] with the words that say what the keys are: "x is not {what}; did
/// you mean y?" or "x is not {what}; {all} are a, b, c" (options are not fields of a request).
pub(crate) fn check_unknown_fields_of(
    entries: &[Entry<'_>],
    prefix: &str,
    known: &[&str],
    aliases: &[(&str, &str)],
    what: &str,
    all: &str,
    issues: &mut Vec<ValidationIssue>,
) {
    for (key, _) in entries {
        if known.contains(&key.as_ref()) {
            continue;
        }
        let path = if prefix.is_empty() {
            display_name(key)
        } else {
            format!("{prefix}.{}", display_name(key))
        };
        if issues.len() >= MAX_LISTED_ISSUES {
            // Past what an error lists, the issue is only counted: no hint to look for.
            issues.push(ValidationIssue::new(path, "unknown_field", ""));
            continue;
        }
        let message = match suggest(key, known, aliases) {
            Some(hint) => format!("{path} is not {what}; did you mean {hint}?"),
            None => format!(
                "{path} is not {what}; {all} are {}",
                crate::wire::text::join(known, ", ")
            ),
        };
        issues.push(ValidationIssue::new(path, "unknown_field", message));
    }
}

/// A key as the hints compare it: ASCII lower case, without `_`, `-` and spaces (the keys it
/// is compared with are all ASCII; a non-ASCII letter never matches one anyway).
fn normalize_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for c in key.chars() {
        if c != '_' && c != '-' && c != ' ' {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

fn suggest<'a>(key: &str, known: &[&'a str], aliases: &[(&str, &'a str)]) -> Option<&'a str> {
    if key.len() > 64 {
        return None;
    }
    let norm = normalize_key(key);
    if let Some((_, target)) = aliases
        .iter()
        .find(|(alias, _)| normalize_key(alias) == norm)
    {
        return Some(target);
    }
    known
        .iter()
        .map(|k| (*k, edit_distance(&norm, &normalize_key(k))))
        .filter(|(_, d)| *d <= 2)
        .min_by_key(|(_, d)| *d)
        .map(|(k, _)| k)
}

/// Levenshtein distance over chars, without indexing.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    // Over bytes, not characters: the known keys are ASCII, and a non-ASCII character is 2 to 4
    // bytes, so a key with one is within 2 edits of a known key only if it is by characters
    // too (a hint is never wrong; a key with a 3- or 4-byte character may go without one).
    let b = b.as_bytes();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.bytes().enumerate() {
        let mut cur = Vec::with_capacity(b.len() + 1);
        cur.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let substitute = prev
                .get(j)
                .copied()
                .unwrap_or(usize::MAX)
                .saturating_add(usize::from(ca != *cb));
            let delete = prev
                .get(j + 1)
                .copied()
                .unwrap_or(usize::MAX)
                .saturating_add(1);
            let insert = cur.last().copied().unwrap_or(usize::MAX).saturating_add(1);
            cur.push(substitute.min(delete).min(insert));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

/// Ids and names are one line of text: a NUL, a line break or another control character is
/// a pasting accident, never part of a Kafka instance's id or name.
pub(crate) fn no_control_characters(
    path: &str,
    value: &str,
    issues: &mut Vec<ValidationIssue>,
) -> bool {
    // The common case, checked a word at a time: printable ASCII.
    if value.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return true;
    }
    match value
        .encode_utf16()
        .position(|u| u < 0x20 || (0x7f..0xa0).contains(&u))
    {
        None => true,
        Some(pos) => {
            issues.push(ValidationIssue::new(
                path,
                "control_character",
                format!("{path} must not contain control characters such as NUL or a line break (found one at position {})", Dec::of(pos)),
            ));
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("kafkaname", "kafkaname"), 0);
        assert_eq!(edit_distance("kafkanme", "kafkaname"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("abc", ""), 3);
    }

    #[test]
    fn utf16_len_counts_code_units() {
        assert_eq!(utf16_len("é"), 1);
        assert_eq!(utf16_len("😀"), 2);
        assert_eq!(utf16_len(""), 0);
    }
}
