// The JavaScript conventions users already know, against the built package and the local
// endpoint: aborts and timeouts named as the platform names them with the signal's reason as
// cause, a network error's cause, attempts that count requests sent, request ids that stay out
// of JSON and spreads, transfers edited by read-modify-write, a part of an update or a status
// helper, pasting mistakes named, and a client that describes itself and survives free().
// Needs the built package (`make build`).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import util from "node:util";
import {
  LtsClient,
  isLtsError,
  LtsAbortError,
  LtsTimeoutError,
  LtsCredentialsError,
  validateListTransfersQuery,
  validateDeleteTransfer,
  validateEnsureKafkaTransfer,
  validateUpdateTransfer,
} from "../../pkg/node.js";
import { startLocalLts } from "../local-lts/server.mjs";

const PROJECT = "0123456789abcdef0123456789abcdef";
const TOKEN = "tk-Conventions-Rq7Wz3Lp9";
const GROUP = "9a7e2183-2d6d-4732-9a9b-e897fd4e49e0";
const STREAMS = ["839dac89-35af-4db2-ab4a-a7dda0d0d3f1", "839dac89-35af-4db2-ab4a-a7dda0d0d3f2"];
const KAFKA = "3f4a92ff-7f65-489f-a36a-fadbaa0000a6";
const settle = (p) => p.then((value) => ({ value }), (error) => ({ error }));

let lts;
before(async () => {
  lts = await startLocalLts({
    tokens: { [TOKEN]: PROJECT },
    logGroups: { [GROUP]: { name: "app-logs", streams: { [STREAMS[0]]: "web", [STREAMS[1]]: "worker" } } },
  });
  await client().registerDmsKafkaInstance({ instance_id: KAFKA, kafka_name: "kafka-prod", connect_info: {} });
});
after(() => lts.close());

const client = (extra = {}) => new LtsClient({ projectId: PROJECT, endpoint: lts.url, credentials: { token: TOKEN }, ...extra });
const transferBody = (stream) => ({
  log_group_id: GROUP,
  log_streams: [{ log_stream_id: stream }],
  log_transfer_info: { log_storage_format: "RAW", log_transfer_status: "ENABLE", log_transfer_detail: { kafka_id: KAFKA, kafka_topic: "lts-logs" } },
});

test("an abort rejects with name AbortError, the signal's reason as cause, and no attempt when nothing was sent", async () => {
  const ac = new AbortController();
  const reason = new Error("user pressed cancel");
  ac.abort(reason);
  const { error } = await settle(client().listTransfers(undefined, { signal: ac.signal }));
  assert.equal(error.name, "AbortError");
  assert.ok(isLtsError(error) && error instanceof LtsAbortError);
  assert.equal(error.cause, reason);
  assert.equal(error.attempts, 0);
  assert.equal(error.requestMayHaveBeenSent, false);
});

test("a signal aborted by AbortSignal.timeout() rejects as a timeout named TimeoutError", async () => {
  const slow = client({ fetch: () => new Promise(() => {}) });
  const { error } = await settle(slow.listTransfers(undefined, { signal: AbortSignal.timeout(30) }));
  assert.equal(error.name, "TimeoutError");
  assert.ok(error instanceof LtsTimeoutError);
  assert.equal(error.cause?.name, "TimeoutError");
  assert.match(error.message, /AbortSignal\.timeout\(\)/);
  assert.equal(error.attempts, 1);
});

test("a network error keeps a copy of the runtime's error as its cause", async () => {
  const refused = client({
    fetch: async () => {
      throw new TypeError("fetch failed", { cause: { code: "ECONNREFUSED", message: "connect ECONNREFUSED 127.0.0.1:1" } });
    },
    retry: false,
  });
  const { error } = await settle(refused.listTransfers());
  assert.equal(error.name, "LtsNetworkError");
  assert.equal(error.cause?.name, "TypeError");
  assert.equal(error.cause?.message, "fetch failed");
  assert.equal(error.cause?.code, "ECONNREFUSED");
  assert.equal(error.requestMayHaveBeenSent, false);
});

