//! `listLogStreams`: `GET /v2/{project_id}/groups/{log_group_id}/streams`, every stream of one
//! log group (stream names are unique within a group only).

use std::borrow::Cow;

use crate::pipeline::answer::Answer;
use crate::pipeline::base_url::encode_path_segment;
use crate::pipeline::error::ApiError;
use crate::pipeline::operation::{Method, Operation, Output, RetrySafety};
use crate::pipeline::validate::{check_unknown_fields, ValidationIssue};
use crate::services::lts::transfers::rules::{not_an_object, uuid, BODY_ALIASES};
use crate::wire::input::Input;

/// Validates `{ log_group_id }`: the group's id, a UUID.
pub fn validate_list_streams(input: &Input<'_>) -> Result<String, Vec<ValidationIssue>> {
    let Input::Object(entries) = input else {
        return Err(not_an_object(
            "listLogStreams argument",
            "log_group_id",
            input,
        ));
    };
    let mut issues = Vec::new();
    let id = uuid(
        input.get("log_group_id"),
        "log_group_id",
        "the log group's id (from listLogGroups)",
        false,
        &mut issues,
    );
    check_unknown_fields(entries, "", &["log_group_id"], BODY_ALIASES, &mut issues);
    match id {
        Some(id) if issues.is_empty() => Ok(id),
        _ => Err(issues),
    }
}

/// `GET /v2/{project_id}/groups/{log_group_id}/streams`: a read.
pub struct ListLogStreamsOperation {
    /// The group whose streams are listed.
    pub log_group_id: String,
}

impl Operation for ListLogStreamsOperation {
    fn name(&self) -> &'static str {
        "listLogStreams"
    }
    fn method(&self) -> Method {
        Method::Get
    }
    fn path(&self) -> Cow<'_, str> {
        format!(
            "/groups/{}/streams",
            encode_path_segment(&self.log_group_id)
        )
        .into()
    }
    fn body(&self) -> Option<String> {
        None
    }
    fn safety(&self) -> RetrySafety {
        RetrySafety::Read
    }
    fn parse(&self, answer: &Answer<'_>) -> Result<Output, ApiError> {
        super::parse_named_list(answer, "log_streams", "log stream").map(Output::new)
    }
}
