// Values of another JavaScript realm work exactly like native ones: a fetch whose Promise,
// Response, headers, ArrayBuffer, body chunks and Errors all come from a node:vm context, or
// from an iframe in Chromium (its own fetch and its own AbortController), registers, reads
// error answers, streams a body without a Content-Length, aborts and fails as the same calls
// do with the runtime's own objects. The library decides nothing with `instanceof`.
// Needs the built package (`make build`) and Debian's Chromium (/usr/bin/chromium).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import vm from "node:vm";
import { launchChromium } from "../chromium.mjs";
import { LtsClient, isLtsError } from "../../pkg/node.js";
import { startLocalLts } from "../local-lts/server.mjs";
import { startConsole, DEMO } from "../console/serve.mjs";

const TOKEN = "realm-test-token-9876543210";
const PROJECT = "0123456789abcdef0123456789abcdef";

let lts;
before(async () => {
  lts = await startLocalLts({ tokens: { [TOKEN]: PROJECT } });
});
after(() => lts.close());

// Another realm, and functions made in it. Everything they create (objects, promises, typed
// arrays, ArrayBuffers, Errors) belongs to that realm.
const realm = vm.createContext({ outerFetch: fetch });
const foreign = (source) => vm.runInContext(source, realm);

/**
 * A fetch made in the other realm: it fetches with Node's fetch, then hands back only objects
 * of its own realm. mode: "whole" (arrayBuffer() of a foreign ArrayBuffer), "stream" (a foreign
 * stream of foreign Uint8Array chunks, no Content-Length), "strings" (a stream of strings),
 * "refused" (rejects with a foreign TypeError whose cause has ECONNREFUSED), "reason"
 * (rejects with a string, as an abort with a reason does).
 */
const foreignFetch = foreign(`(mode) => async (url, init) => {
  if (mode === "refused") {
    throw new TypeError("fetch failed", { cause: { code: "ECONNREFUSED", message: "connect ECONNREFUSED 127.0.0.1:9" } });
  }
  if (mode === "reason") throw "aborted by the proxy";
  const answer = await outerFetch(url, init);
  const outer = new Uint8Array(await answer.arrayBuffer());
  const bytes = new Uint8Array(outer.length);
  bytes.set(outer);
  const headers = {};
  answer.headers.forEach((value, name) => { headers[name] = value; });
  const get = (name) => (mode === "whole" || name !== "content-length" ? headers[name.toLowerCase()] ?? null : null);
  const response = { status: answer.status, type: "basic", headers: { get } };
  if (mode === "whole") {
    response.body = null;
    response.arrayBuffer = async () => bytes.buffer;
    return response;
  }
  const parts = mode === "strings" ? ["{", "}"] : [bytes.subarray(0, 3), bytes.subarray(3, 9), bytes.subarray(9)];
  response.body = {
    getReader: () => ({
      read: async () => (parts.length ? { done: false, value: parts.shift() } : { done: true, value: undefined }),
      cancel: async () => {},
    }),
  };
  return response;
}`);

/** An AbortSignal-like object of the other realm (a vm context has no AbortController). */
const foreignSignal = foreign(`() => {
  const listeners = new Set();
  return {
    aborted: false,
    addEventListener(type, f) { if (type === "abort") listeners.add(f); },
    removeEventListener(type, f) { listeners.delete(f); },
    abort() { this.aborted = true; for (const f of listeners) f(); },
  };
}`);

const client = (fetch, extra = {}) =>
  new LtsClient({ projectId: PROJECT, endpoint: lts.url, credentials: { token: TOKEN }, fetch, ...extra });
const body = (instance_id) => ({ instance_id, kafka_name: "kafka-realm", connect_info: {} });
const settle = (p) => p.then((value) => ({ value }), (error) => ({ error }));

