//! The redactor: no run of 8 or more characters of a secret survives in any form an echo
//! takes (raw, JSON-escaped in every way, percent-encoded, nested, cut anywhere), and JSON
//! stays JSON of the same shape. The echoes are made by serde_json and by encoders written here
//! from the specifications, not by the code under test.
#![cfg(not(target_arch = "wasm32"))]

use lts_kafka::{redact_json, redact_text, Redactor};
use proptest::prelude::*;
use serde_json::{json, Value};

const RUN: usize = 8;

fn json_min(s: &str) -> String {
    let quoted = serde_json::to_string(s).unwrap();
    quoted[1..quoted.len() - 1].to_owned()
}

fn json_slash(s: &str) -> String {
    json_min(s).replace('/', "\\/")
}

fn json_every_char(s: &str, upper: bool) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let mut units = [0u16; 2];
        for u in c.encode_utf16(&mut units) {
            out.push_str(&if upper {
                format!("\\u{u:04X}")
            } else {
                format!("\\u{u:04x}")
            });
        }
    }
    out
}

fn percent_every_byte(s: &str, upper: bool) -> String {
    s.bytes()
        .map(|b| {
            if upper {
                format!("%{b:02X}")
            } else {
                format!("%{b:02x}")
            }
        })
        .collect()
}

fn percent_reserved(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

type Encoder = fn(&str) -> String;

const ENCODERS: &[(&str, Encoder)] = &[
    ("raw", |s| s.to_owned()),
    ("json", json_min),
    ("json with \\/", json_slash),
    ("\\u lower", |s| json_every_char(s, false)),
    ("\\u upper", |s| json_every_char(s, true)),
    ("percent upper", |s| percent_every_byte(s, true)),
    ("percent lower", |s| percent_every_byte(s, false)),
    ("percent reserved", percent_reserved),
    ("json twice", |s| json_min(&json_min(s))),
    ("json of percent", |s| json_min(&percent_reserved(s))),
    ("percent of json", |s| percent_reserved(&json_min(s))),
    ("\\u of json", |s| json_every_char(&json_min(s), false)),
];

/// Every run of RUN characters of `secret`, encoded as `encode` does.
fn encoded_runs(secret: &str, encode: Encoder) -> Vec<String> {
    let chars: Vec<char> = secret.chars().collect();
    chars
        .windows(RUN)
        .map(|w| encode(&w.iter().collect::<String>()))
        .collect()
}

/// Redacts `{"message": text}` as the library's output would be, and returns the message.
fn through_json(text: &str, secrets: &[&str]) -> String {
    let out = serde_json::to_string(&json!({ "message": text, "n": 1 })).unwrap();
    let redactor = Redactor::new(secrets.iter().copied());
    let redacted = redact_json(&out, &[&redactor]);
    let value: Value = serde_json::from_str(&redacted).expect("the redacted text is JSON");
    let object = value.as_object().unwrap();
    assert_eq!(object.len(), 2, "{redacted}");
    assert_eq!(object["n"], json!(1));
    object["message"].as_str().unwrap().to_owned()
}

const SECRETS: &[&str] = &[
    "Pa\"ss\\word-2024",
    "kafka-pässwörd-ä",
    "MIIZ/token+base64/==abc",
    "emoji🙂-password-x",
    "tab\tand\nnewline-pwd",
];

#[test]
fn every_echo_shape_of_every_secret_is_redacted() {
    for secret in SECRETS {
        for (name, encode) in ENCODERS {
            let echo = format!("upstream said: {} (rejected)", encode(secret));
            let message = through_json(&echo, &[secret]);
            for run in encoded_runs(secret, *encode) {
                assert!(
                    !message.contains(&run),
                    "{name} echo of {secret:?} kept {run:?}: {message}"
                );
            }
            assert!(message.starts_with("upstream said: "), "{name}: {message}");
            assert!(message.ends_with(" (rejected)"), "{name}: {message}");
            assert!(message.contains("***"), "{name}: {message}");
        }
    }
}

#[test]
fn a_secret_cut_at_a_message_boundary_loses_every_run_of_eight() {
    let secret = "0123456789abcdefghij";
    // The first 12 characters, as a 400-character cut would leave them, then an ellipsis.
    let message = through_json(&format!("{}{}…", "x".repeat(388), &secret[..12]), &[secret]);
    assert_eq!(message, format!("{}***…", "x".repeat(388)));
    // The last 9 characters, at the start of an excerpt.
    let message = through_json(&format!("{}: after", &secret[11..]), &[secret]);
    assert_eq!(message, "***: after");
    // Seven characters are no run: kept.
    let message = through_json(&format!("see {}", &secret[..7]), &[secret]);
    assert_eq!(message, "see 0123456");
}

#[test]
fn secrets_shorter_than_eight_characters_are_not_looked_for() {
    let message = through_json("kafka user or password wrong", &["wrong"]);
    assert_eq!(message, "kafka user or password wrong");
}

#[test]
fn a_secret_in_a_key_or_a_number_is_redacted_and_the_json_keeps_its_shape() {
    let redactor = Redactor::new(["token-value-123", "987654321098"]);
    let text = r#"{"token-value-123":"x","code":987654321098,"n":-9876543210981,"ok":12}"#;
    let out = redact_json(text, &[&redactor]);
    let value: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        value,
        json!({ "***": "x", "code": "***", "n": "***", "ok": 12 }),
        "{out}"
    );
}

