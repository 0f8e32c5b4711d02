// `make demo`: a client built from the region and the environment, with no project id, finds its
// project through IAM and onboards a log stream named by its name (ensureKafkaTransfer, twice:
// the second run writes nothing); then registers a DMS Kafka instance and delivers another
// stream to it (a DMS transfer: created, listed, disabled, deleted).
//
// Without configuration it starts the bundled local LTS endpoint (which also answers IAM) on
// 127.0.0.1, with demo keys as HUAWEICLOUD_SDK_AK/SK, and also shows a validation failure and a
// SASL failure. With LTS_REGION (or LTS_ENDPOINT and LTS_PROJECT_ID) and credentials
// (LTS_TOKEN, LTS_AK and LTS_SK, or HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK) set, it works
// against that service instead: LTS_PROJECT_ID may be left out (found from LTS_REGION); it
// registers LTS_INSTANCE_ID / LTS_KAFKA_NAME (LTS_KAFKA_USER / LTS_KAFKA_PASSWORD for SASL_SSL;
// an instance registered before is used as it is); with LTS_LOG_GROUP_NAME, LTS_LOG_STREAM_NAME
// and LTS_KAFKA_TOPIC it onboards that stream by name, and with LTS_LOG_GROUP_ID,
// LTS_LOG_STREAM_ID and LTS_KAFKA_TOPIC it runs the transfer round on that stream.
import { LtsClient, fromEnv, isLtsError } from "../pkg/node.js";
import { startLocalLts } from "./local-lts/server.mjs";

const env = process.env;
const credentials = env.LTS_TOKEN
  ? { token: env.LTS_TOKEN }
  : env.LTS_AK && env.LTS_SK
    ? { ak: env.LTS_AK, sk: env.LTS_SK }
    : env.HUAWEICLOUD_SDK_AK
      ? fromEnv().credentials
      : null;
const real = credentials && (env.LTS_REGION || (env.LTS_ENDPOINT && env.LTS_PROJECT_ID));

function describeError(e) {
  if (!isLtsError(e)) return String(e);
  const lines = [`${e.name}: ${e.message}`];
  if (e.code) lines.push(`  code:       ${e.code}`);
  if (e.status) lines.push(`  status:     ${e.status}`);
  if (e.requestId) lines.push(`  request id: ${e.requestId}`);
  for (const issue of e.issues ?? []) lines.push(`  - ${issue.path || "(body)"}: ${issue.message}`);
  return lines.join("\n");
}

/** The onboarding's report, one line per stream. */
function printReport(report) {
  console.log(`   registration: ${report.registration}; group ${report.log_group_name ?? ""} ${report.log_group_id}; complete: ${report.complete}`);
  for (const s of report.streams) {
    console.log(`   ${s.log_stream_name ?? ""} ${s.log_stream_id}: ${s.outcome}${s.log_transfer_id ? ` (transfer ${s.log_transfer_id})` : ""}`);
  }
}

const streamsOf = (t) => t.log_streams.map((s) => s.log_stream_name ?? s.log_stream_id).join(", ");
const destinationOf = (t) => `${t.log_transfer_info.log_transfer_detail.kafka_id} / ${t.log_transfer_info.log_transfer_detail.kafka_topic}`;

/** Creates a DMS transfer of one stream to the instance and topic, lists, disables, deletes it. */
async function transferRound(client, { kafkaId, groupId, streamId, topic }, step) {
  const body = {
    log_group_id: groupId,
    log_streams: [{ log_stream_id: streamId }],
    log_transfer_info: {
      log_transfer_type: "DMS",
      log_transfer_mode: "realTime",
      log_storage_format: "RAW",
      log_transfer_status: "ENABLE",
      log_transfer_detail: { kafka_id: kafkaId, kafka_topic: topic },
    },
  };
  const created = await client.createTransfer(body);
  console.log(`\n${step()}. created DMS transfer ${created.log_transfer_id}: ${streamsOf(created)} -> ${destinationOf(created)}, ` +
    `${created.log_transfer_info.log_transfer_status} (request id ${created.requestId})`);

  const { log_transfers, requestId } = await client.listTransfers({ log_transfer_type: "DMS" });
  console.log(`\n${step()}. the project's DMS transfers (request id ${requestId}):`);
  for (const t of log_transfers) {
    console.log(`   ${t.log_transfer_id}  ${t.log_group_name ?? t.log_group_id}: ${streamsOf(t)} -> ${destinationOf(t)}  ${t.log_transfer_info.log_transfer_status}`);
  }

  const disabled = await client.updateTransfer({
    log_transfer_id: created.log_transfer_id,
    log_transfer_info: { log_storage_format: "RAW", log_transfer_status: "DISABLE", log_transfer_detail: { kafka_id: kafkaId, kafka_topic: topic } },
  });
  console.log(`\n${step()}. disabled it: ${disabled.log_transfer_info.log_transfer_status} (request id ${disabled.requestId})`);

  const deleted = await client.deleteTransfer({ log_transfer_id: created.log_transfer_id });
  console.log(`\n${step()}. deleted it: ${deleted.log_transfer_id} (request id ${deleted.requestId})`);
}

