//! The request body and the result of registering a DMS Kafka instance, in the API's wire
//! names (`instance_id`, `kafka_name`, `connect_info`, `user_name`, `pwd`).

use serde::Serialize;

use crate::secret::{Secret, REDACTED};

/// The body of `POST /v2/{project_id}/lts/dms/kafka-instance`, after validation.
///
/// Build it with [`crate::validate_register_request`], which enforces the API's rules; the
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

#[derive(Serialize)]
struct WireBody<'a> {
    instance_id: &'a str,
    kafka_name: &'a str,
    connect_info: WireConnectInfo<'a>,
}

#[derive(Serialize)]
struct WireConnectInfo<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    user_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pwd: Option<&'a str>,
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
        let body = WireBody {
            instance_id: &self.instance_id,
            kafka_name: &self.kafka_name,
            connect_info: WireConnectInfo {
                user_name: self.connect_info.user_name.as_deref(),
                pwd: self
                    .connect_info
                    .pwd
                    .as_ref()
                    .map(|p| if redact { REDACTED } else { p.expose() }),
            },
        };
        // Serializing plain strings into a String cannot fail; fall back to an empty
        // object rather than panic if serde_json ever says otherwise.
        serde_json::to_string(&body).unwrap_or_else(|_| String::from("{}"))
    }
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
        #[derive(Serialize)]
        struct Wire<'a> {
            instance_id: &'a str,
            #[serde(rename = "requestId")]
            request_id: Option<&'a str>,
        }
        serde_json::to_string(&Wire {
            instance_id: &self.instance_id,
            request_id: self.request_id.as_deref(),
        })
        .unwrap_or_default()
    }
}
