//! Every answer becomes a typed result or a typed error: each error-body shape, HTML and
//! empty bodies, a success without an instance id, redirects.
#![cfg(not(target_arch = "wasm32"))]

use lts_kafka::{parse_register_response, ApiError, LtsError};

fn err(status: u16, rid: Option<&str>, body: &str) -> ApiError {
    parse_register_response(status, rid, body.as_bytes()).unwrap_err()
}

#[test]
fn a_201_with_an_instance_id_is_the_output_with_the_request_id() {
    let out = parse_register_response(201, Some("abc123"), br#"{"instance_id":"i-1"}"#).unwrap();
    assert_eq!(out.instance_id, "i-1");
    assert_eq!(out.request_id.as_deref(), Some("abc123"));
    let out = parse_register_response(201, None, br#"{"instance_id":"i-1"}"#).unwrap();
    assert_eq!(out.request_id, None);
}

#[test]
fn a_2xx_without_a_usable_instance_id_is_an_error_not_undefined() {
    for body in [
        "",
        "{}",
        r#"{"instance_id":""}"#,
        r#"{"instance_id":5}"#,
        "[1]",
        "<html></html>",
    ] {
        let e = err(201, Some("r"), body);
        assert_eq!(e.status, 201);
        assert!(
            e.message.contains("no instance_id"),
            "{body}: {}",
            e.message
        );
        assert_eq!(e.request_id.as_deref(), Some("r"));
    }
}

#[test]
fn every_known_error_body_shape_gives_code_and_message() {
    let cases = [
        (
            r#"{"error_code":"LTS.1719","error_msg":"kafka user or password wrong"}"#,
            "LTS.1719",
            "kafka user or password wrong",
        ),
        (
            r#"{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information","request_id":"gw-1"}"#,
            "APIGW.0301",
            "Incorrect IAM authentication information",
        ),
        (
            r#"{"errorCode":"LTS.0009","errorMessage":"body invalid"}"#,
            "LTS.0009",
            "body invalid",
        ),
        (
            r#"{"errorCode":"LTS.0009","errorMsg":"body invalid"}"#,
            "LTS.0009",
            "body invalid",
        ),
        (
            r#"{"code":"LTS.0010","message":"internal"}"#,
            "LTS.0010",
            "internal",
        ),
        (
            r#"{"message":{"code":"LTS.0003","details":"token invalid"}}"#,
            "LTS.0003",
            "token invalid",
        ),
        (
            r#"{"error":{"code":401,"message":"The request you have made requires authentication.","title":"Unauthorized"}}"#,
            "401",
            "The request you have made requires authentication.",
        ),
    ];
    for (body, code, message) in cases {
        let e = err(400, Some("hdr-id"), body);
        assert_eq!(e.code.as_deref(), Some(code), "{body}");
        assert_eq!(e.message, message, "{body}");
        assert_eq!(e.request_id.as_deref(), Some("hdr-id"), "{body}");
    }
}

#[test]
fn the_body_request_id_is_used_when_the_header_is_missing() {
    let e = err(
        401,
        None,
        r#"{"error_code":"APIGW.0301","error_msg":"x","request_id":"gw-1"}"#,
    );
    assert_eq!(e.request_id.as_deref(), Some("gw-1"));
}

#[test]
fn an_html_502_gives_its_title_and_says_it_did_not_come_from_lts() {
    let page = format!(
        "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>{}</body></html>",
        "x".repeat(10_000)
    );
    let e = err(502, Some("r"), &page);
    assert_eq!(e.code, None);
    assert_eq!(e.status, 502);
    assert!(e.message.contains("502 Bad Gateway"), "{}", e.message);
    assert!(e.message.contains("not from LTS"), "{}", e.message);
    assert!(e.message.len() < 400);
}

#[test]
fn empty_text_and_unrecognised_bodies_give_a_bounded_excerpt() {
    let e = err(500, None, "");
    assert_eq!(e.message, "HTTP 500 with an empty body");
    let e = err(
        503,
        None,
        &format!("Service Unavailable\n\n{}", "y".repeat(5000)),
    );
    assert!(
        e.message
            .starts_with("HTTP 503 with a non-JSON body: Service Unavailable y"),
        "{}",
        e.message
    );
    assert!(e.message.chars().count() < 260);
    let e = err(400, None, "[1,2]");
    assert!(e.message.contains("unrecognised body"), "{}", e.message);
    let e = err(400, None, r#"{"foo":"bar"}"#);
    assert!(e.message.contains("unrecognised body"), "{}", e.message);
    let e = err(500, None, "\u{0}\u{1}bin\u{ff}");
    assert!(!e.message.contains('\u{0}'));
}

#[test]
fn invalid_utf8_and_huge_messages_are_bounded() {
    let e = parse_register_response(500, None, &[0xff, 0xfe, 0x00, 0x41]).unwrap_err();
    assert!(e.message.starts_with("HTTP 500"));
    let long = format!(
        r#"{{"error_code":"LTS.0010","error_msg":"{}"}}"#,
        "m".repeat(100_000)
    );
    assert!(err(500, None, &long).message.chars().count() <= 401);
}

#[test]
fn redirects_are_errors_that_say_where_to_point_the_endpoint() {
    for status in [0, 301, 302, 307, 308] {
        let e = err(status, None, "");
        assert!(e.message.contains("redirect"), "{status}");
    }
}

#[test]
fn retryable_and_sent_flags_follow_the_status() {
    let flags = |status: u16, body: &str| {
        let e = LtsError::Api(err(status, None, body));
        (e.retryable(), e.request_may_have_been_sent())
    };
    assert_eq!(
        flags(
            429,
            r#"{"error_code":"APIGW.0308","error_msg":"throttled"}"#
        ),
        (true, true)
    );
    assert_eq!(
        flags(500, r#"{"error_code":"LTS.0010","error_msg":"internal"}"#),
        (true, true)
    );
    assert_eq!(
        flags(400, r#"{"error_code":"LTS.0010","error_msg":"internal"}"#),
        (true, true)
    );
    assert_eq!(
        flags(401, r#"{"error_code":"APIGW.0301","error_msg":"x"}"#),
        (false, true)
    );
    assert_eq!(
        flags(400, r#"{"error_code":"LTS.1719","error_msg":"x"}"#),
        (false, true)
    );
    assert_eq!(flags(502, "<html></html>"), (true, true));
}
