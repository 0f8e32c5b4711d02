//! Workflows of calls, each step an operation run through the pipeline ([`workflow`]): the
//! onboarding (`ensureKafkaTransfer`) and the read-then-write of a partial update. They know
//! the services and the pipeline; neither knows them.

pub mod onboarding;
pub mod update;
pub mod workflow;
