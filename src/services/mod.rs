//! The services' operations, one folder per service: in each, one file per operation (its
//! request model, rules, [`crate::pipeline::operation::Operation`] value, answer parser and
//! result), the rules and models its operations share, and where the service is (its regions'
//! endpoints). Services know the pipeline; the pipeline knows none of them.

pub mod iam;
pub mod lts;
