// A worker that imports lts-kafka by name (bundled with the `workerd` condition, as wrangler
// does: workerd.js instantiates the compiled wasm module at import) and, on its first request,
// constructs a client, validates a body and builds one signed request (no network).
import { LtsClient, validateRegisterDmsKafkaInstance } from "lts-kafka";

export default {
  fetch() {
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
    const ok = issues.length === 0 && request.headers.Authorization.startsWith("SDK-HMAC-SHA256");
    return new Response(JSON.stringify({ ok }), { headers: { "content-type": "application/json" } });
  },
};
