//! The redactor on arbitrary text and secrets: the result is JSON of the same shape, and no
//! run of 8 characters of the secret survives as it is, JSON-escaped or percent-encoded, in
//! any place of the text where an escape can start.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lts_kafka::{redact_json, Redactor};

/// Whether `form` occurs in `text` where an escape may start: after an even number of
/// backslashes (after an odd number, its first backslash is the second half of a `\\`).
fn occurs_aligned(text: &str, form: &str) -> bool {
    text.match_indices(form).any(|(at, _)| {
        let before = text[..at].bytes().rev().take_while(|b| *b == b'\\').count();
        before % 2 == 0
    })
}

fn percent(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

fuzz_target!(|data: &[u8]| {
    let Some((&split, rest)) = data.split_first() else {
        return;
    };
    let split = usize::from(split).min(rest.len());
    let (secret, text) = rest.split_at(split);
    let secret = String::from_utf8_lossy(secret);
    let text = String::from_utf8_lossy(text);
    let value =
        serde_json::json!({ "message": text, "list": [text, 1], "k": { text.as_ref(): 2 } });
    let json = serde_json::to_string(&value).expect("JSON");
    let redactor = Redactor::new([secret.as_ref()]);
    let out = redact_json(&json, &[&redactor]);
    let back: serde_json::Value = serde_json::from_str(&out).expect("still JSON");
    let object = back.as_object().expect("an object");
    assert_eq!(object.len(), 3);
    let message = back["message"].as_str().expect("a string");
    let chars: Vec<char> = secret.chars().collect();
    for run in chars.windows(8) {
        let run: String = run.iter().collect();
        let escaped = serde_json::to_string(&run).expect("JSON");
        assert!(!message.contains(&run), "{run:?} left in {message:?}");
        for form in [escaped[1..escaped.len() - 1].to_owned(), percent(&run)] {
            assert!(
                !occurs_aligned(message, &form),
                "{form:?} left in {message:?}"
            );
        }
    }
});
