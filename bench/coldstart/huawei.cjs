// Cold start of Huawei's Node core SDK (@huaweicloud/huaweicloud-sdk-core 3.1.211), copied into
// the directory where it was npm-installed. Ready to call = AK/SK BasicCredentials built and
// one request signed with the SDK's AKSKSigner (what HcClient does before every call; no
// network). The SDK's ClientBuilder cannot be used from a clean install: its
// http/DefaultUserAgent.js requires "uuid", which the package does not declare.
// Prints timings in ms (`start` is since the process's time origin).
const t0 = performance.now();
const { BasicCredentials } = require("@huaweicloud/huaweicloud-sdk-core");
const { AKSKSigner } = require("@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner");
const t1 = performance.now();
const projectId = "0123456789abcdef0123456789abcdef";
const credentials = new BasicCredentials().withAk("AKEXAMPLE0000000001").withSk("s".repeat(40)).withProjectId(projectId);
const headers = AKSKSigner.sign(
  {
    endpoint: `http://127.0.0.1:9/v2/${projectId}/lts/dms/kafka-instance`,
    method: "POST",
    headers: { "Content-Type": "application/json;charset=utf8", "X-Project-Id": projectId },
    queryParams: {},
    data: {
      instance_id: "3f4a92ff-7f65-489f-a36a-fadbaa0000a6",
      kafka_name: "kafka-prod",
      connect_info: { user_name: "lts", pwd: "kafka-password" },
    },
  },
  credentials,
);
const t2 = performance.now();
if (!String(headers.Authorization).startsWith("SDK-HMAC-SHA256")) process.exit(3);
process.stdout.write(JSON.stringify({ start: t0, load: t1 - t0, setup: t2 - t1, ready: t2 }));
