// The packed tarball with the real wrangler (the version the repository pins, run with Node 22):
//
// 1. examples/cloudflare-worker, copied to a temp dir with the tarball installed as lts-kafka:
//    - `wrangler deploy --dry-run --outdir dist`: the bundle takes the package's `workerd` entry
//      and imports the .wasm, which wrangler writes next to it as an additional module (byte for
//      byte the package's; wrangler's default rule makes a .wasm a CompiledWasm module); nothing
//      in the bundle compiles wasm from bytes.
//    - `wrangler dev --local` against the local LTS endpoint: POST /onboard with a token and
//      with an access key pair, twice each (the second run reports what already exists), and
//      the typed errors the worker answers with.
// 2. The workerd consumer (consumers/workerd/worker.mjs) under `wrangler dev --local`: compiling
//    wasm from bytes is refused in its isolate, it validates, registers with a token and signed,
//    gets LtsApiError LTS.1711, and creates, lists and deletes a DMS transfer.
//
// Every run is bounded in time and its process group killed afterwards (wrangler dev starts
// workerd children). wrangler runs with metrics, error reports, the banner's update check and
// the Request.cf download off, and with HTTP(S)_PROXY pointing at a local trap that fails the
// test if anything tries to leave 127.0.0.1 through it.
// LTS_KAFKA_TARBALL=<path, relative to the repository root or absolute> tests another tarball;
// LTS_KEEP_TMP=1 keeps the temp dirs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import { access, cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startLocalLts } from "../local-lts/server.mjs";
import { checkConsumerAnswer, expectedIssues } from "./consumer-checks.mjs";
import { freePorts, run, start, stopAll } from "./processes.mjs";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const tarball = path.resolve(repoRoot, process.env.LTS_KAFKA_TARBALL ?? "target/package/lts-kafka.tgz");
const exampleDir = path.join(repoRoot, "examples/cloudflare-worker");
const consumerWorker = fileURLToPath(new URL("./consumers/workerd/worker.mjs", import.meta.url));
const node22 = path.join(repoRoot, "node_modules/node22/bin/node");
const repoWrangler = path.join(repoRoot, "node_modules/wrangler");

const projectId = "0123456789abcdef0123456789abcdef";
const token = "wrangler-test-token-9876543210";
const ak = "WRANGLERTESTAK012345";
const sk = "wrangler-test-secret-key-9876543210";
const onboardKey = "wrangler-test-onboard-key-9876543210";
const secrets = [token, sk, onboardKey];
const apiPath = `/v2/${projectId}/lts/dms/kafka-instance`;
const transfersPath = `/v2/${projectId}/transfers`;
// What two runs of the example's onboarding send: register, list, create; then register
// (refused: already registered) and list.
const twoOnboardings = [
  `POST ${apiPath}`,
  `GET ${transfersPath}?log_transfer_type=DMS`,
  `POST ${transfersPath}`,
  `POST ${apiPath}`,
  `GET ${transfersPath}?log_transfer_type=DMS`,
];
// How the base64 of a wasm module begins: "\0asm", version 1.
const WASM_BASE64_START = Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]).toString("base64").slice(0, 8);

const tempDirs = [];
let trap;
let wranglerVersion;
let compatibilityDate;

before(async () => {
  await access(tarball).catch(() => {
    throw new Error(`${tarball} is missing: run \`make pack\` first`);
  });
  await access(node22).catch(() => {
    throw new Error(`${node22} is missing (wrangler needs Node >= 22.12): run \`npm ci\``);
  });
  wranglerVersion = JSON.parse(await readFile(path.join(repoWrangler, "package.json"), "utf8")).version;
  const example = JSON.parse(await readFile(path.join(exampleDir, "package.json"), "utf8"));
  const repo = JSON.parse(await readFile(path.join(repoRoot, "package.json"), "utf8"));
  assert.equal(example.devDependencies?.wrangler, repo.devDependencies.wrangler, "the example pins the repository's wrangler");
  assert.equal(wranglerVersion, repo.devDependencies.wrangler, "node_modules holds the pinned wrangler: run `npm ci`");
  assert.equal(example.dependencies?.["lts-kafka"], "^0.1.0");
  const toml = await readFile(path.join(exampleDir, "wrangler.toml"), "utf8");
  compatibilityDate = /^compatibility_date = "(\d{4}-\d\d-\d\d)"$/m.exec(toml)?.[1];
  assert.ok(compatibilityDate, "examples/cloudflare-worker/wrangler.toml sets compatibility_date");
  // The test writes secrets to .dev.vars, as a user does: the example must keep it out of git.
  const ignored = (await readFile(path.join(exampleDir, ".gitignore"), "utf8")).split("\n").map((l) => l.trim());
  assert.ok(ignored.some((l) => l === ".dev.vars" || l === ".dev.vars*"), "examples/cloudflare-worker/.gitignore lists .dev.vars");
  trap = await startProxyTrap();
});

