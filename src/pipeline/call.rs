//! One call as a state machine: events in, the next action out.
//!
//! Every decision of a call lives here: when credentials are fetched, what the request is and
//! how long its attempt may take, what the answer means, whether to try again and after how
//! long, when the deadline ends it, and what the caller finally gets. The shell (the wasm
//! module, or a test on the host) only performs the actions: it calls the credentials
//! function, sends a request, waits, and reports back with the clock and a random number. Its
//! model is quinn-proto's connection and smithy-rs's orchestrator.
//!
//! ```text
//! start ──► GetCredentials ──credentials_obtained──► Send ──attempt_finished──► Finish
//!             (a provider only)                       ▲                    │
//!                                                     └──wait_over── Wait ◄┘ (a retry)
//! ```

use std::rc::Rc;

use crate::auth::redact::{redact_json, Redactor};
use crate::auth::secret::Secret;
use crate::pipeline::answer::{clean_request_id, error_from_answer, oversized_response, Answer};
use crate::pipeline::config::ClientConfig;
use crate::pipeline::credentials::{CredentialSource, Credentials};
use crate::pipeline::error::ProjectProblem;
use crate::pipeline::error::{ErrorCause, LtsError, OptionsOf};
use crate::pipeline::operation::{Operation, Output};
use crate::pipeline::project::{
    cached, forget_in_flight, mark_in_flight, remember, Cached, ProjectKey, ProjectMatches,
};
use crate::pipeline::request::{build_request_with_body, HttpRequest};
use crate::pipeline::retry::{decide_for, AttemptOutcome, RetryDecision};
use crate::pipeline::settings::CallSettings;
use crate::wire::json::ObjectWriter;
use crate::wire::text::{contains, Dec};

/// Answers larger than this are not read whole (the shell stops reading at this size).
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// How one attempt ended, as the shell saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transport {
    /// An answer arrived (any status; 0 for a redirect a browser hides).
    Answer {
        /// The HTTP status.
        status: u16,
        /// The `X-Request-Id` header.
        request_id: Option<String>,
        /// The `Retry-After` header.
        retry_after: Option<String>,
        /// IAM's `X-IAM-Trace-Id` header (what IAM's support asks for).
        trace_id: Option<String>,
        /// The body, or `None` when it was larger than [`MAX_BODY_BYTES`] and not read.
        body: Option<Vec<u8>>,
    },
    /// No (complete) answer: the connection failed or the runtime refused the request.
    Network {
        /// What the runtime reported (redacted where it leaves).
        message: String,
        /// False only when the runtime proved nothing left the machine.
        sent: bool,
        /// The runtime's own error, when it threw one.
        cause: Option<ErrorCause>,
    },
    /// The attempt's timer fired before the answer was complete.
    Timeout,
    /// The caller's signal aborted the attempt.
    Aborted {
        /// Whether the request had been handed to the network.
        sent: bool,
        /// Whether the signal's reason is a `TimeoutError` (`AbortSignal.timeout()`).
        by_timeout: bool,
    },
}

/// What the shell must do next.
#[derive(Debug)]
pub enum Action {
    /// Call the credentials function, then [`Call::credentials_obtained`]; if it has not
    /// settled within `within_ms`, [`Call::credentials_timed_out`].
    GetCredentials {
        /// How long the function may take: the attempt's timeout, or what is left of the
        /// deadline when that is less.
        within_ms: u64,
    },
    /// Send `request`, giving up after `timeout_ms`, then [`Call::attempt_finished`].
    Send {
        /// The request, signed for this attempt.
        request: HttpRequest,
        /// How long this attempt may take, answer included.
        timeout_ms: u64,
    },
    /// Wait `ms` (waking early if the caller aborts), then [`Call::wait_over`].
    Wait {
        /// Milliseconds.
        ms: u64,
    },
    /// Another call is finding the same project: wait until it announces the end of its
    /// lookup (the `N` prefix of an action, [`Drive::take_settled`]), at most `within_ms`,
    /// then [`Call::wait_over`].
    Join {
        /// The lookup's name ([`ProjectKey::hex`]).
        key: String,
        /// The longest wait.
        within_ms: u64,
    },
    /// The call is over.
    Finish(Result<Output, CallError>),
}

