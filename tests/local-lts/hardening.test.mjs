// The local endpoint runs inside its users' test processes: nothing a client sends may end that
// process, fill its memory, or hand what it recorded to another origin. Where the failure would
// be a crash or a memory blow-up, the endpoint runs in a child process (endpoint-child.mjs) and
// the test checks it is still alive and serving afterwards. Only 127.0.0.1 is ever contacted.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import http from "node:http";
import net from "node:net";
import { ERRORS, LIMITS, startLocalLts } from "./server.mjs";

const CHILD = new URL("./endpoint-child.mjs", import.meta.url).pathname;
const TOKEN = "tok-hardening-0123456789abcdef";
const PROJECT = "0123456789abcdef0123456789abcdef";
const REGISTER_PATH = `/v2/${PROJECT}/lts/dms/kafka-instance`;
const JSON_CT = "application/json;charset=utf8";
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// --------------------------------------------------------------------------- test plumbing

/** One request over a fresh connection (node:http lets a test set Host, Origin, Sec-Fetch-Site). */
function request(port, { method = "GET", path = "/", headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path, headers, agent: false, timeout: 5000 }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json = null;
        try {
          json = JSON.parse(text);
        } catch {
          json = null;
        }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
    });
    req.on("timeout", () => req.destroy(new Error("no answer in 5 s")));
    req.on("error", reject);
    req.end(body);
  });
}

let instanceCounter = 0;
/** A valid registration: the endpoint is alive and answering the contract. */
function register(port) {
  const instance_id = `alive-${process.pid}-${++instanceCounter}`;
  return request(port, {
    method: "POST",
    path: REGISTER_PATH,
    headers: { "content-type": JSON_CT, "x-auth-token": TOKEN },
    body: JSON.stringify({ instance_id, kafka_name: "k", connect_info: {} }),
  });
}

/** Parses one HTTP/1.1 answer from raw bytes; null until it is complete. */
function parseAnswer(bytes) {
  const text = bytes.toString("latin1");
  const end = text.indexOf("\r\n\r\n");
  if (end < 0) return null;
  const [statusLine, ...lines] = text.slice(0, end).split("\r\n");
  const headers = {};
  for (const line of lines) {
    const at = line.indexOf(":");
    headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
  }
  const rest = bytes.subarray(end + 4); // latin1 maps bytes one to one
  let bodyBytes;
  if (/chunked/i.test(headers["transfer-encoding"] ?? "")) {
    const parts = [];
    let at = 0;
    for (;;) {
      const lineEnd = rest.indexOf("\r\n", at);
      if (lineEnd < 0) return null;
      const size = parseInt(rest.subarray(at, lineEnd).toString("latin1"), 16);
      if (!Number.isFinite(size)) return null;
      if (size === 0) break;
      if (rest.length < lineEnd + 2 + size + 2) return null;
      parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
    bodyBytes = Buffer.concat(parts);
  } else {
    const length = Number(headers["content-length"] ?? 0);
    if (rest.length < length) return null;
    bodyBytes = rest.subarray(0, length);
  }
  const body = bodyBytes.toString("utf8");
  let json = null;
  try {
    json = JSON.parse(body);
  } catch {
    json = null;
  }
  return { status: Number(statusLine.split(" ")[1]), headers, body, json };
}

/**
 * Writes `chunks` on a raw socket and reads the answer. Resolves { answer, closed, ms } when the
 * answer is complete (or, with waitForClose, when the server closes the connection), or when
 * timeoutMs passes; never rejects.
 */
function rawExchange(port, chunks, { timeoutMs = 3000, waitForClose = false } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect({ port, host: "127.0.0.1" });
    let data = Buffer.alloc(0);
    let settled = false;
    const finish = (closed) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ answer: parseAnswer(data), closed, ms: Date.now() - started });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.on("connect", () => {
      for (const c of chunks) socket.write(c);
    });
    socket.on("data", (d) => {
      data = Buffer.concat([data, d]);
      if (!waitForClose && parseAnswer(data)) finish(false);
    });
    socket.on("error", () => {});
    socket.on("close", () => finish(true));
  });
}

