// Where lts-kafka's per-call time goes (not part of `make bench`; run by hand after `make build`):
//
//   node bench/diagnose.mjs
//
// 1. JS<->wasm crossings per operation: a temporary copy of pkg/ whose import object counts
//    every call the wasm makes into JavaScript (pkg/ itself is not touched).
// 2. The cost of one character in validation (kafka_name of 1 vs 256 characters).
// 4. A cold start step by step (fresh processes), with V8's default lazy wasm compilation and
//    with --no-wasm-lazy-compilation.
// 3. CPU profiles (node --cpu-prof) of 8 000 registrations (token, one at a time) against the
//    local endpoint in its own process, lts-kafka and the plain-JS baseline: self time per call
//    by category, and lts-kafka's top glue functions.
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { REPO, removeDir, startEndpointProcess, tempDir } from "./lib.mjs";
import { PROJECT, TOKEN } from "./ids.mjs";

const mode = process.argv[2];
const ANSWER = { "content-type": "application/json;charset=utf-8", "x-request-id": "0123456789abcdef0123456789abcdef" };
const memoryFetch = async (url, init) =>
  new Response(`{"instance_id":${JSON.stringify(JSON.parse(init.body).instance_id)}}`, { status: 201, headers: ANSWER });
const sasl = { instance_id: "3f4a92ff-7f65-489f-a36a-fadbaa0000a6", kafka_name: "kafka-prod", connect_info: { user_name: "lts", pwd: "kafka-password" } };
const plain = { instance_id: "3f4a92ff-7f65-489f-a36a-fadbaa0000a6", kafka_name: "kafka-prod", connect_info: {} };

const PROFILE_CALLS = 8000;
if (mode === "--cold-child") {
  // One cold start, step by step (ms): the glue's ES modules, reading the .wasm, compiling it,
  // instantiating it, the rest of the Node entry, then the first calls (lazily compiled wasm).
  const t = [performance.now()];
  const glue = await import(path.join(REPO, "pkg/lts_kafka.js"));
  t.push(performance.now());
  const bytes = readFileSync(path.join(REPO, "pkg/lts_kafka_bg.wasm"));
  t.push(performance.now());
  const module = new WebAssembly.Module(bytes);
  t.push(performance.now());
  glue.initSync({ module });
  t.push(performance.now());
  const { LtsClient, validateRegisterDmsKafkaInstance } = await import(path.join(REPO, "pkg/node.js"));
  t.push(performance.now());
  const client = new LtsClient({ projectId: PROJECT, endpoint: "http://127.0.0.1:9", credentials: { ak: "AK", sk: "SK" } });
  t.push(performance.now());
  validateRegisterDmsKafkaInstance(sasl);
  t.push(performance.now());
  client.buildRegisterDmsKafkaInstanceRequest(sasl);
  t.push(performance.now());
  validateRegisterDmsKafkaInstance(sasl);
  client.buildRegisterDmsKafkaInstanceRequest(sasl);
  t.push(performance.now());
  process.stdout.write(JSON.stringify(t));
  process.exit(0);
}
if (mode === "--profile-child") {
  // Registrations against the local endpoint (a separate process), profiled by the parent.
  const [endpoint, who] = process.argv.slice(3);
  const { LtsClient } = await import(path.join(REPO, "pkg/node.js"));
  const { PlainLtsClient } = await import("./baseline.mjs");
  const C = who === "ours" ? LtsClient : PlainLtsClient;
  const client = new C({ projectId: PROJECT, endpoint, credentials: { token: TOKEN } });
  for (let i = 0; i < PROFILE_CALLS; i++) await client.registerDmsKafkaInstance({ ...plain, instance_id: `d${who[0]}-${i}` });
  process.exit(0);
}

