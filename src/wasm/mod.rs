//! The JavaScript shell: the only module that touches JS values. It reads arguments into
//! [`Input`] (one crossing, `input.js`), hands each call to the core's state machine
//! ([`crate::pipeline::call::Call`]) behind a handle that `shell.js` drives ([`call`]), and
//! builds every output object from JSON the core wrote, in one crossing each.

mod call;

use std::rc::Rc;

use js_sys::{Array, Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::pipeline::call::{Call, Drive};
use crate::pipeline::config::ClientConfig;
use crate::pipeline::credentials::{CredentialSource, Credentials};
use crate::pipeline::error::{LtsError, OptionsOf};
use crate::pipeline::operation::Operation;
use crate::pipeline::project::ResolveProjectId;
use crate::pipeline::request::build_request_with_body;
use crate::pipeline::settings::{preview_reveals_secrets, CallOptions};
use crate::pipeline::validate::ValidationIssue;
use crate::services::lts::groups::list_groups::{validate_list_groups, ListLogGroupsOperation};
use crate::services::lts::groups::list_streams::{validate_list_streams, ListLogStreamsOperation};
use crate::services::lts::register::{validate_register_request, RegisterOperation};
use crate::services::lts::transfers::create::{validate_create_transfer, CreateTransferOperation};
use crate::services::lts::transfers::delete::{validate_delete_transfer, DeleteTransferOperation};
use crate::services::lts::transfers::list::{validate_list_query, ListTransfersOperation};
use crate::services::lts::transfers::update::{
    validate_update_request, validate_update_transfer, UpdatePatch, UpdateRequest,
    UpdateTransferOperation,
};
use crate::wire::input::Input;
use crate::workflows::onboarding::{validate_ensure_input, Onboarding};
use crate::workflows::update::UpdateWorkflow;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

#[wasm_bindgen(module = "/src/wasm/errors.js")]
extern "C" {
    #[wasm_bindgen(js_name = errorFromJson)]
    fn error_from_json(json: &str, cause: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = isLtsError)]
    fn is_lts_error_js(value: &JsValue) -> bool;
}

#[wasm_bindgen(module = "/src/wasm/input.js")]
extern "C" {
    /// Writes the description into `buffer`; the bytes written, or -1 when it did not fit.
    /// Never throws: it catches everything itself (a `catch` here would cost a closure per
    /// call in the glue).
    #[wasm_bindgen(js_name = describeInto)]
    fn describe_into(value: &JsValue, buffer: &mut [u8]) -> i32;
    #[wasm_bindgen(js_name = takeKept)]
    fn take_kept() -> String;
}

/// The description of a JavaScript value (see `input.js`), written by JavaScript straight into
/// a buffer here when it fits, as bodies and call options do.
fn describe_input(value: &JsValue) -> String {
    let mut buffer = vec![0u8; 512];
    match usize::try_from(describe_into(value, &mut buffer)) {
        Ok(written) => {
            buffer.truncate(written);
            String::from_utf8(buffer).unwrap_or_default()
        }
        Err(_) => take_kept(),
    }
}

#[wasm_bindgen(module = "/src/wasm/shell.js")]
extern "C" {
    #[wasm_bindgen(js_name = fromJson)]
    fn from_json(text: &str) -> JsValue;
    /// Drives the call to its end (JavaScript performs each action the core asks for).
    #[wasm_bindgen(js_name = runCall)]
    fn run_call(
        call: call::CallHandle,
        fetch: &JsValue,
        signal: &JsValue,
        provider: &JsValue,
        on_attempt: &JsValue,
    ) -> Promise;
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Reflect, js_name = get, catch)]
    fn reflect_get(target: &JsValue, key: &str) -> Result<JsValue, JsValue>;
}

/// Reads a JavaScript value for validation: whatever it is, an [`Input`] (never a throw),
/// whose strings borrow from its description; both live to the end of the statement.
macro_rules! input_of {
    ($value:expr) => {
        &$crate::wire::input::Input::from_description(&describe_input($value))
    };
}
use input_of;