#[test]
fn text_without_secrets_is_returned_as_it_is() {
    let redactor = Redactor::new(["a-long-secret-value"]);
    let text = r#"{"message":"nothing to see \"here\" \u00e4 %41"}"#;
    assert_eq!(redact_json(text, &[&redactor]), text);
    assert_eq!(redact_text("plain", &[&Redactor::new([])]), "plain");
}

#[test]
fn plain_text_is_redacted_in_every_form_too() {
    let secret = "Pa\"ss\\word-2024";
    for (name, encode) in ENCODERS {
        let text = format!("[{}]", encode(secret));
        let out = redact_text(&text, &[&Redactor::new([secret])]);
        assert_eq!(out, "[***]", "{name}");
    }
}

#[test]
fn a_long_token_and_a_long_text_are_redacted_in_one_pass() {
    let token: String = (0..8000)
        .map(|i| char::from(b'A' + (i * 7 % 26) as u8))
        .collect();
    let redactor = Redactor::new([token.as_str()]);
    let text = format!(
        "{}{}{}",
        "-".repeat(500_000),
        &token[100..200],
        "-".repeat(500_000)
    );
    let out = redact_text(&text, &[&redactor]);
    assert_eq!(out.len(), 1_000_003);
    assert!(out.contains("-***-"));
}

fn secret_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            prop::char::range('!', '~'),
            Just('"'),
            Just('\\'),
            Just('/'),
            Just('%'),
            Just('ä'),
            Just('\u{1F642}'),
            Just('\u{7}'),
            Just(' '),
        ],
        RUN..40,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn no_run_of_eight_survives_any_encoding_or_cut(
        secret in secret_strategy(),
        encoder in 0..ENCODERS.len(),
        cut in (0usize..400, 0usize..400),
        before in "[a-z ]{0,20}",
        after in "[a-z ]{0,20}",
    ) {
        let (name, encode) = ENCODERS[encoder];
        // Cut before or after any character of the secret, then encoded.
        let chars: Vec<char> = secret.chars().collect();
        let (a, b) = (cut.0 % (chars.len() + 1), cut.1 % (chars.len() + 1));
        let (from, to) = if a <= b { (a, b) } else { (b, a) };
        let piece = encode(&chars[from..to].iter().collect::<String>());
        let message = through_json(&format!("{before}{piece}{after}"), &[&secret]);
        for run in encoded_runs(&secret, encode) {
            prop_assert!(!message.contains(&run), "{} kept {:?} in {:?}", name, run, message);
        }
    }

    #[test]
    fn redacted_json_is_json_of_the_same_keys(text in "\\PC{0,200}", secret in secret_strategy()) {
        let value = json!({ "a": text, "b": [text.clone(), 5], "c": { "d": secret.clone() } });
        let out = serde_json::to_string(&value).unwrap();
        let redacted = redact_json(&out, &[&Redactor::new([secret.as_str()])]);
        let back: Value = serde_json::from_str(&redacted).unwrap();
        prop_assert_eq!(back["c"]["d"].as_str(), Some("***"));
        prop_assert!(back["b"][1] == json!(5) || back["b"][1] == json!("***"));
        prop_assert_eq!(back.as_object().unwrap().len(), 3);
    }
}

#[test]
fn a_secret_that_repeats_itself_is_redacted_and_indexed_once() {
    let token = "MIIT".repeat(1500);
    let redactor = Redactor::new([token.as_str()]);
    let text = format!("echo {} end", &token[3..40]);
    assert_eq!(redact_text(&text, &[&redactor]), "echo *** end");
}