after(async () => {
  await stopAll();
  await trap?.close();
  if (!process.env.LTS_KEEP_TMP) await Promise.all(tempDirs.map((d) => rm(d, { recursive: true, force: true })));
});

// A child left behind by a crash of this process would keep its ports: kill the groups.
/**
 * A proxy that answers every request with 502 and remembers it: with HTTP(S)_PROXY pointing at
 * it, a client that honours them and tries to leave 127.0.0.1 shows up in `attempts`.
 */
async function startProxyTrap() {
  const attempts = [];
  const server = createServer((socket) => {
    socket.once("data", (chunk) => {
      attempts.push(chunk.toString("latin1").split("\r\n")[0]);
      socket.end("HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
    });
    socket.on("error", () => {});
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    attempts,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * A temp project: `files` (a directory to copy, or { name: contents }), the tarball unpacked as
 * node_modules/lts-kafka (it has no dependencies, so this is what npm would install) and the
 * repository's wrangler linked as node_modules/wrangler (its own dependencies resolve from its
 * real path). `home` is wrangler's HOME, config and log directory.
 */
async function project(name, files) {
  const dir = await mkdtemp(path.join(os.tmpdir(), `lts-kafka-${name}-`));
  tempDirs.push(dir);
  const root = path.join(dir, "project");
  if (typeof files === "string") {
    const skip = new Set(["node_modules", ".wrangler", "dist", ".dev.vars"]);
    await cp(files, root, { recursive: true, filter: (src) => !skip.has(path.basename(src)) });
  } else {
    await mkdir(root);
    for (const [file, contents] of Object.entries(files)) await writeFile(path.join(root, file), contents);
  }
  const pkgDir = path.join(root, "node_modules/lts-kafka");
  await mkdir(pkgDir, { recursive: true });
  const untar = await run("tar", ["-xzf", tarball, "-C", pkgDir, "--strip-components=1"], { cwd: root, timeoutMs: 30_000 });
  assert.equal(untar.code, 0, `unpacking ${tarball} failed:\n${untar.output}`);
  await symlink(repoWrangler, path.join(root, "node_modules/wrangler"), "dir");
  const home = path.join(dir, "home");
  await mkdir(home);
  return { root, home, pkgDir };
}

function wranglerEnv(home) {
  return {
    PATH: process.env.PATH,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, ".config"),
    WRANGLER_LOG_PATH: path.join(home, "logs"),
    WRANGLER_SEND_METRICS: "false",
    WRANGLER_SEND_ERROR_REPORTS: "false",
    // The banner asks registry.npmjs.org for the latest version.
    WRANGLER_HIDE_BANNER: "true",
    // Otherwise wrangler dev downloads Request.cf data from workers.cloudflare.com.
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    HTTP_PROXY: trap.url,
    HTTPS_PROXY: trap.url,
    NO_PROXY: "127.0.0.1,localhost,[::1]",
    NO_COLOR: "1",
  };
}

function wrangler(proj, args, options = {}) {
  return [node22, [path.join(proj.root, "node_modules/wrangler/bin/wrangler.js"), ...args], { cwd: proj.root, env: wranglerEnv(proj.home), ...options }];
}

/** `wrangler dev --local` on free ports; resolves when it is ready, with its base URL. */
async function startDev(proj, vars = {}) {
  const [port, inspectorPort] = await freePorts(2);
  const varArgs = Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]);
  const t0 = performance.now();
  const [cmd, args, options] = wrangler(proj, [
    "dev",
    "--local",
    "--ip", "127.0.0.1",
    "--port", String(port),
    "--inspector-ip", "127.0.0.1",
    "--inspector-port", String(inspectorPort),
    "--show-interactive-dev-session=false",
    ...varArgs,
  ]);
  const dev = start(cmd, args, options);
  try {
    await dev.waitFor(new RegExp(`Ready on http://127\\.0\\.0\\.1:${port}\\b`), 60_000);
  } catch (e) {
    await dev.stop();
    throw e;
  }
  return { dev, url: `http://127.0.0.1:${port}`, startupMs: Math.round(performance.now() - t0) };
}

