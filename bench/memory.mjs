// Section 5, memory (run in its own process, with --expose-gc, by run.mjs): the wasm linear
// memory and the process RSS before and after N validate + build calls (token and AK/SK
// alternating) and after M real registrations against the local endpoint, each in two halves
// so that flat (no leak) is visible. With `baseline` as the last argument the same work is done
// by the plain-JS baseline instead, in its own process: the control for RSS (fetch's pools and
// V8's heap grow by themselves). A GC runs (twice) before every reading.
//
//   node --expose-gc bench/memory.mjs <endpoint-url> <calls> <registrations> <ours|baseline>
// Prints one line: MEMORY_RESULT {json}.
import { readFileSync } from "node:fs";
import { AK, PROJECT, SK, TOKEN } from "./ids.mjs";

const [endpoint, callsArg, regsArg, who] = process.argv.slice(2);
const CALLS = Number(callsArg);
const REGS = Number(regsArg);
const OURS = who !== "baseline";

let token, signed, validateBody, wasmExports;
if (OURS) {
  const lts = await import("../pkg/node.js");
  // The same file URL as pkg/node.js imports, so the same module instance: initSync returns
  // the exports of the instance node.js created (it does not instantiate again).
  const { initSync } = await import("../pkg/lts_kafka.js");
  wasmExports = initSync({ module: readFileSync(new URL("../pkg/lts_kafka_bg.wasm", import.meta.url)) });
  token = new lts.LtsClient({ projectId: PROJECT, endpoint, credentials: { token: TOKEN } });
  signed = new lts.LtsClient({ projectId: PROJECT, endpoint, credentials: { ak: AK, sk: SK } });
  validateBody = lts.validateRegisterDmsKafkaInstance;
} else {
  const { PlainLtsClient, validate } = await import("./baseline.mjs");
  token = new PlainLtsClient({ projectId: PROJECT, endpoint, credentials: { token: TOKEN } });
  signed = new PlainLtsClient({ projectId: PROJECT, endpoint, credentials: { ak: AK, sk: SK } });
  validateBody = validate;
}

function reading(label) {
  if (typeof globalThis.gc === "function") {
    globalThis.gc();
    globalThis.gc();
  }
  const m = process.memoryUsage();
  return { label, wasmBytes: wasmExports ? wasmExports.memory.buffer.byteLength : null, rss: m.rss, heapUsed: m.heapUsed };
}

const sasl = (id) => ({ instance_id: id, kafka_name: "kafka-prod", connect_info: { user_name: "lts", pwd: "kafka-password" } });
const plain = (id) => ({ instance_id: id, kafka_name: "kafka-prod", connect_info: {} });
const tag = `m${OURS ? "o" : "b"}${Date.now().toString(36)}`;

async function calls(n, from) {
  let sink = 0;
  for (let i = 0; i < n; i++) {
    const b = sasl(`${tag}-${from + i}`);
    sink += validateBody(b).length;
    const client = i % 2 === 0 ? token : signed;
    const request = OURS ? client.buildRegisterDmsKafkaInstanceRequest(b) : await client.buildRequest(b);
    sink += request.body.length;
  }
  return sink;
}

let failures = 0;
let next = 0;
async function registrations(n) {
  for (let i = 0; i < n; i += 32) {
    const k = Math.min(32, n - i);
    const results = await Promise.allSettled(
      Array.from({ length: k }, (_, j) => (j % 2 === 0 ? token : signed).registerDmsKafkaInstance(plain(`${tag}r${next++}`))),
    );
    failures += results.filter((r) => r.status === "rejected").length;
  }
}

const fmt = (n) => n.toLocaleString("en-US");
const readings = [];
await calls(2000, -2000); // warm-up: the JIT, and the allocator's first growth
await registrations(64);
readings.push(reading("start (after 2 000 validate + build and 64 registrations to warm up)"));
await calls(CALLS / 2, 0);
readings.push(reading(`after ${fmt(CALLS / 2)} validate + build`));
await calls(CALLS / 2, CALLS / 2);
readings.push(reading(`after ${fmt(CALLS)} validate + build`));
await registrations(REGS / 2);
readings.push(reading(`then after ${fmt(REGS / 2)} registrations (32 in flight)`));
await registrations(REGS / 2);
readings.push(reading(`then after ${fmt(REGS)} registrations (32 in flight)`));
process.stdout.write(
  `MEMORY_RESULT ${JSON.stringify({ who: OURS ? "ours" : "baseline", readings, failures, gc: typeof globalThis.gc === "function", node: process.version })}\n`,
);