// ---------------------------------------------------------------------------- 1. crossings
const dir = await tempDir("diagnose");
try {
  cpSync(path.join(REPO, "pkg"), dir, { recursive: true });
  const gluePath = path.join(dir, "lts_kafka.js");
  const glue = readFileSync(gluePath, "utf8");
  const anchor = `    return {\n        __proto__: null,\n        "./lts_kafka_bg.js": import0,`;
  if (!glue.includes(anchor)) throw new Error("the glue's import object has changed shape; update diagnose.mjs");
  writeFileSync(
    gluePath,
    glue.replace(
      anchor,
      `    for (const k of Object.keys(import0)) {
        const f = import0[k];
        const name = k.replace(/^__wbg_/, "").replace(/_[0-9a-f]{16}$/, "");
        import0[k] = function (...a) { const c = globalThis.__crossings; if (c) c[name] = (c[name] ?? 0) + 1; return f.apply(this, a); };
    }\n${anchor}`,
    ),
  );
  const counted = await import(path.join(dir, "node.js"));
  const mk = (credentials) =>
    new counted.LtsClient({ projectId: "0123456789abcdef0123456789abcdef", endpoint: "http://127.0.0.1:9", credentials, fetch: memoryFetch });
  const token = mk({ token: "T" });
  const signed = mk({ ak: "AK", sk: "SK" });
  const ops = {
    "validate, connect_info {}": () => counted.validateRegisterDmsKafkaInstance(plain),
    "validate, SASL body": () => counted.validateRegisterDmsKafkaInstance(sasl),
    "build (preview), token, SASL body": () => token.buildRegisterDmsKafkaInstanceRequest(sasl),
    "build (preview), AK/SK, SASL body": () => signed.buildRegisterDmsKafkaInstanceRequest(sasl),
    "registerDmsKafkaInstance, token, in-memory fetch": () => token.registerDmsKafkaInstance(plain),
    "registerDmsKafkaInstance, AK/SK, in-memory fetch": () => signed.registerDmsKafkaInstance(plain),
  };
  console.log("1. JS<->wasm crossings (calls from wasm into imported JS functions) per operation:");
  for (const [name, op] of Object.entries(ops)) {
    globalThis.__crossings = {};
    await op();
    const c = globalThis.__crossings;
    globalThis.__crossings = null;
    const total = Object.values(c).reduce((a, b) => a + b, 0);
    const top = Object.entries(c)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ");
    console.log(`   ${name}: ${total}  (${top}, …)`);
  }
} finally {
  await removeDir(dir);
}

// ----------------------------------------------------------------- 2. cost of a character
const { validateRegisterDmsKafkaInstance } = await import(path.join(REPO, "pkg/node.js"));
const per = (len) => {
  const bodies = Array.from({ length: 256 }, (_, i) => ({ instance_id: `i${i}`, kafka_name: "k".repeat(len), connect_info: {} }));
  const best = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < 50_000; i++) validateRegisterDmsKafkaInstance(bodies[i & 255]);
    best.push(((performance.now() - t0) / 50_000) * 1000);
  }
  return Math.min(...best);
};
const one = per(1);
const many = per(256);
console.log(
  `\n2. validate with kafka_name of 1 character: ${one.toFixed(2)} µs; of 256: ${many.toFixed(2)} µs ` +
    `→ ${(((many - one) / 255) * 1000).toFixed(0)} ns per character (best of 5 × 50 000)`,
);

// ------------------------------------------------------------------------ 3. CPU profile
function profileOf(file) {
  const prof = JSON.parse(readFileSync(file, "utf8"));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  // Anonymous glue functions are named after the import (or function) they belong to.
  const glueLines = readFileSync(path.join(REPO, "pkg/lts_kafka.js"), "utf8").split("\n");
  const owner = (line) => {
    for (let i = line; i >= 0; i--) {
      const m = /^\s*(__w\w+): function|^function (\w+)/.exec(glueLines[i] ?? "");
      if (m) return (m[1] ?? m[2]).replace(/_[0-9a-f]{16}$/, "");
    }
    return "?";
  };
  const cat = new Map();
  const glueFns = new Map();
  let busy = 0;
  prof.samples.forEach((id, i) => {
    const { functionName: fn, url, lineNumber } = byId.get(id).callFrame;
    const dt = prof.timeDeltas[i];
    if (fn === "(idle)") return;
    busy += dt;
    let k;
    if (fn === "(garbage collector)") k = "garbage collector";
    else if (url.includes("lts_kafka.js") || url.includes("/snippets/")) k = "lts-kafka JS glue (wasm-bindgen)";
    else if (url.includes("baseline.mjs")) k = "baseline JS";
    else if (url.includes("undici")) k = "undici (fetch)";
    else if (url.startsWith("wasm://")) k = url.includes(ourWasmScript) ? "lts-kafka wasm" : "undici's llhttp (wasm)";
    else if (url.startsWith("node:")) k = "Node internals (streams, AbortController, timers, net)";
    else k = `native: ${fn || "(anonymous)"}`;
    cat.set(k, (cat.get(k) ?? 0) + dt);
    if (url.includes("lts_kafka.js")) {
      const key = `${fn || `(anonymous, in ${owner(lineNumber)})`} (lts_kafka.js:${lineNumber + 1})`;
      glueFns.set(key, (glueFns.get(key) ?? 0) + dt);
    }
  });
  return { busy, cat, glueFns };
}

