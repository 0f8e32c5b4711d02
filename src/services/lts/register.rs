//! The registration of a DMS Kafka instance (`POST /v2/{project_id}/lts/dms/kafka-instance`):
//! its body and result in the API's wire names (`instance_id`, `kafka_name`, `connect_info`,
//! `user_name`, `pwd`), the body's rules, the operation and its answer.

use crate::auth::secret::{Secret, REDACTED};
use crate::pipeline::answer::{error_from_answer, Answer};
use crate::pipeline::config::ClientConfig;
use crate::pipeline::credentials::Credentials;
use crate::pipeline::error::ApiError;
use crate::pipeline::operation::{Method, Operation, Outcome, Output, RetrySafety};
use crate::pipeline::request::{build_request, HttpRequest};
use crate::pipeline::validate::{
    check_length, check_text, check_unknown_fields, edge_space_issue, no_control_characters,
    ValidationIssue,
};
use crate::wire::input::{Entry, Input};
use crate::wire::json::{Json, ObjectWriter};
use crate::wire::text::contains;

/// The shortest and longest `instance_id`, in UTF-16 code units.
pub const INSTANCE_ID_LENGTH: (usize, usize) = (1, 36);
/// The shortest and longest `kafka_name`, in UTF-16 code units.
pub const KAFKA_NAME_LENGTH: (usize, usize) = (1, 256);

/// The body of `POST /v2/{project_id}/lts/dms/kafka-instance`, after validation.
///
/// Build it with [`validate_register_request`], which enforces the API's rules; the
/// fields are public for callers in Rust who already hold valid values.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterDmsKafkaInstanceRequest {
    /// The Kafka instance's id (a UUID): 1 to 36 UTF-16 code units.
    pub instance_id: String,
    /// The Kafka instance's name: 1 to 256 UTF-16 code units.
    pub kafka_name: String,
    /// SASL credentials; empty (`{}` on the wire) for an instance without SASL.
    pub connect_info: ConnectInfo,
}

/// How LTS connects to the Kafka instance: the SASL_SSL user and password, or neither.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ConnectInfo {
    /// The SASL user name.
    pub user_name: Option<String>,
    /// The SASL password (a secret).
    pub pwd: Option<Secret>,
}

impl RegisterDmsKafkaInstanceRequest {
    /// The JSON body exactly as it goes on the wire, password included.
    pub fn to_wire_json(&self) -> String {
        self.to_json(false)
    }

    /// The JSON body with the password replaced by `***`, for previews and logs.
    pub fn to_redacted_json(&self) -> String {
        self.to_json(true)
    }

    fn to_json(&self, redact: bool) -> String {
        let mut out = String::with_capacity(96 + self.instance_id.len() + self.kafka_name.len());
        ObjectWriter::new(&mut out)
            .str("instance_id", &self.instance_id)
            .str("kafka_name", &self.kafka_name)
            .with("connect_info", |out| {
                let mut info = ObjectWriter::new(out);
                if let Some(user) = &self.connect_info.user_name {
                    info.str("user_name", user);
                }
                if let Some(pwd) = &self.connect_info.pwd {
                    info.str("pwd", if redact { REDACTED } else { pwd.expose() });
                }
                info.end();
            })
            .end();
        out
    }
}

const BODY_FIELDS: &[&str] = &["instance_id", "kafka_name", "connect_info"];
const BODY_ALIASES: &[(&str, &str)] = &[
    ("id", "instance_id"),
    ("kafka_id", "instance_id"),
    ("name", "kafka_name"),
    ("instance_name", "kafka_name"),
    ("connection_info", "connect_info"),
    ("sasl", "connect_info"),
];
const CONNECT_INFO_FIELDS: &[&str] = &["user_name", "pwd"];
const CONNECT_INFO_ALIASES: &[(&str, &str)] = &[
    ("user", "user_name"),
    ("username", "user_name"),
    ("password", "pwd"),
    ("passwd", "pwd"),
    ("pass", "pwd"),
];

