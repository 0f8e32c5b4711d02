//! The exact HTTP request for a registration: method, URL, headers and body bytes.

use std::fmt;

use crate::config::{ClientConfig, Credentials};
use crate::endpoint::encode_path_segment;
use crate::model::RegisterDmsKafkaInstanceRequest;
use crate::secret::REDACTED;

/// The `Content-Type` the API reference page prescribes.
pub const CONTENT_TYPE: &str = "application/json;charset=utf8";

/// One request header.
#[derive(Clone, PartialEq, Eq)]
pub struct Header {
    /// The header name, as sent.
    pub name: &'static str,
    /// The value, as sent.
    pub value: String,
    /// Whether the value is a secret that previews show as `***`.
    pub secret: bool,
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
    /// The body, exactly as sent (contains the Kafka password when there is one).
    pub body: String,
    /// The body with the password shown as `***`.
    pub redacted_body: String,
}

impl HttpRequest {
    /// The headers with every secret value shown as `***`.
    pub fn redacted_headers(&self) -> Vec<(&'static str, &str)> {
        self.headers
            .iter()
            .map(|h| (h.name, if h.secret { REDACTED } else { h.value.as_str() }))
            .collect()
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &self.redacted_headers())
            .field("body", &self.redacted_body)
            .finish()
    }
}

impl fmt::Debug for Header {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = if self.secret { REDACTED } else { &self.value };
        write!(f, "{}: {}", self.name, value)
    }
}

/// The request that registers `body` under the configured project:
/// `POST {base}/v2/{project_id}/lts/dms/kafka-instance` with `Content-Type` and the token.
pub fn build_register_request(
    config: &ClientConfig,
    body: &RegisterDmsKafkaInstanceRequest,
) -> HttpRequest {
    let url = format!(
        "{}/v2/{}/lts/dms/kafka-instance",
        config.base_url,
        encode_path_segment(&config.project_id)
    );
    let mut headers = vec![Header {
        name: "Content-Type",
        value: String::from(CONTENT_TYPE),
        secret: false,
    }];
    match &config.credentials {
        Credentials::Token(token) => headers.push(Header {
            name: "X-Auth-Token",
            value: token.expose().to_owned(),
            secret: true,
        }),
    }
    HttpRequest {
        method: "POST",
        url,
        headers,
        body: body.to_wire_json(),
        redacted_body: body.to_redacted_json(),
    }
}