/// Why a call failed, and after how many requests.
#[derive(Debug, Clone, PartialEq)]
pub struct CallError {
    /// The error.
    pub error: LtsError,
    /// How many requests were sent.
    pub attempts: u32,
    /// In a workflow (`ensureKafkaTransfer`): the step that failed (`register`, `list`,
    /// `create`).
    pub step: Option<&'static str>,
    /// In a workflow: what had been done, as the report's JSON.
    pub done: Option<String>,
}

impl CallError {
    /// The error of a single call.
    pub fn new(error: LtsError, attempts: u32) -> Self {
        CallError {
            error,
            attempts,
            step: None,
            done: None,
        }
    }

    /// The whole JavaScript error as JSON (see [`LtsError::to_json`]), with `step` and `done`
    /// among its properties in a workflow.
    pub fn to_json(&self) -> String {
        let workflow = match (self.step, &self.done) {
            (Some(step), Some(done)) => Some((step, done.as_str())),
            _ => None,
        };
        self.error.to_json_with(self.attempts, workflow)
    }
}

/// What a shell drives: a single call, or a workflow built of calls. Each event answers with
/// the next action; the shell cannot tell the two apart.
pub trait Drive {
    /// Starts at `now_ms`.
    fn start(&mut self, now_ms: u64) -> Action;
    /// The credentials function answered.
    fn credentials_obtained(
        &mut self,
        credentials: Result<Credentials, LtsError>,
        now_ms: u64,
    ) -> Action;
    /// An attempt ended.
    fn attempt_finished(
        &mut self,
        transport: Transport,
        now_ms: u64,
        random: f64,
        duration_ms: f64,
    ) -> (AttemptRecord, Action);
    /// A wait ended.
    fn wait_over(&mut self, now_ms: u64, aborted: bool) -> Action;
    /// A wait ended; when the signal aborted it, `by_timeout` says whether its reason was a
    /// `TimeoutError`.
    fn wait_ended(&mut self, now_ms: u64, aborted: bool, by_timeout: bool) -> Action;
    /// There is no fetch to send with.
    fn no_fetch(&mut self) -> Action;
    /// The credentials function did not settle in the time [`Action::GetCredentials { .. }`] gave.
    fn credentials_timed_out(&mut self, now_ms: u64) -> Action;
    /// JSON about to leave the library (a result, an error, an attempt's record) with every
    /// secret of the call or workflow redacted ([`crate::auth::redact`]).
    fn redact(&mut self, json: &str) -> String;
    /// The name of a project lookup that this call ended since it was last asked (found or
    /// not), for the shell to wake the calls waiting for it ([`Action::Join`]).
    fn take_settled(&mut self) -> Option<String>;
}

/// The text of `action` for the shell, every secret of `drive` redacted from a result or an
/// error (a request to send keeps them: it goes on the wire).
pub fn shell_text(drive: &mut dyn Drive, action: Action) -> String {
    match action {
        Action::Finish(_) => {
            let text = action.to_shell_text();
            drive.redact(&text)
        }
        other => other.to_shell_text(),
    }
}

impl Drive for Call {
    fn start(&mut self, now_ms: u64) -> Action {
        Call::start(self, now_ms)
    }
    fn credentials_obtained(
        &mut self,
        credentials: Result<Credentials, LtsError>,
        now_ms: u64,
    ) -> Action {
        Call::credentials_obtained(self, credentials, now_ms)
    }
    fn attempt_finished(
        &mut self,
        transport: Transport,
        now_ms: u64,
        random: f64,
        duration_ms: f64,
    ) -> (AttemptRecord, Action) {
        Call::attempt_finished(self, transport, now_ms, random, duration_ms)
    }
    fn wait_over(&mut self, now_ms: u64, aborted: bool) -> Action {
        Call::wait_over(self, now_ms, aborted)
    }
    fn wait_ended(&mut self, now_ms: u64, aborted: bool, by_timeout: bool) -> Action {
        Call::wait_ended(self, now_ms, aborted, by_timeout)
    }
    fn no_fetch(&mut self) -> Action {
        Call::no_fetch(self)
    }
    fn credentials_timed_out(&mut self, now_ms: u64) -> Action {
        Call::credentials_timed_out(self, now_ms)
    }
    fn redact(&mut self, json: &str) -> String {
        Call::redact(self, json)
    }
    fn take_settled(&mut self) -> Option<String> {
        self.settled.take().map(|key| key.hex())
    }
}