/// Validates a register request body and returns it typed, or every problem found.
///
/// Rules: `instance_id` a string of 1 to 36 characters; `kafka_name` a string of 1 to 256;
/// `connect_info` an object, `{}` for an instance without SASL, otherwise `user_name` and
/// `pwd`, both non-empty strings; no other fields. Characters are UTF-16 code units.
pub fn validate_register_request(
    input: &Input,
) -> Result<RegisterDmsKafkaInstanceRequest, Vec<ValidationIssue>> {
    let mut issues = Vec::new();
    let Input::Object(entries) = input else {
        return Err(vec![ValidationIssue::new(
            "",
            "type",
            format!(
                "the request body must be an object with instance_id, kafka_name and connect_info (got {})",
                input.kind()
            ),
        )]);
    };
    let instance_id = check_text(
        input.get("instance_id"),
        "instance_id",
        "the Kafka instance's id (its UUID), 1 to 36 characters",
        Some(INSTANCE_ID_LENGTH),
        &mut issues,
    );
    let kafka_name = check_text(
        input.get("kafka_name"),
        "kafka_name",
        "the Kafka instance's name, 1 to 256 characters",
        Some(KAFKA_NAME_LENGTH),
        &mut issues,
    );
    let instance_id = instance_id.filter(|v| no_control_characters("instance_id", v, &mut issues));
    let kafka_name = kafka_name.filter(|v| no_control_characters("kafka_name", v, &mut issues));
    let connect_info = validate_connect_info(input.get("connect_info"), &mut issues);
    check_unknown_fields(entries, "", BODY_FIELDS, BODY_ALIASES, &mut issues);

    match (instance_id, kafka_name, connect_info) {
        (Some(instance_id), Some(kafka_name), Some(connect_info)) if issues.is_empty() => {
            Ok(RegisterDmsKafkaInstanceRequest {
                instance_id,
                kafka_name,
                connect_info,
            })
        }
        _ => Err(issues),
    }
}

const NO_SASL_HINT: &str =
    "pass {} for an instance without SASL, or { user_name, pwd } for SASL_SSL";

fn validate_connect_info(
    value: Option<&Input>,
    issues: &mut Vec<ValidationIssue>,
) -> Option<ConnectInfo> {
    let entries = match value {
        None | Some(Input::Undefined) => {
            issues.push(ValidationIssue::new(
                "connect_info",
                "required",
                format!("connect_info is required: {NO_SASL_HINT}"),
            ));
            return None;
        }
        Some(Input::Object(entries)) => entries,
        Some(other) => {
            issues.push(ValidationIssue::new(
                "connect_info",
                "type",
                format!(
                    "connect_info must be an object (got {}): {NO_SASL_HINT}",
                    other.kind()
                ),
            ));
            return None;
        }
    };
    let before = issues.len();
    let user_name = optional_credential(entries, "user_name", issues);
    let pwd = optional_credential(entries, "pwd", issues);
    check_unknown_fields(
        entries,
        "connect_info",
        CONNECT_INFO_FIELDS,
        CONNECT_INFO_ALIASES,
        issues,
    );
    match (&user_name, &pwd) {
        (Some(_), None) if !has_key(entries, "pwd") => issues.push(ValidationIssue::new(
            "connect_info.pwd",
            "requires",
            "connect_info.pwd is required when connect_info.user_name is given: SASL_SSL needs both (pass {} for an instance without SASL)",
        )),
        (None, Some(_)) if !has_key(entries, "user_name") => issues.push(ValidationIssue::new(
            "connect_info.user_name",
            "requires",
            "connect_info.user_name is required when connect_info.pwd is given: SASL_SSL needs both (pass {} for an instance without SASL)",
        )),
        _ => {}
    }
    (issues.len() == before).then(|| ConnectInfo {
        user_name,
        pwd: pwd.map(Secret::new),
    })
}

