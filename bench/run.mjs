// `make bench`: every benchmark section in one run, written to bench/results.md (Markdown
// tables) and bench/results.json (the same figures), and printed. BENCH_SMOKE=1 runs every
// section with small counts (under a minute) and still fails unless each produced numbers.
//
//   node bench/run.mjs                 # full run (a few minutes)
//   BENCH_SMOKE=1 node bench/run.mjs   # smoke run
//
// Needs the built package (pkg/) and the packed tarball (target/package/lts-kafka.tgz), the dev
// tools in node_modules (node22, miniflare, esbuild), npm and python3 with pip. Network: npm
// and PyPI for the installs (sections 1 and 6); every measurement talks only to 127.0.0.1.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { BENCH_DIR, REPO, SMOKE, fmtNum, mdTable, removeDir, startEndpointProcess } from "./lib.mjs";
import { weight } from "./weight.mjs";
import { coldStart } from "./coldstart.mjs";
import { memory } from "./memsection.mjs";
import { disagreements, CORPUS } from "./agreement.mjs";
import { validate } from "./baseline.mjs";
import { AK, PROJECT, SK, TOKEN } from "./ids.mjs";

const P = SMOKE
  ? {
      coldRounds: 3,
      miniflareRounds: 1,
      perCall: { rounds: 2, batchSize: () => 100, warmup: 50 },
      discovery: { rounds: 5, concurrent: 8 },
      hotPath: { rounds: 2, sampleMs: 40 },
      memory: { calls: 6000, registrations: 200 },
      python: { rounds: 2, batchSize: 25 },
    }
  : {
      coldRounds: 30,
      miniflareRounds: 12,
      perCall: { rounds: 10, batchSize: () => 1000, warmup: 500 },
      discovery: { rounds: 200, concurrent: 64 },
      hotPath: { rounds: 9, sampleMs: 200 },
      memory: { calls: 100_000, registrations: 4000 },
      python: { rounds: 10, batchSize: 200 },
    };

const started = Date.now();
const log = (msg) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}\n`);

function machine() {
  let cpu = os.cpus()[0]?.model ?? "unknown";
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"));
    if (m) cpu = m[1].trim();
  } catch {
    // not Linux
  }
  return {
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    cpu,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAvgAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

const sections = [];
const results = { mode: SMOKE ? "smoke" : "full", date: new Date().toISOString(), machine: machine(), sections: {} };
const failures = [];

async function section(key, title, fn) {
  log(`${title}…`);
  const t0 = Date.now();
  try {
    const out = await fn();
    results.sections[key] = { ...out.data, seconds: (Date.now() - t0) / 1000 };
    sections.push({ title, markdown: out.markdown });
    for (const [label, value] of out.checks) {
      if (!(Number.isFinite(value) && value > 0)) failures.push(`${label}: no number (${value})`);
    }
    return out;
  } catch (e) {
    const message = String(e?.stack ?? e);
    results.sections[key] = { error: message, seconds: (Date.now() - t0) / 1000 };
    sections.push({ title, markdown: `**Failed:** \`${String(e?.message ?? e).split("\n")[0]}\`` });
    failures.push(`${title}: ${message}`);
    log(`${title} FAILED: ${message}`);
    return null;
  } finally {
    log(`${title}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
}

const tarballPath = path.join(REPO, "target/package/lts-kafka.tgz");
const pkgDir = path.join(REPO, "pkg");
for (const f of [tarballPath, path.join(pkgDir, "node.js")]) {
  if (!existsSync(f)) {
    console.error(`${f} is missing: run \`make pack\` first`);
    process.exit(2);
  }
}

// The modules that load the package, imported once it is known to exist.
const { perCall } = await import("./percall.mjs");
const { hotPath } = await import("./hotpath.mjs");
const { pythonSdk } = await import("./python.mjs");
const { crossings } = await import("./crossings.mjs");
const { discovery, keyOf, DISCOVERY_SK } = await import("./discovery.mjs");
const { validateRegisterDmsKafkaInstance } = await import("../pkg/node.js");

