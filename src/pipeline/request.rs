//! The exact HTTP request for an operation: method, URL, headers and body bytes, with the
//! token, or signed with AK/SK.

use std::fmt;

use crate::auth::secret::REDACTED;
use crate::auth::sign::{authorization, format_sdk_date, insertion_sort, sign, SigningInput};
use crate::pipeline::base_url::encode_path_segment;
use crate::pipeline::config::ClientConfig;
use crate::pipeline::credentials::Credentials;
use crate::pipeline::operation::{Operation, JSON_BODY_CONTENT_TYPE, NO_BODY_CONTENT_TYPE};
use crate::wire::json::ObjectWriter;

/// The `Content-Type` the API reference page prescribes for a JSON body.
pub const CONTENT_TYPE: &str = JSON_BODY_CONTENT_TYPE;

/// One request header.
#[derive(Clone, PartialEq, Eq)]
pub struct Header {
    /// The header name, as sent.
    pub name: &'static str,
    /// The value, as sent.
    pub value: String,
    /// What previews and logs show instead of the value, when it holds a secret.
    pub preview: Option<String>,
}

impl Header {
    fn plain(name: &'static str, value: impl Into<String>) -> Header {
        Header {
            name,
            value: value.into(),
            preview: None,
        }
    }

    fn secret(name: &'static str, value: impl Into<String>) -> Header {
        Header {
            name,
            value: value.into(),
            preview: Some(String::from(REDACTED)),
        }
    }

    /// The value a preview shows.
    pub fn shown(&self) -> &str {
        self.preview.as_deref().unwrap_or(&self.value)
    }
}

/// A request ready to hand to `fetch`. Its `Debug` output is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The HTTP method.
    pub method: &'static str,
    /// The absolute URL.
    pub url: String,
    /// The headers, in the order they are sent.
    pub headers: Vec<Header>,
    /// The body, exactly as sent (contains the Kafka password when there is one); `None` for
    /// a request without a body.
    pub body: Option<String>,
    /// The body with the password shown as `***` (made for previews; `None` when not made or
    /// when there is no body).
    pub redacted_body: Option<String>,
}

impl HttpRequest {
    /// The headers as previews show them: secrets as `***`, the signature in `Authorization`
    /// as `***`.
    pub fn redacted_headers(&self) -> Vec<(&'static str, &str)> {
        self.headers.iter().map(|h| (h.name, h.shown())).collect()
    }

    /// The value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str())
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &self.redacted_headers())
            .field(
                "body",
                &self
                    .redacted_body
                    .as_deref()
                    .or(self.body.as_ref().map(|_| "(not shown)")),
            )
            .finish()
    }
}

impl fmt::Debug for Header {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name, self.shown())
    }
}

/// Percent-encodes a query value as the official SDK does (RFC 3986: only
/// `A-Z a-z 0-9 - _ . ~` kept, space as `%20`, UTF-8 bytes).
fn encode_query_value(value: &str) -> String {
    encode_path_segment(value)
}

/// The request for `op` under the configured project: `{base}/v2/{project_id}{op.path()}`,
/// the query sorted by name and percent-encoded, the body as JSON.
///
/// With a token: `Content-Type` and `X-Auth-Token`. With AK/SK: `Content-Type`,
/// `X-Project-Id`, `X-Sdk-Date` (from `unix_secs`), `X-Security-Token` for temporary keys, and
/// `Authorization`, signing those headers and `host` (taken from the URL, since a runtime sets
/// `Host` itself), the query included.
pub fn build_request(
    config: &ClientConfig,
    op: &dyn Operation,
    credentials: &Credentials,
    unix_secs: u64,
) -> HttpRequest {
    let project = config.known_project_id().unwrap_or_default();
    let mut request = build_request_with_body(
        config,
        op,
        op.body().as_deref(),
        credentials,
        unix_secs,
        &project,
    );
    request.redacted_body = op.redacted_body();
    request
}

