// examples/vite and examples/node, each copied to a temp dir with the packed tarball installed
// as lts-kafka (the local build, as each example's README says to install it after `make pack`),
// run with the tools the repository pins, against the local LTS endpoint:
//
// - vite: `vite build` (the .wasm emitted once, as a file), then the page under `vite preview`
//   and under `vite` (dev), each in headless Chromium: the validation issues shown as the form
//   is filled, the onboarding run through the server's /lts/ proxy (twice: the second run
//   reports what exists) and an LtsApiError shown, the .wasm fetched as application/wasm.
// - node: installed with the README's own command, `npm install ../../target/package/lts-kafka.tgz`
//   (run as written, offline, from a copy laid out as in the repository); `node onboard.mjs`
//   with the machine's node, twice (idempotent), a transfer disabled meanwhile enabled again,
//   then its typed errors and exit codes.
// - every example (node, vite, cloudflare-worker, nextjs): its code compiles under
//   `tsc --strict` (checkJs: the examples are JavaScript with JSDoc types) against the packed
//   package's typings, with the platform's own (DOM, @types/node, @types/react); and each
//   README says how to run it against the local build as well as the published package.
//
// Every server is bounded in time and its process group killed afterwards.
// LTS_KAFKA_TARBALL=<path, relative to the repository root or absolute> tests another tarball;
// LTS_KEEP_TMP=1 keeps the temp dirs; CHROMIUM_PATH another Chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { access, cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
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
    for (const id of Object.values(first.requestIds)) assert.match(id, requestIdPattern);

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

/**
 * A copy of examples/<name> laid out as in the repository, <tmp>/examples/<name> next to
 * <tmp>/target/package/lts-kafka.tgz (the tarball under test), so that the README's relative
 * path to the local build holds.
 */
async function copyExampleWithBuild(name) {
  const root = await mkdtemp(path.join(os.tmpdir(), `lts-kafka-example-${name}-`));
  tempDirs.push(root);
  const dir = path.join(root, "examples", name);
  await cp(path.join(repoRoot, "examples", name), dir, { recursive: true, filter: (src) => !["node_modules", "dist"].includes(path.basename(src)) });
  await mkdir(path.join(root, "target/package"), { recursive: true });
  await cp(tarball, path.join(root, "target/package/lts-kafka.tgz"));
  return dir;
}

/** The command each example's README gives for the local build (after `make pack`). */
const LOCAL_BUILD_INSTALL = "npm install ../../target/package/lts-kafka.tgz";

