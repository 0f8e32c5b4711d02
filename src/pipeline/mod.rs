//! The call pipeline, the same for every operation of every service: what an operation is
//! ([`operation`]), the state machine that decides every step of a call ([`call`]), the
//! client's configuration and credentials, the request, the answer, the retry policy, the
//! settings, the validation every validator is built from, and the crate's one error type.
//! It knows no service: it depends only on [`crate::auth`] and [`crate::wire`].

pub mod answer;
pub mod base_url;
pub mod call;
pub mod config;
pub mod credentials;
pub mod error;
pub mod operation;
pub mod project;
pub mod request;
pub mod retry;
pub mod settings;
pub mod validate;