/** The endpoint in a child process: { port, alive(), stats(), stop() }. */
async function startChild(options) {
  const child = spawn(process.execPath, ["--expose-gc", CHILD, JSON.stringify(options)], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const lines = [];
  let waiter = null;
  createInterface({ input: child.stdout }).on("line", (line) => {
    if (waiter) waiter(line);
    else lines.push(line);
  });
  const nextLine = (ms) =>
    new Promise((resolve, reject) => {
      if (lines.length > 0) return resolve(lines.shift());
      const timer = setTimeout(() => {
        waiter = null;
        reject(new Error(`the endpoint process said nothing in ${ms} ms (exit ${child.exitCode}): ${stderr}`));
      }, ms);
      waiter = (line) => {
        waiter = null;
        clearTimeout(timer);
        resolve(line);
      };
    });
  const origin = await nextLine(10_000);
  const port = Number(new URL(origin).port);
  return {
    port,
    alive: () => child.exitCode === null && child.signalCode === null,
    stderr: () => stderr,
    async stats() {
      child.stdin.write("stats\n");
      return JSON.parse(await nextLine(10_000));
    },
    stop() {
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      });
    },
  };
}

/** The child is still running and still answers a valid registration with 201. */
async function assertServing(endpoint, after) {
  await sleep(100); // a crash from an unhandled rejection lands within a tick or two
  assert.ok(endpoint.alive(), `the endpoint process died after ${after}:\n${endpoint.stderr()}`);
  const r = await register(endpoint.port);
  assert.equal(r.status, 201, `after ${after}: ${r.text}`);
}

let lts;
before(async () => {
  lts = await startLocalLts({ tokens: { [TOKEN]: PROJECT } });
});
after(() => lts.close());

// ------------------------------------------------------------------- malformed requests

test("malformed request lines, targets, headers and bodies get JSON answers and the process keeps serving", { timeout: 30_000 }, async () => {
  const endpoint = await startChild({ tokens: { [TOKEN]: PROJECT } });
  try {
    const host = `Host: 127.0.0.1:${endpoint.port}\r\n`;
    const cases = [
      ["GET //", `GET // HTTP/1.1\r\n${host}Connection: close\r\n\r\n`, 404, "APIGW.0101"],
      ["GET ///__control/received", `GET ///__control/received HTTP/1.1\r\n${host}Connection: close\r\n\r\n`, 404, "APIGW.0101"],
      ["an absolute-form target with a bad URL", `GET http://[bad/ HTTP/1.1\r\n${host}Connection: close\r\n\r\n`, 400, "LOCAL.0400"],
      ["an absolute-form target with an empty path", `GET http://127.0.0.1:1//v2 HTTP/1.1\r\n${host}Connection: close\r\n\r\n`, 404, "APIGW.0101"],
      ["the asterisk form", `OPTIONS * HTTP/1.1\r\n${host}Connection: close\r\n\r\n`, 400, "LOCAL.0400"],
      ["a bad percent-encoding in the project", `POST /v2/%zz/lts/dms/kafka-instance HTTP/1.1\r\n${host}Content-Length: 0\r\nConnection: close\r\n\r\n`, 404, "APIGW.0101"],
      ["a request line that is not HTTP", "GARBAGE\r\n\r\n", 400, "LOCAL.0400"],
      ["an HTTP/1.1 request without Host", "GET / HTTP/1.1\r\nConnection: close\r\n\r\n", 400, "LOCAL.0400"],
      ["headers over 16 KiB", `GET / HTTP/1.1\r\n${host}X-Big: ${"a".repeat(20_000)}\r\n\r\n`, 431, "LOCAL.0431"],
      ["a broken chunked body", `POST ${REGISTER_PATH} HTTP/1.1\r\n${host}Transfer-Encoding: chunked\r\n\r\nzz\r\n`, 400, "LOCAL.0400"],
      ["a header with a control character", `GET / HTTP/1.1\r\n${host}X-A: a\x01b\r\n\r\n`, 400, "LOCAL.0400"],
      ["a signed header named __proto__", `POST ${REGISTER_PATH} HTTP/1.1\r\n${host}X-Sdk-Date: 20240101T000000Z\r\nAuthorization: SDK-HMAC-SHA256 Access=AK, SignedHeaders=__proto__;host;x-sdk-date, Signature=00\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`, 401, "APIGW.0301"],
    ];
    for (const [what, bytes, status, code] of cases) {
      const { answer } = await rawExchange(endpoint.port, [bytes]);
      assert.ok(answer, `${what}: no answer`);
      assert.equal(answer.status, status, `${what}: ${answer.body}`);
      assert.equal(answer.json?.error_code, code, `${what}: ${answer.body}`);
      assert.match(answer.headers["x-request-id"] ?? "", /^[0-9a-f]{32}$/, what);
      await assertServing(endpoint, what);
    }
  } finally {
    await endpoint.stop();
  }
});

