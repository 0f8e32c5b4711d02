//! `listTransfers`: `GET /v2/{project_id}/transfers`, its filters, their rules, and the
//! operation.

use crate::pipeline::answer::Answer;
use crate::pipeline::error::ApiError;
use crate::pipeline::operation::{Method, Operation, Output, RetrySafety};
use crate::pipeline::validate::{check_unknown_fields_of, ValidationIssue};
use crate::services::lts::transfers::answers::parse_transfer_list;
use crate::services::lts::transfers::model::TransferType;
use crate::services::lts::transfers::rules::{
    not_an_object, one_line, one_of, present, NAME_LENGTH,
};
use crate::wire::input::{Entry, Input};

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
    check_unknown_fields_of(
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

/// `GET /v2/{project_id}/transfers`: a read.
pub struct ListTransfersOperation {
    /// The filters.
    pub query: ListTransfersQuery,
}

impl Operation for ListTransfersOperation {
    fn name(&self) -> &'static str {
        "listTransfers"
    }
    fn method(&self) -> Method {
        Method::Get
    }
    fn path(&self) -> std::borrow::Cow<'_, str> {
        "/transfers".into()
    }
    fn query(&self) -> Vec<(&'static str, &str)> {
        self.query.pairs()
    }
    fn body(&self) -> Option<String> {
        None
    }
    fn safety(&self) -> RetrySafety {
        RetrySafety::Read
    }
    fn parse(&self, answer: &Answer<'_>) -> Result<Output, ApiError> {
        parse_transfer_list(answer).map(Output::new)
    }
}
