//! Timeouts and retries: client-wide defaults, overridable per call.

use crate::pipeline::retry::RetryPolicy;
use crate::pipeline::validate::{check_unknown_fields_of, ValidationIssue};
use crate::wire::input::Input;
use crate::wire::text::Dec;

/// The default time one attempt may take, in milliseconds.
pub const DEFAULT_TIMEOUT_MS: u64 = 30_000;
/// The most attempts a policy may ask for: more only hammers a failing service.
pub const MAX_ATTEMPTS_LIMIT: u32 = 10;
/// The largest timeout, deadline or delay accepted: one day.
pub const MAX_MS: u64 = 86_400_000;

/// How long a call may take and how it retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallSettings {
    /// The time one attempt may take (request and whole answer), in milliseconds.
    pub timeout_ms: u64,
    /// The time the whole call may take, retries and waits included; `None` for no limit.
    pub deadline_ms: Option<u64>,
    /// When and how to retry.
    pub retry: RetryPolicy,
}

impl Default for CallSettings {
    fn default() -> Self {
        CallSettings {
            timeout_ms: DEFAULT_TIMEOUT_MS,
            deadline_ms: None,
            retry: RetryPolicy::default(),
        }
    }
}

/// The option names settings take, at client and call level.
pub const SETTINGS_FIELDS: [&str; 3] = ["timeoutMs", "deadlineMs", "retry"];
const RETRY_FIELDS: &[&str] = &["maxAttempts", "baseDelayMs", "maxDelayMs", "retryUnsafe"];
const RETRY_ALIASES: &[(&str, &str)] = &[
    ("attempts", "maxAttempts"),
    ("retries", "maxAttempts"),
    ("maxRetries", "maxAttempts"),
    ("unsafe", "retryUnsafe"),
];

fn whole_ms(
    value: Option<&Input>,
    path: &str,
    min: u64,
    max: u64,
    issues: &mut Vec<ValidationIssue>,
) -> Option<u64> {
    match value {
        None | Some(Input::Undefined) => None,
        Some(Input::Number(n))
            if n.is_finite() && n.fract() == 0.0 && *n >= min as f64 && *n <= max as f64 =>
        {
            Some(*n as u64)
        }
        Some(Input::Number(_)) => {
            issues.push(ValidationIssue::new(
                path,
                "range",
                format!(
                    "{path} must be a whole number from {} to {}",
                    Dec(min),
                    Dec(max)
                ),
            ));
            None
        }
        Some(other) => {
            issues.push(ValidationIssue::new(
                path,
                "type",
                format!("{path} must be a number (got {})", other.kind()),
            ));
            None
        }
    }
}

impl CallSettings {
    /// These settings overridden by the `timeoutMs`, `deadlineMs` and `retry` entries of an
    /// options object (client or call options); `prefix` names the object in messages
    /// (empty for client options, `options` for a call's).
    pub fn overridden_by(
        &self,
        options: &Input,
        prefix: &str,
        issues: &mut Vec<ValidationIssue>,
    ) -> CallSettings {
        let path = |name: &str| {
            if prefix.is_empty() {
                name.to_owned()
            } else {
                format!("{prefix}.{name}")
            }
        };
        let mut out = *self;
        if let Some(ms) = whole_ms(
            options.get("timeoutMs"),
            &path("timeoutMs"),
            1,
            MAX_MS,
            issues,
        ) {
            out.timeout_ms = ms;
        }
        match options.get("deadlineMs") {
            Some(Input::Null) => out.deadline_ms = None,
            value => {
                if let Some(ms) = whole_ms(value, &path("deadlineMs"), 1, MAX_MS, issues) {
                    out.deadline_ms = Some(ms);
                }
            }
        }
        let retry_path = path("retry");
        match options.get("retry") {
            None | Some(Input::Undefined) => {}
            Some(retry @ Input::Object(entries)) => {
                check_unknown_fields_of(
                    entries,
                    &retry_path,
                    RETRY_FIELDS,
                    RETRY_ALIASES,
                    "a retry option",
                    "the retry options",
                    issues,
                );
                let sub = |name: &str| format!("{retry_path}.{name}");
                if let Some(n) = whole_ms(
                    retry.get("maxAttempts"),
                    &sub("maxAttempts"),
                    1,
                    u64::from(MAX_ATTEMPTS_LIMIT),
                    issues,
                ) {
                    out.retry.max_attempts = u32::try_from(n).unwrap_or(MAX_ATTEMPTS_LIMIT);
                }
                if let Some(ms) = whole_ms(retry.get("baseDelayMs"), &sub("baseDelayMs"), 0, MAX_MS, issues) {
                    out.retry.base_delay_ms = ms;
                }
                if let Some(ms) = whole_ms(retry.get("maxDelayMs"), &sub("maxDelayMs"), 0, MAX_MS, issues) {
                    out.retry.max_delay_ms = ms;
                }
                match retry.get("retryUnsafe") {
                    None | Some(Input::Undefined) => {}
                    Some(Input::Bool(b)) => out.retry.retry_unsafe = *b,
                    Some(other) => issues.push(ValidationIssue::new(
                        sub("retryUnsafe"),
                        "type",
                        format!("{} must be a boolean (got {})", sub("retryUnsafe"), other.kind()),
                    )),
                }
            }
            Some(Input::Bool(false)) => out.retry.max_attempts = 1,
            Some(other) => issues.push(ValidationIssue::new(
                retry_path.clone(),
                "type",
                format!(
                    "{retry_path} must be an object such as {{ maxAttempts: 3 }}, or false for no retry (got {})",
                    other.kind()
                ),
            )),
        }
        out
    }
}