let dirs = null;
let endpoint = null;
try {
  // 1. Weight (also installs the two packages the cold-start section runs).
  const w = await section("weight", "1. Weight", () => weight({ tarballPath, pkgDir }));
  dirs = w?.dirs ?? null;

  // 2. Cold start (nothing else of ours running).
  await section("coldStart", "2. Cold start", async () => {
    if (!dirs) throw new Error("needs the installs of section 1");
    return coldStart({ rounds: P.coldRounds, miniflareRounds: P.miniflareRounds, dirs });
  });

  // The baseline must find the same problems as lts-kafka, or nothing below compares like for like.
  const disagree = disagreements(validateRegisterDmsKafkaInstance, validate);
  results.baselineAgreement = { bodies: CORPUS.length, disagreements: disagree };
  if (disagree.length) failures.push(`the baseline's validator disagrees with lts-kafka's: ${JSON.stringify(disagree)}`);

  // The discovery section's keys: one per round, and two more (its warm-up and its burst).
  const discoveryKeys = Object.fromEntries(
    Array.from({ length: P.discovery.rounds + 3 }, (_, i) => [keyOf(i), { sk: DISCOVERY_SK, projectId: PROJECT }]),
  );
  endpoint = await startEndpointProcess({ tokens: { [TOKEN]: PROJECT }, akSk: { [AK]: { sk: SK, projectId: PROJECT }, ...discoveryKeys } });
  results.endpoint = { url: endpoint.url, process: "tests/local-lts/cli.mjs, separate Node process" };

  // 3. Per-call overhead.
  await section("perCall", "3. Per-call overhead (real registrations)", () => perCall({ endpoint, ...P.perCall }));

  // 3b. The project found from the region: the first call and the later ones.
  await section("discovery", "3b. Project id from the region (first call, later call)", () => discovery({ endpoint, ...P.discovery }));

  // 4. Hot path without I/O.
  await section("hotPath", "4. Hot path without I/O", () => hotPath(P.hotPath));

  // 4b. Crossings between JavaScript and wasm.
  await section("crossings", "4b. Crossings between JavaScript and wasm", () => crossings({ runs: SMOKE ? 3 : 20 }));

  // 5. Memory, in fresh processes with --expose-gc.
  await section("memory", "5. Memory", () => memory({ endpoint, ...P.memory }));

  // 6. The official SDK (Python), for scale.
  await section("pythonSdk", "6. Official SDK (Python), for scale", () => pythonSdk({ endpoint, ...P.python }));
} finally {
  await endpoint?.stop();
  if (dirs) for (const d of Object.values(dirs)) await removeDir(d);
}

results.machine.loadAvgAtEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);
results.seconds = (Date.now() - started) / 1000;
results.failures = failures;

