//! The DMS log transfers in the core: every rule of the four bodies, the exact wire bodies and
//! requests (signed as Huawei's own signer signs them), and every shape of answer.
#![cfg(not(target_arch = "wasm32"))]

use lts_kafka::services::lts::transfers::answers::{
    parse_deleted, parse_transfer, parse_transfer_list,
};
use lts_kafka::services::lts::transfers::create::{
    validate_create_transfer, CreateTransferOperation,
};
use lts_kafka::services::lts::transfers::delete::{
    says_transfer_not_found, validate_delete_transfer, DeleteTransferOperation,
};
use lts_kafka::services::lts::transfers::list::{validate_list_query, ListTransfersOperation};
use lts_kafka::services::lts::transfers::model::{StorageFormat, TransferStatus, TransferType};
use lts_kafka::services::lts::transfers::update::{
    validate_update_transfer, UpdateTransferOperation,
};
use lts_kafka::{build_request, Answer, ApiError, ClientConfig, Input, Operation, RetrySafety};
use serde_json::{json, Value};

const GROUP: &str = "9a7e2183-2d6d-4732-9a9b-e897fd4e49e0";
const STREAM: &str = "839dac89-35af-4db2-ab4a-a7dda0d0d3f8";
const STREAM2: &str = "839dac89-35af-4db2-ab4a-a7dda0d0d3f9";
const KAFKA: &str = "3f4a92ff-7f65-489f-a36a-fadbaa0000a6";
const TRANSFER: &str = "5d6e7f80-1111-4222-8333-000000000004";

fn create_body() -> Value {
    json!({
        "log_group_id": GROUP,
        "log_streams": [{ "log_stream_id": STREAM }],
        "log_transfer_info": {
            "log_transfer_type": "DMS",
            "log_transfer_mode": "realTime",
            "log_storage_format": "RAW",
            "log_transfer_status": "ENABLE",
            "log_transfer_detail": { "kafka_id": KAFKA, "kafka_topic": "lts-logs" },
        },
    })
}

fn update_body() -> Value {
    json!({
        "log_transfer_id": TRANSFER,
        "log_transfer_info": {
            "log_storage_format": "RAW",
            "log_transfer_status": "DISABLE",
            "log_transfer_detail": { "kafka_id": KAFKA, "kafka_topic": "lts-logs" },
        },
    })
}

/// `body` with the value at a dotted path replaced (or removed, for `null` given as `None`).
fn with(mut body: Value, path: &str, value: Option<Value>) -> Value {
    let mut at = &mut body;
    let parts: Vec<&str> = path.split('.').collect();
    for part in &parts[..parts.len() - 1] {
        at = match part.parse::<usize>() {
            Ok(i) => &mut at[i],
            Err(_) => &mut at[*part],
        };
    }
    let last = parts[parts.len() - 1];
    match value {
        Some(v) => at[last] = v,
        None => {
            at.as_object_mut().unwrap().remove(last);
        }
    }
    body
}

fn create_issues(body: Value) -> Vec<(String, &'static str)> {
    match validate_create_transfer(&Input::from(body)) {
        Ok(_) => Vec::new(),
        Err(issues) => issues.into_iter().map(|i| (i.path, i.rule)).collect(),
    }
}

fn messages(result: Result<impl Sized, Vec<lts_kafka::ValidationIssue>>) -> Vec<String> {
    match result {
        Ok(_) => Vec::new(),
        Err(issues) => issues.into_iter().map(|i| i.message).collect(),
    }
}

