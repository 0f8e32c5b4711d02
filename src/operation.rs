//! What the call pipeline is generic over: an LTS operation says its method, path, query and
//! body, how its answer is parsed, and whether it is safe to send twice.
//!
//! The pipeline ([`crate::call::Call`]) knows nothing of any one operation: the registration
//! and the log transfers are each a value implementing [`Operation`].

use std::any::Any;
use std::fmt;

use crate::error::ApiError;
use crate::model::RegisterDmsKafkaInstanceRequest;
use crate::response::{parse_registered, Answer};
use crate::transfer::{
    CreateTransferRequest, DeleteTransferRequest, ListTransfersQuery, UpdateTransferRequest,
};
use crate::transfer_answer::{parse_deleted, parse_transfer, parse_transfer_list};

/// An HTTP method the LTS API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`: a read.
    Get,
    /// `POST`: a create (or the registration).
    Post,
    /// `PUT`: an update.
    Put,
    /// `DELETE`.
    Delete,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// Whether a request may be sent again after an attempt that may have reached the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetrySafety {
    /// A read: sending it again changes nothing, so every transient failure is retried.
    Read,
    /// A write whose repetition has the effect of one (an update, a delete): retried like a read.
    Idempotent,
    /// A write that can be processed only once (the registration, a create): only outcomes that
    /// prove the request was not processed are retried, unless the caller sets `retryUnsafe`.
    OneShot,
}

/// The `Content-Type` of a request with a JSON body, as the API reference page writes it.
pub const JSON_BODY_CONTENT_TYPE: &str = "application/json;charset=utf8";
/// The `Content-Type` of a request without a body, as the official SDK sends it.
pub const NO_BODY_CONTENT_TYPE: &str = "application/json";

/// A result type of an operation or a workflow: what JavaScript receives of it.
///
/// Each service declares its own results beside its operations; the pipeline carries them
/// as an [`Output`] without naming any.
pub trait Outcome: AsAny {
    /// The result as the JSON object JavaScript receives, `requestId` included.
    fn to_json(&self) -> String;
}

/// What lets an [`Output`] give its value back as the type it is (a workflow reads the
/// result of one step to choose the next). Implemented for every type.
pub trait AsAny: Any {
    /// The value, borrowed as [`Any`].
    fn as_any(&self) -> &dyn Any;
    /// The value, boxed as [`Any`].
    fn into_any(self: Box<Self>) -> Box<dyn Any>;
}

impl<T: Any> AsAny for T {
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

/// The typed result of a successful operation (or workflow), whichever its service: boxed,
/// so that adding an operation with a new result type changes nothing here.
pub struct Output(Box<dyn Outcome>);

impl fmt::Debug for Output {
    /// The result's JSON: a `Debug` in every result type's table would keep all their
    /// formatting code in the .wasm, where nothing prints a result this way.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Output").field(&self.to_json()).finish()
    }
}

impl Output {
    /// Boxes a result.
    pub fn new(outcome: impl Outcome) -> Output {
        Output(Box::new(outcome))
    }

    /// The result as the JSON object JavaScript receives, `requestId` included.
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// The result as a `T`, or `None` when it is of another type.
    pub fn downcast<T: Outcome>(self) -> Option<T> {
        AsAny::into_any(self.0)
            .downcast::<T>()
            .ok()
            .map(|value| *value)
    }

    /// The result borrowed as a `T`, or `None` when it is of another type.
    pub fn downcast_ref<T: Outcome>(&self) -> Option<&T> {
        // The boxed value, not the box: `self.0.as_any()` would find the box, `Any` too.
        let value: &dyn Outcome = self.0.as_ref();
        value.as_any().downcast_ref::<T>()
    }
}

/// One LTS operation, as the call pipeline sees it.
pub trait Operation {
    /// The client method's name, as `onAttempt` records report it (`registerDmsKafkaInstance`).
    fn name(&self) -> &'static str;
    /// The HTTP method.
    fn method(&self) -> Method;
    /// The path after `/v2/{project_id}` (`/lts/dms/kafka-instance`, `/transfers`).
    fn path(&self) -> &'static str;
    /// The query parameters, not yet encoded, in any order (the request sorts them).
    fn query(&self) -> Vec<(&'static str, &str)> {
        Vec::new()
    }
    /// The JSON body exactly as sent (secrets included), or `None` for a request without one.
    fn body(&self) -> Option<String>;
    /// The body with every secret shown as `***`, for previews.
    fn redacted_body(&self) -> Option<String> {
        self.body()
    }
    /// Whether the request may be sent again.
    fn safety(&self) -> RetrySafety;
    /// Secrets the body carries (a Kafka password), to redact from answers.
    fn secrets(&self) -> Vec<&str> {
        Vec::new()
    }
    /// Turns a 2xx answer into the result, or into an error when it is not what the operation
    /// returns.
    fn parse(&self, answer: &Answer<'_>) -> Result<Output, ApiError>;
    /// Adds what a final error answer means after more than one attempt (an "already
    /// registered" after a retry means an earlier attempt probably registered it).
    fn explain_after_retry(&self, _error: &mut ApiError) {}
}

/// `POST /v2/{project_id}/lts/dms/kafka-instance`: one-shot.
pub struct RegisterOperation {
    /// The validated body.
    pub body: RegisterDmsKafkaInstanceRequest,
}

impl Operation for RegisterOperation {
    fn name(&self) -> &'static str {
        "registerDmsKafkaInstance"
    }
    fn method(&self) -> Method {
        Method::Post
    }
    fn path(&self) -> &'static str {
        "/lts/dms/kafka-instance"
    }
    fn body(&self) -> Option<String> {
        Some(self.body.to_wire_json())
    }
    fn redacted_body(&self) -> Option<String> {
        Some(self.body.to_redacted_json())
    }
    fn safety(&self) -> RetrySafety {
        RetrySafety::OneShot
    }
    fn secrets(&self) -> Vec<&str> {
        self.body
            .connect_info
            .pwd
            .iter()
            .map(|p| p.expose())
            .collect()
    }
    fn parse(&self, answer: &Answer<'_>) -> Result<Output, ApiError> {
        parse_registered(answer).map(Output::new)
    }
    fn explain_after_retry(&self, error: &mut ApiError) {
        if crate::retry::says_already_registered(error) {
            error
                .message
                .push_str(" (after a retry: an earlier attempt probably registered it)");
        }
    }
}

