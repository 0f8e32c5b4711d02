// examples/vite and examples/node, each copied to a temp dir with the packed tarball installed
// as lts-kafka, run with the tools the repository pins, against the local LTS endpoint:
//
// - vite: `vite build` (the .wasm emitted once, as a file), then the page under `vite preview`
//   and under `vite` (dev), each in headless Chromium: the validation issues shown as the form
//   is filled, the onboarding run through the server's /lts/ proxy (twice: the second run
//   reports what exists) and an LtsApiError shown, the .wasm fetched as application/wasm.
// - node: `node onboard.mjs` with the machine's node, twice (idempotent), then its typed errors
//   and exit codes.
//
// Every server is bounded in time and its process group killed afterwards.
// LTS_KAFKA_TARBALL=<path, relative to the repository root or absolute> tests another tarball;
// LTS_KEEP_TMP=1 keeps the temp dirs; CHROMIUM_PATH another Chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { access, cp, mkdir, mkdtemp, readdir, readFile, rm, symlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "../chromium.mjs";
import { startLocalLts } from "../local-lts/server.mjs";
import { freePorts, run, start, stopAll } from "./processes.mjs";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const tarball = path.resolve(repoRoot, process.env.LTS_KAFKA_TARBALL ?? "target/package/lts-kafka.tgz");
const repoPackage = JSON.parse(await readFile(path.join(repoRoot, "package.json"), "utf8"));

const projectId = "0123456789abcdef0123456789abcdef";
const token = "examples-test-token-9876543210";
const wrongToken = "examples-wrong-token-9876543210";
const apiPath = `/v2/${projectId}/lts/dms/kafka-instance`;
const transfersPath = `/v2/${projectId}/transfers`;
const requestIdPattern = /^[0-9a-f]{32}$/;

const tempDirs = [];
let browser;

before(async () => {
  await access(tarball).catch(() => {
    throw new Error(`${tarball} is missing: run \`make pack\` first`);
  });
});

