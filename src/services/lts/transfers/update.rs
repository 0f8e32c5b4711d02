//! `updateTransfer`: `PUT /v2/{project_id}/transfers` for a DMS transfer, its body, its rules,
//! the JSON it goes on the wire as, and the operation; and the partial update
//! (`enableTransfer`, `disableTransfer`, a body without the format, the status or the
//! destination): what it asks for, and how it is completed from the transfer as listed
//! (the read-then-write is in `src/workflows/update.rs`).

use std::borrow::Cow;

use crate::pipeline::answer::Answer;
use crate::pipeline::error::ApiError;
use crate::pipeline::operation::{Method, Operation, Output, RetrySafety};
use crate::pipeline::validate::{check_unknown_fields, ValidationIssue};
use crate::services::lts::transfers::answers::parse_transfer;
use crate::services::lts::transfers::model::{
    write_detail, write_streams, DmsDetail, LogStreamRef, StorageFormat, TransferStatus,
};
use crate::services::lts::transfers::rules::{
    dms_transfer_info, log_streams, not_an_object, object, present, uuid, BODY_ALIASES,
    DETAIL_FIELDS, INFO_ALIASES,
};
use crate::wire::input::Input;
use crate::wire::json::{Json, ObjectWriter};

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
        (format, status, detail) = dms_transfer_info(info_entries, &mut issues);
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

/// `PUT /v2/{project_id}/transfers`: idempotent (the same update twice is the update once).
pub struct UpdateTransferOperation {
    /// The validated body.
    pub body: UpdateTransferRequest,
}

impl Operation for UpdateTransferOperation {
    fn name(&self) -> &'static str {
        "updateTransfer"
    }
    fn method(&self) -> Method {
        Method::Put
    }
    fn path(&self) -> std::borrow::Cow<'_, str> {
        "/transfers".into()
    }
    fn body(&self) -> Option<String> {
        Some(self.body.to_wire_json())
    }
    fn safety(&self) -> RetrySafety {
        RetrySafety::Idempotent
    }
    fn parse(&self, answer: &Answer<'_>) -> Result<Output, ApiError> {
        parse_transfer(answer).map(Output::new)
    }
}

// The partial update.

/// What an update body asks for: a whole update, or a part of one to complete from the
/// transfer as it is.
#[derive(Debug)]
pub enum UpdateRequest {
    /// Every required field is there: sent at once.
    Complete(UpdateTransferRequest),
    /// Some of the format, the status and the destination are left out: read first.
    Patch(UpdatePatch),
}

/// A partial update: the transfer's id and what to change.
#[derive(Debug, Clone)]
pub struct UpdatePatch {
    /// The transfer to update.
    pub log_transfer_id: String,
    /// The body as given (owned), overlaid on the transfer as listed.
    patch: Input<'static>,
}

/// The fields a partial update may leave out: they are taken from the transfer as it is.
const COMPLETED_FROM_CURRENT: [&str; 6] = [
    "log_transfer_info",
    "log_transfer_info.log_storage_format",
    "log_transfer_info.log_transfer_status",
    "log_transfer_info.log_transfer_detail",
    "log_transfer_info.log_transfer_detail.kafka_id",
    "log_transfer_info.log_transfer_detail.kafka_topic",
];

/// Checks an update body: a complete one, or a valid part of one (every field it gives
/// follows the rules; only the format, the status and the destination may be left out).
pub fn validate_update_request(input: &Input<'_>) -> Result<UpdateRequest, Vec<ValidationIssue>> {
    let issues = match validate_update_transfer(input) {
        Ok(body) => return Ok(UpdateRequest::Complete(body)),
        Err(issues) => issues,
    };
    let rest: Vec<ValidationIssue> = issues
        .into_iter()
        .filter(|i| !(i.rule == "required" && COMPLETED_FROM_CURRENT.contains(&i.path.as_str())))
        .collect();
    if !rest.is_empty() {
        return Err(rest);
    }
    match input.get("log_transfer_id") {
        Some(Input::String(id)) => Ok(UpdateRequest::Patch(UpdatePatch {
            log_transfer_id: id.to_string(),
            patch: input.clone().into_owned(),
        })),
        // A valid body has a string id; anything else was reported above.
        _ => Err(vec![ValidationIssue::new(
            "log_transfer_id",
            "required",
            "log_transfer_id is required: the transfer's id (from listTransfers or createTransfer)",
        )]),
    }
}

