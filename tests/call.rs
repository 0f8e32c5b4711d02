//! The call state machine on the host, driven by hand with a fake clock and fixed random
//! numbers: every path of a call (success, each retry, the deadline, aborts, credentials from
//! a function, redaction) without a network or a JavaScript runtime.
#![cfg(not(target_arch = "wasm32"))]

use lts_kafka::pipeline::call::{FetchFailure, MAX_BODY_BYTES};
use lts_kafka::pipeline::settings::CallSettings;
use lts_kafka::{
    validate_register_request, Action, Answer, ApiError, Call, CallError, ClientConfig,
    Credentials, Input, LtsError, Method, Operation, Output, RegisterDmsKafkaInstanceOutput,
    RegisterOperation, RetrySafety, Transport,
};
use serde_json::{json, Value};

const TOKEN: &str = "call-test-token-9876543210";
const PROJECT: &str = "0123456789abcdef0123456789abcdef";
const PWD: &str = "kafka-password-0123";
const T0: u64 = 1_764_000_000_000;

fn config(credentials: Value, extra: Value) -> ClientConfig {
    let mut options = json!({
        "projectId": PROJECT,
        "endpoint": "https://lts.cn-north-4.myhuaweicloud.com",
    });
    options["credentials"] = credentials;
    for (k, v) in extra.as_object().unwrap() {
        options[k] = v.clone();
    }
    let input = match options["credentials"] {
        Value::String(ref s) if s == "function" => {
            let Input::Object(mut entries) = Input::from(options.clone()) else {
                unreachable!()
            };
            for e in &mut entries {
                if e.0 == "credentials" {
                    e.1 = Input::Other("function".into());
                }
            }
            Input::Object(entries)
        }
        _ => Input::from(options),
    };
    ClientConfig::from_input(&input, &[]).expect("valid options")
}

/// A call of a copy of `op` (the state machine owns what it runs).
fn new_call(cfg: &ClientConfig, op: &dyn CloneOp, settings: CallSettings) -> Call {
    Call::new(std::rc::Rc::new(cfg.clone()), op.boxed(), settings)
}

trait CloneOp {
    fn boxed(&self) -> Box<dyn Operation>;
}

impl CloneOp for RegisterOperation {
    fn boxed(&self) -> Box<dyn Operation> {
        Box::new(RegisterOperation {
            body: self.body.clone(),
        })
    }
}

impl CloneOp for ReadThings {
    fn boxed(&self) -> Box<dyn Operation> {
        Box::new(ReadThings)
    }
}

fn token_config(extra: Value) -> ClientConfig {
    config(json!({ "token": TOKEN }), extra)
}

fn register_op() -> RegisterOperation {
    let body = validate_register_request(&Input::from(json!({
        "instance_id": "3f4a92ff-7f65-489f-a36a-fadbaa0000a6",
        "kafka_name": "kafka-prod",
        "connect_info": { "user_name": "lts", "pwd": PWD },
    })))
    .unwrap();
    RegisterOperation { body }
}

fn answer(status: u16, body: &str) -> Transport {
    Transport::Answer {
        status,
        request_id: Some("req-0001".into()),
        retry_after: None,
        trace_id: None,
        body: Some(body.as_bytes().to_vec()),
    }
}

