//! Client configuration (regions, endpoints, project id, token) and the exact request built.
#![cfg(not(target_arch = "wasm32"))]

use lts_kafka::{
    build_register_request, endpoint_for_region, validate_register_request, ClientConfig,
    CredentialSource, Credentials, HttpRequest, Input, LtsError, RegisterDmsKafkaInstanceRequest,
    KNOWN_REGIONS,
};
use serde_json::{json, Value};

const TOKEN: &str = "MIIEXAYJKoZIhvcNAQcCoIIETTCCBEkCAQExDTALBglghkgBZQMEAgEwggJqBgkqhkiG9w0BBwGgggJbBIICV3sidG9rZW4i";

fn config(options: Value) -> Result<ClientConfig, LtsError> {
    ClientConfig::from_input(&Input::from(options), &[])
}

fn issue_paths(options: Value) -> Vec<(String, &'static str)> {
    match config(options) {
        Ok(_) => Vec::new(),
        Err(e) => e
            .issues()
            .iter()
            .map(|i| (i.path.clone(), i.rule))
            .collect(),
    }
}

fn static_credentials(cfg: &ClientConfig) -> &Credentials {
    match &cfg.credentials {
        CredentialSource::Static(c) => c,
        CredentialSource::Provider => panic!("static credentials expected"),
    }
}

fn build(cfg: &ClientConfig, body: &RegisterDmsKafkaInstanceRequest) -> HttpRequest {
    build_register_request(cfg, body, static_credentials(cfg), 1_764_504_000)
}

fn base(options: Value) -> String {
    config(options).unwrap().base_url.to_string()
}

#[test]
fn every_known_region_maps_to_its_endpoint_and_eu_west_101_to_the_eu_domain() {
    assert_eq!(KNOWN_REGIONS.len(), 32);
    for region in KNOWN_REGIONS {
        let url = endpoint_for_region(region).unwrap();
        if region == "eu-west-101" {
            assert_eq!(url, "https://lts.eu-west-101.myhuaweicloud.eu");
        } else {
            assert_eq!(url, format!("https://lts.{region}.myhuaweicloud.com"));
        }
    }
    assert_eq!(
        base(json!({"projectId": "p", "region": "cn-north-4", "credentials": {"token": "t"}})),
        "https://lts.cn-north-4.myhuaweicloud.com"
    );
}

#[test]
fn an_unknown_region_is_a_config_error_that_suggests_the_endpoint_option() {
    let err =
        config(json!({"projectId": "p", "region": "CN-North-4", "credentials": {"token": "t"}}))
            .unwrap_err();
    let msg = &err.issues()[0].message;
    assert!(msg.contains("did you mean cn-north-4?"), "{msg}");
    assert!(msg.contains("pass endpoint"), "{msg}");
    assert_eq!(err.name(), "LtsConfigError");
}

#[test]
fn an_explicit_endpoint_wins_over_the_region_and_keeps_its_path_prefix() {
    let opts = json!({
        "projectId": "p", "region": "cn-north-4",
        "endpoint": "https://Proxy.Example.COM:443/lts-proxy/", "credentials": {"token": "t"}
    });
    assert_eq!(base(opts), "https://proxy.example.com/lts-proxy");
}

#[test]
fn endpoints_are_accepted_or_refused_by_the_https_and_loopback_policy() {
    let cases: &[(&str, Option<&str>)] = &[
        ("https://lts.example.com", Some("https://lts.example.com")),
        (
            "https://lts.example.com:8443",
            Some("https://lts.example.com:8443"),
        ),
        ("http://127.0.0.1:8080", Some("http://127.0.0.1:8080")),
        ("http://127.8.9.10", Some("http://127.8.9.10")),
        ("http://localhost:3000/p", Some("http://localhost:3000/p")),
        ("http://[::1]:9000", Some("http://[::1]:9000")),
        ("http://127.0.0.1:80/", Some("http://127.0.0.1")),
        ("http://lts.example.com", None),
        ("http://10.0.0.1", None),
        ("http://128.0.0.1", None),
        ("http://127.0.0.1.example.com", None),
        ("ftp://lts.example.com", None),
        ("lts.example.com", None),
        ("https://user:pw@lts.example.com", None),
        ("https://lts.example.com?x=1", None),
        ("https://lts.example.com/#f", None),
        ("https://lts.example.com:0", None),
        ("https://lts.example.com:99999", None),
        ("https://lts exa.com", None),
        ("https://", None),
        ("", None),
    ];
    for (endpoint, expected) in cases {
        let got =
            config(json!({"projectId": "p", "endpoint": endpoint, "credentials": {"token": "t"}}));
        match expected {
            Some(url) => assert_eq!(got.unwrap().base_url.to_string(), *url, "{endpoint}"),
            None => {
                let err = got.unwrap_err();
                assert_eq!(err.issues()[0].path, "endpoint", "{endpoint}");
            }
        }
    }
}

