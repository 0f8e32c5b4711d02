//! Response parsing from arbitrary status, headers and bytes, and the other parsers of what a
//! server sends (Retry-After) or a caller gives (paths and queries to sign): never a panic,
//! always a bounded message.
#![no_main]

use std::rc::Rc;

use libfuzzer_sys::fuzz_target;
use lts_kafka::sign::{canonical_query, canonical_uri};
use lts_kafka::{
    parse_register_response, parse_retry_after, redact_secrets, validate_register_request,
    Action, Call, ClientConfig, Input, RegisterOperation, Transport,
};

/// A call that meets this answer on every attempt ends, never panics, within its attempts.
fn drive_call(status: u16, header: &str, body: &[u8], random: u8) {
    let options = serde_json::json!({
        "projectId": "0123456789abcdef0123456789abcdef",
        "endpoint": "https://lts.cn-north-4.myhuaweicloud.com",
        "credentials": { "token": "secret-token-value" },
        "deadlineMs": 60000,
    });
    let Ok(config) = ClientConfig::from_input(&Input::from(options), &[]) else {
        return;
    };
    let Ok(body_request) = validate_register_request(&Input::from(serde_json::json!({
        "instance_id": "i", "kafka_name": "k", "connect_info": {}
    }))) else {
        return;
    };
    let settings = config.settings;
    let mut call = Call::new(Rc::new(config), Box::new(RegisterOperation { body: body_request }), settings);
    let mut now = 1_764_000_000_000u64;
    let mut action = call.start(now);
    for _ in 0..20 {
        action = match action {
            Action::Send { .. } => {
                let transport = Transport::Answer {
                    status,
                    request_id: Some(header.to_owned()),
                    retry_after: Some(header.to_owned()),
                    body: Some(body.to_vec()),
                };
                call.attempt_finished(transport, now, f64::from(random) / 256.0, 1.0).1
            }
            Action::Wait { ms } => {
                now += ms;
                call.wait_over(now, false)
            }
            Action::Finish(result) => {
                if let Err(e) = result {
                    assert!(e.attempts >= 1 && e.attempts <= 3);
                    assert!(!e.error.to_string().contains("secret-token-value"));
                }
                return;
            }
            Action::GetCredentials => return,
        };
    }
    panic!("the call did not end within 20 steps");
}

fuzz_target!(|data: &[u8]| {
    let [s0, s1, n, rest @ ..] = data else {
        return;
    };
    let status = u16::from_le_bytes([*s0, *s1]) % 1000;
    let split = usize::from(*n).min(rest.len());
    let (header, body) = rest.split_at(split);
    let header = String::from_utf8_lossy(header);
    let body = redact_secrets(body, &["secret-token-value"]);
    match parse_register_response(status, Some(&header), &body) {
        Ok(out) => assert!((200..300).contains(&status) && !out.instance_id.is_empty()),
        Err(e) => assert!(e.message.chars().count() <= 460),
    }
    let _ = parse_retry_after(&header, u64::from_le_bytes([*s0, *s1, *n, 0, 0, 0, 0, 0]));
    drive_call(status, &header, &body, *n);
    let _ = canonical_uri(&header);
    let _ = canonical_query(&header);
});
