// Loads a bundled worker into workerd through miniflare's API and dispatches one request.
// Needs Node >= 22 (miniflare 4): edge.test.mjs runs it with node_modules/node22/bin/node from
// this directory, so `miniflare` resolves to the repository's copy.
//
//   node run-miniflare.mjs <config.json>
//   config: { modulesRoot, modules: [{ type: "ESModule" | "CompiledWasm", path }], bindings,
//             compatibilityDate, url }
//
// Prints one line, `MINIFLARE_RESULT <json>`: { status, body, startupMs, requestMs } or { error }.
import { readFileSync } from "node:fs";
import { Miniflare } from "miniflare";

const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
let mf;
let result;
try {
  const t0 = performance.now();
  mf = new Miniflare({
    modulesRoot: config.modulesRoot,
    // The modules exactly as wrangler uploads them: the bundle, and each .wasm as a
    // CompiledWasm module (workerd hands the importer a compiled WebAssembly.Module).
    modules: config.modules.map((m) => ({
      type: m.type,
      path: m.path,
      contents: m.type === "ESModule" ? readFileSync(m.path, "utf8") : readFileSync(m.path),
    })),
    compatibilityDate: config.compatibilityDate,
    bindings: config.bindings,
    // Otherwise miniflare downloads request.cf data from workers.cloudflare.com.
    cf: false,
  });
  await mf.ready;
  const startupMs = performance.now() - t0;
  const t1 = performance.now();
  const res = await mf.dispatchFetch(config.url);
  const text = await res.text();
  const requestMs = performance.now() - t1;
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = { unparsed: text };
  }
  result = { status: res.status, body, startupMs, requestMs };
} catch (e) {
  result = { error: { name: e?.name, message: e?.message, stack: e?.stack } };
} finally {
  await mf?.dispose().catch(() => {});
}
process.stdout.write(`MINIFLARE_RESULT ${JSON.stringify(result)}\n`);
process.exitCode = result.error ? 1 : 0;