/// Reads one property; a getter that throws gives `None`, as does `undefined`.
fn property(target: &JsValue, key: &str) -> Option<JsValue> {
    reflect_get(target, key).ok().filter(|v| !v.is_undefined())
}

/// The JavaScript error for an [`LtsError`] after `attempts` requests, with its `cause`.
fn error_to_js(error: &LtsError, attempts: u32, cause: Option<&JsValue>) -> JsValue {
    error_from_json(
        &error.to_json(attempts),
        cause.unwrap_or(&JsValue::UNDEFINED),
    )
}

fn config_error(of: OptionsOf, issues: Vec<ValidationIssue>) -> JsValue {
    error_to_js(&LtsError::Config { of, issues }, 0, None)
}

fn issues_to_js(issues: &[ValidationIssue]) -> JsValue {
    from_json(&crate::pipeline::validate::issues_json(issues))
}

/// Whether a value is an error thrown by lts-kafka (works across copies of the package).
#[wasm_bindgen(js_name = isLtsError, unchecked_return_type = "value is LtsError")]
pub fn is_lts_error(#[wasm_bindgen(unchecked_param_type = "unknown")] value: &JsValue) -> bool {
    is_lts_error_js(value)
}

/// The regions this library knows, each with its LTS endpoint.
#[wasm_bindgen(js_name = knownRegions, unchecked_return_type = "KnownRegion[]")]
pub fn known_regions() -> Array {
    from_json(&crate::services::lts::endpoint::known_regions_json()).unchecked_into()
}

/// Checks a request body against the API's rules; returns every problem (empty when valid).
#[wasm_bindgen(
    js_name = validateRegisterDmsKafkaInstance,
    unchecked_return_type = "ValidationIssue[]"
)]
pub fn validate_register_dms_kafka_instance(
    #[wasm_bindgen(unchecked_param_type = "unknown")] body: JsValue,
) -> Array {
    issues_of(validate_register_request(input_of!(&body)))
}

fn issues_of<T>(result: Result<T, Vec<ValidationIssue>>) -> Array {
    match result {
        Ok(_) => Array::new(),
        Err(issues) => issues_to_js(&issues).unchecked_into(),
    }
}

/// Checks a DMS transfer's creation body against the API's rules; every problem.
#[wasm_bindgen(js_name = validateCreateTransfer, unchecked_return_type = "ValidationIssue[]")]
pub fn validate_create_transfer_js(
    #[wasm_bindgen(unchecked_param_type = "unknown")] body: JsValue,
) -> Array {
    issues_of(validate_create_transfer(input_of!(&body)))
}

/// Checks a DMS transfer's update body against the API's rules; every problem.
#[wasm_bindgen(js_name = validateUpdateTransfer, unchecked_return_type = "ValidationIssue[]")]
pub fn validate_update_transfer_js(
    #[wasm_bindgen(unchecked_param_type = "unknown")] body: JsValue,
) -> Array {
    issues_of(validate_update_request(input_of!(&body)))
}

/// Checks a listTransfers query; every problem.
#[wasm_bindgen(js_name = validateListTransfersQuery, unchecked_return_type = "ValidationIssue[]")]
pub fn validate_list_transfers_query_js(
    #[wasm_bindgen(unchecked_param_type = "unknown")] query: JsValue,
) -> Array {
    issues_of(validate_list_query(input_of!(&query)))
}

/// Checks deleteTransfer's argument; every problem.
#[wasm_bindgen(js_name = validateDeleteTransfer, unchecked_return_type = "ValidationIssue[]")]
pub fn validate_delete_transfer_js(
    #[wasm_bindgen(unchecked_param_type = "unknown")] target: JsValue,
) -> Array {
    issues_of(validate_delete_transfer(input_of!(&target)))
}

