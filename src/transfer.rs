//! The DMS log transfers (`/v2/{project_id}/transfers`): the request bodies in the API's wire
//! names, their rules, checked before anything is sent, and the JSON each goes on the wire as.
//!
//! lts-kafka creates and updates transfers to DMS Kafka only (a body for OBS or DIS is refused
//! with a message that says so); list and delete work for every type. The contract and its
//! sources are in `transfer-api.md`; where they conflict, the choice is said here and in
//! `docs/contract-choices.md`.

use crate::validate::{
    check_text, check_unknown_fields, no_control_characters, utf16_len, ValidationIssue,
};
use crate::wire::input::{Entry, Input};
use crate::wire::json::ObjectWriter;
use crate::wire::text::Dec;

/// The most streams one request may name (answers list 1 to 1000 streams per transfer).
pub const LOG_STREAMS_MAX: usize = 1000;
/// Names (`log_stream_name`, `log_group_name`): 1 to 64 characters.
pub const NAME_LENGTH: (usize, usize) = (1, 64);
/// `kafka_id`: the registered instance's id, 1 to 36 characters like `instance_id`.
pub const KAFKA_ID_LENGTH: (usize, usize) = (1, 36);
/// `kafka_topic`: DMS's rule for topic names, 3 to 200 characters.
pub const KAFKA_TOPIC_LENGTH: (usize, usize) = (3, 200);

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

/// The body of `POST /v2/{project_id}/transfers` for a DMS transfer, after validation (its
/// type and mode are `DMS` and `realTime`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateTransferRequest {
    /// The log group the streams belong to.
    pub log_group_id: String,
    /// The streams to deliver (1 to 1000, each once).
    pub log_streams: Vec<LogStreamRef>,
    /// `RAW` or `JSON`.
    pub log_storage_format: StorageFormat,
    /// `ENABLE` or `DISABLE`.
    pub log_transfer_status: TransferStatus,
    /// A cross-account transfer's agency.
    pub log_agency_transfer: Option<AgencyTransfer>,
    /// The destination.
    pub log_transfer_detail: DmsDetail,
}

/// The body of `PUT /v2/{project_id}/transfers` for a DMS transfer, after validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateTransferRequest {
    /// The transfer to update.
    pub log_transfer_id: String,
    /// The log group, when given (newer SDKs send it).
    pub log_group_id: Option<String>,
    /// The streams, when given.
    pub log_streams: Option<Vec<LogStreamRef>>,
    /// `RAW` or `JSON`.
    pub log_storage_format: StorageFormat,
    /// `ENABLE` or `DISABLE`.
    pub log_transfer_status: TransferStatus,
    /// The destination, sent again whole (as the API requires).
    pub log_transfer_detail: DmsDetail,
}

/// The filters of `GET /v2/{project_id}/transfers`, each optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListTransfersQuery {
    /// Only transfers of this kind.
    pub log_transfer_type: Option<TransferType>,
    /// Only transfers of this log group.
    pub log_group_name: Option<String>,
    /// Only transfers of this log stream.
    pub log_stream_name: Option<String>,
}

impl ListTransfersQuery {
    /// The query parameters, not yet encoded.
    pub fn pairs(&self) -> Vec<(&'static str, &str)> {
        let mut out = Vec::new();
        if let Some(t) = self.log_transfer_type {
            out.push(("log_transfer_type", t.as_str()));
        }
        if let Some(name) = &self.log_group_name {
            out.push(("log_group_name", name.as_str()));
        }
        if let Some(name) = &self.log_stream_name {
            out.push(("log_stream_name", name.as_str()));
        }
        out
    }
}

/// The id of a transfer, for `DELETE /v2/{project_id}/transfers?log_transfer_id=...`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteTransferRequest {
    /// The transfer to delete.
    pub log_transfer_id: String,
}

// ------------------------------------------------------------------------------- rules

/// The documented id length (`log_group_id`, `log_stream_id`, `log_transfer_id`).
const UUID_LENGTH: usize = 36;

fn type_issue(path: &str, what: &str, got: &Input<'_>) -> ValidationIssue {
    ValidationIssue::new(
        path,
        "type",
        format!("{path} must be {what} (got {})", got.kind()),
    )
}

