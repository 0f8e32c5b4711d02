//! Sending an [`HttpRequest`] with `fetch`: the global one or the caller's. Every value a
//! runtime can throw or reject with is converted here; none can panic.

use js_sys::{Function, Object, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::js_input::{get_property, reflect_get};
use crate::error::LtsError;
use crate::request::HttpRequest;
use crate::response::MIN_REDACTED_LEN;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Reflect, js_name = set, catch)]
    fn reflect_set(target: &JsValue, key: &JsValue, value: &JsValue) -> Result<bool, JsValue>;
}

/// What arrived: status (0 for a redirect a browser hides), `X-Request-Id`, body bytes.
pub struct RawResponse {
    pub status: u16,
    pub request_id: Option<String>,
    pub body: Vec<u8>,
}

/// Sets `target[key] = value`; building plain objects cannot fail in practice, and if a
/// runtime says otherwise the property is simply missing.
pub fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = reflect_set(target, &JsValue::from_str(key), value);
}

/// The fetch to use: the injected one, or `globalThis.fetch` looked up at call time (so a
/// polyfill installed after the client was built still counts).
pub fn resolve_fetch(injected: Option<&Function>) -> Option<Function> {
    if let Some(f) = injected {
        return Some(f.clone());
    }
    get_property(&js_sys::global(), "fetch")
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
}

fn is_aborted(signal: Option<&JsValue>) -> bool {
    signal
        .and_then(|s| get_property(s, "aborted").ok())
        .and_then(|a| a.as_bool())
        .unwrap_or(false)
}

/// Sends the request and reads the whole answer.
pub async fn send(
    fetch: &Function,
    request: &HttpRequest,
    signal: Option<&JsValue>,
    secrets: &[&str],
) -> Result<RawResponse, LtsError> {
    if is_aborted(signal) {
        return Err(LtsError::Abort {
            request_may_have_been_sent: false,
        });
    }
    let init = Object::new();
    set(&init, "method", &JsValue::from_str(request.method));
    let headers = Object::new();
    for h in &request.headers {
        set(&headers, h.name, &JsValue::from_str(&h.value));
    }
    set(&init, "headers", &headers);
    set(&init, "body", &JsValue::from_str(&request.body));
    // A redirect is never followed: a 307 would resend the token to wherever it points.
    set(&init, "redirect", &JsValue::from_str("manual"));
    if let Some(signal) = signal {
        set(&init, "signal", signal);
    }

    let started = fetch
        .call2(&js_sys::global(), &JsValue::from_str(&request.url), &init)
        .map(|ret| Promise::resolve(&ret));
    let response = match started {
        Ok(promise) => JsFuture::from(promise).await,
        Err(e) => Err(e),
    }
    .map_err(|e| rejection_to_error(&e, signal, secrets))?;

    let status = get_property(&response, "status")
        .ok()
        .and_then(|s| s.as_f64())
        .filter(|s| (0.0..=999.0).contains(s))
        .map(|s| s as u16)
        .ok_or_else(|| LtsError::Network {
            message: String::from("fetch resolved with something that is not a Response"),
            request_may_have_been_sent: true,
        })?;
    let opaque_redirect = get_property(&response, "type")
        .ok()
        .and_then(|t| t.as_string())
        .is_some_and(|t| t == "opaqueredirect");
    let status = if opaque_redirect { 0 } else { status };
    let request_id = header(&response, "x-request-id");

    let body = read_body(&response)
        .await
        .map_err(|e| rejection_to_error(&e, signal, secrets))?;
    Ok(RawResponse {
        status,
        request_id,
        body,
    })
}

fn header(response: &JsValue, name: &str) -> Option<String> {
    let headers = get_property(response, "headers").ok()?;
    let get: Function = get_property(&headers, "get").ok()?.dyn_into().ok()?;
    get.call1(&headers, &JsValue::from_str(name))
        .ok()?
        .as_string()
}

async fn read_body(response: &JsValue) -> Result<Vec<u8>, JsValue> {
    let read = reflect_get(response, &JsValue::from_str("arrayBuffer"))?;
    let Some(read) = read.dyn_ref::<Function>() else {
        return Ok(Vec::new());
    };
    let buffer = JsFuture::from(Promise::resolve(&read.call0(response)?)).await?;
    if !buffer.is_instance_of::<js_sys::ArrayBuffer>() {
        return Err(JsValue::from_str(
            "arrayBuffer() did not give an ArrayBuffer",
        ));
    }
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Connection errors that prove nothing was sent (Node's undici reports them in `cause.code`).
const NOT_SENT_CODES: [&str; 7] = [
    "ECONNREFUSED",
    "ENOTFOUND",
    "EAI_AGAIN",
    "EHOSTUNREACH",
    "ENETUNREACH",
    "UND_ERR_CONNECT_TIMEOUT",
    "ERR_INVALID_URL",
];

fn rejection_to_error(error: &JsValue, signal: Option<&JsValue>, secrets: &[&str]) -> LtsError {
    if is_aborted(signal) {
        return LtsError::Abort {
            request_may_have_been_sent: true,
        };
    }
    let text = |v: &JsValue, key: &str| get_property(v, key).ok().and_then(|s| s.as_string());
    let mut message = if error.is_object() {
        let name = text(error, "name").unwrap_or_else(|| String::from("Error"));
        let msg = text(error, "message").unwrap_or_default();
        format!("{name}: {msg}")
    } else {
        error
            .as_string()
            .map(|s| format!("fetch rejected with {s:?}"))
            .unwrap_or_else(|| String::from("fetch rejected with a non-Error value"))
    };
    let cause = get_property(error, "cause").ok().filter(|c| c.is_object());
    let code = cause
        .as_ref()
        .and_then(|c| text(c, "code"))
        .or_else(|| text(error, "code"));
    if let Some(cause_msg) = cause.as_ref().and_then(|c| text(c, "message")) {
        message.push_str(&format!(" ({cause_msg})"));
    } else if let Some(code) = &code {
        message.push_str(&format!(" ({code})"));
    }
    if message.contains("Failed to fetch") || message.contains("NetworkError") {
        message.push_str(
            "; in a browser this is also how a CORS refusal looks: LTS answers no CORS preflight, so call it through a same-origin proxy",
        );
    }
    let mut message: String = message.chars().take(400).collect();
    for secret in secrets.iter().filter(|s| s.len() >= MIN_REDACTED_LEN) {
        message = message.replace(secret, crate::secret::REDACTED);
    }
    let not_sent = code.as_deref().is_some_and(|c| NOT_SENT_CODES.contains(&c));
    LtsError::Network {
        message,
        request_may_have_been_sent: !not_sent,
    }
}
