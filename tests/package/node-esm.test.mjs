// The built package (pkg/) in Node ESM: import, validate, preview, register against the local
// endpoint, typed errors. `make build` first.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  LtsClient,
  LtsApiError,
  LtsValidationError,
  LtsConfigError,
  isLtsError,
  ready,
  validateRegisterDmsKafkaInstance,
} from "../../pkg/node.js";
import { startLocalLts } from "../local-lts/server.mjs";

const token = "pkg-test-token-9876543210";
const projectId = "0123456789abcdef0123456789abcdef";
let lts;
before(async () => {
  lts = await startLocalLts({ tokens: { [token]: projectId } });
});
after(() => lts.close());

const body = (id) => ({ instance_id: id, kafka_name: "kafka-prod", connect_info: {} });

test("the Node entry is ready at import and registers an instance end to end", async () => {
  await ready();
  const client = new LtsClient({ projectId, endpoint: lts.url, credentials: { token } });
  const out = await client.registerDmsKafkaInstance(body("pkg-node-1"));
  assert.equal(out.instance_id, "pkg-node-1");
  assert.match(out.requestId, /^[0-9a-f]{32}$/);
  // requestId is readable but not enumerable: a spread or JSON.stringify leaves it out.
  assert.deepEqual(Object.keys(out), ["instance_id"]);
  assert.equal(JSON.stringify(out), `{"instance_id":"pkg-node-1"}`);
});

test("validation is synchronous and returns every issue", () => {
  const issues = validateRegisterDmsKafkaInstance({ instance_id: "", kafka_name: "k".repeat(257) });
  assert.deepEqual(
    issues.map((i) => [i.path, i.rule, i.limit]),
    [
      ["instance_id", "min_length", 1],
      ["kafka_name", "max_length", 256],
      ["connect_info", "required", undefined],
    ],
  );
  assert.deepEqual(validateRegisterDmsKafkaInstance(body("x")), []);
});

test("errors are instances of the exported classes and pass isLtsError", async () => {
  const client = new LtsClient({ projectId, endpoint: lts.url, credentials: { token } });
  await assert.rejects(client.registerDmsKafkaInstance({}), (e) => {
    assert.ok(e instanceof LtsValidationError);
    assert.ok(e instanceof Error);
    assert.ok(isLtsError(e));
    assert.equal(e.issues.length, 3);
    return true;
  });
  await client.registerDmsKafkaInstance(body("pkg-dup"));
  await assert.rejects(client.registerDmsKafkaInstance(body("pkg-dup")), (e) => {
    assert.ok(e instanceof LtsApiError);
    assert.equal(e.code, "LTS.1711");
    assert.equal(e.status, 400);
    const json = JSON.parse(JSON.stringify(e));
    assert.equal(json.name, "LtsApiError");
    assert.equal(json.code, "LTS.1711");
    return true;
  });
  assert.throws(() => new LtsClient({ projectId: "", region: "nowhere-1", credentials: {} }), (e) => {
    assert.ok(e instanceof LtsConfigError);
    assert.deepEqual(e.issues.map((i) => i.path), ["projectId", "region", "credentials.token"]);
    return true;
  });
  assert.equal(isLtsError(new Error("x")), false);
});

test("the preview shows the exact request with secrets masked", () => {
  const client = new LtsClient({ projectId, endpoint: lts.url, credentials: { token } });
  const preview = client.buildRegisterDmsKafkaInstanceRequest({
    ...body("p"),
    connect_info: { user_name: "u", pwd: "very-secret" },
  });
  assert.deepEqual(preview, {
    method: "POST",
    url: `${lts.url}/v2/${projectId}/lts/dms/kafka-instance`,
    headers: { "Content-Type": "application/json;charset=utf8", "X-Auth-Token": "***" },
    body: '{"instance_id":"p","kafka_name":"kafka-prod","connect_info":{"user_name":"u","pwd":"***"}}',
  });
  assert.ok(!JSON.stringify(client).includes(token));
});
