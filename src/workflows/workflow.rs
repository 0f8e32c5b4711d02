//! A workflow of calls (the onboarding, a read-then-write update): one step at a time, each
//! a [`Call`] of the pipeline, under one deadline. A workflow says only how it starts and what
//! follows each step's result; everything else a shell drives ([`Drive`]) is passed to the
//! step in progress here, once for every workflow.

use std::rc::Rc;

use crate::auth::redact::{redact_json, Redactor};
use crate::auth::secret::Secret;
use crate::pipeline::call::{Action, AttemptRecord, Call, CallError, Drive, Transport};
use crate::pipeline::config::ClientConfig;
use crate::pipeline::credentials::Credentials;
use crate::pipeline::error::LtsError;
use crate::pipeline::operation::{Operation, Output};
use crate::pipeline::settings::CallSettings;

/// The steps of a workflow: the call in progress, the last one finished, the deadline.
pub struct Steps {
    config: Rc<ClientConfig>,
    settings: CallSettings,
    /// Secrets of the workflow's input (a Kafka password), known to every step's redaction.
    secrets: Vec<Secret>,
    deadline_at: Option<u64>,
    current: Option<Call>,
    /// The step that ended last, whose credentials the final result's redaction needs.
    last: Option<Call>,
}

impl Steps {
    /// Steps with the client's configuration and the call's settings (the deadline covers
    /// them all; each step's retries follow its operation's safety).
    pub fn new(config: Rc<ClientConfig>, settings: CallSettings, secrets: Vec<Secret>) -> Steps {
        Steps {
            config,
            settings,
            secrets,
            deadline_at: None,
            current: None,
            last: None,
        }
    }

    /// Starts `op` as the next step at `now_ms`, within what is left of the deadline (set
    /// from the first step's start).
    pub fn begin(&mut self, op: Box<dyn Operation>, now_ms: u64) -> Action {
        let deadline_at = *self.deadline_at.get_or_insert_with(|| {
            self.settings
                .deadline_ms
                .map_or(u64::MAX, |d| now_ms.saturating_add(d))
        });
        let mut settings = self.settings;
        if deadline_at != u64::MAX {
            settings.deadline_ms = Some(deadline_at.saturating_sub(now_ms).max(1));
        }
        let call = Call::new(Rc::clone(&self.config), op, settings)
            .with_workflow_secrets(self.secrets.clone());
        self.current.insert(call).start(now_ms)
    }

    /// How many requests the step that ended last sent.
    pub fn last_attempts(&self) -> u32 {
        self.last.as_ref().map_or(0, Call::attempts)
    }

    /// The client's configuration.
    pub fn config(&self) -> &Rc<ClientConfig> {
        &self.config
    }
}

/// What a workflow decides: its first step, and what follows each step's result.
pub trait Workflow {
    /// Its steps.
    fn steps(&mut self) -> &mut Steps;
    /// Starts the first step (with [`Steps::begin`]).
    fn first(&mut self, now_ms: u64) -> Action;
    /// A step finished with `result`: the next step, or the end.
    fn advance(&mut self, result: Result<Output, CallError>, now_ms: u64) -> Action;
}

/// An event arrived with no step in progress, or a step ended with the wrong result: the
/// shell broke the protocol. Reported, never a panic.
pub fn unexpected_event() -> CallError {
    CallError::new(
        LtsError::Network {
            message: String::from(
                "the workflow received an event it did not expect (an lts-kafka bug: please report it)",
            ),
            request_may_have_been_sent: true,
            cause: None,
        },
        0,
    )
}

/// Passes `event` to the step in progress, then the workflow decides what follows when the
/// step finished.
fn to_step<W: Workflow>(w: &mut W, now_ms: u64, event: impl FnOnce(&mut Call) -> Action) -> Action {
    let action = match w.steps().current.as_mut() {
        Some(call) => event(call),
        None => return Action::Finish(Err(unexpected_event())),
    };
    match action {
        Action::Finish(result) => {
            let steps = w.steps();
            steps.last = steps.current.take();
            w.advance(result, now_ms)
        }
        other => other,
    }
}

impl<W: Workflow> Drive for W {
    fn start(&mut self, now_ms: u64) -> Action {
        self.first(now_ms)
    }

    fn credentials_obtained(
        &mut self,
        credentials: Result<Credentials, LtsError>,
        now_ms: u64,
    ) -> Action {
        to_step(self, now_ms, |call| {
            call.credentials_obtained(credentials, now_ms)
        })
    }

    fn attempt_finished(
        &mut self,
        transport: Transport,
        now_ms: u64,
        random: f64,
        duration_ms: f64,
    ) -> (AttemptRecord, Action) {
        let mut record = AttemptRecord::none();
        let action = to_step(self, now_ms, |call| {
            let (r, action) = call.attempt_finished(transport, now_ms, random, duration_ms);
            record = r;
            action
        });
        (record, action)
    }

    fn wait_over(&mut self, now_ms: u64, aborted: bool) -> Action {
        self.wait_ended(now_ms, aborted, false)
    }

    fn wait_ended(&mut self, now_ms: u64, aborted: bool, by_timeout: bool) -> Action {
        to_step(self, now_ms, |call| {
            call.wait_ended(now_ms, aborted, by_timeout)
        })
    }

    fn no_fetch(&mut self) -> Action {
        // No fetch ends the workflow too: there is nothing to send any step with.
        to_step(self, 0, Call::no_fetch)
    }

    fn credentials_timed_out(&mut self, now_ms: u64) -> Action {
        to_step(self, now_ms, |call| call.credentials_timed_out(now_ms))
    }

    fn take_settled(&mut self) -> Option<String> {
        let steps = self.steps();
        let current = steps.current.as_mut().and_then(Drive::take_settled);
        current.or_else(|| steps.last.as_mut().and_then(Drive::take_settled))
    }

    fn redact(&mut self, json: &str) -> String {
        let steps = self.steps();
        match steps.current.as_mut().or(steps.last.as_mut()) {
            Some(call) => call.redact(json),
            None => {
                let own = Redactor::new(steps.secrets.iter().map(Secret::expose));
                redact_json(json, &[steps.config.static_redactor(), &own]).into_owned()
            }
        }
    }
}
