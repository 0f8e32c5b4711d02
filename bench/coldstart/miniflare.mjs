// workerd cold start through miniflare (Node >= 22). For each round and each worker (the order
// alternates between rounds), in this one process: t0 = just before `new Miniflare(...)`;
// `ready` = `await mf.ready` (workerd spawned, the worker's modules loaded and evaluated);
// `first` = the first `dispatchFetch` answered and its body read. Each Miniflare instance runs
// its own workerd process and is disposed before the next starts.
//
//   node miniflare.mjs <config.json>
//   config: { rounds, workers: { [name]: { modulesRoot, modules: [{ type, path }] } } }
// Prints one line: MINIFLARE_RESULT {"samples": {[name]: [{ ready, first, total }]}} or {"error"}.
import { readFileSync } from "node:fs";
import { Miniflare } from "miniflare";

const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
const names = Object.keys(config.workers);
const samples = Object.fromEntries(names.map((n) => [n, []]));

async function once(name) {
  const w = config.workers[name];
  const modules = w.modules.map((m) => ({
    type: m.type,
    path: m.path,
    contents: m.type === "ESModule" ? readFileSync(m.path, "utf8") : readFileSync(m.path),
  }));
  const t0 = performance.now();
  const mf = new Miniflare({ modulesRoot: w.modulesRoot, modules, compatibilityDate: "2026-07-01", cf: false });
  try {
    await mf.ready;
    const t1 = performance.now();
    const res = await mf.dispatchFetch("http://localhost/");
    const body = await res.json();
    const t2 = performance.now();
    if (!body.ok) throw new Error(`worker ${name} answered ${JSON.stringify(body)}`);
    return { ready: t1 - t0, first: t2 - t1, total: t2 - t0 };
  } finally {
    await mf.dispose();
  }
}

let result;
try {
  // One unmeasured start of each: the first workerd spawn pays for loading the binary from disk.
  for (const n of names) await once(n);
  for (let r = 0; r < config.rounds; r++) {
    const order = r % 2 === 0 ? names : [...names].reverse();
    for (const n of order) samples[n].push(await once(n));
  }
  result = { samples, node: process.version };
} catch (e) {
  result = { error: { message: e?.message, stack: e?.stack } };
}
process.stdout.write(`MINIFLARE_RESULT ${JSON.stringify(result)}\n`);
process.exitCode = result.error ? 1 : 0;