/// What a call's options object (`{ signal, timeoutMs, deadlineMs, retry }`) says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallOptions {
    /// The client's settings overridden by the call's.
    pub settings: CallSettings,
    /// Whether a `signal` was given (the shell checks it is an `AbortSignal` and uses it).
    pub has_signal: bool,
}

const CALL_OPTION_ALIASES: &[(&str, &str)] = &[
    ("abortSignal", "signal"),
    ("timeout", "timeoutMs"),
    ("deadline", "deadlineMs"),
];

impl CallOptions {
    /// Checks a call's options (`undefined` and `null` for none) against the client's
    /// `defaults`; every problem at once.
    pub fn from_input(
        options: &Input,
        defaults: &CallSettings,
    ) -> Result<CallOptions, Vec<ValidationIssue>> {
        let mut issues = Vec::new();
        let settings = match options {
            Input::Undefined | Input::Null => *defaults,
            Input::Object(entries) => {
                let known: Vec<&str> = std::iter::once("signal")
                    .chain(SETTINGS_FIELDS.iter().copied())
                    .collect();
                check_unknown_fields_of(
                    entries,
                    "options",
                    &known,
                    CALL_OPTION_ALIASES,
                    "a call option",
                    "the call options",
                    &mut issues,
                );
                defaults.overridden_by(options, "options", &mut issues)
            }
            other => {
                issues.push(ValidationIssue::new(
                    "options",
                    "type",
                    format!(
                        "call options must be an object such as {{ signal, timeoutMs }} (got {})",
                        other.kind()
                    ),
                ));
                *defaults
            }
        };
        let has_signal = !matches!(
            options.get("signal"),
            None | Some(Input::Undefined) | Some(Input::Null)
        );
        if issues.is_empty() {
            Ok(CallOptions {
                settings,
                has_signal,
            })
        } else {
            Err(issues)
        }
    }
}

/// Whether preview options (`{ revealSecrets }`, or `undefined`/`null` for none) ask for the
/// secrets themselves.
pub fn preview_reveals_secrets(options: &Input) -> Result<bool, Vec<ValidationIssue>> {
    let mut issues = Vec::new();
    let reveal = match options {
        Input::Undefined | Input::Null => false,
        Input::Object(entries) => {
            check_unknown_fields_of(
                entries,
                "options",
                &["revealSecrets"],
                &[
                    ("showSecrets", "revealSecrets"),
                    ("unredacted", "revealSecrets"),
                ],
                "a preview option",
                "the preview options",
                &mut issues,
            );
            match options.get("revealSecrets") {
                None | Some(Input::Undefined) => false,
                Some(Input::Bool(b)) => *b,
                Some(other) => {
                    issues.push(ValidationIssue::new(
                        "options.revealSecrets",
                        "type",
                        format!(
                            "options.revealSecrets must be a boolean (got {})",
                            other.kind()
                        ),
                    ));
                    false
                }
            }
        }
        other => {
            issues.push(ValidationIssue::new(
                "options",
                "type",
                format!(
                    "preview options must be an object such as {{ revealSecrets: true }} (got {})",
                    other.kind()
                ),
            ));
            false
        }
    };
    if issues.is_empty() {
        Ok(reveal)
    } else {
        Err(issues)
    }
}
