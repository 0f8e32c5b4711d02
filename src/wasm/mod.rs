//! The JavaScript shell: the only module that touches JS values. It converts arguments to
//! [`Input`], calls the core, moves bytes with `fetch`, and turns [`LtsError`]s into the JS
//! error classes of `errors.js`.

mod fetch;
mod js_input;

use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::config::{ClientConfig, CredentialSource, Credentials};
use crate::error::LtsError;
use crate::input::Input;
use crate::model::{RegisterDmsKafkaInstanceOutput, RegisterDmsKafkaInstanceRequest};
use crate::request::{build_register_request, HttpRequest};
use crate::response::{oversized_response, parse_register_response, redact_secrets};
use crate::retry::{decide, says_already_registered, AttemptOutcome, RetryDecision};
use crate::settings::{CallSettings, SETTINGS_FIELDS};
use crate::validate::{validate_register_request, ValidationIssue};
use fetch::{set, SendError};
use js_input::{get_property, js_to_input};

#[wasm_bindgen(module = "/src/wasm/errors.js")]
extern "C" {
    #[wasm_bindgen(js_name = createLtsError)]
    fn create_lts_error(name: &str, message: &str, props: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = isLtsError)]
    fn is_lts_error_js(value: &JsValue) -> bool;
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** The body of a registration, in the API's wire names. */
export interface RegisterDmsKafkaInstanceRequest {
  /** The Kafka instance's id (its UUID): 1 to 36 characters. */
  instance_id: string;
  /** The Kafka instance's name: 1 to 256 characters. */
  kafka_name: string;
  /** `{}` for an instance without SASL; `{ user_name, pwd }` for SASL_SSL. */
  connect_info: ConnectInfo;
}
/** SASL_SSL credentials, or neither field for an instance without SASL. */
export interface ConnectInfo {
  user_name?: string;
  pwd?: string;
}
/** A successful registration. */
export interface RegisterDmsKafkaInstanceOutput {
  /** The registered instance's id. */
  instance_id: string;
  /** The answer's X-Request-Id, or null when the service sent none. */
  requestId: string | null;
}
/** An IAM user token, sent as X-Auth-Token. */
export interface TokenCredentials {
  token: string;
  ak?: never;
  sk?: never;
  securityToken?: never;
}
/** An access key pair: requests are signed with SDK-HMAC-SHA256. */
export interface AkSkCredentials {
  ak: string;
  sk: string;
  /** The security token of temporary credentials (sent and signed as X-Security-Token). */
  securityToken?: string;
  token?: never;
}
/** Static credentials. */
export type StaticCredentials = TokenCredentials | AkSkCredentials;
/** Called before every request, so keys can rotate and tokens refresh without a new client. */
export type CredentialsProvider = () => StaticCredentials | Promise<StaticCredentials>;
/** How requests are authenticated. */
export type Credentials = StaticCredentials | CredentialsProvider;
/** The fetch the client calls: the global one unless `fetch` is given. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;
/** When and how a registration is retried. Registration is one-shot: by default only answers that prove the request was not processed (429, 503, a connection that never opened) are retried. */
export interface RetryOptions {
  /** Attempts in all, the first included (1 to 10). Default 3. */
  maxAttempts?: number;
  /** The first backoff ceiling in ms, doubling on each retry (full jitter). Default 500. */
  baseDelayMs?: number;
  /** The longest wait between attempts, and the longest Retry-After honoured. Default 20000. */
  maxDelayMs?: number;
  /** Also retry 500/502/504, network errors after sending and attempt timeouts, after which the instance may already be registered. Default false. */
  retryUnsafe?: boolean;
}
/** Timeouts and retries: client-wide, overridable per call. */
export interface CallSettings {
  /** The time one attempt may take, answer included, in ms. Default 30000. */
  timeoutMs?: number;
  /** The time the whole call may take, retries and waits included, in ms. Default: none. */
  deadlineMs?: number | null;
  /** Retry settings, or false for a single attempt. */
  retry?: RetryOptions | false;
}
/** Client options: camelCase; `endpoint` wins over `region`. */
export interface LtsClientOptions extends CallSettings {
  /** The project the token is scoped to: one path segment. */
  projectId: string;
  /** A known LTS region, such as "cn-north-4". */
  region?: string;
  /** An explicit base URL, possibly with a path prefix (a proxy). https, or http on loopback. */
  endpoint?: string;
  credentials: Credentials;
  /** A fetch to use instead of the global one (proxies, tests, service bindings). */
  fetch?: FetchLike;
}
/** Per-call options: the client's settings, overridden for this call, and a signal. */
export interface CallOptions extends CallSettings {
  /** Aborts the call (also a wait between attempts); it then rejects with LtsAbortError. */
  signal?: AbortSignal;
}
/** One broken rule: where, which rule, its bound, and a sentence to show. */
export interface ValidationIssue {
  path: string;
  rule: "required" | "type" | "min_length" | "max_length" | "well_formed" | "control_character" | "unknown_field" | "requires" | "format" | "range" | "provider";
  limit?: number;
  message: string;
}
/** A region this library knows, and its LTS endpoint. */
export interface KnownRegion {
  region: string;
  endpoint: string;
}
/** Preview options. */
export interface PreviewOptions {
  /** Show the token, security token, signature and Kafka password themselves (default false). */
  revealSecrets?: boolean;
}
/** The request that would be sent, with secrets shown as "***" unless revealSecrets. */
export interface RequestPreview {
  method: "POST";
  url: string;
  headers: Record<string, string>;
  body: string;
}
/** The names of the errors lts-kafka throws. */
export type LtsErrorName = "LtsConfigError" | "LtsValidationError" | "LtsApiError" | "LtsNetworkError" | "LtsTimeoutError" | "LtsAbortError";
/** Every error lts-kafka throws is an Error with these fields. */
export interface LtsError extends Error {
  name: LtsErrorName;
  /** The service's error code (LTS.1719, APIGW.0301, ...), or null. */
  code: string | null;
  /** The HTTP status, or null when no answer arrived. */
  status: number | null;
  /** The answer's X-Request-Id (give it to support), or null. */
  requestId: string | null;
  /** Whether the same call may succeed later. */
  retryable: boolean;
  /** Whether the request may have reached the service (registration is one-shot). */
  requestMayHaveBeenSent: boolean;
  /** How many requests were sent. */
  attempts: number;
  /** Every problem, for LtsConfigError and LtsValidationError. */
  issues?: ValidationIssue[];
}
"#;

