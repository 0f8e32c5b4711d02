// The packed npm tarball in a Next.js 16 App Router project: examples/nextjs, as a user copies it,
// with no lts-kafka-specific configuration.
//
// Matrix: bundler (Turbopack, the default; webpack, `--webpack`) x mode (`next build` then
// `next start`; `next dev`; `output: "standalone"`, built with NEXT_OUTPUT=standalone, then the
// .next/standalone folder moved elsewhere with .next/static copied in, as Next's docs say, and
// run with `node server.js` while the project folder itself is renamed away, so that nothing can
// be read from it). Each mode builds its own .next (a standalone build is not reused for
// `next start`: that is not how users run it). In each cell:
// - POST /api/node (runtime "nodejs") and POST /api/edge (runtime "edge"), each with its own
//   instance id and log stream: the answer carries the registration's and the transfer's ids; the
//   local LTS endpoint received exactly the registration and the transfer, with the token as
//   X-Auth-Token; the same body again answers LTS.1711 as typed JSON (nothing else sent); an
//   instance_id of 37 characters answers the validation issue (nothing sent). The LTS_* variables
//   are given to the servers only, never to the builds: the routes read them at request time.
// - the page in headless Chromium: the document answers 200, the form validates in the browser
//   after hydration (an instance_id of 37 characters shows its issue), the .wasm Next emitted is
//   fetched from the app, and no uncaught error happens.
//
// Installing: the copy lives in a fresh temp dir, outside this repository, and is installed by
// `npm ci --offline` from a package-lock.json made from this repository's own: the entries of
// next, react and react-dom and everything they depend on, at the same paths and integrity
// hashes, so the versions are exactly the ones the repository pins and npm takes every tarball
// from its cache (which `npm ci` in the repository filled) without the network. lts-kafka is the
// tarball, a `file:` dependency. Why not a temp dir inside the repository (under target/) that
// resolves the repository's node_modules: Next would take the repository's lockfile directory as the
// Turbopack root and the standalone tracing root (watching a tree that holds the Rust build
// output, and nesting server.js under target/… in the standalone folder), and the app would see
// every other dev dependency; users have none of that.
//
// No network but 127.0.0.1: every Next process runs with a preloaded module (written into the
// temp dir) that refuses connections to other hosts (`next dev` asks registry.npmjs.org whether a
// newer Next exists; it shrugs off the refusal), and the browser's requests to other origins are
// aborted and fail the cell. Every child process has a time limit and is killed with its process
// group on timeout and after its cell, also on failure.
//
// Fails (never skips) without the tarball (`make pack`), Chromium (/usr/bin/chromium or
// $CHROMIUM_PATH) or next/react/react-dom pinned in package-lock.json and cached by npm
// (`make setup-test`). Prints `RESULT tool=next bundler=<b> mode=<m> route=<node|edge|page>
// result=ok|fail ms=<n>` per cell and route (ms: the first request, with dev's compilation; for
// the page, from navigation to the issue shown) and `TIMING tool=next bundler=<b> mode=<m>
// buildMs=<n> readyMs=<n>` per cell. 3 to 4 minutes on 2 cores.
// LTS_KAFKA_TARBALL=<path, relative to the repository root, or absolute> tests another tarball;
// LTS_KEEP_TMP=1 keeps the temp dir (the project, the standalone folders, every process's log).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { createWriteStream, existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { launchChromium } from "../chromium.mjs";
import { startLocalLts } from "../local-lts/server.mjs";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const tarball = path.resolve(repoRoot, process.env.LTS_KAFKA_TARBALL ?? "target/package/lts-kafka.tgz");
const exampleDir = path.join(repoRoot, "examples/nextjs");
const FRAMEWORK = ["next", "react", "react-dom"];
const execFileP = promisify(execFile);

const BUNDLERS = [
  { name: "turbopack", flags: [], banner: "(Turbopack)" },
  { name: "webpack", flags: ["--webpack"], banner: "(webpack)" },
];
const MODES = ["start", "dev", "standalone"];
const ROUTES = ["node", "edge"];

