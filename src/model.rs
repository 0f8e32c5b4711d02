//! The request body and the result of registering a DMS Kafka instance, in the API's wire
//! names (`instance_id`, `kafka_name`, `connect_info`, `user_name`, `pwd`).

use crate::wire::json::ObjectWriter;

use crate::auth::secret::{Secret, REDACTED};
use crate::operation::Outcome;

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
