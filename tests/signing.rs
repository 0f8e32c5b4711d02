//! SDK-HMAC-SHA256 signing: the published example byte for byte, AK/SK credentials, and the
//! signed registration request.
#![cfg(not(target_arch = "wasm32"))]

use lts_kafka::auth::sign::{format_sdk_date, sign, SigningInput};
use lts_kafka::{
    build_register_request, validate_register_request, ClientConfig, CredentialSource, Credentials,
    Input,
};
use serde_json::{json, Value};

#[test]
fn the_published_example_is_reproduced_byte_for_byte() {
    let headers = [
        ("Content-Type", "application/json"),
        ("Host", "service.region.example.com"),
        ("X-Sdk-Date", "20191115T033655Z"),
    ];
    let sig = sign(
        &SigningInput {
            method: "GET",
            path: "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
            query: "limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
            headers: &headers,
            body: b"",
        },
        "20191115T033655Z",
        b"MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
    );
    assert_eq!(
        sig.canonical_request,
        "GET\n\
         /v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/\n\
         limit=2&marker=13551d6b-755d-4757-b956-536f674975c0\n\
         content-type:application/json\n\
         host:service.region.example.com\n\
         x-sdk-date:20191115T033655Z\n\
         \n\
         content-type;host;x-sdk-date\n\
         e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    assert_eq!(sig.signed_headers, "content-type;host;x-sdk-date");
    assert_eq!(
        sig.signature,
        "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe"
    );
}

fn config(credentials: Value) -> Result<ClientConfig, lts_kafka::LtsError> {
    ClientConfig::from_input(
        &Input::from(json!({
            "projectId": "0123456789abcdef0123456789abcdef",
            "endpoint": "https://lts.cn-north-4.myhuaweicloud.com:8443",
            "credentials": credentials
        })),
        &[],
    )
}

fn credential_issues(credentials: Value) -> Vec<(String, &'static str)> {
    match config(credentials) {
        Ok(_) => Vec::new(),
        Err(e) => e
            .issues()
            .iter()
            .map(|i| (i.path.clone(), i.rule))
            .collect(),
    }
}

#[test]
fn ak_sk_credentials_are_validated_at_construction() {
    assert!(credential_issues(json!({"ak": "AK", "sk": "SK"})).is_empty());
    assert!(credential_issues(json!({"ak": "AK", "sk": "SK", "securityToken": "ST"})).is_empty());
    assert_eq!(
        credential_issues(json!({"token": "t", "ak": "AK", "sk": "SK"})),
        vec![("credentials".to_owned(), "format")]
    );
    assert_eq!(
        credential_issues(json!({"ak": "AK"})),
        vec![("credentials.sk".to_owned(), "required")]
    );
    assert_eq!(
        credential_issues(json!({"sk": "SK"})),
        vec![("credentials.ak".to_owned(), "required")]
    );
    assert_eq!(
        credential_issues(json!({"ak": "", "sk": ""})),
        vec![
            ("credentials.ak".to_owned(), "min_length"),
            ("credentials.sk".to_owned(), "min_length")
        ]
    );
    assert_eq!(
        credential_issues(json!({"securityToken": "ST"})),
        vec![
            ("credentials.ak".to_owned(), "required"),
            ("credentials.sk".to_owned(), "required")
        ]
    );
    assert_eq!(
        credential_issues(json!({"ak": "AK", "sk": "SK\n"})),
        vec![("credentials.sk".to_owned(), "format")]
    );
    let err = config(json!({"accessKey": "AK", "secretKey": "SK"})).unwrap_err();
    let messages: Vec<&str> = err.issues().iter().map(|i| i.message.as_str()).collect();
    assert!(
        messages.iter().any(|m| m.contains("did you mean ak?")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("did you mean sk?")),
        "{messages:?}"
    );
}

#[test]
fn a_function_is_a_credentials_provider() {
    let cfg = ClientConfig::from_input(
        &Input::Object(vec![
            ("projectId".into(), Input::String("p".into())),
            ("region".into(), Input::String("cn-north-4".into())),
            ("credentials".into(), Input::Other("function".into())),
        ]),
        &[],
    )
    .unwrap();
    assert_eq!(cfg.credentials, CredentialSource::Provider);
    // What a provider returns is checked like static credentials, and may not be a function.
    assert!(Credentials::from_input(&Input::Other("function".into())).is_err());
    assert!(Credentials::from_input(&Input::from(json!({"ak": "A", "sk": "S"}))).is_ok());
}

fn signed_request(credentials: Value) -> lts_kafka::HttpRequest {
    let cfg = config(credentials).unwrap();
    let CredentialSource::Static(creds) = &cfg.credentials else {
        panic!("static credentials")
    };
    let body = validate_register_request(&Input::from(json!({
        "instance_id": "3f4a92ff-7f65-489f-a36a-fadbaa0000a6",
        "kafka_name": "kafka-prod",
        "connect_info": {}
    })))
    .unwrap();
    // 2026-11-30T12:00:00Z
    build_register_request(&cfg, &body, creds, 1_796_040_000)
}

#[test]
fn an_ak_sk_request_carries_the_signed_headers_and_signs_host_from_the_url() {
    assert_eq!(format_sdk_date(1_796_040_000), "20261130T120000Z");
    let req = signed_request(json!({"ak": "AKEXAMPLE", "sk": "SKEXAMPLE-secret"}));
    let names: Vec<&str> = req.headers.iter().map(|h| h.name).collect();
    assert_eq!(
        names,
        [
            "Content-Type",
            "X-Project-Id",
            "X-Sdk-Date",
            "Authorization"
        ]
    );
    assert_eq!(req.header("X-Sdk-Date"), Some("20261130T120000Z"));
    assert_eq!(
        req.header("X-Project-Id"),
        Some("0123456789abcdef0123456789abcdef")
    );
    let auth = req.header("Authorization").unwrap();
    assert!(auth.starts_with(
        "SDK-HMAC-SHA256 Access=AKEXAMPLE, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature="
    ), "{auth}");
    // The signature recomputed independently of build_register_request.
    let headers = [
        ("content-type", "application/json;charset=utf8"),
        ("host", "lts.cn-north-4.myhuaweicloud.com:8443"),
        ("x-project-id", "0123456789abcdef0123456789abcdef"),
        ("x-sdk-date", "20261130T120000Z"),
    ];
    let expected = sign(
        &SigningInput {
            method: "POST",
            path: "/v2/0123456789abcdef0123456789abcdef/lts/dms/kafka-instance",
            query: "",
            headers: &headers,
            body: req.body.as_deref().unwrap_or_default().as_bytes(),
        },
        "20261130T120000Z",
        b"SKEXAMPLE-secret",
    );
    assert!(auth.ends_with(&format!("Signature={}", expected.signature)));
    assert!(!format!("{req:?}").contains(&expected.signature));
}

#[test]
fn temporary_keys_send_and_sign_the_security_token_and_previews_mask_it() {
    let req = signed_request(
        json!({"ak": "AK", "sk": "SK-secret", "securityToken": "ST-very-secret-token"}),
    );
    assert_eq!(req.header("X-Security-Token"), Some("ST-very-secret-token"));
    assert!(req
        .header("Authorization")
        .unwrap()
        .contains("SignedHeaders=content-type;host;x-project-id;x-sdk-date;x-security-token,"));
    let shown: Vec<(&str, &str)> = req.redacted_headers();
    assert!(shown.contains(&("X-Security-Token", "***")));
    let auth_shown = shown.iter().find(|(n, _)| *n == "Authorization").unwrap().1;
    assert!(auth_shown.ends_with("Signature=***"), "{auth_shown}");
    let debug = format!("{req:?}");
    assert!(!debug.contains("ST-very-secret-token") && !debug.contains("SK-secret"));
}