/// Checks ensureKafkaTransfer's input; every problem.
#[wasm_bindgen(js_name = validateEnsureKafkaTransfer, unchecked_return_type = "ValidationIssue[]")]
pub fn validate_ensure_kafka_transfer_js(
    #[wasm_bindgen(unchecked_param_type = "unknown")] input: JsValue,
) -> Array {
    issues_of(validate_ensure_input(input_of!(&input)))
}

/// What a client holds: its validated configuration and the functions it was given.
struct ClientInner {
    config: Rc<ClientConfig>,
    /// The `fetch` option, or `undefined` for the global one (looked up at every attempt).
    fetch: JsValue,
    /// The credentials function, or `undefined`.
    provider: JsValue,
    /// The `onAttempt` hook, or `undefined`.
    on_attempt: JsValue,
}

impl ClientInner {
    /// Runs a call (or a workflow) as a JavaScript promise.
    fn spawn(&self, call: Box<dyn Drive>, signal: &JsValue) -> Promise {
        run_call(
            call::CallHandle::new(call),
            &self.fetch,
            signal,
            &self.provider,
            &self.on_attempt,
        )
    }

    /// The credentials when they are known synchronously (for the preview).
    fn credentials_now(&self) -> Result<Credentials, JsValue> {
        let fail = |error: LtsError, cause: Option<&JsValue>| error_to_js(&error, 0, cause);
        let provider = match &self.config.credentials {
            CredentialSource::Static(c) => return Ok(c.clone()),
            CredentialSource::Provider => &self.provider,
        };
        let value = provider
            .unchecked_ref::<Function>()
            .call0(&JsValue::UNDEFINED)
            .map_err(|e| {
                let text = |key: &str| property(&e, key).and_then(|v| v.as_string());
                let (name, message) = match (text("name"), text("message")) {
                    (name, Some(message)) => (name.unwrap_or_default(), message),
                    _ => (String::new(), describe_thrown(&e)),
                };
                fail(
                    crate::pipeline::credentials::credentials_failure(false, &name, &message),
                    None,
                )
            })?;
        if value.is_object() && property(&value, "then").is_some_and(|t| t.is_function()) {
            let message = "the request preview needs credentials at once, and the credentials function returned a promise: preview with a client given static credentials";
            return Err(fail(
                LtsError::Config {
                    of: OptionsOf::Preview,
                    issues: vec![ValidationIssue::new("credentials", "provider", message)],
                },
                None,
            ));
        }
        Credentials::from_provider(input_of!(&value)).map_err(|e| fail(e, None))
    }
}

/// What a thrown value says of itself: `name: message`, its message, or what it is.
fn describe_thrown(value: &JsValue) -> String {
    let text = |key: &str| property(value, key).and_then(|v| v.as_string());
    match (text("name"), text("message")) {
        (Some(name), Some(message)) => format!("{name}: {message}"),
        (None, Some(message)) => message,
        _ => value
            .as_string()
            .unwrap_or_else(|| format!("a {}", input_of!(value).kind())),
    }
}

/// A client for one project and endpoint. Construct once, call many times.
#[wasm_bindgen]
pub struct LtsClient {
    inner: Rc<ClientInner>,
}

/// A function option: `None` when absent, an issue when it is something else.
fn function_option(
    options: &JsValue,
    input: &Input,
    key: &str,
    what: &str,
    issues: &mut Vec<ValidationIssue>,
) -> Option<Function> {
    match input.get(key) {
        None | Some(Input::Undefined) => None,
        Some(Input::Other(kind)) if kind == "function" => {
            property(options, key).map(JsCast::unchecked_into)
        }
        Some(other) => {
            issues.push(ValidationIssue::new(
                key,
                "type",
                format!("{key} must be {what} (got {})", other.kind()),
            ));
            None
        }
    }
}

