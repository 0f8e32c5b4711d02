// Section 5 driver: runs bench/memory.mjs twice, each in a fresh process with --expose-gc:
// lts-kafka, then the plain-JS baseline doing the same work (the control for RSS).
import path from "node:path";
import { BENCH_DIR, fmtBytes, mdTable, run } from "./lib.mjs";

async function child(endpoint, calls, registrations, who) {
  await endpoint.reset();
  const r = await run(
    process.execPath,
    ["--expose-gc", path.join(BENCH_DIR, "memory.mjs"), endpoint.url, String(calls), String(registrations), who],
    { timeoutMs: 300_000 },
  );
  const line = r.stdout.split("\n").find((l) => l.startsWith("MEMORY_RESULT "));
  if (!line) throw new Error(`memory.mjs ${who} printed no result (exit ${r.code}): ${r.stderr.slice(-2000)}`);
  const data = JSON.parse(line.slice("MEMORY_RESULT ".length));
  if (data.failures) throw new Error(`${data.failures} registrations failed in the memory section (${who})`);
  return data;
}

const signed = (n) => `${n >= 0 ? "+" : "−"}${fmtBytes(Math.abs(n))}`;

export async function memory({ endpoint, calls, registrations }) {
  const ours = await child(endpoint, calls, registrations, "ours");
  const base = await child(endpoint, calls, registrations, "baseline");
  const o0 = ours.readings[0];
  const b0 = base.readings[0];
  const rows = ours.readings.map((x, i) => {
    const b = base.readings[i];
    return [
      x.label,
      fmtBytes(x.wasmBytes),
      `${fmtBytes(x.rss)} (${signed(x.rss - o0.rss)})`,
      fmtBytes(x.heapUsed),
      `${fmtBytes(b.rss)} (${signed(b.rss - b0.rss)})`,
      fmtBytes(b.heapUsed),
    ];
  });
  const last = (d) => d.readings[d.readings.length - 1];
  const data = {
    node: ours.node,
    gc: ours.gc,
    calls,
    registrations,
    ours: ours.readings,
    baseline: base.readings,
    wasmGrowthBytes: last(ours).wasmBytes - o0.wasmBytes,
    wasmGrowthSecondHalfOfRegistrationsBytes: last(ours).wasmBytes - ours.readings[ours.readings.length - 2].wasmBytes,
    rssGrowthBytes: { ours: last(ours).rss - o0.rss, baseline: last(base).rss - b0.rss },
    heapGrowthBytes: { ours: last(ours).heapUsed - o0.heapUsed, baseline: last(base).heapUsed - b0.heapUsed },
  };
  const markdown = [
    `Two fresh Node processes (${ours.node}, \`--expose-gc\`: ${ours.gc ? "yes" : "no"}, GC twice before each reading), ` +
      "one after the other: lts-kafka, then the plain-JS baseline doing the same work (the control: fetch's pools and V8's " +
      "heap grow by themselves). Calls alternate a token and an AK/SK client; each is validate + build on a SASL body " +
      "with a unique id (ours: `validateRegisterDmsKafkaInstance` + `buildRegisterDmsKafkaInstanceRequest`). The wasm " +
      "size is `initSync(...).memory.buffer.byteLength` on the very instance pkg/node.js created (same module URL, so " +
      "`initSync` returns its exports). Flat from one half to the next = no leak.",
    "",
    mdTable(["reading", "ours: wasm linear memory", "ours: RSS (vs start)", "ours: JS heap used", "baseline: RSS (vs start)", "baseline: JS heap used"], rows),
  ].join("\n");
  const checks = ours.readings.flatMap((x) => [
    [`memory wasm ${x.label}`, x.wasmBytes],
    [`memory rss ${x.label}`, x.rss],
  ]);
  checks.push(["memory baseline rss", last(base).rss]);
  return { data, markdown, checks };
}
