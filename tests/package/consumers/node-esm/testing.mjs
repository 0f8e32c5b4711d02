// `lts-kafka/testing` from the installed package: start the bundled local LTS endpoint, register
// an instance through `lts-kafka` against it (token and AK/SK), read what it received, stop it.
// Prints one JSON line.
import { startLocalLts, ERRORS } from "lts-kafka/testing";
import { LtsClient, isLtsError } from "lts-kafka";

const check = (cond, what) => {
  if (!cond) throw new Error(`check failed: ${what}`);
};
const projectId = "testing-project";
const token = "tk-Q8mZ4rW7yLx2Hd";
const ak = "TESTINGAK0123456789";
const sk = "sk-Vq7Np3Lm9Xc2Rb";
const kafkaId = "testing-sasl-instance";
const lts = await startLocalLts({
  tokens: { [token]: projectId },
  akSk: { [ak]: { sk, projectId } },
  kafkaUsers: { [kafkaId]: { user_name: "lts", pwd: "kafka-secret" } },
});
try {
  check(/^http:\/\/127\.0\.0\.1:\d+$/.test(lts.url), `url ${lts.url}`);
  check(Array.isArray(ERRORS.kafkaAuth), "ERRORS is exported");
  const client = new LtsClient({ projectId, endpoint: lts.url, credentials: { token } });
  const out = await client.registerDmsKafkaInstance({
    instance_id: kafkaId,
    kafka_name: "kafka-sasl",
    connect_info: { user_name: "lts", pwd: "kafka-secret" },
  });
  check(out.instance_id === kafkaId, `instance_id ${out.instance_id}`);
  const signed = new LtsClient({ projectId, endpoint: lts.url, credentials: { ak, sk } });
  await signed.registerDmsKafkaInstance({ instance_id: "testing-plain", kafka_name: "k", connect_info: {} });
  let caught;
  try {
    await client.registerDmsKafkaInstance({ instance_id: "testing-other", kafka_name: "k", connect_info: { user_name: "x", pwd: "y" } });
  } catch (e) {
    caught = e;
  }
  check(isLtsError(caught) && caught.code === ERRORS.kafkaAuth[1], `expected ${ERRORS.kafkaAuth[1]}, got ${caught}`);
  check(lts.received.length === 3, `received ${lts.received.length}`);
  check(lts.received[1].headers.authorization?.startsWith("SDK-HMAC-SHA256 "), "the AK/SK request was signed");
  check(lts.registered.size === 2, `registered ${lts.registered.size}`);
  console.log(JSON.stringify({ runtime: "node", version: process.versions.node, testing: "ok", received: lts.received.length }));
} finally {
  await lts.close();
}
