// The admin console as the packed tarball ships it (lts-kafka/console/), installed into a fresh
// project with npm and run with the machine's node, without the repository:
//
// - `node node_modules/lts-kafka/console/serve.mjs --local --port 0`: the page, its modules and
//   the package's wasm come from node_modules/lts-kafka; in headless Chromium it loads without
//   a policy violation and registers the demo instance through /lts-proxy/ to the bundled local
//   endpoint, with the demo credentials the script prints; the server's own files are not
//   served; it prints nothing about the requests it handled.
// - `--endpoint http://127.0.0.1:<port> --iam-endpoint <the same>` in front of a local endpoint
//   this test starts: what reaches the endpoint (method, path, query, body, the library's
//   headers only, Host) and what comes back (status, body, X-Request-Id, Retry-After), a
//   redirect passed back and not followed, a body over 1 MiB refused, IAM's project lists
//   forwarded (X-IAM-Trace-Id back) and other /v3 paths refused, and the page finding its
//   project from the region, registering, and delivering a stream picked by name through it.
// - `--region eu-west-101`: the region's LTS and IAM endpoints, as the package gives them
//   (nothing is sent).
//
// Only 127.0.0.1; every child process in its own group, stopped at the end.
// LTS_KAFKA_TARBALL=<path, relative to the repository root or absolute> tests another tarball;
// LTS_KEEP_TMP=1 keeps the temp dir; CHROMIUM_PATH another Chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { access, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, request as httpRequest } from "node:http";
import { connect } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { launchChromium } from "../chromium.mjs";
import { startLocalLts } from "../local-lts/server.mjs";
import { run, start, stopAll } from "./processes.mjs";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const tarball = path.resolve(repoRoot, process.env.LTS_KAFKA_TARBALL ?? "target/package/lts-kafka.tgz");
const PROJECT = "0123456789abcdef0123456789abcdef";
const TOKEN = "console-package-token-0123456789";
const requestIdPattern = /^[0-9a-f]{32}$/;
const URL_LINE = /The admin console: (http:\/\/127\.0\.0\.1:\d+\/)/;

let dir;
let consoleDir;
let browser;

before(async () => {
  await access(tarball).catch(() => {
    throw new Error(`${tarball} is missing: run \`make pack\` first`);
  });
  dir = await mkdtemp(path.join(os.tmpdir(), "lts-kafka-console-package-"));
  await writeFile(path.join(dir, "package.json"), JSON.stringify({ name: "console-consumer", private: true, type: "module" }));
  const install = await run("npm", ["install", "--no-audit", "--no-fund", "--no-save", "--offline", "--loglevel=error", tarball], {
    cwd: dir,
    env: process.env,
    timeoutMs: 60_000,
  });
  assert.equal(install.code, 0, `npm install of the tarball failed:\n${install.output}`);
  consoleDir = path.join(dir, "node_modules/lts-kafka/console");
  browser = await launchChromium();
});

after(async () => {
  await stopAll();
  await browser?.close();
  if (dir && !process.env.LTS_KEEP_TMP) await rm(dir, { recursive: true, force: true });
});

/** The installed script with `args`, in its own process group; resolves once it prints its URL. */
async function serve(args) {
  const child = start(process.execPath, [path.join(consoleDir, "serve.mjs"), ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: dir },
  });
  try {
    const [, url] = await child.waitFor(URL_LINE, 20_000);
    // The banner is complete once it says how to stop the server.
    await child.waitFor(/Ctrl-C stops it\./, 5_000);
    return { child, url, banner: child.output };
  } catch (e) {
    await child.stop();
    throw e;
  }
}

/** One request as it is written; resolves to { status, headers, body }, within 10 s. */
function send(url, { method = "GET", headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method, headers, timeout: 10_000 }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    request.on("timeout", () => request.destroy(new Error(`no answer from ${url} within 10 s`)));
    request.on("error", reject);
    request.end(body);
  });
}