// The targets of the call-pipeline work, each with what this run measured and the figure at
// commit 68386bb, before it (as measured then with this benchmark).
function targets() {
  const S = results.sections;
  const pc = (cred, n) => S.perCall?.configs?.find((c) => c.cred === cred && c.concurrency === n);
  const memGrowth = S.memory?.wasmGrowthBytes;
  const rows = [
    ["token registration, in-memory fetch, vs plain JS", "≤ 1.50×", S.hotPath?.ratios?.registerTokenInMemory, "2.90×", (v) => v <= 1.5, (v) => `${v.toFixed(2)}×`],
    ["AK/SK registration, in-memory fetch, vs plain JS with WebCrypto", "< 1.00×", S.hotPath?.ratios?.registerAkskInMemory, "below 1×", (v) => v < 1, (v) => `${v.toFixed(2)}×`],
    ["token over loopback, 1 in flight (median latency vs plain JS)", "≤ 1.05×", pc("token", 1)?.medianRatio, "1.22×", (v) => v <= 1.05, (v) => `${v.toFixed(2)}×`],
    ["token over loopback, 64 in flight (median latency vs plain JS)", "≤ 1.05×", pc("token", 64)?.medianRatio, "1.23×", (v) => v <= 1.05, (v) => `${v.toFixed(2)}×`],
    ["crossings per token registration (both ways)", "≤ 40", S.crossings?.operations?.["registerDmsKafkaInstance, token, in-memory fetch"]?.total, "134 (wasm → JS only)", (v) => v <= 40, (v) => fmtNum(v, 1)],
    ["validate, SASL body", "≤ 4 µs", S.hotPath?.variants?.["validate: ours"]?.usPerOp, "10.3 µs", (v) => v <= 4, (v) => `${v.toFixed(2)} µs`],
    [".wasm, gzip -9", "≤ 64 KiB", S.weight?.files?.["lts_kafka_bg.wasm"]?.gzip, "78.8 KiB", (v) => v <= 65536, (v) => `${(v / 1024).toFixed(1)} KiB`],
    ["import + client + validate + sign in Node, over `node -e 0`", "≤ +20 ms", S.coldStart?.processes?.["lts-kafka: import, client, validate, sign preview"]?.overBaselineMs, "+28.8 ms", (v) => v <= 20, (v) => `+${v.toFixed(1)} ms`],
    ["wasm linear memory growth over 100 000 calls and 4 000 registrations", "0 B", memGrowth, "0 B", (v) => v === 0, (v) => `${fmtNum(v)} B`],
  ];
  const table = rows.map(([what, limit, v, before, ok, fmt]) => [
    what,
    limit,
    Number.isFinite(v) ? fmt(v) : "–",
    before,
    Number.isFinite(v) ? (ok(v) ? "met" : "**not met**") : "–",
  ]);
  results.targets = Object.fromEntries(rows.map(([what, limit, v, before, ok]) => [what, { limit, value: v ?? null, at68386bb: before, met: Number.isFinite(v) ? ok(v) : null }]));
  return [
    `## Targets`,
    "",
    "Each target with this run's figure and the figure at commit 68386bb (before the call pipeline moved into the core and an attempt into one JavaScript function). " +
      (SMOKE ? "A smoke run's counts are too small for its figures to mean much." : ""),
    "",
    mdTable(["target", "limit", "this run", "at 68386bb", ""], table),
    "",
  ];
}

const m = results.machine;
const md = [
  `# lts-kafka benchmark (${results.mode})`,
  "",
  `${results.date} · ${m.nproc} × ${m.cpu} · ${m.memoryGiB} GiB · ${m.platform} · Node ${m.node} · ` +
    `load average ${m.loadAvgAtStart.join(" / ")} at start, ${m.loadAvgAtEnd.join(" / ")} at the end · ${fmtNum(results.seconds)} s in all` +
    (results.sections.weight?.wasmSha256 ? ` · wasm sha256 ${results.sections.weight.wasmSha256.slice(0, 12)}` : ""),
  "",
  "Every ratio below was measured in this one run, the things compared interleaved. " +
    "Regenerate with `make bench` (`BENCH_SMOKE=1` for the quick check). The baseline is bench/baseline.mjs: plain JavaScript, " +
    `no wasm; its validator agrees with lts-kafka's on ${CORPUS.length} valid and broken bodies` +
    (results.baselineAgreement?.disagreements.length ? " — **except for some: see failures**." : "."),
  "",
  ...targets(),
  ...sections.flatMap((s) => [`## ${s.title}`, "", s.markdown, ""]),
  ...(failures.length ? ["## Failures", "", ...failures.map((f) => `- ${f.split("\n")[0]}`), ""] : []),
].join("\n");

writeFileSync(path.join(BENCH_DIR, "results.md"), md);
writeFileSync(path.join(BENCH_DIR, "results.json"), JSON.stringify(results, null, 2) + "\n");
process.stdout.write(md + "\n");
log(`wrote bench/results.md and bench/results.json (${results.seconds.toFixed(0)} s)`);
if (failures.length) {
  console.error(`\n${failures.length} problem(s):\n${failures.map((f) => `  - ${f.split("\n")[0]}`).join("\n")}`);
  process.exit(1);
}