const projectId = "5e1f0c2b3a4d49e8b7c6a5f4e3d2c1b0";
const token = "nextjs-test-token-9876543210";
const logGroup = randomUUID();
const kafkaTopic = "lts-logs";
// One stream per cell and route: LTS allows one DMS transfer per stream (LTS.0207).
const streams = new Map();
for (const b of BUNDLERS) for (const m of MODES) for (const r of ROUTES) streams.set(`${b.name}/${m}/${r}`, randomUUID());

const REQUEST_ID = /^[0-9a-f]{32}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BUILD_TIMEOUT_MS = 300_000;
const READY_TIMEOUT_MS = 120_000;
const REQUEST_TIMEOUT_MS = 120_000;

let tmp;
let projectDir;
let guardFile;
let refusedLog;
let lts;
let browser;
let nextVersion;
const running = new Set();

// Loaded into every Next process with --import: a connection to anything but loopback (or a
// local socket) is refused before any DNS lookup, and written to a log.
const LOOPBACK_ONLY = `
import net from "node:net";
import { appendFileSync } from "node:fs";
const log = process.env.LOOPBACK_ONLY_LOG;
const isLoopback = (h) => h === undefined || h === "localhost" || h === "::1" || /^(::ffff:)?127\\./.test(h);
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const options = typeof first === "object" && first !== null ? first : { port: first, host: typeof args[1] === "string" ? args[1] : undefined };
  if (options.path === undefined && !isLoopback(options.host)) {
    if (log) appendFileSync(log, \`\${options.host}:\${options.port}\\n\`);
    const error = Object.assign(new Error(\`connection to \${options.host} refused: only 127.0.0.1 is reachable\`), { code: "ECONNREFUSED" });
    process.nextTick(() => this.destroy(error));
    return this;
  }
  return connect.apply(this, args);
};
`;

/** The environment of every Next process: nothing from ours but PATH and HOME. */
function childEnv(extra = {}) {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME ?? os.homedir(),
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_OPTIONS: `--import=${guardFile}`,
    LOOPBACK_ONLY_LOG: refusedLog,
    ...extra,
  };
}

/** What the servers (never the builds) get: the configuration the README documents. */
function serverEnv(extra = {}) {
  return childEnv({ LTS_ENDPOINT: lts.url, LTS_PROJECT_ID: projectId, LTS_TOKEN: token, ...extra });
}

/**
 * Starts a child in its own process group, its output in `<tmp>/logs/<label>.log` and kept in
 * memory; it is killed (group and all) after `timeoutMs`, and by stop().
 */
function startChild(label, command, args, { cwd, env, timeoutMs }) {
  const logFile = path.join(tmp, "logs", `${label}.log`);
  const log = createWriteStream(logFile);
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const listeners = new Set();
  const onData = (chunk) => {
    log.write(chunk);
    output = (output + chunk).slice(-200_000);
    for (const l of listeners) l(output);
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group is gone already.
    }
  };
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup("SIGKILL");
  }, timeoutMs);
  // "close", not "exit": the output is complete only once the pipes are.
  const exited = new Promise((resolve) => {
    child.on("error", (error) => resolve({ code: null, signal: null, error }));
    child.on("close", (code, signal) => resolve({ code, signal }));
  }).then((r) => {
    clearTimeout(timer);
    running.delete(handle);
    log.end();
    return r;
  });
  const handle = {
    label,
    logFile,
    exited,
    output: () => output,
    timedOut: () => timedOut,
    onOutput: (fn) => listeners.add(fn),
    tail: (n = 60) => output.split("\n").slice(-n).join("\n"),
    async stop() {
      killGroup("SIGTERM");
      const done = await Promise.race([exited.then(() => true), delay(5_000).then(() => false)]);
      if (!done) {
        killGroup("SIGKILL");
        await exited;
      }
      // A child may leave grandchildren in the group after it exits.
      killGroup("SIGKILL");
    },
  };
  running.add(handle);
  return handle;
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs a child to its end; fails with its output's tail unless it exits 0 in time. */
async function runChild(label, command, args, options) {
  const started = Date.now();
  const child = startChild(label, command, args, options);
  const { code, signal, error } = await child.exited;
  const ms = Date.now() - started;
  if (child.timedOut()) assert.fail(`${label} took longer than ${options.timeoutMs} ms and was killed:\n${child.tail()}`);
  if (error) assert.fail(`${label} could not start: ${error.message}`);
  assert.equal(code, 0, `${label} exited with ${code ?? signal}:\n${child.tail()}`);
  return { ms, output: child.output() };
}