/// What `onAttempt` receives after every attempt. Holds no secret: the URL carries the project
/// id and the query, never a credential.
#[derive(Debug, Clone, PartialEq)]
pub struct AttemptRecord {
    /// The client method (`registerDmsKafkaInstance`).
    pub operation: &'static str,
    /// 1 for the first attempt.
    pub attempt: u32,
    /// The HTTP method.
    pub method: &'static str,
    /// The URL as sent.
    pub url: String,
    /// The answer's status, when one arrived.
    pub status: Option<u16>,
    /// The answer's `X-Request-Id`.
    pub request_id: Option<String>,
    /// How long the attempt took.
    pub duration_ms: f64,
    /// The name of the attempt's error (`LtsApiError`), or `None` for a success.
    pub error: Option<&'static str>,
    /// The wait before the next attempt, or `None` when none follows.
    pub retry_in_ms: Option<u64>,
}

impl AttemptRecord {
    /// A record of no attempt (never given to a hook: only for a broken protocol).
    pub fn none() -> Self {
        AttemptRecord {
            operation: "",
            attempt: 0,
            method: "",
            url: String::new(),
            status: None,
            request_id: None,
            duration_ms: 0.0,
            error: None,
            retry_in_ms: None,
        }
    }

    /// The record as a JSON object, in the JavaScript names.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(192 + self.url.len());
        ObjectWriter::new(&mut out)
            .str("operation", self.operation)
            .u64("attempt", u64::from(self.attempt))
            .str("method", self.method)
            .str("url", &self.url)
            .opt_u64("status", self.status.map(u64::from))
            .opt_str("requestId", self.request_id.as_deref())
            .f64("durationMs", self.duration_ms.max(0.0))
            .opt_str("error", self.error)
            .opt_u64("retryInMs", self.retry_in_ms)
            .end();
        out
    }
}

/// A call in progress. Create it with [`Call::new`], then feed it events: each returns the
/// next [`Action`].
pub struct Call {
    config: Rc<ClientConfig>,
    op: Box<dyn Operation>,
    /// The body, serialised once for every attempt.
    body: Option<String>,
    settings: CallSettings,
    /// The provider's latest credentials (static credentials stay in the config).
    provided: Option<Credentials>,
    /// Whether `provided` was fetched for the attempt about to be made.
    fresh: bool,
    deadline_at: Option<u64>,
    attempts: u32,
    sent_before: bool,
    /// The URL of the attempt in flight, for its record.
    url: String,
    timeout_ms: u64,
    cut_by_deadline: bool,
    /// Secrets of a workflow this call is a step of (the onboarding's Kafka password).
    workflow_secrets: Vec<Secret>,
    /// The index of the secrets the config's does not hold; made when first needed.
    own_redactor: Option<Redactor>,
    /// The project the request goes under: the option's, or the one found from the region.
    project: Option<String>,
    /// The project lookup in progress (IAM's), sent before the operation.
    lookup: Option<Box<dyn Operation>>,
    /// The cache entry this call marked as in progress (cleared when the call ends).
    lookup_key: Option<ProjectKey>,
    /// A lookup this call ended, to announce.
    settled: Option<ProjectKey>,
    /// Whether the call waited for another call's lookup already (it waits once).
    joined: bool,
    /// Requests sent before the current operation (the lookup's): attempts are numbered
    /// and retried per operation.
    base: u32,
    /// The last answer's `X-IAM-Trace-Id`.
    trace_id: Option<String>,
}

impl Drop for Call {
    fn drop(&mut self) {
        // A call freed during its lookup must not leave others waiting for it.
        if let Some(key) = self.lookup_key.take() {
            forget_in_flight(key);
        }
    }
}

impl Call {
    /// A call of `op` with the client's configuration and the call's settings.
    pub fn new(config: Rc<ClientConfig>, op: Box<dyn Operation>, settings: CallSettings) -> Self {
        Call {
            body: op.body(),
            config,
            op,
            settings,
            provided: None,
            fresh: false,
            deadline_at: None,
            attempts: 0,
            sent_before: false,
            url: String::new(),
            timeout_ms: settings.timeout_ms,
            cut_by_deadline: false,
            workflow_secrets: Vec::new(),
            own_redactor: None,
            project: None,
            lookup: None,
            lookup_key: None,
            settled: None,
            joined: false,
            base: 0,
            trace_id: None,
        }
    }

