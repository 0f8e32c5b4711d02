// Registers a DMS Kafka instance with LTS and delivers log streams to it (a DMS transfer).
// Safe to run again: the report then says what already existed, and a transfer that delivers
// the streams here but was disabled is enabled. Exits 1 on an error, or when a stream already
// delivers somewhere else; 2 when a variable is missing.
import { LtsClient, isLtsError } from "lts-kafka";

const env = process.env;
const required = [
  "LTS_PROJECT_ID",
  "LTS_TOKEN",
  "LTS_INSTANCE_ID",
  "LTS_KAFKA_NAME",
  "LTS_LOG_GROUP_ID",
  "LTS_LOG_STREAM_ID",
  "LTS_KAFKA_TOPIC",
];
const missing = required.filter((name) => !env[name]);
if (!env.LTS_ENDPOINT && !env.LTS_REGION) missing.unshift("LTS_ENDPOINT or LTS_REGION");
if (missing.length > 0) {
  console.error(`set ${missing.join(", ")}`);
  process.exit(2);
}
/** A variable the check above found set. */
const setting = (/** @type {string} */ name) => env[name] ?? "";

const sasl = env.LTS_KAFKA_USER || env.LTS_KAFKA_PASSWORD;
try {
  // LTS_ENDPOINT, when set, wins over LTS_REGION.
  const client = new LtsClient({
    projectId: setting("LTS_PROJECT_ID"),
    endpoint: env.LTS_ENDPOINT || undefined,
    region: env.LTS_REGION || undefined,
    credentials: { token: setting("LTS_TOKEN") },
  });
  /** @type {import("lts-kafka").EnsureKafkaTransferInput} */
  const input = {
    instance: {
      instance_id: setting("LTS_INSTANCE_ID"),
      kafka_name: setting("LTS_KAFKA_NAME"),
      // {} for an instance without SASL; both for SASL_SSL.
      connect_info: sasl ? { user_name: env.LTS_KAFKA_USER, pwd: env.LTS_KAFKA_PASSWORD } : {},
    },
    log_group_id: setting("LTS_LOG_GROUP_ID"),
    log_streams: setting("LTS_LOG_STREAM_ID").split(",").map((id) => ({ log_stream_id: id.trim() })),
    kafka_topic: setting("LTS_KAFKA_TOPIC"),
  };
  let report = await client.ensureKafkaTransfer(input);
  // Streams that already deliver to this instance and topic, in a transfer someone disabled:
  // enable it (lts-kafka keeps its format and destination), then report again.
  const disabled = new Set(
    report.streams.flatMap((s) => (s.outcome === "already_delivered" && s.log_transfer_status === "DISABLE" ? [s.log_transfer_id] : [])),
  );
  if (disabled.size > 0) {
    for (const id of disabled) await client.enableTransfer(id);
    report = await client.ensureKafkaTransfer(input);
  }
  // The request ids (give them to support) are not enumerable: named here.
  console.log(JSON.stringify({ ...report, requestIds: report.requestIds }, null, 2));
  if (!report.complete) {
    console.error(
      "not complete: a stream delivers to another instance or topic, or its transfer is not " +
        "enabled (see streams)",
    );
    process.exitCode = 1;
  }
} catch (e) {
  if (!isLtsError(e)) throw e;
  // An lts-kafka error never holds the token or the Kafka password.
  const { name, code, status, message, requestId, step, issues } = e;
  const error = { name, code, status, message, requestId, step, issues };
  console.error(JSON.stringify({ error }, null, 2));
  process.exitCode = 1;
}
