// Section 2, cold start: fresh Node processes (wall time from spawn to exit, measured by the
// parent with spawnSync), the three kinds interleaved in every round with a rotating order:
// `node -e 0`; lts-kafka imported by name from a consumer directory where the tarball is
// installed, ready to call; Huawei's Node core SDK required from its fresh install, ready to
// call. Then workerd through miniflare under Node 22: an empty worker vs one importing lts-kafka.
import { spawnSync } from "node:child_process";
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { BENCH_DIR, REPO, fmtNum, mdTable, median, p90, run } from "./lib.mjs";

const NODE22 = path.join(REPO, "node_modules/node22/bin/node");

const BASE = "node -e 0";
const OURS = "lts-kafka: import, client, validate, sign preview";
const HUAWEI = "Huawei core SDK: require, BasicCredentials, AKSKSigner.sign";

function spawnOnce(args, cwd) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd, encoding: "utf8", timeout: 60_000 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(" ")} in ${cwd} exited with ${r.status}: ${r.stderr}`);
  let inner = null;
  if (r.stdout) inner = JSON.parse(r.stdout);
  return { wall, inner };
}

async function nodeProcesses({ rounds, dirs }) {
  await copyFile(path.join(BENCH_DIR, "coldstart/ours.mjs"), path.join(dirs.ours, "cold-ours.mjs"));
  await copyFile(path.join(BENCH_DIR, "coldstart/huawei.cjs"), path.join(dirs.huawei, "cold-huawei.cjs"));
  await writeFile(path.join(dirs.ours, "empty.mjs"), "");
  await writeFile(path.join(dirs.huawei, "empty.cjs"), "");
  const kinds = {
    [BASE]: () => spawnOnce(["-e", "0"], dirs.ours),
    [OURS]: () => spawnOnce(["cold-ours.mjs"], dirs.ours),
    [HUAWEI]: () => spawnOnce(["cold-huawei.cjs"], dirs.huawei),
    "reference: node empty.mjs (an ES module entry)": () => spawnOnce(["empty.mjs"], dirs.ours),
    "reference: node empty.cjs (a CommonJS entry)": () => spawnOnce(["empty.cjs"], dirs.huawei),
  };
  const names = Object.keys(kinds);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (const n of names) kinds[n](); // one unmeasured run of each (page cache)
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const n = names[(r + i) % names.length];
      samples[n].push(kinds[n]());
    }
  }
  return samples;
}

function wranglerWasm(collected) {
  return {
    name: "wrangler-wasm",
    setup(build) {
      build.onResolve({ filter: /\.wasm(\?module)?$/ }, (args) => {
        const file = path.join(args.resolveDir, args.path.replace(/\?module$/, ""));
        const name = `./${path.basename(file)}`;
        collected.set(name, file);
        return { path: name, external: true };
      });
    },
  };
}

async function miniflare({ rounds, dirs }) {
  const esbuild = await import(path.join(REPO, "node_modules/esbuild/lib/main.js"));
  const build = esbuild.default ?? esbuild;
  const outLts = path.join(dirs.ours, "worker-lts");
  const outEmpty = path.join(dirs.ours, "worker-empty");
  await mkdir(outLts, { recursive: true });
  await mkdir(outEmpty, { recursive: true });
  await copyFile(path.join(BENCH_DIR, "coldstart/worker-lts.mjs"), path.join(dirs.ours, "worker-lts.mjs"));
  const wasm = new Map();
  // Bundled as wrangler bundles: the `workerd` condition, each .wasm a CompiledWasm module.
  await build.build({
    absWorkingDir: dirs.ours,
    entryPoints: ["worker-lts.mjs"],
    outfile: path.join(outLts, "worker.js"),
    bundle: true,
    format: "esm",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["browser", "module", "main"],
    logLevel: "silent",
    plugins: [wranglerWasm(wasm)],
  });
  if (wasm.size !== 1) throw new Error(`expected one .wasm import in the worker bundle, got ${wasm.size}`);
  const modules = [{ type: "ESModule", path: path.join(outLts, "worker.js") }];
  for (const [name, file] of wasm) {
    await copyFile(file, path.join(outLts, name));
    modules.push({ type: "CompiledWasm", path: path.join(outLts, name) });
  }
  await copyFile(path.join(BENCH_DIR, "coldstart/worker-empty.mjs"), path.join(outEmpty, "worker.js"));
  const configPath = path.join(dirs.ours, "miniflare.json");
  await writeFile(
    configPath,
    JSON.stringify({
      rounds,
      workers: {
        "empty worker": { modulesRoot: outEmpty, modules: [{ type: "ESModule", path: path.join(outEmpty, "worker.js") }] },
        "worker importing lts-kafka (client, validate, sign preview)": { modulesRoot: outLts, modules },
      },
    }),
  );
  // From bench/coldstart so that `miniflare` resolves to the repository's copy.
  const r = await run(NODE22, [path.join(BENCH_DIR, "coldstart/miniflare.mjs"), configPath], {
    cwd: path.join(BENCH_DIR, "coldstart"),
    timeoutMs: 300_000,
  });
  const line = r.stdout.split("\n").find((l) => l.startsWith("MINIFLARE_RESULT "));
  if (!line) throw new Error(`miniflare.mjs printed no result (exit ${r.code}):\n${r.stdout}\n${r.stderr.slice(-2000)}`);
  const result = JSON.parse(line.slice("MINIFLARE_RESULT ".length));
  if (result.error) throw new Error(`miniflare failed: ${result.error.stack ?? result.error.message}\n${r.stderr.slice(-2000)}`);
  return result;
}

export async function coldStart({ rounds, miniflareRounds, dirs }) {
  const samples = await nodeProcesses({ rounds, dirs });
  const names = Object.keys(samples);
  const base = median(samples[BASE].map((s) => s.wall));
  const data = { rounds, node: process.version, processes: {} };
  const rows = [];
  for (const n of names) {
    const wall = samples[n].map((s) => s.wall);
    const entry = {
      medianMs: median(wall),
      p90Ms: p90(wall),
      overBaselineMs: median(wall) - base,
      samplesMs: wall.map((x) => Math.round(x * 10) / 10),
    };
    if (samples[n][0].inner) {
      entry.loadMedianMs = median(samples[n].map((s) => s.inner.load));
      entry.setupMedianMs = median(samples[n].map((s) => s.inner.setup));
      entry.readyMedianMs = median(samples[n].map((s) => s.inner.ready));
    }
    data.processes[n] = entry;
    rows.push([
      n,
      fmtNum(entry.medianMs, 1),
      fmtNum(entry.p90Ms, 1),
      n === BASE ? "–" : `${entry.overBaselineMs >= 0 ? "+" : ""}${fmtNum(entry.overBaselineMs, 1)}`,
      entry.loadMedianMs === undefined ? "–" : fmtNum(entry.loadMedianMs, 1),
      entry.setupMedianMs === undefined ? "–" : fmtNum(entry.setupMedianMs, 1),
    ]);
  }
  const ours = data.processes[OURS];
  const huawei = data.processes[HUAWEI];
  data.ratioOverBaseline = huawei.overBaselineMs / ours.overBaselineMs;

  let mfMarkdown;
  const checks = [
    ["cold start: node -e 0", data.processes[BASE].medianMs],
    ["cold start: lts-kafka", ours.medianMs],
    ["cold start: huawei", huawei.medianMs],
  ];
  try {
    const mf = await miniflare({ rounds: miniflareRounds, dirs });
    const [emptyName, ltsName] = Object.keys(mf.samples);
    const stat = (name, key) => median(mf.samples[name].map((s) => s[key]));
    const stat90 = (name, key) => p90(mf.samples[name].map((s) => s[key]));
    data.workerd = { rounds: miniflareRounds, node: mf.node, workers: {} };
    const mfRows = [];
    for (const name of [emptyName, ltsName]) {
      const w = {
        totalMedianMs: stat(name, "total"),
        totalP90Ms: stat90(name, "total"),
        readyMedianMs: stat(name, "ready"),
        firstMedianMs: stat(name, "first"),
      };
      data.workerd.workers[name] = w;
      mfRows.push([
        name,
        fmtNum(w.totalMedianMs, 1),
        fmtNum(w.totalP90Ms, 1),
        fmtNum(w.readyMedianMs, 1),
        fmtNum(w.firstMedianMs, 1),
        name === emptyName ? "–" : `+${fmtNum(w.totalMedianMs - data.workerd.workers[emptyName].totalMedianMs, 1)}`,
      ]);
    }
    checks.push(["cold start: workerd empty", data.workerd.workers[emptyName].totalMedianMs]);
    checks.push(["cold start: workerd lts-kafka", data.workerd.workers[ltsName].totalMedianMs]);
    mfMarkdown = [
      `workerd through miniflare (${mf.node}, ${miniflareRounds} rounds after one unmeasured start of each, order alternating): ` +
        "from `new Miniflare(...)` to the first response's body, in one Node 22 process; every start spawns a fresh workerd " +
        "and is disposed before the next. `ready` = `await mf.ready` (workerd up, modules loaded and evaluated, the wasm " +
        "module compiled); `first request` = the first `dispatchFetch` (the client built, a body validated, a request signed).",
      "",
      mdTable(["worker", "median ms", "p90 ms", "ready ms", "first request ms", "vs empty"], mfRows),
    ].join("\n");
  } catch (e) {
    data.workerd = { error: String(e?.message ?? e) };
    checks.push(["cold start: workerd", NaN]);
    mfMarkdown = `workerd through miniflare: **failed**: ${String(e?.message ?? e).split("\n")[0]}`;
  }

  const markdown = [
    `${rounds} rounds; each round runs every kind once, in a rotating order; wall time from spawn to exit ` +
      `(parent's spawnSync), Node ${process.version}. \`load\` and \`setup\` are measured inside the process: ` +
      "the import/require, then constructing, validating and signing one request. The two reference rows show what " +
      "an (empty) module entry costs by itself over `-e`.",
    "",
    mdTable(["process", "median ms", "p90 ms", "over `node -e 0`", "load ms", "setup ms"], rows),
    "",
    mfMarkdown,
  ].join("\n");
  return { data, markdown, checks };
}