// Profiles name a wasm module's script wasm://wasm/<hash>; ours is the one that appears in
// lts-kafka's profile and not in the baseline's (the other is undici's llhttp).
let ourWasmScript = "";

const profDir = await tempDir("profile");
const endpoint = await startEndpointProcess({ tokens: { [TOKEN]: PROJECT } });
try {
  const results = {};
  for (const who of ["ours", "baseline"]) {
    const dir = path.join(profDir, who);
    const r = spawnSync(
      process.execPath,
      ["--cpu-prof", `--cpu-prof-dir=${dir}`, new URL(import.meta.url).pathname, "--profile-child", endpoint.url, who],
      { encoding: "utf8" },
    );
    if (r.status !== 0) throw new Error(r.stderr);
    results[who] = path.join(dir, readdirSync(dir).find((f) => f.endsWith(".cpuprofile")));
  }
  // Which wasm script is ours: the one that appears in lts-kafka's profile but not the baseline's.
  const scripts = (file) => new Set(JSON.parse(readFileSync(file, "utf8")).nodes.map((n) => n.callFrame.url).filter((u) => u.startsWith("wasm://")));
  const baseScripts = scripts(results.baseline);
  ourWasmScript = [...scripts(results.ours)].find((u) => !baseScripts.has(u)) ?? "__none__";
  const ours = profileOf(results.ours);
  const base = profileOf(results.baseline);
  const N = PROFILE_CALLS;
  console.log(`\n3. CPU profiles of ${N.toLocaleString("en-US")} registrations each (token, one at a time, endpoint in its own process): self time, µs per call`);
  console.log(`   ${"category".padEnd(58)} ${"lts-kafka".padStart(10)} ${"baseline".padStart(10)}`);
  const keys = [...new Set([...ours.cat.keys(), ...base.cat.keys()])].sort((a, b) => (ours.cat.get(b) ?? 0) + (base.cat.get(b) ?? 0) - (ours.cat.get(a) ?? 0) - (base.cat.get(a) ?? 0));
  for (const k of keys.slice(0, 12)) {
    console.log(`   ${k.padEnd(58)} ${((ours.cat.get(k) ?? 0) / N).toFixed(1).padStart(10)} ${((base.cat.get(k) ?? 0) / N).toFixed(1).padStart(10)}`);
  }
  console.log(`   ${"all busy CPU".padEnd(58)} ${(ours.busy / N).toFixed(1).padStart(10)} ${(base.busy / N).toFixed(1).padStart(10)}`);
  console.log("   lts-kafka's top glue functions, µs per call:");
  for (const [k, v] of [...ours.glueFns].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`   ${(v / N).toFixed(1).padStart(6)}  ${k}`);
} finally {
  await endpoint.stop();
  await removeDir(profDir);
}

// ------------------------------------------------------------------- 4. cold start by step
{
  const steps = [
    "node start + diagnose.mjs's own imports", "import lts_kafka.js + snippet (ESM)", "read .wasm", "new WebAssembly.Module",
    "instantiate + start", "import node.js (entry, sync-api, errors)", "new LtsClient (AK/SK)", "1st validate",
    "1st signed build", "2nd validate + build",
  ];
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  console.log("\n4. Cold start by step, ms (median of 9 fresh processes each):");
  console.log(`   ${"step".padEnd(44)} ${"default".padStart(9)} ${"--no-wasm-lazy-compilation".padStart(27)}`);
  const cols = [];
  for (const flags of [[], ["--no-wasm-lazy-compilation"]]) {
    const runs = [];
    for (let i = 0; i < 9; i++) {
      const r = spawnSync(process.execPath, [...flags, new URL(import.meta.url).pathname, "--cold-child"], { encoding: "utf8" });
      if (r.status !== 0) throw new Error(r.stderr);
      const t = JSON.parse(r.stdout);
      runs.push(t.map((x, j) => (j === 0 ? x : x - t[j - 1])));
    }
    cols.push(steps.map((_, j) => median(runs.map((r) => r[j]))));
  }
  steps.forEach((name, j) => console.log(`   ${name.padEnd(44)} ${cols[0][j].toFixed(1).padStart(9)} ${cols[1][j].toFixed(1).padStart(27)}`));
}