#[test]
fn a_valid_dms_creation_is_typed_and_goes_on_the_wire_as_the_official_sdk_sends_it() {
    let body = validate_create_transfer(&Input::from(with(
        create_body(),
        "log_streams",
        Some(json!([{ "log_stream_id": STREAM, "log_stream_name": "lts-stream-demo" }])),
    )))
    .unwrap();
    assert_eq!(body.log_group_id, GROUP);
    assert_eq!(body.log_storage_format, StorageFormat::Raw);
    assert_eq!(body.log_transfer_status, TransferStatus::Enable);
    assert_eq!(body.log_transfer_detail.kafka_topic, "lts-logs");
    // The captured body of huaweicloudsdklts 3.1.219 (transfer-api.md §5), compact.
    let captured = r#"{"log_group_id": "9a7e2183-2d6d-4732-9a9b-e897fd4e49e0", "log_streams": [{"log_stream_id": "839dac89-35af-4db2-ab4a-a7dda0d0d3f8", "log_stream_name": "lts-stream-demo"}], "log_transfer_info": {"log_transfer_type": "DMS", "log_transfer_mode": "realTime", "log_storage_format": "RAW", "log_transfer_status": "ENABLE", "log_transfer_detail": {"kafka_id": "3f4a92ff-7f65-489f-a36a-fadbaa0000a6", "kafka_topic": "lts-logs"}}}"#;
    assert_eq!(
        body.to_wire_json(),
        captured
            .replace("\", \"", "\",\"")
            .replace(": ", ":")
            .replace("}, \"", "},\"")
            .replace("], \"", "],\"")
    );
}

#[test]
fn every_rule_of_a_creation_names_its_field() {
    let table: Vec<(&str, Option<Value>, &str, &str)> = vec![
        ("log_group_id", None, "log_group_id", "required"),
        (
            "log_group_id",
            Some(json!("9a7e2183")),
            "log_group_id",
            "min_length",
        ),
        (
            "log_group_id",
            Some(json!("9a7e2183-2d6d-4732-9a9b-e897fd4e49e0x")),
            "log_group_id",
            "max_length",
        ),
        (
            "log_group_id",
            Some(json!("9a7e2183_2d6d-4732-9a9b-e897fd4e49e0")),
            "log_group_id",
            "format",
        ),
        (
            "log_group_id",
            Some(json!("my-log-group-name-is-thirty-six-char")),
            "log_group_id",
            "format",
        ),
        ("log_streams", Some(json!([])), "log_streams", "min_items"),
        ("log_streams", Some(json!({})), "log_streams", "type"),
        (
            "log_streams",
            Some(json!([{ "log_stream_id": STREAM }, { "log_stream_id": STREAM }])),
            "log_streams[1].log_stream_id",
            "duplicate",
        ),
        (
            "log_streams",
            Some(json!([{ "log_stream_id": STREAM, "log_stream_name": "" }])),
            "log_streams[0].log_stream_name",
            "min_length",
        ),
        (
            "log_streams",
            Some(json!([{ "log_stream_id": STREAM, "log_stream_name": "n".repeat(65) }])),
            "log_streams[0].log_stream_name",
            "max_length",
        ),
        (
            "log_streams",
            Some(json!([{ "id": STREAM }])),
            "log_streams[0].log_stream_id",
            "required",
        ),
        ("log_streams", Some(json!(["x"])), "log_streams[0]", "type"),
        (
            "log_transfer_info.log_transfer_type",
            Some(json!("OBS")),
            "log_transfer_info.log_transfer_type",
            "one_of",
        ),
        (
            "log_transfer_info.log_transfer_type",
            Some(json!("dms")),
            "log_transfer_info.log_transfer_type",
            "one_of",
        ),
        (
            "log_transfer_info.log_transfer_mode",
            Some(json!("cycle")),
            "log_transfer_info.log_transfer_mode",
            "one_of",
        ),
        (
            "log_transfer_info.log_storage_format",
            Some(json!("CSV")),
            "log_transfer_info.log_storage_format",
            "one_of",
        ),
        (
            "log_transfer_info.log_transfer_status",
            Some(json!("EXCEPTION")),
            "log_transfer_info.log_transfer_status",
            "one_of",
        ),
        (
            "log_transfer_info.log_transfer_status",
            Some(json!(true)),
            "log_transfer_info.log_transfer_status",
            "type",
        ),
        (
            "log_transfer_info.log_transfer_detail.kafka_id",
            Some(json!("k".repeat(37))),
            "log_transfer_info.log_transfer_detail.kafka_id",
            "max_length",
        ),
        (
            "log_transfer_info.log_transfer_detail.kafka_id",
            Some(json!("a\nb")),
            "log_transfer_info.log_transfer_detail.kafka_id",
            "control_character",
        ),
        (
            "log_transfer_info.log_transfer_detail.kafka_topic",
            None,
            "log_transfer_info.log_transfer_detail.kafka_topic",
            "required",
        ),
        (
            "log_transfer_info.log_transfer_detail.kafka_topic",
            Some(json!("ab")),
            "log_transfer_info.log_transfer_detail.kafka_topic",
            "min_length",
        ),
        (
            "log_transfer_info.log_transfer_detail.kafka_topic",
            Some(json!("t".repeat(201))),
            "log_transfer_info.log_transfer_detail.kafka_topic",
            "max_length",
        ),
        (
            "log_transfer_info.log_transfer_detail.kafka_topic",
            Some(json!("1topic")),
            "log_transfer_info.log_transfer_detail.kafka_topic",
            "format",
        ),
        (
            "log_transfer_info.log_transfer_detail.kafka_topic",
            Some(json!("lts logs")),
            "log_transfer_info.log_transfer_detail.kafka_topic",
            "format",
        ),
        (
            "log_transfer_info.log_transfer_detail.obs_bucket_name",
            Some(json!("b")),
            "log_transfer_info.log_transfer_detail.obs_bucket_name",
            "unknown_field",
        ),
        (
            "log_transfer_info.log_transfer_detail.lts_tags",
            Some(json!(["hostIP"])),
            "log_transfer_info.log_transfer_detail.lts_tags",
            "requires",
        ),
        (
            "log_transfer_info.log_agency_transfer",
            Some(json!({ "agency_domain_id": "d" })),
            "log_transfer_info.log_agency_transfer",
            "requires",
        ),
        (
            "log_transfer_info.extra",
            Some(json!(1)),
            "log_transfer_info.extra",
            "unknown_field",
        ),
        (
            "logGroupId",
            Some(json!(GROUP)),
            "logGroupId",
            "unknown_field",
        ),
        (
            "log_transfer_info",
            Some(json!("DMS")),
            "log_transfer_info",
            "type",
        ),
    ];
    for (path, value, issue_path, rule) in table {
        let issues = create_issues(with(create_body(), path, value.clone()));
        assert!(
            issues.iter().any(|(p, r)| p == issue_path && *r == rule),
            "{path} = {value:?}: expected {issue_path} {rule}, got {issues:?}"
        );
    }
    // Every problem at once.
    let all = create_issues(json!({ "log_streams": [], "log_transfer_info": {} }));
    assert!(all.len() >= 5, "{all:?}");
}

