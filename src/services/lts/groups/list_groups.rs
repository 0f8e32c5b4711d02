//! `listLogGroups`: `GET /v2/{project_id}/groups`, every log group of the project (the API
//! has no paging and no filter).

use std::borrow::Cow;

use crate::pipeline::answer::Answer;
use crate::pipeline::error::ApiError;
use crate::pipeline::operation::{Method, Operation, Output, RetrySafety};
use crate::pipeline::validate::ValidationIssue;
use crate::services::lts::transfers::rules::not_an_object;
use crate::wire::input::Input;

/// Validates listLogGroups' argument: nothing, `null` or `{}`.
pub fn validate_list_groups(input: &Input<'_>) -> Result<(), Vec<ValidationIssue>> {
    match input {
        Input::Undefined | Input::Null => Ok(()),
        Input::Object(entries) if entries.is_empty() => Ok(()),
        Input::Object(entries) => {
            let mut issues = Vec::new();
            crate::pipeline::validate::check_unknown_fields_of(
                entries,
                "",
                &[],
                &[],
                "an argument of listLogGroups",
                "its arguments (it takes none)",
                &mut issues,
            );
            Err(issues)
        }
        other => Err(not_an_object("listLogGroups argument", "nothing", other)),
    }
}

/// `GET /v2/{project_id}/groups`: a read.
pub struct ListLogGroupsOperation;

impl Operation for ListLogGroupsOperation {
    fn name(&self) -> &'static str {
        "listLogGroups"
    }
    fn method(&self) -> Method {
        Method::Get
    }
    fn path(&self) -> Cow<'_, str> {
        "/groups".into()
    }
    fn body(&self) -> Option<String> {
        None
    }
    fn safety(&self) -> RetrySafety {
        RetrySafety::Read
    }
    fn parse(&self, answer: &Answer<'_>) -> Result<Output, ApiError> {
        super::parse_named_list(answer, "log_groups", "log group").map(Output::new)
    }
}
