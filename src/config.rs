//! The client's configuration: project id, where to send requests, and credentials.

use crate::auth::redact::Redactor;
use crate::auth::secret::Secret;
use crate::endpoint::{endpoint_for_region, BaseUrl, KNOWN_REGIONS};
use crate::error::{LtsError, OptionsOf};
use crate::settings::{CallSettings, SETTINGS_FIELDS};
use crate::validate::{
    check_string, check_text, check_unknown_fields, check_unknown_fields_of, display_name,
    ValidationIssue,
};
use crate::wire::input::Input;
use crate::wire::text::Dec;

/// How requests are authenticated.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Credentials {
    /// An IAM user token, sent as `X-Auth-Token`.
    Token(Secret),
    /// An access key / secret key pair: requests are signed with `SDK-HMAC-SHA256`.
    AkSk {
        /// The access key id (sent in `Authorization`; an identifier, not a secret).
        access_key: String,
        /// The secret key (never sent; keys the HMAC).
        secret_key: Secret,
        /// The security token of temporary credentials, sent (and signed) as
        /// `X-Security-Token`.
        security_token: Option<Secret>,
    },
}

impl Credentials {
    /// Validates a credentials object: `{ token }`, `{ ak, sk }` or
    /// `{ ak, sk, securityToken }`. Issues are reported under `credentials.*`.
    pub fn from_input(value: &Input) -> Result<Credentials, Vec<ValidationIssue>> {
        let mut issues = Vec::new();
        let credentials = resolve_credentials(Some(value), &mut issues);
        match credentials {
            Some(CredentialSource::Static(c)) if issues.is_empty() => Ok(c),
            Some(CredentialSource::Provider) => Err(vec![ValidationIssue::new(
                "credentials",
                "type",
                "credentials must be an object such as { token } or { ak, sk } (got function)",
            )]),
            _ => Err(issues),
        }
    }

    /// The secret values these credentials put on the wire or use to sign, for redaction.
    pub fn secrets(&self) -> Vec<&str> {
        match self {
            Credentials::Token(token) => vec![token.expose()],
            Credentials::AkSk {
                secret_key,
                security_token,
                ..
            } => {
                let mut out = vec![secret_key.expose()];
                if let Some(t) = security_token {
                    out.push(t.expose());
                }
                out
            }
        }
    }
}

/// Where a client's credentials come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialSource {
    /// Given once, at construction.
    Static(Credentials),
    /// A function the shell calls before every attempt (key rotation, token refresh).
    Provider,
}

/// A validated client configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientConfig {
    /// Where requests go.
    pub base_url: BaseUrl,
    /// The project id: one path segment, never empty.
    pub project_id: String,
    /// How requests are authenticated.
    pub credentials: CredentialSource,
    /// Timeouts and retries, unless a call overrides them.
    pub settings: CallSettings,
    /// The region it was made for, when it was given one (not an endpoint).
    pub region: Option<String>,
    /// The static credentials' secrets, indexed once for every call's redaction.
    pub redactor: RedactorCache,
}

/// A [`Redactor`] of the static credentials, made on first use and kept for the client's life
/// (a token is kilobytes: indexing it for every call would cost more than the call).
#[derive(Debug, Default)]
pub struct RedactorCache(std::cell::OnceCell<Redactor>);

impl Clone for RedactorCache {
    fn clone(&self) -> Self {
        RedactorCache::default()
    }
}

impl PartialEq for RedactorCache {
    /// A cache says nothing about the configuration: every two are equal.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for RedactorCache {}

impl ClientConfig {
    /// `{ region, endpoint, projectId, credentials }`: what the client is, never a secret
    /// (`credentials` says only which kind: "token", "ak/sk", "temporary ak/sk", "function").
    pub fn describe_json(&self) -> String {
        let kind = match &self.credentials {
            CredentialSource::Static(Credentials::Token(_)) => "token",
            CredentialSource::Static(Credentials::AkSk {
                security_token: Some(_),
                ..
            }) => "temporary ak/sk",
            CredentialSource::Static(Credentials::AkSk { .. }) => "ak/sk",
            CredentialSource::Provider => "function",
        };
        let mut out = String::new();
        let mut o = crate::wire::json::ObjectWriter::new(&mut out);
        if let Some(region) = &self.region {
            o.str("region", region);
        }
        o.str("endpoint", &self.base_url.to_string())
            .str("projectId", &self.project_id)
            .str("credentials", kind)
            .end();
        out
    }

