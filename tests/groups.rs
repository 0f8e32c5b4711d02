//! listLogGroups and listLogStreams: their requests, arguments and answers.
#![cfg(not(target_arch = "wasm32"))]

use lts_kafka::services::lts::groups::list_groups::{validate_list_groups, ListLogGroupsOperation};
use lts_kafka::services::lts::groups::list_streams::{
    validate_list_streams, ListLogStreamsOperation,
};
use lts_kafka::{build_request, Answer, ClientConfig, Credentials, Input, Operation};
use serde_json::json;

const GROUP: &str = "9a7e2183-2d6d-4732-9a9b-e897fd4e49e0";

fn parse(op: &dyn Operation, body: &str) -> Result<serde_json::Value, String> {
    op.parse(&Answer {
        status: 200,
        request_id: Some("req-1"),
        body: body.as_bytes(),
    })
    .map(|o| serde_json::from_str(&o.to_json()).unwrap())
    .map_err(|e| e.message)
}

#[test]
fn the_requests_are_gets_under_the_project() {
    let cfg = ClientConfig::from_input(
        &Input::from(json!({ "projectId": "p1", "region": "cn-north-4", "credentials": { "token": "groups-token-000000001" } })),
        &[],
    )
    .unwrap();
    let token = Credentials::from_input(&Input::from(json!({ "token": "groups-token-000000001" })))
        .unwrap();
    let r = build_request(&cfg, &ListLogGroupsOperation, &token, 0);
    assert_eq!(
        r.url,
        "https://lts.cn-north-4.myhuaweicloud.com/v2/p1/groups"
    );
    assert_eq!((r.method, r.body.as_deref()), ("GET", None));
    let r = build_request(
        &cfg,
        &ListLogStreamsOperation {
            log_group_id: GROUP.into(),
        },
        &token,
        0,
    );
    assert_eq!(
        r.url,
        format!("https://lts.cn-north-4.myhuaweicloud.com/v2/p1/groups/{GROUP}/streams")
    );
}

#[test]
fn the_arguments_are_checked() {
    assert!(validate_list_groups(&Input::Undefined).is_ok());
    assert!(validate_list_groups(&Input::from(json!({}))).is_ok());
    assert_eq!(
        validate_list_groups(&Input::from(json!({ "limit": 5 }))).unwrap_err()[0].path,
        "limit"
    );
    assert_eq!(
        validate_list_streams(&Input::from(json!({ "log_group_id": GROUP }))).unwrap(),
        GROUP
    );
    let issues =
        validate_list_streams(&Input::from(json!({ "log_group_id": "../x" }))).unwrap_err();
    assert_eq!(issues[0].path, "log_group_id");
    assert!(validate_list_streams(&Input::from(json!(GROUP))).is_err());
}

#[test]
fn answers_are_kept_whole_and_checked_for_ids_and_names() {
    let out = parse(
        &ListLogGroupsOperation,
        r#"{"log_groups":[{"log_group_id":"g1","log_group_name":"a","creation_time":1,"ttl_in_days":7,"tag":{"k":"v"},"new_field":true}]}"#,
    )
    .unwrap();
    assert_eq!(out["log_groups"][0]["new_field"], true);
    assert_eq!(out["requestId"], "req-1");
    for bad in [
        r#"{"log_groups":{}}"#,
        r#"{}"#,
        r#"[]"#,
        r#"{"log_groups":[{"log_group_id":"g1"}]}"#,
        r#"{"log_groups":[{"log_group_id":1,"log_group_name":"a"}]}"#,
        r#"{"log_groups":[],"log_groups":[]}"#,
    ] {
        assert!(parse(&ListLogGroupsOperation, bad).is_err(), "{bad}");
    }
    let streams = ListLogStreamsOperation {
        log_group_id: GROUP.into(),
    };
    let out = parse(
        &streams,
        r#"{"log_streams":[{"log_stream_id":"s1","log_stream_name":"n","filter_count":0}]}"#,
    )
    .unwrap();
    assert_eq!(out["log_streams"][0]["log_stream_name"], "n");
    assert!(parse(&streams, r#"{"log_streams":[{"log_stream_name":"n"}]}"#).is_err());
}