#[test]
fn the_messages_say_why_for_obs_exception_realtime_and_a_partial_agency() {
    let text = messages(validate_create_transfer(&Input::from(with(
        create_body(),
        "log_transfer_info.log_transfer_type",
        Some(json!("DIS")),
    ))))
    .join("\n");
    assert!(text.contains("lts-kafka creates and updates transfers to DMS Kafka only; make an DIS transfer in the LTS console"), "{text}");
    let text = messages(validate_create_transfer(&Input::from(with(
        create_body(),
        "log_transfer_info.log_transfer_status",
        Some(json!("EXCEPTION")),
    ))))
    .join("\n");
    assert!(text.contains("EXCEPTION is set by the service alone, when the Kafka instance or topic is gone (recreate the transfer)"), "{text}");
    let text = messages(validate_create_transfer(&Input::from(with(
        create_body(),
        "log_transfer_info.log_transfer_mode",
        Some(json!("cycle")),
    ))))
    .join("\n");
    assert!(text.contains("DMS transfers are real time"), "{text}");
    let partial = json!({
        "agency_domain_id": "d", "agency_domain_name": "n", "agency_name": "a",
        "agency_project_id": "0123456789abcdef0123456789abcdef",
    });
    let text = messages(validate_create_transfer(&Input::from(with(
        create_body(),
        "log_transfer_info.log_agency_transfer",
        Some(partial),
    ))))
    .join("\n");
    assert!(
        text.contains("missing: be_agency_domain_id, be_agency_project_id"),
        "{text}"
    );
}

