//! `createTransfer`: `POST /v2/{project_id}/transfers` for a DMS transfer, its body, its
//! rules, the JSON it goes on the wire as, and the operation.

use crate::pipeline::answer::Answer;
use crate::pipeline::error::ApiError;
use crate::pipeline::operation::{Method, Operation, Output, RetrySafety};
use crate::pipeline::validate::{check_unknown_fields, ValidationIssue};
use crate::services::lts::transfers::answers::parse_transfer;
use crate::services::lts::transfers::model::{
    write_detail, write_streams, AgencyTransfer, DmsDetail, LogStreamRef, StorageFormat,
    TransferStatus,
};
use crate::services::lts::transfers::rules::{
    agency, dms_transfer_info, log_streams, not_an_object, object, uuid, BODY_ALIASES, INFO_ALIASES,
};
use crate::wire::input::Input;
use crate::wire::json::ObjectWriter;

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

const CREATE_FIELDS: &[&str] = &["log_group_id", "log_streams", "log_transfer_info"];
const CREATE_INFO_FIELDS: &[&str] = &[
    "log_transfer_type",
    "log_transfer_mode",
    "log_storage_format",
    "log_transfer_status",
    "log_agency_transfer",
    "log_transfer_detail",
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
        (format, status, detail) = dms_transfer_info(info_entries, &mut issues);
        let get = |key: &str| info_entries.iter().find(|(k, _)| k == key).map(|(_, v)| v);
        agency_transfer = agency(
            get("log_agency_transfer"),
            "log_transfer_info.log_agency_transfer",
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

/// `POST /v2/{project_id}/transfers`: one-shot (a second create of the same streams meets
/// `LTS.0207`).
pub struct CreateTransferOperation {
    /// The validated body.
    pub body: CreateTransferRequest,
}

impl Operation for CreateTransferOperation {
    fn name(&self) -> &'static str {
        "createTransfer"
    }
    fn method(&self) -> Method {
        Method::Post
    }
    fn path(&self) -> std::borrow::Cow<'_, str> {
        "/transfers".into()
    }
    fn body(&self) -> Option<String> {
        Some(self.body.to_wire_json())
    }
    fn safety(&self) -> RetrySafety {
        RetrySafety::OneShot
    }
    fn parse(&self, answer: &Answer<'_>) -> Result<Output, ApiError> {
        parse_transfer(answer).map(Output::new)
    }
    fn explain_after_retry(&self, error: &mut ApiError) {
        if error.code.as_deref() == Some("LTS.0207") {
            error
                .message
                .push_str(" (after a retry: an earlier attempt probably created the transfer; listTransfers shows it)");
        }
    }
}
