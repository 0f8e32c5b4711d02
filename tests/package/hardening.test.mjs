// Hostile answers, inputs and caller objects against the built package: an answer that inflates
// past the bound, echoes of the secrets in every encoding, a signal-like object, a credentials
// function or a fetch that never settles, a body that never ends, a value with a million keys,
// a project id that is a dot segment, an answer with a key twice. Where the failure would be a
// crash or a memory blow-up, the client runs in a child process, bounded in time and memory.
// Needs the built package (`make build`).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { spawn } from "node:child_process";
import { createGzip } from "node:zlib";
import { LtsClient, isLtsError, validateRegisterDmsKafkaInstance } from "../../pkg/node.js";

const PROJECT = "0123456789abcdef0123456789abcdef";
const TOKEN = "MIIEtok+Qx7/vZ==kP3wR9sT2uY5nB8";
const PWD = 'Pa"ss\\wörd/2024';
const pkgNode = new URL("../../pkg/node.js", import.meta.url).href;
const settle = (p) => p.then((value) => ({ value }), (error) => ({ error }));

/** Runs `source` (an ES module) in a child Node process; resolves to { code, stdout, stderr }. */
function child(source, timeoutMs = 60_000) {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ["--max-old-space-size=512", "--input-type=module", "-e", source], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => {
      p.kill("SIGKILL");
      reject(new Error(`child still running after ${timeoutMs} ms: ${stdout} ${stderr}`));
    }, timeoutMs);
    p.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A gzip body of `size` zero bytes, compressed as it is made (never held inflated). */
function gzipOfZeros(size) {
  return new Promise((resolve, reject) => {
    const gzip = createGzip({ level: 9 });
    const parts = [];
    gzip.on("data", (d) => parts.push(d));
    gzip.on("end", () => resolve(Buffer.concat(parts)));
    gzip.on("error", reject);
    const chunk = Buffer.alloc(1 << 20);
    let left = size / chunk.length;
    const pump = () => {
      while (left > 0) {
        left--;
        if (!gzip.write(chunk)) return gzip.once("drain", pump);
      }
      gzip.end();
    };
    pump();
  });
}