#[test]
fn a_whole_agency_and_the_json_formats_fields_are_taken_and_sent() {
    let agency = json!({
        "agency_domain_id": "1d26cc8c86a840e28a4f8d0d078xxxxx", "agency_domain_name": "paas_apm",
        "agency_name": "test20210325", "agency_project_id": "2a473356cca5487f8373be891bfxxxxx",
        "be_agency_domain_id": "1d26cc8c86a840e28a4f8d0d078xxxxx", "be_agency_project_id": "2a473356cca5487f8373be891bfxxxxx",
    });
    let body = with(
        create_body(),
        "log_transfer_info.log_agency_transfer",
        Some(agency),
    );
    let body = with(
        body,
        "log_transfer_info.log_storage_format",
        Some(json!("JSON")),
    );
    let body = with(
        body,
        "log_transfer_info.log_transfer_detail.lts_tags",
        Some(json!(["hostIP", "hostName"])),
    );
    let body = with(
        body,
        "log_transfer_info.log_transfer_detail.invalid_field_value",
        Some(json!("-")),
    );
    let ok = validate_create_transfer(&Input::from(body)).unwrap();
    let wire: Value = serde_json::from_str(&ok.to_wire_json()).unwrap();
    assert_eq!(
        wire["log_transfer_info"]["log_agency_transfer"]["be_agency_project_id"],
        "2a473356cca5487f8373be891bfxxxxx"
    );
    assert_eq!(wire["log_transfer_info"]["log_storage_format"], "JSON");
    assert_eq!(
        wire["log_transfer_info"]["log_transfer_detail"]["lts_tags"],
        json!(["hostIP", "hostName"])
    );
    // null agency counts as none.
    assert!(validate_create_transfer(&Input::from(with(
        create_body(),
        "log_transfer_info.log_agency_transfer",
        Some(Value::Null)
    )))
    .is_ok());
}

