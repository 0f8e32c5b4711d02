//! The one redactor every string leaving the library passes through: results, errors (message,
//! code, request id, excerpts, a workflow's report), `onAttempt` records and previews.
//!
//! A proxy or a broken service can echo a request back in many forms, so a secret is looked
//! for in each form an echo can take, nested up to three deep: as it is, JSON-escaped (`\"`,
//! `\\`, `\/` and `\uXXXX` for any character, either case), percent-encoded (UTF-8 bytes,
//! either case), and cut before or after any of its characters. The rule is simple to state and to test: no run of
//! [`RUN`] or more consecutive characters of a secret survives, in any of those forms. Each run
//! found is replaced by `***`, whole escape sequences at a time, so JSON stays JSON.
//!
//! How: every window of [`RUN`] characters of every secret is indexed once (a fingerprint,
//! sorted, with a 64 Ki-bit filter in front); each view of a text (as written, and decoded by
//! each escaping in turn) is then slid over window by window. A text of n characters costs
//! O(n) filter probes, whatever the secrets' length.

use std::borrow::Cow;

use crate::secret::REDACTED;

/// The shortest run of a secret's characters that is removed. Shorter secrets are not looked
/// for: a password such as "wrong" would otherwise mangle ordinary words. Tokens and secret
/// keys are far longer, DMS Kafka passwords at least 8 characters.
pub const RUN: usize = 8;

/// How many escapings deep a secret is looked for (`\\\"` is an escaped escaped quote).
const DEPTH: usize = 3;

/// The secrets of a call, indexed for redaction. Its `Debug` shows no secret.
#[derive(Default)]
pub struct Redactor {
    /// Each secret's characters.
    secrets: Vec<Vec<char>>,
    /// `(fingerprint, secret, start)` of every window, sorted by fingerprint.
    windows: Vec<(u64, u32, u32)>,
    /// One bit per fingerprint's top 16 bits: most windows of a text are ruled out by it.
    filter: Vec<u64>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Redactor(***)")
    }
}

