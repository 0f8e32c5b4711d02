//! ensureKafkaTransfer on the host: the workflow driven step by step with answers made here,
//! through the same events a single call takes.
#![cfg(not(target_arch = "wasm32"))]

use std::rc::Rc;

use lts_kafka::workflows::onboarding::{validate_ensure_input, EnsureReport, Onboarding};
use lts_kafka::{Action, ClientConfig, Drive, HttpRequest, Input, Transport};
use serde_json::{json, Value};

const PROJECT: &str = "0123456789abcdef0123456789abcdef";
const GROUP: &str = "9a7e2183-2d6d-4732-9a9b-e897fd4e49e0";
const S1: &str = "839dac89-35af-4db2-ab4a-a7dda0d0d3f1";
const S2: &str = "839dac89-35af-4db2-ab4a-a7dda0d0d3f2";
const S3: &str = "839dac89-35af-4db2-ab4a-a7dda0d0d3f3";
const KAFKA: &str = "3f4a92ff-7f65-489f-a36a-fadbaa0000a6";
const T0: u64 = 1_764_000_000_000;

fn config(extra: Value) -> Rc<ClientConfig> {
    let mut options = json!({
        "projectId": PROJECT,
        "endpoint": "https://lts.cn-north-4.myhuaweicloud.com",
        "credentials": { "token": "onboarding-token-9876543210" },
    });
    for (k, v) in extra.as_object().unwrap() {
        options[k] = v.clone();
    }
    Rc::new(ClientConfig::from_input(&Input::from(options), &[]).unwrap())
}

fn input(streams: &[&str], register: bool) -> Value {
    let mut v = json!({
        "log_group_id": GROUP,
        "log_streams": streams.iter().map(|s| json!({ "log_stream_id": s })).collect::<Vec<_>>(),
        "kafka_topic": "lts-logs",
    });
    if register {
        v["instance"] =
            json!({ "instance_id": KAFKA, "kafka_name": "kafka-prod", "connect_info": {} });
    } else {
        v["kafka_id"] = json!(KAFKA);
    }
    v
}

fn workflow(input: Value, cfg: Rc<ClientConfig>) -> Onboarding {
    let settings = cfg.settings;
    Onboarding::new(
        cfg,
        validate_ensure_input(&Input::from(input)).unwrap(),
        settings,
    )
}

fn ok(status: u16, body: Value) -> Transport {
    Transport::Answer {
        status,
        request_id: Some(format!("req-{status}")),
        retry_after: None,
        trace_id: None,
        body: Some(body.to_string().into_bytes()),
    }
}

fn transfer(id: &str, streams: &[&str], kafka: &str, topic: &str, status: &str) -> Value {
    json!({
        "log_group_id": GROUP, "log_group_name": "g",
        "log_streams": streams.iter().map(|s| json!({ "log_stream_id": s, "log_stream_name": "n" })).collect::<Vec<_>>(),
        "log_transfer_id": id,
        "log_transfer_info": {
            "log_create_time": 1742903403221u64, "log_storage_format": "RAW", "log_agency_transfer": null,
            "log_transfer_detail": { "kafka_id": kafka, "kafka_topic": topic },
            "log_transfer_mode": "realTime", "log_transfer_status": status, "log_transfer_type": "DMS",
        },
    })
}

/// Drives the workflow: each request it sends is answered by `answer` (which also records it).
fn run(
    mut w: Onboarding,
    mut answer: impl FnMut(&HttpRequest) -> Transport,
) -> Result<Value, (Value, u32)> {
    let mut now = T0;
    let mut action = w.start(now);
    for _ in 0..50 {
        action = match action {
            Action::Send { request, .. } => {
                now += 10;
                let t = answer(&request);
                w.attempt_finished(t, now, 0.0, 10.0).1
            }
            Action::Wait { ms } => {
                now += ms;
                w.wait_over(now, false)
            }
            Action::Join { within_ms, .. } => {
                now += within_ms;
                w.wait_over(now, false)
            }
            Action::Finish(Ok(output)) => match output.downcast_ref::<EnsureReport>() {
                Some(report) => return Ok(serde_json::from_str(&report.to_json()).unwrap()),
                None => panic!("{output:?}"),
            },
            Action::Finish(Err(e)) => {
                return Err((serde_json::from_str(&e.to_json()).unwrap(), e.attempts))
            }
            Action::GetCredentials { .. } => panic!("static credentials"),
        };
    }
    panic!("the workflow did not end");
}