/** Starts a Next server and waits for "Ready"; resolves to the handle and the port it listens on. */
async function startServer(label, command, args, options) {
  const started = Date.now();
  const child = startChild(label, command, args, options);
  const readyLine = (out) => {
    const port = /- Local:\s+http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1];
    return port && /Ready in/.test(out) ? Number(port) : null;
  };
  try {
    const port = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not ready after ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
      const check = (out) => {
        const p = readyLine(out);
        if (p) {
          clearTimeout(timer);
          resolve(p);
        }
      };
      child.onOutput(check);
      check(child.output());
      child.exited.then(({ code, signal, error }) => {
        clearTimeout(timer);
        reject(new Error(error ? `could not start: ${error.message}` : `exited with ${code ?? signal} before it was ready`));
      });
    });
    return { child, port, readyMs: Date.now() - started };
  } catch (e) {
    await child.stop();
    assert.fail(`${label}: ${e.message}:\n${child.tail()}`);
  }
}

/** A port free now (standalone's server.js reads PORT and treats 0 as 3000). */
async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// ---------------------------------------------------------------------------------------------
// The temp project

/**
 * package-lock.json entries for `names` and everything they need, taken from this repository's
 * lockfile at the paths Node's resolution finds them (a dependency nested under next/ stays
 * there), with the registry URL npm derives when a lockfile omits it.
 */
function lockEntriesFor(repoLock, names) {
  const resolveFrom = (from, name) => {
    for (let dir = from; ; ) {
      const candidate = `${dir ? `${dir}/` : ""}node_modules/${name}`;
      if (repoLock.packages[candidate]) return candidate;
      if (!dir) return null;
      const i = dir.lastIndexOf("/node_modules/");
      dir = i < 0 ? "" : dir.slice(0, i);
    }
  };
  const entries = {};
  const queue = names.map((n) => {
    const at = resolveFrom("", n);
    assert.ok(at, `${n} is not in package-lock.json: the repository must pin it (devDependencies)`);
    return at;
  });
  while (queue.length > 0) {
    const at = queue.pop();
    if (entries[at]) continue;
    const { dev, devOptional, ...entry } = repoLock.packages[at];
    const name = at.slice(at.lastIndexOf("node_modules/") + "node_modules/".length);
    entries[at] = {
      ...entry,
      resolved: entry.resolved ?? `https://registry.npmjs.org/${name}/-/${name.split("/").pop()}-${entry.version}.tgz`,
    };
    const optionalPeer = entry.peerDependenciesMeta ?? {};
    const needs = [
      ...Object.keys(entry.dependencies ?? {}),
      ...Object.keys(entry.optionalDependencies ?? {}),
      ...Object.keys(entry.peerDependencies ?? {}).filter((n) => !optionalPeer[n]?.optional),
    ];
    for (const n of needs) {
      const found = resolveFrom(at, n);
      if (found) queue.push(found);
      else assert.ok(n in (entry.optionalDependencies ?? {}), `package-lock.json has no ${n} for ${at}`);
    }
  }
  return entries;
}

