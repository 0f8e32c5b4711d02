//! The request body rules, table-driven: lengths in UTF-16 code units, every wrong type,
//! missing and unknown fields, SASL pairs.
#![cfg(not(target_arch = "wasm32"))]

use lts_kafka::{validate_register_request, Input};
use serde_json::{json, Value};

fn issues(body: Value) -> Vec<(String, &'static str, Option<u64>)> {
    match validate_register_request(&Input::from(body)) {
        Ok(_) => Vec::new(),
        Err(issues) => issues
            .into_iter()
            .map(|i| (i.path, i.rule, i.limit))
            .collect(),
    }
}

fn body_with(field: &str, value: Value) -> Value {
    let mut body = json!({
        "instance_id": "3f4a92ff-7f65-489f-a36a-fadbaa0000a6",
        "kafka_name": "kafka-prod",
        "connect_info": {}
    });
    body[field] = value;
    body
}

#[test]
fn a_valid_body_with_and_without_sasl_is_accepted() {
    assert!(issues(body_with("connect_info", json!({}))).is_empty());
    assert!(issues(body_with(
        "connect_info",
        json!({"user_name": "u", "pwd": "p"})
    ))
    .is_empty());
}

#[test]
fn instance_id_length_boundaries_are_0_1_36_37() {
    let cases = [
        ("".to_owned(), Some(("min_length", 1))),
        ("a".to_owned(), None),
        ("a".repeat(36), None),
        ("a".repeat(37), Some(("max_length", 36))),
    ];
    for (value, expected) in cases {
        let got = issues(body_with("instance_id", json!(value)));
        match expected {
            None => assert!(got.is_empty(), "{} chars: {got:?}", value.len()),
            Some((rule, limit)) => assert_eq!(
                got,
                vec![("instance_id".to_owned(), rule, Some(limit))],
                "{} chars",
                value.len()
            ),
        }
    }
}

#[test]
fn kafka_name_length_boundaries_are_0_1_256_257() {
    let cases = [
        (0, Some(("min_length", 1))),
        (1, None),
        (256, None),
        (257, Some(("max_length", 256))),
    ];
    for (len, expected) in cases {
        let got = issues(body_with("kafka_name", json!("k".repeat(len))));
        let expected: Vec<_> = expected
            .into_iter()
            .map(|(rule, limit)| ("kafka_name".to_owned(), rule, Some(limit)))
            .collect();
        assert_eq!(got, expected, "{len} chars");
    }
}

#[test]
fn lengths_count_utf16_code_units() {
    // 18 emoji are 36 code units: accepted; 19 are 38: rejected.
    assert!(issues(body_with("instance_id", json!("😀".repeat(18)))).is_empty());
    assert_eq!(
        issues(body_with("instance_id", json!("😀".repeat(19)))),
        vec![("instance_id".to_owned(), "max_length", Some(36))]
    );
    // "é" is one unit: 36 of them pass.
    assert!(issues(body_with("instance_id", json!("é".repeat(36)))).is_empty());
    // 128 emoji are 256 units for kafka_name; 128 emoji plus one letter are 257.
    assert!(issues(body_with("kafka_name", json!("😀".repeat(128)))).is_empty());
    assert_eq!(
        issues(body_with(
            "kafka_name",
            json!(format!("{}a", "😀".repeat(128)))
        )),
        vec![("kafka_name".to_owned(), "max_length", Some(256))]
    );
}

#[test]
fn every_wrong_type_is_a_type_violation_of_that_field() {
    for field in ["instance_id", "kafka_name"] {
        for value in [json!(1), json!(null), json!(true), json!([]), json!({})] {
            let got = issues(body_with(field, value.clone()));
            assert_eq!(
                got,
                vec![(field.to_owned(), "type", None)],
                "{field} = {value}"
            );
        }
    }
    for value in [json!(1), json!(null), json!("{}"), json!([]), json!(false)] {
        let got = issues(body_with("connect_info", value.clone()));
        assert_eq!(
            got,
            vec![("connect_info".to_owned(), "type", None)],
            "{value}"
        );
    }
    for key in ["user_name", "pwd"] {
        for value in [json!(1), json!(null), json!([]), json!({})] {
            let other = if key == "pwd" { "user_name" } else { "pwd" };
            let got = issues(body_with("connect_info", json!({ key: value, other: "x" })));
            assert_eq!(
                got,
                vec![(format!("connect_info.{key}"), "type", None)],
                "{key} = {value}"
            );
        }
    }
}

#[test]
fn a_body_that_is_not_an_object_is_one_type_issue_for_the_whole_argument() {
    for value in [json!(null), json!(1), json!("x"), json!([])] {
        assert_eq!(issues(value), vec![(String::new(), "type", None)]);
    }
    assert_eq!(
        validate_register_request(&Input::Undefined).unwrap_err()[0].rule,
        "type"
    );
}

#[test]
fn missing_fields_are_all_reported_at_once() {
    let got = issues(json!({}));
    assert_eq!(
        got,
        vec![
            ("instance_id".to_owned(), "required", None),
            ("kafka_name".to_owned(), "required", None),
            ("connect_info".to_owned(), "required", None),
        ]
    );
}

#[test]
fn connect_info_messages_say_to_pass_an_empty_object_without_sasl() {
    let errors = validate_register_request(&Input::from(json!({
        "instance_id": "a", "kafka_name": "b"
    })))
    .unwrap_err();
    assert!(errors[0]
        .message
        .contains("pass {} for an instance without SASL"));
}