/// Whether a value is an error thrown by lts-kafka (works across copies of the package).
#[wasm_bindgen(js_name = isLtsError, unchecked_return_type = "value is LtsError")]
pub fn is_lts_error(#[wasm_bindgen(unchecked_param_type = "unknown")] value: &JsValue) -> bool {
    is_lts_error_js(value)
}

/// The regions this library knows, each with its LTS endpoint.
#[wasm_bindgen(js_name = knownRegions, unchecked_return_type = "KnownRegion[]")]
pub fn known_regions() -> Array {
    let out = Array::new();
    for region in crate::endpoint::KNOWN_REGIONS {
        let obj = Object::new();
        set(&obj, "region", &JsValue::from_str(region));
        let endpoint = crate::endpoint::endpoint_for_region(region).unwrap_or_default();
        set(&obj, "endpoint", &JsValue::from_str(&endpoint));
        out.push(&obj);
    }
    out
}

/// Checks a request body against the API's rules; returns every problem (empty when valid).
#[wasm_bindgen(
    js_name = validateRegisterDmsKafkaInstance,
    unchecked_return_type = "ValidationIssue[]"
)]
pub fn validate_register_dms_kafka_instance(
    #[wasm_bindgen(unchecked_param_type = "unknown")] body: JsValue,
) -> Array {
    let issues = match validate_register_request(&js_to_input(&body)) {
        Ok(_) => Vec::new(),
        Err(issues) => issues,
    };
    issues_to_js(&issues)
}

