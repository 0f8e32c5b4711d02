//! The client's configuration: the project id, where requests go (an endpoint, or a region the
//! service's [`RegionTable`] resolves), the credentials and the default settings.

use crate::auth::redact::Redactor;
use crate::pipeline::base_url::BaseUrl;
use crate::pipeline::credentials::{resolve_credentials, CredentialSource, Credentials};
use crate::pipeline::error::{LtsError, OptionsOf};
use crate::pipeline::operation::Operation;
use crate::pipeline::project::{cached, Cached, ProjectKey};
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
    /// Where the client's own service's requests go (LTS).
    pub base_url: BaseUrl,
    /// The other services' endpoints (`("iam", ...)`), from the region or the `endpoints`
    /// option; a service without one here cannot be called.
    pub endpoints: Vec<(&'static str, BaseUrl)>,
    /// The project id (one path segment, never empty), or `None` when it is found from the
    /// region ([`crate::pipeline::project`]).
    pub project_id: Option<String>,
    /// How requests are authenticated.
    pub credentials: CredentialSource,
    /// Timeouts and retries, unless a call overrides them.
    pub settings: CallSettings,
    /// The region, when the options gave one (with or without an endpoint).
    pub region: Option<String>,
    /// The static credentials' secrets, indexed once for every call's redaction.
    pub redactor: RedactorCache,
    /// The operation that finds the project of a region (IAM's, given by the service that
    /// makes the configuration), for credentials that are a token (`true`) or AK/SK.
    pub project_lookup: Option<ProjectLookup>,
}

/// Makes the operation that lists the projects named `region` (for a token: `true`).
#[derive(Debug, Clone, Copy)]
pub struct ProjectLookup(pub fn(region: &str, token: bool) -> Box<dyn Operation>);

impl PartialEq for ProjectLookup {
    /// The one lookup there is: every two are equal (function addresses say nothing).
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for ProjectLookup {}

/// What the static credentials give, made on first use and kept for the client's life (a token
/// is kilobytes: indexing or hashing it for every call would cost more than the call): their
/// [`Redactor`], and their project's cache key ([`ClientConfig::project_key`]).
#[derive(Debug, Default)]
pub struct RedactorCache(
    std::cell::OnceCell<Redactor>,
    std::cell::OnceCell<Option<ProjectKey>>,
);

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
        o.str("endpoint", &self.base_url.to_string());
        // Where the project is looked for, when it is.
        if let (None, Some(iam)) = (&self.project_id, self.endpoint("iam")) {
            o.str("iamEndpoint", &iam.to_string());
        }
        let project = self.project_id.clone().or_else(|| self.cached_project_id());
        match &project {
            Some(p) => o.str("projectId", p),
            None => o.raw("projectId", "null"),
        };
        o.str("credentials", kind).end();
        out
    }

    /// The endpoint of `service` (`""` for the client's own), when the client has one.
    pub fn endpoint(&self, service: &str) -> Option<&BaseUrl> {
        if service.is_empty() {
            return Some(&self.base_url);
        }
        self.endpoints
            .iter()
            .find(|(key, _)| *key == service)
            .map(|(_, url)| url)
    }

    /// The cache key of this client's project for `credentials`, when the project is found
    /// from the region (no `projectId` option, a region and an IAM endpoint).
    pub fn project_key(&self, credentials: &Credentials) -> Option<ProjectKey> {
        if self.project_id.is_some() {
            return None;
        }
        // The static credentials' key is hashed once for the client (a token is kilobytes).
        if let CredentialSource::Static(own) = &self.credentials {
            if std::ptr::eq(own, credentials) {
                return *self.redactor.1.get_or_init(|| self.key_of(credentials));
            }
        }
        self.key_of(credentials)
    }

    fn key_of(&self, credentials: &Credentials) -> Option<ProjectKey> {
        let region = self.region.as_deref()?;
        let iam = self.endpoint("iam")?.to_string();
        Some(match credentials {
            Credentials::Token(token) => ProjectKey::of("token", token.expose(), region, &iam),
            Credentials::AkSk { access_key, .. } => ProjectKey::of("ak", access_key, region, &iam),
        })
    }

    /// The project id: the option's, or the one this realm found for the static credentials
    /// (`None` before it is found, and for a credentials function).
    pub fn known_project_id(&self) -> Option<String> {
        self.project_id.clone().or_else(|| self.cached_project_id())
    }

    fn cached_project_id(&self) -> Option<String> {
        let CredentialSource::Static(credentials) = &self.credentials else {
            return None;
        };
        match cached(self.project_key(credentials)?) {
            Cached::Known(id) => Some(id),
            _ => None,
        }
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
    /// The service's key in the `endpoints` option (`lts`, `iam`).
    pub key: &'static str,
    /// The service's name in messages (`LTS`).
    pub service: &'static str,
    /// The regions it lists, for the "did you mean" of a region in the wrong case.
    pub known: &'static [&'static str],
    /// The endpoint of a region, or `None` for a region it does not list.
    pub endpoint: fn(&str) -> Option<String>,
}