/// The call's options, and its signal when it gave one that looks like an `AbortSignal`
/// (structurally: a boolean `aborted` and an `addEventListener` function, from any realm).
fn call_options(
    options: &JsValue,
    client: &ClientConfig,
) -> Result<(CallOptions, JsValue), LtsError> {
    // No options, the common case: nothing to describe.
    let parsed = if options.is_undefined() {
        CallOptions::from_input(&Input::Undefined, &client.settings)
    } else {
        CallOptions::from_input(input_of!(options), &client.settings)
    }
    .map_err(|issues| LtsError::Config {
        of: OptionsOf::Call,
        issues,
    })?;
    if !parsed.has_signal {
        return Ok((parsed, JsValue::UNDEFINED));
    }
    let signal = property(options, "signal").unwrap_or(JsValue::UNDEFINED);
    let looks_like_signal = property(&signal, "aborted").is_some_and(|a| a.as_bool().is_some())
        && property(&signal, "addEventListener").is_some_and(|f| f.is_function());
    if !looks_like_signal {
        return Err(LtsError::Config {
            of: OptionsOf::Call,
            issues: vec![ValidationIssue::new(
                "options.signal",
                "type",
                "options.signal must be an AbortSignal (for example new AbortController().signal)",
            )],
        });
    }
    Ok((parsed, signal))
}

fn validated<T>(result: Result<T, Vec<ValidationIssue>>) -> Result<T, LtsError> {
    result.map_err(|issues| LtsError::Validation { issues })
}

#[wasm_bindgen]
impl LtsClient {
    /// Creates a client. Throws `LtsConfigError` listing every problem with the options.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "LtsClientOptions")] options: JsValue,
    ) -> Result<LtsClient, JsValue> {
        let description = describe_input(&options);
        let input = Input::from_description(&description);
        let mut issues = Vec::new();
        let fetch = function_option(
            &options,
            &input,
            "fetch",
            "a function like globalThis.fetch",
            &mut issues,
        );
        let on_attempt = function_option(
            &options,
            &input,
            "onAttempt",
            "a function, called after every attempt with its record",
            &mut issues,
        );
        let config = match ClientConfig::from_input(&input, &["fetch", "onAttempt"]) {
            Ok(config) if issues.is_empty() => config,
            Ok(_) => return Err(config_error(OptionsOf::Client, issues)),
            Err(LtsError::Config {
                issues: mut more, ..
            }) => {
                more.append(&mut issues);
                return Err(config_error(OptionsOf::Client, more));
            }
            Err(other) => return Err(error_to_js(&other, 0, None)),
        };
        let provider = match config.credentials {
            CredentialSource::Provider => property(&options, "credentials")
                .filter(JsValue::is_function)
                .unwrap_or(JsValue::UNDEFINED),
            CredentialSource::Static(_) => JsValue::UNDEFINED,
        };
        let function = |f: Option<Function>| f.map_or(JsValue::UNDEFINED, JsValue::from);
        Ok(LtsClient {
            inner: Rc::new(ClientInner {
                config: Rc::new(config),
                fetch: function(fetch),
                provider,
                on_attempt: function(on_attempt),
            }),
        })
    }
}

/// The client's methods for one operation each: `$call` runs it (a promise), `$preview` shows
/// the request it would send; `$param` says whether the argument may be left out. The argument is validated first; a bad one rejects (or throws)
/// before anything is sent.
macro_rules! operation_methods {
    ($($call:ident $call_js:literal $call_doc:literal, $preview:ident $preview_js:literal $preview_doc:literal:
       $arg:ident $param:ident = $arg_ty:literal -> $out_ty:literal, $preview_ty:literal = $validate:path, |$v:ident| $make:expr;)*) => {
        #[wasm_bindgen]
        impl LtsClient {
            $(
                #[doc = $call_doc]
                #[wasm_bindgen(js_name = $call_js, unchecked_return_type = $out_ty)]
                pub fn $call(
                    &self,
                    #[wasm_bindgen($param = $arg_ty)] $arg: JsValue,
                    #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
                ) -> Promise {
                    self.run(operation(&$arg, $validate, |$v| $make), &options)
                }

                #[doc = $preview_doc]
                #[wasm_bindgen(js_name = $preview_js, unchecked_return_type = $preview_ty)]
                pub fn $preview(
                    &self,
                    #[wasm_bindgen($param = $arg_ty)] $arg: JsValue,
                    #[wasm_bindgen(unchecked_optional_param_type = "PreviewOptions")] options: JsValue,
                ) -> Result<JsValue, JsValue> {
                    self.preview(operation(&$arg, $validate, |$v| $make), &options)
                }
            )*
        }
    };
}

