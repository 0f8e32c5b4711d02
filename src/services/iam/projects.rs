//! The project whose name is the region: `GET /v3/projects?name={region}` signed with AK/SK
//! (as the official SDK's own lookup sends it: no `Content-Type`, no `X-Project-Id`), or
//! `GET /v3/auth/projects` with a token (every project the token reaches, in every region).
//! Either way only the projects named exactly as the region are kept: a server that matches
//! names loosely cannot choose another project.

use std::borrow::Cow;

use crate::pipeline::answer::Answer;
use crate::pipeline::error::ApiError;
use crate::pipeline::operation::{Method, Operation, Output, RetrySafety};
use crate::pipeline::project::ProjectMatches;
use crate::wire::json::Json;
use crate::wire::text::Dec;

/// The lookup of the region's project, a read on IAM.
pub struct ListProjects {
    /// The region, sent as `name` and matched exactly.
    pub region: String,
    /// Whether the request carries a token (`/v3/auth/projects`) rather than a signature.
    pub token: bool,
}

impl Operation for ListProjects {
    fn name(&self) -> &'static str {
        "resolveProjectId"
    }
    fn method(&self) -> Method {
        Method::Get
    }
    fn path(&self) -> Cow<'_, str> {
        if self.token {
            "/v3/auth/projects".into()
        } else {
            "/v3/projects".into()
        }
    }
    fn query(&self) -> Vec<(&'static str, &str)> {
        if self.token {
            Vec::new()
        } else {
            vec![("name", self.region.as_str())]
        }
    }
    fn service(&self) -> &'static str {
        "iam"
    }
    fn project_scoped(&self) -> bool {
        false
    }
    fn body(&self) -> Option<String> {
        None
    }
    fn safety(&self) -> RetrySafety {
        RetrySafety::Read
    }
    fn parse(&self, answer: &Answer<'_>) -> Result<Output, ApiError> {
        parse_projects(answer, &self.region).map(Output::new)
    }
}

/// The lookup for a client's configuration ([`crate::pipeline::config::ProjectLookup`]).
pub fn lookup(region: &str, token: bool) -> Box<dyn Operation> {
    Box::new(ListProjects {
        region: region.to_owned(),
        token,
    })
}

/// The ids of the projects named `region` in an answer of either lookup. No `projects`, or
/// `null`, is none (as the SDK reads it); an entry that is not an object with a string `name`
/// is skipped, and a match whose `id` cannot be a project id is an error.
pub fn parse_projects(answer: &Answer<'_>, region: &str) -> Result<ProjectMatches, ApiError> {
    let json = match Json::parse_answer(answer.body) {
        Err(Some(key)) => return Err(answer.repeated_key(&key)),
        Ok(json @ Json::Object(_)) => json,
        _ => return Err(answer.not_a_result("is not a list of projects (not a JSON object)")),
    };
    let items = match json.get("projects") {
        None | Some(Json::Null) => &[][..],
        Some(Json::Array(items)) => items.as_slice(),
        Some(_) => {
            return Err(answer.not_a_result("is not a list of projects: projects is not an array"))
        }
    };
    let mut ids = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if item.get("name").and_then(Json::as_str) != Some(region) {
            continue;
        }
        match item.get("id").and_then(Json::as_str) {
            Some(id) if is_project_id(id) => ids.push(id.to_owned()),
            _ => {
                return Err(answer.not_a_result(&format!(
                    "lists projects[{}] named {region} without an id that can be a project id (letters, digits, - and _, at most 64)",
                    Dec::of(i)
                )))
            }
        }
    }
    Ok(ProjectMatches { ids })
}

/// Whether `id` can be used as a project id: 1 to 64 letters, digits, `-` and `_` (IAM's are
/// 32 hex digits).
fn is_project_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}
