//! Validation (and client options) from arbitrary JSON, and from arbitrary descriptions of a
//! JavaScript value (the text input.js writes): the registration, the four transfer operations
//! and the onboarding. Never a panic, and a valid body always serialises back to JSON with the
//! same ids.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lts_kafka::pipeline::settings::CallOptions;
use lts_kafka::services::lts::transfers::create::validate_create_transfer;
use lts_kafka::services::lts::transfers::delete::validate_delete_transfer;
use lts_kafka::services::lts::transfers::list::validate_list_query;
use lts_kafka::services::lts::transfers::update::validate_update_transfer;
use lts_kafka::workflows::onboarding::validate_ensure_input;
use lts_kafka::{validate_register_request, ClientConfig, Input, LtsError};

/// An error of these issues lists at most 50 of them, the last saying how many more.
fn check_listed(issues: Vec<lts_kafka::ValidationIssue>) {
    let total = issues.len();
    if total <= 50 {
        return;
    }
    let json = LtsError::Validation { issues }.to_json(0);
    let error: serde_json::Value = serde_json::from_str(&json).expect("the error is JSON");
    let listed = error["props"]["issues"].as_array().map_or(0, Vec::len);
    assert!(
        listed <= 50 && (total <= 50 || listed == 50),
        "{total} issues, {listed} listed"
    );
}

/// Every validator on one input; the bodies that pass go back to JSON with the same ids.
fn validate_all(input: &Input<'_>, value: Option<&serde_json::Value>) {
    if let Err(issues) = validate_register_request(input) {
        check_listed(issues);
    }
    let _ = validate_list_query(input);
    let _ = validate_delete_transfer(input);
    let _ = validate_ensure_input(input);
    if let Ok(body) = validate_create_transfer(input) {
        let wire: serde_json::Value =
            serde_json::from_str(&body.to_wire_json()).expect("the create body is JSON");
        if let Some(value) = value {
            assert_eq!(wire["log_group_id"], value["log_group_id"]);
        }
    }
    if let Ok(body) = validate_update_transfer(input) {
        let wire: serde_json::Value =
            serde_json::from_str(&body.to_wire_json()).expect("the update body is JSON");
        if let Some(value) = value {
            assert_eq!(wire["log_transfer_id"], value["log_transfer_id"]);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    // Many unknown keys, as a hostile caller sends them: one issue each, 50 listed (only for
    // inputs that start with 0xA7, so that the rest of the run stays fast).
    if let [0xA7, a, b, rest @ ..] = data {
        let count = usize::from(u16::from_le_bytes([*a, *b])) % 120;
        let key = String::from_utf8_lossy(rest.get(..rest.len().min(16)).unwrap_or_default());
        let entries = (0..count)
            .map(|i| (format!("{key}{i}").into(), Input::Null))
            .collect();
        let object = Input::Object(entries);
        validate_all(&object, None);
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let described = Input::from_description(text);
        validate_all(&described, None);
        let _ = ClientConfig::from_input(&described, &["fetch"]);
        let _ = CallOptions::from_input(&described, &Default::default());
    }
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let input = Input::from(&value);
    validate_all(&input, Some(&value));
    if let Ok(body) = validate_register_request(&input) {
        let wire: serde_json::Value =
            serde_json::from_str(&body.to_wire_json()).expect("the wire body is JSON");
        assert_eq!(wire["instance_id"], value["instance_id"]);
    }
    let _ = ClientConfig::from_input(&input, &["fetch"]);
});