/// A required object: its entries.
fn object<'v, 'a>(
    value: Option<&'v Input<'a>>,
    path: &str,
    what: &str,
    issues: &mut Vec<ValidationIssue>,
) -> Option<&'v [Entry<'a>]> {
    match value {
        Some(Input::Object(entries)) => Some(entries),
        None | Some(Input::Undefined) => {
            issues.push(ValidationIssue::new(
                path,
                "required",
                format!("{path} is required: {what}"),
            ));
            None
        }
        Some(other) => {
            issues.push(type_issue(path, &format!("an object: {what}"), other));
            None
        }
    }
}

/// Whether an object property is present (not undefined).
fn present(value: Option<&Input<'_>>) -> bool {
    !matches!(value, None | Some(Input::Undefined))
}

/// One line of text: no control characters (a pasting accident in an id or a name).
fn one_line(
    value: Option<&Input<'_>>,
    path: &str,
    what: &str,
    length: (usize, usize),
    issues: &mut Vec<ValidationIssue>,
) -> Option<String> {
    check_text(value, path, what, Some(length), issues)
        .filter(|v| no_control_characters(path, v, issues))
}

/// An id in the documented UUID form (8-4-4-4-12 hex digits), or also 32 hex digits when
/// `also_32` (the one 32-character transfer id an official example shows).
pub(crate) fn uuid(
    value: Option<&Input<'_>>,
    path: &str,
    what: &str,
    also_32: bool,
    issues: &mut Vec<ValidationIssue>,
) -> Option<String> {
    let id = check_text(value, path, what, None, issues)?;
    let len = utf16_len(&id);
    let hex_32 = also_32 && len == 32 && id.bytes().all(|b| b.is_ascii_hexdigit());
    if hex_32 {
        return Some(id);
    }
    if len != UUID_LENGTH {
        let rule = if len < UUID_LENGTH {
            "min_length"
        } else {
            "max_length"
        };
        let also = if also_32 { " (or 32 hex digits)" } else { "" };
        issues.push(
            ValidationIssue::new(
                path,
                rule,
                format!(
                    "{path} must be {} characters{also} (got {}): {what}",
                    Dec::of(UUID_LENGTH),
                    Dec::of(len)
                ),
            )
            .with_limit(UUID_LENGTH),
        );
        return None;
    }
    let bad = id.bytes().enumerate().find(|(i, b)| {
        if matches!(i, 8 | 13 | 18 | 23) {
            *b != b'-'
        } else {
            !b.is_ascii_hexdigit()
        }
    });
    match bad {
        None => Some(id),
        Some((pos, _)) => {
            issues.push(ValidationIssue::new(
                path,
                "format",
                format!("{path} must be a UUID such as 9a7e2183-2d6d-4732-9a9b-e897fd4e49e0 (hex digits in groups of 8-4-4-4-12): position {} is not: {what}", Dec::of(pos)),
            ));
            None
        }
    }
}

/// One of a few words; `explain` adds why, for a value that is a string but not one of them.
fn one_of(
    value: Option<&Input<'_>>,
    path: &str,
    allowed: &[&'static str],
    explain: &dyn Fn(&str) -> Option<String>,
    issues: &mut Vec<ValidationIssue>,
) -> Option<&'static str> {
    let list = crate::wire::text::join(allowed, ", ");
    match value {
        None | Some(Input::Undefined) => {
            issues.push(ValidationIssue::new(
                path,
                "required",
                format!("{path} is required: one of {list}"),
            ));
            None
        }
        Some(Input::String(s)) => {
            if let Some(hit) = allowed.iter().find(|a| **a == s.as_ref()) {
                return Some(hit);
            }
            let why = explain(s).unwrap_or_else(|| format!("{path} must be one of {list}"));
            issues.push(ValidationIssue::new(path, "one_of", why));
            None
        }
        Some(Input::LongString(_) | Input::MalformedString(_)) => {
            let why = format!("{path} must be one of {list}");
            issues.push(ValidationIssue::new(path, "one_of", why));
            None
        }
        Some(other) => {
            issues.push(type_issue(path, &format!("one of {list}"), other));
            None
        }
    }
}

fn storage_format(
    value: Option<&Input<'_>>,
    path: &str,
    issues: &mut Vec<ValidationIssue>,
) -> Option<StorageFormat> {
    one_of(value, path, &["RAW", "JSON"], &|_| None, issues).map(|f| match f {
        "JSON" => StorageFormat::Json,
        _ => StorageFormat::Raw,
    })
}