#[test]
fn an_update_takes_the_detail_again_may_restate_dms_and_sends_the_sdks_body() {
    let body = validate_update_transfer(&Input::from(update_body())).unwrap();
    // The captured update of huaweicloudsdklts 3.1.219, compact.
    assert_eq!(
        body.to_wire_json(),
        r#"{"log_transfer_id":"5d6e7f80-1111-4222-8333-000000000004","log_transfer_info":{"log_storage_format":"RAW","log_transfer_status":"DISABLE","log_transfer_detail":{"kafka_id":"3f4a92ff-7f65-489f-a36a-fadbaa0000a6","kafka_topic":"lts-logs"}}}"#
    );
    let restated = with(
        update_body(),
        "log_transfer_info.log_transfer_type",
        Some(json!("DMS")),
    );
    let restated = with(
        restated,
        "log_transfer_info.log_transfer_mode",
        Some(json!("realTime")),
    );
    assert_eq!(
        validate_update_transfer(&Input::from(restated)).unwrap(),
        body
    );
    let obs = with(
        update_body(),
        "log_transfer_info.log_transfer_type",
        Some(json!("OBS")),
    );
    assert!(messages(validate_update_transfer(&Input::from(obs)))
        .join(" ")
        .contains("DMS Kafka only"));
    // A 32-hex-digit transfer id (the one official example) is taken; 31 is not.
    let hex = with(
        update_body(),
        "log_transfer_id",
        Some(json!("0ce123456a00f2591fabc00385ff1234")),
    );
    assert!(validate_update_transfer(&Input::from(hex)).is_ok());
    let short = with(
        update_body(),
        "log_transfer_id",
        Some(json!("0ce123456a00f2591fabc00385ff123")),
    );
    assert!(validate_update_transfer(&Input::from(short)).is_err());
    let missing = with(update_body(), "log_transfer_info.log_transfer_detail", None);
    assert!(messages(validate_update_transfer(&Input::from(missing)))
        .join(" ")
        .contains("log_transfer_info.log_transfer_detail is required"));
    let with_streams = with(
        update_body(),
        "log_streams",
        Some(json!([{ "log_stream_id": STREAM }, { "log_stream_id": STREAM2 }])),
    );
    assert_eq!(
        validate_update_transfer(&Input::from(with_streams))
            .unwrap()
            .log_streams
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn list_filters_are_optional_checked_and_paging_is_refused_with_why() {
    assert_eq!(
        validate_list_query(&Input::Undefined).unwrap(),
        Default::default()
    );
    let q = validate_list_query(&Input::from(
        json!({ "log_transfer_type": "OBS", "log_group_name": "grp name/中文" }),
    ))
    .unwrap();
    assert_eq!(q.log_transfer_type, Some(TransferType::Obs));
    assert!(validate_list_query(&Input::from(json!({ "log_transfer_type": "KAFKA" }))).is_err());
    assert!(validate_list_query(&Input::from(json!({ "log_stream_name": "" }))).is_err());
    let paging = messages(validate_list_query(&Input::from(json!({ "limit": 100 })))).join(" ");
    assert!(
        paging.contains("limit is not a filter of the list"),
        "{paging}"
    );
    let unknown = messages(validate_list_query(&Input::from(json!({ "type": "DMS" })))).join(" ");
    assert!(
        unknown.contains("type is not a filter of the list; did you mean log_transfer_type?"),
        "{unknown}"
    );
    assert!(validate_list_query(&Input::from(json!("DMS"))).is_err());
}

#[test]
fn a_delete_takes_one_id() {
    assert_eq!(
        validate_delete_transfer(&Input::from(json!({ "log_transfer_id": TRANSFER })))
            .unwrap()
            .log_transfer_id,
        TRANSFER
    );
    assert!(validate_delete_transfer(&Input::from(
        json!({ "log_transfer_id": TRANSFER, "force": true })
    ))
    .is_err());
    assert!(validate_delete_transfer(&Input::from(json!(TRANSFER))).is_err());
}

fn vectors() -> Vec<Value> {
    let file: Value = serde_json::from_str(include_str!("signing-vectors/vectors.json")).unwrap();
    file["vectors"].as_array().unwrap().clone()
}

#[test]
fn every_transfer_request_is_signed_exactly_as_huaweis_signer_signs_it() {
    // 20261130T120000Z, the vectors' X-Sdk-Date.
    const DATE_SECS: u64 = 1_796_040_000;
    let v = vectors();
    let vector = |name: &str| {
        v.iter()
            .find(|x| x["name"] == name)
            .unwrap_or_else(|| panic!("{name}"))
            .clone()
    };
    let first = vector("transfer-create");
    let config = ClientConfig::from_input(
        &Input::from(json!({
            "projectId": "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
            "endpoint": "https://lts.cn-north-4.myhuaweicloud.com",
            "credentials": { "ak": first["ak"], "sk": first["sk"] },
        })),
        &[],
    )
    .unwrap();
    let lts_kafka::CredentialSource::Static(credentials) = &config.credentials else {
        unreachable!()
    };
    let create_with_name = with(
        create_body(),
        "log_streams",
        Some(json!([{ "log_stream_id": STREAM, "log_stream_name": "lts-stream-demo" }])),
    );
    let ops: Vec<(&str, Box<dyn Operation>)> = vec![
        ("transfer-create", Box::new(CreateTransferOperation { body: validate_create_transfer(&Input::from(create_with_name)).unwrap() })),
        ("transfer-list-filters", Box::new(ListTransfersOperation { query: validate_list_query(&Input::from(json!({ "log_transfer_type": "DMS", "log_stream_name": "lts-stream-demo", "log_group_name": "grp name/中文" }))).unwrap() })),
        ("transfer-list-no-filter", Box::new(ListTransfersOperation { query: Default::default() })),
        ("transfer-update", Box::new(UpdateTransferOperation { body: validate_update_transfer(&Input::from(update_body())).unwrap() })),
        ("transfer-delete", Box::new(DeleteTransferOperation { target: validate_delete_transfer(&Input::from(json!({ "log_transfer_id": TRANSFER }))).unwrap() })),
    ];
    for (name, op) in ops {
        let vector = vector(name);
        let request = build_request(&config, op.as_ref(), credentials, DATE_SECS);
        let query = vector["query"].as_str().unwrap();
        let expected_url = if query.is_empty() {
            format!(
                "https://{}{}",
                vector["host"].as_str().unwrap(),
                vector["path"].as_str().unwrap()
            )
        } else {
            format!(
                "https://{}{}?{query}",
                vector["host"].as_str().unwrap(),
                vector["path"].as_str().unwrap()
            )
        };
        assert_eq!(request.url, expected_url, "{name}");
        assert_eq!(request.method, vector["method"].as_str().unwrap(), "{name}");
        assert_eq!(
            request.body.as_deref().unwrap_or(""),
            vector["body"].as_str().unwrap(),
            "{name}"
        );
        for pair in vector["headers"].as_array().unwrap() {
            assert_eq!(
                request.header(pair[0].as_str().unwrap()),
                pair[1].as_str(),
                "{name}: {pair}"
            );
        }
        assert_eq!(
            request.header("Authorization"),
            vector["expected"]["authorization"].as_str(),
            "{name}: the official signer's Authorization"
        );
    }
}

#[test]
fn each_operation_says_its_method_path_and_retry_safety() {
    let create = CreateTransferOperation {
        body: validate_create_transfer(&Input::from(create_body())).unwrap(),
    };
    let list = ListTransfersOperation {
        query: Default::default(),
    };
    let update = UpdateTransferOperation {
        body: validate_update_transfer(&Input::from(update_body())).unwrap(),
    };
    let delete = DeleteTransferOperation {
        target: validate_delete_transfer(&Input::from(json!({ "log_transfer_id": TRANSFER })))
            .unwrap(),
    };
    let ops: [(&dyn Operation, &str, RetrySafety, bool); 4] = [
        (&create, "POST", RetrySafety::OneShot, true),
        (&list, "GET", RetrySafety::Read, false),
        (&update, "PUT", RetrySafety::Idempotent, true),
        (&delete, "DELETE", RetrySafety::Idempotent, false),
    ];
    for (op, method, safety, has_body) in ops {
        assert_eq!(op.method().as_str(), method);
        assert_eq!(op.path(), "/transfers");
        assert_eq!(op.safety(), safety);
        assert_eq!(op.body().is_some(), has_body, "{method}");
    }
    // A retried create that meets LTS.0207, a retried delete that meets "not found": said so.
    let mut conflict = ApiError {
        status: 400,
        code: Some("LTS.0207".into()),
        message: "Log stream id is associated by transfer: x".into(),
        request_id: None,
    };
    create.explain_after_retry(&mut conflict);
    assert!(conflict
        .message
        .contains("an earlier attempt probably created the transfer"));
    let mut gone = ApiError {
        status: 400,
        code: Some("LTS.0009".into()),
        message: "The Field transfer id is invalid or missing.".into(),
        request_id: None,
    };
    assert!(says_transfer_not_found(&gone));
    delete.explain_after_retry(&mut gone);
    assert!(gone
        .message
        .contains("an earlier attempt probably deleted the transfer"));
}

fn answer(status: u16, body: &str) -> Answer<'_> {
    Answer {
        status,
        request_id: Some("req-0001"),
        body: body.as_bytes(),
    }
}

const DMS_TRANSFER: &str = r#"{"log_group_id":"9a7e2183-2d6d-4732-9a9b-e897fd4e49e0","log_group_name":"lts-group-demo","log_streams":[{"log_stream_id":"839dac89-35af-4db2-ab4a-a7dda0d0d3f8","log_stream_name":"lts-stream-demo"}],"log_transfer_id":"5d6e7f80-1111-4222-8333-000000000004","log_transfer_info":{"log_create_time":1742903403221,"log_storage_format":"RAW","log_agency_transfer":null,"log_transfer_detail":{"kafka_id":"3f4a92ff-7f65-489f-a36a-fadbaa0000a6","kafka_topic":"lts-topic"},"log_transfer_mode":"realTime","log_transfer_status":"ENABLE","log_transfer_type":"DMS","unknown_extra_field":"x"}}"#;

#[test]
fn a_transfer_answer_is_kept_as_sent_with_its_request_id() {
    let out = parse_transfer(&answer(200, DMS_TRANSFER)).unwrap();
    let js: Value = serde_json::from_str(&out.to_json()).unwrap();
    assert_eq!(
        js["log_transfer_info"]["log_create_time"],
        json!(1_742_903_403_221u64)
    );
    assert_eq!(js["log_transfer_info"]["log_agency_transfer"], Value::Null);
    assert_eq!(js["log_transfer_info"]["unknown_extra_field"], "x");
    assert_eq!(js["requestId"], "req-0001");
    let summary = out.summary().unwrap();
    assert_eq!(
        (summary.kafka_id.as_deref(), summary.kafka_topic.as_deref()),
        (Some(KAFKA), Some("lts-topic"))
    );
    assert_eq!(summary.log_stream_ids, [STREAM]);
}

#[test]
fn a_2xx_that_is_not_a_transfer_or_a_list_is_an_error() {
    for body in [
        "",
        "[]",
        "{}",
        r#"{"log_transfer_id":""}"#,
        r#"{"log_transfer_id":"x"}"#,
        "<html>ok</html>",
    ] {
        let e: ApiError = parse_transfer(&answer(200, body)).unwrap_err();
        assert!(
            e.message.contains("is not a transfer"),
            "{body}: {}",
            e.message
        );
    }
    for body in [
        "{}",
        r#"{"log_transfers":{"not":"a list"}}"#,
        r#"{"log_transfers":[1]}"#,
        "null",
    ] {
        let e = parse_transfer_list(&answer(200, body)).unwrap_err();
        assert!(
            e.message.contains("is not a list of transfers"),
            "{body}: {}",
            e.message
        );
    }
}

#[test]
fn a_list_parses_obs_and_dis_transfers_too_keeping_their_detail() {
    let obs = r#"{"log_group_id":"g","log_group_name":"lts-group-OBS","log_streams":[{"log_stream_id":"s","log_stream_name":"n"}],"log_transfer_id":"ddced522-233a-4181-a5fc-7b458c819afc","log_transfer_info":{"log_create_time":1634802241847,"log_storage_format":"JSON","log_agency_transfer":{"agency_domain_id":"1d2"},"log_transfer_detail":{"obs_period":2,"obs_prefix_name":"","obs_period_unit":"min","obs_transfer_path":"/0002/LogTanks/xxxx-7/","obs_bucket_name":"0002","obs_encrypted_enable":false,"tags":[]},"log_transfer_mode":"cycle","log_transfer_status":"ENABLE","log_transfer_type":"OBS"}}"#;
    let dis = r#"{"log_group_id":"g","log_streams":[],"log_transfer_id":"d1","log_transfer_info":{"log_transfer_detail":{"dis_id":"x","dis_name":"y"},"log_transfer_type":"DIS","log_transfer_status":"WEIRD"}}"#;
    let list = format!(r#"{{"log_transfers":[{obs},{dis},{DMS_TRANSFER}],"extra":1}}"#);
    let out = parse_transfer_list(&answer(200, &list)).unwrap();
    assert_eq!(out.log_transfers.len(), 3);
    let js: Value = serde_json::from_str(&out.to_json()).unwrap();
    assert_eq!(
        js["log_transfers"][0]["log_transfer_info"]["log_transfer_detail"]["obs_transfer_path"],
        "/0002/LogTanks/xxxx-7/"
    );
    assert_eq!(
        js["log_transfers"][0]["log_transfer_info"]["log_transfer_detail"]["obs_encrypted_enable"],
        false
    );
    assert_eq!(
        js["log_transfers"][1]["log_transfer_info"]["log_transfer_status"],
        "WEIRD"
    );
    assert_eq!(js["requestId"], "req-0001");
    assert!(parse_transfer_list(&answer(200, r#"{"log_transfers":[]}"#))
        .unwrap()
        .log_transfers
        .is_empty());
}

#[test]
fn a_delete_resolves_to_its_id_and_the_deleted_transfer_or_null() {
    let out = parse_deleted(&answer(200, "  "), TRANSFER).unwrap();
    assert_eq!(
        out.to_json(),
        format!(r#"{{"log_transfer_id":"{TRANSFER}","log_transfer":null,"requestId":"req-0001"}}"#)
    );
    let full = parse_deleted(&answer(200, DMS_TRANSFER), TRANSFER).unwrap();
    let json: Value = serde_json::from_str(&full.to_json()).unwrap();
    assert_eq!(json["log_transfer_id"], TRANSFER);
    assert_eq!(
        json["log_transfer"]["log_transfer_info"]["log_transfer_detail"]["kafka_topic"],
        "lts-topic"
    );
}

#[test]
fn a_creation_defaults_to_dms_in_real_time() {
    let mut body = create_body();
    body["log_transfer_info"]
        .as_object_mut()
        .unwrap()
        .retain(|k, _| k != "log_transfer_type" && k != "log_transfer_mode");
    let created = validate_create_transfer(&Input::from(body)).unwrap();
    let wire: Value = serde_json::from_str(&created.to_wire_json()).unwrap();
    assert_eq!(wire["log_transfer_info"]["log_transfer_type"], "DMS");
    assert_eq!(wire["log_transfer_info"]["log_transfer_mode"], "realTime");
}

#[test]
fn a_listed_transfer_spread_into_an_update_is_accepted_and_its_read_only_fields_are_not_sent() {
    let mut listed: Value = serde_json::from_str(DMS_TRANSFER).unwrap();
    listed["log_transfer_info"]
        .as_object_mut()
        .unwrap()
        .remove("unknown_extra_field");
    listed["log_transfer_info"]["log_transfer_status"] = json!("DISABLE");
    let body = validate_update_transfer(&Input::from(listed)).unwrap();
    let wire = body.to_wire_json();
    for read_only in [
        "log_group_name",
        "log_create_time",
        "log_agency_transfer",
        "log_transfer_mode",
    ] {
        assert!(!wire.contains(read_only), "{read_only} sent: {wire}");
    }
    assert!(
        wire.contains(r#""log_transfer_status":"DISABLE""#),
        "{wire}"
    );
}

#[test]
fn a_partial_update_is_completed_from_the_listed_transfer() {
    use lts_kafka::services::lts::transfers::update::{validate_update_request, UpdateRequest};
    let patch = json!({ "log_transfer_id": TRANSFER, "log_transfer_info": { "log_transfer_status": "DISABLE" } });
    let Ok(UpdateRequest::Patch(patch)) = validate_update_request(&Input::from(patch)) else {
        panic!("a status alone is a patch");
    };
    let listed = lts_kafka::wire::json::Json::parse(DMS_TRANSFER.as_bytes()).unwrap();
    let body = patch.complete(&listed).unwrap();
    let wire: Value = serde_json::from_str(&body.to_wire_json()).unwrap();
    assert_eq!(wire["log_transfer_id"], TRANSFER);
    assert_eq!(wire["log_transfer_info"]["log_transfer_status"], "DISABLE");
    assert_eq!(wire["log_transfer_info"]["log_storage_format"], "RAW");
    assert_eq!(
        wire["log_transfer_info"]["log_transfer_detail"],
        json!({ "kafka_id": "3f4a92ff-7f65-489f-a36a-fadbaa0000a6", "kafka_topic": "lts-topic" })
    );
    // A patch that breaks a rule is refused before anything is read.
    let bad = json!({ "log_transfer_id": TRANSFER, "log_transfer_info": { "log_transfer_status": "PAUSED" } });
    let issues = match validate_update_request(&Input::from(bad)) {
        Err(issues) => issues,
        Ok(_) => panic!("PAUSED is no status"),
    };
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0].path, "log_transfer_info.log_transfer_status");
}

#[test]
fn ids_and_names_with_spaces_at_an_end_are_refused_by_name() {
    let mut body = create_body();
    body["log_group_id"] = json!(format!("{} ", body["log_group_id"].as_str().unwrap()));
    body["log_transfer_info"]["log_transfer_detail"]["kafka_topic"] = json!("\tlts-topic");
    let issues = create_issues(body);
    assert!(
        issues.contains(&("log_group_id".into(), "whitespace")),
        "{issues:?}"
    );
    let messages = messages(validate_create_transfer(&Input::from({
        let mut b = create_body();
        b["log_group_id"] = json!(format!("{} ", b["log_group_id"].as_str().unwrap()));
        b
    })))
    .join("\n");
    assert!(
        messages.contains("log_group_id has a trailing space"),
        "{messages}"
    );
    assert!(!messages.contains("got 37"), "{messages}");
    assert!(
        issues
            .iter()
            .any(|(p, r)| p.ends_with("kafka_topic") && *r == "whitespace"),
        "{issues:?}"
    );
}

#[test]
fn a_transfer_answer_with_a_key_twice_is_an_error_that_names_the_key() {
    let body = r#"{"log_transfer_id":"5d6e7f80-1111-4222-8333-000000000004","log_transfer_info":{},"log_transfer_id":42,"log_transfer_info":null}"#;
    let e = parse_transfer(&answer(201, body)).unwrap_err();
    assert!(
        e.message
            .contains(r#"has the key "log_transfer_id" twice in one object"#),
        "{}",
        e.message
    );
    let list = r#"{"log_transfers":[],"log_transfers":[{"x":1}]}"#;
    let e = parse_transfer_list(&answer(200, list)).unwrap_err();
    assert!(
        e.message.contains(r#""log_transfers" twice"#),
        "{}",
        e.message
    );
}