/// [`build_request`] with the body already serialised (a call serialises it once and signs it
/// again for every attempt), under `project` (the option's, or the one found from the region),
/// and without the redacted body a preview shows (`None`).
///
/// An operation that is not under a project (IAM's lookup) goes to its service's endpoint
/// with its own path: signed with AK/SK it carries neither `Content-Type` nor `X-Project-Id`
/// (as the official SDK's lookup sends it); with a token, `Content-Type: application/json`.
pub fn build_request_with_body(
    config: &ClientConfig,
    op: &dyn Operation,
    body: Option<&str>,
    credentials: &Credentials,
    unix_secs: u64,
    project: &str,
) -> HttpRequest {
    let method = op.method().as_str();
    let base = config.endpoint(op.service()).unwrap_or(&config.base_url);
    let scoped = op.project_scoped();
    let path = if scoped {
        format!(
            "{}/v2/{}{}",
            base.path_prefix(),
            encode_path_segment(project),
            op.path()
        )
    } else {
        format!("{}{}", base.path_prefix(), op.path())
    };
    let mut query = op.query();
    insertion_sort(&mut query);
    let query = query
        .iter()
        .map(|(k, v)| format!("{k}={}", encode_query_value(v)))
        .collect::<Vec<_>>();
    let query = crate::wire::text::join(&query, "&");
    let url = if query.is_empty() {
        format!("{}{}", base.origin(), path)
    } else {
        format!("{}{}?{}", base.origin(), path, query)
    };
    let content_type = if body.is_some() {
        JSON_BODY_CONTENT_TYPE
    } else {
        NO_BODY_CONTENT_TYPE
    };
    let wire_body = body.unwrap_or_default();
    let mut headers = Vec::with_capacity(5);
    if scoped || matches!(credentials, Credentials::Token(_)) {
        headers.push(Header::plain("Content-Type", content_type));
    }
    match credentials {
        Credentials::Token(token) => headers.push(Header::secret("X-Auth-Token", token.expose())),
        Credentials::AkSk {
            access_key,
            secret_key,
            security_token,
        } => {
            let date = format_sdk_date(unix_secs);
            if scoped {
                headers.push(Header::plain("X-Project-Id", project));
            }
            headers.push(Header::plain("X-Sdk-Date", date.as_str()));
            if let Some(t) = security_token {
                headers.push(Header::secret("X-Security-Token", t.expose()));
            }
            let host = base.host_header();
            let mut signed: Vec<(&str, &str)> = vec![("host", host.as_str())];
            signed.extend(headers.iter().map(|h| (h.name, h.value.as_str())));
            let signature = sign(
                &SigningInput {
                    method,
                    path: &path,
                    query: &query,
                    headers: &signed,
                    body: wire_body.as_bytes(),
                },
                &date,
                secret_key.expose().as_bytes(),
            );
            headers.push(Header {
                name: "Authorization",
                value: authorization(access_key, &signature.signed_headers, &signature.signature),
                preview: Some(authorization(
                    access_key,
                    &signature.signed_headers,
                    REDACTED,
                )),
            });
        }
    }
    HttpRequest {
        method,
        url,
        headers,
        body: body.map(str::to_owned),
        redacted_body: None,
    }
}

impl HttpRequest {
    /// The request as a preview shows it, as JSON: `{ method, url, headers, body }`, the
    /// token, the security token, the signature and the Kafka password as `***` unless
    /// `reveal_secrets`; `body` is `null` for a request without one.
    pub fn preview_json(&self, reveal_secrets: bool) -> String {
        let body = if reveal_secrets {
            self.body.as_deref()
        } else {
            self.redacted_body.as_deref()
        };
        let mut out = String::new();
        ObjectWriter::new(&mut out)
            .str("method", self.method)
            .str("url", &self.url)
            .with("headers", |out| {
                let mut headers = ObjectWriter::new(out);
                for h in &self.headers {
                    headers.str(h.name, if reveal_secrets { &h.value } else { h.shown() });
                }
                headers.end();
            })
            .opt_str("body", body)
            .end();
        out
    }

    /// The headers as `Name: value` lines joined by `\n`, values as sent: how the shell hands
    /// them to JavaScript in one string.
    pub fn header_lines(&self) -> String {
        let mut out = String::new();
        for (i, h) in self.headers.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(h.name);
            out.push_str(": ");
            out.push_str(&h.value);
        }
        out
    }
}