test("a failure inside the endpoint is a JSON 500, not a crash", { timeout: 20_000 }, async () => {
  // A seeded transfer whose log group the endpoint does not know: updating its streams looks
  // the group up and finds nothing.
  const transfer = {
    log_group_id: "6f0c1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a99",
    log_group_name: "unknown-group",
    log_streams: [],
    log_transfer_id: "6f0c1a2b-3c4d-4e5f-8a6b-7c8d9e0f1c99",
    log_transfer_info: { log_transfer_type: "DMS", log_transfer_detail: {} },
  };
  const endpoint = await startChild({ tokens: { [TOKEN]: PROJECT }, transfers: [transfer], transfersProject: PROJECT });
  try {
    const r = await request(endpoint.port, {
      method: "PUT",
      path: `/v2/${PROJECT}/transfers`,
      headers: { "content-type": "application/json", "x-auth-token": TOKEN },
      body: JSON.stringify({
        log_transfer_id: transfer.log_transfer_id,
        log_streams: [{ log_stream_id: "6f0c1a2b-3c4d-4e5f-8a6b-7c8d9e0f1b99" }],
        log_transfer_info: { log_storage_format: "JSON", log_transfer_status: "ENABLE", log_transfer_detail: {} },
      }),
    });
    assert.equal(r.status, 500, r.text);
    assert.equal(r.json.error_code, ERRORS.internal[1]);
    await assertServing(endpoint, "an internal failure");
  } finally {
    await endpoint.stop();
  }
});

// ----------------------------------------------------------------------------------- faults

test("control writes need application/json, and malformed faults get 400 naming the field and the rule", { timeout: 30_000 }, async () => {
  const endpoint = await startChild({ tokens: { [TOKEN]: PROJECT } });
  const post = (path, body, contentType = "application/json") =>
    request(endpoint.port, { method: "POST", path, headers: contentType ? { "content-type": contentType } : {}, body });
  try {
    // A page can send text/plain anywhere without a preflight: it must not queue anything.
    for (const ct of ["text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", null]) {
      const r = await post("/__control/faults", JSON.stringify({ status: 503 }), ct);
      assert.equal(r.status, 415, `${ct}: ${r.text}`);
      assert.match(r.json.error, /Content-Type: application\/json/);
      const reset = await post("/__control/reset", "{}", ct);
      assert.equal(reset.status, 415, `reset with ${ct}`);
    }
    await assertServing(endpoint, "text/plain control writes (nothing was queued)");

    const cases = [
      ["[null]", /^faults\[0\] must be an object$/],
      ['"x"', /^fault must be an object$/],
      ['{"status":99}', /^fault\.status must be an integer from 200 to 599$/],
      ['{"status":"500"}', /^fault\.status must be an integer from 200 to 599$/],
      ['{"status":1000}', /^fault\.status must be an integer from 200 to 599$/],
      ['{"headers":{"x-a":"a\\nb"}}', /^fault\.headers\.x-a must not contain CR, LF/],
      ['{"headers":{"x-a":"a\\r\\nSet-Cookie: s=1"}}', /^fault\.headers\.x-a must not contain CR, LF/],
      ['{"headers":{"bad name":"x"}}', /^fault\.headers has a name that is not an HTTP token/],
      ['{"headers":{"x-a":1}}', /^fault\.headers\.x-a must be a string/],
      ['{"headers":[]}', /^fault\.headers must be an object/],
      ['{"bodyBytes":1e12}', new RegExp(`^fault\\.bodyBytes must be an integer from 0 to ${LIMITS.maxFaultBodyBytes}$`)],
      ['{"bodyBytes":-1}', /^fault\.bodyBytes must be an integer/],
      ['{"delayMs":1e9}', new RegExp(`^fault\\.delayMs must be a number from 0 to ${LIMITS.maxFaultDelayMs}$`)],
      ['{"delayMs":-5}', /^fault\.delayMs must be a number/],
      ['{"reset":"yes"}', /^fault\.reset must be true or false$/],
      ['{"requestId":"x"}', /^fault\.requestId may only be null/],
      ['{"stauts":500}', /^fault has an unknown field stauts/],
      ['{"match":5}', /^fault\.match must be a string/],
      ['[{"status":503},{"status":99}]', /^faults\[1\]\.status must be an integer from 200 to 599$/],
      ["{not json", /^the body must be JSON/],
    ];
    for (const [body, message] of cases) {
      const r = await post("/__control/faults", body);
      assert.equal(r.status, 400, `${body}: ${r.text}`);
      assert.match(r.json.error, message, body);
      await assertServing(endpoint, `POST /__control/faults ${body}`);
    }
    // A good fault still queues and answers.
    const q = await post("/__control/faults", JSON.stringify({ status: 503, headers: { "retry-after": "1" }, body: "" }));
    assert.equal(q.status, 200, q.text);
    assert.equal((await register(endpoint.port)).status, 503);
    await assertServing(endpoint, "a valid fault");
  } finally {
    await endpoint.stop();
  }
});

