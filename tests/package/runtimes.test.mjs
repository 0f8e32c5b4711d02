// The packed tarball (target/package/lts-kafka.tgz, `make pack`) as users install it, in every
// server runtime the package claims: Node 20 (the machine's `node`), 22 and 24, each from ESM
// (`import`) and CommonJS (`require`, through Node's require(esm)); Deno; Bun.
//
// For each runtime a consumer project from tests/package/consumers/ is copied into a fresh
// directory under os.tmpdir() with the tarball next to its package.json (which lists it as
// "lts-kafka": "file:./lts-kafka.tgz"), installed the way that runtime's users install packages
// (offline, with a private cache: nothing can come from a registry), and run against the local
// LTS endpoint this process starts. The consumer imports `lts-kafka` by name, validates,
// registers with a token and with an AK/SK pair, provokes an LTS.1711, delivers its own log
// stream to the instance it registered (a DMS transfer: create, list and delete, the last two
// signed), then, with no project id and the keys from HUAWEICLOUD_SDK_AK/SK (fromEnv), onboards
// the same stream named by its group's and its own name, and prints one JSON line.
//
//   Node:  npm install                      then  node main.mjs / node main.cjs
//   Deno:  npm install (Deno cannot install a tarball itself; deno.json nodeModulesDir
//          "manual" is Deno's mode for a node_modules filled by npm)
//                                           then  deno run --allow-net=127.0.0.1:PORT
//                                                 --allow-env=LTS_... --allow-read=<the .wasm>
//                                           and   deno check main.ts (the published types)
//   Bun:   bun install                      then  bun main.ts
//
// A missing runtime binary or tarball is a failure, never a skip. Prints one line per runtime:
//   RESULT runtime=<name> import=ok register=ok signedRegister=ok apiError=ok transfers=ok discovery=ok firstCallMs=<n> perfNowMs=<n> version=<v>
//     [testing=ok: lts-kafka/testing, Node ESM] [typecheck=ok: deno check]
// firstCallMs: wall-clock ms from spawning the runtime to its first completed registration
// (runtime start, import or require, wasm instantiation, validation, one HTTP round trip);
// perfNowMs: performance.now() at that moment, whose origin each runtime picks itself.
// The runtimes run one after the other, so that these times are not inflated by each other.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startLocalLts } from "../local-lts/server.mjs";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TARBALL = join(ROOT, "target", "package", "lts-kafka.tgz");
const CONSUMERS = fileURLToPath(new URL("./consumers/", import.meta.url));
const TOOLS = join(ROOT, "node_modules");
const INSTALL_TIMEOUT_MS = 120_000;
const RUN_TIMEOUT_MS = 60_000;
const PROJECT_ID = "0123456789abcdef0123456789abcdef";
const ENV_NAMES = [
  "LTS_ENDPOINT",
  "LTS_PROJECT_ID",
  "LTS_TOKEN",
  "LTS_AK",
  "LTS_SK",
  "LTS_INSTANCE_PREFIX",
  "LTS_LOG_GROUP_ID",
  "LTS_LOG_STREAM_ID",
  "LTS_LOG_GROUP_NAME",
  "LTS_LOG_STREAM_NAME",
  "LTS_SPAWNED_AT",
  // What fromEnv() reads (Deno asks for each).
  "HUAWEICLOUD_SDK_AK",
  "HUAWEICLOUD_SDK_SK",
  "HUAWEICLOUD_SDK_SECURITY_TOKEN",
  "HUAWEICLOUD_SDK_PROJECT_ID",
  "HUAWEICLOUD_SDK_IAM_ENDPOINT",
  "CLOUD_SDK_AK",
  "CLOUD_SDK_SK",
];
const REGISTER_PATH = `/v2/${PROJECT_ID}/lts/dms/kafka-instance`;
const TRANSFERS_PATH = `/v2/${PROJECT_ID}/transfers`;

const NODE = {
  // The machine's Node: the `node` on PATH, as a user would run it.
  20: "node",
  22: join(TOOLS, "node22", "bin", "node"),
  24: join(TOOLS, "node24", "bin", "node"),
};
const DENO = join(TOOLS, ".bin", "deno");
const BUN = join(TOOLS, ".bin", "bun");

const RUNTIMES = [];
for (const major of [20, 22, 24]) {
  RUNTIMES.push({ name: `node${major}-esm`, kind: "node", major, consumer: "node-esm", bin: NODE[major], main: "main.mjs" });
  RUNTIMES.push({ name: `node${major}-cjs`, kind: "node", major, consumer: "node-cjs", bin: NODE[major], main: "main.cjs" });
}
RUNTIMES.push({ name: "deno", kind: "deno", consumer: "deno", bin: DENO, main: "main.ts" });
RUNTIMES.push({ name: "bun", kind: "bun", consumer: "bun", bin: BUN, main: "main.ts" });

