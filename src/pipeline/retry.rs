//! When to try a registration again, and how long to wait: pure decisions, with the random
//! number and the clock passed in.
//!
//! Registration is one-shot: an instance can be registered once, so a retry after a request
//! that may have been processed can turn a success into "already registered". By default only
//! answers that prove the request was not processed are retried: 429 and 503 (honouring
//! `Retry-After`), and connection failures that happened before anything was sent. With
//! `retry_unsafe`, also 500, 502, 504, network errors after sending and attempt timeouts.
//! Never a 401 (the gateway locks an access key after 5 bad signatures), another 4xx, a
//! validation error or the caller's abort.

use crate::pipeline::operation::RetrySafety;

/// The retry settings of a client or a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 = no retry). Default 3.
    pub max_attempts: u32,
    /// The first backoff ceiling; it doubles on each retry. Default 500 ms.
    pub base_delay_ms: u64,
    /// The longest wait between attempts, also the longest `Retry-After` honoured. Default 20 s.
    pub max_delay_ms: u64,
    /// Also retry outcomes after which the request may have been processed. Default false.
    pub retry_unsafe: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay_ms: 500,
            max_delay_ms: 20_000,
            retry_unsafe: false,
        }
    }
}

/// How one attempt ended, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptOutcome<'a> {
    /// An error answer, with its `Retry-After` header when there was one.
    Api {
        /// The HTTP status.
        status: u16,
        /// The error code, when the body had one.
        code: Option<&'a str>,
        /// The raw `Retry-After` header.
        retry_after: Option<&'a str>,
    },
    /// No answer: `sent` is false only when the runtime proved nothing left the machine.
    Network {
        /// Whether any byte of the request may have been sent.
        sent: bool,
    },
    /// Our per-attempt timer fired before the answer was complete.
    AttemptTimeout,
    /// The caller aborted.
    Aborted,
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryDecision {
    /// Wait this long, then try again.
    RetryAfter {
        /// Milliseconds to wait.
        delay_ms: u64,
    },
    /// Give up and report the attempt's error.
    Stop(StopReason),
}

/// Why no further attempt is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopReason {
    /// The outcome is never retried (4xx, 401, abort) or not under this policy.
    NotRetryable,
    /// `max_attempts` reached.
    AttemptsExhausted,
    /// The service asked to wait longer than `max_delay_ms`.
    RetryAfterTooLong,
    /// The wait would end after the call's deadline.
    DeadlineTooClose,
}

/// Whether the outcome may be retried under the policy, for a one-shot request (the
/// registration), ignoring counts and delays.
pub fn is_retryable(policy: &RetryPolicy, outcome: &AttemptOutcome<'_>) -> bool {
    is_retryable_for(policy, RetrySafety::OneShot, outcome)
}

/// Whether the outcome may be retried for a request of the given safety: outcomes after which
/// the request may have been processed (500, 502, 504, `LTS.0010`, a network error after
/// sending, an attempt timeout) only when sending it twice is harmless, or with
/// `retry_unsafe`.
pub fn is_retryable_for(
    policy: &RetryPolicy,
    safety: RetrySafety,
    outcome: &AttemptOutcome<'_>,
) -> bool {
    let unsafe_ok = policy.retry_unsafe || safety != RetrySafety::OneShot;
    match *outcome {
        AttemptOutcome::Aborted => false,
        AttemptOutcome::Network { sent: false } => true,
        AttemptOutcome::Network { sent: true } | AttemptOutcome::AttemptTimeout => unsafe_ok,
        AttemptOutcome::Api { status, code, .. } => {
            let proves_not_processed = status == 429 || status == 503 || code == Some("APIGW.0308");
            let may_have_been_processed = matches!(status, 500 | 502 | 504)
                || (code == Some("LTS.0010") && status != 401 && status != 403);
            proves_not_processed || (unsafe_ok && may_have_been_processed)
        }
    }
}

/// Decides what follows the failed attempt number `attempt` (1 for the first) of a one-shot
/// request (the registration). See [`decide_for`].
pub fn decide(
    policy: &RetryPolicy,
    outcome: &AttemptOutcome<'_>,
    attempt: u32,
    random: f64,
    now_unix_ms: u64,
    remaining_ms: Option<u64>,
) -> RetryDecision {
    decide_for(
        policy,
        RetrySafety::OneShot,
        outcome,
        attempt,
        random,
        now_unix_ms,
        remaining_ms,
    )
}