test("a failing credentials function is an LtsCredentialsError, retryable, with a copy of what it threw", async () => {
  const failing = new LtsClient({
    projectId: PROJECT,
    endpoint: lts.url,
    credentials: async () => {
      throw new Error("vault down");
    },
  });
  const { error } = await settle(failing.listTransfers());
  assert.ok(error instanceof LtsCredentialsError);
  assert.equal(error.name, "LtsCredentialsError");
  assert.equal(error.retryable, true);
  assert.equal(error.attempts, 0);
  assert.match(error.message, /the credentials function's promise rejected: Error: vault down/);
  assert.equal(error.cause?.message, "vault down");
});

test("option errors say which options: client, call or preview", async () => {
  assert.throws(() => new LtsClient({ projectId: PROJECT, credentials: { token: TOKEN } }), /^LtsConfigError: invalid client options: /);
  const { error } = await settle(client().listTransfers(undefined, { timeoutMs: -1 }));
  assert.match(error.message, /^invalid call options: options\.timeoutMs/);
  assert.throws(
    () => client().buildListTransfersRequest(undefined, { revealSecrets: "yes" }),
    (e) => e.name === "LtsConfigError" && /^invalid preview options: /.test(e.message),
  );
});

test("request ids are readable but stay out of JSON and spreads; a listed transfer spread into an update works", async () => {
  const c = client();
  const created = await c.createTransfer(transferBody(STREAMS[0]));
  assert.match(created.requestId, /^[0-9a-f]{32}$/);
  assert.equal(Object.keys(created).includes("requestId"), false);
  assert.equal(JSON.stringify(created).includes("requestId"), false);
  const list = await c.listTransfers({ log_transfer_type: "DMS" });
  assert.match(list.requestId, /^[0-9a-f]{32}$/);
  const listed = list.log_transfers.find((t) => t.log_transfer_id === created.log_transfer_id);
  const updated = await c.updateTransfer({ ...listed, log_transfer_info: { ...listed.log_transfer_info, log_transfer_status: "DISABLE" } });
  assert.equal(updated.log_transfer_info.log_transfer_status, "DISABLE");
  const sent = lts.received.filter((r) => r.method === "PUT").at(-1);
  const body = JSON.parse(sent.body);
  for (const readOnly of ["log_group_name", "requestId"]) assert.equal(readOnly in body, false, readOnly);
  for (const readOnly of ["log_create_time", "log_agency_transfer", "log_transfer_mode", "log_transfer_type"]) {
    assert.equal(readOnly in body.log_transfer_info, false, readOnly);
  }
  await c.deleteTransfer({ log_transfer_id: created.log_transfer_id });
});

test("a part of an update, enableTransfer and disableTransfer read the transfer first, both requests in onAttempt", async () => {
  const records = [];
  const c = client({ onAttempt: (r) => records.push(`${r.operation} ${r.method} ${r.status}`) });
  const created = await c.createTransfer(transferBody(STREAMS[1]));
  records.length = 0;
  const disabled = await c.updateTransfer({ log_transfer_id: created.log_transfer_id, log_transfer_info: { log_transfer_status: "DISABLE" } });
  assert.equal(disabled.log_transfer_info.log_transfer_status, "DISABLE");
  assert.deepEqual(disabled.log_transfer_info.log_transfer_detail, { kafka_id: KAFKA, kafka_topic: "lts-logs" });
  assert.deepEqual(records, ["listTransfers GET 200", "updateTransfer PUT 200"]);
  const enabled = await c.enableTransfer(created.log_transfer_id);
  assert.equal(enabled.log_transfer_info.log_transfer_status, "ENABLE");
  assert.equal((await c.disableTransfer(created.log_transfer_id)).log_transfer_info.log_transfer_status, "DISABLE");
  const missing = await settle(c.enableTransfer("5d6e7f80-1111-4222-8333-000000000099"));
  assert.equal(missing.error.name, "LtsApiError");
  assert.equal(missing.error.status, 404);
  assert.match(missing.error.message, /no DMS transfer with log_transfer_id 5d6e7f80-1111-4222-8333-000000000099/);
  const notAnId = await settle(c.disableTransfer(42));
  assert.equal(notAnId.error.name, "LtsValidationError");
  assert.equal(notAnId.error.issues[0].path, "log_transfer_id");
  const deleted = await c.deleteTransfer({ log_transfer_id: created.log_transfer_id });
  assert.deepEqual(Object.keys(deleted), ["log_transfer_id", "log_transfer"]);
  assert.equal(deleted.log_transfer.log_transfer_id, created.log_transfer_id);
  assert.match(deleted.requestId, /^[0-9a-f]{32}$/);
});

test("createTransfer defaults log_transfer_type to DMS and log_transfer_mode to realTime", async () => {
  const c = client();
  const created = await c.createTransfer(transferBody(STREAMS[0]));
  const sent = JSON.parse(lts.received.filter((r) => r.method === "POST").at(-1).body);
  assert.equal(sent.log_transfer_info.log_transfer_type, "DMS");
  assert.equal(sent.log_transfer_info.log_transfer_mode, "realTime");
  await c.deleteTransfer({ log_transfer_id: created.log_transfer_id });
});

test("pasting mistakes are named: an endpoint ending in /v2, ids and names with a space at an end", async () => {
  assert.throws(
    () => new LtsClient({ projectId: PROJECT, endpoint: `${lts.url}/v2/${PROJECT}`, credentials: { token: TOKEN } }),
    (e) => e.name === "LtsConfigError" && e.message.includes(`remove "/v2/${PROJECT}"`),
  );
  const { error } = await settle(
    client().registerDmsKafkaInstance({ instance_id: `${KAFKA} `, kafka_name: " kafka-prod", connect_info: {} }),
  );
  assert.deepEqual(
    error.issues.map((i) => [i.path, i.rule, i.message]),
    [
      ["instance_id", "whitespace", "instance_id has a trailing space: remove it (values are sent as they are, never trimmed)"],
      ["kafka_name", "whitespace", "kafka_name has a leading space: remove it (values are sent as they are, never trimmed)"],
    ],
  );
});

test("a client describes itself without a secret, and answers with an lts-kafka error after free()", async () => {
  const c = new LtsClient({ projectId: PROJECT, region: "cn-north-4", credentials: { ak: "AKEXAMPLE", sk: "sk-secret-Zq8Wm3" } });
  const description = { region: "cn-north-4", endpoint: "https://lts.cn-north-4.myhuaweicloud.com", projectId: PROJECT, credentials: "ak/sk" };
  assert.deepEqual(JSON.parse(JSON.stringify(c)), description);
  assert.equal(util.inspect(c), `LtsClient ${JSON.stringify(description)}`);
  assert.doesNotMatch(util.inspect(c, { showHidden: true }), /sk-secret/);
  c.free();
  c.free();
  const { error } = await settle(c.listTransfers());
  assert.ok(isLtsError(error));
  assert.equal(error.name, "LtsConfigError");
  assert.match(error.message, /was freed/);
  assert.throws(() => c.buildListTransfersRequest(), /was freed/);
  assert.equal(util.inspect(c), "LtsClient (freed)");
});

test("every input a method takes has its validator", () => {
  assert.deepEqual(validateListTransfersQuery({ log_transfer_type: "DMS" }), []);
  assert.equal(validateListTransfersQuery({ log_transfer_type: "KAFKA" })[0].path, "log_transfer_type");
  assert.deepEqual(validateDeleteTransfer({ log_transfer_id: "5d6e7f80-1111-4222-8333-000000000004" }), []);
  assert.equal(validateDeleteTransfer({})[0].path, "log_transfer_id");
  assert.ok(validateEnsureKafkaTransfer({}).length >= 3);
  // A part of an update is valid: updateTransfer completes it.
  assert.deepEqual(validateUpdateTransfer({ log_transfer_id: "5d6e7f80-1111-4222-8333-000000000004", log_transfer_info: { log_transfer_status: "ENABLE" } }), []);
});
