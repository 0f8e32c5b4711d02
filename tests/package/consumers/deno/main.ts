// A Deno consumer of the installed lts-kafka package, imported by name from node_modules
// (filled by `npm install` of the packed tarball; deno.json: nodeModulesDir "manual").
// Validate, register with a token, register with an AK/SK pair (SDK-HMAC-SHA256), an API
// error (LTS.1711), and a DMS transfer of a log stream to the registered instance (create,
// then list and delete signed). Prints one JSON line (with "error" and exit code 1 when a step fails).
// Least privilege:
//   deno run --no-prompt --allow-net=127.0.0.1:PORT --allow-env=LTS_ENDPOINT,... \
//     --allow-read=node_modules/lts-kafka/lts_kafka_bg.wasm main.ts
// (the package's Node/Deno/Bun entry reads its .wasm with readFileSync when imported).
import {
  LtsApiError,
  LtsClient,
  isLtsError,
  validateCreateTransfer,
  validateRegisterDmsKafkaInstance,
  fromEnv,
} from "lts-kafka";
import type { CreateTransferRequest, ListTransfersOutput } from "lts-kafka";

const result: Record<string, unknown> = { runtime: "deno", version: Deno.version.deno, module: "esm", import: "ok" };
const REQUEST_ID = /^[0-9a-f]{32}$/;

function need(name: string): string {
  const v = Deno.env.get(name);
  if (!v) throw new Error(`${name} is not set`);
  return v;
}
function check(cond: unknown, what: string): asserts cond {
  if (!cond) throw new Error(`check failed: ${what}`);
}

