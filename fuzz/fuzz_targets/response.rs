//! Response parsing from arbitrary status, headers and bytes (the registration's answer, a
//! transfer, a deleted transfer, a list, IAM's projects, log groups and streams), a call and an
//! onboarding that meet that answer on every attempt (also without a project id, so that IAM's
//! lookup meets it, and with names to find), and the other parsers of what a server sends (Retry-After) or a caller gives
//! (paths and queries to sign): never a panic, always a bounded message, always an end.
#![no_main]

use std::rc::Rc;

use libfuzzer_sys::fuzz_target;
use lts_kafka::auth::sign::{canonical_query, canonical_uri};
use lts_kafka::services::lts::transfers::answers::{
    parse_deleted, parse_transfer, parse_transfer_list,
};
use lts_kafka::workflows::onboarding::{validate_ensure_input, Onboarding};
use lts_kafka::{
    parse_register_response, parse_retry_after, shell_text, validate_register_request, Action,
    Answer, Call, ClientConfig, Drive, Input, RegisterOperation, Transport,
};

/// A client without a project id: its calls ask IAM first.
fn config_without_project() -> Option<ClientConfig> {
    let options = serde_json::json!({
        "region": "cn-north-4",
        "credentials": { "token": TOKEN },
        "deadlineMs": 60000,
    });
    ClientConfig::from_input(&Input::from(options), &[]).ok()
}

fn config() -> Option<ClientConfig> {
    let options = serde_json::json!({
        "projectId": "0123456789abcdef0123456789abcdef",
        "endpoint": "https://lts.cn-north-4.myhuaweicloud.com",
        "credentials": { "token": TOKEN },
        "deadlineMs": 60000,
    });
    ClientConfig::from_input(&Input::from(options), &[]).ok()
}

const TOKEN: &str = "secret-token-value";
const PWD: &str = "kafka-pass\"word";

/// Whether `text` (what leaves the library) holds a run of 8 characters of a secret, as it is
/// or JSON-escaped.
fn leaks(text: &str) -> bool {
    [TOKEN, PWD].iter().any(|secret| {
        secret.as_bytes().windows(8).any(|run| {
            let run = std::str::from_utf8(run).unwrap_or_default();
            let escaped = serde_json::to_string(run).unwrap_or_default();
            text.contains(run) || text.contains(&escaped[1..escaped.len() - 1])
        })
    })
}

/// Drives `call` with the same answer on every attempt: it must finish within `steps`, after
/// at most `max_attempts` attempts, with no secret in what leaves the library.
fn drive(
    call: &mut dyn Drive,
    status: u16,
    header: &str,
    body: &[u8],
    random: u8,
    steps: usize,
    max_attempts: u32,
) {
    let mut now = 1_764_000_000_000u64;
    let mut action = call.start(now);
    for _ in 0..steps {
        action = match action {
            Action::Send { .. } => {
                let transport = Transport::Answer {
                    status,
                    request_id: Some(header.to_owned()),
                    retry_after: Some(header.to_owned()),
                    trace_id: None,
                    body: Some(body.to_vec()),
                };
                let (record, next) =
                    call.attempt_finished(transport, now, f64::from(random) / 256.0, 1.0);
                assert!(!leaks(&call.redact(&record.to_json())));
                next
            }
            Action::Wait { ms } => {
                now += ms;
                call.wait_over(now, false)
            }
            Action::Join { within_ms, .. } => {
                now += within_ms;
                call.wait_over(now, false)
            }
            Action::Finish(result) => {
                if let Err(e) = &result {
                    assert!(e.attempts >= 1 && e.attempts <= max_attempts);
                }
                let text = shell_text(call, Action::Finish(result));
                let json = text.get(2..).unwrap_or_default();
                serde_json::from_str::<serde_json::Value>(json).expect("JSON leaves");
                assert!(!leaks(json), "a secret left: {json}");
                return;
            }
            Action::GetCredentials { .. } => return,
        };
    }
    panic!("the call did not end within {steps} steps");
}

/// The onboarding (register, list, create, list again) meeting this answer at every step.
fn drive_onboarding(status: u16, header: &str, body: &[u8], random: u8) {
    let Some(config) = config() else { return };
    let Ok(input) = validate_ensure_input(&Input::from(serde_json::json!({
        "instance": {
            "instance_id": "i", "kafka_name": "k", "connect_info": { "user_name": "u", "pwd": PWD },
        },
        "log_group_id": "9a7e2183-2d6d-4732-9a9b-e897fd4e49e0",
        "log_streams": [{ "log_stream_id": "839dac89-35af-4db2-ab4a-a7dda0d0d3f8" }],
        "kafka_topic": "lts-logs",
    }))) else {
        return;
    };
    let settings = config.settings;
    let mut onboarding = Onboarding::new(Rc::new(config), input, settings);
    // Four steps of at most three attempts each.
    drive(&mut onboarding, status, header, body, random, 80, 12);
}

