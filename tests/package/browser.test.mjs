// The packed npm tarball (target/package/lts-kafka.tgz) in headless Chromium, as a consumer gets
// it: installed with npm into a fresh project, then
//   1. loaded without a bundler (an import map points "lts-kafka" at the package's browser
//      entry, served as-is by a small static server), and
//   2. built with `vite build` (the consumer imports "lts-kafka" by name) and served from dist/.
// Each page awaits ready(), validates a bad body synchronously, registers instances through a
// SAME-ORIGIN proxy (/lts-proxy, forwarded with its path and Host unchanged to the local LTS
// endpoint, which is mounted under the same prefix and answers no CORS) with a token, with an
// AK/SK pair (signature verified by the endpoint) and with temporary keys from an async
// credentials function, provokes LtsApiError LTS.1711, a 401 for a wrong SK, an
// LtsValidationError and an LtsConfigError, and delivers a log stream to the registered instance
// (a DMS transfer created with the token, listed and deleted signed). Results come back through
// window.results.
//
// Needs the tarball (`make pack`), Debian's Chromium (/usr/bin/chromium, or $CHROMIUM_PATH) and
// the repository's dev dependencies (playwright-core, vite). LTS_KAFKA_TARBALL tests another
// tarball (see below). Prints `RESULT runtime=<name> import=ok register=ok firstCallMs=<n> ...`
// per page; firstCallMs is performance.now() (origin: navigation start) when the first
// registration resolved, readyMs when ready() resolved.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer, request as httpRequest } from "node:http";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, cpSync, existsSync, readFileSync, statSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, extname, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "../chromium.mjs";
import { startLocalLts } from "../local-lts/server.mjs";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
// LTS_KAFKA_TARBALL=<path, relative to the repository root> tests another tarball (a candidate fix).
const TARBALL = resolve(ROOT, process.env.LTS_KAFKA_TARBALL ?? "target/package/lts-kafka.tgz");
const CONSUMERS = fileURLToPath(new URL("./consumers", import.meta.url));
const PREFIX = "/lts-proxy";

const projectId = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const token = "browser-test-token-9876543210";
const ak = "AKBROWSERTEST0000001";
const sk = "browser-test-secret-key-9876543210";
const ak2 = "AKBROWSERTEMP0000002";
const sk2 = "browser-test-temp-secret-9876543210";
const securityToken = "browser-test-sts-9876543210";
const sasl = { user_name: "lts-user", pwd: "kafka-pwd-9876543210" };
const logGroup = "5b3e1c0a-8d2f-4e6a-9b7c-1f2e3d4c5b6a";
const logStream = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";
// Names that share no 8 characters with a secret above (the redactor would mask them).
const GROUP_NAME = "page-group-q";
const STREAM_NAME = "page-stream-q";

const dirs = [];
let browser;

before(async () => {
  assert.ok(existsSync(TARBALL), `${TARBALL} is missing: run make pack`);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A fresh consumer project with the tarball installed by npm. */
function consumerProject(name) {
  const dir = mkdtempSync(join(tmpdir(), `lts-kafka-${name}-`));
  dirs.push(dir);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `consumer-${name}`, private: true, type: "module" }));
  const r = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--no-save", TARBALL], {
    cwd: dir,
    encoding: "utf8",
  });
  assert.equal(r.status, 0, `npm install of the tarball failed:\n${r.stdout}\n${r.stderr}`);
  assert.ok(existsSync(join(dir, "node_modules/lts-kafka/package.json")), "the package was not installed");
  return dir;
}

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".css": "text/css",
  ".map": "application/json",
  ".svg": "image/svg+xml",
};

/**
 * A static server for `root` on 127.0.0.1 that mounts the local LTS endpoint under /lts-proxy:
 * requests there are forwarded with the same method, path, headers (Host included) and body,
 * so the endpoint sees exactly what the page addressed, as a console's reverse proxy would.
 */