    /// The operation the next or current request is for: the lookup, or the call's own.
    fn current(&self) -> &dyn Operation {
        self.lookup.as_deref().unwrap_or(self.op.as_ref())
    }

    /// The same call, knowing `secrets` of the workflow it belongs to, to redact them too.
    pub fn with_workflow_secrets(mut self, secrets: Vec<Secret>) -> Self {
        self.workflow_secrets = secrets;
        self
    }

    /// `json` with every secret of this call redacted: the credentials', the body's and the
    /// workflow's, in every form an echo can take.
    pub fn redact(&mut self, json: &str) -> String {
        let own = match self.own_redactor.take() {
            Some(own) => own,
            None => {
                let provided = self.provided.as_ref().map(Credentials::secrets);
                let mut secrets = provided.unwrap_or_default();
                secrets.extend(self.op.secrets());
                secrets.extend(self.workflow_secrets.iter().map(Secret::expose));
                Redactor::new(secrets)
            }
        };
        let out = redact_json(json, &[self.config.static_redactor(), &own]).into_owned();
        self.own_redactor = Some(own);
        out
    }

    /// Starts the call at `now_ms` (milliseconds since the epoch), from which its deadline runs.
    pub fn start(&mut self, now_ms: u64) -> Action {
        self.deadline_at = self.settings.deadline_ms.map(|d| now_ms.saturating_add(d));
        self.prepare(now_ms)
    }

    /// How many requests have been sent.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The credentials function answered (or failed: a configuration error ends the call).
    pub fn credentials_obtained(
        &mut self,
        credentials: Result<Credentials, LtsError>,
        now_ms: u64,
    ) -> Action {
        match credentials {
            Ok(c) => {
                self.provided = Some(c);
                self.own_redactor = None;
                self.fresh = true;
                self.prepare(now_ms)
            }
            Err(error) => self.fail(error),
        }
    }

    /// The attempt ended. `random` is uniform in `[0, 1)` (the backoff's jitter);
    /// `duration_ms` is how long the attempt took. Returns the attempt's record and the next
    /// action.
    pub fn attempt_finished(
        &mut self,
        transport: Transport,
        now_ms: u64,
        random: f64,
        duration_ms: f64,
    ) -> (AttemptRecord, Action) {
        let mut record = AttemptRecord {
            operation: self.current().name(),
            attempt: self.attempts - self.base,
            method: self.current().method().as_str(),
            url: std::mem::take(&mut self.url),
            status: None,
            request_id: None,
            duration_ms,
            error: None,
            retry_in_ms: None,
        };
        let (error, retry_after) = match transport {
            Transport::Answer {
                status,
                request_id,
                retry_after,
                trace_id,
                body,
            } => {
                self.trace_id = trace_id;
                record.status = Some(status);
                record.request_id = request_id.as_deref().and_then(clean_request_id);
                let answer = |body| Answer {
                    status,
                    request_id: request_id.as_deref(),
                    body,
                };
                let result = match &body {
                    None => Err(oversized_response(
                        status,
                        request_id.as_deref(),
                        MAX_BODY_BYTES,
                    )),
                    Some(bytes) if (200..300).contains(&status) => {
                        self.current().parse(&answer(bytes))
                    }
                    Some(bytes) => Err(error_from_answer(&answer(bytes))),
                };
                match result {
                    Ok(output) if self.lookup.is_some() => {
                        return (record, self.project_found(output, now_ms))
                    }
                    Ok(output) => return (record, Action::Finish(Ok(output))),
                    Err(api) => {
                        // Secrets are redacted where the error leaves (shell_text).
                        record.request_id.clone_from(&api.request_id);
                        (LtsError::Api(api), retry_after)
                    }
                }
            }
            Transport::Network {
                message,
                sent,
                cause,
            } => (
                LtsError::Network {
                    message,
                    request_may_have_been_sent: sent,
                    cause,
                },
                None,
            ),
            Transport::Timeout => (
                LtsError::Timeout {
                    after_ms: self.timeout_ms,
                    deadline: false,
                    request_may_have_been_sent: true,
                    waiting_for_credentials: false,
                    by_signal: false,
                },
                None,
            ),
            Transport::Aborted { sent, by_timeout } => {
                if !sent {
                    // Aborted before fetch was called: no request went out, and the record
                    // (attempt 0) is of no attempt: onAttempt does not get it.
                    self.attempts = self.attempts.saturating_sub(1);
                    record.attempt = 0;
                }
                let sent = sent || self.sent_before;
                (abort_error(sent, by_timeout), None)
            }
        };
        record.error = Some(error.name());
        let action = self.after_failure(error, retry_after.as_deref(), now_ms, random);
        if let Action::Wait { ms } = action {
            record.retry_in_ms = Some(ms);
        }
        (record, action)
    }