let server;
let url;
let bomb;
before(async () => {
  bomb = await gzipOfZeros(512 << 20);
  server = createServer((req, res) => {
    if (req.url.includes("bomb")) {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip", "content-length": bomb.length });
      return res.end(bomb);
    }
    if (req.url.includes("busy")) {
      res.writeHead(503, { "content-type": "application/json", "retry-after": "0" });
      return res.end('{"error_code":"LTS.0001","error_msg":"busy"}');
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${server.address().port}`;
});
after(() => server.close());

test("an answer that inflates past 1 MiB is cut after 1 MiB of decoded bytes, whatever its Content-Length says", async () => {
  assert.ok(bomb.length < 1 << 20, `the compressed body (${bomb.length} B) declares less than the bound`);
  const { code, stdout, stderr } = await child(`
    import { LtsClient } from ${JSON.stringify(pkgNode)};
    const before = process.memoryUsage().rss;
    const client = new LtsClient({ projectId: "p", endpoint: ${JSON.stringify(url + "/bomb")}, credentials: { token: "t" }, retry: false });
    const error = await client.listTransfers().then(() => null, (e) => e);
    const grown = process.memoryUsage().rss - before;
    console.log(JSON.stringify({ name: error?.name, message: error?.message, grownMiB: grown / 1048576 }));
  `);
  assert.equal(code, 0, stderr);
  const out = JSON.parse(stdout);
  assert.equal(out.name, "LtsApiError", stdout);
  assert.match(out.message, /larger than 1024 KiB, which was not read/);
  // The old reader inflated all 512 MiB (and held it twice); the bound leaves room for the
  // runtime's own buffers.
  assert.ok(out.grownMiB < 128, `the process grew by ${out.grownMiB.toFixed(1)} MiB`);
});

test("a signal-like object without removeEventListener does not crash the process during a retry wait", async () => {
  const { code, stdout, stderr } = await child(`
    import { LtsClient } from ${JSON.stringify(pkgNode)};
    const client = new LtsClient({ projectId: "p", endpoint: ${JSON.stringify(url + "/busy")}, credentials: { token: "t" }, retry: { maxAttempts: 3, baseDelayMs: 20 } });
    const signal = { aborted: false, addEventListener() {} };
    const error = await client.listTransfers(undefined, { signal }).then(() => null, (e) => e);
    console.log(JSON.stringify({ name: error?.name, attempts: error?.attempts }));
  `);
  assert.equal(code, 0, stderr);
  assert.deepEqual(JSON.parse(stdout), { name: "LtsApiError", attempts: 3 });
});

test("a signal-like object whose methods throw is never called unguarded", async () => {
  const signal = {
    aborted: false,
    addEventListener() {
      throw new Error("no listeners here");
    },
    removeEventListener() {
      throw new Error("no listeners here");
    },
  };
  const client = new LtsClient({ projectId: PROJECT, endpoint: `${url}/busy`, credentials: { token: "t" }, retry: { maxAttempts: 2, baseDelayMs: 10 } });
  const { error } = await settle(client.listTransfers(undefined, { signal }));
  assert.equal(error?.name, "LtsApiError");
  assert.equal(error.attempts, 2);
});

test("a credentials function that never settles is bounded by timeoutMs, deadlineMs and the signal", async () => {
  const never = () => new Promise(() => {});
  const make = (extra) => new LtsClient({ projectId: PROJECT, endpoint: url, credentials: never, ...extra });
  const byTimeout = await settle(make({ timeoutMs: 150 }).listTransfers());
  assert.equal(byTimeout.error?.name, "TimeoutError");
  assert.match(byTimeout.error.message, /the credentials function did not settle within 150 ms/);
  assert.equal(byTimeout.error.attempts, 0);
  const byDeadline = await settle(make({ timeoutMs: 30_000, deadlineMs: 150 }).listTransfers());
  assert.equal(byDeadline.error?.name, "TimeoutError");
  assert.match(byDeadline.error.message, /deadlineMs/);
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 100);
  const byAbort = await settle(make({ timeoutMs: 30_000 }).listTransfers(undefined, { signal: ac.signal }));
  assert.equal(byAbort.error?.name, "AbortError");
});

test("a fetch, or a body stream, that ignores the abort cannot hold the call past its timeout", async () => {
  const hanging = {
    "a fetch that never settles": async () => new Promise(() => {}),
    "a body that never ends": async () => ({
      status: 200,
      headers: { get: () => null },
      body: { getReader: () => ({ read: () => new Promise(() => {}), cancel() {} }) },
    }),
    "an arrayBuffer() that never settles": async () => ({
      status: 200,
      headers: { get: () => null },
      body: null,
      arrayBuffer: () => new Promise(() => {}),
    }),
  };
  for (const [what, fetch] of Object.entries(hanging)) {
    const client = new LtsClient({ projectId: PROJECT, endpoint: url, credentials: { token: "t" }, fetch, timeoutMs: 150, retry: false });
    const { error } = await settle(client.listTransfers());
    assert.equal(error?.name, "TimeoutError", what);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const aborted = await settle(client.listTransfers(undefined, { signal: ac.signal, timeoutMs: 30_000 }));
    assert.equal(aborted.error?.name, "AbortError", what);
  }
});

test("a value with a million keys or a huge string is described by its size: one issue, no trap, memory kept", async () => {
  const { code, stdout, stderr } = await child(`
    import { validateRegisterDmsKafkaInstance, LtsClient } from ${JSON.stringify(pkgNode)};
    const keys = {};
    for (let i = 0; i < 1e6; i++) keys["k" + i] = i;
    const before = process.memoryUsage().rss;
    const results = [];
    for (const body of [keys, { instance_id: "i", kafka_name: "x".repeat(48 << 20), connect_info: {} }, Array.from({ length: 1e5 }, () => ({ a: [1, 2, 3] }))]) {
      results.push(validateRegisterDmsKafkaInstance(body));
    }
    const withKeys = { instance_id: "i", kafka_name: "k", connect_info: {} };
    for (let i = 0; i < 900; i++) withKeys["unknown_" + i] = 1;
    results.push(validateRegisterDmsKafkaInstance(withKeys));
    const grown = process.memoryUsage().rss - before;
    // The instance still works afterwards: no trap poisoned it.
    const after = validateRegisterDmsKafkaInstance({ instance_id: "i", kafka_name: "k", connect_info: {} });
    console.log(JSON.stringify({ results, after, grownMiB: grown / 1048576 }));
  `);
  assert.equal(code, 0, stderr);
  const { results, after, grownMiB } = JSON.parse(stdout);
  assert.equal(results[0].length, 1);
  assert.match(results[0][0].message, /object with 1000000 keys \(at most 1000 are read\)/);
  assert.equal(results[1].length, 1);
  assert.equal(results[1][0].path, "kafka_name");
  assert.match(results[1][0].message, /got 50331648/);
  assert.match(results[2][0].message, /value too large to read/);
  assert.equal(results[3].length, 50, "at most 50 issues are listed");
  assert.equal(results[3][49].rule, "too_many_issues");
  assert.match(results[3][49].message, /^and 851 more problems/);
  assert.deepEqual(after, []);
  assert.ok(grownMiB < 200, `the process grew by ${grownMiB.toFixed(1)} MiB`);
});

test("a project id that a URL would resolve away is refused before anything is sent", () => {
  for (const projectId of [".", "..", "%2e%2e"]) {
    assert.throws(
      () => new LtsClient({ projectId, endpoint: url, credentials: { token: "t" } }),
      (e) => isLtsError(e) && e.name === "LtsConfigError" && /must not be "\." or "\.\."/.test(e.message),
      projectId,
    );
  }
  assert.throws(
    () => new LtsClient({ projectId: PROJECT, endpoint: "http://evil.localhost:1234", credentials: { token: "t" } }),
    (e) => isLtsError(e) && /https:\/\//.test(e.message),
  );
});

test("an answer with a key twice is an error that names the key, never a result of another shape", async () => {
  const fetch = async () =>
    new Response('{"log_transfers":[],"log_transfers":[{"log_transfer_id":42}]}', {
      status: 200,
      headers: { "content-type": "application/json" },
    });
  const client = new LtsClient({ projectId: PROJECT, endpoint: url, credentials: { token: "t" }, fetch, retry: false });
  const { error } = await settle(client.listTransfers());
  assert.equal(error?.name, "LtsApiError", String(error));
  assert.match(error.message, /has the key "log_transfers" twice in one object/);
});

// --- echoes of the secrets ----------------------------------------------------------------

const percent = (s) => [...new TextEncoder().encode(s)].map((b) => "%" + b.toString(16).toUpperCase().padStart(2, "0")).join("");
const jsonInner = (s) => JSON.stringify(s).slice(1, -1);
const uEvery = (s) => s.split("").map((u) => "\\u" + u.charCodeAt(0).toString(16).padStart(4, "0")).join("");
const slashes = (s) => jsonInner(s).replaceAll("/", "\\/");
const ENCODINGS = { raw: (s) => s, json: jsonInner, "\\/": slashes, "\\u": uEvery, percent, "json of json": (s) => jsonInner(jsonInner(s)) };

/** Every run of 8 characters of each secret, in every encoding. */
function forbiddenRuns() {
  const runs = [];
  for (const secret of [TOKEN, PWD]) {
    const chars = [...secret];
    for (let i = 0; i + 8 <= chars.length; i++) {
      const run = chars.slice(i, i + 8).join("");
      for (const encode of Object.values(ENCODINGS)) runs.push(encode(run));
    }
  }
  return runs;
}

function assertNoSecret(what, text) {
  for (const run of forbiddenRuns()) assert.ok(!text.includes(run), `${what} holds ${JSON.stringify(run)}: ${text}`);
}

test("an echo of the token or the Kafka password leaves in no encoding: message, code, request id, record, cause", async () => {
  for (const [name, encode] of Object.entries(ENCODINGS)) {
    const shapes = {
      "in the message": (sent) => ({ status: 400, body: JSON.stringify({ error_code: "LTS.0009", error_msg: `echo ${encode(sent)}` }) }),
      "as the code": () => ({ status: 400, body: JSON.stringify({ error_code: encode(TOKEN), error_msg: "x" }) }),
      "as a plain body": (sent) => ({ status: 502, body: `proxy echo: ${encode(sent)}` }),
      "cut at 400 characters": (sent) => ({ status: 400, body: JSON.stringify({ error_code: "X", error_msg: "y".repeat(390) + encode(sent) }) }),
      "in a success": () => ({ status: 200, body: JSON.stringify({ instance_id: encode(PWD) }) }),
      "as the request id": () => ({ status: 400, body: "{}", requestId: encodeURIComponent(TOKEN).slice(0, 60) }),
    };
    for (const [shape, answer] of Object.entries(shapes)) {
      const records = [];
      const fetch = async (_url, init) => {
        const sent = `${init.headers["X-Auth-Token"]} ${init.body}`;
        const { status, body, requestId } = answer(sent);
        return new Response(body, { status, headers: requestId ? { "x-request-id": requestId } : {} });
      };
      const client = new LtsClient({ projectId: PROJECT, endpoint: url, credentials: { token: TOKEN }, fetch, retry: false, onAttempt: (r) => records.push(r) });
      const { value, error } = await settle(client.registerDmsKafkaInstance({ instance_id: "i", kafka_name: "k", connect_info: { user_name: "u", pwd: PWD } }));
      const seen = JSON.stringify({ value, error: error && { message: error.message, code: error.code, requestId: error.requestId, stack: error.stack }, records });
      assertNoSecret(`${name} ${shape}`, seen);
    }
  }
});

test("an echo at the onboarding's list or create step does not leak the Kafka password", async () => {
  for (const failAt of ["GET", "POST /transfers"]) {
    const fetch = async (u, init) => {
      const step = `${init.method} ${new URL(u).pathname.replace(`/v2/${PROJECT}`, "")}`;
      if (step.endsWith("kafka-instance")) {
        globalThis.lastRegistration = init.body;
        return new Response('{"instance_id":"3f4a92ff-7f65-489f-a36a-fadbaa0000a6"}', { status: 201 });
      }
      if (step.startsWith(failAt)) {
        return new Response(JSON.stringify({ error_code: "X", error_msg: `echo ${globalThis.lastRegistration}` }), { status: 400 });
      }
      return new Response('{"log_transfers":[]}', { status: 200 });
    };
    const client = new LtsClient({ projectId: PROJECT, endpoint: url, credentials: { token: TOKEN }, fetch, retry: false });
    const { error } = await settle(client.ensureKafkaTransfer({
      instance: { instance_id: "3f4a92ff-7f65-489f-a36a-fadbaa0000a6", kafka_name: "k", connect_info: { user_name: "u", pwd: PWD } },
      log_group_id: "9a7e2183-2d6d-4732-9a9b-e897fd4e49e0",
      log_streams: [{ log_stream_id: "839dac89-35af-4db2-ab4a-a7dda0d0d3f8" }],
      kafka_topic: "lts-logs",
    }));
    assert.equal(error?.name, "LtsApiError", failAt);
    assertNoSecret(failAt, JSON.stringify({ message: error.message, done: error.done, step: error.step }));
  }
});