/// Decides what follows the failed attempt number `attempt` (1 for the first) of a request of
/// the given safety.
///
/// `random` is uniform in `[0, 1)` (full jitter); `now_unix_ms` dates an HTTP-date
/// `Retry-After`; `remaining_ms` is what is left of the call's deadline, if it has one.
pub fn decide_for(
    policy: &RetryPolicy,
    safety: RetrySafety,
    outcome: &AttemptOutcome<'_>,
    attempt: u32,
    random: f64,
    now_unix_ms: u64,
    remaining_ms: Option<u64>,
) -> RetryDecision {
    if !is_retryable_for(policy, safety, outcome) {
        return RetryDecision::Stop(StopReason::NotRetryable);
    }
    if attempt >= policy.max_attempts {
        return RetryDecision::Stop(StopReason::AttemptsExhausted);
    }
    let asked = match outcome {
        AttemptOutcome::Api {
            retry_after: Some(value),
            ..
        } => parse_retry_after(value, now_unix_ms),
        _ => None,
    };
    let delay_ms = match asked {
        Some(ms) if ms > policy.max_delay_ms => {
            return RetryDecision::Stop(StopReason::RetryAfterTooLong)
        }
        Some(ms) => ms,
        None => backoff_ms(policy, attempt, random),
    };
    match remaining_ms {
        Some(left) if delay_ms >= left => RetryDecision::Stop(StopReason::DeadlineTooClose),
        _ => RetryDecision::RetryAfter { delay_ms },
    }
}

/// Full jitter: uniform in `[0, min(max_delay, base * 2^(attempt-1))]`.
pub fn backoff_ms(policy: &RetryPolicy, attempt: u32, random: f64) -> u64 {
    let exponent = attempt.saturating_sub(1).min(32);
    let ceiling = policy
        .base_delay_ms
        .saturating_mul(1u64 << exponent)
        .min(policy.max_delay_ms);
    let random = if random.is_finite() {
        random.clamp(0.0, 1.0)
    } else {
        0.0
    };
    // ceiling <= max_delay_ms, far below 2^53: the float round trip is exact enough.
    (random * ceiling as f64).floor() as u64
}

/// Parses `Retry-After`: delay-seconds, or an HTTP date (IMF-fixdate, RFC 850 or asctime)
/// relative to `now_unix_ms`. A date in the past is 0; garbage is `None`.
pub fn parse_retry_after(value: &str, now_unix_ms: u64) -> Option<u64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        let seconds: u64 = value.parse().unwrap_or(u64::MAX);
        return Some(seconds.saturating_mul(1000));
    }
    let at = parse_http_date(value)?;
    Some(at.saturating_mul(1000).saturating_sub(now_unix_ms))
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Seconds since the epoch of an HTTP date in any of the three formats RFC 9110 accepts.
fn parse_http_date(value: &str) -> Option<u64> {
    let parts: Vec<&str> = value
        .split([' ', ',', '-'])
        .filter(|p| !p.is_empty())
        .collect();
    // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT   -> [Sun, 06, Nov, 1994, 08:49:37, GMT]
    // RFC 850:     Sunday, 06-Nov-94 08:49:37 GMT  -> [Sunday, 06, Nov, 94, 08:49:37, GMT]
    // asctime:     Sun Nov  6 08:49:37 1994        -> [Sun, Nov, 6, 08:49:37, 1994]
    let (day, month, year, time) = match parts.as_slice() {
        [_, day, month, year, time, "GMT"] => (*day, *month, *year, *time),
        [_, month, day, time, year] => (*day, *month, *year, *time),
        _ => return None,
    };
    let day: u64 = day.parse().ok().filter(|d| (1..=31).contains(d))?;
    let month = MONTHS.iter().position(|m| *m == month)? as u64 + 1;
    let year: u64 = match year.parse::<u64>().ok()? {
        y if year.len() == 2 && y < 70 => 2000 + y,
        y if year.len() == 2 => 1900 + y,
        y if year.len() == 4 && y >= 1970 => y,
        _ => return None,
    };
    let hms: Vec<u64> = time
        .split(':')
        .map(|p| p.parse().ok())
        .collect::<Option<Vec<u64>>>()?;
    let [h, m, s] = hms.as_slice() else {
        return None;
    };
    if *h > 23 || *m > 59 || *s > 60 {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + s)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm), year >= 1970.
fn days_from_civil(year: u64, month: u64, day: u64) -> u64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_from_civil_matches_known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(2026, 11, 30), 1_796_040_000 / 86_400);
    }
}