fn kind(r: &HttpRequest) -> String {
    let path = r.url.split(&format!("/v2/{PROJECT}")).nth(1).unwrap_or("");
    format!("{} {path}", r.method)
}

#[test]
fn a_first_run_registers_lists_and_creates_one_transfer_for_the_streams() {
    let mut seen = Vec::new();
    let report = run(workflow(input(&[S1, S2], true), config(json!({}))), |r| {
        seen.push((kind(r), r.body.clone()));
        match r.method {
            "POST" if r.url.ends_with("kafka-instance") => ok(201, json!({ "instance_id": KAFKA })),
            "GET" => ok(200, json!({ "log_transfers": [] })),
            _ => ok(
                200,
                transfer("t-new", &[S1, S2], KAFKA, "lts-logs", "ENABLE"),
            ),
        }
    })
    .unwrap();
    assert_eq!(
        seen.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
        [
            "POST /lts/dms/kafka-instance",
            "GET /transfers?log_transfer_type=DMS",
            "POST /transfers"
        ]
    );
    let create: Value = serde_json::from_str(seen[2].1.as_deref().unwrap()).unwrap();
    assert_eq!(
        create["log_streams"],
        json!([{ "log_stream_id": S1 }, { "log_stream_id": S2 }])
    );
    assert_eq!(
        create["log_transfer_info"]["log_transfer_detail"],
        json!({ "kafka_id": KAFKA, "kafka_topic": "lts-logs" })
    );
    assert_eq!(create["log_transfer_info"]["log_transfer_status"], "ENABLE");
    assert_eq!(report["registration"], "registered");
    assert_eq!(report["complete"], true);
    assert_eq!(
        report["streams"],
        json!([
            { "log_stream_id": S1, "outcome": "created", "log_transfer_id": "t-new", "log_transfer_status": "ENABLE" },
            { "log_stream_id": S2, "outcome": "created", "log_transfer_id": "t-new", "log_transfer_status": "ENABLE" },
        ])
    );
    assert_eq!(
        report["requestIds"],
        json!({ "register": "req-201", "list": "req-200", "create": "req-200" })
    );
}

#[test]
fn a_second_run_finds_everything_done_and_sends_no_create() {
    let mut seen = Vec::new();
    let report = run(workflow(input(&[S1], true), config(json!({}))), |r| {
        seen.push(kind(r));
        match r.method {
            "POST" => ok(400, json!({ "error_code": "LTS.1711", "error_msg": "The Kafka instance has already been registered" })),
            _ => ok(200, json!({ "log_transfers": [transfer("t-1", &[S1], KAFKA, "lts-logs", "ENABLE")] })),
        }
    })
    .unwrap();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(report["registration"], "already_registered");
    assert_eq!(report["streams"][0]["outcome"], "already_delivered");
    assert_eq!(report["streams"][0]["log_transfer_id"], "t-1");
    assert_eq!(report["complete"], true);
}

#[test]
fn streams_delivered_elsewhere_are_left_alone_and_only_the_missing_are_created() {
    let mut creates = Vec::new();
    let report = run(workflow(input(&[S1, S2, S3], false), config(json!({}))), |r| match r.method {
        "GET" => ok(200, json!({ "log_transfers": [
            transfer("t-here", &[S1], KAFKA, "lts-logs", "ENABLE"),
            transfer("t-other", &[S2], "another-instance", "other-topic", "ENABLE"),
            // An OBS transfer of S3 does not count: one transfer per destination type.
            json!({ "log_group_id": GROUP, "log_streams": [{ "log_stream_id": S3 }], "log_transfer_id": "t-obs",
                    "log_transfer_info": { "log_transfer_type": "OBS", "log_transfer_detail": { "obs_bucket_name": "b" } } }),
        ] })),
        _ => {
            creates.push(r.body.clone().unwrap());
            ok(200, transfer("t-new", &[S3], KAFKA, "lts-logs", "ENABLE"))
        }
    })
    .unwrap();
    assert_eq!(report["registration"], "skipped");
    assert_eq!(creates.len(), 1);
    assert!(creates[0].contains(S3) && !creates[0].contains(S1) && !creates[0].contains(S2));
    let outcomes: Vec<&str> = report["streams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(
        outcomes,
        ["already_delivered", "delivered_elsewhere", "created"]
    );
    assert_eq!(
        report["streams"][1]["destination"],
        json!({ "kafka_id": "another-instance", "kafka_topic": "other-topic" })
    );
    assert_eq!(report["complete"], false);
}

