// The local endpoint's log group and log stream lists (contract §7.1, §7.2): the groups and
// streams it was started with, to any authenticated project, checked as the transfer GETs are.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { startLocalLts } from "./server.mjs";
import { canonicalRequest, signature, stringToSign } from "./signature.mjs";

const TOKEN = "tok-groups-" + "g".repeat(40);
const PROJECT = "0123456789abcdef0123456789abcdef";
const AK = "AKGROUPSTEST00000001";
const SK = "sk-groups-test-0123456789";
const DATE = "20261130T120000Z";
const DATE_MS = Date.UTC(2026, 10, 30, 12, 0, 0);
const GROUP = "9a7e2183-2d6d-4732-9a9b-e897fd4e49e0";
const EMPTY_GROUP = "9a7e2183-2d6d-4732-9a9b-e897fd4e4900";
const S1 = "839dac89-35af-4db2-ab4a-a7dda0d0d3f1";
const S2 = "839dac89-35af-4db2-ab4a-a7dda0d0d3f2";
const KAFKA = "3f4a92ff-7f65-489f-a36a-fadbaa0000a6";
let lts;

before(async () => {
  lts = await startLocalLts({
    now: () => DATE_MS,
    tokens: { [TOKEN]: PROJECT },
    akSk: { [AK]: { sk: SK, projectId: PROJECT } },
    logGroups: {
      [GROUP]: { name: "app-logs", streams: { [S1]: "web", [S2]: "worker" } },
      [EMPTY_GROUP]: { name: "quiet", streams: {} },
    },
  });
});
after(() => lts.close());
beforeEach(() => lts.reset());

async function get(path, { headers = {}, contentType = "application/json", project = PROJECT } = {}) {
  const all = { ...(contentType === null ? {} : { "content-type": contentType }), "x-auth-token": TOKEN, ...headers };
  const res = await fetch(`${lts.url}/v2/${project}${path}`, { headers: all });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: JSON.parse(text) };
}

function signedGet(path, { project = PROJECT, projectHeader = project } = {}) {
  const url = `/v2/${project}${path}`;
  const headers = { "content-type": "application/json", host: new URL(lts.url).host, "x-project-id": projectHeader, "x-sdk-date": DATE };
  const names = Object.keys(headers).sort();
  const canonical = canonicalRequest({ method: "GET", url, headers, body: Buffer.alloc(0) }, names);
  const sig = signature(SK, stringToSign(DATE, canonical));
  const { host, ...sent } = headers;
  void host;
  return fetch(`${lts.url}${url}`, { headers: { ...sent, authorization: `SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=${names.join(";")}, Signature=${sig}` } }).then(async (res) => ({
    status: res.status,
    json: await res.json(),
  }));
}

test("GET /groups lists every log group: id, name, creation_time in ms, ttl_in_days 7, an empty tag", async () => {
  const r = await get("/groups");
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, {
    log_groups: [
      { log_group_id: GROUP, log_group_name: "app-logs", creation_time: DATE_MS, ttl_in_days: 7, tag: {} },
      { log_group_id: EMPTY_GROUP, log_group_name: "quiet", creation_time: DATE_MS, ttl_in_days: 7, tag: {} },
    ],
  });
  assert.match(r.headers.get("x-request-id"), /^[0-9a-f]{32}$/);
  assert.equal(r.headers.get("x-iam-trace-id"), null);
  const signed = await signedGet("/groups");
  assert.deepEqual([signed.status, signed.json.log_groups.length], [200, 2]);
});

test("GET /groups/{id}/streams lists the group's streams, without log_group_id; a group without streams lists none", async () => {
  const r = await get(`/groups/${GROUP}/streams`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, {
    log_streams: [
      { log_stream_id: S1, log_stream_name: "web", creation_time: DATE_MS, filter_count: 0, tag: {} },
      { log_stream_id: S2, log_stream_name: "worker", creation_time: DATE_MS, filter_count: 0, tag: {} },
    ],
  });
  assert.deepEqual((await get(`/groups/${EMPTY_GROUP}/streams`)).json, { log_streams: [] });
  const signed = await signedGet(`/groups/${GROUP}/streams`);
  assert.deepEqual(signed.json.log_streams.map((s) => s.log_stream_id), [S1, S2]);
});

test("an unknown log group's streams get 400 LTS.0201 'The log group is not existed', whatever the id looks like", async () => {
  for (const id of ["9a7e2183-2d6d-4732-9a9b-000000000000", GROUP.toUpperCase(), "x", "%E0%A4%A", "%2F", "g".repeat(4000)]) {
    const r = await get(`/groups/${id}/streams`);
    assert.equal(r.status, 400, id.slice(0, 40));
    assert.deepEqual(r.json, { error_code: "LTS.0201", error_msg: "The log group is not existed" });
  }
});

