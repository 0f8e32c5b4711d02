//! The rules the transfer operations share, checked before anything is sent: ids (UUIDs),
//! names, the streams, the format, the status, the agency and the DMS destination. Each
//! operation's own rules (which fields, which are required) are in its file.

use crate::pipeline::validate::{
    check_text, check_unknown_fields, no_control_characters, utf16_len, ValidationIssue,
};
use crate::services::lts::transfers::model::{
    AgencyTransfer, DmsDetail, LogStreamRef, StorageFormat, TransferStatus,
};
use crate::wire::input::{Entry, Input};
use crate::wire::text::Dec;

/// The most streams one request may name (answers list 1 to 1000 streams per transfer).
pub const LOG_STREAMS_MAX: usize = 1000;
/// Names (`log_stream_name`, `log_group_name`): 1 to 64 characters.
pub const NAME_LENGTH: (usize, usize) = (1, 64);
/// `kafka_id`: the registered instance's id, 1 to 36 characters like `instance_id`.
pub const KAFKA_ID_LENGTH: (usize, usize) = (1, 36);
/// `kafka_topic`: DMS's rule for topic names, 3 to 200 characters.
pub const KAFKA_TOPIC_LENGTH: (usize, usize) = (3, 200);

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
pub(super) fn object<'v, 'a>(
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
pub(super) fn present(value: Option<&Input<'_>>) -> bool {
    !matches!(value, None | Some(Input::Undefined))
}

/// One line of text: no control characters (a pasting accident in an id or a name).
pub(crate) fn one_line(
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
pub(super) fn one_of(
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

pub(super) fn storage_format(
    value: Option<&Input<'_>>,
    path: &str,
    issues: &mut Vec<ValidationIssue>,
) -> Option<StorageFormat> {
    one_of(value, path, &["RAW", "JSON"], &|_| None, issues).map(|f| match f {
        "JSON" => StorageFormat::Json,
        _ => StorageFormat::Raw,
    })
}

pub(super) fn transfer_status(
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
pub(super) fn dms_type(value: Option<&Input<'_>>, path: &str, issues: &mut Vec<ValidationIssue>) {
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
pub(super) fn dms_mode(value: Option<&Input<'_>>, path: &str, issues: &mut Vec<ValidationIssue>) {
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

/// The fields of a DMS destination (an update sends them all again).
pub(super) const DETAIL_FIELDS: &[&str] = &[
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

pub(super) fn dms_detail(
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

pub(super) fn agency(
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

/// The streams of a transfer: 1 to 1000 `{ log_stream_id, log_stream_name? }`, each id a UUID
/// and listed once.
pub(crate) fn log_streams(
    value: Option<&Input<'_>>,
    path: &str,
    issues: &mut Vec<ValidationIssue>,
) -> Option<Vec<LogStreamRef>> {
    let streams = stream_list(value, path, false, issues)?;
    Some(
        streams
            .into_iter()
            .filter_map(|(id, name)| {
                Some(LogStreamRef {
                    log_stream_id: id?,
                    log_stream_name: name,
                })
            })
            .collect(),
    )
}

/// The streams an onboarding asks for: as [`log_streams`], or a stream named by
/// `log_stream_name` alone (found in its group before anything is written). Each entry's
/// `(id, name)`; names are listed once too.
pub(crate) fn wanted_streams(
    value: Option<&Input<'_>>,
    path: &str,
    issues: &mut Vec<ValidationIssue>,
) -> Option<Vec<(Option<String>, Option<String>)>> {
    stream_list(value, path, true, issues)
}

fn stream_list(
    value: Option<&Input<'_>>,
    path: &str,
    by_name: bool,
    issues: &mut Vec<ValidationIssue>,
) -> Option<Vec<(Option<String>, Option<String>)>> {
    let example = if by_name {
        "[{ log_stream_id } or { log_stream_name }, ...], the streams to deliver (or \"all\")"
    } else {
        "[{ log_stream_id }, ...], the streams to deliver"
    };
    let items = match value {
        None | Some(Input::Undefined) => {
            issues.push(ValidationIssue::new(
                path,
                "required",
                format!("{path} is required: {example}"),
            ));
            return None;
        }
        Some(Input::Array(items)) => items,
        Some(other) => {
            let what = if by_name {
                "an array such as [{ log_stream_name }], or \"all\""
            } else {
                "an array such as [{ log_stream_id }]"
            };
            issues.push(type_issue(path, what, other));
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
    let mut out: Vec<(Option<String>, Option<String>)> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let at = format!("{path}[{}]", Dec::of(i));
        let what = if by_name {
            "{ log_stream_id } or { log_stream_name }"
        } else {
            "{ log_stream_id }"
        };
        let Some(entries) = object(Some(item), &at, what, issues) else {
            continue;
        };
        let get = |key: &str| entries.iter().find(|(k, _)| k == key).map(|(_, v)| v);
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
        let id = if by_name && !present(get("log_stream_id")) && present(get("log_stream_name")) {
            None
        } else {
            uuid(
                get("log_stream_id"),
                &format!("{at}.log_stream_id"),
                if by_name {
                    "the log stream's id, or log_stream_name"
                } else {
                    "the log stream's id"
                },
                false,
                issues,
            )
        };
        check_unknown_fields(entries, &at, STREAM_FIELDS, STREAM_ALIASES, issues);
        let same = |(other_id, other_name): &(Option<String>, Option<String>)| match (&id, other_id)
        {
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            (None, None) => name.is_some() && name == *other_name,
            _ => false,
        };
        if let Some(first) = out.iter().position(same) {
            let field = if id.is_some() {
                "log_stream_id"
            } else {
                "log_stream_name"
            };
            issues.push(ValidationIssue::new(
                format!("{at}.{field}"),
                "duplicate",
                format!(
                    "{at}.{field} names the same stream as {path}[{}]: a stream goes in once",
                    Dec::of(first)
                ),
            ));
        }
        if id.is_some() || name.is_some() {
            out.push((id, name));
        }
    }
    (issues.len() == before).then_some(out)
}

/// The fields of `log_transfer_info` a creation and an update share, checked: the type and the
/// mode (DMS and realTime, the only values, and what a body that leaves them out means), the
/// format, the status and the destination.
pub(super) fn dms_transfer_info(
    info: &[Entry<'_>],
    issues: &mut Vec<ValidationIssue>,
) -> (
    Option<StorageFormat>,
    Option<TransferStatus>,
    Option<DmsDetail>,
) {
    let get = |key: &str| info.iter().find(|(k, _)| k == key).map(|(_, v)| v);
    if present(get("log_transfer_type")) {
        dms_type(
            get("log_transfer_type"),
            "log_transfer_info.log_transfer_type",
            issues,
        );
    }
    if present(get("log_transfer_mode")) {
        dms_mode(
            get("log_transfer_mode"),
            "log_transfer_info.log_transfer_mode",
            issues,
        );
    }
    let format = storage_format(
        get("log_storage_format"),
        "log_transfer_info.log_storage_format",
        issues,
    );
    let status = transfer_status(
        get("log_transfer_status"),
        "log_transfer_info.log_transfer_status",
        issues,
    );
    let detail = dms_detail(
        get("log_transfer_detail"),
        "log_transfer_info.log_transfer_detail",
        format,
        issues,
    );
    (format, status, detail)
}

pub(crate) fn not_an_object(what: &str, fields: &str, got: &Input<'_>) -> Vec<ValidationIssue> {
    vec![ValidationIssue::new(
        "",
        "type",
        format!(
            "the {what} must be an object with {fields} (got {})",
            got.kind()
        ),
    )]
}

/// The "did you mean" hints for a body's keys (create, update, delete).
pub(crate) const BODY_ALIASES: &[(&str, &str)] = &[
    ("group_id", "log_group_id"),
    ("logGroupId", "log_group_id"),
    ("streams", "log_streams"),
    ("logStreams", "log_streams"),
    ("info", "log_transfer_info"),
    ("transfer_info", "log_transfer_info"),
    ("transfer_id", "log_transfer_id"),
    ("id", "log_transfer_id"),
];

/// The hints for the keys of `log_transfer_info` (create, update).
pub(super) const INFO_ALIASES: &[(&str, &str)] = &[
    ("type", "log_transfer_type"),
    ("mode", "log_transfer_mode"),
    ("format", "log_storage_format"),
    ("storage_format", "log_storage_format"),
    ("status", "log_transfer_status"),
    ("detail", "log_transfer_detail"),
    ("agency", "log_agency_transfer"),
];