async function startSite(root, lts) {
  const served = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path === PREFIX || path.startsWith(PREFIX + "/")) {
      const upstream = httpRequest(
        { host: "127.0.0.1", port: lts.port, method: req.method, path: req.url, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode, up.headers);
          up.pipe(res);
        },
      );
      upstream.on("error", () => res.destroy());
      req.pipe(upstream);
      return;
    }
    let file = resolve(root, "." + (path.endsWith("/") ? path + "index.html" : path));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (!existsSync(file) || !statSync(file).isFile()) {
      served.push({ path, status: 404 });
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    const type = MIME[extname(file)] ?? "application/octet-stream";
    served.push({ path, status: 200, type });
    res.writeHead(200, { "content-type": type, "cache-control": "no-store" });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    served,
    close: () => new Promise((r) => server.close(r)),
  };
}

function startLts() {
  return startLocalLts({
    tokens: { [token]: projectId },
    akSk: { [ak]: { sk, projectId }, [ak2]: { sk: sk2, projectId, securityToken } },
    kafkaUsers: { "sasl-instance-0001": sasl },
    logGroups: { [logGroup]: { name: GROUP_NAME, streams: { [logStream]: STREAM_NAME } } },
    prefix: PREFIX,
  });
}

/** Opens the page, waits for window.results, and checks everything the page reported. */
async function runPage({ runtime, site, lts, pagePath }) {
  const ids = ["sasl-instance-0001", `${runtime}-aksk`, `${runtime}-temp`, `${runtime}-badsig`, `${runtime}-invalid`];
  const query = new URLSearchParams({
    projectId,
    prefix: PREFIX,
    token,
    ak,
    sk,
    ak2,
    sk2,
    st: securityToken,
    sasl: `${sasl.user_name}:${sasl.pwd}`,
    ids: ids.join(","),
    group: logGroup,
    stream: logStream,
    groupName: GROUP_NAME,
    streamName: STREAM_NAME,
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  const pageErrors = [];
  const consoleMessages = [];
  const responses = [];
  page.on("pageerror", (e) => pageErrors.push(String(e?.stack ?? e)));
  page.on("console", (m) => consoleMessages.push(`${m.type()}: ${m.text()}`));
  page.on("response", (r) =>
    responses.push({ url: r.url(), status: r.status(), type: r.headers()["content-type"] ?? "" }),
  );
  const started = Date.now();
  let results;
  try {
    await page.goto(`${site.origin}${pagePath}?${query}`, { waitUntil: "load", timeout: 20_000 });
    await page.waitForFunction(() => window.results?.done === true, null, { timeout: 20_000 });
    results = await page.evaluate(() => window.results);
  } catch (e) {
    throw new Error(
      `${runtime}: the page did not report results (${e.message})\npage errors:\n${pageErrors.join("\n")}\n` +
        `console:\n${consoleMessages.join("\n")}\nserved:\n${JSON.stringify(site.served)}`,
    );
  } finally {
    await context.close();
  }
  const wallMs = Date.now() - started;
  const diag = `\npage errors: ${pageErrors.join("\n")}\nconsole:\n${consoleMessages.join("\n")}`;
  assert.equal(results.error, undefined, `${runtime}: the page failed: ${results.error}${diag}`);
  assert.deepEqual(pageErrors, [], `${runtime}: uncaught errors in the page${diag}`);

  // Every named export the page imported exists (a missing one is a link error above).
  assert.deepEqual(results.exported, [
    "LtsAbortError",
    "LtsApiError",
    "LtsConfigError",
    "LtsNetworkError",
    "LtsValidationError",
    "LtsClient",
    "isLtsError",
    "ready",
    "validateRegisterDmsKafkaInstance",
  ].sort());

  // Before ready(): the synchronous helper refuses with a typed error.
  assert.equal(results.beforeReady.threw, true, `${runtime}: validate before ready() did not throw`);
  assert.equal(results.beforeReady.name, "LtsConfigError");
  assert.match(results.beforeReady.message, /ready\(\)/);

  // The wasm was fetched as a file, served as application/wasm, and instantiated without the
  // wasm-bindgen MIME fallback warning.
  const wasm = responses.filter((r) => /\.wasm(\?|$)/.test(r.url));
  assert.equal(wasm.length, 1, `${runtime}: expected one .wasm fetch, got ${JSON.stringify(wasm)}`);
  assert.equal(wasm[0].status, 200);
  assert.equal(wasm[0].type, "application/wasm");
  assert.ok(
    !consoleMessages.some((m) => /instantiateStreaming|MIME/i.test(m)),
    `${runtime}: wasm-bindgen fell back from instantiateStreaming${diag}`,
  );

  // Synchronous validation: every problem, [] for a valid body.
  assert.ok(Array.isArray(results.invalidIssues), `${runtime}: validation did not return an array synchronously`);
  assert.deepEqual(
    results.invalidIssues.map((i) => [i.path, i.rule]),
    [
      ["instance_id", "min_length"],
      ["kafka_name", "type"],
      ["connect_info", "required"],
      ["kafkaName", "unknown_field"],
    ],
    `${runtime}: ${JSON.stringify(results.invalidIssues)}`,
  );
  for (const i of results.invalidIssues) assert.equal(typeof i.message, "string");
  assert.deepEqual(results.validIssues, []);

  // Registrations.
  for (const [key, id] of [
    ["token", ids[0]],
    ["akSk", ids[1]],
    ["akSkTemp", ids[2]],
  ]) {
    const r = results[key];
    assert.equal(r.threw, false, `${runtime}: ${key} registration failed: ${JSON.stringify(r)}`);
    assert.equal(r.value.instance_id, id);
    assert.match(r.value.requestId, /^[0-9a-f]{32}$/);
    assert.deepEqual(r.keys, ["instance_id"], "requestId is not enumerable");
  }
  assert.equal(results.preview.url, `${site.origin}${PREFIX}/v2/${projectId}/lts/dms/kafka-instance`);
  // The preview shows the signature as *** (docs/api.md, "Previews"); the request sent carries the real one.
  assert.match(results.preview.authorization, /^SDK-HMAC-SHA256 Access=AKBROWSERTEST0000001, SignedHeaders=[^,]*host[^,]*, Signature=\*\*\*$/);

  // The second registration: LtsApiError LTS.1711, recognised by isLtsError and instanceof.
  const dup = results.duplicate;
  assert.equal(dup.threw, true);
  assert.equal(dup.name, "LtsApiError");
  assert.equal(dup.code, "LTS.1711");
  assert.equal(dup.status, 400);
  assert.match(dup.requestId, /^[0-9a-f]{32}$/);
  assert.equal(dup.isLtsError, true);
  assert.equal(dup.instanceOfApiError, true);
  assert.equal(dup.isError, true);
  assert.equal(dup.retryable, false);
  assert.equal(dup.json?.code, "LTS.1711");

  // A wrong SK is refused by the endpoint's verifier: the AK/SK success above is real.
  assert.equal(results.badSignature.threw, true);
  assert.equal(results.badSignature.name, "LtsApiError");
  assert.equal(results.badSignature.status, 401);
  assert.equal(results.badSignature.code, "APIGW.0301");

  // A bad body is an LtsValidationError; the bad options an LtsConfigError.
  const v = results.validationReject;
  assert.equal(v.name, "LtsValidationError");
  assert.equal(v.isLtsError, true);
  assert.equal(v.instanceOfValidationError, true);
  assert.equal(v.requestMayHaveBeenSent, false);
  assert.deepEqual(v.issues.map((i) => i.path), ["kafka_name", "connect_info"]);
  assert.equal(results.configError.threw, true);
  assert.equal(results.configError.name, "LtsConfigError");
  assert.ok(results.configError.issues.length >= 2);

  // The transfer round: created, listed, deleted; the answers typed.
  const tr = results.transfer;
  assert.equal(tr.threw, false, `${runtime}: the transfer round failed: ${JSON.stringify(tr)}`);
  const { created, listed, deleted } = tr.value;
  assert.match(created.log_transfer_id, /^[0-9a-f-]{36}$/);
  assert.deepEqual(created.log_transfer_info.log_transfer_detail, { kafka_id: ids[0], kafka_topic: "lts-logs" });
  assert.equal(typeof created.log_transfer_info.log_create_time, "number");
  assert.match(created.requestId, /^[0-9a-f]{32}$/);
  assert.deepEqual(listed.log_transfers.map((t) => t.log_transfer_id), [created.log_transfer_id]);
  assert.equal(deleted.log_transfer_id, created.log_transfer_id);

  // No project id: the token's project found from the region through the same proxy, the group
  // and stream named by their names, the transfer deleted again.
  const disc = results.discovery;
  assert.equal(disc.threw, false, `${runtime}: the onboarding by names failed: ${JSON.stringify(disc)}`);
  assert.equal(disc.value.projectFound, projectId);
  const report = disc.value.report;
  assert.equal(report.complete, true, JSON.stringify(report));
  assert.equal(report.log_group_name, GROUP_NAME);
  assert.deepEqual(report.streams.map((s) => [s.log_stream_id, s.log_stream_name, s.outcome]), [[logStream, STREAM_NAME, "created"]]);
  assert.deepEqual(lts.transfers.all(), []);

  // What the endpoint received, through the proxy: exactly the API requests the page meant to
  // send (the invalid body never left the page), with the page's Host and path: five
  // registrations, then the transfer's create, list and delete.
  const apiPath = `${PREFIX}/v2/${projectId}/lts/dms/kafka-instance`;
  const transfersPath = `${PREFIX}/v2/${projectId}/transfers`;
  assert.deepEqual(
    lts.received.map((r) => `${r.method} ${r.path}`),
    [
      ...Array(5).fill(`POST ${apiPath}`),
      `POST ${transfersPath}`,
      `GET ${transfersPath}?log_transfer_type=DMS`,
      `DELETE ${transfersPath}?log_transfer_id=${created.log_transfer_id}`,
      `GET ${PREFIX}/v3/auth/projects`,
      `GET ${PREFIX}/v2/${projectId}/groups`,
      `GET ${PREFIX}/v2/${projectId}/groups/${logGroup}/streams`,
      `GET ${transfersPath}?log_transfer_type=DMS`,
      `POST ${transfersPath}`,
      `DELETE ${transfersPath}?log_transfer_id=${disc.value.removed}`,
    ],
    `${runtime}: ${JSON.stringify(lts.received.map((r) => [r.method, r.path]))}`,
  );
  for (const r of lts.received) assert.equal(r.headers.host, site.host, "the proxy must forward Host unchanged");
  for (const r of lts.received.slice(6, 8)) {
    assert.match(r.headers.authorization, /^SDK-HMAC-SHA256 Access=AKBROWSERTEST0000001, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=[0-9a-f]{64}$/);
    assert.equal(r.headers["content-type"], "application/json");
  }
  const [tokenReq, akReq, tempReq] = lts.received;
  assert.equal(tokenReq.headers["x-auth-token"], token);
  assert.equal(tokenReq.headers.authorization, undefined);
  assert.match(
    akReq.headers.authorization,
    /^SDK-HMAC-SHA256 Access=AKBROWSERTEST0000001, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=[0-9a-f]{64}$/,
  );
  assert.equal(akReq.headers["x-auth-token"], undefined);
  assert.equal(tempReq.headers["x-security-token"], securityToken);
  assert.deepEqual([...lts.registered].sort(), ids.slice(0, 3).map((id) => `${projectId}\n${id}`).sort());

  const t = results.timings;
  console.log(
    `RESULT runtime=${runtime} import=ok register=ok transfers=ok discovery=ok firstCallMs=${t.firstCall} readyMs=${t.ready} ` +
      `moduleEvalMs=${t.moduleEvaluated} wallMs=${wallMs} wasm=${new URL(wasm[0].url).pathname}`,
  );
  return { results, wasm: wasm[0], served: site.served };
}

test("Chromium without a bundler: import map to the browser entry, same-origin proxy", async () => {
  const dir = consumerProject("browser");
  cpSync(join(CONSUMERS, "browser"), dir, { recursive: true });
  const lts = await startLts();
  const site = await startSite(dir, lts);
  try {
    const { wasm, served } = await runPage({ runtime: "chromium-esm", site, lts, pagePath: "/index.html" });
    // The page loaded the package's own files, unbundled.
    assert.equal(new URL(wasm.url).pathname, "/node_modules/lts-kafka/lts_kafka_bg.wasm");
    for (const f of ["index.js", "lts_kafka.js", "errors.js"]) {
      assert.ok(
        served.some((s) => s.path === `/node_modules/lts-kafka/${f}` && s.status === 200),
        `${f} was not loaded`,
      );
    }
    // Nothing the page needed was missing (a 404 would be a file left out of the package).
    assert.deepEqual(served.filter((s) => s.status !== 200 && s.path !== "/favicon.ico"), []);
  } finally {
    await site.close();
    await lts.close();
  }
});

test("Chromium after `vite build`: the consumer imports lts-kafka by name", async () => {
  const dir = consumerProject("vite");
  cpSync(join(CONSUMERS, "vite"), dir, { recursive: true });
  cpSync(join(CONSUMERS, "browser/checks.js"), join(dir, "checks.js"));
  const { build } = await import("vite");
  const output = await build({
    root: dir,
    configFile: false,
    logLevel: "warn",
    build: { outDir: "dist", emptyOutDir: true },
  });
  const outputs = (Array.isArray(output) ? output : [output]).flatMap((o) => o.output);
  const wasmAssets = outputs.filter((o) => o.type === "asset" && o.fileName.endsWith(".wasm"));
  const chunks = outputs.filter((o) => o.type === "chunk");
  const distFiles = readdirSync(join(dir, "dist/assets"));
  console.log(
    `VITE assets=${distFiles.join(",")} wasmAssets=${wasmAssets.map((a) => `${a.fileName}:${a.source.length}`).join(",")} ` +
      `jsBytes=${chunks.reduce((n, c) => n + Buffer.byteLength(c.code), 0)}`,
  );
  // The .wasm is emitted once, as a file, byte for byte the package's, and not inlined.
  assert.equal(wasmAssets.length, 1, `expected one emitted .wasm asset, got ${outputs.map((o) => o.fileName)}`);
  const packaged = readFileSync(join(dir, "node_modules/lts-kafka/lts_kafka_bg.wasm"));
  assert.ok(Buffer.from(wasmAssets[0].source).equals(packaged), "the emitted .wasm differs from the package's");
  for (const c of chunks) {
    assert.ok(!/data:application\/wasm|AGFzbQ/.test(c.code), `${c.fileName} inlines the wasm as base64`);
  }

  const lts = await startLts();
  const site = await startSite(join(dir, "dist"), lts);
  try {
    const { wasm, served } = await runPage({ runtime: "chromium-vite", site, lts, pagePath: "/" });
    assert.equal(new URL(wasm.url).pathname, `/${wasmAssets[0].fileName}`);
    assert.ok(!served.some((s) => s.path.includes("node_modules")), "the built page reached into node_modules");
    assert.deepEqual(served.filter((s) => s.status !== 200 && s.path !== "/favicon.ico"), []);
  } finally {
    await site.close();
    await lts.close();
  }
});
