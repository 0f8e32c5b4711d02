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
//! How: every window of [`RUN`] characters of every secret is indexed once (an open-addressing
//! table of fingerprints, each hit checked character by character); each view of a text (as
//! written, and decoded by each escaping in turn) is then slid over window by window. A text of
//! n characters costs O(n) table probes, whatever the secrets' length. No sort and no `&str`
//! pattern search: they would cost the wasm kilobytes.

use std::borrow::Cow;

use crate::auth::secret::REDACTED;

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
    /// `(fingerprint | 1, secret, start)` of every window, by linear probing from the
    /// fingerprint; `(0, _, _)` is an empty slot. Its length is a power of two, at least twice
    /// the windows.
    table: Vec<(u64, u32, u32)>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Redactor(***)")
    }
}

/// FNV-1a over the characters; never 0 (the empty slot).
fn fingerprint(window: &[char]) -> u64 {
    window.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, c| {
        (h ^ u64::from(u32::from(*c))).wrapping_mul(0x0000_0100_0000_01b3)
    }) | 1
}

impl Redactor {
    /// Indexes `secrets` (those shorter than [`RUN`] characters are left out).
    pub fn new<'a>(secrets: impl IntoIterator<Item = &'a str>) -> Redactor {
        let secrets: Vec<Vec<char>> = secrets
            .into_iter()
            .map(|s| s.chars().collect::<Vec<char>>())
            .filter(|chars| chars.len() >= RUN)
            .collect();
        let windows: usize = secrets.iter().map(|s| s.len() + 1 - RUN).sum();
        if windows == 0 {
            return Redactor::default();
        }
        let mut table = vec![(0u64, 0u32, 0u32); (windows * 2).next_power_of_two()];
        let mask = table.len() - 1;
        for (index, chars) in secrets.iter().enumerate() {
            'windows: for (start, window) in chars.windows(RUN).enumerate() {
                let fp = fingerprint(window);
                let mut slot = fp as usize & mask;
                while let Some(&(entry, secret, at)) = table.get(slot) {
                    if entry == 0 {
                        break;
                    }
                    // A window seen before (a secret that repeats itself) is indexed once, so
                    // a probe never walks a run of equal entries.
                    let at = at as usize;
                    let seen = secrets
                        .get(secret as usize)
                        .and_then(|s| s.get(at..at + RUN));
                    if entry == fp && seen == Some(window) {
                        continue 'windows;
                    }
                    slot = (slot + 1) & mask;
                }
                if let Some(entry) = table.get_mut(slot) {
                    *entry = (
                        fp,
                        u32::try_from(index).unwrap_or(u32::MAX),
                        u32::try_from(start).unwrap_or(u32::MAX),
                    );
                }
            }
        }
        Redactor { secrets, table }
    }

    /// Whether there is nothing to look for.
    pub fn is_empty(&self) -> bool {
        self.secrets.is_empty()
    }

    /// Whether `window` ([`RUN`] characters) is a window of a secret.
    fn holds(&self, window: &[char]) -> bool {
        let fp = fingerprint(window);
        let mask = self.table.len().wrapping_sub(1);
        let mut slot = fp as usize & mask;
        while let Some(&(entry, secret, start)) = self.table.get(slot) {
            if entry == 0 {
                return false;
            }
            let start = start as usize;
            if entry == fp
                && self
                    .secrets
                    .get(secret as usize)
                    .and_then(|s| s.get(start..start + RUN))
                    == Some(window)
            {
                return true;
            }
            slot = (slot + 1) & mask;
        }
        false
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
    decoded(view, '\\', escape_at)
}