fn with_retry_after(status: u16, value: &str) -> Transport {
    Transport::Answer {
        status,
        request_id: None,
        retry_after: Some(value.into()),
        trace_id: None,
        body: Some(br#"{"error_code":"APIGW.0308","error_msg":"throttled"}"#.to_vec()),
    }
}

const REGISTERED: &str = r#"{"instance_id":"3f4a92ff-7f65-489f-a36a-fadbaa0000a6"}"#;

fn expect_send(action: Action) -> (lts_kafka::HttpRequest, u64) {
    match action {
        Action::Send {
            request,
            timeout_ms,
        } => (request, timeout_ms),
        other => panic!("expected Send, got {other:?}"),
    }
}

fn expect_wait(action: Action) -> u64 {
    match action {
        Action::Wait { ms } => ms,
        other => panic!("expected Wait, got {other:?}"),
    }
}

fn expect_error(action: Action) -> CallError {
    match action {
        Action::Finish(Err(e)) => e,
        other => panic!("expected a failed Finish, got {other:?}"),
    }
}

fn expect_output(action: Action) -> Output {
    match action {
        Action::Finish(Ok(out)) => out,
        other => panic!("expected a successful Finish, got {other:?}"),
    }
}

#[test]
fn a_call_sends_once_and_finishes_with_the_parsed_answer_and_a_record() {
    let cfg = token_config(json!({}));
    let op = register_op();
    let mut call = new_call(&cfg, &op, cfg.settings);
    let (request, timeout) = expect_send(call.start(T0));
    assert_eq!(timeout, 30_000);
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.url,
        format!("https://lts.cn-north-4.myhuaweicloud.com/v2/{PROJECT}/lts/dms/kafka-instance")
    );
    assert_eq!(request.header("X-Auth-Token"), Some(TOKEN));
    let (record, next) = call.attempt_finished(answer(201, REGISTERED), T0 + 40, 0.5, 40.0);
    let output = expect_output(next);
    match output.downcast_ref::<RegisterDmsKafkaInstanceOutput>() {
        Some(out) => {
            assert_eq!(out.instance_id, "3f4a92ff-7f65-489f-a36a-fadbaa0000a6");
            assert_eq!(out.request_id.as_deref(), Some("req-0001"));
        }
        None => panic!("{output:?}"),
    }
    assert_eq!(record.operation, "registerDmsKafkaInstance");
    assert_eq!((record.attempt, record.method), (1, "POST"));
    assert_eq!(record.url, request.url);
    assert_eq!(record.status, Some(201));
    assert_eq!(record.request_id.as_deref(), Some("req-0001"));
    assert_eq!((record.error, record.retry_in_ms), (None, None));
    assert_eq!(record.duration_ms, 40.0);
    assert_eq!(call.attempts(), 1);
}

#[test]
fn a_503_is_retried_after_a_full_jitter_wait_and_the_record_says_so() {
    let cfg = token_config(json!({}));
    let op = register_op();
    let mut call = new_call(&cfg, &op, cfg.settings);
    expect_send(call.start(T0));
    let (record, next) = call.attempt_finished(answer(503, "busy"), T0 + 10, 0.5, 10.0);
    // Full jitter: floor(0.5 * min(20 000, 500 * 2^0)).
    assert_eq!(expect_wait(next), 250);
    assert_eq!(record.error, Some("LtsApiError"));
    assert_eq!(record.retry_in_ms, Some(250));
    assert_eq!(record.status, Some(503));
    let (_, timeout) = expect_send(call.wait_over(T0 + 260, false));
    assert_eq!(timeout, 30_000);
    let (record, next) = call.attempt_finished(answer(201, REGISTERED), T0 + 300, 0.5, 40.0);
    expect_output(next);
    assert_eq!(record.attempt, 2);
    assert_eq!(call.attempts(), 2);
}

#[test]
fn the_second_backoff_ceiling_doubles() {
    let cfg = token_config(json!({}));
    let op = register_op();
    let mut call = new_call(&cfg, &op, cfg.settings);
    expect_send(call.start(T0));
    let (_, next) = call.attempt_finished(answer(503, ""), T0, 0.999, 1.0);
    assert_eq!(expect_wait(next), 499);
    expect_send(call.wait_over(T0 + 500, false));
    let (_, next) = call.attempt_finished(answer(503, ""), T0 + 500, 0.999, 1.0);
    assert_eq!(expect_wait(next), 999);
    expect_send(call.wait_over(T0 + 1500, false));
    // The third 503 ends the call: maxAttempts is 3.
    let (record, next) = call.attempt_finished(answer(503, ""), T0 + 1500, 0.999, 1.0);
    let e = expect_error(next);
    assert_eq!(e.attempts, 3);
    assert_eq!(record.retry_in_ms, None);
    assert!(matches!(
        e.error,
        LtsError::Api(ApiError { status: 503, .. })
    ));
}

#[test]
fn retry_after_is_honoured_and_one_longer_than_max_delay_ends_the_call() {
    let cfg = token_config(json!({}));
    let op = register_op();
    let mut call = new_call(&cfg, &op, cfg.settings);
    expect_send(call.start(T0));
    let (_, next) = call.attempt_finished(with_retry_after(429, "2"), T0, 0.0, 1.0);
    assert_eq!(expect_wait(next), 2000);
    expect_send(call.wait_over(T0 + 2000, false));
    let (record, next) = call.attempt_finished(with_retry_after(429, "3600"), T0 + 2000, 0.0, 1.0);
    let e = expect_error(next);
    assert_eq!(e.attempts, 2);
    assert_eq!(record.retry_in_ms, None);
    assert_eq!(e.error.name(), "LtsApiError");
}

