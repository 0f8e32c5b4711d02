//! `updateTransfer` with a partial body, `enableTransfer` and `disableTransfer`: the transfer
//! is read first (the project's DMS transfers, listed), the body is completed from what the
//! service says of it, checked as a whole, then sent. A complete body is sent at once, as
//! before. Both requests run through the same call pipeline, so both reach `onAttempt`.

use std::borrow::Cow;
use std::rc::Rc;

use crate::call::{Action, CallError};
use crate::config::ClientConfig;
use crate::error::{ApiError, LtsError};
use crate::operation::{ListTransfersOperation, Output, UpdateTransferOperation};
use crate::settings::CallSettings;
use crate::transfer::{
    validate_update_transfer, ListTransfersQuery, TransferType, UpdateTransferRequest,
};
use crate::transfer_answer::ListTransfersOutput;
use crate::validate::ValidationIssue;
use crate::wire::input::Input;
use crate::wire::json::Json;
use crate::wire::text::Dec;
use crate::workflow::{unexpected_event, Steps, Workflow};

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
            .filter(|(k, _)| DMS_DETAIL_FIELDS.contains(&k.as_str()))
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

/// The fields of a DMS destination an update sends again.
const DMS_DETAIL_FIELDS: [&str; 6] = [
    "kafka_id",
    "kafka_topic",
    "lts_tags",
    "stream_tags",
    "struct_fields",
    "invalid_field_value",
];

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

/// The read-then-write of a partial update, as the shell drives it.
pub struct UpdateWorkflow {
    steps: Steps,
    patch: UpdatePatch,
    updating: bool,
}

impl UpdateWorkflow {
    /// The workflow of `patch` with the client's configuration and the call's settings (the
    /// deadline covers both requests).
    pub fn new(config: Rc<ClientConfig>, patch: UpdatePatch, settings: CallSettings) -> Self {
        UpdateWorkflow {
            steps: Steps::new(config, settings, Vec::new()),
            patch,
            updating: false,
        }
    }
}

impl Workflow for UpdateWorkflow {
    fn steps(&mut self) -> &mut Steps {
        &mut self.steps
    }

    fn first(&mut self, now_ms: u64) -> Action {
        let op = ListTransfersOperation {
            query: ListTransfersQuery {
                log_transfer_type: Some(TransferType::Dms),
                ..ListTransfersQuery::default()
            },
        };
        self.steps.begin(Box::new(op), now_ms)
    }

    /// The update after the list, or the end.
    fn advance(&mut self, result: Result<Output, CallError>, now_ms: u64) -> Action {
        if self.updating {
            return Action::Finish(result);
        }
        let list = match result.map(Output::downcast::<ListTransfersOutput>) {
            Ok(Some(list)) => list,
            Ok(None) => return Action::Finish(Err(unexpected_event())),
            Err(e) => return Action::Finish(Err(e)),
        };
        let id = &self.patch.log_transfer_id;
        let Some(listed) = list.log_transfers.iter().find(|t| {
            t.get("log_transfer_id")
                .and_then(Json::as_str)
                .is_some_and(|x| x.eq_ignore_ascii_case(id))
        }) else {
            let error = ApiError {
                status: 404,
                code: None,
                message: format!(
                    "no DMS transfer with log_transfer_id {} in this project (the list has {}): nothing was updated",
                    crate::validate::display_name(id),
                    Dec::of(list.log_transfers.len())
                ),
                request_id: list.request_id,
            };
            return Action::Finish(Err(CallError::new(LtsError::Api(error), 1)));
        };
        match self.patch.complete(listed) {
            Ok(body) => {
                self.updating = true;
                self.steps
                    .begin(Box::new(UpdateTransferOperation { body }), now_ms)
            }
            Err(issues) => Action::Finish(Err(CallError::new(LtsError::Validation { issues }, 1))),
        }
    }
}
