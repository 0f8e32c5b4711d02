//! Response parsing from arbitrary status, headers and bytes, and the other parsers of what a
//! server sends (Retry-After) or a caller gives (paths and queries to sign): never a panic,
//! always a bounded message.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lts_kafka::sign::{canonical_query, canonical_uri};
use lts_kafka::{parse_register_response, parse_retry_after, redact_secrets};

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
    let _ = canonical_uri(&header);
    let _ = canonical_query(&header);
});
