//! Validation (and client options) from arbitrary JSON, and from arbitrary descriptions of a
//! JavaScript value (the text input.js writes): never a panic, and a valid body always
//! serialises back to JSON with the same id.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lts_kafka::settings::CallOptions;
use lts_kafka::{validate_register_request, ClientConfig, Input};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let described = Input::from_description(text);
        let _ = validate_register_request(&described);
        let _ = ClientConfig::from_input(&described, &["fetch"]);
        let _ = CallOptions::from_input(&described, &Default::default());
    }
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let input = Input::from(&value);
    if let Ok(body) = validate_register_request(&input) {
        let wire: serde_json::Value =
            serde_json::from_str(&body.to_wire_json()).expect("the wire body is JSON");
        assert_eq!(wire["instance_id"], value["instance_id"]);
    }
    let _ = ClientConfig::from_input(&input, &["fetch"]);
});
