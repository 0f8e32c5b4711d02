// The console server (serve.mjs, the package's console/server.mjs) over raw sockets: the
// security headers on every answer, and request lines and paths it cannot read answered 400 or
// 404 without stopping it; the same-origin proxy in front of another endpoint (what it forwards
// and returns, its bounds); the command line. The crash cases run the server as `make demo`
// does, in a child process, so a crash shows as its exit.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer as createHttpServer, request as httpRequest } from "node:http";
import { connect, createServer } from "node:net";
import { startLocalLts } from "../local-lts/server.mjs";
import { startConsole, connectOrigin } from "./serve.mjs";
import { commandLine, endpointTarget, hostWarning, iamEndpointTarget, regionEndpoint, regionIamEndpoint } from "../../pkg-template/console/server.mjs";

const SERVE = new URL("./serve.mjs", import.meta.url).pathname;
const POLICY =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; object-src 'none'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const SECURITY_HEADERS = {
  "content-security-policy": POLICY,
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
};

/**
 * Sends `text` as it is on a new connection to 127.0.0.1:port and resolves to the answer's
 * status and headers (status 0: the connection closed without one). Bounded by `timeoutMs`.
 */
function rawRequest(port, text, timeoutMs = 5000) {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    const chunks = [];
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      const answer = Buffer.concat(chunks).toString("latin1");
      const [head, ...rest] = answer.split("\r\n\r\n");
      const [statusLine, ...lines] = head.split("\r\n");
      const headers = {};
      for (const line of lines) {
        const at = line.indexOf(":");
        if (at > 0) headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim();
      }
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1] ?? 0), headers, body: rest.join("\r\n\r\n") });
    };
    const timer = setTimeout(done, timeoutMs);
    socket.on("data", (c) => chunks.push(c));
    socket.on("error", done);
    socket.on("close", done);
    // Written, not ended: a half-closed connection may be dropped before an async answer.
    socket.write(text, "latin1");
  });
}

const get = (port, target) => rawRequest(port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);

function assertSecurityHeaders(answer, what) {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) assert.equal(answer.headers[name], value, `${what}: ${name}`);
}

