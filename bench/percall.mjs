// Section 3, per-call overhead: real registrations (unique instance ids) through lts-kafka's
// LtsClient and through the plain-JS baseline, against the local endpoint running in its own
// process, with a token and with AK/SK, at concurrency 1 and 64. Within each configuration the
// two clients alternate batches (the order flipping every round), so drift and noise hit both.
import { LtsClient } from "../pkg/node.js";
import { PlainLtsClient } from "./baseline.mjs";
import { fmtNum, fmtRatio, mdTable, median, p90 } from "./lib.mjs";

import { AK, PROJECT, SK, TOKEN } from "./ids.mjs";

export { AK, PROJECT, SK, TOKEN };

const body = (id) => ({ instance_id: id, kafka_name: "kafka-prod", connect_info: {} });

export function makeClients(endpoint, cred) {
  const credentials = cred === "token" ? { token: TOKEN } : { ak: AK, sk: SK };
  return {
    ours: new LtsClient({ projectId: PROJECT, endpoint, credentials, timeoutMs: 30_000 }),
    baseline: new PlainLtsClient({ projectId: PROJECT, endpoint, credentials, timeoutMs: 30_000 }),
  };
}

let seq = 0;
/**
 * `n` registrations through `client`, `concurrency` in flight; every call is checked. Returns
 * { latUs: per-call latencies in µs, wallMs, cpuUs: this process's CPU time (user + system) }.
 */
export async function batch(client, n, concurrency, tag) {
  const latUs = new Float64Array(n);
  let next = 0;
  async function worker() {
    while (next < n) {
      const i = next++;
      const id = `${tag}-${++seq}`;
      const t0 = performance.now();
      const out = await client.registerDmsKafkaInstance(body(id));
      latUs[i] = (performance.now() - t0) * 1000;
      if (out.instance_id !== id) throw new Error(`${tag}: registered ${out.instance_id}, expected ${id}`);
    }
  }
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { latUs, wallMs, cpuUs: cpu.user + cpu.system };
}

export async function perCall({ endpoint, rounds, batchSize, warmup }) {
  const configs = [
    { cred: "token", concurrency: 1 },
    { cred: "aksk", concurrency: 1 },
    { cred: "token", concurrency: 64 },
    { cred: "aksk", concurrency: 64 },
  ];
  const data = { rounds, configs: [] };
  const rows = [];
  const checks = [];
  for (const cfg of configs) {
    await endpoint.reset();
    const clients = makeClients(endpoint.url, cfg.cred);
    const tag = `${cfg.cred === "token" ? "t" : "s"}${cfg.concurrency}`;
    const bs = batchSize(cfg.concurrency);
    for (const name of ["ours", "baseline"]) await batch(clients[name], warmup, cfg.concurrency, `w${tag}${name[0]}`);
    const lat = { ours: [], baseline: [] };
    const wall = { ours: 0, baseline: 0 };
    const cpu = { ours: 0, baseline: 0 };
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? ["ours", "baseline"] : ["baseline", "ours"];
      for (const name of order) {
        const b = await batch(clients[name], bs, cfg.concurrency, `${tag}${name[0]}`);
        lat[name].push(b.latUs);
        wall[name] += b.wallMs;
        cpu[name] += b.cpuUs;
      }
    }
    const entry = { cred: cfg.cred, concurrency: cfg.concurrency, callsPerClient: rounds * bs };
    for (const name of ["ours", "baseline"]) {
      const all = Float64Array.from(lat[name].flatMap((a) => Array.from(a)));
      entry[name] = {
        medianUs: median(all),
        p90Us: p90(all),
        callsPerSecond: (rounds * bs) / (wall[name] / 1000),
        clientCpuUsPerCall: cpu[name] / (rounds * bs),
      };
    }
    entry.medianRatio = entry.ours.medianUs / entry.baseline.medianUs;
    entry.throughputRatio = entry.ours.callsPerSecond / entry.baseline.callsPerSecond;
    entry.clientCpuRatio = entry.ours.clientCpuUsPerCall / entry.baseline.clientCpuUsPerCall;
    data.configs.push(entry);
    rows.push([
      cfg.cred === "token" ? "token" : "AK/SK",
      String(cfg.concurrency),
      fmtNum(entry.callsPerClient),
      `${fmtNum(entry.ours.medianUs)} / ${fmtNum(entry.ours.p90Us)}`,
      `${fmtNum(entry.baseline.medianUs)} / ${fmtNum(entry.baseline.p90Us)}`,
      fmtRatio(entry.medianRatio),
      fmtNum(entry.ours.callsPerSecond),
      fmtNum(entry.baseline.callsPerSecond),
      fmtRatio(entry.throughputRatio),
      `${fmtNum(entry.ours.clientCpuUsPerCall)} / ${fmtNum(entry.baseline.clientCpuUsPerCall)}`,
      fmtRatio(entry.clientCpuRatio),
    ]);
    checks.push([`per call ${tag} ours`, entry.ours.medianUs], [`per call ${tag} baseline`, entry.baseline.medianUs]);
  }
  const markdown = [
    `Registrations through \`LtsClient.registerDmsKafkaInstance\` vs the plain-JS baseline (bench/baseline.mjs), each call ` +
      "a unique instance id, answered 201 by the local endpoint (tests/local-lts/cli.mjs) in a separate Node process on " +
      `127.0.0.1, over the runtime's fetch with keep-alive. ${rounds} rounds per configuration, the two clients alternating ` +
      "batches (order flipped each round), after a warm-up batch each. Latency = one call's promise, start to settle; " +
      "calls/s = calls / summed batch wall time; client CPU = this process's user + system CPU time per call (fetch, i.e. " +
      "undici, included: most of it). The endpoint (another process on the same 2 cores) and the runtime's fetch dominate; " +
      "section 4's in-memory-fetch rows isolate the clients' own cost.",
    "",
    mdTable(
      ["credentials", "in flight", "calls each", "ours µs median / p90", "baseline µs median / p90", "ratio (median)", "ours calls/s", "baseline calls/s", "ratio (calls/s)", "client CPU µs/call ours / baseline", "ratio (CPU)"],
      rows,
    ),
  ].join("\n");
  return { data, markdown, checks };
}