fn transfer_status(
    value: Option<&Input<'_>>,
    path: &str,
    issues: &mut Vec<ValidationIssue>,
) -> Option<TransferStatus> {
    let explain = |s: &str| {
        (s == "EXCEPTION").then(|| format!(
            "{path} must be ENABLE or DISABLE: EXCEPTION is set by the service alone, when the Kafka instance or topic is gone (recreate the transfer)"
        ))
    };
    one_of(value, path, &["ENABLE", "DISABLE"], &explain, issues).map(|s| match s {
        "DISABLE" => TransferStatus::Disable,
        _ => TransferStatus::Enable,
    })
}

/// `log_transfer_type`: DMS only, for a create and an update.
fn dms_type(value: Option<&Input<'_>>, path: &str, issues: &mut Vec<ValidationIssue>) {
    let explain = |s: &str| {
        Some(if s == "OBS" || s == "DIS" {
            format!("{path} must be DMS: lts-kafka creates and updates transfers to DMS Kafka only; make an {s} transfer in the LTS console or with Huawei's SDK")
        } else {
            format!("{path} must be DMS (a transfer to DMS Kafka)")
        })
    };
    one_of(value, path, &["DMS"], &explain, issues);
}

/// `log_transfer_mode`: DMS transfers are real time.
fn dms_mode(value: Option<&Input<'_>>, path: &str, issues: &mut Vec<ValidationIssue>) {
    let explain = |_: &str| {
        Some(format!(
            "{path} must be realTime: DMS transfers are real time"
        ))
    };
    one_of(value, path, &["realTime"], &explain, issues);
}

/// `kafka_topic`: DMS's rule for topic names.
pub(crate) fn kafka_topic(
    value: Option<&Input<'_>>,
    path: &str,
    issues: &mut Vec<ValidationIssue>,
) -> Option<String> {
    let topic = check_text(
        value,
        path,
        "the Kafka topic the logs go to (3 to 200 characters: a letter, then letters, digits, . _ -)",
        Some(KAFKA_TOPIC_LENGTH),
        issues,
    )?;
    let starts_with_letter = topic
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic());
    let bad = topic
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')));
    if !starts_with_letter || bad.is_some() {
        let detail = match bad {
            Some(_) if starts_with_letter => {
                let pos = topic
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
                    .count();
                format!(
                    "the character at position {} is not one of them",
                    Dec::of(pos)
                )
            }
            _ => String::from("it does not start with a letter"),
        };
        issues.push(ValidationIssue::new(
            path,
            "format",
            format!("{path} must be a Kafka topic name: a letter, then letters, digits, . _ or - ({detail})"),
        ));
        return None;
    }
    Some(topic)
}

/// A list of short strings (the JSON format's tag and field lists).
fn string_list(
    value: Option<&Input<'_>>,
    path: &str,
    issues: &mut Vec<ValidationIssue>,
) -> Option<Vec<String>> {
    let items = match value {
        None | Some(Input::Undefined) => return None,
        Some(Input::Array(items)) => items,
        Some(other) => {
            issues.push(type_issue(path, "an array of strings", other));
            return None;
        }
    };
    let before = issues.len();
    let out: Vec<String> = items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| {
            one_line(
                Some(item),
                &format!("{path}[{}]", Dec::of(i)),
                "a field name",
                (1, 256),
                issues,
            )
        })
        .collect();
    (issues.len() == before).then_some(out)
}

const DETAIL_FIELDS: &[&str] = &[
    "kafka_id",
    "kafka_topic",
    "lts_tags",
    "stream_tags",
    "struct_fields",
    "invalid_field_value",
];
const JSON_ONLY_DETAIL_FIELDS: &[&str] = &[
    "lts_tags",
    "stream_tags",
    "struct_fields",
    "invalid_field_value",
];
const DETAIL_ALIASES: &[(&str, &str)] = &[
    ("instance_id", "kafka_id"),
    ("kafkaId", "kafka_id"),
    ("topic", "kafka_topic"),
    ("kafkaTopic", "kafka_topic"),
];