after(async () => {
  await stopAll();
  await browser?.close();
  if (!process.env.LTS_KEEP_TMP) await Promise.all(tempDirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** A copy of examples/<name> in a temp dir (without what an install or a build would add). */
async function copyExample(name) {
  const dir = await mkdtemp(path.join(os.tmpdir(), `lts-kafka-example-${name}-`));
  tempDirs.push(dir);
  const skip = new Set(["node_modules", "dist"]);
  await cp(path.join(repoRoot, "examples", name), dir, { recursive: true, filter: (src) => !skip.has(path.basename(src)) });
  return dir;
}

function startLts(logGroups) {
  return startLocalLts({ tokens: { [token]: projectId }, logGroups });
}

// ---------------------------------------------------------------------------------------------
// examples/vite

/**
 * The example with the tarball unpacked as node_modules/lts-kafka (it has no dependencies, so
 * this is what npm would install) and the repository's Vite linked as node_modules/vite.
 */
let viteProject;
async function vitePrepared() {
  viteProject ??= (async () => {
    const dir = await copyExample("vite");
    const pkg = JSON.parse(await readFile(path.join(dir, "package.json"), "utf8"));
    assert.equal(pkg.devDependencies?.vite, repoPackage.devDependencies.vite, "the example pins the repository's vite");
    assert.equal(pkg.dependencies?.["lts-kafka"], "^0.1.0");
    const pkgDir = path.join(dir, "node_modules/lts-kafka");
    await mkdir(pkgDir, { recursive: true });
    const untar = await run("tar", ["-xzf", tarball, "-C", pkgDir, "--strip-components=1"], { cwd: dir, env: process.env, timeoutMs: 30_000 });
    assert.equal(untar.code, 0, `unpacking ${tarball} failed:\n${untar.output}`);
    await symlink(path.join(repoRoot, "node_modules/vite"), path.join(dir, "node_modules/vite"), "dir");
    const version = JSON.parse(await readFile(path.join(dir, "node_modules/vite/package.json"), "utf8")).version;
    assert.equal(version, repoPackage.devDependencies.vite, "node_modules holds the pinned vite: run `npm ci`");
    return { dir, pkgDir, version };
  })();
  return viteProject;
}

function viteEnv(dir, extra = {}) {
  return { PATH: process.env.PATH, HOME: dir, NO_COLOR: "1", ...extra };
}

function vite(dir, args) {
  return [process.execPath, [path.join(dir, "node_modules/vite/bin/vite.js"), ...args]];
}

async function launchBrowser() {
  browser ??= await launchChromium();
  return browser;
}

const results = [];

test("vite build: the .wasm is emitted once, as a file, byte for byte the package's", { timeout: 60_000 }, async () => {
  const { dir, pkgDir, version } = await vitePrepared();
  // No LTS_ENDPOINT or LTS_REGION: a build needs none.
  const r = await run(...vite(dir, ["build"]), { cwd: dir, env: viteEnv(dir), timeoutMs: 60_000 });
  assert.equal(r.code, 0, `vite build failed (exit ${r.code}):\n${r.output}`);
  const assets = (await readdir(path.join(dir, "dist/assets"))).sort();
  const wasm = assets.filter((f) => f.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `dist/assets holds ${assets.join(", ")}`);
  const packaged = await readFile(path.join(pkgDir, "lts_kafka_bg.wasm"));
  assert.ok(packaged.equals(await readFile(path.join(dir, "dist/assets", wasm[0]))), `dist/assets/${wasm[0]} differs from the package's .wasm`);
  for (const js of assets.filter((f) => f.endsWith(".js"))) {
    const code = await readFile(path.join(dir, "dist/assets", js), "utf8");
    assert.doesNotMatch(code, /data:application\/wasm|AGFzbQ/, `${js} inlines the wasm as base64`);
  }
  results.push({ tool: `vite ${version}`, mode: "build", result: "ok", ms: r.ms });
});

test("vite dev and vite preview refuse to start without LTS_ENDPOINT or LTS_REGION, naming them", { timeout: 60_000 }, async () => {
  const { dir } = await vitePrepared();
  for (const args of [[], ["preview"]]) {
    const r = await run(...vite(dir, [...args, "--host", "127.0.0.1", "--port", String((await freePorts(1))[0]), "--strictPort"]), {
      cwd: dir,
      env: viteEnv(dir),
      timeoutMs: 30_000,
    });
    assert.notEqual(r.code, 0, `vite ${args.join(" ")} started without an endpoint:\n${r.output}`);
    assert.match(r.output, /set LTS_ENDPOINT, or LTS_REGION to one of: .*cn-north-4/, r.output);
  }
});

/** Serves the example with `args` (dev or preview), proxying /lts/ to a fresh local endpoint. */
async function serveVite(args, logGroups) {
  const { dir } = await vitePrepared();
  const lts = await startLts(logGroups);
  const [port] = await freePorts(1);
  const t0 = performance.now();
  const server = start(...vite(dir, [...args, "--host", "127.0.0.1", "--port", String(port), "--strictPort"]), {
    cwd: dir,
    env: viteEnv(dir, { LTS_ENDPOINT: lts.url }),
  });
  try {
    await server.waitFor(new RegExp(`Local:\\s+http://127\\.0\\.0\\.1:${port}/`), 30_000);
  } catch (e) {
    await server.stop();
    await lts.close();
    throw e;
  }
  return { lts, server, url: `http://127.0.0.1:${port}/`, startMs: Math.round(performance.now() - t0) };
}

/** Reads the page's result panel once it shows a JSON answer different from `previous`. */
async function resultAfter(page, previous) {
  await page.waitForFunction(
    (prev) => {
      const text = document.querySelector("#result").textContent;
      return text.startsWith("{") && text !== prev;
    },
    previous,
    { timeout: 20_000 },
  );
  return JSON.parse(await page.locator("#result").textContent());
}

/**
 * Drives the page: issues as the form is filled, the onboarding twice, a refused token. Checks
 * what the endpoint received through the proxy and how the .wasm was served.
 */
async function checkPage({ url, lts }, { group, stream }) {
  const instanceId = randomUUID();
  const context = await (await launchBrowser()).newContext();
  const page = await context.newPage();
  const pageErrors = [];
  const consoleMessages = [];
  const wasm = [];
  page.on("pageerror", (e) => pageErrors.push(String(e?.stack ?? e)));
  page.on("console", (m) => consoleMessages.push(`${m.type()}: ${m.text()}`));
  page.on("response", (r) => {
    if (/\.wasm(\?|$)/.test(r.url())) wasm.push({ path: new URL(r.url()).pathname, status: r.status(), type: r.headers()["content-type"] });
  });
  const t0 = performance.now();
  const diag = () =>
    `\n.wasm fetches: ${JSON.stringify(wasm)}\npage errors:\n${pageErrors.join("\n")}\nconsole:\n${consoleMessages.join("\n")}`;
  try {
    await page.goto(url, { waitUntil: "load", timeout: 20_000 });
    const issues = page.locator("#issues li");
    const submit = page.locator("button[type=submit]");
    const fill = (name, value) => page.fill(`input[name=${name}]`, value);
    const issueTexts = async () => (await issues.allTextContents()).map((t) => t.trim());

    // Once the wasm is ready the empty form shows its issues, and cannot be sent.
    await issues.first().waitFor({ timeout: 15_000 }).catch(async (e) => {
      const shown = await page.locator("#result").textContent();
      assert.fail(`no validation issues appeared (${e.message.split("\n")[0]}); the page says: ${JSON.stringify(shown)}${diag()}`);
    });
    assert.deepEqual(await issueTexts(), ["instance_id must be 1 to 36 characters (got 0)", "kafka_name must be 1 to 256 characters (got 0)"]);
    assert.equal(await submit.isDisabled(), true, "the form can be sent with issues");

    // The validator's rules as the user types: too long, half a SASL pair.
    await fill("instance_id", "i".repeat(37));
    await fill("kafka_name", "kafka-prod");
    await fill("user_name", "lts-user");
    assert.deepEqual(await issueTexts(), [
      "instance_id must be 1 to 36 characters (got 37)",
      "connect_info.pwd must not be empty: give the SASL password or pass {} for an instance without SASL",
    ]);
    await fill("instance_id", instanceId);
    await fill("user_name", "");
    assert.deepEqual(await issueTexts(), []);
    assert.equal(await submit.isDisabled(), false);

    await fill("project_id", projectId);
    await fill("token", token);
    await fill("log_group_id", group);
    await fill("log_stream_id", stream);
    await submit.click();
    const first = await resultAfter(page, "");
    assert.equal(first.error, undefined, `the onboarding failed: ${JSON.stringify(first.error)}${diag()}`);
    assert.deepEqual([first.registration, first.complete, first.kafka_id], ["registered", true, instanceId]);
    assert.deepEqual(first.streams.map((s) => [s.log_stream_id, s.outcome]), [[stream, "created"]]);

    await submit.click();
    const second = await resultAfter(page, JSON.stringify(first, null, 2));
    assert.deepEqual([second.registration, second.streams[0].outcome], ["already_registered", "already_delivered"], JSON.stringify(second));
    assert.equal(second.streams[0].log_transfer_id, first.streams[0].log_transfer_id);

    await fill("token", wrongToken);
    await submit.click();
    const refused = (await resultAfter(page, JSON.stringify(second, null, 2))).error;
    assert.deepEqual([refused?.name, refused?.code, refused?.status, refused?.step], ["LtsApiError", "APIGW.0301", 401, "register"], JSON.stringify(refused));
    assert.match(refused.requestId, requestIdPattern);
    const shown = await page.evaluate(() => document.body.innerText);
    assert.ok(!shown.includes(token) && !shown.includes(wrongToken), "the page shows the token");

    // Through the proxy: /lts/ stripped, the token as sent, nothing for the invalid states.
    assert.deepEqual(lts.received.map((r) => `${r.method} ${r.path}`), [
      `POST ${apiPath}`,
      `GET ${transfersPath}?log_transfer_type=DMS`,
      `POST ${transfersPath}`,
      `POST ${apiPath}`,
      `GET ${transfersPath}?log_transfer_type=DMS`,
      `POST ${apiPath}`,
    ]);
    assert.deepEqual(lts.received.map((r) => r.headers["x-auth-token"]), [...Array(5).fill(token), wrongToken]);
    assert.deepEqual(JSON.parse(lts.received[0].body), { instance_id: instanceId, kafka_name: "kafka-prod", connect_info: {} });

    assert.equal(wasm.length, 1, `the .wasm fetches: ${JSON.stringify(wasm)}`);
    assert.deepEqual([wasm[0].status, wasm[0].type], [200, "application/wasm"], `the .wasm fetches: ${JSON.stringify(wasm)}`);
    assert.deepEqual(pageErrors, [], `uncaught errors in the page${diag()}`);
    // The browser logs each error answer (400 already registered, 401) as a failed resource.
    const unexpected = consoleMessages.filter((m) => /^(error|warning)/.test(m) && !/Failed to load resource: the server responded with a status of 40[01]/.test(m));
    assert.deepEqual(unexpected, [], `console errors or warnings (a MIME fallback?)${diag()}`);
    return { pageMs: Math.round(performance.now() - t0), wasmPath: wasm[0].path };
  } finally {
    await context.close();
  }
}

for (const mode of [
  { name: "preview", args: ["preview"], wasmPath: (p) => p.startsWith("/assets/lts_kafka_bg-") },
  // The dev server serves the package from node_modules (vite.config.js keeps it out of the
  // dependency pre-bundling, which would separate it from its .wasm).
  { name: "dev", args: [], wasmPath: (p) => p === "/node_modules/lts-kafka/lts_kafka_bg.wasm" },
]) {
  test(`vite ${mode.name} in Chromium: issues shown, the onboarding through the /lts/ proxy, its typed error`, { timeout: 90_000 }, async () => {
    const { dir, version } = await vitePrepared();
    if (mode.name === "preview") {
      await access(path.join(dir, "dist/index.html")).catch(() => {
        throw new Error("dist/ is missing: the vite build test runs first");
      });
    }
    const group = randomUUID();
    const stream = randomUUID();
    const served = await serveVite(mode.args, { [group]: { name: "app", streams: { [stream]: "app-stream" } } });
    try {
      const { pageMs, wasmPath } = await checkPage(served, { group, stream });
      assert.ok(mode.wasmPath(wasmPath), `${mode.name} served the .wasm from ${wasmPath}`);
      results.push({ tool: `vite ${version}`, mode: mode.name, result: "ok", ms: served.startMs + pageMs, detail: `start ${served.startMs} ms, page ${pageMs} ms, wasm ${wasmPath}` });
    } finally {
      await served.server.stop();
      await served.lts.close();
    }
  });
}

// ---------------------------------------------------------------------------------------------
// examples/node

test("node onboard.mjs: registers and delivers, again idempotently; typed errors and exit codes", { timeout: 90_000 }, async () => {
  const dir = await copyExample("node");
  const pkg = JSON.parse(await readFile(path.join(dir, "package.json"), "utf8"));
  assert.equal(pkg.dependencies?.["lts-kafka"], "^0.1.0");
  const install = await run("npm", ["install", "--no-audit", "--no-fund", "--no-save", "--offline", "--loglevel=error", tarball], {
    cwd: dir,
    env: process.env,
    timeoutMs: 60_000,
  });
  assert.equal(install.code, 0, `npm install of the tarball failed:\n${install.output}`);
  const installed = JSON.parse(await readFile(path.join(dir, "node_modules/lts-kafka/package.json"), "utf8"));
  assert.equal(installed.version, "0.1.0");

  const group = randomUUID();
  const stream = randomUUID();
  const instanceId = randomUUID();
  const lts = await startLts({ [group]: { name: "app", streams: { [stream]: "app-stream" } } });
  try {
    const env = {
      PATH: process.env.PATH,
      LTS_ENDPOINT: lts.url,
      LTS_PROJECT_ID: projectId,
      LTS_TOKEN: token,
      LTS_INSTANCE_ID: instanceId,
      LTS_KAFKA_NAME: "kafka-prod",
      LTS_LOG_GROUP_ID: group,
      LTS_LOG_STREAM_ID: stream,
      LTS_KAFKA_TOPIC: "lts-logs",
    };
    const onboard = (overrides = {}) => {
      const e = { ...env, ...overrides };
      for (const [k, v] of Object.entries(e)) if (v === undefined) delete e[k];
      return run(process.execPath, ["onboard.mjs"], { cwd: dir, env: e, timeoutMs: 30_000 });
    };
    const report = (r) => {
      assert.equal(r.code, 0, `onboard.mjs exited ${r.code}:\n${r.output}`);
      assert.equal(r.stderr, "");
      return JSON.parse(r.stdout);
    };
    const failure = (r, code) => {
      assert.equal(r.code, code, `onboard.mjs exited ${r.code}, not ${code}:\n${r.output}`);
      assert.equal(r.stdout, "");
      for (const s of [token, wrongToken]) assert.ok(!r.output.includes(s), "onboard.mjs printed the token");
      return r.stderr;
    };

    const runs = [];
    const first = await onboard();
    runs.push(first.ms);
    const r1 = report(first);
    assert.deepEqual([r1.registration, r1.complete, r1.kafka_id, r1.kafka_topic], ["registered", true, instanceId, "lts-logs"]);
    assert.deepEqual(r1.streams.map((s) => [s.log_stream_id, s.outcome, s.log_transfer_status]), [[stream, "created", "ENABLE"]]);
    const second = await onboard();
    runs.push(second.ms);
    const r2 = report(second);
    assert.deepEqual([r2.registration, r2.streams[0].outcome, r2.streams[0].log_transfer_id], ["already_registered", "already_delivered", r1.streams[0].log_transfer_id]);
    assert.deepEqual(lts.received.map((r) => `${r.method} ${r.path} ${r.headers["x-auth-token"] === token ? "token" : "?"}`), [
      `POST ${apiPath} token`,
      `GET ${transfersPath}?log_transfer_type=DMS token`,
      `POST ${transfersPath} token`,
      `POST ${apiPath} token`,
      `GET ${transfersPath}?log_transfer_type=DMS token`,
    ]);
    assert.equal(lts.transfers.all().length, 1);

    // The stream already delivers on another topic: the report, and exit 1.
    const elsewhere = await onboard({ LTS_KAFKA_TOPIC: "other-topic" });
    assert.equal(elsewhere.code, 1, elsewhere.output);
    assert.match(elsewhere.stderr, /^not complete: /);
    const r3 = JSON.parse(elsewhere.stdout);
    assert.deepEqual([r3.complete, r3.streams[0].outcome, r3.streams[0].destination], [false, "delivered_elsewhere", { kafka_id: instanceId, kafka_topic: "lts-logs" }]);

    const refused = JSON.parse(failure(await onboard({ LTS_TOKEN: wrongToken }), 1)).error;
    assert.deepEqual([refused.name, refused.code, refused.status, refused.step], ["LtsApiError", "APIGW.0301", 401, "register"], JSON.stringify(refused));
    assert.match(refused.requestId, requestIdPattern);

    const sent = lts.received.length;
    const invalid = JSON.parse(failure(await onboard({ LTS_KAFKA_TOPIC: "x", LTS_KAFKA_USER: "lts-user" }), 1)).error;
    assert.equal(invalid.name, "LtsValidationError");
    assert.deepEqual(invalid.issues.map((i) => [i.path, i.rule]).sort(), [
      ["instance.connect_info.pwd", "requires"],
      ["kafka_topic", "min_length"],
    ], JSON.stringify(invalid.issues));
    assert.equal(lts.received.length, sent, "an invalid input reached LTS");

    const missing = failure(await onboard({ LTS_ENDPOINT: undefined, LTS_TOKEN: undefined }), 2);
    assert.equal(missing.trim(), "set LTS_ENDPOINT or LTS_REGION, LTS_TOKEN");
    results.push({ tool: `node ${process.version}`, mode: "onboard.mjs", result: "ok", ms: runs[0], detail: `second run ${runs[1]} ms, npm install ${install.ms} ms` });
  } finally {
    await lts.close();
  }
});

test("results", () => {
  for (const r of results) console.log(`RESULT tool=${r.tool.replace(" ", "-")} mode=${r.mode} result=${r.result} ms=${r.ms}${r.detail ? ` (${r.detail})` : ""}`);
});
