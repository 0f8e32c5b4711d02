//! The JSON reader of answers (`Json::parse`) against serde_json's: the same verdict and the
//! same value on valid JSON, on broken JSON and on arbitrary bytes; and what it does
//! differently on purpose (a lone surrogate escape becomes U+FFFD; numbers keep their text, so
//! 1e400 is a number, written back as it came; nesting stops at 128 where serde_json's stops at
//! 127). And the lossy UTF-8 decoding that quotes bodies, against std's.
#![cfg(not(target_arch = "wasm32"))]

use lts_kafka::wire::json::Json;
use proptest::prelude::*;

/// serde_json's value in the shape of ours: integers as u64/i64, other numbers as their text.
fn from_serde(v: &serde_json::Value) -> Json {
    match v {
        serde_json::Value::Null => Json::Null,
        serde_json::Value::Bool(b) => Json::Bool(*b),
        serde_json::Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Json::Unsigned(u),
            (None, Some(i)) => Json::Signed(i),
            _ => Json::Number(String::from("<float>")),
        },
        serde_json::Value::String(s) => Json::String(s.clone()),
        serde_json::Value::Array(items) => Json::Array(items.iter().map(from_serde).collect()),
        serde_json::Value::Object(map) => Json::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), from_serde(v)))
                .collect(),
        ),
    }
}

/// Ours with every non-integer number's text replaced, and keys sorted (serde's map sorts).
fn comparable(v: &Json) -> Json {
    match v {
        Json::Number(_) => Json::Number(String::from("<float>")),
        Json::Array(items) => Json::Array(items.iter().map(comparable).collect()),
        // serde_json sorts keys; ours keeps their order (and refuses a key twice).
        Json::Object(entries) => Json::Object(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), comparable(v)))
                .collect::<std::collections::BTreeMap<_, _>>()
                .into_iter()
                .collect(),
        ),
        other => other.clone(),
    }
}

fn agree(text: &[u8]) {
    let ours = Json::parse(text);
    let theirs = serde_json::from_slice::<serde_json::Value>(text);
    match (&ours, &theirs) {
        (Some(a), Ok(b)) => {
            assert_eq!(
                comparable(a),
                from_serde(b),
                "{:?}",
                String::from_utf8_lossy(text)
            )
        }
        (None, Err(_)) => {}
        // A key twice in one object is refused on purpose (serde_json keeps the last).
        (None, Ok(_)) if matches!(Json::parse_answer(text), Err(Some(_))) => {}
        _ => panic!(
            "verdicts differ on {:?}: ours {:?}, serde_json {:?}",
            String::from_utf8_lossy(text),
            ours.is_some(),
            theirs.is_ok()
        ),
    }
}

#[test]
fn valid_and_broken_json_get_the_same_verdict_and_value() {
    for text in [
        r#"{"log_transfers":[{"log_transfer_id":"a","log_transfer_info":{"log_create_time":1751299200000,"log_agency_transfer":null}}]}"#,
        r#"  {"a" : [ 1 , -2 , 1.5e3 , true , false , null , "x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00" ] }  "#,
        "0",
        "-0",
        "-1",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "0.1",
        "1E+2",
        "[]",
        "{}",
        "\"\"",
        "[[[]]]",
        // Broken.
        "",
        " ",
        "{",
        "}",
        "[1,]",
        "{\"a\":1,}",
        "01",
        "1.",
        ".5",
        "-",
        "+1",
        "1e",
        "1e+",
        "tru",
        "nul",
        "\"abc",
        "\"\\x\"",
        "\"\\u12\"",
        "\"\\u+123\"",
        "[1 2]",
        "{\"a\" 1}",
        "{1:2}",
        "\"a\u{1}b\"",
        "1 2",
        "\u{feff}{}",
        "NaN",
        "Infinity",
        "{\"a\":1}x",
        r#"{"a":1,"a":2}"#,
    ] {
        agree(text.as_bytes());
    }
    // Not UTF-8 inside a string, and outside one.
    agree(b"\"\xff\"");
    agree(b"[\xc3\x28]");
}