let n = 0;
const step = () => ++n;

if (real) {
  if (!env.LTS_INSTANCE_ID || !env.LTS_KAFKA_NAME) {
    console.error("set LTS_INSTANCE_ID and LTS_KAFKA_NAME (and LTS_KAFKA_USER/LTS_KAFKA_PASSWORD for SASL_SSL)");
    process.exit(2);
  }
  const connect_info = env.LTS_KAFKA_USER ? { user_name: env.LTS_KAFKA_USER, pwd: env.LTS_KAFKA_PASSWORD ?? "" } : {};
  const client = new LtsClient({
    ...(env.LTS_PROJECT_ID ? { projectId: env.LTS_PROJECT_ID } : {}),
    ...(env.LTS_REGION ? { region: env.LTS_REGION } : {}),
    ...(env.LTS_ENDPOINT ? { endpoint: env.LTS_ENDPOINT } : {}),
    credentials,
  });
  try {
    console.log(`${step()}. project ${await client.resolveProjectId()}${env.LTS_PROJECT_ID ? "" : ` (found from ${env.LTS_REGION} through IAM)`}`);
    if (env.LTS_LOG_GROUP_NAME && env.LTS_LOG_STREAM_NAME && env.LTS_KAFKA_TOPIC) {
      const report = await client.ensureKafkaTransfer({
        instance: { instance_id: env.LTS_INSTANCE_ID, kafka_name: env.LTS_KAFKA_NAME, connect_info },
        log_group_name: env.LTS_LOG_GROUP_NAME,
        log_streams: [{ log_stream_name: env.LTS_LOG_STREAM_NAME }],
        kafka_topic: env.LTS_KAFKA_TOPIC,
      });
      console.log(`${step()}. onboarded ${env.LTS_LOG_GROUP_NAME} / ${env.LTS_LOG_STREAM_NAME} -> ${env.LTS_KAFKA_TOPIC}:`);
      printReport(report);
      process.exit(0);
    }
    try {
      const out = await client.registerDmsKafkaInstance({ instance_id: env.LTS_INSTANCE_ID, kafka_name: env.LTS_KAFKA_NAME, connect_info });
      console.log(`${step()}. registered instance ${out.instance_id} (request id ${out.requestId})`);
    } catch (e) {
      if (!(isLtsError(e) && e.code === "LTS.1711")) throw e;
      console.log(`${step()}. instance ${env.LTS_INSTANCE_ID} was registered before (LTS.1711, request id ${e.requestId})`);
    }
    if (env.LTS_LOG_GROUP_ID && env.LTS_LOG_STREAM_ID && env.LTS_KAFKA_TOPIC) {
      await transferRound(
        client,
        { kafkaId: env.LTS_INSTANCE_ID, groupId: env.LTS_LOG_GROUP_ID, streamId: env.LTS_LOG_STREAM_ID, topic: env.LTS_KAFKA_TOPIC },
        step,
      );
    } else {
      console.log("\n(set LTS_LOG_GROUP_ID, LTS_LOG_STREAM_ID and LTS_KAFKA_TOPIC to deliver a log stream to it too)");
    }
  } catch (e) {
    console.error(describeError(e));
    process.exit(1);
  }
  process.exit(0);
}