fn issues_to_js(issues: &[ValidationIssue]) -> Array {
    let out = Array::new();
    for issue in issues {
        let obj = Object::new();
        set(&obj, "path", &JsValue::from_str(&issue.path));
        set(&obj, "rule", &JsValue::from_str(issue.rule));
        if let Some(limit) = issue.limit {
            set(&obj, "limit", &JsValue::from_f64(limit as f64));
        }
        set(&obj, "message", &JsValue::from_str(&issue.message));
        out.push(&obj);
    }
    out
}

/// Builds the JS error object for an [`LtsError`].
fn error_to_js(error: &LtsError, attempts: u32, cause: Option<&JsValue>) -> JsValue {
    let props = Object::new();
    set(&props, "retryable", &JsValue::from_bool(error.retryable()));
    set(
        &props,
        "requestMayHaveBeenSent",
        &JsValue::from_bool(error.request_may_have_been_sent()),
    );
    set(&props, "attempts", &JsValue::from_f64(f64::from(attempts)));
    match error {
        LtsError::Config { issues } | LtsError::Validation { issues } => {
            set(&props, "issues", &issues_to_js(issues));
        }
        LtsError::Api(api) => {
            set(&props, "status", &JsValue::from_f64(f64::from(api.status)));
            if let Some(code) = &api.code {
                set(&props, "code", &JsValue::from_str(code));
            }
            if let Some(id) = &api.request_id {
                set(&props, "requestId", &JsValue::from_str(id));
            }
        }
        _ => {}
    }
    if let Some(cause) = cause {
        set(&props, "cause", cause);
    }
    create_lts_error(error.name(), &error.to_string(), &props)
}

struct ClientInner {
    config: ClientConfig,
    fetch: Option<Function>,
    /// The credentials function, when `credentials` was one.
    provider: Option<Function>,
}

/// Every secret a call involves: the credentials' and the body's password.
fn call_secrets(credentials: &Credentials, body: &RegisterDmsKafkaInstanceRequest) -> Vec<String> {
    let mut secrets: Vec<String> = credentials
        .secrets()
        .into_iter()
        .map(String::from)
        .collect();
    if let Some(pwd) = &body.connect_info.pwd {
        secrets.push(pwd.expose().to_owned());
    }
    secrets
}

fn provider_error(message: String, cause: Option<&JsValue>) -> JsValue {
    let error = LtsError::Config {
        issues: vec![config_issue("credentials", "provider", message)],
    };
    error_to_js(&error, 0, cause)
}

fn describe_thrown(value: &JsValue) -> String {
    let text = |key: &str| get_property(value, key).ok().and_then(|v| v.as_string());
    let described = match (text("name"), text("message")) {
        (Some(name), Some(message)) => format!("{name}: {message}"),
        (None, Some(message)) => message,
        _ => value
            .as_string()
            .unwrap_or_else(|| format!("a {}", js_to_input(value).kind())),
    };
    described.chars().take(200).collect()
}

/// Checks what a credentials provider gave.
fn credentials_from_provider_value(value: &JsValue) -> Result<Credentials, JsValue> {
    Credentials::from_input(&js_to_input(value)).map_err(|issues| {
        let details: Vec<String> = issues.into_iter().map(|i| i.message).collect();
        provider_error(
            format!(
                "the credentials function returned invalid credentials: {}",
                details.join("; ")
            ),
            None,
        )
    })
}

/// Calls the credentials function; what it throws becomes an `LtsConfigError` with the cause.
fn call_provider(provider: &Function) -> Result<JsValue, JsValue> {
    provider.call0(&JsValue::UNDEFINED).map_err(|e| {
        provider_error(
            format!("the credentials function threw: {}", describe_thrown(&e)),
            Some(&e),
        )
    })
}

