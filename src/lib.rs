//! Register a DMS Kafka instance with Huawei Cloud Log Tank Service (LTS).
//!
//! The crate is a sans-IO core: every decision about a call (validation, URL, headers, body
//! bytes, signature, how an answer is classified, whether and when to retry, the deadline) is
//! a pure function of its inputs, the clock and a random number included, so it runs and is
//! tested on the host with `cargo test`. On `wasm32` the `wasm` module adds the thin
//! JavaScript shell that performs what the core asks for.
//!
//! Flow of one call: untyped input ([`Input`]) -> [`validate_register_request`] -> an
//! [`Operation`] ([`RegisterOperation`]) -> a [`Call`], the state machine that answers each
//! event (credentials obtained, an attempt's [`Transport`], a wait over) with the next
//! [`Action`] (get credentials, send this [`HttpRequest`] within this many ms, wait, finish with
//! an [`Output`] or a [`CallError`]).
//!
//! The layers, each depending only on those listed before it:
//!
//! - [`wire`]: JSON, the description of a JavaScript value, text helpers.
//! - [`auth`]: signing, SHA-256, secrets and the one redactor.
//! - [`pipeline`]: what an operation is, the call state machine, configuration and
//!   credentials, request, answer, retries, settings, validation, the error type.
//! - [`services`]: each service's operations, one file each (`services::lts`).
//! - [`workflows`]: calls run one after another (the onboarding, a read-then-write update).
//! - `wasm`: the JavaScript shell (wasm32 only), which performs actions and decides nothing.

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
pub mod pipeline;
pub mod services;
pub mod wire;
pub mod workflows;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

// talc instead of dlmalloc: measured smaller in the shipped .wasm (docs/architecture.md).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub use auth::redact::{redact_json, redact_text, Redactor};
pub use auth::secret::Secret;
pub use pipeline::answer::Answer;
pub use pipeline::base_url::BaseUrl;
pub use pipeline::call::{shell_text, Action, AttemptRecord, Call, CallError, Drive, Transport};
pub use pipeline::config::ClientConfig;
pub use pipeline::credentials::{CredentialSource, Credentials};
pub use pipeline::error::{ApiError, LtsError};
pub use pipeline::operation::{Method, Operation, Outcome, Output, RetrySafety};
pub use pipeline::request::{build_request, Header, HttpRequest};
pub use pipeline::retry::{
    decide, decide_for, parse_retry_after, AttemptOutcome, RetryDecision, RetryPolicy, StopReason,
};
pub use pipeline::settings::CallSettings;
pub use pipeline::validate::ValidationIssue;
pub use services::lts::endpoint::{endpoint_for_region, KNOWN_REGIONS};
pub use services::lts::register::{
    build_register_request, parse_register_response, validate_register_request, ConnectInfo,
    RegisterDmsKafkaInstanceOutput, RegisterDmsKafkaInstanceRequest, RegisterOperation,
};
pub use wire::input::Input;
