//! The client's configuration: the project id, where requests go (an endpoint, or a region the
//! service's [`RegionTable`] resolves), the credentials and the default settings.

use crate::auth::redact::Redactor;
use crate::pipeline::base_url::BaseUrl;
use crate::pipeline::credentials::{resolve_credentials, CredentialSource, Credentials};
use crate::pipeline::error::{LtsError, OptionsOf};
use crate::pipeline::settings::{CallSettings, SETTINGS_FIELDS};
use crate::pipeline::validate::{
    check_string, check_text, check_unknown_fields_of, display_name, ValidationIssue,
};
use crate::wire::input::Input;
use crate::wire::text::Dec;

/// A validated client configuration, made from the client's options by
/// [`ClientConfig::from_input_with`] and a service's regions ([`ClientConfig::from_input`]
/// gives it LTS's, where the LTS service defines it).
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

/// A service's regional endpoints, as the client options' `region` chooses one: the service
/// supplies it (the pipeline knows no service's hosts).
#[derive(Debug, Clone, Copy)]
pub struct RegionTable {
    /// The service's name in messages (`LTS`).
    pub service: &'static str,
    /// The regions it lists, for the "did you mean" of a region in the wrong case.
    pub known: &'static [&'static str],
    /// The endpoint of a region, or `None` for a region it does not list.
    pub endpoint: fn(&str) -> Option<String>,
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

impl ClientConfig {
    /// Validates client options (`{ projectId, region?, endpoint?, credentials: { token } }`),
    /// a `region` resolved to its endpoint by `regions`.
    ///
    /// `extra_known` names options the caller's shell handles itself (such as `fetch`), so
    /// they are not reported as unknown. Every problem is reported at once as
    /// [`LtsError::Config`].
    pub fn from_input_with(
        options: &Input,
        extra_known: &[&str],
        regions: &RegionTable,
    ) -> Result<ClientConfig, LtsError> {
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

        let base_url = resolve_base_url(options, regions, &mut issues);
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
    if let Some(problem) = crate::pipeline::validate::dot_segment_problem("projectId", project_id) {
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

fn resolve_base_url(
    options: &Input,
    regions: &RegionTable,
    issues: &mut Vec<ValidationIssue>,
) -> Option<BaseUrl> {
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
    let Some(url) = (regions.endpoint)(&region) else {
        let near = regions
            .known
            .iter()
            .find(|r| r.eq_ignore_ascii_case(region.trim()))
            .map(|r| format!(" (did you mean {r}?)"))
            .unwrap_or_default();
        issues.push(ValidationIssue::new(
            "region",
            "format",
            format!(
                "region \"{}\" is not a known {} region{near}; pass endpoint for a region this library does not list",
                display_name(&region).replace(|c: char| c.is_control() || c == '"', "?"),
                regions.service
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