fn fingerprint(window: &[char]) -> u64 {
    window.iter().fold(0xcbf2_9ce4_8422_2325, |h, c| {
        (h ^ u64::from(u32::from(*c))).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn filter_slot(fp: u64) -> (usize, u64) {
    let top = (fp >> 48) as usize;
    (top / 64, 1u64 << (top % 64))
}

impl Redactor {
    /// Indexes `secrets` (those shorter than [`RUN`] characters are left out).
    pub fn new<'a>(secrets: impl IntoIterator<Item = &'a str>) -> Redactor {
        let mut redactor = Redactor::default();
        for secret in secrets {
            let chars: Vec<char> = secret.chars().collect();
            if chars.len() < RUN {
                continue;
            }
            let index = u32::try_from(redactor.secrets.len()).unwrap_or(u32::MAX);
            for (start, window) in chars.windows(RUN).enumerate() {
                let start = u32::try_from(start).unwrap_or(u32::MAX);
                redactor.windows.push((fingerprint(window), index, start));
            }
            redactor.secrets.push(chars);
        }
        if redactor.secrets.is_empty() {
            return redactor;
        }
        redactor.windows.sort_unstable_by_key(|w| w.0);
        redactor.filter = vec![0; 1024];
        for (fp, _, _) in &redactor.windows {
            let (word, bit) = filter_slot(*fp);
            if let Some(w) = redactor.filter.get_mut(word) {
                *w |= bit;
            }
        }
        redactor
    }

    /// Whether there is nothing to look for.
    pub fn is_empty(&self) -> bool {
        self.secrets.is_empty()
    }

    /// Whether `window` ([`RUN`] characters) is a window of a secret.
    fn holds(&self, window: &[char]) -> bool {
        let fp = fingerprint(window);
        let (word, bit) = filter_slot(fp);
        if self.filter.get(word).map_or(true, |w| w & bit == 0) {
            return false;
        }
        let first = self.windows.partition_point(|w| w.0 < fp);
        self.windows
            .get(first..)
            .unwrap_or_default()
            .iter()
            .take_while(|w| w.0 == fp)
            .any(|&(_, secret, start)| {
                let start = start as usize;
                self.secrets
                    .get(secret as usize)
                    .and_then(|s| s.get(start..start + RUN))
                    == Some(window)
            })
    }
}

/// A character of a view, and the bytes of the redacted text it stands for.
#[derive(Clone, Copy)]
struct Unit {
    c: char,
    start: usize,
    end: usize,
}

fn hex_value(c: char) -> Option<u32> {
    c.to_digit(16)
}

/// The four hex digits after `\u` at `at`, as a number.
fn hex4(view: &[Unit], at: usize) -> Option<u32> {
    let digits = view.get(at..at + 4)?;
    digits
        .iter()
        .try_fold(0, |n, u| Some(n * 16 + hex_value(u.c)?))
}

/// The view with one layer of JSON escapes decoded, or `None` when it has none.
fn json_decoded(view: &[Unit]) -> Option<Vec<Unit>> {
    if !view.iter().any(|u| u.c == '\\') {
        return None;
    }
    let mut out = Vec::with_capacity(view.len());
    let mut changed = false;
    let mut i = 0;
    while let Some(unit) = view.get(i) {
        let decoded = (unit.c == '\\').then(|| escape_at(view, i)).flatten();
        match decoded {
            Some((c, len)) => {
                let end = view.get(i + len - 1).map_or(unit.end, |u| u.end);
                out.push(Unit {
                    c,
                    start: unit.start,
                    end,
                });
                changed = true;
                i += len;
            }
            None => {
                out.push(*unit);
                i += 1;
            }
        }
    }
    changed.then_some(out)
}

/// The character a JSON escape starting at `at` (a backslash) stands for, and its length in
/// units.
fn escape_at(view: &[Unit], at: usize) -> Option<(char, usize)> {
    let c = match view.get(at + 1)?.c {
        '"' => '"',
        '\\' => '\\',
        '/' => '/',
        'b' => '\u{8}',
        'f' => '\u{c}',
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        'u' => {
            let code = hex4(view, at + 2)?;
            if (0xD800..0xDC00).contains(&code) {
                // A surrogate pair: `\uD83D\uDE00`.
                let is_low = view.get(at + 6).is_some_and(|u| u.c == '\\')
                    && view.get(at + 7).is_some_and(|u| u.c == 'u');
                let low = if is_low { hex4(view, at + 8)? } else { 0 };
                if !(0xDC00..0xE000).contains(&low) {
                    return None;
                }
                let c = char::from_u32(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))?;
                return Some((c, 12));
            }
            return char::from_u32(code).map(|c| (c, 6));
        }
        _ => return None,
    };
    Some((c, 2))
}

/// The byte a `%XX` at `at` stands for.
fn percent_byte(view: &[Unit], at: usize) -> Option<u8> {
    if view.get(at)?.c != '%' {
        return None;
    }
    let high = hex_value(view.get(at + 1)?.c)?;
    let low = hex_value(view.get(at + 2)?.c)?;
    u8::try_from(high * 16 + low).ok()
}

/// The view with percent-encoding decoded (UTF-8 sequences whole), or `None` when it has none.
fn percent_decoded(view: &[Unit]) -> Option<Vec<Unit>> {
    if !view.iter().any(|u| u.c == '%') {
        return None;
    }
    let mut out = Vec::with_capacity(view.len());
    let mut changed = false;
    let mut i = 0;
    while let Some(unit) = view.get(i) {
        let decoded = percent_byte(view, i).and_then(|lead| {
            let len = match lead {
                0x00..=0x7F => 1,
                0xC2..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xF4 => 4,
                _ => return None,
            };
            let mut bytes = [lead, 0, 0, 0];
            for (k, byte) in bytes.iter_mut().enumerate().take(len).skip(1) {
                *byte = percent_byte(view, i + 3 * k)?;
            }
            let c = std::str::from_utf8(bytes.get(..len)?)
                .ok()?
                .chars()
                .next()?;
            Some((c, 3 * len))
        });
        match decoded {
            Some((c, len)) => {
                let end = view.get(i + len - 1).map_or(unit.end, |u| u.end);
                out.push(Unit {
                    c,
                    start: unit.start,
                    end,
                });
                changed = true;
                i += len;
            }
            None => {
                out.push(*unit);
                i += 1;
            }
        }
    }
    changed.then_some(out)
}

/// Adds to `marks` the byte range of every run of a secret in `base` or in any decoding of it.
fn mark_runs(base: Vec<Unit>, redactors: &[&Redactor], marks: &mut Vec<(usize, usize)>) {
    if base.len() < RUN {
        return;
    }
    let mut views = vec![base];
    let mut from = 0;
    for _ in 0..DEPTH {
        let to = views.len();
        for k in from..to {
            let Some(view) = views.get(k) else { break };
            let more = [json_decoded(view), percent_decoded(view)];
            views.extend(more.into_iter().flatten());
        }
        from = to;
    }
    let mut window = [' '; RUN];
    for view in &views {
        for units in view.windows(RUN) {
            for (slot, unit) in window.iter_mut().zip(units) {
                *slot = unit.c;
            }
            if redactors.iter().any(|r| r.holds(&window)) {
                if let (Some(first), Some(last)) = (units.first(), units.last()) {
                    marks.push((first.start, last.end));
                }
            }
        }
    }
}

/// `text` with each marked byte range replaced by its replacement (ranges that touch merge).
fn replace_marks<'t>(text: &'t str, mut marks: Vec<(usize, usize, &str)>) -> Cow<'t, str> {
    if marks.is_empty() {
        return Cow::Borrowed(text);
    }
    marks.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut current: Option<(usize, usize, &str)> = None;
    let mut flush = |out: &mut String, (start, end, with): (usize, usize, &str)| {
        out.push_str(text.get(at..start).unwrap_or_default());
        out.push_str(with);
        at = end;
    };
    for mark in marks {
        match &mut current {
            Some((_, end, _)) if mark.0 <= *end => *end = (*end).max(mark.1),
            _ => {
                if let Some(done) = current.replace(mark) {
                    flush(&mut out, done);
                }
            }
        }
    }
    if let Some(done) = current {
        flush(&mut out, done);
    }
    out.push_str(text.get(at..).unwrap_or_default());
    Cow::Owned(out)
}