const OPTION_FIELDS: &[&str] = &[
    "projectId",
    "region",
    "endpoint",
    "endpoints",
    "iamEndpoint",
    "credentials",
];
const OPTION_ALIASES: &[(&str, &str)] = &[
    ("project", "projectId"),
    ("project_id", "projectId"),
    ("url", "endpoint"),
    ("iam_endpoint", "iamEndpoint"),
    ("iamUrl", "iamEndpoint"),
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
        others: &[RegionTable],
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
        let project_id = present(options.get("projectId"))
            .then(|| {
                check_text(
                    options.get("projectId"),
                    "projectId",
                    "the id of the project the token is scoped to (from IAM or the console)",
                    None,
                    &mut issues,
                )
            })
            .flatten()
            .and_then(|p| check_project_id(&p, &mut issues).then_some(p));
        let overrides = endpoint_overrides(options, regions, others, &mut issues);
        let base_url = resolve_base_url(options, regions, &overrides, &mut issues);
        let region = checked_region(options, &mut issues);
        if !present(options.get("projectId")) && region.is_none() && !present(options.get("region"))
        {
            issues.push(ValidationIssue::new(
                "projectId",
                "required",
                "projectId is required unless region is given (the project is then found from the region through IAM)",
            ));
        }
        let mut endpoints = Vec::new();
        for table in others {
            let url = match overrides.iter().find(|(k, _)| *k == table.key) {
                Some((_, url)) => Some(url.clone()),
                None => region
                    .as_deref()
                    .and_then(table.endpoint)
                    .and_then(|u| BaseUrl::parse(&u).ok()),
            };
            if let Some(url) = url {
                endpoints.push((table.key, url));
            }
        }
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

        match (base_url, credentials) {
            (Some(base_url), Some(credentials)) if issues.is_empty() => Ok(ClientConfig {
                base_url,
                endpoints,
                project_id,
                credentials,
                settings,
                region,
                redactor: RedactorCache::default(),
                project_lookup: None,
            }),
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

fn present(value: Option<&Input>) -> bool {
    !matches!(value, None | Some(Input::Undefined))
}

/// The region's name when the options give one that can be sent (`name=` of the project
/// lookup): letters, digits and `-`, at most 64.
fn checked_region(options: &Input, issues: &mut Vec<ValidationIssue>) -> Option<String> {
    let Some(Input::String(region)) = options.get("region") else {
        return None;
    };
    let ok = !region.is_empty()
        && region.len() <= 64
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        return Some(region.to_string());
    }
    // An unknown region without an endpoint is reported by resolve_base_url, with its hint.
    if present(options.get("endpoint")) {
        issues.push(ValidationIssue::new(
            "region",
            "format",
            "region must be a region name such as cn-north-4 (lower-case letters, digits and -, at most 64)",
        ));
    }
    None
}

/// The endpoints the options give: `endpoints: { lts, iam }`, `endpoint` (the client's own
/// service) and `iamEndpoint`; each at most once.
fn endpoint_overrides(
    options: &Input,
    own: &RegionTable,
    others: &[RegionTable],
    issues: &mut Vec<ValidationIssue>,
) -> Vec<(&'static str, BaseUrl)> {
    let tables: Vec<&RegionTable> = std::iter::once(own).chain(others).collect();
    let key_of = |name: &str| tables.iter().find(|t| t.key == name).map(|t| t.key);
    let mut out: Vec<(&'static str, BaseUrl)> = Vec::new();
    let parse = |path: &str, value: &Input, issues: &mut Vec<ValidationIssue>| {
        let text = check_string(Some(value), path, "", None, issues)?;
        BaseUrl::parse(&text)
            .map_err(|message| issues.push(ValidationIssue::new(path, "format", message)))
            .ok()
    };
    match options.get("endpoints") {
        None | Some(Input::Undefined) => {}
        Some(Input::Object(entries)) => {
            for (name, value) in entries {
                if let (Some(key), false) = (key_of(name), matches!(value, Input::Undefined)) {
                    if let Some(url) = parse(&format!("endpoints.{key}"), value, issues) {
                        out.push((key, url));
                    }
                }
            }
            let keys: Vec<&str> = tables.iter().map(|t| t.key).collect();
            check_unknown_fields_of(
                entries,
                "endpoints",
                &keys,
                &[],
                "a service",
                "the services",
                issues,
            );
        }
        Some(other) => issues.push(ValidationIssue::new(
            "endpoints",
            "type",
            format!(
                "endpoints must be an object such as {{ lts, iam }} of endpoint URLs (got {})",
                other.kind()
            ),
        )),
    }
    for (option, name) in [("endpoint", own.key), ("iamEndpoint", "iam")] {
        let (Some(value), Some(key)) = (options.get(option), key_of(name)) else {
            continue;
        };
        if matches!(value, Input::Undefined) {
            continue;
        }
        if out.iter().any(|(k, _)| *k == key) {
            issues.push(ValidationIssue::new(
                option,
                "conflict",
                format!("{option} and endpoints.{key} are both given: give one"),
            ));
            continue;
        }
        if let Some(url) = parse(option, value, issues) {
            out.push((key, url));
        }
    }
    out
}

fn resolve_base_url(
    options: &Input,
    regions: &RegionTable,
    overrides: &[(&'static str, BaseUrl)],
    issues: &mut Vec<ValidationIssue>,
) -> Option<BaseUrl> {
    let region = options
        .get("region")
        .filter(|v| !matches!(v, Input::Undefined));
    if let Some((_, url)) = overrides.iter().find(|(k, _)| *k == regions.key) {
        return Some(url.clone());
    }
    let endpoint_given = present(options.get("endpoint"))
        || matches!(options.get("endpoints"), Some(Input::Object(e)) if e.iter().any(|(k, _)| k == regions.key));
    if endpoint_given {
        // Its problem is reported already.
        return None;
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