    /// The shell found no `fetch` to send with (none given, and the runtime has none): the
    /// attempt was not made, and the call ends with a configuration error.
    pub fn no_fetch(&mut self) -> Action {
        self.attempts = self.attempts.saturating_sub(1);
        self.fail(LtsError::Config {
            of: OptionsOf::Client,
            issues: vec![crate::pipeline::validate::ValidationIssue::new(
                "fetch",
                "required",
                "this runtime has no global fetch: pass one as the fetch option",
            )],
        })
    }

    /// The credentials function did not settle within the time [`Action::GetCredentials { .. }`] gave
    /// it: the call ends with a timeout (the deadline's, when that is what ran out).
    pub fn credentials_timed_out(&mut self, _now_ms: u64) -> Action {
        let sent = self.sent_before;
        if self.cut_by_deadline {
            return self.fail(self.deadline_error(sent));
        }
        self.fail(LtsError::Timeout {
            after_ms: self.settings.timeout_ms,
            deadline: false,
            request_may_have_been_sent: sent,
            waiting_for_credentials: true,
            by_signal: false,
        })
    }

    /// The wait between attempts (or for the credentials function) ended at `now_ms`, or
    /// early because the caller's signal aborted (`by_timeout`: with a `TimeoutError` reason).
    pub fn wait_over(&mut self, now_ms: u64, aborted: bool) -> Action {
        self.wait_ended(now_ms, aborted, false)
    }

    /// [`Call::wait_over`], saying whether the signal's reason was a `TimeoutError`.
    pub fn wait_ended(&mut self, now_ms: u64, aborted: bool, by_timeout: bool) -> Action {
        if aborted {
            let sent = self.sent_before;
            return self.fail(abort_error(sent, by_timeout));
        }
        self.prepare(now_ms)
    }

    /// The next attempt: fresh credentials first when they come from a function, then the
    /// deadline, then the request, signed now (X-Sdk-Date must be within 15 minutes).
    fn prepare(&mut self, now_ms: u64) -> Action {
        let left = self.remaining(now_ms);
        if left == Some(0) {
            return self.fail(self.deadline_error(self.sent_before));
        }
        if matches!(self.config.credentials, CredentialSource::Provider) && !self.fresh {
            // Waiting for the function is bounded like an attempt: a function that never
            // settles must not hold the call for ever.
            let within_ms = left.map_or(self.settings.timeout_ms, |r| {
                r.min(self.settings.timeout_ms)
            });
            self.cut_by_deadline = left.is_some_and(|r| r < self.settings.timeout_ms);
            return Action::GetCredentials { within_ms };
        }
        self.fresh = false;
        // The last attempt before the deadline gets only what is left of it.
        self.timeout_ms = left.map_or(self.settings.timeout_ms, |r| {
            r.min(self.settings.timeout_ms)
        });
        self.cut_by_deadline = left.is_some_and(|r| r < self.settings.timeout_ms);
        let credentials = match (&self.config.credentials, &self.provided) {
            (CredentialSource::Static(c), _) | (CredentialSource::Provider, Some(c)) => c,
            (CredentialSource::Provider, None) => {
                return self.fail(LtsError::Credentials {
                    message: String::from("the credentials function gave no credentials"),
                    retryable: false,
                    cause: None,
                })
            }
        };
        if self.project.is_none() && self.lookup.is_none() && self.op.project_scoped() {
            if let Some(project) = &self.config.project_id {
                self.project = Some(project.clone());
            } else {
                let Some(key) = self.config.project_key(credentials) else {
                    return self.fail(no_project_source());
                };
                let (token, Some(lookup)) = (
                    matches!(credentials, Credentials::Token(_)),
                    self.config.project_lookup,
                ) else {
                    return self.fail(no_project_source());
                };
                match cached(key) {
                    Cached::Known(id) => self.project = Some(id),
                    Cached::InFlight if !self.joined => {
                        self.joined = true;
                        // The credentials just obtained serve the request after the wait.
                        self.fresh = true;
                        return Action::Join {
                            key: key.hex(),
                            within_ms: self.timeout_ms,
                        };
                    }
                    _ => {
                        mark_in_flight(key);
                        self.lookup_key = Some(key);
                        let region = self.config.region.as_deref().unwrap_or_default();
                        self.lookup = Some((lookup.0)(region, token));
                        self.base = self.attempts;
                    }
                }
            }
        }
        if self.lookup.is_none() {
            if let Some(output) = self
                .project
                .as_deref()
                .and_then(|p| self.op.result_without_request(p))
            {
                return Action::Finish(Ok(output));
            }
        }
        let (op, body) = match &self.lookup {
            Some(lookup) => (lookup.as_ref(), None),
            None => (self.op.as_ref(), self.body.as_deref()),
        };
        let request = build_request_with_body(
            &self.config,
            op,
            body,
            credentials,
            now_ms / 1000,
            self.project.as_deref().unwrap_or_default(),
        );
        self.attempts += 1;
        let timeout_ms = self.timeout_ms;
        self.url.clone_from(&request.url);
        Action::Send {
            request,
            timeout_ms,
        }
    }

