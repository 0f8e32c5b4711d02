//! The retry policy for a one-shot POST: what retries under each setting, the delay bounds,
//! and Retry-After parsing.
#![cfg(not(target_arch = "wasm32"))]

use lts_kafka::pipeline::retry::{backoff_ms, is_retryable};
use lts_kafka::services::lts::register::says_already_registered;
use lts_kafka::{
    decide, parse_retry_after, ApiError, AttemptOutcome, RetryDecision, RetryPolicy, StopReason,
};

fn api(status: u16, code: Option<&'static str>) -> AttemptOutcome<'static> {
    AttemptOutcome::Api {
        status,
        code,
        retry_after: None,
    }
}

#[test]
fn which_outcomes_retry_by_default_and_with_retry_unsafe() {
    let safe = RetryPolicy::default();
    let unsafe_ = RetryPolicy {
        retry_unsafe: true,
        ..RetryPolicy::default()
    };
    // (outcome, retried by default, retried with retryUnsafe)
    let table: Vec<(AttemptOutcome<'static>, bool, bool)> = vec![
        (api(429, Some("APIGW.0308")), true, true),
        (api(429, None), true, true),
        (api(503, None), true, true),
        (api(500, Some("LTS.0010")), false, true),
        (api(400, Some("LTS.0010")), false, true),
        (api(502, None), false, true),
        (api(504, None), false, true),
        (AttemptOutcome::Network { sent: false }, true, true),
        (AttemptOutcome::Network { sent: true }, false, true),
        (AttemptOutcome::AttemptTimeout, false, true),
        (api(401, Some("APIGW.0301")), false, false),
        (api(401, Some("APIGW.0307")), false, false),
        (api(403, Some("LTS.0403")), false, false),
        (api(400, Some("LTS.1719")), false, false),
        (api(400, Some("LTS.1711")), false, false),
        (api(404, Some("APIGW.0101")), false, false),
        (api(413, None), false, false),
        (AttemptOutcome::Aborted, false, false),
    ];
    for (outcome, by_default, with_unsafe) in table {
        assert_eq!(
            is_retryable(&safe, &outcome),
            by_default,
            "default: {outcome:?}"
        );
        assert_eq!(
            is_retryable(&unsafe_, &outcome),
            with_unsafe,
            "retryUnsafe: {outcome:?}"
        );
    }
}

#[test]
fn attempts_stop_at_max_attempts() {
    let policy = RetryPolicy::default();
    let outcome = api(503, None);
    assert!(matches!(
        decide(&policy, &outcome, 1, 0.5, 0, None),
        RetryDecision::RetryAfter { .. }
    ));
    assert!(matches!(
        decide(&policy, &outcome, 2, 0.5, 0, None),
        RetryDecision::RetryAfter { .. }
    ));
    assert_eq!(
        decide(&policy, &outcome, 3, 0.5, 0, None),
        RetryDecision::Stop(StopReason::AttemptsExhausted)
    );
    let once = RetryPolicy {
        max_attempts: 1,
        ..policy
    };
    assert_eq!(
        decide(&once, &outcome, 1, 0.5, 0, None),
        RetryDecision::Stop(StopReason::AttemptsExhausted)
    );
    assert_eq!(
        decide(&policy, &api(401, None), 1, 0.5, 0, None),
        RetryDecision::Stop(StopReason::NotRetryable)
    );
}

#[test]
fn backoff_is_full_jitter_under_a_doubling_ceiling_capped_by_max_delay() {
    let policy = RetryPolicy {
        base_delay_ms: 100,
        max_delay_ms: 1000,
        ..RetryPolicy::default()
    };
    assert_eq!(backoff_ms(&policy, 1, 0.0), 0);
    assert_eq!(backoff_ms(&policy, 1, 0.999_999), 99);
    assert_eq!(backoff_ms(&policy, 2, 0.5), 100);
    assert_eq!(backoff_ms(&policy, 3, 0.5), 200);
    assert_eq!(backoff_ms(&policy, 10, 0.999_999), 999);
    assert_eq!(backoff_ms(&policy, u32::MAX, 0.5), 500);
    for bad in [f64::NAN, f64::INFINITY, -1.0, 7.0] {
        assert!(backoff_ms(&policy, 2, bad) <= 200, "{bad}");
    }
    for attempt in 1..40 {
        for r in [0.0, 0.25, 0.5, 0.75, 0.999] {
            assert!(backoff_ms(&RetryPolicy::default(), attempt, r) <= 20_000);
        }
    }
}

#[test]
fn retry_after_is_honoured_up_to_max_delay() {
    let policy = RetryPolicy::default();
    let with = |value: &'static str| AttemptOutcome::Api {
        status: 429,
        code: None,
        retry_after: Some(value),
    };
    assert_eq!(
        decide(&policy, &with("2"), 1, 0.9, 0, None),
        RetryDecision::RetryAfter { delay_ms: 2000 }
    );
    assert_eq!(
        decide(&policy, &with("0"), 1, 0.9, 0, None),
        RetryDecision::RetryAfter { delay_ms: 0 }
    );
    assert_eq!(
        decide(&policy, &with("21"), 1, 0.9, 0, None),
        RetryDecision::Stop(StopReason::RetryAfterTooLong)
    );
    // Garbage falls back to the backoff.
    assert_eq!(
        decide(&policy, &with("soon"), 1, 0.5, 0, None),
        RetryDecision::RetryAfter { delay_ms: 250 }
    );
    // A wait that would end after the deadline is not started.
    assert_eq!(
        decide(&policy, &with("2"), 1, 0.5, 0, Some(1500)),
        RetryDecision::Stop(StopReason::DeadlineTooClose)
    );
}

