// onAttempt: a record after every attempt, retries included, with what happened; a hook that
// throws or rejects cannot break the call; an unknown option is named as a client option.
// Needs the built package (`make build`).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { LtsClient } from "../../pkg/node.js";
import { startLocalLts } from "../local-lts/server.mjs";

const TOKEN = "observe-test-token-9876543210";
const PROJECT = "0123456789abcdef0123456789abcdef";
let lts;
before(async () => {
  lts = await startLocalLts({ tokens: { [TOKEN]: PROJECT } });
});
after(() => lts.close());

const body = (instance_id) => ({ instance_id, kafka_name: "kafka-observed", connect_info: {} });
const recorder = () => {
  const records = [];
  return { records, onAttempt: (r) => records.push(r) };
};
const client = (extra) =>
  new LtsClient({ projectId: PROJECT, endpoint: lts.url, credentials: { token: TOKEN }, retry: { baseDelayMs: 10 }, ...extra });

test("every attempt of a retried call gets a record, and the last says no retry follows", async () => {
  const { records, onAttempt } = recorder();
  lts.queueFault({ match: "obs-retried", status: 503, body: "" });
  const out = await client({ onAttempt }).registerDmsKafkaInstance(body("obs-retried"));
  assert.equal(out.instance_id, "obs-retried");
  assert.equal(records.length, 2);
  const url = `${lts.url}/v2/${PROJECT}/lts/dms/kafka-instance`;
  const [first, second] = records;
  assert.deepEqual(Object.keys(first).sort(), ["attempt", "durationMs", "error", "method", "operation", "requestId", "retryInMs", "status", "url"]);
  assert.equal(first.operation, "registerDmsKafkaInstance");
  assert.deepEqual([first.attempt, first.method, first.url, first.status, first.error], [1, "POST", url, 503, "LtsApiError"]);
  assert.match(first.requestId, /^[0-9a-f]{32}$/);
  assert.ok(Number.isInteger(first.retryInMs) && first.retryInMs >= 0 && first.retryInMs <= 10, String(first.retryInMs));
  assert.ok(typeof first.durationMs === "number" && first.durationMs >= 0);
  assert.deepEqual([second.attempt, second.status, second.error, second.retryInMs], [2, 201, null, null]);
  assert.equal(second.requestId, out.requestId);
});

test("records of attempts without an answer have no status or request id", async () => {
  const { records, onAttempt } = recorder();
  lts.queueFault({ match: "obs-reset", reset: true });
  await assert.rejects(client({ onAttempt, retry: false }).registerDmsKafkaInstance(body("obs-reset")), { name: "LtsNetworkError" });
  lts.queueFault({ match: "obs-slow", delayMs: 1000, status: 201, body: {} });
  await assert.rejects(client({ onAttempt, timeoutMs: 50 }).registerDmsKafkaInstance(body("obs-slow")), { name: "TimeoutError" });
  assert.deepEqual(
    records.map((r) => [r.status, r.requestId, r.error, r.retryInMs]),
    [
      [null, null, "LtsNetworkError", null],
      [null, null, "TimeoutError", null],
    ],
  );
});

test("a hook that throws, or returns a rejected promise, cannot break the call", async () => {
  const unhandled = [];
  const onUnhandled = (reason) => unhandled.push(reason);
  process.on("unhandledRejection", onUnhandled);
  try {
    let calls = 0;
    const throwing = client({
      onAttempt() {
        calls += 1;
        throw new Error("the hook broke");
      },
    });
    lts.queueFault({ match: "obs-throw", status: 503, body: "" });
    assert.equal((await throwing.registerDmsKafkaInstance(body("obs-throw"))).instance_id, "obs-throw");
    assert.equal(calls, 2);
    const rejecting = client({ onAttempt: async () => Promise.reject(new Error("later")) });
    assert.equal((await rejecting.registerDmsKafkaInstance(body("obs-reject"))).instance_id, "obs-reject");
    await new Promise((r) => setTimeout(r, 20));
  } finally {
    process.off("unhandledRejection", onUnhandled);
  }
  assert.deepEqual(unhandled, []);
});

test("onAttempt must be a function, and an unknown option is named as a client option", () => {
  assert.throws(() => client({ onAttempt: "log" }), (e) => e.name === "LtsConfigError" && /onAttempt must be a function/.test(e.message));
  assert.throws(
    () => client({ onAtempt: () => {} }),
    (e) => e.name === "LtsConfigError" && /onAtempt is not a client option; did you mean onAttempt\?/.test(e.message),
  );
  assert.throws(
    () => client({ zzz: 1 }),
    (e) => /zzz is not a client option; the client options are projectId, region, endpoint, endpoints, iamEndpoint, credentials, timeoutMs, deadlineMs, retry, fetch, onAttempt/.test(e.message),
  );
});