fn active<'r>(redactors: &[&'r Redactor]) -> Vec<&'r Redactor> {
    redactors
        .iter()
        .copied()
        .filter(|r| !r.is_empty())
        .collect()
}

/// `text` (plain text) with every run of a secret, in any form an echo takes, as `***`.
pub fn redact_text<'t>(text: &'t str, redactors: &[&Redactor]) -> Cow<'t, str> {
    let redactors = active(redactors);
    if redactors.is_empty() {
        return Cow::Borrowed(text);
    }
    let base = text
        .char_indices()
        .map(|(start, c)| Unit {
            c,
            start,
            end: start + c.len_utf8(),
        })
        .collect();
    let mut marks = Vec::new();
    mark_runs(base, &redactors, &mut marks);
    replace_marks(text, with(marks, REDACTED))
}

fn with(marks: Vec<(usize, usize)>, replacement: &str) -> Vec<(usize, usize, &str)> {
    marks
        .into_iter()
        .map(|(s, e)| (s, e, replacement))
        .collect()
}

/// JSON text with every run of a secret in any of its strings (keys included) as `***`, and a
/// number made of a secret's digits as the string `"***"`: still JSON, of the same structure.
pub fn redact_json<'t>(text: &'t str, redactors: &[&Redactor]) -> Cow<'t, str> {
    let redactors = active(redactors);
    if redactors.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = redact_json_once(text, &redactors);
    // A `***` next to what is left could make a new run of a secret made of `*`: again until
    // nothing changes (each pass that changes something makes the text shorter).
    while let Cow::Owned(changed) = &out {
        match redact_json_once(changed, &redactors) {
            Cow::Owned(again) => out = Cow::Owned(again),
            Cow::Borrowed(_) => break,
        }
    }
    out
}

fn redact_json_once<'t>(text: &'t str, redactors: &[&Redactor]) -> Cow<'t, str> {
    let mut marks = Vec::new();
    let mut number_marks = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'"' {
            // A string literal: its characters, each escape sequence one unit.
            let mut units = Vec::new();
            let base = i + 1;
            let mut j = text.len();
            let mut rest = text.get(base..).unwrap_or_default().char_indices();
            while let Some((offset, c)) = rest.next() {
                let start = base + offset;
                match c {
                    '"' => {
                        j = start + 1;
                        break;
                    }
                    '\\' => {
                        let literal: Vec<Unit> = text
                            .get(start..)
                            .unwrap_or_default()
                            .char_indices()
                            .take(12)
                            .map(|(o, c)| Unit {
                                c,
                                start: start + o,
                                end: start + o + c.len_utf8(),
                            })
                            .collect();
                        let (c, len) = escape_at(&literal, 0).unwrap_or(('\\', 1));
                        let end = literal.get(len - 1).map_or(start + 1, |u| u.end);
                        units.push(Unit { c, start, end });
                        for _ in 1..len {
                            rest.next();
                        }
                    }
                    c => units.push(Unit {
                        c,
                        start,
                        end: start + c.len_utf8(),
                    }),
                }
            }
            mark_runs(units, redactors, &mut marks);
            i = j.max(i + 1);
        } else if b.is_ascii_digit() {
            let end = bytes
                .get(i..)
                .unwrap_or_default()
                .iter()
                .position(|b| !b.is_ascii_digit())
                .map_or(bytes.len(), |n| i + n);
            let units = (i..end)
                .map(|k| Unit {
                    c: char::from(bytes.get(k).copied().unwrap_or(b'0')),
                    start: k,
                    end: k + 1,
                })
                .collect();
            let mut found = Vec::new();
            mark_runs(units, redactors, &mut found);
            if !found.is_empty() {
                // The whole number goes: a part of it would be another number.
                let start = if i > 0 && bytes.get(i - 1) == Some(&b'-') {
                    i - 1
                } else {
                    i
                };
                let end = end
                    + bytes
                        .get(end..)
                        .unwrap_or_default()
                        .iter()
                        .take_while(|b| matches!(b, b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-'))
                        .count();
                number_marks.push((start, end));
            }
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    let mut all = with(marks, REDACTED);
    all.extend(with(number_marks, "\"***\""));
    replace_marks(text, all)
}
