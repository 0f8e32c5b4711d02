//! AK/SK request signing, `SDK-HMAC-SHA256`, as Huawei Cloud's API gateway verifies it.
//!
//! Canonical request (lines joined by `\n`): method, canonical URI, canonical query, canonical
//! headers (`name:trimmed-value\n` each), signed header names, hex SHA-256 of the body. The
//! string to sign is `SDK-HMAC-SHA256\n{X-Sdk-Date}\n{hex SHA-256 of the canonical request}`,
//! the signature the hex HMAC-SHA256 of it keyed with the secret key. No key derivation.
//!
//! Everything here is pure: the date comes in as an argument.

use crate::auth::sha256::{hmac_sha256, sha256};
use crate::wire::text::push_padded;

/// The algorithm name in the string to sign and the `Authorization` header.
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";

/// What is signed: the request as the server will see it.
#[derive(Debug, Clone, Copy)]
pub struct SigningInput<'a> {
    /// The HTTP method, upper-case.
    pub method: &'a str,
    /// The path as sent on the wire (already percent-encoded where needed).
    pub path: &'a str,
    /// The query string as sent, without `?`; empty for none.
    pub query: &'a str,
    /// The headers to sign, as `(name, value)`; names in any case. `host` must be among them.
    pub headers: &'a [(&'a str, &'a str)],
    /// The exact body bytes.
    pub body: &'a [u8],
}

/// The pieces of a signature, for tests and for previews that show how it was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// The canonical request.
    pub canonical_request: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// The signed header names, lower-case, sorted, joined by `;`.
    pub signed_headers: String,
    /// The lower-case hex signature.
    pub signature: String,
}

/// `YYYYMMDDTHHMMSSZ` for a Unix time in seconds (UTC), the `X-Sdk-Date` format.
pub fn format_sdk_date(unix_secs: u64) -> String {
    let days = unix_secs / 86_400;
    let secs_of_day = unix_secs % 86_400;
    let (year, month, day) = civil_from_days(days);
    let mut out = String::with_capacity(16);
    push_padded(&mut out, year, 4);
    push_padded(&mut out, month, 2);
    push_padded(&mut out, day, 2);
    out.push('T');
    push_padded(&mut out, secs_of_day / 3600, 2);
    push_padded(&mut out, (secs_of_day % 3600) / 60, 2);
    push_padded(&mut out, secs_of_day % 60, 2);
    out.push('Z');
    out
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~')
}

/// Percent-encodes bytes, leaving only `A-Z a-z 0-9 - _ . ~` (upper-case hex).
fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        if is_unreserved(b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(hex_digit(b >> 4).to_ascii_uppercase());
            out.push(hex_digit(b & 0x0f).to_ascii_uppercase());
        }
    }
    out
}

/// Decodes `%XX` escapes; anything malformed is kept as it is.
fn decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hi = bytes.get(i + 1).and_then(|c| char::from(*c).to_digit(16));
            let lo = bytes.get(i + 2).and_then(|c| char::from(*c).to_digit(16));
            if let (Some(hi), Some(lo)) = (hi, lo) {
                out.push(u8::try_from(hi * 16 + lo).unwrap_or(b'%'));
                i += 3;
                continue;
            }
        }
        out.push(b);
        i += 1;
    }
    out
}

fn hex_digit(nibble: u8) -> char {
    char::from_digit(u32::from(nibble), 16).unwrap_or('0')
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(hex_digit(b >> 4));
        out.push(hex_digit(b & 0x0f));
    }
    out
}

/// Percent-decodes text as the official signer's `unquote` does: invalid UTF-8 becomes U+FFFD.
fn decode_text(text: &str) -> String {
    crate::wire::text::utf8_lossy(&decode(text))
}

/// The canonical URI: the whole path decoded, then split on `/` (so `%2F` separates segments,
/// as in the gateway's own signer), each segment re-encoded, always ending in `/`.
pub fn canonical_uri(path: &str) -> String {
    let segments: Vec<String> = decode_text(path)
        .split('/')
        .map(|segment| encode(segment.as_bytes()))
        .collect();
    let mut out = crate::wire::text::join(&segments, "/");
    if !out.ends_with('/') {
        out.push('/');
    }
    out
}

