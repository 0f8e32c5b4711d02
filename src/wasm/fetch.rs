//! Sending an [`HttpRequest`] with `fetch`: the global one or the caller's. Every value a
//! runtime can throw or reject with is converted here; none can panic.
//!
//! Each attempt gets its own `AbortController`, aborted by our timer or by the caller's
//! signal (a listener added with `{ once: true }` and removed afterwards); the timer is
//! cleared on every path. No Rust closure is handed to JavaScript: the listener and the timer
//! callback are the controller's own `abort` bound to it, so nothing can call into freed Rust.

use js_sys::{Function, Object, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::js_input::get_property;
use crate::request::HttpRequest;
use crate::response::MIN_REDACTED_LEN;

/// Answers larger than this are not read whole.
pub const MAX_BODY_BYTES: usize = 1 << 20;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Reflect, js_name = set, catch)]
    fn reflect_set(target: &JsValue, key: &JsValue, value: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(js_namespace = Reflect, js_name = construct, catch)]
    fn reflect_construct(target: &JsValue, args: &js_sys::Array) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = setTimeout, catch)]
    fn set_timeout(callback: &Function, ms: f64) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = clearTimeout, catch)]
    fn clear_timeout(id: &JsValue) -> Result<(), JsValue>;
}

/// What arrived: status (0 for a redirect a browser hides), `X-Request-Id`, body bytes.
pub struct RawResponse {
    pub status: u16,
    pub request_id: Option<String>,
    pub retry_after: Option<String>,
    pub body: Body,
}

/// The body of an answer.
pub enum Body {
    /// Read whole.
    Bytes(Vec<u8>),
    /// Larger than [`MAX_BODY_BYTES`]: not read.
    TooLarge,
}

/// Why an attempt got no (complete) answer.
pub enum SendError {
    /// The connection failed; `sent` is false when nothing can have left the machine.
    Network { message: String, sent: bool },
    /// Our timer fired first.
    Timeout,
    /// The caller's signal aborted; `sent` tells whether fetch had been called.
    Abort { sent: bool },
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

/// Whether an `AbortSignal` (or anything with an `aborted` property) has aborted.
pub fn is_aborted(signal: Option<&JsValue>) -> bool {
    signal
        .and_then(|s| get_property(s, "aborted").ok())
        .and_then(|a| a.as_bool())
        .unwrap_or(false)
}

fn method(target: &JsValue, name: &str) -> Option<Function> {
    get_property(target, name).ok()?.dyn_into::<Function>().ok()
}

/// `target.addEventListener("abort", listener, { once: true })`, or the removal.
fn listen_abort(target: &JsValue, listener: &Function, add: bool) {
    let name = if add {
        "addEventListener"
    } else {
        "removeEventListener"
    };
    if let Some(f) = method(target, name) {
        let options = Object::new();
        set(&options, "once", &JsValue::TRUE);
        let _ = f.call3(target, &JsValue::from_str("abort"), listener, &options);
    }
}

/// A per-attempt `AbortController`, aborted by a timer or by the caller's signal.
struct AttemptController {
    controller: JsValue,
    abort: Function,
    timer: Option<JsValue>,
    caller: Option<JsValue>,
}

impl AttemptController {
    fn start(timeout_ms: u64, caller: Option<&JsValue>) -> Option<AttemptController> {
        let class = get_property(&js_sys::global(), "AbortController").ok()?;
        let controller = reflect_construct(&class, &js_sys::Array::new()).ok()?;
        let abort = method(&controller, "abort")?.bind0(&controller);
        let timer = set_timeout(&abort, timeout_ms as f64).ok();
        if let Some(signal) = caller {
            listen_abort(signal, &abort, true);
        }
        Some(AttemptController {
            controller,
            abort,
            timer,
            caller: caller.cloned(),
        })
    }

    fn signal(&self) -> Option<JsValue> {
        get_property(&self.controller, "signal").ok()
    }

