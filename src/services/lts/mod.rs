//! Log Tank Service: the registration of a DMS Kafka instance and the log transfers, and the
//! regions' LTS endpoints.

pub mod endpoint;
pub mod groups;
pub mod register;
pub mod transfers;