fn dms_detail(
    value: Option<&Input<'_>>,
    path: &str,
    format: Option<StorageFormat>,
    issues: &mut Vec<ValidationIssue>,
) -> Option<DmsDetail> {
    let entries = object(
        value,
        path,
        "{ kafka_id, kafka_topic }: where the logs go",
        issues,
    )?;
    let before = issues.len();
    let get = |key: &str| entries.iter().find(|(k, _)| k == key).map(|(_, v)| v);
    let at = |key: &str| format!("{path}.{key}");
    let kafka_id = one_line(
        get("kafka_id"),
        &at("kafka_id"),
        "the id of the registered Kafka instance (registerDmsKafkaInstance first)",
        KAFKA_ID_LENGTH,
        issues,
    );
    let kafka_topic = kafka_topic(get("kafka_topic"), &at("kafka_topic"), issues);
    let lts_tags = string_list(get("lts_tags"), &at("lts_tags"), issues);
    let stream_tags = string_list(get("stream_tags"), &at("stream_tags"), issues);
    let struct_fields = string_list(get("struct_fields"), &at("struct_fields"), issues);
    let invalid_field_value = if present(get("invalid_field_value")) {
        one_line(
            get("invalid_field_value"),
            &at("invalid_field_value"),
            "",
            (1, 256),
            issues,
        )
    } else {
        None
    };
    if format == Some(StorageFormat::Raw) {
        for key in JSON_ONLY_DETAIL_FIELDS.iter().filter(|k| present(get(k))) {
            issues.push(ValidationIssue::new(
                at(key),
                "requires",
                format!(
                    "{} is for a transfer in log_storage_format JSON (this one is RAW)",
                    at(key)
                ),
            ));
        }
    }
    // Another destination's fields: say whose they are.
    let (foreign, rest): (Vec<&Entry<'_>>, Vec<&Entry<'_>>) = entries
        .iter()
        .partition(|(k, _)| k.starts_with("obs_") || k.starts_with("dis_"));
    for (key, _) in foreign {
        let kind = if key.starts_with("obs_") {
            "OBS"
        } else {
            "DIS"
        };
        issues.push(ValidationIssue::new(
            at(key),
            "unknown_field",
            format!("{} belongs to an {kind} transfer: a DMS transfer's detail is kafka_id and kafka_topic", at(key)),
        ));
    }
    // Only the keys are looked at: the values stay where they are (no deep copy).
    let rest: Vec<Entry<'_>> = rest
        .into_iter()
        .map(|(k, _)| (k.clone(), Input::Null))
        .collect();
    check_unknown_fields(&rest, path, DETAIL_FIELDS, DETAIL_ALIASES, issues);
    match (kafka_id, kafka_topic) {
        (Some(kafka_id), Some(kafka_topic)) if issues.len() == before => Some(DmsDetail {
            kafka_id,
            kafka_topic,
            lts_tags,
            stream_tags,
            struct_fields,
            invalid_field_value,
        }),
        _ => None,
    }
}

const AGENCY_FIELDS: [(&str, (usize, usize)); 6] = [
    ("agency_domain_id", (1, 128)),
    ("agency_domain_name", (1, 128)),
    ("agency_name", (1, 128)),
    ("agency_project_id", (32, 32)),
    ("be_agency_domain_id", (1, 128)),
    ("be_agency_project_id", (32, 32)),
];

fn agency(
    value: Option<&Input<'_>>,
    path: &str,
    issues: &mut Vec<ValidationIssue>,
) -> Option<AgencyTransfer> {
    let entries = match value {
        None | Some(Input::Undefined) | Some(Input::Null) => return None,
        Some(Input::Object(entries)) => entries,
        Some(other) => {
            issues.push(type_issue(
                path,
                "an object with all six agency fields",
                other,
            ));
            return None;
        }
    };
    let get = |key: &str| entries.iter().find(|(k, _)| k == key).map(|(_, v)| v);
    let missing: Vec<&str> = AGENCY_FIELDS
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| !present(get(k)))
        .collect();
    let known: Vec<&str> = AGENCY_FIELDS.iter().map(|(k, _)| *k).collect();
    check_unknown_fields(entries, path, &known, &[], issues);
    if !missing.is_empty() {
        issues.push(ValidationIssue::new(
            path,
            "requires",
            format!(
                "{path} needs all six fields of a cross-account transfer or none; missing: {} (the service refuses a partial one: \"The Field beAgency domain id is invalid or missing\")",
                crate::wire::text::join(&missing, ", ")
            ),
        ));
        return None;
    }
    let before = issues.len();
    let values: Vec<String> = AGENCY_FIELDS
        .iter()
        .filter_map(|(k, len)| one_line(get(k), &format!("{path}.{k}"), "", *len, issues))
        .collect();
    if issues.len() != before {
        return None;
    }
    let mut v = values.into_iter();
    let mut next = || v.next().unwrap_or_default();
    Some(AgencyTransfer {
        agency_domain_id: next(),
        agency_domain_name: next(),
        agency_name: next(),
        agency_project_id: next(),
        be_agency_domain_id: next(),
        be_agency_project_id: next(),
    })
}