fn is_thenable(value: &JsValue) -> bool {
    value.is_object()
        && get_property(value, "then")
            .ok()
            .is_some_and(|t| t.is_function())
}

impl ClientInner {
    /// The credentials for one attempt: the static ones, or what the function gives now.
    async fn credentials(&self) -> Result<Credentials, JsValue> {
        match (&self.config.credentials, &self.provider) {
            (CredentialSource::Static(c), _) => Ok(c.clone()),
            (CredentialSource::Provider, Some(provider)) => {
                let returned = call_provider(provider)?;
                let value = if is_thenable(&returned) {
                    JsFuture::from(Promise::resolve(&returned))
                        .await
                        .map_err(|e| {
                            provider_error(
                                format!(
                                    "the credentials function's promise rejected: {}",
                                    describe_thrown(&e)
                                ),
                                Some(&e),
                            )
                        })?
                } else {
                    returned
                };
                credentials_from_provider_value(&value)
            }
            (CredentialSource::Provider, None) => Err(provider_error(
                String::from("the credentials function is missing"),
                None,
            )),
        }
    }

    /// The credentials when they are known synchronously (for the preview).
    fn credentials_now(&self) -> Result<Credentials, JsValue> {
        match (&self.config.credentials, &self.provider) {
            (CredentialSource::Static(c), _) => Ok(c.clone()),
            (CredentialSource::Provider, Some(provider)) => {
                let value = call_provider(provider)?;
                if is_thenable(&value) {
                    return Err(provider_error(
                        String::from("the request preview needs credentials at once, and the credentials function returned a promise: preview with a client given static credentials"),
                        None,
                    ));
                }
                credentials_from_provider_value(&value)
            }
            (CredentialSource::Provider, None) => Err(provider_error(
                String::from("the credentials function is missing"),
                None,
            )),
        }
    }
}

/// A client for one project and endpoint. Construct once, call many times.
#[wasm_bindgen]
pub struct LtsClient {
    inner: Rc<ClientInner>,
}

fn config_issue(path: &str, rule: &'static str, message: String) -> ValidationIssue {
    ValidationIssue::new(path, rule, message)
}

fn body_from_js(body: &JsValue) -> Result<RegisterDmsKafkaInstanceRequest, LtsError> {
    validate_register_request(&js_to_input(body)).map_err(|issues| LtsError::Validation { issues })
}

/// A call's options: its signal, and the client's settings overridden by the call's.
struct CallOptions {
    signal: Option<JsValue>,
    settings: CallSettings,
}