test("faults given from Node are checked: queueFault throws, a bad run fault rejects at start", async () => {
  const cycle = {};
  cycle.self = cycle;
  const hostile = new Proxy({}, { ownKeys() { throw new Error("trap"); } });
  const cases = [
    [null, /fault must be an object/],
    [[], /fault must be an object/],
    [{ status: 99 }, /fault\.status must be an integer from 200 to 599/],
    [{ headers: { "x-a": "a\r\nb" } }, /fault\.headers\.x-a must not contain CR, LF/],
    [{ headers: { "x-a": "😀" } }, /above U\+00FF/],
    [{ bodyBytes: 2 ** 40 }, /fault\.bodyBytes must be an integer from 0/],
    [{ delayMs: Infinity }, /fault\.delayMs must be a number from 0/],
    [{ body: cycle }, /fault\.body must be a string or a JSON value/],
    [{ body: 10n }, /fault\.body must be a string or a JSON value/],
    [hostile, /fault could not be read/],
  ];
  for (const [fault, message] of cases) {
    assert.throws(() => lts.queueFault(fault), (e) => e.name === "TypeError" && message.test(e.message), String(message));
  }
  await assert.rejects(startLocalLts({ fault: { status: 99 } }), (e) => e.name === "TypeError" && /options\.fault\.status/.test(e.message));
  await assert.rejects(startLocalLts({ faultFor: "no" }), (e) => e.name === "TypeError" && /faultFor must be a function/.test(e.message));
  // Nothing invalid was queued: the contract answers.
  assert.equal((await register(lts.port)).status, 201);
});

test("a bad fault from faultFor is a JSON 500 with a clear message, never a crash, and never echoes the body", { timeout: 30_000 }, async () => {
  const endpoint = await startChild({ tokens: { [TOKEN]: PROJECT }, faultFor: "by-marker" });
  try {
    const cases = [
      ["ff-invalid-status", /faultFor returned.*status must be an integer from 200 to 599/],
      ["ff-header-newline", /faultFor returned.*headers\.x-a must not contain CR, LF/],
      ["ff-huge-body", /faultFor returned.*bodyBytes must be an integer/],
      ["ff-throws", /faultFor threw SyntaxError/],
      ["ff-promise", /faultFor must return a fault or null synchronously/],
    ];
    for (const [marker, message] of cases) {
      const r = await request(endpoint.port, {
        method: "POST",
        path: REGISTER_PATH,
        headers: { "content-type": JSON_CT, "x-auth-token": TOKEN },
        body: JSON.stringify({ instance_id: marker, kafka_name: "k", connect_info: { user_name: "u", pwd: "pwd-must-not-leak" } }),
      });
      assert.equal(r.status, 500, `${marker}: ${r.text}`);
      assert.equal(r.json.error_code, ERRORS.badFault[1], marker);
      assert.match(r.json.error_msg, message, marker);
      assert.ok(!r.text.includes("pwd-must-not-leak"), `${marker}: the answer quotes the body: ${r.text}`);
      await assertServing(endpoint, marker);
    }
  } finally {
    await endpoint.stop();
  }
});

// ---------------------------------------------------------------------- control and origins

