//! A call as JavaScript drives it: the core's [`Drive`] behind a handle whose every method takes
//! one event (what an attempt did, the credentials, the end of a wait) and answers with the
//! next action, as text ([`Action::to_shell_text`]; `shell.js`'s `runCall` performs it).
//! Nothing here decides anything.

use wasm_bindgen::prelude::*;

use super::input_of;
use crate::pipeline::call::{millis, shell_text, Action, AttemptRecord, Drive, Transport};
use crate::pipeline::credentials::{credentials_failure, Credentials};

use super::describe_input;

/// The handle `runCall` drives; freed when the call ends.
#[wasm_bindgen(js_name = LtsCall, skip_typescript)]
pub struct CallHandle {
    call: Box<dyn Drive>,
    /// The last attempt's record (written as redacted JSON only when a hook asks for it).
    record: Option<AttemptRecord>,
}

impl CallHandle {
    /// A handle for a call (or a workflow) that has not started.
    pub(super) fn new(call: Box<dyn Drive>) -> CallHandle {
        CallHandle { call, record: None }
    }

    fn finished(&mut self, (record, action): (AttemptRecord, Action)) -> String {
        self.record = Some(record);
        self.text(action)
    }

    /// The action for the shell, its result or error redacted; `N key` before it when a
    /// project lookup ended, for the shell to wake the calls that wait for it.
    fn text(&mut self, action: Action) -> String {
        let text = shell_text(self.call.as_mut(), action);
        match self.call.take_settled() {
            Some(key) => format!("N\0{key}\0{text}"),
            None => text,
        }
    }
}

#[wasm_bindgen(js_class = LtsCall)]
impl CallHandle {
    /// Starts the call at `now`: the first action.
    pub fn start(&mut self, now: f64) -> String {
        let action = self.call.start(millis(now));
        self.text(action)
    }

    /// The credentials function gave `value` (read here, as any argument is).
    pub fn credentials(&mut self, value: &JsValue, now: f64) -> String {
        let credentials = Credentials::from_provider(input_of!(value));
        let action = self.call.credentials_obtained(credentials, millis(now));
        self.text(action)
    }

    /// The credentials function threw, or its promise rejected, an error of this `name` and
    /// `message` (or a value `message` describes, with no name).
    #[wasm_bindgen(js_name = credentialsFailed)]
    pub fn credentials_failed(
        &mut self,
        rejected: bool,
        name: &str,
        message: &str,
        now: f64,
    ) -> String {
        let error = credentials_failure(rejected, name, message);
        let action = self.call.credentials_obtained(Err(error), millis(now));
        self.text(action)
    }

    /// The credentials function did not settle in the time the action gave it.
    #[wasm_bindgen(js_name = credentialsTimedOut)]
    pub fn credentials_timed_out(&mut self, now: f64) -> String {
        let action = self.call.credentials_timed_out(millis(now));
        self.text(action)
    }

    /// An answer arrived; `body` is `undefined` when it was larger than the bound and not read.
    #[allow(clippy::too_many_arguments)]
    pub fn answered(
        &mut self,
        status: u16,
        request_id: Option<String>,
        retry_after: Option<String>,
        trace_id: Option<String>,
        body: Option<Vec<u8>>,
        now: f64,
        random: f64,
        duration_ms: f64,
    ) -> String {
        let transport = Transport::Answer {
            status,
            request_id: request_id.filter(|s| !s.is_empty()),
            retry_after: retry_after.filter(|s| !s.is_empty()),
            trace_id: trace_id.and_then(|s| crate::pipeline::answer::clean_request_id(&s)),
            body,
        };
        let step = self
            .call
            .attempt_finished(transport, millis(now), random, duration_ms);
        self.finished(step)
    }

    /// No answer: `kind` says how ([`Transport::from_shell`]).
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
        let Some(transport) = Transport::from_shell(kind, name, message, cause_message, code)
        else {
            let action = self.call.no_fetch();
            return self.text(action);
        };
        let step = self
            .call
            .attempt_finished(transport, millis(now), random, duration_ms);
        self.finished(step)
    }

    /// The wait ended at `now`, or early because the caller aborted (`by_timeout`: with a
    /// `TimeoutError` reason).
    pub fn waited(&mut self, now: f64, aborted: bool, by_timeout: bool) -> String {
        let action = self.call.wait_ended(millis(now), aborted, by_timeout);
        self.text(action)
    }

    /// The last attempt's record, as JSON (for `onAttempt`).
    pub fn record(&mut self) -> String {
        match &self.record {
            // An attempt aborted before fetch was called sent nothing: no record.
            Some(record) if record.attempt == 0 => String::new(),
            Some(record) => {
                let json = record.to_json();
                self.call.redact(&json)
            }
            None => String::new(),
        }
    }
}