fn has_key(entries: &[Entry<'_>], key: &str) -> bool {
    entries
        .iter()
        .any(|(k, v)| k == key && !matches!(v, Input::Undefined))
}

fn optional_credential(
    entries: &[Entry<'_>],
    key: &'static str,
    issues: &mut Vec<ValidationIssue>,
) -> Option<String> {
    let value = entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)?;
    if matches!(value, Input::Undefined) {
        return None;
    }
    let path = format!("connect_info.{key}");
    match value {
        Input::String(s) if s.is_empty() => {
            issues.push(
                ValidationIssue::new(
                    path.clone(),
                    "min_length",
                    format!("{path} must not be empty: give the SASL {} or pass {{}} for an instance without SASL",
                        if key == "pwd" { "password" } else { "user name" }),
                )
                .with_limit(1),
            );
            None
        }
        Input::String(s) if key == "user_name" && edge_space_issue(&path, s).is_some() => {
            issues.extend(edge_space_issue(&path, s));
            None
        }
        Input::String(s) => Some(s.to_string()),
        Input::LongString(len) => {
            check_length(&path, *len, Some((1, 65536)), issues);
            None
        }
        Input::MalformedString(_) => {
            issues.push(ValidationIssue::new(
                path.clone(),
                "well_formed",
                format!("{path} must be well-formed Unicode text (it contains a lone surrogate)"),
            ));
            None
        }
        other => {
            issues.push(ValidationIssue::new(
                path.clone(),
                "type",
                format!(
                    "{path} must be a string when present (got {}); omit it for an instance without SASL",
                    other.kind()
                ),
            ));
            None
        }
    }
}

/// `POST /v2/{project_id}/lts/dms/kafka-instance`: one-shot.
pub struct RegisterOperation {
    /// The validated body.
    pub body: RegisterDmsKafkaInstanceRequest,
}

impl Operation for RegisterOperation {
    fn name(&self) -> &'static str {
        "registerDmsKafkaInstance"
    }
    fn method(&self) -> Method {
        Method::Post
    }
    fn path(&self) -> std::borrow::Cow<'_, str> {
        "/lts/dms/kafka-instance".into()
    }
    fn body(&self) -> Option<String> {
        Some(self.body.to_wire_json())
    }
    fn redacted_body(&self) -> Option<String> {
        Some(self.body.to_redacted_json())
    }
    fn safety(&self) -> RetrySafety {
        RetrySafety::OneShot
    }
    fn secrets(&self) -> Vec<&str> {
        self.body
            .connect_info
            .pwd
            .iter()
            .map(|p| p.expose())
            .collect()
    }
    fn parse(&self, answer: &Answer<'_>) -> Result<Output, ApiError> {
        parse_registered(answer).map(Output::new)
    }
    fn explain_after_retry(&self, error: &mut ApiError) {
        if says_already_registered(error) {
            error
                .message
                .push_str(" (after a retry: an earlier attempt probably registered it)");
        }
    }
}

/// Whether an error answer says the instance is already registered (after a retry, this
/// usually means an earlier attempt succeeded). The code for it is not published, so the
/// message decides, with the local endpoint's `LTS.1711` as well.
pub fn says_already_registered(error: &ApiError) -> bool {
    let message = error.message.to_ascii_lowercase();
    error.status == 400
        && (error.code.as_deref() == Some("LTS.1711")
            || (contains(&message, "already")
                && (contains(&message, "regist") || contains(&message, "exist"))))
}

/// A successful registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterDmsKafkaInstanceOutput {
    /// The registered instance's id, as the service returned it.
    pub instance_id: String,
    /// The `X-Request-Id` of the answer, when the service sent one.
    pub request_id: Option<String>,
}

impl RegisterDmsKafkaInstanceOutput {
    /// The result as the JSON object JavaScript receives: `{ instance_id, requestId }`.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        ObjectWriter::new(&mut out)
            .str("instance_id", &self.instance_id)
            .opt_str("requestId", self.request_id.as_deref())
            .end();
        out
    }
}

impl Outcome for RegisterDmsKafkaInstanceOutput {
    fn to_json(&self) -> String {
        RegisterDmsKafkaInstanceOutput::to_json(self)
    }
}

/// Interprets the answer to a registration.
///
/// `status` is the HTTP status (0 for a redirect a browser hides), `request_id` the
/// `X-Request-Id` header when present, `body` the body bytes.
pub fn parse_register_response(
    status: u16,
    request_id: Option<&str>,
    body: &[u8],
) -> Result<RegisterDmsKafkaInstanceOutput, ApiError> {
    parse_registered(&Answer {
        status,
        request_id,
        body,
    })
}

/// [`parse_register_response`] of an [`Answer`].
pub fn parse_registered(answer: &Answer<'_>) -> Result<RegisterDmsKafkaInstanceOutput, ApiError> {
    if !(200..300).contains(&answer.status) {
        return Err(error_from_answer(answer));
    }
    let json = match Json::parse_answer(answer.body) {
        Err(Some(key)) => return Err(answer.repeated_key(&key)),
        parsed => parsed.ok(),
    };
    let instance_id = json
        .as_ref()
        .and_then(|j| j.get("instance_id"))
        .and_then(Json::as_str)
        .filter(|id| !id.is_empty());
    match instance_id {
        Some(id) => Ok(RegisterDmsKafkaInstanceOutput {
            instance_id: id.to_owned(),
            request_id: answer.header_request_id(),
        }),
        None => Err(answer.not_a_result("has no instance_id")),
    }
}

/// The request that registers `body` under the configured project:
/// `POST {base}/v2/{project_id}/lts/dms/kafka-instance`. See [`build_request`].
pub fn build_register_request(
    config: &ClientConfig,
    body: &RegisterDmsKafkaInstanceRequest,
    credentials: &Credentials,
    unix_secs: u64,
) -> HttpRequest {
    build_request(
        config,
        &RegisterOperation { body: body.clone() },
        credentials,
        unix_secs,
    )
}