const STREAM_FIELDS: &[&str] = &["log_stream_id", "log_stream_name"];
const STREAM_ALIASES: &[(&str, &str)] = &[
    ("id", "log_stream_id"),
    ("stream_id", "log_stream_id"),
    ("name", "log_stream_name"),
];

/// `log_streams`: 1 to 1000 streams, none twice.
pub(crate) fn log_streams(
    value: Option<&Input<'_>>,
    path: &str,
    issues: &mut Vec<ValidationIssue>,
) -> Option<Vec<LogStreamRef>> {
    let items = match value {
        None | Some(Input::Undefined) => {
            issues.push(ValidationIssue::new(
                path,
                "required",
                format!("{path} is required: [{{ log_stream_id }}, ...], the streams to deliver"),
            ));
            return None;
        }
        Some(Input::Array(items)) => items,
        Some(other) => {
            issues.push(type_issue(
                path,
                "an array such as [{ log_stream_id }]",
                other,
            ));
            return None;
        }
    };
    if items.is_empty() || items.len() > LOG_STREAMS_MAX {
        let (rule, limit) = if items.is_empty() {
            ("min_items", 1)
        } else {
            ("max_items", LOG_STREAMS_MAX)
        };
        issues.push(
            ValidationIssue::new(
                path,
                rule,
                format!(
                    "{path} must list 1 to {} streams (got {})",
                    Dec::of(LOG_STREAMS_MAX),
                    Dec::of(items.len())
                ),
            )
            .with_limit(limit),
        );
        return None;
    }
    let before = issues.len();
    let mut out: Vec<LogStreamRef> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let at = format!("{path}[{}]", Dec::of(i));
        let Some(entries) = object(Some(item), &at, "{ log_stream_id }", issues) else {
            continue;
        };
        let get = |key: &str| entries.iter().find(|(k, _)| k == key).map(|(_, v)| v);
        let id = uuid(
            get("log_stream_id"),
            &format!("{at}.log_stream_id"),
            "the log stream's id",
            false,
            issues,
        );
        let name = if present(get("log_stream_name")) {
            one_line(
                get("log_stream_name"),
                &format!("{at}.log_stream_name"),
                "",
                NAME_LENGTH,
                issues,
            )
        } else {
            None
        };
        check_unknown_fields(entries, &at, STREAM_FIELDS, STREAM_ALIASES, issues);
        if let Some(id) = id {
            if let Some(first) = out
                .iter()
                .position(|s| s.log_stream_id.eq_ignore_ascii_case(&id))
            {
                issues.push(ValidationIssue::new(
                    format!("{at}.log_stream_id"),
                    "duplicate",
                    format!("{at}.log_stream_id names the same stream as {path}[{}]: a stream goes in once", Dec::of(first)),
                ));
            }
            out.push(LogStreamRef {
                log_stream_id: id,
                log_stream_name: name,
            });
        }
    }
    (issues.len() == before).then_some(out)
}

fn not_an_object(what: &str, fields: &str, got: &Input<'_>) -> Vec<ValidationIssue> {
    vec![ValidationIssue::new(
        "",
        "type",
        format!(
            "the {what} must be an object with {fields} (got {})",
            got.kind()
        ),
    )]
}

const CREATE_FIELDS: &[&str] = &["log_group_id", "log_streams", "log_transfer_info"];
const BODY_ALIASES: &[(&str, &str)] = &[
    ("group_id", "log_group_id"),
    ("logGroupId", "log_group_id"),
    ("streams", "log_streams"),
    ("logStreams", "log_streams"),
    ("info", "log_transfer_info"),
    ("transfer_info", "log_transfer_info"),
    ("transfer_id", "log_transfer_id"),
    ("id", "log_transfer_id"),
];
const CREATE_INFO_FIELDS: &[&str] = &[
    "log_transfer_type",
    "log_transfer_mode",
    "log_storage_format",
    "log_transfer_status",
    "log_agency_transfer",
    "log_transfer_detail",
];
const INFO_ALIASES: &[(&str, &str)] = &[
    ("type", "log_transfer_type"),
    ("mode", "log_transfer_mode"),
    ("format", "log_storage_format"),
    ("storage_format", "log_storage_format"),
    ("status", "log_transfer_status"),
    ("detail", "log_transfer_detail"),
    ("agency", "log_agency_transfer"),
];