test("control routes refuse other origins, other sites and other Host names, with no CORS headers, even with cors: true", async () => {
  const open = await startLocalLts({ cors: true, tokens: { [TOKEN]: PROJECT } });
  try {
    const own = `127.0.0.1:${open.port}`;
    // Something recorded that a page must not read: a token.
    assert.equal((await register(open.port)).status, 201);
    const refused = [
      ["GET", "/__control/received", { origin: "http://evil.example" }],
      ["GET", "/__control/received", { origin: "null" }],
      ["GET", "/__control/received", { origin: `http://127.0.0.1:${open.port + 1}` }],
      ["GET", "/__control/received", { "sec-fetch-site": "cross-site" }],
      ["GET", "/__control/received", { "sec-fetch-site": "same-site" }],
      // DNS rebinding: the page's own origin, the endpoint's address under another name.
      ["GET", "/__control/received", { host: `evil.example:${open.port}` }],
      ["POST", "/__control/reset", { origin: "http://evil.example", "content-type": "application/json" }],
      ["POST", "/__control/faults", { origin: "http://evil.example", "content-type": "application/json" }],
      ["OPTIONS", "/__control/faults", { origin: "http://evil.example", "access-control-request-method": "POST" }],
    ];
    for (const [method, path, headers] of refused) {
      const r = await request(open.port, { method, path, headers, body: method === "POST" ? '{"status":503}' : undefined });
      const what = `${method} ${path} ${JSON.stringify(headers)}`;
      assert.equal(r.status, 403, `${what}: ${r.text}`);
      assert.equal(r.headers["access-control-allow-origin"], undefined, what);
      assert.ok(!r.text.includes(TOKEN), `${what} leaked the token`);
    }
    // Nothing was reset or queued by the refused writes.
    assert.equal(open.received.length, 1);
    assert.equal((await register(open.port)).status, 201);

    for (const headers of [{}, { origin: `http://${own}` }, { origin: `http://localhost:${open.port}` }, { "sec-fetch-site": "same-origin" }, { "sec-fetch-site": "none" }]) {
      const r = await request(open.port, { path: "/__control/received", headers });
      assert.equal(r.status, 200, JSON.stringify(headers));
      assert.equal(r.headers["access-control-allow-origin"], undefined, JSON.stringify(headers));
      assert.equal(r.json.length, 2);
    }
    // The API itself still answers any origin with cors: true (browser tests rely on it).
    const api = await request(open.port, { method: "OPTIONS", path: REGISTER_PATH, headers: { origin: "http://evil.example" } });
    assert.equal(api.status, 204);
    assert.equal(api.headers["access-control-allow-origin"], "http://evil.example");
  } finally {
    await open.close();
  }
});

test("cors takes a list of origins, and controlOrigins lets a listed test page use the control routes", async () => {
  const page = "http://127.0.0.1:9";
  const listed = await startLocalLts({ cors: ["http://a.test"], controlOrigins: [page], tokens: { [TOKEN]: PROJECT } });
  try {
    const a = await request(listed.port, { method: "OPTIONS", path: REGISTER_PATH, headers: { origin: "http://a.test" } });
    assert.equal(a.status, 204);
    assert.equal(a.headers["access-control-allow-origin"], "http://a.test");
    const b = await request(listed.port, { method: "OPTIONS", path: REGISTER_PATH, headers: { origin: "http://b.test" } });
    assert.equal(b.status, 404);
    assert.equal(b.headers["access-control-allow-origin"], undefined);

    const preflight = await request(listed.port, { method: "OPTIONS", path: "/__control/faults", headers: { origin: page, "access-control-request-method": "POST" } });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers["access-control-allow-origin"], page);
    assert.match(preflight.headers["access-control-allow-headers"], /content-type/);
    const queued = await request(listed.port, {
      method: "POST",
      path: "/__control/faults",
      headers: { origin: page, "content-type": "application/json", "sec-fetch-site": "same-site" },
      body: JSON.stringify({ status: 502 }),
    });
    assert.equal(queued.status, 200, queued.text);
    assert.equal(queued.headers["access-control-allow-origin"], page);
    assert.equal((await register(listed.port)).status, 502);
    // Another origin still gets nothing.
    const other = await request(listed.port, { path: "/__control/received", headers: { origin: "http://a.test" } });
    assert.equal(other.status, 403);
  } finally {
    await listed.close();
  }
  for (const [options, message] of [
    [{ cors: "yes" }, /cors must be true, false or a list of origins/],
    [{ cors: ["http://a.test/path"] }, /must be an origin/],
    [{ controlOrigins: "http://a.test" }, /controlOrigins must be a list of origins/],
    [{ controlOrigins: ["*"] }, /must be an origin/],
  ]) {
    await assert.rejects(startLocalLts(options), (e) => e.name === "TypeError" && message.test(e.message), JSON.stringify(options));
  }
});