#[test]
fn the_last_attempt_before_the_deadline_gets_only_what_is_left_and_its_timeout_is_the_deadline() {
    let cfg = token_config(json!({ "deadlineMs": 1000 }));
    let op = register_op();
    let mut call = new_call(&cfg, &op, cfg.settings);
    let (_, timeout) = expect_send(call.start(T0));
    assert_eq!(timeout, 1000);
    let (record, next) = call.attempt_finished(Transport::Timeout, T0 + 1000, 0.0, 1000.0);
    let e = expect_error(next);
    assert_eq!(record.error, Some("TimeoutError"));
    assert!(matches!(
        e.error,
        LtsError::Timeout {
            after_ms: 1000,
            deadline: true,
            request_may_have_been_sent: true,
            waiting_for_credentials: false,
            by_signal: false,
        }
    ));
    assert!(e.error.to_string().contains("deadlineMs"));
}

#[test]
fn a_wait_that_would_end_after_the_deadline_is_not_started() {
    let cfg = token_config(json!({ "deadlineMs": 1000 }));
    let op = register_op();
    let mut call = new_call(&cfg, &op, cfg.settings);
    expect_send(call.start(T0));
    // 900 ms in, a Retry-After of 1 s would end after the deadline: the 503 is the answer.
    let (_, next) = call.attempt_finished(with_retry_after(503, "1"), T0 + 900, 0.0, 900.0);
    let e = expect_error(next);
    assert!(matches!(
        e.error,
        LtsError::Api(ApiError { status: 503, .. })
    ));
    assert_eq!(e.attempts, 1);
}

#[test]
fn a_deadline_passed_during_a_wait_ends_the_call_before_another_attempt() {
    let cfg = token_config(json!({ "deadlineMs": 1000 }));
    let op = register_op();
    let mut call = new_call(&cfg, &op, cfg.settings);
    expect_send(call.start(T0));
    let (_, next) = call.attempt_finished(answer(503, ""), T0 + 100, 0.5, 100.0);
    assert_eq!(expect_wait(next), 250);
    // The shell woke late (a busy event loop): nothing is left of the deadline.
    let e = expect_error(call.wait_over(T0 + 1200, false));
    assert!(matches!(e.error, LtsError::Timeout { deadline: true, .. }));
    assert_eq!(e.attempts, 1);
}

#[test]
fn an_attempt_timeout_is_not_retried_for_a_one_shot_call_but_is_with_retry_unsafe() {
    let cfg = token_config(json!({}));
    let op = register_op();
    let mut call = new_call(&cfg, &op, cfg.settings);
    expect_send(call.start(T0));
    let (_, next) = call.attempt_finished(Transport::Timeout, T0 + 30_000, 0.0, 30_000.0);
    assert!(matches!(
        expect_error(next).error,
        LtsError::Timeout {
            after_ms: 30_000,
            deadline: false,
            ..
        }
    ));

    let cfg = token_config(json!({ "retry": { "retryUnsafe": true } }));
    let mut call = new_call(&cfg, &op, cfg.settings);
    expect_send(call.start(T0));
    let (_, next) = call.attempt_finished(Transport::Timeout, T0 + 30_000, 0.0, 30_000.0);
    expect_wait(next);
}

/// A read, to show the pipeline is generic: `GET /v2/{project}/things?b=2&a=x y`.
struct ReadThings;

impl Operation for ReadThings {
    fn name(&self) -> &'static str {
        "readThings"
    }
    fn method(&self) -> Method {
        Method::Get
    }
    fn path(&self) -> std::borrow::Cow<'_, str> {
        "/things".into()
    }
    fn query(&self) -> Vec<(&'static str, &str)> {
        vec![("b", "2"), ("a", "x y")]
    }
    fn body(&self) -> Option<String> {
        None
    }
    fn safety(&self) -> RetrySafety {
        RetrySafety::Read
    }
    fn parse(&self, answer: &Answer<'_>) -> Result<Output, ApiError> {
        Err(answer.not_a_result("is not a thing"))
    }
}

