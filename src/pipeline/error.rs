//! The crate's one error type. Each variant says whose fault it is, whether a retry can help,
//! and whether the request may have reached the service.

use crate::wire::text::Dec;
use std::fmt;

use crate::pipeline::validate::{write_issues, ValidationIssue};
use crate::wire::json::ObjectWriter;

/// Everything that can go wrong when registering an instance.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum LtsError {
    /// Options are wrong: the client's (project id, endpoint, region, credentials), a call's
    /// or a preview's. The caller's fault; nothing was sent; a retry cannot help.
    Config {
        /// Which options.
        of: OptionsOf,
        /// Every problem found, each naming the option and the rule.
        issues: Vec<ValidationIssue>,
    },
    /// The credentials function failed: it threw or rejected (perhaps a passing outage of the
    /// store it reads: a retry can help), or gave something that is not credentials (it
    /// cannot). Nothing was sent by this attempt.
    Credentials {
        /// What went wrong, the function's own message included (redacted where it leaves).
        message: String,
        /// Whether calling again may help.
        retryable: bool,
        /// What the function threw, when it threw.
        cause: Option<ErrorCause>,
    },
    /// The request body breaks the API's rules. The caller's fault; nothing was sent; a retry
    /// cannot help.
    Validation {
        /// Every problem found, each naming the field and the rule.
        issues: Vec<ValidationIssue>,
    },
    /// The service (or a gateway or proxy in front of it) answered with an error, or with a
    /// success that carries no usable result. The request was sent.
    Api(ApiError),
    /// No answer arrived: the connection failed, was reset, or the runtime refused the request
    /// (CORS, mixed content). A retry can help, but the request may have been processed.
    Network {
        /// What the runtime reported, without any request data.
        message: String,
        /// Whether any byte of the request may have reached the service.
        request_may_have_been_sent: bool,
        /// The runtime's own error, when it threw one (its copy becomes the JS error's `cause`).
        cause: Option<ErrorCause>,
    },
    /// Our timer fired: an attempt took longer than `timeoutMs`, or the whole call (retries
    /// and waits included) longer than `deadlineMs`. A later retry can help, but the request
    /// may have been processed.
    Timeout {
        /// The limit that was reached, in milliseconds.
        after_ms: u64,
        /// Whether it was the whole call's deadline (otherwise one attempt's timeout).
        deadline: bool,
        /// Whether the request may have reached the service.
        request_may_have_been_sent: bool,
        /// Whether it was the credentials function that did not settle in time.
        waiting_for_credentials: bool,
        /// Whether it was the caller's signal, aborted with a `TimeoutError` reason
        /// (`AbortSignal.timeout()`), rather than our timer.
        by_signal: bool,
    },
    /// The caller aborted the call through its `AbortSignal`.
    Abort {
        /// Whether the request had been handed to the network before the abort.
        request_may_have_been_sent: bool,
    },
    /// The project id could not be found from the region: IAM lists no project of that name
    /// for these credentials, or more than one. The operation was not sent; passing
    /// `projectId` is the fix.
    Project(Box<ProjectProblem>),
}

/// Why the region's project could not be chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectProblem {
    /// The region looked up.
    pub region: String,
    /// The IAM endpoint asked.
    pub iam_endpoint: String,
    /// IAM's `X-IAM-Trace-Id`, when the answer had one.
    pub trace_id: Option<String>,
    /// The ids of the projects named as the region (none, or several).
    pub ids: Vec<String>,
}

/// Which options a configuration error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionsOf {
    /// `new LtsClient(options)`.
    Client,
    /// A call's second argument (`signal`, `timeoutMs`, `retry`, ...).
    Call,
    /// A preview's second argument (`revealSecrets`).
    Preview,
}

impl OptionsOf {
    fn describe(self) -> &'static str {
        match self {
            OptionsOf::Client => "invalid client options",
            OptionsOf::Call => "invalid call options",
            OptionsOf::Preview => "invalid preview options",
        }
    }
}

/// An error thrown by the runtime or the caller's function, as the JavaScript error's `cause`
/// shows a copy of it (redacted where it leaves).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorCause {
    /// Its `name` (`TypeError`).
    pub name: String,
    /// Its `message`.
    pub message: String,
    /// Its `code` or `cause.code` (`ECONNREFUSED`), when it has one.
    pub code: Option<String>,
}