#[test]
fn unknown_fields_are_rejected_with_a_hint_when_they_look_like_a_known_one() {
    let cases = [
        ("kafkaName", "kafka_name"),
        ("instanceId", "instance_id"),
        ("connectInfo", "connect_info"),
        ("kafka_nmae", "kafka_name"),
    ];
    for (wrong, right) in cases {
        let mut body = body_with("connect_info", json!({}));
        body[wrong] = json!("x");
        let err = validate_register_request(&Input::from(body)).unwrap_err();
        assert_eq!(err.len(), 1, "{wrong}: {err:?}");
        assert_eq!(err[0].rule, "unknown_field");
        assert_eq!(err[0].path, wrong);
        assert!(
            err[0].message.contains(&format!("did you mean {right}?")),
            "{}",
            err[0].message
        );
    }
    let mut body = body_with("connect_info", json!({"username": "u", "password": "p"}));
    body["zzz"] = json!(1);
    let err = validate_register_request(&Input::from(body)).unwrap_err();
    let messages: Vec<&str> = err.iter().map(|i| i.message.as_str()).collect();
    assert!(messages
        .iter()
        .any(|m| m.contains("connect_info.username") && m.contains("did you mean user_name?")));
    assert!(messages
        .iter()
        .any(|m| m.contains("connect_info.password") && m.contains("did you mean pwd?")));
    assert!(messages.iter().any(|m| m.starts_with("zzz is not a field")
        && m.contains("instance_id, kafka_name, connect_info")));
}

#[test]
fn sasl_user_and_password_come_together_and_are_not_empty() {
    assert_eq!(
        issues(body_with("connect_info", json!({"user_name": "u"}))),
        vec![("connect_info.pwd".to_owned(), "requires", None)]
    );
    assert_eq!(
        issues(body_with("connect_info", json!({"pwd": "p"}))),
        vec![("connect_info.user_name".to_owned(), "requires", None)]
    );
    assert_eq!(
        issues(body_with(
            "connect_info",
            json!({"user_name": "", "pwd": "p"})
        )),
        vec![("connect_info.user_name".to_owned(), "min_length", Some(1))]
    );
}

#[test]
fn javascript_only_values_are_named_by_kind() {
    let body = Input::Object(vec![
        ("instance_id".into(), Input::Other("function".into())),
        ("kafka_name".into(), Input::MalformedString(3)),
        ("connect_info".into(), Input::Other("Map instance".into())),
    ]);
    let err = validate_register_request(&body).unwrap_err();
    let got: Vec<(&str, &str)> = err.iter().map(|i| (i.path.as_str(), i.rule)).collect();
    assert_eq!(
        got,
        vec![
            ("instance_id", "type"),
            ("kafka_name", "well_formed"),
            ("connect_info", "type")
        ]
    );
    assert_eq!(
        err[0].message,
        "instance_id must be a string (got function)"
    );
    assert!(err[2].message.contains("got Map instance"));
}

#[test]
fn messages_name_the_rule_and_the_count_never_the_value() {
    let secret_name = "SECRET-NAME-".repeat(30);
    let err = validate_register_request(&Input::from(body_with("kafka_name", json!(secret_name))))
        .unwrap_err();
    assert_eq!(
        err[0].message,
        "kafka_name must be 1 to 256 characters (got 360)"
    );
    let err = validate_register_request(&Input::from(body_with(
        "connect_info",
        json!({"user_name": 5, "pwd": "hunter2-password"}),
    )))
    .unwrap_err();
    assert!(err.iter().all(|i| !i.message.contains("hunter2")));
}

#[test]
fn the_validated_body_serialises_in_wire_names_and_skips_absent_credentials() {
    let ok = validate_register_request(&Input::from(body_with("connect_info", json!({})))).unwrap();
    assert_eq!(
        ok.to_wire_json(),
        r#"{"instance_id":"3f4a92ff-7f65-489f-a36a-fadbaa0000a6","kafka_name":"kafka-prod","connect_info":{}}"#
    );
    let ok = validate_register_request(&Input::from(body_with(
        "connect_info",
        json!({"user_name": "lts", "pwd": "p\"w"}),
    )))
    .unwrap();
    assert!(ok
        .to_wire_json()
        .ends_with(r#""connect_info":{"user_name":"lts","pwd":"p\"w"}}"#));
    assert!(ok
        .to_redacted_json()
        .ends_with(r#""connect_info":{"user_name":"lts","pwd":"***"}}"#));
    assert_eq!(format!("{:?}", ok.connect_info.pwd), "Some(***)");
}

#[test]
fn control_characters_in_ids_and_names_are_refused_with_their_position() {
    for (field, value, pos) in [
        ("instance_id", "ab\u{0}c", 2),
        ("kafka_name", "kafka\nprod", 5),
        ("kafka_name", "😀\u{7f}", 2),
        ("instance_id", "\u{85}", 0),
    ] {
        let err =
            validate_register_request(&Input::from(body_with(field, json!(value)))).unwrap_err();
        assert_eq!(err.len(), 1, "{field}={value:?}");
        assert_eq!(err[0].rule, "control_character");
        assert_eq!(err[0].path, field);
        assert!(
            err[0]
                .message
                .ends_with(&format!("(found one at position {pos})")),
            "{}",
            err[0].message
        );
    }
    // Tabs inside a password are the user's business.
    assert!(issues(body_with(
        "connect_info",
        json!({"user_name": "u", "pwd": "a\tb"})
    ))
    .is_empty());
}
