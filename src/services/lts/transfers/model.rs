//! What the transfer operations share: the format, the status and the type in their wire
//! values, a log stream, a cross-account agency and a DMS destination, and how the shared
//! parts of a body are written as JSON.

use crate::wire::json::ObjectWriter;

/// How a DMS transfer stores each log: `RAW` (the line as it is) or `JSON`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageFormat {
    /// The log line as it is.
    Raw,
    /// A JSON object per log (with the optional tag and field lists).
    Json,
}

/// Whether a transfer delivers: `ENABLE` or `DISABLE` (the service alone sets `EXCEPTION`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransferStatus {
    /// Delivering.
    Enable,
    /// Paused.
    Disable,
}

/// The destination kind of a transfer, as the list filter names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransferType {
    /// Object storage.
    Obs,
    /// Data Ingestion Service.
    Dis,
    /// DMS Kafka.
    Dms,
}

impl StorageFormat {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            StorageFormat::Raw => "RAW",
            StorageFormat::Json => "JSON",
        }
    }
}

impl TransferStatus {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            TransferStatus::Enable => "ENABLE",
            TransferStatus::Disable => "DISABLE",
        }
    }
}

impl TransferType {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            TransferType::Obs => "OBS",
            TransferType::Dis => "DIS",
            TransferType::Dms => "DMS",
        }
    }
}

/// One log stream of a transfer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogStreamRef {
    /// The stream's id (a UUID).
    pub log_stream_id: String,
    /// Its name, when given (1 to 64 characters).
    pub log_stream_name: Option<String>,
}

/// A cross-account (delegated) transfer: all six fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyTransfer {
    /// The delegating account's domain id (1 to 128).
    pub agency_domain_id: String,
    /// The delegating account's domain name (1 to 128).
    pub agency_domain_name: String,
    /// The agency's name (1 to 128).
    pub agency_name: String,
    /// The delegating account's project id (32).
    pub agency_project_id: String,
    /// The delegated account's domain id (1 to 128).
    pub be_agency_domain_id: String,
    /// The delegated account's project id (32).
    pub be_agency_project_id: String,
}

/// Where a DMS transfer delivers, and what a JSON-format transfer adds to each log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DmsDetail {
    /// The registered Kafka instance's id.
    pub kafka_id: String,
    /// The topic the logs go to.
    pub kafka_topic: String,
    /// JSON format only: the transfer's tag fields.
    pub lts_tags: Option<Vec<String>>,
    /// JSON format only: the log stream's tag fields.
    pub stream_tags: Option<Vec<String>>,
    /// JSON format only: the structured fields.
    pub struct_fields: Option<Vec<String>>,
    /// JSON format only: what stands in for an invalid field.
    pub invalid_field_value: Option<String>,
}

// How the shared parts go on the wire.

pub(super) fn write_streams(out: &mut String, streams: &[LogStreamRef]) {
    out.push('[');
    for (i, s) in streams.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let mut o = ObjectWriter::new(out);
        o.str("log_stream_id", &s.log_stream_id);
        if let Some(name) = &s.log_stream_name {
            o.str("log_stream_name", name);
        }
        o.end();
    }
    out.push(']');
}

pub(super) fn write_list(out: &mut String, items: &[String]) {
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        crate::wire::json::write_str(out, item);
    }
    out.push(']');
}

pub(super) fn write_detail(out: &mut String, d: &DmsDetail) {
    let mut o = ObjectWriter::new(out);
    o.str("kafka_id", &d.kafka_id)
        .str("kafka_topic", &d.kafka_topic);
    for (key, list) in [
        ("lts_tags", &d.lts_tags),
        ("stream_tags", &d.stream_tags),
        ("struct_fields", &d.struct_fields),
    ] {
        if let Some(list) = list {
            o.with(key, |out| write_list(out, list));
        }
    }
    if let Some(v) = &d.invalid_field_value {
        o.str("invalid_field_value", v);
    }
    o.end();
}