#[test]
fn a_transfer_in_exception_or_another_status_is_reported_and_not_complete() {
    let report = run(workflow(input(&[S1], false), config(json!({}))), |_| {
        ok(
            200,
            json!({ "log_transfers": [transfer("t-1", &[S1], KAFKA, "lts-logs", "EXCEPTION")] }),
        )
    })
    .unwrap();
    assert_eq!(report["streams"][0]["log_transfer_status"], "EXCEPTION");
    assert_eq!(report["complete"], false);
}

#[test]
fn a_create_that_meets_lts_0207_lists_again_and_reports_what_it_finds() {
    let mut lists = 0;
    let report = run(workflow(input(&[S1], false), config(json!({}))), |r| match r.method {
        "GET" => {
            lists += 1;
            if lists == 1 {
                ok(200, json!({ "log_transfers": [] }))
            } else {
                ok(200, json!({ "log_transfers": [transfer("t-race", &[S1], KAFKA, "lts-logs", "ENABLE")] }))
            }
        }
        _ => ok(400, json!({ "error_code": "LTS.0207", "error_msg": format!("Log stream id is associated by transfer: {S1}") })),
    })
    .unwrap();
    assert_eq!(lists, 2);
    assert_eq!(report["streams"][0]["outcome"], "already_delivered");
    assert_eq!(report["streams"][0]["log_transfer_id"], "t-race");
    assert_eq!(report["complete"], true);
}

#[test]
fn a_create_conflict_the_second_list_does_not_explain_fails_at_the_create_step() {
    let (error, attempts) = run(workflow(input(&[S1], false), config(json!({}))), |r| match r.method {
        "GET" => ok(200, json!({ "log_transfers": [] })),
        _ => ok(400, json!({ "error_code": "LTS.0207", "error_msg": "Log stream id is associated by transfer: x" })),
    })
    .unwrap_err();
    assert_eq!(error["name"], "LtsApiError");
    assert_eq!(error["props"]["code"], "LTS.0207");
    assert_eq!(error["props"]["step"], "create");
    assert_eq!(error["props"]["done"]["registration"], "skipped");
    assert_eq!(attempts, 1);
}

#[test]
fn a_create_that_fails_reports_its_streams_as_not_created_and_incomplete() {
    let (error, _) = run(
        workflow(input(&[S1, S2], false), config(json!({}))),
        |r| match r.method {
            "GET" => ok(
                200,
                json!({ "log_transfers": [transfer("t-old", &[S2], KAFKA, "lts-logs", "ENABLE")] }),
            ),
            _ => ok(
                400,
                json!({ "error_code": "LTS.0201", "error_msg": "The log group does not existed" }),
            ),
        },
    )
    .unwrap_err();
    assert_eq!(error["props"]["step"], "create");
    let done = &error["props"]["done"];
    assert_eq!(done["streams"][0]["outcome"], "not_created");
    assert!(
        done["streams"][0].get("log_transfer_id").is_none(),
        "{done}"
    );
    assert_eq!(done["streams"][1]["outcome"], "already_delivered");
    assert_eq!(done["complete"], false);
}

#[test]
fn a_failed_step_says_which_and_what_was_done() {
    let (error, _) = run(workflow(input(&[S1], true), config(json!({}))), |_| {
        ok(
            400,
            json!({ "error_code": "LTS.1719", "error_msg": "kafka user or password wrong" }),
        )
    })
    .unwrap_err();
    assert_eq!(error["props"]["step"], "register");
    assert_eq!(error["props"]["code"], "LTS.1719");
    // A list is a read: a 500 is retried (3 attempts), then the step fails.
    let mut gets = 0;
    let (error, attempts) = run(workflow(input(&[S1], true), config(json!({}))), |r| match r.method {
        "POST" => ok(201, json!({ "instance_id": KAFKA })),
        _ => {
            gets += 1;
            ok(500, json!({ "error_code": "LTS.0010", "error_msg": "The system encountered an internal error" }))
        }
    })
    .unwrap_err();
    assert_eq!((gets, attempts), (3, 3));
    assert_eq!(error["props"]["step"], "list");
    assert_eq!(error["props"]["done"]["registration"], "registered");
}

