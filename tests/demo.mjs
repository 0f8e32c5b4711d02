// `make demo`: registers a DMS Kafka instance through the built package.
//
// Without configuration it starts the bundled local LTS endpoint on 127.0.0.1 and shows a
// registration, a validation failure and a SASL failure. With LTS_PROJECT_ID, LTS_TOKEN and
// LTS_ENDPOINT (or LTS_REGION) set it registers LTS_INSTANCE_ID / LTS_KAFKA_NAME (and
// LTS_KAFKA_USER / LTS_KAFKA_PASSWORD for SASL_SSL) with that service instead.
import { LtsClient, isLtsError } from "../pkg/node.js";
import { startLocalLts } from "./local-lts/server.mjs";

const env = process.env;
const real = env.LTS_PROJECT_ID && env.LTS_TOKEN && (env.LTS_ENDPOINT || env.LTS_REGION);

function describeError(e) {
  if (!isLtsError(e)) return String(e);
  const lines = [`${e.name}: ${e.message}`];
  if (e.code) lines.push(`  code:       ${e.code}`);
  if (e.status) lines.push(`  status:     ${e.status}`);
  if (e.requestId) lines.push(`  request id: ${e.requestId}`);
  for (const issue of e.issues ?? []) lines.push(`  - ${issue.path || "(body)"}: ${issue.message}`);
  return lines.join("\n");
}

if (real) {
  const connect_info = env.LTS_KAFKA_USER ? { user_name: env.LTS_KAFKA_USER, pwd: env.LTS_KAFKA_PASSWORD ?? "" } : {};
  if (!env.LTS_INSTANCE_ID || !env.LTS_KAFKA_NAME) {
    console.error("set LTS_INSTANCE_ID and LTS_KAFKA_NAME (and LTS_KAFKA_USER/LTS_KAFKA_PASSWORD for SASL_SSL)");
    process.exit(2);
  }
  const client = new LtsClient({
    projectId: env.LTS_PROJECT_ID,
    ...(env.LTS_ENDPOINT ? { endpoint: env.LTS_ENDPOINT } : { region: env.LTS_REGION }),
    credentials: { token: env.LTS_TOKEN },
  });
  try {
    const out = await client.registerDmsKafkaInstance({
      instance_id: env.LTS_INSTANCE_ID,
      kafka_name: env.LTS_KAFKA_NAME,
      connect_info,
    });
    console.log(`registered instance ${out.instance_id} (request id ${out.requestId})`);
  } catch (e) {
    console.error(describeError(e));
    process.exit(1);
  }
  process.exit(0);
}

const token = "demo-token-" + "0".repeat(32);
const projectId = "0123456789abcdef0123456789abcdef";
const instanceId = "3f4a92ff-7f65-489f-a36a-fadbaa0000a6";
const lts = await startLocalLts({
  tokens: { [token]: projectId },
  kafkaUsers: { [instanceId]: { user_name: "lts", pwd: "kafka-password" } },
});
try {
  console.log(`local LTS endpoint: ${lts.url}\n`);
  const client = new LtsClient({ projectId, endpoint: lts.url, credentials: { token } });
  const body = { instance_id: instanceId, kafka_name: "kafka-prod", connect_info: { user_name: "lts", pwd: "kafka-password" } };

  console.log("1. the request that will be sent (secrets masked):");
  console.log(JSON.stringify(client.buildRegisterDmsKafkaInstanceRequest(body), null, 2));

  const out = await client.registerDmsKafkaInstance(body);
  console.log(`\n2. registered instance ${out.instance_id} (request id ${out.requestId})`);

  console.log("\n3. a body that breaks the rules is refused before anything is sent:");
  try {
    await client.registerDmsKafkaInstance({ instance_id: instanceId + "x", kafkaName: "kafka-prod" });
  } catch (e) {
    console.log(describeError(e));
  }

  console.log("\n4. wrong SASL credentials, as the service answers them:");
  try {
    await client.registerDmsKafkaInstance({ ...body, connect_info: { user_name: "lts", pwd: "wrong" } });
  } catch (e) {
    console.log(describeError(e));
  }
  console.log(`\nthe endpoint received ${lts.received.length} requests (the invalid body never left the client)`);
} finally {
  await lts.close();
}