    fn aborted(&self) -> bool {
        is_aborted(self.signal().as_ref())
    }
}

impl Drop for AttemptController {
    fn drop(&mut self) {
        if let Some(timer) = self.timer.take() {
            let _ = clear_timeout(&timer);
        }
        if let Some(signal) = self.caller.take() {
            listen_abort(&signal, &self.abort, false);
        }
    }
}

/// Sends the request and reads the answer, within `timeout_ms`, abortable by `caller`.
pub async fn send(
    fetch: &Function,
    request: &HttpRequest,
    caller: Option<&JsValue>,
    timeout_ms: u64,
    secrets: &[&str],
) -> Result<RawResponse, SendError> {
    if is_aborted(caller) {
        return Err(SendError::Abort { sent: false });
    }
    let attempt = AttemptController::start(timeout_ms, caller);
    let classify = |error: &JsValue| -> SendError {
        if is_aborted(caller) {
            SendError::Abort { sent: true }
        } else if attempt.as_ref().is_some_and(AttemptController::aborted) {
            SendError::Timeout
        } else {
            network_error(error, secrets)
        }
    };

    let init = Object::new();
    set(&init, "method", &JsValue::from_str(request.method));
    let headers = Object::new();
    for h in &request.headers {
        set(&headers, h.name, &JsValue::from_str(&h.value));
    }
    set(&init, "headers", &headers);
    set(&init, "body", &JsValue::from_str(&request.body));
    // A redirect is never followed: a 307 would resend the credentials wherever it points.
    set(&init, "redirect", &JsValue::from_str("manual"));
    if let Some(signal) = attempt.as_ref().and_then(AttemptController::signal) {
        set(&init, "signal", &signal);
    }

    let started = fetch
        .call2(&js_sys::global(), &JsValue::from_str(&request.url), &init)
        .map(|ret| Promise::resolve(&ret));
    let response = match started {
        Ok(promise) => JsFuture::from(promise).await,
        Err(e) => Err(e),
    }
    .map_err(|e| classify(&e))?;

    let status = get_property(&response, "status")
        .ok()
        .and_then(|s| s.as_f64())
        .filter(|s| (0.0..=999.0).contains(s))
        .map(|s| s as u16)
        .ok_or_else(|| SendError::Network {
            message: String::from("fetch resolved with something that is not a Response"),
            sent: true,
        })?;
    let opaque_redirect = get_property(&response, "type")
        .ok()
        .and_then(|t| t.as_string())
        .is_some_and(|t| t == "opaqueredirect");
    let status = if opaque_redirect { 0 } else { status };
    let request_id = header(&response, "x-request-id");
    let retry_after = header(&response, "retry-after");
    let body = read_body(&response).await.map_err(|e| classify(&e))?;
    drop(attempt);
    Ok(RawResponse {
        status,
        request_id,
        retry_after,
        body,
    })
}

fn header(response: &JsValue, name: &str) -> Option<String> {
    let headers = get_property(response, "headers").ok()?;
    let get = method(&headers, "get")?;
    get.call1(&headers, &JsValue::from_str(name))
        .ok()?
        .as_string()
}

/// Reads the body, up to [`MAX_BODY_BYTES`]: a declared length is checked first (and within
/// the bound, the body is read in one go); without one, the stream is read chunk by chunk and
/// cancelled once it passes the bound.
async fn read_body(response: &JsValue) -> Result<Body, JsValue> {
    let declared = header(response, "content-length").and_then(|l| l.trim().parse::<u64>().ok());
    let stream = get_property(response, "body")
        .ok()
        .filter(|b| b.is_object());
    if declared.is_some_and(|l| l > MAX_BODY_BYTES as u64) {
        if let Some(cancel) = stream.as_ref().and_then(|s| method(s, "cancel")) {
            if let Some(s) = &stream {
                let _ = cancel.call0(s);
            }
        }
        return Ok(Body::TooLarge);
    }
    if declared.is_some() {
        // A declared length within the bound: one read, no chunk loop.
        return read_whole(response).await;
    }
    let reader = stream
        .as_ref()
        .and_then(|s| method(s, "getReader").map(|f| (s, f)))
        .and_then(|(s, f)| f.call0(s).ok());
    let Some(reader) = reader else {
        return read_whole(response).await;
    };
    let read = method(&reader, "read").ok_or_else(|| JsValue::from_str("no read()"))?;
    let mut bytes = Vec::new();
    loop {
        let chunk = JsFuture::from(Promise::resolve(&read.call0(&reader)?)).await?;
        if get_property(&chunk, "done").ok().and_then(|d| d.as_bool()) == Some(true) {
            return Ok(Body::Bytes(bytes));
        }
        let value = get_property(&chunk, "value").unwrap_or(JsValue::UNDEFINED);
        if !value.is_instance_of::<Uint8Array>() {
            return Err(JsValue::from_str(
                "the body stream gave something that is not bytes",
            ));
        }
        let part = Uint8Array::new(&value);
        if bytes.len() + part.length() as usize > MAX_BODY_BYTES {
            if let Some(cancel) = method(&reader, "cancel") {
                let _ = cancel.call0(&reader);
            }
            return Ok(Body::TooLarge);
        }
        bytes.extend_from_slice(&part.to_vec());
    }
}

/// For Response-like objects without a body stream (an injected fetch's stand-in).
async fn read_whole(response: &JsValue) -> Result<Body, JsValue> {
    let Some(read) = method(response, "arrayBuffer") else {
        return Ok(Body::Bytes(Vec::new()));
    };
    let buffer = JsFuture::from(Promise::resolve(&read.call0(response)?)).await?;
    if !buffer.is_instance_of::<js_sys::ArrayBuffer>() {
        return Err(JsValue::from_str(
            "arrayBuffer() did not give an ArrayBuffer",
        ));
    }
    let bytes = Uint8Array::new(&buffer);
    if bytes.length() as usize > MAX_BODY_BYTES {
        return Ok(Body::TooLarge);
    }
    Ok(Body::Bytes(bytes.to_vec()))
}

/// Waits `ms`, or less if the caller's signal aborts; `Err(())` when it aborted.
pub async fn sleep(ms: u64, caller: Option<&JsValue>) -> Result<(), ()> {
    if is_aborted(caller) {
        return Err(());
    }
    let mut wake: Option<Function> = None;
    let promise = Promise::new(&mut |resolve, _reject| wake = Some(resolve));
    let Some(wake) = wake else {
        return Ok(());
    };
    let timer = set_timeout(&wake, ms as f64).ok();
    if let Some(signal) = caller {
        listen_abort(signal, &wake, true);
    }
    let _ = JsFuture::from(promise).await;
    if let Some(timer) = timer {
        let _ = clear_timeout(&timer);
    }
    if let Some(signal) = caller {
        listen_abort(signal, &wake, false);
    }
    if is_aborted(caller) {
        Err(())
    } else {
        Ok(())
    }
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

fn network_error(error: &JsValue, secrets: &[&str]) -> SendError {
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
    SendError::Network {
        message,
        sent: !not_sent,
    }
}