#[test]
fn the_deadline_covers_the_whole_workflow() {
    let mut w = workflow(input(&[S1], true), config(json!({ "deadlineMs": 1000 })));
    let Action::Send { timeout_ms, .. } = w.start(T0) else {
        panic!()
    };
    assert_eq!(timeout_ms, 1000);
    let (_, next) = w.attempt_finished(
        ok(201, json!({ "instance_id": KAFKA })),
        T0 + 700,
        0.0,
        700.0,
    );
    let Action::Send {
        timeout_ms,
        request,
    } = next
    else {
        panic!()
    };
    assert_eq!(request.method, "GET");
    assert_eq!(timeout_ms, 300, "the list gets what is left");
}

fn issue_paths(v: Value) -> Vec<(String, &'static str)> {
    match validate_ensure_input(&Input::from(v)) {
        Ok(_) => Vec::new(),
        Err(issues) => issues.into_iter().map(|i| (i.path, i.rule)).collect(),
    }
}

#[test]
fn the_whole_input_is_validated_before_anything_is_sent_every_problem_at_once() {
    let mut bad = input(&[S1, S1], true);
    bad["instance"]["instance_id"] = json!("");
    bad["instance"]["kafka_name"] = json!(1);
    bad["log_group_id"] = json!("group");
    bad["kafka_topic"] = json!("9");
    bad["log_transfer_status"] = json!("EXCEPTION");
    bad["topic"] = json!("x");
    let paths = issue_paths(bad);
    for expected in [
        ("instance.instance_id", "min_length"),
        ("instance.kafka_name", "type"),
        ("log_group_id", "min_length"),
        ("log_streams[1].log_stream_id", "duplicate"),
        ("kafka_topic", "min_length"),
        ("log_transfer_status", "one_of"),
        ("topic", "unknown_field"),
    ] {
        assert!(
            paths
                .iter()
                .any(|(p, r)| p == expected.0 && *r == expected.1),
            "{expected:?} in {paths:?}"
        );
    }
    let mut both = input(&[S1], true);
    both["kafka_id"] = json!(KAFKA);
    assert!(issue_paths(both).iter().any(|(p, _)| p == "kafka_id"));
    let mut neither = input(&[S1], false);
    neither.as_object_mut().unwrap().remove("kafka_id");
    assert_eq!(issue_paths(neither), [("kafka_id".to_owned(), "required")]);
    let message = match validate_ensure_input(&Input::from(
        json!({ "instance": { "instance_id": "", "kafka_name": "k", "connect_info": {} } }),
    )) {
        Err(issues) => issues
            .into_iter()
            .map(|i| i.message)
            .collect::<Vec<_>>()
            .join("\n"),
        Ok(_) => String::new(),
    };
    assert!(
        message.contains("instance.instance_id must be 1 to 36 characters (got 0)"),
        "{message}"
    );
}

#[test]
fn an_echo_of_the_kafka_password_at_the_list_or_create_step_is_redacted() {
    const PWD: &str = "Pa\"ss\\wörd-0123";
    let mut with_password = input(&[S1], true);
    with_password["instance"]["connect_info"] = json!({ "user_name": "lts", "pwd": PWD });
    let escaped = serde_json::to_string(PWD).unwrap();
    let echoes = [
        // The proxy echoes the registration's body, as JSON, at a later step.
        format!(
            r#"{{"error_code":"X.1","error_msg":"echo {}"}}"#,
            escaped.replace('"', "\\\"")
        ),
        format!("upstream saw {}", &escaped[1..escaped.len() - 1]),
        format!(
            "upstream saw pwd={}",
            PWD.bytes().map(|b| format!("%{b:02X}")).collect::<String>()
        ),
    ];
    for failing_step in ["GET", "POST /transfers"] {
        for echo in &echoes {
            let mut w = workflow(with_password.clone(), config(json!({ "retry": false })));
            let mut now = T0;
            let mut action = w.start(now);
            let text = loop {
                action = match action {
                    Action::Send { request, .. } => {
                        now += 10;
                        let step = kind(&request);
                        let t = if step.starts_with(failing_step) {
                            Transport::Answer {
                                status: 400,
                                request_id: None,
                                retry_after: None,
                                trace_id: None,
                                body: Some(echo.clone().into_bytes()),
                            }
                        } else if step.ends_with("kafka-instance") {
                            ok(201, json!({ "instance_id": KAFKA }))
                        } else {
                            ok(200, json!({ "log_transfers": [] }))
                        };
                        w.attempt_finished(t, now, 0.0, 10.0).1
                    }
                    finish @ Action::Finish(_) => break lts_kafka::shell_text(&mut w, finish),
                    other => panic!("{other:?}"),
                };
            };
            assert!(text.starts_with("E\0"), "{text}");
            let chars: Vec<char> = PWD.chars().collect();
            for run in chars.windows(8) {
                let run: String = run.iter().collect();
                let escaped_run = serde_json::to_string(&run).unwrap();
                assert!(
                    !text.contains(&run) && !text.contains(&escaped_run[1..escaped_run.len() - 1]),
                    "{failing_step} {echo}: {text}"
                );
            }
            assert!(text.contains("***"), "{text}");
        }
    }
}