    /// IAM answered the lookup: exactly one project goes on to the operation (and into the
    /// realm's cache); none or several end the call without sending it.
    fn project_found(&mut self, output: Output, now_ms: u64) -> Action {
        let ids = output
            .downcast::<ProjectMatches>()
            .map(|m| m.ids)
            .unwrap_or_default();
        let key = self.lookup_key.take();
        self.settled = key;
        match <[String; 1]>::try_from(ids) {
            Ok([id]) => {
                if let Some(key) = key {
                    remember(key, &id);
                }
                self.project = Some(id);
                self.lookup = None;
                self.base = self.attempts;
                self.sent_before = false;
                // The credentials of the lookup serve the operation's first attempt.
                self.fresh = true;
                self.prepare(now_ms)
            }
            Err(ids) => {
                if let Some(key) = key {
                    forget_in_flight(key);
                }
                let problem = ProjectProblem {
                    region: self.config.region.clone().unwrap_or_default(),
                    iam_endpoint: self.iam_endpoint(),
                    trace_id: self.trace_id.take(),
                    ids,
                };
                self.lookup = None;
                self.fail(LtsError::Project(Box::new(problem)))
            }
        }
    }

    fn iam_endpoint(&self) -> String {
        self.config
            .endpoint("iam")
            .map(ToString::to_string)
            .unwrap_or_default()
    }

    fn after_failure(
        &mut self,
        mut error: LtsError,
        retry_after: Option<&str>,
        now_ms: u64,
        random: f64,
    ) -> Action {
        let sent = error.request_may_have_been_sent() || self.sent_before;
        self.sent_before = sent;
        match &mut error {
            LtsError::Abort { .. }
            | LtsError::Timeout {
                by_signal: true, ..
            } => {
                let by_timeout = matches!(error, LtsError::Timeout { .. });
                return self.fail(abort_error(sent, by_timeout));
            }
            LtsError::Timeout { .. } if self.cut_by_deadline => {
                return self.fail(self.deadline_error(sent))
            }
            LtsError::Api(api) if self.attempts.saturating_sub(self.base) > 1 => {
                self.current().explain_after_retry(api)
            }
            _ => {}
        }
        let outcome = match &error {
            LtsError::Api(api) => AttemptOutcome::Api {
                status: api.status,
                code: api.code.as_deref(),
                retry_after,
            },
            LtsError::Network {
                request_may_have_been_sent,
                ..
            } => AttemptOutcome::Network {
                sent: *request_may_have_been_sent,
            },
            LtsError::Timeout { .. } => AttemptOutcome::AttemptTimeout,
            _ => AttemptOutcome::Aborted,
        };
        let decision = decide_for(
            &self.settings.retry,
            self.current().safety(),
            &outcome,
            self.attempts.saturating_sub(self.base),
            random,
            now_ms,
            self.remaining(now_ms),
        );
        match decision {
            RetryDecision::RetryAfter { delay_ms } => Action::Wait { ms: delay_ms },
            RetryDecision::Stop(_) => {
                if let LtsError::Network {
                    request_may_have_been_sent,
                    ..
                } = &mut error
                {
                    *request_may_have_been_sent = sent;
                }
                self.fail(error)
            }
        }
    }