/// Validates the body of a DMS transfer's creation; every problem at once.
///
/// Rules: `log_group_id` and every `log_streams[i].log_stream_id` a UUID (36 characters);
/// 1 to 1000 streams, none twice, names 1 to 64; `log_transfer_info` with type `DMS`, mode
/// `realTime`, format `RAW` or `JSON`, status `ENABLE` or `DISABLE`, an agency with all six
/// fields or none, and `log_transfer_detail` with `kafka_id` (1 to 36) and `kafka_topic` (a
/// Kafka topic name); no other field.
pub fn validate_create_transfer(
    input: &Input<'_>,
) -> Result<CreateTransferRequest, Vec<ValidationIssue>> {
    let Input::Object(entries) = input else {
        return Err(not_an_object(
            "body of a transfer",
            "log_group_id, log_streams and log_transfer_info",
            input,
        ));
    };
    let mut issues = Vec::new();
    let log_group_id = uuid(
        input.get("log_group_id"),
        "log_group_id",
        "the log group's id",
        false,
        &mut issues,
    );
    let log_streams = log_streams(input.get("log_streams"), "log_streams", &mut issues);
    check_unknown_fields(entries, "", CREATE_FIELDS, BODY_ALIASES, &mut issues);
    let path = "log_transfer_info";
    let info = object(
        input.get(path),
        path,
        "{ log_storage_format, log_transfer_status, log_transfer_detail }",
        &mut issues,
    );
    let (mut format, mut status, mut agency_transfer, mut detail) = (None, None, None, None);
    if let Some(info_entries) = info {
        let get = |key: &str| info_entries.iter().find(|(k, _)| k == key).map(|(_, v)| v);
        // DMS and realTime are the only values: left out, they are those.
        if present(get("log_transfer_type")) {
            dms_type(
                get("log_transfer_type"),
                "log_transfer_info.log_transfer_type",
                &mut issues,
            );
        }
        if present(get("log_transfer_mode")) {
            dms_mode(
                get("log_transfer_mode"),
                "log_transfer_info.log_transfer_mode",
                &mut issues,
            );
        }
        format = storage_format(
            get("log_storage_format"),
            "log_transfer_info.log_storage_format",
            &mut issues,
        );
        status = transfer_status(
            get("log_transfer_status"),
            "log_transfer_info.log_transfer_status",
            &mut issues,
        );
        agency_transfer = agency(
            get("log_agency_transfer"),
            "log_transfer_info.log_agency_transfer",
            &mut issues,
        );
        detail = dms_detail(
            get("log_transfer_detail"),
            "log_transfer_info.log_transfer_detail",
            format,
            &mut issues,
        );
        check_unknown_fields(
            info_entries,
            path,
            CREATE_INFO_FIELDS,
            INFO_ALIASES,
            &mut issues,
        );
    }
    match (log_group_id, log_streams, format, status, detail) {
        (
            Some(log_group_id),
            Some(log_streams),
            Some(log_storage_format),
            Some(log_transfer_status),
            Some(log_transfer_detail),
        ) if issues.is_empty() => Ok(CreateTransferRequest {
            log_group_id,
            log_streams,
            log_storage_format,
            log_transfer_status,
            log_agency_transfer: agency_transfer,
            log_transfer_detail,
        }),
        _ => Err(issues),
    }
}

const UPDATE_FIELDS: &[&str] = &[
    "log_transfer_id",
    "log_group_id",
    "log_streams",
    "log_transfer_info",
    // What a listed or returned transfer carries that an update cannot change: recognised
    // (so a listed transfer can be spread into an update) and not sent.
    "log_group_name",
    "log_group_name_alias",
    "requestId",
];
const UPDATE_INFO_FIELDS: &[&str] = &[
    "log_storage_format",
    "log_transfer_status",
    "log_transfer_detail",
    "log_transfer_type",
    "log_transfer_mode",
    "log_create_time",
    "log_agency_transfer",
];

