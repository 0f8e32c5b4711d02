//! The answers of the transfer operations: a transfer object (create, update, delete) or a
//! list of them, kept as the service sent them (unknown keys, `"log_agency_transfer": null`,
//! an OBS or DIS transfer's detail fields), checked to be what they claim, plus `requestId`.

use crate::pipeline::answer::Answer;
use crate::pipeline::error::ApiError;
use crate::pipeline::operation::Outcome;
use crate::wire::json::{Json, ObjectWriter};
use crate::wire::text::Dec;

/// One transfer as the service described it.
#[derive(Debug, Clone, PartialEq)]
pub struct TransferOutput {
    /// The transfer object (an object with a `log_transfer_id` and a `log_transfer_info`),
    /// or `{ log_transfer_id }` for a delete answered with an empty body.
    pub transfer: Json,
    /// The answer's `X-Request-Id`.
    pub request_id: Option<String>,
}

/// The transfers a list returned.
#[derive(Debug, Clone, PartialEq)]
pub struct ListTransfersOutput {
    /// Each transfer object, as the service sent it.
    pub log_transfers: Vec<Json>,
    /// The answer's `X-Request-Id`.
    pub request_id: Option<String>,
}

fn write_with_request_id(out: &mut String, value: &Json, request_id: Option<&str>) {
    // The object's own members, then requestId (a member of that name from the service is
    // replaced: it is the header's that a user gives to support).
    let mut o = ObjectWriter::new(out);
    for (k, v) in value.as_object().unwrap_or_default() {
        if k != "requestId" {
            o.with(k, |out| v.write(out));
        }
    }
    o.opt_str("requestId", request_id).end();
}

impl TransferOutput {
    /// The transfer as JavaScript receives it: its members, then `requestId`.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        write_with_request_id(&mut out, &self.transfer, self.request_id.as_deref());
        out
    }

    /// What the ensure workflow reads of it.
    pub fn summary(&self) -> Option<TransferSummary> {
        TransferSummary::of(&self.transfer)
    }
}

impl Outcome for TransferOutput {
    fn to_json(&self) -> String {
        TransferOutput::to_json(self)
    }
}

impl ListTransfersOutput {
    /// `{ log_transfers: [...], requestId }`.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        ObjectWriter::new(&mut out)
            .with("log_transfers", |out| {
                out.push('[');
                for (i, t) in self.log_transfers.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    t.write(out);
                }
                out.push(']');
            })
            .opt_str("requestId", self.request_id.as_deref())
            .end();
        out
    }
}

impl Outcome for ListTransfersOutput {
    fn to_json(&self) -> String {
        ListTransfersOutput::to_json(self)
    }
}

/// Why a value is not a transfer object, or `None` when it is one.
fn not_a_transfer(value: &Json) -> Option<&'static str> {
    if value.as_object().is_none() {
        return Some("is not an object");
    }
    match value.get("log_transfer_id") {
        Some(Json::String(id)) if !id.is_empty() => {}
        _ => return Some("has no log_transfer_id"),
    }
    match value.get("log_transfer_info") {
        Some(Json::Object(_)) => None,
        _ => Some("has no log_transfer_info object"),
    }
}

/// A create's or an update's answer: a transfer object.
pub fn parse_transfer(answer: &Answer<'_>) -> Result<TransferOutput, ApiError> {
    let json = match Json::parse_answer(answer.body) {
        Ok(json) => json,
        Err(Some(key)) => return Err(answer.repeated_key(&key)),
        Err(None) => return Err(answer.not_a_result("is not a transfer (not JSON)")),
    };
    if let Some(why) = not_a_transfer(&json) {
        return Err(answer.not_a_result(&format!("is not a transfer: it {why}")));
    }
    Ok(TransferOutput {
        transfer: json,
        request_id: answer.header_request_id(),
    })
}

/// A delete's answer: the id, and the deleted transfer (`None` when the service answered with
/// an empty body).
#[derive(Debug, Clone, PartialEq)]
pub struct DeletedOutput {
    /// The deleted transfer's id.
    pub log_transfer_id: String,
    /// The deleted transfer, as the service described it.
    pub log_transfer: Option<Json>,
    /// The answer's `X-Request-Id`.
    pub request_id: Option<String>,
}

