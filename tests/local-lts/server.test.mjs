// The local LTS endpoint enforces the contract: these tests pin each rule it checks.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { startLocalLts } from "./server.mjs";

const TOKEN = "tok-" + "x".repeat(40);
const PROJECT = "0123456789abcdef0123456789abcdef";
const SASL_ID = "3f4a92ff-7f65-489f-a36a-fadbaa0000a6";
const PLAIN_ID = "11111111-2222-3333-4444-555555555555";
let lts;

before(async () => {
  lts = await startLocalLts({
    tokens: { [TOKEN]: PROJECT },
    kafkaUsers: { [SASL_ID]: { user_name: "lts", pwd: "s3cret" } },
  });
});
after(() => lts.close());
beforeEach(() => lts.reset());

const url = (project = PROJECT) => `${lts.url}/v2/${project}/lts/dms/kafka-instance`;
const headers = (extra = {}) => ({
  "Content-Type": "application/json;charset=utf8",
  "X-Auth-Token": TOKEN,
  ...extra,
});
async function post(body, { h = headers(), u = url(), method = "POST" } = {}) {
  const res = await fetch(u, { method, headers: h, body: typeof body === "string" ? body : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, requestId: res.headers.get("x-request-id"), body: text ? JSON.parse(text) : null };
}
const sasl = { instance_id: SASL_ID, kafka_name: "k", connect_info: { user_name: "lts", pwd: "s3cret" } };
const plain = { instance_id: PLAIN_ID, kafka_name: "k", connect_info: {} };

test("a valid SASL registration gets 201 with the instance id and a request id", async () => {
  const r = await post(sasl);
  assert.equal(r.status, 201);
  assert.deepEqual(r.body, { instance_id: SASL_ID });
  assert.match(r.requestId, /^[0-9a-f]{32}$/);
  assert.equal(lts.received.length, 1);
  assert.equal(lts.received[0].headers["x-auth-token"], TOKEN);
});

test("a second registration of the same instance is refused with 400 LTS.1711", async () => {
  assert.equal((await post(plain)).status, 201);
  const r = await post(plain);
  assert.equal(r.status, 400);
  assert.equal(r.body.error_code, "LTS.1711");
});

test("wrong SASL credentials, or credentials for a non-SASL instance, get 400 LTS.1719", async () => {
  const wrong = await post({ ...sasl, connect_info: { user_name: "lts", pwd: "nope" } });
  assert.equal(wrong.status, 400);
  assert.equal(wrong.body.error_code, "LTS.1719");
  const missing = await post({ ...sasl, connect_info: {} });
  assert.equal(missing.body.error_code, "LTS.1719");
  const extra = await post({ ...plain, connect_info: { user_name: "a", pwd: "b" } });
  assert.equal(extra.body.error_code, "LTS.1719");
});

test("each accepted Content-Type form passes; others get 400 LTS.0007", async () => {
  for (const [ct, ok] of [
    ["application/json;charset=utf8", true],
    ["application/json;charset=UTF-8", true],
    ["application/json;charset=utf-8", true],
    ["application/json", false],
    ["text/plain", false],
  ]) {
    lts.reset();
    const r = await post(plain, { h: headers({ "Content-Type": ct }) });
    assert.equal(r.status, ok ? 201 : 400, ct);
    if (!ok) assert.equal(r.body.error_code, "LTS.0007");
  }
});

test("a missing or unknown token gets 401 APIGW.0301 with a request_id in the body", async () => {
  const none = await post(plain, { h: { "Content-Type": "application/json;charset=utf8" } });
  assert.equal(none.status, 401);
  assert.equal(none.body.error_code, "APIGW.0301");
  assert.equal(none.body.request_id, none.requestId);
  const bad = await post(plain, { h: headers({ "X-Auth-Token": "other" }) });
  assert.equal(bad.status, 401);
});

test("a project id other than the token's gets 403 LTS.0403", async () => {
  const r = await post(plain, { u: url("another") });
  assert.equal(r.status, 403);
  assert.equal(r.body.error_code, "LTS.0403");
});

test("a wrong path or method gets 404 APIGW.0101", async () => {
  assert.equal((await post(plain, { u: `${lts.url}/v2/${PROJECT}/lts/dms/kafka` })).body.error_code, "APIGW.0101");
  const get = await fetch(url(), { headers: headers() });
  assert.equal(get.status, 404);
});

test("body rule violations get 400 LTS.0009 and non-JSON gets 400 LTS.0007", async () => {
  const cases = [
    { ...plain, instance_id: "x".repeat(37) },
    { ...plain, instance_id: "" },
    { ...plain, kafka_name: "k".repeat(257) },
    { instance_id: PLAIN_ID, kafka_name: "k" },
    { ...plain, connect_info: null },
    { ...plain, extra: 1 },
    { ...plain, connect_info: { user: "a" } },
    [plain],
  ];
  for (const body of cases) {
    const r = await post(body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.body.error_code, "LTS.0009");
  }
  assert.equal((await post("{not json")).body.error_code, "LTS.0007");
});

test("lengths are counted in UTF-16 code units: 18 astral characters are 36", async () => {
  const r = await post({ ...plain, instance_id: "😀".repeat(18) });
  assert.equal(r.status, 201);
  const r2 = await post({ ...plain, instance_id: "😀".repeat(18) + "a" });
  assert.equal(r2.status, 400);
});

test("a queued fault answers once with its status, body and headers, then the contract resumes", async () => {
  lts.queueFault({ status: 502, body: "<html><title>502 Bad Gateway</title></html>", headers: { "content-type": "text/html" } });
  const res = await fetch(url(), { method: "POST", headers: headers(), body: JSON.stringify(plain) });
  assert.equal(res.status, 502);
  assert.equal(res.headers.get("content-type"), "text/html");
  assert.match(await res.text(), /Bad Gateway/);
  assert.equal((await post(plain)).status, 201);
});

test("a reset fault destroys the connection", async () => {
  lts.queueFault({ reset: true });
  await assert.rejects(fetch(url(), { method: "POST", headers: headers(), body: "{}" }), TypeError);
});

test("faults can be queued and requests read over the control API", async () => {
  const q = await fetch(`${lts.origin}/__control/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ status: 503, body: "" }),
  });
  assert.equal(q.status, 200);
  assert.equal((await fetch(url(), { method: "POST", headers: headers(), body: "{}" })).status, 503);
  const received = await (await fetch(`${lts.origin}/__control/received`)).json();
  assert.equal(received.length, 1);
  assert.equal(received[0].headers["content-type"], "application/json;charset=utf8");
});

test("without cors a preflight is refused; with cors it names the allowed headers", async () => {
  const plainRes = await fetch(url(), { method: "OPTIONS" });
  assert.equal(plainRes.status, 404);
  assert.equal(plainRes.headers.get("access-control-allow-origin"), null);
  const withCors = await startLocalLts({ cors: true, tokens: { [TOKEN]: PROJECT } });
  try {
    const res = await fetch(`${withCors.url}/v2/${PROJECT}/lts/dms/kafka-instance`, {
      method: "OPTIONS",
      headers: { Origin: "http://127.0.0.1:1" },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get("access-control-allow-origin"), "http://127.0.0.1:1");
    assert.match(res.headers.get("access-control-allow-headers"), /x-auth-token/);
    assert.equal(res.headers.get("access-control-expose-headers"), "x-request-id, retry-after, x-iam-trace-id");
  } finally {
    await withCors.close();
  }
});

test("a prefix mounts the API under a path, as behind a same-origin proxy", async () => {
  const proxied = await startLocalLts({ prefix: "/lts-proxy", tokens: { [TOKEN]: PROJECT } });
  try {
    assert.match(proxied.url, /\/lts-proxy$/);
    const ok = await fetch(`${proxied.url}/v2/${PROJECT}/lts/dms/kafka-instance`, {
      method: "POST", headers: headers(), body: JSON.stringify(plain),
    });
    assert.equal(ok.status, 201);
    const bare = await fetch(`${proxied.origin}/v2/${PROJECT}/lts/dms/kafka-instance`, {
      method: "POST", headers: headers(), body: JSON.stringify(plain),
    });
    assert.equal(bare.status, 404);
  } finally {
    await proxied.close();
  }
});