operation_methods! {
    register_dms_kafka_instance "registerDmsKafkaInstance"
        "Registers a DMS Kafka instance. Resolves to `{ instance_id, requestId }`; rejects with an lts-kafka error (a body that breaks the rules is rejected before anything is sent).",
    build_register_dms_kafka_instance_request "buildRegisterDmsKafkaInstanceRequest"
        "The exact request `registerDmsKafkaInstance` would send for `body`, with the token, the security token, the signature and the Kafka password shown as `***` unless `{ revealSecrets: true }` asks for them. Throws `LtsValidationError` for a bad body.":
        body unchecked_param_type = "RegisterDmsKafkaInstanceRequest" -> "Promise<RegisterDmsKafkaInstanceOutput>", "RequestPreview"
        = validate_register_request, |body| RegisterOperation { body };
    create_transfer "createTransfer"
        "Creates a DMS transfer. Resolves to the transfer object and `requestId`.",
    build_create_transfer_request "buildCreateTransferRequest"
        "The exact request `createTransfer` would send (secrets as `***` unless revealed).":
        body unchecked_param_type = "CreateTransferRequest" -> "Promise<TransferOutput>", "RequestPreview"
        = validate_create_transfer, |body| CreateTransferOperation { body };
    list_transfers "listTransfers"
        "Lists the transfers (OBS, DIS and DMS). Resolves to `{ log_transfers, requestId }`.",
    build_list_transfers_request "buildListTransfersRequest"
        "The exact request `listTransfers` would send.":
        query unchecked_optional_param_type = "ListTransfersQuery" -> "Promise<ListTransfersOutput>", "RequestPreviewOf<\"GET\", null>"
        = validate_list_query, |query| ListTransfersOperation { query };
    delete_transfer "deleteTransfer"
        "Deletes a transfer (OBS, DIS or DMS). Resolves to `{ log_transfer_id, log_transfer }`: the deleted transfer, or null when the service answered with an empty body.",
    build_delete_transfer_request "buildDeleteTransferRequest"
        "The exact request `deleteTransfer` would send.":
        target unchecked_param_type = "DeleteTransferRequest" -> "Promise<DeletedTransfer>", "RequestPreviewOf<\"DELETE\", null>"
        = validate_delete_transfer, |target| DeleteTransferOperation { target };
    list_log_groups "listLogGroups"
        "Lists the project's log groups. Resolves to `{ log_groups, requestId }`, each group as the service describes it (`log_group_id`, `log_group_name`, ...).",
    build_list_log_groups_request "buildListLogGroupsRequest"
        "The exact request `listLogGroups` would send.":
        query unchecked_optional_param_type = "Record<string, never>" -> "Promise<ListLogGroupsOutput>", "RequestPreviewOf<\"GET\", null>"
        = validate_list_groups, |_q| ListLogGroupsOperation;
    list_log_streams "listLogStreams"
        "Lists the streams of one log group. Resolves to `{ log_streams, requestId }`, each stream as the service describes it (`log_stream_id`, `log_stream_name`, ...).",
    build_list_log_streams_request "buildListLogStreamsRequest"
        "The exact request `listLogStreams` would send.":
        query unchecked_param_type = "ListLogStreamsRequest" -> "Promise<ListLogStreamsOutput>", "RequestPreviewOf<\"GET\", null>"
        = validate_list_streams, |log_group_id| ListLogStreamsOperation { log_group_id };
}