fn groups_and_streams(r: &HttpRequest) -> Option<Transport> {
    if r.url.ends_with("/groups") {
        return Some(ok(
            200,
            json!({ "log_groups": [
                { "log_group_id": "11111111-2d6d-4732-9a9b-e897fd4e49e0", "log_group_name": "app-logs-old", "creation_time": 1, "ttl_in_days": 7 },
                { "log_group_id": GROUP, "log_group_name": "app-logs", "creation_time": 1, "ttl_in_days": 7, "tag": {} },
                { "log_group_id": "22222222-2d6d-4732-9a9b-e897fd4e49e0", "log_group_name": "App-Logs", "creation_time": 1, "ttl_in_days": 7 },
            ]}),
        ));
    }
    if r.url.ends_with(&format!("/groups/{GROUP}/streams")) {
        return Some(ok(
            200,
            json!({ "log_streams": [
                { "log_stream_id": S1, "log_stream_name": "nginx-access", "creation_time": 1, "filter_count": 0 },
                { "log_stream_id": S2, "log_stream_name": "nginx-error", "creation_time": 1, "filter_count": 0 },
                { "log_stream_id": S3, "log_stream_name": "app", "creation_time": 1, "filter_count": 0 },
            ]}),
        ));
    }
    None
}

fn by_names(group: &str, streams: Value) -> Value {
    json!({
        "log_group_name": group,
        "log_streams": streams,
        "kafka_topic": "lts-logs",
        "instance": { "instance_id": KAFKA, "kafka_name": "kafka-prod", "connect_info": {} },
    })
}

#[test]
fn a_group_and_streams_named_by_their_names_are_found_exactly_before_anything_is_written() {
    let mut seen = Vec::new();
    let report = run(
        workflow(
            by_names(
                "app-logs",
                json!([{ "log_stream_name": "nginx-error" }, { "log_stream_id": S1 }]),
            ),
            config(json!({})),
        ),
        |r| {
            seen.push((kind(r), r.body.clone()));
            if let Some(t) = groups_and_streams(r) {
                return t;
            }
            match r.method {
                "POST" if r.url.ends_with("kafka-instance") => {
                    ok(201, json!({ "instance_id": KAFKA }))
                }
                "GET" => ok(200, json!({ "log_transfers": [] })),
                _ => ok(
                    200,
                    transfer("t-new", &[S2, S1], KAFKA, "lts-logs", "ENABLE"),
                ),
            }
        },
    )
    .unwrap();
    assert_eq!(
        seen.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
        [
            "GET /groups",
            &format!("GET /groups/{GROUP}/streams"),
            "POST /lts/dms/kafka-instance",
            "GET /transfers?log_transfer_type=DMS",
            "POST /transfers"
        ]
    );
    let create: Value = serde_json::from_str(seen[4].1.as_deref().unwrap()).unwrap();
    assert_eq!(create["log_group_id"], GROUP);
    assert_eq!(
        create["log_streams"],
        json!([
            { "log_stream_id": S2, "log_stream_name": "nginx-error" },
            { "log_stream_id": S1, "log_stream_name": "nginx-access" }
        ])
    );
    assert_eq!(report["log_group_id"], GROUP);
    assert_eq!(report["log_group_name"], "app-logs");
    assert_eq!(report["streams"][0]["log_stream_name"], "nginx-error");
    assert_eq!(report["streams"][1]["log_stream_id"], S1);
    assert_eq!(report["streams"][1]["log_stream_name"], "nginx-access");
    assert_eq!(report["complete"], true);
}

