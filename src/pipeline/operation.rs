//! What the call pipeline is generic over: an operation says its method, path, query and
//! body, how its answer is parsed, and whether it is safe to send twice; its result is an
//! [`Output`], whatever type the service gives it.
//!
//! The pipeline ([`crate::pipeline::call::Call`]) knows nothing of any one operation: each
//! service's operations are values implementing [`Operation`], in `src/services/<service>/`.

use std::any::Any;
use std::borrow::Cow;
use std::fmt;

use crate::pipeline::answer::Answer;
use crate::pipeline::error::ApiError;

/// An HTTP method an operation uses.
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

/// One operation of a service, as the call pipeline sees it.
pub trait Operation {
    /// The client method's name, as `onAttempt` records report it (`registerDmsKafkaInstance`).
    fn name(&self) -> &'static str;
    /// The HTTP method.
    fn method(&self) -> Method;
    /// The path after `/v2/{project_id}` (`/lts/dms/kafka-instance`, `/transfers`), or the
    /// whole path of an operation that is not under a project (`/v3/projects`).
    fn path(&self) -> Cow<'_, str>;
    /// Which of the client's endpoints the request goes to: `""` for the client's own
    /// service (LTS), or the key of another in the `endpoints` option (`"iam"`).
    fn service(&self) -> &'static str {
        ""
    }
    /// Whether the path is under `/v2/{project_id}` (and AK/SK requests carry
    /// `X-Project-Id`): every operation but a project lookup.
    fn project_scoped(&self) -> bool {
        true
    }
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
    /// The result when the operation needs no request once the project id is known
    /// (`resolveProjectId`); `None` for every operation that sends one.
    fn result_without_request(&self, _project_id: &str) -> Option<Output> {
        None
    }
}
