//! Log groups and log streams, listed so that they can be named by their names: the answers
//! are kept as the service sent them (every field, unknown ones included), each entry checked
//! to have a string id and name, plus `requestId`.

pub mod list_groups;
pub mod list_streams;

use crate::pipeline::answer::Answer;
use crate::pipeline::error::ApiError;
use crate::pipeline::operation::Outcome;
use crate::wire::json::{Json, ObjectWriter};
use crate::wire::text::Dec;

/// A list of log groups or log streams, as the service sent it.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedList {
    /// `log_groups` or `log_streams`.
    pub key: &'static str,
    /// Each entry, as the service sent it.
    pub items: Vec<Json>,
    /// The answer's `X-Request-Id`.
    pub request_id: Option<String>,
    /// The field holding an entry's id (`log_group_id`, `log_stream_id`).
    id_field: &'static str,
    /// The field holding an entry's name.
    name_field: &'static str,
}

impl NamedList {
    /// Each entry's `(id, name)`, in the service's order.
    pub fn ids_and_names(&self) -> Vec<(&str, &str)> {
        self.items
            .iter()
            .filter_map(|item| {
                Some((
                    item.get(self.id_field)?.as_str()?,
                    item.get(self.name_field)?.as_str()?,
                ))
            })
            .collect()
    }
}

impl Outcome for NamedList {
    fn to_json(&self) -> String {
        let mut out = String::new();
        ObjectWriter::new(&mut out)
            .with(self.key, |out| {
                out.push('[');
                for (i, item) in self.items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            })
            .opt_str("requestId", self.request_id.as_deref())
            .end();
        out
    }
}

/// Parses `{ "<key>": [ { "<what>_id": "...", "<what>_name": "...", ... } ] }`.
fn parse_named_list(
    answer: &Answer<'_>,
    key: &'static str,
    what: &'static str,
) -> Result<NamedList, ApiError> {
    let (id_field, name_field) = match what {
        "log group" => ("log_group_id", "log_group_name"),
        _ => ("log_stream_id", "log_stream_name"),
    };
    let items = match Json::parse_answer(answer.body) {
        Err(Some(repeated)) => return Err(answer.repeated_key(&repeated)),
        Ok(Json::Object(mut entries)) => match entries.iter().position(|(k, _)| k == key) {
            Some(at) => match entries.swap_remove(at).1 {
                Json::Array(items) => items,
                _ => {
                    return Err(
                        answer.not_a_result(&format!("is not a list: {key} is not an array"))
                    )
                }
            },
            None => return Err(answer.not_a_result(&format!("is not a list: it has no {key}"))),
        },
        _ => {
            return Err(
                answer.not_a_result(&format!("is not a list of {what}s (not a JSON object)"))
            )
        }
    };
    for (i, item) in items.iter().enumerate() {
        for field in [id_field, name_field] {
            if item.get(field).and_then(Json::as_str).is_none() {
                return Err(answer.not_a_result(&format!(
                    "is not a list of {what}s: {key}[{}] has no string {field}",
                    Dec::of(i)
                )));
            }
        }
    }
    Ok(NamedList {
        key,
        items,
        request_id: answer.header_request_id(),
        id_field,
        name_field,
    })
}