/// An error answer from the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// The service's error code (`LTS.1719`, `APIGW.0301`, ...) when the body had one.
    pub code: Option<String>,
    /// The service's error message, or a short excerpt of a body that was not an error object.
    pub message: String,
    /// The `X-Request-Id` of the answer (or the body's `request_id`): what support asks for.
    pub request_id: Option<String>,
}

impl LtsError {
    /// The JavaScript error class name of this error.
    pub fn name(&self) -> &'static str {
        match self {
            LtsError::Config { .. } => "LtsConfigError",
            LtsError::Credentials { .. } => "LtsCredentialsError",
            LtsError::Validation { .. } => "LtsValidationError",
            LtsError::Api(_) => "LtsApiError",
            LtsError::Network { .. } => "LtsNetworkError",
            // The platform's names (fetch, AbortSignal.timeout): LtsTimeoutError and
            // LtsAbortError are the classes.
            LtsError::Timeout { .. } => "TimeoutError",
            LtsError::Abort { .. } => "AbortError",
            LtsError::Project(_) => "LtsProjectError",
        }
    }

    /// Whether the same request may succeed if sent again later.
    pub fn retryable(&self) -> bool {
        match self {
            LtsError::Config { .. }
            | LtsError::Validation { .. }
            | LtsError::Abort { .. }
            | LtsError::Project(_) => false,
            LtsError::Network { .. } | LtsError::Timeout { .. } => true,
            LtsError::Credentials { retryable, .. } => *retryable,
            LtsError::Api(api) => api.retryable(),
        }
    }

    /// Whether the request may have reached the service (and so may have been processed).
    pub fn request_may_have_been_sent(&self) -> bool {
        match self {
            LtsError::Config { .. } | LtsError::Validation { .. } | LtsError::Project(_) => false,
            LtsError::Credentials { .. } => false,
            LtsError::Api(_) => true,
            LtsError::Network {
                request_may_have_been_sent,
                ..
            }
            | LtsError::Timeout {
                request_may_have_been_sent,
                ..
            }
            | LtsError::Abort {
                request_may_have_been_sent,
            } => *request_may_have_been_sent,
        }
    }

    /// The issues of a configuration or validation error; empty for the others.
    pub fn issues(&self) -> &[ValidationIssue] {
        match self {
            LtsError::Config { issues, .. } | LtsError::Validation { issues } => issues,
            _ => &[],
        }
    }
}

impl ApiError {
    /// Whether a later retry can help: throttling, gateway and server errors.
    pub fn retryable(&self) -> bool {
        matches!(self.status, 408 | 429 | 500 | 502 | 503 | 504)
            || matches!(self.code.as_deref(), Some("APIGW.0308") | Some("LTS.0010"))
    }
}

fn join_issue_messages(f: &mut fmt::Formatter<'_>, issues: &[ValidationIssue]) -> fmt::Result {
    let (listed, more) = crate::pipeline::validate::listed_issues(issues);
    for (i, issue) in listed.iter().chain(more.as_ref()).enumerate() {
        if i > 0 {
            f.write_str("; ")?;
        }
        f.write_str(&issue.message)?;
    }
    Ok(())
}

