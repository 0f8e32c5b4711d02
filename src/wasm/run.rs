//! Performing a call's actions: the core's [`Call`] decides, this loop does what it says. An
//! attempt is one crossing into `shell.js` (`performAttempt`) and one report back; nothing
//! here interprets an answer.

use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::{describe_input, error_to_js, from_json, input_of, property, ClientInner};
use crate::call::{Action, AttemptReport, Call, MAX_BODY_BYTES};
use crate::config::{CredentialSource, Credentials};
use crate::error::LtsError;
use crate::input::Input;
use crate::operation::Operation;
use crate::settings::CallOptions;
use crate::validate::ValidationIssue;

#[wasm_bindgen(module = "/src/wasm/shell.js")]
extern "C" {
    #[wasm_bindgen(js_name = performAttempt)]
    #[allow(clippy::too_many_arguments)]
    fn perform_attempt(
        fetch: &JsValue,
        method: &str,
        url: &str,
        header_lines: &str,
        body: Option<&str>,
        signal: &JsValue,
        timeout_ms: f64,
        max_bytes: f64,
    ) -> Promise;
    fn sleep(ms: f64, signal: &JsValue) -> Promise;
    #[wasm_bindgen(js_name = notifyAttempt)]
    fn notify_attempt(hook: &Function, record_json: &str);
}

/// Milliseconds since the Unix epoch, from `Date.now()`: the only clock in every runtime
/// (`SystemTime` panics on wasm32).
pub(super) fn now_ms() -> u64 {
    clock(js_sys::Date::now())
}

fn clock(ms: f64) -> u64 {
    if ms.is_finite() && ms > 0.0 {
        ms as u64
    } else {
        0
    }
}

/// Runs `op` as a JavaScript promise.
pub(super) fn spawn(
    inner: Rc<ClientInner>,
    op: Box<dyn Operation>,
    (options, signal): (CallOptions, JsValue),
) -> Promise {
    wasm_bindgen_futures::future_to_promise(async move {
        run(&inner, op.as_ref(), &options, &signal).await
    })
}

/// Drives one call to its end: the result as a JS object, or the JS error.
pub(super) async fn run(
    inner: &ClientInner,
    op: &dyn Operation,
    options: &CallOptions,
    signal: &JsValue,
) -> Result<JsValue, JsValue> {
    let mut call = Call::new(&inner.config, op, options.settings);
    // What a credentials function threw, for the error's `cause`.
    let mut cause: Option<JsValue> = None;
    let mut action = call.start(now_ms());
    loop {
        action = match action {
            Action::Finish(Ok(output)) => return Ok(from_json(&output.to_json())),
            Action::Finish(Err(e)) => {
                return Err(error_to_js(&e.error, e.attempts, cause.as_ref()))
            }
            Action::GetCredentials => {
                let (credentials, thrown) = provided_credentials(inner).await;
                cause = thrown;
                call.credentials_obtained(credentials, now_ms())
            }
            Action::Send {
                request,
                timeout_ms,
            } => {
                let report = JsFuture::from(perform_attempt(
                    &inner.fetch,
                    request.method,
                    &request.url,
                    &request.header_lines(),
                    request.body.as_deref(),
                    signal,
                    timeout_ms as f64,
                    MAX_BODY_BYTES as f64,
                ))
                .await
                .ok()
                .and_then(|r| r.as_string())
                .unwrap_or_default();
                let report = AttemptReport::parse(&report);
                let Some(transport) = report.transport else {
                    return Err(error_to_js(
                        &LtsError::Config {
                            issues: vec![ValidationIssue::new(
                                "fetch",
                                "required",
                                "this runtime has no global fetch: pass one as the fetch option",
                            )],
                        },
                        0,
                        None,
                    ));
                };
                let (record, next) = call.attempt_finished(
                    transport,
                    report.now_ms.unwrap_or_else(now_ms),
                    report.random,
                    report.duration_ms,
                );
                if let Some(hook) = &inner.on_attempt {
                    notify_attempt(hook, &record.to_json());
                }
                next
            }
            Action::Wait { ms } => {
                let ended = JsFuture::from(sleep(ms as f64, signal))
                    .await
                    .ok()
                    .and_then(|v| v.as_f64())
                    .unwrap_or(-1.0);
                call.wait_over(clock(ended), ended < 0.0)
            }
        };
    }
}

fn provider_error(message: String) -> LtsError {
    LtsError::Config {
        issues: vec![ValidationIssue::new("credentials", "provider", message)],
    }
}

/// A short description of what a credentials function threw (its name and message).
fn describe_thrown(value: &JsValue) -> String {
    let text = |key: &str| property(value, key).and_then(|v| v.as_string());
    let described = match (text("name"), text("message")) {
        (Some(name), Some(message)) => format!("{name}: {message}"),
        (None, Some(message)) => message,
        _ => value
            .as_string()
            .unwrap_or_else(|| format!("a {}", input_of!(value).kind())),
    };
    described.chars().take(200).collect()
}

fn checked(value: &JsValue) -> Result<Credentials, LtsError> {
    Credentials::from_input(input_of!(value)).map_err(|issues| {
        let details: Vec<String> = issues.into_iter().map(|i| i.message).collect();
        provider_error(format!(
            "the credentials function returned invalid credentials: {}",
            details.join("; ")
        ))
    })
}

fn is_thenable(value: &JsValue) -> bool {
    value.is_object() && property(value, "then").is_some_and(|t| t.is_function())
}

/// Calls the credentials function; what it throws becomes an `LtsConfigError` with the cause.
fn call_provider(inner: &ClientInner) -> Result<JsValue, (LtsError, Option<JsValue>)> {
    let Some(provider) = &inner.provider else {
        return Err((
            provider_error(String::from("the credentials function is missing")),
            None,
        ));
    };
    provider.call0(&JsValue::UNDEFINED).map_err(|e| {
        let message = format!("the credentials function threw: {}", describe_thrown(&e));
        (provider_error(message), Some(e))
    })
}

/// The credentials for one attempt, from the function (awaited when it returns a promise),
/// and what it threw, if anything.
async fn provided_credentials(
    inner: &ClientInner,
) -> (Result<Credentials, LtsError>, Option<JsValue>) {
    let returned = match call_provider(inner) {
        Ok(v) => v,
        Err((error, cause)) => return (Err(error), cause),
    };
    if !is_thenable(&returned) {
        return (checked(&returned), None);
    }
    match JsFuture::from(Promise::resolve(&returned)).await {
        Ok(value) => (checked(&value), None),
        Err(e) => {
            let message = format!(
                "the credentials function's promise rejected: {}",
                describe_thrown(&e)
            );
            (Err(provider_error(message)), Some(e))
        }
    }
}

/// The credentials when they are known synchronously (for the preview).
pub(super) fn credentials_now(inner: &ClientInner) -> Result<Credentials, JsValue> {
    let fail = |(error, cause): (LtsError, Option<JsValue>)| error_to_js(&error, 0, cause.as_ref());
    match &inner.config.credentials {
        CredentialSource::Static(c) => Ok(c.clone()),
        CredentialSource::Provider => {
            let value = call_provider(inner).map_err(fail)?;
            if is_thenable(&value) {
                return Err(fail((provider_error(String::from("the request preview needs credentials at once, and the credentials function returned a promise: preview with a client given static credentials")), None)));
            }
            checked(&value).map_err(|e| fail((e, None)))
        }
    }
}