/// Checks per-call options (`{ signal, timeoutMs, deadlineMs, retry }`).
fn call_options(options: &JsValue, defaults: &CallSettings) -> Result<CallOptions, LtsError> {
    if options.is_undefined() || options.is_null() {
        return Ok(CallOptions {
            signal: None,
            settings: *defaults,
        });
    }
    let mut issues = Vec::new();
    let input = js_to_input(options);
    let settings = match &input {
        Input::Object(entries) => {
            let known: Vec<&str> = std::iter::once("signal")
                .chain(SETTINGS_FIELDS.iter().copied())
                .collect();
            crate::validate::check_unknown_fields(
                entries,
                "options",
                &known,
                &[
                    ("abortSignal", "signal"),
                    ("timeout", "timeoutMs"),
                    ("deadline", "deadlineMs"),
                ],
                &mut issues,
            );
            defaults.overridden_by(&input, "options", &mut issues)
        }
        other => {
            issues.push(config_issue(
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
    let signal = get_property(options, "signal")
        .ok()
        .filter(|s| !s.is_undefined() && !s.is_null());
    if let Some(s) = &signal {
        let looks_like_signal = get_property(s, "aborted")
            .ok()
            .is_some_and(|a| a.as_bool().is_some())
            && get_property(s, "addEventListener")
                .ok()
                .is_some_and(|f| f.is_function());
        if !looks_like_signal {
            issues.push(config_issue(
                "options.signal",
                "type",
                String::from("options.signal must be an AbortSignal (for example new AbortController().signal)"),
            ));
        }
    }
    if issues.is_empty() {
        Ok(CallOptions { signal, settings })
    } else {
        Err(LtsError::Config { issues })
    }
}

#[wasm_bindgen]
impl LtsClient {
    /// Creates a client. Throws `LtsConfigError` listing every problem with the options.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "LtsClientOptions")] options: JsValue,
    ) -> Result<LtsClient, JsValue> {
        let input = js_to_input(&options);
        let mut issues = Vec::new();
        let fetch = get_property(&options, "fetch")
            .ok()
            .filter(|f| !f.is_undefined());
        let fetch = match fetch {
            None => None,
            Some(f) => match f.dyn_into::<Function>() {
                Ok(f) => Some(f),
                Err(other) => {
                    issues.push(config_issue(
                        "fetch",
                        "type",
                        format!(
                            "fetch must be a function like globalThis.fetch (got {})",
                            js_to_input(&other).kind()
                        ),
                    ));
                    None
                }
            },
        };
        let config = match ClientConfig::from_input(&input, &["fetch"]) {
            Ok(config) if issues.is_empty() => config,
            Ok(_) => return Err(error_to_js(&LtsError::Config { issues }, 0, None)),
            Err(LtsError::Config { issues: mut more }) => {
                more.append(&mut issues);
                return Err(error_to_js(&LtsError::Config { issues: more }, 0, None));
            }
            Err(other) => return Err(error_to_js(&other, 0, None)),
        };
        let provider = match config.credentials {
            CredentialSource::Provider => get_property(&options, "credentials")
                .ok()
                .and_then(|f| f.dyn_into::<Function>().ok()),
            CredentialSource::Static(_) => None,
        };
        Ok(LtsClient {
            inner: Rc::new(ClientInner {
                config,
                fetch,
                provider,
            }),
        })
    }

    /// Registers a DMS Kafka instance. Resolves to `{ instance_id, requestId }`; rejects with
    /// an lts-kafka error (a body that breaks the rules is rejected before anything is sent).
    #[wasm_bindgen(
        js_name = registerDmsKafkaInstance,
        unchecked_return_type = "Promise<RegisterDmsKafkaInstanceOutput>"
    )]
    pub fn register_dms_kafka_instance(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RegisterDmsKafkaInstanceRequest")] body: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        let prepared = body_from_js(&body).and_then(|body| {
            call_options(&options, &self.inner.config.settings).map(|options| (body, options))
        });
        let (body, options) = match prepared {
            Ok(p) => p,
            Err(e) => return Promise::reject(&error_to_js(&e, 0, None)),
        };
        let inner = Rc::clone(&self.inner);
        wasm_bindgen_futures::future_to_promise(
            async move { register(&inner, &body, &options).await },
        )
    }

    /// The exact request `registerDmsKafkaInstance` would send for `body`, with the token,
    /// the security token, the signature and the Kafka password shown as `***` unless
    /// `{ revealSecrets: true }` asks for them. Throws `LtsValidationError` for a body that
    /// breaks the rules.
    #[wasm_bindgen(
        js_name = buildRegisterDmsKafkaInstanceRequest,
        unchecked_return_type = "RequestPreview"
    )]
    pub fn build_register_dms_kafka_instance_request(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RegisterDmsKafkaInstanceRequest")] body: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "PreviewOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let body = body_from_js(&body).map_err(|e| error_to_js(&e, 0, None))?;
        let reveal = preview_reveals_secrets(&options).map_err(|e| error_to_js(&e, 0, None))?;
        let credentials = self.inner.credentials_now()?;
        let request =
            build_register_request(&self.inner.config, &body, &credentials, now_ms() / 1000);
        Ok(preview_to_js(&request, reveal))
    }
}