#[test]
fn project_id_must_be_one_non_empty_path_segment() {
    for bad in [
        "", "a/b", "a?b", "a#b", "a%2F", "a b", "a\tb", "a\u{0}b", "\n", "projé", "p😀",
    ] {
        let got = issue_paths(
            json!({"projectId": bad, "region": "cn-north-4", "credentials": {"token": "t"}}),
        );
        assert_eq!(got.len(), 1, "{bad:?}: {got:?}");
        assert_eq!(got[0].0, "projectId", "{bad:?}");
    }
    for bad in [json!(1), json!(null), json!({})] {
        assert_eq!(
            issue_paths(
                json!({"projectId": bad, "region": "cn-north-4", "credentials": {"token": "t"}})
            ),
            vec![("projectId".to_owned(), "type")]
        );
    }
}

#[test]
fn a_token_with_cr_lf_or_other_control_characters_is_refused_without_echoing_it() {
    for bad in [
        format!("{TOKEN}\n"),
        format!("{TOKEN}\r\n"),
        format!("\r{TOKEN}"),
        format!("ab\u{7f}{TOKEN}"),
        format!("ab\u{0}{TOKEN}"),
        format!("{TOKEN} x"),
        format!("{TOKEN}é"),
        String::new(),
    ] {
        let err = config(
            json!({"projectId": "p", "region": "cn-north-4", "credentials": {"token": bad}}),
        )
        .unwrap_err();
        let issue = &err.issues()[0];
        assert_eq!(issue.path, "credentials.token", "{bad:?}");
        assert!(!issue.message.contains(TOKEN), "{}", issue.message);
        assert!(!err.to_string().contains("MIIE"));
    }
    let err = config(json!({"projectId": "p", "region": "cn-north-4", "credentials": {"token": format!("{TOKEN}\n")}}))
        .unwrap_err();
    assert!(err.issues()[0].message.contains("trailing whitespace"));
}

#[test]
fn missing_options_are_all_reported_and_unknown_ones_get_a_hint() {
    assert_eq!(
        issue_paths(json!({})),
        vec![
            ("region".to_owned(), "required"),
            ("projectId".to_owned(), "required"),
            ("credentials".to_owned(), "required"),
        ]
    );
    let err =
        config(json!({"project_id": "p", "region": "cn-north-4", "credentials": {"tokn": "t"}}))
            .unwrap_err();
    let messages: Vec<&str> = err.issues().iter().map(|i| i.message.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("did you mean projectId?")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("did you mean token?")),
        "{messages:?}"
    );
    assert_eq!(issue_paths(json!(null)), vec![(String::new(), "type")]);
    // Options a shell handles itself are not unknown.
    assert!(ClientConfig::from_input(
        &Input::from(json!({"projectId": "p", "region": "cn-north-4", "credentials": {"token": "t"}, "fetch": 1})),
        &["fetch"]
    )
    .is_ok());
}