impl DeletedOutput {
    /// `{ log_transfer_id, log_transfer: <transfer> | null, requestId }`: one shape whatever
    /// the service answered with.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        ObjectWriter::new(&mut out)
            .str("log_transfer_id", &self.log_transfer_id)
            .with("log_transfer", |out| match &self.log_transfer {
                Some(t) => t.write(out),
                None => out.push_str("null"),
            })
            .opt_str("requestId", self.request_id.as_deref())
            .end();
        out
    }
}

impl Outcome for DeletedOutput {
    fn to_json(&self) -> String {
        DeletedOutput::to_json(self)
    }
}

/// A delete's answer: the deleted transfer, or an empty body.
pub fn parse_deleted(
    answer: &Answer<'_>,
    log_transfer_id: &str,
) -> Result<DeletedOutput, ApiError> {
    let log_transfer = if answer.body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        Some(parse_transfer(answer)?.transfer)
    };
    Ok(DeletedOutput {
        log_transfer_id: log_transfer_id.to_owned(),
        log_transfer,
        request_id: answer.header_request_id(),
    })
}

/// A list's answer: `{ log_transfers: [transfer, ...] }`.
pub fn parse_transfer_list(answer: &Answer<'_>) -> Result<ListTransfersOutput, ApiError> {
    let items = match Json::parse_answer(answer.body) {
        Err(Some(key)) => return Err(answer.repeated_key(&key)),
        Ok(Json::Object(mut entries)) => {
            match entries.iter().position(|(k, _)| k == "log_transfers") {
                Some(at) => match entries.swap_remove(at).1 {
                    Json::Array(items) => items,
                    _ => {
                        return Err(answer.not_a_result(
                            "is not a list of transfers: log_transfers is not an array",
                        ))
                    }
                },
                None => {
                    return Err(
                        answer.not_a_result("is not a list of transfers: it has no log_transfers")
                    )
                }
            }
        }
        _ => return Err(answer.not_a_result("is not a list of transfers (not a JSON object)")),
    };
    if let Some((i, why)) = items
        .iter()
        .enumerate()
        .find_map(|(i, t)| not_a_transfer(t).map(|w| (i, w)))
    {
        return Err(answer.not_a_result(&format!(
            "is not a list of transfers: log_transfers[{}] {why}",
            Dec::of(i)
        )));
    }
    Ok(ListTransfersOutput {
        log_transfers: items,
        request_id: answer.header_request_id(),
    })
}

/// What a transfer object says about where it delivers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferSummary {
    /// Its id.
    pub log_transfer_id: String,
    /// `DMS`, `OBS`, `DIS` (or whatever the service said).
    pub log_transfer_type: String,
    /// `ENABLE`, `DISABLE`, `EXCEPTION`.
    pub log_transfer_status: String,
    /// For DMS: the Kafka instance.
    pub kafka_id: Option<String>,
    /// For DMS: the topic.
    pub kafka_topic: Option<String>,
    /// The streams it delivers.
    pub log_stream_ids: Vec<String>,
}

impl TransferSummary {
    /// Reads a transfer object; `None` when it is not one.
    pub fn of(transfer: &Json) -> Option<TransferSummary> {
        let text = |v: Option<&Json>| v.and_then(Json::as_str).map(str::to_owned);
        let info = transfer.get("log_transfer_info")?;
        let detail = info.get("log_transfer_detail");
        Some(TransferSummary {
            log_transfer_id: text(transfer.get("log_transfer_id"))?,
            log_transfer_type: text(info.get("log_transfer_type")).unwrap_or_default(),
            log_transfer_status: text(info.get("log_transfer_status")).unwrap_or_default(),
            kafka_id: text(detail.and_then(|d| d.get("kafka_id"))),
            kafka_topic: text(detail.and_then(|d| d.get("kafka_topic"))),
            log_stream_ids: transfer
                .get("log_streams")
                .and_then(Json::as_array)
                .unwrap_or_default()
                .iter()
                .filter_map(|s| text(s.get("log_stream_id")))
                .collect(),
        })
    }
}
