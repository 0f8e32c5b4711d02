// The endpoint's SDK-HMAC-SHA256 verification: the published example, the 15-minute window,
// the AK lock after more than 5 bad signatures in a row, and temporary keys.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { startLocalLts } from "./server.mjs";
import { canonicalRequest, stringToSign, signature } from "./signature.mjs";

test("the published example's canonical request and signature are reproduced", () => {
  const request = {
    method: "GET",
    url: "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
    headers: { "content-type": "application/json", host: "service.region.example.com", "x-sdk-date": "20191115T033655Z" },
    body: Buffer.alloc(0),
  };
  const canonical = canonicalRequest(request, ["content-type", "host", "x-sdk-date"]);
  assert.equal(
    canonical,
    "GET\n/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/\nlimit=2&marker=13551d6b-755d-4757-b956-536f674975c0\n" +
      "content-type:application/json\nhost:service.region.example.com\nx-sdk-date:20191115T033655Z\n\n" +
      "content-type;host;x-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  );
  assert.equal(
    signature("MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc", stringToSign("20191115T033655Z", canonical)),
    "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
  );
});

const PROJECT = "0123456789abcdef0123456789abcdef";
let clock = Date.UTC(2026, 10, 30, 12, 0, 0);
let lts;
before(async () => {
  lts = await startLocalLts({
    akSk: {
      AKPERMANENT: { sk: "sk-permanent-secret", projectId: PROJECT },
      AKTEMPORARY: { sk: "sk-temporary-secret", projectId: PROJECT, securityToken: "st-token-value" },
    },
    now: () => clock,
  });
});
after(() => lts.close());
beforeEach(() => {
  lts.reset();
  clock = Date.UTC(2026, 10, 30, 12, 0, 0);
});

const sdkDate = (ms) => new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");

/** Signs with the verifier's own functions, then lets a test spoil one part. */
async function send({ ak = "AKPERMANENT", sk = "sk-permanent-secret", date = clock, securityToken, spoil } = {}) {
  const path = `/v2/${PROJECT}/lts/dms/kafka-instance`;
  const body = Buffer.from(JSON.stringify({ instance_id: "i-" + Math.random(), kafka_name: "k", connect_info: {} }));
  const headers = {
    "content-type": "application/json;charset=utf8",
    host: new URL(lts.url).host,
    "x-project-id": PROJECT,
    "x-sdk-date": sdkDate(date),
  };
  if (securityToken) headers["x-security-token"] = securityToken;
  const names = Object.keys(headers);
  const sig = signature(sk, stringToSign(headers["x-sdk-date"], canonicalRequest({ method: "POST", url: path, headers, body }, names)));
  const sent = { ...headers, authorization: `SDK-HMAC-SHA256 Access=${ak}, SignedHeaders=${names.sort().join(";")}, Signature=${sig}` };
  delete sent.host;
  let sentBody = body;
  if (spoil === "body") sentBody = Buffer.concat([body.subarray(0, 5), Buffer.from("X"), body.subarray(6)]);
  if (spoil === "project") sent["x-project-id"] = PROJECT.replace("0", "1");
  const res = await fetch(lts.url + path, { method: "POST", headers: sent, body: sentBody });
  return { status: res.status, body: await res.json() };
}

test("a correctly signed request is accepted", async () => {
  assert.equal((await send()).status, 201);
  assert.equal((await send({ ak: "AKTEMPORARY", sk: "sk-temporary-secret", securityToken: "st-token-value" })).status, 201);
});

test("a changed signed byte or a wrong SK gets 401 APIGW.0301", async () => {
  for (const r of [await send({ spoil: "body" }), await send({ spoil: "project" }), await send({ sk: "wrong" })]) {
    assert.equal(r.status, 401);
    assert.equal(r.body.error_code, "APIGW.0301");
  }
});

test("an X-Sdk-Date more than 15 minutes off is refused, within 15 minutes accepted", async () => {
  assert.equal((await send({ date: clock - 14 * 60 * 1000 })).status, 201);
  assert.equal((await send({ date: clock + 14 * 60 * 1000 })).status, 201);
  const late = await send({ date: clock - 16 * 60 * 1000 });
  assert.equal(late.status, 401);
  assert.match(late.body.error_msg, /15 minutes/);
});

test("more than 5 bad signatures in a row lock the AK for 5 minutes, even for good ones", async () => {
  for (let i = 0; i < 5; i++) assert.equal((await send({ sk: "wrong" })).status, 401);
  assert.equal((await send()).status, 201, "5 failures do not lock");
  for (let i = 0; i < 6; i++) await send({ sk: "wrong" });
  const locked = await send();
  assert.equal(locked.status, 401);
  assert.match(locked.body.error_msg, /locked/);
  clock += 5 * 60 * 1000 + 1000;
  assert.equal((await send()).status, 201, "the lock ends after 5 minutes");
});

test("a temporary key needs its security token, signed; a permanent key refuses one", async () => {
  const missing = await send({ ak: "AKTEMPORARY", sk: "sk-temporary-secret" });
  assert.equal(missing.status, 401);
  const wrong = await send({ ak: "AKTEMPORARY", sk: "sk-temporary-secret", securityToken: "other" });
  assert.equal(wrong.status, 401);
  const extra = await send({ securityToken: "st-token-value" });
  assert.equal(extra.status, 401);
});