#[test]
fn all_streams_of_a_group_are_delivered_when_asked_for() {
    let mut created = None;
    let report = run(
        workflow(
            json!({ "log_group_id": GROUP, "log_streams": "all", "kafka_topic": "lts-logs", "kafka_id": KAFKA }),
            config(json!({})),
        ),
        |r| {
            if let Some(t) = groups_and_streams(r) {
                return t;
            }
            match r.method {
                "GET" => ok(
                    200,
                    json!({ "log_transfers": [transfer("t-old", &[S3], KAFKA, "lts-logs", "ENABLE")] }),
                ),
                _ => {
                    created = r.body.clone();
                    ok(200, transfer("t-new", &[S1, S2], KAFKA, "lts-logs", "ENABLE"))
                }
            }
        },
    )
    .unwrap();
    let created: Value = serde_json::from_str(&created.unwrap()).unwrap();
    assert_eq!(created["log_streams"].as_array().unwrap().len(), 2);
    let outcomes: Vec<&str> = report["streams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, ["created", "created", "already_delivered"]);
    assert!(report.get("log_group_name").is_none());
}

#[test]
fn unknown_names_end_the_onboarding_before_the_registration_with_the_closest_names() {
    let mut seen = Vec::new();
    let (e, attempts) = run(
        workflow(
            by_names("app-log", json!([{ "log_stream_name": "x" }])),
            config(json!({})),
        ),
        |r| {
            seen.push(kind(r));
            groups_and_streams(r).unwrap()
        },
    )
    .unwrap_err();
    assert_eq!(seen, ["GET /groups"]);
    assert_eq!(attempts, 1);
    assert_eq!(e["name"], "LtsValidationError");
    assert_eq!(e["props"]["step"], "groups");
    assert_eq!(e["props"]["done"]["registration"], "skipped");
    assert_eq!(e["props"]["done"]["log_group_id"], Value::Null);
    let issue = &e["props"]["issues"][0];
    assert_eq!(issue["path"], "log_group_name");
    assert_eq!(issue["rule"], "not_found");
    let message = issue["message"].as_str().unwrap();
    assert!(
        message.contains(r#"the closest: "app-logs", "App-Logs", "app-logs-old""#),
        "{message}"
    );
    assert!(e["message"]
        .as_str()
        .unwrap()
        .starts_with("nothing was written: "));

    // A case-only difference is not a match; unknown streams are all listed at once.
    let mut seen = Vec::new();
    let (e, _) = run(
        workflow(
            by_names(
                "app-logs",
                json!([{ "log_stream_name": "NGINX-ERROR" }, { "log_stream_name": "app" }, { "log_stream_id": "839dac89-35af-4db2-ab4a-a7dda0d0d3f9" }]),
            ),
            config(json!({})),
        ),
        |r| {
            seen.push(kind(r));
            groups_and_streams(r).unwrap()
        },
    )
    .unwrap_err();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(e["props"]["step"], "streams");
    let issues = e["props"]["issues"].as_array().unwrap();
    assert_eq!(issues.len(), 2, "{issues:?}");
    assert_eq!(issues[0]["path"], "log_streams[0].log_stream_name");
    assert!(issues[0]["message"]
        .as_str()
        .unwrap()
        .contains(r#"the closest: "nginx-error""#));
    assert_eq!(issues[1]["path"], "log_streams[2].log_stream_id");
}

#[test]
fn names_and_ids_are_checked_as_input_before_any_request() {
    for (bad, path) in [
        (
            json!({ "log_group_name": "g", "log_group_id": GROUP }),
            "log_group_name",
        ),
        (json!({ "log_group_name": "" }), "log_group_name"),
        (json!({ "log_streams": "every" }), "log_streams"),
        (
            json!({ "log_streams": [{}] }),
            "log_streams[0].log_stream_id",
        ),
        (
            json!({ "log_streams": [{ "log_stream_name": "a" }, { "log_stream_name": "a" }] }),
            "log_streams[1].log_stream_name",
        ),
    ] {
        let mut v = by_names("app-logs", json!([{ "log_stream_name": "a" }]));
        for (k, val) in bad.as_object().unwrap() {
            v[k] = val.clone();
        }
        let issues = validate_ensure_input(&Input::from(v)).unwrap_err();
        assert!(issues.iter().any(|i| i.path == path), "{bad}: {issues:?}");
    }
}
