//! Property tests: validation, response parsing, retry decisions and signing never panic, on
//! any input, and keep their promises (bounded messages, no secrets, delays within bounds).
#![cfg(not(target_arch = "wasm32"))]

use lts_kafka::auth::sign::{canonical_query, canonical_uri, sign, SigningInput};
use lts_kafka::{
    decide, parse_register_response, parse_retry_after, validate_register_request, AttemptOutcome,
    Input, RetryDecision, RetryPolicy,
};
use proptest::prelude::*;
use serde_json::{json, Value};

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<f64>().prop_map(|f| json!(f)),
        any::<i64>().prop_map(|i| json!(i)),
        ".{0,40}".prop_map(Value::String),
        prop::sample::select(vec![
            "instance_id",
            "kafka_name",
            "connect_info",
            "user_name",
            "pwd"
        ])
        .prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        prop::sample::select(vec![
                            "instance_id",
                            "kafka_name",
                            "connect_info",
                            "user_name",
                            "pwd",
                            "kafkaName",
                            "__proto__"
                        ])
                        .prop_map(String::from),
                        ".{0,12}",
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn validation_of_any_json_returns_a_body_or_named_issues(value in arb_json()) {
        match validate_register_request(&Input::from(&value)) {
            Ok(body) => {
                prop_assert!((1..=36).contains(&body.instance_id.encode_utf16().count()));
                prop_assert!((1..=256).contains(&body.kafka_name.encode_utf16().count()));
                let wire: Value = serde_json::from_str(&body.to_wire_json()).unwrap();
                prop_assert_eq!(&wire["instance_id"], &value["instance_id"]);
            }
            Err(issues) => {
                prop_assert!(!issues.is_empty());
                for issue in issues {
                    prop_assert!(!issue.message.is_empty());
                    prop_assert!(issue.message.chars().count() < 400);
                }
            }
        }
    }

    #[test]
    fn validation_messages_never_contain_the_password(pwd in "[A-Za-z0-9]{12,40}", name_len in 0usize..300) {
        let body = json!({
            "instance_id": pwd.clone(),
            "kafka_name": "k".repeat(name_len),
            "connect_info": {"user_name": 5, "pwd": pwd.clone(), "password": pwd.clone()}
        });
        if let Err(issues) = validate_register_request(&Input::from(body)) {
            for issue in issues {
                prop_assert!(!issue.message.contains(&pwd));
            }
        }
    }

    #[test]
    fn any_answer_parses_to_a_result_or_a_bounded_error(
        status in 0u16..1000,
        request_id in proptest::option::of(".{0,300}"),
        body in prop::collection::vec(any::<u8>(), 0..2000),
    ) {
        match parse_register_response(status, request_id.as_deref(), &body) {
            Ok(out) => {
                prop_assert!((200..300).contains(&status));
                prop_assert!(!out.instance_id.is_empty());
            }
            Err(e) => {
                prop_assert_eq!(e.status, status);
                prop_assert!(e.message.chars().count() <= 460, "{}", e.message.len());
                prop_assert!(e.request_id.as_ref().is_none_or(|id| id.len() <= 128));
            }
        }
    }

    #[test]
    fn json_error_bodies_of_any_shape_parse_without_panic(value in arb_json(), status in 400u16..600) {
        let body = serde_json::to_vec(&value).unwrap();
        let e = parse_register_response(status, None, &body).unwrap_err();
        prop_assert!(e.message.chars().count() <= 460);
    }

    #[test]
    fn retry_decisions_stay_within_the_policy(
        status in 100u16..600,
        retry_after in proptest::option::of(".{0,40}"),
        attempt in 1u32..10,
        random in any::<f64>(),
        max_delay in 0u64..60_000,
        remaining in proptest::option::of(0u64..100_000),
    ) {
        let policy = RetryPolicy { max_delay_ms: max_delay, ..RetryPolicy::default() };
        let outcome = AttemptOutcome::Api { status, code: None, retry_after: retry_after.as_deref() };
        if let RetryDecision::RetryAfter { delay_ms } = decide(&policy, &outcome, attempt, random, 0, remaining) {
            prop_assert!(delay_ms <= max_delay);
            prop_assert!(attempt < policy.max_attempts);
            prop_assert!(remaining.is_none_or(|r| delay_ms < r));
        }
        let _ = parse_retry_after(retry_after.as_deref().unwrap_or(""), u64::MAX);
    }

    #[test]
    fn signing_any_request_is_deterministic_and_canonical_forms_are_stable(
        path in "(/[^?#]{0,12}){0,5}",
        query in "[^#]{0,40}",
        value in "[ -~]{0,30}",
        body in prop::collection::vec(any::<u8>(), 0..200),
    ) {
        let headers = [("Host", "h"), ("X-Sdk-Date", "20261130T120000Z"), ("X-A", value.as_str())];
        let input = SigningInput { method: "POST", path: &path, query: &query, headers: &headers, body: &body };
        let a = sign(&input, "20261130T120000Z", b"sk");
        let b = sign(&input, "20261130T120000Z", b"sk");
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(a.signature.len(), 64);
        // Canonicalising a canonical form changes nothing.
        let uri = canonical_uri(&path);
        prop_assert_eq!(canonical_uri(&uri), uri.clone());
        let q = canonical_query(&query);
        prop_assert_eq!(canonical_query(&q), q.clone());
    }
}