#[test]
fn the_register_request_is_exactly_method_url_headers_and_body() {
    let cfg = config(json!({
        "projectId": "0123456789abcdef0123456789abcdef",
        "region": "cn-north-4",
        "credentials": {"token": TOKEN}
    }))
    .unwrap();
    let body = validate_register_request(&Input::from(json!({
        "instance_id": "3f4a92ff-7f65-489f-a36a-fadbaa0000a6",
        "kafka_name": "kafka-prod",
        "connect_info": {"user_name": "lts", "pwd": "pa55"}
    })))
    .unwrap();
    let req = build(&cfg, &body);
    assert_eq!(req.method, "POST");
    assert_eq!(
        req.url,
        "https://lts.cn-north-4.myhuaweicloud.com/v2/0123456789abcdef0123456789abcdef/lts/dms/kafka-instance"
    );
    let headers: Vec<(&str, &str)> = req
        .headers
        .iter()
        .map(|h| (h.name, h.value.as_str()))
        .collect();
    assert_eq!(
        headers,
        vec![
            ("Content-Type", "application/json;charset=utf8"),
            ("X-Auth-Token", TOKEN)
        ]
    );
    assert_eq!(
        req.body.as_deref(),
        Some(
            r#"{"instance_id":"3f4a92ff-7f65-489f-a36a-fadbaa0000a6","kafka_name":"kafka-prod","connect_info":{"user_name":"lts","pwd":"pa55"}}"#
        )
    );
    let debug = format!("{req:?}");
    assert!(!debug.contains(TOKEN) && !debug.contains("pa55"), "{debug}");
    assert_eq!(
        req.redacted_headers(),
        vec![
            ("Content-Type", "application/json;charset=utf8"),
            ("X-Auth-Token", "***")
        ]
    );
}

#[test]
fn a_project_id_outside_the_unreserved_set_is_percent_encoded_in_the_url() {
    let cfg = config(json!({
        "projectId": "proj:@!",
        "endpoint": "http://127.0.0.1:9/prefix",
        "credentials": {"token": "t"}
    }))
    .unwrap();
    let body = validate_register_request(&Input::from(json!({
        "instance_id": "i", "kafka_name": "k", "connect_info": {}
    })))
    .unwrap();
    assert_eq!(
        build(&cfg, &body).url,
        "http://127.0.0.1:9/prefix/v2/proj%3A%40%21/lts/dms/kafka-instance"
    );
}

#[test]
fn debug_output_of_a_config_hides_the_token() {
    let cfg =
        config(json!({"projectId": "p", "region": "cn-north-4", "credentials": {"token": TOKEN}}))
            .unwrap();
    let debug = format!("{cfg:?}");
    assert!(!debug.contains(TOKEN));
    assert!(debug.contains("***"));
}

fn option_issues(options: serde_json::Value) -> Vec<lts_kafka::ValidationIssue> {
    match lts_kafka::ClientConfig::from_input(&lts_kafka::Input::from(options), &[]) {
        Err(lts_kafka::LtsError::Config { issues, .. }) => issues,
        other => panic!("expected a configuration error, got {other:?}"),
    }
}

#[test]
fn a_project_id_that_a_url_would_resolve_away_is_refused() {
    for project in [".", "..", "%2e", "%2E%2e", ".%2e"] {
        let issues = option_issues(serde_json::json!({
            "projectId": project,
            "region": "cn-north-4",
            "credentials": { "token": "a-token-value" },
        }));
        assert!(
            issues
                .iter()
                .any(|i| i.path == "projectId" && i.message.contains(r#"must not be "." or "..""#)),
            "{project}: {issues:?}"
        );
    }
}

#[test]
fn plain_http_is_refused_for_a_localhost_subdomain_that_dns_could_answer() {
    let issues = option_issues(serde_json::json!({
        "projectId": "p",
        "endpoint": "http://evil.localhost:8080",
        "credentials": { "token": "a-token-value" },
    }));
    assert!(
        issues
            .iter()
            .any(|i| i.path == "endpoint" && i.message.contains("https://")),
        "{issues:?}"
    );
}

#[test]
fn a_string_too_long_to_describe_is_a_length_issue_naming_the_field() {
    let input = lts_kafka::Input::Object(vec![
        ("instance_id".into(), lts_kafka::Input::String("i".into())),
        (
            "kafka_name".into(),
            lts_kafka::Input::LongString(10_000_000),
        ),
        ("connect_info".into(), lts_kafka::Input::Object(vec![])),
    ]);
    let issues = lts_kafka::validate_register_request(&input).unwrap_err();
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0].path, "kafka_name");
    assert_eq!(issues[0].rule, "max_length");
    assert!(issues[0].message.contains("(got 10000000)"), "{issues:?}");
}