#[wasm_bindgen]
impl LtsClient {
    /// The whole onboarding, safe to run again: registers the instance (unless `kafka_id` names
    /// one registered before), then delivers every requested stream to it and the topic.
    #[wasm_bindgen(js_name = ensureKafkaTransfer, unchecked_return_type = "Promise<EnsureKafkaTransferReport>")]
    pub fn ensure_kafka_transfer(
        &self,
        #[wasm_bindgen(unchecked_param_type = "EnsureKafkaTransferInput")] input: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        let prepared = validated(validate_ensure_input(input_of!(&input)))
            .and_then(|input| Ok((input, call_options(&options, &self.inner.config)?)));
        match prepared {
            Ok((input, (options, signal))) => {
                let workflow =
                    Onboarding::new(Rc::clone(&self.inner.config), input, options.settings);
                self.inner.spawn(Box::new(workflow), &signal)
            }
            Err(e) => Promise::reject(&error_to_js(&e, 0, None)),
        }
    }
}

#[wasm_bindgen]
impl LtsClient {
    /// Updates a DMS transfer. A whole body (format, status, destination) is sent at once; a
    /// part of one (`{ log_transfer_id, log_transfer_info: { log_transfer_status } }`) is
    /// completed from the transfer as listed first. Read-only fields of a listed transfer are
    /// accepted and not sent. Resolves to the updated transfer.
    #[wasm_bindgen(js_name = updateTransfer, unchecked_return_type = "Promise<TransferOutput>")]
    pub fn update_transfer(
        &self,
        #[wasm_bindgen(unchecked_param_type = "UpdateTransferRequest | UpdateTransferPatch")] body: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        match validated(validate_update_request(input_of!(&body))) {
            Ok(UpdateRequest::Complete(body)) => {
                self.run(Ok(Box::new(UpdateTransferOperation { body })), &options)
            }
            Ok(UpdateRequest::Patch(patch)) => self.run_patch(Ok(patch), &options),
            Err(e) => Promise::reject(&error_to_js(&e, 0, None)),
        }
    }

    /// The exact request `updateTransfer` would send for a whole body (a part of one needs
    /// the transfer read first: preview the whole body).
    #[wasm_bindgen(js_name = buildUpdateTransferRequest, unchecked_return_type = "RequestPreviewOf<\"PUT\", string>")]
    pub fn build_update_transfer_request(
        &self,
        #[wasm_bindgen(unchecked_param_type = "UpdateTransferRequest")] body: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "PreviewOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.preview(
            operation(&body, validate_update_transfer, |body| {
                UpdateTransferOperation { body }
            }),
            &options,
        )
    }

    /// Sets a DMS transfer's status to ENABLE, keeping its format and destination (read first).
    #[wasm_bindgen(js_name = enableTransfer, unchecked_return_type = "Promise<TransferOutput>")]
    pub fn enable_transfer(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] log_transfer_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        let patch = validated(UpdatePatch::status(input_of!(&log_transfer_id), "ENABLE"));
        self.run_patch(patch, &options)
    }

    /// Sets a DMS transfer's status to DISABLE, keeping its format and destination (read first).
    #[wasm_bindgen(js_name = disableTransfer, unchecked_return_type = "Promise<TransferOutput>")]
    pub fn disable_transfer(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] log_transfer_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        let patch = validated(UpdatePatch::status(input_of!(&log_transfer_id), "DISABLE"));
        self.run_patch(patch, &options)
    }

    /// The project id: the `projectId` option's, or the one found from the region through
    /// IAM (once for every client of this realm with the same credentials and region).
    #[wasm_bindgen(js_name = resolveProjectId, unchecked_return_type = "Promise<string>")]
    pub fn resolve_project_id(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.run(Ok(Box::new(ResolveProjectId)), &options)
    }

    /// What the client is (never a secret): its region, endpoint, project and the kind of
    /// credentials. `JSON.stringify(client)` and `util.inspect(client)` show it.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "LtsClientDescription")]
    pub fn to_json(&self) -> JsValue {
        from_json(&self.inner.config.describe_json())
    }
}