async function post(url, body, headers = {}) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    assert.fail(`POST ${new URL(url).pathname} answered ${res.status} with something other than JSON: ${text.slice(0, 2000)}`);
  }
}

/** Neither wrangler's output nor its log files hold a secret; nothing tried to leave 127.0.0.1. */
async function checkNoLeak(proj, output) {
  const logDir = path.join(proj.home, "logs");
  const logs = await readdir(logDir).catch(() => []);
  for (const s of secrets) {
    assert.ok(!output.includes(s), `wrangler printed a secret:\n${output}`);
    for (const f of logs) {
      assert.ok(!(await readFile(path.join(logDir, f), "utf8")).includes(s), `wrangler's log ${f} holds a secret`);
    }
  }
  assert.deepEqual(trap.attempts, [], "something tried to reach beyond 127.0.0.1 through the proxy");
}

// ---------------------------------------------------------------------------------------------
// examples/cloudflare-worker

let worker;
async function workerProject() {
  worker ??= await project("cloudflare-worker", exampleDir);
  return worker;
}

test("wrangler deploy --dry-run: the bundle imports the package's .wasm, written next to it as a separate module", { timeout: 120_000 }, async () => {
  const proj = await workerProject();
  const metafile = path.join(proj.home, "bundle-meta.json");
  const t0 = performance.now();
  const r = await run(...wrangler(proj, ["deploy", "--dry-run", "--outdir", "dist", "--metafile", metafile], { timeoutMs: 90_000 }));
  const ms = Math.round(performance.now() - t0);
  assert.equal(r.code, 0, `wrangler deploy --dry-run failed (exit ${r.code}):\n${r.output}`);
  const upload = /Total Upload: ([\d.]+ KiB) \/ gzip: ([\d.]+ KiB)/.exec(r.output);
  assert.ok(upload, `wrangler reported no upload size:\n${r.output}`);

  const packaged = await readFile(path.join(proj.pkgDir, "lts_kafka_bg.wasm"));
  // wrangler names an additional module after the SHA-1 of its content.
  const wasmName = `${createHash("sha1").update(packaged).digest("hex")}-lts_kafka_bg.wasm`;
  const dist = path.join(proj.root, "dist");
  const files = (await readdir(dist)).sort();
  assert.deepEqual(files.filter((f) => f.endsWith(".wasm")), [wasmName], `dist holds ${files.join(", ")}`);
  assert.deepEqual(files.filter((f) => f.endsWith(".js")), ["index.js"], `dist holds ${files.join(", ")}`);
  assert.ok(packaged.equals(await readFile(path.join(dist, wasmName))), `dist/${wasmName} differs from the package's .wasm`);

  const meta = JSON.parse(await readFile(metafile, "utf8"));
  const inputs = Object.keys(meta.inputs);
  assert.ok(inputs.includes("node_modules/lts-kafka/workerd.js"), `the "workerd" condition did not select workerd.js; bundled: ${inputs.join(", ")}`);
  for (const other of ["node.js", "node-bundler.js", "index.js", "edge-light.js", "lts_kafka_bg.wasm.br.js"]) {
    assert.ok(!inputs.includes(`node_modules/lts-kafka/${other}`), `the bundle holds ${other}; bundled: ${inputs.join(", ")}`);
  }
  assert.deepEqual(
    meta.outputs["dist/index.js"].imports.map((i) => [i.path, i.external]),
    [[`./${wasmName}`, true]],
    "the bundle's one import is the .wasm module",
  );

  const code = await readFile(path.join(dist, "index.js"), "utf8");
  const kept = new RegExp(`import (\\w+) from "\\./${wasmName.replace(/\./g, "\\.")}";[\\s\\S]*initSync\\(\\{ module: \\1 \\}\\)`);
  assert.match(
    code,
    kept,
    "the bundle dropped workerd.js's `import wasmModule from \"./lts_kafka_bg.wasm\"` and its " +
      "`initSync({ module: wasmModule })`: the entries that instantiate at import must be declared " +
      "in the package's \"sideEffects\"",
  );
  // No wasm compiled from bytes: no base64 copy (plain or the brotli one node-bundler.js
  // carries), and the only `new WebAssembly.Module(` is wasm-bindgen's fallback for bytes, not
  // taken for the compiled module the import hands over (workerd would refuse it: see below).
  assert.ok(!code.includes(WASM_BASE64_START) && !code.includes("data:application/wasm"), "the bundle holds the wasm as base64");
  const brotli = /"([A-Za-z0-9+/]{64})/.exec(await readFile(path.join(proj.pkgDir, "lts_kafka_bg.wasm.br.js"), "utf8"))[1];
  assert.ok(!code.includes(brotli), "the bundle holds the brotli-compressed wasm of node-bundler.js");
  assert.equal(code.split("new WebAssembly.Module(").length - 1, 1, "one `new WebAssembly.Module(` in the bundle");
  assert.match(code, /if \(!\(module instanceof WebAssembly\.Module\)\) \{\s*module = new WebAssembly\.Module\(module\);/);
  assert.doesNotMatch(code, /WebAssembly\.(compile|instantiate|instantiateStreaming|compileStreaming)\(/);

  await checkNoLeak(proj, r.output);
  const bundleBytes = Buffer.byteLength(code);
  console.log(
    `RESULT tool=wrangler-${wranglerVersion} mode=deploy-dry-run result=ok ms=${ms} ` +
      `(Total Upload: ${upload[1]} / gzip: ${upload[2]}: index.js ${bundleBytes} B + ${wasmName} ${packaged.length} B)`,
  );
});

/** Starts the example's wrangler dev with these secrets in .dev.vars, against a fresh endpoint. */
async function startExample(devVars, logGroups) {
  const proj = await workerProject();
  await writeFile(path.join(proj.root, ".dev.vars"), Object.entries(devVars).map(([k, v]) => `${k}=${v}\n`).join(""));
  const lts = await startLocalLts({ tokens: { [token]: projectId }, akSk: { [ak]: { sk, projectId } }, logGroups });
  try {
    const dev = await startDev(proj, { LTS_ENDPOINT: lts.url, LTS_PROJECT_ID: projectId });
    return { proj, lts, ...dev };
  } catch (e) {
    await lts.close();
    throw e;
  }
}

function onboarding(instanceId, group, stream) {
  return {
    instance: { instance_id: instanceId, kafka_name: "kafka-prod", connect_info: {} },
    log_group_id: group,
    log_streams: [{ log_stream_id: stream }],
    kafka_topic: "lts-logs",
  };
}

const auth = { authorization: `Bearer ${onboardKey}` };
const requestIdPattern = /^[0-9a-f]{32}$/;

test("wrangler dev --local: POST /onboard with a token registers and delivers, then reports what exists; typed errors", { timeout: 120_000 }, async () => {
  const testStart = performance.now();
  const [group, stream, otherGroup, otherStream] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const instanceId = randomUUID();
  const ex = await startExample({ LTS_TOKEN: token, ONBOARD_KEY: onboardKey }, { [group]: { name: "app", streams: { [stream]: "app-stream" } } });
  const timings = { startupMs: ex.startupMs };
  try {
    const onboard = `${ex.url}/onboard`;
    const body = onboarding(instanceId, group, stream);

    const noKey = await post(onboard, body);
    assert.equal(noKey.status, 401, JSON.stringify(noKey.body));
    const wrongKey = await post(onboard, body, { authorization: `Bearer ${onboardKey}x` });
    assert.equal(wrongKey.status, 401, JSON.stringify(wrongKey.body));
    assert.deepEqual(ex.lts.received, [], "a caller without the key reached LTS");

    let t0 = performance.now();
    const first = await post(onboard, body, auth);
    timings.firstMs = Math.round(performance.now() - t0);
    assert.equal(first.status, 200, JSON.stringify(first.body, null, 2));
    assert.equal(first.body.registration, "registered");
    assert.equal(first.body.complete, true);
    assert.deepEqual(first.body.streams.map((s) => [s.log_stream_id, s.outcome, s.log_transfer_status]), [[stream, "created", "ENABLE"]]);
    const transferId = first.body.streams[0].log_transfer_id;
    assert.deepEqual(
      ex.lts.transfers.all().map((t) => [t.log_transfer_id, t.log_group_id, t.log_transfer_info.log_transfer_detail.kafka_id]),
      [[transferId, group, instanceId]],
    );
    for (const id of Object.values(first.body.requestIds)) assert.match(id, requestIdPattern);

    t0 = performance.now();
    const second = await post(onboard, body, auth);
    timings.secondMs = Math.round(performance.now() - t0);
    assert.equal(second.status, 200, JSON.stringify(second.body, null, 2));
    assert.equal(second.body.registration, "already_registered");
    assert.deepEqual(second.body.streams.map((s) => [s.outcome, s.log_transfer_id]), [["already_delivered", transferId]]);
    assert.equal(second.body.requestIds.create, null);

    // What reached the endpoint: register, list, create; then register (refused: already
    // registered) and list. Each with the token, and nothing else.
    assert.deepEqual(ex.lts.received.map((r) => `${r.method} ${r.path}`), twoOnboardings);
    for (const r of ex.lts.received) {
      assert.equal(r.headers["x-auth-token"], token);
      assert.equal(r.headers.authorization, undefined);
    }
    assert.deepEqual(JSON.parse(ex.lts.received[0].body), body.instance);

    // The stream already delivers to this instance, on another topic: 409, and the report says
    // where it goes.
    const elsewhere = await post(onboard, { ...body, kafka_topic: "other-topic" }, auth);
    assert.equal(elsewhere.status, 409, JSON.stringify(elsewhere.body));
    assert.equal(elsewhere.body.complete, false);
    assert.deepEqual(elsewhere.body.streams.map((s) => [s.outcome, s.destination]), [
      ["delivered_elsewhere", { kafka_id: instanceId, kafka_topic: "lts-logs" }],
    ]);

    // A body that breaks the rules: 400 with every issue, nothing sent.
    const sent = ex.lts.received.length;
    const invalid = await post(onboard, { ...body, kafka_topic: "x", log_streams: [] }, auth);
    assert.equal(invalid.status, 400, JSON.stringify(invalid.body));
    assert.equal(invalid.body.error.name, "LtsValidationError");
    assert.deepEqual(invalid.body.error.issues.map((i) => [i.path, i.rule]).sort(), [
      ["kafka_topic", "min_length"],
      ["log_streams", "min_items"],
    ].sort(), JSON.stringify(invalid.body.error.issues));
    const notJson = await post(onboard, "{", auth);
    assert.deepEqual([notJson.status, notJson.body], [400, { error: "the body must be JSON" }]);
    assert.equal(ex.lts.received.length, sent, "an invalid body reached LTS");

    // LTS refuses (a log group it does not know): 502 with the typed error.
    const refused = await post(onboard, onboarding(instanceId, otherGroup, otherStream), auth);
    assert.equal(refused.status, 502, JSON.stringify(refused.body));
    const e = refused.body.error;
    assert.deepEqual([e.name, e.code, e.status, e.step], ["LtsApiError", "LTS.0201", 400, "create"], JSON.stringify(e));
    assert.match(e.requestId, requestIdPattern);
    assert.equal(typeof e.message, "string");

    await ex.dev.stop();
    assert.match(ex.dev.output, /POST \/onboard 200 OK/, ex.dev.output);
    await checkNoLeak(ex.proj, ex.dev.output);
    console.log(
      `RESULT tool=wrangler-${wranglerVersion} mode=dev-token result=ok ms=${Math.round(performance.now() - testStart)} ` +
        `(ready ${timings.startupMs} ms, first POST /onboard ${timings.firstMs} ms, second ${timings.secondMs} ms)`,
    );
  } finally {
    await ex.dev.stop();
    await ex.lts.close();
  }
});

test("wrangler dev --local: POST /onboard with an access key pair signs every request", { timeout: 120_000 }, async () => {
  const testStart = performance.now();
  const [group, stream] = [randomUUID(), randomUUID()];
  const instanceId = randomUUID();
  const ex = await startExample({ LTS_AK: ak, LTS_SK: sk, ONBOARD_KEY: onboardKey }, { [group]: { name: "app", streams: { [stream]: "app-stream" } } });
  try {
    const onboard = `${ex.url}/onboard`;
    const body = onboarding(instanceId, group, stream);
    const first = await post(onboard, body, auth);
    assert.equal(first.status, 200, JSON.stringify(first.body, null, 2));
    assert.deepEqual([first.body.registration, first.body.streams[0].outcome, first.body.complete], ["registered", "created", true]);
    const second = await post(onboard, body, auth);
    assert.equal(second.status, 200, JSON.stringify(second.body, null, 2));
    assert.deepEqual([second.body.registration, second.body.streams[0].outcome], ["already_registered", "already_delivered"]);

    // The endpoint verified each signature (it answers 401 otherwise); the token never went.
    assert.deepEqual(ex.lts.received.map((r) => `${r.method} ${r.path}`), twoOnboardings);
    for (const r of ex.lts.received) {
      assert.match(
        r.headers.authorization ?? "",
        new RegExp(`^SDK-HMAC-SHA256 Access=${ak}, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=[0-9a-f]{64}$`),
      );
      assert.equal(r.headers["x-auth-token"], undefined);
    }
    await ex.dev.stop();
    await checkNoLeak(ex.proj, ex.dev.output);
    console.log(
      `RESULT tool=wrangler-${wranglerVersion} mode=dev-aksk result=ok ms=${Math.round(performance.now() - testStart)} ` +
        `(ready ${ex.startupMs} ms)`,
    );
  } finally {
    await ex.dev.stop();
    await ex.lts.close();
  }
});

// ---------------------------------------------------------------------------------------------
// The workerd consumer: everything the package does in a worker, under the real wrangler


test("wrangler dev --local: the workerd consumer (wasm from bytes refused; token and AK/SK registration; LtsApiError; transfer round)", { timeout: 120_000 }, async () => {
  const testStart = performance.now();
  const steps = { bundle: "-", import: "-", register: "-", signedRegister: "-", apiError: "-", transfers: "-", discovery: "-" };
  const extra = { firstCallMs: "-", startupMs: "-" };
  const step = async (name, fn) => {
    steps[name] = "fail";
    const value = await fn();
    steps[name] = "ok";
    return value;
  };
  const ids = { token: "wd-token-1", signed: "wd-signed-1", group: randomUUID(), stream: randomUUID() };
  const lts = await startLocalLts({
    tokens: { [token]: projectId },
    akSk: { [ak]: { sk, projectId } },
    logGroups: { [ids.group]: { name: "workerd-group", streams: { [ids.stream]: "workerd-stream" } } },
  });
  let dev;
  try {
    const proj = await project("workerd-consumer", {
      "worker.mjs": await readFile(consumerWorker, "utf8"),
      "package.json": JSON.stringify({ name: "lts-kafka-consumer-workerd", private: true, type: "module" }),
      "wrangler.toml": `name = "lts-kafka-consumer"\nmain = "worker.mjs"\ncompatibility_date = "${compatibilityDate}"\n`,
      // Secrets, as `wrangler secret put` would hold them.
      ".dev.vars": Object.entries({
        LTS_URL: lts.url,
        LTS_PROJECT_ID: projectId,
        LTS_TOKEN: token,
        LTS_AK: ak,
        LTS_SK: sk,
        INSTANCE_TOKEN: ids.token,
        INSTANCE_SIGNED: ids.signed,
        LOG_GROUP_ID: ids.group,
        LOG_STREAM_ID: ids.stream,
        LOG_GROUP_NAME: "workerd-group",
        LOG_STREAM_NAME: "workerd-stream",
        HUAWEICLOUD_SDK_AK: ak,
        HUAWEICLOUD_SDK_SK: sk,
      }).map(([k, v]) => `${k}=${v}\n`).join(""),
    });
    const started = await step("bundle", () => startDev(proj));
    dev = started.dev;
    extra.startupMs = started.startupMs;
    const res = await fetch(`${started.url}/register`, { signal: AbortSignal.timeout(30_000) });
    const text = await res.text();
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      assert.fail(`the worker answered ${res.status} with something other than JSON: ${text.slice(0, 2000)}\n${dev.output}`);
    }

    await step("import", () => {
      assert.equal(body.runtime, "workerd", JSON.stringify(body));
      assert.equal(body.error, undefined, `the worker threw: ${JSON.stringify(body.error, null, 2)}`);
      // Compiling wasm from bytes is refused in this isolate: the package used the compiled
      // module wrangler handed over.
      assert.match(body.compileFromBytes, /^CompileError: .*disallowed/, body.compileFromBytes);
      assert.deepEqual(body.issues, expectedIssues, "validateRegisterDmsKafkaInstance is synchronous and complete");
    });
    assert.equal(res.status, 200, JSON.stringify(body, null, 2));
    extra.firstCallMs = Math.round(body.firstCallMs);
    await checkConsumerAnswer(body, { lts, received: lts.received, ids, projectId, token, ak }, step);
    assert.deepEqual(lts.transfers.all(), []);
    await dev.stop();
    await checkNoLeak(proj, dev.output);
    console.log(
      `RESULT tool=wrangler-${wranglerVersion} mode=dev-consumer result=ok ms=${Math.round(performance.now() - testStart)} ` +
        `(ready ${extra.startupMs} ms)`,
    );
  } finally {
    await dev?.stop();
    await lts.close();
    console.log(`RESULT runtime=workerd-wrangler-${wranglerVersion} ${Object.entries({ ...steps, ...extra }).map(([k, v]) => `${k}=${v}`).join(" ")}`);
  }
});