/// Validates the body of a DMS transfer's update; every problem at once.
///
/// Rules: `log_transfer_id` a UUID (or 32 hex digits); `log_group_id` and `log_streams` as for
/// a creation when given; `log_transfer_info` with format, status and the whole detail (the
/// API takes it again); `log_transfer_type` and `log_transfer_mode` may be given but must be
/// `DMS` and `realTime` (an update cannot change them, and they are not sent).
pub fn validate_update_transfer(
    input: &Input<'_>,
) -> Result<UpdateTransferRequest, Vec<ValidationIssue>> {
    let Input::Object(entries) = input else {
        return Err(not_an_object(
            "body of a transfer update",
            "log_transfer_id and log_transfer_info",
            input,
        ));
    };
    let mut issues = Vec::new();
    let log_transfer_id = uuid(
        input.get("log_transfer_id"),
        "log_transfer_id",
        "the transfer's id (from listTransfers or createTransfer)",
        true,
        &mut issues,
    );
    let log_group_id = present(input.get("log_group_id"))
        .then(|| {
            uuid(
                input.get("log_group_id"),
                "log_group_id",
                "the log group's id",
                false,
                &mut issues,
            )
        })
        .flatten();
    let log_streams = present(input.get("log_streams"))
        .then(|| log_streams(input.get("log_streams"), "log_streams", &mut issues))
        .flatten();
    check_unknown_fields(entries, "", UPDATE_FIELDS, BODY_ALIASES, &mut issues);
    let path = "log_transfer_info";
    let info = object(input.get(path), path, "{ log_storage_format, log_transfer_status, log_transfer_detail: { kafka_id, kafka_topic } }", &mut issues);
    let (mut format, mut status, mut detail) = (None, None, None);
    if let Some(info_entries) = info {
        let get = |key: &str| info_entries.iter().find(|(k, _)| k == key).map(|(_, v)| v);
        if present(get("log_transfer_type")) {
            dms_type(
                get("log_transfer_type"),
                "log_transfer_info.log_transfer_type",
                &mut issues,
            );
        }
        if present(get("log_transfer_mode")) {
            dms_mode(
                get("log_transfer_mode"),
                "log_transfer_info.log_transfer_mode",
                &mut issues,
            );
        }
        format = storage_format(
            get("log_storage_format"),
            "log_transfer_info.log_storage_format",
            &mut issues,
        );
        status = transfer_status(
            get("log_transfer_status"),
            "log_transfer_info.log_transfer_status",
            &mut issues,
        );
        detail = dms_detail(
            get("log_transfer_detail"),
            "log_transfer_info.log_transfer_detail",
            format,
            &mut issues,
        );
        check_unknown_fields(
            info_entries,
            path,
            UPDATE_INFO_FIELDS,
            INFO_ALIASES,
            &mut issues,
        );
    }
    match (log_transfer_id, format, status, detail) {
        (
            Some(log_transfer_id),
            Some(log_storage_format),
            Some(log_transfer_status),
            Some(log_transfer_detail),
        ) if issues.is_empty() => Ok(UpdateTransferRequest {
            log_transfer_id,
            log_group_id,
            log_streams,
            log_storage_format,
            log_transfer_status,
            log_transfer_detail,
        }),
        _ => Err(issues),
    }
}

const QUERY_FIELDS: &[&str] = &["log_transfer_type", "log_group_name", "log_stream_name"];
const QUERY_ALIASES: &[(&str, &str)] = &[
    ("type", "log_transfer_type"),
    ("group_name", "log_group_name"),
    ("stream_name", "log_stream_name"),
];

/// Validates the filters of a list (`undefined` or `null` for none); every problem at once.
///
/// Rules: `log_transfer_type` one of `OBS`, `DIS`, `DMS`; names 1 to 64 characters; no other
/// key (the `offset` and `limit` of older documents are not sent: the newest API takes none).
pub fn validate_list_query(input: &Input<'_>) -> Result<ListTransfersQuery, Vec<ValidationIssue>> {
    let entries = match input {
        Input::Undefined | Input::Null => return Ok(ListTransfersQuery::default()),
        Input::Object(entries) => entries,
        other => {
            return Err(not_an_object(
                "list query",
                "optional log_transfer_type, log_group_name and log_stream_name",
                other,
            ));
        }
    };
    let mut issues = Vec::new();
    let log_transfer_type = present(input.get("log_transfer_type"))
        .then(|| {
            one_of(
                input.get("log_transfer_type"),
                "log_transfer_type",
                &["DMS", "OBS", "DIS"],
                &|_| None,
                &mut issues,
            )
        })
        .flatten()
        .map(|t| match t {
            "OBS" => TransferType::Obs,
            "DIS" => TransferType::Dis,
            _ => TransferType::Dms,
        });
    let name = |key: &str, issues: &mut Vec<ValidationIssue>| {
        present(input.get(key))
            .then(|| one_line(input.get(key), key, "", NAME_LENGTH, issues))
            .flatten()
    };
    let log_group_name = name("log_group_name", &mut issues);
    let log_stream_name = name("log_stream_name", &mut issues);
    for key in ["offset", "limit"] {
        if entries.iter().any(|(k, _)| k == key) {
            issues.push(ValidationIssue::new(
                key,
                "unknown_field",
                format!("{key} is not a filter of the list: the API returns every transfer at once (older documents' paging is gone)"),
            ));
        }
    }
    let rest: Vec<Entry<'_>> = entries
        .iter()
        .filter(|(k, _)| k != "offset" && k != "limit")
        .map(|(k, _)| (k.clone(), Input::Null))
        .collect();
    crate::validate::check_unknown_fields_of(
        &rest,
        "",
        QUERY_FIELDS,
        QUERY_ALIASES,
        "a filter of the list",
        "the filters",
        &mut issues,
    );
    if issues.is_empty() {
        Ok(ListTransfersQuery {
            log_transfer_type,
            log_group_name,
            log_stream_name,
        })
    } else {
        Err(issues)
    }
}