// Every runtime has its own token and key pair, so that a failing one (a bad signature locks
// an AK) cannot make another fail; and its own instance ids and log stream, so that
// registrations and transfers never collide.
for (const r of RUNTIMES) {
  const tag = r.name.replace(/[^a-z0-9]/g, "");
  r.token = `token-${tag}-${randomBytes(8).toString("hex")}`;
  r.ak = `AK${tag.toUpperCase()}${randomBytes(6).toString("hex").toUpperCase()}`;
  r.sk = `sk-${randomBytes(16).toString("hex")}`;
  r.prefix = `${r.name}-${randomBytes(4).toString("hex")}`;
  r.logGroupId = randomUUID();
  r.logStreamId = randomUUID();
}

let lts;
let workRoot;
const results = [];

before(async () => {
  lts = await startLocalLts({
    tokens: Object.fromEntries(RUNTIMES.map((r) => [r.token, PROJECT_ID])),
    akSk: Object.fromEntries(RUNTIMES.map((r) => [r.ak, { sk: r.sk, projectId: PROJECT_ID }])),
    logGroups: Object.fromEntries(
      RUNTIMES.map((r) => [r.logGroupId, { name: `group-${r.prefix}`, streams: { [r.logStreamId]: `stream-${r.prefix}` } }]),
    ),
  });
  workRoot = mkdtempSync(join(tmpdir(), "lts-kafka-runtimes-"));
});

after(async () => {
  await lts?.close();
  if (workRoot && !process.env.KEEP_RUNTIME_DIRS) rmSync(workRoot, { recursive: true, force: true });
  console.log(`RESULT-SUMMARY ${results.length}/${RUNTIMES.length} runtimes passed: ${results.join(" ")}`);
});

/** The environment children get: no NODE_OPTIONS, NODE_PATH, test-runner or LTS_ variables of ours. */
function baseEnv(extra = {}) {
  const env = { NO_COLOR: "1" };
  for (const name of ["PATH", "HOME", "LANG", "TMPDIR", "SSL_CERT_FILE"]) {
    if (process.env[name] !== undefined) env[name] = process.env[name];
  }
  return { ...env, ...extra };
}

/** Runs a command; resolves to { code, signal, stdout, stderr, ms }; rejects if it cannot start. */
function run(cmd, args, { cwd, env, timeoutMs }) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs, killSignal: "SIGKILL" });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
    child.once("error", (e) => reject(new Error(`cannot run ${cmd}: ${e.message}`, { cause: e })));
    child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr, ms: performance.now() - started }));
  });
}

function report(what, out) {
  const timedOut = out.signal === "SIGKILL" ? " (killed: timeout)" : "";
  return `${what} exited with ${out.code ?? out.signal}${timedOut}\n--- stdout\n${out.stdout}\n--- stderr\n${out.stderr}`;
}

async function mustRun(what, cmd, args, options) {
  const out = await run(cmd, args, options);
  assert.equal(out.code, 0, report(what, out));
  return out;
}

function assertBinary(r) {
  if (r.bin.includes("/")) {
    assert.ok(existsSync(r.bin), `${r.name}: the runtime binary ${r.bin} is missing (npm install in ${ROOT})`);
  }
}

/** A fresh copy of the consumer project with the tarball next to it, installed. */
async function install(r) {
  assert.ok(existsSync(TARBALL), `the packed tarball ${TARBALL} is missing: run make pack`);
  const dir = join(workRoot, r.name);
  cpSync(join(CONSUMERS, r.consumer), dir, { recursive: true });
  cpSync(TARBALL, join(dir, "lts-kafka.tgz"));
  const env = baseEnv();
  if (r.kind === "bun") {
    // bun install resolves the file: tarball dependency itself.
    await mustRun(`${r.name}: bun install`, BUN, ["install", "--offline", "--cache-dir", join(dir, ".bun-cache")], {
      cwd: dir,
      env,
      timeoutMs: INSTALL_TIMEOUT_MS,
    });
  } else {
    // Node's and Deno's users: npm (the machine's npm; for a dependency-free local tarball the
    // npm bundled with Node 22 or 24 lays out the same node_modules).
    await mustRun(`${r.name}: npm install`, "npm", ["install", "--offline", "--no-audit", "--no-fund"], {
      cwd: dir,
      env: { ...env, npm_config_cache: join(dir, ".npm-cache"), npm_config_update_notifier: "false" },
      timeoutMs: INSTALL_TIMEOUT_MS,
    });
  }
  const installed = readdirSync(join(dir, "node_modules")).filter((n) => !n.startsWith("."));
  assert.deepEqual(installed, ["lts-kafka"], `${r.name}: node_modules holds exactly the package`);
  const pkg = JSON.parse(readFileSync(join(dir, "node_modules", "lts-kafka", "package.json"), "utf8"));
  assert.equal(pkg.name, "lts-kafka");
  return dir;
}

