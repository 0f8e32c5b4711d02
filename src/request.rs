//! The exact HTTP request for a registration: method, URL, headers and body bytes, with the
//! token, or signed with AK/SK.

use std::fmt;

use crate::config::{ClientConfig, Credentials};
use crate::endpoint::encode_path_segment;
use crate::model::RegisterDmsKafkaInstanceRequest;
use crate::secret::REDACTED;
use crate::sign::{authorization, format_sdk_date, sign, SigningInput};

/// The `Content-Type` the API reference page prescribes.
pub const CONTENT_TYPE: &str = "application/json;charset=utf8";

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
    /// The body, exactly as sent (contains the Kafka password when there is one).
    pub body: String,
    /// The body with the password shown as `***`.
    pub redacted_body: String,
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
            .field("body", &self.redacted_body)
            .finish()
    }
}

impl fmt::Debug for Header {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name, self.shown())
    }
}

/// The request that registers `body` under the configured project:
/// `POST {base}/v2/{project_id}/lts/dms/kafka-instance`.
///
/// With a token: `Content-Type` and `X-Auth-Token`. With AK/SK: `Content-Type`,
/// `X-Project-Id`, `X-Sdk-Date` (from `unix_secs`), `X-Security-Token` for temporary keys, and
/// `Authorization`, signing those headers and `host` (taken from the URL, since a runtime sets
/// `Host` itself).
pub fn build_register_request(
    config: &ClientConfig,
    body: &RegisterDmsKafkaInstanceRequest,
    credentials: &Credentials,
    unix_secs: u64,
) -> HttpRequest {
    let path = format!(
        "{}/v2/{}/lts/dms/kafka-instance",
        config.base_url.path_prefix(),
        encode_path_segment(&config.project_id)
    );
    let url = format!("{}{}", config.base_url.origin(), path);
    let wire_body = body.to_wire_json();
    let mut headers = vec![Header::plain("Content-Type", CONTENT_TYPE)];
    match credentials {
        Credentials::Token(token) => headers.push(Header::secret("X-Auth-Token", token.expose())),
        Credentials::AkSk {
            access_key,
            secret_key,
            security_token,
        } => {
            let date = format_sdk_date(unix_secs);
            headers.push(Header::plain("X-Project-Id", config.project_id.as_str()));
            headers.push(Header::plain("X-Sdk-Date", date.as_str()));
            if let Some(t) = security_token {
                headers.push(Header::secret("X-Security-Token", t.expose()));
            }
            let host = config.base_url.host_header();
            let mut signed: Vec<(&str, &str)> = vec![("host", host.as_str())];
            signed.extend(headers.iter().map(|h| (h.name, h.value.as_str())));
            let signature = sign(
                &SigningInput {
                    method: "POST",
                    path: &path,
                    query: "",
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
        method: "POST",
        url,
        headers,
        body: wire_body,
        redacted_body: body.to_redacted_json(),
    }
}
