// Cold start of lts-kafka in Node. Copied into a consumer directory where the packed tarball is
// installed, so `lts-kafka` resolves by name through the package's exports (the `node`
// condition: node.js reads and instantiates the wasm at import). Ready to call = a client
// constructed (AK/SK), a body validated, and one signed request built (the preview; no
// network). Prints timings in ms (`start` is since the process's time origin).
const t0 = performance.now();
const { LtsClient, validateRegisterDmsKafkaInstance } = await import("lts-kafka");
const t1 = performance.now();
const body = {
  instance_id: "3f4a92ff-7f65-489f-a36a-fadbaa0000a6",
  kafka_name: "kafka-prod",
  connect_info: { user_name: "lts", pwd: "kafka-password" },
};
const client = new LtsClient({
  projectId: "0123456789abcdef0123456789abcdef",
  endpoint: "http://127.0.0.1:9",
  credentials: { ak: "AKEXAMPLE0000000001", sk: "s".repeat(40) },
});
const issues = validateRegisterDmsKafkaInstance(body);
const request = client.buildRegisterDmsKafkaInstanceRequest(body);
const t2 = performance.now();
if (issues.length !== 0 || !request.headers.Authorization.startsWith("SDK-HMAC-SHA256")) process.exit(3);
process.stdout.write(JSON.stringify({ start: t0, load: t1 - t0, setup: t2 - t1, ready: t2 }));