async function main(): Promise<void> {
  const endpoint = need("LTS_ENDPOINT");
  const projectId = need("LTS_PROJECT_ID");
  const token = need("LTS_TOKEN");
  const ak = need("LTS_AK");
  const sk = need("LTS_SK");
  const prefix = need("LTS_INSTANCE_PREFIX");
  // The file "lts-kafka" resolved to: the package's export conditions pick the entry.
  result.entry = import.meta.resolve("lts-kafka");

  // (1) synchronous validation of a bad body (a wrong field name, on purpose)
  const issues = validateRegisterDmsKafkaInstance({ instance_id: "", kafkaName: "k" } as never);
  check(Array.isArray(issues) && issues.length >= 2, `validation issues: ${JSON.stringify(issues)}`);
  check(issues.some((i) => i.path === "instance_id" && i.rule === "min_length"), "an instance_id min_length issue");
  check(issues.some((i) => i.rule === "unknown_field"), "an unknown_field issue");
  result.validate = "ok";

  // (2) a token
  const tokenClient = new LtsClient({ projectId, endpoint, credentials: { token } });
  const id1 = `${prefix}-token`;
  const out1 = await tokenClient.registerDmsKafkaInstance({ instance_id: id1, kafka_name: "kafka-token", connect_info: {} });
  // firstCallMs: wall-clock ms since the parent spawned this process (LTS_SPAWNED_AT), measured
  // the same way in every runtime: runtime start, import, wasm, one round trip. perfNowMs:
  // performance.now(), whose origin each runtime picks (Deno: once its runtime is up, some
  // milliseconds after the process started).
  const perfNowMs = Math.round(performance.now() * 10) / 10;
  const spawnedAt = Number(Deno.env.get("LTS_SPAWNED_AT"));
  result.firstCallMs = spawnedAt > 0 ? Date.now() - spawnedAt : perfNowMs;
  result.perfNowMs = perfNowMs;
  check(out1.instance_id === id1, `instance_id ${out1.instance_id}`);
  check(REQUEST_ID.test(out1.requestId ?? ""), `requestId ${out1.requestId}`);
  result.register = "ok";

  // (3) an AK/SK pair
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
  check(isLtsError(caught), `isLtsError(${caught})`);
  check(caught instanceof LtsApiError, `instanceof LtsApiError: ${caught.name}`);
  check(caught instanceof Error, "instanceof Error");
  check(caught.code === "LTS.1711" && caught.status === 400, `the error: ${JSON.stringify(caught)}`);
  check(REQUEST_ID.test(caught.requestId ?? ""), `the error's requestId ${caught.requestId}`);
  result.apiError = "ok";

  // (5) a DMS transfer of this runtime's log stream to the instance registered in (2): validate,
  // create with the token, list and delete signed with the AK/SK pair.
  const groupId = need("LTS_LOG_GROUP_ID");
  const streamId = need("LTS_LOG_STREAM_ID");
  const transfer: CreateTransferRequest = {
    log_group_id: groupId,
    log_streams: [{ log_stream_id: streamId }],
    log_transfer_info: {
      log_transfer_type: "DMS",
      log_transfer_mode: "realTime",
      log_storage_format: "RAW",
      log_transfer_status: "ENABLE",
      log_transfer_detail: { kafka_id: id1, kafka_topic: `topic-${prefix}` },
    },
  };
  check(validateCreateTransfer(transfer).length === 0, "the transfer body is valid");
  const bad = validateCreateTransfer({ ...transfer, log_streams: [] });
  check(bad.length === 1 && bad[0].path === "log_streams" && bad[0].rule === "min_items", `transfer issues: ${JSON.stringify(bad)}`);
  const created = await tokenClient.createTransfer(transfer);
  check(typeof created.log_transfer_id === "string" && created.log_transfer_id.length === 36, `log_transfer_id ${created.log_transfer_id}`);
  check(created.log_transfer_info.log_transfer_detail.kafka_id === id1, "the transfer's kafka_id");
  check(REQUEST_ID.test(created.requestId ?? ""), `create requestId ${created.requestId}`);
  const mine = (list: ListTransfersOutput) => list.log_transfers.filter((t) => t.log_group_id === groupId);
  const listed = mine(await signedClient.listTransfers({ log_transfer_type: "DMS" }));
  check(listed.length === 1 && listed[0].log_transfer_id === created.log_transfer_id, `listed ${JSON.stringify(listed)}`);
  const deleted = await signedClient.deleteTransfer({ log_transfer_id: created.log_transfer_id });
  check(deleted.log_transfer_id === created.log_transfer_id, `deleted ${deleted.log_transfer_id}`);
  const after = mine(await tokenClient.listTransfers());
  check(after.length === 0, `left after delete: ${after.length}`);
  result.transfers = "ok";

  // (6) no project id: the project found from the region through IAM, the keys from Huawei's
  // variables (fromEnv), the log group and stream named by their names; the transfer it made is
  // deleted again.
  const named = new LtsClient({ region: "cn-north-4", endpoints: { lts: endpoint, iam: endpoint }, ...fromEnv() });
  check((await named.resolveProjectId()) === projectId, "the project found from the region");
  const report = await named.ensureKafkaTransfer({
    instance: { instance_id: `${prefix}-named`, kafka_name: "kafka-named", connect_info: {} },
    log_group_name: need("LTS_LOG_GROUP_NAME"),
    log_streams: [{ log_stream_name: need("LTS_LOG_STREAM_NAME") }],
    kafka_topic: `topic-${prefix}-named`,
  });
  check(report.complete && report.registration === "registered" && report.log_group_id === groupId, `report ${JSON.stringify(report)}`);
  const [delivered] = report.streams;
  check(delivered.log_stream_id === streamId && delivered.outcome === "created", `stream ${JSON.stringify(delivered)}`);
  await named.deleteTransfer({ log_transfer_id: (delivered as { log_transfer_id: string }).log_transfer_id });
  result.discovery = "ok";
}

let failed = false;
try {
  await main();
} catch (e) {
  result.error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  console.error(e);
  failed = true;
}
console.log(JSON.stringify(result));
if (failed) Deno.exit(1);