test("node onboard.mjs: installed from the local build as its README says; registers and delivers, again idempotently, enables a disabled transfer; typed errors and exit codes", { timeout: 90_000 }, async () => {
  const dir = await copyExampleWithBuild("node");
  const pkg = JSON.parse(await readFile(path.join(dir, "package.json"), "utf8"));
  assert.equal(pkg.dependencies?.["lts-kafka"], "^0.1.0");
  const readme = await readFile(path.join(dir, "README.md"), "utf8");
  assert.ok(readme.includes(LOCAL_BUILD_INSTALL), `examples/node/README.md gives \`${LOCAL_BUILD_INSTALL}\``);
  // The README's command as written, in bash; npm offline (nothing comes from a registry).
  const install = await run("bash", ["-c", LOCAL_BUILD_INSTALL], {
    cwd: dir,
    env: { ...process.env, npm_config_offline: "true", npm_config_audit: "false", npm_config_fund: "false", npm_config_loglevel: "error" },
    timeoutMs: 60_000,
  });
  assert.equal(install.code, 0, `${LOCAL_BUILD_INSTALL} failed:\n${install.output}`);
  // The local build it installed: a file: dependency on the tarball, its wasm byte for byte.
  const saved = JSON.parse(await readFile(path.join(dir, "package.json"), "utf8"));
  assert.equal(saved.dependencies["lts-kafka"], "file:../../target/package/lts-kafka.tgz");
  const installed = JSON.parse(await readFile(path.join(dir, "node_modules/lts-kafka/package.json"), "utf8"));
  assert.equal(installed.version, "0.1.0");
  const untarred = await mkdtemp(path.join(os.tmpdir(), "lts-kafka-example-tarball-"));
  tempDirs.push(untarred);
  const untar = await run("tar", ["-xzf", tarball, "-C", untarred, "package/lts_kafka_bg.wasm"], { cwd: untarred, env: process.env, timeoutMs: 30_000 });
  assert.equal(untar.code, 0, untar.output);
  assert.ok(
    (await readFile(path.join(untarred, "package/lts_kafka_bg.wasm"))).equals(await readFile(path.join(dir, "node_modules/lts-kafka/lts_kafka_bg.wasm"))),
    "node_modules/lts-kafka is not the tarball's",
  );

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
    for (const id of Object.values(r1.requestIds)) assert.match(id, requestIdPattern);
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

    // Someone disabled the transfer: a run enables it (enableTransfer keeps its format and
    // destination) and reports it enabled.
    const transferId = r1.streams[0].log_transfer_id;
    lts.transfers.setStatus(projectId, transferId, "DISABLE");
    const sentBefore = lts.received.length;
    const reenabled = report(await onboard());
    assert.deepEqual(
      [reenabled.complete, reenabled.streams[0].outcome, reenabled.streams[0].log_transfer_id, reenabled.streams[0].log_transfer_status],
      [true, "already_delivered", transferId, "ENABLE"],
    );
    assert.deepEqual(lts.received.slice(sentBefore).map((r) => `${r.method} ${r.path}`), [
      `POST ${apiPath}`,
      `GET ${transfersPath}?log_transfer_type=DMS`,
      // enableTransfer: the transfer read, then updated.
      `GET ${transfersPath}?log_transfer_type=DMS`,
      `PUT ${transfersPath}`,
      // The report again.
      `POST ${apiPath}`,
      `GET ${transfersPath}?log_transfer_type=DMS`,
    ]);
    assert.equal(lts.transfers.all()[0].log_transfer_info.log_transfer_status, "ENABLE");

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

// ---------------------------------------------------------------------------------------------
// Every example: strict TypeScript, and the local build in its README

const EXAMPLES = ["node", "vite", "cloudflare-worker", "nextjs"];
const TSC = path.join(repoRoot, "node_modules/typescript/bin/tsc");

/**
 * What is type-checked, and against which platform. The examples are JavaScript with JSDoc
 * types, checked as TypeScript would check .ts (checkJs, strict). `links`: packages of the
 * repository the check needs next to the unpacked tarball (the platform's typings, and what the
 * code imports). Next.js's own declarations need newer libraries than its apps: skipLibCheck,
 * as the tsconfig Next writes has; the others check every declaration, lts-kafka's included.
 */
const TYPE_CHECKS = [
  { name: "node", example: "node", files: ["onboard.mjs"], links: ["@types/node"], options: { module: "nodenext", moduleResolution: "nodenext", types: ["node"] } },
  { name: "vite page", example: "vite", files: ["main.js"], links: [], options: { module: "esnext", moduleResolution: "bundler", lib: ["es2022", "dom", "dom.iterable"], types: [] } },
  { name: "vite config", example: "vite", files: ["vite.config.js"], links: ["@types/node", "vite"], options: { module: "nodenext", moduleResolution: "nodenext", types: ["node"] } },
  { name: "cloudflare-worker", example: "cloudflare-worker", files: ["src/index.js"], links: [], options: { module: "esnext", moduleResolution: "bundler", lib: ["es2022", "dom"], types: [] } },
  {
    name: "nextjs",
    example: "nextjs",
    files: ["next.config.mjs", "app/layout.js", "app/page.js", "app/registration-form.js", "app/api/node/route.js", "app/api/edge/route.js", "lib/register-and-transfer.js"],
    links: ["@types/node", "@types/react", "next", "react", "react-dom"],
    options: { module: "esnext", moduleResolution: "bundler", lib: ["es2022", "dom", "dom.iterable"], jsx: "preserve", types: ["node"], skipLibCheck: true },
  },
];

test("every example's code compiles under strict TypeScript against the packed package's typings", { timeout: 120_000 }, async () => {
  // Every source file of every example is in one check.
  const sources = [];
  for (const name of EXAMPLES) {
    const walk = async (rel) => {
      for (const entry of await readdir(path.join(repoRoot, "examples", name, rel), { withFileTypes: true })) {
        if (["node_modules", "dist", ".next", ".wrangler"].includes(entry.name)) continue;
        const file = path.posix.join(rel, entry.name);
        if (entry.isDirectory()) await walk(file);
        else if (/\.(m?js|ts|tsx|jsx)$/.test(entry.name)) sources.push(`${name}/${file}`);
      }
    };
    await walk("");
  }
  const checked = TYPE_CHECKS.flatMap((c) => c.files.map((f) => `${c.example}/${f}`));
  assert.deepEqual(sources.sort(), [...checked].sort(), "a source file of an example is left out of the type check");

  const failures = [];
  for (const check of TYPE_CHECKS) {
    const dir = await copyExample(check.example);
    const pkgDir = path.join(dir, "node_modules/lts-kafka");
    await mkdir(pkgDir, { recursive: true });
    await mkdir(path.join(dir, "node_modules/@types"), { recursive: true });
    const untar = await run("tar", ["-xzf", tarball, "-C", pkgDir, "--strip-components=1"], { cwd: dir, env: process.env, timeoutMs: 30_000 });
    assert.equal(untar.code, 0, `unpacking ${tarball} failed:\n${untar.output}`);
    for (const name of check.links) await symlink(path.join(repoRoot, "node_modules", name), path.join(dir, "node_modules", name), "dir");
    const config = { compilerOptions: { strict: true, noEmit: true, allowJs: true, checkJs: true, target: "es2022", ...check.options }, files: check.files };
    await writeFile(path.join(dir, "tsconfig.strict.json"), JSON.stringify(config, null, 2));
    const r = await run(process.execPath, [TSC, "-p", "tsconfig.strict.json", "--pretty", "false"], { cwd: dir, env: process.env, timeoutMs: 90_000 });
    console.log(`TYPECHECK example=${check.name.replace(" ", "-")} files=${check.files.length} result=${r.code === 0 ? "ok" : "fail"} ms=${r.ms}`);
    if (r.code !== 0) failures.push(`${check.name} (tsc --strict, ${check.files.join(", ")}):\n${r.output}`);
  }
  assert.deepEqual(failures, [], failures.join("\n"));
});

test("each example's README says how to run it against the local build (make pack, then the tarball) and the published package", async () => {
  for (const name of EXAMPLES) {
    const readme = await readFile(path.join(repoRoot, "examples", name, "README.md"), "utf8");
    const where = `examples/${name}/README.md`;
    assert.match(readme, /^## With the package built from this repository$/m, where);
    assert.match(readme, /`make pack`/, where);
    assert.ok(readme.includes(LOCAL_BUILD_INSTALL), `${where} gives \`${LOCAL_BUILD_INSTALL}\``);
    assert.ok(readme.includes('"lts-kafka": "file:../../target/package/lts-kafka.tgz"'), `${where} gives the file: dependency`);
    // From the example's folder, the path names the tarball `make pack` writes.
    assert.equal(path.resolve(repoRoot, "examples", name, "../../target/package/lts-kafka.tgz"), path.join(repoRoot, "target/package/lts-kafka.tgz"));
    // And the published package: the plain install, with the dependency package.json has.
    assert.match(readme, /^npm install$/m, where);
    const pkg = JSON.parse(await readFile(path.join(repoRoot, "examples", name, "package.json"), "utf8"));
    assert.equal(pkg.dependencies?.["lts-kafka"], "^0.1.0", `examples/${name}/package.json`);
  }
});

test("results", () => {
  for (const r of results) console.log(`RESULT tool=${r.tool.replace(" ", "-")} mode=${r.mode} result=${r.result} ms=${r.ms}${r.detail ? ` (${r.detail})` : ""}`);
});