async function installProject() {
  const repoPkg = JSON.parse(await readFile(path.join(repoRoot, "package.json"), "utf8"));
  const repoLock = JSON.parse(await readFile(path.join(repoRoot, "package-lock.json"), "utf8"));
  await cp(exampleDir, projectDir, {
    recursive: true,
    filter: (src) => !/[/\\](node_modules|\.next|package-lock\.json|next-env\.d\.ts)$|\.tgz$/.test(src),
  });
  const pkg = JSON.parse(await readFile(path.join(projectDir, "package.json"), "utf8"));
  for (const name of FRAMEWORK) {
    assert.equal(
      pkg.dependencies[name],
      repoPkg.devDependencies[name],
      `examples/nextjs pins ${name} ${pkg.dependencies[name]}, the repository ${repoPkg.devDependencies[name]}: keep them equal`,
    );
  }
  assert.match(pkg.dependencies["lts-kafka"] ?? "", /^\^0\./, "examples/nextjs must depend on lts-kafka");

  const tgz = await readFile(tarball);
  const packed = await tarballPackageJson();
  // The lockfile below lists lts-kafka alone: it must need nothing else.
  assert.deepEqual(Object.keys(packed.dependencies ?? {}), [], "the tarball declares dependencies");
  await writeFile(path.join(projectDir, "lts-kafka.tgz"), tgz);
  pkg.dependencies["lts-kafka"] = "file:lts-kafka.tgz";
  const lock = {
    name: pkg.name,
    lockfileVersion: 3,
    requires: true,
    packages: {
      "": { name: pkg.name, dependencies: pkg.dependencies },
      ...lockEntriesFor(repoLock, FRAMEWORK),
      "node_modules/lts-kafka": {
        version: packed.version,
        resolved: "file:lts-kafka.tgz",
        integrity: `sha512-${createHash("sha512").update(tgz).digest("base64")}`,
      },
    },
  };
  await writeFile(path.join(projectDir, "package.json"), JSON.stringify(pkg, null, 2));
  await writeFile(path.join(projectDir, "package-lock.json"), JSON.stringify(lock, null, 2));

  const npm = startChild("npm-ci", "npm", ["ci", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], {
    cwd: projectDir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    timeoutMs: 180_000,
  });
  const { code, signal } = await npm.exited;
  assert.ok(
    code === 0,
    `npm ci --offline in ${projectDir} ${npm.timedOut() ? "timed out" : `exited with ${code ?? signal}`}` +
      ` (are next, react and react-dom in npm's cache? \`make setup-test\` runs npm ci):\n${npm.tail()}`,
  );
  for (const name of FRAMEWORK) {
    const installed = JSON.parse(await readFile(path.join(projectDir, "node_modules", name, "package.json"), "utf8"));
    assert.equal(installed.version, repoPkg.devDependencies[name], `${name} installed at another version`);
  }
  nextVersion = repoPkg.devDependencies.next;
}

/** The package.json inside the tarball (the one npm will install). */
async function tarballPackageJson() {
  try {
    const { stdout } = await execFileP("tar", ["-xzOf", tarball, "package/package.json"], { timeout: 30_000 });
    return JSON.parse(stdout);
  } catch (e) {
    assert.fail(`could not read package/package.json from ${tarball}: ${e.message}`);
  }
}

before(async () => {
  assert.ok(existsSync(tarball), `${tarball} is missing: run \`make pack\` first`);
  tmp = await mkdtemp(path.join(os.tmpdir(), "lts-kafka-nextjs-"));
  projectDir = path.join(tmp, "app");
  guardFile = path.join(tmp, "loopback-only.mjs");
  refusedLog = path.join(tmp, "logs", "refused-connections.log");
  await mkdir(path.join(tmp, "logs"));
  await writeFile(guardFile, LOOPBACK_ONLY);

  lts = await startLocalLts({
    tokens: { [token]: projectId },
    logGroups: {
      [logGroup]: {
        name: "nextjs-group",
        streams: Object.fromEntries([...streams].map(([cell, id]) => [id, cell.replaceAll("/", "-")])),
      },
    },
  });
  browser = await launchChromium();
  await installProject();
});

