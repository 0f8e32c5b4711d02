//! An HTTP answer (status, `X-Request-Id`, body bytes) as the operations' parsers see it, and
//! what every operation's answer shares: the error of an answer that is not a success, the
//! request id as reported, the error of a body too large to read.
//!
//! Error bodies come in many shapes (LTS, the API gateway, IAM, load balancers); each known
//! shape yields its code and message, anything else a short, bounded excerpt.

use crate::pipeline::error::ApiError;
use crate::wire::json::Json;
use crate::wire::text::{contains, find, Dec};

/// The longest excerpt of an unrecognised body kept in an error message, in characters.
pub const EXCERPT_CHARS: usize = 200;
/// The longest request id kept, in characters.
const REQUEST_ID_CHARS: usize = 128;

/// An answer, as the operations' parsers see it.
#[derive(Debug, Clone, Copy)]
pub struct Answer<'a> {
    /// The HTTP status (0 for a redirect a browser hides).
    pub status: u16,
    /// The `X-Request-Id` header, when present.
    pub request_id: Option<&'a str>,
    /// The body bytes.
    pub body: &'a [u8],
}

impl Answer<'_> {
    /// The request id to report: the header's, cleaned.
    pub fn header_request_id(&self) -> Option<String> {
        self.request_id.and_then(clean_request_id)
    }

    /// The error for a 2xx answer that is not what the operation returns: `what` says what
    /// was missing ("has no instance_id").
    pub fn not_a_result(&self, what: &str) -> ApiError {
        ApiError {
            status: self.status,
            code: None,
            message: format!(
                "HTTP {} reported success but the body {what}: {}",
                Dec(u64::from(self.status)),
                describe_body(self.body)
            ),
            request_id: self.header_request_id(),
        }
    }
}

impl Answer<'_> {
    /// The error for a 2xx answer with a key twice in one object.
    pub fn repeated_key(&self, key: &str) -> ApiError {
        self.not_a_result(&format!(
            "has the key \"{}\" twice in one object (JSON readers disagree on which one counts, so it is not read)",
            crate::pipeline::validate::display_name(key)
        ))
    }
}

/// The error an answer that is not a success carries: its code, message and request id from
/// every known error shape, or a short description of a body that has none. A redirect is
/// never followed (it could carry the token elsewhere): it is an error too.
pub fn error_from_answer(answer: &Answer<'_>) -> ApiError {
    let status = answer.status;
    let header_id = answer.header_request_id();
    if status == 0 || (300..400).contains(&status) {
        return ApiError {
            status,
            code: None,
            message: String::from(
                "the endpoint answered with a redirect, which is not followed (it could carry the token elsewhere): set endpoint to the final URL",
            ),
            request_id: header_id,
        };
    }
    let json = Json::parse(answer.body);
    let fields = json.as_ref().and_then(error_fields);
    let (code, message, body_id) = match fields {
        Some(f) => f,
        None => (
            None,
            format!(
                "HTTP {} {}",
                Dec(u64::from(status)),
                describe_body(answer.body)
            ),
            None,
        ),
    };
    ApiError {
        status,
        code,
        message,
        request_id: header_id.or(body_id),
    }
}

/// Code, message and request id from every known error shape:
/// `{error_code, error_msg[, request_id]}`, `{errorCode, errorMessage|errorMsg}`,
/// `{code, message}`, `{"message": {"code", "details"}}` and IAM's `{"error": {"code",
/// "message"}}`.
fn error_fields(json: &Json) -> Option<(Option<String>, String, Option<String>)> {
    json.as_object()?;
    let nested = ["error", "message"]
        .iter()
        .find_map(|k| json.get(k).filter(|v| v.as_object().is_some()));
    let pick = |keys: &[&str]| -> Option<String> {
        keys.iter()
            .find_map(|k| json.get(k).and_then(scalar_text))
            .or_else(|| {
                nested.and_then(|n| keys.iter().find_map(|k| n.get(k).and_then(scalar_text)))
            })
    };
    let code = pick(&["error_code", "errorCode", "code"]);
    let message = pick(&[
        "error_msg",
        "errorMessage",
        "errorMsg",
        "message",
        "details",
        "detail",
    ]);
    let request_id = pick(&["request_id", "requestId"]).and_then(|id| clean_request_id(&id));
    if code.is_none() && message.is_none() {
        return None;
    }
    let message = message
        .map(|m| bounded(&m, EXCERPT_CHARS * 2))
        .unwrap_or_else(|| String::from("(the error body has no message)"));
    Some((code.map(|c| bounded(&c, 64)), message, request_id))
}

fn scalar_text(value: &Json) -> Option<String> {
    match value {
        Json::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Json::Unsigned(n) => Some(crate::wire::text::to_text(&Dec(*n))),
        Json::Signed(n) if *n < 0 => Some(format!("-{}", Dec(n.unsigned_abs()))),
        Json::Signed(n) => Some(crate::wire::text::to_text(&Dec(n.unsigned_abs()))),
        // A code such as 400.5 is no code anyone looks up; formatting floats costs the wasm.
        _ => None,
    }
}

/// A request id as reported: trimmed, printable ASCII, at most 128 characters.
pub fn clean_request_id(id: &str) -> Option<String> {
    let id = id.trim();
    // Printable ASCII only, so a byte is a character.
    (!id.is_empty() && id.bytes().all(|b| b.is_ascii_graphic()))
        .then(|| id.get(..REQUEST_ID_CHARS).unwrap_or(id).to_owned())
}

/// A short description of a body that is not a recognised JSON object.
fn describe_body(body: &[u8]) -> String {
    let text = crate::wire::text::utf8_lossy(body);
    let text = text.trim();
    if text.is_empty() {
        return String::from("with an empty body");
    }
    let lower_start: String = text
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    if contains(&lower_start, "<html")
        || contains(&lower_start, "<!doctype")
        || contains(&lower_start, "<title")
    {
        let title = html_title(text).unwrap_or_default();
        return if title.is_empty() {
            String::from("with an HTML page (from a proxy or load balancer, not from LTS)")
        } else {
            format!(
                "with an HTML page (from a proxy or load balancer, not from LTS): {}",
                bounded(&title, EXCERPT_CHARS)
            )
        };
    }
    let kind = if text.starts_with('{') || text.starts_with('[') || text.starts_with('"') {
        "with an unrecognised body"
    } else {
        "with a non-JSON body"
    };
    format!("{kind}: {}", bounded(text, EXCERPT_CHARS))
}

fn html_title(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let open = find(&lower, "<title")?;
    let start = open + lower.get(open..)?.find('>')? + 1;
    let end = start + find(lower.get(start..)?, "</title")?;
    Some(text.get(start..end)?.trim().to_owned())
}

/// Collapses whitespace, drops control characters and cuts to `max` characters.
fn bounded(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    let mut last_space = false;
    for c in text.chars() {
        let c = if c.is_whitespace() { ' ' } else { c };
        if c.is_control() || (c == ' ' && last_space) {
            continue;
        }
        if count == max {
            out.push('…');
            break;
        }
        last_space = c == ' ';
        out.push(c);
        count += 1;
    }
    out.trim().to_owned()
}

/// The error for an answer whose body was larger than `limit` bytes and was not read.
pub fn oversized_response(status: u16, request_id: Option<&str>, limit: usize) -> ApiError {
    ApiError {
        status,
        code: None,
        message: format!(
            "HTTP {} with a body larger than {} KiB, which was not read (not an LTS answer?)",
            Dec(u64::from(status)),
            Dec::of(limit / 1024)
        ),
        request_id: request_id.and_then(clean_request_id),
    }
}
