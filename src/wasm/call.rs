//! A call as JavaScript drives it: the core's [`Call`] behind a handle whose every method takes
//! one event (what an attempt did, the credentials, the end of a wait) and answers with the
//! next action, as text (`shell.js`'s `runCall` performs it). Nothing here decides anything.
//!
//! Actions (fields separated by NUL; no field can hold one: URLs and header values are checked
//! printable ASCII, and JSON escapes control characters):
//!
//! ```text
//! C                                             call the credentials function
//! S timeout method url headerLines hasBody body send (headerLines: "Name: value" lines)
//! W ms                                          wait
//! R json                                        resolve with this result
//! E json                                        reject with this error ({ name, message, props })
//! ```

use wasm_bindgen::prelude::*;

use super::input_of;
use crate::call::{Action, AttemptRecord, Drive, FetchFailure, Transport};
use crate::config::Credentials;
use crate::error::LtsError;
use crate::input::Input;
use crate::validate::ValidationIssue;

use super::describe_input;

/// The handle `runCall` drives; freed when the call ends.
#[wasm_bindgen(js_name = LtsCall, skip_typescript)]
pub struct CallHandle {
    call: Box<dyn Drive>,
    record: Option<AttemptRecord>,
}

/// Milliseconds from JavaScript (`Date.now()`), as the core's clock.
fn clock(ms: f64) -> u64 {
    if ms.is_finite() && ms > 0.0 {
        ms as u64
    } else {
        0
    }
}

fn encode(action: Action) -> String {
    match action {
        Action::GetCredentials => String::from("C"),
        Action::Send {
            request,
            timeout_ms,
        } => {
            let (has_body, body) = match &request.body {
                Some(b) => ("1", b.as_str()),
                None => ("0", ""),
            };
            format!(
                "S\0{timeout_ms}\0{}\0{}\0{}\0{has_body}\0{body}",
                request.method,
                request.url,
                request.header_lines()
            )
        }
        Action::Wait { ms } => format!("W\0{ms}"),
        Action::Finish(Ok(output)) => format!("R\0{}", output.to_json()),
        Action::Finish(Err(e)) => format!("E\0{}", e.to_json()),
    }
}

fn provider_error(message: String) -> LtsError {
    LtsError::Config {
        issues: vec![ValidationIssue::new("credentials", "provider", message)],
    }
}

/// What a credentials function returned, checked.
pub(super) fn checked_credentials(input: &Input<'_>) -> Result<Credentials, LtsError> {
    Credentials::from_input(input).map_err(|issues| {
        let details: Vec<String> = issues.into_iter().map(|i| i.message).collect();
        provider_error(format!(
            "the credentials function returned invalid credentials: {}",
            crate::text::join(&details, "; ")
        ))
    })
}

/// The error for a credentials function that threw (or whose promise rejected) `what`.
pub(super) fn credentials_failure(rejected: bool, what: &str) -> LtsError {
    let what: String = what.chars().take(200).collect();
    provider_error(if rejected {
        format!("the credentials function's promise rejected: {what}")
    } else {
        format!("the credentials function threw: {what}")
    })
}

impl CallHandle {
    /// A handle for a call (or a workflow) that has not started.
    pub(super) fn new(call: Box<dyn Drive>) -> CallHandle {
        CallHandle { call, record: None }
    }

    fn finished(&mut self, (record, action): (AttemptRecord, Action)) -> String {
        self.record = Some(record);
        encode(action)
    }
}

#[wasm_bindgen(js_class = LtsCall)]
impl CallHandle {
    /// Starts the call at `now`: the first action.
    pub fn start(&mut self, now: f64) -> String {
        encode(self.call.start(clock(now)))
    }

    /// The credentials function gave `value` (read here, as any argument is).
    pub fn credentials(&mut self, value: &JsValue, now: f64) -> String {
        let credentials = checked_credentials(input_of!(value));
        encode(self.call.credentials_obtained(credentials, clock(now)))
    }

    /// The credentials function threw, or its promise rejected, with what `what` describes.
    #[wasm_bindgen(js_name = credentialsFailed)]
    pub fn credentials_failed(&mut self, rejected: bool, what: &str, now: f64) -> String {
        let error = credentials_failure(rejected, what);
        encode(self.call.credentials_obtained(Err(error), clock(now)))
    }

    /// An answer arrived; `body` is `undefined` when it was larger than the bound and not read.
    #[allow(clippy::too_many_arguments)]
    pub fn answered(
        &mut self,
        status: u16,
        request_id: Option<String>,
        retry_after: Option<String>,
        body: Option<Vec<u8>>,
        now: f64,
        random: f64,
        duration_ms: f64,
    ) -> String {
        let transport = Transport::Answer {
            status,
            request_id: request_id.filter(|s| !s.is_empty()),
            retry_after: retry_after.filter(|s| !s.is_empty()),
            body,
        };
        let step = self
            .call
            .attempt_finished(transport, clock(now), random, duration_ms);
        self.finished(step)
    }

    /// No answer: `kind` says how (1 fetch threw an Error-like object, 2 a string, 3 another
    /// value; 4 it resolved with something that is not a Response; 5 the body was not bytes;
    /// 6 our timer fired; 7 the caller aborted before sending, 8 after; 9 there is no fetch
    /// to call at all).
    #[allow(clippy::too_many_arguments)]
    pub fn failed(
        &mut self,
        kind: u8,
        name: &str,
        message: &str,
        cause_message: &str,
        code: &str,
        now: f64,
        random: f64,
        duration_ms: f64,
    ) -> String {
        let transport = match kind {
            9 => return encode(self.call.no_fetch()),
            1 => Transport::from_failure(FetchFailure::Thrown {
                name,
                message,
                cause_message,
                code,
            }),
            2 => Transport::from_failure(FetchFailure::ThrownString(message)),
            4 => Transport::from_failure(FetchFailure::NotAResponse),
            5 => Transport::from_failure(FetchFailure::BodyNotBytes(message)),
            6 => Transport::Timeout,
            7 => Transport::Aborted { sent: false },
            8 => Transport::Aborted { sent: true },
            _ => Transport::from_failure(FetchFailure::ThrownOther),
        };
        let step = self
            .call
            .attempt_finished(transport, clock(now), random, duration_ms);
        self.finished(step)
    }

    /// The wait ended at `now`, or early because the caller aborted.
    pub fn waited(&mut self, now: f64, aborted: bool) -> String {
        encode(self.call.wait_over(clock(now), aborted))
    }

    /// The last attempt's record, as JSON (for `onAttempt`).
    pub fn record(&self) -> String {
        self.record
            .as_ref()
            .map_or_else(String::new, AttemptRecord::to_json)
    }
}
