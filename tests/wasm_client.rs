//! The real wasm client against the local LTS endpoint, in Node and in headless Chromium
//! (`make test` runs this file in both). The endpoint's URL comes from `LTS_TEST_ENDPOINT`
//! at build time; it runs with CORS on, since in a browser the test page has another origin.
#![cfg(target_arch = "wasm32")]

use js_sys::{Function, Reflect, JSON};
use lts_kafka::wasm::{is_lts_error, validate_register_dms_kafka_instance, LtsClient};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

const ENDPOINT: &str = env!("LTS_TEST_ENDPOINT");
const TOKEN: &str = "wasm-test-token-9876543210fedcba";
const PROJECT: &str = "0123456789abcdef0123456789abcdef";
const SASL_USER: &str = "lts-user";
const SASL_PWD: &str = "kafka-pa55word";

#[wasm_bindgen(module = "/tests/wasm/helpers.js")]
extern "C" {
    #[wasm_bindgen(js_name = faultFor)]
    async fn fault_for(origin: &str, pattern: &str, spec: JsValue) -> JsValue;
    #[wasm_bindgen(js_name = receivedFor)]
    async fn received_for(origin: &str, pattern: &str) -> JsValue;
    #[wasm_bindgen(js_name = abortedSignal)]
    fn aborted_signal(reason: JsValue) -> JsValue;
    #[wasm_bindgen(js_name = signalAbortingAfter)]
    fn signal_aborting_after(ms: u32, reason: JsValue) -> JsValue;
    #[wasm_bindgen(js_name = fetchThatThrows)]
    fn fetch_that_throws() -> JsValue;
    #[wasm_bindgen(js_name = fetchThatRejectsWith)]
    fn fetch_that_rejects_with(value: JsValue) -> JsValue;
    #[wasm_bindgen(js_name = fetchThatResolvesWith)]
    fn fetch_that_resolves_with(value: JsValue) -> JsValue;
    #[wasm_bindgen(js_name = countingFetch)]
    fn counting_fetch() -> JsValue;
    fn stringify(value: &JsValue) -> String;
    #[wasm_bindgen(js_name = objectWithThrowingGetter)]
    fn object_with_throwing_getter() -> JsValue;
    #[wasm_bindgen(js_name = credentialsFunction)]
    fn credentials_function(value: JsValue, asynchronous: bool) -> JsValue;
    #[wasm_bindgen(js_name = throwingCredentialsFunction)]
    fn throwing_credentials_function(asynchronous: bool) -> JsValue;
    fn now() -> f64;
    #[wasm_bindgen(js_name = sleepMs)]
    async fn sleep_ms(ms: u32);
    #[wasm_bindgen(js_name = hostileValues)]
    fn hostile_values() -> js_sys::Array;
    #[wasm_bindgen(js_name = captureConsole)]
    fn capture_console() -> JsValue;
    #[wasm_bindgen(js_name = errorTexts)]
    fn error_texts(e: &JsValue) -> String;
    #[wasm_bindgen(js_name = recordingHook)]
    fn recording_hook() -> JsValue;
}

// AK/SK pairs the endpoint is started with (see .ci/wasm-tests.sh).
const AK: &str = "AKWASMTEST0000000001";
const SK: &str = "sk-wasm-secret-9876543210";
const TEMP_AK: &str = "AKTEMPWASM0000000002";
const TEMP_SK: &str = "sk-temp-secret-9876543210";
const SECURITY_TOKEN: &str = "st-wasm-sts-value-9876543210";
const LOCK_AK: &str = "AKLOCKTEST0000000003";
const LOCK_SK: &str = "sk-lock-secret-9876543210";

fn client_with_credentials(credentials: JsValue) -> LtsClient {
    LtsClient::new(options_with(&[("credentials", credentials)])).expect("valid options")
}

fn json(text: &str) -> JsValue {
    JSON::parse(text).expect("test JSON parses")
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).expect("property readable")
}

fn get_str(value: &JsValue, key: &str) -> Option<String> {
    get(value, key).as_string()
}

/// A fresh instance id per test, so tests never collide on the one-shot registration.
fn instance_id(tag: &str) -> String {
    let n = (js_sys::Math::random() * 1e12) as u64;
    format!("{tag}-{n:012}").chars().take(36).collect()
}

fn origin() -> String {
    // ENDPOINT has no path prefix in these tests.
    ENDPOINT.trim_end_matches('/').to_owned()
}

fn options_with(extra: &[(&str, JsValue)]) -> JsValue {
    let options = json(&format!(
        r#"{{"projectId":"{PROJECT}","endpoint":"{ENDPOINT}","credentials":{{"token":"{TOKEN}"}}}}"#
    ));
    for (k, v) in extra {
        Reflect::set(&options, &JsValue::from_str(k), v).expect("set option");
    }
    options
}

fn client() -> LtsClient {
    LtsClient::new(options_with(&[])).expect("valid options")
}

fn plain_body(id: &str) -> JsValue {
    json(&format!(
        r#"{{"instance_id":"{id}","kafka_name":"kafka-prod","connect_info":{{}}}}"#
    ))
}

async fn register(client: &LtsClient, body: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    JsFuture::from(client.register_dms_kafka_instance(body, options)).await
}