const token = "demo-token-" + "0".repeat(32);
const projectId = "0123456789abcdef0123456789abcdef";
const instanceId = "3f4a92ff-7f65-489f-a36a-fadbaa0000a6";
const namedInstanceId = "6d0c3b8e-1a2f-4c5d-9e8f-7a6b5c4d3e2f";
const groupId = "9a7e2183-2d6d-4732-9a9b-e897fd4e49e0";
const streamId = "839dac89-35af-4db2-ab4a-a7dda0d0d3f8";
const accessStreamId = "2f9c6a4e-8b1d-4c3a-9e7f-5d0b1a2c3e4f";
// The demo's keys, as a shell would hold them: HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK.
const demoEnv = { HUAWEICLOUD_SDK_AK: "DEMOAK0000000000001", HUAWEICLOUD_SDK_SK: "demo-sk-" + "1".repeat(32) };
const lts = await startLocalLts({
  tokens: { [token]: projectId },
  akSk: { [demoEnv.HUAWEICLOUD_SDK_AK]: { sk: demoEnv.HUAWEICLOUD_SDK_SK, projectId } },
  kafkaUsers: { [instanceId]: { user_name: "lts", pwd: "kafka-password" } },
  logGroups: { [groupId]: { name: "app-logs", streams: { [streamId]: "web", [accessStreamId]: "nginx-access" } } },
});
try {
  console.log(`local LTS endpoint (and IAM): ${lts.url}\n`);

  // No project id: the region names it, the keys come from the environment.
  const found = new LtsClient({ region: "cn-north-4", endpoints: { lts: lts.url, iam: lts.iamUrl }, ...fromEnv(demoEnv) });
  console.log(`${step()}. a client from the region and the environment found project ${await found.resolveProjectId()} through IAM`);
  const { log_groups } = await found.listLogGroups();
  console.log(`   log groups: ${log_groups.map((g) => g.log_group_name).join(", ")}`);
  const onboarding = {
    instance: { instance_id: namedInstanceId, kafka_name: "kafka-logs", connect_info: {} },
    log_group_name: "app-logs",
    log_streams: [{ log_stream_name: "nginx-access" }],
    kafka_topic: "access-logs",
  };
  console.log(`\n${step()}. onboarded app-logs / nginx-access by name:`);
  printReport(await found.ensureKafkaTransfer(onboarding));
  const writes = () => lts.received.filter((r) => r.method !== "GET").length;
  const before = writes();
  const again = await found.ensureKafkaTransfer(onboarding);
  console.log(`\n${step()}. the same again: ${again.registration}, ${again.streams.map((s) => s.outcome).join(", ")}; ` +
    `${writes() - before} write attempted (the registration, refused as done)`);
  const namedRequests = lts.received.length;

  const client = new LtsClient({ projectId, endpoint: lts.url, credentials: { token } });
  const body = { instance_id: instanceId, kafka_name: "kafka-prod", connect_info: { user_name: "lts", pwd: "kafka-password" } };

  console.log(`\n${step()}. the request that will be sent (secrets masked):`);
  console.log(JSON.stringify(client.buildRegisterDmsKafkaInstanceRequest(body), null, 2));

  const out = await client.registerDmsKafkaInstance(body);
  console.log(`\n${step()}. registered instance ${out.instance_id} (request id ${out.requestId})`);

  console.log(`\n${step()}. a body that breaks the rules is refused before anything is sent:`);
  try {
    await client.registerDmsKafkaInstance({ instance_id: instanceId + "x", kafkaName: "kafka-prod" });
  } catch (e) {
    console.log(describeError(e));
  }

  console.log(`\n${step()}. wrong SASL credentials, as the service answers them:`);
  try {
    await client.registerDmsKafkaInstance({ ...body, connect_info: { user_name: "lts", pwd: "wrong" } });
  } catch (e) {
    console.log(describeError(e));
  }

  await transferRound(client, { kafkaId: instanceId, groupId, streamId, topic: "lts-logs" }, step);
  const left = lts.transfers.all().length;
  console.log(`\nthe endpoint received ${namedRequests} requests for the onboarding by name (1 IAM lookup) and ` +
    `${lts.received.length - namedRequests} after (the invalid body never left the client); ${left} transfer left (the one onboarded)`);
  if (left !== 1) process.exitCode = 1;
} catch (e) {
  console.error(describeError(e));
  process.exitCode = 1;
} finally {
  await lts.close();
}