/// `view` with every sequence that starts with `marker` and that `decode_at` reads replaced by
/// the character it stands for (one unit spanning the sequence's bytes), or `None` when no
/// sequence was read.
fn decoded(
    view: &[Unit],
    marker: char,
    decode_at: impl Fn(&[Unit], usize) -> Option<(char, usize)>,
) -> Option<Vec<Unit>> {
    if !view.iter().any(|u| u.c == marker) {
        return None;
    }
    let mut out = Vec::with_capacity(view.len());
    let mut changed = false;
    let mut i = 0;
    while let Some(unit) = view.get(i) {
        let read = (unit.c == marker).then(|| decode_at(view, i)).flatten();
        match read {
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
    decoded(view, '%', percent_at)
}

/// The character the `%XX` sequence at `at` stands for (a whole UTF-8 sequence of them), and
/// its length in units.
fn percent_at(view: &[Unit], at: usize) -> Option<(char, usize)> {
    let lead = percent_byte(view, at)?;
    let len = match lead {
        0x00..=0x7F => 1,
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let mut bytes = [lead, 0, 0, 0];
    for (k, byte) in bytes.iter_mut().enumerate().take(len).skip(1) {
        *byte = percent_byte(view, at + 3 * k)?;
    }
    let c = std::str::from_utf8(bytes.get(..len)?)
        .ok()?
        .chars()
        .next()?;
    Some((c, 3 * len))
}

/// What replaces a marked byte: nothing, `***` (in a string), `"***"` (a whole number).
const KEEP: u8 = 0;
const IN_STRING: u8 = 1;
const NUMBER: u8 = 2;

/// Marks, one per byte of the text being redacted, made when the first run is found.
struct Marks(Vec<u8>);

impl Marks {
    fn set(&mut self, text_len: usize, start: usize, end: usize, kind: u8) {
        if self.0.is_empty() {
            self.0 = vec![KEEP; text_len];
        }
        for m in self.0.get_mut(start..end).unwrap_or_default() {
            *m = kind;
        }
    }

    /// `text` with each run of marked bytes replaced (touching runs of one kind merge).
    fn apply<'t>(&self, text: &'t str) -> Cow<'t, str> {
        if self.0.is_empty() {
            return Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len());
        let mut kept_from = 0;
        let mut i = 0;
        while i < text.len() {
            let kind = self.0.get(i).copied().unwrap_or(KEEP);
            if kind == KEEP {
                i += 1;
                continue;
            }
            out.push_str(text.get(kept_from..i).unwrap_or_default());
            out.push_str(if kind == NUMBER { "\"***\"" } else { REDACTED });
            while self.0.get(i) == Some(&kind) {
                i += 1;
            }
            kept_from = i;
        }
        out.push_str(text.get(kept_from..).unwrap_or_default());
        Cow::Owned(out)
    }
}

/// Whether `base` (or a decoding of it) holds a run of a secret; marks each run's bytes.
fn mark_runs(
    base: Vec<Unit>,
    redactors: &[&Redactor],
    marks: &mut Marks,
    text_len: usize,
    kind: u8,
) -> bool {
    if base.len() < RUN {
        return false;
    }
    let mut views = vec![base];
    let mut from = 0;
    for _ in 0..DEPTH {
        let to = views.len();
        for k in from..to {
            let Some(view) = views.get(k) else { break };
            for more in [json_decoded(view), percent_decoded(view)]
                .into_iter()
                .flatten()
            {
                views.push(more);
            }
        }
        from = to;
    }
    let mut found = false;
    let mut window = [' '; RUN];
    for view in &views {
        for units in view.windows(RUN) {
            for (slot, unit) in window.iter_mut().zip(units) {
                *slot = unit.c;
            }
            if redactors.iter().any(|r| r.holds(&window)) {
                if let (Some(first), Some(last)) = (units.first(), units.last()) {
                    found = true;
                    if kind == IN_STRING {
                        marks.set(text_len, first.start, last.end, kind);
                    }
                }
            }
        }
    }
    found
}

/// The characters of `text` from byte `from` (at most `max` of them), each its own unit.
fn units_of(text: &str, from: usize, max: usize) -> Vec<Unit> {
    let mut units = Vec::new();
    for (offset, c) in text.get(from..).unwrap_or_default().char_indices() {
        if units.len() == max {
            break;
        }
        let start = from + offset;
        units.push(Unit {
            c,
            start,
            end: start + c.len_utf8(),
        });
    }
    units
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
    let base = units_of(text, 0, usize::MAX);
    let mut marks = Marks(Vec::new());
    mark_runs(base, &redactors, &mut marks, text.len(), IN_STRING);
    marks.apply(text)
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
    let mut marks = Marks(Vec::new());
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
                        let literal = units_of(text.get(..start + 12).unwrap_or(text), start, 12);
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
            mark_runs(units, redactors, &mut marks, text.len(), IN_STRING);
            i = j.max(i + 1);
        } else if b.is_ascii_digit() {
            let end = bytes
                .get(i..)
                .unwrap_or_default()
                .iter()
                .position(|b| !b.is_ascii_digit())
                .map_or(bytes.len(), |n| i + n);
            let units = units_of(text.get(..end).unwrap_or(text), i, usize::MAX);
            if mark_runs(units, redactors, &mut marks, text.len(), NUMBER) {
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
                marks.set(text.len(), start, end, NUMBER);
            }
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    marks.apply(text)
}
