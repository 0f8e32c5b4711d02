//! Identity and Access Management: where IAM is for each region, and the lookup of the
//! project whose name is the region ([`projects`]), which the pipeline runs before a call's
//! first request when the client options leave `projectId` out.

pub mod endpoint;
pub mod projects;
