// A Node CommonJS consumer of the installed lts-kafka package. The package is ESM; require()
// loads it through Node's require(esm) (Node >= 20.19, 22.12). Validate, register with a
// token, register with an AK/SK pair, an API error; prints one JSON line.
// performance.now() counts from the start of the process, so firstCallMs includes the require.
"use strict";
const {
  LtsClient,
  LtsApiError,
  isLtsError,
  validateRegisterDmsKafkaInstance,
} = require("lts-kafka");

const env = process.env;
const need = (name) => {
  const v = env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const check = (cond, what) => {
  if (!cond) throw new Error(`check failed: ${what}`);
};
const REQUEST_ID = /^[0-9a-f]{32}$/;

async function main() {
  const endpoint = need("LTS_ENDPOINT");
  const projectId = need("LTS_PROJECT_ID");
  const token = need("LTS_TOKEN");
  const ak = need("LTS_AK");
  const sk = need("LTS_SK");
  const prefix = need("LTS_INSTANCE_PREFIX");
  check(typeof LtsClient === "function", "require() returned the package's exports");
  const result = { runtime: "node", version: process.versions.node, module: "cjs", import: "ok" };

  // (1) synchronous validation of a bad body
  const issues = validateRegisterDmsKafkaInstance({ instance_id: "", kafkaName: "k" });
  check(Array.isArray(issues) && issues.length >= 2, `validation issues: ${JSON.stringify(issues)}`);
  check(issues.some((i) => i.path === "instance_id" && i.rule === "min_length"), "instance_id min_length issue");
  check(issues.some((i) => i.rule === "unknown_field"), "unknown_field issue");
  result.validate = "ok";

  // (2) token
  const tokenClient = new LtsClient({ projectId, endpoint, credentials: { token } });
  const id1 = `${prefix}-token`;
  const out1 = await tokenClient.registerDmsKafkaInstance({ instance_id: id1, kafka_name: "kafka-token", connect_info: {} });
  result.firstCallMs = Math.round(performance.now() * 10) / 10;
  check(out1.instance_id === id1, `instance_id ${out1.instance_id}`);
  check(REQUEST_ID.test(out1.requestId ?? ""), `requestId ${out1.requestId}`);
  result.register = "ok";

  // (3) AK/SK
  const signedClient = new LtsClient({ projectId, endpoint, credentials: { ak, sk } });
  const id2 = `${prefix}-aksk`;
  const out2 = await signedClient.registerDmsKafkaInstance({ instance_id: id2, kafka_name: "kafka-aksk", connect_info: {} });
  check(out2.instance_id === id2, `signed instance_id ${out2.instance_id}`);
  check(REQUEST_ID.test(out2.requestId ?? ""), `signed requestId ${out2.requestId}`);
  result.signedRegister = "ok";

  // (4) an API error: the same instance twice
  let caught;
  try {
    await tokenClient.registerDmsKafkaInstance({ instance_id: id1, kafka_name: "kafka-token", connect_info: {} });
  } catch (e) {
    caught = e;
  }
  check(caught !== undefined, "the second registration must fail");
  check(isLtsError(caught), `isLtsError: ${caught}`);
  check(caught instanceof LtsApiError, `instanceof LtsApiError: ${caught && caught.name}`);
  check(caught instanceof Error, "instanceof Error");
  check(caught.name === "LtsApiError" && caught.code === "LTS.1711" && caught.status === 400, `error ${JSON.stringify(caught)}`);
  check(REQUEST_ID.test(caught.requestId ?? ""), `error requestId ${caught.requestId}`);
  result.apiError = "ok";

  console.log(JSON.stringify(result));
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
