// The console server (serve.mjs) over raw sockets: the security headers on every answer, and
// request lines and paths it cannot read answered 400 or 404 without stopping it. The crash
// cases run the server as `make demo` does, in a child process, so a crash shows as its exit.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { connect } from "node:net";
import { startConsole, connectOrigin } from "./serve.mjs";

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