/** serve.mjs in a child process, as `make demo` runs it; resolves once it prints its URL. */
async function startChild(args = []) {
  const child = spawn(process.execPath, [SERVE, "--port", "0", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 10 s: ${output}`)), 10_000);
    const read = (c) => {
      output += c;
      const m = /The admin console: http:\/\/127\.0\.0\.1:(\d+)\//.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", (c) => (output += c));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}: ${output}`));
    });
  });
  child.stderr.on("data", (c) => (output += c));
  return {
    port,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

test("every answer carries the policy, frame refusal, no-referrer and nosniff: files, errors and the proxy's", async () => {
  const site = await startConsole();
  try {
    const port = Number(new URL(site.url).port);
    const cases = [
      ["/", 200],
      ["/index.html", 200],
      ["/console.js", 200],
      ["/console.css", 200],
      ["/no-such-file", 404],
      ["/%zz", 400],
      ["/lts-proxy/v2/nothing", 404],
    ];
    for (const [target, status] of cases) {
      const answer = await get(port, target);
      assert.equal(answer.status, status, target);
      assertSecurityHeaders(answer, target);
    }
    const post = await rawRequest(port, "POST /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    assert.equal(post.status, 405);
    assertSecurityHeaders(post, "POST");
    const unparsable = await rawRequest(port, "GET /a b c HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    assert.equal(unparsable.status, 400);
    assertSecurityHeaders(unparsable, "a request line Node cannot parse");
  } finally {
    await site.close();
  }
});

test("--connect adds an origin to connect-src, in the header and in the page's meta policy alike", async () => {
  const site = await startConsole({ connect: ["http://127.0.0.1:9/"] });
  try {
    const page = await get(Number(new URL(site.url).port), "/");
    const expected = POLICY.replace("connect-src 'self'", "connect-src 'self' http://127.0.0.1:9");
    assert.equal(page.headers["content-security-policy"], expected);
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/i.exec(page.body)?.[1];
    assert.equal(meta, expected.replace("; frame-ancestors 'none'", ""));
  } finally {
    await site.close();
  }
  assert.equal(connectOrigin("https://lts.example.com"), "https://lts.example.com");
  assert.equal(connectOrigin("https://*.myhuaweicloud.com/"), "https://*.myhuaweicloud.com");
  for (const bad of ["https://a.example/path", "https://a.example;script-src *", "https://*", "ftp://a.example", "'unsafe-eval'", "*", "https://a.example?x"]) {
    assert.throws(() => connectOrigin(bad), /--connect/, bad);
  }
});

test("a bad --connect stops the command line with a message, before it serves anything", async () => {
  const child = spawn(process.execPath, [SERVE, "--port", "0", "--connect", "https://a.example/; script-src *"], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (c) => (stderr += c));
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  const code = await new Promise((resolve) => child.once("exit", resolve));
  clearTimeout(timer);
  assert.equal(code, 2);
  assert.match(stderr, /--connect .*origin alone/);
});

test("the demo server survives request lines and paths it cannot read, and still refuses paths outside www/ and pkg/", { timeout: 60_000 }, async () => {
  const server = await startChild();
  try {
    const lines = [
      // Not origin-form, or not decodable: 400.
      ["GET //", [200, 404]],
      ["GET ///", [200, 404]],
      ["GET /%zz", [400]],
      ["GET /%", [400]],
      ["GET /lts-kafka/%E0%A4%A", [400]],
      ["GET /%00", [400]],
      ["GET http://[bad", [400]],
      ["GET http://127.0.0.1:99999/", [400]],
      ["GET http://127.0.0.1/", [400]],
      ["GET *", [400]],
      ["OPTIONS *", [400, 405]],
      ["GET /\u00ff", [400]],
      ["BREW / HTTP/1.1", [400]],
      // Outside the two directories: 404, whichever way ".." is written.
      ["GET /../Cargo.toml", [404]],
      ["GET /%2e%2e/Cargo.toml", [404]],
      ["GET /lts-kafka/../Cargo.toml", [404]],
      ["GET /lts-kafka/..%2f..%2fCargo.toml", [404]],
      ["GET /lts-kafka/%2e%2e/www/index.html", [404]],
      ["GET /..%2f..%2f..%2f..%2fetc%2fpasswd", [404]],
      ["GET /lts-proxy/%zz", [404]],
      ["GET /lts-proxy/../../etc/passwd", [404]],
    ];
    for (const [line, statuses] of lines) {
      const request = line.includes(" HTTP/") ? line : `${line} HTTP/1.1`;
      const answer = await rawRequest(server.port, `${request}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      assert.ok(statuses.includes(answer.status), `${JSON.stringify(line)} answered ${answer.status}, not ${statuses}`);
      assertSecurityHeaders(answer, line);
      assert.doesNotMatch(answer.body, /\[package\]|root:x:0/, `${line} read a file outside www/ and pkg/`);
      assert.equal(server.child.exitCode, null, `the server exited after ${JSON.stringify(line)}: ${server.output()}`);
    }
    // Garbage where a request line should be, then a request cut short.
    await rawRequest(server.port, "\u0000\u0001\u0002\r\n\r\n");
    await rawRequest(server.port, "GET /console.js HTTP/1.1\r\nHost: 127.0.0.1\r\n", 300);
    const after = await get(server.port, "/");
    assert.equal(after.status, 200, "it still serves the console");
    assert.match(after.body, /<title>/);
    assert.equal(server.child.exitCode, null, server.output());
  } finally {
    await server.stop();
  }
});

// ---------------------------------------------------------------------------------------------
// The proxy in front of another endpoint (what --region and --endpoint serve), and its bounds.

const PROJECT = "0123456789abcdef0123456789abcdef";
const TOKEN = "proxy-test-token-0123456789";

/** One request as it is written (headers in any case, any body); resolves to { status, headers, body }. */
function send(url, { method = "GET", headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method, headers, timeout: 10_000 }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
      res.on("aborted", () => reject(new Error(`the answer of ${url} was cut off`)));
    });
    request.on("timeout", () => request.destroy(new Error(`no answer from ${url} within 10 s`)));
    request.on("error", reject);
    request.end(body);
  });
}

test("in front of another endpoint, the proxy sends on the path after /lts-proxy, the query, the body and only the library's headers (Host its own), and returns status, body, X-Request-Id and Retry-After only", async () => {
  const lts = await startLocalLts({ tokens: { [TOKEN]: PROJECT } });
  const site = await startConsole({ endpoint: lts.url });
  try {
    assert.equal(site.lts, null);
    assert.equal(site.target, lts.url);
    const body = JSON.stringify({ instance_id: "5e1b2c3d-0000-4000-8000-00000000f0a1", kafka_name: "kafka-prod", connect_info: {} });
    const sent = {
      "Content-Type": "application/json;charset=utf8",
      "X-Auth-Token": TOKEN,
      // None of these may reach the endpoint: they are the browser's, or someone else's.
      Cookie: "session=secret-cookie",
      Origin: "http://127.0.0.1:1",
      Referer: "http://127.0.0.1:1/page",
      "X-Forwarded-For": "203.0.113.9",
      "User-Agent": "console-test",
      "X-Other": "other",
    };
    const answer = await send(`${site.url}lts-proxy/v2/${PROJECT}/lts/dms/kafka-instance`, { method: "POST", headers: sent, body });
    assert.equal(answer.status, 201, answer.body);
    assert.deepEqual(JSON.parse(answer.body), { instance_id: "5e1b2c3d-0000-4000-8000-00000000f0a1" });
    assertSecurityHeaders(answer, "the proxied answer");
    assert.match(answer.headers["x-request-id"], /^[0-9a-f]{32}$/);
    const [got] = lts.received;
    assert.equal(got.method, "POST");
    assert.equal(got.path, `/v2/${PROJECT}/lts/dms/kafka-instance`);
    assert.equal(got.body, body);
    const { host, ...headers } = got.headers;
    assert.equal(host, `127.0.0.1:${lts.port}`, "Host is the endpoint's");
    assert.deepEqual(
      Object.keys(headers).filter((h) => h !== "connection").sort(),
      ["content-length", "content-type", "x-auth-token"],
    );
    assert.deepEqual([headers["content-type"], headers["x-auth-token"], headers["content-length"]], [sent["Content-Type"], TOKEN, String(body.length)]);

    // Every header the library may send, and a query written as it is: forwarded unchanged
    // (this signature is not valid, and the endpoint's refusal comes back as it is).
    const signed = {
      "Content-Type": "application/json",
      Authorization: "SDK-HMAC-SHA256 Access=PROXYTESTAK000000001, SignedHeaders=content-type;host;x-project-id;x-sdk-date;x-security-token, Signature=00",
      "X-Sdk-Date": "20261204T120000Z",
      "X-Project-Id": PROJECT,
      "X-Security-Token": "proxy-test-security-token",
    };
    const query = "?log_transfer_type=DMS&log_group_name=a%20b";
    const refused = await send(`${site.url}lts-proxy/v2/${PROJECT}/transfers${query}`, { headers: signed });
    assert.equal(refused.status, 401, refused.body);
    assert.match(refused.headers["content-type"], /^application\/json/);
    const listed = lts.received[1];
    assert.equal(listed.path, `/v2/${PROJECT}/transfers${query}`);
    for (const [name, value] of Object.entries(signed)) assert.equal(listed.headers[name.toLowerCase()], value, name);

    // What comes back: the status, the body, X-Request-Id and Retry-After; a cookie, a
    // redirect's Location or an HTML type from the endpoint are not passed to the page.
    lts.queueFault({
      status: 503,
      body: "<html><title>busy</title></html>",
      requestId: null,
      headers: {
        "x-request-id": "0123456789abcdef0123456789abcdef",
        "retry-after": "7",
        "content-type": "text/html",
        "set-cookie": "tracker=1",
        location: "http://127.0.0.1:1/",
        "access-control-allow-origin": "*",
      },
    });
    const busy = await send(`${site.url}lts-proxy/v2/${PROJECT}/transfers`, { headers: { "X-Auth-Token": TOKEN } });
    assert.equal(busy.status, 503);
    assert.equal(busy.body, "<html><title>busy</title></html>");
    assert.equal(busy.headers["x-request-id"], "0123456789abcdef0123456789abcdef");
    assert.equal(busy.headers["retry-after"], "7");
    assert.equal(busy.headers["content-type"], "text/plain; charset=utf-8", "an HTML answer is shown as text, never as a page of this origin");
    for (const name of ["set-cookie", "location", "access-control-allow-origin"]) assert.equal(busy.headers[name], undefined, name);
    assertSecurityHeaders(busy, "a proxied error");
  } finally {
    await site.close();
    await lts.close();
  }
});

test("the proxy's bounds: bodies over the limit (413; 502 or a cut connection), no answer in time (504), nobody there (502); only /v2/ paths and the library's methods; it keeps serving", { timeout: 30_000 }, async () => {
  const lts = await startLocalLts({ tokens: { [TOKEN]: PROJECT } });
  const site = await startConsole({ endpoint: lts.url, maxBodyBytes: 1024, timeoutMs: 500 });
  const [closedPort] = await new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve([port]));
    });
  });
  const nobody = await startConsole({ endpoint: `http://127.0.0.1:${closedPort}` });
  // An endpoint whose answer says, in its Content-Length, that it is over the bound.
  const oversized = createHttpServer((req, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": "2048" });
    res.end("x".repeat(2048));
  });
  await new Promise((resolve) => oversized.listen(0, "127.0.0.1", resolve));
  const declaring = await startConsole({ endpoint: `http://127.0.0.1:${oversized.address().port}`, maxBodyBytes: 1024 });
  const port = Number(new URL(site.url).port);
  const api = `/lts-proxy/v2/${PROJECT}/transfers`;
  try {
    // A body declared too large is refused before it is read; one that grows too large as it
    // arrives (chunked, no length) when it passes the bound.
    const declared = await rawRequest(port, `POST ${api} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1025\r\nConnection: close\r\n\r\n`);
    assert.equal(declared.status, 413);
    assertSecurityHeaders(declared, "413");
    const chunk = "x".repeat(2000);
    const counted = await rawRequest(port, `POST ${api} HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${chunk.length.toString(16)}\r\n${chunk}\r\n0\r\n\r\n`);
    assert.equal(counted.status, 413);
    assert.equal(lts.received.length, 0, "nothing over the bound reached the endpoint");

    // An answer declared over the bound: 502, and the page gets none of it. One that grows past
    // it as it streams (chunked, no length): the connection is cut, never a body cut short as
    // if whole. One within it streams through as it came, chunked.
    const large = await send(`${declaring.url}${api.slice(1)}`, { headers: { "X-Auth-Token": TOKEN } });
    assert.equal(large.status, 502);
    assert.match(large.body, /the answer of http:\/\/127\.0\.0\.1:\d+ is over 1024 bytes/);
    lts.queueFault({ status: 200, bodyBytes: 2048, chunked: true });
    await assert.rejects(send(`${site.url}${api.slice(1)}`, { headers: { "X-Auth-Token": TOKEN } }), /cut off|aborted|socket hang up|ECONNRESET/);
    lts.queueFault({ status: 200, body: { log_transfers: [] }, chunked: true });
    const streamed = await send(`${site.url}${api.slice(1)}`, { headers: { "X-Auth-Token": TOKEN } });
    assert.deepEqual([streamed.status, streamed.headers["transfer-encoding"], streamed.body], [200, "chunked", '{"log_transfers":[]}']);

    // No answer within timeoutMs: 504, long before the endpoint's delay is over.
    lts.queueFault({ status: 201, delayMs: 10_000 });
    const t0 = performance.now();
    const slow = await send(`${site.url}${api.slice(1)}`, { method: "POST", headers: { "X-Auth-Token": TOKEN }, body: "{}" });
    assert.equal(slow.status, 504);
    assert.match(slow.body, /no answer from http:\/\/127\.0\.0\.1:\d+ within 0\.5 s/);
    assert.ok(performance.now() - t0 < 5000);
    assertSecurityHeaders(slow, "504");

    const refused = await send(`${nobody.url}${api.slice(1)}`, { headers: { "X-Auth-Token": TOKEN } });
    assert.equal(refused.status, 502);
    assert.match(refused.body, /no answer from http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);

    const before = lts.received.length;
    for (const [method, target, status] of [
      ["GET", "/lts-proxy/", 404],
      ["GET", "/lts-proxy/__control/requests", 404],
      ["GET", "/lts-proxy/other/v2/x", 404],
      ["GET", `/lts-proxy/v2/${PROJECT}/../../__control/requests`, 400],
      ["GET", `/lts-proxy/v2/%2e%2e/x`, 400],
      ["PATCH", api, 405],
      ["OPTIONS", api, 405],
      ["HEAD", api, 405],
    ]) {
      const answer = await rawRequest(port, `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      assert.equal(answer.status, status, `${method} ${target}`);
      assertSecurityHeaders(answer, `${method} ${target}`);
    }
    assert.equal(lts.received.length, before, "none of them reached the endpoint");
    assert.equal((await get(port, "/")).status, 200, "it still serves the console");
  } finally {
    await declaring.close();
    oversized.closeAllConnections();
    await new Promise((resolve) => oversized.close(resolve));
    await nobody.close();
    await site.close();
    await lts.close();
  }
});

test("IAM through the proxy: GET /v3/projects and GET /v3/auth/projects go to the IAM endpoint with the library's headers and come back with X-IAM-Trace-Id; every other /v3 path or method is refused before it reaches anything", async () => {
  const lts = await startLocalLts({ tokens: { [TOKEN]: PROJECT } });
  // Another server, under its own prefix, so what reached IAM cannot be taken for what reached LTS.
  const iam = await startLocalLts({ prefix: "/iam", tokens: { [TOKEN]: PROJECT } });
  const site = await startConsole({ endpoint: lts.url, iamEndpoint: iam.url });
  try {
    assert.equal(site.iamTarget, iam.url);
    const port = Number(new URL(site.url).port);
    const sent = { "X-Auth-Token": TOKEN, Cookie: "session=secret-cookie", "X-Other": "other" };
    const byName = await send(`${site.url}lts-proxy/v3/projects?name=cn-north-4`, { headers: sent });
    assert.equal(byName.status, 200, byName.body);
    assert.deepEqual(JSON.parse(byName.body).projects.map((p) => [p.id, p.name]), [[PROJECT, "cn-north-4"]]);
    assert.match(byName.headers["x-iam-trace-id"], /^[0-9a-f]{32}$/, "X-IAM-Trace-Id comes back");
    assertSecurityHeaders(byName, "an IAM answer");
    const all = await send(`${site.url}lts-proxy/v3/auth/projects`, { headers: sent });
    assert.equal(all.status, 200, all.body);
    assert.match(all.headers["x-iam-trace-id"], /^[0-9a-f]{32}$/);
    assert.deepEqual(
      iam.received.map((r) => [r.method, r.path, r.headers.host, r.headers["x-auth-token"], r.headers.cookie, r.headers["x-other"]]),
      [
        ["GET", "/iam/v3/projects?name=cn-north-4", `127.0.0.1:${iam.port}`, TOKEN, undefined, undefined],
        ["GET", "/iam/v3/auth/projects", `127.0.0.1:${iam.port}`, TOKEN, undefined, undefined],
      ],
    );
    // A signature's headers go on as they are, and IAM's refusal comes back as it is.
    const signed = {
      Authorization: "SDK-HMAC-SHA256 Access=PROXYTESTAK000000001, SignedHeaders=host;x-sdk-date;x-security-token, Signature=00",
      "X-Sdk-Date": "20261204T120000Z",
      "X-Security-Token": "proxy-test-security-token",
    };
    const refusedSignature = await send(`${site.url}lts-proxy/v3/projects?name=cn-north-4`, { headers: signed });
    assert.equal(refusedSignature.status, 401);
    assert.equal(JSON.parse(refusedSignature.body).error.title, "Unauthorized");
    for (const [name, value] of Object.entries(signed)) assert.equal(iam.received.at(-1).headers[name.toLowerCase()], value, name);
    // /v2 still goes to LTS, never to IAM.
    const groups = await send(`${site.url}lts-proxy/v2/${PROJECT}/groups`, { headers: { "X-Auth-Token": TOKEN, "Content-Type": "application/json" } });
    assert.equal(groups.status, 200, groups.body);
    assert.deepEqual(lts.received.map((r) => r.path), [`/v2/${PROJECT}/groups`]);
    assert.equal(iam.received.length, 3);

    for (const [method, target, status] of [
      ["GET", "/lts-proxy/v3/auth/tokens", 404],
      ["POST", "/lts-proxy/v3/auth/tokens", 404],
      ["GET", "/lts-proxy/v3/users", 404],
      ["GET", "/lts-proxy/v3/credentials", 404],
      ["GET", `/lts-proxy/v3/projects/${PROJECT}`, 404],
      ["GET", "/lts-proxy/v3/projects/", 404],
      ["GET", "/lts-proxy/v3/auth/projects/", 404],
      ["GET", "/lts-proxy/v3//projects", 404],
      ["GET", "/lts-proxy/v3/%70rojects", 404],
      ["GET", "/lts-proxy/v3/PROJECTS", 404],
      ["GET", "/lts-proxy/v3", 404],
      ["GET", "/lts-proxy/v3/", 404],
      ["GET", "/lts-proxy/v3.0/projects", 404],
      ["GET", "/lts-proxy/v3/projects/../auth/tokens", 404],
      ["GET", "/lts-proxy/v3-ext/OS-CREDENTIAL/credentials", 404],
      ["POST", "/lts-proxy/v3/projects", 405],
      ["PUT", "/lts-proxy/v3/auth/projects", 405],
      ["DELETE", "/lts-proxy/v3/projects", 405],
      ["HEAD", "/lts-proxy/v3/projects", 405],
      ["PATCH", "/lts-proxy/v3/projects", 405],
    ]) {
      const answer = await rawRequest(port, `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Auth-Token: ${TOKEN}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      assert.equal(answer.status, status, `${method} ${target}`);
      assertSecurityHeaders(answer, `${method} ${target}`);
      if (status === 405 && method !== "PATCH" && method !== "HEAD") assert.equal(answer.headers.allow, "GET", `${method} ${target}`);
    }
    assert.equal(iam.received.length, 3, "none of them reached IAM");
    assert.equal(lts.received.length, 1, "none of them reached LTS");
  } finally {
    await site.close();
    await iam.close();
    await lts.close();
  }
});

test("with --endpoint and no --iam-endpoint, IAM's paths are answered 501 saying to give one (or the project ID); LTS's still go through", async () => {
  const lts = await startLocalLts({ tokens: { [TOKEN]: PROJECT } });
  const site = await startConsole({ endpoint: lts.url });
  try {
    assert.equal(site.iamTarget, null);
    for (const path of ["v3/projects?name=cn-north-4", "v3/auth/projects"]) {
      const answer = await send(`${site.url}lts-proxy/${path}`, { headers: { "X-Auth-Token": TOKEN } });
      assert.equal(answer.status, 501, path);
      assert.match(answer.body, /no IAM endpoint to find the project with\. Start the console with --iam-endpoint URL .*or type the project ID in the page/);
      assertSecurityHeaders(answer, path);
    }
    assert.equal(lts.received.length, 0, "IAM's paths never go to the LTS endpoint");
    const listed = await send(`${site.url}lts-proxy/v2/${PROJECT}/transfers`, { headers: { "X-Auth-Token": TOKEN, "Content-Type": "application/json" } });
    assert.equal(listed.status, 200, listed.body);
  } finally {
    await site.close();
    await lts.close();
  }
});

test("--region's IAM endpoint is the one lts-kafka's client uses for that region; the banner names it, or says there is none", { timeout: 60_000 }, async () => {
  const { LtsClient } = await import("../../pkg/node.js");
  for (const [region, iam] of [
    ["cn-north-4", "https://iam.cn-north-4.myhuaweicloud.com"],
    ["ap-southeast-3", "https://iam.ap-southeast-3.myhuaweicloud.com"],
    ["eu-west-101", "https://iam.eu-west-101.myhuaweicloud.eu"],
    // Outside the SDK's IAM table: the global endpoint, as the library falls back to it.
    ["cn-south-4", "https://iam.myhuaweicloud.com"],
  ]) {
    assert.equal(regionIamEndpoint(region, LtsClient), iam, region);
  }
  const banner = async (args) => {
    const server = await startChild(args);
    try {
      const t0 = Date.now();
      while (!/Ctrl-C stops it\./.test(server.output()) && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 20));
      return { port: server.port, text: server.output() };
    } finally {
      await server.stop();
    }
  };
  const region = await banner(["--region", "eu-west-101"]);
  assert.match(region.text, new RegExp(`IAM +http://127\\.0\\.0\\.1:${region.port}/lts-proxy/v3/projects and /v3/auth/projects, a same-origin proxy to https://iam\\.eu-west-101\\.myhuaweicloud\\.eu\\n`));
  const chosen = await banner(["--region", "eu-west-101", "--iam-endpoint", "https://iam.example.com/prefix"]);
  assert.match(chosen.text, /a same-origin proxy to https:\/\/iam\.example\.com\/prefix\n/);
  const none = await banner(["--endpoint", "https://lts.example.com"]);
  assert.match(none.text, /IAM +none: give the project ID in the page, or start with --iam-endpoint URL/);
  const local = await banner(["--local"]);
  assert.match(local.text, /region +cn-north-4 \(leave the project ID empty/);
});

test("the command line: one of --local, --region and --endpoint; a port; an https endpoint (http on loopback) without /v2; a loud warning for a host that is not loopback", () => {
  const regions = [
    { region: "cn-north-4", endpoint: "https://lts.cn-north-4.myhuaweicloud.com" },
    { region: "eu-west-101", endpoint: "https://lts.eu-west-101.myhuaweicloud.eu" },
  ];
  assert.deepEqual(commandLine(["--local"], {}), { upstream: "local", iamUpstream: null, region: null, port: 8080, host: "127.0.0.1", connect: [] });
  assert.deepEqual(commandLine([], {}, { port: 0, upstream: "local" }).port, 0);
  const region = commandLine(["--region", "eu-west-101", "--port=0", "--host", "localhost"], { DEMO_CONNECT: "https://a.example, https://b.example" });
  assert.deepEqual(region, { upstream: null, iamUpstream: null, region: "eu-west-101", port: 0, host: "localhost", connect: ["https://a.example", "https://b.example"] });
  assert.equal(regionEndpoint(region.region, regions), "https://lts.eu-west-101.myhuaweicloud.eu");
  assert.throws(() => regionEndpoint("xx-nowhere-1", regions), /--region xx-nowhere-1: not a region lts-kafka knows \(cn-north-4, eu-west-101\)/);
  assert.equal(commandLine(["--endpoint", "https://lts.example.com/prefix/"], {}).upstream, "https://lts.example.com/prefix");
  assert.deepEqual(
    [commandLine(["--endpoint", "https://lts.example.com", "--iam-endpoint=https://iam.example.com/iam/"], {})].map((o) => [o.upstream, o.iamUpstream]),
    [["https://lts.example.com", "https://iam.example.com/iam"]],
  );
  assert.equal(commandLine(["--region", "cn-north-4", "--iam-endpoint", "http://127.0.0.1:9"], {}).iamUpstream, "http://127.0.0.1:9");
  for (const [argv, message] of [
    [[], /give --local .*--region REGION or --endpoint URL/],
    [["--local", "--region", "cn-north-4"], /--local and --region: give one of/],
    [["--local", "--port", "65536"], /--port 65536: give a port number/],
    [["--local", "--port", "-1"], /--port -1/],
    [["--local", "--port"], /--port needs a value/],
    [["--local", "--connect", "https://a.example/x"], /--connect .*origin alone/],
    [["--local", "--bogus"], /unknown option --bogus/],
    [["--endpoint", "http://lts.example.com"], /http only for a loopback host/],
    [["--endpoint", "https://lts.example.com/v2"], /must not end in \/v2/],
    [["--endpoint", `https://lts.example.com/v2/${PROJECT}/`], /must not end in \/v2/],
    [["--endpoint", "https://user:pw@lts.example.com"], /no user, query or fragment/],
    [["--endpoint", "https://lts.example.com/?a=b"], /no user, query or fragment/],
    [["--endpoint", "ftp://lts.example.com"], /give an https URL/],
    [["--endpoint", "lts.example.com"], /not a URL/],
    [["--local", "--iam-endpoint", "https://iam.example.com"], /--iam-endpoint: the local endpoint serves IAM's project lists itself/],
    [["--iam-endpoint", "https://iam.example.com"], /give --local .*--region REGION or --endpoint URL/],
    [["--endpoint", "https://lts.example.com", "--iam-endpoint", "http://iam.example.com"], /--iam-endpoint http:\/\/iam\.example\.com: http only for a loopback host/],
    [["--endpoint", "https://lts.example.com", "--iam-endpoint", "https://iam.example.com/v3"], /--iam-endpoint .*must not end in \/v3/],
    [["--endpoint", "https://lts.example.com", "--iam-endpoint", "https://iam.example.com/?a=b"], /--iam-endpoint .*no user, query or fragment/],
    [["--endpoint", "https://lts.example.com", "--iam-endpoint"], /--iam-endpoint needs a value/],
  ]) {
    assert.throws(() => commandLine(argv, {}), message, argv.join(" "));
  }
  assert.equal(iamEndpointTarget("https://iam.example.com:443/").host, "iam.example.com");
  const target = endpointTarget("http://[::1]:8443/lts");
  assert.deepEqual([target.hostname, target.port, target.host, target.pathPrefix], ["::1", 8443, "[::1]:8443", "/lts"]);
  assert.equal(endpointTarget("https://lts.cn-north-4.myhuaweicloud.com:443").host, "lts.cn-north-4.myhuaweicloud.com");
  for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"]) assert.equal(hostWarning(host, 8080, "x"), null, host);
  for (const host of ["0.0.0.0", "::", "192.168.1.2", "console.example.com"]) {
    assert.match(hostWarning(host, 8080, "https://lts.cn-north-4.myhuaweicloud.com"), /^WARNING: --host \S+ is not a loopback address\. Anyone who can reach this machine on port 8080/, host);
  }
});
