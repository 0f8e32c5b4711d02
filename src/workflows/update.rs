//! The read-then-write of a partial update (`updateTransfer` with a part of a body,
//! `enableTransfer`, `disableTransfer`): the project's DMS transfers are listed, the body is
//! completed from what the service says of the transfer, checked as a whole, then sent. Both
//! requests run through the same call pipeline, so both reach `onAttempt`.

use std::rc::Rc;

use crate::pipeline::call::{Action, CallError};
use crate::pipeline::config::ClientConfig;
use crate::pipeline::error::{ApiError, LtsError};
use crate::pipeline::operation::Output;
use crate::pipeline::settings::CallSettings;
use crate::services::lts::transfers::answers::ListTransfersOutput;
use crate::services::lts::transfers::list::{ListTransfersOperation, ListTransfersQuery};
use crate::services::lts::transfers::model::TransferType;
use crate::services::lts::transfers::update::{UpdatePatch, UpdateTransferOperation};
use crate::wire::json::Json;
use crate::wire::text::Dec;
use crate::workflows::workflow::{unexpected_event, Steps, Workflow};

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
                    crate::pipeline::validate::display_name(id),
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
