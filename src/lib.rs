//! Register a DMS Kafka instance with Huawei Cloud Log Tank Service (LTS).
//!
//! The crate is a sans-IO core: every decision about a call (validation, URL, headers, body
//! bytes, signature, how an answer is classified, whether and when to retry, the deadline) is
//! a pure function of its inputs, the clock and a random number included, so it runs and is
//! tested on the host with `cargo test`. On `wasm32` the [`wasm`] module adds the thin
//! JavaScript shell that performs what the core asks for.
//!
//! Flow of one call: untyped input ([`Input`]) -> [`validate_register_request`] -> an
//! [`Operation`] ([`RegisterOperation`]) -> a [`Call`], the state machine that answers each
//! event (credentials obtained, an attempt's [`Transport`], a wait over) with the next
//! [`Action`] (get credentials, send this [`HttpRequest`] within this many ms, wait, finish with
//! an [`Output`] or a [`CallError`]).

#![warn(missing_docs)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable,
    clippy::todo
)]

pub mod auth;
pub mod call;
pub mod config;
pub mod endpoint;
pub mod error;
pub mod model;
pub mod onboarding;
pub mod operation;
pub mod request;
pub mod response;
pub mod retry;
pub mod settings;
pub mod transfer;
pub mod transfer_answer;
pub mod transfer_update;
pub mod validate;
pub mod wire;
pub mod workflow;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

// talc instead of dlmalloc: measured smaller in the shipped .wasm (docs/architecture.md).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub use auth::redact::{redact_json, redact_text, Redactor};
pub use auth::secret::Secret;
pub use call::{shell_text, Action, AttemptRecord, Call, CallError, Drive, Transport};
pub use config::{ClientConfig, CredentialSource, Credentials};
pub use endpoint::{endpoint_for_region, BaseUrl, KNOWN_REGIONS};
pub use error::{ApiError, LtsError};
pub use model::{ConnectInfo, RegisterDmsKafkaInstanceOutput, RegisterDmsKafkaInstanceRequest};
pub use operation::{Method, Operation, Output, RegisterOperation, RetrySafety};
pub use request::{build_register_request, build_request, Header, HttpRequest};
pub use response::{parse_register_response, Answer};
pub use retry::{
    decide, decide_for, parse_retry_after, AttemptOutcome, RetryDecision, RetryPolicy, StopReason,
};
pub use settings::CallSettings;
pub use validate::{validate_register_request, ValidationIssue};
pub use wire::input::Input;