test("the values really come from another realm", async () => {
  const response = await foreignFetch("whole")(`${lts.url}/v2/${PROJECT}/lts/dms/kafka-instance`, {
    method: "POST",
    headers: { "x-auth-token": TOKEN, "content-type": "application/json;charset=utf8" },
    body: JSON.stringify(body("realm-probe")),
  });
  const buffer = await response.arrayBuffer();
  assert.equal(buffer instanceof ArrayBuffer, false);
  assert.equal(Object.prototype.toString.call(buffer), "[object ArrayBuffer]");
  assert.equal(foreign("new Uint8Array(1)") instanceof Uint8Array, false);
  const rejected = await settle(foreignFetch("refused")("x", {}));
  assert.equal(rejected.error instanceof Error, false);
});

test("a Response, headers and ArrayBuffer of another realm give the result", async () => {
  const out = await client(foreignFetch("whole")).registerDmsKafkaInstance(body("realm-whole"));
  assert.equal(out.instance_id, "realm-whole");
  assert.match(out.requestId, /^[0-9a-f]{32}$/);
});

test("body chunks of another realm, without a Content-Length, are read", async () => {
  const out = await client(foreignFetch("stream")).registerDmsKafkaInstance(body("realm-stream"));
  assert.equal(out.instance_id, "realm-stream");
  // An error answer read the same way keeps its code and request id.
  const dup = await settle(client(foreignFetch("stream")).registerDmsKafkaInstance(body("realm-stream")));
  assert.equal(dup.error?.name, "LtsApiError");
  assert.equal(dup.error.code, "LTS.1711");
  assert.match(dup.error.requestId, /^[0-9a-f]{32}$/);
});