/// Without a project id: a list (IAM's lookup, then the list) and an onboarding by names (the
/// lookup, the groups, the streams, then the writes), every step meeting this answer.
fn drive_without_project(status: u16, header: &str, body: &[u8], random: u8) {
    lts_kafka::pipeline::project::clear_project_cache();
    let Some(config) = config_without_project() else {
        return;
    };
    let settings = config.settings;
    let config = Rc::new(config);
    let mut call = Call::new(
        Rc::clone(&config),
        Box::new(lts_kafka::services::lts::groups::list_groups::ListLogGroupsOperation),
        settings,
    );
    drive(&mut call, status, header, body, random, 40, 6);
    lts_kafka::pipeline::project::clear_project_cache();
    let Ok(input) = validate_ensure_input(&Input::from(serde_json::json!({
        "instance": {
            "instance_id": "i", "kafka_name": "k", "connect_info": { "user_name": "u", "pwd": PWD },
        },
        "log_group_name": "app-logs",
        "log_streams": [{ "log_stream_name": "nginx-access" }, { "log_stream_id": "839dac89-35af-4db2-ab4a-a7dda0d0d3f8" }],
        "kafka_topic": "lts-logs",
    }))) else {
        return;
    };
    let mut onboarding = Onboarding::new(config, input, settings);
    // Seven steps (the lookup inside the first) of at most three attempts each.
    drive(&mut onboarding, status, header, body, random, 200, 24);
}

/// A registration that meets this answer on every attempt ends, never panics, within its attempts.
fn drive_call(status: u16, header: &str, body: &[u8], random: u8) {
    let Some(config) = config() else { return };
    let Ok(body_request) = validate_register_request(&Input::from(serde_json::json!({
        "instance_id": "i", "kafka_name": "k", "connect_info": { "user_name": "u", "pwd": PWD }
    }))) else {
        return;
    };
    let settings = config.settings;
    let mut call = Call::new(
        Rc::new(config),
        Box::new(RegisterOperation { body: body_request }),
        settings,
    );
    drive(&mut call, status, header, body, random, 20, 3);
}

fuzz_target!(|data: &[u8]| {
    let [s0, s1, n, rest @ ..] = data else {
        return;
    };
    let status = u16::from_le_bytes([*s0, *s1]) % 1000;
    let split = usize::from(*n).min(rest.len());
    let (header, body) = rest.split_at(split);
    let header = String::from_utf8_lossy(header);
    match parse_register_response(status, Some(&header), body) {
        Ok(out) => assert!((200..300).contains(&status) && !out.instance_id.is_empty()),
        Err(e) => assert!(e.message.chars().count() <= 460),
    }
    let _ = parse_retry_after(&header, u64::from_le_bytes([*s0, *s1, *n, 0, 0, 0, 0, 0]));
    let answer = Answer {
        status,
        request_id: Some(&header),
        body,
    };
    let _ = lts_kafka::services::iam::projects::parse_projects(&answer, "cn-north-4");
    for op in [
        Box::new(lts_kafka::services::lts::groups::list_groups::ListLogGroupsOperation)
            as Box<dyn lts_kafka::Operation>,
        Box::new(
            lts_kafka::services::lts::groups::list_streams::ListLogStreamsOperation {
                log_group_id: String::from("9a7e2183-2d6d-4732-9a9b-e897fd4e49e0"),
            },
        ),
    ] {
        if let Ok(out) = op.parse(&answer) {
            serde_json::from_str::<serde_json::Value>(&out.to_json()).expect("a list as JSON");
        }
    }
    let written = [
        parse_transfer(&answer).map(|t| t.to_json()),
        parse_deleted(&answer, "7c6b5a49-3827-4165-9e8d-7c6b5a493827").map(|d| d.to_json()),
    ];
    for parsed in written {
        match parsed {
            Ok(text) => {
                let json: serde_json::Value =
                    serde_json::from_str(&text).expect("a transfer as JSON");
                assert!(json["log_transfer_id"].is_string());
            }
            Err(e) => assert!(e.message.chars().count() <= 460),
        }
    }
    match parse_transfer_list(&answer) {
        Ok(list) => {
            let json: serde_json::Value =
                serde_json::from_str(&list.to_json()).expect("a list as JSON");
            assert!(json["log_transfers"].is_array());
        }
        Err(e) => assert!(e.message.chars().count() <= 460),
    }
    drive_call(status, &header, body, *n);
    drive_onboarding(status, &header, body, *n);
    drive_without_project(status, &header, body, *n);
    let _ = canonical_uri(&header);
    let _ = canonical_query(&header);
});