test("a project other than the token's or the signature's gets 403 LTS.0403, and no credential 401 APIGW.0301", async () => {
  const other = "fedcba9876543210fedcba9876543210";
  assert.deepEqual([(await get("/groups", { project: other })).status, (await get("/groups", { project: other })).json.error_code], [403, "LTS.0403"]);
  assert.equal((await get(`/groups/${GROUP}/streams`, { project: other })).json.error_code, "LTS.0403");
  assert.equal((await signedGet("/groups", { project: other, projectHeader: other })).json.error_code, "LTS.0403");
  assert.equal((await signedGet("/groups", { projectHeader: other })).json.error_code, "LTS.0403");
  const none = await fetch(`${lts.url}/v2/${PROJECT}/groups`, { headers: { "content-type": "application/json" } });
  assert.deepEqual([none.status, (await none.json()).error_code], [401, "APIGW.0301"]);
  const badSegment = await get("/groups", { project: "%E0%A4%A" });
  assert.deepEqual([badSegment.status, badSegment.json.error_code], [404, "APIGW.0101"]);
});

test("Content-Type, query, body and method are checked as for the transfer GETs", async () => {
  for (const ct of ["application/json", "application/json;charset=utf8", "application/json;charset=UTF-8"]) {
    assert.equal((await get("/groups", { contentType: ct })).status, 200, ct);
  }
  for (const ct of [null, "text/plain", "application/xml"]) {
    const r = await get("/groups", { contentType: ct });
    assert.deepEqual([r.status, r.json.error_code], [400, "LTS.0007"], String(ct));
  }
  const query = await fetch(`${lts.url}/v2/${PROJECT}/groups/${GROUP}/streams?tag=a`, { headers: { "content-type": "application/json", "x-auth-token": TOKEN } });
  const queryBody = await query.json();
  assert.deepEqual([query.status, queryBody.error_code], [400, "LTS.0009"]);
  assert.match(queryBody.error_msg, /unknown query parameter tag/);
  for (const method of ["POST", "PUT", "DELETE"]) {
    const r = await fetch(`${lts.url}/v2/${PROJECT}/groups`, { method, headers: { "content-type": "application/json", "x-auth-token": TOKEN }, body: "{}" });
    assert.deepEqual([r.status, (await r.json()).error_code], [404, "APIGW.0101"], method);
  }
  const nested = await get(`/groups/${GROUP}/streams/${S1}`);
  assert.deepEqual([nested.status, nested.json.error_code], [404, "APIGW.0101"]);
});

test("the listed groups and streams are those transfers deliver: a listed id creates a transfer", async () => {
  const auth = { "x-auth-token": TOKEN };
  const registered = await fetch(`${lts.url}/v2/${PROJECT}/lts/dms/kafka-instance`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json;charset=utf8" },
    body: JSON.stringify({ instance_id: KAFKA, kafka_name: "k", connect_info: {} }),
  });
  assert.equal(registered.status, 201);
  const group = (await get("/groups")).json.log_groups.find((g) => g.log_group_name === "app-logs");
  const stream = (await get(`/groups/${group.log_group_id}/streams`)).json.log_streams.find((s) => s.log_stream_name === "worker");
  const created = await fetch(`${lts.url}/v2/${PROJECT}/transfers`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json;charset=utf8" },
    body: JSON.stringify({
      log_group_id: group.log_group_id,
      log_streams: [{ log_stream_id: stream.log_stream_id }],
      log_transfer_info: {
        log_transfer_type: "DMS",
        log_transfer_mode: "realTime",
        log_storage_format: "RAW",
        log_transfer_status: "ENABLE",
        log_transfer_detail: { kafka_id: KAFKA, kafka_topic: "lts-logs" },
      },
    }),
  });
  assert.equal(created.status, 200);
  assert.deepEqual((await created.json()).log_streams, [{ log_stream_id: S2, log_stream_name: "worker" }]);
});

test("without logGroups the list is empty, every group is unknown, and faults and records apply to the lists", async () => {
  const bare = await startLocalLts({ tokens: { [TOKEN]: PROJECT } });
  try {
    const call = (path) => fetch(`${bare.url}/v2/${PROJECT}${path}`, { headers: { "content-type": "application/json", "x-auth-token": TOKEN } });
    assert.deepEqual(await (await call("/groups")).json(), { log_groups: [] });
    assert.equal((await (await call(`/groups/${GROUP}/streams`)).json()).error_code, "LTS.0201");
    bare.queueFault({ match: "/groups", status: 500, body: { error_code: "LTS.0010", error_msg: "internal error" } });
    assert.equal((await call("/groups")).status, 500);
    assert.deepEqual(bare.received.map((r) => r.path), [`/v2/${PROJECT}/groups`, `/v2/${PROJECT}/groups/${GROUP}/streams`, `/v2/${PROJECT}/groups`]);
  } finally {
    await bare.close();
  }
});