/// An operation from a JavaScript argument: validated into `T`, then made into the operation.
fn operation<T, O: Operation + 'static>(
    value: &JsValue,
    validate: fn(&Input<'_>) -> Result<T, Vec<ValidationIssue>>,
    make: fn(T) -> O,
) -> Result<Box<dyn Operation>, LtsError> {
    let op: Box<dyn Operation> = Box::new(make(validated(validate(input_of!(value)))?));
    Ok(op)
}

impl LtsClient {
    /// Runs the operation with the call's options, as a promise (a bad argument rejects it).
    fn run(&self, op: Result<Box<dyn Operation>, LtsError>, options: &JsValue) -> Promise {
        match op.and_then(|op| Ok((op, call_options(options, &self.inner.config)?))) {
            Ok((op, (options, signal))) => {
                let call = Call::new(Rc::clone(&self.inner.config), op, options.settings);
                self.inner.spawn(Box::new(call), &signal)
            }
            Err(e) => Promise::reject(&error_to_js(&e, 0, None)),
        }
    }

    /// Runs a partial update (read, then write) as a promise.
    fn run_patch(&self, patch: Result<UpdatePatch, LtsError>, options: &JsValue) -> Promise {
        match patch.and_then(|p| Ok((p, call_options(options, &self.inner.config)?))) {
            Ok((patch, (options, signal))) => {
                let workflow =
                    UpdateWorkflow::new(Rc::clone(&self.inner.config), patch, options.settings);
                self.inner.spawn(Box::new(workflow), &signal)
            }
            Err(e) => Promise::reject(&error_to_js(&e, 0, None)),
        }
    }

    /// The operation's request, signed now, as a preview.
    fn preview(
        &self,
        op: Result<Box<dyn Operation>, LtsError>,
        options: &JsValue,
    ) -> Result<JsValue, JsValue> {
        let op = op.map_err(|e| error_to_js(&e, 0, None))?;
        let reveal = preview_reveals_secrets(input_of!(options))
            .map_err(|issues| config_error(OptionsOf::Preview, issues))?;
        let credentials = self.inner.credentials_now()?;
        let config = &self.inner.config;
        let found = || match crate::pipeline::project::cached(config.project_key(&credentials)?) {
            crate::pipeline::project::Cached::Known(id) => Some(id),
            _ => None,
        };
        let project = config.project_id.clone().or_else(found).ok_or_else(|| {
            config_error(
                OptionsOf::Preview,
                vec![ValidationIssue::new(
                    "projectId",
                    "required",
                    "the preview needs the project id, which is not known yet: await client.resolveProjectId() first, or pass projectId",
                )],
            )
        })?;
        let mut request = build_request_with_body(
            &self.inner.config,
            op.as_ref(),
            op.body().as_deref(),
            &credentials,
            crate::pipeline::call::millis(js_sys::Date::now()) / 1000,
            &project,
        );
        request.redacted_body = op.redacted_body();
        let preview = request.preview_json(reveal);
        if reveal {
            return Ok(from_json(&preview));
        }
        // Masked fields are `***` already; this catches a secret anywhere else (a token pasted
        // into a body field), as for every other string that leaves the library.
        // Static credentials are indexed once per client (the config's redactor); only what a
        // credentials function gave, and the body's secrets, are indexed here.
        let mut secrets = match self.inner.config.credentials {
            CredentialSource::Provider => credentials.secrets(),
            CredentialSource::Static(_) => Vec::new(),
        };
        secrets.extend(op.secrets());
        let own = crate::auth::redact::Redactor::new(secrets);
        let redactors = [self.inner.config.static_redactor(), &own];
        Ok(from_json(&crate::auth::redact::redact_json(
            &preview, &redactors,
        )))
    }
}