#[test]
fn an_error_lists_fifty_issues_at_most_and_says_how_many_more() {
    let entries: Vec<_> = (0..1000)
        .map(|i| (format!("unknown_{i}").into(), lts_kafka::Input::Null))
        .collect();
    let issues =
        lts_kafka::validate_register_request(&lts_kafka::Input::Object(entries)).unwrap_err();
    assert!(issues.len() > 1000);
    let error = lts_kafka::LtsError::Validation { issues };
    let json: serde_json::Value = serde_json::from_str(&error.to_json(0)).unwrap();
    let listed = json["props"]["issues"].as_array().unwrap();
    assert_eq!(listed.len(), 50);
    assert_eq!(listed[49]["rule"], "too_many_issues");
    assert!(listed[49]["message"].as_str().unwrap().starts_with("and "));
    assert!(json["message"].as_str().unwrap().len() < 20_000);
}

#[test]
fn an_endpoint_pasted_with_the_api_references_v2_path_says_what_to_remove() {
    for (endpoint, suffix) in [
        ("https://lts.cn-north-4.myhuaweicloud.com/v2", "/v2"),
        ("https://lts.cn-north-4.myhuaweicloud.com/v2/", "/v2"),
        (
            "https://lts.cn-north-4.myhuaweicloud.com/v2/0123456789abcdef0123456789abcdef",
            "/v2/0123456789abcdef0123456789abcdef",
        ),
        ("http://127.0.0.1:8080/lts-proxy/v2", "/v2"),
    ] {
        let issues = option_issues(serde_json::json!({
            "projectId": "p",
            "endpoint": endpoint,
            "credentials": { "token": "a-token-value" },
        }));
        assert!(
            issues.iter().any(
                |i| i.path == "endpoint" && i.message.contains(&format!("remove \"{suffix}\""))
            ),
            "{endpoint}: {issues:?}"
        );
    }
}

#[test]
fn a_client_describes_itself_without_a_secret() {
    let config = lts_kafka::ClientConfig::from_input(
        &lts_kafka::Input::from(serde_json::json!({
            "projectId": "0123456789abcdef0123456789abcdef",
            "region": "cn-north-4",
            "credentials": { "ak": "AKEXAMPLE", "sk": "secret-key-value", "securityToken": "st-value-long" },
        })),
        &[],
    )
    .unwrap();
    let json: serde_json::Value = serde_json::from_str(&config.describe_json()).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "region": "cn-north-4",
            "endpoint": "https://lts.cn-north-4.myhuaweicloud.com",
            "projectId": "0123456789abcdef0123456789abcdef",
            "credentials": "temporary ak/sk",
        })
    );
}

#[test]
fn a_project_id_or_kafka_name_pasted_with_a_space_is_refused_as_such() {
    let issues = option_issues(serde_json::json!({
        "projectId": "0123456789abcdef0123456789abcdef ",
        "region": "cn-north-4",
        "credentials": { "token": "a-token-value" },
    }));
    assert!(
        issues
            .iter()
            .any(|i| i.rule == "whitespace" && i.path == "projectId"),
        "{issues:?}"
    );
    let body = lts_kafka::Input::from(serde_json::json!({
        "instance_id": " 3f4a92ff-7f65-489f-a36a-fadbaa0000a6",
        "kafka_name": "kafka-prod\n",
        "connect_info": {},
    }));
    let issues = lts_kafka::validate_register_request(&body).unwrap_err();
    let text: Vec<&str> = issues.iter().map(|i| i.message.as_str()).collect();
    assert!(text.contains(&"instance_id has a leading space: remove it (values are sent as they are, never trimmed)"), "{text:?}");
    assert!(
        text.iter()
            .any(|m| m.starts_with("kafka_name has a trailing line break")),
        "{text:?}"
    );
}