impl UpdatePatch {
    /// A patch that sets only the status (`enableTransfer`, `disableTransfer`).
    pub fn status(
        log_transfer_id: &Input<'_>,
        status: &'static str,
    ) -> Result<UpdatePatch, Vec<ValidationIssue>> {
        let body = Input::Object(vec![
            (
                Cow::Borrowed("log_transfer_id"),
                log_transfer_id.clone().into_owned(),
            ),
            (
                Cow::Borrowed("log_transfer_info"),
                Input::Object(vec![(
                    Cow::Borrowed("log_transfer_status"),
                    Input::String(Cow::Borrowed(status)),
                )]),
            ),
        ]);
        match validate_update_request(&body)? {
            UpdateRequest::Patch(patch) => Ok(patch),
            // A status alone is never a whole update.
            UpdateRequest::Complete(_) => Err(Vec::new()),
        }
    }

    /// The whole update: the transfer as listed, with the patch laid over it, checked.
    pub fn complete(&self, listed: &Json) -> Result<UpdateTransferRequest, Vec<ValidationIssue>> {
        let info = listed.get("log_transfer_info");
        let pick = |key: &str| info.and_then(|i| i.get(key)).map(json_input);
        let detail = info
            .and_then(|i| i.get("log_transfer_detail"))
            .and_then(Json::as_object)
            .unwrap_or_default()
            .iter()
            .filter(|(k, _)| DETAIL_FIELDS.contains(&k.as_str()))
            .map(|(k, v)| (Cow::Borrowed(k.as_str()), json_input(v)))
            .collect();
        let mut current_info = Vec::new();
        for key in ["log_storage_format", "log_transfer_status"] {
            if let Some(value) = pick(key) {
                current_info.push((Cow::Borrowed(key), value));
            }
        }
        current_info.push((Cow::Borrowed("log_transfer_detail"), Input::Object(detail)));
        let mut body = vec![
            (
                Cow::Borrowed("log_transfer_id"),
                Input::String(Cow::Borrowed(self.log_transfer_id.as_str())),
            ),
            (
                Cow::Borrowed("log_transfer_info"),
                Input::Object(current_info),
            ),
        ];
        if let Input::Object(patch) = &self.patch {
            overlay(&mut body, patch, 0);
        }
        validate_update_transfer(&Input::Object(body))
    }
}

/// Lays `patch` over `base`: `log_transfer_info` and its `log_transfer_detail` key by key,
/// any other key whole.
fn overlay<'a>(
    base: &mut Vec<(Cow<'a, str>, Input<'a>)>,
    patch: &'a [(Cow<'static, str>, Input<'static>)],
    depth: usize,
) {
    for (key, value) in patch {
        let nested = depth < 2
            && matches!(value, Input::Object(_))
            && (key == "log_transfer_info" || key == "log_transfer_detail");
        match base.iter_mut().find(|(k, _)| k == key) {
            Some((_, Input::Object(inner))) if nested => {
                if let Input::Object(entries) = value {
                    overlay(inner, entries, depth + 1);
                }
            }
            Some((_, slot)) => *slot = value.clone(),
            None => base.push((Cow::Borrowed(key.as_ref()), value.clone())),
        }
    }
}

/// A value of an answer as an input to check.
fn json_input(value: &Json) -> Input<'_> {
    match value {
        Json::Null => Input::Null,
        Json::Bool(b) => Input::Bool(*b),
        Json::Unsigned(n) => Input::Number(*n as f64),
        Json::Signed(n) => Input::Number(*n as f64),
        Json::Number(_) => Input::Other(Cow::Borrowed("number")),
        Json::String(s) => Input::String(Cow::Borrowed(s)),
        Json::Array(items) => Input::Array(items.iter().map(json_input).collect()),
        Json::Object(entries) => Input::Object(
            entries
                .iter()
                .map(|(k, v)| (Cow::Borrowed(k.as_str()), json_input(v)))
                .collect(),
        ),
    }
}
