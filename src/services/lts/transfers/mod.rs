//! The DMS log transfers (`/v2/{project_id}/transfers`): the request bodies in the API's wire
//! names, their rules, checked before anything is sent, and the JSON each goes on the wire as.
//!
//! lts-kafka creates and updates transfers to DMS Kafka only (a body for OBS or DIS is refused
//! with a message that says so); list and delete work for every type. The contract and its
//! sources are in `transfer-api.md`; where they conflict, the choice is said beside the rule and in
//! `docs/contract-choices.md`.
//!
//! One file per operation (its body or query, its rules, its wire JSON, the operation); what
//! they share is in [`model`] and [`rules`], their answers in [`answers`].

pub mod answers;
pub mod create;
pub mod delete;
pub mod list;
pub mod model;
pub mod rules;
pub mod update;