/// What makes a request one of a test's: its instance id starts with the test's tag.
fn tag_match(tag: &str) -> String {
    format!(r#""instance_id":"{tag}-"#)
}

/// The requests the endpoint received whose instance id carries `tag` (see `instance_id`).
async fn received(tag: &str) -> js_sys::Array {
    received_for(&origin(), &tag_match(tag))
        .await
        .unchecked_into()
}

/// Queues faults for the requests whose instance id carries `tag`, so that no other test's
/// request can take them.
async fn fault(tag: &str, spec: &str) {
    fault_for(&origin(), &tag_match(tag), json(spec)).await;
}

fn assert_error(e: &JsValue, name: &str) {
    assert!(
        e.is_instance_of::<js_sys::Error>(),
        "not an Error: {}",
        stringify(e)
    );
    assert!(is_lts_error(e), "isLtsError false for {}", stringify(e));
    assert_eq!(
        get_str(e, "name").as_deref(),
        Some(name),
        "{}",
        stringify(e)
    );
}

#[wasm_bindgen_test]
async fn registers_a_sasl_instance_and_sends_exactly_the_contract() {
    // The endpoint was started with this instance's SASL user (see the Makefile).
    let id = "3f4a92ff-7f65-489f-a36a-fadbaa0000a6";
    let body = json(&format!(
        r#"{{"instance_id":"{id}","kafka_name":"kafka-prod","connect_info":{{"user_name":"{SASL_USER}","pwd":"{SASL_PWD}"}}}}"#
    ));
    let out = register(&client(), body, JsValue::UNDEFINED)
        .await
        .expect("registered");
    assert_eq!(get_str(&out, "instance_id").as_deref(), Some(id));
    let rid = get_str(&out, "requestId").expect("request id");
    assert_eq!(rid.len(), 32);

    // The SASL check comes before the duplicate check, so another test may have sent this id
    // too (with a wrong password): the last request with it is this one.
    let got: js_sys::Array = received_for(&origin(), id).await.unchecked_into();
    let req = got.get(got.length() - 1);
    assert_eq!(get_str(&req, "method").as_deref(), Some("POST"));
    assert_eq!(
        get_str(&req, "path"),
        Some(format!("/v2/{PROJECT}/lts/dms/kafka-instance"))
    );
    let headers = get(&req, "headers");
    assert_eq!(
        get_str(&headers, "content-type").as_deref(),
        Some("application/json;charset=utf8")
    );
    assert_eq!(get_str(&headers, "x-auth-token").as_deref(), Some(TOKEN));
    assert_eq!(
        get_str(&req, "body"),
        Some(format!(
            r#"{{"instance_id":"{id}","kafka_name":"kafka-prod","connect_info":{{"user_name":"{SASL_USER}","pwd":"{SASL_PWD}"}}}}"#
        ))
    );
}

#[wasm_bindgen_test]
async fn invalid_bodies_are_rejected_with_every_issue_and_nothing_is_sent() {
    let body = json(
        r#"{"instance_id":"0123456789012345678901234567890123456","kafka_name":"","kafkaName":"x"}"#,
    );
    let e = register(&client(), body, JsValue::UNDEFINED)
        .await
        .unwrap_err();
    assert_error(&e, "LtsValidationError");
    let issues: js_sys::Array = get(&e, "issues").unchecked_into();
    let paths: Vec<String> = issues
        .iter()
        .map(|i| get_str(&i, "path").unwrap())
        .collect();
    assert_eq!(
        paths,
        ["instance_id", "kafka_name", "connect_info", "kafkaName"]
    );
    assert_eq!(get(&issues.get(0), "limit").as_f64(), Some(36.0));
    assert_eq!(get(&e, "requestMayHaveBeenSent").as_bool(), Some(false));
    assert_eq!(get(&e, "retryable").as_bool(), Some(false));
    let sent: js_sys::Array = received_for(&origin(), "0123456789012345678901234567890123456")
        .await
        .unchecked_into();
    assert_eq!(sent.length(), 0);

    // The synchronous validator agrees and counts UTF-16 units.
    let ok = validate_register_dms_kafka_instance(plain_body(&"😀".repeat(18)));
    assert_eq!(ok.length(), 0);
    let too_long =
        validate_register_dms_kafka_instance(plain_body(&format!("{}a", "😀".repeat(18))));
    assert_eq!(
        get_str(&too_long.get(0), "rule").as_deref(),
        Some("max_length")
    );
}

#[wasm_bindgen_test]
async fn hostile_javascript_values_become_validation_errors_and_the_client_keeps_working() {
    let c = client();
    for body in [
        JsValue::UNDEFINED,
        JsValue::NULL,
        JsValue::from_f64(1.0),
        js_sys::Array::new().into(),
        object_with_throwing_getter(),
        json(r#"{"instance_id":"a","kafka_name":"b","connect_info":{"pwd":null}}"#),
    ] {
        let e = register(&c, body, JsValue::UNDEFINED).await.unwrap_err();
        assert_error(&e, "LtsValidationError");
    }
    let lone_surrogate = JSON::parse(r#""\ud800""#).unwrap();
    let body = plain_body("x");
    Reflect::set(&body, &"kafka_name".into(), &lone_surrogate).unwrap();
    let e = register(&c, body, JsValue::UNDEFINED).await.unwrap_err();
    let issues: js_sys::Array = get(&e, "issues").unchecked_into();
    assert_eq!(
        get_str(&issues.get(0), "rule").as_deref(),
        Some("well_formed")
    );

    let out = register(&c, plain_body(&instance_id("after")), JsValue::UNDEFINED).await;
    assert!(out.is_ok(), "{}", stringify(&out.unwrap_err()));
}

#[wasm_bindgen_test]
async fn wrong_sasl_credentials_are_an_api_error_with_code_status_and_request_id() {
    let body = json(&format!(
        r#"{{"instance_id":"3f4a92ff-7f65-489f-a36a-fadbaa0000a6","kafka_name":"k","connect_info":{{"user_name":"{SASL_USER}","pwd":"not-the-pa55w0rd"}}}}"#
    ));
    let e = register(&client(), body, JsValue::UNDEFINED)
        .await
        .unwrap_err();
    assert_error(&e, "LtsApiError");
    assert_eq!(get_str(&e, "code").as_deref(), Some("LTS.1719"));
    assert_eq!(get(&e, "status").as_f64(), Some(400.0));
    assert_eq!(
        get_str(&e, "message").as_deref(),
        Some("kafka user or password wrong")
    );
    assert_eq!(get_str(&e, "requestId").map(|r| r.len()), Some(32));
    assert_eq!(get(&e, "retryable").as_bool(), Some(false));
    assert_eq!(get(&e, "requestMayHaveBeenSent").as_bool(), Some(true));
    assert_eq!(get(&e, "attempts").as_f64(), Some(1.0));
}

#[wasm_bindgen_test]
async fn a_second_registration_is_refused() {
    let c = client();
    let id = instance_id("dup");
    register(&c, plain_body(&id), JsValue::UNDEFINED)
        .await
        .expect("first");
    let e = register(&c, plain_body(&id), JsValue::UNDEFINED)
        .await
        .unwrap_err();
    assert_error(&e, "LtsApiError");
    assert_eq!(get_str(&e, "code").as_deref(), Some("LTS.1711"));
}

#[wasm_bindgen_test]
async fn a_wrong_token_is_a_401_apigw_0301() {
    let options = options_with(&[]);
    Reflect::set(
        &options,
        &"credentials".into(),
        &json(r#"{"token":"not-a-known-token"}"#),
    )
    .unwrap();
    let c = LtsClient::new(options).unwrap();
    let e = register(&c, plain_body(&instance_id("tok")), JsValue::UNDEFINED)
        .await
        .unwrap_err();
    assert_error(&e, "LtsApiError");
    assert_eq!(get(&e, "status").as_f64(), Some(401.0));
    assert_eq!(get_str(&e, "code").as_deref(), Some("APIGW.0301"));
}

#[wasm_bindgen_test]
async fn gateway_and_server_failures_are_typed_api_errors() {
    let c = client();
    fault("html", r#"{"status":502,"body":"<html><head><title>502 Bad Gateway</title></head></html>","headers":{"content-type":"text/html"}}"#).await;
    let e = register(&c, plain_body(&instance_id("html")), JsValue::UNDEFINED)
        .await
        .unwrap_err();
    assert_error(&e, "LtsApiError");
    assert_eq!(get(&e, "status").as_f64(), Some(502.0));
    assert!(get(&e, "code").is_null());
    assert!(get_str(&e, "message").unwrap().contains("502 Bad Gateway"));
    assert_eq!(get(&e, "retryable").as_bool(), Some(true));

    fault("empty", r#"{"status":500,"body":""}"#).await;
    let e = register(&c, plain_body(&instance_id("empty")), JsValue::UNDEFINED)
        .await
        .unwrap_err();
    assert_eq!(
        get_str(&e, "message").as_deref(),
        Some("HTTP 500 with an empty body")
    );

    fault("noid", r#"{"status":201,"body":{}}"#).await;
    let e = register(&c, plain_body(&instance_id("noid")), JsValue::UNDEFINED)
        .await
        .unwrap_err();
    assert_error(&e, "LtsApiError");
    assert_eq!(get(&e, "status").as_f64(), Some(201.0));

    fault("429", r#"{"status":429,"body":{"error_code":"APIGW.0308","error_msg":"throttled","request_id":"in-body"},"requestId":null}"#).await;
    let e = register(
        &c,
        plain_body(&instance_id("429")),
        json(r#"{"retry":false}"#),
    )
    .await
    .unwrap_err();
    assert_eq!(get_str(&e, "code").as_deref(), Some("APIGW.0308"));
    assert_eq!(get_str(&e, "requestId").as_deref(), Some("in-body"));
    assert_eq!(get(&e, "retryable").as_bool(), Some(true));
}

#[wasm_bindgen_test]
async fn a_reset_connection_and_a_closed_port_are_network_errors() {
    let c = client();
    // Chromium resends a request once by itself when a reused connection is reset before
    // any answer, so the endpoint resets every attempt here.
    fault("reset", r#"[{"reset":true},{"reset":true},{"reset":true}]"#).await;
    let e = register(&c, plain_body(&instance_id("reset")), JsValue::UNDEFINED)
        .await
        .unwrap_err();
    assert_error(&e, "LtsNetworkError");
    assert_eq!(get(&e, "retryable").as_bool(), Some(true));
    assert_eq!(get(&e, "requestMayHaveBeenSent").as_bool(), Some(true));
    assert!(received("reset").await.length() >= 1);

    let options = options_with(&[("endpoint", JsValue::from_str("http://127.0.0.1:9"))]);
    let c = LtsClient::new(options).unwrap();
    let e = register(&c, plain_body(&instance_id("closed")), JsValue::UNDEFINED)
        .await
        .unwrap_err();
    assert_error(&e, "LtsNetworkError");
}

#[wasm_bindgen_test]
async fn aborting_before_and_during_the_call_gives_an_abort_error() {
    let c = client();
    let opts = js_sys::Object::new();
    Reflect::set(&opts, &"signal".into(), &aborted_signal(JsValue::UNDEFINED)).unwrap();
    let e = register(&c, plain_body(&instance_id("pre")), opts.into())
        .await
        .unwrap_err();
    assert_error(&e, "AbortError");
    assert_eq!(get(&e, "requestMayHaveBeenSent").as_bool(), Some(false));
    assert_eq!(received("pre").await.length(), 0);

    // A string reason (not an Error) must not break anything.
    fault(
        "mid",
        r#"{"delayMs":3000,"status":201,"body":{"instance_id":"late"}}"#,
    )
    .await;
    let opts = js_sys::Object::new();
    Reflect::set(
        &opts,
        &"signal".into(),
        &signal_aborting_after(50, JsValue::from_str("user gave up")),
    )
    .unwrap();
    let e = register(&c, plain_body(&instance_id("mid")), opts.into())
        .await
        .unwrap_err();
    assert_error(&e, "AbortError");
    assert_eq!(get(&e, "requestMayHaveBeenSent").as_bool(), Some(true));

    let bad = json(r#"{"signal":"nope"}"#);
    let e = register(&c, plain_body("x"), bad).await.unwrap_err();
    assert_error(&e, "LtsConfigError");
}

#[wasm_bindgen_test]
async fn an_injected_fetch_is_used_and_its_failures_are_typed() {
    let counting = counting_fetch();
    let c = LtsClient::new(options_with(&[("fetch", counting.clone())])).unwrap();
    register(&c, plain_body(&instance_id("inj")), JsValue::UNDEFINED)
        .await
        .expect("ok");
    let calls: js_sys::Array = get(&counting, "calls").unchecked_into();
    assert_eq!(calls.length(), 1);

    for f in [
        fetch_that_throws(),
        fetch_that_rejects_with(JsValue::from_str("a bare string")),
        fetch_that_rejects_with(JsValue::UNDEFINED),
        fetch_that_rejects_with(JsValue::from_f64(42.0)),
        fetch_that_resolves_with(JsValue::NULL),
        fetch_that_resolves_with(json(r#"{"status":"x"}"#)),
    ] {
        let c = LtsClient::new(options_with(&[("fetch", f)])).unwrap();
        let e = register(&c, plain_body(&instance_id("odd")), JsValue::UNDEFINED)
            .await
            .unwrap_err();
        assert_error(&e, "LtsNetworkError");
    }
    let e = LtsClient::new(options_with(&[("fetch", JsValue::from_str("fetch"))]))
        .err()
        .unwrap();
    assert_error(&e, "LtsConfigError");
}

#[wasm_bindgen_test]
fn bad_options_throw_a_config_error_listing_every_problem() {
    let e = LtsClient::new(json(
        r#"{"projectId":"a/b","endpoint":"http://example.com","credentials":{"token":"t\r\nx"}}"#,
    ))
    .err()
    .unwrap();
    assert_error(&e, "LtsConfigError");
    let issues: js_sys::Array = get(&e, "issues").unchecked_into();
    let paths: Vec<String> = issues
        .iter()
        .map(|i| get_str(&i, "path").unwrap())
        .collect();
    assert_eq!(paths, ["projectId", "endpoint", "credentials.token"]);
    for bad in [JsValue::UNDEFINED, JsValue::NULL, JsValue::from_str("x")] {
        assert_error(&LtsClient::new(bad).err().unwrap(), "LtsConfigError");
    }
}

#[wasm_bindgen_test]
async fn secrets_never_appear_in_errors_or_the_preview() {
    let token = "SECRET-TOKEN-abcdefghijklmnop";
    let pwd = "SECRET-PASSWORD-1234";
    let options = options_with(&[]);
    Reflect::set(
        &options,
        &"credentials".into(),
        &json(&format!(r#"{{"token":"{token}"}}"#)),
    )
    .unwrap();
    let c = LtsClient::new(options).unwrap();
    let body = |id: &str| {
        json(&format!(
            r#"{{"instance_id":"{id}","kafka_name":"k","connect_info":{{"user_name":"u","pwd":"{pwd}"}}}}"#
        ))
    };
    let mut texts = Vec::new();
    // A preview.
    let preview = c
        .build_register_dms_kafka_instance_request(
            body("3f4a92ff-7f65-489f-a36a-fadbaa0000a6"),
            JsValue::UNDEFINED,
        )
        .unwrap();
    assert_eq!(
        get_str(&get(&preview, "headers"), "X-Auth-Token").as_deref(),
        Some("***")
    );
    assert!(get_str(&preview, "body")
        .unwrap()
        .contains(r#""pwd":"***""#));
    assert_eq!(
        get_str(&preview, "url"),
        Some(format!("{ENDPOINT}/v2/{PROJECT}/lts/dms/kafka-instance"))
    );
    texts.push(stringify(&preview));
    // An API error (wrong token), a proxy echoing the secrets, a network error, an abort, a
    // validation error and config errors with the secrets in bad places.
    texts.push(stringify(
        &register(&c, body(&instance_id("s1")), JsValue::UNDEFINED)
            .await
            .unwrap_err(),
    ));
    fault(
        "s2",
        &format!(r#"{{"status":502,"body":"upstream saw token {token} and pwd {pwd}"}}"#),
    )
    .await;
    texts.push(stringify(
        &register(&c, body(&instance_id("s2")), JsValue::UNDEFINED)
            .await
            .unwrap_err(),
    ));
    fault("s3", r#"[{"reset":true},{"reset":true},{"reset":true}]"#).await;
    texts.push(stringify(
        &register(&c, body(&instance_id("s3")), JsValue::UNDEFINED)
            .await
            .unwrap_err(),
    ));
    let opts = js_sys::Object::new();
    Reflect::set(&opts, &"signal".into(), &aborted_signal(JsValue::UNDEFINED)).unwrap();
    texts.push(stringify(
        &register(&c, body(&instance_id("s4")), opts.into())
            .await
            .unwrap_err(),
    ));
    let invalid = json(&format!(
        r#"{{"instance_id":"{pwd}{pwd}{pwd}","kafka_name":"{token}","connect_info":{{"user_name":"u","pwd":5,"password":"{pwd}"}}}}"#
    ));
    texts.push(stringify(
        &register(&c, invalid, JsValue::UNDEFINED).await.unwrap_err(),
    ));
    let bad_options = json(&format!(
        r#"{{"projectId":"{token}/x","endpoint":"ftp://{token}","credentials":{{"token":"{token}\n"}}}}"#
    ));
    texts.push(stringify(&LtsClient::new(bad_options).err().unwrap()));
    for text in &texts {
        assert!(!text.contains(token), "token leaked: {text}");
        assert!(!text.contains(pwd), "password leaked: {text}");
    }
}

#[wasm_bindgen_test]
fn is_lts_error_is_false_for_other_values() {
    assert!(!is_lts_error(&js_sys::Error::new("plain").into()));
    assert!(!is_lts_error(&JsValue::NULL));
    assert!(!is_lts_error(&JsValue::from_str("LtsApiError")));
}

#[wasm_bindgen_test]
async fn ak_sk_requests_are_signed_and_verified_by_the_endpoint() {
    let c = client_with_credentials(json(&format!(r#"{{"ak":"{AK}","sk":"{SK}"}}"#)));
    let out = register(&c, plain_body(&instance_id("aksk")), JsValue::UNDEFINED).await;
    assert!(out.is_ok(), "{}", stringify(&out.unwrap_err()));
    let req = received("aksk").await.get(0);
    let headers = get(&req, "headers");
    let auth = get_str(&headers, "authorization").unwrap();
    assert!(auth.starts_with(&format!(
        "SDK-HMAC-SHA256 Access={AK}, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature="
    )), "{auth}");
    assert_eq!(get_str(&headers, "x-project-id").as_deref(), Some(PROJECT));
    assert_eq!(get_str(&headers, "x-sdk-date").map(|d| d.len()), Some(16));
    assert!(get(&headers, "x-auth-token").is_undefined());

    let temp = client_with_credentials(json(&format!(
        r#"{{"ak":"{TEMP_AK}","sk":"{TEMP_SK}","securityToken":"{SECURITY_TOKEN}"}}"#
    )));
    let out = register(&temp, plain_body(&instance_id("temp")), JsValue::UNDEFINED).await;
    assert!(out.is_ok(), "{}", stringify(&out.unwrap_err()));
}

#[wasm_bindgen_test]
async fn a_wrong_sk_is_a_401_apigw_0301_api_error() {
    let c = client_with_credentials(json(&format!(
        r#"{{"ak":"{AK}","sk":"not-the-secret-key"}}"#
    )));
    let e = register(&c, plain_body(&instance_id("badsk")), JsValue::UNDEFINED)
        .await
        .unwrap_err();
    assert_error(&e, "LtsApiError");
    assert_eq!(get(&e, "status").as_f64(), Some(401.0));
    assert_eq!(get_str(&e, "code").as_deref(), Some("APIGW.0301"));
    assert_eq!(get(&e, "retryable").as_bool(), Some(false));
}

#[wasm_bindgen_test]
async fn more_than_five_bad_signatures_lock_the_access_key() {
    let bad = client_with_credentials(json(&format!(
        r#"{{"ak":"{LOCK_AK}","sk":"wrong-secret-key"}}"#
    )));
    for _ in 0..6 {
        register(&bad, plain_body(&instance_id("lock")), JsValue::UNDEFINED)
            .await
            .unwrap_err();
    }
    let good = client_with_credentials(json(&format!(r#"{{"ak":"{LOCK_AK}","sk":"{LOCK_SK}"}}"#)));
    let e = register(
        &good,
        plain_body(&instance_id("locked")),
        JsValue::UNDEFINED,
    )
    .await
    .unwrap_err();
    assert_eq!(get(&e, "status").as_f64(), Some(401.0));
    assert!(get_str(&e, "message").unwrap().contains("locked"));
}

#[wasm_bindgen_test]
async fn a_credentials_function_is_called_for_every_call_sync_or_async() {
    for asynchronous in [false, true] {
        let provider = credentials_function(
            json(&format!(r#"{{"ak":"{AK}","sk":"{SK}"}}"#)),
            asynchronous,
        );
        let c = client_with_credentials(provider.clone());
        for n in 1..=2 {
            let out = register(&c, plain_body(&instance_id("prov")), JsValue::UNDEFINED).await;
            assert!(out.is_ok(), "{}", stringify(&out.unwrap_err()));
            assert_eq!(get(&provider, "calls").as_f64(), Some(f64::from(n)));
        }
    }
    // A token from a function works too.
    let token = credentials_function(json(&format!(r#"{{"token":"{TOKEN}"}}"#)), true);
    let out = register(
        &client_with_credentials(token),
        plain_body(&instance_id("ptok")),
        JsValue::UNDEFINED,
    )
    .await;
    assert!(out.is_ok(), "{}", stringify(&out.unwrap_err()));
}

#[wasm_bindgen_test]
async fn a_failing_or_invalid_credentials_function_is_a_credentials_error_with_its_cause() {
    for asynchronous in [false, true] {
        let c = client_with_credentials(throwing_credentials_function(asynchronous));
        let e = register(&c, plain_body(&instance_id("throw")), JsValue::UNDEFINED)
            .await
            .unwrap_err();
        assert_error(&e, "LtsCredentialsError");
        assert!(get_str(&e, "message")
            .unwrap()
            .contains("vault unreachable"));
        // A throw or a rejection may pass (the store it reads is down for a moment).
        assert_eq!(get(&e, "retryable").as_bool(), Some(true));
        let cause = get(&e, "cause");
        assert!(cause.is_instance_of::<js_sys::Error>());
        assert_eq!(
            get_str(&cause, "message").as_deref(),
            Some("vault unreachable")
        );
    }
    for junk in [
        JsValue::NULL,
        json(r#"{"ak":"A"}"#),
        json(r#"{"token":"t","ak":"A","sk":"S"}"#),
        JsValue::from_f64(3.0),
    ] {
        let c = client_with_credentials(credentials_function(junk, false));
        let e = register(&c, plain_body(&instance_id("junk")), JsValue::UNDEFINED)
            .await
            .unwrap_err();
        assert_error(&e, "LtsCredentialsError");
        assert_eq!(get(&e, "retryable").as_bool(), Some(false));
        assert_eq!(get(&e, "requestMayHaveBeenSent").as_bool(), Some(false));
    }
    assert_eq!(received("junk").await.length(), 0);
    assert_eq!(received("throw").await.length(), 0);
}

#[wasm_bindgen_test]
fn the_signed_preview_hides_the_signature_the_sk_and_the_security_token() {
    let c = client_with_credentials(json(&format!(
        r#"{{"ak":"{TEMP_AK}","sk":"{TEMP_SK}","securityToken":"{SECURITY_TOKEN}"}}"#
    )));
    let preview = c
        .build_register_dms_kafka_instance_request(plain_body("p"), JsValue::UNDEFINED)
        .unwrap();
    let headers = get(&preview, "headers");
    let auth = get_str(&headers, "Authorization").unwrap();
    assert!(auth.ends_with("Signature=***"), "{auth}");
    assert!(auth.contains(TEMP_AK));
    assert_eq!(
        get_str(&headers, "X-Security-Token").as_deref(),
        Some("***")
    );
    let text = stringify(&preview);
    assert!(
        !text.contains(TEMP_SK) && !text.contains(SECURITY_TOKEN),
        "{text}"
    );
    // A synchronous credentials function can be previewed; an async one cannot.
    let sync = client_with_credentials(credentials_function(
        json(&format!(r#"{{"ak":"{AK}","sk":"{SK}"}}"#)),
        false,
    ));
    assert!(sync
        .build_register_dms_kafka_instance_request(plain_body("p"), JsValue::UNDEFINED)
        .is_ok());
    let asynchronous = client_with_credentials(credentials_function(
        json(&format!(r#"{{"ak":"{AK}","sk":"{SK}"}}"#)),
        true,
    ));
    let e = asynchronous
        .build_register_dms_kafka_instance_request(plain_body("p"), JsValue::UNDEFINED)
        .unwrap_err();
    assert_error(&e, "LtsConfigError");
}

fn call_options(text: &str) -> JsValue {
    json(text)
}

fn with_signal(options: &JsValue, signal: JsValue) -> JsValue {
    Reflect::set(options, &"signal".into(), &signal).unwrap();
    options.clone()
}

#[wasm_bindgen_test]
async fn throttling_and_503_are_retried_until_an_answer_proves_success() {
    let c = client();
    fault("retry", r#"[{"status":429,"headers":{"retry-after":"0"},"body":{"error_code":"APIGW.0308","error_msg":"throttled"}},{"status":503,"body":""}]"#).await;
    let fast = call_options(r#"{"retry":{"baseDelayMs":10}}"#);
    let out = register(&c, plain_body(&instance_id("retry")), fast).await;
    assert!(out.is_ok(), "{}", stringify(&out.unwrap_err()));
    assert_eq!(received("retry").await.length(), 3, "429, 503, then 201");

    // maxAttempts bounds it: three 503s give the third one's error, with attempts 3.
    fault(
        "exhaust",
        r#"[{"status":503,"body":""},{"status":503,"body":""},{"status":503,"body":""}]"#,
    )
    .await;
    let e = register(
        &c,
        plain_body(&instance_id("exhaust")),
        call_options(r#"{"retry":{"baseDelayMs":5}}"#),
    )
    .await
    .unwrap_err();
    assert_error(&e, "LtsApiError");
    assert_eq!(get(&e, "status").as_f64(), Some(503.0));
    assert_eq!(get(&e, "attempts").as_f64(), Some(3.0));
    assert_eq!(received("exhaust").await.length(), 3);
}

#[wasm_bindgen_test]
async fn unsafe_outcomes_retry_only_with_retry_unsafe_and_401_never() {
    let c = client();
    fault("500", r#"{"status":500,"body":{"error_code":"LTS.0010","error_msg":"The system encountered an internal error"}}"#).await;
    let e = register(&c, plain_body(&instance_id("500")), JsValue::UNDEFINED)
        .await
        .unwrap_err();
    assert_eq!(get(&e, "attempts").as_f64(), Some(1.0));
    assert_eq!(received("500").await.length(), 1);

    fault(
        "500u",
        r#"{"status":500,"body":{"error_code":"LTS.0010","error_msg":"internal"}}"#,
    )
    .await;
    let unsafe_ = r#"{"retry":{"retryUnsafe":true,"baseDelayMs":5}}"#;
    let out = register(&c, plain_body(&instance_id("500u")), call_options(unsafe_)).await;
    assert!(out.is_ok(), "{}", stringify(&out.unwrap_err()));
    assert_eq!(received("500u").await.length(), 2);

    let bad = client_with_credentials(json(r#"{"token":"not-a-known-token"}"#));
    let e = register(&bad, plain_body(&instance_id("401")), call_options(unsafe_))
        .await
        .unwrap_err();
    assert_eq!(get(&e, "status").as_f64(), Some(401.0));
    assert_eq!(get(&e, "attempts").as_f64(), Some(1.0));
    assert_eq!(received("401").await.length(), 1, "a 401 is never retried");
}

#[wasm_bindgen_test]
async fn an_attempt_timeout_is_a_timeout_error_and_is_not_retried_by_default() {
    let c = client();
    fault(
        "slow",
        r#"{"delayMs":2000,"status":201,"body":{"instance_id":"late"}}"#,
    )
    .await;
    let started = now();
    let e = register(
        &c,
        plain_body(&instance_id("slow")),
        call_options(r#"{"timeoutMs":150}"#),
    )
    .await
    .unwrap_err();
    let took = now() - started;
    assert_error(&e, "TimeoutError");
    assert!(took < 1500.0, "took {took} ms");
    assert_eq!(get(&e, "requestMayHaveBeenSent").as_bool(), Some(true));
    assert_eq!(get(&e, "attempts").as_f64(), Some(1.0));
    assert!(get_str(&e, "message").unwrap().contains("150 ms"));
    assert_eq!(received("slow").await.length(), 1);
}

#[wasm_bindgen_test]
async fn the_deadline_bounds_the_whole_call_with_retries() {
    let c = client();
    fault("deadline", r#"[{"delayMs":3000,"status":500,"body":""},{"delayMs":3000,"status":500,"body":""},{"delayMs":3000,"status":500,"body":""}]"#).await;
    let started = now();
    let options = call_options(
        r#"{"timeoutMs":200,"deadlineMs":500,"retry":{"retryUnsafe":true,"baseDelayMs":1}}"#,
    );
    let e = register(&c, plain_body(&instance_id("deadline")), options)
        .await
        .unwrap_err();
    let took = now() - started;
    assert_error(&e, "TimeoutError");
    assert!(
        get_str(&e, "message").unwrap().contains("deadlineMs"),
        "{}",
        stringify(&e)
    );
    assert!((450.0..1500.0).contains(&took), "took {took} ms");
}

#[wasm_bindgen_test]
async fn an_abort_during_the_wait_between_attempts_ends_the_call_at_once() {
    let c = client();
    fault("waitabort", r#"{"status":429,"headers":{"retry-after":"10"},"body":{"error_code":"APIGW.0308","error_msg":"throttled"}}"#).await;
    let options = with_signal(
        &js_sys::Object::new().into(),
        signal_aborting_after(150, JsValue::UNDEFINED),
    );
    let started = now();
    let e = register(&c, plain_body(&instance_id("waitabort")), options)
        .await
        .unwrap_err();
    let took = now() - started;
    assert_error(&e, "AbortError");
    assert!(took < 2000.0, "took {took} ms");
    assert_eq!(received("waitabort").await.length(), 1);
}

#[wasm_bindgen_test]
async fn a_retry_after_longer_than_max_delay_is_not_waited_for() {
    fault("longra", r#"{"status":429,"headers":{"retry-after":"3600"},"body":{"error_code":"APIGW.0308","error_msg":"throttled"}}"#).await;
    let started = now();
    let e = register(
        &client(),
        plain_body(&instance_id("longra")),
        JsValue::UNDEFINED,
    )
    .await
    .unwrap_err();
    assert!(now() - started < 1000.0);
    assert_eq!(get_str(&e, "code").as_deref(), Some("APIGW.0308"));
    assert_eq!(get(&e, "attempts").as_f64(), Some(1.0));
}

#[wasm_bindgen_test]
async fn a_lost_answer_retried_unsafely_says_the_first_attempt_probably_registered() {
    fault(
        "lost",
        r#"[{"afterProcessing":true},{"afterProcessing":true},{"afterProcessing":true}]"#,
    )
    .await;
    let id = instance_id("lost");
    let options = call_options(r#"{"retry":{"retryUnsafe":true,"baseDelayMs":5,"maxAttempts":2}}"#);
    let e = register(&client(), plain_body(&id), options)
        .await
        .unwrap_err();
    // Chromium may resend a reset request by itself once; either way the last answer that
    // arrived says the instance exists.
    if get_str(&e, "name").as_deref() == Some("LtsApiError") {
        let message = get_str(&e, "message").unwrap();
        assert_eq!(get_str(&e, "code").as_deref(), Some("LTS.1711"));
        assert!(
            message.contains("an earlier attempt probably registered it"),
            "{message}"
        );
    } else {
        assert_error(&e, "LtsNetworkError");
    }
}

#[wasm_bindgen_test]
async fn an_answer_body_over_one_mib_is_not_read_whole() {
    fault(
        "big",
        r#"{"status":502,"bodyBytes":2097152,"headers":{"content-type":"text/plain"}}"#,
    )
    .await;
    let e = register(
        &client(),
        plain_body(&instance_id("big")),
        JsValue::UNDEFINED,
    )
    .await
    .unwrap_err();
    assert_error(&e, "LtsApiError");
    assert!(
        get_str(&e, "message")
            .unwrap()
            .contains("larger than 1024 KiB"),
        "{}",
        stringify(&e)
    );
    // Without a Content-Length (chunked), the stream is cut at the bound too.
    fault(
        "bigc",
        r#"{"status":502,"bodyBytes":2097152,"chunked":true}"#,
    )
    .await;
    let e = register(
        &client(),
        plain_body(&instance_id("bigc")),
        JsValue::UNDEFINED,
    )
    .await
    .unwrap_err();
    assert!(get_str(&e, "message")
        .unwrap()
        .contains("larger than 1024 KiB"));
}

#[wasm_bindgen_test]
async fn every_hostile_value_is_a_typed_error_and_the_client_keeps_working() {
    let counting = counting_fetch();
    let c = LtsClient::new(options_with(&[("fetch", counting.clone())])).unwrap();
    for entry in hostile_values().iter() {
        let entry: js_sys::Array = entry.unchecked_into();
        let name = entry.get(0).as_string().unwrap();
        let value = entry.get(1);
        // As the body: a validation error naming the field or the whole argument.
        let e = register(&c, value.clone(), JsValue::UNDEFINED)
            .await
            .unwrap_err();
        assert_error(&e, "LtsValidationError");
        let issues: js_sys::Array = get(&e, "issues").unchecked_into();
        assert!(issues.length() >= 1, "{name}");
        // The synchronous helpers agree, and the preview throws the same kind of error.
        let _ = validate_register_dms_kafka_instance(value.clone());
        assert_error(
            &c.build_register_dms_kafka_instance_request(value.clone(), JsValue::UNDEFINED)
                .unwrap_err(),
            "LtsValidationError",
        );
        // As client options and as call options: a config error.
        assert_error(
            &LtsClient::new(value.clone()).err().unwrap(),
            "LtsConfigError",
        );
        if !value.is_undefined() && !value.is_null() {
            let e = register(&c, plain_body("x"), value.clone())
                .await
                .unwrap_err();
            assert_error(&e, "LtsConfigError");
        }
    }
    let calls: js_sys::Array = get(&counting, "calls").unchecked_into();
    assert_eq!(calls.length(), 0, "nothing hostile reached the network");
    let out = register(
        &c,
        plain_body(&instance_id("after-hostile")),
        JsValue::UNDEFINED,
    )
    .await;
    assert!(out.is_ok(), "{}", stringify(&out.unwrap_err()));
}

#[wasm_bindgen_test]
async fn secret_markers_appear_in_no_error_preview_or_console_output() {
    const TOKEN_MARK: &str = "CANARYTOKEN0123456789";
    const SK_MARK: &str = "CANARYSECRETKEY0123456789";
    const ST_MARK: &str = "CANARYSECURITYTOKEN0123456789";
    const PWD_MARK: &str = "CANARYPASSWORD0123456789";
    let console = capture_console();
    let body = |id: &str| {
        json(&format!(
            r#"{{"instance_id":"{id}","kafka_name":"k","connect_info":{{"user_name":"u","pwd":"{PWD_MARK}"}}}}"#
        ))
    };
    // Every attempt's record reaches this hook: none may carry a secret either.
    let hook = recording_hook();
    let with_hook = |credentials: JsValue| {
        LtsClient::new(options_with(&[
            ("credentials", credentials),
            ("onAttempt", hook.clone()),
        ]))
        .expect("valid options")
    };
    let token_client = with_hook(json(&format!(r#"{{"token":"{TOKEN_MARK}"}}"#)));
    let key_client = with_hook(json(&format!(
        r#"{{"ak":"{TEMP_AK}","sk":"{SK_MARK}","securityToken":"{ST_MARK}"}}"#
    )));
    let mut texts = Vec::new();
    for (n, (c, echoed)) in [
        (&token_client, format!("{TOKEN_MARK} {PWD_MARK}")),
        (&key_client, format!("{ST_MARK} {PWD_MARK}")),
    ]
    .into_iter()
    .enumerate()
    {
        texts.push(stringify(
            &c.build_register_dms_kafka_instance_request(body("p"), JsValue::UNDEFINED)
                .unwrap(),
        ));
        // API errors (wrong credentials), an echoing proxy, a network error, a timeout, an
        // abort and a validation error.
        texts.push(error_texts(
            &register(c, body(&instance_id("c1")), JsValue::UNDEFINED)
                .await
                .unwrap_err(),
        ));
        // A proxy echoing what the client sent.
        fault("c2", &format!(r#"{{"status":502,"body":"echo {echoed}"}}"#)).await;
        texts.push(error_texts(
            &register(c, body(&instance_id("c2")), JsValue::UNDEFINED)
                .await
                .unwrap_err(),
        ));
        fault("c3", r#"[{"reset":true},{"reset":true},{"reset":true}]"#).await;
        texts.push(error_texts(
            &register(c, body(&instance_id("c3")), JsValue::UNDEFINED)
                .await
                .unwrap_err(),
        ));
        fault("c4", r#"{"delayMs":1000,"status":201,"body":{}}"#).await;
        texts.push(error_texts(
            &register(
                c,
                body(&instance_id("c4")),
                call_options(r#"{"timeoutMs":50}"#),
            )
            .await
            .unwrap_err(),
        ));
        let aborted = with_signal(
            &js_sys::Object::new().into(),
            aborted_signal(JsValue::from_str("stop")),
        );
        texts.push(error_texts(
            &register(c, body(&instance_id("c5")), aborted)
                .await
                .unwrap_err(),
        ));
        let invalid = json(&format!(
            r#"{{"instance_id":"{PWD_MARK}{PWD_MARK}","kafka_name":"{TOKEN_MARK}\n","connect_info":{{"pwd":"{PWD_MARK}","password":"{SK_MARK}"}}}}"#
        ));
        texts.push(error_texts(
            &register(c, invalid, JsValue::UNDEFINED).await.unwrap_err(),
        ));

        // The transfer calls: their previews, API errors (wrong credentials), a proxy echoing
        // the credential to a list (retried), and an onboarding whose registration carries the
        // password and fails (its error says what was done).
        let stream = format!("6f0c1a2b-3c4d-4e5f-8a6b-7c8d9e0f1c0{n}");
        let transfer = dms_transfer(ROUND_GROUP, &[&stream], "canary-kafka", "canary-logs");
        let id = r#"{"log_transfer_id":"6f0c1a2b-3c4d-4e5f-8a6b-7c8d9e0f1d00"}"#;
        let update = json(
            r#"{"log_transfer_id":"6f0c1a2b-3c4d-4e5f-8a6b-7c8d9e0f1d00","log_transfer_info":{"log_storage_format":"RAW","log_transfer_status":"DISABLE","log_transfer_detail":{"kafka_id":"canary-kafka","kafka_topic":"canary-logs"}}}"#,
        );
        let list = json(&format!(r#"{{"log_group_name":"canary-{n}"}}"#));
        texts.push(stringify(
            &c.build_create_transfer_request(transfer.clone(), JsValue::UNDEFINED)
                .unwrap(),
        ));
        texts.push(stringify(
            &c.build_list_transfers_request(list.clone(), JsValue::UNDEFINED)
                .unwrap(),
        ));
        texts.push(stringify(
            &c.build_update_transfer_request(update.clone(), JsValue::UNDEFINED)
                .unwrap(),
        ));
        texts.push(stringify(
            &c.build_delete_transfer_request(json(id), JsValue::UNDEFINED)
                .unwrap(),
        ));
        // One after the other: a promise rejected before anyone awaits it is unhandled.
        let create = settle(c.create_transfer(transfer, JsValue::UNDEFINED)).await;
        texts.push(error_texts(&create.unwrap_err()));
        let update = settle(c.update_transfer(update, JsValue::UNDEFINED)).await;
        texts.push(error_texts(&update.unwrap_err()));
        let delete = settle(c.delete_transfer(json(id), JsValue::UNDEFINED)).await;
        texts.push(error_texts(&delete.unwrap_err()));
        // (A list sends no password, so the echo holds the credential alone: a password the
        // client never had in hand is the proxy's text, not a leak.)
        let credential = echoed.split(' ').next().unwrap_or_default();
        let echo = format!(r#"{{"status":502,"body":"echo {credential}"}}"#);
        fault_for(
            &origin(),
            &format!("log_group_name=canary-{n}"),
            json(&format!("[{echo},{echo},{echo},{echo}]")),
        )
        .await;
        texts.push(error_texts(
            &settle(c.list_transfers(list, JsValue::UNDEFINED))
                .await
                .unwrap_err(),
        ));
        let onboarding = json(&format!(
            r#"{{"instance":{{"instance_id":"{}","kafka_name":"k","connect_info":{{"user_name":"u","pwd":"{PWD_MARK}"}}}},"log_group_id":"{ROUND_GROUP}","log_streams":[{{"log_stream_id":"{stream}"}}],"kafka_topic":"canary-logs"}}"#,
            instance_id("c7")
        ));
        let e = settle(c.ensure_kafka_transfer(onboarding, JsValue::UNDEFINED))
            .await
            .unwrap_err();
        assert_eq!(get_str(&e, "step").as_deref(), Some("register"));
        texts.push(error_texts(&e));
    }
    // Config errors with the markers in wrong places.
    for bad in [
        format!(
            r#"{{"projectId":"{TOKEN_MARK}/","region":"cn-north-4","credentials":{{"token":"{TOKEN_MARK}\r\n"}}}}"#
        ),
        format!(
            r#"{{"projectId":"p","region":"cn-north-4","credentials":{{"ak":"A","sk":"{SK_MARK} ","securityToken":"{ST_MARK}\n"}}}}"#
        ),
        format!(
            r#"{{"projectId":"p","region":"cn-north-4","credentials":{{"token":"{TOKEN_MARK}","sk":"{SK_MARK}"}}}}"#
        ),
        format!(
            r#"{{"projectId":"p","endpoint":"http://{TOKEN_MARK}.example.com","credentials":{{"token":"{TOKEN_MARK}"}}}}"#
        ),
    ] {
        texts.push(error_texts(&LtsClient::new(json(&bad)).err().unwrap()));
    }
    let provider = credentials_function(json(&format!(r#"{{"ak":"A","sk":"{SK_MARK}\n"}}"#)), true);
    texts.push(error_texts(
        &register(
            &client_with_credentials(provider),
            body(&instance_id("c6")),
            JsValue::UNDEFINED,
        )
        .await
        .unwrap_err(),
    ));
    let logged = Reflect::get(&console, &"stop".into())
        .unwrap()
        .unchecked_into::<Function>()
        .call0(&console)
        .unwrap()
        .as_string()
        .unwrap_or_default();
    texts.push(logged);
    let records: js_sys::Array = get(&hook, "records").unchecked_into();
    // One record for every request sent: a call aborted before sending makes none.
    assert!(records.length() >= 22, "{} records", records.length());
    texts.push(stringify(&records));
    for text in &texts {
        for mark in [TOKEN_MARK, SK_MARK, ST_MARK, PWD_MARK] {
            assert!(!text.contains(mark), "{mark} leaked: {text}");
        }
    }
}

#[wasm_bindgen_test]
fn the_preview_shows_secrets_only_when_asked() {
    let c = client_with_credentials(json(&format!(
        r#"{{"ak":"{TEMP_AK}","sk":"{TEMP_SK}","securityToken":"{SECURITY_TOKEN}"}}"#
    )));
    let body = json(&format!(
        r#"{{"instance_id":"p","kafka_name":"k","connect_info":{{"user_name":"u","pwd":"{SASL_PWD}"}}}}"#
    ));
    let shown = c
        .build_register_dms_kafka_instance_request(body.clone(), json(r#"{"revealSecrets":true}"#))
        .unwrap();
    let headers = get(&shown, "headers");
    assert_eq!(
        get_str(&headers, "X-Security-Token").as_deref(),
        Some(SECURITY_TOKEN)
    );
    assert!(!get_str(&headers, "Authorization")
        .unwrap()
        .ends_with("Signature=***"));
    assert!(get_str(&shown, "body").unwrap().contains(SASL_PWD));
    assert!(
        !stringify(&shown).contains(TEMP_SK),
        "the SK is never sent, so never shown"
    );
    let hidden = c
        .build_register_dms_kafka_instance_request(body.clone(), json(r#"{"revealSecrets":false}"#))
        .unwrap();
    assert!(!stringify(&hidden).contains(SASL_PWD));
    let e = c
        .build_register_dms_kafka_instance_request(body, json(r#"{"reveal":"yes"}"#))
        .unwrap_err();
    assert_error(&e, "LtsConfigError");
}

// The log groups the endpoint is started with (see .ci/wasm-tests.sh).
const ROUND_GROUP: &str = "6f0c1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a01";
const ROUND_STREAM: &str = "6f0c1a2b-3c4d-4e5f-8a6b-7c8d9e0f1b01";
const ENSURE_GROUP: &str = "6f0c1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a02";
const ENSURE_STREAMS: [&str; 2] = [
    "6f0c1a2b-3c4d-4e5f-8a6b-7c8d9e0f1b02",
    "6f0c1a2b-3c4d-4e5f-8a6b-7c8d9e0f1b03",
];

fn signed_client() -> LtsClient {
    client_with_credentials(json(&format!(r#"{{"ak":"{AK}","sk":"{SK}"}}"#)))
}

fn dms_transfer(group: &str, streams: &[&str], kafka_id: &str, topic: &str) -> JsValue {
    let streams: Vec<String> = streams
        .iter()
        .map(|s| format!(r#"{{"log_stream_id":"{s}"}}"#))
        .collect();
    json(&format!(
        r#"{{"log_group_id":"{group}","log_streams":[{}],"log_transfer_info":{{"log_transfer_type":"DMS","log_transfer_mode":"realTime","log_storage_format":"RAW","log_transfer_status":"ENABLE","log_transfer_detail":{{"kafka_id":"{kafka_id}","kafka_topic":"{topic}"}}}}}}"#,
        streams.join(",")
    ))
}

async fn settle(promise: js_sys::Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(promise).await
}

fn path_of(value: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(value.clone(), |v, k| get(&v, k))
}

/// The one request the endpoint received that carries `marker`, with its method.
async fn only_request(marker: &str, method: &str) -> JsValue {
    let got: js_sys::Array = received_for(&origin(), marker).await.unchecked_into();
    let mine: Vec<JsValue> = got
        .iter()
        .filter(|r| get_str(r, "method").as_deref() == Some(method))
        .collect();
    assert_eq!(
        mine.len(),
        1,
        "{method} requests with {marker}: {}",
        stringify(&got)
    );
    mine[0].clone()
}

#[wasm_bindgen_test]
async fn a_transfer_is_created_listed_updated_and_deleted_with_each_wire_shape() {
    let c = client();
    let signed = signed_client();
    let kafka_id = instance_id("xfer");
    register(&c, plain_body(&kafka_id), JsValue::UNDEFINED)
        .await
        .expect("registered");

    // Create, with the token: the transfer object as the service sent it, and the request id.
    let body = dms_transfer(ROUND_GROUP, &[ROUND_STREAM], &kafka_id, "wasm-logs");
    let created = settle(c.create_transfer(body, JsValue::UNDEFINED))
        .await
        .unwrap_or_else(|e| panic!("created: {}", stringify(&e)));
    let id = get_str(&created, "log_transfer_id").expect("a transfer id");
    assert_eq!(id.len(), 36);
    assert_eq!(get_str(&created, "requestId").map(|r| r.len()), Some(32));
    let info = get(&created, "log_transfer_info");
    assert_eq!(
        get_str(&info, "log_transfer_status").as_deref(),
        Some("ENABLE")
    );
    assert!(get(&info, "log_agency_transfer").is_null());
    assert!(get(&info, "log_create_time").as_f64().unwrap() > 2f64.powi(31));
    assert_eq!(
        get_str(&get(&info, "log_transfer_detail"), "kafka_id").as_deref(),
        Some(kafka_id.as_str())
    );
    let post = only_request(ROUND_STREAM, "POST").await;
    assert_eq!(
        get_str(&post, "path"),
        Some(format!("/v2/{PROJECT}/transfers"))
    );
    assert_eq!(
        get_str(&get(&post, "headers"), "content-type").as_deref(),
        Some("application/json;charset=utf8")
    );

    // List, signed, with a filter: a GET with its query signed and no body.
    let query = json(r#"{"log_group_name":"wasm-round","log_transfer_type":"DMS"}"#);
    let listed = settle(signed.list_transfers(query, JsValue::UNDEFINED))
        .await
        .unwrap_or_else(|e| panic!("listed: {}", stringify(&e)));
    let transfers: js_sys::Array = get(&listed, "log_transfers").unchecked_into();
    assert_eq!(transfers.length(), 1, "{}", stringify(&listed));
    assert_eq!(
        get_str(&transfers.get(0), "log_transfer_id"),
        Some(id.clone())
    );
    let get_req = only_request("log_group_name=wasm-round", "GET").await;
    assert_eq!(
        get_str(&get_req, "path"),
        Some(format!(
            "/v2/{PROJECT}/transfers?log_group_name=wasm-round&log_transfer_type=DMS"
        ))
    );
    assert_eq!(get_str(&get_req, "body").as_deref(), Some(""));
    let headers = get(&get_req, "headers");
    assert_eq!(
        get_str(&headers, "content-type").as_deref(),
        Some("application/json")
    );
    assert!(get_str(&headers, "authorization")
        .unwrap()
        .starts_with(&format!("SDK-HMAC-SHA256 Access={AK}, ")));

    // Update, signed: disabled.
    let update = json(&format!(
        r#"{{"log_transfer_id":"{id}","log_transfer_info":{{"log_storage_format":"RAW","log_transfer_status":"DISABLE","log_transfer_detail":{{"kafka_id":"{kafka_id}","kafka_topic":"wasm-logs"}}}}}}"#
    ));
    let updated = settle(signed.update_transfer(update, JsValue::UNDEFINED))
        .await
        .unwrap_or_else(|e| panic!("updated: {}", stringify(&e)));
    assert_eq!(
        get_str(
            &path_of(&updated, &["log_transfer_info"]),
            "log_transfer_status"
        )
        .as_deref(),
        Some("DISABLE")
    );
    let put = only_request(&id, "PUT").await;
    assert_eq!(
        get_str(&get(&put, "headers"), "content-type").as_deref(),
        Some("application/json;charset=utf8")
    );

    // Delete, signed: the deleted transfer; a second delete is the service's LTS.0009.
    let target = json(&format!(r#"{{"log_transfer_id":"{id}"}}"#));
    let deleted = settle(signed.delete_transfer(target.clone(), JsValue::UNDEFINED))
        .await
        .unwrap_or_else(|e| panic!("deleted: {}", stringify(&e)));
    assert_eq!(get_str(&deleted, "log_transfer_id"), Some(id.clone()));
    let delete = only_request(&id, "DELETE").await;
    assert_eq!(
        get_str(&delete, "path"),
        Some(format!("/v2/{PROJECT}/transfers?log_transfer_id={id}"))
    );
    assert_eq!(get_str(&delete, "body").as_deref(), Some(""));
    let e = settle(c.delete_transfer(target, JsValue::UNDEFINED))
        .await
        .unwrap_err();
    assert_error(&e, "LtsApiError");
    assert_eq!(get_str(&e, "code").as_deref(), Some("LTS.0009"));
    assert_eq!(get(&e, "status").as_f64(), Some(400.0));
}

#[wasm_bindgen_test]
async fn ensure_kafka_transfer_registers_delivers_and_is_safe_to_run_again() {
    let kafka_id = instance_id("ensure");
    let streams: Vec<String> = ENSURE_STREAMS
        .iter()
        .map(|s| format!(r#"{{"log_stream_id":"{s}"}}"#))
        .collect();
    let input = || {
        json(&format!(
            r#"{{"instance":{{"instance_id":"{kafka_id}","kafka_name":"kafka-prod","connect_info":{{}}}},"log_group_id":"{ENSURE_GROUP}","log_streams":[{}],"kafka_topic":"ensure-logs"}}"#,
            streams.join(",")
        ))
    };
    let c = signed_client();
    let first = settle(c.ensure_kafka_transfer(input(), JsValue::UNDEFINED))
        .await
        .unwrap_or_else(|e| panic!("first: {}", stringify(&e)));
    assert_eq!(
        get_str(&first, "registration").as_deref(),
        Some("registered")
    );
    assert_eq!(get(&first, "complete").as_bool(), Some(true));
    let outcomes = |report: &JsValue| -> Vec<(String, String)> {
        js_sys::Array::from(&get(report, "streams"))
            .iter()
            .map(|s| {
                (
                    get_str(&s, "outcome").unwrap_or_default(),
                    get_str(&s, "log_transfer_id").unwrap_or_default(),
                )
            })
            .collect()
    };
    let created = outcomes(&first);
    assert_eq!(created.len(), 2, "{}", stringify(&first));
    assert!(created.iter().all(|(o, _)| o == "created"), "{created:?}");
    assert_eq!(created[0].1, created[1].1, "one transfer for both streams");

    let again = settle(c.ensure_kafka_transfer(input(), JsValue::UNDEFINED))
        .await
        .unwrap_or_else(|e| panic!("again: {}", stringify(&e)));
    assert_eq!(
        get_str(&again, "registration").as_deref(),
        Some("already_registered")
    );
    assert_eq!(get(&again, "complete").as_bool(), Some(true));
    let delivered = outcomes(&again);
    assert!(
        delivered
            .iter()
            .all(|(o, t)| o == "already_delivered" && *t == created[0].1),
        "{delivered:?}"
    );
    assert!(get(&get(&again, "requestIds"), "create").is_null());
    // The second run created nothing: one POST to /transfers carries these streams.
    let posts: js_sys::Array = received_for(&origin(), ENSURE_STREAMS[0])
        .await
        .unchecked_into();
    assert_eq!(posts.length(), 1, "{}", stringify(&posts));
}

#[wasm_bindgen_test]
async fn transfer_bodies_that_break_the_rules_are_rejected_and_nothing_is_sent() {
    let marker = "6f0c1a2b-3c4d-4e5f-8a6b-7c8d9e0f1bff";
    let body = json(&format!(
        r#"{{"log_group_id":"{ROUND_GROUP}","log_streams":[{{"log_stream_id":"{marker}"}},{{"log_stream_id":"{marker}"}}],"log_transfer_info":{{"log_transfer_type":"OBS","log_transfer_mode":"cycle","log_storage_format":"RAW","log_transfer_status":"ENABLE","log_transfer_detail":{{"kafka_id":"k","kafka_topic":"9-topic"}},"log_transfer_sttaus":"x"}}}}"#
    ));
    let sync = lts_kafka::wasm::validate_create_transfer_js(body.clone());
    let paths: Vec<(String, String)> = sync
        .iter()
        .map(|i| (get_str(&i, "path").unwrap(), get_str(&i, "rule").unwrap()))
        .collect();
    for expected in [
        ("log_streams[1].log_stream_id", "duplicate"),
        ("log_transfer_info.log_transfer_type", "one_of"),
        (
            "log_transfer_info.log_transfer_detail.kafka_topic",
            "format",
        ),
        ("log_transfer_info.log_transfer_sttaus", "unknown_field"),
    ] {
        assert!(
            paths
                .iter()
                .any(|(p, r)| p == expected.0 && r == expected.1),
            "{expected:?} not in {paths:?}"
        );
    }
    let e = settle(client().create_transfer(body, JsValue::UNDEFINED))
        .await
        .unwrap_err();
    assert_error(&e, "LtsValidationError");
    assert_eq!(get(&e, "requestMayHaveBeenSent").as_bool(), Some(false));
    assert!(
        get_str(&e, "message").unwrap().contains("DMS"),
        "{}",
        stringify(&e)
    );
    let got: js_sys::Array = received_for(&origin(), marker).await.unchecked_into();
    assert_eq!(got.length(), 0);
}
