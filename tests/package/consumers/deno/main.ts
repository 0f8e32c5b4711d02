// A Deno consumer of the installed lts-kafka package (node_modules/lts-kafka, resolved by name
// with nodeModulesDir "manual"). Validate, register with a token, register with an AK/SK pair,
// an API error; prints one JSON line. Run with least privilege:
//   deno run --no-prompt --allow-net=127.0.0.1:PORT --allow-env=LTS_... --allow-read=node_modules/lts-kafka main.ts
// performance.now() counts from the start of the process, so firstCallMs includes the import.
import {
  LtsApiError,
  LtsClient,
  isLtsError,
  validateRegisterDmsKafkaInstance,
} from "lts-kafka";

const need = (name: string): string => {
  const v = Deno.env.get(name);
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
function check(cond: unknown, what: string): asserts cond {
  if (!cond) throw new Error(`check failed: ${what}`);
}
const endpoint = need("LTS_ENDPOINT");
const projectId = need("LTS_PROJECT_ID");
const token = need("LTS_TOKEN");
const ak = need("LTS_AK");
const sk = need("LTS_SK");
const prefix = need("LTS_INSTANCE_PREFIX");
const REQUEST_ID = /^[0-9a-f]{32}$/;
const result: Record<string, unknown> = { runtime: "deno", version: Deno.version.deno, module: "esm", import: "ok" };

// (1) synchronous validation of a bad body
const issues = validateRegisterDmsKafkaInstance({ instance_id: "", kafkaName: "k" } as never);
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
let caught: unknown;
try {
  await tokenClient.registerDmsKafkaInstance({ instance_id: id1, kafka_name: "kafka-token", connect_info: {} });
} catch (e) {
  caught = e;
}
check(caught !== undefined, "the second registration must fail");
check(isLtsError(caught), `isLtsError: ${caught}`);
check(caught instanceof LtsApiError, `instanceof LtsApiError: ${(caught as Error).name}`);
check(caught instanceof Error, "instanceof Error");
check(caught.name === "LtsApiError" && caught.code === "LTS.1711" && caught.status === 400, `error ${JSON.stringify(caught)}`);
check(REQUEST_ID.test(caught.requestId ?? ""), `error requestId ${caught.requestId}`);
result.apiError = "ok";

console.log(JSON.stringify(result));
