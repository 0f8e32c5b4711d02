//! `deleteTransfer`: `DELETE /v2/{project_id}/transfers?log_transfer_id=...`, its argument,
//! its rule, and the operation.

use crate::pipeline::answer::Answer;
use crate::pipeline::error::ApiError;
use crate::pipeline::operation::{Method, Operation, Output, RetrySafety};
use crate::pipeline::validate::{check_unknown_fields, ValidationIssue};
use crate::services::lts::transfers::answers::parse_deleted;
use crate::services::lts::transfers::rules::{not_an_object, uuid, BODY_ALIASES};
use crate::wire::input::Input;
use crate::wire::text::contains;

/// The id of a transfer, for `DELETE /v2/{project_id}/transfers?log_transfer_id=...`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteTransferRequest {
    /// The transfer to delete.
    pub log_transfer_id: String,
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

/// `DELETE /v2/{project_id}/transfers?log_transfer_id=...`: may be retried; a "not found"
/// after a retry means an earlier attempt deleted it.
pub struct DeleteTransferOperation {
    /// The transfer to delete.
    pub target: DeleteTransferRequest,
}

/// Whether an error answer says the transfer id is unknown (`LTS.0009` "The Field transfer id
/// is invalid or missing.", the service's only published words for it).
pub fn says_transfer_not_found(error: &ApiError) -> bool {
    let message = error.message.to_ascii_lowercase();
    error.status == 400
        && (error.code.as_deref() == Some("LTS.0009") || error.code.is_none())
        && contains(&message, "transfer id")
}

impl Operation for DeleteTransferOperation {
    fn name(&self) -> &'static str {
        "deleteTransfer"
    }
    fn method(&self) -> Method {
        Method::Delete
    }
    fn path(&self) -> std::borrow::Cow<'_, str> {
        "/transfers".into()
    }
    fn query(&self) -> Vec<(&'static str, &str)> {
        vec![("log_transfer_id", self.target.log_transfer_id.as_str())]
    }
    fn body(&self) -> Option<String> {
        None
    }
    fn safety(&self) -> RetrySafety {
        RetrySafety::Idempotent
    }
    fn parse(&self, answer: &Answer<'_>) -> Result<Output, ApiError> {
        parse_deleted(answer, &self.target.log_transfer_id).map(Output::new)
    }
    fn explain_after_retry(&self, error: &mut ApiError) {
        if says_transfer_not_found(error) {
            error
                .message
                .push_str(" (after a retry: an earlier attempt probably deleted the transfer)");
        }
    }
}