// ------------------------------------------------------------------------- the request log

test("the request log keeps at most maxReceived entries, oldest dropped first, each body cut with a flag", async () => {
  const small = await startLocalLts({ maxReceived: 5, maxReceivedBodyBytes: 9, tokens: { [TOKEN]: PROJECT } });
  try {
    for (let i = 0; i < 8; i++) {
      await request(small.port, { method: "POST", path: `${REGISTER_PATH}?n=${i}`, headers: { "content-type": JSON_CT }, body: `éééééé-${i}` });
    }
    assert.deepEqual(small.received.map((r) => r.path.split("=")[1]), ["3", "4", "5", "6", "7"]);
    for (const r of small.received) {
      // 9 bytes would split the fifth "é": the cut falls before it, never inside a character.
      assert.equal(r.body, "éééé");
      assert.equal(r.bodyBytes, Buffer.byteLength("éééééé-0"));
      assert.equal(r.bodyTruncated, true);
    }
    small.reset();
    await request(small.port, { method: "POST", path: REGISTER_PATH, headers: { "content-type": JSON_CT }, body: "short" });
    assert.equal(small.received[0].body, "short");
    assert.equal(small.received[0].bodyTruncated, false);
  } finally {
    await small.close();
  }

  const capped = await startLocalLts({ maxReceivedBytes: 8192, tokens: { [TOKEN]: PROJECT } });
  try {
    for (let i = 0; i < 20; i++) {
      await request(capped.port, { method: "POST", path: `${REGISTER_PATH}?n=${i}`, headers: { "content-type": JSON_CT }, body: "x".repeat(2000) });
    }
    assert.ok(capped.received.length >= 1 && capped.received.length <= 4, `${capped.received.length} entries kept`);
    assert.equal(capped.received.at(-1).path, `${REGISTER_PATH}?n=19`);
  } finally {
    await capped.close();
  }
  for (const options of [{ maxReceived: -1 }, { maxReceived: 1.5 }, { maxReceivedBodyBytes: 2 << 20 }, { maxConnections: 0 }, { headersTimeoutMs: 60_000, requestTimeoutMs: 1000 }]) {
    await assert.rejects(startLocalLts(options), (e) => e.name === "TypeError", JSON.stringify(options));
  }
});

test("150 requests of 1 MiB leave the endpoint's heap flat: 64 KiB kept of each body", { timeout: 60_000 }, async () => {
  const endpoint = await startChild({ tokens: { [TOKEN]: PROJECT } });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  try {
    const before = await endpoint.stats();
    const body = JSON.stringify({ instance_id: "big", kafka_name: "k", connect_info: {}, pad: "x".repeat(LIMITS.maxBodyBytes - 100) });
    assert.ok(Buffer.byteLength(body) <= LIMITS.maxBodyBytes);
    const one = () =>
      new Promise((resolve, reject) => {
        const req = http.request(
          { host: "127.0.0.1", port: endpoint.port, method: "POST", path: REGISTER_PATH, agent, headers: { "content-type": JSON_CT, "x-auth-token": TOKEN } },
          (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode));
          },
        );
        req.on("error", reject);
        req.end(body);
      });
    for (let sent = 0; sent < 150; sent += 10) {
      const statuses = await Promise.all(Array.from({ length: 10 }, one));
      for (const s of statuses) assert.equal(s, 400); // the unknown field "pad"
    }
    const afterwards = await endpoint.stats();
    const grew = afterwards.heapUsed + afterwards.external - (before.heapUsed + before.external);
    assert.ok(grew < 48 * 2 ** 20, `the heap grew by ${Math.round(grew / 2 ** 20)} MiB`);
    assert.ok(afterwards.longestBody <= LIMITS.defaults.maxReceivedBodyBytes, `a body of ${afterwards.longestBody} characters was kept`);
    assert.equal(afterwards.received, 150);
    assert.equal(afterwards.truncated, 150);
    await assertServing(endpoint, "150 bodies of 1 MiB");
  } finally {
    agent.destroy();
    await endpoint.stop();
  }
});