test("a stream that gives something other than bytes says so, and does not claim fetch rejected", async () => {
  const { error } = await settle(client(foreignFetch("strings"), { retry: false }).registerDmsKafkaInstance(body("realm-strings")));
  assert.equal(error?.name, "LtsNetworkError");
  assert.match(error.message, /the answer's body could not be read: the body stream gave something that is not bytes/);
  assert.doesNotMatch(error.message, /fetch rejected/);
});

test("an Error of another realm is a network error that keeps its cause's code", async () => {
  const { error } = await settle(client(foreignFetch("refused"), { retry: false }).registerDmsKafkaInstance(body("realm-refused")));
  assert.equal(error?.name, "LtsNetworkError");
  assert.ok(isLtsError(error) && error instanceof Error);
  assert.match(error.message, /TypeError: fetch failed \(connect ECONNREFUSED 127\.0\.0\.1:9\)/);
  // ECONNREFUSED proves nothing was sent: it is retried by default, and says so.
  assert.equal(error.requestMayHaveBeenSent, false);
  const retried = await settle(client(foreignFetch("refused"), { retry: { baseDelayMs: 1 } }).registerDmsKafkaInstance(body("realm-refused-2")));
  assert.equal(retried.error.attempts, 3);
  const reason = await settle(client(foreignFetch("reason"), { retry: false }).registerDmsKafkaInstance(body("realm-reason")));
  assert.equal(reason.error?.name, "LtsNetworkError");
  assert.match(reason.error.message, /fetch rejected with "aborted by the proxy"/);
});

test("an AbortSignal-like object of another realm aborts a call", async () => {
  const early = foreignSignal();
  early.abort();
  const before = await settle(client(foreignFetch("whole")).registerDmsKafkaInstance(body("realm-abort-1"), { signal: early }));
  assert.equal(before.error?.name, "AbortError");
  assert.equal(before.error.requestMayHaveBeenSent, false);

  lts.queueFault({ match: "realm-abort-2", delayMs: 3000, status: 201, body: { instance_id: "late" } });
  const during = foreignSignal();
  setTimeout(() => during.abort(), 100);
  const started = Date.now();
  const r = await settle(client(fetch).registerDmsKafkaInstance(body("realm-abort-2"), { signal: during }));
  assert.equal(r.error?.name, "AbortError");
  assert.equal(r.error.requestMayHaveBeenSent, true);
  assert.ok(Date.now() - started < 2000, "the abort ended the call at once");
});

test("in Chromium, an iframe's fetch and AbortController work as the page's own", async () => {
  const site = await startConsole();
  const browser = await launchChromium();
  try {
    site.lts.queueFault({ match: "frame-stream", status: 201, chunked: true, body: { instance_id: "frame-stream" } });
    site.lts.queueFault({ match: "frame-slow", delayMs: 3000, status: 201, body: { instance_id: "late" } });
    const page = await browser.newPage();
    const pageErrors = [];
    page.on("pageerror", (e) => pageErrors.push(String(e)));
    await page.goto(site.url, { waitUntil: "load" });
    const results = await page.evaluate(
      async ({ projectId, token }) => {
        const { ready, LtsClient, isLtsError } = await import("/lts-kafka/index.js");
        await ready();
        const frame = document.createElement("iframe");
        document.body.append(frame);
        const w = frame.contentWindow;
        const endpoint = `${location.origin}/lts-proxy`;
        const settle = (p) => p.then((v) => ({ ok: v }), (e) => ({ name: e?.name, message: e?.message, code: e?.code, sent: e?.requestMayHaveBeenSent, lts: isLtsError(e), isError: e instanceof Error }));
        const out = {};
        const probe = await w.fetch(`${endpoint}/nothing`);
        const buffer = await probe.arrayBuffer();
        out.foreign = !(probe instanceof Response) && probe instanceof w.Response && !(buffer instanceof ArrayBuffer);
        const body = (instance_id) => ({ instance_id, kafka_name: "kafka-frame", connect_info: {} });
        const make = (fetch, extra = {}) => new LtsClient({ projectId, endpoint, credentials: { token }, fetch, ...extra });
        out.arrow = await settle(make((u, i) => w.fetch(u, i)).registerDmsKafkaInstance(body("frame-arrow")));
        out.bound = await settle(make(w.fetch.bind(w)).registerDmsKafkaInstance(body("frame-bound")));
        out.stream = await settle(make(w.fetch.bind(w)).registerDmsKafkaInstance(body("frame-stream")));
        out.duplicate = await settle(make(w.fetch.bind(w)).registerDmsKafkaInstance(body("frame-arrow")));
        const early = new w.AbortController();
        early.abort();
        out.abortBefore = await settle(make(w.fetch.bind(w)).registerDmsKafkaInstance(body("frame-abort"), { signal: early.signal }));
        const later = new w.AbortController();
        setTimeout(() => later.abort(), 100);
        out.abortDuring = await settle(make(w.fetch.bind(w)).registerDmsKafkaInstance(body("frame-slow"), { signal: later.signal }));
        const unreachable = new LtsClient({ projectId, endpoint: "http://127.0.0.1:9", credentials: { token }, fetch: w.fetch.bind(w), retry: false });
        out.refused = await settle(unreachable.registerDmsKafkaInstance(body("frame-refused")));
        return out;
      },
      { projectId: DEMO.projectId, token: DEMO.token },
    );
    assert.deepEqual(pageErrors, []);
    assert.equal(results.foreign, true, "the iframe's Response and ArrayBuffer are not the page's");
    for (const key of ["arrow", "bound", "stream"]) {
      assert.equal(results[key].ok?.instance_id, `frame-${key}`, `${key}: ${JSON.stringify(results[key])}`);
    }
    assert.equal(results.duplicate.name, "LtsApiError");
    assert.equal(results.duplicate.code, "LTS.1711");
    assert.equal(results.abortBefore.name, "AbortError");
    assert.equal(results.abortBefore.sent, false);
    assert.equal(results.abortDuring.name, "AbortError");
    assert.equal(results.abortDuring.sent, true);
    assert.equal(results.refused.name, "LtsNetworkError");
    assert.equal(results.refused.lts && results.refused.isError, true);
    assert.match(results.refused.message, /Failed to fetch; in a browser this is also how a CORS refusal looks/);
  } finally {
    await browser.close();
    await site.close();
  }
});
