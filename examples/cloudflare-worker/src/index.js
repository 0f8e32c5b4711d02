// POST /onboard registers a DMS Kafka instance with LTS and delivers log streams to it, as a
// DMS transfer. It is safe to call again: the answer then says what already existed.
//
//   curl -X POST https://<worker>/onboard -H "Authorization: Bearer $ONBOARD_KEY" \
//     -d '{"instance":{"instance_id":"…","kafka_name":"…","connect_info":{}},
//          "log_group_id":"…","log_streams":[{"log_stream_id":"…"}],"kafka_topic":"lts-logs"}'
import { LtsClient, isLtsError } from "lts-kafka";

export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname !== "/onboard") {
      return Response.json({ error: "not found" }, { status: 404 });
    }
    if (request.method !== "POST") {
      return Response.json({ error: "use POST" }, { status: 405, headers: { allow: "POST" } });
    }
    // Whoever can call this route acts with the LTS credentials: only holders of the key may.
    if (!(await hasKey(request, env.ONBOARD_KEY))) {
      return Response.json({ error: "unauthorized" }, { status: 401 });
    }
    let input;
    try {
      input = await request.json();
    } catch {
      return Response.json({ error: "the body must be JSON" }, { status: 400 });
    }

    try {
      // LTS_ENDPOINT, when set, wins over LTS_REGION. An IAM token lasts 24 hours, so a
      // deployed worker is better given an access key pair (LTS_AK, LTS_SK) instead; setting
      // both, or half a pair, is refused with an error that says so.
      const client = new LtsClient({
        projectId: env.LTS_PROJECT_ID,
        endpoint: env.LTS_ENDPOINT,
        region: env.LTS_REGION,
        credentials: { token: env.LTS_TOKEN, ak: env.LTS_AK, sk: env.LTS_SK },
      });
      // The body is ensureKafkaTransfer's input as it is: the library checks every field
      // before anything is sent, and refuses unknown ones.
      const report = await client.ensureKafkaTransfer(input);
      // Not complete: a stream delivers to another instance or topic, or its transfer is not
      // enabled (report.streams says which).
      return Response.json(report, { status: report.complete ? 200 : 409 });
    } catch (e) {
      if (!isLtsError(e)) throw e;
      // An lts-kafka error never holds a credential or the Kafka password.
      const { name, code, status, message, requestId, step, issues } = e;
      const error = { name, code, status, message, requestId, step, issues };
      const answer = name === "LtsValidationError" ? 400 : name === "LtsConfigError" ? 500 : 502;
      return Response.json({ error }, { status: answer });
    }
  },
};

/** Whether the request carries `Authorization: Bearer <key>`, compared in constant time. */
async function hasKey(request, key) {
  if (!key) return false;
  const digest = (text) => crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  const given = await digest(request.headers.get("authorization") ?? "");
  return crypto.subtle.timingSafeEqual(given, await digest(`Bearer ${key}`));
}