#[test]
fn numbers_keep_their_text_and_integers_their_value() {
    let v = Json::parse(br#"[1.50,2e10,-0,18446744073709551616,42,-7]"#).unwrap();
    let mut out = String::new();
    v.write(&mut out);
    assert_eq!(out, "[1.50,2e10,-0,18446744073709551616,42,-7]");
    assert_eq!(v.as_array().unwrap()[4], Json::Unsigned(42));
    assert_eq!(v.as_array().unwrap()[5], Json::Signed(-7));
    assert_eq!(
        Json::parse(b"1e400"),
        Some(Json::Number(String::from("1e400")))
    );
}

#[test]
fn a_lone_surrogate_escape_becomes_a_replacement_character() {
    // serde_json refuses the whole body; an error message with one broken escape is still
    // worth reading.
    let v = Json::parse(br#"{"error_msg":"bad \ud800 here \udc00 and \ud800\u0041"}"#).unwrap();
    assert_eq!(
        v.get("error_msg").and_then(Json::as_str),
        Some("bad \u{fffd} here \u{fffd} and \u{fffd}A")
    );
}

#[test]
fn nesting_deeper_than_128_is_refused_without_exhausting_the_stack() {
    let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    assert!(Json::parse(deep(128).as_bytes()).is_some());
    assert!(Json::parse(deep(129).as_bytes()).is_none());
    assert!(Json::parse(deep(100_000).as_bytes()).is_none());
}

/// Arbitrary JSON values, written by serde_json.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<u64>().prop_map(|n| n.into()),
        any::<i64>().prop_map(|n| n.into()),
        (-1e12f64..1e12).prop_map(|f| serde_json::json!(f)),
        "\\PC{0,12}".prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::btree_map("[a-z_]{0,8}", inner, 0..6)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn arbitrary_json_reads_as_serde_json_reads_it(value in json_value(), pretty in any::<bool>()) {
        let text = if pretty { serde_json::to_string_pretty(&value) } else { serde_json::to_string(&value) };
        let text = text.unwrap();
        let ours = Json::parse(text.as_bytes());
        prop_assert_eq!(ours.as_ref().map(comparable), Some(from_serde(&value)));
        // And ours writes it back as serde_json writes it compactly, numbers as they came.
        let mut out = String::new();
        ours.unwrap().write(&mut out);
        prop_assert_eq!(out, serde_json::to_string(&value).unwrap());
    }

    #[test]
    fn arbitrary_bytes_get_the_same_verdict(bytes in prop::collection::vec(prop_oneof![
        Just(b'{'), Just(b'}'), Just(b'['), Just(b']'), Just(b'"'), Just(b':'), Just(b','),
        Just(b'\\'), Just(b'u'), Just(b'0'), Just(b'1'), Just(b'-'), Just(b'.'), Just(b'e'),
        Just(b' '), Just(b'a'), Just(b't'), Just(b'n'), any::<u8>(),
    ], 0..24)) {
        let text: &[u8] = &bytes;
        let lone_surrogate = String::from_utf8_lossy(text).to_ascii_lowercase().contains("\\ud");
        if !lone_surrogate {
            agree(text);
        }
    }
}

proptest! {
    #[test]
    fn lossy_text_is_what_std_makes_of_the_same_bytes(bytes in prop::collection::vec(prop_oneof![
        any::<u8>(), Just(0xe2u8), Just(0x82u8), Just(0xacu8), Just(0xf0u8), Just(0x9fu8), Just(b'a'),
    ], 0..40)) {
        prop_assert_eq!(lts_kafka::wire::text::utf8_lossy(&bytes), String::from_utf8_lossy(&bytes).into_owned());
    }
}

#[test]
fn a_key_twice_in_one_object_is_refused_and_named_at_any_depth_and_size() {
    assert_eq!(
        Json::parse_answer(br#"{"a":1,"a":2}"#),
        Err(Some(String::from("a")))
    );
    assert_eq!(
        Json::parse_answer(br#"[{"x":{"log_transfer_id":"t","log_transfer_id":42}}]"#),
        Err(Some(String::from("log_transfer_id")))
    );
    let many: Vec<String> = (0..40).map(|i| format!("\"k{i}\":{i}")).collect();
    let text = format!("{{{},\"k7\":0}}", many.join(","));
    assert_eq!(
        Json::parse_answer(text.as_bytes()),
        Err(Some(String::from("k7")))
    );
    assert!(Json::parse_answer(b"{\"a\":1,\"b\":{\"a\":2}}").is_ok());
    assert_eq!(Json::parse_answer(b"{"), Err(None));
}