#[test]
fn a_read_is_retried_after_outcomes_a_one_shot_call_is_not() {
    let cfg = token_config(json!({}));
    let op = ReadThings;
    for outcome in [
        answer(500, r#"{"error_code":"LTS.0010","error_msg":"internal"}"#),
        answer(502, "<html><title>Bad Gateway</title></html>"),
        answer(504, ""),
        Transport::Network {
            message: "TypeError: terminated".into(),
            sent: true,
            cause: None,
        },
        Transport::Timeout,
    ] {
        let mut call = new_call(&cfg, &op, cfg.settings);
        let (request, _) = expect_send(call.start(T0));
        assert_eq!(request.method, "GET");
        assert_eq!(request.body, None);
        assert_eq!(request.header("Content-Type"), Some("application/json"));
        assert!(
            request.url.ends_with("/things?a=x%20y&b=2"),
            "{}",
            request.url
        );
        let (_, next) = call.attempt_finished(outcome.clone(), T0, 0.5, 1.0);
        expect_wait(next);

        let reg = register_op();
        let mut call = new_call(&cfg, &reg, cfg.settings);
        expect_send(call.start(T0));
        let (_, next) = call.attempt_finished(outcome, T0, 0.5, 1.0);
        expect_error(next);
    }
}

#[test]
fn a_2xx_that_is_not_the_result_is_an_api_error_and_is_not_retried() {
    let cfg = token_config(json!({}));
    let op = ReadThings;
    let mut call = new_call(&cfg, &op, cfg.settings);
    expect_send(call.start(T0));
    let (record, next) = call.attempt_finished(answer(200, "[]"), T0, 0.5, 1.0);
    let e = expect_error(next);
    assert_eq!(record.error, Some("LtsApiError"));
    assert!(
        e.error.to_string().contains("is not a thing"),
        "{}",
        e.error
    );
    assert_eq!(e.attempts, 1);
}

#[test]
fn a_connection_that_never_opened_is_retried_and_an_abort_ends_the_call() {
    let cfg = token_config(json!({}));
    let op = register_op();
    let mut call = new_call(&cfg, &op, cfg.settings);
    expect_send(call.start(T0));
    let refused = Transport::from_failure(FetchFailure::Thrown {
        name: "TypeError",
        message: "fetch failed",
        cause_message: "connect ECONNREFUSED 127.0.0.1:9",
        code: "ECONNREFUSED",
    });
    assert!(matches!(refused, Transport::Network { sent: false, .. }));
    let (record, next) = call.attempt_finished(refused, T0, 0.0, 1.0);
    assert_eq!(record.error, Some("LtsNetworkError"));
    expect_wait(next);
    expect_send(call.wait_over(T0 + 10, false));
    let (record, next) = call.attempt_finished(
        Transport::Aborted {
            sent: true,
            by_timeout: false,
        },
        T0 + 20,
        0.0,
        5.0,
    );
    assert_eq!(record.error, Some("AbortError"));
    let e = expect_error(next);
    assert_eq!(
        e.error,
        LtsError::Abort {
            request_may_have_been_sent: true
        }
    );
    assert_eq!(e.attempts, 2);
}

#[test]
fn an_abort_during_a_wait_keeps_whether_an_earlier_attempt_was_sent() {
    let cfg = token_config(json!({}));
    let op = register_op();
    let mut call = new_call(&cfg, &op, cfg.settings);
    expect_send(call.start(T0));
    let (_, next) = call.attempt_finished(answer(503, ""), T0, 0.5, 1.0);
    expect_wait(next);
    let e = expect_error(call.wait_over(T0 + 5, true));
    assert_eq!(
        e.error,
        LtsError::Abort {
            request_may_have_been_sent: true
        }
    );
}

#[test]
fn a_credentials_function_is_asked_before_every_attempt_and_its_failure_ends_the_call() {
    let cfg = config(json!("function"), json!({}));
    let op = register_op();
    let mut call = new_call(&cfg, &op, cfg.settings);
    assert!(matches!(call.start(T0), Action::GetCredentials { .. }));
    let creds =
        |ak: &str| Credentials::from_input(&Input::from(json!({"ak": ak, "sk": "sk-9876543210"})));
    let (request, _) = expect_send(call.credentials_obtained(Ok(creds("AK1").unwrap()), T0 + 5));
    assert!(request
        .header("Authorization")
        .unwrap()
        .contains("Access=AK1,"));
    // Signed at the time the credentials arrived.
    assert_eq!(
        request.header("X-Sdk-Date"),
        Some(lts_kafka::auth::sign::format_sdk_date((T0 + 5) / 1000).as_str())
    );
    let (_, next) = call.attempt_finished(answer(503, ""), T0 + 10, 0.5, 1.0);
    expect_wait(next);
    assert!(matches!(
        call.wait_over(T0 + 300_000, false),
        Action::GetCredentials { .. }
    ));
    let (request, _) =
        expect_send(call.credentials_obtained(Ok(creds("AK2").unwrap()), T0 + 300_000));
    assert!(request
        .header("Authorization")
        .unwrap()
        .contains("Access=AK2,"));
    assert_eq!(
        request.header("X-Sdk-Date"),
        Some(lts_kafka::auth::sign::format_sdk_date((T0 + 300_000) / 1000).as_str())
    );
    let (_, next) = call.attempt_finished(answer(503, ""), T0 + 300_010, 0.5, 1.0);
    expect_wait(next);
    assert!(matches!(
        call.wait_over(T0 + 300_300, false),
        Action::GetCredentials { .. }
    ));
    let failure = LtsError::Credentials {
        message: String::from("vault down"),
        retryable: true,
        cause: None,
    };
    let e = expect_error(call.credentials_obtained(Err(failure.clone()), T0 + 300_300));
    assert_eq!(e.error, failure);
    assert_eq!(e.attempts, 2);
}

/// What leaves the library for `next`: the shell's text, redacted where it leaves.
fn leaving(call: &mut Call, next: Action) -> String {
    assert!(matches!(next, Action::Finish(_)), "{next:?}");
    lts_kafka::shell_text(call, next)
}

#[test]
fn secrets_are_redacted_from_network_messages_and_echoed_error_bodies() {
    let cfg = token_config(json!({ "retry": false }));
    let op = register_op();
    let mut call = new_call(&cfg, &op, cfg.settings);
    expect_send(call.start(T0));
    let (_, next) = call.attempt_finished(
        Transport::Network {
            message: format!("proxy said: bad token {TOKEN}"),
            sent: true,
            cause: None,
        },
        T0,
        0.0,
        1.0,
    );
    let text = leaving(&mut call, next);
    assert!(!text.contains(&TOKEN[..8]), "{text}");
    assert!(text.contains("bad token ***"), "{text}");

    let mut call = new_call(&cfg, &op, cfg.settings);
    expect_send(call.start(T0));
    let echoed = format!(r#"<html><title>echo {PWD} {TOKEN}</title></html>"#);
    let (_, next) = call.attempt_finished(answer(502, &echoed), T0, 0.0, 1.0);
    let text = leaving(&mut call, next);
    assert!(text.contains("echo *** ***"), "{text}");

    // A 2xx that is not a result quotes its body redacted too.
    let mut call = new_call(&cfg, &op, cfg.settings);
    expect_send(call.start(T0));
    let (_, next) =
        call.attempt_finished(answer(200, &format!(r#"{{"echo":"{PWD}"}}"#)), T0, 0.0, 1.0);
    let text = leaving(&mut call, next);
    assert!(
        text.contains("has no instance_id") && !text.contains(&PWD[..8]),
        "{text}"
    );

    // A secret as the error code, or as the request id, is redacted like the message.
    let code_echo = answer(
        400,
        &format!(r#"{{"error_code":"{TOKEN}","error_msg":"x"}}"#),
    );
    let id_echo = Transport::Answer {
        status: 400,
        request_id: Some(TOKEN.into()),
        retry_after: None,
        trace_id: None,
        body: Some(br#"{"error_code":"X.1","error_msg":"x"}"#.to_vec()),
    };
    for transport in [code_echo, id_echo] {
        let mut call = new_call(&cfg, &op, cfg.settings);
        expect_send(call.start(T0));
        let (record, next) = call.attempt_finished(transport, T0, 0.0, 1.0);
        let record = call.redact(&record.to_json());
        assert!(!record.contains(&TOKEN[..8]), "{record}");
        let text = leaving(&mut call, next);
        assert!(
            !text.contains(&TOKEN[..8]) && text.contains("***"),
            "{text}"
        );
    }
}

#[test]
fn a_secret_split_by_control_characters_or_json_escapes_is_redacted_once_whole() {
    // The excerpt drops control characters and a JSON message is decoded: either can put a
    // token back together that the raw bytes held in pieces.
    let cfg = token_config(json!({ "retry": false }));
    let op = register_op();
    let (head, tail) = TOKEN.split_at(TOKEN.len() / 2);
    let escaped_first = format!("\\u{:04x}{}", u32::from(TOKEN.as_bytes()[0]), &TOKEN[1..]);
    for body in [
        format!("proxy echo {head}\u{0}\u{1}{tail}"),
        format!(r#"{{"error_code":"X.1","error_msg":"echo {escaped_first}"}}"#),
        format!(r#"{{"echo":"{head}\u0000{tail}"}}"#),
    ] {
        for status in [200, 502] {
            let mut call = new_call(&cfg, &op, cfg.settings);
            expect_send(call.start(T0));
            let (_, next) = call.attempt_finished(answer(status, &body), T0, 0.0, 1.0);
            let text = leaving(&mut call, next);
            for run in TOKEN.as_bytes().windows(8) {
                let run = std::str::from_utf8(run).unwrap();
                assert!(!text.contains(run), "{status} {body:?}: {text}");
            }
        }
    }
}

#[test]
fn an_already_registered_answer_after_a_retry_says_an_earlier_attempt_probably_registered_it() {
    let cfg = token_config(json!({ "retry": { "retryUnsafe": true } }));
    let op = register_op();
    let mut call = new_call(&cfg, &op, cfg.settings);
    expect_send(call.start(T0));
    let (_, next) = call.attempt_finished(answer(502, ""), T0, 0.0, 1.0);
    expect_wait(next);
    expect_send(call.wait_over(T0, false));
    let already =
        r#"{"error_code":"LTS.1711","error_msg":"The Kafka instance has already been registered"}"#;
    let (_, next) = call.attempt_finished(answer(400, already), T0, 0.0, 1.0);
    let e = expect_error(next);
    assert!(
        e.error.to_string().contains("probably registered it"),
        "{}",
        e.error
    );
    // On a first attempt it is just the answer.
    let mut call = new_call(&cfg, &op, cfg.settings);
    expect_send(call.start(T0));
    let (_, next) = call.attempt_finished(answer(400, already), T0, 0.0, 1.0);
    assert!(!expect_error(next).error.to_string().contains("probably"));
}

#[test]
fn an_answer_too_large_to_read_is_an_api_error_naming_the_bound() {
    let cfg = token_config(json!({}));
    let op = register_op();
    let mut call = new_call(&cfg, &op, cfg.settings);
    expect_send(call.start(T0));
    let (_, next) = call.attempt_finished(
        Transport::Answer {
            status: 200,
            request_id: None,
            retry_after: None,
            trace_id: None,
            body: None,
        },
        T0,
        0.0,
        1.0,
    );
    let text = expect_error(next).error.to_string();
    assert!(
        text.contains(&format!("larger than {} KiB", MAX_BODY_BYTES / 1024)),
        "{text}"
    );
}

#[test]
fn the_settings_of_a_call_override_the_clients() {
    let cfg = token_config(json!({ "timeoutMs": 5000 }));
    let op = register_op();
    let settings = CallSettings {
        timeout_ms: 700,
        ..cfg.settings
    };
    let mut call = new_call(&cfg, &op, settings);
    let (_, timeout) = expect_send(call.start(T0));
    assert_eq!(timeout, 700);
    let cfg = token_config(json!({ "retry": false }));
    let mut call = new_call(&cfg, &op, cfg.settings);
    expect_send(call.start(T0));
    let (_, next) = call.attempt_finished(answer(503, ""), T0, 0.0, 1.0);
    assert_eq!(expect_error(next).attempts, 1);
}

#[test]
fn fetch_failures_become_messages_a_user_can_act_on() {
    let table = [
        (
            FetchFailure::Thrown {
                name: "TypeError",
                message: "Failed to fetch",
                cause_message: "",
                code: "",
            },
            "TypeError: Failed to fetch; in a browser this is also how a CORS refusal looks",
            true,
        ),
        (
            FetchFailure::Thrown {
                name: "",
                message: "socket hang up",
                cause_message: "",
                code: "ECONNRESET",
            },
            "Error: socket hang up (ECONNRESET)",
            true,
        ),
        (
            FetchFailure::Thrown {
                name: "TypeError",
                message: "fetch failed",
                cause_message: "getaddrinfo ENOTFOUND lts.example",
                code: "ENOTFOUND",
            },
            "TypeError: fetch failed (getaddrinfo ENOTFOUND lts.example)",
            false,
        ),
        (
            FetchFailure::ThrownString("reason"),
            "fetch rejected with \"reason\"",
            true,
        ),
        (
            FetchFailure::ThrownOther,
            "fetch rejected with a value that is not an Error",
            true,
        ),
        (
            FetchFailure::NotAResponse,
            "fetch resolved with something that is not a Response",
            true,
        ),
        (
            FetchFailure::BodyNotBytes("the body stream gave something that is not bytes"),
            "the answer's body could not be read: the body stream gave something that is not bytes",
            true,
        ),
    ];
    for (failure, start, sent) in table {
        match Transport::from_failure(failure) {
            Transport::Network {
                message, sent: s, ..
            } => {
                assert!(message.starts_with(start), "{message}");
                assert_eq!(s, sent, "{message}");
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn without_a_fetch_to_call_no_attempt_is_made_and_the_call_is_a_config_error() {
    let cfg = token_config(json!({}));
    let op = register_op();
    let mut call = new_call(&cfg, &op, cfg.settings);
    expect_send(call.start(T0));
    let e = expect_error(call.no_fetch());
    assert_eq!(e.attempts, 0);
    assert_eq!(e.error.name(), "LtsConfigError");
    assert!(e.error.to_string().contains("pass one as the fetch option"));
}

#[test]
fn actions_reach_the_shell_as_nul_separated_text() {
    let cfg = token_config(
        json!({ "retry": { "maxAttempts": 2, "baseDelayMs": 100, "maxDelayMs": 100 } }),
    );
    let op = register_op();
    let mut call = new_call(&cfg, &op, cfg.settings);
    let text = call.start(T0).to_shell_text();
    let fields: Vec<&str> = text.split('\0').collect();
    assert_eq!(fields[0], "S");
    assert_eq!(fields[1], "30000");
    assert_eq!(fields[2], "POST");
    assert!(
        fields[3].ends_with("/lts/dms/kafka-instance"),
        "{}",
        fields[3]
    );
    assert!(fields[4].contains(&format!("X-Auth-Token: {TOKEN}")));
    assert_eq!(fields[5], "1");
    assert!(fields[6].starts_with(r#"{"instance_id":"#));
    assert_eq!(fields.len(), 7);
    let (_, next) = call.attempt_finished(answer(503, ""), T0, 0.5, 1.0);
    assert!(next.to_shell_text().starts_with("W\0"));
    expect_send(call.wait_over(T0 + 100, false));
    let (_, next) =
        call.attempt_finished(answer(400, r#"{"error_code":"LTS.1711"}"#), T0, 0.5, 1.0);
    let text = next.to_shell_text();
    assert!(text.starts_with("E\0{"), "{text}");
    assert!(text.contains("LTS.1711"));
    let (_, next) = {
        let mut call = new_call(&cfg, &op, cfg.settings);
        expect_send(call.start(T0));
        call.attempt_finished(answer(201, r#"{"instance_id":"i"}"#), T0, 0.5, 1.0)
    };
    assert!(next
        .to_shell_text()
        .starts_with("R\0{\"instance_id\":\"i\""));
}

#[test]
fn the_shells_failure_kinds_map_to_transports() {
    let t = |kind| {
        Transport::from_shell(
            kind,
            "TypeError",
            "fetch failed",
            "connect ECONNREFUSED",
            "ECONNREFUSED",
        )
    };
    assert!(matches!(t(1), Some(Transport::Network { sent: false, .. })));
    assert!(matches!(t(6), Some(Transport::Timeout)));
    assert!(matches!(t(7), Some(Transport::Aborted { sent: false, .. })));
    assert!(matches!(
        t(8),
        Some(Transport::Aborted {
            sent: true,
            by_timeout: false
        })
    ));
    assert!(t(9).is_none(), "no fetch at all");
    for kind in [2, 3, 4, 5, 200] {
        assert!(
            matches!(t(kind), Some(Transport::Network { sent: true, .. })),
            "{kind}"
        );
    }
    assert_eq!(lts_kafka::pipeline::call::millis(f64::NAN), 0);
    assert_eq!(lts_kafka::pipeline::call::millis(-5.0), 0);
    assert_eq!(
        lts_kafka::pipeline::call::millis(1_764_000_000_123.9),
        1_764_000_000_123
    );
}

#[test]
fn a_credentials_function_gets_the_attempt_timeout_or_what_is_left_of_the_deadline() {
    let cfg = config(json!("function"), json!({ "timeoutMs": 5000 }));
    let op = register_op();
    let mut call = new_call(&cfg, &op, cfg.settings);
    assert!(matches!(
        call.start(T0),
        Action::GetCredentials { within_ms: 5000 }
    ));
    let e = expect_error(call.credentials_timed_out(T0 + 5000));
    assert!(matches!(
        e.error,
        LtsError::Timeout {
            after_ms: 5000,
            deadline: false,
            request_may_have_been_sent: false,
            waiting_for_credentials: true,
            by_signal: false,
        }
    ));
    assert_eq!(
        e.error.to_string(),
        "the credentials function did not settle within 5000 ms (timeoutMs)"
    );
    assert_eq!(e.attempts, 0);

    let cfg = config(
        json!("function"),
        json!({ "timeoutMs": 5000, "deadlineMs": 1200 }),
    );
    let mut call = new_call(&cfg, &op, cfg.settings);
    assert!(matches!(
        call.start(T0),
        Action::GetCredentials { within_ms: 1200 }
    ));
    let e = expect_error(call.credentials_timed_out(T0 + 1200));
    assert!(matches!(e.error, LtsError::Timeout { deadline: true, .. }));
}

#[test]
fn an_abort_before_sending_counts_no_attempt_and_a_timeout_signal_is_a_timeout() {
    let cfg = token_config(json!({}));
    let op = register_op();
    let mut call = new_call(&cfg, &op, cfg.settings);
    expect_send(call.start(T0));
    let aborted = Transport::Aborted {
        sent: false,
        by_timeout: false,
    };
    let (record, next) = call.attempt_finished(aborted, T0, 0.0, 0.0);
    let e = expect_error(next);
    assert_eq!(e.attempts, 0);
    assert_eq!(record.attempt, 0);
    assert_eq!(e.error.name(), "AbortError");
    assert!(!e.error.request_may_have_been_sent());

    let mut call = new_call(&cfg, &op, cfg.settings);
    expect_send(call.start(T0));
    let timed_out = Transport::Aborted {
        sent: true,
        by_timeout: true,
    };
    let e = expect_error(call.attempt_finished(timed_out, T0, 0.0, 0.0).1);
    assert_eq!(e.attempts, 1);
    assert_eq!(e.error.name(), "TimeoutError");
    assert!(e.error.to_string().contains("AbortSignal.timeout()"));
    let json: Value = serde_json::from_str(&e.to_json()).unwrap();
    assert_eq!(json["props"]["causeIsSignalReason"], json!(true));
}

#[test]
fn a_network_error_carries_a_copy_of_the_runtimes_error_as_its_cause() {
    let cfg = token_config(json!({ "retry": false }));
    let op = register_op();
    let mut call = new_call(&cfg, &op, cfg.settings);
    expect_send(call.start(T0));
    let t = Transport::from_shell(
        1,
        "TypeError",
        "fetch failed",
        "connect ECONNREFUSED",
        "ECONNREFUSED",
    )
    .unwrap();
    let e = expect_error(call.attempt_finished(t, T0, 0.0, 1.0).1);
    let json: Value = serde_json::from_str(&e.to_json()).unwrap();
    assert_eq!(
        json["props"]["cause"],
        json!({ "name": "TypeError", "message": "fetch failed", "code": "ECONNREFUSED" })
    );
}

#[test]
fn a_failing_credentials_function_is_a_retryable_credentials_error_with_its_cause() {
    let e = lts_kafka::pipeline::credentials::credentials_failure(true, "Error", "vault down");
    assert_eq!(e.name(), "LtsCredentialsError");
    assert!(e.retryable());
    assert_eq!(
        e.to_string(),
        "the credentials function's promise rejected: Error: vault down"
    );
    let json: Value = serde_json::from_str(&e.to_json(0)).unwrap();
    assert_eq!(json["props"]["cause"]["message"], "vault down");
}