after(async () => {
  await Promise.all([...running].map((c) => c.stop()));
  await browser?.close();
  await lts?.close();
  if (tmp) {
    const refused = existsSync(refusedLog) ? (await readFile(refusedLog, "utf8")).trim().split("\n") : [];
    // Expected: `next dev` asks registry.npmjs.org for the latest version, and carries on without.
    if (refused.length > 0) console.log(`NETWORK refused ${[...new Set(refused)].join(" ")}`);
    if (process.env.LTS_KEEP_TMP) console.log(`KEPT ${tmp}`);
    else await rm(tmp, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------------------------------------
// The checks

async function post(url, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, type: response.headers.get("content-type") ?? "", text, json };
}

/** One API route: register, transfer, the same again (LTS.1711), a body that breaks a rule. */
async function checkRoute(origin, cell, route) {
  const instanceId = `${cell.bundler.slice(0, 5)}-${cell.mode}-${route}-${randomUUID().slice(0, 8)}`;
  const stream = streams.get(`${cell.bundler}/${cell.mode}/${route}`);
  const body = {
    instance_id: instanceId,
    kafka_name: `kafka-${route}`,
    log_group_id: logGroup,
    log_stream_id: stream,
    kafka_topic: kafkaTopic,
  };
  const url = `${origin}/api/${route}`;
  const what = `POST /api/${route}`;
  const seen = lts.received.length;

  const started = Date.now();
  const ok = await post(url, body);
  const ms = Date.now() - started;
  assert.equal(ok.status, 200, `${what} answered ${ok.status}: ${ok.text.slice(0, 2000)}`);
  assert.match(ok.type, /^application\/json/, `${what}: content-type ${ok.type}`);
  assert.ok(!ok.text.includes(token), `${what} echoed the token`);
  const { registration, transfer } = ok.json ?? {};
  assert.equal(registration?.instance_id, instanceId, `${what}: ${ok.text}`);
  assert.match(registration.requestId ?? "", REQUEST_ID, `${what}: registration requestId`);
  assert.match(transfer?.log_transfer_id ?? "", UUID, `${what}: ${ok.text}`);
  assert.match(transfer.requestId ?? "", REQUEST_ID, `${what}: transfer requestId`);

  const apiPath = `/v2/${projectId}/lts/dms/kafka-instance`;
  const transfersPath = `/v2/${projectId}/transfers`;
  const sent = lts.received.slice(seen);
  assert.deepEqual(
    sent.map((r) => `${r.method} ${r.path}`),
    [`POST ${apiPath}`, `POST ${transfersPath}`],
    `${what}: what the endpoint received`,
  );
  for (const r of sent) {
    assert.equal(r.headers["x-auth-token"], token, `${what}: ${r.method} ${r.path} without the token as X-Auth-Token`);
    assert.equal(r.headers.authorization, undefined);
  }
  assert.deepEqual(JSON.parse(sent[0].body), { instance_id: instanceId, kafka_name: `kafka-${route}`, connect_info: {} });
  const created = JSON.parse(sent[1].body);
  assert.equal(created.log_group_id, logGroup);
  assert.deepEqual(created.log_streams.map((s) => s.log_stream_id), [stream]);
  const { log_transfer_detail: detail, ...info } = created.log_transfer_info;
  assert.deepEqual(info, { log_transfer_type: "DMS", log_transfer_mode: "realTime", log_storage_format: "RAW", log_transfer_status: "ENABLE" });
  assert.deepEqual(detail, { kafka_id: instanceId, kafka_topic: kafkaTopic });
  const stored = lts.transfers.all().filter((t) => t.log_transfer_id === transfer.log_transfer_id);
  assert.equal(stored.length, 1, `${what}: the endpoint holds no transfer ${transfer.log_transfer_id}`);
  assert.deepEqual(stored[0].log_streams.map((s) => s.log_stream_id), [stream]);

  // Registration is one-shot: the same body again is the service's LTS.1711, as typed JSON.
  const again = await post(url, body);
  assert.equal(again.status, 400, `${what} a second time answered ${again.status}: ${again.text.slice(0, 2000)}`);
  assert.ok(!again.text.includes(token), `${what} echoed the token`);
  const e = again.json ?? {};
  assert.deepEqual(
    { name: e.name, code: e.code, status: e.status, step: e.step, registration: e.registration },
    { name: "LtsApiError", code: "LTS.1711", status: 400, step: "register", registration: undefined },
    `${what} a second time: ${again.text}`,
  );
  assert.equal(typeof e.message, "string");
  assert.match(e.requestId ?? "", REQUEST_ID);
  assert.deepEqual(lts.received.slice(seen + 2).map((r) => `${r.method} ${r.path}`), [`POST ${apiPath}`]);

  // A body that breaks a rule is answered by the route; nothing reaches the endpoint.
  const bad = await post(url, { ...body, instance_id: "i".repeat(37) });
  assert.equal(bad.status, 400, `${what} with a long instance_id answered ${bad.status}: ${bad.text.slice(0, 2000)}`);
  assert.equal(bad.json?.name, "LtsValidationError", bad.text);
  assert.deepEqual(
    bad.json.issues.map((i) => [i.path, i.rule, i.message]),
    [["instance_id", "max_length", "instance_id must be 1 to 36 characters (got 37)"]],
  );
  assert.equal(lts.received.length, seen + 3, `${what}: an invalid body reached the endpoint`);
  return ms;
}

/** The page in Chromium: 200, hydrated, the validator loaded, an issue shown for a bad field. */
async function checkPage(origin) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const pageErrors = [];
  const consoleErrors = [];
  const blocked = [];
  const wasm = [];
  const failed = [];
  await context.route("**/*", (r) => {
    if (new URL(r.request().url()).origin === origin) return r.continue();
    blocked.push(r.request().url());
    return r.abort();
  });
  page.on("pageerror", (e) => pageErrors.push(String(e?.stack ?? e)));
  page.on("console", (m) => {
    if (m.type() === "error" && !m.location().url?.endsWith("/favicon.ico")) consoleErrors.push(m.text());
  });
  page.on("response", (r) => {
    if (/\.wasm(\?|$)/.test(r.url())) wasm.push({ path: new URL(r.url()).pathname, status: r.status() });
    if (r.status() >= 400 && new URL(r.url()).pathname !== "/favicon.ico") failed.push(`${r.status()} ${r.url()}`);
  });
  const diagnostics = () =>
    `\npage errors: ${JSON.stringify(pageErrors)}\nconsole errors: ${JSON.stringify(consoleErrors)}` +
    `\nfailed responses: ${JSON.stringify(failed)}\nblocked: ${JSON.stringify(blocked)}`;
  const started = Date.now();
  try {
    const response = await page.goto(`${origin}/`, { waitUntil: "load", timeout: REQUEST_TIMEOUT_MS });
    assert.equal(response?.status(), 200, `GET / answered ${response?.status()}${diagnostics()}`);
    const issues = page.locator("#issues");
    try {
      await page.waitForSelector('#issues:not([data-state="loading"])', { timeout: 60_000 });
    } catch {
      assert.fail(`the validator never loaded (hydration or ready() did not finish)${diagnostics()}`);
    }
    assert.equal(
      await issues.getAttribute("data-state"),
      "ready",
      `ready() failed in the browser: ${await issues.textContent()}${diagnostics()}`,
    );
    await page.fill("#instance_id", "i".repeat(37));
    await page.fill("#kafka_name", "kafka-prod");
    await page.waitForSelector('#issues li[data-path="instance_id"]', { timeout: 10_000 }).catch(() => {});
    const shown = await page.locator("#issues li").allTextContents();
    assert.deepEqual(shown, ["instance_id: instance_id must be 1 to 36 characters (got 37)"], `the issues shown${diagnostics()}`);
    const ms = Date.now() - started;
    assert.deepEqual(pageErrors, [], `uncaught errors in the page${diagnostics()}`);
    assert.deepEqual(consoleErrors, [], `errors in the page's console${diagnostics()}`);
    assert.deepEqual(failed, [], `failed responses${diagnostics()}`);
    assert.deepEqual(blocked, [], `the page reached beyond the app${diagnostics()}`);
    assert.equal(wasm.length, 1, `the page fetched ${wasm.length} .wasm files: ${JSON.stringify(wasm)}${diagnostics()}`);
    assert.equal(wasm[0].status, 200, `the .wasm answered ${wasm[0].status}`);
    return ms;
  } finally {
    await context.close();
  }
}

/** Runs the route and page checks against a running server; prints a RESULT line for each. */
async function checkServer(cell, server) {
  const origin = `http://127.0.0.1:${server.port}`;
  const failures = [];
  const checks = [...ROUTES.map((r) => [r, () => checkRoute(origin, cell, r)]), ["page", () => checkPage(origin)]];
  for (const [route, check] of checks) {
    const started = Date.now();
    try {
      const ms = await check();
      console.log(`RESULT tool=next bundler=${cell.bundler} mode=${cell.mode} route=${route} result=ok ms=${ms}`);
    } catch (e) {
      console.log(`RESULT tool=next bundler=${cell.bundler} mode=${cell.mode} route=${route} result=fail ms=${Date.now() - started}`);
      failures.push(`${route}: ${e.message}`);
    }
  }
  if (failures.length > 0) {
    assert.fail(`${cell.bundler} ${cell.mode}:\n${failures.join("\n\n")}\n\nserver log (${server.child.logFile}):\n${server.child.tail(40)}`);
  }
}

function failAll(cell, why) {
  for (const route of [...ROUTES, "page"]) {
    console.log(`RESULT tool=next bundler=${cell.bundler} mode=${cell.mode} route=${route} result=fail ms=- reason=${why}`);
  }
}

const nextBin = () => path.join(projectDir, "node_modules/next/dist/bin/next");

/** A fresh `next build`, checked to have run the cell's bundler. */
async function build(cell, bundler, env) {
  await rm(path.join(projectDir, ".next"), { recursive: true, force: true });
  try {
    const built = await runChild(`${cell.bundler}-${cell.mode}-build`, process.execPath, [nextBin(), "build", ...bundler.flags], {
      cwd: projectDir,
      env: childEnv(env),
      timeoutMs: BUILD_TIMEOUT_MS,
    });
    assert.ok(built.output.includes(`Next.js ${nextVersion} ${bundler.banner}`), `next build ran another bundler:\n${built.output.slice(0, 2000)}`);
    return built;
  } catch (e) {
    failAll(cell, "build");
    throw e;
  }
}

async function serve(cell, command, args, options) {
  try {
    return await startServer(`${cell.bundler}-${cell.mode}-server`, command, args, options);
  } catch (e) {
    failAll(cell, "server");
    throw e;
  }
}

for (const bundler of BUNDLERS) {
  const bundlerName = bundler.name;
  test(`${bundlerName}: next build + next start`, { timeout: 600_000 }, async () => {
    const cell = { bundler: bundlerName, mode: "start" };
    const built = await build(cell, bundler, {});
    const server = await serve(cell, process.execPath, [nextBin(), "start", "-H", "127.0.0.1", "-p", "0"], {
      cwd: projectDir,
      env: serverEnv(),
      timeoutMs: 600_000,
    });
    console.log(`TIMING tool=next bundler=${bundlerName} mode=start buildMs=${built.ms} readyMs=${server.readyMs}`);
    try {
      await checkServer(cell, server);
    } finally {
      await server.child.stop();
    }
  });

  test(`${bundlerName}: next dev`, { timeout: 600_000 }, async () => {
    const cell = { bundler: bundlerName, mode: "dev" };
    await rm(path.join(projectDir, ".next"), { recursive: true, force: true });
    const server = await serve(cell, process.execPath, [nextBin(), "dev", ...bundler.flags, "-H", "127.0.0.1", "-p", "0"], {
      cwd: projectDir,
      env: serverEnv(),
      timeoutMs: 600_000,
    });
    console.log(`TIMING tool=next bundler=${bundlerName} mode=dev buildMs=- readyMs=${server.readyMs}`);
    try {
      assert.ok(server.child.output().includes(`Next.js ${nextVersion} ${bundler.banner}`), `next dev ran another bundler:\n${server.child.tail()}`);
      await checkServer(cell, server);
    } finally {
      await server.child.stop();
    }
  });

  test(`${bundlerName}: output "standalone", moved, node server.js`, { timeout: 600_000 }, async () => {
    const cell = { bundler: bundlerName, mode: "standalone" };
    const built = await build(cell, bundler, { NEXT_OUTPUT: "standalone" });
    const standalone = path.join(projectDir, ".next/standalone");
    assert.ok(existsSync(path.join(standalone, "server.js")), `NEXT_OUTPUT=standalone made no .next/standalone/server.js`);
    await cp(path.join(projectDir, ".next/static"), path.join(standalone, ".next/static"), { recursive: true });
    if (existsSync(path.join(projectDir, "public"))) {
      await cp(path.join(projectDir, "public"), path.join(standalone, "public"), { recursive: true });
    }
    const moved = path.join(tmp, `standalone-${bundlerName}`);
    await rename(standalone, moved);
    const away = `${projectDir}.away`;
    await rename(projectDir, away);
    try {
      const server = await serve(cell, process.execPath, ["server.js"], {
        cwd: moved,
        env: serverEnv({ HOSTNAME: "127.0.0.1", PORT: String(await freePort()) }),
        timeoutMs: 600_000,
      });
      console.log(`TIMING tool=next bundler=${bundlerName} mode=standalone buildMs=${built.ms} readyMs=${server.readyMs}`);
      try {
        await checkServer(cell, server);
      } finally {
        await server.child.stop();
      }
    } finally {
      await rename(away, projectDir);
    }
  });
}