/** The status line of what 127.0.0.1:port answers to `text`, sent as it is (within 5 s). */
function rawStatus(port, text) {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let answer = "";
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0));
    };
    const timer = setTimeout(done, 5_000);
    socket.on("data", (c) => {
      answer += c.toString("latin1");
      if (answer.includes("\r\n")) done();
    });
    socket.on("error", done);
    socket.on("close", done);
    socket.write(text, "latin1");
  });
}

/** A Chromium page on the console, with what it fetched, its errors and policy violations. */
async function openConsole(url) {
  const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
  const errors = [];
  const responses = [];
  page.on("pageerror", (e) => errors.push(String(e?.stack ?? e)));
  page.on("response", (r) => responses.push({ path: new URL(r.url()).pathname, status: r.status(), headers: r.headers() }));
  await page.addInitScript(() => {
    globalThis.violations = [];
    document.addEventListener("securitypolicyviolation", (e) => globalThis.violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
  await page.goto(url, { timeout: 20_000 });
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
  return { page, errors, responses, violations: () => page.evaluate(() => globalThis.violations) };
}

async function register(page, { projectId, token, instanceId, region }) {
  if (region) await page.selectOption("#region", region);
  await page.fill("#projectId", projectId);
  await page.fill("#token", token);
  await page.fill("#instance_id", instanceId);
  await page.fill("#kafka_name", "kafka-prod");
  await page.click("#register");
  await page.waitForSelector(".result.success, .result.failure", { timeout: 20_000 });
}

test("--local: the installed package serves the console, and the page registers the demo instance through its proxy to the bundled endpoint", { timeout: 90_000 }, async () => {
  const { child, url, banner } = await serve(["--local", "--port", "0"]);
  try {
    // The demo credentials, as the script prints them.
    const printed = (label) => new RegExp(`^  ${label} +(\\S+)`, "m").exec(banner)?.[1];
    const projectId = printed("project");
    const token = printed("token");
    assert.match(projectId ?? "", /^[0-9a-f]{32}$/, banner);
    assert.ok(token, banner);
    assert.match(banner, new RegExp(`endpoint +${url}lts-proxy \\(a local LTS endpoint`));

    // The page and the package come from the installed package, byte for byte.
    for (const [target, file] of [
      ["/", "console/index.html"],
      ["/console.js", "console/console.js"],
      ["/transfers.js", "console/transfers.js"],
      ["/lts-kafka/index.js", "index.js"],
      ["/lts-kafka/lts_kafka_bg.wasm", "lts_kafka_bg.wasm"],
    ]) {
      const answer = await send(new URL(target, url));
      assert.equal(answer.status, 200, target);
      const installed = await readFile(path.join(dir, "node_modules/lts-kafka", file));
      if (file.endsWith("index.html")) assert.match(answer.body.toString("utf8"), /<title>Register a DMS Kafka instance/);
      else assert.ok(answer.body.equals(installed), `${target} is not ${file} of the installed package`);
      assert.equal(answer.headers["x-frame-options"], "DENY", target);
      assert.match(answer.headers["content-security-policy"], /^default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self';/, target);
    }
    assert.equal((await send(new URL("/lts-kafka/lts_kafka_bg.wasm", url))).headers["content-type"], "application/wasm");
    // The server's own files are not part of the page.
    for (const target of ["/serve.mjs", "/server.mjs"]) assert.equal((await send(new URL(target, url))).status, 404, target);
    // The page's import of the package resolves inside the package too, for other servers.
    const shim = await import(pathToFileURL(path.join(consoleDir, "lts-kafka/index.js")).href);
    assert.equal(typeof shim.LtsClient, "function");

    const { page, errors, responses, violations } = await openConsole(url);
    assert.equal(await page.inputValue("#endpoint"), `${url}lts-proxy`);
    const instanceId = randomUUID();
    await register(page, { projectId, token, instanceId });
    assert.equal(await page.isVisible(".result.success"), true, await page.textContent("#result"));
    assert.equal(await page.textContent('#result [data-field="instance-id"]'), instanceId);
    const shownId = await page.textContent('#result [data-field="request-id"]');
    assert.match(shownId, requestIdPattern);
    // Through the same-origin proxy: the page's POST, answered 201 with that request id.
    const post = responses.find((r) => r.path === `/lts-proxy/v2/${projectId}/lts/dms/kafka-instance`);
    assert.ok(post, `no registration through the proxy: ${JSON.stringify(responses.map((r) => r.path))}`);
    assert.deepEqual([post.status, post.headers["x-request-id"]], [201, shownId]);
    // The wasm the page ran is the package's, served as wasm.
    assert.ok(responses.some((r) => r.path === "/lts-kafka/lts_kafka_bg.wasm" && r.status === 200 && r.headers["content-type"] === "application/wasm"));
    assert.deepEqual(errors, []);
    assert.deepEqual(await violations(), []);
    await page.close();

    // The project ID left empty: found from the printed region through the bundled endpoint's IAM.
    const region = printed("region");
    assert.equal(region, "cn-north-4", banner);
    const found = await openConsole(url);
    await register(found.page, { projectId: "", region, token, instanceId: randomUUID() });
    assert.equal(await found.page.isVisible(".result.success"), true, await found.page.textContent("#result"));
    await found.page.waitForSelector("#project-resolved");
    assert.equal(await found.page.textContent("#project-resolved"), projectId);
    assert.ok(found.responses.some((r) => r.path === "/lts-proxy/v3/auth/projects" && r.status === 200 && /^[0-9a-f]{32}$/.test(r.headers["x-iam-trace-id"] ?? "")));
    assert.deepEqual(found.errors, []);
    assert.deepEqual(await found.violations(), []);
    await found.page.close();
    // It logs nothing of the requests it handled (they carry tokens and signatures).
    assert.equal(child.output, banner);
  } finally {
    await child.stop();
  }
});

test("--endpoint: the proxy forwards method, path, query, body and the library's headers to another endpoint, returns status, body, X-Request-Id and Retry-After, and passes a redirect back unfollowed", { timeout: 120_000 }, async () => {
  const group = randomUUID();
  const stream = randomUUID();
  const lts = await startLocalLts({ tokens: { [TOKEN]: PROJECT }, logGroups: { [group]: { name: "app", streams: { [stream]: "web" } } } });
  // Where a redirect points: it must never be asked anything.
  const redirectHits = [];
  const elsewhere = createServer((req, res) => {
    redirectHits.push(`${req.method} ${req.url}`);
    res.end("followed");
  });
  await new Promise((resolve) => elsewhere.listen(0, "127.0.0.1", resolve));
  const elsewhereUrl = `http://127.0.0.1:${elsewhere.address().port}/stolen`;
  const { child, url, banner } = await serve(["--endpoint", `http://127.0.0.1:${lts.port}`, "--iam-endpoint", `http://127.0.0.1:${lts.port}`, "--port", "0"]);
  try {
    assert.match(banner, new RegExp(`endpoint +${url}lts-proxy, a same-origin proxy to http://127\\.0\\.0\\.1:${lts.port}\\n`));
    assert.match(banner, new RegExp(`IAM +${url}lts-proxy/v3/projects and /v3/auth/projects, a same-origin proxy to http://127\\.0\\.0\\.1:${lts.port}\\n`));
    const api = `${url}lts-proxy/v2/${PROJECT}`;

    // Headers: the library's go on as they are, Host becomes the endpoint's, nothing else goes.
    const body = JSON.stringify({ instance_id: randomUUID(), kafka_name: "kafka-prod", connect_info: {} });
    const sent = {
      "Content-Type": "application/json;charset=utf8",
      "X-Auth-Token": TOKEN,
      Cookie: "session=secret-cookie",
      Origin: "http://127.0.0.1:1",
      "X-Forwarded-For": "203.0.113.9",
      "X-Other": "other",
    };
    const created = await send(`${api}/lts/dms/kafka-instance`, { method: "POST", headers: sent, body });
    assert.equal(created.status, 201, created.body.toString());
    assert.deepEqual(JSON.parse(created.body), { instance_id: JSON.parse(body).instance_id });
    assert.match(created.headers["x-request-id"], requestIdPattern);
    assert.equal(created.headers["x-frame-options"], "DENY");
    const got = lts.received.at(-1);
    assert.deepEqual([got.method, got.path, got.body], ["POST", `/v2/${PROJECT}/lts/dms/kafka-instance`, body]);
    assert.equal(got.headers.host, `127.0.0.1:${lts.port}`);
    assert.deepEqual(
      Object.keys(got.headers).filter((h) => h !== "connection").sort(),
      ["content-length", "content-type", "host", "x-auth-token"],
    );
    assert.equal(got.headers["x-auth-token"], TOKEN);

    // A GET's query as written, and every header a signed request carries.
    const signed = {
      "Content-Type": "application/json",
      Authorization: "SDK-HMAC-SHA256 Access=CONSOLEPKGAK00000001, SignedHeaders=content-type;host;x-project-id;x-sdk-date;x-security-token, Signature=00",
      "X-Sdk-Date": "20261204T120000Z",
      "X-Project-Id": PROJECT,
      "X-Security-Token": "console-package-security-token",
    };
    const query = "?log_transfer_type=DMS&log_stream_name=a%20b";
    const refused = await send(`${api}/transfers${query}`, { headers: signed });
    assert.equal(refused.status, 401, "the endpoint's own refusal of the signature comes back");
    assert.equal(JSON.parse(refused.body).error_code, "APIGW.0301");
    const listed = lts.received.at(-1);
    assert.equal(listed.path, `/v2/${PROJECT}/transfers${query}`);
    for (const [name, value] of Object.entries(signed)) assert.equal(listed.headers[name.toLowerCase()], value, name);

    // Status, body, X-Request-Id and Retry-After come back; the rest of the answer's headers do not.
    lts.queueFault({
      status: 429,
      body: { error_code: "APIGW.0308", error_msg: "throttled" },
      requestId: null,
      headers: { "x-request-id": "fedcba9876543210fedcba9876543210", "retry-after": "3", "set-cookie": "tracker=1" },
    });
    const throttled = await send(`${api}/transfers`, { headers: { "X-Auth-Token": TOKEN } });
    assert.deepEqual(
      [throttled.status, JSON.parse(throttled.body).error_code, throttled.headers["x-request-id"], throttled.headers["retry-after"], throttled.headers["set-cookie"]],
      [429, "APIGW.0308", "fedcba9876543210fedcba9876543210", "3", undefined],
    );

    // A redirect goes back as it is, without its Location: even a client that follows
    // redirects stays here, and where it pointed is never asked.
    lts.queueFault({ status: 302, body: "", headers: { location: elsewhereUrl } });
    const redirected = await fetch(`${api}/transfers`, { headers: { "X-Auth-Token": TOKEN }, signal: AbortSignal.timeout(10_000) });
    assert.equal(redirected.status, 302);
    assert.equal(redirected.headers.get("location"), null);
    assert.equal(redirected.url, `${api}/transfers`);
    assert.deepEqual(redirectHits, []);

    // A body over 1 MiB is refused by the proxy, and never reaches the endpoint.
    const before = lts.received.length;
    const port = Number(new URL(url).port);
    const tooLarge = await rawStatus(port, `POST /lts-proxy/v2/${PROJECT}/transfers HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${(1 << 20) + 1}\r\nConnection: close\r\n\r\n`);
    assert.equal(tooLarge, 413);
    assert.equal(lts.received.length, before);

    // IAM's project lists go to the IAM endpoint, with X-IAM-Trace-Id back; nothing else under /v3.
    const projects = await send(`${url}lts-proxy/v3/auth/projects`, { headers: { "X-Auth-Token": TOKEN } });
    assert.equal(projects.status, 200, projects.body.toString());
    assert.deepEqual(JSON.parse(projects.body).projects.map((p) => p.id), [PROJECT]);
    assert.match(projects.headers["x-iam-trace-id"], requestIdPattern);
    assert.equal(lts.received.at(-1).path, "/v3/auth/projects");
    const beforeRefused = lts.received.length;
    for (const [method, target, status] of [
      ["POST", "/lts-proxy/v3/auth/tokens", 404],
      ["GET", "/lts-proxy/v3/users", 404],
      ["POST", "/lts-proxy/v3/projects", 405],
    ]) {
      const answer = await send(`${url}${target.slice(1)}`, { method, headers: { "X-Auth-Token": TOKEN } });
      assert.equal(answer.status, status, `${method} ${target}`);
    }
    assert.equal(lts.received.length, beforeRefused, "none of them reached the endpoint");

    // The page itself, through the proxy: the project found from the region, a registration,
    // and a stream picked by name delivered to its instance.
    const { page, errors, violations } = await openConsole(url);
    const instanceId = randomUUID();
    await register(page, { projectId: "", region: "cn-north-4", token: TOKEN, instanceId });
    assert.equal(await page.isVisible(".result.success"), true, await page.textContent("#result"));
    await page.waitForSelector("#project-resolved");
    assert.equal(await page.textContent("#project-resolved"), PROJECT);
    await page.waitForSelector(`#log_group option[value="${group}"]`, { state: "attached", timeout: 20_000 });
    await page.selectOption("#log_group", { label: `app — ${group}` });
    await page.waitForSelector(`#stream-list input[value="${stream}"]`, { timeout: 20_000 });
    await page.check(`#stream-list input[value="${stream}"]`);
    await page.fill("#kafka_topic", "lts-logs");
    await page.click("#create-transfer");
    await page.waitForSelector("#transfer-result.success, #transfer-result.failure", { timeout: 20_000 });
    assert.equal(await page.isVisible("#transfer-result.success"), true, await page.textContent("#transfer-result"));
    const transfers = lts.transfers.all();
    assert.deepEqual(transfers.map((t) => [t.log_transfer_info.log_transfer_detail.kafka_id, t.log_streams[0].log_stream_id]), [[instanceId, stream]]);
    assert.equal(await page.textContent('#transfer-result [data-field="transfer-id"]'), transfers[0].log_transfer_id);
    assert.equal(await page.textContent(`#transfer-result li[data-stream-id="${stream}"]`), `web ${stream}: created, in transfer ${transfers[0].log_transfer_id} (ENABLE)`);
    assert.deepEqual(errors, []);
    assert.deepEqual(await violations(), []);
    await page.close();

    // Nothing of what crossed (tokens, signatures, bodies) was printed.
    assert.equal(child.output, banner);
  } finally {
    await child.stop();
    await new Promise((resolve) => elsewhere.close(resolve));
    await lts.close();
  }
});

test("--region eu-west-101 forwards to the region's endpoints as the package names them (LTS from knownRegions(), IAM from its client); a bad option exits 2 naming it", { timeout: 60_000 }, async () => {
  const { child, url, banner } = await serve(["--region", "eu-west-101", "--port", "0"]);
  try {
    assert.match(banner, new RegExp(`endpoint +${url}lts-proxy, a same-origin proxy to https://lts\\.eu-west-101\\.myhuaweicloud\\.eu \\(eu-west-101\\)`));
    assert.match(banner, new RegExp(`IAM +${url}lts-proxy/v3/projects and /v3/auth/projects, a same-origin proxy to https://iam\\.eu-west-101\\.myhuaweicloud\\.eu\\n`));
    assert.match(banner, /Sign in with an IAM token/);
    assert.equal((await send(url)).status, 200);
  } finally {
    await child.stop();
  }
  for (const [args, message] of [
    [[], /give --local \(the bundled local endpoint\), --region REGION or --endpoint URL/],
    [["--region", "xx-nowhere-1"], /--region xx-nowhere-1: not a region lts-kafka knows/],
    [["--endpoint", "http://lts.example.com"], /http only for a loopback host/],
    [["--local", "--iam-endpoint", "https://iam.example.com"], /--iam-endpoint: the local endpoint serves IAM's project lists itself/],
  ]) {
    const r = await run(process.execPath, [path.join(consoleDir, "serve.mjs"), ...args], { cwd: dir, env: { PATH: process.env.PATH }, timeoutMs: 20_000 });
    assert.equal(r.code, 2, r.output);
    assert.match(r.stderr, message);
    assert.match(r.stderr, /console\/serve\.mjs \(--local \| --region REGION \| --endpoint URL \[--iam-endpoint URL\]\)/);
  }
});