/// `POST /v2/{project_id}/transfers`: one-shot (a second create of the same streams meets
/// `LTS.0207`).
pub struct CreateTransferOperation {
    /// The validated body.
    pub body: CreateTransferRequest,
}

impl Operation for CreateTransferOperation {
    fn name(&self) -> &'static str {
        "createTransfer"
    }
    fn method(&self) -> Method {
        Method::Post
    }
    fn path(&self) -> &'static str {
        "/transfers"
    }
    fn body(&self) -> Option<String> {
        Some(self.body.to_wire_json())
    }
    fn safety(&self) -> RetrySafety {
        RetrySafety::OneShot
    }
    fn parse(&self, answer: &Answer<'_>) -> Result<Output, ApiError> {
        parse_transfer(answer).map(Output::new)
    }
    fn explain_after_retry(&self, error: &mut ApiError) {
        if error.code.as_deref() == Some("LTS.0207") {
            error
                .message
                .push_str(" (after a retry: an earlier attempt probably created the transfer; listTransfers shows it)");
        }
    }
}

/// `GET /v2/{project_id}/transfers`: a read.
pub struct ListTransfersOperation {
    /// The filters.
    pub query: ListTransfersQuery,
}

impl Operation for ListTransfersOperation {
    fn name(&self) -> &'static str {
        "listTransfers"
    }
    fn method(&self) -> Method {
        Method::Get
    }
    fn path(&self) -> &'static str {
        "/transfers"
    }
    fn query(&self) -> Vec<(&'static str, &str)> {
        self.query.pairs()
    }
    fn body(&self) -> Option<String> {
        None
    }
    fn safety(&self) -> RetrySafety {
        RetrySafety::Read
    }
    fn parse(&self, answer: &Answer<'_>) -> Result<Output, ApiError> {
        parse_transfer_list(answer).map(Output::new)
    }
}

/// `PUT /v2/{project_id}/transfers`: idempotent (the same update twice is the update once).
pub struct UpdateTransferOperation {
    /// The validated body.
    pub body: UpdateTransferRequest,
}

impl Operation for UpdateTransferOperation {
    fn name(&self) -> &'static str {
        "updateTransfer"
    }
    fn method(&self) -> Method {
        Method::Put
    }
    fn path(&self) -> &'static str {
        "/transfers"
    }
    fn body(&self) -> Option<String> {
        Some(self.body.to_wire_json())
    }
    fn safety(&self) -> RetrySafety {
        RetrySafety::Idempotent
    }
    fn parse(&self, answer: &Answer<'_>) -> Result<Output, ApiError> {
        parse_transfer(answer).map(Output::new)
    }
}

/// `DELETE /v2/{project_id}/transfers?log_transfer_id=...`: may be retried; a "not found"
/// after a retry means an earlier attempt deleted it.
pub struct DeleteTransferOperation {
    /// The transfer to delete.
    pub target: DeleteTransferRequest,
}

/// Whether an error answer says the transfer id is unknown (`LTS.0009` "The Field transfer id
/// is invalid or missing.", the service's only published words for it).
pub fn says_transfer_not_found(error: &ApiError) -> bool {
    let message = error.message.to_ascii_lowercase();
    error.status == 400
        && (error.code.as_deref() == Some("LTS.0009") || error.code.is_none())
        && crate::wire::text::contains(&message, "transfer id")
}

impl Operation for DeleteTransferOperation {
    fn name(&self) -> &'static str {
        "deleteTransfer"
    }
    fn method(&self) -> Method {
        Method::Delete
    }
    fn path(&self) -> &'static str {
        "/transfers"
    }
    fn query(&self) -> Vec<(&'static str, &str)> {
        vec![("log_transfer_id", self.target.log_transfer_id.as_str())]
    }
    fn body(&self) -> Option<String> {
        None
    }
    fn safety(&self) -> RetrySafety {
        RetrySafety::Idempotent
    }
    fn parse(&self, answer: &Answer<'_>) -> Result<Output, ApiError> {
        parse_deleted(answer, &self.target.log_transfer_id).map(Output::new)
    }
    fn explain_after_retry(&self, error: &mut ApiError) {
        if says_transfer_not_found(error) {
            error
                .message
                .push_str(" (after a retry: an earlier attempt probably deleted the transfer)");
        }
    }
}