/// The canonical query: pairs decoded, sorted by key then value (code-point order of the
/// decoded text, as the official signer sorts), then re-encoded, `k=v` joined by `&`. A key
/// without `=` has an empty value.
pub fn canonical_query(query: &str) -> String {
    if query.is_empty() {
        return String::new();
    }
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode_text(k), decode_text(v))
        })
        .collect();
    insertion_sort(&mut pairs);
    let pairs: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k.as_bytes()), encode(v.as_bytes())))
        .collect();
    crate::wire::text::join(&pairs, "&")
}

/// Sorts a short slice in place, stably: a handful of headers or query pairs, where core's sort
/// would cost kilobytes of wasm for nothing.
pub fn insertion_sort<T: PartialOrd>(items: &mut [T]) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && items.get(j) < items.get(j - 1) {
            items.swap(j, j - 1);
            j -= 1;
        }
    }
}

/// Trims a header value as the official signer (Python's `str.strip`) does: Unicode white
/// space and the separators U+001C to U+001F.
fn trim_header_value(value: &str) -> &str {
    value.trim_matches(|c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c))
}

/// Hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&sha256(bytes))
}

/// Signs a request with a secret key, given the `X-Sdk-Date` value that is among its headers.
pub fn sign(input: &SigningInput<'_>, sdk_date: &str, secret_key: &[u8]) -> Signature {
    let mut headers: Vec<(String, &str)> = input
        .headers
        .iter()
        .map(|(name, value)| (name.to_ascii_lowercase(), trim_header_value(value)))
        .collect();
    insertion_sort(&mut headers);
    let canonical_headers: String = headers
        .iter()
        .map(|(name, value)| format!("{name}:{value}\n"))
        .collect();
    let names: Vec<&str> = headers.iter().map(|(name, _)| name.as_str()).collect();
    let signed_headers = crate::wire::text::join(&names, ";");
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        input.method,
        canonical_uri(input.path),
        canonical_query(input.query),
        canonical_headers,
        signed_headers,
        sha256_hex(input.body)
    );
    let string_to_sign = format!(
        "{ALGORITHM}\n{sdk_date}\n{}",
        sha256_hex(canonical_request.as_bytes())
    );
    let signature = hmac_sha256_hex(secret_key, string_to_sign.as_bytes());
    Signature {
        canonical_request,
        string_to_sign,
        signed_headers,
        signature,
    }
}

fn hmac_sha256_hex(key: &[u8], message: &[u8]) -> String {
    hex(&hmac_sha256(key, message))
}

/// The `Authorization` header value.
pub fn authorization(access_key: &str, signed_headers: &str, signature: &str) -> String {
    format!(
        "{ALGORITHM} Access={access_key}, SignedHeaders={signed_headers}, Signature={signature}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sdk_dates_format_known_instants() {
        assert_eq!(format_sdk_date(0), "19700101T000000Z");
        assert_eq!(format_sdk_date(1_573_788_615), "20191115T033015Z");
        assert_eq!(format_sdk_date(951_782_400), "20000229T000000Z");
        assert_eq!(format_sdk_date(4_102_444_799), "20991231T235959Z");
    }

    #[test]
    fn canonical_uri_always_ends_in_a_slash_and_reencodes_segments() {
        assert_eq!(canonical_uri("/v1/a/b"), "/v1/a/b/");
        assert_eq!(canonical_uri("/v1/a/b/"), "/v1/a/b/");
        assert_eq!(canonical_uri("/p%3a%C3%A9/x y"), "/p%3A%C3%A9/x%20y/");
        assert_eq!(canonical_uri(""), "/");
        assert_eq!(canonical_uri("/a%2Fb"), "/a/b/");
        assert_eq!(canonical_uri("/%FF"), "/%EF%BF%BD/");
    }

    #[test]
    fn canonical_query_sorts_and_encodes() {
        assert_eq!(canonical_query(""), "");
        assert_eq!(canonical_query("b=2&a=1&a=0"), "a=0&a=1&b=2");
        assert_eq!(canonical_query("k=a+b%20c&z"), "k=a%2Bb%20c&z=");
        assert_eq!(canonical_query("%7B=1&a%3A=2&a0=3"), "a0=3&a%3A=2&%7B=1");
    }

    #[test]
    fn decode_keeps_malformed_escapes() {
        assert_eq!(decode("%zz%4"), b"%zz%4".to_vec());
        assert_eq!(decode("%41%42"), b"AB".to_vec());
    }
}