/// Validates `{ log_transfer_id }` for a delete.
pub fn validate_delete_transfer(
    input: &Input<'_>,
) -> Result<DeleteTransferRequest, Vec<ValidationIssue>> {
    let Input::Object(entries) = input else {
        return Err(not_an_object("delete argument", "log_transfer_id", input));
    };
    let mut issues = Vec::new();
    let id = uuid(
        input.get("log_transfer_id"),
        "log_transfer_id",
        "the transfer's id (from listTransfers or createTransfer)",
        true,
        &mut issues,
    );
    check_unknown_fields(entries, "", &["log_transfer_id"], BODY_ALIASES, &mut issues);
    match id {
        Some(log_transfer_id) if issues.is_empty() => Ok(DeleteTransferRequest { log_transfer_id }),
        _ => Err(issues),
    }
}

// ------------------------------------------------------------------------- wire bodies

fn write_streams(out: &mut String, streams: &[LogStreamRef]) {
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

fn write_list(out: &mut String, items: &[String]) {
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        crate::wire::json::write_str(out, item);
    }
    out.push(']');
}

fn write_detail(out: &mut String, d: &DmsDetail) {
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

impl CreateTransferRequest {
    /// The JSON body exactly as it goes on the wire, in the official SDK's field order.
    pub fn to_wire_json(&self) -> String {
        let mut out = String::with_capacity(320 + 72 * self.log_streams.len());
        ObjectWriter::new(&mut out)
            .str("log_group_id", &self.log_group_id)
            .with("log_streams", |out| write_streams(out, &self.log_streams))
            .with("log_transfer_info", |out| {
                let mut info = ObjectWriter::new(out);
                info.str("log_transfer_type", "DMS")
                    .str("log_transfer_mode", "realTime")
                    .str("log_storage_format", self.log_storage_format.as_str())
                    .str("log_transfer_status", self.log_transfer_status.as_str());
                if let Some(a) = &self.log_agency_transfer {
                    info.with("log_agency_transfer", |out| {
                        ObjectWriter::new(out)
                            .str("agency_domain_id", &a.agency_domain_id)
                            .str("agency_domain_name", &a.agency_domain_name)
                            .str("agency_name", &a.agency_name)
                            .str("agency_project_id", &a.agency_project_id)
                            .str("be_agency_domain_id", &a.be_agency_domain_id)
                            .str("be_agency_project_id", &a.be_agency_project_id)
                            .end();
                    });
                }
                info.with("log_transfer_detail", |out| {
                    write_detail(out, &self.log_transfer_detail)
                })
                .end();
            })
            .end();
        out
    }
}

impl UpdateTransferRequest {
    /// The JSON body exactly as it goes on the wire.
    pub fn to_wire_json(&self) -> String {
        let mut out = String::with_capacity(256);
        let mut o = ObjectWriter::new(&mut out);
        o.str("log_transfer_id", &self.log_transfer_id);
        if let Some(id) = &self.log_group_id {
            o.str("log_group_id", id);
        }
        if let Some(streams) = &self.log_streams {
            o.with("log_streams", |out| write_streams(out, streams));
        }
        o.with("log_transfer_info", |out| {
            ObjectWriter::new(out)
                .str("log_storage_format", self.log_storage_format.as_str())
                .str("log_transfer_status", self.log_transfer_status.as_str())
                .with("log_transfer_detail", |out| {
                    write_detail(out, &self.log_transfer_detail)
                })
                .end();
        })
        .end();
        out
    }
}