function consumerCommand(r, dir) {
  if (r.kind === "deno") {
    const wasm = join(dir, "node_modules", "lts-kafka", "lts_kafka_bg.wasm");
    return [
      DENO,
      [
        "run",
        "--no-prompt",
        "--no-remote",
        `--allow-net=127.0.0.1:${lts.port}`,
        `--allow-env=${ENV_NAMES.join(",")}`,
        // The Node/Deno/Bun entry (node.js) reads the .wasm with readFileSync at import.
        `--allow-read=${wasm}`,
        r.main,
      ],
    ];
  }
  return [r.bin, [r.main]];
}

function runtimeEnv(r, dir) {
  return baseEnv({
    LTS_ENDPOINT: lts.url,
    LTS_PROJECT_ID: PROJECT_ID,
    LTS_TOKEN: r.token,
    LTS_AK: r.ak,
    LTS_SK: r.sk,
    LTS_INSTANCE_PREFIX: r.prefix,
    LTS_LOG_GROUP_ID: r.logGroupId,
    LTS_LOG_STREAM_ID: r.logStreamId,
    LTS_LOG_GROUP_NAME: `group-${r.prefix}`,
    LTS_LOG_STREAM_NAME: `stream-${r.prefix}`,
    HUAWEICLOUD_SDK_AK: r.ak,
    HUAWEICLOUD_SDK_SK: r.sk,
    // firstCallMs is measured from here (the spawn follows at once), the same way in every runtime.
    LTS_SPAWNED_AT: String(Date.now()),
    ...(r.kind === "deno" ? { DENO_DIR: join(dir, ".deno-dir") } : {}),
  });
}

/** The runtime a transfer request came from: by its credential. */
function transferOf(q) {
  return RUNTIMES.find((r) => q.headers["x-auth-token"] === r.token || (q.headers.authorization ?? "").includes(`Access=${r.ak},`));
}

function parseResult(r, out) {
  const lines = out.stdout.trim().split("\n").filter((l) => l.startsWith("{"));
  assert.equal(lines.length, 1, `${r.name}: one JSON line expected\n${report(r.name, out)}`);
  return JSON.parse(lines[0]);
}