    /// Ends the call with `error`. During the project lookup, the lookup is released (the
    /// next call asks again) and the error says what was being asked.
    fn fail(&mut self, mut error: LtsError) -> Action {
        if self.lookup.take().is_some() {
            if let Some(key) = self.lookup_key.take() {
                forget_in_flight(key);
                self.settled = Some(key);
            }
            let asked = format!(
                "IAM ({}) did not give the project id of region {}",
                self.iam_endpoint(),
                self.config.region.as_deref().unwrap_or_default()
            );
            let trace = match self.trace_id.take() {
                Some(t) => format!(" (X-IAM-Trace-Id={t})"),
                None => String::new(),
            };
            match &mut error {
                LtsError::Api(api) => {
                    api.message = format!(
                        "{asked}: {}{trace}; pass projectId to skip the lookup",
                        api.message
                    );
                }
                LtsError::Network { message, .. } => {
                    *message = format!("{message} ({asked})");
                }
                _ => {}
            }
        }
        Action::Finish(Err(CallError::new(error, self.attempts)))
    }

    fn remaining(&self, now_ms: u64) -> Option<u64> {
        self.deadline_at.map(|at| at.saturating_sub(now_ms))
    }

    fn deadline_error(&self, sent: bool) -> LtsError {
        LtsError::Timeout {
            after_ms: self.settings.deadline_ms.unwrap_or(0),
            deadline: true,
            request_may_have_been_sent: sent,
            waiting_for_credentials: false,
            by_signal: false,
        }
    }
}

/// A call needs the project id, and the client has neither `projectId` nor a region and an
/// IAM endpoint to find it with (the options' validation prevents this).
fn no_project_source() -> LtsError {
    LtsError::Config {
        of: OptionsOf::Client,
        issues: vec![crate::pipeline::validate::ValidationIssue::new(
            "projectId",
            "required",
            "projectId is required unless region is given (the project is then found from the region through IAM)",
        )],
    }
}

/// The error of a call the caller's signal aborted: a timeout when the signal's reason is a
/// `TimeoutError` (as `AbortSignal.timeout()` makes), an abort otherwise.
fn abort_error(sent: bool, by_timeout: bool) -> LtsError {
    if by_timeout {
        LtsError::Timeout {
            after_ms: 0,
            deadline: false,
            request_may_have_been_sent: sent,
            waiting_for_credentials: false,
            by_signal: true,
        }
    } else {
        LtsError::Abort {
            request_may_have_been_sent: sent,
        }
    }
}

