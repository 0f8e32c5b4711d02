// The local endpoint's log transfers enforce the contract (transfer-api.md): these tests pin
// each rule, code and message it answers with.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { startLocalLts } from "./server.mjs";
import { canonicalRequest, signature, stringToSign } from "./signature.mjs";

const TOKEN = "tok-" + "t".repeat(40);
const PROJECT = "0123456789abcdef0123456789abcdef";
const GROUP = "9a7e2183-2d6d-4732-9a9b-e897fd4e49e0";
const OTHER_GROUP = "9a7e2183-2d6d-4732-9a9b-e897fd4e4900";
const S1 = "839dac89-35af-4db2-ab4a-a7dda0d0d3f1";
const S2 = "839dac89-35af-4db2-ab4a-a7dda0d0d3f2";
const FOREIGN = "839dac89-35af-4db2-ab4a-a7dda0d0d3f9";
const KAFKA = "3f4a92ff-7f65-489f-a36a-fadbaa0000a6";
const AK = "AKTRANSFERTEST000001";
const SK = "sk-transfer-test-9876543210";
let lts;

before(async () => {
  lts = await startLocalLts({
    tokens: { [TOKEN]: PROJECT },
    akSk: { [AK]: { sk: SK, projectId: PROJECT } },
    logGroups: {
      [GROUP]: { name: "lts-group-demo", streams: { [S1]: "stream-one", [S2]: "stream-two" } },
      [OTHER_GROUP]: { name: "other-group", streams: { [FOREIGN]: "foreign" } },
    },
  });
});
after(() => lts.close());
beforeEach(async () => {
  lts.reset();
  assert.equal((await call("POST", "/lts/dms/kafka-instance", { instance_id: KAFKA, kafka_name: "k", connect_info: {} })).status, 201);
});

