//! The client's configuration: project id, where to send requests, and credentials.

use crate::endpoint::{endpoint_for_region, BaseUrl, KNOWN_REGIONS};
use crate::error::LtsError;
use crate::input::Input;
use crate::secret::Secret;
use crate::validate::{check_string, check_unknown_fields, display_name, ValidationIssue};

/// How requests are authenticated.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Credentials {
    /// An IAM user token, sent as `X-Auth-Token`.
    Token(Secret),
}

/// A validated client configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientConfig {
    /// Where requests go.
    pub base_url: BaseUrl,
    /// The project id: one path segment, never empty.
    pub project_id: String,
    /// How requests are authenticated.
    pub credentials: Credentials,
}

const OPTION_FIELDS: &[&str] = &["projectId", "region", "endpoint", "credentials"];
const OPTION_ALIASES: &[(&str, &str)] = &[
    ("project", "projectId"),
    ("project_id", "projectId"),
    ("url", "endpoint"),
    ("baseUrl", "endpoint"),
    ("host", "endpoint"),
    ("auth", "credentials"),
    ("token", "credentials"),
];
const CREDENTIAL_FIELDS: &[&str] = &["token"];
const CREDENTIAL_ALIASES: &[(&str, &str)] = &[
    ("authToken", "token"),
    ("x-auth-token", "token"),
    ("accessToken", "token"),
    ("iamToken", "token"),
];

impl ClientConfig {
    /// Validates client options (`{ projectId, region?, endpoint?, credentials: { token } }`).
    ///
    /// `extra_known` names options the caller's shell handles itself (such as `fetch`), so
    /// they are not reported as unknown. Every problem is reported at once as
    /// [`LtsError::Config`].
    pub fn from_input(options: &Input, extra_known: &[&str]) -> Result<ClientConfig, LtsError> {
        let mut issues = Vec::new();
        let Input::Object(entries) = options else {
            return Err(LtsError::Config {
                issues: vec![ValidationIssue::new(
                    "",
                    "type",
                    format!(
                        "client options must be an object such as {{ projectId, region, credentials: {{ token }} }} (got {})",
                        options.kind()
                    ),
                )],
            });
        };
        let project_id = check_string(
            options.get("projectId"),
            "projectId",
            "the id of the project the token is scoped to (from IAM or the console)",
            None,
            &mut issues,
        )
        .and_then(|p| check_project_id(&p, &mut issues).then_some(p));

        let base_url = resolve_base_url(options, &mut issues);
        let credentials = resolve_credentials(options.get("credentials"), &mut issues);

        let known: Vec<&str> = OPTION_FIELDS
            .iter()
            .chain(extra_known.iter())
            .copied()
            .collect();
        check_unknown_fields(entries, "", &known, OPTION_ALIASES, &mut issues);

        match (project_id, base_url, credentials) {
            (Some(project_id), Some(base_url), Some(credentials)) if issues.is_empty() => {
                Ok(ClientConfig {
                    base_url,
                    project_id,
                    credentials,
                })
            }
            _ => Err(LtsError::Config { issues }),
        }
    }
}

/// A project id is one path segment: no `/ ? # %`, whitespace or control characters.
fn check_project_id(project_id: &str, issues: &mut Vec<ValidationIssue>) -> bool {
    if project_id.is_empty() {
        issues.push(ValidationIssue::new(
            "projectId",
            "min_length",
            "projectId must not be empty: use the id of the project the token is scoped to",
        ));
        return false;
    }
    let bad = project_id
        .chars()
        .enumerate()
        .find(|(_, c)| matches!(c, '/' | '?' | '#' | '%') || c.is_whitespace() || c.is_control());
    match bad {
        None => true,
        Some((pos, c)) => {
            let what = match c {
                '/' => String::from("a /"),
                '?' => String::from("a ?"),
                '#' => String::from("a #"),
                '%' => String::from("a %"),
                c if c.is_control() => String::from("a control character"),
                _ => String::from("whitespace"),
            };
            issues.push(ValidationIssue::new(
                "projectId",
                "format",
                format!(
                    "projectId must be a single path segment: it contains {what} at position {pos}"
                ),
            ));
            false
        }
    }
}