    /// The redactor of the static credentials (empty for a credentials function).
    pub fn static_redactor(&self) -> &Redactor {
        self.redactor.0.get_or_init(|| match &self.credentials {
            CredentialSource::Static(c) => Redactor::new(c.secrets()),
            CredentialSource::Provider => Redactor::default(),
        })
    }
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
const CREDENTIAL_FIELDS: &[&str] = &["token", "ak", "sk", "securityToken"];
const CREDENTIAL_ALIASES: &[(&str, &str)] = &[
    ("authToken", "token"),
    ("x-auth-token", "token"),
    ("iamToken", "token"),
    ("accessKey", "ak"),
    ("accessKeyId", "ak"),
    ("access", "ak"),
    ("secretKey", "sk"),
    ("secretAccessKey", "sk"),
    ("secret", "sk"),
    ("sessionToken", "securityToken"),
    ("x-security-token", "securityToken"),
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
                of: OptionsOf::Client,
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
        let project_id = check_text(
            options.get("projectId"),
            "projectId",
            "the id of the project the token is scoped to (from IAM or the console)",
            None,
            &mut issues,
        )
        .and_then(|p| check_project_id(&p, &mut issues).then_some(p));

        let base_url = resolve_base_url(options, &mut issues);
        // The region, when it is what chose the endpoint (an endpoint wins over a region).
        let region = match (options.get("endpoint"), options.get("region")) {
            (None | Some(Input::Undefined), Some(Input::String(r))) => Some(r.to_string()),
            _ => None,
        };
        let credentials = resolve_credentials(options.get("credentials"), &mut issues);
        let settings = CallSettings::default().overridden_by(options, "", &mut issues);

        let known: Vec<&str> = OPTION_FIELDS
            .iter()
            .chain(SETTINGS_FIELDS.iter())
            .chain(extra_known.iter())
            .copied()
            .collect();
        check_unknown_fields_of(
            entries,
            "",
            &known,
            OPTION_ALIASES,
            "a client option",
            "the client options",
            &mut issues,
        );

        match (project_id, base_url, credentials) {
            (Some(project_id), Some(base_url), Some(credentials)) if issues.is_empty() => {
                Ok(ClientConfig {
                    base_url,
                    project_id,
                    credentials,
                    settings,
                    region,
                    redactor: RedactorCache::default(),
                })
            }
            _ => Err(LtsError::Config {
                of: OptionsOf::Client,
                issues,
            }),
        }
    }
}

/// A project id is one path segment of printable ASCII (it also goes into the `X-Project-Id`
/// header, which allows no other characters): no `/ ? # %`, whitespace or control characters.
fn check_project_id(project_id: &str, issues: &mut Vec<ValidationIssue>) -> bool {
    if project_id.is_empty() {
        issues.push(ValidationIssue::new(
            "projectId",
            "min_length",
            "projectId must not be empty: use the id of the project the token is scoped to",
        ));
        return false;
    }
    if let Some(problem) = crate::validate::dot_segment_problem("projectId", project_id) {
        issues.push(problem);
        return false;
    }
    let bad = project_id
        .chars()
        .enumerate()
        .find(|(_, c)| matches!(c, '/' | '?' | '#' | '%') || !c.is_ascii_graphic());
    match bad {
        None => true,
        Some((pos, c)) => {
            let what = match c {
                '/' => String::from("a /"),
                '?' => String::from("a ?"),
                '#' => String::from("a #"),
                '%' => String::from("a %"),
                c if c.is_control() => String::from("a control character"),
                c if c.is_whitespace() => String::from("whitespace"),
                _ => {
                    issues.push(ValidationIssue::new(
                        "projectId",
                        "format",
                        format!("projectId must be printable ASCII (it also goes into the X-Project-Id header): it contains a non-ASCII character at position {}", Dec::of(pos)),
                    ));
                    return false;
                }
            };
            issues.push(ValidationIssue::new(
                "projectId",
                "format",
                format!(
                    "projectId must be a single path segment: it contains {what} at position {}",
                    Dec::of(pos)
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
    let region = check_text(Some(region), "region", "", None, issues)?;
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
                "region \"{}\" is not a known LTS region{near}; pass endpoint for a region this library does not list",
                display_name(&region).replace(|c: char| c.is_control() || c == '"', "?")
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

const CREDENTIALS_HINT: &str =
    "{ token } with an IAM user token, or { ak, sk } (plus securityToken for temporary keys), or a function returning one of these";

fn resolve_credentials(
    value: Option<&Input>,
    issues: &mut Vec<ValidationIssue>,
) -> Option<CredentialSource> {
    let entries = match value {
        None | Some(Input::Undefined) => {
            issues.push(ValidationIssue::new(
                "credentials",
                "required",
                format!("credentials is required: {CREDENTIALS_HINT}"),
            ));
            return None;
        }
        Some(Input::Other(kind)) if kind == "function" => return Some(CredentialSource::Provider),
        Some(Input::Object(entries)) => entries,
        Some(other) => {
            issues.push(ValidationIssue::new(
                "credentials",
                "type",
                format!(
                    "credentials must be {CREDENTIALS_HINT} (got {})",
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
    let field = |key: &str| {
        entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .filter(|v| !matches!(v, Input::Undefined))
    };
    let (token, ak, sk, security_token) = (
        field("token"),
        field("ak"),
        field("sk"),
        field("securityToken"),
    );
    if token.is_some() && (ak.is_some() || sk.is_some() || security_token.is_some()) {
        issues.push(ValidationIssue::new(
            "credentials",
            "format",
            "credentials must be either { token } or { ak, sk } (with securityToken for temporary keys), not both",
        ));
        return None;
    }
    if ak.is_none() && sk.is_none() && security_token.is_none() {
        let token = check_string(
            token,
            "credentials.token",
            "an IAM user token (the X-Subject-Token IAM returned), or use { ak, sk }",
            None,
            issues,
        )?;
        return check_header_secret("credentials.token", &token, issues)
            .then(|| CredentialSource::Static(Credentials::Token(Secret::new(token))));
    }
    let ak = check_string(
        ak,
        "credentials.ak",
        "the access key id that goes with sk",
        None,
        issues,
    )
    .filter(|ak| check_header_secret("credentials.ak", ak, issues));
    let sk = check_string(
        sk,
        "credentials.sk",
        "the secret access key that goes with ak",
        None,
        issues,
    )
    .filter(|sk| check_header_secret("credentials.sk", sk, issues));
    let security_token = match security_token {
        None => Some(None),
        Some(t) => check_string(Some(t), "credentials.securityToken", "", None, issues)
            .filter(|t| check_header_secret("credentials.securityToken", t, issues))
            .map(Some),
    };
    match (ak, sk, security_token) {
        (Some(access_key), Some(sk), Some(security_token)) => {
            Some(CredentialSource::Static(Credentials::AkSk {
                access_key,
                secret_key: Secret::new(sk),
                security_token: security_token.map(Secret::new),
            }))
        }
        _ => None,
    }
}

/// Tokens and keys go into headers or an HMAC: one line of printable ASCII. Messages give the
/// position of a bad character, never the value.
fn check_header_secret(path: &str, token: &str, issues: &mut Vec<ValidationIssue>) -> bool {
    if token.is_empty() {
        issues.push(ValidationIssue::new(
            path,
            "min_length",
            format!("{path} must not be empty"),
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
    let total = Dec::of(crate::wire::text::char_count(token));
    let at_edge = pos == 0 || token.chars().skip(pos).all(char::is_whitespace);
    let pos = Dec::of(pos);
    let message = if c.is_whitespace() && at_edge {
        format!(
            "{path} has leading or trailing whitespace (a line break copied with it?) at position {pos} of {total}: remove it"
        )
    } else if c.is_control() {
        format!(
            "{path} contains a control character (such as CR or LF) at position {pos} of {total}: it must be one line of printable ASCII"
        )
    } else if c.is_whitespace() {
        format!(
            "{path} contains whitespace at position {pos} of {total}: it must be one line of printable ASCII"
        )
    } else {
        format!(
            "{path} contains a non-ASCII character at position {pos} of {total}: it must be printable ASCII"
        )
    };
    issues.push(ValidationIssue::new(path, "format", message));
    false
}

fn provider_error(message: String) -> LtsError {
    LtsError::Credentials {
        message,
        retryable: false,
        cause: None,
    }
}

impl Credentials {
    /// What a credentials function returned, checked: the error names it as the function's.
    pub fn from_provider(value: &Input) -> Result<Credentials, LtsError> {
        Credentials::from_input(value).map_err(|issues| {
            let details: Vec<String> = issues.into_iter().map(|i| i.message).collect();
            provider_error(format!(
                "the credentials function returned invalid credentials: {}",
                crate::wire::text::join(&details, "; ")
            ))
        })
    }
}

/// The error for a credentials function that threw (or whose promise rejected) an error of
/// this `name` and `message` (at most 200 characters of each): retryable, as the store the
/// function reads may be down for a moment. Its copy is the JavaScript error's `cause`.
pub fn credentials_failure(rejected: bool, name: &str, message: &str) -> LtsError {
    let short = |text: &str| -> String { text.chars().take(200).collect() };
    let (name, message) = (short(name), short(message));
    let what = if name.is_empty() {
        message.clone()
    } else {
        format!("{name}: {message}")
    };
    LtsError::Credentials {
        message: if rejected {
            format!("the credentials function's promise rejected: {what}")
        } else {
            format!("the credentials function threw: {what}")
        },
        retryable: true,
        cause: Some(crate::error::ErrorCause {
            name: if name.is_empty() {
                String::from("Error")
            } else {
                name
            },
            message,
            code: None,
        }),
    }
}
