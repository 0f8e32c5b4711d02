// The endpoint's verifier against the official signer's vectors (tests/signing-vectors/):
// it must rebuild each canonical request and accept each signature, and the endpoint must
// answer the onboarding's requests (IAM's project lists, LTS's group and stream lists) exactly
// as the official signer signs them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import http from "node:http";
import { canonicalRequest, stringToSign, signature, parseAuthorization, parseSdkDate, verify } from "./signature.mjs";
import { startLocalLts } from "./server.mjs";

const { vectors } = JSON.parse(readFileSync(new URL("../signing-vectors/vectors.json", import.meta.url), "utf8"));

test("the verifier reproduces every official vector and accepts its Authorization", () => {
  assert.ok(vectors.length >= 33, `${vectors.length} vectors`);
  for (const v of vectors) {
    const headers = {};
    for (const [name, value] of v.headers) headers[name.toLowerCase()] = value;
    for (const [name, value] of Object.entries(v.expected.headers_added)) {
      headers[name.toLowerCase()] ??= value;
    }
    const url = v.query ? `${v.path}?${v.query}` : v.path;
    const request = { method: v.method, url, headers, body: Buffer.from(v.body, "utf8") };
    const auth = parseAuthorization(v.expected.authorization);
    assert.ok(auth, v.name);
    const canonical = canonicalRequest(request, auth.signedHeaders);
    if (v.expected.canonical_request !== null) assert.equal(canonical, v.expected.canonical_request, v.name);
    const date = headers["x-sdk-date"].trim();
    assert.equal(signature(v.sk, stringToSign(date, canonical)), v.expected.signature, v.name);
    assert.ok(verify(request, auth, v.sk, date), v.name);
    assert.ok(!verify(request, auth, v.sk + "x", date), `${v.name}: a wrong SK must fail`);
  }
});

/** Sends a vector's request as it was signed (its Host included) and reads the JSON answer. */
function sendVector(port, v) {
  const headers = { ...Object.fromEntries(v.headers), ...v.expected.headers_added, Authorization: v.expected.authorization };
  return new Promise((resolve, reject) => {
    const path = v.query ? `${v.path}?${v.query}` : v.path;
    const req = http.request({ host: "127.0.0.1", port, method: v.method, path, headers, agent: false }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, json: JSON.parse(Buffer.concat(chunks).toString("utf8")) }));
    });
    req.on("error", reject);
    req.end(v.body);
  });
}

test("the endpoint answers the official signer's IAM and log group requests with 200", async () => {
  const byName = Object.fromEntries(vectors.map((v) => [v.name, v]));
  const names = ["iam-list-projects-by-region", "iam-list-projects-security-token", "iam-list-auth-projects", "iam-list-projects-eu-west-101", "lts-list-log-groups", "lts-list-log-streams"];
  const lookup = byName["iam-list-projects-by-region"];
  const temporary = byName["iam-list-projects-security-token"];
  const project = /^\/v2\/([^/]+)\/groups$/.exec(byName["lts-list-log-groups"].path)[1];
  const group = /\/groups\/([^/]+)\/streams$/.exec(byName["lts-list-log-streams"].path)[1];
  const lts = await startLocalLts({
    now: () => parseSdkDate(lookup.headers.find(([n]) => n === "X-Sdk-Date")[1]),
    akSk: {
      [lookup.ak]: { sk: lookup.sk, projectId: project },
      [temporary.ak]: { sk: temporary.sk, projectId: project, securityToken: temporary.security_token },
    },
    projects: {
      [lookup.ak]: [
        { id: project, name: "cn-north-4" },
        { id: "e0e1e2e3e4e5e6e7e8e9eaebecedeeef", name: "eu-west-101" },
      ],
    },
    logGroups: { [group]: { name: "lts-group-demo", streams: { "839dac89-35af-4db2-ab4a-a7dda0d0d3f8": "lts-stream-demo" } } },
  });
  try {
    const answers = {};
    for (const name of names) {
      const r = await sendVector(lts.port, byName[name]);
      assert.equal(r.status, 200, `${name}: ${JSON.stringify(r.json)}`);
      answers[name] = r.json;
    }
    assert.deepEqual(answers["iam-list-projects-by-region"].projects.map((p) => p.id), [project]);
    assert.deepEqual(answers["iam-list-projects-security-token"].projects.map((p) => p.id), [project]);
    assert.deepEqual(answers["iam-list-projects-eu-west-101"].projects.map((p) => p.id), ["e0e1e2e3e4e5e6e7e8e9eaebecedeeef"]);
    assert.equal(answers["iam-list-auth-projects"].projects.length, 2);
    assert.deepEqual(answers["lts-list-log-groups"].log_groups.map((g) => g.log_group_id), [group]);
    assert.deepEqual(answers["lts-list-log-streams"].log_streams.map((s) => s.log_stream_name), ["lts-stream-demo"]);
  } finally {
    await lts.close();
  }
});