async function call(method, path, body, { headers = {}, contentType } = {}) {
  const ct = contentType ?? (body === undefined ? "application/json" : "application/json;charset=utf8");
  const res = await fetch(`${lts.url}/v2/${PROJECT}${path}`, {
    method,
    headers: { "Content-Type": ct, "X-Auth-Token": TOKEN, ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, requestId: res.headers.get("x-request-id"), body: text ? JSON.parse(text) : null };
}

const dms = (streams = [S1], detail = { kafka_id: KAFKA, kafka_topic: "lts-logs" }, info = {}) => ({
  log_group_id: GROUP,
  log_streams: streams.map((log_stream_id) => ({ log_stream_id })),
  log_transfer_info: {
    log_transfer_type: "DMS",
    log_transfer_mode: "realTime",
    log_storage_format: "RAW",
    log_transfer_status: "ENABLE",
    log_transfer_detail: detail,
    ...info,
  },
});
const code = (r) => [r.status, r.body?.error_code, r.body?.error_msg];

test("a DMS transfer is created and answered as the service does: ms time, null agency, stream names", async () => {
  const before = Date.now();
  const r = await call("POST", "/transfers", dms([S1, S2]));
  assert.equal(r.status, 200);
  assert.match(r.requestId, /^[0-9a-f]{32}$/);
  assert.match(r.body.log_transfer_id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.equal(r.body.log_group_name, "lts-group-demo");
  assert.deepEqual(r.body.log_streams, [
    { log_stream_id: S1, log_stream_name: "stream-one" },
    { log_stream_id: S2, log_stream_name: "stream-two" },
  ]);
  const info = r.body.log_transfer_info;
  assert.equal(info.log_agency_transfer, null);
  assert.ok(info.log_create_time >= before && info.log_create_time > 2 ** 31, String(info.log_create_time));
  assert.deepEqual(info.log_transfer_detail, { kafka_id: KAFKA, kafka_topic: "lts-logs" });
  assert.deepEqual([info.log_transfer_type, info.log_transfer_mode, info.log_transfer_status], ["DMS", "realTime", "ENABLE"]);
});

test("groups, streams and the one DMS transfer per stream are enforced with the documented codes", async () => {
  assert.deepEqual(code(await call("POST", "/transfers", { ...dms(), log_group_id: "9a7e2183-2d6d-4732-9a9b-000000000000" })), [400, "LTS.0201", "The log group does not existed"]);
  assert.deepEqual(code(await call("POST", "/transfers", dms(["839dac89-35af-4db2-ab4a-000000000000"]))), [400, "LTS.0208", "Log stream id does not exist: 839dac89-35af-4db2-ab4a-000000000000"]);
  assert.equal(code(await call("POST", "/transfers", dms([FOREIGN])))[1], "LTS.0208", "a stream of another group");
  assert.equal((await call("POST", "/transfers", dms([S1]))).status, 200);
  assert.deepEqual(code(await call("POST", "/transfers", dms([S2, S1]))), [400, "LTS.0207", `Log stream id is associated by transfer: ${S1}`]);
});

test("an enum outside its list is LTS.1901 and names the list; other body faults are LTS.0009", async () => {
  const cases = [
    [{ log_transfer_type: "KAFKA" }, "log_transfer_type is not in the list [OBS, DIS, DMS]"],
    [{ log_transfer_mode: "cycle" }, "log_transfer_mode is not in the list [realTime]"],
    [{ log_storage_format: "CSV" }, "log_storage_format is not in the list [RAW, JSON]"],
    [{ log_transfer_status: "EXCEPTION" }, "log_transfer_status is not in the list [ENABLE, DISABLE]"],
  ];
  for (const [info, message] of cases) {
    assert.deepEqual(code(await call("POST", "/transfers", dms([S1], undefined, info))), [400, "LTS.1901", message]);
  }
  for (const body of [
    { ...dms(), extra: 1 },
    { ...dms(), log_group_id: "short" },
    dms([]),
    dms([S1], { kafka_id: KAFKA }),
    dms([S1], { kafka_id: KAFKA, kafka_topic: "9bad" }),
    dms([S1], { kafka_id: KAFKA, kafka_topic: "ok-topic", obs_bucket_name: "b" }),
    [1],
  ]) {
    assert.equal(code(await call("POST", "/transfers", body))[1], "LTS.0009", JSON.stringify(body));
  }
  assert.equal(code(await call("POST", "/transfers", "{not json"))[1], "LTS.0007");
});

test("a partial agency is the service's own LTS.0009; a kafka_id never registered is LTS.1712 (an assumption)", async () => {
  const agency = { agency_domain_id: "d", agency_domain_name: "n", agency_name: "a", agency_project_id: "0123456789abcdef0123456789abcdef" };
  assert.deepEqual(code(await call("POST", "/transfers", dms([S1], undefined, { log_agency_transfer: agency }))), [400, "LTS.0009", "The Field beAgency domain id is invalid or missing."]);
  assert.deepEqual(code(await call("POST", "/transfers", dms([S1], { kafka_id: "never-registered", kafka_topic: "lts-logs" }))), [400, "LTS.1712", "The Kafka instance has not been registered: never-registered"]);
});

test("a list filters by type, group name and stream name, and takes offset and limit", async () => {
  const a = (await call("POST", "/transfers", dms([S1]))).body;
  lts.transfers.seed(PROJECT, { ...structuredClone(a), log_transfer_id: "ddced522-233a-4181-a5fc-7b458c819afc", log_transfer_info: { ...a.log_transfer_info, log_transfer_type: "OBS", log_transfer_detail: { obs_bucket_name: "b", obs_period: 2, obs_period_unit: "min" } } });
  const ids = async (query) => (await call("GET", `/transfers${query}`)).body.log_transfers.map((t) => t.log_transfer_id);
  assert.equal((await ids("")).length, 2);
  assert.deepEqual(await ids("?log_transfer_type=DMS"), [a.log_transfer_id]);
  assert.deepEqual(await ids("?log_transfer_type=OBS&log_group_name=lts-group-demo"), ["ddced522-233a-4181-a5fc-7b458c819afc"]);
  assert.deepEqual(await ids("?log_stream_name=stream-two"), []);
  assert.equal((await ids("?offset=0&limit=100")).length, 2);
  assert.deepEqual(code(await call("GET", "/transfers?log_transfer_type=NOPE")), [400, "LTS.1901", "log_transfer_type is not in the list [OBS, DIS, DMS]"]);
  assert.equal(code(await call("GET", "/transfers?limit=101"))[1], "LTS.0009");
  assert.equal(code(await call("GET", "/transfers", undefined, { contentType: "" }))[1], "LTS.0007");
});

test("an update changes format, status and detail; an unknown id is LTS.0009 with the service's words", async () => {
  const t = (await call("POST", "/transfers", dms([S1]))).body;
  const update = { log_transfer_id: t.log_transfer_id, log_transfer_info: { log_storage_format: "JSON", log_transfer_status: "DISABLE", log_transfer_detail: { kafka_id: KAFKA, kafka_topic: "other-topic" } } };
  const r = await call("PUT", "/transfers", update);
  assert.equal(r.status, 200);
  assert.deepEqual([r.body.log_transfer_info.log_storage_format, r.body.log_transfer_info.log_transfer_status, r.body.log_transfer_info.log_transfer_detail.kafka_topic], ["JSON", "DISABLE", "other-topic"]);
  assert.deepEqual(code(await call("PUT", "/transfers", { ...update, log_transfer_id: "5d6e7f80-1111-4222-8333-000000000004" })), [400, "LTS.0009", "The Field transfer id is invalid or missing."]);
  assert.equal(code(await call("PUT", "/transfers", { ...update, log_transfer_info: { ...update.log_transfer_info, log_transfer_type: "DMS" } }))[1], "LTS.0009", "an update cannot say the type");
});

test("a delete answers with the deleted transfer; a second one with the unknown-id error", async () => {
  const t = (await call("POST", "/transfers", dms([S1]))).body;
  const r = await call("DELETE", `/transfers?log_transfer_id=${t.log_transfer_id}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, t);
  assert.deepEqual(code(await call("DELETE", `/transfers?log_transfer_id=${t.log_transfer_id}`)), [400, "LTS.0009", "The Field transfer id is invalid or missing."]);
  assert.equal(code(await call("DELETE", "/transfers?id=x"))[1], "LTS.0009");
  // A delete takes no body.
  assert.equal(code(await call("DELETE", `/transfers?log_transfer_id=${t.log_transfer_id}`, "{}", { contentType: "application/json" }))[1], "LTS.0009");
});

function signed(method, pathAndQuery, body = "") {
  const date = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const host = new URL(lts.url).host;
  const headers = { "content-type": "application/json", host, "x-project-id": PROJECT, "x-sdk-date": date };
  const names = Object.keys(headers).sort();
  const canonical = canonicalRequest({ method, url: pathAndQuery, headers, body: Buffer.from(body) }, names);
  const sig = signature(SK, stringToSign(date, canonical));
  return {
    "Content-Type": "application/json",
    "X-Project-Id": PROJECT,
    "X-Sdk-Date": date,
    Authorization: `SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=${names.join(";")}, Signature=${sig}`,
  };
}

test("signed GETs and DELETEs are verified with their query", async () => {
  const t = (await call("POST", "/transfers", dms([S1]))).body;
  const listPath = `/v2/${PROJECT}/transfers?log_stream_name=stream%20one%2F%E4%B8%AD&log_transfer_type=DMS`;
  const ok = await fetch(`${lts.origin}${listPath}`, { headers: signed("GET", listPath) });
  assert.equal(ok.status, 200, await ok.clone().text());
  // The signature covers the query: another query with the same signature is refused.
  const tampered = await fetch(`${lts.origin}${listPath.replace("DMS", "OBS")}`, { headers: signed("GET", listPath) });
  assert.equal(tampered.status, 401);
  const del = `/v2/${PROJECT}/transfers?log_transfer_id=${t.log_transfer_id}`;
  const deleted = await fetch(`${lts.origin}${del}`, { method: "DELETE", headers: signed("DELETE", del) });
  assert.equal(deleted.status, 200);
});

test("with cors a preflight allows the transfer methods", async () => {
  const withCors = await startLocalLts({ cors: true, tokens: { [TOKEN]: PROJECT } });
  try {
    const res = await fetch(`${withCors.url}/v2/${PROJECT}/transfers`, { method: "OPTIONS", headers: { Origin: "http://127.0.0.1:1" } });
    assert.equal(res.status, 204);
    assert.match(res.headers.get("access-control-allow-methods"), /PUT, DELETE/);
  } finally {
    await withCors.close();
  }
});