fn resolve_base_url(options: &Input, issues: &mut Vec<ValidationIssue>) -> Option<BaseUrl> {
    let endpoint = options
        .get("endpoint")
        .filter(|v| !matches!(v, Input::Undefined));
    let region = options
        .get("region")
        .filter(|v| !matches!(v, Input::Undefined));
    if let Some(endpoint) = endpoint {
        let endpoint = check_string(Some(endpoint), "endpoint", "", None, issues)?;
        return match BaseUrl::parse(&endpoint) {
            Ok(url) => Some(url),
            Err(message) => {
                issues.push(ValidationIssue::new("endpoint", "format", message));
                None
            }
        };
    }
    let Some(region) = region else {
        issues.push(ValidationIssue::new(
            "region",
            "required",
            "region or endpoint is required: for example region: \"cn-north-4\", or endpoint: \"https://lts.cn-north-4.myhuaweicloud.com\"",
        ));
        return None;
    };
    let region = check_string(Some(region), "region", "", None, issues)?;
    let Some(url) = endpoint_for_region(&region) else {
        let near = KNOWN_REGIONS
            .iter()
            .find(|r| r.eq_ignore_ascii_case(region.trim()))
            .map(|r| format!(" (did you mean {r}?)"))
            .unwrap_or_default();
        issues.push(ValidationIssue::new(
            "region",
            "format",
            format!(
                "region {:?} is not a known LTS region{near}; pass endpoint for a region this library does not list",
                display_name(&region)
            ),
        ));
        return None;
    };
    match BaseUrl::parse(&url) {
        Ok(url) => Some(url),
        Err(message) => {
            issues.push(ValidationIssue::new("region", "format", message));
            None
        }
    }
}

fn resolve_credentials(
    value: Option<&Input>,
    issues: &mut Vec<ValidationIssue>,
) -> Option<Credentials> {
    let entries = match value {
        None | Some(Input::Undefined) => {
            issues.push(ValidationIssue::new(
                "credentials",
                "required",
                "credentials is required: { token } with an IAM user token for the project's region",
            ));
            return None;
        }
        Some(Input::Object(entries)) => entries,
        Some(other) => {
            issues.push(ValidationIssue::new(
                "credentials",
                "type",
                format!(
                    "credentials must be an object such as {{ token }} (got {})",
                    other.kind()
                ),
            ));
            return None;
        }
    };
    check_unknown_fields(
        entries,
        "credentials",
        CREDENTIAL_FIELDS,
        CREDENTIAL_ALIASES,
        issues,
    );
    let token = check_string(
        entries.iter().find(|(k, _)| k == "token").map(|(_, v)| v),
        "credentials.token",
        "an IAM user token (the X-Subject-Token IAM returned)",
        None,
        issues,
    )?;
    check_token(&token, issues).then(|| Credentials::Token(Secret::new(token)))
}

/// A token goes into a header: one line of printable ASCII. Messages give the position of a
/// bad character, never the token.
fn check_token(token: &str, issues: &mut Vec<ValidationIssue>) -> bool {
    let path = "credentials.token";
    if token.is_empty() {
        issues.push(ValidationIssue::new(
            path,
            "min_length",
            "credentials.token must not be empty",
        ));
        return false;
    }
    let Some((pos, c)) = token
        .chars()
        .enumerate()
        .find(|(_, c)| !c.is_ascii_graphic())
    else {
        return true;
    };
    let total = token.chars().count();
    let at_edge = pos == 0 || token.chars().skip(pos).all(char::is_whitespace);
    let message = if c.is_whitespace() && at_edge {
        format!(
            "credentials.token has leading or trailing whitespace (a line break copied with it?) at position {pos} of {total}: remove it"
        )
    } else if c.is_control() {
        format!(
            "credentials.token contains a control character (such as CR or LF) at position {pos} of {total}: a token is one line of printable ASCII"
        )
    } else if c.is_whitespace() {
        format!(
            "credentials.token contains whitespace at position {pos} of {total}: a token is one line of printable ASCII"
        )
    } else {
        format!(
            "credentials.token contains a non-ASCII character at position {pos} of {total}: a token is printable ASCII"
        )
    };
    issues.push(ValidationIssue::new(path, "format", message));
    false
}