/// Whether preview options (`{ revealSecrets }`) ask for the secrets themselves.
fn preview_reveals_secrets(options: &JsValue) -> Result<bool, LtsError> {
    if options.is_undefined() || options.is_null() {
        return Ok(false);
    }
    let mut issues = Vec::new();
    let input = js_to_input(options);
    let reveal = match &input {
        Input::Object(entries) => {
            crate::validate::check_unknown_fields(
                entries,
                "options",
                &["revealSecrets"],
                &[
                    ("showSecrets", "revealSecrets"),
                    ("unredacted", "revealSecrets"),
                ],
                &mut issues,
            );
            match input.get("revealSecrets") {
                None | Some(Input::Undefined) => false,
                Some(Input::Bool(b)) => *b,
                Some(other) => {
                    issues.push(config_issue(
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
            issues.push(config_issue(
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
        Err(LtsError::Config { issues })
    }
}

fn preview_to_js(request: &HttpRequest, reveal_secrets: bool) -> JsValue {
    let obj = Object::new();
    set(&obj, "method", &JsValue::from_str(request.method));
    set(&obj, "url", &JsValue::from_str(&request.url));
    let headers = Object::new();
    for h in &request.headers {
        let value = if reveal_secrets { &h.value } else { h.shown() };
        set(&headers, h.name, &JsValue::from_str(value));
    }
    set(&obj, "headers", &headers);
    let body = if reveal_secrets {
        &request.body
    } else {
        &request.redacted_body
    };
    set(&obj, "body", &JsValue::from_str(body));
    obj.into()
}

/// Milliseconds since the Unix epoch, from `Date.now()`: the only clock in every runtime
/// (`SystemTime` panics on wasm32).
fn now_ms() -> u64 {
    let ms = js_sys::Date::now();
    if ms.is_finite() && ms > 0.0 {
        ms as u64
    } else {
        0
    }
}

/// How one attempt failed, for the retry policy.
fn outcome_of<'a>(error: &'a LtsError, retry_after: Option<&'a str>) -> AttemptOutcome<'a> {
    match error {
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
    }
}

/// One attempt: send, read, interpret. The error comes with the answer's `Retry-After`.
async fn attempt_once(
    fetch: &Function,
    request: &HttpRequest,
    signal: Option<&JsValue>,
    timeout_ms: u64,
    secrets: &[&str],
) -> Result<RegisterDmsKafkaInstanceOutput, (LtsError, Option<String>)> {
    let raw = match fetch::send(fetch, request, signal, timeout_ms, secrets).await {
        Ok(raw) => raw,
        Err(SendError::Network { message, sent }) => {
            let error = LtsError::Network {
                message,
                request_may_have_been_sent: sent,
            };
            return Err((error, None));
        }
        Err(SendError::Timeout) => {
            let error = LtsError::Timeout {
                after_ms: timeout_ms,
                deadline: false,
                request_may_have_been_sent: true,
            };
            return Err((error, None));
        }
        Err(SendError::Abort { sent }) => {
            let error = LtsError::Abort {
                request_may_have_been_sent: sent,
            };
            return Err((error, None));
        }
    };
    let request_id = raw.request_id.as_deref();
    let answer = match raw.body {
        fetch::Body::TooLarge => Err(oversized_response(
            raw.status,
            request_id,
            fetch::MAX_BODY_BYTES,
        )),
        fetch::Body::Bytes(bytes) if (200..300).contains(&raw.status) => {
            parse_register_response(raw.status, request_id, &bytes)
        }
        fetch::Body::Bytes(bytes) => {
            parse_register_response(raw.status, request_id, &redact_secrets(&bytes, secrets))
        }
    };
    answer.map_err(|api| (LtsError::Api(api), raw.retry_after))
}

/// Registers, retrying as the call's settings allow. Credentials are fetched and the request
/// signed again for every attempt (the date changes); the body was validated once.
async fn register(
    inner: &ClientInner,
    body: &RegisterDmsKafkaInstanceRequest,
    options: &CallOptions,
) -> Result<JsValue, JsValue> {
    let Some(fetch) = fetch::resolve_fetch(inner.fetch.as_ref()) else {
        let error = LtsError::Config {
            issues: vec![config_issue(
                "fetch",
                "required",
                String::from("this runtime has no global fetch: pass one as the fetch option"),
            )],
        };
        return Err(error_to_js(&error, 0, None));
    };
    let settings = &options.settings;
    let signal = options.signal.as_ref();
    let deadline_at = settings.deadline_ms.map(|d| now_ms().saturating_add(d));
    let remaining = || deadline_at.map(|at| at.saturating_sub(now_ms()));
    let mut attempts: u32 = 0;
    let mut sent_before = false;
    loop {
        let credentials = inner.credentials().await?;
        let secrets = call_secrets(&credentials, body);
        let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
        let left = remaining();
        if left == Some(0) {
            return Err(deadline_error(settings, sent_before, attempts));
        }
        // The last attempt before the deadline gets only what is left of it.
        let timeout_ms = left.map_or(settings.timeout_ms, |r| r.min(settings.timeout_ms));
        let cut_by_deadline = left.is_some_and(|r| r < settings.timeout_ms);
        // Signed here, just before sending: X-Sdk-Date must be within 15 minutes of the server.
        let request = build_register_request(&inner.config, body, &credentials, now_ms() / 1000);
        attempts += 1;
        let (mut error, retry_after) =
            match attempt_once(&fetch, &request, signal, timeout_ms, &secrets).await {
                Ok(out) => return Ok(output_to_js(&out)),
                Err(failure) => failure,
            };
        let sent = error.request_may_have_been_sent() || sent_before;
        sent_before = sent;
        match &mut error {
            LtsError::Abort { .. } => return Err(abort_error(sent, attempts)),
            LtsError::Timeout { .. } if cut_by_deadline => {
                return Err(deadline_error(settings, sent, attempts))
            }
            LtsError::Api(api) if attempts > 1 && says_already_registered(api) => {
                api.message
                    .push_str(" (after a retry: an earlier attempt probably registered it)");
            }
            _ => {}
        }
        let decision = decide(
            &settings.retry,
            &outcome_of(&error, retry_after.as_deref()),
            attempts,
            js_sys::Math::random(),
            now_ms(),
            remaining(),
        );
        match decision {
            RetryDecision::RetryAfter { delay_ms } => {
                if fetch::sleep(delay_ms, signal).await.is_err() {
                    return Err(abort_error(sent, attempts));
                }
            }
            RetryDecision::Stop(_) => {
                return Err(error_to_js(&with_sent(error, sent), attempts, None))
            }
        }
    }
}

fn with_sent(error: LtsError, sent_before: bool) -> LtsError {
    match error {
        LtsError::Network {
            message,
            request_may_have_been_sent,
        } => LtsError::Network {
            message,
            request_may_have_been_sent: request_may_have_been_sent || sent_before,
        },
        other => other,
    }
}

fn abort_error(sent: bool, attempts: u32) -> JsValue {
    error_to_js(
        &LtsError::Abort {
            request_may_have_been_sent: sent,
        },
        attempts,
        None,
    )
}

fn deadline_error(settings: &CallSettings, sent: bool, attempts: u32) -> JsValue {
    error_to_js(
        &LtsError::Timeout {
            after_ms: settings.deadline_ms.unwrap_or(0),
            deadline: true,
            request_may_have_been_sent: sent,
        },
        attempts,
        None,
    )
}

fn output_to_js(out: &RegisterDmsKafkaInstanceOutput) -> JsValue {
    let obj = Object::new();
    set(&obj, "instance_id", &JsValue::from_str(&out.instance_id));
    let id = out
        .request_id
        .as_deref()
        .map_or(JsValue::NULL, JsValue::from_str);
    set(&obj, "requestId", &id);
    obj.into()
}