// ------------------------------------------------------------------- connections and bodies

test("a body over 1 MiB is refused from its Content-Length or its bytes, without reading the rest", { timeout: 20_000 }, async () => {
  lts.reset();
  const head = (extra) => `POST ${REGISTER_PATH} HTTP/1.1\r\nHost: 127.0.0.1:${lts.port}\r\nContent-Type: ${JSON_CT}\r\n${extra}\r\n`;
  // 100 MiB announced, 1 KiB sent: the answer comes without waiting for the other 99.99 MiB.
  const declared = await rawExchange(lts.port, [head("Content-Length: 104857600\r\n"), "{".repeat(1024)], { timeoutMs: 3000, waitForClose: true });
  assert.ok(declared.answer, "no answer to a 100 MiB Content-Length");
  assert.equal(declared.answer.status, 413);
  assert.equal(declared.answer.json.error_code, ERRORS.tooLarge[1]);
  assert.equal(declared.closed, true, "the connection stays open for the rest of the body");
  assert.equal(lts.received.at(-1).bodyBytes, 104857600);
  assert.equal(lts.received.at(-1).bodyTruncated, true);

  // Chunked: no length up front; refused once the bytes pass the limit, the end never sent.
  const chunk = Buffer.alloc(65536, "a");
  const chunks = [head("Transfer-Encoding: chunked\r\n")];
  for (let i = 0; i < 18; i++) chunks.push(`${chunk.length.toString(16)}\r\n`, chunk, "\r\n");
  const streamed = await rawExchange(lts.port, chunks, { timeoutMs: 3000, waitForClose: true });
  assert.ok(streamed.answer, "no answer to a chunked body over 1 MiB");
  assert.equal(streamed.answer.status, 413);
  assert.equal(streamed.closed, true);
  const entry = lts.received.at(-1);
  assert.ok(entry.bodyBytes > LIMITS.maxBodyBytes);
  assert.ok(entry.body.length <= LIMITS.defaults.maxReceivedBodyBytes);
  assert.equal((await register(lts.port)).status, 201);
});

test("connections are capped, and slow or silent ones are closed by the header, request and keep-alive timeouts", { timeout: 30_000 }, async () => {
  const endpoint = await startChild({
    tokens: { [TOKEN]: PROJECT },
    maxConnections: 8,
    headersTimeoutMs: 1000,
    requestTimeoutMs: 2000,
    keepAliveTimeoutMs: 500,
  });
  const slow = [];
  try {
    // Slowloris: eight connections that each send a header line every 200 ms, never the end.
    for (let i = 0; i < 8; i++) {
      const socket = net.connect({ port: endpoint.port, host: "127.0.0.1" });
      const held = { socket, data: "", closedAt: null, opened: Date.now() };
      socket.on("error", () => {});
      socket.on("data", (d) => (held.data += d));
      socket.on("close", () => (held.closedAt = Date.now()));
      socket.write(`GET ${REGISTER_PATH} HTTP/1.1\r\nHost: 127.0.0.1:${endpoint.port}\r\n`);
      held.drip = setInterval(() => {
        if (held.closedAt === null) socket.write("X-Drip: 1\r\n");
      }, 200);
      slow.push(held);
    }
    await sleep(300);
    const ninth = await rawExchange(endpoint.port, [`GET / HTTP/1.1\r\nHost: 127.0.0.1:${endpoint.port}\r\nConnection: close\r\n\r\n`], { timeoutMs: 2000 });
    assert.ok(ninth.answer, "a ninth connection was neither answered nor refused");
    assert.equal(ninth.answer.status, 503);
    assert.equal(ninth.answer.json.error_code, ERRORS.tooManyConnections[1]);

    // Each slow connection gets a 408 within the header timeout and the 1 s check.
    const deadline = Date.now() + 5000;
    while (slow.some((h) => h.closedAt === null) && Date.now() < deadline) await sleep(50);
    for (const h of slow) {
      assert.notEqual(h.closedAt, null, "a slowloris connection is still open after 5 s");
      assert.ok(h.closedAt - h.opened < 4000, `closed after ${h.closedAt - h.opened} ms`);
      assert.match(h.data, /^HTTP\/1\.1 408 /);
      assert.match(h.data, /LOCAL\.0408/);
    }
    await assertServing(endpoint, "eight slowloris connections");

    // A connection that sends nothing at all, and a body that stops halfway, are closed too.
    const silent = await rawExchange(endpoint.port, [], { timeoutMs: 5000, waitForClose: true });
    assert.equal(silent.closed, true, "a silent connection is still open after 5 s");
    const halfBody = await rawExchange(
      endpoint.port,
      [`POST ${REGISTER_PATH} HTTP/1.1\r\nHost: 127.0.0.1:${endpoint.port}\r\nContent-Length: 100\r\n\r\n0123456789`],
      { timeoutMs: 6000, waitForClose: true },
    );
    assert.equal(halfBody.closed, true, "a request whose body stopped is still open after 6 s");
    assert.equal(halfBody.answer?.status, 408);

    // An idle kept-alive connection is closed after keepAliveTimeoutMs.
    const idle = await rawExchange(endpoint.port, [`GET / HTTP/1.1\r\nHost: 127.0.0.1:${endpoint.port}\r\n\r\n`], { timeoutMs: 3000, waitForClose: true });
    assert.equal(idle.answer?.status, 404);
    assert.equal(idle.closed, true, "an idle kept-alive connection is still open after 3 s");
    await assertServing(endpoint, "the timeouts");
  } finally {
    for (const h of slow) {
      clearInterval(h.drip);
      h.socket.destroy();
    }
    await endpoint.stop();
  }
});