/// How a runtime's `fetch` (or the read of its answer) failed, as the shell reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FetchFailure<'a> {
    /// It threw (or rejected with) an Error-like object.
    Thrown {
        /// Its `name` (`TypeError`), possibly empty.
        name: &'a str,
        /// Its `message`.
        message: &'a str,
        /// Its `cause.message` (Node's undici puts the socket error there).
        cause_message: &'a str,
        /// Its `cause.code` or `code` (`ECONNREFUSED`).
        code: &'a str,
    },
    /// It rejected with a string (`controller.abort("reason")` elsewhere, a test double).
    ThrownString(&'a str),
    /// It rejected with something that is neither an object nor a string.
    ThrownOther,
    /// It resolved with something that is not a Response.
    NotAResponse,
    /// The answer's body could not be read as bytes; says why.
    BodyNotBytes(&'a str),
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

/// The longest network error message kept, in characters.
const NETWORK_MESSAGE_CHARS: usize = 400;

impl Transport {
    /// The network outcome of a failed fetch: a message a user can act on (the browser's
    /// "Failed to fetch" gets the CORS hint), and whether the request may have been sent
    /// (not when the runtime proved the connection never opened).
    pub fn from_failure(failure: FetchFailure<'_>) -> Transport {
        let mut cause = None;
        let (message, sent) = match failure {
            FetchFailure::Thrown {
                name,
                message,
                cause_message,
                code,
            } => {
                let name = if name.is_empty() { "Error" } else { name };
                let short = |t: &str| -> String { t.chars().take(NETWORK_MESSAGE_CHARS).collect() };
                cause = Some(ErrorCause {
                    name: short(name),
                    message: short(message),
                    code: (!code.is_empty()).then(|| short(code)),
                });
                let mut text = format!("{name}: {message}");
                if !cause_message.is_empty() {
                    text.push_str(&format!(" ({cause_message})"));
                } else if !code.is_empty() {
                    text.push_str(&format!(" ({code})"));
                }
                if contains(&text, "Failed to fetch") || contains(&text, "NetworkError") {
                    text.push_str("; in a browser this is also how a CORS refusal looks: LTS answers no CORS preflight, so call it through a same-origin proxy");
                }
                (text, !NOT_SENT_CODES.contains(&code))
            }
            FetchFailure::ThrownString(s) => (format!("fetch rejected with \"{s}\""), true),
            FetchFailure::ThrownOther => (
                String::from("fetch rejected with a value that is not an Error"),
                true,
            ),
            FetchFailure::NotAResponse => (
                String::from("fetch resolved with something that is not a Response"),
                true,
            ),
            FetchFailure::BodyNotBytes(why) => {
                (format!("the answer's body could not be read: {why}"), true)
            }
        };
        Transport::Network {
            message: message.chars().take(NETWORK_MESSAGE_CHARS).collect(),
            sent,
            cause,
        }
    }
}

/// Milliseconds from JavaScript's `Date.now()` as the core's clock: a value that is not a
/// positive finite number (a broken clock) is 0.
pub fn millis(ms: f64) -> u64 {
    if ms.is_finite() && ms > 0.0 {
        ms as u64
    } else {
        0
    }
}

impl Action {
    /// The action as the shell reads it (`src/wasm/shell.js`): one letter, then fields
    /// separated by NUL. No field can hold a NUL: URLs and header values are checked printable
    /// ASCII, and JSON escapes control characters.
    ///
    /// ```text
    /// C ms                                          call the credentials function (within ms)
    /// S timeout method url headerLines hasBody body send (headerLines: "Name: value" lines)
    /// W ms                                          wait
    /// J key ms                                      wait for another call's project lookup
    /// N key <action>                                (a prefix) the lookup `key` ended
    /// R json                                        resolve with this result
    /// E json                                        reject with this error ({ name, message, props })
    /// ```
    pub fn to_shell_text(self) -> String {
        match self {
            Action::GetCredentials { within_ms } => format!("C\0{}", Dec(within_ms)),
            Action::Send {
                request,
                timeout_ms,
            } => {
                let (has_body, body) = match &request.body {
                    Some(b) => ("1", b.as_str()),
                    None => ("0", ""),
                };
                format!(
                    "S\0{}\0{}\0{}\0{}\0{has_body}\0{body}",
                    Dec(timeout_ms),
                    request.method,
                    request.url,
                    request.header_lines()
                )
            }
            Action::Wait { ms } => format!("W\0{}", Dec(ms)),
            Action::Join { key, within_ms } => format!("J\0{key}\0{}", Dec(within_ms)),
            Action::Finish(Ok(output)) => format!("R\0{}", output.to_json()),
            Action::Finish(Err(e)) => format!("E\0{}", e.to_json()),
        }
    }
}

impl Transport {
    /// What the shell reports of an attempt that got no answer, by `kind`: 1 fetch threw an
    /// Error-like object (its `name`, `message`, `cause.message`, `cause.code`), 2 a string, 3
    /// another value; 4 it resolved with something that is not a Response; 5 the body was not
    /// bytes; 6 our timer fired; 7 the caller aborted before sending, 8 after; 10 and 11 the
    /// same with a `TimeoutError` reason (`AbortSignal.timeout()`). `None` for 9:
    /// there is no fetch to call at all.
    pub fn from_shell(
        kind: u8,
        name: &str,
        message: &str,
        cause_message: &str,
        code: &str,
    ) -> Option<Transport> {
        Some(match kind {
            9 => return None,
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
            7 | 8 | 10 | 11 => Transport::Aborted {
                sent: kind == 8 || kind == 11,
                by_timeout: kind >= 10,
            },
            _ => Transport::from_failure(FetchFailure::ThrownOther),
        })
    }
}