impl fmt::Display for LtsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LtsError::Config { of, issues } => {
                f.write_str(of.describe())?;
                f.write_str(": ")?;
                join_issue_messages(f, issues)
            }
            LtsError::Credentials { message, .. } => f.write_str(message),
            LtsError::Validation { issues } if issues.iter().all(|i| i.rule == "not_found") => {
                f.write_str("nothing was written: ")?;
                join_issue_messages(f, issues)
            }
            LtsError::Validation { issues } => {
                let n = issues.len();
                write!(
                    f,
                    "the request was not sent: {} problem{} in the body: ",
                    Dec::of(n),
                    if n == 1 { "" } else { "s" }
                )?;
                join_issue_messages(f, issues)
            }
            LtsError::Api(api) => fmt::Display::fmt(api, f),
            LtsError::Network { message, .. } => {
                write!(f, "no answer from the endpoint: {message}")
            }
            LtsError::Timeout { by_signal: true, .. } => f.write_str(
                "the caller's signal timed out (it was aborted with a TimeoutError, as AbortSignal.timeout() does)",
            ),
            LtsError::Timeout {
                after_ms,
                deadline: false,
                waiting_for_credentials: true,
                ..
            } => write!(
                f,
                "the credentials function did not settle within {} ms (timeoutMs)",
                Dec(*after_ms)
            ),
            LtsError::Timeout {
                after_ms,
                deadline: false,
                ..
            } => write!(
                f,
                "no complete answer within {} ms (timeoutMs, per attempt)",
                Dec(*after_ms)
            ),
            LtsError::Timeout { after_ms, .. } => write!(
                f,
                "the call did not finish within {} ms (deadlineMs, retries included)",
                Dec(*after_ms)
            ),
            LtsError::Abort { .. } => f.write_str("the call was aborted by the caller"),
            LtsError::Project(p) => {
                let trace = p.trace_id.as_deref().unwrap_or("none");
                match p.ids.len() {
                    0 => write!(
                        f,
                        "IAM ({}) lists no project named {} for these credentials (X-IAM-Trace-Id={trace}): confirm that the project exists in the account, or pass projectId",
                        p.iam_endpoint, p.region
                    ),
                    n => write!(
                        f,
                        "IAM ({}) lists {} projects named {}: {} (X-IAM-Trace-Id={trace}): pass projectId to choose one",
                        p.iam_endpoint,
                        Dec::of(n),
                        p.region,
                        crate::wire::text::join(&p.ids, ", ")
                    ),
                }
            }
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for LtsError {}

impl LtsError {
    /// The properties of the JavaScript error object besides `name` and `message`, as JSON:
    /// `retryable`, `requestMayHaveBeenSent`, `attempts`, and `issues`, `status`, `code`,
    /// `requestId` where they apply. Never a secret: the error holds none.
    pub fn props_json(&self, attempts: u32) -> String {
        let mut out = String::new();
        self.write_props(&mut out, attempts, None);
        out
    }

    fn write_props(&self, out: &mut String, attempts: u32, workflow: Option<(&str, &str)>) {
        let mut props = ObjectWriter::new(out);
        props
            .bool("retryable", self.retryable())
            .bool("requestMayHaveBeenSent", self.request_may_have_been_sent())
            .u64("attempts", u64::from(attempts));
        match self {
            LtsError::Config { issues, .. } | LtsError::Validation { issues } => {
                props.with("issues", |out| write_issues(out, issues));
            }
            LtsError::Network {
                cause: Some(cause), ..
            }
            | LtsError::Credentials {
                cause: Some(cause), ..
            } => {
                props.with("cause", |out| {
                    ObjectWriter::new(out)
                        .str("name", &cause.name)
                        .str("message", &cause.message)
                        .opt_str("code", cause.code.as_deref())
                        .end();
                });
            }
            LtsError::Timeout {
                by_signal: true, ..
            }
            | LtsError::Abort { .. } => {
                // The JavaScript error's cause is the signal's reason, which only the shell has.
                props.bool("causeIsSignalReason", true);
            }
            LtsError::Project(p) => {
                props
                    .str("region", &p.region)
                    .str("iamEndpoint", &p.iam_endpoint)
                    .opt_str("traceId", p.trace_id.as_deref())
                    .with("projectIds", |out| {
                        out.push('[');
                        for (i, id) in p.ids.iter().enumerate() {
                            if i > 0 {
                                out.push(',');
                            }
                            crate::wire::json::write_str(out, id);
                        }
                        out.push(']');
                    });
            }
            LtsError::Api(api) => {
                props.u64("status", u64::from(api.status));
                if let Some(code) = &api.code {
                    props.str("code", code);
                }
                if let Some(id) = &api.request_id {
                    props.str("requestId", id);
                }
            }
            _ => {}
        }
        if let Some((step, done)) = workflow {
            props.str("step", step).raw("done", done);
        }
        props.end();
    }
}

impl LtsError {
    /// The whole JavaScript error as JSON: `{ name, message, props }`, `props` as
    /// [`LtsError::props_json`] writes them.
    pub fn to_json(&self, attempts: u32) -> String {
        self.to_json_with(attempts, None)
    }

    /// [`LtsError::to_json`], with a workflow's failed `step` and the JSON of what was `done`
    /// among the properties.
    pub fn to_json_with(&self, attempts: u32, workflow: Option<(&str, &str)>) -> String {
        let mut out = String::new();
        ObjectWriter::new(&mut out)
            .str("name", self.name())
            .str("message", &crate::wire::text::to_text(self))
            .with("props", |out| self.write_props(out, attempts, workflow))
            .end();
        out
    }
}