#[test]
fn retry_after_parses_seconds_http_dates_and_refuses_garbage() {
    // Sun, 06 Nov 1994 08:49:37 GMT is 784111777 s after the epoch.
    let now = 784_111_777_000;
    assert_eq!(parse_retry_after("120", now), Some(120_000));
    assert_eq!(parse_retry_after(" 3 ", now), Some(3000));
    assert_eq!(
        parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now),
        Some(10_000)
    );
    assert_eq!(
        parse_retry_after("Sunday, 06-Nov-94 08:49:47 GMT", now),
        Some(10_000)
    );
    assert_eq!(
        parse_retry_after("Sun Nov  6 08:49:47 1994", now),
        Some(10_000)
    );
    assert_eq!(
        parse_retry_after("Sun, 06 Nov 1994 08:49:30 GMT", now),
        Some(0),
        "a past date means now"
    );
    assert_eq!(
        parse_retry_after("99999999999999999999999", now),
        Some(u64::MAX)
    );
    for garbage in [
        "",
        "-1",
        "1.5",
        "soon",
        "Sun, 32 Nov 1994 08:49:37 GMT",
        "Sun, 06 Foo 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 25:49:37 GMT",
        "Sun, 06 Nov 1994 08:49 GMT",
        "Sun, 06 Nov 1994 08:49:37 UTC",
        "\u{0}",
    ] {
        assert_eq!(parse_retry_after(garbage, now), None, "{garbage:?}");
    }
}

#[test]
fn an_already_registered_answer_is_recognised_by_code_or_message() {
    let e = |status, code: Option<&str>, message: &str| ApiError {
        status,
        code: code.map(String::from),
        message: message.to_owned(),
        request_id: None,
    };
    assert!(says_already_registered(&e(400, Some("LTS.1711"), "x")));
    assert!(says_already_registered(&e(
        400,
        Some("LTS.1799"),
        "The instance has already been registered"
    )));
    assert!(says_already_registered(&e(
        400,
        None,
        "kafka instance already exists"
    )));
    assert!(!says_already_registered(&e(
        400,
        Some("LTS.1719"),
        "kafka user or password wrong"
    )));
    assert!(!says_already_registered(&e(500, Some("LTS.1711"), "x")));
}
