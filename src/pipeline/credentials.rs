//! The credentials a request is authenticated with, and where they come from: given once
//! (`{ token }`, `{ ak, sk }`, `{ ak, sk, securityToken }`) or from a function called before
//! every attempt. Read from the client's options here, where their problems become
//! [`ValidationIssue`]s and errors; the signing itself is in [`crate::auth::sign`].

use crate::auth::secret::Secret;
use crate::pipeline::error::{ErrorCause, LtsError};
use crate::pipeline::validate::{check_string, check_unknown_fields, ValidationIssue};
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

const CREDENTIALS_HINT: &str =
    "{ token } with an IAM user token, or { ak, sk } (plus securityToken for temporary keys), or a function returning one of these";

/// Reads the `credentials` option: static credentials, or [`CredentialSource::Provider`] for a
/// function; every problem goes to `issues`.
pub(crate) fn resolve_credentials(
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
        cause: Some(ErrorCause {
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