// --------------------------------------------------------------------------- tokens, close

test("an unknown token's 401 keeps APIGW.0301 and says how many tokens the endpoint knows and how to give them, never a value", async () => {
  const send = (port, token) =>
    request(port, {
      method: "POST",
      path: REGISTER_PATH,
      headers: { "content-type": JSON_CT, "x-auth-token": token },
      body: JSON.stringify({ instance_id: "i", kafka_name: "k", connect_info: {} }),
    });
  const none = await startLocalLts();
  const reversed = await startLocalLts({ tokens: { [PROJECT]: TOKEN } });
  try {
    const r = await send(none.port, TOKEN);
    assert.equal(r.status, 401);
    assert.equal(r.json.error_code, "APIGW.0301");
    assert.match(r.json.error_msg, /decrypt token fail/);
    assert.match(r.json.error_msg, /knows 0 tokens/);
    assert.ok(r.json.error_msg.includes('startLocalLts({ tokens: { "<token>": "<project id>" } })'), r.json.error_msg);
    assert.ok(!r.text.includes(TOKEN));

    const w = await send(reversed.port, TOKEN);
    assert.equal(w.status, 401);
    assert.match(w.json.error_msg, /knows 1 token;/);
    assert.match(w.json.error_msg, /configured as a project id: the map goes from token to project id/);
    assert.ok(!w.text.includes(TOKEN) && !w.text.includes(PROJECT), w.text);
  } finally {
    await none.close();
    await reversed.close();
  }
});

test("the control object closes with Symbol.asyncDispose, and closing twice is harmless", async () => {
  const disposable = await startLocalLts({ tokens: { [TOKEN]: PROJECT } });
  assert.equal(typeof disposable[Symbol.asyncDispose], "function");
  assert.equal((await register(disposable.port)).status, 201);
  await disposable[Symbol.asyncDispose]();
  await disposable.close();
  await assert.rejects(register(disposable.port));
});

test("close() ends a pending fault delay, so the process that started the endpoint can exit", { timeout: 15_000 }, async () => {
  // A delay left running would hold the user's test process open for up to a minute after close().
  const script = `
    import { startLocalLts } from ${JSON.stringify(new URL("./server.mjs", import.meta.url).href)};
    const lts = await startLocalLts({ tokens: { t: "p" } });
    lts.queueFault({ delayMs: 60000, status: 201 });
    fetch(lts.url + "/v2/p/lts/dms/kafka-instance", { method: "POST", body: "{}" }).catch(() => {});
    setTimeout(async () => { await lts.close(); console.log("closed"); }, 200);
  `;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  const started = Date.now();
  const exited = await new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), 5000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  if (!exited) child.kill("SIGKILL");
  assert.equal(out.trim(), "closed");
  assert.ok(exited, "the process was still running 5 s after close(): a fault delay holds it open");
  assert.ok(Date.now() - started < 5000);
});