for (const r of RUNTIMES) {
  test(`${r.name}: the installed tarball registers against the local endpoint`, async (t) => {
    const summary = {
      import: "fail",
      register: "fail",
      signedRegister: "fail",
      apiError: "fail",
      transfers: "fail",
      discovery: "fail",
      firstCallMs: "-",
      perfNowMs: "-",
      version: "-",
    };
    if (r.kind === "deno") summary.typecheck = "fail";
    if (r.consumer === "node-esm") summary.testing = "fail";
    try {
      assertBinary(r);
      const dir = await install(r);
      const [cmd, args] = consumerCommand(r, dir);
      const out = await run(cmd, args, { cwd: dir, env: runtimeEnv(r, dir), timeoutMs: RUN_TIMEOUT_MS });
      let json;
      try {
        json = parseResult(r, out);
        Object.assign(summary, json);
      } catch {
        // reported by the assertion below
      }
      assert.equal(out.code, 0, report(`${r.name}: ${r.main}`, out));
      // Warnings are allowed (e.g. an ExperimentalWarning for require(esm)) but shown.
      if (out.stderr.trim() !== "") t.diagnostic(`${r.name} stderr: ${out.stderr.trim()}`);
      assert.ok(json, report(`${r.name}: ${r.main}`, out));

      assert.equal(json.runtime, r.kind);
      if (r.kind === "node") {
        const [major, minor] = json.version.split(".").map(Number);
        assert.equal(major, r.major, `${r.name} ran Node ${json.version}`);
        if (major === 20) assert.ok(minor >= 19, `require(esm) needs Node >= 20.19, got ${json.version}`);
        assert.equal(json.module, r.main.endsWith(".cjs") ? "cjs" : "esm");
      }
      // The runtime resolved the package by name, from this project's node_modules, to the entry
      // that instantiates the wasm synchronously (the export conditions "node" / Deno / Bun).
      const entry = json.entry.startsWith("file:") ? json.entry : pathToFileURL(json.entry).href;
      assert.equal(entry, pathToFileURL(join(dir, "node_modules", "lts-kafka", "node.js")).href);
      for (const step of ["import", "validate", "register", "signedRegister", "apiError", "transfers", "discovery"]) {
        assert.equal(json[step], "ok", `${r.name}: ${step}`);
      }
      assert.equal(typeof json.firstCallMs, "number");
      assert.ok(json.firstCallMs > 0 && json.firstCallMs < RUN_TIMEOUT_MS, `firstCallMs ${json.firstCallMs}`);
      assert.equal(typeof json.perfNowMs, "number");

      // What the endpoint saw: this runtime's four registrations, two with its token, two signed
      // (the last by the client without a project id, after its one IAM lookup).
      const mine = lts.received.filter((q) => q.path === REGISTER_PATH && q.body.includes(`"${r.prefix}-`));
      assert.equal(mine.length, 4, `${r.name}: requests received`);
      assert.equal(mine.filter((q) => q.headers["x-auth-token"] === r.token).length, 2);
      const signed = mine.filter((q) => q.headers.authorization !== undefined);
      assert.equal(signed.length, 2);
      const lookups = lts.received.filter((q) => q.path.startsWith("/v3/") && (q.headers.authorization ?? "").includes(`Access=${r.ak},`));
      assert.deepEqual(lookups.map((q) => q.path), ["/v3/projects?name=cn-north-4"], `${r.name}: one project lookup`);
      assert.ok(lts.registered.has(`${PROJECT_ID}\n${r.prefix}-named`));
      assert.match(signed[0].headers.authorization, new RegExp(`^SDK-HMAC-SHA256 Access=${r.ak}, SignedHeaders=`));
      assert.ok(lts.registered.has(`${PROJECT_ID}\n${r.prefix}-token`));
      assert.ok(lts.registered.has(`${PROJECT_ID}\n${r.prefix}-aksk`));
      // And its transfer round: a create with the token, a list and a delete signed, a list with
      // the token; then the onboarding's list and create and the delete, signed; nothing left
      // delivering its stream.
      const rounds = lts.received.filter((q) => q.path.startsWith(TRANSFERS_PATH) && transferOf(q) === r);
      assert.deepEqual(
        rounds.map((q) => `${q.method} ${q.headers.authorization ? "signed" : q.headers["x-auth-token"] === r.token ? "token" : "?"}`),
        ["POST token", "GET signed", "DELETE signed", "GET token", "GET signed", "POST signed", "DELETE signed"],
        `${r.name}: transfer requests`,
      );
      const signedList = rounds[1].headers.authorization;
      assert.match(signedList, new RegExp(`^SDK-HMAC-SHA256 Access=${r.ak}, SignedHeaders=`));
      assert.equal(rounds[1].path, `${TRANSFERS_PATH}?log_transfer_type=DMS`);
      assert.equal(lts.transfers.all().filter((t) => t.log_group_id === r.logGroupId).length, 0);

      if (r.kind === "deno") {
        // The published types, as a Deno user's editor and `deno check` see them.
        await mustRun(`${r.name}: deno check`, DENO, ["check", "--no-remote", r.main], {
          cwd: dir,
          env: baseEnv({ DENO_DIR: join(dir, ".deno-dir") }),
          timeoutMs: RUN_TIMEOUT_MS,
        });
        summary.typecheck = "ok";
      }
      if (r.consumer === "node-esm") {
        // lts-kafka/testing from the installed package: its own local endpoint, in this Node.
        const out = await mustRun(`${r.name}: testing.mjs`, r.bin, ["testing.mjs"], {
          cwd: dir,
          env: baseEnv(),
          timeoutMs: RUN_TIMEOUT_MS,
        });
        const json = parseResult(r, out);
        assert.equal(json.testing, "ok");
        assert.equal(Number(json.version.split(".")[0]), r.major);
        summary.testing = "ok";
      }
      results.push(r.name);
    } finally {
      console.log(
        `RESULT runtime=${r.name} import=${summary.import} register=${summary.register} ` +
          `signedRegister=${summary.signedRegister} apiError=${summary.apiError} transfers=${summary.transfers} discovery=${summary.discovery} ` +
          `firstCallMs=${summary.firstCallMs} perfNowMs=${summary.perfNowMs} version=${summary.version}` +
          (summary.testing ? ` testing=${summary.testing}` : "") +
          (summary.typecheck ? ` typecheck=${summary.typecheck}` : ""),
      );
    }
  });
}
