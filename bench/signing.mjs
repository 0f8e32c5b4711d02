// Signing throughput in Node: signed request previews per second (validate + build + sign,
// through the wasm boundary) against the same with a token (no signing), so the difference is
// what SDK-HMAC-SHA256 costs. `make build` first; run: node bench/signing.mjs [N]
import { LtsClient } from "../pkg/node.js";

const N = Number(process.argv[2] ?? 20000);
const base = { projectId: "0123456789abcdef0123456789abcdef", region: "cn-north-4" };
const body = {
  instance_id: "3f4a92ff-7f65-489f-a36a-fadbaa0000a6",
  kafka_name: "kafka-prod",
  connect_info: { user_name: "lts", pwd: "kafka-password" },
};
const clients = {
  token: new LtsClient({ ...base, credentials: { token: "t".repeat(4000) } }),
  "ak/sk": new LtsClient({ ...base, credentials: { ak: "AKEXAMPLE0000000001", sk: "s".repeat(40) } }),
};

function rate(client) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) client.buildRegisterDmsKafkaInstanceRequest(body);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return N / seconds;
}

for (const c of Object.values(clients)) rate(c); // warm up
const results = {};
for (let round = 0; round < 5; round++) {
  for (const [name, c] of Object.entries(clients)) (results[name] ??= []).push(rate(c));
}
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const token = median(results.token);
const signed = median(results["ak/sk"]);
console.log(`requests built per second, median of 5 rounds of ${N} (node ${process.version}):`);
console.log(`  token:  ${Math.round(token)}`);
console.log(`  ak/sk:  ${Math.round(signed)}  (signing costs ${((1 / signed - 1 / token) * 1e6).toFixed(2)} µs a request)`);
